"""Writes varying_slopes_reference.json: data, a point and the log-density (with the transforms'
log-Jacobians) of the radon-style varying-intercepts-and-slopes model, from SciPy 1.10:

    chol, corr, stds = LKJCholeskyCov("chol_cov", eta=2, n=2, sd_dist=Exponential.dist(1))
    mu_ab ~ Normal(0, 5)                        dims "param"
    ab ~ MvNormal(mu_ab, chol=chol)             dims ("county", "param")
    sigma ~ Exponential(1)
    y ~ Normal(ab[county, 0] + ab[county, 1] * floor, sigma)   observed, dims "obs"

The point is the flat vector in the model's order: chol_cov_cholesky-cov-packed__ (3), mu_ab (2),
ab (counties x 2, row-major), sigma_log__. LKJCholeskyCov's density is the closed form of
scipy_multivariate.py (LKJ(R) sd densities |dSigma/dL| / |dSigma/d(sd, R)|), the MvNormal rows
scipy.stats.multivariate_normal, the rest scipy.stats.norm / expon.

Run: /usr/bin/python3 varying_slopes_reference.py
"""
import json
import math
import os

import numpy as np
from scipy import special, stats

rng = np.random.default_rng(4172)
J, N, eta = 12, 60, 2.0
county = rng.integers(0, J, size=N)
floor = rng.integers(0, 2, size=N).astype(float)
true_ab = np.stack([1.5 + 0.4 * rng.normal(size=J), -0.6 + 0.2 * rng.normal(size=J)], axis=1)
y = true_ab[county, 0] + true_ab[county, 1] * floor + 0.7 * rng.normal(size=N)

packed_y = np.array([math.log(0.5), 0.12, math.log(0.3)])
mu_ab = np.array([1.4, -0.5])
ab = true_ab + 0.05 * rng.normal(size=(J, 2))
sigma_log = math.log(0.8)
point = np.concatenate([packed_y, mu_ab, ab.ravel(), [sigma_log]])

L = np.array([[math.exp(packed_y[0]), 0.0], [packed_y[1], math.exp(packed_y[2])]])
cov = L @ L.T
sd = np.sqrt(np.diag(cov))
R = cov / sd[:, None] / sd[None, :]
n = 2
# LKJ(R | eta) for n = 2: (1 - r^2)^(eta - 1) / B(1/2, eta)
lkj = (eta - 1) * math.log(np.linalg.det(R)) - special.betaln(0.5, eta)
lkj_cov = lkj + stats.expon.logpdf(sd).sum() + sum((n - i) * math.log(L[i, i]) for i in range(n)) - n * np.log(sd).sum()
logp = lkj_cov + packed_y[0] + packed_y[2]  # the log-Jacobian of exp on the diagonal
logp += stats.norm(0, 5).logpdf(mu_ab).sum()
logp += sum(stats.multivariate_normal(mu_ab, cov).logpdf(row) for row in ab)
sigma = math.exp(sigma_log)
logp += stats.expon.logpdf(sigma) + sigma_log
logp += stats.norm(ab[county, 0] + ab[county, 1] * floor, sigma).logpdf(y).sum()

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "varying_slopes_reference.json")
with open(out, "w") as f:
    json.dump({"counties": J, "eta": eta, "county": county.tolist(), "floor": floor.tolist(), "y": y.tolist(),
               "point": point.tolist(), "logp": float(logp)}, f, indent=1)
print("logp", logp, "->", out)
