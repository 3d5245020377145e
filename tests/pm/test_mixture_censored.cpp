// NormalMixture and Censored beyond their SciPy values (scipy_logp_extra.json): gradients
// against central differences, PyMC's moments, draws, parameter errors, and the two models of
// issue #17 that use them (a two-component normal mixture, a censored regression), each with
// coords, dims and pm::Data, through compile_logp_dlogp against the log-density written by hand.
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numbers>
#include <vector>

namespace kt = kiln::tensor;
namespace pm = kiln::pm;
using kiln::Array;
using kiln::Var;

namespace {

double phi_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }
double log_normal_pdf(double x, double mu, double sigma) {
  const double z = (x - mu) / sigma;
  return -0.5 * z * z - std::log(sigma) - 0.5 * std::log(2 * std::numbers::pi);
}

// d f / d x against a fourth-order central difference, for a compiled f(x) -> (f, df/dx).
void check_value_gradient(const Var& x, const Var& f, const std::vector<double>& at) {
  kiln::Function fn = kiln::function({x}, {f, kiln::grad(f, x)});
  for (double v : at) {
    const double h = 1e-4;
    auto val = [&](double t) { return fn(t)[0].item<double>(); };
    const double fd = (8 * (val(v + h) - val(v - h)) - (val(v + 2 * h) - val(v - 2 * h))) / (12 * h);
    INFO("at " << v);
    CHECK(fn(v)[1].item<double>() == Approx(fd).epsilon(1e-8).margin(1e-10));
  }
}

// The gradient of a compiled logp-and-gradient over theta against central differences of its logp.
void check_theta_gradient(const pm::LogpGradFunction& f, std::vector<double> theta) {
  std::vector<double> g(theta.size()), scratch(theta.size());
  f(theta, g);
  for (std::size_t i = 0; i < theta.size(); ++i) {
    const double h = 1e-5, t0 = theta[i];
    theta[i] = t0 + h;
    const double up = f(theta, scratch);
    theta[i] = t0 - h;
    const double down = f(theta, scratch);
    theta[i] = t0;
    INFO("d/d theta[" << i << "]");
    CHECK(g[i] == Approx((up - down) / (2 * h)).epsilon(1e-6).margin(1e-7));
  }
}

double initial_point_of(const std::function<void()>& build) {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    build();
  }
  return model.initial_point().at("x").item<double>();
}

}  // namespace

TEST_CASE("NormalMixture and Censored gradients match finite differences", "[pm][mixture][censored]") {
  Var x = kt::scalar("x");
  Var mixture = pm::NormalMixture::dist(Array{0.3, 0.7}, Array{-1.0, 2.0}, Array{0.5, 1.5});
  check_value_gradient(x, pm::logp(mixture, x), {-2.0, 0.4, 3.0});
  check_value_gradient(x, pm::logcdf(mixture, x), {-2.0, 0.4, 3.0});
  // In the parameters: mu and sigma of the components through the mixture.
  Var mu = kt::vector("mu"), sigma = kt::vector("sigma");
  Var lp = pm::logp(pm::NormalMixture::dist(Array{0.4, 0.6}, mu, sigma), Var(0.7));
  auto grads = kiln::grad(lp, {mu, sigma});
  kiln::Function f = kiln::function({mu, sigma}, {lp, grads[0], grads[1]});
  const std::vector<double> m0{-0.5, 1.0}, s0{0.8, 1.2};
  auto out = f(Array(m0), Array(s0));
  for (int i = 0; i < 2; ++i) {
    const double h = 1e-6;
    auto shifted = [&](bool in_mu, double step) {
      auto m = m0, s = s0;
      (in_mu ? m : s)[static_cast<std::size_t>(i)] += step;
      return f(Array(m), Array(s))[0].item<double>();
    };
    CHECK(out[1].to_vector<double>()[i] == Approx((shifted(true, h) - shifted(true, -h)) / (2 * h)).epsilon(1e-7));
    CHECK(out[2].to_vector<double>()[i] == Approx((shifted(false, h) - shifted(false, -h)) / (2 * h)).epsilon(1e-7));
  }
  // Censored in its mu, at a bound (the cdf's gradient) and inside (the density's).
  Var m = kt::scalar("m");
  for (double value : {-1.0, 0.5, 2.0}) {
    Var c = pm::logp(pm::Censored::dist(pm::Normal::dist(m, 1.3), -1.0, 2.0), Var(value));
    kiln::Function g = kiln::function({m}, {c, kiln::grad(c, m)});
    const double h = 1e-6, m0v = 0.3;
    INFO("censored at " << value);
    CHECK(g(m0v)[1].item<double>() ==
          Approx((g(m0v + h)[0].item<double>() - g(m0v - h)[0].item<double>()) / (2 * h)).epsilon(1e-7));
  }
}

TEST_CASE("NormalMixture and Censored moments are PyMC's", "[pm][mixture][censored][moments]") {
  CHECK(initial_point_of([] {
          pm::NormalMixture("x", Array{0.25, 0.75}, Array{-2.0, 2.0}, Array{1.0, 1.0});
        }) == Approx(1.0).epsilon(1e-15));
  CHECK(initial_point_of([] { pm::Censored("x", pm::Normal::dist(5.0, 1.0), -1.0, 3.0); }) == 1.0);
  CHECK(initial_point_of([] { pm::Censored("x", pm::Normal::dist(5.0, 1.0), -HUGE_VAL, 3.0); }) == 2.0);
  CHECK(initial_point_of([] { pm::Censored("x", pm::Normal::dist(5.0, 1.0), -1.0, HUGE_VAL); }) == 0.0);
  CHECK(initial_point_of([] { pm::Censored("x", pm::Normal::dist(5.0, 1.0), -HUGE_VAL, HUGE_VAL); }) == 0.0);
}

TEST_CASE("NormalMixture draws follow the mixture; Censored draws are the clipped draws",
          "[pm][mixture][censored][draws]") {
  const std::vector<double> w{0.3, 0.7}, mu{-2.0, 1.5}, sigma{0.7, 1.0};
  std::vector<double> draws =
      pm::draw(pm::NormalMixture::dist(Array(w), Array(mu), Array(sigma)), 4000, {.random_seed = 11})
          .to_vector<double>();
  std::sort(draws.begin(), draws.end());
  double d = 0;
  for (std::size_t i = 0; i < draws.size(); ++i) {
    double p = 0;
    for (int k = 0; k < 2; ++k) p += w[k] * phi_cdf((draws[i] - mu[k]) / sigma[k]);
    const double n = static_cast<double>(draws.size());
    d = std::max({d, p - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - p});
  }
  CHECK(d < 1.95 / std::sqrt(4000.0));  // KS at p = 0.001

  // The same generator gives the inner distribution's draws, then clipped.
  auto rng = [] { return kiln::random_generator_shared(5); };
  const std::vector<double> raw = pm::Normal::dist(0.5, 2.0, {.size = {50}, .rng = rng()}).eval().to_vector<double>();
  const std::vector<double> clipped =
      pm::Censored::dist(pm::Normal::dist(0.5, 2.0), -1.0, 2.0, {.size = {50}, .rng = rng()})
          .eval()
          .to_vector<double>();
  for (std::size_t i = 0; i < raw.size(); ++i) CHECK(clipped[i] == std::clamp(raw[i], -1.0, 2.0));
}

TEST_CASE("NormalMixture and Censored errors", "[pm][mixture][censored][errors]") {
  CHECK_THROWS_AS(pm::logp(pm::NormalMixture::dist(Array{0.6, 0.6}, Array{0.0, 1.0}, Array{1.0, 1.0}), Var(0.0)).eval(),
                  kiln::ParameterValueError);
  CHECK_THROWS_WITH(
      pm::logp(pm::NormalMixture::dist(Array{-0.2, 1.2}, Array{0.0, 1.0}, Array{1.0, 1.0}), Var(0.0)).eval(),
      Catch::Contains("0 <= weights <= 1, 1 == sum(weights)"));
  CHECK_THROWS_WITH(
      pm::logp(pm::NormalMixture::dist(Array{0.5, 0.5}, Array{0.0, 1.0}, Array{1.0, -1.0}), Var(0.0)).eval(),
      Catch::Contains("sigma > 0"));
  CHECK_THROWS_WITH(pm::logp(pm::Censored::dist(pm::Normal::dist(0.0, -1.0), -1.0, 1.0), Var(0.0)).eval(),
                    Catch::Contains("sigma > 0"));
  CHECK_THROWS_AS(pm::Censored::dist(pm::VonMises::dist(0.0, 1.0), -1.0, 1.0), kiln::InputError);
  CHECK_THROWS_WITH(pm::Censored::dist(pm::VonMises::dist(0.0, 1.0), -1.0, 1.0), Catch::Contains("has no logcdf"));
  CHECK_THROWS_AS(pm::draw(pm::NormalMixture::dist(Array{-0.5, 1.5}, Array{0.0, 1.0}, Array{1.0, 1.0})),
                  kiln::ParameterValueError);
  // Weights summing to less than 1 would leave some uniforms past every component, whose mu and
  // sigma the draw would then read out of bounds: refused, by the compiled draw too.
  CHECK_THROWS_WITH(pm::draw(pm::NormalMixture::dist(Array{0.3, 0.3}, Array{0.0, 1.0}, Array{1.0, 1.0}), 100),
                    "normal_mixture: w does not sum to 1 (sum of w[0:2] = 0.6)");
  CHECK_THROWS_WITH(pm::draw(pm::NormalMixture::dist(Array{0.5, 0.5, 0.3, 0.3}.reshape({2, 2}), Array{0.0, 1.0},
                                                     Array{1.0, 1.0}),
                             10),
                    "normal_mixture: w does not sum to 1 (sum of w[2:4] = 0.6)");
}

TEST_CASE("a two-component normal mixture with coords, dims and pm::Data", "[pm][mixture][model]") {
  const std::vector<double> y{-1.2, -0.8, 1.9, 2.4, 0.1, 2.2, -1.5, 1.7};
  pm::Model model({.coords = {{"component", {"low", "high"}}}});
  {
    pm::ModelContext ctx(model);
    Var yd = pm::Data("y", Array(y), {.dims = {"obs"}});
    Var w1 = pm::Beta("w1", 2, 2);
    Var mu = pm::Normal("mu", 0, 5, {.dims = {"component"}});
    Var sigma = pm::HalfNormal("sigma", 2, {.dims = {"component"}});
    pm::NormalMixture("y_obs", kt::stack({w1, 1.0 - w1}), mu, sigma, {.observed = yd, .dims = {"obs"}});
  }
  CHECK(model.parameter_names() ==
        std::vector<std::string>{"w1_logodds__", "mu[low]", "mu[high]", "sigma_log__[low]", "sigma_log__[high]"});
  auto hand = [&](const std::vector<double>& t, const std::vector<double>& data) {
    const double w1 = 1 / (1 + std::exp(-t[0]));
    const double w[2] = {w1, 1 - w1}, mu[2] = {t[1], t[2]}, sigma[2] = {std::exp(t[3]), std::exp(t[4])};
    double lp = std::log(6.0) + 2 * std::log(w1) + 2 * std::log1p(-w1);  // Beta(2, 2) and its logodds Jacobian
    for (int k = 0; k < 2; ++k) {
      lp += log_normal_pdf(mu[k], 0, 5);
      lp += std::log(2.0) + log_normal_pdf(sigma[k], 0, 2) + t[3 + k];  // HalfNormal(2) and the log Jacobian
    }
    for (double v : data)
      lp += std::log(w[0] * std::exp(log_normal_pdf(v, mu[0], sigma[0])) +
                     w[1] * std::exp(log_normal_pdf(v, mu[1], sigma[1])));
    return lp;
  };
  const std::vector<double> theta{0.3, -1.1, 1.8, -0.4, 0.2};
  pm::LogpGradFunction f = model.compile_logp_dlogp();
  std::vector<double> g(theta.size());
  CHECK(f(theta, g) == Approx(hand(theta, y)).epsilon(1e-13));
  check_theta_gradient(f, theta);
  // New data through set_data, without recompiling.
  const std::vector<double> y2{0.5, 2.5, -2.0, 1.0, 1.1, -0.3, 3.0, 0.0};
  model.set_data("y", Array(y2));
  CHECK(f(theta, g) == Approx(hand(theta, y2)).epsilon(1e-13));
}

TEST_CASE("a censored regression with coords, dims and pm::Data", "[pm][censored][model]") {
  const std::vector<double> x{-1.5, -0.7, 0.0, 0.4, 1.1, 1.9, 2.5};
  const double lower = -1.0, upper = 2.0;
  const std::vector<double> y{-1.0, -0.6, 0.3, 0.9, 2.0, 2.0, 1.4};  // -1 and 2: censored at the bounds
  pm::Model model({.coords = {{"coef", {"intercept", "slope"}}}});
  {
    pm::ModelContext ctx(model);
    Var xd = pm::Data("x", Array(x), {.dims = {"obs"}});
    Var yd = pm::Data("y", Array(y), {.dims = {"obs"}});
    Var beta = pm::Normal("beta", 0, 2, {.dims = {"coef"}});
    Var sigma = pm::HalfNormal("sigma", 1);
    pm::Censored("y_obs", pm::Normal::dist(beta[0] + beta[1] * xd, sigma), lower, upper,
                 {.observed = yd, .dims = {"obs"}});
  }
  CHECK(model.parameter_names() == std::vector<std::string>{"beta[intercept]", "beta[slope]", "sigma_log__"});
  auto hand = [&](const std::vector<double>& t) {
    const double sigma = std::exp(t[2]);
    double lp =
        log_normal_pdf(t[0], 0, 2) + log_normal_pdf(t[1], 0, 2) + std::log(2.0) + log_normal_pdf(sigma, 0, 1) + t[2];
    for (std::size_t i = 0; i < x.size(); ++i) {
      const double m = t[0] + t[1] * x[i];
      if (y[i] == lower)
        lp += std::log(phi_cdf((lower - m) / sigma));
      else if (y[i] == upper)
        lp += std::log(phi_cdf((m - upper) / sigma));
      else
        lp += log_normal_pdf(y[i], m, sigma);
    }
    return lp;
  };
  const std::vector<double> theta{0.2, 0.7, -0.3};
  pm::LogpGradFunction f = model.compile_logp_dlogp();
  std::vector<double> g(theta.size());
  CHECK(f(theta, g) == Approx(hand(theta)).epsilon(1e-13));
  check_theta_gradient(f, theta);
}
