// Model functions: dlogp and d2logp against finite differences, and the flat interface for
// samplers (logp with gradient, names, constrain/unconstrain, calls from several threads).
#include "core/logging.hpp"
#include "support/log_capture.hpp"
#include "support/printed.hpp"

#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>


#include <algorithm>
#include <cmath>
#include <sstream>
#include <thread>

namespace kt = kiln::tensor;
namespace pm = kiln::pm;
using kiln::Array;
using kiln::Var;
using kiln::testing::printed;

namespace {

// A model with log, logodds, interval and simplex transforms and observed data.
void build_model(pm::Model& model) {
  pm::ModelContext ctx(model);
  auto mu = pm::Normal("mu", 0.0, 2.0);
  auto sigma = pm::HalfNormal("sigma", 3.0);
  auto p = pm::Beta("p", 2.0, 3.0);
  auto u = pm::Uniform("u", -1.0, 2.0);
  pm::Dirichlet("w", Array{1.0, 2.0, 3.0});
  pm::Normal("y", mu + u, sigma, {.observed = Array{0.1, -0.3, 0.2}});
  pm::Bernoulli("b", p, {.observed = Array(std::vector<std::int64_t>{1, 0, 1})});
}

std::vector<double> theta0() { return {0.3, -0.2, 0.1, 0.4, 0.25, -0.5}; }

// Each function compiled logs its rewrite phases to "kiln.rewrite" at debug level.
int compiled(const kiln::testing::LogCapture& log) { return log.count("phase merge:"); }


}  // namespace

TEST_CASE("the flat logp and gradient match compile_logp and finite differences", "[pm][functions]") {
  pm::Model model;
  build_model(model);
  CHECK(model.parameter_names() ==
        std::vector<std::string>{"mu", "sigma_log__", "p_logodds__", "u_interval__", "w_simplex__[0]", "w_simplex__[1]"});
  auto f = model.compile_logp_dlogp();
  REQUIRE(f.size() == 6);
  auto theta = theta0();
  std::vector<double> g(6);
  const double lp = f(theta, g);

  kiln::Point point{{"mu", 0.3}, {"sigma_log__", -0.2}, {"p_logodds__", 0.1}, {"u_interval__", 0.4},
                    {"w_simplex__", Array{0.25, -0.5}}};
  CHECK(model.compile_logp()(point).values()[0].item<double>() == Approx(lp).epsilon(1e-14));
  auto dlogp = model.compile_dlogp()(point).values()[0].to_vector<double>();
  for (std::size_t i = 0; i < 6; ++i) {
    auto up = theta, down = theta;
    up[i] += 1e-6;
    down[i] -= 1e-6;
    std::vector<double> scratch(6);
    const double fd = (f(up, scratch) - f(down, scratch)) / 2e-6;
    INFO("parameter " << i);
    CHECK(g[i] == Approx(fd).epsilon(1e-6).margin(1e-8));
    CHECK(dlogp[i] == Approx(g[i]).epsilon(1e-14));
  }
  CHECK_THROWS_AS(f(std::vector<double>(5), g), kiln::InputError);
  // One buffer for theta and the gradient (a caller reusing its memory): theta is read before
  // any of the gradient is written, as with separate buffers.
  for (int call = 0; call < 4; ++call) {  // the first calls run step by step, later ones the specialized code
    auto both = theta;
    CHECK(f(both, both) == lp);
    CHECK(both == g);
  }
}

TEST_CASE("d2logp is the negative Hessian of logp", "[pm][functions]") {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    auto mu = pm::Normal("mu", 0.0, 2.0);
    auto sigma = pm::HalfNormal("sigma", 3.0);
    pm::Normal("x", mu, sigma, {.observed = Array{0.5, -1.0}});
  }
  kiln::Point point{{"mu", 0.2}, {"sigma_log__", 0.1}};
  Array h = model.compile_d2logp()(point);
  REQUIRE(h.shape() == kiln::Shape{2, 2});
  auto dlogp = model.compile_dlogp();
  for (int j = 0; j < 2; ++j) {
    kiln::Point up = point, down = point;
    const std::string name = j == 0 ? "mu" : "sigma_log__";
    up[name] = Array(up.at(name).item<double>() + 1e-6);
    down[name] = Array(down.at(name).item<double>() - 1e-6);
    auto a = dlogp(up).values()[0].to_vector<double>(), b = dlogp(down).values()[0].to_vector<double>();
    for (int i = 0; i < 2; ++i) CHECK(h.get_as_double(i * 2 + j) == Approx(-(a[i] - b[i]) / 2e-6).epsilon(1e-6));
  }
  Array positive = model.compile_d2logp({}, {.negate_output = false})(point);
  CHECK(positive.get_as_double(0) == Approx(-h.get_as_double(0)));
}

TEST_CASE("constrain and unconstrain are inverse", "[pm][functions]") {
  pm::Model model;
  build_model(model);
  auto constrained = model.constrain(theta0());
  CHECK(constrained.at("sigma").item<double>() == Approx(std::exp(-0.2)));
  CHECK(constrained.at("u").item<double>() == Approx(-1.0 + 3.0 / (1.0 + std::exp(-0.4))));
  auto w = constrained.at("w").to_vector<double>();
  CHECK(w[0] + w[1] + w[2] == Approx(1.0).epsilon(1e-15));
  auto theta = model.unconstrain(constrained);
  auto want = theta0();
  REQUIRE(theta.size() == want.size());
  for (std::size_t i = 0; i < theta.size(); ++i) CHECK(theta[i] == Approx(want[i]).epsilon(1e-12).margin(1e-14));
}

TEST_CASE("constrain and unconstrain compile once per model", "[pm][functions]") {
  pm::Model model;
  build_model(model);
  kiln::Point first;
  std::vector<double> first_theta;
  {
    kiln::testing::LogCapture counter("rewrite");
    first = model.constrain(theta0());
    first_theta = model.unconstrain(first);
    CHECK(compiled(counter) == 2);
  }
  kiln::testing::LogCapture counter("rewrite");
  for (int k = 0; k < 3; ++k) {
    auto again = model.constrain(theta0());
    CHECK(printed(again) == printed(first));
    auto theta = model.unconstrain(again);
    REQUIRE(theta.size() == first_theta.size());
    for (std::size_t i = 0; i < theta.size(); ++i) CHECK(theta[i] == Approx(first_theta[i]).epsilon(1e-15));
  }
  CHECK(compiled(counter) == 0);
}

TEST_CASE("constrain and unconstrain follow a model that gains a variable", "[pm][functions]") {
  pm::Model model;
  build_model(model);
  CHECK(model.constrain(theta0()).size() == 5);
  {
    pm::ModelContext ctx(model);
    pm::Exponential("rate", 2.0);
  }
  auto theta = theta0();
  theta.push_back(0.5);
  auto constrained = model.constrain(theta);
  CHECK(constrained.at("rate").item<double>() == Approx(std::exp(0.5)).epsilon(1e-15));
  CHECK(model.unconstrain(constrained).back() == Approx(0.5).epsilon(1e-15));
}

TEST_CASE("constrain and unconstrain see bounds that are other variables", "[pm][functions]") {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    auto a = pm::Normal("a", 0.0, 1.0);
    pm::Uniform("u", a, a + 2.0);
    pm::Deterministic("width", a * 0.0 + 2.0);
  }
  auto constrained = model.constrain(std::vector<double>{0.5, -0.3});
  CHECK(constrained.at("a").item<double>() == 0.5);
  CHECK(constrained.at("u").item<double>() == Approx(0.5 + 2.0 / (1.0 + std::exp(0.3))).epsilon(1e-15));
  CHECK(constrained.at("width").item<double>() == 2.0);
  auto theta = model.unconstrain(constrained);
  REQUIRE(theta.size() == 2);
  CHECK(theta[1] == Approx(-0.3).epsilon(1e-13));
}

TEST_CASE("constrain and unconstrain name a wrong theta or a missing value", "[pm][functions][errors]") {
  pm::Model model;
  build_model(model);
  CHECK_THROWS_WITH(model.constrain(std::vector<double>(5)),
                    "constrain: theta has 5 values, but the model's value variables have 6");
  CHECK_THROWS_AS(model.constrain(std::vector<double>(7)), kiln::InputError);
  auto constrained = model.constrain(theta0());
  kiln::Point missing;
  for (const auto& [name, value] : constrained)
    if (name != "u") missing[name] = value;
  CHECK_THROWS_WITH(model.unconstrain(missing), "the point has no value for 'u'");
  kiln::Point wrong_shape = constrained;
  wrong_shape["w"] = Array{0.5, 0.5};
  CHECK_THROWS_AS(model.unconstrain(wrong_shape), kiln::InputError);
  CHECK_THROWS_WITH(model.unconstrain(wrong_shape), Catch::Contains("w"));
}

TEST_CASE("constrain can be called from several threads at once", "[pm][functions][threads]") {
  pm::Model model;
  build_model(model);
  std::vector<std::string> got(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < got.size(); ++t)
    threads.emplace_back([&, t] { got[t] = printed(model.constrain(theta0())); });
  for (auto& t : threads) t.join();
  for (const auto& g : got) CHECK(g == got[0]);
}

TEST_CASE("the flat logp and gradient can be called from several threads", "[pm][functions][threads]") {
  pm::Model model;
  build_model(model);
  const auto f = model.compile_logp_dlogp();
  // Each thread its own theta, so a call that saw another thread's state would show.
  constexpr std::size_t n_threads = 4;
  std::vector<std::vector<double>> thetas, want_grads;
  std::vector<double> want_logps;
  for (std::size_t t = 0; t < n_threads; ++t) {
    auto theta = theta0();
    for (double& x : theta) x += 0.1 * static_cast<double>(t);
    std::vector<double> grad(6);
    want_logps.push_back(f(theta, grad));
    thetas.push_back(theta);
    want_grads.push_back(grad);
  }
  // Catch's macros are not thread-safe: the threads count the calls that differ.
  std::vector<int> wrong(n_threads, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < n_threads; ++t)
    threads.emplace_back([&, t] {
      for (int k = 0; k < 20; ++k) {
        std::vector<double> grad(6, std::nan(""));  // NaN: a gradient left unwritten differs
        const double lp = f(thetas[t], grad);
        if (lp != want_logps[t] || grad != want_grads[t]) ++wrong[t];
      }
    });
  for (auto& t : threads) t.join();
  for (std::size_t t = 0; t < n_threads; ++t) {
    INFO("thread " << t);
    CHECK(wrong[t] == 0);
  }
  CHECK(want_grads[0] != want_grads[1]);
}

TEST_CASE("initial points are moments in the transformed space", "[pm][functions]") {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    auto mu = pm::Normal("mu", 1.5, 2.0);
    pm::Normal("x", mu, 1.0, {.size = kiln::Shape{2}});
    pm::Gamma("g", 2.0, 4.0);
    pm::Uniform("u", 0.0, 4.0);
  }
  auto point = model.initial_point();
  CHECK(point.at("x").to_vector<double>() == std::vector<double>{1.5, 1.5});
  CHECK(point.at("g_log__").item<double>() == Approx(std::log(0.5)));
  CHECK(point.at("u_interval__").item<double>() == Approx(0.0).margin(1e-15));
  auto jittered = model.initial_point({.random_seed = 7, .jitter = true});
  auto again = model.initial_point({.random_seed = 7, .jitter = true});
  CHECK(jittered.at("mu").item<double>() != 1.5);
  CHECK(std::fabs(jittered.at("mu").item<double>() - 1.5) <= 1.0);
  CHECK(jittered.at("mu").item<double>() == again.at("mu").item<double>());
}
