"""Writes scipy_gaussian_fields.json: log-densities, zero-sum transform values and draws of
ZeroSumNormal, ICAR and CAR (issue #17, part f), from Debian 12's SciPy 1.10 / NumPy 1.24.

logp references (each checked here against a second, independent form):
- ZeroSumNormal: the normal density on the zero-sum subspace, -d/2 log(2 pi sigma^2) -
  |x|^2 / (2 sigma^2), d = prod(K - 1) over the zero-sum axes' lengths K; checked against
  scipy.stats.multivariate_normal(0, sigma^2 kron(I - J/K ...), allow_singular=True), whose
  pseudo-determinant and rank give the same density;
- ICAR: -1/(2 sigma^2) sum over edges i < j of (x_i - x_j)^2 plus
  scipy.stats.norm(0, zero_sum_stdev N).logpdf(sum(x)) (PyMC's formula);
- CAR: PyMC's density, which is scipy.stats.multivariate_normal(mu, Q^-1).logpdf(x) with
  Q = tau (D - alpha W) plus N/2 log(2 pi) and minus log det(D) / 2; written here as
  (N log tau + slogdet(D - alpha W) - sum log D - tau d'(D - alpha W)d) / 2 and checked
  against SciPy.

The zero-sum transform: PyMC's extend_axis_rev along axis -n, ..., -1 (NumPy here), with its
inverse checked to round-trip.

Draws (seeded as kiln's random_generator_shared(seed), i.e. np.random.default_rng(seed)):
ZeroSumNormal as PyMC's rv (rng.normal(0, sigma, shape), then the mean along the last axis
subtracted, then along the next-to-last); CAR as PyTensor's multivariate_normal(mu, Q^-1,
method="cholesky"): mu + z @ cholesky(inv(Q)).T with z = rng.normal(size=(size, N)).

Run: /usr/bin/python3 scipy_gaussian_fields.py   (writes scipy_gaussian_fields.json beside itself)
"""
import json
import math
import os

import numpy as np
import scipy
from scipy import stats

assert scipy.__version__.startswith("1.10"), scipy.__version__
assert np.__version__.startswith("1.24"), np.__version__
rng = np.random.default_rng(20261218)
cases, transforms, draws = [], [], []


def add(dist, params, value, logp):
    cases.append({"dist": dist, "params": params, "value": np.asarray(value).tolist(), "logp": float(logp)})


def close(a, b, rtol=1e-10):
    assert abs(a - b) <= rtol * max(1.0, abs(b)), (a, b)


def zero_sum(x, n):
    for axis in range(n):
        x = x - x.mean(axis=-axis - 1, keepdims=True)
    return x


def centering(k):
    return np.eye(k) - np.ones((k, k)) / k


# ZeroSumNormal: one and two zero-sum axes, bulk and tails.
for shape, n, sigma, scale in [((4,), 1, 1.0, 1.0), ((5,), 1, 0.3, 4.0), ((2,), 1, 2.5, 1.0),
                               ((3, 4), 2, 1.7, 1.0), ((2, 3), 2, 0.5, 6.0), ((4, 5), 1, 1.2, 2.0)]:
    x = zero_sum(scale * sigma * rng.normal(size=shape), n)
    support = shape[-n:]
    d = math.prod(k - 1 for k in support)
    logp = -d / 2 * math.log(2 * math.pi * sigma**2) - (x**2).sum(axis=tuple(range(-n, 0))) / (2 * sigma**2)
    cov = sigma**2 * centering(support[0])
    for k in support[1:]:
        cov = np.kron(cov, centering(k))
    batch = x.reshape(-1, math.prod(support))
    for lp, row in zip(np.ravel(logp), batch):
        close(lp, stats.multivariate_normal(np.zeros(row.size), cov, allow_singular=True).logpdf(row))
    cases.append({"dist": "ZeroSumNormal", "params": {"sigma": sigma, "n_zerosum_axes": n}, "shape": list(shape),
                  "value": x.ravel().tolist(), "logp": np.ravel(logp).tolist()})


def extend_axis_rev(x, axis):
    n = x.shape[axis]
    last = np.take(x, [-1], axis=axis)
    norm = -last * np.sqrt(n) / (np.sqrt(n) + n)
    return np.delete(x, -1, axis=axis) + norm


def extend_axis(y, axis):
    n = y.shape[axis] + 1
    s = y.sum(axis=axis, keepdims=True)
    norm = s / (np.sqrt(n) + n)
    return np.concatenate([y, norm - s / np.sqrt(n)], axis=axis) - norm


for shape, n in [((5,), 1), ((3, 4), 2), ((2, 4), 1)]:
    x = zero_sum(rng.normal(size=shape), n)
    y = x
    for axis in range(-n, 0):
        y = extend_axis_rev(y, axis)
    back = y
    for axis in range(-n, 0):
        back = extend_axis(back, axis)
    assert np.allclose(back, x, rtol=0, atol=1e-14)
    transforms.append({"shape": list(shape), "n_zerosum_axes": n, "x": x.ravel().tolist(),
                       "y_shape": list(y.shape), "y": y.ravel().tolist()})

# A 5-area graph (a ring 0-1-2-3-0 and area 4 joined to 0 and 2), and a 3-area path.
W5 = np.zeros((5, 5))
for i, j in [(0, 1), (1, 2), (2, 3), (3, 0), (4, 0), (4, 2)]:
    W5[i, j] = W5[j, i] = 1
W3 = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], dtype=float)

# ICAR
for W, sigma, zss, scale in [(W5, 1.0, 0.001, 1.0), (W5, 0.4, 0.01, 3.0), (W3, 2.0, 0.001, 1.0)]:
    N = W.shape[0]
    x = scale * rng.normal(size=N)
    x = x - x.mean() + 0.002 * rng.normal()  # nearly zero-sum, as a sampler keeps it
    edges = [(i, j) for i in range(N) for j in range(i) if W[i, j] == 1]
    logp = -sum((x[i] - x[j]) ** 2 for i, j in edges) / (2 * sigma**2) + stats.norm(0, zss * N).logpdf(x.sum())
    add("ICAR", {"W": W.tolist(), "sigma": sigma, "zero_sum_stdev": zss}, x, logp)


def car_logp(x, mu, W, alpha, tau):
    D = W.sum(axis=0)
    A = np.diag(D) - alpha * W
    d = x - mu
    return 0.5 * (W.shape[0] * math.log(tau) + np.linalg.slogdet(A)[1] - np.log(D).sum() - tau * d @ A @ d)


# CAR
for W, alpha, tau, scale in [(W5, 0.5, 2.0, 1.0), (W5, -0.7, 0.3, 3.0), (W5, 0.99, 1.0, 1.0), (W3, 0.2, 5.0, 0.5)]:
    N = W.shape[0]
    mu = rng.normal(size=N)
    x = mu + scale * rng.normal(size=N)
    logp = car_logp(x, mu, W, alpha, tau)
    Q = tau * (np.diag(W.sum(axis=0)) - alpha * W)
    close(logp, stats.multivariate_normal(mu, np.linalg.inv(Q)).logpdf(x) + N / 2 * math.log(2 * math.pi)
          - 0.5 * np.log(W.sum(axis=0)).sum())
    add("CAR", {"mu": mu.tolist(), "W": W.tolist(), "alpha": alpha, "tau": tau}, x, logp)

# Draws
g = np.random.default_rng(31)
draws.append({"dist": "ZeroSumNormal", "params": {"sigma": 1.5, "n_zerosum_axes": 1, "support_shape": [4]}, "seed": 31,
              "size": [3], "values": zero_sum(g.normal(0, 1.5, size=(3, 4)), 1).ravel().tolist()})
g = np.random.default_rng(32)
draws.append({"dist": "ZeroSumNormal", "params": {"sigma": 0.7, "n_zerosum_axes": 2, "support_shape": [3, 4]}, "seed": 32,
              "size": [2], "values": zero_sum(g.normal(0, 0.7, size=(2, 3, 4)), 2).ravel().tolist()})
mu = rng.normal(size=5)
Q = 2.0 * (np.diag(W5.sum(axis=0)) - 0.6 * W5)
g = np.random.default_rng(33)
z = g.normal(size=(4, 5))
draws.append({"dist": "CAR", "params": {"mu": mu.tolist(), "W": W5.tolist(), "alpha": 0.6, "tau": 2.0}, "seed": 33,
              "size": [4], "values": (mu + z @ np.linalg.cholesky(np.linalg.inv(Q)).T).ravel().tolist()})

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scipy_gaussian_fields.json")
with open(out, "w") as f:
    json.dump({"logp": cases, "transforms": transforms, "draws": draws}, f, indent=1)
print(len(cases), "logp cases,", len(transforms), "transforms,", len(draws), "draw cases ->", out)
