// The time series distributions (GaussianRandomWalk, RandomWalk, MvGaussianRandomWalk, AR,
// GARCH11): logp against SciPy's densities summed term by term and draws against NumPy's
// construction (time_series_reference.json, from time_series_reference.py), gradients against
// central differences, PyMC's moments, PyMC's parameter conditions, and logp graphs whose size
// does not grow with the series' length.
#include <kiln/kiln.hpp>
#include <kiln/traversal.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "json_reference.hpp"

#include <cmath>
#include <functional>
#include <string>
#include <vector>

namespace kt = kiln::tensor;
namespace pm = kiln::pm;
using kiln::Array;
using kiln::Var;
using kiln::testing::json_float_array;
using nlohmann::json;

namespace {

const json& reference() {
  static const json data = kiln::testing::pm_reference("time_series_reference.json");
  return data;
}

// The distribution of a reference case, with `steps` innovations.
Var series_of(const json& c, std::int64_t steps, const Var& init_rng = {}, const Var& rng = {}) {
  const std::string dist = c["dist"];
  const json& p = c["params"];
  if (dist == "GaussianRandomWalk")
    return pm::GaussianRandomWalk::dist(
        {.mu = json_float_array(p["mu"]),
         .sigma = json_float_array(p["sigma"]),
         .init_dist = pm::Normal::dist(p["init_mu"].get<double>(), p["init_sigma"].get<double>(), {.rng = init_rng}),
         .steps = steps},
        {.rng = rng});
  if (dist == "RandomWalk")
    return pm::RandomWalk::dist({.init_dist = pm::Laplace::dist(0.0, 1.5),
                                 .innovation_dist = pm::StudentT::dist(4.0, 0.1, 0.5),
                                 .steps = steps});
  if (dist == "MvGaussianRandomWalk")
    return pm::MvGaussianRandomWalk::dist({.mu = json_float_array(p["mu"]), .scale = {.cov = json_float_array(p["cov"])}, .steps = steps});
  if (dist == "AR") {
    const bool constant = p["constant"];
    const std::int64_t order = static_cast<std::int64_t>(p["rho"].size()) - constant;
    return pm::AR::dist({.rho = json_float_array(p["rho"]),
                         .sigma = p["sigma"].get<double>(),
                         .constant = constant,
                         .init_dist = init_rng ? pm::Normal::dist(0.0, 100.0, {.rng = init_rng}) : Var(),
                         .steps = steps - order + 1},
                        {.rng = rng});
  }
  return pm::GARCH11::dist({.omega = p["omega"].get<double>(),
                            .alpha_1 = p["alpha_1"].get<double>(),
                            .beta_1 = p["beta_1"].get<double>(),
                            .initial_vol = p["initial_vol"].get<double>(),
                            .steps = steps},
                           {.rng = rng});
}

std::int64_t steps_of(const Array& value, const std::string& dist) {
  const auto axis = dist == "MvGaussianRandomWalk" ? value.ndim() - 2 : value.ndim() - 1;
  return value.shape()[static_cast<std::size_t>(axis)] - 1;
}

// d logp / d theta at theta0 for each component, against central differences.
void check_gradient(const std::function<Var(const Var&)>& logp_of, const Array& theta0) {
  Var theta = kt::vector("theta");
  Var f = logp_of(theta);
  kiln::Function fn = kiln::function({theta}, {f, kiln::grad(f, theta)});
  const Array g = fn(theta0)[1];
  const double h = 1e-6;
  for (std::int64_t i = 0; i < theta0.size(); ++i) {
    Array up = theta0.copy(), down = theta0.copy();
    up.set_from_double(i, theta0.get_as_double(i) + h);
    down.set_from_double(i, theta0.get_as_double(i) - h);
    const double fd = (fn(up)[0].item<double>() - fn(down)[0].item<double>()) / (2 * h);
    INFO("component " << i);
    CHECK(g.get_as_double(i) == Approx(fd).epsilon(1e-6).margin(1e-8));
  }
}

std::size_t graph_size(const Var& v) { return kiln::toposort({v}).size(); }

Array initial_point(const std::function<void()>& build, const std::string& name) {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    build();
  }
  return model.initial_point().at(name);
}

}  // namespace

TEST_CASE("time series logp matches SciPy's densities summed step by step", "[pm][timeseries]") {
  for (const auto& c : reference()["logp"]) {
    const Array value = json_float_array(c["value"]);
    Var rv = series_of(c, steps_of(value, c["dist"]));
    const Array lp = pm::logp(rv, value).eval();
    const Array expected = json_float_array(c["logp"]);
    INFO(c["dist"].get<std::string>() << " " << c["params"].dump());
    REQUIRE(lp.size() == expected.size());
    for (std::int64_t i = 0; i < lp.size(); ++i)
      CHECK(lp.get_as_double(i) == Approx(expected.get_as_double(i)).epsilon(1e-12));
  }
}

TEST_CASE("time series draws are NumPy's construction from the same generators", "[pm][timeseries][draws]") {
  for (const auto& c : reference()["draws"]) {
    Var init_rng = c.contains("init_seed") ? kiln::random_generator_shared(c["init_seed"].get<std::uint64_t>()) : Var();
    Var rng = kiln::random_generator_shared(c["seed"].get<std::uint64_t>());
    const auto expected = c["values"].get<std::vector<double>>();
    Var rv = series_of(c, static_cast<std::int64_t>(expected.size()) - 1, init_rng, rng);
    const auto drawn = rv.eval().to_vector<double>();
    INFO(c["dist"].get<std::string>());
    REQUIRE(drawn.size() == expected.size());
    for (std::size_t i = 0; i < drawn.size(); ++i) CHECK(drawn[i] == expected[i]);
  }
}

TEST_CASE("time series draws batch and follow their innovations", "[pm][timeseries][draws]") {
  // 4000 walks of 3 steps with StudentT(4, 0.1, 0.5) steps: mean 0.1, variance 0.25 * 4 / 2.
  const Array d = pm::draw(pm::RandomWalk::dist({.init_dist = pm::Normal::dist(1.0, 1e-9),
                                                 .innovation_dist = pm::StudentT::dist(4.0, 0.1, 0.5),
                                                 .steps = 3}),
                           4000, {.random_seed = 3});
  REQUIRE(d.shape() == kiln::Shape{4000, 4});
  double sum = 0, sq = 0;
  for (std::int64_t i = 0; i < 4000; ++i) {
    CHECK(d.get_as_double(i * 4) == Approx(1.0).margin(1e-6));
    const double step = d.get_as_double(i * 4 + 2) - d.get_as_double(i * 4 + 1);
    sum += step;
    sq += step * step;
  }
  const double mean = sum / 4000, var = sq / 4000 - mean * mean;
  CHECK(mean == Approx(0.1).margin(4 * std::sqrt(0.5 / 4000)));
  CHECK(var == Approx(0.5).epsilon(0.25));
  // Batched mu: each series drifts with its own mu.
  const Array walks = pm::draw(pm::GaussianRandomWalk::dist({.mu = Array(std::vector<double>{-2.0, 3.0}),
                                                             .sigma = 0.01,
                                                             .init_dist = pm::Normal::dist(0.0, 0.01),
                                                             .steps = 5}),
                               1, {.random_seed = 4});
  REQUIRE(walks.shape() == kiln::Shape{2, 6});
  CHECK(walks.get_as_double(5) == Approx(-10.0).margin(0.1));
  CHECK(walks.get_as_double(11) == Approx(15.0).margin(0.1));
  // MvGaussianRandomWalk: steps ~ MvNormal(mu, cov); the steps' sample mean and covariance.
  Array cov = Array(std::vector<double>{0.5, 0.2, 0.2, 0.8}).reshape({2, 2});
  const Array mv = pm::draw(pm::MvGaussianRandomWalk::dist({.mu = Array(std::vector<double>{0.3, -1.0}),
                                                            .scale = {.cov = cov},
                                                            .steps = 2000}),
                            1, {.random_seed = 5});
  REQUIRE(mv.shape() == kiln::Shape{2001, 2});
  double m0 = 0, m1 = 0, c01 = 0;
  for (std::int64_t t = 1; t <= 2000; ++t) {
    const double a = mv.get_as_double(t * 2) - mv.get_as_double(t * 2 - 2);
    const double b = mv.get_as_double(t * 2 + 1) - mv.get_as_double(t * 2 - 1);
    m0 += a / 2000;
    m1 += b / 2000;
    c01 += (a - 0.3) * (b + 1.0) / 2000;
  }
  CHECK(m0 == Approx(0.3).margin(4 * std::sqrt(0.5 / 2000)));
  CHECK(m1 == Approx(-1.0).margin(4 * std::sqrt(0.8 / 2000)));
  CHECK(c01 == Approx(0.2).margin(0.1));
}

TEST_CASE("time series gradients match finite differences", "[pm][timeseries][grad]") {
  const Array walk(std::vector<double>{0.3, -0.4, 0.9, 1.7, 1.2, 2.5});
  check_gradient(
      [&](const Var& t) {
        return pm::logp(pm::GaussianRandomWalk::dist(
                            {.mu = t[0], .sigma = t[1], .init_dist = pm::Normal::dist(t[2], 2.0), .steps = 5}),
                        walk);
      },
      Array(std::vector<double>{0.2, 0.7, 0.4}));
  // In the value too (the sampler's gradient).
  check_gradient([&](const Var& t) { return pm::logp(pm::GaussianRandomWalk::dist({.mu = 0.2, .sigma = 0.7, .steps = 5}), t); },
                 walk);
  check_gradient(
      [&](const Var& t) {
        return pm::logp(pm::RandomWalk::dist({.init_dist = pm::Laplace::dist(0.0, 1.5),
                                              .innovation_dist = pm::StudentT::dist(4.0, t[0], t[1]),
                                              .steps = 5}),
                        walk);
      },
      Array(std::vector<double>{0.1, 0.5}));
  check_gradient(
      [&](const Var& t) {
        return pm::logp(pm::AR::dist({.rho = kt::specify_shape(t[kt::slice(0, 3)], {3}), .sigma = t[3], .constant = true, .ar_order = 2, .steps = 3}),
                        walk);
      },
      Array(std::vector<double>{0.5, 0.6, -0.25, 0.8}));
  check_gradient(
      [&](const Var& t) {
        return pm::logp(pm::GARCH11::dist({.omega = t[0], .alpha_1 = t[1], .beta_1 = t[2], .initial_vol = t[3], .steps = 5}),
                        walk);
      },
      Array(std::vector<double>{0.2, 0.3, 0.6, 1.1}));
  check_gradient([&](const Var& t) { return pm::logp(pm::GARCH11::dist({.omega = 0.2, .alpha_1 = 0.3, .beta_1 = 0.6, .initial_vol = 1.1, .steps = 5}), t); },
                 walk);
  Array mv = Array(std::vector<double>{0.2, -0.1, 0.5, 0.4, 1.1, 0.2}).reshape({3, 2});
  Array cov = Array(std::vector<double>{0.5, 0.2, 0.2, 0.8}).reshape({2, 2});
  check_gradient(
      [&](const Var& t) {
        return pm::logp(pm::MvGaussianRandomWalk::dist({.mu = t, .scale = {.cov = cov}, .steps = 2}), mv);
      },
      Array(std::vector<double>{0.3, 0.1}));
}

TEST_CASE("time series logp graphs do not grow with the series' length", "[pm][timeseries][graph]") {
  auto sizes = [](const std::function<Var(std::int64_t)>& build) {
    Var a = build(10), b = build(1000);
    return std::pair{graph_size(pm::logp(a, kt::vector("v"))), graph_size(pm::logp(b, kt::vector("v")))};
  };
  auto [grw10, grw1000] = sizes([](std::int64_t n) { return pm::GaussianRandomWalk::dist({.mu = 0.1, .sigma = 1.0, .steps = n}); });
  CHECK(grw10 == grw1000);
  auto [ar10, ar1000] = sizes([](std::int64_t n) {
    return pm::AR::dist({.rho = Array(std::vector<double>{0.5, -0.2}), .sigma = 1.0, .steps = n});
  });
  CHECK(ar10 == ar1000);
  auto [g10, g1000] = sizes([](std::int64_t n) {
    return pm::GARCH11::dist({.omega = 0.1, .alpha_1 = 0.2, .beta_1 = 0.5, .initial_vol = 1.0, .steps = n});
  });
  CHECK(g10 == g1000);
}

TEST_CASE("time series initial points are PyMC's moments", "[pm][timeseries][moments]") {
  // The cumulative sum of the start's and the steps' moments.
  const Array grw = initial_point(
      [] { pm::GaussianRandomWalk("x", {.mu = 0.2, .sigma = 1.0, .init_dist = pm::Normal::dist(0.5, 1.0), .steps = 3}); }, "x");
  CHECK(grw.to_vector<double>() == std::vector<double>{0.5, 0.7, 0.5 + 0.2 + 0.2, 0.5 + 0.2 + 0.2 + 0.2});
  // AR: the last of the start's moments everywhere.
  const Array ar = initial_point(
      [] {
        pm::AR("x", {.rho = Array(std::vector<double>{0.5, 0.1}), .sigma = 1.0, .init_dist = pm::Normal::dist(2.0, 1.0), .steps = 3});
      },
      "x");
  CHECK(ar.to_vector<double>() == std::vector<double>(5, 2.0));
  const Array garch = initial_point(
      [] { pm::GARCH11("x", {.omega = 0.1, .alpha_1 = 0.2, .beta_1 = 0.5, .initial_vol = 1.0, .steps = 4}); }, "x");
  CHECK(garch.to_vector<double>() == std::vector<double>(5, 0.0));
  const Array mv = initial_point(
      [] {
        pm::MvGaussianRandomWalk("x", {.mu = Array(std::vector<double>{1.0, -1.0}),
                                       .scale = {.cov = Array(std::vector<double>{1, 0, 0, 1}).reshape({2, 2})},
                                       .steps = 2});
      },
      "x");
  CHECK(mv.to_vector<double>() == std::vector<double>{0, 0, 1, -1, 2, -2});
}

TEST_CASE("time series lengths come from dims or observed data", "[pm][timeseries][model]") {
  pm::Model model({.coords = {{"time", std::int64_t{50}}}});
  pm::ModelContext ctx(model);
  Var sigma = pm::HalfNormal("sigma", 1.0);
  Var trend = pm::GaussianRandomWalk("trend", {.mu = 0.0, .sigma = sigma}, {.dims = {"time"}});
  CHECK(trend.type().shape() == kiln::StaticShape{50});
  std::vector<double> data(30, 0.5);
  Var y = pm::AR("y", {.rho = Array(std::vector<double>{0.1, 0.5, -0.2}), .sigma = sigma, .constant = true},
                 {.observed = Var(Array(data))});
  CHECK(y.type().shape() == kiln::StaticShape{30});
  CHECK(model.named_vars_to_dims().at("trend") == std::vector<std::string>{"time"});
  // The model's logp is the sum of its terms, against the distributions' own.
  const auto point = model.initial_point();
  const double lp = model.compile_logp()(point).values()[0].item<double>();
  CHECK(std::isfinite(lp));
  CHECK_THROWS_WITH(pm::GaussianRandomWalk("w", {.mu = 0.0}), Catch::Contains("give steps, or dims or observed data"));
}

TEST_CASE("time series bad parameters raise PyMC's conditions", "[pm][timeseries][errors]") {
  const Array walk(std::vector<double>{0.3, -0.4, 0.9});
  CHECK_THROWS_AS(pm::logp(pm::GaussianRandomWalk::dist({.mu = 0.0, .sigma = -1.0, .steps = 2}), walk).eval(),
                  kiln::ParameterValueError);
  CHECK_THROWS_WITH(pm::logp(pm::GaussianRandomWalk::dist({.mu = 0.0, .sigma = -1.0, .steps = 2}), walk).eval(),
                    Catch::Contains("sigma > 0"));
  CHECK_THROWS_WITH(pm::logp(pm::AR::dist({.rho = Array(std::vector<double>{0.5}), .sigma = 0.0, .steps = 2}), walk).eval(),
                    Catch::Contains("sigma > 0"));
  auto garch = [](double omega, double alpha, double beta) {
    return pm::GARCH11::dist({.omega = omega, .alpha_1 = alpha, .beta_1 = beta, .initial_vol = 1.0, .steps = 2});
  };
  for (auto bad : {garch(0.0, 0.1, 0.1), garch(1.0, -0.1, 0.1), garch(1.0, 0.1, -0.5)}) {
    CHECK_THROWS_AS(pm::logp(bad, walk).eval(), kiln::ParameterValueError);
    CHECK_THROWS_WITH(pm::logp(bad, walk).eval(), Catch::Contains("omega > 0, alpha_1 >= 0, beta_1 >= 0"));
    CHECK_THROWS_AS(pm::draw(bad), kiln::ParameterValueError);
  }
  Array not_posdef = Array(std::vector<double>{1.0, 2.0, 2.0, 1.0}).reshape({2, 2});
  CHECK_THROWS_WITH(pm::logp(pm::MvGaussianRandomWalk::dist({.mu = Array(std::vector<double>{0.0, 0.0}),
                                                             .scale = {.cov = not_posdef},
                                                             .steps = 1}),
                             Array(std::vector<double>{0, 0, 1, 1}).reshape({2, 2}))
                        .eval(),
                    Catch::Contains("posdef"));
  // Build-time errors name the argument.
  CHECK_THROWS_WITH(pm::AR::dist({.rho = Array(std::vector<double>{0.5, 0.2}), .ar_order = 3, .steps = 4}),
                    "AR: rho's last dimension (2) must be ar_order (3) + constant (0)");
  CHECK_THROWS_AS(pm::RandomWalk::dist({.init_dist = pm::Normal::dist(), .innovation_dist = Var(1.0), .steps = 2}),
                  kiln::InputError);
  CHECK_THROWS_WITH(pm::RandomWalk::dist({.init_dist = pm::Normal::dist(), .innovation_dist = Var(1.0), .steps = 2}),
                    Catch::Contains("innovation_dist must be a distribution's .dist(...)"));
  pm::Model model;
  pm::ModelContext ctx(model);
  Var registered = pm::Normal("start", 0.0, 1.0);
  CHECK_THROWS_WITH(pm::GaussianRandomWalk::dist({.init_dist = registered, .steps = 3}),
                    Catch::Contains("not the model variable 'start'"));
}
