// Argmax: NumPy's values (first of equal maxima, NaN wins, negative axes, keepdims), its type
// and printed name, compiled as evaluated, no gradient, and its errors.
#include "tensor/argmax.hpp"

#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <cmath>

namespace kt = kiln::tensor;
using kiln::Array;
using kiln::Var;

TEST_CASE("argmax along an axis and of the flattened array") {
  auto m = kt::matrix("m");
  Array v{{1.0, 5.0, 5.0}, {7.0, 2.0, 3.0}};
  CHECK(kt::argmax(m, 1).eval({{m, v}}).to_vector<std::int64_t>() == std::vector<std::int64_t>{1, 0});
  CHECK(kt::argmax(m, -1).eval({{m, v}}).to_vector<std::int64_t>() == std::vector<std::int64_t>{1, 0});
  CHECK(kt::argmax(m, 0).eval({{m, v}}).to_vector<std::int64_t>() == std::vector<std::int64_t>{1, 0, 0});
  CHECK(kt::argmax(m).eval({{m, v}}).item<std::int64_t>() == 3);
  Array keep = kt::argmax(m, 1, true).eval({{m, v}});
  CHECK(keep.shape() == kiln::Shape{2, 1});
  CHECK(kt::argmax(m, std::nullopt, true).eval({{m, v}}).shape() == kiln::Shape{1, 1});
}

TEST_CASE("argmax counts NaN as the largest and compares integers exactly") {
  auto x = kt::vector("x");
  CHECK(kt::argmax(x).eval({{x, Array{1.0, NAN, 9.0, NAN}}}).item<std::int64_t>() == 1);
  CHECK(kt::argmax(x).eval({{x, Array{-INFINITY, -INFINITY}}}).item<std::int64_t>() == 0);
  auto i = kt::vector("i", kiln::DType::int64);
  const std::int64_t big = (std::int64_t{1} << 53) + 1;
  CHECK(kt::argmax(i).eval({{i, Array(std::vector<std::int64_t>{big - 1, big, 3})}}).item<std::int64_t>() == 1);
}

TEST_CASE("argmax's type and printed name") {
  auto t = kt::tensor("t", kiln::DType::float32, {2, std::nullopt, 4});
  Var a = kt::argmax(t, 1);
  CHECK(a.type().str() == "TensorType(int64, (2, 4))");
  CHECK(a.owner()->op().name() == "Argmax{axis=[1]}");
  CHECK(kt::argmax(t).type().str() == "TensorType(int64, ())");
  CHECK(kt::argmax(t).owner()->op().name() == "Argmax");
}

TEST_CASE("a compiled argmax agrees with its evaluation") {
  auto m = kt::matrix("m");
  kiln::Function f = kiln::function({m}, kt::argmax(m * 2.0, -1));
  Array v{{0.5, -1.0, 3.0}, {2.0, 2.5, -4.0}, {1.0, 1.0, 1.0}};
  CHECK(Array(f(v)).to_vector<std::int64_t>() == std::vector<std::int64_t>{2, 1, 0});
}

TEST_CASE("argmax passes no gradient") {
  auto x = kt::vector("x");
  Var index_cost = kt::cast(kt::argmax(x), kiln::DType::float64);
  CHECK_THROWS_AS(kiln::grad(index_cost, x), kiln::GradientError);
  Var g = kiln::grad(kt::sum(x) + index_cost, x);
  CHECK(g.eval({{x, Array{1.0, 4.0, 2.0}}}).to_vector<double>() == std::vector<double>{1.0, 1.0, 1.0});
}

TEST_CASE("argmax errors name the axis and the empty input") {
  auto m = kt::matrix("m");
  CHECK_THROWS_WITH(kt::argmax(m, 2), "argmax: axis 2 is out of range for TensorType(float64, (None, None))");
  CHECK_THROWS_AS(kt::argmax(m, -3), kiln::TypeError);
  auto x = kt::vector("x");
  CHECK_THROWS_WITH(kt::argmax(x).eval({{x, Array(std::vector<double>{})}}),
                    Catch::Contains("an empty sequence (input shape (0,)) has no argmax"));
  CHECK_THROWS_AS(kt::argmax(x).eval({{x, Array(std::vector<double>{})}}), kiln::ValueError);
}

TEST_CASE("the Argmax op checks its own inputs", "[errors]") {
  auto v = kt::vector("v");
  auto op = std::make_shared<kt::Argmax>(1);
  CHECK_THROWS_WITH(kiln::apply_op(op, {v}),
                    "Argmax{axis=[1]}: axis 1 is out of range for TensorType(float64, (None,))");
  CHECK_THROWS_WITH(kiln::apply_op(std::make_shared<kt::Argmax>(std::nullopt), {v, v}), "Argmax: takes 1 input, got 2");
}
