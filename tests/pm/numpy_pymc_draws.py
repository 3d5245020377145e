"""Writes numpy_pymc_draws.json: draws of the continuous distributions issue #17 added, from
NumPy 1.24's Generator(PCG64) (Debian 12's python3-numpy) the way PyMC's rng_fn makes them:
NumPy's own sampler (wald, vonmises), PyMC's inversion of uniforms (AsymmetricLaplace,
Kumaraswamy), expit of normals (LogitNormal), SciPy 1.10's moyal rvs, and the Jones-Faddy
construction from one beta each (SkewStudentT, as SciPy's jf_skew_t rvs), and DiscreteWeibull's
inversion of one uniform.

Run: /usr/bin/python3 numpy_pymc_draws.py   (writes numpy_pymc_draws.json beside itself)
"""
import json
import os

import numpy as np
from scipy import special, stats

assert np.__version__.startswith("1.24"), np.__version__
SIZE = 8
cases = []


def case(dist, params, seed, draw):
    values = np.asarray(draw(np.random.default_rng(seed)), dtype=float)
    assert values.shape == (SIZE,)
    cases.append({"dist": dist, "params": params, "seed": seed, "values": [float(v) for v in values]})


def asymmetric_laplace(b, kappa, mu):
    def draw(rng):
        u = rng.uniform(size=SIZE)
        switch = kappa**2 / (1 + kappa**2)
        non_positive_x = mu + kappa * np.log(u * (1 / switch)) / b
        positive_x = mu - np.log((1 - u) * (1 + kappa**2)) / (kappa * b)
        return non_positive_x * (u <= switch) + positive_x * (u > switch)
    return draw


def skew_studentt(a, b, mu, sigma):
    def draw(rng):
        d1 = rng.beta(a, b, size=SIZE)
        return mu + sigma * ((2 * d1 - 1) * np.sqrt(a + b) / (2 * np.sqrt(d1 * (1 - d1))))
    return draw


case("Wald", {"mu": 1.5, "lam": 2.0, "alpha": 0.5}, 42, lambda g: g.wald(1.5, 2.0, size=SIZE) + 0.5)
case("Wald", {"mu": 0.2, "lam": 30.0, "alpha": 0.0}, 7, lambda g: g.wald(0.2, 30.0, size=SIZE) + 0.0)
case("VonMises", {"mu": 0.7, "kappa": 2.5}, 42, lambda g: g.vonmises(0.7, 2.5, size=SIZE))
case("AsymmetricLaplace", {"kappa": 0.6, "mu": 1.0, "b": 2.0}, 42, asymmetric_laplace(2.0, 0.6, 1.0))
case("Kumaraswamy", {"a": 2.0, "b": 3.5}, 42,
     lambda g: (1 - (1 - g.uniform(size=SIZE)) ** (1 / 3.5)) ** (1 / 2.0))
case("LogitNormal", {"mu": 0.3, "sigma": 1.2}, 42, lambda g: special.expit(g.normal(0.3, 1.2, size=SIZE)))
case("Moyal", {"mu": -1.0, "sigma": 0.5}, 42, lambda g: stats.moyal.rvs(-1.0, 0.5, size=SIZE, random_state=g))
case("DiscreteWeibull", {"q": 0.6, "beta": 1.3}, 42,
     lambda g: np.ceil(np.power(np.log(1 - g.uniform(size=SIZE)) / np.log(0.6), 1.0 / 1.3)) - 1)
case("SkewStudentT", {"a": 2.0, "b": 4.0, "mu": 0.5, "sigma": 1.5}, 42, skew_studentt(2.0, 4.0, 0.5, 1.5))

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "numpy_pymc_draws.json"), "w") as f:
    json.dump({"numpy_version": np.__version__, "note": "written by numpy_pymc_draws.py", "cases": cases}, f, indent=1)
print(len(cases), "cases")
