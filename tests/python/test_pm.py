"""kiln.pm from Python: distributions with PyMC's keyword names against SciPy's densities, the
model context, its variables and log-density functions, draws, and the sampler interface
(logp_dlogp_function and its nutpie-shaped ctypes callback)."""
import ctypes

import numpy as np
import pytest
import scipy.stats as st

import kiln
import kiln.pm as pm
import kiln.tensor as at


@pytest.mark.parametrize("dist, value, reference", [
    (lambda: pm.Normal.dist(mu=1.0, sigma=2.0), 0.3, st.norm(1.0, 2.0).logpdf),
    (lambda: pm.HalfNormal.dist(sigma=3.0), 0.7, st.halfnorm(0, 3.0).logpdf),
    (lambda: pm.StudentT.dist(nu=4.0, mu=1.0, sigma=2.0), 0.3, st.t(4.0, 1.0, 2.0).logpdf),
    (lambda: pm.Exponential.dist(lam=2.0), 0.6, st.expon(scale=0.5).logpdf),
    (lambda: pm.Gamma.dist(alpha=2.0, beta=3.0), 0.6, st.gamma(2.0, scale=1 / 3.0).logpdf),
    (lambda: pm.Beta.dist(alpha=2.0, beta=5.0), 0.3, st.beta(2.0, 5.0).logpdf),
    (lambda: pm.Uniform.dist(lower=-1.0, upper=3.0), 0.3, st.uniform(-1.0, 4.0).logpdf),
    (lambda: pm.LogNormal.dist(mu=0.5, sigma=0.8), 1.3, st.lognorm(0.8, scale=np.exp(0.5)).logpdf),
    (lambda: pm.Cauchy.dist(alpha=0.5, beta=2.0), 1.3, st.cauchy(0.5, 2.0).logpdf),
    (lambda: pm.Laplace.dist(mu=0.5, b=2.0), 1.3, st.laplace(0.5, 2.0).logpdf),
    (lambda: pm.Poisson.dist(mu=3.5), 2, st.poisson(3.5).logpmf),
    (lambda: pm.Binomial.dist(n=10, p=0.3), 4, st.binom(10, 0.3).logpmf),
    (lambda: pm.Bernoulli.dist(p=0.3), 1, st.bernoulli(0.3).logpmf),
])
def test_logp_of_distributions_matches_scipy(dist, value, reference):
    np.testing.assert_allclose(pm.logp(rv=dist(), value=value).eval(), reference(value), rtol=1e-12)


def test_logcdf_matches_scipy():
    z = pm.Normal.dist(mu=0, sigma=2)
    np.testing.assert_allclose(pm.logcdf(z, 0.7).eval(), st.norm(0, 2).logcdf(0.7), rtol=1e-12)


def test_draws_have_the_shape_and_moments():
    x = pm.Normal.dist(mu=3.0, sigma=0.5)
    draws = pm.draw(x, draws=20_000, random_seed=1)
    assert draws.shape == (20_000,)
    assert abs(draws.mean() - 3.0) < 0.02 and abs(draws.std() - 0.5) < 0.02
    np.testing.assert_array_equal(pm.draw(x, draws=5, random_seed=7), pm.draw(x, draws=5, random_seed=7))
    both = pm.draw([x, x * 2], draws=3)
    np.testing.assert_allclose(both[1], both[0] * 2)
    assert x.eval() == x.eval()  # eval repeats, draw advances


def test_random_variables_from_at_random():
    y = at.random.normal(loc=0, scale=1, name="y", size=(3,), rng=kiln._kiln.tensor.random.random_generator_shared(42))
    assert y.name == "y" and y.type.shape == (3,)
    assert y.eval().tolist() == np.random.default_rng(42).normal(0, 1, size=3).tolist()
    assert at.random.poisson(lam=2.0).dtype == "int64"


def tutorial_model_2():
    with pm.Model() as model:
        mu = pm.Normal(name="mu", mu=0, sigma=2)
        sigma = pm.HalfNormal(name="sigma", sigma=3)
        x = pm.Normal(name="x", mu=mu, sigma=sigma)
    return model, mu, sigma, x


def test_model_collections():
    model, mu, sigma, x = tutorial_model_2()
    assert repr(model.basic_RVs) == "[mu ~ N(0, 2), sigma ~ N**+(0, 3), x ~ N(mu, sigma)]"
    assert model.basic_RVs == [mu, sigma, x] and model.free_RVs == [mu, sigma, x] and model.observed_RVs == []
    assert repr(model.rvs_to_values) == "{mu ~ N(0, 2): mu, sigma ~ N**+(0, 3): sigma_log__, x ~ N(mu, sigma): x}"
    assert repr(model.value_vars) == "[mu, sigma_log__, x]"
    assert model.rvs_to_values[sigma].name == "sigma_log__"
    assert model["sigma"] == sigma
    assert model.parameter_names() == ["mu", "sigma_log__", "x"]


def test_model_logp_terms_and_compiled_functions():
    model, mu, sigma, x = tutorial_model_2()
    point = {"mu": 0.0, "sigma_log__": -10.0, "x": 0.0}
    expected = [st.norm(0, 2).logpdf(0), -10 + st.halfnorm(0, 3).logpdf(np.exp(-10)), st.norm(0, np.exp(-10)).logpdf(0)]
    terms = model.logp(sum=False)
    assert isinstance(terms, list) and len(terms) == 3
    values = {model.rvs_to_values[v]: point[model.rvs_to_values[v].name] for v in (mu, sigma, x)}
    np.testing.assert_allclose(at.stack(terms).eval(values), expected, rtol=1e-12)
    np.testing.assert_allclose(model.logp().eval(values), sum(expected), rtol=1e-12)
    np.testing.assert_allclose(model.compile_logp(sum=False)(point), expected, rtol=1e-12)
    np.testing.assert_allclose(model.compile_logp()(point), sum(expected), rtol=1e-12)
    initial = model.initial_point()
    assert list(initial) == ["mu", "sigma_log__", "x"] and initial["mu"] == 0.0 and initial["x"] == 0.0


def finite_difference_gradient(f, theta, eps=1e-6):
    grad = np.zeros_like(theta)
    for i in range(theta.size):
        step = np.zeros_like(theta)
        step[i] = eps
        grad[i] = (f(theta + step) - f(theta - step)) / (2 * eps)
    return grad


def observed_model():
    with pm.Model() as model:
        mu = pm.Normal("mu", mu=0, sigma=2)
        sigma = pm.HalfNormal("sigma", sigma=3)
        pm.Normal("obs", mu=mu, sigma=sigma, observed=np.array([0.1, -0.3, 0.2, 1.4]))
        pm.Deterministic("twice_mu", mu * 2)
        pm.Potential("pull", -0.5 * mu ** 2)
    return model


def logp_at(model, theta):
    return float(model.compile_logp()({"mu": theta[0], "sigma_log__": theta[1]}))


def test_dlogp_and_d2logp_match_finite_differences():
    model = observed_model()
    theta = np.array([0.3, -0.2])
    point = {"mu": theta[0], "sigma_log__": theta[1]}
    grad = model.compile_dlogp()(point)
    np.testing.assert_allclose(grad, finite_difference_gradient(lambda t: logp_at(model, t), theta), rtol=1e-6)
    hess = model.compile_d2logp()(point)
    numeric = np.array([finite_difference_gradient(lambda t: model.compile_dlogp()({"mu": t[0], "sigma_log__": t[1]})[i], theta)
                        for i in range(2)])
    np.testing.assert_allclose(hess, -numeric, rtol=1e-5)
    assert model.dlogp().ndim == 1 and model.d2logp().ndim == 2


def test_deterministic_and_potential_are_registered():
    model = observed_model()
    assert [v.name for v in model.deterministics] == ["twice_mu"]
    assert [v.name for v in model.potentials] == ["pull"]
    # The potential's term is in the log-density.
    theta = np.array([0.7, 0.1])
    with_potential = logp_at(model, theta)
    expected = (st.norm(0, 2).logpdf(0.7) + 0.1 + st.halfnorm(0, 3).logpdf(np.exp(0.1))
                + st.norm(0.7, np.exp(0.1)).logpdf([0.1, -0.3, 0.2, 1.4]).sum() - 0.5 * 0.7 ** 2)
    np.testing.assert_allclose(with_potential, expected, rtol=1e-12)


def test_logp_dlogp_function_matches_the_point_functions():
    model = observed_model()
    f = model.logp_dlogp_function()
    assert f.dim == 2
    for theta in (np.array([0.3, -0.2]), np.array([-1.5, 0.8])):
        logp, grad = f(theta)
        point = {"mu": theta[0], "sigma_log__": theta[1]}
        np.testing.assert_allclose(logp, float(model.compile_logp()(point)), rtol=1e-12)
        np.testing.assert_allclose(grad, model.compile_dlogp()(point), rtol=1e-12)
    with pytest.raises(kiln.InputError, match="x has 3 values, the model has 2 unconstrained parameters"):
        f(np.zeros(3))


def test_the_ctypes_callback_computes_what_the_function_does():
    model = observed_model()
    f = model.logp_dlogp_function()
    theta = np.array([0.3, -0.2])
    grad = np.zeros(2)
    logp = ctypes.c_double()
    as_doubles = lambda a: a.ctypes.data_as(ctypes.POINTER(ctypes.c_double))
    status = f.callback(2, as_doubles(theta), as_doubles(grad), ctypes.byref(logp), f.user_data)
    assert status == 0
    expected_logp, expected_grad = f(theta)
    assert logp.value == expected_logp
    np.testing.assert_array_equal(grad, expected_grad)
    assert f.callback(3, as_doubles(theta), as_doubles(grad), ctypes.byref(logp), f.user_data) != 0


def test_observed_and_transform_keywords():
    with pm.Model() as model:
        s = pm.HalfNormal("s", sigma=1.0, transform=None)
        pm.Normal("y", mu=0.0, sigma=s, observed=[0.5, -0.5])
    assert [v.name for v in model.value_vars] == ["s"]
    with pm.Model() as model:
        pm.Uniform("u", lower=0.0, upper=2.0, transform=pm.transforms.Interval(0.0, 2.0))
    assert [v.name for v in model.value_vars] == ["u_interval__"]
