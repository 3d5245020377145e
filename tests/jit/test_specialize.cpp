// Whole-program specialization: a program called twice with the same input layouts becomes one
// native function. It must give the interpreter's results bit for bit, fall back to the
// interpreter (and its errors) when a step cannot finish, and specialize again for new shapes.
#include "jit_test_support.hpp"
#include "support/log_capture.hpp"

#include <kiln/grad.hpp>

namespace kt = kiln::tensor;
using kiln::Array;
using kiln::DType;
using kiln::Var;
using kiln::jit::specialization_count;
using namespace kiln::jit_test;

namespace {

constexpr double kUlps = 8;
constexpr double kReductionUlps = 256;  // the reference adds sums in another order

Array matrix(std::int64_t rows, std::int64_t cols, double scale) {
  Array a = Array::empty(DType::float64, {rows, cols});
  for (std::int64_t i = 0; i < a.size(); ++i) a.data<double>()[i] = scale * std::sin(0.7 * static_cast<double>(i) + 0.3);
  return a;
}

Array vector_of(std::int64_t n, double scale) {
  Array a = Array::empty(DType::float64, {n});
  for (std::int64_t i = 0; i < n; ++i) a.data<double>()[i] = scale * std::cos(1.3 * static_cast<double>(i)) + 0.1;
  return a;
}

// The values of `args` moved a little (integer arrays, indices, stay as they are).
std::vector<Array> moved(const std::vector<Array>& args) {
  std::vector<Array> out;
  for (const Array& a : args) {
    Array b = a.copy();
    if (b.dtype() == DType::float64)
      for (std::int64_t i = 0; i < b.size(); ++i) b.data<double>()[i] = b.data<double>()[i] * 1.25 + 0.125;
    out.push_back(b);
  }
  return out;
}

// The first call is interpreted, the second specializes, the next ones run specialized, with
// the same values and with others: all must agree with the interpreter, to the few units in
// the last place by which libm and libmvec (vector lanes, whose number depends on the trip
// count) may differ on transcendental functions.
void check_specialized(const kiln::Function& f, const std::vector<Array>& args, const std::string& what) {
  INFO(what);
  auto first = f.call_positional(args).values();
  auto second = f.call_positional(args).values();
  auto third = f.call_positional(args).values();
  CHECK(specialization_count(f.program()) == 1);
  REQUIRE(first.size() == third.size());
  for (std::size_t i = 0; i < first.size(); ++i) {
    check_same(second[i], first[i], kUlps, what + ": output " + std::to_string(i) + " (specializing call)");
    check_same(third[i], first[i], kUlps, what + ": output " + std::to_string(i) + " (specialized call)");
  }
  // New values through the specialized program, against the reference evaluator.
  const auto other = moved(args);
  auto fast = f.call_positional(other).values();
  kiln::Givens givens;
  for (std::size_t k = 0; k < other.size(); ++k) givens.emplace_back(f.inputs()[k], other[k]);
  auto reference = kiln::evaluate(f.outputs(), givens);
  for (std::size_t i = 0; i < fast.size(); ++i)
    check_same(fast[i], reference[i], kReductionUlps, what + ": output " + std::to_string(i) + " (other values)");
}

}  // namespace

TEST_CASE("a specialized program gives the interpreter's results") {
  Var x = kt::matrix("x"), v = kt::vector("v"), s = kt::scalar("s");
  Var idx = kt::constant(Array(std::vector<std::int64_t>{2, 0, 2, -1, 1}), "idx");
  Array xv = matrix(3, 4, 2.0), vv = vector_of(4, 1.5), sv(0.75);

  check_specialized(kiln::function({x, v, s}, {kt::sum(kt::exp(x * s) + v), kt::log1p(kt::sqr(x - v))}), {xv, vv, sv},
                    "broadcast elementwise and a full reduction");
  check_specialized(kiln::function({x, v}, {kt::sum(x * v, 1), kt::max(x, 0)}), {xv, vv}, "reductions over one axis");
  check_specialized(kiln::function({x, v}, {kt::exp(kt::transpose(x)) * 2.0, kt::dot(x, v), kt::dot(kt::transpose(x), kt::dot(x, v))}),
                    {xv, vv}, "transposed views and BLAS products");
  // Inner lengths up to 8 are inlined loops (any strides), longer ones go to BLAS.
  Var u = kt::vector("u");
  Array uv = vector_of(3, 0.5);
  check_specialized(kiln::function({x, u, v}, {kt::dot(u, x), kt::dot(u, u), kt::dot(v, v), kt::dot(kt::transpose(x), u)}),
                    {xv, uv, vv}, "small dots: vector . matrix, vector . vector, a transposed matrix . vector");
  Var big = kt::matrix("big");
  Array bigv = matrix(5, 20, 1.0);
  check_specialized(kiln::function({big, u}, {kt::dot(big, kt::exp(kt::dot(kt::transpose(big), kt::exp(u))))}),
                    {bigv, vector_of(5, 0.3)}, "a long dot through BLAS, a short one inlined");
  Var a = kt::vector("a");
  Var cost = kt::sum(kt::sqr(a[idx] - 1.0));
  check_specialized(kiln::function({a}, {cost, kiln::grad(cost, a)}), {vector_of(3, 1.0)}, "gather and scatter-add");
  Var gathered = a[idx];
  check_specialized(kiln::function({a}, {gathered * 2.0, kt::sum(kt::exp(gathered))}), {vector_of(3, 1.0)},
                    "a gather read inside an elementwise and a reducing loop");
  check_specialized(kiln::function({a}, {gathered, kt::sum(gathered)}), {vector_of(3, 1.0)},
                    "a gather that is also an output");
  check_specialized(kiln::function({v, s}, {kt::stack({s, s * 2.0}), v[kt::slice(1, std::nullopt)] * s, v, s * 0.0 + 3.0}),
                    {vv, sv}, "reference steps, an input and a constant as outputs");
  Var e = kt::exp(v);
  check_specialized(kiln::function({v, s}, {kt::reshape(e, {2, 2}) * s, e[kt::slice(1, 3)], kt::reshape(v, {4, 1}),
                                            kt::sum(e[kt::slice(0, std::nullopt, 2)])}),
                    {vv, sv}, "slices and reshapes as views");
  Var m = kt::matrix("m");
  check_specialized(kiln::function({x, m, s}, {kt::join(0, {x, kt::exp(x)}), kt::join(1, {x, m * s, x}),
                                               kt::stack({s, s * 2.0, kt::sum(x)})}),
                    {xv, matrix(3, 2, 1.0), sv}, "joins along both axes and a vector of scalars");
  Var w = kt::vector("w");
  check_specialized(kiln::function({w, s}, {kt::exp(w) * s, kt::sum(kt::log1p(w * w)), kt::max(w * s), w + 1.0}),
                    {vector_of(100, 2.0), sv}, "sibling loops: stored and reduced outputs in one loop");
  Var y = kt::exp(v);
  check_specialized(kiln::function({v}, {y, y, kt::sum(y)}), {vv}, "one value returned twice");
}

TEST_CASE("a specialized program's failing step raises the interpreter's error, and later calls still work") {
  Var a = kt::vector("a");
  Var idx = kt::vector("idx", DType::int64);
  auto f = kiln::function({a, idx}, kt::sum(kt::exp(a[idx])));
  Array av{0.0, 1.0, 2.0};
  Array good(std::vector<std::int64_t>{0, 2, 1}), bad(std::vector<std::int64_t>{0, 5, 1});
  double expected = 1.0 + std::exp(2.0) + std::exp(1.0);
  CHECK(Array(f(av, good)).item<double>() == Approx(expected));
  CHECK(Array(f(av, good)).item<double>() == Approx(expected));
  REQUIRE(specialization_count(f.program()) == 1);
  CHECK_THROWS_AS(f(av, bad), kiln::ValueError);
  CHECK_THROWS_WITH(f(av, bad), Catch::Contains("index 5 is out of bounds"));
  CHECK(Array(f(av, good)).item<double>() == Approx(expected));
}

TEST_CASE("a gather and a scatter-add by indices read at run time (a shared variable) in a specialized program") {
  // Indices held in a shared variable are read at each call: the specialized program's own
  // loops check them (negative ones count from the end), a changed index set is used at once,
  // and one out of range raises the reference's error, after which calls work again.
  Var a = kt::matrix("a");
  Var idx = kiln::shared(Array(std::vector<std::int64_t>{0, 2, -1, 1, 0}), "idx");
  Var w = kt::matrix("w");
  Var cost = kt::sum(a[idx] * w);
  auto f = kiln::function({a, w}, {cost, kiln::grad(cost, a)});
  const Array av = matrix(3, 2, 1.0), wv = matrix(5, 2, 0.5);
  auto expect = [&](const char* what) {
    const auto reference = kiln::evaluate({cost, kiln::grad(cost, a)}, {{a, av}, {w, wv}});
    for (int call = 0; call < 3; ++call) {
      const auto native = f(av, wv).values();
      for (std::size_t o = 0; o < 2; ++o) check_same(native[o], reference[o], kUlps, std::string(what) + " output " + std::to_string(o));
    }
  };
  expect("indices 0 2 -1 1 0");
  REQUIRE(specialization_count(f.program()) == 1);
  kiln::set_value(idx, Array(std::vector<std::int64_t>{2, 2, -3, 0, 1}));
  expect("indices 2 2 -3 0 1");
  kiln::set_value(idx, Array(std::vector<std::int64_t>{0, 3, 1, 1, 0}));
  CHECK_THROWS_WITH(f(av, wv), Catch::Contains("index 3 is out of bounds"));
  kiln::set_value(idx, Array(std::vector<std::int64_t>{1, 1, 1, -2, 2}));
  expect("indices 1 1 1 -2 2");
  CHECK(specialization_count(f.program()) == 1);
}

TEST_CASE("new input shapes get a specialization of their own") {
  Var v = kt::vector("v");
  auto f = kiln::function({v}, {kt::sum(kt::sqr(v)), v * 2.0});
  for (std::int64_t n : {3, 8, 3, 8, 1000, 1000}) {
    Array vv = vector_of(n, 1.0);
    auto out = f.call_positional({vv}).values();
    double sum = 0;
    for (std::int64_t i = 0; i < n; ++i) sum += vv.data<double>()[i] * vv.data<double>()[i];
    CHECK(out[0].item<double>() == Approx(sum).epsilon(1e-14));
    CHECK(out[1].shape() == kiln::Shape{n});
  }
  CHECK(specialization_count(f.program()) == 3);
}

TEST_CASE("a shape computed from values falls back to the interpreter when it changes") {
  Var x = kt::vector("x");
  Var shape = kt::tensor("shape", DType::int64, {2});
  auto f = kiln::function({x, shape}, kt::reshape(x, shape) * 2.0);
  Array xv{1.0, 2.0, 3.0, 4.0, 5.0, 6.0};
  Array s23(std::vector<std::int64_t>{2, 3}), s32(std::vector<std::int64_t>{3, 2});
  f(xv, s23);
  f(xv, s23);
  REQUIRE(specialization_count(f.program()) == 1);
  Array out = f(xv, s32);
  CHECK(out.shape() == kiln::Shape{3, 2});
  CHECK(kiln::repr(out) == "array([[ 2.,  4.],\n       [ 6.,  8.],\n       [10., 12.]])");
}

TEST_CASE("call_into a strided caller array after specialization") {
  Var v = kt::vector("v");
  auto f = kiln::function({v}, kt::exp(v));
  auto g = kiln::function({v}, {kt::exp(v), kt::sum(v)});
  Array vv = vector_of(4, 1.0);
  g(vv);
  g(vv);
  REQUIRE(specialization_count(g.program()) == 1);
  Array wide = Array::zeros(DType::float64, {4, 2});
  Array column = Array::view_raw(DType::float64, wide.raw_data(), {4}, {2});
  Array total = Array::zeros(DType::float64, {});
  std::vector<Array> outs{column, total};
  g.program().run({vv}, outs, true);
  for (std::int64_t i = 0; i < 4; ++i) {
    CHECK(wide.data<double>()[2 * i] == std::exp(vv.data<double>()[i]));
    CHECK(wide.data<double>()[2 * i + 1] == 0.0);
  }
  (void)f;
}

TEST_CASE("fixed_shapes specializes the first call and compiles step kernels only when other shapes come") {
  Var v = kt::vector("v");
  Var s = kt::scalar("s");
  auto f = kiln::function({v, s}, {kt::sum(kt::exp(v) * s), kt::log1p(v * v)}, {.fixed_shapes = true});
  Array small = vector_of(16, 1.0), large = vector_of(100, 1.0);
  auto expect = [&](const Array& x) { return kiln::evaluate({kt::sum(kt::exp(v) * s)}, {{v, x}, {s, Array(0.5)}})[0]; };
  Array first = f(small, 0.5)[0];
  CHECK(specialization_count(f.program()) == 1);
  check_same(first, expect(small), kReductionUlps, "the first, specialized call");
  Array other = f(large, 0.5)[0];  // interpreted with the step kernels, compiled now
  check_same(other, expect(large), kReductionUlps, "another shape");
  Array again = f(small, 0.5)[0];
  check_same(again, first, 0, "the first shape again");
}

TEST_CASE("a normal log-density and its gradient in mu and log_sigma are one pass over the data") {
  const Array data = vector_of(1000, 3.0);
  Var mu = kt::scalar("mu"), log_sigma = kt::scalar("log_sigma");
  Var y = kt::constant(data, "y");
  Var sigma = kt::exp(log_sigma);
  Var logp = kt::sum(-0.5 * kt::sqr((y - mu) / sigma) - kt::log(sigma) - 0.5 * std::log(2 * M_PI));
  auto grads = kiln::grad(logp, {mu, log_sigma});
  kiln::testing::LogCapture log("jit");
  auto f = kiln::function({mu, log_sigma}, {logp, grads[0], grads[1]}, {.fixed_shapes = true});
  auto got = f.call_positional({Array(0.3), Array(0.2)}).values();
  REQUIRE(specialization_count(f.program()) == 1);
  INFO(log.text());
  CHECK(log.count("1 loops over 1000 elements") == 1);

  // The values: logp, d/dmu = sum(z) / sigma, d/dlog_sigma = sum(z^2) - n, with z = (y - mu) / sigma.
  double want_logp = 0, want_mu = 0, want_ls = 0;
  for (std::int64_t i = 0; i < data.size(); ++i) {
    double z = (data.data<double>()[i] - 0.3) / std::exp(0.2);
    want_logp += -0.5 * z * z - 0.2 - 0.5 * std::log(2 * M_PI);
    want_mu += z / std::exp(0.2);
    want_ls += z * z - 1;
  }
  CHECK(got[0].item<double>() == Approx(want_logp).epsilon(1e-12));
  CHECK(got[1].item<double>() == Approx(want_mu).epsilon(1e-12));
  CHECK(got[2].item<double>() == Approx(want_ls).epsilon(1e-12));
}
