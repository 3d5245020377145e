"""Writes time_series_reference.json: closed-form log-densities of PyMC's time series
(GaussianRandomWalk, RandomWalk, MvGaussianRandomWalk, AR, GARCH11) summed term by term with
SciPy 1.10's densities, and draws built the way the distributions are defined from NumPy 1.24's
Generator(PCG64): the start and the innovations each from their own default_rng(seed), then a
NumPy cumulative sum (random walks) or the recursion, one step at a time (AR, GARCH11).

Run: /usr/bin/python3 time_series_reference.py   (writes time_series_reference.json beside itself)
"""
import json
import os

import numpy as np
from scipy import stats

assert np.__version__.startswith("1.24"), np.__version__
logp_cases = []
draw_cases = []


def lst(a):
    return np.asarray(a, dtype=float).tolist()


def grw_logp(value, mu, sigma, init_mu, init_sigma):
    value = np.asarray(value, dtype=float)
    mu = np.asarray(mu, dtype=float)[..., None]
    sigma = np.asarray(sigma, dtype=float)[..., None]
    return (stats.norm.logpdf(value[..., 0], init_mu, init_sigma)
            + stats.norm.logpdf(np.diff(value, axis=-1), mu, sigma).sum(-1))


def ar_logp(value, rho, sigma, constant, init_sigma=100.0):
    value = np.asarray(value, dtype=float)
    rho = np.asarray(rho, dtype=float)
    c, lags = (rho[0], rho[1:]) if constant else (0.0, rho)
    p = len(lags)
    total = stats.norm.logpdf(value[:p], 0.0, init_sigma).sum()
    for t in range(p, len(value)):
        mean = c + sum(lags[i] * value[t - 1 - i] for i in range(p))
        total += stats.norm.logpdf(value[t], mean, sigma)
    return total


def garch_logp(value, omega, alpha, beta, vol0):
    vol = vol0
    total = stats.norm.logpdf(value[0], 0.0, vol)
    for t in range(1, len(value)):
        vol = np.sqrt(omega + alpha * value[t - 1] ** 2 + beta * vol ** 2)
        total += stats.norm.logpdf(value[t], 0.0, vol)
    return total


walk = [0.3, -0.4, 0.9, 1.7, 1.2, 2.5]
logp_cases.append({"dist": "GaussianRandomWalk", "params": {"mu": 0.2, "sigma": 0.7, "init_mu": 0.5, "init_sigma": 2.0},
                   "value": walk, "logp": lst(grw_logp(walk, 0.2, 0.7, 0.5, 2.0))})
walk2 = [[0.1, 0.5, -0.2, 0.4, 1.1], [-3.0, -2.2, -2.9, -1.0, -0.4]]
logp_cases.append({"dist": "GaussianRandomWalk", "params": {"mu": [0.1, -0.5], "sigma": 1.3, "init_mu": 0.0, "init_sigma": 100.0},
                   "value": walk2, "logp": lst(grw_logp(walk2, [0.1, -0.5], 1.3, 0.0, 100.0))})
# RandomWalk with Laplace(0, 1.5) start and StudentT(nu=4, mu=0.1, sigma=0.5) innovations.
rw = np.array(walk)
logp_cases.append({"dist": "RandomWalk", "params": {"init": "Laplace(0, 1.5)", "innovation": "StudentT(4, 0.1, 0.5)"},
                   "value": walk, "logp": float(stats.laplace.logpdf(rw[0], 0, 1.5)
                                                + stats.t.logpdf(np.diff(rw), 4, 0.1, 0.5).sum())})
mv = np.array([[0.2, -0.1], [0.5, 0.4], [1.1, 0.2], [0.9, 1.3]])
mu = np.array([0.3, 0.1])
cov = np.array([[0.5, 0.2], [0.2, 0.8]])
logp_cases.append({"dist": "MvGaussianRandomWalk", "params": {"mu": lst(mu), "cov": lst(cov)}, "value": lst(mv),
                   "logp": float(stats.multivariate_normal.logpdf(mv[0], np.zeros(2), 100 * np.eye(2))
                                 + stats.multivariate_normal.logpdf(np.diff(mv, axis=0), mu, cov).sum())})
ar = [0.4, -0.3, 0.8, 1.5, 0.2, -0.6, 0.1, 0.9]
logp_cases.append({"dist": "AR", "params": {"rho": [0.5, 0.6, -0.25], "sigma": 0.8, "constant": True}, "value": ar,
                   "logp": float(ar_logp(ar, [0.5, 0.6, -0.25], 0.8, True))})
logp_cases.append({"dist": "AR", "params": {"rho": [0.9], "sigma": 1.7, "constant": False}, "value": ar,
                   "logp": float(ar_logp(ar, [0.9], 1.7, False))})
g = [0.3, -1.2, 0.8, 2.1, -0.4, 0.05, -1.6]
logp_cases.append({"dist": "GARCH11", "params": {"omega": 0.2, "alpha_1": 0.3, "beta_1": 0.6, "initial_vol": 1.1},
                   "value": g, "logp": float(garch_logp(g, 0.2, 0.3, 0.6, 1.1))})
logp_cases.append({"dist": "GARCH11", "params": {"omega": 1.5, "alpha_1": 0.0, "beta_1": 0.0, "initial_vol": 0.4},
                   "value": g, "logp": float(garch_logp(g, 1.5, 0.0, 0.0, 0.4))})

# Draws: the start from default_rng(init_seed), the innovations from default_rng(seed).
steps = 9
init = np.random.default_rng(1).normal(0.5, 2.0)
innov = np.random.default_rng(2).normal(0.2, 0.7, size=steps)
draw_cases.append({"dist": "GaussianRandomWalk", "params": {"mu": 0.2, "sigma": 0.7, "init_mu": 0.5, "init_sigma": 2.0},
                   "init_seed": 1, "seed": 2, "steps": steps,
                   "values": lst(np.cumsum(np.concatenate([[init], innov])))})
init = np.random.default_rng(3).normal(0.0, 100.0, size=2)
noise = np.random.default_rng(4).normal(0.0, 0.8, size=steps)
x = list(init)
for t in range(steps):
    x.append(0.5 + 0.6 * x[-1] + -0.25 * x[-2] + noise[t])
draw_cases.append({"dist": "AR", "params": {"rho": [0.5, 0.6, -0.25], "sigma": 0.8, "constant": True},
                   "init_seed": 3, "seed": 4, "steps": steps, "values": lst(x)})
rng = np.random.default_rng(5)
vol, y = 1.1, []
for t in range(steps + 1):
    if t > 0:
        vol = np.sqrt(0.2 + 0.3 * y[-1] ** 2 + 0.6 * vol ** 2)
    y.append(rng.normal(0.0, vol))
draw_cases.append({"dist": "GARCH11", "params": {"omega": 0.2, "alpha_1": 0.3, "beta_1": 0.6, "initial_vol": 1.1},
                   "seed": 5, "steps": steps, "values": lst(y)})

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "time_series_reference.json"), "w") as f:
    json.dump({"numpy_version": np.__version__, "note": "written by time_series_reference.py",
               "logp": logp_cases, "draws": draw_cases}, f, indent=1)
print(len(logp_cases), "logp cases,", len(draw_cases), "draw cases")
