// Triangular beyond its SciPy values (test_scipy_logp.cpp): the gradient in the value against
// finite differences, PyMC's moment (the mean), the interval transform's round trip, draws
// (Kolmogorov-Smirnov against the cdf), and the parameter errors.
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

namespace kt = kiln::tensor;
namespace pm = kiln::pm;
using kiln::Array;
using kiln::Var;

TEST_CASE("Triangular's gradient, moment, transform, draws and errors", "[pm][triangular]") {
  const double lower = -1.0, c = 0.5, upper = 3.0;
  Var x = kt::scalar("x");
  Var lp = pm::logp(pm::Triangular::dist(lower, c, upper), x);
  kiln::Function f = kiln::function({x}, {lp, kiln::grad(lp, x)});
  for (double v : {-0.4, 0.2, 1.1, 2.7}) {
    const double h = 1e-6;
    const double fd = (f(v + h).values()[0].item<double>() - f(v - h).values()[0].item<double>()) / (2 * h);
    CHECK(f(v).values()[1].item<double>() == Approx(fd).epsilon(1e-7));
  }

  pm::Model model;
  {
    pm::ModelContext ctx(model);
    pm::Triangular("t", lower, c, upper);
  }
  kiln::Point start = model.initial_point();
  CHECK(model.value_vars()[0].name() == "t_interval__");
  // The mean (lower + c + upper) / 3 = 5 / 6, through the interval transform and back.
  CHECK(model.constrain(std::vector<double>{start.at("t_interval__").item<double>()}).at("t").item<double>() ==
        Approx(2.5 / 3.0).epsilon(1e-14));
  CHECK(model.unconstrain({{"t", Array(2.5 / 3.0)}})[0] ==
        Approx(start.at("t_interval__").item<double>()).epsilon(1e-14));

  std::vector<double> draws =
      pm::draw(pm::Triangular::dist(lower, c, upper), 5000, {.random_seed = 3}).to_vector<double>();
  std::sort(draws.begin(), draws.end());
  auto cdf = [&](double v) {
    return v <= c ? (v - lower) * (v - lower) / ((upper - lower) * (c - lower))
                  : 1 - (upper - v) * (upper - v) / ((upper - lower) * (upper - c));
  };
  double d = 0;
  for (std::size_t i = 0; i < draws.size(); ++i) {
    const double n = static_cast<double>(draws.size()), p = cdf(draws[i]);
    d = std::max({d, p - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - p});
  }
  CHECK(d < 1.95 / std::sqrt(5000.0));  // KS at p = 0.001

  CHECK_THROWS_AS(pm::logp(pm::Triangular::dist(0.0, 2.0, 1.0), Var(0.5)).eval(), kiln::ParameterValueError);
  CHECK_THROWS_WITH(pm::logp(pm::Triangular::dist(0.0, 2.0, 1.0), Var(0.5)).eval(),
                    Catch::Contains("lower <= c <= upper"));
  CHECK_THROWS_WITH(pm::logcdf(pm::Triangular::dist(1.0, 0.0, 2.0), Var(0.5)).eval(),
                    Catch::Contains("lower <= c <= upper"));
}
