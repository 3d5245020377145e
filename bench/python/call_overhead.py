"""The per-call overhead of calling a compiled kiln function from Python: ``f(x, y)`` on small
arrays (the issue's floor: <= 2 µs; PyTensor's is about 4.9 µs, 1.5 µs with trust_input),
beside the same call in NumPy and kiln's native allocation-free path, measured in one run.

    PYTHONPATH=build/python /usr/bin/python3 -m kiln.bench bench/python/call_overhead.py
"""
import numpy as np

import kiln
import kiln.bench
import kiln.tensor as at

FLOOR_SECONDS = 2e-6

x, y = at.vector(name="x"), at.vector(name="y")
f = kiln.function([x, y], x + y)
f_trusted = kiln.function([x, y], x + y, trust_input=True)
xv, yv = np.linspace(1, 2, 8), np.linspace(2, 3, 8)

timing = kiln.bench.timeit(f, xv, yv, name="f(x, y) = x + y, 8 elements")


def pytensor_add(pytensor):
    px, py = pytensor.tensor.vector("x"), pytensor.tensor.vector("y")
    return pytensor.function([px, py], px + py)


kiln.bench.compare(
    {"kiln f(x, y)": f, "kiln trust_input": f_trusted, "numpy x + y": np.add,
     "pytensor": kiln.bench.optional("pytensor", pytensor_add)},
    xv, yv, title="per-call time of f(x, y) on 8-element vectors")

median = timing.python_call.median
print(f"Python call of f(x, y): {median * 1e6:.3f} µs (floor {FLOOR_SECONDS * 1e6:.1f} µs: "
      f"{'met' if median <= FLOOR_SECONDS else 'NOT met'}); native path {timing.call.median * 1e6:.3f} µs")
