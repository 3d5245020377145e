"""Native calls release the GIL: a second Python thread keeps running while a long kiln call
(a compiled function, eval, draws) runs in another."""
import threading
import time

import numpy as np

import kiln
import kiln.pm as pm
import kiln.tensor as at


def longest_pause_while(call):
    """Runs `call` in a thread; returns (its duration, the longest gap between this thread's
    loop iterations meanwhile). A call holding the GIL would stall this thread throughout."""
    done = threading.Event()
    duration = []

    def worker():
        start = time.perf_counter()
        call()
        duration.append(time.perf_counter() - start)
        done.set()

    thread = threading.Thread(target=worker)
    last = time.perf_counter()
    longest = 0.0
    thread.start()
    while not done.is_set():
        now = time.perf_counter()
        longest = max(longest, now - last)
        last = now
    thread.join()
    return duration[0], longest


def test_a_long_compiled_call_lets_another_thread_run():
    x = at.vector(name="x")
    f = kiln.function([x], at.sum(at.log1p(at.exp(at.sin(x)))))
    v = np.linspace(0, 1, 5_000_000)
    f(v)
    duration, pause = longest_pause_while(lambda: [f(v) for _ in range(5)])
    # Python's switch interval is 5 ms; a held GIL would pause this thread for whole calls.
    assert duration > 0.05, "the call is too short to tell"
    assert pause < duration / 3, f"other thread stalled {pause:.3f} s of a {duration:.3f} s call"


def test_draws_let_another_thread_run():
    y = pm.Normal.dist(mu=0, sigma=1, size=(1000,))
    pm.draw(y, draws=2)
    duration, pause = longest_pause_while(lambda: pm.draw(y, draws=20_000))
    assert duration > 0.05, "the call is too short to tell"
    assert pause < duration / 3, f"other thread stalled {pause:.3f} s of a {duration:.3f} s call"
