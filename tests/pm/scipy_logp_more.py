"""Writes scipy_logp_more.json: references for the distributions of issue #17's part d
(HyperGeometric, DirichletMultinomial, StickBreakingWeights, OrderedMultinomial, Mixture, ...), in
PyMC's parameterizations, and NumPy 1.24 draws (Debian 12's python3-numpy) for the ones NumPy
samples.

HyperGeometric's pmf is rational: its logpmf and logcdf are the logs of exact fractions (mpmath,
60 digits), so the tails have every digit; each bulk value is checked against SciPy 1.10's
hypergeom first, which pins the parameterization (SciPy's M, n, N are PyMC's N, k, n).

Run: /usr/bin/python3 scipy_logp_more.py   (writes scipy_logp_more.json beside itself)
"""
import json
import math
import os
from fractions import Fraction

import mpmath as mp
import numpy as np
import scipy
from scipy import stats

assert scipy.__version__.startswith("1.10"), scipy.__version__
assert np.__version__.startswith("1.24"), np.__version__
mp.mp.dps = 60

cases = []
draws = []


def number(x):
    x = float(x)
    if math.isinf(x):
        return "-inf" if x < 0 else "inf"
    return "nan" if math.isnan(x) else x


def add(dist, params, value, logp, logcdf):
    cases.append({"dist": dist, "params": params, "value": value, "logp": number(logp),
                  "logcdf": None if logcdf is None else number(logcdf)})


def log_fraction(f):
    return -math.inf if f == 0 else float(mp.log(mp.mpf(f.numerator) / f.denominator))


def hypergeom_pmf(x, N, k, n):
    if x < max(0, n - (N - k)) or x > min(k, n):
        return Fraction(0)
    return Fraction(math.comb(k, x) * math.comb(N - k, n - x), math.comb(N, n))


def hypergeometric(N, k, n, values):
    for x in values:
        pmf = hypergeom_pmf(x, N, k, n)
        cdf = sum((hypergeom_pmf(j, N, k, n) for j in range(0, x + 1)), Fraction(0))
        logp, logcdf = log_fraction(pmf), log_fraction(cdf)
        if 1e-6 < pmf < 1 - 1e-6:
            assert abs(stats.hypergeom.logpmf(x, N, k, n) - logp) < 1e-9 * abs(logp), (N, k, n, x)
        add("HyperGeometric", {"N": N, "k": k, "n": n}, x, logp, logcdf)


hypergeometric(20, 7, 12, [-1, 0, 1, 3, 5, 7, 8, 12])
hypergeometric(50, 10, 5, [0, 1, 2, 4, 5, 6])
hypergeometric(1000, 300, 400, [0, 60, 90, 100, 120, 120, 140, 170, 200, 300, 301])
hypergeometric(600, 590, 30, [19, 20, 25, 29, 30])
hypergeometric(9, 9, 4, [3, 4])


def hypergeometric_draws(N, k, n, seed, size):
    values = np.random.default_rng(seed).hypergeometric(k, N - k, n, size=size)
    draws.append({"dist": "HyperGeometric", "params": {"N": N, "k": k, "n": n}, "seed": seed,
                  "values": [int(v) for v in values]})


# The item-by-item walk (sample < 10 or within 10 of the whole), and HRUA with the table's
# log-factorials and with Stirling's series (populations beyond 126).
hypergeometric_draws(12, 7, 4, 42, 20)
hypergeometric_draws(30, 12, 25, 7, 20)
hypergeometric_draws(60, 25, 30, 42, 50)
hypergeometric_draws(500, 300, 150, 3, 50)
hypergeometric_draws(100000, 2000, 40000, 11, 50)



# DirichletMultinomial (SciPy 1.10 has none): PyMC's pmf
#   n! Gamma(sum a) / Gamma(n + sum a) prod_k Gamma(x_k + a_k) / (x_k! Gamma(a_k))
# at 60 digits with mpmath's loggamma; with two classes it is BetaBinomial(n, a_0, a_1) of x_0,
# which SciPy has: each two-class value is checked against betabinom.logpmf first. The formula
# in float64 (PyMC's, with SciPy's gammaln) must agree to 1e-12 too: at large n its terms
# cancel (gammaln(5001) ~ 4e4), so a value whose logp is near 0 (n = 5000, x = (0, 20, 4980):
# -3.9, off by 4e-12 relative in float64) would ask more of the formula than doubles hold.
def dirichlet_multinomial(n, a, values):
    for x in values:
        if any(v < 0 for v in x) or sum(x) != n:
            logp = -math.inf
        else:
            A = sum(mp.mpf(v) for v in a)
            logp = mp.loggamma(n + 1) + mp.loggamma(A) - mp.loggamma(n + A)
            for xk, ak in zip(x, a):
                logp += mp.loggamma(xk + mp.mpf(ak)) - mp.loggamma(xk + 1) - mp.loggamma(mp.mpf(ak))
            A64, x64, a64 = sum(a), np.asarray(x), np.asarray(a)
            float64 = (scipy.special.gammaln(n + 1) + scipy.special.gammaln(A64) - scipy.special.gammaln(n + A64)
                       + np.sum(scipy.special.gammaln(x64 + a64) - (scipy.special.gammaln(x64 + 1)
                                                                   + scipy.special.gammaln(a64))))
            assert abs(float64 - float(logp)) < 1e-12 * abs(float(logp)), (n, a, x)
            if len(a) == 2:
                scipy_logp = stats.betabinom.logpmf(x[0], n, a[0], a[1])
                assert abs(scipy_logp - float(logp)) < 1e-12 * abs(float(logp)), (n, a, x)
        add("DirichletMultinomial", {"n": n, "a": a}, x, float(logp), None)


dirichlet_multinomial(10, [0.5, 1.5, 3.0], [[3, 3, 4], [10, 0, 0], [0, 0, 10], [1, 2, 7], [2, 2, 2], [-1, 5, 6]])
dirichlet_multinomial(200, [20.0, 0.1], [[199, 1], [100, 100], [0, 200]])
dirichlet_multinomial(5000, [0.01, 2.0, 300.0], [[10, 40, 4950], [2500, 0, 2500], [5000, 0, 0]])


def dirichlet_multinomial_draws(n, a, seed, size=None):
    """PyMC 5's DirichletMultinomialRV: p = dirichlet(a, size) for every batch element, then
    multinomial(n, p, size); PyTensor's rng_fns draw batched parameters one element at a time."""
    rng = np.random.default_rng(seed)
    n_arr, a_arr = np.asarray(n), np.asarray(a, dtype=float)
    batch = tuple(size) if size is not None else np.broadcast_shapes(n_arr.shape, a_arr.shape[:-1])
    a_b = np.broadcast_to(a_arr, batch + a_arr.shape[-1:])
    p = np.empty(a_b.shape)
    for idx in np.ndindex(*batch):
        p[idx] = rng.dirichlet(a_b[idx])
    n_b = np.broadcast_to(n_arr, batch)
    values = np.empty(p.shape, dtype=np.int64)
    for idx in np.ndindex(*batch):
        values[idx] = rng.multinomial(n_b[idx], p[idx])
    draws.append({"dist": "DirichletMultinomial", "params": {"n": n, "a": a}, "seed": seed, "size": size,
                  "values": values.tolist()})


dirichlet_multinomial_draws(10, [0.5, 1.5, 3.0], 42, [6])
dirichlet_multinomial_draws(500, [2.0, 2.0, 0.3, 7.0], 5, [4])
dirichlet_multinomial_draws([7, 30], [[0.5, 1.5, 3.0], [4.0, 0.05, 1.0]], 9)
dirichlet_multinomial_draws([7, 30], [1.0, 2.0, 3.0], 11, [3, 2])


# StickBreakingWeights (no SciPy counterpart): PyMC's density
#   -sum_j log(sum_{i >= j} x_i) - K log B(1, alpha) + alpha log x_K, at 60 digits.
# Outside the support (a weight outside (0, 1), weights not summing to 1 within allclose's
# 1e-8 + 1e-5, or K + 1 != the length) it is -inf; PyMC 5 tests "x <= 0 and x >= 1" (never
# true) and takes the log of a zero weight, a NaN, where kiln follows its documented support.
def stick_breaking(alpha, K, values):
    for x in values:
        xs = [mp.mpf(v) for v in x]
        if len(x) != K + 1 or any(v <= 0 or v >= 1 for v in x) or abs(sum(x) - 1) > 1e-8 + 1e-5:
            logp = -math.inf
        else:
            logp = (-sum(mp.log(sum(xs[j:])) for j in range(K + 1)) - K * mp.log(mp.beta(1, alpha))
                    + alpha * mp.log(xs[-1]))
        add("StickBreakingWeights", {"alpha": alpha, "K": K}, x, float(logp), None)


stick_breaking(2.5, 3, [[0.4, 0.3, 0.2, 0.1], [0.7, 0.1, 0.1, 0.1], [0.05, 0.05, 0.05, 0.85],
                        [0.5, 0.5, 0.0, 0.0], [0.4, 0.3, 0.2, 0.2], [1.2, -0.1, -0.05, -0.05]])
stick_breaking(0.3, 4, [[0.9, 0.05, 0.03, 0.015, 0.005], [0.2, 0.2, 0.2, 0.2, 0.2]])
stick_breaking(40.0, 9, [[0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.55],
                         [1e-6, 1e-6, 1e-6, 1e-6, 1e-6, 1e-6, 1e-6, 1e-6, 1e-6, 1 - 9e-6]])


def stick_breaking_draws(alpha, K, seed, size=None):
    """PyMC's StickBreakingWeightsRV.rng_fn as written (NumPy's pairwise sum in the last weight)."""
    rng = np.random.default_rng(seed)
    alpha_arr = np.asarray(alpha, dtype=float)
    shape = (*(tuple(size) if size is not None else alpha_arr.shape), K)
    betas = rng.beta(1, alpha_arr[..., np.newaxis], size=shape)
    sticks = np.concatenate((np.ones(shape[:-1] + (1,)), np.cumprod(1 - betas[..., :-1], axis=-1)), axis=-1)
    weights = sticks * betas
    weights = np.concatenate((weights, 1 - weights.sum(axis=-1)[..., np.newaxis]), axis=-1)
    draws.append({"dist": "StickBreakingWeights", "params": {"alpha": alpha, "K": K}, "seed": seed, "size": size,
                  "values": weights.tolist()})


stick_breaking_draws(2.5, 3, 42, [5])
stick_breaking_draws(0.7, 12, 3, [4])
stick_breaking_draws(5.0, 150, 8, [2])
stick_breaking_draws([0.5, 3.0], 4, 17)
stick_breaking_draws([0.5, 3.0], 4, 19, [3, 2])


# OrderedMultinomial(eta, cutpoints, n) is PyMC's Multinomial(n, p) with OrderedLogistic's p:
# p_k = sigmoid(c_k - eta) - sigmoid(c_{k-1} - eta), with c_{-1} = -inf and c_K = inf. The logpmf
# at 60 digits from 60-digit p; SciPy's multinomial.logpmf of the float64 p (PyMC's arithmetic)
# agrees to 1e-12 first.
def ordered_p(eta, cutpoints, exact):
    if exact:
        cum = [mp.mpf(0)] + [1 / (1 + mp.exp(-(mp.mpf(c) - mp.mpf(eta)))) for c in cutpoints] + [mp.mpf(1)]
    else:
        cum = [0.0] + list(scipy.special.expit(np.asarray(cutpoints) - eta)) + [1.0]
    return [cum[k + 1] - cum[k] for k in range(len(cutpoints) + 1)]


def ordered_multinomial(eta, cutpoints, n, values):
    p = ordered_p(eta, cutpoints, True)
    for x in values:
        if any(v < 0 for v in x) or sum(x) != n:
            logp = -math.inf
        else:
            logp = mp.loggamma(n + 1) + sum(xk * mp.log(pk) - mp.loggamma(xk + 1) for xk, pk in zip(x, p))
            scipy_logp = stats.multinomial.logpmf(x, n, ordered_p(eta, cutpoints, False))
            assert abs(scipy_logp - float(logp)) < 1e-12 * abs(float(logp)), (eta, cutpoints, x)
        add("OrderedMultinomial", {"eta": eta, "cutpoints": cutpoints, "n": n}, x, float(logp), None)


ordered_multinomial(0.4, [-1.0, 0.5, 2.0], 10, [[2, 3, 4, 1], [10, 0, 0, 0], [0, 0, 0, 10], [1, 1, 1, 1], [-1, 4, 4, 3]])
ordered_multinomial(-2.5, [-3.0, -1.0, 0.0, 1.5, 4.0], 1000, [[400, 450, 100, 40, 9, 1], [0, 0, 0, 0, 0, 1000]])


def ordered_multinomial_draws(eta, cutpoints, n, seed, size):
    rng = np.random.default_rng(seed)
    values = rng.multinomial(n, ordered_p(eta, cutpoints, False), size=size)
    draws.append({"dist": "OrderedMultinomial", "params": {"eta": eta, "cutpoints": cutpoints, "n": n}, "seed": seed,
                  "size": [size], "values": values.tolist()})


ordered_multinomial_draws(0.4, [-1.0, 0.5, 2.0], 10, 42, 6)
ordered_multinomial_draws(-2.5, [-3.0, -1.0, 0.0, 1.5, 4.0], 1000, 4, 3)

# Mixtures: log(sum_k w_k f_k) and log(sum_k w_k F_k) at 60 digits from mpmath's normal and
# Poisson terms (so the log-CDF's upper tail, a log next to 0, keeps its digits); each bulk
# value is checked against SciPy's logsumexp of log w + the components' logpdf first. The
# weights are taken as summing to 1 exactly (0.3 + 0.7 in doubles is 1 - 2^-54, which would
# move a log-CDF of -5e-16 by 10%): w_k / sum(w) in 60 digits.
def exact_weights(w):
    return [mp.mpf(wk) / sum(mp.mpf(v) for v in w) for wk in w]


def normal_mixture(w, mu, sigma, values):
    weights = exact_weights(w)
    for x in values:
        pdf = sum(wk * mp.npdf(x, m, s) for wk, m, s in zip(weights, mu, sigma))
        cdf = sum(wk * mp.ncdf(x, m, s) for wk, m, s in zip(weights, mu, sigma))
        logp = float(mp.log(pdf))
        if abs(x) < 20:
            scipy_logp = scipy.special.logsumexp(np.log(w) + stats.norm.logpdf(x, mu, sigma))
            assert abs(scipy_logp - logp) < 1e-12 * abs(logp), (x, scipy_logp, logp)
        add("NormalPairMixture", {"w": w, "mu": mu, "sigma": sigma}, x, logp, float(mp.log(cdf)))


def poisson_mixture(w, mu, values):
    def pmf(k, m):
        return mp.exp(-mp.mpf(m)) * mp.mpf(m) ** k / mp.factorial(k) if k >= 0 else mp.mpf(0)
    weights = exact_weights(w)
    for x in values:
        p = sum(wk * pmf(x, m) for wk, m in zip(weights, mu))
        cdf = sum(wk * sum(pmf(j, m) for j in range(0, x + 1)) for wk, m in zip(weights, mu))
        add("PoissonPairMixture", {"w": w, "mu": mu}, x, float(mp.log(p)) if p > 0 else -math.inf,
            float(mp.log(cdf)) if cdf > 0 else -math.inf)


normal_mixture([0.3, 0.7], [-1.0, 2.0], [0.5, 1.5], [-30.0, -4.0, -1.0, 0.0, 0.5, 2.0, 5.0, 9.0, 14.0])
poisson_mixture([0.4, 0.6], [2.0, 9.0], [-1, 0, 1, 2, 5, 9, 15, 30, 45])

# The two-component normal mixture model as a PyMC user writes it:
#   coords = {"component": 2, "obs": 40}; y = pm.Data("y", data, dims="obs")
#   w ~ Dirichlet([1, 1]); mu ~ Normal(0, 10, dims="component"); sigma ~ HalfNormal(2, dims="component")
#   pm.Mixture("y_obs", w, pm.Normal.dist(mu, sigma), observed=y, dims="obs")
# Its log-density without Jacobians at one point, from SciPy.
data_rng = np.random.default_rng(20261206)
y = np.where(data_rng.uniform(size=40) < 0.35, data_rng.normal(-2.0, 0.7, 40), data_rng.normal(1.5, 1.1, 40))
w, mu, sigma = np.array([0.35, 0.65]), np.array([-1.8, 1.4]), np.array([0.8, 1.2])
model_logp = (stats.dirichlet.logpdf(w, [1.0, 1.0]) + stats.norm.logpdf(mu, 0, 10).sum()
              + stats.halfnorm.logpdf(sigma, scale=2).sum()
              + scipy.special.logsumexp(np.log(w) + stats.norm.logpdf(y[:, None], mu, sigma), axis=1).sum())
mixture_model = {"y": [float(v) for v in y], "w": list(w), "mu": list(mu), "sigma": list(sigma),
                 "logp": float(model_logp)}

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "scipy_logp_more.json"), "w") as f:
    json.dump({"scipy_version": scipy.__version__, "numpy_version": np.__version__,
               "note": "written by scipy_logp_more.py", "cases": cases, "draws": draws,
               "mixture_model": mixture_model}, f, indent=1)
print(len(cases), "cases,", len(draws), "draw sets")
