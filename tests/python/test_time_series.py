"""kiln.pm's time series as PyMC 5 users write them: GaussianRandomWalk, RandomWalk,
MvGaussianRandomWalk, AR and GARCH11, with steps from steps=, dims= or observed=; logp against
SciPy's densities summed step by step, draws against NumPy's construction, PyMC's error texts."""
import numpy as np
import pytest
import scipy.stats as st

import kiln
import kiln.pm as pm

WALK = np.array([0.3, -0.4, 0.9, 1.7, 1.2, 2.5])


def logp_of(rv, value):
    return float(pm.logp(rv, value).eval())


def test_gaussian_random_walk_logp_is_the_sum_of_its_steps():
    rv = pm.GaussianRandomWalk.dist(mu=0.2, sigma=0.7, init_dist=pm.Normal.dist(0.5, 2.0), steps=5)
    expected = st.norm.logpdf(WALK[0], 0.5, 2.0) + st.norm.logpdf(np.diff(WALK), 0.2, 0.7).sum()
    assert logp_of(rv, WALK) == pytest.approx(expected, rel=1e-12)


def test_random_walk_takes_any_innovation():
    rv = pm.RandomWalk.dist(init_dist=pm.Laplace.dist(0.0, 1.5), innovation_dist=pm.StudentT.dist(4.0, 0.1, 0.5),
                            steps=5)
    expected = st.laplace.logpdf(WALK[0], 0, 1.5) + st.t.logpdf(np.diff(WALK), 4, 0.1, 0.5).sum()
    assert logp_of(rv, WALK) == pytest.approx(expected, rel=1e-12)


def test_mv_gaussian_random_walk():
    mu, cov = np.array([0.3, 0.1]), np.array([[0.5, 0.2], [0.2, 0.8]])
    value = np.array([[0.2, -0.1], [0.5, 0.4], [1.1, 0.2]])
    rv = pm.MvGaussianRandomWalk.dist(mu=mu, cov=cov, steps=2)
    assert rv.type.shape == (3, 2)
    expected = (st.multivariate_normal.logpdf(value[0], np.zeros(2), 100 * np.eye(2))
                + st.multivariate_normal.logpdf(np.diff(value, axis=0), mu, cov).sum())
    assert logp_of(rv, value) == pytest.approx(expected, rel=1e-12)


def test_ar_with_constant_and_its_draws_are_numpy_recursion():
    rho, sigma = [0.5, 0.6, -0.25], 0.8
    shared_rng = kiln._kiln.tensor.random.random_generator_shared
    rv = pm.AR.dist(rho=rho, sigma=sigma, constant=True, init_dist=pm.Normal.dist(0, 100, rng=shared_rng(3)), steps=9,
                    rng=shared_rng(4))
    init = np.random.default_rng(3).normal(0.0, 100.0, size=2)
    noise = np.random.default_rng(4).normal(0.0, sigma, size=9)
    x = list(init)
    for t in range(9):
        x.append(0.5 + 0.6 * x[-1] - 0.25 * x[-2] + noise[t])
    np.testing.assert_array_equal(rv.eval(), np.array(x))
    value = np.array(x)
    expected = st.norm.logpdf(value[:2], 0, 100).sum() + sum(
        st.norm.logpdf(value[t], 0.5 + 0.6 * value[t - 1] - 0.25 * value[t - 2], sigma) for t in range(2, 11))
    assert logp_of(rv, value) == pytest.approx(expected, rel=1e-12)


def test_garch11_logp_and_error_text():
    rv = pm.GARCH11.dist(omega=0.2, alpha_1=0.3, beta_1=0.6, initial_vol=1.1, steps=5)
    vol, expected = 1.1, st.norm.logpdf(WALK[0], 0, 1.1)
    for t in range(1, 6):
        vol = np.sqrt(0.2 + 0.3 * WALK[t - 1] ** 2 + 0.6 * vol ** 2)
        expected += st.norm.logpdf(WALK[t], 0, vol)
    assert logp_of(rv, WALK) == pytest.approx(expected, rel=1e-12)
    bad = pm.GARCH11.dist(omega=0.0, alpha_1=0.3, beta_1=0.6, initial_vol=1.1, steps=5)
    with pytest.raises(kiln.ParameterValueError, match=r"omega > 0, alpha_1 >= 0, beta_1 >= 0"):
        pm.logp(bad, WALK).eval()


def test_model_with_dims_and_observed_steps():
    y = np.sin(0.3 * np.arange(40))
    with pm.Model(coords={"time": np.arange(40)}) as model:
        yd = pm.Data("y", y, dims="time")
        sigma = pm.HalfNormal("sigma", 1.0)
        trend = pm.GaussianRandomWalk("trend", mu=0.0, sigma=0.1, init_dist=pm.Normal.dist(0, 1), dims="time")
        rho = pm.Normal("rho", 0, 0.5, shape=(2,))
        pm.AR("y_obs", rho=rho, sigma=sigma, observed=yd, dims="time")
    assert trend.type.shape == (40,)
    assert model.named_vars_to_dims["trend"] == ("time",)
    point = model.initial_point()
    assert np.isfinite(model.compile_logp()(point))


def test_bad_arguments_are_typed():
    with pytest.raises(kiln.InputError, match=r"AR: rho's last dimension \(2\) must be ar_order \(3\) \+ constant \(0\)"):
        pm.AR.dist(rho=[0.5, 0.2], ar_order=3, steps=4)
    with pytest.raises(kiln.InputError, match=r"steps must be an int"):
        pm.GaussianRandomWalk.dist(mu=0.0, sigma=1.0, steps=2.5)
    with pytest.raises(kiln.ParameterValueError, match=r"sigma > 0"):
        pm.logp(pm.GaussianRandomWalk.dist(mu=0.0, sigma=-1.0, steps=5), WALK).eval()
