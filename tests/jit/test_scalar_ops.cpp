// Every scalar op, lowered alone (an Elemwise kernel) and compared with the reference
// `perform` on edge values (NaN, infinities, signed zeros, domain edges), for float64,
// float32, integer and bool inputs. Arithmetic is exact; libmvec's vector transcendentals
// are allowed a few ulps.
#include "jit_test_support.hpp"

#include <cmath>
#include <limits>

namespace kt = kiln::tensor;
using kiln::Array;
using kiln::DType;
using kiln::Var;
using kt::ScalarOp;
using namespace kiln::jit_test;

namespace {

const std::vector<double> kFloatValues = {
    0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.5, 3.0, 1e-300, -1e-300, 1e300, -1e300, 0.1, 10.0, 100.0,
    -100.0, 700.0, -700.0, 1e-10, 0.9999999, NAN, INFINITY, -INFINITY, 4.9e-324, 0.75, -0.75, 1.5, 2.5,
    3.5, -3.5, 0.999, -0.999, 1e-5, 20.0, -20.0, 40.0, 1e10};
const std::vector<double> kIntValues = {0, 1, -1, 2, -2, 3, -3, 5, 7, -7, 10, 100, -100, 127};
// Integer pow stays within int64 (overflow is UB in the reference).
const std::vector<double> kSmallIntValues = {0, 1, -1, 2, -2, 3, -3, 5, 7, -7, 10};
const std::vector<double> kSmallUnsignedValues = {0, 1, 2, 3, 5, 7, 10};
const std::vector<double> kBoolValues = {0, 1};

const std::vector<double>& values_for(DType dtype, ScalarOp op) {
  if (kiln::is_float(dtype)) return kFloatValues;
  if (dtype == DType::bool_) return kBoolValues;
  if (op != ScalarOp::pow) return kIntValues;
  return kiln::is_unsigned(dtype) ? kSmallUnsignedValues : kSmallIntValues;
}

// Ops whose native form is a libmvec/libm transcendental that may differ in the last bits.
bool inexact(ScalarOp op) {
  switch (op) {
    case ScalarOp::pow: case ScalarOp::exp: case ScalarOp::exp2: case ScalarOp::expm1: case ScalarOp::log:
    case ScalarOp::log2: case ScalarOp::log10: case ScalarOp::log1p: case ScalarOp::sin: case ScalarOp::cos:
    case ScalarOp::tan: case ScalarOp::arcsin: case ScalarOp::arccos: case ScalarOp::arctan:
    case ScalarOp::arctan2: case ScalarOp::sinh: case ScalarOp::cosh: case ScalarOp::tanh:
    case ScalarOp::arcsinh: case ScalarOp::arccosh: case ScalarOp::arctanh: case ScalarOp::erf:
    case ScalarOp::erfc: case ScalarOp::erfcx: case ScalarOp::sigmoid: case ScalarOp::softplus: case ScalarOp::log1mexp:
      return true;
    default:
      return false;
  }
}

// The cartesian product of `values` over `arity` operands, as one array per operand.
std::vector<Array> operand_arrays(const std::vector<DType>& dtypes, ScalarOp op) {
  std::size_t arity = dtypes.size();
  std::vector<std::vector<double>> columns(arity);
  std::size_t total = 1;
  for (DType d : dtypes) total *= values_for(d, op).size();
  for (std::size_t i = 0; i < total; ++i) {
    std::size_t rest = i;
    for (std::size_t k = 0; k < arity; ++k) {
      const auto& vals = values_for(dtypes[k], op);
      columns[k].push_back(vals[rest % vals.size()]);
      rest /= vals.size();
    }
  }
  std::vector<Array> arrays;
  for (std::size_t k = 0; k < arity; ++k) arrays.push_back(Array(columns[k]).astype(dtypes[k]));
  return arrays;
}

void check_op(ScalarOp op, const std::vector<DType>& dtypes) {
  std::vector<Var> inputs;
  for (std::size_t k = 0; k < dtypes.size(); ++k) inputs.push_back(kt::vector("a" + std::to_string(k), dtypes[k]));
  Var out;
  try {
    out = kiln::apply_op(std::make_shared<kt::Elemwise>(op), inputs);
  } catch (const kiln::TypeError&) {
    return;  // the op does not take these dtypes
  }
  std::string what = std::string(kt::scalar_info(op).name) + " on";
  for (DType d : dtypes) what += " " + std::string(kiln::dtype_name(d));
  check_against_reference(inputs, {out}, operand_arrays(dtypes, op), inexact(op) ? 4.0 : 0.0, what, false);
  check_against_reference(inputs, {out}, operand_arrays(dtypes, op), inexact(op) ? 4.0 : 0.0, what + " (rewritten)");
}

std::vector<ScalarOp> all_ops() {
  std::vector<ScalarOp> ops;
  for (int i = 0; i <= static_cast<int>(ScalarOp::polygamma); ++i) ops.push_back(static_cast<ScalarOp>(i));
  return ops;
}

int arity(ScalarOp op) {
  int a = kt::scalar_info(op).arity;
  return a < 0 ? 2 : a;
}

}  // namespace

TEST_CASE("every scalar op on float64 matches the reference") {
  for (ScalarOp op : all_ops()) check_op(op, std::vector<DType>(static_cast<std::size_t>(arity(op)), DType::float64));
}

TEST_CASE("every scalar op on float32 matches the reference") {
  for (ScalarOp op : all_ops()) check_op(op, std::vector<DType>(static_cast<std::size_t>(arity(op)), DType::float32));
}

TEST_CASE("every scalar op on integers and bools matches the reference") {
  for (DType d : {DType::int64, DType::int32, DType::int8, DType::uint8, DType::bool_})
    for (ScalarOp op : all_ops()) check_op(op, std::vector<DType>(static_cast<std::size_t>(arity(op)), d));
}

TEST_CASE("mixed integer and float operands match the reference") {
  for (ScalarOp op : all_ops()) {
    if (arity(op) != 2) continue;
    check_op(op, {DType::int32, DType::float64});
    check_op(op, {DType::float32, DType::int16});
    check_op(op, {DType::bool_, DType::float32});
  }
}

TEST_CASE("three-operand ops mix dtypes") {
  check_op(ScalarOp::switch_, {DType::bool_, DType::float64, DType::int32});
  check_op(ScalarOp::clip, {DType::float64, DType::float32, DType::float64});
  check_op(ScalarOp::clip, {DType::int64, DType::int32, DType::int8});
  check_op(ScalarOp::add, {DType::float64, DType::float64, DType::float64});
}

TEST_CASE("casts between every pair of dtypes match the reference") {
  const std::vector<DType> dtypes = {DType::float64, DType::float32, DType::int64, DType::int32, DType::int16,
                                     DType::int8,    DType::uint8,   DType::uint32, DType::bool_};
  for (DType from : dtypes)
    for (DType to : dtypes) {
      auto a = kt::vector("a", from);
      // Values every target holds (out-of-range float-to-int casts are UB in the reference).
      std::vector<double> values = {0.0, 1.0, 2.0, 3.0, 7.0, 100.0, 127.0, 0.5, 2.75};
      if (kiln::is_float(to) && kiln::is_float(from)) values.insert(values.end(), {NAN, INFINITY, -0.0, -1.5, 1e-30});
      if (!kiln::is_unsigned(to) && !kiln::is_unsigned(from) && from != DType::bool_) values.insert(values.end(), {-1.0, -3.25});
      check_against_reference({a}, {kt::cast(a, to)}, {Array(values).astype(from)}, 0.0,
                              "cast " + std::string(kiln::dtype_name(from)) + " to " + std::string(kiln::dtype_name(to)), false);
    }
}

TEST_CASE("every scalar op inside a Composite matches the reference") {
  // The same ops as one node of a fused graph: Composite's semantics (double, rounded through
  // the node's dtype), after an add so the op's input is an intermediate value.
  for (DType d : {DType::float64, DType::float32, DType::int32}) {
    for (ScalarOp op : all_ops()) {
      if (op == ScalarOp::cast) continue;
      std::vector<Var> inputs;
      std::vector<DType> dtypes(static_cast<std::size_t>(arity(op)), d);
      for (std::size_t k = 0; k < dtypes.size(); ++k) inputs.push_back(kt::vector("a" + std::to_string(k), d));
      Var direct;
      try {
        direct = kiln::apply_op(std::make_shared<kt::Elemwise>(op), inputs);
      } catch (const kiln::TypeError&) {
        continue;
      }
      auto n = static_cast<int>(inputs.size());
      std::vector<kt::ScalarNode> nodes = {{ScalarOp::identity, {0}, d}};
      std::vector<int> args = {n};
      for (int k = 1; k < n; ++k) args.push_back(k);
      nodes.push_back({op, args, direct.dtype()});
      Var fused = composite(inputs, nodes, {n + 1})[0];
      check_against_reference(inputs, {fused}, operand_arrays(dtypes, op), inexact(op) ? 4.0 : 0.0,
                              std::string(kt::scalar_info(op).name) + " in a Composite on " + std::string(kiln::dtype_name(d)), false);
    }
  }
}

TEST_CASE("softplus and sigmoid fused over one exp stay within 2 ulp of log1p(exp(x)) in long double") {
  // The compiled softplus takes its exp from sigmoid's exp(-|x|) (x + log1p(exp(-x)) from 0 to
  // 18): checked against an independent long double oracle across every branch and its edges,
  // in a loop that computes both (as a logistic regression's logp and gradient do).
  std::vector<double> xs;
  for (double x = -800.0; x <= 800.0; x += 0.3125) xs.push_back(x);
  for (double edge : {-37.0, 0.0, 18.0, 33.3})
    for (double d : {-1e-12, -1e-15, 0.0, 1e-15, 1e-12}) xs.push_back(edge + d);
  auto x = kt::vector("x");
  auto f = kiln::function({x}, {kt::softplus(x), kt::sigmoid(x)});
  for (int call = 0; call < 3; ++call) {  // step by step, specializing, specialized
    const auto outs = f(Array(xs)).values();
    const std::vector<double> softplus = outs[0].to_vector<double>(), sigmoid = outs[1].to_vector<double>();
    for (std::size_t i = 0; i < xs.size(); ++i) {
      const long double lx = xs[i];
      const long double expected = lx > 40 ? lx + std::exp(-lx) : std::log1p(std::exp(lx));
      const double want = static_cast<double>(expected);
      INFO("x = " << xs[i] << ", call " << call);
      CHECK(std::abs(softplus[i] - want) <= 2 * std::abs(std::nextafter(want, INFINITY) - want));
      const double s = static_cast<double>(1.0L / (1.0L + std::exp(-lx)));
      CHECK(std::abs(sigmoid[i] - s) <= 2 * std::abs(std::nextafter(s, INFINITY) - s) + 1e-300);
    }
  }
}

TEST_CASE("signed zeros follow the reference through fused sums") {
  // As NumPy's a + b, a sum starts from its first term: -0 + -0 is -0, whether the sum is
  // stored, passed on (neg) or read by an op that cannot tell the zeros apart (log).
  {
    auto x = kt::vector("x");
    auto y = kt::vector("y");
    const std::vector<double> zeros{-0.0, -0.0, 0.0};
    const std::vector<double> others{-0.0, 0.0, -0.0};
    const std::vector<double> reference = kiln::evaluate({x + y}, {{x, Array(zeros)}, {y, Array(others)}})[0].to_vector<double>();
    const std::vector<double> compiled = kiln::function({x, y}, {x + y})(Array(zeros), Array(others)).to_vector<double>();
    for (const auto& sums : {reference, compiled}) {
      CHECK(std::signbit(sums[0]));  // numpy.add(-0.0, -0.0) is -0.0
      CHECK_FALSE(std::signbit(sums[1]));
      CHECK_FALSE(std::signbit(sums[2]));
    }
  }
  auto a = kt::vector("a");
  auto b = kt::vector("b");
  std::vector<kt::ScalarNode> nodes = {{ScalarOp::add, {0, 1}, DType::float64},
                                       {ScalarOp::log, {2}, DType::float64},
                                       {ScalarOp::neg, {2}, DType::float64},
                                       {ScalarOp::add, {0, 1}, DType::float64},
                                       {ScalarOp::sqr, {5}, DType::float64},
                                       {ScalarOp::true_div, {0, 5}, DType::float64}};
  auto outs = composite({a, b}, nodes, {2, 3, 4, 6, 7});
  std::vector<double> zeros = {-0.0, 0.0, -0.0, 0.0, -0.0, 1.0, -0.0, 0.0, -0.0};
  std::vector<double> others = {-0.0, -0.0, 0.0, 0.0, -0.0, -1.0, -0.0, -0.0, -0.0};
  check_against_reference({a, b}, outs, {Array(zeros), Array(others)}, 0, "signed zeros", false);
}
