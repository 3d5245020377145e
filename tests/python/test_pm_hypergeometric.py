"""kiln.pm.HyperGeometric (issue #17 part d) in PyMC's call forms: logp and logcdf against
SciPy's hypergeom, draws, and an observed variable in a model."""
import numpy as np
from scipy import stats

import kiln
from kiln import pm


def test_logp_and_logcdf_match_scipy():
    rv = pm.HyperGeometric.dist(N=20, k=7, n=12)
    for x in [1, 3, 5, 7]:
        assert abs(pm.logp(rv, x).eval() - stats.hypergeom.logpmf(x, 20, 7, 12)) < 1e-12 * 20
        assert abs(pm.logcdf(rv, x).eval() - stats.hypergeom.logcdf(x, 20, 7, 12)) < 1e-9


def test_draws_follow_the_mean():
    # NumPy-exactness is tested in C++ (tests/pm/test_hypergeometric.cpp); here the binding's draws.
    draws = pm.draw(pm.HyperGeometric.dist(500, 300, 150), draws=2000, random_seed=3)
    assert abs(np.mean(draws) - 150 * 300 / 500) < 1.0


def test_observed_in_a_model():
    with pm.Model() as model:
        pm.HyperGeometric("y", 20, 7, 12, observed=np.array([3, 5]))
    assert model.initial_point() == {}
    want = stats.hypergeom.logpmf([3, 5], 20, 7, 12).sum()
    assert abs(model.compile_logp()({}) - want) < 1e-12 * abs(want)
