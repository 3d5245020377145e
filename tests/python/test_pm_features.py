"""kiln.pm as PyMC 5 users write models: shape= and dims=, coords, pm.Data with set_data,
PyMC's other parameterizations (logit_p, tau, lam, mu/sigma), batched Categorical, the
zero-inflated counts and Triangular; values against SciPy, errors typed and naming the argument."""
import numpy as np
import pytest
import scipy.special as sp
import scipy.stats as st

import kiln
import kiln.pm as pm
import kiln.tensor as at


def logp_of(rv, value):
    return pm.logp(rv, value).eval()


# ---- shape= and size= ----------------------------------------------------------------------

def test_shape_is_the_whole_shape():
    with pm.Model() as model:
        x = pm.Normal("x", 0, 1, shape=(3,))
        s = pm.Normal("s", 0, 1, shape=3)
        p = pm.Dirichlet("p", a=np.ones(4), shape=(5, 4))
        v = pm.MvNormal("v", mu=np.zeros(3), cov=np.eye(3), shape=(2, 3))
    assert x.type.shape == (3,) and s.type.shape == (3,)
    assert p.type.shape == (5, 4) and v.type.shape == (2, 3)
    assert model.parameter_names()[:4] == ["x[0]", "x[1]", "x[2]", "s[0]"]
    assert pm.draw(pm.Normal.dist(mu=0, sigma=1, shape=(2, 3)), random_seed=1).shape == (2, 3)
    assert pm.draw(pm.Dirichlet.dist(a=np.ones(3), shape=(2, 3)), random_seed=1).shape == (2, 3)
    assert pm.Poisson.dist(mu=2.0, size=(4,)).type.shape == (4,)


def test_shape_errors_name_the_argument_and_register_nothing():
    with pm.Model() as model:
        with pytest.raises(kiln.InputError, match=r"^Normal: give size or shape, not both$"):
            pm.Normal("x", 0, 1, shape=(3,), size=(3,))
        with pytest.raises(kiln.InputError,
                           match=r"^Dirichlet: shape \(5, 3\) does not fit its parameters, which give TensorType\(float64, \(5, 4\)\)$"):
            pm.Dirichlet("p", a=np.ones(4), shape=(5, 3))
        with pytest.raises(kiln.InputError, match=r"^MvNormal: shape \(\) has fewer dims than the 1 of a MvNormal draw$"):
            pm.MvNormal("v", mu=np.zeros(3), cov=np.eye(3), shape=())
        with pytest.raises(TypeError, match=r"^Normal: shape: expected an int or a sequence of ints, got 'a'$"):
            pm.Normal("y", shape="a")
    assert model.basic_RVs == []


# ---- coords and dims -----------------------------------------------------------------------

def radon_like_model():
    coords = {"county": ["Aitkin", "Anoka", "Becker"], "year": range(2000, 2002)}
    with pm.Model(coords=coords) as model:
        a = pm.Normal("a", mu=0, sigma=1, dims="county")
        b = pm.Normal("b", mu=0, tau=4, dims=("year", "county"))
        pm.Deterministic("a2", a * 2, dims="county")
    return model


def test_coords_and_dims():
    model = radon_like_model()
    assert model.coords == {"county": ("Aitkin", "Anoka", "Becker"), "year": (2000, 2001)}
    assert model["a"].type.shape == (3,) and model["b"].type.shape == (2, 3)
    assert model.named_vars_to_dims == {"a": ("county",), "b": ("year", "county"), "a2": ("county",)}
    assert model.parameter_names()[:4] == ["a[Aitkin]", "a[Anoka]", "a[Becker]", "b[2000,Aitkin]"]
    model.add_coord("group", ["x", "y"])
    model.add_coord("obs", length=5)
    assert model.coords["group"] == ("x", "y") and model.coords["obs"] is None
    model.add_coords({"k": np.arange(3)}, lengths=None)
    assert model.coords["k"] == (0, 1, 2)
    with model:
        c = pm.Normal("c", 0, 1, dims=("obs", "group"))
    assert c.type.shape == (5, 2)


def test_coords_errors():
    model = radon_like_model()
    with pytest.raises(kiln.InputError, match=r"^add_coord: give the values or the length of dim 'z'$"):
        model.add_coord("z")
    with pytest.raises(kiln.ValueError, match=r"^the model already has a dim named 'county'$"):
        model.add_coord("county", ["a"])
    with pytest.raises(TypeError, match=r"^add_coord: length of dim 'n' must be an int, got float$"):
        model.add_coord("n", length=2.5)
    with pytest.raises(TypeError, match=r"^Model: coords\['obs'\]: expected a sequence of labels, got int$"):
        pm.Model(coords={"obs": 3})
    with model:
        with pytest.raises(kiln.ValueError, match="dim 'nope' is unknown to the model"):
            pm.Normal("q", 0, 1, dims="nope")
        with pytest.raises(TypeError, match=r"^Normal: dims: a dim's name is a str, got int$"):
            pm.Normal("q", 0, 1, dims=[1])
        with pytest.raises(kiln.InputError, match=r"^Normal: give dims, or size or shape, not both$"):
            pm.Normal("q", 0, 1, dims="county", shape=(3,))


# ---- pm.Data and set_data ------------------------------------------------------------------

def logistic_regression(x, y):
    with pm.Model(coords={"obs": range(len(x))}) as model:
        xd = pm.Data("x", x, dims="obs")
        yd = pm.Data("y", y, dims="obs")
        beta = pm.Normal("beta", mu=0, sigma=2)
        pm.Bernoulli("lik", logit_p=beta * xd, observed=yd, dims="obs")
    return model


def logistic_reference(beta, x, y):
    return st.norm(0, 2).logpdf(beta) + st.bernoulli(sp.expit(beta * x)).logpmf(y).sum()


def test_data_and_set_data_change_what_compiled_functions_read():
    x, y = np.array([-1.0, 0.5, 2.0]), np.array([0, 1, 1])
    model = logistic_regression(x, y)
    assert model.data_vars == [model["x"], model["y"]]
    f = model.compile_logp()
    sampler = model.logp_dlogp_function()
    point = {"beta": np.array(0.7)}
    np.testing.assert_allclose(f(point), logistic_reference(0.7, x, y), rtol=1e-12)

    x2, y2 = np.linspace(-2, 2, 5), np.array([0, 0, 1, 1, 0])
    pm.set_data({"x": x2, "y": y2}, model=model, coords={"obs": range(10, 15)})
    np.testing.assert_allclose(f(point), logistic_reference(0.7, x2, y2), rtol=1e-12)
    logp, grad = sampler(np.array([0.7]))
    np.testing.assert_allclose(logp, logistic_reference(0.7, x2, y2), rtol=1e-12)
    eps = 1e-6
    fd = (logistic_reference(0.7 + eps, x2, y2) - logistic_reference(0.7 - eps, x2, y2)) / (2 * eps)
    np.testing.assert_allclose(grad, [fd], rtol=1e-7)
    assert model.coords["obs"] == (10, 11, 12, 13, 14)

    with model:  # the active model, and model.set_data
        pm.set_data({"x": x2 * 2})
    np.testing.assert_allclose(f(point), logistic_reference(0.7, x2 * 2, y2), rtol=1e-12)
    model.set_data("x", x2)
    np.testing.assert_allclose(f(point), logistic_reference(0.7, x2, y2), rtol=1e-12)


def test_set_data_errors():
    model = logistic_regression(np.zeros(3), np.zeros(3, dtype=int))
    with pytest.raises(kiln.ValueError, match=r"^set_data: the model has no data variable named 'q'$"):
        model.set_data("q", np.zeros(3))
    with pytest.raises(kiln.ValueError, match="without its new labels: give them in coords"):
        model.set_data("x", np.zeros(4))
    with pytest.raises(kiln.ValueError, match=r"^set_data: coords for dim 'k' were given, but none of the data set has it$"):
        pm.set_data({"x": np.zeros(3)}, model=model, coords={"k": [1]})
    # All or nothing: a refused set leaves every value as it was.
    f = model.compile_logp()
    before = f({"beta": np.array(0.7)})
    with pytest.raises(kiln.ValueError, match=r"^set_data: 'y' has length 5 along dim 'obs', but 'x' gives it length 4$"):
        pm.set_data({"x": np.ones(4), "y": np.ones(5, dtype=int)}, model=model, coords={"obs": range(4)})
    with pytest.raises(kiln.ValueError, match=r"^set_data: the model has no data variable named 'q'$"):
        pm.set_data({"x": np.ones(3), "q": np.ones(3)}, model=model)
    assert f({"beta": np.array(0.7)}) == before
    assert model.coords["obs"] == (0, 1, 2)
    with pytest.raises(TypeError, match=r"^No model on context stack$"):
        pm.set_data({"x": np.zeros(3)})
    with pytest.raises(TypeError, match=r"^Data: dims: a dim's name is a str, got int$"):
        with model:
            pm.Data("z", np.zeros(3), dims=[0])


def test_mutable_and_constant_data_are_data():
    with pm.Model():
        x = pm.MutableData("x", [1.0, 2.0])
        c = pm.ConstantData("c", [3.0])
    assert (x.name, c.name) == ("x", "c")


# ---- PyMC's parameterizations --------------------------------------------------------------

@pytest.mark.parametrize("dist, value, reference", [
    (lambda: pm.Normal.dist(mu=1.0, tau=4.0), 0.3, st.norm(1.0, 0.5).logpdf),
    (lambda: pm.HalfNormal.dist(tau=4.0), 0.3, st.halfnorm(0, 0.5).logpdf),
    (lambda: pm.LogNormal.dist(mu=0.2, tau=2.0), 1.3, st.lognorm(2.0 ** -0.5, scale=np.exp(0.2)).logpdf),
    (lambda: pm.StudentT.dist(nu=3.0, mu=1.0, lam=4.0), 0.3, st.t(3.0, 1.0, 0.5).logpdf),
    (lambda: pm.Gamma.dist(mu=2.0, sigma=1.0), 1.3, st.gamma(4.0, scale=0.5).logpdf),
    (lambda: pm.Beta.dist(mu=0.3, sigma=0.1), 0.25, st.beta(6.0, 14.0).logpdf),
    (lambda: pm.Bernoulli.dist(logit_p=0.3), 1, st.bernoulli(sp.expit(0.3)).logpmf),
    (lambda: pm.Bernoulli.dist(logit_p=-40.0), 1, lambda k: -40.0 - np.log1p(np.exp(-40.0))),
    (lambda: pm.Binomial.dist(n=10, logit_p=-0.4), 3, st.binom(10, sp.expit(-0.4)).logpmf),
    (lambda: pm.Categorical.dist(logit_p=[0.1, -0.5, 2.0]), 2, lambda k: np.log(sp.softmax([0.1, -0.5, 2.0])[k])),
    (lambda: pm.Triangular.dist(lower=0.0, c=0.3, upper=2.0), 1.1, st.triang(0.15, loc=0.0, scale=2.0).logpdf),
    (lambda: pm.Triangular.dist(), 0.2, st.triang(0.5).logpdf),
])
def test_parameterizations_match_scipy(dist, value, reference):
    np.testing.assert_allclose(logp_of(dist(), value), reference(value), rtol=1e-12)


def test_triangular_logcdf():
    np.testing.assert_allclose(pm.logcdf(pm.Triangular.dist(lower=-1.0, c=0.0, upper=3.0), 0.5).eval(),
                               st.triang(0.25, loc=-1.0, scale=4.0).logcdf(0.5), rtol=1e-12)


def test_batched_categorical_as_pymc_users_write_it():
    theta = np.array([[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]])
    group = np.array([0, 1, 1, 0])
    y = np.array([2, 0, 1, 1])
    with pm.Model() as model:
        pm.Categorical("y", p=theta[group], observed=y)
        pm.Categorical("z", logit_p=np.log(theta[group]), observed=y)
    terms = model.logp(sum=False)
    expected = np.log(theta[group, y])
    np.testing.assert_allclose(terms[0].eval(), expected, rtol=1e-12)
    np.testing.assert_allclose(terms[1].eval(), expected, rtol=1e-12)


def test_zero_inflated_counts_match_scipy():
    psi, mu, alpha, n, p = 0.7, 3.0, 2.5, 8, 0.35
    ks = np.array([0, 1, 4])
    zip_ref = np.where(ks == 0, np.log((1 - psi) + psi * st.poisson(mu).pmf(0)), np.log(psi) + st.poisson(mu).logpmf(ks))
    zib_ref = np.where(ks == 0, np.log((1 - psi) + psi * st.binom(n, p).pmf(0)), np.log(psi) + st.binom(n, p).logpmf(ks))
    nb = st.nbinom(alpha, alpha / (mu + alpha))
    zinb_ref = np.where(ks == 0, np.log((1 - psi) + psi * nb.pmf(0)), np.log(psi) + nb.logpmf(ks))
    np.testing.assert_allclose(logp_of(pm.ZeroInflatedPoisson.dist(psi=psi, mu=mu), ks), zip_ref, rtol=1e-12)
    np.testing.assert_allclose(logp_of(pm.ZeroInflatedBinomial.dist(psi=psi, n=n, p=p), ks), zib_ref, rtol=1e-12)
    np.testing.assert_allclose(logp_of(pm.ZeroInflatedNegativeBinomial.dist(psi=psi, mu=mu, alpha=alpha), ks),
                               zinb_ref, rtol=1e-12)
    draws = pm.draw(pm.ZeroInflatedPoisson.dist(psi=psi, mu=mu), draws=20_000, random_seed=3)
    assert abs(draws.mean() - psi * mu) < 0.06 and abs((draws == 0).mean() - (1 - psi + psi * np.exp(-mu))) < 0.015


def test_a_zero_inflated_poisson_regression():
    x = np.array([0.0, 0.5, 1.0, 1.5])
    y = np.array([0, 1, 0, 4])
    with pm.Model(coords={"obs": range(4)}) as model:
        xd = pm.Data("x", x, dims="obs")
        b = pm.Normal("b", 0, 1)
        psi = pm.Beta("psi", 2, 2)
        pm.ZeroInflatedPoisson("y", psi=psi, mu=at.exp(b * xd), observed=y, dims="obs")
    point = {"b": np.array(0.4), "psi_logodds__": np.array(0.2)}
    psi_v = sp.expit(0.2)
    mu = np.exp(0.4 * x)
    lik = np.where(y == 0, np.log((1 - psi_v) + psi_v * np.exp(-mu)), np.log(psi_v) + st.poisson(mu).logpmf(y))
    jac = np.log(psi_v) + np.log1p(-psi_v)
    expected = st.norm(0, 1).logpdf(0.4) + st.beta(2, 2).logpdf(psi_v) + jac + lik.sum()
    np.testing.assert_allclose(model.compile_logp()(point), expected, rtol=1e-12)


# ---- argument errors -----------------------------------------------------------------------

def test_docstrings_give_the_signatures():
    assert pm.Normal.__doc__.splitlines()[-1] == (
        "Normal(name, mu, sigma, tau, *, observed=None, size=None, shape=None, dims=None, transform=<default>)")
    assert pm.Normal.dist.__doc__.splitlines()[-1] == "Normal.dist(mu, sigma, tau, *, size=None, shape=None, rng=None)"


def test_parameter_errors_are_typed_and_name_the_argument():
    with pytest.raises(kiln.InputError, match=r"^Normal: give sigma or tau, not both$"):
        pm.Normal.dist(mu=0, sigma=1, tau=1)
    with pytest.raises(kiln.InputError, match=r"^Bernoulli: give p or logit_p, not both$"):
        pm.Bernoulli.dist(p=0.5, logit_p=0.0)
    with pytest.raises(kiln.InputError, match=r"^Gamma: give alpha and beta, or mu and sigma$"):
        pm.Gamma.dist(alpha=1.0, sigma=2.0)
    with pytest.raises(kiln.InputError, match=r"^MvNormal: give exactly one of cov, tau and chol$"):
        pm.MvNormal.dist(mu=np.zeros(2), cov=np.eye(2), chol=np.eye(2))
    with pytest.raises(kiln.InputError, match=r"^ZeroInflatedNegativeBinomial: kiln has the \(mu, alpha\) form only, not \(n, p\)$"):
        pm.ZeroInflatedNegativeBinomial.dist(psi=0.5, n=3, p=0.5)
    with pytest.raises(TypeError, match=r"^Normal: unexpected keyword argument 'sd' \(parameters: mu, sigma, tau\)$"):
        pm.Normal.dist(mu=0, sd=1)
    with pytest.raises(TypeError, match=r"^StudentT: missing parameter nu$"):
        pm.StudentT.dist(mu=0)
    with pytest.raises(TypeError, match=r"^Poisson: takes 1 parameters \(mu\), got 2 positional arguments$"):
        pm.Poisson.dist(1.0, 2.0)
    with pytest.raises(TypeError, match=r"^Normal: parameter mu given twice$"):
        pm.Normal.dist(0.0, mu=1.0)
    with pytest.raises(TypeError, match=r"^Normal: unexpected keyword argument 'observed'"):
        pm.Normal.dist(observed=[1.0])
    with pm.Model():
        with pytest.raises(TypeError, match=r"^Normal: missing the variable's name$"):
            pm.Normal(mu=0.0)
        with pytest.raises(TypeError, match=r"^Normal: name must be a str, got int$"):
            pm.Normal(3, 0, 1)
        with pytest.raises(TypeError, match=r"^Normal: transform: expected one of kiln.pm.transforms or None, got str$"):
            pm.Normal("t", 0, 1, transform="log")
        pm.Normal("dup", 0, 1)
        with pytest.raises(kiln.ModelError, match=r"^variable name 'dup' already exists in the model$"):
            pm.Normal("dup", 0, 1)
    with pytest.raises(kiln.ModelError, match="no active model"):
        pm.Normal("outside", 0, 1)
    assert issubclass(kiln.ModelError, ValueError)
