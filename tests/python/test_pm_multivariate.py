"""kiln.pm's LKJ family and matrix-valued multivariates as PyMC users call them: values against
SciPy, PyMC's LKJCholeskyCov return forms, the varying-slopes model, typed errors."""
import math

import numpy as np
import pytest
import scipy.special as sp
import scipy.stats as st

import kiln
import kiln.pm as pm


def test_values_match_scipy():
    scale = np.array([[2.0, 0.3], [0.3, 1.0]])
    x = np.array([0.4, -1.2])
    assert pm.logp(pm.MvStudentT.dist(nu=4.0, mu=np.zeros(2), scale=scale), x).eval() == pytest.approx(
        st.multivariate_t(loc=np.zeros(2), shape=scale, df=4.0).logpdf(x), rel=1e-12)
    X = np.array([[2.0, 0.5], [0.5, 1.5]])
    assert pm.logp(pm.Wishart.dist(nu=3.5, V=scale), X).eval() == pytest.approx(
        st.wishart(df=3.5, scale=scale).logpdf(X), rel=1e-12)
    mu = np.zeros((2, 3))
    Y = np.arange(6.0).reshape(2, 3) / 5
    assert pm.logp(pm.MatrixNormal.dist(mu=mu, rowcov=scale, colcov=np.eye(3)), Y).eval() == pytest.approx(
        st.matrix_normal(mean=mu, rowcov=scale, colcov=np.eye(3)).logpdf(Y), rel=1e-12)
    # LKJ(eta) for n = 2: (1 - r^2)^(eta - 1) / B(1/2, eta)
    assert pm.logp(pm.LKJCorr.dist(n=2, eta=3.0), np.array([0.3])).eval() == pytest.approx(
        2 * math.log(1 - 0.09) - sp.betaln(0.5, 3.0), rel=1e-12)


def test_lkj_cholesky_cov_returns_pymc_forms():
    with pm.Model() as model:
        chol, corr, stds = pm.LKJCholeskyCov("chol_cov", eta=2.0, n=2, sd_dist=pm.Exponential.dist(1.0))
        packed = pm.LKJCholeskyCov("packed", eta=2.0, n=3, sd_dist=pm.HalfNormal.dist(1.0), compute_corr=False)
    assert chol.type.shape == (2, 2) and corr.type.shape == (2, 2) and stds.type.shape == (2,)
    assert packed.type.shape == (6,)
    names = [v.name for v in model.value_vars]
    assert names == ["chol_cov_cholesky-cov-packed__", "packed_cholesky-cov-packed__"]
    assert sorted(d.name for d in model.deterministics) == ["chol_cov_corr", "chol_cov_stds"]
    chol_d, corr_d, stds_d = pm.LKJCholeskyCov.dist(eta=2.0, n=2, sd_dist=pm.Exponential.dist(1.0))
    assert corr_d.type.shape == (2, 2)
    full = pm.expand_packed_triangular(2, np.array([1.0, 2.0, 3.0])).eval()
    np.testing.assert_array_equal(full, [[1.0, 0.0], [2.0, 3.0]])


def test_varying_slopes_model_compiles_and_agrees_with_scipy():
    rng = np.random.default_rng(3)
    J, N = 6, 40
    county = rng.integers(0, J, size=N)
    floor = rng.integers(0, 2, size=N).astype(float)
    y = 1.0 - 0.5 * floor + 0.3 * rng.normal(size=N)
    with pm.Model(coords={"county": range(J), "param": ["a", "b"], "obs": range(N)}) as model:
        floor_idx = pm.Data("floor_idx", floor, dims="obs")
        county_idx = pm.Data("county_idx", county, dims="obs")
        chol, corr, stds = pm.LKJCholeskyCov("chol_cov", eta=2.0, n=2, sd_dist=pm.Exponential.dist(1.0))
        mu_ab = pm.Normal("mu_ab", 0.0, 5.0, dims="param")
        ab = pm.MvNormal("ab", mu=mu_ab, chol=chol, dims=("county", "param"))
        sigma = pm.Exponential("sigma", 1.0)
        pm.Normal("y", ab[:, 0][county_idx] + ab[:, 1][county_idx] * floor_idx, sigma, observed=y, dims="obs")
    f = model.logp_dlogp_function()
    theta = np.concatenate([[math.log(0.5), 0.1, math.log(0.4)], [0.9, -0.4], rng.normal(size=2 * J), [math.log(0.3)]])
    logp, grad = f(theta)
    L = np.array([[0.5, 0.0], [0.1, 0.4]])
    sd = np.sqrt(np.diag(L @ L.T))
    R = (L @ L.T) / np.outer(sd, sd)
    ref = (math.log(np.linalg.det(R)) - sp.betaln(0.5, 2.0) + st.expon.logpdf(sd).sum()
           + 2 * math.log(0.5) + math.log(0.4) - 2 * np.log(sd).sum() + theta[0] + theta[2])
    ab_v = theta[5:5 + 2 * J].reshape(J, 2)
    ref += st.norm(0, 5).logpdf(theta[3:5]).sum()
    ref += st.multivariate_normal(theta[3:5], L @ L.T).logpdf(ab_v).sum()
    ref += st.expon.logpdf(0.3) + theta[-1]
    ref += st.norm(ab_v[county, 0] + ab_v[county, 1] * floor, 0.3).logpdf(y).sum()
    assert logp == pytest.approx(ref, rel=1e-12)
    assert len(grad) == theta.size


def test_errors_are_typed():
    with pytest.raises(kiln.ParameterValueError, match=r"^posdef, nu > 0$"):
        pm.logp(pm.MvStudentT.dist(nu=-1.0, mu=np.zeros(2), scale=np.eye(2)), np.zeros(2)).eval()
    with pytest.raises(kiln.InputError, match=r"^LKJCorr: n must be at least 2, got 1$"):
        pm.LKJCorr.dist(n=1, eta=2.0)
    with pytest.raises(kiln.InputError, match=r"^MatrixNormal: Incompatible parameterization"):
        pm.MatrixNormal.dist(mu=np.zeros((2, 2)), rowcov=np.eye(2), rowchol=np.eye(2), colcov=np.eye(2))
