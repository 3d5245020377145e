// Truncated beyond its SciPy values (scipy_logp_extra.json): gradients against central
// differences, PyMC's support point and transforms, draws against the truncated distribution
// (Kolmogorov-Smirnov, chi-square), and the errors.
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

void build_in(pm::Model& model, const std::function<void()>& build) {
  pm::ModelContext ctx(model);
  build();
}

}  // namespace

TEST_CASE("Truncated gradients match finite differences", "[pm][truncated]") {
  Var theta = kt::scalar("theta");
  struct Case {
    std::function<Var(const Var&)> build;
    double theta0;
    Var value;
  };
  const std::vector<Case> cases = {
      {[](const Var& a) { return pm::Truncated::dist(pm::Gamma::dist(a, 1.5), 0.5, 3.0); }, 2.2, Var(1.3)},
      {[](const Var& mu) { return pm::Truncated::dist(pm::Poisson::dist(mu), 1.0, 9.0); }, 3.1, Var(std::int64_t{4})},
      {[](const Var& s) { return pm::Truncated::dist(pm::Logistic::dist(0.3, s), -1.0); }, 1.2, Var(0.8)},
  };
  for (const auto& c : cases) {
    for (bool cdf : {false, true}) {
      Var rv = c.build(theta);
      Var f = cdf ? pm::logcdf(rv, c.value) : pm::logp(rv, c.value);
      kiln::Function fn = kiln::function({theta}, {f, kiln::grad(f, theta)});
      const double h = 1e-6;
      CHECK(fn(c.theta0)[1].item<double>() ==
            Approx((fn(c.theta0 + h)[0].item<double>() - fn(c.theta0 - h)[0].item<double>()) / (2 * h)).epsilon(1e-6));
    }
  }
}

TEST_CASE("Truncated support points and transforms are PyMC's", "[pm][truncated][moments][transforms]") {
  auto point = [](pm::Model& m) { return m.initial_point(); };
  {
    // The Gamma's mean 4 lies inside [1, 6]: kept; the interval transform over the bounds.
    pm::Model m;
    build_in(m, [] { pm::Truncated("x", pm::Gamma::dist(2.0, 0.5), 1.0, 6.0); });
    CHECK(m.value_vars()[0].name() == "x_interval__");
    CHECK(m.constrain(std::vector<double>{point(m).at("x_interval__").item<double>()}).at("x").item<double>() ==
          Approx(4.0).epsilon(1e-14));
  }
  {
    // The mean 4 lies above [0.5, 2]: PyMC's fallback (upper - lower) / 2 = 0.75.
    pm::Model m;
    build_in(m, [] { pm::Truncated("x", pm::Gamma::dist(2.0, 0.5), 0.5, 2.0, {.transform = pm::transforms::none}); });
    CHECK(point(m).at("x").item<double>() == 0.75);
  }
  {
    // Lower bound only: lower + 1 when the inner moment is below; a one-sided interval transform.
    pm::Model m;
    build_in(m, [] { pm::Truncated("x", pm::Logistic::dist(-3.0, 1.0), 0.0); });
    CHECK(m.value_vars()[0].name() == "x_interval__");
    CHECK(m.constrain(std::vector<double>{point(m).at("x_interval__").item<double>()}).at("x").item<double>() ==
          Approx(1.0).epsilon(1e-14));
  }
  {
    // Counts keep no transform; floor(4.6) = 4 is inside [1, 10].
    pm::Model m;
    build_in(m, [] { pm::Truncated("x", pm::Poisson::dist(4.6), 1.0, 10.0); });
    CHECK(m.value_vars()[0].name() == "x");
    CHECK(point(m).at("x").item<std::int64_t>() == 4);
  }
}

TEST_CASE("Truncated draws follow the truncated distribution", "[pm][truncated][draws]") {
  const double lam = 0.8, lower = 0.5, upper = 2.5;
  std::vector<double> x =
      pm::draw(pm::Truncated::dist(pm::Exponential::dist(lam), lower, upper), 4000, {.random_seed = 31})
          .to_vector<double>();
  std::sort(x.begin(), x.end());
  CHECK(x.front() >= lower);
  CHECK(x.back() <= upper);
  auto cdf = [&](double v) {
    return (std::exp(-lam * lower) - std::exp(-lam * v)) / (std::exp(-lam * lower) - std::exp(-lam * upper));
  };
  double d = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double n = static_cast<double>(x.size()), p = cdf(x[i]);
    d = std::max({d, p - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - p});
  }
  CHECK(d < 1.95 / std::sqrt(4000.0));

  // A count's bounds are inside: Poisson(2) on [1, 4].
  const std::vector<std::int64_t> k =
      pm::draw(pm::Truncated::dist(pm::Poisson::dist(2.0), 1.0, 4.0), 20000, {.random_seed = 32})
          .to_vector<std::int64_t>();
  double pmf[5], total = 0;
  for (int j = 1; j <= 4; ++j) total += pmf[j] = std::exp(j * std::log(2.0) - 2.0 - std::lgamma(j + 1.0));
  double stat = 0;
  for (int j = 1; j <= 4; ++j) {
    const double expected = 20000 * pmf[j] / total;
    const double observed = static_cast<double>(std::count(k.begin(), k.end(), j));
    stat += (observed - expected) * (observed - expected) / expected;
  }
  CHECK(std::count_if(k.begin(), k.end(), [](std::int64_t v) { return v < 1 || v > 4; }) == 0);
  CHECK(stat < 16.3);  // chi-square(3 dof) at p = 0.001
}

TEST_CASE("Truncated errors", "[pm][truncated][errors]") {
  CHECK_THROWS_AS(pm::logp(pm::Truncated::dist(pm::Gamma::dist(2.0, 1.0), 3.0, 1.0), Var(2.0)).eval(),
                  kiln::ParameterValueError);
  CHECK_THROWS_WITH(pm::logp(pm::Truncated::dist(pm::Gamma::dist(2.0, 1.0), 3.0, 1.0), Var(2.0)).eval(),
                    Catch::Contains("lower_bound <= upper_bound"));
  CHECK_THROWS_WITH(pm::logp(pm::Truncated::dist(pm::Gamma::dist(-2.0, 1.0), 0.0, 1.0), Var(0.5)).eval(),
                    Catch::Contains("alpha > 0, beta > 0"));
  CHECK_THROWS_AS(pm::Truncated::dist(pm::VonMises::dist(0.0, 1.0), -1.0, 1.0), kiln::InputError);
  // A window the distribution never reaches: rejection gives up as PyMC's does.
  CHECK_THROWS_AS(pm::draw(pm::Truncated::dist(pm::Exponential::dist(1.0), 60.0, 61.0)), kiln::ValueError);
}
