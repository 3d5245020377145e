// Dot (jit/lower/products.cpp) and the special-function op (jit/lower/special_functions.cpp)
// lowered in both tiers: each call of a compiled function (step by step, the call that
// specializes, the specialized program) gives kiln::evaluate's values, gradients agree with
// finite differences of the reference, shapes that do not fit raise the reference's error,
// and nothing runs a reference perform.
#include "jit_test_support.hpp"
#include "pm/ops/special.hpp"
#include "support/log_capture.hpp"
#include "support/op_checks.hpp"

namespace kt = kiln::tensor;
using kiln::Array;
using kiln::DType;
using kiln::Var;
using namespace kiln::jit_test;

namespace {

// Values i * step + start over `shape`, in `dtype`: positive, so a product's sums carry no
// cancellation and reordered sums stay within a few ulps.
Array ramp(DType dtype, const kiln::Shape& shape, double start = 0.25, double step = 0.125) {
  Array a = Array::empty(dtype, shape);
  for (std::int64_t i = 0; i < a.size(); ++i) a.set_from_double(i, start + step * static_cast<double>(i % 13));
  return a;
}

// Three calls (step by step, specializing, specialized) against kiln::evaluate, within `ulps`
// (BLAS and the inlined loops sum in their own order).
void check_calls(const std::vector<Var>& inputs, const std::vector<Var>& outputs, const std::vector<Array>& values,
                 double ulps, const std::string& what) {
  std::vector<Var> all = outputs;
  all.push_back(inputs[0] * 2);  // two outputs: a program that specializes
  kiln::Function f = kiln::function(inputs, all);
  kiln::Givens givens;
  for (std::size_t i = 0; i < inputs.size(); ++i) givens.emplace_back(inputs[i], values[i]);
  const std::vector<Array> reference = kiln::evaluate(all, givens);
  for (int call = 0; call < 3; ++call) {
    auto native = f.call_positional(values).values();
    for (std::size_t o = 0; o < all.size(); ++o)
      check_same(native[o], reference[o], ulps, what + " call " + std::to_string(call) + " output " + std::to_string(o));
  }
  CHECK(kiln::jit::specialization_count(f.program()) >= 1);
}

// The compiled gradient of `cost` in each input, on each of three calls, against central
// differences of the reference evaluation.
void check_gradients(const std::vector<Var>& inputs, const Var& cost, const std::vector<Array>& values,
                     const std::string& what) {
  std::vector<Var> grads = kiln::grad(cost, inputs);
  grads.push_back(cost);
  kiln::Function f = kiln::function(inputs, grads);
  kiln::Givens givens;
  for (std::size_t i = 0; i < inputs.size(); ++i) givens.emplace_back(inputs[i], values[i]);
  for (int call = 0; call < 3; ++call) {
    auto native = f.call_positional(values).values();
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      INFO(what << " call " << call << " gradient " << i);
      const Array expected = kiln::testing::numeric_grad(cost, givens, i, Array(1.0));
      REQUIRE(native[i].shape() == expected.shape());
      for (std::int64_t k = 0; k < expected.size(); ++k)
        CHECK(native[i].get_as_double(k) == Approx(expected.get_as_double(k)).epsilon(1e-6).margin(1e-6));
    }
  }
}

std::string reference_error(const Var& out, const kiln::Givens& givens) {
  try {
    out.eval(givens);
  } catch (const kiln::ValueError& e) {
    return e.what();
  }
  return "no error";
}

// A call with `bad` raises the reference's ValueError, before and after the program specialized.
void check_error(const std::vector<Var>& inputs, const Var& out, const std::vector<Array>& good,
                 const std::vector<Array>& bad) {
  kiln::Givens givens;
  for (std::size_t i = 0; i < inputs.size(); ++i) givens.emplace_back(inputs[i], bad[i]);
  const std::string expected = reference_error(out, givens);
  REQUIRE(expected != "no error");
  kiln::Function f = kiln::function(inputs, {out, kt::sum(inputs[0])});
  for (int call = 0; call < 3; ++call) {
    INFO("call " << call);
    f.call_positional(good);
    CHECK_THROWS_MATCHES(f.call_positional(bad), kiln::ValueError, Catch::Message(expected));
  }
}

}  // namespace

TEST_CASE("dot in every form: BLAS calls, inlined small products, strided operands, in both tiers", "[jit][dot]") {
  kiln::testing::LogCapture log("jit");
  Var a = kt::matrix("a"), b = kt::matrix("b"), x = kt::vector("x"), y = kt::vector("y");
  for (std::int64_t n : {3, 50, 130}) {  // inlined when specialized; inlined up to 64 x 64; BLAS
    const std::string size = " n=" + std::to_string(n);
    const Array av = ramp(DType::float64, {n, n}), bv = ramp(DType::float64, {n, 4}, 0.5);
    const Array xv = ramp(DType::float64, {n}, 1.0), yv = ramp(DType::float64, {n}, 0.75, 0.0625);
    check_calls({x, y}, {kt::dot(x, y)}, {xv, yv}, 64, "vector.vector" + size);
    check_calls({a, x}, {kt::dot(a, x), kt::dot(x, a)}, {av, xv}, 64, "gemv" + size);
    check_calls({a, x}, {kt::dot(kt::transpose(a), x), kt::dot(x, kt::transpose(a))}, {av, xv}, 64,
                "gemv of a transposed matrix" + size);
    check_calls({a, b}, {kt::dot(a, b), kt::dot(kt::transpose(b), a)}, {av, bv}, 64, "gemm" + size);
    check_calls({a, x}, {kt::dot(a[kt::slice(0, n, 2)], x), kt::dot(x[kt::slice(0, n, 2)], a[kt::slice(0, n, 2)])},
                {av, xv}, 64, "strided slices" + size);
  }
  CHECK(log.text().find("no native lowering for dot") == std::string::npos);
}

TEST_CASE("a matrix-vector product over a long, narrow matrix (a regression's design) in both tiers", "[jit][dot]") {
  // Short sides up to 7 are inlined at any length when specialized, 8 goes to BLAS: both ways
  // round, the matrix given and transposed, with the logistic regression's X.beta and X^T.r.
  Var X = kt::matrix("X"), v = kt::vector("v"), w = kt::vector("w");
  for (std::int64_t k : {5, 7, 8}) {
    for (std::int64_t m : {1000, 20001}) {
      const std::string size = " " + std::to_string(m) + " x " + std::to_string(k);
      const Array Xv = ramp(DType::float64, {m, k}), vv = ramp(DType::float64, {k}, 1.0), wv = ramp(DType::float64, {m}, 0.5);
      check_calls({X, v, w}, {kt::dot(X, v), kt::dot(kt::transpose(X), w), kt::dot(w, X), kt::dot(v, kt::transpose(X))},
                  {Xv, vv, wv}, 64, "narrow gemv" + size);
    }
  }
}

TEST_CASE("dot of float32, integer, bool and mixed dtypes follows the reference in both tiers", "[jit][dot]") {
  Var a32 = kt::tensor("a", DType::float32, {std::nullopt, std::nullopt}), x32 = kt::tensor("x", DType::float32, {std::nullopt});
  check_calls({a32, x32}, {kt::dot(a32, x32)}, {ramp(DType::float32, {70, 70}), ramp(DType::float32, {70})}, 64,
              "float32 BLAS");
  check_calls({a32, x32}, {kt::dot(a32, x32)}, {ramp(DType::float32, {5, 5}), ramp(DType::float32, {5})}, 16,
              "float32 inlined");
  Var ai = kt::tensor("ai", DType::int64, {std::nullopt, std::nullopt}), xi = kt::tensor("xi", DType::int64, {std::nullopt});
  Array big = Array::empty(DType::int64, {2, 2});
  for (std::int64_t i = 0; i < 4; ++i) big.set_from_int(i, (std::int64_t{1} << 62) + i);  // products wrap
  check_calls({ai, xi}, {kt::dot(ai, xi)}, {big, Array(std::vector<std::int64_t>{3, 5})}, 0, "int64 wrapping");
  Var a8 = kt::tensor("a8", DType::int8, {std::nullopt}), b8 = kt::tensor("b8", DType::int8, {std::nullopt});
  check_calls({a8, b8}, {kt::dot(a8, b8)}, {ramp(DType::int8, {40}, 3, 7), ramp(DType::int8, {40}, 5, 3)}, 0,
              "int8 wrapping");
  Var p = kt::tensor("p", DType::bool_, {std::nullopt}), q = kt::tensor("q", DType::bool_, {std::nullopt, std::nullopt});
  Array pv = Array::empty(DType::bool_, {3}), qv = Array::empty(DType::bool_, {3, 2});
  for (std::int64_t i = 0; i < 3; ++i) pv.set_from_int(i, i != 1);
  for (std::int64_t i = 0; i < 6; ++i) qv.set_from_int(i, i == 2);
  check_calls({p, q}, {kt::dot(p, q)}, {pv, qv}, 0, "bool");
  Var x = kt::vector("x");
  check_calls({x, ai}, {kt::dot(ai, x)}, {ramp(DType::float64, {2}), big}, 4, "int64 . float64");
  check_calls({x, a32}, {kt::dot(a32, x)}, {ramp(DType::float64, {80}), ramp(DType::float32, {80, 80})}, 64,
              "float32 . float64");
}

TEST_CASE("dot's gradients agree with finite differences in both tiers", "[jit][dot]") {
  Var a = kt::matrix("a"), b = kt::matrix("b"), x = kt::vector("x");
  const Array av = ramp(DType::float64, {4, 4}, -0.5, 0.1), bv = ramp(DType::float64, {4, 3}, 0.3, -0.05);
  const Array xv = ramp(DType::float64, {4}, 0.2, 0.3);
  check_gradients({a, x}, kt::sum(kt::sqr(kt::dot(a, x))) + kt::sum(kt::dot(x, a) * x), {av, xv}, "gemv");
  check_gradients({a, b}, kt::sum(kt::sqr(kt::dot(a, b))), {av, bv}, "gemm");
  const Array big = ramp(DType::float64, {90, 90}, -0.5, 0.01), xbig = ramp(DType::float64, {90}, 0.2, 0.02);
  check_gradients({a, x}, kt::sum(kt::sqr(kt::dot(kt::transpose(a), x))), {big, xbig}, "BLAS gemv");
}

TEST_CASE("dot of unaligned shapes raises the reference's error in both tiers", "[jit][dot]") {
  Var a = kt::matrix("a"), x = kt::vector("x");
  check_error({a, x}, kt::dot(a, x), {ramp(DType::float64, {2, 3}), ramp(DType::float64, {3})},
              {ramp(DType::float64, {2, 3}), ramp(DType::float64, {4})});
  check_error({a, x}, kt::dot(x, a), {ramp(DType::float64, {2, 3}), ramp(DType::float64, {2})},
              {ramp(DType::float64, {2, 3}), ramp(DType::float64, {3})});
}

TEST_CASE("the special-function op runs as runtime calls in both tiers, broadcasting its inputs", "[jit][special]") {
  namespace ops = kiln::pm::ops;
  kiln::testing::LogCapture log("jit");
  Var a = kt::vector("a"), x = kt::matrix("x"), s = kt::scalar("s");
  const Array av = ramp(DType::float64, {3}, 0.5, 0.75), xv = ramp(DType::float64, {2, 3}, 0.1, 0.4);
  check_calls({a, x}, {ops::gammainc(a, x), ops::gammaincc(a, x), ops::i0e(x), ops::i1e(a)}, {av, xv}, 0,
              "gamma and Bessel");
  check_calls({a, x, s}, {ops::betainc(a, s, kt::sigmoid(x))}, {av, xv, Array(1.5)}, 0, "betainc");
  // The partial derivatives in the shape parameters are the op with derivative_of >= 0 (the
  // one in x a fused loop, whose vector exp and log may differ by an ulp).
  check_calls({a, x}, kiln::grad(kt::sum(ops::gammainc(a, x)), {a, x}), {av, xv}, 4, "gradient ops");
  check_gradients({a, x}, kt::sum(ops::gammainc(a, x) * x), {av, xv}, "gammainc");
  Var c = kt::tensor("c", DType::int64, {std::nullopt});
  check_calls({c, a}, {ops::gammainc(c, a)}, {Array(std::vector<std::int64_t>{1, 2, 3}), av}, 0, "integer input");
  check_error({a, x}, ops::gammainc(a, x), {av, xv}, {ramp(DType::float64, {4}), xv});
  CHECK(log.text().find("no native lowering") == std::string::npos);
}
