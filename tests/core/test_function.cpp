// eval and function through the reference evaluator: values, givens, updates, input errors.
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>

namespace kt = kiln::tensor;

TEST_CASE("eval of log(x + y) gives the seed's values") {
  auto x = kt::scalar("x");
  auto y = kt::vector("y");
  auto z = x + y;
  auto w = kt::log(z);
  CHECK(kiln::repr(w.eval({{x, 0.0}, {y, {1.0, M_E}}})) == "array([0., 1.])");
  CHECK(kiln::repr(w.eval({{z, {1.0, M_E}}})) == "array([0., 1.])");
  CHECK(kiln::repr(w.eval({{x, 0}, {y, {1.0, M_E}}})) == "array([0., 1.])");
}

TEST_CASE("eval without a needed input names it") {
  auto x = kt::scalar("x");
  auto y = kt::vector("y");
  auto w = kt::log(x + y);
  CHECK_THROWS_AS(w.eval({{x, 0.0}}), kiln::InputError);
  CHECK_THROWS_WITH(w.eval({{x, 0.0}}), Catch::Contains("missing input: y"));
  CHECK_THROWS_WITH(w.eval({{x, kiln::Array{1.0}}, {y, {1.0}}}), Catch::Contains("eval: x expects TensorType(float64, ())"));
}

TEST_CASE("function calls positionally and by name") {
  auto x = kt::scalar("x");
  auto y = kt::vector("y");
  auto w = kt::log(x + y);
  auto f = kiln::function({x, y}, w);
  kiln::Array out = f(0.0, kiln::Array{1.0, M_E});
  CHECK(kiln::repr(out) == "array([0., 1.])");
  kiln::Array named = f.call({{"x", 0.0}, {"y", kiln::Array{1.0, M_E}}});
  CHECK(kiln::repr(named) == "array([0., 1.])");
}

TEST_CASE("function input errors name the input") {
  auto x = kt::scalar("x");
  auto y = kt::vector("y");
  auto f = kiln::function({x, y}, kt::log(x + y));
  CHECK_THROWS_WITH(f(0.0), Catch::Contains("takes 2 inputs, got 1"));
  CHECK_THROWS_WITH(f(0.0, 1.0), Catch::Contains("input 1 'y' expects TensorType(float64, (None,))"));
  CHECK_THROWS_WITH(f.call({{"x", 0.0}}), Catch::Contains("missing input 1 'y'"));
  CHECK_THROWS_WITH(f.call({{"q", 0.0}}), Catch::Contains("no input named 'q'"));
  auto i = kt::vector("i", kiln::int32);
  auto g = kiln::function({i}, i + 1);
  CHECK_THROWS_WITH(g(kiln::Array{1.5}), Catch::Contains("expects dtype int32, got float64"));
  CHECK_THROWS_WITH(kiln::function({x, x}, x), Catch::Contains("given twice"));
  CHECK_THROWS_WITH(kiln::function({kiln::Var(1.0)}, x), Catch::Contains("is a constant"));
}

TEST_CASE("function with several outputs returns a vector") {
  auto x = kt::scalar("x");
  auto f = kiln::function({x}, {x + 1.0, x * 2.0});
  std::vector<kiln::Array> both = f(3.0);
  CHECK(both[0].item<double>() == 4.0);
  CHECK(both[1].item<double>() == 6.0);
  CHECK_THROWS_WITH(kiln::Array(f(3.0)), Catch::Contains("2 outputs"));
}

TEST_CASE("a one-output call reads as its Array") {
  auto x = kt::scalar("x");
  auto y = kt::vector("y");
  kiln::Function f = kiln::function({x, y}, kt::log(x + y));
  CHECK(f(0.0, kiln::Array{1.0, M_E}).shape() == kiln::Shape{2});
  CHECK(f(0.0, kiln::Array{1.0, M_E}).size() == 2);
  CHECK(f(0.0, kiln::Array{1.0, M_E}).to_vector<double>() == std::vector<double>{0.0, 1.0});
  CHECK(f(0.0, kiln::Array{M_E}).item<double>() == 1.0);
  CHECK(f(0.0, kiln::Array{M_E}).dtype() == kiln::float64);
  std::ostringstream os;
  os << f(0.0, kiln::Array{1.0, M_E});
  CHECK(os.str() == "array([0., 1.])");

  kiln::Function two = kiln::function({x}, {x + 1, x * 2});
  CHECK(two(1.0).count() == 2);
  CHECK_THROWS_AS(two(1.0).item<double>(), kiln::InputError);
  CHECK_THROWS_WITH(two(1.0).shape(), "this function has 2 outputs: take them as a std::vector<kiln::Array>");
}

TEST_CASE("call_into writes into caller memory") {
  auto x = kt::scalar("x");
  auto y = kt::vector("y");
  auto f = kiln::function({x, y}, kt::log(x + y));
  std::vector<double> dst(2, -1.0);
  f.call_into({kiln::Array::view(dst.data(), {2})}, 0.0, kiln::Array{1.0, M_E});
  CHECK(dst[0] == 0.0);
  CHECK(dst[1] == Approx(1.0));
  std::vector<double> wrong(3);
  CHECK_THROWS_WITH(f.call_into({kiln::Array::view(wrong.data(), {3})}, 0.0, kiln::Array{1.0, M_E}),
                    Catch::Contains("shape (2,)"));
}

TEST_CASE("updates change shared variables after each call") {
  auto count = kiln::shared(kiln::Array(0.0), "count");
  auto step = kt::scalar("step");
  auto f = kiln::function({step}, count, {.updates = {{count, count + step}}});
  CHECK(f(2.0).values()[0].item<double>() == 0.0);
  CHECK(f(2.0).values()[0].item<double>() == 2.0);
  CHECK(kiln::get_value(count).item<double>() == 4.0);
}

TEST_CASE("givens replace variables before compiling") {
  auto x = kt::scalar("x");
  auto y = kt::scalar("y");
  auto f = kiln::function({y}, x * 2.0, {.givens = {{x, y + 1.0}}});
  CHECK(kiln::Array(f(1.0)).item<double>() == 4.0);
}

TEST_CASE("call_into with updates writes the outputs and still updates") {
  auto count = kiln::shared(kiln::Array(0.0), "count");
  auto step = kt::scalar("step");
  auto f = kiln::function({step}, count * 2.0, {.updates = {{count, count + step}}});
  double out = -1;
  f.call_into({kiln::Array::view(&out, {})}, 3.0);
  f.call_into({kiln::Array::view(&out, {})}, 3.0);
  CHECK(out == 6.0);
  CHECK(kiln::get_value(count).item<double>() == 6.0);
}

TEST_CASE("eval compiles once and reuses the function for the same graph and givens") {
  auto x = kt::vector("x");
  auto w = kt::log(kt::exp(x) + 1.0);
  auto first = w.eval({{x, kiln::Array{800.0}}});
  CHECK(first.item<double>() == 800.0);  // rewritten to softplus: compiled, not the reference
  for (int i = 0; i < 100; ++i) CHECK(w.eval({{x, kiln::Array{800.0}}}).item<double>() == 800.0);
}
