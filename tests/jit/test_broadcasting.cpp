// Broadcasting in native kernels: scalars with vectors, rows with columns, transposed and
// strided operands (the strided loop nest), runtime broadcasting of unknown dims, and errors.
#include "jit_test_support.hpp"

namespace kt = kiln::tensor;
using kiln::Array;
using kiln::DType;
using kiln::Var;
using namespace kiln::jit_test;

namespace {

Array iota(const kiln::Shape& shape, double start = 0.5, double step = 0.25) {
  Array a = Array::empty(DType::float64, shape);
  for (std::int64_t i = 0; i < a.size(); ++i) a.set_from_double(i, start + step * static_cast<double>(i));
  return a;
}

}  // namespace

TEST_CASE("scalar plus vector uses the hoisted scalar") {
  auto x = kt::scalar("x");
  auto y = kt::vector("y");
  for (std::int64_t n : {0, 1, 3, 8, 33, 1000})
    check_against_reference({x, y}, {kt::exp(x * y) - x / (y + 1.0)}, {Array(1.5), iota({n})}, 4, "n=" + std::to_string(n));
}

TEST_CASE("row plus column broadcasts to a matrix") {
  auto row = kt::tensor("row", DType::float64, {1, std::nullopt});
  auto col = kt::tensor("col", DType::float64, {std::nullopt, 1});
  check_against_reference({row, col}, {row * 2.0 + col}, {iota({1, 7}), iota({5, 1}, -1.0)}, 0, "row + col");
  check_against_reference({row, col}, {kt::maximum(row, col)}, {iota({1, 7}), iota({5, 1}, -1.0, 0.5)}, 0, "max(row, col)");
}

TEST_CASE("transposed inputs read through strides") {
  auto a = kt::matrix("a");
  auto b = kt::matrix("b");
  auto out = kt::transpose(a) * b + 1.0;
  check_against_reference({a, b}, {out}, {iota({4, 6}), iota({6, 4}, 3.0, -0.5)}, 0, "a.T * b + 1");
}

TEST_CASE("non-contiguous caller arrays are read through their strides") {
  auto x = kt::vector("x");
  auto y = kt::vector("y");
  std::vector<double> storage(40);
  for (std::size_t i = 0; i < storage.size(); ++i) storage[i] = 0.1 * static_cast<double>(i) + 0.05;
  Array every_other = Array::view_raw(DType::float64, storage.data(), {20}, {2});
  check_against_reference({x, y}, {x * y - kt::sqrt(x)}, {every_other, iota({20})}, 0, "strided x");
}

TEST_CASE("dims statically of length 1 broadcast at run time; unknown dims of length 1 raise") {
  auto x = kt::tensor("x", DType::float64, {1});
  auto y = kt::vector("y");
  check_against_reference({x, y}, {x + y}, {Array{2.0}, iota({9})}, 0, "(1,) + (9,)");
  check_against_reference({x, y}, {y + x}, {Array{2.0}, iota({9})}, 0, "(9,) + (1,)");
  // PyTensor's rule: a dim not known to be 1 does not broadcast (tests/fuzz has the details).
  auto u = kt::vector("u");
  CHECK_THROWS_AS(kiln::function({u, y}, u + y)(Array{2.0}, iota({9})), kiln::ValueError);
}

TEST_CASE("three-dimensional broadcasting") {
  auto a = kt::tensor("a", DType::float64, {std::nullopt, 1, std::nullopt});
  auto b = kt::tensor("b", DType::float32, {1, std::nullopt, std::nullopt});
  check_against_reference({a, b}, {a * b - a}, {iota({3, 1, 5}), iota({1, 4, 5}).astype(DType::float32)}, 0, "3-d");
}

TEST_CASE("shapes that do not broadcast raise the reference's error") {
  auto x = kt::vector("x");
  auto y = kt::vector("y");
  auto f = kiln::function({x, y}, x + y);
  CHECK_THROWS_AS(f(iota({3}), iota({4})), kiln::ValueError);
  CHECK_THROWS_WITH(f(iota({3}), iota({4})), Catch::Contains("do not broadcast"));
}

TEST_CASE("integer and bool kernels broadcast too") {
  auto i = kt::vector("i", DType::int32);
  auto b = kt::scalar("b", DType::bool_);
  Array values = Array(std::vector<std::int32_t>{1, -2, 3, 40, -50, 6, 7});
  check_against_reference({i, b}, {kt::switch_(b, i * 3, i - 1)}, {values, Array(true)}, 0, "switch int");
  check_against_reference({i, b}, {kt::and_(i, b)}, {values, Array(false)}, 0, "and int bool");
}
