// Shape ops, joins, checks and Argmax lowered in both tiers (jit/lower/shape.cpp, join.cpp,
// checks.cpp, reductions.cpp): every call, step by step or specialized, gives kiln::evaluate's
// values and raises the reference's errors.
#include "jit_test_support.hpp"

namespace kt = kiln::tensor;
using kiln::Array;
using kiln::DType;
using kiln::Var;
using kiln::jit::specialization_count;
using namespace kiln::jit_test;

namespace {

Array values(DType dtype, kiln::Shape shape, double scale = 1.0) {
  Array a = Array::empty(dtype, shape);
  for (std::int64_t i = 0; i < a.size(); ++i) a.set_from_double(i, scale * static_cast<double>((i * 5) % 7) - 2.0);
  return a;
}

}  // namespace

TEST_CASE("Shape, Reshape and Alloc run natively in both tiers") {
  Var x = kt::matrix("x");
  Array xv = values(DType::float64, {3, 4});
  check_tiers({x}, {kt::shape(x) * 2}, {xv}, "shape");
  check_tiers({x}, {kt::reshape(x, {2, -1}) + 1.0}, {xv}, "reshape (2, -1)");
  check_tiers({x}, {kt::reshape(kt::transpose(x), std::vector<std::int64_t>{12}) * 1.5}, {xv}, "reshape of a transposed view");
  check_tiers({x}, {kt::alloc(kt::sum(x, 0), {kt::constant(Array(std::int64_t{2})), kt::constant(Array(std::int64_t{4}))}) + 0.5},
              {xv}, "alloc of a row");
  check_tiers({x}, {kt::reshape(x, {0, 5})}, {values(DType::float64, {0, 4})}, "reshape of an empty array");
}

TEST_CASE("a specialized reshape of a contiguous slice reads it in place; one the caller sees is a copy") {
  // theta[2:8].reshape(3, 2) is a view of theta in the specialized program; the transposed
  // reshape returned to the caller, and the reshape of a strided slice, are copies.
  Var theta = kt::vector("theta");
  Var block = kt::reshape(theta[kt::slice(2, 8)], {3, 2});
  Var strided = kt::reshape(theta[kt::slice(0, 8, 2)], {2, 2});
  std::vector<Var> outputs{kt::subtensor(block, {kt::slice(std::nullopt, std::nullopt), 1}) * 2.0 + theta[0],
                           kt::transpose(block), kt::sum(strided, 1) * 0.5, block};
  check_tiers({theta}, outputs, {values(DType::float64, {9}, 0.5)}, "reshaped slices");
  kiln::Function f = kiln::function({theta}, outputs);
  const Array input = values(DType::float64, {9}, 0.5);
  for (int call = 0; call < 3; ++call) {
    // The caller's arrays never share the input's memory, nor each other's.
    const auto out = f(input).values();
    CHECK(out[3].get_as_double(0) == input.get_as_double(2));
    CHECK_FALSE(kiln::may_share_memory(out[3], input));
    CHECK_FALSE(kiln::may_share_memory(out[1], input));
    CHECK_FALSE(kiln::may_share_memory(out[1], out[3]));
  }
}

TEST_CASE("Reshape raises the reference's error for a shape that does not fit") {
  Var x = kt::vector("x");
  Var s = kt::tensor("s", DType::int64, {2});
  kiln::Function f = kiln::function({x, s}, {kt::reshape(x, s) * 2.0});
  Array good(std::vector<std::int64_t>{2, 3}), bad(std::vector<std::int64_t>{4, 2});
  for (int call = 0; call < 3; ++call) {
    f.call_positional({values(DType::float64, {6}), good});
    REQUIRE_THROWS_WITH(f.call_positional({values(DType::float64, {6}), bad}),
                        "Reshape{2}: cannot reshape array of shape (6,) into shape (4, 2)");
  }
}

TEST_CASE("MakeVector, stack and Join run natively in both tiers, converting as the reference") {
  Var a = kt::scalar("a"), b = kt::scalar("b"), m = kt::matrix("m"), n = kt::matrix("n");
  check_tiers({a, b}, {kt::make_vector({a, b, a * b})}, {Array(1.5), Array(-2.0)}, "make_vector");
  Var i = kt::tensor("i", DType::int32, {});
  Array seven = Array::empty(DType::int32, {});
  seven.set_from_int(0, 7);
  check_tiers({a, i}, {kt::stack({a, i})}, {Array(0.25), seven}, "stack of float and int32");
  check_tiers({m, n}, {kt::join(0, {m, n, m})}, {values(DType::float64, {2, 3}), values(DType::float64, {1, 3}, 2.0)}, "join axis 0");
  check_tiers({m, n}, {kt::join(1, {m, n})}, {values(DType::float64, {2, 3}), values(DType::float64, {2, 0})}, "join axis 1, an empty part");
  kiln::Function f = kiln::function({m, n}, {kt::join(0, {m, n}) * 2.0});
  REQUIRE_THROWS_WITH(f.call_positional({values(DType::float64, {2, 3}), values(DType::float64, {2, 2})}),
                      "Join{axis=0}: all dimensions except the join axis must match: shapes (2, 3) and (2, 2)");
}

TEST_CASE("Argmax runs natively in both tiers: first of equal maxima, NaN wins, integers exact") {
  Var x = kt::matrix("x");
  Array xv = values(DType::float64, {3, 5});
  check_tiers({x}, {kt::argmax(x, 1), kt::argmax(x, 0), kt::argmax(x)}, {xv}, "argmax");
  Array with_nan = xv.copy();
  with_nan.set_from_double(7, std::nan(""));
  check_tiers({x}, {kt::argmax(x, 1), kt::argmax(x)}, {with_nan}, "argmax with a NaN");
  Var xi = kt::tensor("xi", DType::int64, {std::nullopt});
  check_tiers({xi}, {kt::argmax(xi)}, {Array(std::vector<std::int64_t>{3, 9, -1, 9})}, "int64");
  kiln::Function f = kiln::function({x}, {kt::argmax(x, 1) * 2});
  REQUIRE_THROWS_WITH(f.call_positional({values(DType::float64, {2, 0})}),
                      "Argmax{axis=[1]}: an empty sequence (input shape (2, 0)) has no argmax");
}

TEST_CASE("CheckAndRaise returns its value, and a failed condition raises its text in both tiers") {
  Var sigma = kt::vector("sigma");
  Var checked = kt::check_and_raise(sigma, {kt::all(kt::gt(sigma, 0.0))}, "sigma > 0");
  check_tiers({sigma}, {checked * 2.0}, {Array(std::vector<double>{1.0, 3.0, 0.5})}, "check passes");
  kiln::Function f = kiln::function({sigma}, {kt::sum(kt::log(checked)), checked * 2.0});
  Array good(std::vector<double>{1.0, 2.0}), bad(std::vector<double>{1.0, -2.0});
  for (int call = 0; call < 3; ++call) {
    f.call_positional({good});
    try {
      f.call_positional({bad});
      FAIL("no error");
    } catch (const kiln::ParameterValueError& e) {
      CHECK(std::string(e.what()) == "sigma > 0");
    }
  }
  CHECK(specialization_count(f.program()) >= 1);
}

TEST_CASE("reductions the fused loops do not cover (integers, bools, float32) run natively in both tiers") {
  Var xi = kt::tensor("xi", DType::int32, {std::nullopt, std::nullopt});
  Array iv = values(DType::int32, {3, 4}, 1000.0);
  check_tiers({xi}, {kt::sum(xi), kt::prod(xi, 1), kt::max(xi, 0), kt::min(xi)}, {iv}, "int32");
  Var xf = kt::tensor("xf", DType::float32, {std::nullopt});
  check_tiers({xf}, {kt::sum(xf), kt::prod(xf), kt::max(xf)}, {values(DType::float32, {9}, 0.37)}, "float32");
  Var xb = kt::tensor("xb", DType::bool_, {std::nullopt, std::nullopt});
  Array bv = Array::empty(DType::bool_, {2, 3});
  for (std::int64_t i = 0; i < 6; ++i) bv.set_from_int(i, i % 4 != 0);
  check_tiers({xb}, {kt::all(xb, 1), kt::any(xb, 0), kt::sum(xb)}, {bv}, "bool");
  kiln::Function f = kiln::function({xi}, {kt::max(xi, 1) * 2});
  REQUIRE_THROWS_WITH(f.call_positional({Array::empty(DType::int32, {2, 0})}),
                      "Max{axis=[1]}: zero-size array (shape (2, 0)) to a reduction which has no identity");
}
