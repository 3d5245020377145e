// Reductions fused into kernels (Composite with a ReduceSpec): full reductions (the flat
// multi-accumulator loop) and per-axis ones (the strided loop nest) against the reference.
#include "jit_test_support.hpp"

namespace kt = kiln::tensor;
using kiln::Array;
using kiln::DType;
using kiln::Var;
using kt::ReduceKind;
using kt::ScalarOp;
using namespace kiln::jit_test;

namespace {

Array values(const kiln::Shape& shape, double scale = 1.0) {
  Array a = Array::empty(DType::float64, shape);
  for (std::int64_t i = 0; i < a.size(); ++i) a.set_from_double(i, scale * (1.0 + std::sin(0.37 * static_cast<double>(i))));
  return a;
}

// reduce(log(x) * c) over `axes` of x.
Var reduce_log_scaled(const Var& x, ReduceKind kind, std::vector<int> axes, DType node_dtype = DType::float64) {
  auto c = kt::constant(Array(0.75));
  auto c_b = kt::expand_to_ndim(c, x.ndim());
  std::vector<kt::ScalarNode> nodes = {{ScalarOp::log, {0}, node_dtype}, {ScalarOp::mul, {2, 1}, node_dtype}};
  return composite({x, c_b}, nodes, {3}, kt::ReduceSpec{kind, std::move(axes)})[0];
}

}  // namespace

TEST_CASE("full sums of a fused expression match the reference") {
  auto x = kt::vector("x");
  for (std::int64_t n : {0, 1, 5, 15, 16, 17, 100, 1000, 100003}) {
    Var s = reduce_log_scaled(x, ReduceKind::sum, {});
    check_against_reference({x}, {s}, {values({n})}, 1e4, "sum n=" + std::to_string(n));
  }
}

TEST_CASE("every reduction kind over all axes") {
  auto x = kt::matrix("x");
  for (ReduceKind kind : {ReduceKind::sum, ReduceKind::prod, ReduceKind::max, ReduceKind::min, ReduceKind::all, ReduceKind::any}) {
    Var r = reduce_log_scaled(x, kind, {});
    check_against_reference({x}, {r}, {values({7, 9}, 1.1)}, 1e3, std::string(kt::reduce_name(kind)));
    Array with_nan = values({7, 9}, 1.1);
    with_nan.set_from_double(20, NAN);
    check_against_reference({x}, {r}, {with_nan}, 1e3, std::string(kt::reduce_name(kind)) + " with NaN");
    Array with_zero = values({7, 9}, 1.1);
    with_zero.set_from_double(33, 1.0);  // log(1) = 0
    check_against_reference({x}, {r}, {with_zero}, 1e3, std::string(kt::reduce_name(kind)) + " with a zero");
  }
}

TEST_CASE("per-axis reductions add in the reference's order") {
  auto m = kt::matrix("m");
  auto t = kt::tensor("t", DType::float64, {std::nullopt, std::nullopt, std::nullopt});
  for (ReduceKind kind : {ReduceKind::sum, ReduceKind::max, ReduceKind::prod}) {
    std::string name(kt::reduce_name(kind));
    check_against_reference({m}, {reduce_log_scaled(m, kind, {0})}, {values({6, 5})}, 4, name + " axis 0");
    check_against_reference({m}, {reduce_log_scaled(m, kind, {1})}, {values({6, 5})}, 4, name + " axis 1");
    check_against_reference({t}, {reduce_log_scaled(t, kind, {0, 2})}, {values({3, 4, 5})}, 4, name + " axes 0 2");
    check_against_reference({t}, {reduce_log_scaled(t, kind, {1})}, {values({3, 4, 5})}, 4, name + " axis 1");
  }
}

TEST_CASE("reductions of broadcast operands and float32 results") {
  auto x = kt::tensor("x", DType::float64, {std::nullopt, 1});
  auto y = kt::tensor("y", DType::float64, {1, std::nullopt});
  std::vector<kt::ScalarNode> nodes = {{ScalarOp::sub, {0, 1}, DType::float64}, {ScalarOp::sqr, {2}, DType::float64}};
  Var all = composite({x, y}, nodes, {3}, kt::ReduceSpec{ReduceKind::sum, {}})[0];
  Var rows = composite({x, y}, nodes, {3}, kt::ReduceSpec{ReduceKind::sum, {1}})[0];
  check_against_reference({x, y}, {all, rows}, {values({8, 1}), values({1, 11}, 2.0)}, 1e3, "sum (x - y)^2");

  auto v = kt::vector("v", DType::float32);
  std::vector<kt::ScalarNode> f32 = {{ScalarOp::exp, {0}, DType::float32}};
  Var s = composite({v}, f32, {1}, kt::ReduceSpec{ReduceKind::sum, {}})[0];
  check_against_reference({v}, {s}, {values({1001}).astype(DType::float32)}, 4, "float32 sum");
}

TEST_CASE("integer reductions") {
  auto i = kt::vector("i", DType::int32);
  std::vector<kt::ScalarNode> nodes = {{ScalarOp::mul, {0, 0}, DType::int32}};
  Var s = composite({i}, nodes, {1}, kt::ReduceSpec{ReduceKind::sum, {}})[0];
  Var mx = composite({i}, nodes, {1}, kt::ReduceSpec{ReduceKind::max, {}})[0];
  std::vector<std::int32_t> data;
  for (int k = -50; k < 50; ++k) data.push_back(k * 7 % 23);
  check_against_reference({i}, {s, mx}, {Array(data)}, 0, "int sum and max");
}

TEST_CASE("a composite with several outputs") {
  auto x = kt::vector("x");
  auto y = kt::vector("y", DType::float32);
  std::vector<kt::ScalarNode> nodes = {{ScalarOp::add, {0, 1}, DType::float64},
                                       {ScalarOp::log, {2}, DType::float64},
                                       {ScalarOp::mul, {0, 1}, DType::float64},
                                       {ScalarOp::gt, {0, 1}, DType::bool_}};
  auto outs = composite({x, y}, nodes, {3, 4, 5, 1});
  check_against_reference({x, y}, outs, {values({37}), values({37}, 0.5).astype(DType::float32)}, 4, "four outputs");
}

TEST_CASE("Reduce nodes over float64 and bool run natively") {
  auto m = kt::matrix("m");
  Array data = values({5, 7});
  check_against_reference({m}, {kt::sum(m), kt::sum(m, 0), kt::max(m, kt::Axes{{1}}), kt::min(m), kt::prod(m, kt::Axes{{1}})}, {data}, 1e3,
                          "sum, max, min, prod");
  auto b = kt::matrix("b", DType::bool_);
  Array flags = Array::empty(DType::bool_, {3, 4});
  for (std::int64_t i = 0; i < flags.size(); ++i) flags.set_from_int(i, (i * 5) % 3 == 0);
  check_against_reference({b}, {kt::all(b, kt::Axes{{1}}), kt::any(b, kt::Axes{{0}}), kt::all(b), kt::any(b)}, {flags}, 0, "all and any");
}

TEST_CASE("max of an empty axis raises the reference's error") {
  auto v = kt::vector("v");
  auto f = kiln::function({v}, kt::max(v));
  CHECK_THROWS_AS(f(Array::empty(DType::float64, {0})), kiln::ValueError);
  CHECK(Array(kiln::function({v}, kt::sum(v))(Array::empty(DType::float64, {0}))).item<double>() == 0.0);
}

namespace {

// The documented order of a float sum over every axis (tensor::kReduceLanes), written out:
// eight lanes over the whole blocks, halved ((0 4) (2 6)) ((1 5) (3 7)), then the rest in order.
double sum_in_lanes(const std::vector<double>& v) {
  if (v.empty()) return 0.0;
  const std::size_t whole = v.size() / 8 * 8;
  double lane[8] = {-0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0};
  for (std::size_t i = 0; i < whole; ++i) lane[i % 8] += v[i];
  double acc = ((lane[0] + lane[4]) + (lane[2] + lane[6])) + ((lane[1] + lane[5]) + (lane[3] + lane[7]));
  for (std::size_t i = whole; i < v.size(); ++i) acc += v[i];
  return acc;
}

// Values whose sum depends on the order: lane 3 holds +-big, cancelling every other block.
std::vector<double> cancelling(std::size_t n, double big) {
  std::vector<double> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = i % 8 == 3 ? (i / 8 % 2 ? -big : big) : 1.0 + static_cast<double>(i);
  return v;
}

// Every call of f (both tiers, and the specialized program) and the reference give `want`.
void check_sum(const std::vector<Var>& inputs, const Var& sum, const std::vector<Array>& values, double want,
               const std::string& what) {
  INFO(what);
  kiln::Function f = kiln::function(inputs, {sum, sum * 1.0 + 1.0});
  for (int call = 0; call < 3; ++call) CHECK(f.call_positional(values).values()[0].get_as_double(0) == want);
  kiln::Givens givens;
  for (std::size_t i = 0; i < inputs.size(); ++i) givens.emplace_back(inputs[i], values[i]);
  CHECK(kiln::evaluate({sum}, givens)[0].get_as_double(0) == want);
  std::vector<Array> unrewritten(1);
  kiln::jit::compile_program(inputs, {sum})->run(values, unrewritten, false);
  CHECK(unrewritten[0].get_as_double(0) == want);
}

}  // namespace

TEST_CASE("a float sum over every axis adds in eight lanes, halved, then the rest, in every loop and the reference") {
  auto v = kt::vector("v");
  auto m = kt::matrix("m");
  auto w = kt::matrix("w");
  auto f32 = kt::vector("f32", DType::float32);
  bool order_shows = false;
  for (std::size_t n : {0, 1, 7, 8, 9, 12, 15, 16, 17, 24, 31, 40, 64, 100}) {
    const std::string size = " n=" + std::to_string(n);
    std::vector<double> values = cancelling(n, 1e16);
    double serial = 0.0;
    for (double x : values) serial += x;
    order_shows = order_shows || serial != sum_in_lanes(values);
    // The flat kernel (a fused expression), and the Reduce node of a float64 input.
    check_sum({v}, kt::sum(v * 2.0), {Array(values)}, 2.0 * sum_in_lanes(values), "flat" + size);
    check_sum({v}, kt::sum(v), {Array(values)}, sum_in_lanes(values), "Reduce" + size);
    // The strided kernel: the transpose of a (n/4, 4) matrix times a contiguous (4, n/4) one,
    // summed in the C order of the product.
    if (n % 4 == 0) {
      const auto rows = static_cast<std::int64_t>(n / 4);
      Array matrix = Array(values).reshape({rows, 4});
      Array twos = Array(std::vector<double>(n, 2.0)).reshape({4, rows});
      std::vector<double> transposed;
      for (std::size_t c = 0; c < 4; ++c)
        for (std::size_t r = 0; r < n / 4; ++r) transposed.push_back(values[r * 4 + c]);
      check_sum({m, w}, kt::sum(kt::transpose(m) * w), {matrix, twos}, 2.0 * sum_in_lanes(transposed), "strided" + size);
    }
    // A float32 input accumulates in float64: the Reduce node's own loop.
    std::vector<double> big = cancelling(n, 1e30);
    Array narrow = Array(big).astype(DType::float32);
    std::vector<double> widened;
    for (std::int64_t i = 0; i < narrow.size(); ++i) widened.push_back(narrow.get_as_double(i));
    check_sum({f32}, kt::sum(f32), {narrow}, static_cast<double>(static_cast<float>(sum_in_lanes(widened))), "float32" + size);
  }
  CHECK(order_shows);  // the values tell the lanes' order from a plain loop's
}
