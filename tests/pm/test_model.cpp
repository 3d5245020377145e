// pm::Model: registration, names, observed data, collections, checks and their errors.
#include "support/error_text.hpp"
#include "support/printed.hpp"

#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>
#include <thread>

namespace kt = kiln::tensor;
namespace pm = kiln::pm;
using kiln::Array;
using kiln::Var;
using kiln::testing::error_of;
using kiln::testing::printed;

namespace {

double total_logp(const pm::Model& model, const kiln::Point& point) {
  return model.compile_logp()(point).values()[0].item<double>();
}

}  // namespace

TEST_CASE("the API examples' Models part runs as its comments say", "[pm][model][api]") {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    auto mu = pm::Normal("mu", 0, 2);
    auto sigma = pm::HalfNormal("sigma", 3);
    auto obs = pm::Normal("obs", mu, sigma, {.observed = kiln::Array{0.1, -0.3, 0.2}});
  }
  CHECK(printed(model.value_vars()) == "[mu, sigma_log__]");
  kiln::Point p = model.initial_point();
  CHECK(printed(p) == "{'mu': array(0.), 'sigma_log__': array(1.09861229)}");
  std::vector<Array> terms = model.compile_logp({.sum = false})(p);
  REQUIRE(terms.size() == 3);
  CHECK(terms[2].shape() == kiln::Shape{3});
  Array total = model.compile_logp()(p);
  double sum = 0;
  for (const auto& t : terms)
    for (double x : t.to_vector<double>()) sum += x;
  CHECK(total.item<double>() == Approx(sum).epsilon(1e-14));
  CHECK(printed(model.observed_RVs()) == "[obs ~ N(mu, sigma)]");
  CHECK(printed(model.free_RVs()) == "[mu ~ N(0, 2), sigma ~ N**+(0, 3)]");
}

TEST_CASE("named variables need a model and unique names", "[pm][model][errors]") {
  CHECK(error_of([] { pm::Normal("z", 0, 1); }) ==
        "random variable 'z': no active model; create it inside a pm::ModelContext");
  pm::Model model;
  pm::ModelContext ctx(model);
  pm::Normal("z", 0, 1);
  CHECK(error_of([] { pm::HalfNormal("z", 1); }) == "variable name 'z' already exists in the model");
  CHECK(error_of([] { pm::Deterministic("z", Var(1.0)); }) == "variable name 'z' already exists in the model");
  pm::HalfNormal("s", 1);
  CHECK(error_of([] { pm::Normal("s_log__", 0, 1); }) == "variable name 's_log__' already exists in the model");
}

TEST_CASE("observed data must fit the variable's shape", "[pm][model][errors]") {
  pm::Model model;
  pm::ModelContext ctx(model);
  auto mu = pm::Normal("mu", Array{0.0, 0.0, 0.0}, 1.0);
  CHECK_THROWS_AS(pm::Normal("y", mu, 1.0, {.observed = Array{1.0, 2.0}}), kiln::ValueError);
  CHECK_THAT(error_of([&] { pm::Normal("y", mu, 1.0, {.observed = Array{1.0, 2.0}}); }),
             Catch::Matchers::StartsWith("observed data for 'y'"));
  CHECK(error_of([] { pm::Normal("w", 0.0, 1.0, {.observed = Array{1.0, 2.0}, .size = kiln::Shape{3}}); }) ==
        "observed data for 'w' have shape (2,), but 'w' has shape (3,)");
  // Scalar parameters take the data's shape.
  auto y = pm::Normal("y", 0.0, 1.0, {.observed = Array{1.0, 2.0}});
  CHECK(y.type().str() == "TensorType(float64, (2,))");
}

TEST_CASE("transforms can be opted out of and chosen", "[pm][model][transforms]") {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    pm::HalfNormal("a", 1.0, {.transform = pm::transforms::none});
    pm::Beta("b", 2.0, 3.0);
    pm::Uniform("c", -1.0, 2.0);
    pm::Dirichlet("d", Array{1.0, 2.0, 3.0});
    pm::Normal("e", 0.0, 1.0, {.size = kiln::Shape{3}, .transform = pm::transforms::ordered});
    pm::Poisson("k", 3.0);
  }
  CHECK(printed(model.value_vars()) == "[a, b_logodds__, c_interval__, d_simplex__, e_ordered__, k]");
  auto point = model.initial_point();
  CHECK(point.at("d_simplex__").shape() == kiln::Shape{2});
  CHECK(point.at("k").dtype() == kiln::DType::int64);
  CHECK(point.at("k").item<std::int64_t>() == 3);
  CHECK(point.at("b_logodds__").item<double>() == Approx(std::log(0.4 / 0.6)));
}

TEST_CASE("Deterministic and Potential join the model", "[pm][model]") {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    auto x = pm::Normal("x", 0.0, 1.0);
    pm::Deterministic("x2", x * x);
    pm::Potential("pot", -kt::sqr(x - 1.0));
  }
  CHECK(model.deterministics().size() == 1);
  CHECK(model.logp({.sum = false}).size() == 2);
  const double at1 = total_logp(model, {{"x", 1.0}});
  CHECK(at1 == Approx(-0.5 - 0.5 * std::log(2 * M_PI)).epsilon(1e-14));
  CHECK(printed(model.constrain(std::vector<double>{3.0})) == "{'x': array(3.), 'x2': array(9.)}");
  CHECK(model["x2"].name() == "x2");
  CHECK(error_of([&] { model["nope"]; }) == "the model has no variable named 'nope'");
}

TEST_CASE("failed parameter checks are -inf in model functions unless check_bounds is off", "[pm][model][checks]") {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    auto s = pm::Normal("s", 0.0, 1.0);
    pm::Normal("y", 0.0, s, {.observed = Array(1.0)});
  }
  CHECK(total_logp(model, {{"s", -1.0}}) == -HUGE_VAL);
  CHECK(total_logp(model, {{"s", 2.0}}) ==
        Approx(-2.0 - 0.5 * std::log(2 * M_PI) - 0.125 - 0.5 * std::log(2 * M_PI) - std::log(2.0)).epsilon(1e-14));
  // Evaluated directly, the check raises.
  auto values = model.value_vars();
  CHECK_THROWS_AS(static_cast<Var>(model.logp()).eval({{values[0], -1.0}}), kiln::ParameterValueError);
  const std::string report = model.debug({{"s", -1.0}});
  CHECK_THAT(report, Catch::Matchers::Contains("The logp of y is array(-inf): a parameter check failed: sigma > 0"));
  CHECK(model.debug({{"s", 1.0}}).empty());

  pm::Model unchecked({.check_bounds = false});
  {
    pm::ModelContext ctx(unchecked);
    auto s = pm::Normal("s", 0.0, 1.0);
    pm::Normal("y", 0.0, s, {.observed = Array(1.0)});
  }
  CHECK(std::isnan(total_logp(unchecked, {{"s", -1.0}})));
}

TEST_CASE("debug names variables whose values are outside the support", "[pm][model][debug]") {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    pm::Beta("b", 2.0, 2.0, {.transform = pm::transforms::none});
  }
  CHECK(model.debug({{"b", 1.5}}) == "The logp of b is array(-inf): its value is outside the support of the distribution\n");
  CHECK(model.point_logps({{"b", 0.5}}).at("b").item<double>() == Approx(std::log(1.5)));
}

TEST_CASE("model contexts nest and are per thread", "[pm][model]") {
  pm::Model outer, inner;
  {
    pm::ModelContext a(outer);
    pm::Normal("x", 0, 1);
    {
      pm::ModelContext b(inner);
      pm::Normal("y", 0, 1);
      CHECK(pm::Model::current() == &inner);
    }
    pm::Normal("z", 0, 1);
  }
  CHECK(pm::Model::current() == nullptr);
  CHECK(printed(outer.value_vars()) == "[x, z]");
  CHECK(printed(inner.value_vars()) == "[y]");
}

TEST_CASE("a model context registers only the variables of its own thread", "[pm][model][threads]") {
  pm::Model mine, theirs;
  // Catch's macros are not thread-safe: the worker records what it sees, checked after join.
  const pm::Model* seen_by_worker = &mine;
  std::string worker_error;
  {
    pm::ModelContext ctx(mine);
    pm::Normal("x", 0, 1);
    std::thread worker([&] {
      seen_by_worker = pm::Model::current();
      worker_error = error_of([] { pm::Normal("stray", 0, 1); });
      pm::ModelContext own(theirs);
      pm::Normal("y", 0, 1);
    });
    worker.join();
    pm::Normal("z", 0, 1);
    CHECK(pm::Model::current() == &mine);
  }
  CHECK(seen_by_worker == nullptr);
  CHECK(worker_error == "random variable 'stray': no active model; create it inside a pm::ModelContext");
  CHECK(printed(mine.value_vars()) == "[x, z]");
  CHECK(printed(theirs.value_vars()) == "[y]");
}
