"""pm.Mixture, pm.KroneckerNormal and pm.CustomDist as PyMC users write them: log-densities
against SciPy, CustomDist's Python callables (logp, logcdf, random with a NumPy Generator, dist)
in a model, and the errors naming the argument."""
import numpy as np
import pytest
from scipy import stats

import kiln
import kiln.pm as pm
import kiln.tensor as at

VALUES = np.array([-2.5, -1.0, 0.0, 0.7, 2.0, 4.5])


def mixture_reference(x):
    return np.log(0.3 * stats.norm.pdf(x, -1.0, 1.0) + 0.7 * stats.norm.pdf(x, 2.0, 0.5))


def test_mixture_of_listed_components_matches_scipy():
    mix = pm.Mixture.dist(w=[0.3, 0.7], comp_dists=[pm.Normal.dist(-1.0, 1.0), pm.Normal.dist(2.0, 0.5)])
    for x in VALUES:
        np.testing.assert_allclose(pm.logp(mix, x).eval(), mixture_reference(x), rtol=1e-12)


def test_mixture_of_stacked_components_matches_scipy():
    comps = pm.Normal.dist(mu=np.array([-1.0, 2.0]), sigma=np.array([1.0, 0.5]))
    mix = pm.Mixture.dist([0.3, 0.7], comps)
    np.testing.assert_allclose(pm.logp(mix, VALUES).eval(), mixture_reference(VALUES), rtol=1e-12)


def test_a_mixture_model_with_observed_data():
    y = np.array([-1.2, 2.1, 1.8, -0.4, 2.6])
    with pm.Model() as model:
        w = pm.Dirichlet("w", a=np.ones(2))
        pm.Mixture("y", w=w, comp_dists=[pm.Normal.dist(-1.0, 1.0), pm.Normal.dist(2.0, 0.5)], observed=y)
    point = model.initial_point()
    weights = np.full(2, 0.5)  # the Dirichlet's moment
    expected = np.sum(np.log(weights[0] * stats.norm.pdf(y, -1, 1) + weights[1] * stats.norm.pdf(y, 2, 0.5)))
    logps = model.point_logps(point)
    np.testing.assert_allclose(logps["y"], expected, rtol=1e-12)


def test_mixture_errors_name_the_argument():
    with pytest.raises(TypeError, match="^Mixture: missing parameter comp_dists$"):
        pm.Mixture.dist(w=[0.5, 0.5])
    with pytest.raises(kiln.InputError, match="3 weights for 2 components"):
        pm.Mixture.dist([0.2, 0.3, 0.5], [pm.Normal.dist(), pm.Normal.dist()])


def test_kronecker_normal_matches_scipy():
    a = np.array([[2.0, 0.5], [0.5, 1.0]])
    b = np.array([[1.0, 0.3, 0.1], [0.3, 1.5, -0.2], [0.1, -0.2, 0.8]])
    mu = np.linspace(-1.0, 1.0, 6)
    x = np.array([0.3, -0.2, 1.1, 0.0, 0.5, -0.9])
    expected = stats.multivariate_normal(mu, np.kron(a, b)).logpdf(x)
    np.testing.assert_allclose(pm.logp(pm.KroneckerNormal.dist(mu, covs=[a, b]), x).eval(), expected, rtol=1e-12)
    chols = [np.linalg.cholesky(a), np.linalg.cholesky(b)]
    np.testing.assert_allclose(pm.logp(pm.KroneckerNormal.dist(mu, chols=chols), x).eval(), expected, rtol=1e-12)
    noisy = stats.multivariate_normal(mu, np.kron(a, b) + 0.25 * np.eye(6)).logpdf(x)
    np.testing.assert_allclose(pm.logp(pm.KroneckerNormal.dist(mu, covs=[a, b], sigma=0.5), x).eval(), noisy, rtol=1e-12)
    with pytest.raises(kiln.InputError, match="^KroneckerNormal: give exactly one of covs and chols$"):
        pm.KroneckerNormal.dist(mu, covs=[a, b], chols=chols)


def exponential_logp(value, lam):
    return at.log(lam) - lam * value


def exponential_logcdf(value, lam):
    return at.log1mexp(-lam * value)


def test_custom_dist_logp_and_logcdf_match_scipy():
    x = at.scalar(name="x")
    rv = pm.CustomDist.dist(2.5, logp=exponential_logp, logcdf=exponential_logcdf)
    for v in (0.1, 0.8, 3.0):
        np.testing.assert_allclose(pm.logp(rv, v).eval(), stats.expon(scale=1 / 2.5).logpdf(v), rtol=1e-12)
        np.testing.assert_allclose(pm.logcdf(rv, v).eval(), stats.expon(scale=1 / 2.5).logcdf(v), rtol=1e-12)
    assert x.name == "x"


def test_custom_dist_in_a_model_with_a_transform_and_observed_data():
    y = np.array([0.4, 1.3, 0.2, 2.2])
    with pm.Model() as model:
        lam = pm.CustomDist("lam", 1.0, logp=exponential_logp, transform=pm.transforms.log)
        pm.CustomDist("y", lam, logp=exponential_logp, observed=y)
    point = {"lam_log__": np.array(np.log(1.7))}
    lam_value = 1.7
    expected = (stats.expon(scale=1.0).logpdf(lam_value) + np.log(lam_value)  # the log transform's Jacobian
                + stats.expon(scale=1 / lam_value).logpdf(y).sum())
    np.testing.assert_allclose(model.compile_logp()(point), expected, rtol=1e-12)


def test_custom_dist_support_point_is_the_initial_point():
    with pm.Model() as model:
        pm.CustomDist("lam", 2.0, logp=exponential_logp, transform=pm.transforms.log, size=3,
                      support_point=lambda rv, size, lam: 1 / lam)
        pm.CustomDist("x", 2.0, logp=exponential_logp, shape=(2,))  # none given: zeros
    point = model.initial_point()
    np.testing.assert_allclose(point["lam_log__"], np.log(np.full(3, 0.5)), rtol=1e-15)
    np.testing.assert_array_equal(point["x"], np.zeros(2))


def test_custom_dist_random_draws_numpys_values_from_kilns_stream():
    # A random= function drawing with NumPy's normal gives kiln's own normal draws: the NumPy
    # Generator it is handed continues kiln's PCG64 stream.
    custom = pm.CustomDist.dist(1.5, logp=exponential_logp, random=lambda mu, rng, size: rng.normal(mu, 2.0, size=size),
                                size=(4, 3))
    normal = pm.Normal.dist(1.5, 2.0, size=(4, 3))
    a = pm.draw(custom, draws=3, random_seed=11)
    b = pm.draw(normal, draws=3, random_seed=11)
    assert a.shape == (3, 4, 3)
    np.testing.assert_array_equal(a, b)


def test_custom_dist_dist_builds_a_graph_of_random_variables():
    rv = pm.CustomDist.dist(0.5, logp=exponential_logp, dist=lambda mu, size: pm.Normal.dist(mu, 1.0, size=size) ** 2,
                            size=(5,))
    draws = pm.draw(rv, draws=200, random_seed=3)
    assert draws.shape == (200, 5) and np.all(draws >= 0)


def test_custom_dist_errors_name_the_argument():
    with pytest.raises(TypeError, match="^CustomDist: logp must be callable, got float$"):
        pm.CustomDist.dist(1.0, logp=2.0)
    with pytest.raises(TypeError, match="^CustomDist: unexpected keyword argument 'signature'"):
        pm.CustomDist.dist(1.0, logp=exponential_logp, signature="()->()")
    with pytest.raises(kiln.InputError, match=r"^CustomDist: kiln's CustomDist is univariate \(ndim_supp=0\), got ndim_supp=1$"):
        pm.CustomDist.dist(1.0, logp=exponential_logp, ndim_supp=1)
    with pytest.raises(kiln.InputError, match="^CustomDist: give size or shape, not both$"):
        pm.CustomDist.dist(1.0, logp=exponential_logp, size=3, shape=3)
    with pytest.raises(ZeroDivisionError):  # the callable's own error reaches the caller
        pm.logp(pm.CustomDist.dist(1.0, logp=lambda v, p: 1 / 0), 0.5).eval()
