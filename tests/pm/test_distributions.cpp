// Distributions beyond the SciPy table: support edges, tails, parameter checks and their
// messages, the custom random variables, multivariate parameterizations.
#include "support/error_text.hpp"

#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <cmath>

namespace kt = kiln::tensor;
namespace pm = kiln::pm;
using kiln::Array;
using kiln::Var;
using kiln::testing::error_of;

namespace {

double lp(const Var& rv, double value) { return pm::logp(rv, Var(value)).eval().item<double>(); }
double lc(const Var& rv, double value) { return pm::logcdf(rv, Var(value)).eval().item<double>(); }

}  // namespace

TEST_CASE("values outside the support give -inf", "[pm][support]") {
  const double ninf = -HUGE_VAL;
  CHECK(lp(pm::HalfNormal::dist(1.0), -0.5) == ninf);
  CHECK(lp(pm::HalfCauchy::dist(1.0), -0.5) == ninf);
  CHECK(lp(pm::HalfStudentT::dist(3.0, 1.0), -0.5) == ninf);
  CHECK(lp(pm::Exponential::dist(2.0), -1.0) == ninf);
  CHECK(lp(pm::Gamma::dist(2.0, 1.0), -1.0) == ninf);
  CHECK(lp(pm::InverseGamma::dist(2.0, 1.0), -1.0) == ninf);
  CHECK(lp(pm::LogNormal::dist(0.0, 1.0), -1.0) == ninf);
  CHECK(lp(pm::Beta::dist(2.0, 2.0), 1.5) == ninf);
  CHECK(lp(pm::Uniform::dist(0.0, 1.0), 2.0) == ninf);
  CHECK(lp(pm::Pareto::dist(2.0, 1.0), 0.5) == ninf);
  CHECK(lp(pm::Weibull::dist(2.0, 1.0), -0.5) == ninf);
  CHECK(lp(pm::ChiSquared::dist(3.0), -0.5) == ninf);
  CHECK(lp(pm::TruncatedNormal::dist(0.0, 1.0, -1.0, 1.0), 1.5) == ninf);
  CHECK(lp(pm::HalfFlat::dist(), -1.0) == ninf);
  CHECK(lp(pm::Bernoulli::dist(0.3), 2.0) == ninf);
  CHECK(lp(pm::Binomial::dist(5, 0.3), 6.0) == ninf);
  CHECK(lp(pm::Poisson::dist(2.0), -1.0) == ninf);
  CHECK(lp(pm::NegativeBinomial::dist(3.0, 2.0), -1.0) == ninf);
  CHECK(lp(pm::Geometric::dist(0.3), 0.0) == ninf);
  CHECK(lp(pm::DiscreteUniform::dist(1, 4), 5.0) == ninf);
  CHECK(lp(pm::BetaBinomial::dist(2.0, 3.0, 4), 5.0) == ninf);
  CHECK(pm::logp(pm::Categorical::dist(Array{0.2, 0.8}), Var(std::int64_t{2})).eval().item<double>() == ninf);
  CHECK(lc(pm::Gamma::dist(2.0, 1.0), -1.0) == ninf);
  CHECK(lc(pm::Beta::dist(2.0, 2.0), 1.5) == 0.0);
  CHECK(lc(pm::Poisson::dist(2.0), -1.0) == ninf);
}

TEST_CASE("log-CDFs keep their accuracy in the tails", "[pm][tails]") {
  // Normal at -40: erfcx keeps the lower tail finite and exact (log of 0 would be -inf).
  CHECK(lc(pm::Normal::dist(0, 1), -40.0) == Approx(-804.6084420137538).epsilon(1e-13));
  CHECK(lc(pm::Normal::dist(0, 1), 40.0) == 0.0);
  CHECK(lc(pm::Normal::dist(0, 1), 10.0) == Approx(-7.619853024160527e-24).epsilon(1e-12));
  CHECK(lc(pm::LogNormal::dist(0.0, 1.0), std::exp(-30.0)) == Approx(-454.3212439955).epsilon(1e-10));
  // Cauchy: cdf(-1e10) = atan(1e-10) / pi, cdf(1e10) = 1 - that.
  CHECK(lc(pm::Cauchy::dist(0.0, 1.0), -1e10) == Approx(std::log(1e-10 / M_PI)).epsilon(1e-13));
  CHECK(lc(pm::Cauchy::dist(0.0, 1.0), 1e10) == Approx(std::log1p(-std::atan(1e-10) / M_PI)).epsilon(1e-13));
  // StudentT(1) is Cauchy: the same tails through the incomplete beta.
  CHECK(lc(pm::StudentT::dist(1.0, 0.0, 1.0), -1e10) == Approx(std::log(1e-10 / M_PI)).epsilon(1e-12));
  CHECK(lc(pm::StudentT::dist(1.0, 0.0, 1.0), 1e10) == Approx(std::log1p(-std::atan(1e-10) / M_PI)).epsilon(1e-12));
  // Small HalfNormal values: log erf(z / sqrt 2) ~ log(z sqrt(2 / pi)).
  CHECK(lc(pm::HalfNormal::dist(1.0), 1e-12) == Approx(std::log(1e-12 * std::sqrt(2 / M_PI))).epsilon(1e-13));
  // Logistic far in the lower tail: softplus keeps logp finite.
  CHECK(lp(pm::Logistic::dist(0.0, 1.0), -1000.0) == Approx(-1000.0).epsilon(1e-15));
  CHECK(lc(pm::Exponential::dist(1.0), 1e-20) == Approx(std::log(1e-20)).epsilon(1e-13));
  CHECK(lc(pm::Gamma::dist(2.0, 1.0), 100.0) == Approx(-101.0 * std::exp(-100.0)).epsilon(1e-10));
}

// A count regression's NegativeBinomial(exp(eta), alpha): the log-density is written from the
// mean (log(mu) is eta), so its gradients in eta and log(alpha) are checked against central
// differences where mu << alpha, mu ~ alpha and mu >> alpha (scipy_logp_extra.json holds the
// values in those tails, from mpmath).
TEST_CASE("NegativeBinomial with a log link: gradients against central differences", "[pm][negbin]") {
  Var eta = kt::scalar("eta"), log_alpha = kt::scalar("log_alpha");
  for (double mu : {1e-3, 3.0, 1e4})
    for (double alpha : {0.5, 50.0})
      for (std::int64_t y : {0, 1, 7}) {
        Var rv = pm::NegativeBinomial::dist(kt::exp(eta), kt::exp(log_alpha));
        for (bool cdf : {false, true}) {
          Var f = cdf ? pm::logcdf(rv, Var(y)) : pm::logp(rv, Var(y));
          auto g = kiln::grad(f, {eta, log_alpha});
          kiln::Function fn = kiln::function({eta, log_alpha}, {f, g[0], g[1]});
          const double e0 = std::log(mu), a0 = std::log(alpha), h = 1e-5;
          auto at = [&](double e, double a) { return fn(e, a)[0].item<double>(); };
          auto out = fn(e0, a0);
          INFO((cdf ? "logcdf" : "logp") << " mu " << mu << " alpha " << alpha << " y " << y);
          CHECK(std::isfinite(out[0].item<double>()));
          CHECK(out[1].item<double>() ==
                Approx((at(e0 + h, a0) - at(e0 - h, a0)) / (2 * h)).epsilon(1e-6).margin(1e-8));
          CHECK(out[2].item<double>() ==
                Approx((at(e0, a0 + h) - at(e0, a0 - h)) / (2 * h)).epsilon(1e-6).margin(1e-8));
        }
      }
}

TEST_CASE("invalid parameters raise ParameterValueError naming the condition", "[pm][errors]") {
  CHECK_THROWS_MATCHES(pm::logp(pm::Normal::dist(0, -1), Var(0.0)).eval(), kiln::ParameterValueError,
                       Catch::Matchers::Message("sigma > 0"));
  CHECK(error_of([] { pm::logp(pm::Gamma::dist(-1.0, 1.0), Var(1.0)).eval(); }) == "alpha > 0, beta > 0");
  CHECK(error_of([] { pm::logp(pm::Beta::dist(1.0, 0.0), Var(0.5)).eval(); }) == "alpha > 0, beta > 0");
  CHECK(error_of([] { pm::logcdf(pm::StudentT::dist(-2.0, 0.0, 1.0), Var(0.5)).eval(); }) == "nu > 0, sigma > 0");
  CHECK(error_of([] { pm::logp(pm::Binomial::dist(3, 1.5), Var(1.0)).eval(); }) == "n >= 0, 0 <= p <= 1");
  CHECK(error_of([] { pm::logp(pm::Uniform::dist(1.0, 0.0), Var(0.5)).eval(); }) == "lower <= upper");
  CHECK(error_of([] { pm::logcdf(pm::Uniform::dist(1.0, 0.0), Var(0.5)).eval(); }) == "lower <= upper");
  CHECK(error_of([] { pm::logp(pm::Geometric::dist(-0.1), Var(2.0)).eval(); }) == "0 <= p <= 1");
  CHECK(error_of([] { pm::logcdf(pm::Geometric::dist(1.5), Var(2.0)).eval(); }) == "0 <= p <= 1");
  CHECK(error_of([] { pm::logcdf(pm::Dirichlet::dist(Array{1.0, 2.0}), Var(Array{0.5, 0.5})); }) ==
        "Dirichlet has no logcdf");
  CHECK(error_of([] { pm::logp(kt::scalar("x"), Var(0.0)); }) == "x is not a random variable");
  CHECK(error_of([] { pm::MvNormal::dist(Array{0.0, 0.0}, pm::MvNormalScale{}); }) ==
        "MvNormal: give exactly one of cov, chol and tau");
}

TEST_CASE("the edges of PyMC's parameter checks are valid parameters", "[pm][errors]") {
  // lower == upper: a point mass, whose density PyMC gives as -log(0) = +inf.
  CHECK(lp(pm::Uniform::dist(1.0, 1.0), 1.0) == HUGE_VAL);
  CHECK(lc(pm::Uniform::dist(1.0, 1.0), 1.0) == 0.0);
  // p = 0: a success never comes.
  CHECK(lp(pm::Geometric::dist(0.0), 3.0) == -HUGE_VAL);
  CHECK(lc(pm::Geometric::dist(0.0), 3.0) == -HUGE_VAL);
}

TEST_CASE("logp graphs are checked and named as PyMC's", "[pm][graph]") {
  Var rv = pm::Normal::dist(0, 1);
  rv.set_name("y");
  Var graph = pm::logp(rv, kt::scalar("v"));
  CHECK(graph.name() == "y_logprob");
  CHECK(graph.owner()->op().name() == "Check{sigma > 0}");
  CHECK(pm::logcdf(rv, kt::scalar("v")).name() == "y_logcdf");
}

TEST_CASE("MvNormal takes cov chol or tau alike", "[pm][mvnormal]") {
  Array mu{0.5, -1.0};
  Array cov{{2.0, 0.6}, {0.6, 1.0}};
  const double l11 = std::sqrt(2.0), l21 = 0.6 / l11, l22 = std::sqrt(1.0 - l21 * l21);
  Array chol{{l11, 0.0}, {l21, l22}};
  const double det = 2.0 - 0.36;
  Array tau{{1.0 / det, -0.6 / det}, {-0.6 / det, 2.0 / det}};
  Var x(Array{1.0, 0.25});
  const double want = pm::logp(pm::MvNormal::dist(mu, cov), x).eval().item<double>();
  // -0.5 d' S^-1 d - 0.5 log|S| - log(2 pi), d = (0.5, 1.25)
  const double quad = (0.25 * 1.0 - 2 * 0.6 * 0.5 * 1.25 + 2.0 * 1.5625) / det;
  CHECK(want == Approx(-0.5 * quad - 0.5 * std::log(det) - std::log(2 * M_PI)).epsilon(1e-14));
  CHECK(pm::logp(pm::MvNormal::dist(mu, {.chol = chol}), x).eval().item<double>() == Approx(want).epsilon(1e-14));
  CHECK(pm::logp(pm::MvNormal::dist(mu, {.tau = tau}), x).eval().item<double>() == Approx(want).epsilon(1e-13));
  CHECK_THROWS_MATCHES(pm::logp(pm::MvNormal::dist(mu, Array{{1.0, 2.0}, {2.0, 1.0}}), x).eval(),
                       kiln::ParameterValueError, Catch::Matchers::Message("posdef"));
}

TEST_CASE("MvNormal with chol solves with the factor it is given", "[pm][mvnormal]") {
  // As PyMC (chol tagged lower_triangular, cholesky(L L') -> L): no Cholesky of chol chol' in
  // the log-density or its gradient, and the same values as through the covariance.
  auto l = kt::matrix("L");
  auto x = kt::matrix("x");
  Array mu{0.5, -1.0};
  Var logp = kt::sum(pm::logp(pm::MvNormal::dist(mu, {.chol = l}), x));
  Var dl = kiln::grad(logp, l);
  for (const auto& node : kiln::toposort({logp, dl})) CHECK(node->op().name().find("Cholesky") == std::string::npos);
  Array chol{{1.4, 0.0}, {0.45, 0.8}};
  Array rows{{1.0, 0.25}, {-0.3, 0.9}, {2.0, -1.5}};
  Var cov_logp = kt::sum(pm::logp(pm::MvNormal::dist(mu, kt::dot(Var(chol), kt::transpose(Var(chol)))), x));
  kiln::Function f = kiln::function({l, x}, {logp, dl});
  auto got = f.call_positional({chol, rows}).values();
  CHECK(got[0].item<double>() == Approx(cov_logp.eval({{x, rows}}).item<double>()).epsilon(1e-14));
  // The gradient against central differences in each lower entry (the upper one is not read).
  for (auto [i, j] : {std::pair{0, 0}, {1, 0}, {1, 1}, {0, 1}}) {
    const double h = 1e-6;
    Array up = chol.copy(), down = chol.copy();
    up.set_from_double(2 * i + j, chol.get_as_double(2 * i + j) + h);
    down.set_from_double(2 * i + j, chol.get_as_double(2 * i + j) - h);
    const double fd = (f.call_positional({up, rows}).values()[0].item<double>() -
                       f.call_positional({down, rows}).values()[0].item<double>()) /
                      (2 * h);
    INFO("d logp / d L[" << i << "," << j << "]");
    CHECK(got[1].get_as_double(2 * i + j) == Approx(fd).epsilon(1e-7).margin(1e-9));
  }
  // A factor with a negative diagonal is not a Cholesky factor: PyMC's posdef check fails.
  CHECK_THROWS_MATCHES(f.call_positional({Array{{-1.4, 0.0}, {0.45, 0.8}}, rows}), kiln::ParameterValueError,
                       Catch::Matchers::Message("posdef"));
}

TEST_CASE("TruncatedNormal Flat and HalfFlat log-densities", "[pm][truncated]") {
  auto phi = [](double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); };
  Var tn = pm::TruncatedNormal::dist(1.0, 2.0, 0.0, 3.0);
  const double mass = phi(1.0) - phi(-0.5);
  const double z = (2.0 - 1.0) / 2.0;
  CHECK(lp(tn, 2.0) == Approx(-0.5 * z * z - std::log(std::sqrt(2 * M_PI)) - std::log(2.0) - std::log(mass)).epsilon(1e-13));
  CHECK(lc(tn, 2.0) == Approx(std::log((phi(z) - phi(-0.5)) / mass)).epsilon(1e-13));
  CHECK(lc(tn, 3.5) == 0.0);
  // Untruncated, it is the Normal.
  CHECK(lp(pm::TruncatedNormal::dist(1.0, 2.0), 2.0) == Approx(lp(pm::Normal::dist(1.0, 2.0), 2.0)).epsilon(1e-15));
  CHECK(lp(pm::Flat::dist(), 123.0) == 0.0);
  CHECK(lc(pm::Flat::dist(), 1.0) == Approx(std::log(0.5)));
  CHECK(lp(pm::HalfFlat::dist(), 2.0) == 0.0);
}

TEST_CASE("the distributions' own random variables draw inside their support", "[pm][draw]") {
  auto w = pm::draw(pm::Weibull::dist(2.0, 3.0), 200, {.random_seed = 1}).to_vector<double>();
  auto h = pm::draw(pm::HalfStudentT::dist(3.0, 1.0), 200, {.random_seed = 2}).to_vector<double>();
  auto d = pm::draw(pm::DiscreteUniform::dist(2, 4), 200, {.random_seed = 3}).to_vector<std::int64_t>();
  auto t = pm::draw(pm::TruncatedNormal::dist(0.0, 1.0, 0.5, 1.0), 200, {.random_seed = 4}).to_vector<double>();
  for (double x : w) CHECK(x >= 0);
  for (double x : h) CHECK(x >= 0);
  for (auto k : d) CHECK((k >= 2 && k <= 4));
  for (double x : t) CHECK((x >= 0.5 && x <= 1.0));
  CHECK(std::count(d.begin(), d.end(), 4) > 0);
  CHECK_THROWS_WITH(pm::draw(pm::Flat::dist(), 1), "Flat: an improper distribution has no random draws");
}
