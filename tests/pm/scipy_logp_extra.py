"""Writes scipy_logp_extra.json: logp and logcdf references for the distributions kiln added
after reference/scipy_logp.json, in PyMC's parameterizations, from SciPy 1.10 (Debian 12's
python3-scipy). Same layout as scipy_logp.json; each distribution gets random parameters,
values in the bulk and in both tails, and parameters at their edges.

The zero-inflated distributions are PyMC's Mixture of DiracDelta(0) (weight 1 - psi) and the
count distribution (weight psi): logp = logaddexp(log(1 - psi) + [x == 0], log(psi) + count),
and log(1 - psi + psi cdf), which is log1p(-psi sf) in the upper tail (where SciPy's logcdf,
the log of a cdf next to 1, and a log-space sum would keep only a few digits).

The continuous distributions added with issue #17's second part (AsymmetricLaplace ...
SkewStudentT) are computed with mpmath at 600 digits from their densities and cdfs as PyMC
documents them, so the tails have every digit (SciPy's logcdf is log(cdf), and several of its
logpdfs lose digits far out); where SciPy 1.10 has the distribution, each value in the bulk is
checked against SciPy's to 1e-9 first, which pins the parameterization to SciPy's.

Run: /usr/bin/python3 scipy_logp_extra.py   (writes scipy_logp_extra.json beside itself)
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

rng = np.random.default_rng(20261206)
cases = []


def number(x):
    x = float(x)
    if math.isinf(x):
        return "-inf" if x < 0 else "inf"
    return "nan" if math.isnan(x) else x


def add(dist, params, value, logp, logcdf):
    params = {key: number(v) if isinstance(v, float) else v for key, v in params.items()}
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

mp.mp.dps = 600  # so the log of a cdf within 1e-300 of 1 keeps every digit
NEG_INF = -math.inf


def mlog(x):
    return NEG_INF if x == 0 else float(mp.log(x))


def continuous(dist, params, values, logpdf, cdf, scipy_frozen=None, bulk=()):
    """Adds each value's log-density and log-cdf (cdf None: no logcdf in PyMC), from mpmath
    functions of mpf arguments; checks SciPy's logpdf at the `bulk` values."""
    for x in values:
        x = float(x)
        lp = logpdf(mp.mpf(x))
        lp = NEG_INF if lp is None else float(lp)
        lc = None if cdf is None else mlog(cdf(mp.mpf(x)))
        if scipy_frozen is not None and x in bulk and math.isfinite(scipy_frozen.logpdf(x)):
            theirs = scipy_frozen.logpdf(x)
            assert abs(theirs - lp) <= 1e-9 * max(1.0, abs(lp)), (dist, params, x, theirs, lp)
            if cdf is not None:
                c = scipy_frozen.cdf(x)
                assert abs(c - float(cdf(mp.mpf(x)))) <= 1e-9, (dist, params, x, c)
        add(dist, params, x, lp, lc)


def Phi(z):
    return mp.ncdf(z)


def log_phi(z):
    return -z * z / 2 - mp.log(2 * mp.pi) / 2


for _ in range(3):
    b, kappa, mu = float(rng.uniform(0.3, 3)), float(rng.uniform(0.3, 3)), float(rng.uniform(-3, 3))
    B, K, M = mp.mpf(b), mp.mpf(kappa), mp.mpf(mu)

    def al_logpdf(x):
        return mp.log(B / (K + 1 / K)) + (-(x - M) * B * K if x >= M else (x - M) * B / K)

    bulk = [mu - 1.0, mu + 0.5]
    continuous("AsymmetricLaplace", {"kappa": kappa, "mu": mu, "b": b}, bulk + [mu, mu - 300, mu + 300],
               al_logpdf, None, stats.laplace_asymmetric(kappa, loc=mu, scale=1 / b), bulk)

for mu, sigma, nu in [(float(rng.uniform(-2, 2)), float(rng.uniform(0.5, 2)), float(rng.uniform(0.5, 3)))
                      for _ in range(3)] + [(0.0, 1.0, 0.04), (1.0, 2.0, 30.0)]:
    M, S, N = mp.mpf(mu), mp.mpf(sigma), mp.mpf(nu)
    if nu > 0.05 * sigma:
        def eg_logpdf(x):
            return -mp.log(N) + (M - x) / N + S * S / (2 * N * N) + mp.log(Phi((x - M) / S - S / N))

        def eg_cdf(x):
            return Phi((x - M) / S) - mp.exp((M - x) / N + S * S / (2 * N * N)) * Phi((x - M) / S - S / N)
        frozen = stats.exponnorm(nu / sigma, loc=mu, scale=sigma)
    else:
        # PyMC's formula below nu = 0.05 sigma: the Normal's terms.
        def eg_logpdf(x):
            return log_phi((x - M) / S) - mp.log(S)

        def eg_cdf(x):
            return Phi((x - M) / S)
        frozen = None
    bulk = [mu, mu + nu, mu + sigma]
    continuous("ExGaussian", {"mu": mu, "sigma": sigma, "nu": nu},
               bulk + [mu - 2 * sigma, mu - 4 * sigma, mu + 30 * (sigma + nu), mu + 200 * (sigma + nu)],
               eg_logpdf, eg_cdf, frozen, bulk)

for a, b in [(float(rng.uniform(0.3, 5)), float(rng.uniform(0.3, 5))) for _ in range(3)] + [(0.5, 0.5), (2.0, 8.0)]:
    A, B = mp.mpf(a), mp.mpf(b)

    def ku_logpdf(x):
        if x <= 0 or x >= 1:
            return None
        return mp.log(A * B) + (A - 1) * mp.log(x) + (B - 1) * mp.log(1 - x**A)

    def ku_cdf(x):
        if x <= 0:
            return mp.mpf(0)
        # 1 - (1 - x^a)^b as -expm1(b log1p(-x^a)): x^a may be below any working precision's 1 (1e-1500).
        return -mp.expm1(B * mp.log1p(-(x**A))) if x < 1 else mp.mpf(1)
    continuous("Kumaraswamy", {"a": a, "b": b}, [0.3, 0.5, 0.9, 1e-9, 1 - 1e-9, 1e-300, -0.5, 1.5], ku_logpdf, ku_cdf)

for mu, sigma in [(float(rng.uniform(-2, 2)), float(rng.uniform(0.3, 2))) for _ in range(3)]:
    M, S = mp.mpf(mu), mp.mpf(sigma)

    def ln_logpdf(x):
        if x <= 0 or x >= 1:
            return None
        return log_phi((mp.log(x / (1 - x)) - M) / S) - mp.log(S) - mp.log(x) - mp.log(1 - x)
    continuous("LogitNormal", {"mu": mu, "sigma": sigma}, [0.2, 0.5, 0.8, 1e-6, 1 - 1e-6, 0.0, 1.0, -0.1], ln_logpdf,
               None)

for mu, sigma in [(float(rng.uniform(-2, 2)), float(rng.uniform(0.3, 2))) for _ in range(3)]:
    M, S = mp.mpf(mu), mp.mpf(sigma)

    def mo_logpdf(x):
        z = (x - M) / S
        return -(z + mp.exp(-z)) / 2 - mp.log(S) - mp.log(2 * mp.pi) / 2

    def mo_cdf(x):
        return mp.erfc(mp.exp(-(x - M) / S / 2) / mp.sqrt(2))
    bulk = [mu, mu + sigma, mu - 0.5 * sigma]
    continuous("Moyal", {"mu": mu, "sigma": sigma}, bulk + [mu - 4 * sigma, mu - 10 * sigma, mu + 40 * sigma,
                                                            mu + 1000 * sigma], mo_logpdf, mo_cdf,
               stats.moyal(loc=mu, scale=sigma), bulk)

for nu, sigma in [(float(rng.uniform(0, 4)), float(rng.uniform(0.3, 2))) for _ in range(3)] + [(0.0, 1.0), (50.0, 0.5)]:
    N, S = mp.mpf(nu), mp.mpf(sigma)

    def ri_logpdf(x):
        if x <= 0:
            return None
        return mp.log(x / S**2) - (x * x + N * N) / (2 * S * S) + mp.log(mp.besseli(0, x * N / S**2))
    bulk = [sigma, nu + sigma]
    continuous("Rice", {"nu": nu, "sigma": sigma}, bulk + [1e-8, nu + 30 * sigma, 0.0, -1.0], ri_logpdf, None,
               stats.rice(nu / sigma, scale=sigma), bulk)

for alpha, mu, sigma in [(float(rng.uniform(-6, 6)), float(rng.uniform(-2, 2)), float(rng.uniform(0.3, 2)))
                         for _ in range(3)] + [(0.0, 0.0, 1.0), (20.0, 1.0, 1.0)]:
    A, M, S = mp.mpf(alpha), mp.mpf(mu), mp.mpf(sigma)

    def sn_logpdf(x):
        z = (x - M) / S
        return mp.log(2) + log_phi(z) - mp.log(S) + mp.log(Phi(A * z))
    bulk = [mu, mu + sigma, mu - sigma]
    continuous("SkewNormal", {"alpha": alpha, "mu": mu, "sigma": sigma},
               bulk + [mu - 8 * sigma, mu + 8 * sigma, mu + 30 * sigma], sn_logpdf, None,
               stats.skewnorm(alpha, loc=mu, scale=sigma), bulk)

for a, b, mu, sigma in [(float(rng.uniform(0.5, 6)), float(rng.uniform(0.5, 6)), float(rng.uniform(-2, 2)),
                         float(rng.uniform(0.3, 2))) for _ in range(3)] + [(1.0, 1.0, 0.0, 1.0), (0.3, 4.0, 1.0, 2.0)]:
    A, B, M, S = (mp.mpf(t) for t in (a, b, mu, sigma))

    def st_parts(x):
        t = (x - M) / S
        s = mp.sqrt(A + B + t * t)
        return 1 + t / s, 1 - t / s

    def st_logpdf(x):
        plus, minus = st_parts(x)
        norm = (A + B - 1) * mp.log(2) + mp.log(mp.beta(A, B)) + mp.log(A + B) / 2
        return (A + mp.mpf(1) / 2) * mp.log(plus) + (B + mp.mpf(1) / 2) * mp.log(minus) - norm - mp.log(S)

    def st_cdf(x):
        return mp.betainc(A, B, 0, st_parts(x)[0] / 2, regularized=True)
    continuous("SkewStudentT", {"a": a, "b": b, "mu": mu, "sigma": sigma},
               [mu, mu + sigma, mu - 2 * sigma, mu - 1e3 * sigma, mu + 1e3 * sigma, mu + 1e8 * sigma], st_logpdf,
               st_cdf)

for mu, kappa in [(float(rng.uniform(-3, 3)), float(rng.uniform(0.1, 10))) for _ in range(3)] + [(0.5, 1e-4),
                                                                                                 (0.0, 900.0)]:
    M, K = mp.mpf(mu), mp.mpf(kappa)

    def vm_logpdf(x):
        if x < -math.pi or x > math.pi:
            return None
        return K * mp.cos(x - M) - mp.log(2 * mp.pi * mp.besseli(0, K))
    bulk = [mu / 2, 0.3] if kappa < 100 else []
    continuous("VonMises", {"mu": mu, "kappa": kappa}, [mu / 2, 0.3, -3.0, 3.1, math.pi, -4.0], vm_logpdf, None,
               stats.vonmises(kappa, loc=mu), bulk)

for mu, lam, alpha in [(float(rng.uniform(0.3, 4)), float(rng.uniform(0.3, 8)), float(rng.uniform(0, 2)))
                       for _ in range(3)] + [(1.0, 1.0, 0.0), (2.0, 50.0, 0.0)]:
    M, L, A = mp.mpf(mu), mp.mpf(lam), mp.mpf(alpha)

    def wa_logpdf(x):
        x = x - A
        if x <= 0:
            return None
        return mp.log(L / (2 * mp.pi)) / 2 - 3 * mp.log(x) / 2 - L / (2 * x) * ((x - M) / M) ** 2

    def wa_cdf(x):
        x = x - A
        if x <= 0:
            return mp.mpf(0)
        r = mp.sqrt(L / x)
        return Phi(r * (x / M - 1)) + mp.exp(2 * L / M) * Phi(-r * (x / M + 1))
    bulk = [alpha + mu, alpha + mu / 2, alpha + 2 * mu]
    continuous("Wald", {"mu": mu, "lam": lam, "alpha": alpha}, bulk + [alpha + 1e-3 * mu, alpha + 20 * mu, alpha,
                                                                        alpha - 1.0],
               wa_logpdf, wa_cdf, stats.invgauss(mu / lam, scale=lam, loc=alpha), bulk)

# DiscreteWeibull(q, beta): pmf q^(x^beta) - q^((x+1)^beta), cdf 1 - q^((x+1)^beta).
for q, beta in [(float(rng.uniform(0.05, 0.95)), float(rng.uniform(0.3, 3))) for _ in range(3)] + [(0.5, 1.0)]:
    Q, B = mp.mpf(q), mp.mpf(beta)
    for x in [0, 1, 3, 12, -1]:
        if x < 0:
            add("DiscreteWeibull", {"q": q, "beta": beta}, x, NEG_INF, NEG_INF)
            continue
        X = mp.mpf(x)
        add("DiscreteWeibull", {"q": q, "beta": beta}, x, mlog(Q ** (X**B) - Q ** ((X + 1) ** B)),
            mlog(1 - Q ** ((X + 1) ** B)))

for c in [1.5, -2.0]:
    for x in [c, c + 0.5, c - 1.0]:
        add("DiracDelta", {"c": c}, x, 0.0 if x == c else NEG_INF, 0.0 if x >= c else NEG_INF)

# OrderedLogistic / OrderedProbit: Categorical over the classes between the cutpoints.
# (PyMC forms p, then the Categorical takes log p: a class probability within 1e-4 of 1 keeps
# fewer than 12 digits of log p, in PyMC as here, so the far case stops at eta = 4.)
for eta, cuts, sigma in [(float(rng.uniform(-2, 2)), np.sort(rng.uniform(-3, 3, 3)), float(rng.uniform(0.5, 2)))
                         for _ in range(3)] + [(4.0, np.array([-1.0, 0.0, 1.0]), 1.0)]:
    E, S = mp.mpf(eta), mp.mpf(sigma)
    cum_logistic = [mp.mpf(0)] + [1 / (1 + mp.exp(-(mp.mpf(c) - E))) for c in cuts] + [mp.mpf(1)]
    cum_probit = [mp.mpf(0)] + [Phi((mp.mpf(c) - E) / S) for c in cuts] + [mp.mpf(1)]
    for k in range(len(cuts) + 1):
        add("OrderedLogistic", {"eta": eta, "cutpoints": cuts.tolist()}, k,
            mlog(cum_logistic[k + 1] - cum_logistic[k]), None)
        add("OrderedProbit", {"eta": eta, "cutpoints": cuts.tolist(), "sigma": sigma}, k,
            mlog(cum_probit[k + 1] - cum_probit[k]), None)

# Hurdles: PyMC's Mixture of DiracDelta(0) (weight 1 - psi) and the distribution truncated
# below (weight psi) at 1 for counts (mass P(X >= 1) = sf(0)) and at the float epsilon
# otherwise (mass sf(eps)); the logcdf as log1p(-psi S_t) where S_t = sf(x) / mass < 1/2.
EPS = float(np.finfo(float).eps)


def hurdle(dist, psi, frozen, params, values, discrete):
    lower, below = (1, 0) if discrete else (EPS, EPS)
    log_mass = frozen.logsf(below)
    for x in values:
        if x == 0:
            logp = float(np.log1p(-psi))
        elif x < lower:
            logp = NEG_INF
        else:
            logp = math.log(psi) + (frozen.logpmf(x) if discrete else frozen.logpdf(x)) - log_mass
        if x < 0:
            logcdf = NEG_INF
        elif x < lower:
            logcdf = float(np.log1p(-psi))
        else:
            st = math.exp(frozen.logsf(x) - log_mass)
            if st < 0.5:
                logcdf = math.log1p(-psi * st)
            else:
                logcdf = math.log(1 - psi + psi * (frozen.cdf(x) - frozen.cdf(below)) / math.exp(log_mass))
        add(dist, params, x, logp, logcdf)


for psi in [float(rng.uniform(0.1, 0.9)) for _ in range(2)] + [1.0]:
    mu = float(rng.uniform(0.5, 8))
    hurdle("HurdlePoisson", psi, stats.poisson(mu), {"psi": psi, "mu": mu}, [0, 1, int(mu) + 1, int(4 * mu) + 12, -1],
           True)
    alpha = float(rng.uniform(0.5, 6))
    hurdle("HurdleNegativeBinomial", psi, stats.nbinom(alpha, alpha / (mu + alpha)), {"psi": psi, "mu": mu, "alpha": alpha},
           [0, 1, int(mu) + 1, int(5 * mu) + 20, -1], True)
    a, beta = float(rng.uniform(0.5, 5)), float(rng.uniform(0.3, 3))
    hurdle("HurdleGamma", psi, stats.gamma(a, scale=1 / beta), {"psi": psi, "alpha": a, "beta": beta},
           [0.0, 0.5 / beta, a / beta, 6 * a / beta + 5, -1.0], False)
    m, sigma = float(rng.uniform(-1, 1)), float(rng.uniform(0.3, 1.5))
    hurdle("HurdleLogNormal", psi, stats.lognorm(sigma, scale=math.exp(m)), {"psi": psi, "mu": m, "sigma": sigma},
           [0.0, math.exp(m), 0.3 * math.exp(m), math.exp(m + 5 * sigma), -1.0], False)

# Truncated(dist, lower, upper): logpdf - log(cdf(upper) - cdf(lower)) inside, -inf outside; a
# count's lower bound is inside (cdf(lower - 1)); the logcdf (cdf(x) - cdf(lower)) / mass.
def truncated(dist, frozen, params, lower, upper, values, discrete):
    below = lower - 1 if discrete else lower
    mass = frozen.cdf(upper) - frozen.cdf(below)
    for x in values:
        inside = lower <= x <= upper
        logp = (frozen.logpmf(x) if discrete else frozen.logpdf(x)) - math.log(mass) if inside else NEG_INF
        inside_mass = frozen.cdf(min(x, upper)) - frozen.cdf(below)
        logcdf = NEG_INF if x < lower or inside_mass == 0 else (0.0 if x >= upper else math.log(inside_mass / mass))
        add(dist, dict(params, lower=lower, upper=upper), x, logp, logcdf)


for _ in range(2):
    a, beta = float(rng.uniform(0.5, 5)), float(rng.uniform(0.3, 3))
    lo, hi = float(rng.uniform(0.1, 1)) * a / beta, float(rng.uniform(1.5, 3)) * a / beta
    truncated("TruncatedGamma", stats.gamma(a, scale=1 / beta), {"alpha": a, "beta": beta}, lo, hi,
              [lo, 0.5 * (lo + hi), hi, lo / 2, hi * 2], False)
    mu = float(rng.uniform(1, 8))
    truncated("TruncatedPoisson", stats.poisson(mu), {"mu": mu}, 1, int(2 * mu) + 2, [0, 1, int(mu), int(2 * mu) + 2,
                                                                                        int(2 * mu) + 3], True)
    m, s = float(rng.uniform(-1, 1)), float(rng.uniform(0.5, 2))
    truncated("TruncatedNormal_", stats.norm(m, s), {"mu": m, "sigma": s}, m - s, m + 2 * s, [m - s, m, m + 2 * s, m + 3 * s],
              False)

# NormalMixture: logsumexp(log w + norm.logpdf) with SciPy; the logcdf log(1 - sum w sf) with mpmath.
from scipy.special import logsumexp  # noqa: E402

for k in [2, 3]:
    w = rng.dirichlet(np.ones(k))
    mu = rng.uniform(-3, 3, k)
    sigma = rng.uniform(0.3, 2, k)
    W, M, S = ([mp.mpf(float(t)) for t in v] for v in (w, mu, sigma))
    for x in [float(mu[0]), float(mu.mean()), -8.0, 9.0, float(mu[-1] + 0.3)]:
        X = mp.mpf(x)
        # The cdf's upper tail from the survival functions: 1 - sum w sf, with every digit of sum w sf.
        # (The float weights sum to 1 within 1e-16 only, so the lower tail takes sum w cdf.)
        cdf = sum(wk * Phi((X - mk) / sk) for wk, mk, sk in zip(W, M, S))
        sf = sum(wk * Phi(-(X - mk) / sk) for wk, mk, sk in zip(W, M, S))
        add("NormalMixture", {"w": w.tolist(), "mu": mu.tolist(), "sigma": sigma.tolist()}, x,
            logsumexp(np.log(w) + stats.norm.logpdf(x, mu, sigma)), float(mp.log(cdf) if cdf < 0.5 else mp.log1p(-sf)))

# Censored(Normal(mu, sigma), lower, upper): the mass beyond a bound at the bound (norm.logcdf
# at lower, norm.logsf at upper), the density between, -inf outside; infinite bounds allowed.
for lower, upper in [(-1.0, 2.0), (-math.inf, 1.5), (0.0, math.inf)]:
    mu, sigma = float(rng.uniform(-1, 1)), float(rng.uniform(0.5, 2))
    frozen = stats.norm(mu, sigma)
    for x in [lower, upper, 0.7 * max(lower, -3) + 0.3 * min(upper, 3), lower - 1.0, upper + 1.0]:
        if math.isinf(x):
            continue
        if x < lower or x > upper:
            logp = NEG_INF
        elif x == lower:
            logp = frozen.logcdf(x)
        elif x == upper:
            logp = frozen.logsf(x)
        else:
            logp = frozen.logpdf(x)
        logcdf = NEG_INF if x < lower else (0.0 if x >= upper else frozen.logcdf(x))
        add("CensoredNormal", {"mu": mu, "sigma": sigma, "lower": lower, "upper": upper}, x, logp, logcdf)

# NegativeBinomial(mu, alpha) in the tails SciPy's nbinom(alpha, alpha / (mu + alpha)).logpmf
# loses digits (mu << alpha: the log of a p next to 1), from mpmath: log C(y + alpha - 1, y)
# + alpha log(alpha / (mu + alpha)) + y log(mu / (mu + alpha)), and the cdf I_p(alpha, y + 1).
# (Past y ~ 1000 or alpha ~ 1000, log C(y + alpha - 1, y) is a difference of log-gammas some
# thousands large, which leaves fewer than 12 digits of a log-density near -10 in double, in
# SciPy's formula and in PyMC's; the cases stay short of that.)
for mu, alpha, values in [(1e-8, 1.0, [0, 1, 3]), (1e-3, 50.0, [0, 1, 2]), (0.3, 1e5, [0]), (2.0, 300.0, [0, 1, 6]),
                          (1e4, 0.5, [0, 3, 900]), (1e6, 0.2, [1, 40])]:
    m, a = mp.mpf(mu), mp.mpf(alpha)
    p = a / (m + a)
    for y in values:
        logp = mp.loggamma(y + a) - mp.loggamma(a) - mp.loggamma(y + 1) + a * mp.log(p) + y * mp.log(m / (m + a))
        cdf = mp.betainc(a, y + 1, 0, p, regularized=True)
        add("NegativeBinomial", {"mu": mu, "alpha": alpha}, y, float(logp), float(mp.log(cdf)))

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "scipy_logp_extra.json"), "w") as f:
    json.dump({"scipy_version": scipy.__version__,
               "note": "PyMC parameterizations; logp of discrete = log pmf; written by scipy_logp_extra.py",
               "cases": cases}, f, indent=1)
print(len(cases), "cases")
