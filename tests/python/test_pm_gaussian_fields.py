"""kiln.pm's ZeroSumNormal, ICAR and CAR as PyMC users call them: log-densities against SciPy,
shapes from shape= and dims= with the zero-sum transform's value variables, draws that sum to
zero, typed errors."""
import math

import numpy as np
import pytest
import scipy.stats as st

import kiln
import kiln.pm as pm

W = np.array([[0, 1, 1, 0], [1, 0, 1, 0], [1, 1, 0, 1], [0, 0, 1, 0]], dtype=float)


def test_zero_sum_normal_matches_the_singular_normal():
    x = np.array([0.4, -1.2, 0.5, 0.3])
    sigma = 1.7
    cov = sigma**2 * (np.eye(4) - np.ones((4, 4)) / 4)
    ref = st.multivariate_normal(np.zeros(4), cov, allow_singular=True).logpdf(x)
    assert pm.logp(pm.ZeroSumNormal.dist(sigma=sigma, shape=(4,)), x).eval() == pytest.approx(ref, rel=1e-12)
    # Two zero-sum axes: shape (2, 3), one value per variable.
    y = np.array([[1.0, -0.5, -0.5], [-1.0, 0.5, 0.5]])
    cov2 = np.kron(np.eye(2) - 0.5, np.eye(3) - np.ones((3, 3)) / 3)
    ref2 = st.multivariate_normal(np.zeros(6), cov2, allow_singular=True).logpdf(y.ravel())
    assert pm.logp(pm.ZeroSumNormal.dist(n_zerosum_axes=2, shape=(2, 3)), y).eval() == pytest.approx(ref2, rel=1e-12)


def test_zero_sum_normal_in_a_model_with_dims():
    coords = {"region": ["a", "b", "c"], "answer": ["yes", "no", "maybe", "?"]}
    with pm.Model(coords=coords) as model:
        v = pm.ZeroSumNormal("v", dims=("region", "answer"), n_zerosum_axes=2)
        w = pm.ZeroSumNormal("w", sigma=2.0, shape=(5, 3))
    assert v.type.shape == (3, 4) and w.type.shape == (5, 3)
    assert [(x.name, x.type.shape) for x in model.value_vars] == [("v_zerosum__", (2, 3)), ("w_zerosum__", (5, 2))]
    point = model.initial_point()
    assert np.all(point["v_zerosum__"] == 0) and np.all(point["w_zerosum__"] == 0)
    draws = pm.draw(w, draws=200, random_seed=3)
    assert draws.shape == (200, 5, 3)
    assert np.abs(draws.sum(axis=-1)).max() < 1e-14


def test_icar_and_car_match_their_formulas():
    phi = np.array([0.3, -0.1, 0.2, -0.35])
    sigma, zss = 0.8, 0.01
    edges = [(i, j) for i in range(4) for j in range(i) if W[i, j] == 1]
    ref = -sum((phi[i] - phi[j]) ** 2 for i, j in edges) / (2 * sigma**2) + st.norm(0, zss * 4).logpdf(phi.sum())
    assert pm.logp(pm.ICAR.dist(W=W, sigma=sigma, zero_sum_stdev=zss), phi).eval() == pytest.approx(ref, rel=1e-12)
    mu, alpha, tau = np.array([0.1, 0.0, -0.2, 0.3]), 0.6, 2.5
    D = W.sum(axis=0)
    Q = tau * (np.diag(D) - alpha * W)
    # PyMC's CAR density leaves out -N/2 log(2 pi) and log det(D) / 2.
    ref = st.multivariate_normal(mu, np.linalg.inv(Q)).logpdf(phi) + 2 * math.log(2 * math.pi) - 0.5 * np.log(D).sum()
    assert pm.logp(pm.CAR.dist(mu=mu, W=W, alpha=alpha, tau=tau), phi).eval() == pytest.approx(ref, rel=1e-12)
    with pm.Model() as model:
        a = pm.Uniform("alpha", -1, 1)
        pm.CAR("car", mu, W, a, tau)
    assert [x.name for x in model.value_vars] == ["alpha_interval__", "car"]


def test_errors_are_typed():
    with pytest.raises(kiln.ModelError, match=r"^ICAR: Cannot sample from ICAR prior$"):
        pm.ICAR.dist(W=W).eval()
    with pytest.raises(kiln.InputError, match=r"^ICAR: W must be composed of only 1s and 0s"):
        pm.ICAR.dist(W=2 * W)
    with pytest.raises(kiln.ParameterValueError, match=r"^mean\(value, axis=n_zerosum_axes\) = 0$"):
        pm.logp(pm.ZeroSumNormal.dist(shape=(3,)), np.array([1.0, 2.0, 3.0])).eval()
    with pytest.raises(kiln.ParameterValueError, match=r"^-1 < alpha < 1, tau > 0, W is a symmetric adjacency matrix\.$"):
        pm.logp(pm.CAR.dist(mu=np.zeros(4), W=W, alpha=1.5, tau=1.0), np.zeros(4)).eval()
    with pytest.raises(kiln.InputError, match=r"^ZeroSumNormal: You must specify dims, shape or support_shape"):
        pm.ZeroSumNormal.dist(sigma=1.0)
