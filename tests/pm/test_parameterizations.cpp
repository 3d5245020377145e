// PyMC's alternative parameterizations (logit_p, tau, lam, mu/sigma) and batched multivariate
// parameters: each log-density against the formula written out in doubles, the logit forms'
// tails, gradients against finite differences, and the errors.
#include "support/error_text.hpp"
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <vector>

namespace kt = kiln::tensor;
namespace pm = kiln::pm;
using kiln::Array;
using kiln::Var;
using kiln::testing::error_of;

namespace {

double eval(const Var& v) { return v.eval().item<double>(); }

std::vector<double> eval_vector(const Var& v) { return v.eval().to_vector<double>(); }

// log(sigmoid(x)) and log(1 - sigmoid(x)) without cancellation.
double log_sigmoid(double x) { return x < 0 ? x - std::log1p(std::exp(x)) : -std::log1p(std::exp(-x)); }

double lbinom(double n, double k) { return std::lgamma(n + 1) - std::lgamma(k + 1) - std::lgamma(n - k + 1); }

// d f / d x at x0 by central differences, f built on a scalar input.
double finite_difference(const std::function<Var(const Var&)>& f, double x0) {
  Var x = kt::scalar("x");
  kiln::Function fn = kiln::function({x}, f(x));
  const double h = 1e-6 * std::max(1.0, std::fabs(x0));
  return (fn(x0 + h).values()[0].item<double>() - fn(x0 - h).values()[0].item<double>()) / (2 * h);
}

double symbolic_gradient(const std::function<Var(const Var&)>& f, double x0) {
  Var x = kt::scalar("x");
  return kiln::function({x}, kiln::grad(f(x), x))(x0).values()[0].item<double>();
}

}  // namespace

TEST_CASE("Bernoulli and Binomial take logit_p, exact in both tails", "[pm][parameterizations]") {
  for (double x : {-800.0, -30.0, -1.5, 0.0, 0.7, 40.0, 800.0}) {
    INFO("logit_p = " << x);
    CHECK(eval(pm::logp(pm::Bernoulli::dist({.logit_p = x}), Var(std::int64_t{1}))) ==
          Approx(log_sigmoid(x)).epsilon(1e-14));
    CHECK(eval(pm::logp(pm::Bernoulli::dist({.logit_p = x}), Var(std::int64_t{0}))) ==
          Approx(log_sigmoid(-x)).epsilon(1e-14));
    const double n = 12, k = 5;
    CHECK(eval(pm::logp(pm::Binomial::dist(std::int64_t{12}, {.logit_p = x}), Var(std::int64_t{5}))) ==
          Approx(lbinom(n, k) + k * log_sigmoid(x) + (n - k) * log_sigmoid(-x)).epsilon(1e-13));
  }
  CHECK(eval(pm::logp(pm::Binomial::dist(std::int64_t{3}, {.logit_p = 0.2}), Var(std::int64_t{4}))) == -HUGE_VAL);
  auto bern = [](const Var& x) { return pm::logp(pm::Bernoulli::dist({.logit_p = x}), Var(std::int64_t{1})); };
  auto binom = [](const Var& x) {
    return pm::logp(pm::Binomial::dist(std::int64_t{9}, {.logit_p = x}), Var(std::int64_t{2}));
  };
  for (double x : {-3.0, 0.4, 2.5}) {
    CHECK(symbolic_gradient(bern, x) == Approx(finite_difference(bern, x)).epsilon(1e-7));
    CHECK(symbolic_gradient(binom, x) == Approx(finite_difference(binom, x)).epsilon(1e-7));
  }
  CHECK_THROWS_WITH(eval(pm::logp(pm::Binomial::dist(std::int64_t{3}, {.logit_p = NAN}), Var(std::int64_t{1}))),
                    Catch::Contains("n >= 0, 0 <= p <= 1"));
  CHECK(error_of([] { pm::Bernoulli::dist({.p = 0.5, .logit_p = 0.0}); }) ==
        "Bernoulli: give exactly one of p and logit_p");
  CHECK(error_of([] { pm::Binomial::dist(std::int64_t{3}, pm::ProbOrLogit{}); }) ==
        "Binomial: give exactly one of p and logit_p");
}

TEST_CASE("Normal, HalfNormal and LogNormal take tau; StudentT takes lam", "[pm][parameterizations]") {
  const double mu = 0.4, tau = 2.5, x = 1.3, sigma = 1 / std::sqrt(tau);
  const double normal = 0.5 * std::log(tau / (2 * M_PI)) - tau * (x - mu) * (x - mu) / 2;
  CHECK(eval(pm::logp(pm::Normal::dist(mu, {.tau = tau}), Var(x))) == Approx(normal).epsilon(1e-14));
  CHECK(eval(pm::logp(pm::HalfNormal::dist({.tau = tau}), Var(x))) ==
        Approx(std::log(2.0) + 0.5 * std::log(tau / (2 * M_PI)) - tau * x * x / 2).epsilon(1e-14));
  CHECK(
      eval(pm::logp(pm::LogNormal::dist(mu, {.tau = tau}), Var(x))) ==
      Approx(0.5 * std::log(tau / (2 * M_PI)) - tau * std::pow(std::log(x) - mu, 2) / 2 - std::log(x)).epsilon(1e-14));
  const double nu = 3.5, lam = 4.0, s = 1 / std::sqrt(lam), z = (x - mu) / s;
  const double t = std::lgamma((nu + 1) / 2) - std::lgamma(nu / 2) - 0.5 * std::log(nu * M_PI) - std::log(s) -
                   (nu + 1) / 2 * std::log1p(z * z / nu);
  CHECK(eval(pm::logp(pm::StudentT::dist(nu, mu, {.lam = lam}), Var(x))) == Approx(t).epsilon(1e-14));
  CHECK(eval(pm::logp(pm::Normal::dist(mu, {.sigma = sigma}), Var(x))) == Approx(normal).epsilon(1e-14));
  CHECK_THROWS_WITH(eval(pm::logp(pm::Normal::dist(0.0, {.tau = -1.0}), Var(x))), Catch::Contains("sigma > 0"));
  CHECK(error_of([] { pm::Normal::dist(0.0, {.sigma = 1.0, .tau = 1.0}); }) ==
        "Normal: give exactly one of sigma and tau");
  CHECK(error_of([] { pm::StudentT::dist(3.0, 0.0, pm::SigmaOrLam{}); }) ==
        "StudentT: give exactly one of sigma and lam");
}

TEST_CASE("Gamma and Beta take mu and sigma", "[pm][parameterizations]") {
  const double mu = 2.0, sigma = 0.8, x = 1.7;
  const double a = mu * mu / (sigma * sigma), b = mu / (sigma * sigma);
  CHECK(eval(pm::logp(pm::Gamma::dist({.mu = mu, .sigma = sigma}), Var(x))) ==
        Approx(a * std::log(b) - std::lgamma(a) + (a - 1) * std::log(x) - b * x).epsilon(1e-14));
  const double m = 0.3, s = 0.1, v = 0.42;
  const double kappa = m * (1 - m) / (s * s) - 1, al = m * kappa, be = (1 - m) * kappa;
  CHECK(eval(pm::logp(pm::Beta::dist({.mu = m, .sigma = s}), Var(v))) ==
        Approx((al - 1) * std::log(v) + (be - 1) * std::log1p(-v) -
               (std::lgamma(al) + std::lgamma(be) - std::lgamma(al + be)))
            .epsilon(1e-13));
  CHECK(eval(pm::logp(pm::Gamma::dist({.alpha = 2.0, .beta = 3.0}), Var(x))) ==
        Approx(2 * std::log(3.0) - std::lgamma(2.0) + std::log(x) - 3 * x).epsilon(1e-14));
  CHECK(error_of([] { pm::Gamma::dist({.alpha = 2.0, .mu = 1.0}); }) == "Gamma: give alpha and beta, or mu and sigma");
  CHECK(error_of([] { pm::Beta::dist({.mu = 0.5}); }) == "Beta: give alpha and beta, or mu and sigma");
  // The model form: a named variable from mu and sigma.
  pm::Model model;
  pm::ModelContext ctx(model);
  Var g = pm::Gamma("g", {.mu = mu, .sigma = sigma});
  CHECK(model.initial_point().at("g_log__").item<double>() == Approx(std::log(a / b)).epsilon(1e-14));
  (void)g;
}

TEST_CASE("Categorical takes logit_p and a batched p", "[pm][parameterizations][batched]") {
  const std::vector<std::vector<double>> logits{{0.5, -1.0, 2.0}, {-900.0, 0.0, 1.0}, {3.0, 3.0, -2.0}};
  const std::vector<std::int64_t> values{2, 0, 1};
  std::vector<double> expect;
  for (std::size_t r = 0; r < logits.size(); ++r) {
    double m = std::max({logits[r][0], logits[r][1], logits[r][2]}), s = 0;
    for (double l : logits[r]) s += std::exp(l - m);
    expect.push_back(logits[r][static_cast<std::size_t>(values[r])] - m - std::log(s));
  }
  Array table = Array::empty(kiln::DType::float64, {3, 3});
  for (std::int64_t i = 0; i < 9; ++i)
    table.set_from_double(i, logits[static_cast<std::size_t>(i / 3)][static_cast<std::size_t>(i % 3)]);
  auto got = eval_vector(pm::logp(pm::Categorical::dist({.logit_p = table}), Var(Array(values))));
  REQUIRE(got.size() == 3);
  for (std::size_t r = 0; r < 3; ++r) CHECK(got[r] == Approx(expect[r]).epsilon(1e-14));  // -900 stays finite

  // pm.Categorical("y", p=theta[group]): one row of theta per observation.
  Array theta{{0.2, 0.3, 0.5}, {0.6, 0.3, 0.1}};
  Var group = kt::constant(Array(std::vector<std::int64_t>{0, 1, 1, 0}));
  std::vector<std::int64_t> y{2, 0, 2, 1};
  auto lp = eval_vector(pm::logp(pm::Categorical::dist(kt::constant(theta)[group]), Var(Array(y))));
  const double want[] = {std::log(0.5), std::log(0.6), std::log(0.1), std::log(0.3)};
  for (std::size_t i = 0; i < 4; ++i) CHECK(lp[i] == Approx(want[i]).epsilon(1e-14));
  CHECK(eval_vector(pm::logp(pm::Categorical::dist(theta), Var(Array(std::vector<std::int64_t>{3, -1}))))[0] ==
        -HUGE_VAL);

  pm::Model model;
  {
    pm::ModelContext ctx(model);
    Var th = pm::Dirichlet("theta", Array{1.0, 1.0, 1.0}, {.size = {2}});
    pm::Categorical("y", th[group], {.observed = Array(y)});
  }
  auto f = model.compile_logp_dlogp();
  std::vector<double> x(f.size(), 0.1), grad(f.size());
  CHECK(std::isfinite(f(x, grad)));
  // The gradient against central differences of the same compiled function.
  for (std::size_t i = 0; i < x.size(); ++i) {
    std::vector<double> up = x, down = x, scratch(x.size());
    up[i] += 1e-6;
    down[i] -= 1e-6;
    CHECK(grad[i] == Approx((f(up, scratch) - f(down, scratch)) / 2e-6).epsilon(1e-6));
  }
}

TEST_CASE("Dirichlet and Multinomial read batched parameters row by row", "[pm][batched]") {
  Array a{{1.0, 2.0, 3.0}, {0.5, 0.5, 4.0}};
  Array v{{0.2, 0.3, 0.5}, {0.1, 0.1, 0.8}};
  auto lp = eval_vector(pm::logp(pm::Dirichlet::dist(a), Var(v)));
  for (std::int64_t r = 0; r < 2; ++r) {
    double sum_a = 0, want = 0;
    for (std::int64_t j = 0; j < 3; ++j) {
      const double aj = a.get_as_double(r * 3 + j);
      sum_a += aj;
      want += (aj - 1) * std::log(v.get_as_double(r * 3 + j)) - std::lgamma(aj);
    }
    CHECK(lp[static_cast<std::size_t>(r)] == Approx(want + std::lgamma(sum_a)).epsilon(1e-13));
  }
  Array p{{0.2, 0.3, 0.5}, {0.6, 0.3, 0.1}};
  Array counts(std::vector<std::int64_t>{1, 2, 3, 4, 0, 2});
  counts = Array::empty(kiln::DType::int64, {2, 3});
  const std::int64_t c[] = {1, 2, 3, 4, 0, 2};
  for (std::int64_t i = 0; i < 6; ++i) counts.set_from_double(i, static_cast<double>(c[i]));
  auto ml = eval_vector(pm::logp(pm::Multinomial::dist(Array(std::vector<std::int64_t>{6, 6}), p), Var(counts)));
  for (std::int64_t r = 0; r < 2; ++r) {
    double want = std::lgamma(7.0);
    for (std::int64_t j = 0; j < 3; ++j) {
      const double k = static_cast<double>(c[r * 3 + j]);
      want += k * std::log(p.get_as_double(r * 3 + j)) - std::lgamma(k + 1);
    }
    CHECK(ml[static_cast<std::size_t>(r)] == Approx(want).epsilon(1e-13));
  }
}
