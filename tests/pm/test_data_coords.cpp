// pm::Data, set_data, coords and dims: registration and printing, shapes from dims, labelled
// flat parameter names, compiled functions reading new data (also of a new length) without
// recompiling, checked against the log-density written out by hand, and the errors.
#include "support/error_text.hpp"
#include "support/printed.hpp"

#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <thread>
#include <vector>

namespace kt = kiln::tensor;
namespace pm = kiln::pm;
using kiln::Array;
using kiln::Var;
using kiln::testing::error_of;
using kiln::testing::printed;

namespace {

double normal_logpdf(double x, double mu, double sigma) {
  return -0.5 * std::pow((x - mu) / sigma, 2) - std::log(sigma) - 0.5 * std::log(2 * M_PI);
}

// y ~ Normal(a + b x, 1) over the data, a ~ N(0, 1), b ~ N(0, 1): by hand.
double regression_logp(double a, double b, const std::vector<double>& x, const std::vector<double>& y) {
  double lp = normal_logpdf(a, 0, 1) + normal_logpdf(b, 0, 1);
  for (std::size_t i = 0; i < x.size(); ++i) lp += normal_logpdf(y[i], a + b * x[i], 1);
  return lp;
}

}  // namespace

TEST_CASE("coords come from the model's options and add_coord, and print as PyMC's", "[pm][coords]") {
  pm::Model model({.coords = {{"county", {"Aitkin", "Anoka", "Benton"}}, {"obs", 5}}});
  model.add_coord("param", {"intercept", "slope"});
  CHECK(printed(model.coords()) ==
        "{'county': ('Aitkin', 'Anoka', 'Benton'), 'obs': None, 'param': ('intercept', 'slope')}");
  CHECK(model.coords().at("obs").length() == 5);
  CHECK(model.dims_shape({"param", "county"}) == kiln::Shape{2, 3});
  CHECK(error_of([&] { model.add_coord("obs", 3); }) == "the model already has a dim named 'obs'");
  CHECK(error_of([&] { model.dims_shape({"group"}); }) ==
        "dim 'group' is unknown to the model: add it to the model's coords (add_coord)");
}

TEST_CASE("dims give variables their shapes and name the flat parameters", "[pm][coords]") {
  pm::Model model({.coords = {{"county", {"Aitkin", "Anoka", "Benton"}}, {"param", {"intercept", "slope"}}}});
  {
    pm::ModelContext ctx(model);
    Var a = pm::Normal("a", 0, 1, {.dims = {"county"}});
    Var sigma = pm::HalfNormal("sigma", 1, {.dims = {"county"}});
    Var ab = pm::Normal("ab", 0, 1, {.dims = {"county", "param"}});
    Var w = pm::Dirichlet("w", Array{1.0, 1.0}, {.dims = {"param"}});
    pm::Deterministic("a_scaled", a * sigma, {"county"});
    CHECK(a.type().str() == "TensorType(float64, (3,))");
    CHECK(ab.type().str() == "TensorType(float64, (3, 2))");
    CHECK(w.type().str() == "TensorType(float64, (2,))");
    CHECK(error_of([] { pm::Normal("b", 0, 1, {.dims = {"group"}}); }) ==
          "dim 'group' is unknown to the model: add it to the model's coords (add_coord)");
    CHECK(error_of([] { pm::Normal("c", 0, 1, {.size = {3}, .dims = {"county"}}); }) ==
          "'c' takes its shape from size or dims, not both");
    CHECK(error_of([] { pm::Normal("d", Array{1.0, 2.0}, 1, {.dims = {"county"}}); }).find("d") != std::string::npos);
  }
  auto dims = model.named_vars_to_dims();
  CHECK(dims.at("a") == std::vector<std::string>{"county"});
  CHECK(dims.at("ab") == std::vector<std::string>{"county", "param"});
  CHECK(dims.at("a_scaled") == std::vector<std::string>{"county"});
  CHECK(dims.count("w") == 1);
  // The simplex's one value has no label of its own: indices.
  CHECK(model.parameter_names() ==
        std::vector<std::string>{"a[Aitkin]", "a[Anoka]", "a[Benton]", "sigma_log__[Aitkin]", "sigma_log__[Anoka]",
                                 "sigma_log__[Benton]", "ab[Aitkin,intercept]", "ab[Aitkin,slope]",
                                 "ab[Anoka,intercept]", "ab[Anoka,slope]", "ab[Benton,intercept]", "ab[Benton,slope]",
                                 "w_simplex__[0]"});
}

TEST_CASE("pm::Data registers a named data variable that lists and prints as PyMC's", "[pm][data]") {
  pm::Model model;
  pm::ModelContext ctx(model);
  Var x = pm::Data("x", Array{1.0, 2.0, 3.0}, {.dims = {"obs"}});
  Var g = pm::Data("g", Array(std::vector<std::int64_t>{0, 1, 1}));
  CHECK(printed(model.data_vars()) == "[x, g]");
  CHECK(model["x"] == x);
  CHECK(x.dtype() == kiln::DType::float64);
  CHECK(g.dtype() == kiln::DType::int64);
  CHECK(model.coords().at("obs").length() == 3);  // inferred from the data, as PyMC
  CHECK(model.named_vars_to_dims().at("x") == std::vector<std::string>{"obs"});
  Var mu = pm::Normal("mu", 0, 1);
  Var y = pm::Normal("y", mu * x, 1, {.observed = x});
  CHECK(printed(model.observed_RVs()) == "[y ~ N(f(mu), 1)]");
  CHECK(error_of([] { pm::Data("x", Array{1.0}); }) == "variable name 'x' already exists in the model");
  CHECK(error_of([] {
          pm::Data("z", Array{1.0, 2.0}, {.dims = {"obs"}});
        }) == "Data 'z' has length 2 along dim 'obs', whose length is 3");
  CHECK(error_of([] { pm::Normal("q", 0, 1, {.observed = kt::vector("v")}); }) ==
        "observed data for 'q' must be an Array or a pm::Data variable, got v");
}

TEST_CASE("set_data changes what compiled functions read, also to a new length", "[pm][data]") {
  std::vector<double> x0{0.5, -1.0, 2.0, 0.25}, y0{1.0, -0.5, 3.0, 0.0};
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    Var x = pm::Data("x", Array(x0), {.dims = {"obs"}});
    Var y = pm::Data("y", Array(y0), {.dims = {"obs"}});
    Var a = pm::Normal("a", 0, 1);
    Var b = pm::Normal("b", 0, 1);
    pm::Normal("y_obs", a + b * x, 1, {.observed = y, .dims = {"obs"}});
  }
  auto f = model.compile_logp_dlogp();
  auto logp_point = model.compile_logp();
  const std::vector<double> theta{0.3, -0.7};
  std::vector<double> grad(2);
  CHECK(f(theta, grad) == Approx(regression_logp(0.3, -0.7, x0, y0)).epsilon(1e-13));

  // Same length: the direct call reads the new values.
  std::vector<double> x1{1.5, 0.0, -2.0, 0.75};
  model.set_data("x", Array(x1));
  CHECK(f(theta, grad) == Approx(regression_logp(0.3, -0.7, x1, y0)).epsilon(1e-13));

  // A new length along "obs", which no free variable has.
  std::vector<double> x2{1.0, 2.0, 3.0, 4.0, 5.0, 6.0}, y2{0.5, 1.0, 1.5, 2.0, 2.5, 3.0};
  model.set_data("x", Array(x2));
  model.set_data("y", Array(y2));
  CHECK(model.coords().at("obs").length() == 6);
  for (int call = 0; call < 3; ++call) {  // the program specializes again to the new shapes
    CHECK(f(theta, grad) == Approx(regression_logp(0.3, -0.7, x2, y2)).epsilon(1e-13));
    // d/da and d/db of the hand-written density.
    double da = -0.3, db = 0.7;
    for (std::size_t i = 0; i < x2.size(); ++i) {
      const double r = y2[i] - (0.3 - 0.7 * x2[i]);
      da += r;
      db += r * x2[i];
    }
    CHECK(grad[0] == Approx(da).epsilon(1e-12));
    CHECK(grad[1] == Approx(db).epsilon(1e-12));
  }
  kiln::Point point{{"a", Array(0.3)}, {"b", Array(-0.7)}};
  CHECK(logp_point(point).values()[0].item<double>() == Approx(regression_logp(0.3, -0.7, x2, y2)).epsilon(1e-13));
}

TEST_CASE("set_data of several data sets them together, all or nothing", "[pm][data]") {
  std::vector<double> x0{0.5, -1.0, 2.0, 0.25}, y0{1.0, -0.5, 3.0, 0.0};
  pm::Model model({.coords = {{"site", {"p", "q"}}}});
  Var x, y, named;
  {
    pm::ModelContext ctx(model);
    x = pm::Data("x", Array(x0), {.dims = {"obs"}});
    y = pm::Data("y", Array(y0), {.dims = {"obs"}});
    named = pm::Data("named", Array{1.0, 2.0}, {.dims = {"site"}});
    Var a = pm::Normal("a", 0, 1);
    Var b = pm::Normal("b", 0, 1);
    pm::Normal("y_obs", a + b * x, 1, {.observed = y, .dims = {"obs"}});
  }
  auto f = model.compile_logp_dlogp();
  const std::vector<double> theta{0.3, -0.7};
  std::vector<double> grad(2);
  f(theta, grad);

  std::vector<double> x1{1.0, 2.0}, y1{0.5, 1.5};
  model.set_data({{"x", Array(x1)}, {"y", Array(y1)}});
  CHECK(model.coords().at("obs").length() == 2);
  CHECK(f(theta, grad) == Approx(regression_logp(0.3, -0.7, x1, y1)).epsilon(1e-13));

  // Each refusal leaves every value and the coords as they were.
  auto unchanged = [&] {
    CHECK(get_value(x).to_vector<double>() == x1);
    CHECK(get_value(y).to_vector<double>() == y1);
    CHECK(model.coords().at("obs").length() == 2);
    CHECK(model.coords().at("site").length() == 2);
  };
  CHECK(error_of([&] { model.set_data({{"x", Array{1.0, 2.0, 3.0}}, {"y", Array{1.0, 2.0, 3.0, 4.0}}}); }) ==
        "set_data: 'y' has length 4 along dim 'obs', but 'x' gives it length 3");
  unchanged();
  CHECK(error_of([&] { model.set_data({{"x", Array{1.0, 2.0, 3.0}}, {"nope", Array{1.0}}}); }) ==
        "set_data: the model has no data variable named 'nope'");
  unchanged();
  CHECK(error_of([&] { model.set_data({{"x", Array{1.0, 2.0}}, {"x", Array{3.0, 4.0}}}); }) == "set_data: 'x' is given twice");
  unchanged();
  CHECK(error_of([&] { model.set_data({{"x", Array{1.0, 2.0, 3.0}}, {"y", Array{1.0, 2.0, 3.0}}}, {{"site", {"r"}}}); }) ==
        "set_data: coords for dim 'site' were given, but none of the data set has it");
  unchanged();
  CHECK(error_of([&] { model.set_data({{"x", Array{4.0, 5.0, 6.0}}, {"named", Array{1.0}}}); }) ==
        "set_data: cannot change dim 'site' of 'named' from length 2 to 1 without its new labels: give them in coords");
  unchanged();
  CHECK(f(theta, grad) == Approx(regression_logp(0.3, -0.7, x1, y1)).epsilon(1e-13));

  model.set_data({{"x", Array{4.0, 5.0, 6.0}}, {"y", Array{1.0, 2.0, 3.0}}, {"named", Array{7.0}}}, {{"site", {"r"}}});
  CHECK(model.coords().at("site").length() == 1);
  CHECK(f(theta, grad) == Approx(regression_logp(0.3, -0.7, {4.0, 5.0, 6.0}, {1.0, 2.0, 3.0})).epsilon(1e-13));
}

TEST_CASE("set_data refuses what would not fit the model", "[pm][data][errors]") {
  pm::Model model({.coords = {{"county", {"A", "B"}}}});
  {
    pm::ModelContext ctx(model);
    Var level = pm::Data("level", Array{1.0, 2.0}, {.dims = {"county"}});
    Var a = pm::Normal("a", 0, 1, {.dims = {"county"}});
    Var w = pm::Data("w", Array{1.0, 2.0, 3.0}, {.dims = {"obs"}});
    Var named = pm::Data("named", Array{1.0, 2.0}, {.dims = {"site"}});
    pm::Normal("y", a * level, 1, {.observed = Array{0.5, 0.1}});
    (void)w;
    (void)named;
  }
  CHECK(error_of([&] { model.set_data("nope", Array{1.0}); }) ==
        "set_data: the model has no data variable named 'nope'");
  CHECK(error_of([&] {
          model.set_data("level", Array{1.0, 2.0, 3.0});
        }) ==
        "set_data: cannot change dim 'county' of 'level' from length 2 to 3: free variable 'a' has that dim, and its "
        "length is fixed");
  CHECK(error_of([&] {
          model.set_data("level", Array{{1.0, 2.0}});
        }) == "set_data: 'level' has 1 dims, the new values have 2");
  CHECK(error_of([&] {
          model.set_data("w", Array{1.0}, {{"county", {"A"}}});
        }) == "set_data: coords for dim 'county' were given, but 'w' does not have it");
  model.set_data("w", Array{1.0});
  CHECK(model.coords().at("obs").length() == 1);
  // New labels of the right length relabel a dim; a labelled dim needs them to change length.
  model.set_data("named", Array{5.0, 6.0, 7.0}, {{"site", {"x", "y", "z"}}});
  CHECK(model.coords().at("site").labels() == std::vector<std::string>{"x", "y", "z"});
  CHECK(error_of([&] { model.set_data("named", Array{5.0}); }) ==
        "set_data: cannot change dim 'site' of 'named' from length 3 to 1 without its new labels: give them in coords");
  CHECK(error_of([&] {
          model.set_data("named", Array{5.0}, {{"site", {"x", "y"}}});
        }) == "set_data: the new coords of dim 'site' have 2 values, but 'named' has length 1 along it");
}

TEST_CASE("threads calling a model function read the data as set", "[pm][data][threads]") {
  std::vector<double> x{0.5, -1.0, 2.0}, y{1.0, -0.5, 3.0};
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    Var xd = pm::Data("x", Array(x));
    Var yd = pm::Data("y", Array(y));
    Var a = pm::Normal("a", 0, 1);
    Var b = pm::Normal("b", 0, 1);
    pm::Normal("y_obs", a + b * xd, 1, {.observed = yd});
  }
  auto f = model.compile_logp_dlogp();
  model.set_data("y", Array{2.0, 0.5, -1.0});
  const double want = regression_logp(0.3, -0.7, x, {2.0, 0.5, -1.0});
  std::vector<int> wrong(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      std::vector<double> theta{0.3, -0.7}, grad(2);
      for (int call = 0; call < 500; ++call) wrong[static_cast<std::size_t>(t)] += f(theta, grad) != want;
    });
  for (auto& thread : threads) thread.join();
  CHECK(wrong == std::vector<int>(4, 0));
}

// More threads than LogpGradFunction keeps frames for (16), so some calls take pooled frames;
// each frame remembers the data it last read, so set_data between rounds must reach them all.
TEST_CASE("calls from many threads read the data set between them", "[pm][data][threads]") {
  std::vector<double> x0{0.5, -1.0, 2.0, 0.25}, y0{1.0, -0.5, 3.0, 0.0}, x1{1.5, 0.0, -2.0, 0.75};
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    Var x = pm::Data("x", Array(x0), {.dims = {"obs"}});
    Var y = pm::Data("y", Array(y0), {.dims = {"obs"}});
    Var a = pm::Normal("a", 0, 1);
    Var b = pm::Normal("b", 0, 1);
    pm::Normal("y_obs", a + b * x, 1, {.observed = y, .dims = {"obs"}});
  }
  const auto f = model.compile_logp_dlogp();
  constexpr int kThreads = 24;
  for (const auto& x : {x0, x1}) {
    model.set_data("x", Array(x));
    // Catch's macros are not thread-safe: the threads count the calls that differ.
    std::vector<int> wrong(kThreads, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] {
        const std::vector<double> theta{0.1 * t, -0.05 * t};
        const double want = regression_logp(theta[0], theta[1], x, y0);
        std::vector<double> grad(2);
        for (int k = 0; k < 200; ++k)
          if (std::abs(f(theta, grad) - want) > 1e-12 * std::abs(want)) ++wrong[t];
      });
    for (auto& th : threads) th.join();
    CHECK(std::count(wrong.begin(), wrong.end(), 0) == kThreads);
  }
}
