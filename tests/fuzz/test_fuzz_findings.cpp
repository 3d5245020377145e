// Regression tests for what the differential fuzzer and issue #16 found: each compares compiled
// functions (both modes, both execution tiers) with kiln::evaluate or with NumPy's values.
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>

namespace kt = kiln::tensor;
using kiln::Array;
using kiln::Var;

namespace {

constexpr int kCalls = 3;  // step by step, then specialized

// Every call of f in `modes` raises ValueError whose message holds each of `parts`.
void check_compiled_raises(const std::vector<Var>& inputs, const Var& out, const std::vector<Array>& values,
                           const std::vector<std::string>& parts,
                           const std::vector<kiln::Mode>& modes = {kiln::Mode::FAST_RUN, kiln::Mode::FAST_COMPILE}) {
  for (auto mode : modes) {
    kiln::Function f = kiln::function(inputs, out, {.mode = mode});
    for (int call = 0; call < kCalls; ++call) {
      INFO("mode " << (mode == kiln::Mode::FAST_RUN ? "FAST_RUN" : "FAST_COMPILE") << " call " << call);
      try {
        f.call_positional(values);
        FAIL_CHECK("no exception");
      } catch (const kiln::ValueError& e) {
        for (const auto& p : parts) CHECK_THAT(e.what(), Catch::Contains(p));
      }
    }
  }
}

// Every call of f in both modes equals `want` exactly (dtype, shape, values).
void check_compiled_equals(const std::vector<Var>& inputs, const Var& out, const std::vector<Array>& values,
                           const Array& want) {
  for (auto mode : {kiln::Mode::FAST_RUN, kiln::Mode::FAST_COMPILE}) {
    kiln::Function f = kiln::function(inputs, out, {.mode = mode});
    for (int call = 0; call < kCalls; ++call) {
      INFO("mode " << (mode == kiln::Mode::FAST_RUN ? "FAST_RUN" : "FAST_COMPILE") << " call " << call);
      Array got = f.call_positional(values);
      CHECK(got.same_values(want));
      if (!got.same_values(want)) INFO(repr(got) << " vs " << repr(want));
    }
  }
}

kiln::Givens givens_of(const std::vector<Var>& inputs, const std::vector<Array>& values) {
  kiln::Givens g;
  for (std::size_t i = 0; i < inputs.size(); ++i) g.emplace_back(inputs[i], values[i]);
  return g;
}

}  // namespace

TEST_CASE("A dimension not known to be 1 does not broadcast at run time: ValueError naming both shapes") {
  Var x = kt::matrix("x");
  Var y = kt::vector("y");
  std::vector<Var> in{x, y};
  std::vector<Array> values{Array(std::vector<double>{1.0, 2.0}).reshape({2, 1}), Array{1.0, 2.0, 3.0}};
  const std::vector<std::string> parts{"(2, 1)", "(1, 3)", "run-time broadcasting"};
  for (const Var& out : {x + y, kt::mean(x + y, 1), kt::sum(kt::exp(x) * y), kt::shape(x + y)}) {
    INFO(kiln::debug_string(out));
    CHECK_THROWS_WITH(kiln::evaluate({out}, givens_of(in, values)),
                      Catch::Contains(parts[0]) && Catch::Contains(parts[1]) && Catch::Contains(parts[2]));
    check_compiled_raises(in, out, values, parts, {kiln::Mode::FAST_RUN, kiln::Mode::FAST_COMPILE});
  }
}

TEST_CASE("Cancellations and fills keep the run-time broadcasting error of the operands they drop") {
  Var x = kt::matrix("x");
  Var y = kt::vector("y");
  std::vector<Var> in{x, y};
  std::vector<Array> values{Array(std::vector<double>{1.0, 2.0}).reshape({2, 1}), Array{1.0, 2.0, 3.0}};
  const std::vector<std::string> parts{"(2, 1)", "(1, 3)", "run-time broadcasting"};
  // FAST_RUN rewrites these to x, 1, a fill of x's shape and a branch: each keeps y as a fill.
  for (const Var& out : {x + y - y, (x * y) / (x * y), kt::zeros_like(x + y), kt::ones_like(kt::exp(x) * y),
                         kt::sum(x * y - y * x), kt::switch_(kiln::Var(1), x, y)}) {
    INFO(kiln::debug_string(out));
    CHECK_THROWS_WITH(kiln::evaluate({out}, givens_of(in, values)),
                      Catch::Contains(parts[0]) && Catch::Contains(parts[1]) && Catch::Contains(parts[2]));
    check_compiled_raises(in, out, values, parts);
  }
  // A fill whose value already has the output's static shape keeps its shape operand too.
  Var known = kt::tensor("known", kiln::float64, {3});
  Var shaped = kt::vector("shaped");
  Var fill = kt::second(shaped, known);
  std::vector<Array> one{Array{1.0, 2.0, 3.0}, Array{5.0}};
  CHECK_THROWS_WITH(kiln::evaluate({fill}, givens_of({known, shaped}, one)), Catch::Contains("run-time broadcasting"));
  check_compiled_raises({known, shaped}, fill, one, {"run-time broadcasting"});
  // Shapes that broadcast: the rewritten results, of the broadcast shape.
  std::vector<Array> fit{Array{{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}}, Array{1.0, 2.0, 3.0}};
  check_compiled_equals(in, x + y - y, fit, fit[0]);
  check_compiled_equals(in, kt::zeros_like(x + y), fit, Array::zeros(kiln::float64, {2, 3}));
  check_compiled_equals(in, (x * y) / (x * y), fit, Array::full(kiln::float64, {2, 3}, 1.0));
}

TEST_CASE("Cancellations whose operands broadcast statically add no fill") {
  Var x = kt::matrix("x");
  Var y = kt::scalar("y");
  kiln::Function f = kiln::function({x, y}, x + y - y);
  std::ostringstream os;
  kiln::dprint(f, os);
  CHECK(os.str().find("second") == std::string::npos);
}

TEST_CASE("A dimension known to be 1 broadcasts at run time") {
  Var x = kt::tensor("x", kiln::float64, {std::nullopt, 1});
  Var y = kt::vector("y");
  std::vector<Var> in{x, y};
  std::vector<Array> values{Array(std::vector<double>{1.0, 2.0}).reshape({2, 1}), Array{1.0, 2.0, 3.0}};
  Array want = Array{{2.0, 3.0, 4.0}, {3.0, 4.0, 5.0}};
  CHECK(kiln::evaluate({x + y}, givens_of(in, values))[0].same_values(want));
  check_compiled_equals(in, x + y, values, want);
  check_compiled_equals(in, kt::mean(x + y, 1), values, Array{3.0, 4.0});
}

TEST_CASE("Fused max and min of an empty array raise as the unfused op and NumPy do") {
  Var x = kt::vector("x");
  std::vector<Array> values{Array(std::vector<double>{})};
  for (const Var& out : {kt::max(kt::exp(x) + 1), kt::min(x * 2), kt::max(x)}) {
    CHECK_THROWS_AS(kiln::evaluate({out}, givens_of({x}, values)), kiln::ValueError);
    check_compiled_raises({x}, out, values, {"zero-size"});
  }
}

TEST_CASE("int64 comparisons above 2^53 are exact, in the reference and compiled") {
  const std::int64_t big = (std::int64_t{1} << 53) + 1;
  Var a = kt::scalar("a", kiln::int64), b = kt::scalar("b", kiln::int64);
  std::vector<Array> values{Array(big), Array(big - 1)};
  struct Case {
    Var out;
    bool want;
  };
  for (const Case& c : {Case{kt::eq(a, b), false}, Case{kt::lt(b, a), true}, Case{kt::neq(a + 0, b), true},
                        Case{kt::ge(b, a), false}}) {
    INFO(kiln::debug_string(c.out));
    CHECK(kiln::evaluate({c.out}, givens_of({a, b}, values))[0].same_values(Array(c.want)));
    check_compiled_equals({a, b}, c.out, values, Array(c.want));
  }
}

TEST_CASE("int64 elementwise chains and reductions above 2^53 are exact when fused") {
  const std::int64_t big = (std::int64_t{1} << 53) + 1;
  Var x = kt::vector("x", kiln::int64);
  std::vector<Array> values{Array(std::vector<std::int64_t>{big, 2, big})};
  check_compiled_equals({x}, (x + 1) * 1 - 1, values, Array(std::vector<std::int64_t>{big, 2, big}));
  check_compiled_equals({x}, kt::sum(x * 2 + 1), values, Array(std::int64_t{4 * big + 7}));
  check_compiled_equals({x}, kt::max(x - 1), values, Array(big - 1));
}

TEST_CASE("int64 overflow wraps as NumPy's, in pow, mul, add, neg and int_div") {
  const std::int64_t max = std::numeric_limits<std::int64_t>::max(), min = std::numeric_limits<std::int64_t>::min();
  Var a = kt::scalar("a", kiln::int64), b = kt::scalar("b", kiln::int64);
  struct Case {
    Var out;
    std::int64_t x, y, want;
  };
  // np.int64(3) ** 40 == -6289078614652622815, np.int64(max) + 1 == min, -min == min, min // -1 == min.
  for (const Case& c : {Case{kt::pow(a, b), 3, 40, -6289078614652622815}, Case{a + b, max, 1, min},
                        Case{a * b, max, 2, -2}, Case{-a + b, min, 0, min}, Case{kt::int_div(a, b), min, -1, min},
                        Case{kt::mod(a, b), min, -1, 0}}) {
    std::vector<Array> values{Array(c.x), Array(c.y)};
    INFO(kiln::debug_string(c.out));
    CHECK(kiln::evaluate({c.out}, givens_of({a, b}, values))[0].get_as_int(0) == c.want);
    check_compiled_equals({a, b}, c.out, values, Array(c.want));
  }
}

TEST_CASE("float32 sum and mean accumulate in float64: the sum of 2^25 ones is 33554432") {
  Var x = kt::vector("x", kiln::float32);
  const std::int64_t n = std::int64_t{1} << 25;
  std::vector<Array> values{Array::full(kiln::float32, {n}, 1.0)};
  CHECK(kiln::evaluate({kt::sum(x)}, givens_of({x}, values))[0].same_values(Array(33554432.0f)));
  for (const Var& out : {kt::sum(x), kt::sum(x * 2.0f) / 2.0f}) {
    kiln::Function f = kiln::function({x}, out);
    for (int call = 0; call < kCalls; ++call) CHECK(Array(f(values[0])).same_values(Array(33554432.0f)));
  }
  CHECK(Array(kiln::function({x}, kt::mean(x))(values[0])).same_values(Array(1.0f)));
}

TEST_CASE("Cancellations follow the rewrite in FAST_RUN and the graph as written in evaluate and FAST_COMPILE") {
  Var x = kt::vector("x");
  std::vector<Array> values{Array{INFINITY, NAN, 0.0, 2.0}};
  Array sub_ref = kiln::evaluate({x - x}, givens_of({x}, values))[0];
  Array div_ref = kiln::evaluate({x / x}, givens_of({x}, values))[0];
  CHECK(sub_ref.same_values(Array{NAN, NAN, 0.0, 0.0}));
  CHECK(div_ref.same_values(Array{NAN, NAN, NAN, 1.0}));
  CHECK(Array(kiln::function({x}, x - x, {.mode = kiln::Mode::FAST_COMPILE})(values[0])).same_values(sub_ref));
  CHECK(Array(kiln::function({x}, x / x, {.mode = kiln::Mode::FAST_COMPILE})(values[0])).same_values(div_ref));
  CHECK(Array(kiln::function({x}, x - x)(values[0])).same_values(Array{0.0, 0.0, 0.0, 0.0}));
  CHECK(Array(kiln::function({x}, x / x)(values[0])).same_values(Array{1.0, 1.0, 1.0, 1.0}));
}

TEST_CASE("A kernel LLVM's instcombine leaves unsimplified compiles: eq(round(b), b) of a bool b") {
  Var b = kt::vector("b", kiln::bool_);
  std::vector<Array> values{Array(std::vector<bool>{true, false})};
  Var out = kt::eq(kt::round(b), b);
  Array want = kiln::evaluate({out}, givens_of({b}, values))[0];
  CHECK(want.same_values(Array(std::vector<bool>{true, true})));
  check_compiled_equals({b}, out, values, want);
}

TEST_CASE("A set's value broadcasts into its region only along dims known to be 1, so its gradient has its shape") {
  Var x = kt::vector("x");
  std::vector<Array> values{Array{0.75}};
  // x[-1:-1:2] is empty: the length-1 x would broadcast into it, and grad would then give x's
  // value part the region's shape (0,).
  for (const Var& out : {kt::sum(kt::set_subtensor(x, {kt::slice(-1, -1, 2)}, x)),
                         kt::sum(kt::advanced_inc_subtensor(x, kt::constant(Array(std::vector<std::int64_t>{0, 0})), x))}) {
    INFO(kiln::debug_string(out));
    CHECK_THROWS_WITH(kiln::evaluate({out}, givens_of({x}, values)), Catch::Contains("run-time broadcasting"));
    check_compiled_raises({x}, out, values, {"run-time broadcasting", "(1,)"});
    check_compiled_raises({x}, kiln::grad(out, x), values, {"run-time broadcasting", "(1,)"});
  }
  // A value statically of length 1 broadcasts.
  Var c = kt::tensor("c", kiln::float64, {1});
  Var set = kt::set_subtensor(kt::vector("z"), {kt::slice(0, 2)}, c);
  CHECK(Array(kiln::function({set.owner()->inputs()[0], c}, set)(Array{1.0, 2.0, 3.0}, Array{9.0}))
            .same_values(Array{9.0, 9.0, 3.0}));
}

TEST_CASE("Signed to wider unsigned casts sign-extend in both tiers, as NumPy's astype") {
  // np.array([-1, 2, -5], np.int32).astype(np.uint64) == [2**64 - 1, 2, 2**64 - 5], and the
  // same through uint16 and uint32 from int8.
  const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  Var x = kt::vector("x", kiln::int32);
  std::vector<Array> values{Array(std::vector<std::int32_t>{-1, 2, -5})};
  check_compiled_equals({x}, kt::cast(x, kiln::uint64), values, Array(std::vector<std::uint64_t>{max, 2, max - 4}));
  check_compiled_equals({x}, kt::reciprocal(kt::cast(x, kiln::uint64)), values,
                        Array{1.0 / 18446744073709551615.0, 0.5, 1.0 / 18446744073709551611.0});
  Var y = kt::vector("y", kiln::int8);
  std::vector<Array> small{Array(std::vector<std::int8_t>{-1, 2, -128})};
  check_compiled_equals({y}, kt::cast(y, kiln::uint16), small, Array(std::vector<std::uint16_t>{65535, 2, 65408}));
  check_compiled_equals({y}, kt::cast(y, kiln::uint32) + kt::cast(y, kiln::uint32), small,
                        Array(std::vector<std::uint32_t>{4294967294u, 4, 4294967040u}));
}

TEST_CASE("x / -1 of a bool x negates x in the quotient's dtype: True / -1 is -1.0, not -True") {
  // np.float32(np.True_) / np.int8(-1) == -1.0 (float32): -True would be True.
  Var x = kt::scalar("x");
  Var out = kt::true_div(kt::le(x, 3.0), kt::literal(-1, x));
  REQUIRE(out.dtype() == kiln::float32);
  std::vector<Array> values{Array(0.25)};
  CHECK(kiln::evaluate({out}, givens_of({x}, values))[0].same_values(Array(-1.0f)));
  check_compiled_equals({x}, out, values, Array(-1.0f));
  // The same through the sums, products and powers the canonicalizer rewrites.
  Var b = kt::vector("b", kiln::bool_);
  std::vector<Array> flags{Array(std::vector<bool>{true, false})};
  check_compiled_equals({b}, 1.0 - b - 1.0, flags, Array{-1.0, 0.0});
  check_compiled_equals({b}, (b * -1.0) / 1.0, flags, Array{-1.0, 0.0});
  check_compiled_equals({b}, kt::pow(b, 2.0) * -1.0, flags, Array{-1.0, 0.0});
}

TEST_CASE("A float64 quotient by a float32 divides in float64: the reciprocal of a float32 denormal does not overflow") {
  // cast(x, float64) / x with x = 1e-40 (a float32 denormal) is 1 in NumPy; 1 / x in float32
  // is inf.
  Var x = kt::tensor("x", kiln::float32, {1});
  std::vector<Array> values{Array(std::vector<float>{9.9999461e-41f})};
  Var out = kt::true_div(kt::cast(x, kiln::float64), x);
  CHECK(kiln::evaluate({out}, givens_of({x}, values))[0].same_values(Array{1.0}));
  check_compiled_equals({x}, out, values, Array{1.0});
  // v / x -> v * (1 / x) (one division hoisted out of the loop: last-bit differences allowed).
  Var v = kt::vector("v");
  const double divisor = static_cast<double>(9.9999461e-41f);
  Array got = kiln::function({v, x}, v / x)(Array{1e-40, 2e-40}, values[0]);
  CHECK(got.get_as_double(0) == Approx(1e-40 / divisor).epsilon(1e-15));
  CHECK(got.get_as_double(1) == Approx(2e-40 / divisor).epsilon(1e-15));
}

TEST_CASE("What is computed from a cancelled NaN or inf follows the rewrite in FAST_RUN and the graph in evaluate") {
  Var x = kt::vector("x");
  std::vector<Array> values{Array{INFINITY, NAN, 2.0}};
  struct Case {
    Var out;
    Array as_written, rewritten;
  };
  for (const Case& c : {Case{kt::isnan(x - x), Array(std::vector<bool>{true, true, false}), Array(std::vector<bool>{false, false, false})},
                        Case{kt::gt(x - x, -1.0), Array(std::vector<bool>{false, false, true}), Array(std::vector<bool>{true, true, true})},
                        Case{kt::eq(x / x, 1.0), Array(std::vector<bool>{false, false, true}), Array(std::vector<bool>{true, true, true})}}) {
    INFO(kiln::debug_string(c.out));
    CHECK(kiln::evaluate({c.out}, givens_of({x}, values))[0].same_values(c.as_written));
    CHECK(Array(kiln::function({x}, c.out, {.mode = kiln::Mode::FAST_COMPILE})(values[0])).same_values(c.as_written));
    CHECK(Array(kiln::function({x}, c.out)(values[0])).same_values(c.rewritten));
  }
  // A rate of x - x: NaN as written (ParameterValueError), 0 rewritten (Poisson(0) draws 0).
  Var draw = kt::random::poisson(kt::abs(x - x), {.rng = kiln::random_generator_shared(1)});
  CHECK_THROWS_AS(kiln::evaluate({draw}, givens_of({x}, values)), kiln::ParameterValueError);
  CHECK_THROWS_AS(kiln::function({x}, draw, {.mode = kiln::Mode::FAST_COMPILE})(values[0]), kiln::ParameterValueError);
  CHECK(Array(kiln::function({x}, draw)(values[0])).same_values(Array(std::vector<std::int64_t>{0, 0, 0})));
}

// kiln_fuzz --one 4 18514: tan(cosh(x)) at x = -129 is 2.55 in the reference and 0.30 compiled,
// because libmvec's cosh(-129) is one ulp above libm's (both within their error bounds) and tan
// of 5.3e55 turns one ulp into any value (the fuzzer no longer compares such outputs). The
// vector tan, sin and cos themselves agree with libm's to a few ulps at huge arguments.
TEST_CASE("Vector tan, sin and cos of huge arguments agree with libm's to a few ulps") {
  Var x = kt::vector("x");
  std::vector<double> xs;
  for (int lane = 0; lane < 4; ++lane)
    for (double v : {5.2839435571812936e+55, 1e22, 1e300, 3e10, 1.5e16, -1e200, 1e100, 7e5}) xs.push_back(v);
  struct Case {
    Var (*op)(const Var&);
    double (*libm)(double);
  };
  for (const Case& c : {Case{kt::tan, [](double v) { return std::tan(v); }}, Case{kt::sin, [](double v) { return std::sin(v); }},
                        Case{kt::cos, [](double v) { return std::cos(v); }}}) {
    for (auto mode : {kiln::Mode::FAST_RUN, kiln::Mode::FAST_COMPILE}) {
      kiln::Function f = kiln::function({x}, c.op(x), {.mode = mode});
      for (int call = 0; call < kCalls; ++call) {
        Array got = f(Array(xs));
        for (std::size_t i = 0; i < xs.size(); ++i) {
          INFO(kiln::debug_string(c.op(x)) << " of " << xs[i] << " call " << call);
          CHECK(got.get_as_double(static_cast<std::int64_t>(i)) == Approx(c.libm(xs[i])).epsilon(1e-14).margin(1e-300));
        }
      }
    }
  }
}

// kiln_fuzz --one 6 7617: arctan2(sum(x), sum(x)) of a float32 scalar x = -0.0 is -pi in NumPy
// (np.sum(np.float32(-0.0)) is -0.0) and was 0 in the reference, whose sum started from +0.0.
// A sum starts from -0.0, IEEE's additive identity; a sum over nothing is +0.0, as NumPy's.
TEST_CASE("A sum of negative zeros is -0.0 and a sum over nothing is +0.0, as NumPy's, fused or not") {
  Var v = kt::vector("v"), m = kt::matrix("m");
  struct Case {
    Var in, out;
    Array value;
    bool negative;  // the expected sign of every output element (all are zero)
  };
  const Array zeros{-0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0};
  for (const Case& c : {Case{v, kt::sum(v), zeros, true}, Case{v, kt::sum(v * 2.0), zeros, true},
                        Case{v, kt::sum(v), Array::empty(kiln::float64, {0}), false},
                        Case{v, kt::sum(v * 2.0), Array::empty(kiln::float64, {0}), false},
                        Case{m, kt::sum(m, 0), Array::full(kiln::float64, {3, 2}, -0.0), true},
                        Case{m, kt::sum(kt::neg(m), 1), Array::full(kiln::float64, {2, 3}, 0.0), true},
                        Case{m, kt::sum(m * 3.0, 1), Array::empty(kiln::float64, {2, 0}), false}}) {
    INFO(kiln::debug_string(c.out) << " of " << repr(c.value));
    auto signs_ok = [&](const Array& got) {
      bool ok = got.size() > 0;
      for (std::int64_t i = 0; i < got.size(); ++i)
        ok = ok && got.get_as_double(i) == 0.0 && std::signbit(got.get_as_double(i)) == c.negative;
      return ok;
    };
    CHECK(signs_ok(kiln::evaluate({c.out}, givens_of({c.in}, {c.value}))[0]));
    for (auto mode : {kiln::Mode::FAST_RUN, kiln::Mode::FAST_COMPILE}) {
      kiln::Function f = kiln::function({c.in}, c.out, {.mode = mode});
      for (int call = 0; call < kCalls; ++call) CHECK(signs_ok(f(c.value)));
    }
  }
  Var x = kt::scalar("x", kiln::float32);
  Var angle = kt::arctan2(kt::sum(x), kt::sum(x));
  std::vector<Array> minus_zero{Array(-0.0f)};
  CHECK(kiln::evaluate({angle}, givens_of({x}, minus_zero))[0].same_values(Array(-3.14159274f)));
  check_compiled_equals({x}, angle, minus_zero, Array(-3.14159274f));
}

TEST_CASE("Unsigned values narrower than 64 bits convert to float exactly in vectorized loops: int8 -> uint16 / 3") {
  // kiln_fuzz --one 4 18834: LLVM 19's SLP vectorizer narrowed uitofp(sext i8 to i16) to
  // uitofp i8 (255 for -1, not 65535). NumPy: np.dot(x0, x2).astype(np.uint16) / np.int8(3)
  // is [65531 / 3, 4 / 3, 65532 / 3], and y.astype(np.uint{8,16,32}) / np.int8(3) as below.
  Var x0 = kt::matrix("x0", kiln::int8), x2 = kt::vector("x2", kiln::int8);
  const Array a = Array(std::vector<std::int8_t>{3, 0, -2, 4, -5, 2, 1, -5, -2, 1, -1, 1}).reshape({3, 4});
  const Array b = Array(std::vector<std::int8_t>{1, 1, 2, -1});
  const Var three = Var(Array(std::int8_t{3}));
  check_compiled_equals({x0, x2}, kt::cast(kt::dot(x0, x2), kiln::uint16) / three, {a, b},
                        Array{65531.0 / 3, 4.0 / 3, 65532.0 / 3});
  Var y = kt::vector("y", kiln::int8);
  const std::vector<std::int8_t> values{-1, 2, -128, 5, -7, 100, -100, 0, -1, 2, -128, 5, -7, 100, -100, 0, -3};
  const std::vector<Array> in{Array(values)};
  for (auto [dtype, bits] : {std::pair{kiln::uint8, 8}, {kiln::uint16, 16}, {kiln::uint32, 32}}) {
    INFO("to uint" << bits);
    std::vector<double> want;
    for (std::int8_t v : values) want.push_back(static_cast<double>(static_cast<std::uint64_t>(v) & ((1ull << bits) - 1)) / 3);
    check_compiled_equals({y}, kt::cast(y, dtype) / three, in, Array(want));
  }
}

TEST_CASE("float32 expm1 is the rounded double expm1 in both tiers, so a draw taking it agrees with the reference") {
  // kiln_fuzz --one 4 606: normal(expm1(True), 2). np.expm1(np.float32(1)) is 1.7182819, the
  // rounded double, where glibc's expm1f(1) is 1.7182817. (NumPy's own float32 loop is not
  // correctly rounded everywhere: with AVX-512 it is SVML's, 1.8 ulps at most, 1e-3 and -0.01
  // below among its misses; the correctly rounded value is the rule both sides keep.)
  Var x = kt::scalar("x", kiln::bool_);
  Var e = kt::expm1(x);
  REQUIRE(e.dtype() == kiln::float32);
  check_compiled_equals({x}, e, {Array(true)}, Array(1.7182819f));
  Var v = kt::vector("v", kiln::float32);
  const std::vector<float> args{1.0f, -0.5f, 3.25f, 1e-3f, -20.0f, 0.75f, 2.0f, 1.0f, 5.5f, -1.5f, 0.1f, 1.0f, 8.0f, 0.3f, -0.01f, 1.0f, 4.0f};
  std::vector<float> want;
  for (float a : args) want.push_back(static_cast<float>(std::expm1(static_cast<double>(a))));
  check_compiled_equals({v}, kt::expm1(v), {Array(args)}, Array(want));
  auto rng = kiln::random_generator_shared(42);
  Var draw = kt::random::normal(kt::expm1(x), 2.0, {.rng = rng});
  kiln::random::Generator g(42);
  check_compiled_equals({x}, draw, {Array(true)}, Array(g.normal(static_cast<double>(1.7182819f), 2.0)));
}

// kiln_fuzz --one 1 1921: dot(c, v) of an integer c and a float32 v holding inf and -3e38 is
// NaN (3 * -3e38f rounds to -inf, and inf + -inf is NaN), as NumPy's; an inlined product that
// fused the multiply into the add gave inf.
TEST_CASE("An inlined product rounds each term before adding it, as the reference: inf + 3 * -3e38f is NaN") {
  Var c = kt::vector("c", kiln::int8), v = kt::vector("v", kiln::float32);
  std::vector<Array> values{Array(std::vector<std::int8_t>{3, 3, 3}),
                            Array(std::vector<float>{INFINITY, 1.0f, -3e38f})};
  CHECK(kiln::evaluate({kt::dot(c, v)}, givens_of({c, v}, values))[0].same_values(Array(NAN).astype(kiln::float32)));
  check_compiled_equals({c, v}, kt::dot(c, v), values, Array(NAN).astype(kiln::float32));
}

TEST_CASE("A sum over no elements is 0 whatever scales it: sum(v / 0) and sum(v * inf) of an empty v, rewritten or not") {
  Var v = kt::vector("v"), k = kt::scalar("k");
  const std::vector<Array> empty_and_zero{Array::empty(kiln::float64, {0}), Array(0.0)};
  const std::vector<Array> empty_and_inf{Array::empty(kiln::float64, {0}), Array(HUGE_VAL)};
  CHECK(kiln::evaluate({kt::sum(v / k)}, givens_of({v, k}, empty_and_zero))[0].same_values(Array(0.0)));
  check_compiled_equals({v, k}, kt::sum(v / k), empty_and_zero, Array(0.0));
  check_compiled_equals({v, k}, kt::sum(v * k), empty_and_inf, Array(0.0));
  check_compiled_equals({v, k}, kt::sum(k * v * 2.0), empty_and_inf, Array(0.0));
  // With elements, the factor leaves the loop as before: sum(v) / k.
  check_compiled_equals({v, k}, kt::sum(v / k), {Array{1.0, 2.0, 4.0}, Array(2.0)}, Array(3.5));
}
