// DiracDelta, DiscreteWeibull, OrderedLogistic and OrderedProbit beyond their reference values
// (scipy_logp_extra.json; DiscreteWeibull's NumPy draws are in test_pymc_continuous.cpp):
// gradients against central differences, PyMC's moments, draws against the pmf (chi-square),
// the `<name>_probs` Deterministic, and PyMC's parameter conditions.
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

Array initial_point_of(const std::function<void()>& build) {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    build();
  }
  return model.initial_point().at("x");
}

// Pearson's chi-square of integer draws against pmf(k), k = 0..k_max, the rest pooled.
double chi_square(const Array& draws, const std::function<double(std::int64_t)>& pmf, std::int64_t k_max) {
  std::vector<double> observed(static_cast<std::size_t>(k_max + 2), 0.0);
  for (std::int64_t v : draws.to_vector<std::int64_t>())
    observed[static_cast<std::size_t>(std::min(v, k_max + 1))] += 1;
  double stat = 0, tail = 1;
  const auto n = static_cast<double>(draws.size());
  for (std::int64_t k = 0; k <= k_max + 1; ++k) {
    const double p = k <= k_max ? pmf(k) : tail;
    tail -= k <= k_max ? p : 0;
    if (p <= 0) continue;
    const double o = observed[static_cast<std::size_t>(k)];
    stat += (o - n * p) * (o - n * p) / (n * p);
  }
  return stat;
}

double logistic(double x) { return 1 / (1 + std::exp(-x)); }

}  // namespace

TEST_CASE("DiscreteWeibull and ordered regressions: gradients match finite differences", "[pm][pymc_discrete]") {
  Var q = kt::scalar("q"), beta = kt::scalar("beta");
  for (std::int64_t value : {0, 2, 7}) {
    for (bool cdf : {false, true}) {
      Var rv = pm::DiscreteWeibull::dist(q, beta);
      Var f = cdf ? pm::logcdf(rv, Var(value)) : pm::logp(rv, Var(value));
      auto g = kiln::grad(f, {q, beta});
      kiln::Function fn = kiln::function({q, beta}, {f, g[0], g[1]});
      const double q0 = 0.7, b0 = 1.4, h = 1e-6;
      auto at = [&](double a, double b) { return fn(a, b)[0].item<double>(); };
      INFO("value " << value << (cdf ? " logcdf" : " logp"));
      CHECK(fn(q0, b0)[1].item<double>() == Approx((at(q0 + h, b0) - at(q0 - h, b0)) / (2 * h)).epsilon(1e-6));
      CHECK(fn(q0, b0)[2].item<double>() == Approx((at(q0, b0 + h) - at(q0, b0 - h)) / (2 * h)).epsilon(1e-6));
    }
  }
  // In eta and the cutpoints, through the categorical's p.
  Var eta = kt::scalar("eta"), cuts = kt::vector("cuts");
  for (bool probit : {false, true}) {
    for (std::int64_t k : {0, 1, 3}) {
      Var rv = probit ? pm::OrderedProbit::dist(eta, cuts, 1.3) : pm::OrderedLogistic::dist(eta, cuts);
      Var f = pm::logp(rv, Var(k));
      auto g = kiln::grad(f, {eta, cuts});
      kiln::Function fn = kiln::function({eta, cuts}, {f, g[0], g[1]});
      const double e0 = 0.4, h = 1e-6;
      const std::vector<double> c0{-1.0, 0.2, 1.5};
      auto at = [&](double e, std::vector<double> c) { return fn(e, Array(c))[0].item<double>(); };
      auto out = fn(e0, Array(c0));
      INFO((probit ? "probit" : "logistic") << " class " << k);
      CHECK(out[1].item<double>() == Approx((at(e0 + h, c0) - at(e0 - h, c0)) / (2 * h)).epsilon(1e-6));
      for (std::size_t j = 0; j < c0.size(); ++j) {
        auto up = c0, down = c0;
        up[j] += h;
        down[j] -= h;
        CHECK(out[2].to_vector<double>()[j] ==
              Approx((at(e0, up) - at(e0, down)) / (2 * h)).epsilon(1e-6).margin(1e-9));
      }
    }
  }
}

TEST_CASE("DiracDelta, DiscreteWeibull and ordered moments are PyMC's", "[pm][pymc_discrete][moments]") {
  CHECK(initial_point_of([] { pm::DiracDelta("x", 2.5); }).item<double>() == 2.5);
  Array c = initial_point_of([] { pm::DiracDelta("x", std::int64_t{3}); });
  CHECK(c.dtype() == kiln::DType::int64);
  CHECK(c.item<std::int64_t>() == 3);
  // (log(1/2) / log(0.3))^(1 / 0.8) - 1 = 0.48..., as an int64: 0; and 4.2... -> 4
  CHECK(initial_point_of([] { pm::DiscreteWeibull("x", 0.3, 0.8); }).item<std::int64_t>() ==
        static_cast<std::int64_t>(std::pow(std::log(0.5) / std::log(0.3), 1 / 0.8) - 1));
  CHECK(initial_point_of([] { pm::DiscreteWeibull("x", 0.95, 1.1); }).item<std::int64_t>() ==
        static_cast<std::int64_t>(std::pow(std::log(0.5) / std::log(0.95), 1 / 1.1) - 1));
  // The categorical's mode: the class with the most mass.
  CHECK(initial_point_of([] { pm::OrderedLogistic("x", 0.9, Array{-1.0, 0.5, 2.0}); }).item<std::int64_t>() == 2);
  CHECK(initial_point_of([] { pm::OrderedProbit("x", -3.0, Array{-1.0, 0.5, 2.0}); }).item<std::int64_t>() == 0);
}

TEST_CASE("DiracDelta, DiscreteWeibull and ordered draws follow their pmfs", "[pm][pymc_discrete][draws]") {
  CHECK(pm::draw(pm::DiracDelta::dist(1.25), 5).to_vector<double>() == std::vector<double>(5, 1.25));
  CHECK(pm::draw(pm::DiracDelta::dist(std::int64_t{-4}), 3).to_vector<std::int64_t>() ==
        std::vector<std::int64_t>(3, -4));
  const double q = 0.8, beta = 1.2;
  auto dw = [&](std::int64_t k) {
    const double x = static_cast<double>(k);
    return std::pow(q, std::pow(x, beta)) - std::pow(q, std::pow(x + 1, beta));
  };
  CHECK(chi_square(pm::draw(pm::DiscreteWeibull::dist(q, beta), 20000, {.random_seed = 3}), dw, 12) < 34.5);  // 13 dof
  const std::vector<double> cuts{-1.0, 0.3, 1.6};
  const double eta = 0.2;
  auto ol = [&](std::int64_t k) {
    const double hi = k < 3 ? logistic(cuts[k] - eta) : 1.0, lo = k > 0 ? logistic(cuts[k - 1] - eta) : 0.0;
    return hi - lo;
  };
  CHECK(chi_square(pm::draw(pm::OrderedLogistic::dist(eta, Array(cuts)), 20000, {.random_seed = 4}), ol, 3) < 16.3);
}

TEST_CASE("ordered regressions keep p as a Deterministic", "[pm][pymc_discrete][model]") {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    Var cut = pm::Normal("cutpoints", Array{-1.0, 1.0}, 10.0, {.transform = pm::transforms::ordered});
    pm::OrderedLogistic("y", Array{0.5, -0.2, 1.0}, cut, {.observed = Array(std::vector<std::int64_t>{0, 1, 2})});
  }
  kiln::Point point{{"cutpoints_ordered__", Array{-0.5, std::log(1.5)}}};
  // y_probs: one row of 3 class probabilities per observation.
  CHECK(model["y_probs"].ndim() == 2);
  // The log-density at cutpoints (-0.5, 1.0) against the classes' logistic differences.
  const double lp = model.compile_logp()(point)[0].item<double>();
  double want = 0;
  const std::vector<double> eta{0.5, -0.2, 1.0}, c{-0.5, 1.0};
  const std::vector<std::int64_t> y{0, 1, 2};
  for (std::size_t i = 0; i < 3; ++i) {
    const double hi = y[i] < 2 ? logistic(c[y[i]] - eta[i]) : 1.0, lo = y[i] > 0 ? logistic(c[y[i] - 1] - eta[i]) : 0.0;
    want += std::log(hi - lo);
  }
  // Normal(mu, 10) priors at the cutpoints and the ordered transform's log-Jacobian log(1.5).
  for (int j = 0; j < 2; ++j) {
    const double z = (c[j] - (j == 0 ? -1.0 : 1.0)) / 10;
    want += -0.5 * z * z - std::log(10.0) - 0.5 * std::log(2 * M_PI);
  }
  want += std::log(1.5);
  CHECK(lp == Approx(want).epsilon(1e-13));
}

TEST_CASE("DiscreteWeibull and ordered bad parameters raise PyMC's conditions", "[pm][pymc_discrete][errors]") {
  auto lp = [](const Var& rv) { return pm::logp(rv, Var(std::int64_t{1})).eval(); };
  CHECK_THROWS_AS(lp(pm::DiscreteWeibull::dist(1.2, 1.0)), kiln::ParameterValueError);
  CHECK_THROWS_WITH(lp(pm::DiscreteWeibull::dist(0.5, -1.0)), Catch::Contains("0 < q < 1, beta > 0"));
  CHECK_THROWS_WITH(pm::logcdf(pm::DiscreteWeibull::dist(0.0, 1.0), Var(std::int64_t{1})).eval(),
                    Catch::Contains("0 < q < 1, beta > 0"));
  // Cutpoints out of order make a negative p: the categorical's condition.
  CHECK_THROWS_AS(lp(pm::OrderedLogistic::dist(0.0, Array{1.0, -1.0})), kiln::ParameterValueError);
  CHECK_THROWS_AS(pm::draw(pm::DiscreteWeibull::dist(1.5, 1.0)), kiln::ParameterValueError);
}
