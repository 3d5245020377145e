"""kiln.bench.compare of log(x + y) at N = 1e6 against NumPy (and PyTensor when installed),
in one interleaved run; CTest runs it as a smoke test of the harness.

    PYTHONPATH=build/python /usr/bin/python3 -m kiln.bench bench/python/compare_log_x_plus_y.py
"""
import os

import numpy as np

import kiln
import kiln.bench
import kiln.tensor as at

N = 1_000_000
ROUNDS = int(os.environ.get("KILN_BENCH_ROUNDS", "15"))

x, y = at.vector(name="x"), at.vector(name="y")
f = kiln.function([x, y], at.log(x + y))
xv = np.random.default_rng(0).uniform(0.5, 2.0, N)
yv = np.random.default_rng(1).uniform(0.5, 2.0, N)
np.testing.assert_allclose(f(xv, yv), np.log(xv + yv), rtol=1e-14)


def pytensor_log_x_plus_y(pytensor):
    px, py = pytensor.tensor.vector("x"), pytensor.tensor.vector("y")
    return pytensor.function([px, py], pytensor.tensor.log(px + py))


kiln.bench.timeit(f, xv, yv, batches=10, name="log(x + y), N = 1e6")
kiln.bench.compare({"kiln": f, "numpy": lambda a, b: np.log(a + b),
                    "pytensor": kiln.bench.optional("pytensor", pytensor_log_x_plus_y)},
                   xv, yv, rounds=ROUNDS, title="log(x + y), N = 1e6")
