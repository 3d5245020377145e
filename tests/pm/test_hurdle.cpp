// HurdlePoisson, HurdleNegativeBinomial, HurdleGamma and HurdleLogNormal beyond their SciPy
// values (scipy_logp_extra.json): gradients against central differences, PyMC's mixture
// moments, draws against the distribution (chi-square, Kolmogorov-Smirnov) and PyMC's
// parameter conditions.
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

namespace kt = kiln::tensor;
namespace pm = kiln::pm;
using kiln::Array;
using kiln::Var;

namespace {

using Build = std::function<Var(const Var& psi, const Var& theta)>;

void check_gradients(const Build& build, double psi0, double theta0, const Var& value) {
  Var psi = kt::scalar("psi"), theta = kt::scalar("theta");
  for (bool cdf : {false, true}) {
    Var rv = build(psi, theta);
    Var f = cdf ? pm::logcdf(rv, value) : pm::logp(rv, value);
    auto g = kiln::grad(f, {psi, theta});
    kiln::Function fn = kiln::function({psi, theta}, {f, g[0], g[1]});
    auto at = [&](double a, double b) { return fn(a, b)[0].item<double>(); };
    const double h = 1e-6;
    auto out = fn(psi0, theta0);
    INFO((cdf ? "logcdf" : "logp") << " at " << value.eval().get_as_double(0));
    CHECK(out[1].item<double>() == Approx((at(psi0 + h, theta0) - at(psi0 - h, theta0)) / (2 * h)).epsilon(1e-6));
    CHECK(out[2].item<double>() ==
          Approx((at(psi0, theta0 + h) - at(psi0, theta0 - h)) / (2 * h)).epsilon(1e-6).margin(1e-9));
  }
}

Array initial_point_of(const std::function<void()>& build) {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    build();
  }
  return model.initial_point().at("x");
}

double poisson_pmf(double mu, std::int64_t k) {
  return std::exp(static_cast<double>(k) * std::log(mu) - mu - std::lgamma(static_cast<double>(k) + 1));
}

}  // namespace

TEST_CASE("hurdle gradients match finite differences", "[pm][hurdle]") {
  for (std::int64_t k : {0, 1, 5}) {
    check_gradients([](const Var& psi, const Var& mu) { return pm::HurdlePoisson::dist(psi, mu); }, 0.6, 2.5, Var(k));
    check_gradients([](const Var& psi, const Var& mu) { return pm::HurdleNegativeBinomial::dist(psi, mu, 2.5); }, 0.6,
                    3.2, Var(k));
  }
  for (double x : {0.0, 0.7, 3.0}) {
    check_gradients([](const Var& psi, const Var& a) { return pm::HurdleGamma::dist(psi, a, 1.3); }, 0.4, 2.2, Var(x));
    check_gradients([](const Var& psi, const Var& mu) { return pm::HurdleLogNormal::dist(psi, mu, 0.8); }, 0.7, 0.3,
                    Var(x));
  }
}

TEST_CASE("hurdle moments are PyMC's mixture of 0 and the truncated moment", "[pm][hurdle][moments]") {
  CHECK(initial_point_of([] { pm::HurdlePoisson("x", 0.7, 4.6); }).item<std::int64_t>() == 3);  // round(0.7 * 4)
  // floor(0.4) = 0 lies below the bound 1: PyMC's fallback bound + 1 = 2, round(0.5 * 2) = 1
  CHECK(initial_point_of([] { pm::HurdlePoisson("x", 0.5, 0.4); }).item<std::int64_t>() == 1);
  CHECK(initial_point_of([] { pm::HurdleNegativeBinomial("x", 0.9, 7.5, 2.0); }).item<std::int64_t>() == 6);
  const pm::VarOptions untransformed{.transform = pm::transforms::none};
  CHECK(initial_point_of([&] { pm::HurdleGamma("x", 0.6, 2.0, 0.5, untransformed); }).item<double>() ==
        Approx(0.6 * 4.0).epsilon(1e-15));
  CHECK(initial_point_of([&] { pm::HurdleLogNormal("x", 0.3, 0.5, 0.8, untransformed); }).item<double>() ==
        Approx(0.3 * std::exp(0.5 + 0.32)).epsilon(1e-15));
}

TEST_CASE("hurdle draws follow the mixture of 0 and the truncated distribution", "[pm][hurdle][draws]") {
  const double psi = 0.65, mu = 1.5;
  const Array draws = pm::draw(pm::HurdlePoisson::dist(psi, mu), 20000, {.random_seed = 21});
  std::vector<double> observed(10, 0.0);
  for (std::int64_t v : draws.to_vector<std::int64_t>())
    observed[static_cast<std::size_t>(std::min<std::int64_t>(v, 9))] += 1;
  double stat = 0, tail = 1;
  for (std::int64_t k = 0; k < 10; ++k) {
    const double p = k == 9 ? tail : (k == 0 ? 1 - psi : psi * poisson_pmf(mu, k) / (1 - std::exp(-mu)));
    tail -= p;
    stat += (observed[static_cast<std::size_t>(k)] - 20000 * p) * (observed[static_cast<std::size_t>(k)] - 20000 * p) /
            (20000 * p);
  }
  CHECK(stat < 27.9);  // chi-square(9 dof) at p = 0.001

  // HurdleLogNormal: 1 - psi at 0, then psi times the lognormal's cdf (the epsilon bound holds
  // no measurable mass).
  const double m = 0.2, sigma = 0.6;
  std::vector<double> x =
      pm::draw(pm::HurdleLogNormal::dist(psi, m, sigma), 4000, {.random_seed = 22}).to_vector<double>();
  std::sort(x.begin(), x.end());
  double d = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double cdf =
        x[i] <= 0 ? 1 - psi : 1 - psi + psi * 0.5 * std::erfc(-(std::log(x[i]) - m) / (sigma * std::sqrt(2.0)));
    const double n = static_cast<double>(x.size());
    if (x[i] == 0) continue;  // the atom: its mass is checked below
    d = std::max({d, cdf - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - cdf});
  }
  CHECK(d < 1.95 / std::sqrt(4000.0));
  CHECK(std::count(x.begin(), x.end(), 0.0) == Approx(4000 * (1 - psi)).margin(4 * std::sqrt(4000 * psi * (1 - psi))));
}

TEST_CASE("hurdle bad parameters raise PyMC's conditions", "[pm][hurdle][errors]") {
  auto lp = [](const Var& rv, const Var& v) { return pm::logp(rv, v).eval(); };
  CHECK_THROWS_AS(lp(pm::HurdlePoisson::dist(1.5, 2.0), Var(std::int64_t{2})), kiln::ParameterValueError);
  CHECK_THROWS_WITH(lp(pm::HurdlePoisson::dist(1.5, 2.0), Var(std::int64_t{2})),
                    Catch::Contains("0 <= weights <= 1, 1 == sum(weights)"));
  CHECK_THROWS_WITH(lp(pm::HurdlePoisson::dist(0.5, -2.0), Var(std::int64_t{2})), Catch::Contains("mu >= 0"));
  CHECK_THROWS_WITH(lp(pm::HurdleGamma::dist(0.5, -1.0, 1.0), Var(1.0)), Catch::Contains("alpha > 0, beta > 0"));
  CHECK_THROWS_WITH(lp(pm::HurdleLogNormal::dist(0.5, 0.0, -1.0), Var(1.0)), Catch::Contains("sigma > 0"));
  CHECK_THROWS_AS(pm::draw(pm::HurdleGamma::dist(-0.5, 1.0, 1.0)), kiln::ParameterValueError);
}
