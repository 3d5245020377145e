"""Writes batch_draw_cases.json: NumPy 1.24 Generator(PCG64) values for the draws compiled code
makes one batch element at a time (jit/lower/batch_draws.cpp), with batched and broadcast params.
Each case draws from default_rng(seed) as kiln's reference orders the draws: batch elements in C
order; per element, categorical = searchsorted(cumsum(p), random()), the normal mixture's
component then its normal, Censored = clip(normal), Truncated = normal redrawn until inside;
beta-binomial = binomial(n, beta(a, b, size)), every beta first (Aesara's rng_fn).

Run with Debian 12's NumPy: /usr/bin/python3 batch_draw_cases.py
"""
import json

import numpy as np

assert np.__version__.startswith("1.24"), np.__version__


def categorical(rng, p):
    return int(np.searchsorted(np.cumsum(p), rng.random(), side="left"))


def dirichlet_batched(rng):
    alpha = np.array([[1.0, 2.0, 3.0], [0.05, 0.08, 0.02]])
    return [rng.dirichlet(alpha[b]).tolist() for b in range(2)]


def dirichlet_broadcast(rng):  # alpha (3,) with size (2, 2)
    return [rng.dirichlet([0.5, 1.5, 4.0]).tolist() for _ in range(4)]


def multinomial_batched(rng):  # n (3,), p (3,)
    return [rng.multinomial(n, [0.2, 0.3, 0.5]).tolist() for n in (5, 20, 0)]


def categorical_batched(rng):  # p (2, 3)
    p = [[0.1, 0.2, 0.7], [0.6, 0.3, 0.1]]
    return [categorical(rng, p[b]) for b in range(2)]


def mvnormal_batched_mean(rng):  # mean (2, 2), cov (2, 2) shared
    mean = [[1.0, 2.0], [-1.0, 0.5]]
    cov = [[2.0, 0.5], [0.5, 1.0]]
    return [rng.multivariate_normal(mean[b], cov, method="cholesky").tolist() for b in range(2)]


def mvnormal_batched_cov(rng):  # mean (2,), cov (2, 2, 2)
    cov = [[[2.0, 0.5], [0.5, 1.0]], [[1.0, -0.3], [-0.3, 0.5]]]
    return [rng.multivariate_normal([0.0, 1.0], cov[b], method="cholesky").tolist() for b in range(2)]


def normal_mixture(rng):  # w, mu, sigma (3,), size (5,)
    w, mu, sigma = [0.2, 0.5, 0.3], [-5.0, 0.0, 5.0], [1.0, 0.5, 2.0]
    out = []
    for _ in range(5):
        c = categorical(rng, w)
        out.append(rng.normal(mu[c], sigma[c]))
    return out


def censored_normal(rng):  # normal(0, 2) clipped to [-1, 1.5], size (8,)
    return np.clip(rng.normal(0.0, 2.0, size=8), -1.0, 1.5).tolist()


def truncated_normal(rng):  # normal(0, 2) redrawn until inside [-1, 1.5], size (8,)
    out = []
    for _ in range(8):
        x = rng.normal(0.0, 2.0)
        while x < -1.0 or x > 1.5:
            x = rng.normal(0.0, 2.0)
        out.append(x)
    return out


def betabinom_batched(rng):  # n (3,), a, b scalars
    n = np.array([10, 3, 50])
    return rng.binomial(n, rng.beta(2.0, 3.0, size=3)).tolist()


CASES = [dirichlet_batched, dirichlet_broadcast, multinomial_batched, categorical_batched,
         mvnormal_batched_mean, mvnormal_batched_cov, normal_mixture, censored_normal,
         truncated_normal, betabinom_batched]

if __name__ == "__main__":
    cases = {}
    for seed in (42, 7):
        for f in CASES:
            values = np.asarray(f(np.random.default_rng(seed)))
            cases["%s_%d" % (f.__name__, seed)] = values.ravel().tolist()
    with open("batch_draw_cases.json", "w") as out:
        json.dump({"numpy_version": np.__version__, "cases": cases}, out, indent=1)
        out.write("\n")
