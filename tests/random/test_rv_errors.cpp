// Invalid RandomVariable params throw ParameterValueError naming the distribution, the param
// and its value: at build time when the param is a constant, at perform time otherwise.
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <limits>

namespace kt = kiln::tensor;
using Catch::Contains;
using kiln::Array;

TEST_CASE("constant params are checked when the variable is built", "[random][rv][error]") {
  namespace r = kt::random;
  CHECK_THROWS_AS(r::normal(0, -1), kiln::ParameterValueError);
  CHECK_THROWS_WITH(r::normal(0, -1), Contains("normal: scale < 0") && Contains("scale = -1"));
  CHECK_THROWS_WITH(r::normal(0, Array{1.0, -2.5}), Contains("scale = -2.5"));
  CHECK_THROWS_WITH(r::halfnormal(0, 0), Contains("halfnormal: scale <= 0") && Contains("scale = 0"));
  CHECK_THROWS_WITH(r::uniform(2, 1), Contains("uniform: high - low < 0") && Contains("low = 2, high = 1"));
  CHECK_THROWS_WITH(r::exponential(-3), Contains("exponential: scale < 0 (scale = -3)"));
  CHECK_THROWS_WITH(r::gamma(-1, 1), Contains("gamma: shape < 0 (shape = -1)"));
  CHECK_THROWS_WITH(r::invgamma(1, 0), Contains("invgamma: scale <= 0 (scale = 0)"));
  CHECK_THROWS_WITH(r::beta(0, 1), Contains("beta: a <= 0 (a = 0)"));
  CHECK_THROWS_WITH(r::lognormal(0, -1), Contains("lognormal: sigma < 0 (sigma = -1)"));
  CHECK_THROWS_WITH(r::cauchy(0, -1), Contains("cauchy: scale <= 0 (scale = -1)"));
  CHECK_THROWS_WITH(r::halfcauchy(0, 0), Contains("halfcauchy: scale <= 0 (scale = 0)"));
  CHECK_THROWS_WITH(r::studentt(0), Contains("studentt: df <= 0 (df = 0)"));
  CHECK_THROWS_WITH(r::studentt(1, 0, -2), Contains("studentt: scale <= 0 (scale = -2)"));
  CHECK_THROWS_WITH(r::laplace(0, -1), Contains("laplace: scale < 0 (scale = -1)"));
  CHECK_THROWS_WITH(r::logistic(0, -1), Contains("logistic: scale < 0 (scale = -1)"));
  CHECK_THROWS_WITH(r::gumbel(0, -1), Contains("gumbel: scale < 0 (scale = -1)"));
  CHECK_THROWS_WITH(r::weibull(-1), Contains("weibull: a < 0 (a = -1)"));
  CHECK_THROWS_WITH(r::pareto(0), Contains("pareto: b <= 0 (b = 0)"));
  CHECK_THROWS_WITH(r::chisquare(-2), Contains("chisquare: df <= 0 (df = -2)"));
  CHECK_THROWS_WITH(r::triangular(2, 1, 3), Contains("triangular: left > mode") && Contains("left = 2"));
  CHECK_THROWS_WITH(r::triangular(0, 4, 3), Contains("triangular: mode > right"));
  CHECK_THROWS_WITH(r::triangular(1, 1, 1), Contains("triangular: left == right"));
  CHECK_THROWS_WITH(r::vonmises(0, -1), Contains("vonmises: kappa < 0 (kappa = -1)"));
  CHECK_THROWS_WITH(r::bernoulli(1.5), Contains("bernoulli: p < 0, p > 1 or p is NaN (p = 1.5)"));
  CHECK_THROWS_WITH(r::binomial(-1, 0.5), Contains("binomial: n < 0 (n = -1)"));
  CHECK_THROWS_WITH(r::binomial(3, -0.5), Contains("binomial") && Contains("p = -0.5"));
  CHECK_THROWS_WITH(r::poisson(-1), Contains("poisson: lam < 0 or lam is NaN (lam = -1)"));
  CHECK_THROWS_WITH(r::negative_binomial(0, 0.5), Contains("negative_binomial: n <= 0 (n = 0)"));
  CHECK_THROWS_WITH(r::negative_binomial(1, 0), Contains("negative_binomial: p <= 0, p > 1 or p is NaN (p = 0)"));
  CHECK_THROWS_WITH(r::geometric(0), Contains("geometric: p <= 0, p > 1 or p is NaN (p = 0)"));
  CHECK_THROWS_WITH(r::betabinom(-1, 1, 1), Contains("betabinom: n < 0 (n = -1)"));
  CHECK_THROWS_WITH(r::betabinom(3, 1, 0), Contains("betabinom: b <= 0 (b = 0)"));
  CHECK_THROWS_WITH(r::integers(5, 5), Contains("integers: low >= high") && Contains("low = 5, high = 5"));
  CHECK_THROWS_WITH(r::categorical(Array{0.5, -0.5}), Contains("categorical") && Contains("p[1] = -0.5"));
  CHECK_THROWS_WITH(r::dirichlet(Array{1.0, 0.0}), Contains("dirichlet: alpha <= 0 (alpha[1] = 0)"));
  CHECK_THROWS_WITH(r::multinomial(-2, Array{0.5, 0.5}), Contains("multinomial: n < 0 (n = -2)"));
  CHECK_THROWS_WITH(r::multinomial(3, Array{0.7, 0.7, 0.1}), Contains("multinomial: sum(p[:-1]) > 1.0"));
  CHECK_THROWS_WITH(r::multivariate_normal(Array{0.0, 0.0}, Array{{1.0, 2.0}, {2.0, 1.0}}),
                    Contains("multivariate_normal: cov is not positive definite"));
  CHECK_THROWS_WITH(r::multivariate_normal(Array{0.0, 0.0, 0.0}, Array{{1.0, 0.0}, {0.0, 1.0}}),
                    Contains("multivariate_normal: mean and cov must have same length"));
}

TEST_CASE("a constant param is checked even when another param is symbolic", "[random][rv][error]") {
  CHECK_THROWS_WITH(kt::random::normal(kt::scalar("mu"), -1), Contains("normal: scale < 0 (scale = -1)"));
}

TEST_CASE("symbolic params are checked when the draw is made", "[random][rv][error]") {
  auto sigma = kt::scalar("sigma");
  auto y = kt::random::normal(0, sigma);
  CHECK(std::isfinite(y.eval({{sigma, 1.0}}).item<double>()));
  CHECK_THROWS_AS(y.eval({{sigma, -2.0}}), kiln::ParameterValueError);
  CHECK_THROWS_WITH(y.eval({{sigma, -2.0}}), Contains("normal: scale < 0 (scale = -2)"));
  auto lo = kt::scalar("lo");
  auto t = kt::random::triangular(lo, 1, 2);
  CHECK_THROWS_WITH(t.eval({{lo, 1.5}}), Contains("triangular: left > mode"));
  auto p = kt::vector("p");
  CHECK_THROWS_WITH(kt::random::categorical(p).eval({{p, Array{0.2, -1.0}}}), Contains("p[1] = -1"));
}

TEST_CASE("a failed draw leaves the rng as it was", "[random][rv][error]") {
  auto rng = kiln::random_generator_shared(9);
  auto sigma = kt::scalar("sigma");
  auto y = kt::random::normal(0, sigma, {.rng = rng});
  auto f = kiln::function({sigma}, y, {.updates = {{rng, y.owner()->output(0)}}});
  CHECK_THROWS_AS(f(-1.0), kiln::ParameterValueError);
  CHECK(kiln::get_generator(rng).state() == kiln::random::Generator(9).state());
}
