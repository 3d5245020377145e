"""Writes linalg_reference.json: values of kiln's linear algebra ops and pm.math functions from
NumPy 1.24 and SciPy 1.10 (Debian 12's python3-numpy and python3-scipy), on fixed random
matrices: symmetric positive-definite, general, triangular, and vectors and matrices of
right-hand sides.

Each case: the function's name, its arguments (nested lists, row-major), its options, and the
expected outputs (a list: one entry per output).

Run: /usr/bin/python3 linalg_reference.py   (writes linalg_reference.json beside itself)
"""
import json
import os

import numpy as np
import scipy
import scipy.linalg
import scipy.special

assert scipy.__version__.startswith("1.10"), scipy.__version__

rng = np.random.default_rng(20261206)
cases = []


def add(fn, args, outputs, **options):
    cases.append({"fn": fn, "args": [np.asarray(a, dtype=float).tolist() for a in args], "options": options,
                  "outputs": [np.asarray(o, dtype=float).tolist() for o in outputs]})


# Orders 1-6 take the row-by-row triangular solve with several right-hand sides, 8 dtrsm.
for n in (1, 3, 6, 8):
    g = rng.normal(size=(n, n))
    spd = g @ g.T + n * np.eye(n)
    general = rng.normal(size=(n, n)) + 0.5 * np.eye(n)
    lower = np.tril(rng.normal(size=(n, n))) + 2 * np.eye(n)
    upper = np.triu(rng.normal(size=(n, n))) + 2 * np.eye(n)
    b = rng.normal(size=n)
    rhs = rng.normal(size=(n, 2))
    # NumPy and SciPy read one triangle only: garbage in the other must not matter.
    spd_lower_only = np.tril(spd) + np.triu(rng.normal(size=(n, n)), 1)

    add("cholesky", [spd], [np.linalg.cholesky(spd)], lower=True)
    add("cholesky", [spd_lower_only], [scipy.linalg.cholesky(spd_lower_only, lower=True)], lower=True)
    add("cholesky", [spd], [scipy.linalg.cholesky(spd, lower=False)], lower=False)
    for rhs_ in (b, rhs):
        add("solve", [general, rhs_], [scipy.linalg.solve(general, rhs_)])
        add("solve_triangular", [lower, rhs_], [scipy.linalg.solve_triangular(lower, rhs_, lower=True)],
            lower=True, trans=False)
        add("solve_triangular", [lower, rhs_], [scipy.linalg.solve_triangular(lower, rhs_, lower=True, trans=1)],
            lower=True, trans=True)
        add("solve_triangular", [upper, rhs_], [scipy.linalg.solve_triangular(upper, rhs_, lower=False)],
            lower=False, trans=False)
        add("solve_triangular", [upper, rhs_], [scipy.linalg.solve_triangular(upper, rhs_, lower=False, trans=1)],
            lower=False, trans=True)
    add("matrix_inverse", [general], [np.linalg.inv(general)])
    add("matrix_inverse", [spd], [np.linalg.inv(spd)])
    add("det", [general], [np.linalg.det(general)])
    add("det", [spd], [np.linalg.det(spd)])
    sign, logdet = np.linalg.slogdet(general)
    add("slogdet", [general], [sign, logdet])
    add("eigvalsh", [spd], [np.linalg.eigvalsh(spd)])
    add("eigvalsh", [spd_lower_only], [np.linalg.eigvalsh(spd_lower_only, UPLO="L")])
    add("eigvalsh", [general + general.T], [np.linalg.eigvalsh(general + general.T)])
    add("kron", [general, rng.normal(size=(2, 3))], [None])
    cases[-1]["outputs"] = [np.kron(*[np.asarray(a) for a in cases[-1]["args"]]).tolist()]
    add("kron", [b, rng.normal(size=2)], [None])
    cases[-1]["outputs"] = [np.kron(*[np.asarray(a) for a in cases[-1]["args"]]).tolist()]

# A singular matrix: det 0, slogdet (0, -inf) as NumPy.
singular = np.array([[1.0, 2.0], [2.0, 4.0]])
cases.append({"fn": "slogdet", "args": [singular.tolist()], "options": {}, "outputs": [0.0, "-inf"]})
cases.append({"fn": "det", "args": [singular.tolist()], "options": {}, "outputs": [0.0]})

x = rng.normal(size=(3, 4)) * 30
add("logsumexp", [x], [scipy.special.logsumexp(x)])
add("logsumexp", [x], [scipy.special.logsumexp(x, axis=1)], axis=1)
add("logsumexp", [x], [scipy.special.logsumexp(x, axis=0, keepdims=True)], axis=0, keepdims=True)
add("logsumexp", [[1000.0, 1000.0, -5.0]], [scipy.special.logsumexp([1000.0, 1000.0, -5.0])])
p = np.array([1e-10, 0.2, 0.5, 0.9, 1 - 1e-9])
add("logit", [p], [scipy.special.logit(p)])
z = np.array([-40.0, -3.0, 0.0, 2.5, 30.0])
add("invlogit", [z], [scipy.special.expit(z)])
a = np.array([0.0, 3.0, -2.0, 10.0])
bb = np.array([-1.0, 2.9999, -30.0, -1e-3])
# In 80-bit long double: exp(a) - exp(b) directly, an oracle independent of log1mexp's formula.
wide = np.log(np.exp(a.astype(np.longdouble)) - np.exp(bb.astype(np.longdouble)))
add("logdiffexp", [a, bb], [wide.astype(float)])

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "linalg_reference.json"), "w") as f:
    json.dump({"generator": "linalg_reference.py", "numpy": np.__version__, "scipy": scipy.__version__,
               "cases": cases}, f)
    f.write("\n")
