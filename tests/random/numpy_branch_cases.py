"""Writes numpy_branch_cases.json: NumPy 1.24 Generator draws for the branches that
shared/reference/numpy_pcg64.json does not reach (ziggurat tails, gamma below 1, Johnk's beta,
PTRS for large lam, BTPE, 64-bit and full 32-bit integer ranges, weighted choice, 32-bit
buffering between calls, shaped sizes). Long runs are kept as a digest, so every draw is
still compared exactly.

Run with NumPy 1.24 (Debian 12's python3-numpy): python3 numpy_branch_cases.py
"""
import json
import struct

import numpy as np

assert np.__version__.startswith("1.24"), np.__version__

FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3


def digest(values, is_float):
    """FNV-1a over each value's 8 little-endian bytes (double bits, or two's complement)."""
    h = FNV_OFFSET
    for v in values:
        for byte in struct.pack("<d", v) if is_float else struct.pack("<Q", v & 0xFFFFFFFFFFFFFFFF):
            h = ((h ^ byte) * FNV_PRIME) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h


def case(name, seed, method, args, count, draw):
    values = [v.item() for v in np.asarray(draw(np.random.default_rng(seed))).ravel()]
    assert len(values) == count
    is_float = isinstance(values[0], float)
    return {"name": name, "seed": seed, "method": method, "args": args, "count": count,
            "first": values[:8], "digest": digest(values, is_float)}


def sized(method, args, count):
    return lambda g: getattr(g, method)(*args, size=count)


cases = []
# Seeds of two 32-bit words, up to the largest uint64.
for seed in [2**32, 2**64 - 1, 123456789012345678]:
    cases.append(case(f"random_raw seed {seed}", seed, "random_raw", [], 50,
                      lambda g: g.bit_generator.random_raw(50)))
# The tails (box 0) are reached about once in 4000 draws; these runs include draws where the
# tail's log1p(-U) and log(1 - U) round differently, so a near-miss formula fails.
cases.append(case("standard_normal tails", 42, "standard_normal", [], 120000,
                  sized("standard_normal", [], 120000)))
cases.append(case("standard_exponential tails", 0, "standard_exponential", [], 320000,
                  sized("standard_exponential", [], 320000)))
cases.append(case("exponential scale 2.5", 3, "exponential", [2.5], 1000, sized("exponential", [2.5], 1000)))
for shape in [0.0, 0.001, 0.1, 0.5, 1.0, 30.0]:
    cases.append(case(f"standard_gamma {shape}", 4, "standard_gamma", [shape], 20000,
                      sized("standard_gamma", [shape], 20000)))
for a, b in [(0.5, 0.5), (0.001, 0.001), (0.3, 5.0), (1.0, 1.0), (0.5, 2.0)]:
    cases.append(case(f"beta {a} {b}", 5, "beta", [a, b], 20000, sized("beta", [a, b], 20000)))
for lam in [0.0, 0.5, 9.99, 10.0, 1000.0, 1e6, 1e12]:
    cases.append(case(f"poisson {lam}", 6, "poisson", [lam], 20000, sized("poisson", [lam], 20000)))
for n, p in [(100, 0.5), (1000, 0.3), (1000, 0.7), (10**9, 0.4), (2**62, 0.5), (50, 0.9), (0, 0.5), (10, 0.0),
             (10, 1.0), (100000, 0.0001), (500, 0.06), (61, 0.5), (2000000, 0.5), (200, 0.2)]:
    cases.append(case(f"binomial {n} {p}", 7, "binomial", [n, p], 20000, sized("binomial", [n, p], 20000)))
for low, high in [(-5, 5), (0, 1), (0, 7), (0, 2**31), (0, 3 * 10**9), (0, 2**32), (0, 2**32 + 1),
                  (0, 2**33), (10**12, 10**12 + 3), (0, 6 * 10**18), (-2**63, 2**63 - 1),
                  (-2**63, -2**63 + 5), (2**63 - 10, 2**63 - 1), (-1, 2**32 - 1)]:
    cases.append(case(f"integers {low} {high}", 8, "integers", [low, high], 10000,
                      sized("integers", [low, high], 10000)))
cases.append(case("choice 5", 9, "choice", [5], 1000, sized("choice", [5], 1000)))
for p in [[0.1, 0.2, 0.3, 0.4], [0.5, 0.0, 0.25, 0.25]]:
    cases.append(case(f"choice p {p}", 9, "choice_p", p, 1000,
                      lambda g, p=p: g.choice(len(p), size=1000, p=p)))


def interleaved(g):
    # One scalar call at a time, so the 32-bit half kept by integers() carries across calls.
    draws = [lambda: g.integers(0, 10), g.random, lambda: g.integers(0, 1000), g.standard_normal,
             lambda: g.integers(0, 2**40)]
    return [float(draws[i % 5]()) for i in range(3000)]


cases.append(case("interleaved scalar calls", 10, "interleaved", [], 3000, interleaved))
shaped = {"name": "normal shape (2, 3, 4)", "seed": 11, "method": "normal", "args": [1.0, 2.0],
          "shape": [2, 3, 4],
          "values": np.random.default_rng(11).normal(1.0, 2.0, size=(2, 3, 4)).ravel().tolist()}

with open("numpy_branch_cases.json", "w") as f:
    json.dump({"numpy_version": np.__version__, "cases": cases, "shaped": shaped}, f, indent=1)
    f.write("\n")
