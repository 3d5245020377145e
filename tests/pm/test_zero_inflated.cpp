// ZeroInflatedPoisson, ZeroInflatedBinomial and ZeroInflatedNegativeBinomial beyond their
// SciPy values (test_scipy_logp.cpp): gradients against finite differences, PyMC's moments,
// draws against the pmf (chi-square), parameter errors, and a zero-inflated Poisson regression
// with coords, dims and pm::Data against its log-density written by hand.
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <vector>

namespace kt = kiln::tensor;
namespace pm = kiln::pm;
using kiln::Array;
using kiln::Var;

namespace {

using Build = std::function<Var(const Var& psi, const Var& theta)>;

// d logp / d psi and d logp / d theta (the count's mean or p) at a value, against central differences.
void check_gradients(const Build& build, double psi0, double theta0, std::int64_t value) {
  Var psi = kt::scalar("psi"), theta = kt::scalar("theta");
  Var lp = pm::logp(build(psi, theta), Var(value));
  auto grads = kiln::grad(lp, {psi, theta});
  kiln::Function f = kiln::function({psi, theta}, {lp, grads[0], grads[1]});
  auto at = [&](double a, double b) { return f(a, b).values(); };
  auto g = at(psi0, theta0);
  const double h = 1e-6;
  const double dpsi = (at(psi0 + h, theta0)[0].item<double>() - at(psi0 - h, theta0)[0].item<double>()) / (2 * h);
  const double dtheta = (at(psi0, theta0 + h)[0].item<double>() - at(psi0, theta0 - h)[0].item<double>()) / (2 * h);
  INFO("value " << value);
  CHECK(g[1].item<double>() == Approx(dpsi).epsilon(1e-6).margin(1e-8));
  CHECK(g[2].item<double>() == Approx(dtheta).epsilon(1e-6).margin(1e-8));
}

std::int64_t moment_of(const std::function<void()>& build) {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    build();
  }
  return model.initial_point().at("x").item<std::int64_t>();
}

// Pearson's chi-square of `draws` against pmf(k) for k = 0..k_max (the rest pooled).
double chi_square(const Array& draws, const std::function<double(std::int64_t)>& pmf, std::int64_t k_max) {
  std::vector<double> observed(static_cast<std::size_t>(k_max + 2), 0.0);
  for (std::int64_t v : draws.to_vector<std::int64_t>())
    observed[static_cast<std::size_t>(std::min(v, k_max + 1))] += 1;
  double stat = 0, tail = 1;
  const auto n = static_cast<double>(draws.size());
  for (std::int64_t k = 0; k <= k_max + 1; ++k) {
    const double p = k <= k_max ? pmf(k) : tail;
    tail -= k <= k_max ? p : 0;
    const double expected = n * p;
    stat += (observed[static_cast<std::size_t>(k)] - expected) * (observed[static_cast<std::size_t>(k)] - expected) /
            expected;
  }
  return stat;
}

double poisson_pmf(double mu, std::int64_t k) {
  return std::exp(static_cast<double>(k) * std::log(mu) - mu - std::lgamma(static_cast<double>(k) + 1));
}

}  // namespace

TEST_CASE("zero-inflated gradients match finite differences", "[pm][zero_inflated]") {
  for (std::int64_t value : {0, 1, 4}) {
    check_gradients([](const Var& psi, const Var& mu) { return pm::ZeroInflatedPoisson::dist(psi, mu); }, 0.7, 2.5,
                    value);
    check_gradients(
        [](const Var& psi, const Var& p) { return pm::ZeroInflatedBinomial::dist(psi, std::int64_t{9}, p); }, 0.4, 0.35,
        value);
    check_gradients([](const Var& psi, const Var& mu) { return pm::ZeroInflatedNegativeBinomial::dist(psi, mu, 2.5); },
                    0.6, 3.2, value);
  }
}

TEST_CASE("zero-inflated moments are PyMC's mixture moments, round(psi * count moment)",
          "[pm][zero_inflated][moments]") {
  CHECK(moment_of([] { pm::ZeroInflatedPoisson("x", 0.7, 4.6); }) == 3);       // round(0.7 * 4) = round(2.8)
  CHECK(moment_of([] { pm::ZeroInflatedPoisson("x", 0.5, 5.0); }) == 2);       // round(2.5): half to even
  CHECK(moment_of([] { pm::ZeroInflatedBinomial("x", 0.5, 10, 0.3); }) == 2);  // round(0.5 * round(3.0)) = round(1.5)
  CHECK(moment_of([] { pm::ZeroInflatedNegativeBinomial("x", 0.9, 7.5, 2.0); }) == 6);  // round(0.9 * 7) = round(6.3)
}

TEST_CASE("zero-inflated draws follow the pmf", "[pm][zero_inflated][draws]") {
  const double psi = 0.65, mu = 3.5;
  Array zip = pm::draw(pm::ZeroInflatedPoisson::dist(psi, mu), 20000, {.random_seed = 7});
  auto zip_pmf = [&](std::int64_t k) { return (k == 0 ? 1 - psi : 0.0) + psi * poisson_pmf(mu, k); };
  CHECK(chi_square(zip, zip_pmf, 10) < 31.3);  // chi-square(11 dof) at p = 0.001
  const std::int64_t n = 8;
  const double p = 0.4;
  Array zib = pm::draw(pm::ZeroInflatedBinomial::dist(psi, n, p), 20000, {.random_seed = 8});
  auto zib_pmf = [&](std::int64_t k) {
    const double kd = static_cast<double>(k), nd = static_cast<double>(n);
    const double b = std::exp(std::lgamma(nd + 1) - std::lgamma(kd + 1) - std::lgamma(nd - kd + 1) + kd * std::log(p) +
                              (nd - kd) * std::log1p(-p));
    return (k == 0 ? 1 - psi : 0.0) + psi * b;
  };
  CHECK(chi_square(zib, zib_pmf, n - 1) < 27.9);  // 9 dof (the pooled cell is k = 8)
  const double alpha = 2.0;
  Array zinb = pm::draw(pm::ZeroInflatedNegativeBinomial::dist(psi, mu, alpha), 20000, {.random_seed = 9});
  auto zinb_pmf = [&](std::int64_t k) {
    const double kd = static_cast<double>(k), q = alpha / (mu + alpha);
    const double nb = std::exp(std::lgamma(kd + alpha) - std::lgamma(alpha) - std::lgamma(kd + 1) +
                               alpha * std::log(q) + kd * std::log1p(-q));
    return (k == 0 ? 1 - psi : 0.0) + psi * nb;
  };
  CHECK(chi_square(zinb, zinb_pmf, 12) < 34.5);  // 13 dof
}

TEST_CASE("zero-inflated bad parameters raise PyMC's conditions", "[pm][zero_inflated][errors]") {
  auto lp = [](const Var& rv) { return pm::logp(rv, Var(std::int64_t{2})).eval(); };
  CHECK_THROWS_AS(lp(pm::ZeroInflatedPoisson::dist(1.5, 2.0)), kiln::ParameterValueError);
  CHECK_THROWS_WITH(lp(pm::ZeroInflatedPoisson::dist(1.5, 2.0)),
                    Catch::Contains("0 <= weights <= 1, 1 == sum(weights)"));
  CHECK_THROWS_WITH(lp(pm::ZeroInflatedPoisson::dist(0.5, -2.0)), Catch::Contains("mu >= 0"));
  CHECK_THROWS_WITH(lp(pm::ZeroInflatedBinomial::dist(-0.1, 3, 0.5)), Catch::Contains("0 <= weights <= 1"));
  CHECK_THROWS_WITH(lp(pm::ZeroInflatedBinomial::dist(0.5, 3, 1.5)), Catch::Contains("n >= 0, 0 <= p <= 1"));
  CHECK_THROWS_WITH(lp(pm::ZeroInflatedNegativeBinomial::dist(0.5, 2.0, -1.0)), Catch::Contains("mu > 0, alpha > 0"));
  CHECK_THROWS_AS(pm::draw(pm::ZeroInflatedPoisson::dist(1.5, 2.0)), kiln::ParameterValueError);
}

TEST_CASE("a zero-inflated Poisson regression with coords, dims and pm::Data", "[pm][zero_inflated][model]") {
  std::vector<double> x{0.2, -1.0, 0.5, 1.5, -0.3, 0.8};
  std::vector<std::int64_t> y{0, 1, 0, 5, 0, 2};
  pm::Model model({.coords = {{"coef", {"intercept", "slope"}}}});
  {
    pm::ModelContext ctx(model);
    Var xd = pm::Data("x", Array(x), {.dims = {"obs"}});
    Var yd = pm::Data("y", Array(y), {.dims = {"obs"}});
    Var beta = pm::Normal("beta", 0, 1, {.dims = {"coef"}});
    Var psi = pm::Beta("psi", 2, 2);
    pm::ZeroInflatedPoisson("y_obs", psi, kt::exp(beta[0] + beta[1] * xd), {.observed = yd, .dims = {"obs"}});
  }
  CHECK(model.parameter_names() == std::vector<std::string>{"beta[intercept]", "beta[slope]", "psi_logodds__"});
  auto hand = [&](const std::vector<double>& t) {
    const double b0 = t[0], b1 = t[1], psi = 1 / (1 + std::exp(-t[2]));
    // Priors, Beta(2, 2) on psi with the logodds Jacobian psi (1 - psi).
    double lp =
        -0.5 * (b0 * b0 + b1 * b1) - std::log(2 * M_PI) + std::log(6.0) + 2 * std::log(psi) + 2 * std::log1p(-psi);
    for (std::size_t i = 0; i < x.size(); ++i) {
      const double mu = std::exp(b0 + b1 * x[i]);
      const double k = static_cast<double>(y[i]);
      lp += y[i] == 0 ? std::log(1 - psi + psi * std::exp(-mu))
                      : std::log(psi) + k * std::log(mu) - mu - std::lgamma(k + 1);
    }
    return lp;
  };
  auto f = model.compile_logp_dlogp();
  std::vector<double> theta{0.3, 0.6, 0.4}, grad(3);
  CHECK(f(theta, grad) == Approx(hand(theta)).epsilon(1e-13));
  for (std::size_t i = 0; i < 3; ++i) {
    std::vector<double> up = theta, down = theta;
    up[i] += 1e-6;
    down[i] -= 1e-6;
    CHECK(grad[i] == Approx((hand(up) - hand(down)) / 2e-6).epsilon(1e-6));
  }
  // New counts: what the function derived from the old ones (gammaln(y + 1), y == 0) is
  // derived again; then new data of another length.
  y = {3, 0, 0, 1, 7, 0};
  model.set_data("y", Array(y));
  CHECK(f(theta, grad) == Approx(hand(theta)).epsilon(1e-13));
  x = {1.0, 0.5, -0.5};
  y = {2, 0, 4};
  model.set_data("x", Array(x));
  model.set_data("y", Array(y));
  for (int call = 0; call < 3; ++call) CHECK(f(theta, grad) == Approx(hand(theta)).epsilon(1e-13));
}
