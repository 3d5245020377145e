"""Writes scipy_logp_more.json: references for the distributions of issue #17's part d
(HyperGeometric, DirichletMultinomial, Mixture, ...), in PyMC's parameterizations, and NumPy 1.24
draws (Debian 12's python3-numpy) for the ones NumPy samples.

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
