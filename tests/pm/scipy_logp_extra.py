"""Writes scipy_logp_extra.json: logp and logcdf references for the distributions kiln added
after reference/scipy_logp.json, in PyMC's parameterizations, from SciPy 1.10 (Debian 12's
python3-scipy). Same layout as scipy_logp.json; each distribution gets random parameters,
values in the bulk and in both tails, and parameters at their edges.

The zero-inflated distributions are PyMC's Mixture of DiracDelta(0) (weight 1 - psi) and the
count distribution (weight psi): logp = logaddexp(log(1 - psi) + [x == 0], log(psi) + count),
and log(1 - psi + psi cdf), which is log1p(-psi sf) in the upper tail (where SciPy's logcdf,
the log of a cdf next to 1, and a log-space sum would keep only a few digits).

Run: /usr/bin/python3 scipy_logp_extra.py   (writes scipy_logp_extra.json beside itself)
"""
import json
import math
import os
from fractions import Fraction

import numpy as np
import scipy
from scipy import stats

assert scipy.__version__.startswith("1.10"), scipy.__version__

rng = np.random.default_rng(20261206)
cases = []


def number(x):
    x = float(x)
    if math.isinf(x):
        return "-inf" if x < 0 else "inf"
    return "nan" if math.isnan(x) else x


def add(dist, params, value, logp, logcdf):
    cases.append({"dist": dist, "params": params, "value": value, "logp": number(logp),
                  "logcdf": None if logcdf is None else number(logcdf)})


def mixture_logcdf(psi, count, x):
    """log(1 - psi + psi cdf): log1p(-psi sf) where sf < 1/2, as it nears 0."""
    if x < 0:
        return -math.inf
    sf = count.sf(x)
    if sf < 0.5:
        return math.log1p(-psi * sf)
    return np.logaddexp(np.log1p(-psi), np.log(psi) + count.logcdf(x))


def zero_inflated(dist, psi, count, params, values):
    for x in values:
        dirac = 0.0 if x == 0 else -math.inf
        logp = np.logaddexp(np.log1p(-psi) + dirac, np.log(psi) + count.logpmf(x))
        add(dist, params, x, logp, mixture_logcdf(psi, count, x))


for psi in [rng.uniform(0.05, 0.95) for _ in range(3)] + [1e-9, 1 - 1e-9, 1.0]:
    mu = float(rng.uniform(0.5, 12))
    zero_inflated("ZeroInflatedPoisson", psi, stats.poisson(mu), {"psi": psi, "mu": mu},
                  [0, 1, int(mu), int(3 * mu) + 5, 200, -1])
    n = int(rng.integers(5, 40))
    p = float(rng.uniform(0.05, 0.95))
    zero_inflated("ZeroInflatedBinomial", psi, stats.binom(n, p), {"psi": psi, "n": n, "p": p},
                  [0, 1, n // 2, n, n + 1, -1])
    alpha = float(rng.uniform(0.5, 8))
    # PyMC's NegativeBinomial(mu, alpha) is nbinom(n = alpha, p = alpha / (mu + alpha)).
    zero_inflated("ZeroInflatedNegativeBinomial", psi, stats.nbinom(alpha, alpha / (mu + alpha)),
                  {"psi": psi, "mu": mu, "alpha": alpha}, [0, 1, int(mu), int(4 * mu) + 10, 500, -1])

for _ in range(4):
    lower = float(rng.uniform(-5, 5))
    upper = lower + float(rng.uniform(0.5, 10))
    c = float(rng.uniform(lower, upper))
    frozen = stats.triang((c - lower) / (upper - lower), loc=lower, scale=upper - lower)
    width = upper - lower
    for x in [rng.uniform(lower, c), c, rng.uniform(c, upper), lower + 1e-9 * width, upper - 1e-9 * width,
              lower - 1.0, upper + 1.0]:
        x = float(x)
        sf = frozen.sf(x)
        logcdf = math.log1p(-sf) if sf < 0.5 else frozen.logcdf(x)
        logp = frozen.logpdf(x)
        if lower <= x <= upper:
            # SciPy standardizes x first, which next to an edge leaves few digits of upper - x:
            # the density from exact rationals, as PyMC's formula reads it.
            lo, mode, hi, v = (Fraction(t) for t in (lower, c, upper, x))
            ratio = 2 * (v - lo) / ((hi - lo) * (mode - lo)) if v < mode else 2 * (hi - v) / ((hi - lo) * (hi - mode))
            logp = math.log(ratio)
        add("Triangular", {"lower": lower, "c": c, "upper": upper}, x, logp, logcdf)

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "scipy_logp_extra.json"), "w") as f:
    json.dump({"scipy_version": scipy.__version__,
               "note": "PyMC parameterizations; logp of discrete = log pmf; written by scipy_logp_extra.py",
               "cases": cases}, f, indent=1)
print(len(cases), "cases")
