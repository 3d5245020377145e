// Integer graphs fuse into loops computed in integer IR: wraparound, floor division and
// modulo with NumPy's signs and zero divisors, int64 exact beyond 2^53. Checked against
// NumPy's values (written below from NumPy 1.24) and against kiln::evaluate, in both tiers.
#include "jit_test_support.hpp"

#include <limits>
#include <sstream>

namespace kt = kiln::tensor;
using kiln::Array;
using kiln::DType;
using kiln::Var;
using namespace kiln::jit_test;

namespace {

kiln::Givens givens_of(const std::vector<Var>& inputs, const std::vector<Array>& values) {
  kiln::Givens g;
  for (std::size_t i = 0; i < inputs.size(); ++i) g.emplace_back(inputs[i], values[i]);
  return g;
}

// `out` compiles to a fused loop (a Composite) when `fused` (a graph of several ops), and every
// call (step by step, then specialized) and kiln::evaluate give `want` exactly.
void check_fused_equals(const std::vector<Var>& inputs, const Var& out, const std::vector<Array>& values,
                        const Array& want, bool fused = true) {
  INFO(kiln::debug_string(out));
  CHECK(kiln::evaluate({out}, givens_of(inputs, values))[0].same_values(want));
  kiln::Function f = kiln::function(inputs, out);
  std::ostringstream compiled;
  kiln::dprint(f, compiled);
  if (fused) CHECK_THAT(compiled.str(), Catch::Contains("Composite{"));
  for (int call = 0; call < 3; ++call) {
    Array got = f.call_positional(values);
    INFO("call " << call << ": " << repr(got) << " vs " << repr(want));
    CHECK(got.same_values(want));
  }
}

}  // namespace

TEST_CASE("fused int8 arithmetic wraps as NumPy's") {
  Var x = kt::vector("x", DType::int8), y = kt::vector("y", DType::int8);
  std::vector<Array> values{Array(std::vector<std::int8_t>{100, -128, 127, -7, 0, 55}),
                            Array(std::vector<std::int8_t>{3, -1, 2, 2, -5, 0})};
  // x * np.int8(3) + y
  check_fused_equals({x, y}, x * kt::cast(kt::as_tensor(std::int64_t{3}), DType::int8) + y, values,
                     Array(std::vector<std::int8_t>{47, 127, 127, -19, -5, -91}));
  // np.floor_divide(x, y) + np.mod(x, y) * 0: floor signs, x // 0 == 0, x % 0 == 0
  check_fused_equals({x, y}, kt::int_div(x, y) - kt::mod(x, y) * kt::cast(kt::as_tensor(std::int64_t{0}), DType::int8),
                     values, Array(std::vector<std::int8_t>{33, -128, 63, -4, 0, 0}));
  check_fused_equals({x, y}, kt::mod(x, y), values, Array(std::vector<std::int8_t>{1, 0, 1, 1, 0, 0}), false);
}

TEST_CASE("fused int64 chains stay exact above 2^53 and wrap at 2^63") {
  const std::int64_t big = (std::int64_t{1} << 53) + 1, min = std::numeric_limits<std::int64_t>::min();
  Var a = kt::vector("a", DType::int64), b = kt::vector("b", DType::int64);
  std::vector<Array> values{Array(std::vector<std::int64_t>{big, -7, 7, min, 9}),
                            Array(std::vector<std::int64_t>{0, 2, -2, -1, 0})};
  // (a + 1) * 3 // b and np.mod(a * 5, b)
  check_fused_equals({a, b}, kt::int_div((a + 1) * 3, b), values,
                     Array(std::vector<std::int64_t>{0, -9, -12, 9223372036854775805, 0}));
  check_fused_equals({a, b}, kt::mod(a * 5, b) + 0, values, Array(std::vector<std::int64_t>{0, 1, -1, 0, 0}));
  // (2^53 + 1) + 0 stays exact, and compares unequal to 2^53.
  check_fused_equals({a, b}, kt::eq(a + b, a - 1), values, Array(std::vector<bool>{false, false, false, true, false}));
  check_fused_equals({a, b}, (a + b) * 1 - 0, values,
                     Array(std::vector<std::int64_t>{big, -5, 5, std::numeric_limits<std::int64_t>::max(), 9}));
}

TEST_CASE("fused uint8 subtraction wraps and divides as NumPy's") {
  Var u = kt::vector("u", DType::uint8), v = kt::vector("v", DType::uint8);
  std::vector<Array> values{Array(std::vector<std::uint8_t>{0, 5, 255}), Array(std::vector<std::uint8_t>{1, 10, 1})};
  check_fused_equals({u, v}, u - v, values, Array(std::vector<std::uint8_t>{255, 251, 254}), false);
  check_fused_equals({u, v}, kt::int_div(u - v, kt::cast(kt::as_tensor(std::int64_t{3}), DType::uint8)), values,
                     Array(std::vector<std::uint8_t>{85, 83, 84}));
}

TEST_CASE("fused loops mixing integer and float nodes match the reference, casts included") {
  Var a = kt::vector("a", DType::int64), x = kt::vector("x");
  std::vector<Array> values{Array(std::vector<std::int64_t>{(std::int64_t{1} << 53) + 1, -3, 0, 40}),
                            Array{2.5, -1e30, NAN, 7.75}};
  // An integer chain feeding float nodes, and float values cast to integers inside the loop.
  for (const Var& out : {kt::cast(a * 2 + 1, DType::float64) * x, kt::cast(x * 2.0, DType::int32) + kt::cast(a, DType::int32),
                         kt::switch_(kt::lt(a, 1), a * 3, kt::cast(x, DType::int64)), kt::cast(a + 1, DType::float32) / 2.0f}) {
    INFO(kiln::debug_string(out));
    check_against_reference({a, x}, {out}, values, 0.0, "mixed");
  }
}
