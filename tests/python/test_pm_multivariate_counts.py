"""kiln.pm.DirichletMultinomial, StickBreakingWeights and OrderedMultinomial (issue #17) in PyMC's
call forms: logp against SciPy (BetaBinomial for two classes, multinomial of the ordered-logistic
probabilities, the stick-breaking density from betaln), draws, compute_p, the simplex transform
and typed errors. NumPy-exact draws are tested in C++ (tests/pm/test_*.cpp)."""
import math

import numpy as np
import pytest
from scipy import special, stats

import kiln
from kiln import pm


def test_dirichlet_multinomial_matches_betabinom_for_two_classes():
    rv = pm.DirichletMultinomial.dist(n=200, a=np.array([20.0, 0.1]))
    for x0 in [199, 150, 100]:
        want = stats.betabinom.logpmf(x0, 200, 20.0, 0.1)
        assert pm.logp(rv, np.array([x0, 200 - x0])).eval() == pytest.approx(want, rel=1e-12)
    draws = pm.draw(pm.DirichletMultinomial.dist(10, [0.5, 1.5, 3.0]), draws=500, random_seed=2)
    assert draws.shape == (500, 3) and (draws.sum(axis=1) == 10).all()
    # E[x] = n a / sum(a) = (1, 3, 6)
    assert np.allclose(draws.mean(axis=0), [1.0, 3.0, 6.0], atol=0.4)
    with pytest.raises(kiln.ParameterValueError, match=r"^a > 0, n >= 0$"):
        pm.logp(pm.DirichletMultinomial.dist(3, [1.0, -1.0]), np.array([1, 2])).eval()


def test_stick_breaking_weights_density_and_simplex_transform():
    x = np.array([0.4, 0.3, 0.2, 0.1])
    tails = np.cumsum(x[::-1])
    want = -np.log(tails).sum() - 3 * special.betaln(1, 2.5) + 2.5 * math.log(x[-1])
    assert pm.logp(pm.StickBreakingWeights.dist(alpha=2.5, K=3), x).eval() == pytest.approx(want, rel=1e-12)
    with pm.Model() as model:
        pm.StickBreakingWeights("w", alpha=2.0, K=3)
    assert [v.name for v in model.value_vars] == ["w_simplex__"]
    draws = pm.draw(pm.StickBreakingWeights.dist(2.0, 3), draws=200, random_seed=1)
    assert draws.shape == (200, 4) and np.allclose(draws.sum(axis=1), 1.0)
    with pytest.raises(kiln.ParameterValueError, match=r"^alpha > 0, K > 0$"):
        pm.logp(pm.StickBreakingWeights.dist(-1.0, 3), x).eval()


def test_ordered_multinomial_matches_scipy_and_keeps_p():
    cuts = np.array([-1.0, 0.5, 2.0])
    p = np.diff(np.concatenate([[0.0], special.expit(cuts - 0.4), [1.0]]))
    y = np.array([[2, 3, 4, 1], [1, 1, 4, 4]])
    with pm.Model() as model:
        pm.OrderedMultinomial("y", eta=0.4, cutpoints=cuts, n=10, observed=y)
    with pm.Model() as other:
        pm.OrderedMultinomial("z", 0.4, cuts, 10, compute_p=False)
    assert [d.name for d in model.deterministics] == ["y_probs"]
    assert np.allclose(model["y_probs"].eval(), p, rtol=1e-15)
    assert list(other.deterministics) == []
    want = stats.multinomial.logpmf(y, 10, p).sum()
    assert model.compile_logp()({}) == pytest.approx(want, rel=1e-12)
    assert pm.logp(pm.OrderedMultinomial.dist(0.4, cuts, 10), y).eval().sum() == pytest.approx(want, rel=1e-12)
