// Issue 17's user models, written as PyMC users write them (coords, dims, pm::Data): a
// zero-inflated Poisson regression, an AR(2) series around a GaussianRandomWalk trend, and a
// censored regression. Each model's log-density (without the transforms' Jacobians) equals its
// formula written out here with <cmath> at the constrained values, and the gradient of the
// flat logp (with Jacobians) equals central differences of it.
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

namespace kt = kiln::tensor;
namespace pm = kiln::pm;
using kiln::Array;
using kiln::Var;

namespace {

const double kHalfLog2Pi = 0.5 * std::log(2 * M_PI);

double normal_lp(double x, double mu, double sigma) {
  const double z = (x - mu) / sigma;
  return -0.5 * z * z - std::log(sigma) - kHalfLog2Pi;
}
double halfnormal_lp(double x, double sigma) { return std::log(2.0) + normal_lp(x, 0.0, sigma); }
double log_phi(double z) { return std::log(0.5 * std::erfc(-z / std::sqrt(2.0))); }

// A deterministic, irregular point of the flat parameter space.
std::vector<double> theta_of(std::size_t n) {
  std::vector<double> t(n);
  for (std::size_t i = 0; i < n; ++i) t[i] = 0.3 * std::sin(1.7 * static_cast<double>(i) + 0.4);
  return t;
}

std::vector<double> values(const kiln::Point& p, const std::string& name) { return p.at(name).to_vector<double>(); }

// The flat logp's gradient against central differences.
void check_gradient(const pm::LogpGradFunction& f, const std::vector<double>& theta) {
  std::vector<double> g(f.size()), scratch(f.size());
  f(theta, g);
  const double h = 1e-6;
  for (std::size_t i = 0; i < theta.size(); ++i) {
    std::vector<double> up = theta, down = theta;
    up[i] += h;
    down[i] -= h;
    const double fd = (f(up, scratch) - f(down, scratch)) / (2 * h);
    INFO("parameter " << i);
    CHECK(g[i] == Approx(fd).epsilon(1e-6).margin(1e-6));
  }
}

Array design(std::int64_t n, std::int64_t k, double shift) {
  Array x = Array::empty(kiln::DType::float64, {n, k});
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t c = 0; c < k; ++c)
      x.data<double>()[i * k + c] = c == 0 ? 1.0 : std::sin(0.37 * static_cast<double>(i * k + c) + shift);
  return x;
}

}  // namespace

TEST_CASE("zero-inflated Poisson regression with coords and pm::Data", "[pm][models][zip]") {
  const std::int64_t n = 120, k = 3;
  std::vector<double> y(n);
  for (std::int64_t i = 0; i < n; ++i) y[i] = static_cast<double>(i % 7 < 3 ? 0 : (i * 5) % 6);
  pm::Model model({.coords = {{"coef", {"intercept", "x1", "x2"}}}});
  {
    pm::ModelContext ctx(model);
    Var x = pm::Data("X", design(n, k, 0.0), {.dims = {"obs", "coef"}});
    Var yd = pm::Data("y", Array(y), {.dims = {"obs"}});
    Var beta = pm::Normal("beta", 0, 1, {.dims = {"coef"}});
    Var psi = pm::Beta("psi", 2, 2);
    pm::ZeroInflatedPoisson("y_obs", psi, kt::exp(kt::dot(x, beta)), {.observed = yd, .dims = {"obs"}});
  }
  const auto hand = [&](const Array& xs, const std::vector<double>& theta) {
    const kiln::Point p = model.constrain(theta);
    const auto beta = values(p, "beta");
    const double psi = p.at("psi").item<double>();
    double lp = std::log(6.0) + std::log(psi) + std::log1p(-psi);
    for (double b : beta) lp += normal_lp(b, 0, 1);
    for (std::int64_t i = 0; i < n; ++i) {
      double eta = 0;
      for (std::int64_t c = 0; c < k; ++c) eta += xs.get_as_double(i * k + c) * beta[static_cast<std::size_t>(c)];
      const double mu = std::exp(eta);
      lp += y[i] == 0 ? std::log((1 - psi) + psi * std::exp(-mu))
                      : std::log(psi) + y[i] * eta - mu - std::lgamma(y[i] + 1);
    }
    return lp;
  };
  const pm::LogpGradFunction f = model.compile_logp_dlogp(false);
  REQUIRE(f.size() == 4);
  const auto theta = theta_of(4);
  std::vector<double> g(4);
  CHECK(f(theta, g) == Approx(hand(design(n, k, 0.0), theta)).epsilon(1e-12));
  check_gradient(model.compile_logp_dlogp(), theta);
  // New covariates through set_data: the compiled function reads them.
  model.set_data("X", design(n, k, 1.0));
  CHECK(f(theta, g) == Approx(hand(design(n, k, 1.0), theta)).epsilon(1e-12));
}

TEST_CASE("AR(2) series around a GaussianRandomWalk trend with coords and pm::Data", "[pm][models][timeseries]") {
  const std::int64_t T = 60;
  std::vector<double> y(T);
  for (std::int64_t t = 0; t < T; ++t) y[t] = 0.05 * static_cast<double>(t) + std::sin(0.4 * static_cast<double>(t));
  pm::Model model({.coords = {{"time", T}, {"lags", {"lag1", "lag2"}}}});
  {
    pm::ModelContext ctx(model);
    Var yd = pm::Data("y", Array(y), {.dims = {"time"}});
    Var sigma_trend = pm::HalfNormal("sigma_trend", 0.1);
    Var trend = pm::GaussianRandomWalk(
        "trend", {.mu = 0.0, .sigma = sigma_trend, .init_dist = pm::Normal::dist(0.0, 1.0)}, {.dims = {"time"}});
    Var rho = pm::Normal("rho", 0.0, 0.5, {.dims = {"lags"}});
    Var sigma_ar = pm::HalfNormal("sigma_ar", 1.0);
    Var ar = pm::AR("ar", {.rho = rho, .sigma = sigma_ar, .init_dist = pm::Normal::dist(0.0, 1.0)}, {.dims = {"time"}});
    Var sigma = pm::HalfNormal("sigma", 1.0);
    pm::Normal("y_obs", trend + ar, sigma, {.observed = yd, .dims = {"time"}});
  }
  const auto hand = [&](const std::vector<double>& theta) {
    const kiln::Point p = model.constrain(theta);
    const double st = p.at("sigma_trend").item<double>(), sa = p.at("sigma_ar").item<double>(),
                 s = p.at("sigma").item<double>();
    const auto trend = values(p, "trend"), ar = values(p, "ar"), rho = values(p, "rho");
    double lp = halfnormal_lp(st, 0.1) + halfnormal_lp(sa, 1.0) + halfnormal_lp(s, 1.0);
    lp += normal_lp(rho[0], 0, 0.5) + normal_lp(rho[1], 0, 0.5);
    lp += normal_lp(trend[0], 0, 1) + normal_lp(ar[0], 0, 1) + normal_lp(ar[1], 0, 1);
    for (std::size_t t = 1; t < trend.size(); ++t) lp += normal_lp(trend[t] - trend[t - 1], 0, st);
    for (std::size_t t = 2; t < ar.size(); ++t) lp += normal_lp(ar[t], rho[0] * ar[t - 1] + rho[1] * ar[t - 2], sa);
    for (std::size_t t = 0; t < y.size(); ++t) lp += normal_lp(y[t], trend[t] + ar[t], s);
    return lp;
  };
  const pm::LogpGradFunction f = model.compile_logp_dlogp(false);
  REQUIRE(f.size() == static_cast<std::size_t>(2 * T + 5));
  const auto theta = theta_of(f.size());
  std::vector<double> g(f.size());
  CHECK(f(theta, g) == Approx(hand(theta)).epsilon(1e-12));
  check_gradient(model.compile_logp_dlogp(), theta);
  CHECK(model.named_vars_to_dims().at("ar") == std::vector<std::string>{"time"});
}

TEST_CASE("censored regression with coords and pm::Data", "[pm][models][censored]") {
  const std::int64_t n = 150, k = 3;
  const double lower = -1.0, upper = 1.2;
  const Array x = design(n, k, 0.5);
  std::vector<double> y(n);
  for (std::int64_t i = 0; i < n; ++i)
    y[i] = std::clamp(0.4 + 1.5 * std::sin(1.3 * static_cast<double>(i)), lower, upper);
  pm::Model model({.coords = {{"coef", {"intercept", "x1", "x2"}}}});
  {
    pm::ModelContext ctx(model);
    Var xd = pm::Data("X", x, {.dims = {"obs", "coef"}});
    Var yd = pm::Data("y", Array(y), {.dims = {"obs"}});
    Var beta = pm::Normal("beta", 0, 2, {.dims = {"coef"}});
    Var sigma = pm::HalfNormal("sigma", 1);
    pm::Censored("y_obs", pm::Normal::dist(kt::dot(xd, beta), sigma), lower, upper, {.observed = yd, .dims = {"obs"}});
  }
  const auto hand = [&](const std::vector<double>& theta) {
    const kiln::Point p = model.constrain(theta);
    const auto beta = values(p, "beta");
    const double sigma = p.at("sigma").item<double>();
    double lp = halfnormal_lp(sigma, 1.0);
    for (double b : beta) lp += normal_lp(b, 0, 2);
    for (std::int64_t i = 0; i < n; ++i) {
      double eta = 0;
      for (std::int64_t c = 0; c < k; ++c) eta += x.get_as_double(i * k + c) * beta[static_cast<std::size_t>(c)];
      lp += y[i] == lower   ? log_phi((lower - eta) / sigma)
            : y[i] == upper ? log_phi((eta - upper) / sigma)
                            : normal_lp(y[i], eta, sigma);
    }
    return lp;
  };
  const pm::LogpGradFunction f = model.compile_logp_dlogp(false);
  REQUIRE(f.size() == 4);
  const auto theta = theta_of(4);
  std::vector<double> g(4);
  CHECK(f(theta, g) == Approx(hand(theta)).epsilon(1e-12));
  check_gradient(model.compile_logp_dlogp(), theta);
}
