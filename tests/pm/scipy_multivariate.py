"""Writes scipy_multivariate.json: log-densities and draws of the LKJ family and the
matrix-valued multivariates (issue #17, part c), from Debian 12's SciPy 1.10 / NumPy 1.24.

logp references:
- MvStudentT: scipy.stats.multivariate_t(loc=mu, shape=scale, df=nu).logpdf;
- Wishart: scipy.stats.wishart(df=nu, scale=V).logpdf;
- MatrixNormal: scipy.stats.matrix_normal(mean=mu, rowcov, colcov).logpdf;
- KroneckerNormal: scipy.stats.multivariate_normal(mu, kron(K1, K2) + sigma^2 I).logpdf;
- LKJCorr: the closed form of Lewandowski, Kurowicka and Joe (2009), det(R)^(eta - 1) / c_n with
  c_n = 2^(sum_k (2 eta - 2 + n - k)(n - k)) prod_k B(eta + (n - k - 1) / 2, same)^(n - k),
  k = 1 .. n-1, in mpmath at 50 digits (checked here against the Beta integral for n = 2);
- LKJCholeskyCov: the density of the packed factor L from first principles: LKJ(R) times the
  sd densities (SciPy's expon / halfnorm) times |dSigma/dL| / |dSigma/d(sd, R)|, where
  |dSigma/dL| = 2^n prod_i L_ii^(n - i) (i from 0) and |dSigma/d(sd, R)| = 2^n prod_i sd_i^n.
  (PyMC's LKJ normalizing constant has the opposite sign: the values here are the true density.)

Draws (seeded as kiln's random_generator_shared(seed), i.e. np.random.default_rng(seed)), in the
order PyMC's rng_fn draws them: MatrixNormal (rng.standard_normal, then mu + rowchol Z colchol'),
MvStudentT (normals for every draw, then every chi-square), Wishart (scipy.stats.wishart.rvs) and
LKJCorr (PyMC's _random_corr_matrix: rng.beta, rng.standard_normal).

Run: /usr/bin/python3 scipy_multivariate.py   (writes scipy_multivariate.json beside itself)
"""
import json
import math
import os

import mpmath as mp
import numpy as np
import scipy
from scipy import stats

assert scipy.__version__.startswith("1.10"), scipy.__version__
assert np.__version__.startswith("1.24"), np.__version__
mp.mp.dps = 50
rng = np.random.default_rng(20261217)
cases = []


def add(dist, params, value, logp):
    cases.append({"dist": dist, "params": params, "value": np.asarray(value).tolist(), "logp": float(logp)})


def spd(k, scale=1.0):
    a = rng.normal(size=(k, k))
    return scale * (a @ a.T / k + np.eye(k) * 0.5)


# MvStudentT: bulk and far tails.
for k, nu in [(2, 3.5), (3, 1.2), (4, 30.0)]:
    mu, scale = rng.normal(size=k), spd(k)
    dist = stats.multivariate_t(loc=mu, shape=scale, df=nu)
    for r in [0.0, 1.0, 25.0]:
        x = mu + r * rng.normal(size=k)
        add("MvStudentT", {"nu": nu, "mu": mu.tolist(), "scale": scale.tolist()}, x, dist.logpdf(x))

# Wishart
for p, nu in [(2, 2.5), (3, 7.0), (3, 3.0)]:
    V = spd(p)
    for _ in range(2):
        X = stats.wishart(df=nu + 2, scale=spd(p)).rvs(random_state=rng)
        X = (X + X.T) / 2
        add("Wishart", {"nu": nu, "V": V.tolist()}, X, stats.wishart(df=nu, scale=V).logpdf(X))

# MatrixNormal
for m, n in [(2, 3), (3, 2)]:
    mu, rowcov, colcov = rng.normal(size=(m, n)), spd(m), spd(n, 2.0)
    for r in [0.5, 4.0]:
        X = mu + r * rng.normal(size=(m, n))
        add("MatrixNormal", {"mu": mu.tolist(), "rowcov": rowcov.tolist(), "colcov": colcov.tolist()}, X,
            stats.matrix_normal(mean=mu, rowcov=rowcov, colcov=colcov).logpdf(X))

# KroneckerNormal
K1, K2 = spd(2), spd(3)
for sigma in [0.0, 0.7]:
    mu = rng.normal(size=6)
    x = mu + rng.normal(size=6)
    cov = np.kron(K1, K2) + sigma**2 * np.eye(6)
    add("KroneckerNormal", {"mu": mu.tolist(), "K1": K1.tolist(), "K2": K2.tolist(), "sigma": sigma}, x,
        stats.multivariate_normal(mu, cov).logpdf(x))


def lkj_log_c(n, eta):
    eta = mp.mpf(eta)
    log2_power = sum((2 * eta - 2 + n - k) * (n - k) for k in range(1, n))
    res = log2_power * mp.log(2)
    for k in range(1, n):
        b = eta + mp.mpf(n - k - 1) / 2
        res += (n - k) * mp.log(mp.beta(b, b))
    return res


for eta in [0.7, 2.5]:  # n = 2: c_2 is the Beta integral of (1 - r^2)^(eta - 1) over (-1, 1)
    integral = mp.quad(lambda r: (1 - r * r) ** (eta - 1), [-1, 1])
    assert abs(mp.log(integral) - lkj_log_c(2, eta)) < 1e-30


def lkj_logpdf(R, eta):
    n = R.shape[0]
    det = mp.det(mp.matrix(R.tolist()))
    return (mp.mpf(eta) - 1) * mp.log(det) - lkj_log_c(n, eta)


def random_corr(n):
    a = rng.normal(size=(n, n + 2))
    s = a @ a.T
    d = np.sqrt(np.diag(s))
    return s / d[:, None] / d[None, :]


# LKJCorr: the upper triangle, row by row
for n, eta in [(2, 1.0), (2, 3.0), (3, 0.8), (4, 2.0), (5, 1.0)]:
    R = random_corr(n)
    add("LKJCorr", {"n": n, "eta": eta}, R[np.triu_indices(n, 1)], lkj_logpdf(R, eta))

# LKJCholeskyCov with sd_dist Exponential(lam) or HalfNormal(sigma)
for n, eta, sd_name, sd_param in [(2, 2.0, "Exponential", 1.5), (3, 1.0, "HalfNormal", 2.0),
                                  (4, 4.0, "Exponential", 0.5)]:
    R = random_corr(n)
    sd = rng.gamma(2.0, 1.0, size=n)
    L = np.linalg.cholesky(R * sd[:, None] * sd[None, :])
    sd_dist = stats.expon(scale=1 / sd_param) if sd_name == "Exponential" else stats.halfnorm(scale=sd_param)
    logp = lkj_logpdf(R, eta) + sum(mp.mpf(sd_dist.logpdf(s)) for s in sd)
    logp += sum((n - i) * mp.log(L[i, i]) for i in range(n)) - n * sum(mp.log(s) for s in sd)
    add("LKJCholeskyCov", {"n": n, "eta": eta, "sd_dist": sd_name, "sd_param": sd_param},
        L[np.tril_indices(n)], logp)

# Draws
draws = []


def draw_case(dist, params, seed, size, values):
    draws.append({"dist": dist, "params": params, "seed": seed, "size": size, "values": np.asarray(values).ravel().tolist()})


mu, rowcov, colcov = rng.normal(size=(2, 3)), spd(2), spd(3)
g = np.random.default_rng(11)
z = g.standard_normal((4, 2, 3))
rowchol, colchol = np.linalg.cholesky(rowcov), np.linalg.cholesky(colcov)
draw_case("MatrixNormal", {"mu": mu.tolist(), "rowcov": rowcov.tolist(), "colcov": colcov.tolist()}, 11, 4,
          mu + np.matmul(rowchol, np.matmul(z, colchol.T)))

nu, mu3, scale3 = 4.5, rng.normal(size=3), spd(3)
g = np.random.default_rng(12)
chol = np.linalg.cholesky(scale3)
mv = np.einsum("ij,...j->...i", chol, g.standard_normal((5, 3)))
chi2 = np.sqrt(g.chisquare(nu, 5) / nu)
draw_case("MvStudentT", {"nu": nu, "mu": mu3.tolist(), "scale": scale3.tolist()}, 12, 5, mv / chi2[:, None] + mu3)

V = spd(3)
draw_case("Wishart", {"nu": 6.0, "V": V.tolist()}, 13, 4,
          stats.wishart.rvs(6, V, size=4, random_state=np.random.default_rng(13)))


def random_corr_matrix(g, n, eta, flat_size):  # PyMC's _random_corr_matrix
    beta = eta - 1.0 + n / 2.0
    r12 = 2.0 * stats.beta.rvs(a=beta, b=beta, size=flat_size, random_state=g) - 1.0
    P = np.full((flat_size, n, n), np.eye(n))
    P[..., 0, 1] = r12
    P[..., 1, 1] = np.sqrt(1.0 - r12**2)
    for mp1 in range(2, n):
        beta -= 0.5
        y = stats.beta.rvs(a=mp1 / 2.0, b=beta, size=flat_size, random_state=g)
        z = stats.norm.rvs(loc=0, scale=1, size=(flat_size, mp1), random_state=g)
        z = z / np.sqrt(np.einsum("ij,ij->i", z, z))[..., np.newaxis]
        P[..., 0:mp1, mp1] = np.sqrt(y[..., np.newaxis]) * z
        P[..., mp1, mp1] = np.sqrt(1.0 - y)
    return np.einsum("...ji,...jk->...ik", P, P.copy())


C = random_corr_matrix(np.random.default_rng(14), 4, 2.5, 6)
draw_case("LKJCorr", {"n": 4, "eta": 2.5}, 14, 6, C[..., np.triu_indices(4, 1)[0], np.triu_indices(4, 1)[1]])

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scipy_multivariate.json")
with open(out, "w") as f:
    json.dump({"logp": cases, "draws": draws}, f, indent=1)
print(len(cases), "logp cases,", len(draws), "draw cases ->", out)
