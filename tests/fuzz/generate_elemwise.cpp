// The fuzzer's elementwise steps: unary and binary ops (special functions included), switch,
// clip and casts between all dtypes.
#include "fuzz/generator.hpp"

#include <cmath>

namespace kiln::fuzz::generator {
namespace {

using Unary = Var (*)(const Var&);
using Binary = Var (*)(const Var&, const Var&);

struct Named {
  const char* name;
  Unary fn;
};
struct NamedBinary {
  const char* name;
  Binary fn;
};

const std::vector<Named> kUnary = {
    {"neg", kt::neg},         {"abs", kt::abs},         {"sign", kt::sign},       {"exp", kt::exp},
    {"exp2", kt::exp2},       {"expm1", kt::expm1},     {"log", kt::log},         {"log2", kt::log2},
    {"log10", kt::log10},     {"log1p", kt::log1p},     {"sqrt", kt::sqrt},       {"sqr", kt::sqr},
    {"reciprocal", kt::reciprocal}, {"sin", kt::sin},   {"cos", kt::cos},         {"tan", kt::tan},
    {"arcsin", kt::arcsin},   {"arccos", kt::arccos},   {"arctan", kt::arctan},   {"sinh", kt::sinh},
    {"cosh", kt::cosh},       {"tanh", kt::tanh},       {"arcsinh", kt::arcsinh}, {"arccosh", kt::arccosh},
    {"arctanh", kt::arctanh}, {"sigmoid", kt::sigmoid}, {"softplus", kt::softplus}, {"log1mexp", kt::log1mexp},
    {"erf", kt::erf},         {"erfc", kt::erfc},       {"erfcx", kt::erfcx},     {"erfinv", kt::erfinv},
    {"gammaln", kt::gammaln}, {"digamma", kt::digamma}, {"trigamma", kt::trigamma}, {"floor", kt::floor},
    {"ceil", kt::ceil},       {"round", kt::round},     {"isnan", kt::isnan},     {"isinf", kt::isinf},
    {"invert", kt::invert},   {"zeros_like", kt::zeros_like}, {"ones_like", kt::ones_like},
};
// Differentiable everywhere on the values gradient graphs use (no ties, no domain edges).
const std::vector<Named> kSmoothUnary = {
    {"neg", kt::neg},   {"exp", kt::exp},   {"sin", kt::sin},         {"cos", kt::cos},
    {"tanh", kt::tanh}, {"sqr", kt::sqr},   {"sigmoid", kt::sigmoid}, {"softplus", kt::softplus},
    {"arctan", kt::arctan}, {"erf", kt::erf}, {"arcsinh", kt::arcsinh},
};
const std::vector<NamedBinary> kBinary = {
    {"add", kt::add},         {"sub", kt::sub},         {"mul", kt::mul},         {"true_div", kt::true_div},
    {"int_div", kt::int_div}, {"mod", kt::mod},         {"pow", kt::pow},         {"maximum", kt::maximum},
    {"minimum", kt::minimum}, {"arctan2", kt::arctan2}, {"lt", kt::lt},           {"le", kt::le},
    {"gt", kt::gt},           {"ge", kt::ge},           {"eq", kt::eq},           {"neq", kt::neq},
    {"and", kt::and_},        {"or", kt::or_},          {"xor", kt::xor_},        {"second", kt::second},
    {"polygamma", kt::polygamma},
};
// (Not arctan2: a - a gives it (0, 0), where it has no derivative.)
const std::vector<NamedBinary> kSmoothBinary = {
    {"add", kt::add}, {"sub", kt::sub}, {"mul", kt::mul},
};

const std::vector<DType> kAllDTypes = {DType::bool_, DType::int8,   DType::int16,  DType::int32,
                                       DType::int64, DType::uint8,  DType::uint16, DType::uint32,
                                       DType::uint64, DType::float32, DType::float64};

}  // namespace

int GraphGenerator::unary() {
  const Named& op = rnd_.pick(smooth_ ? kSmoothUnary : kUnary);
  Unary fn = op.fn;
  return add(op.name, {operand()}, [fn](const std::vector<Var>& a) { return fn(a[0]); });
}

int GraphGenerator::binary() {
  const NamedBinary& op = rnd_.pick(smooth_ ? kSmoothBinary : kBinary);
  Binary fn = op.fn;
  int a = operand();
  if (!smooth_ && rnd_.chance(0.25)) {
    Var c = constant_like(dtype_of_step(a));
    bool left = rnd_.chance(0.3);
    return add(std::string(op.name) + (left ? " const " + constant_text(c.constant_value()) + " first" : " by const " + constant_text(c.constant_value())),
               {a}, [fn, c, left](const std::vector<Var>& v) { return left ? fn(c, v[0]) : fn(v[0], c); });
  }
  // Mostly operands whose run-time shapes broadcast; sometimes any (both sides must raise).
  int b = rnd_.chance(0.1) ? operand() : operand_shaped(shape_of(a), true, dtype_of_step(a));
  if (rnd_.chance(0.5)) std::swap(a, b);
  return add(op.name, {a, b}, [fn](const std::vector<Var>& v) { return fn(v[0], v[1]); });
}

int GraphGenerator::switch_or_clip() {
  int a = operand();
  if (rnd_.chance(0.5)) {
    Var lo = constant_like(dtype_of_step(a)), hi = constant_like(dtype_of_step(a));
    return add("clip " + constant_text(lo.constant_value()) + " " + constant_text(hi.constant_value()), {a},
               [lo, hi](const std::vector<Var>& v) { return kt::clip(v[0], lo, hi); });
  }
  int b = operand_shaped(shape_of(a), true, dtype_of_step(a));
  int c = operand_shaped(shape_of(a), true, dtype_of_step(a));
  if (rnd_.chance(0.5)) return add("switch", {a, b, c}, [](const std::vector<Var>& v) { return kt::switch_(v[0], v[1], v[2]); });
  return add("switch(a > 0)", {a, b, c}, [](const std::vector<Var>& v) { return kt::switch_(kt::gt(v[0], 0), v[1], v[2]); });
}

// A float to integer cast of a value outside the target's range (or NaN) is undefined, in
// NumPy as in C: such casts are not generated.
int GraphGenerator::cast() {
  DType to = rnd_.pick(kAllDTypes);
  int a = operand();
  const Array& value = *values_[static_cast<std::size_t>(a)];
  if (is_float(value.dtype()) && !is_float(to) && !is_bool(to)) {
    const double lo = is_unsigned(to) ? 0.0 : -std::ldexp(1.0, static_cast<int>(8 * itemsize(to)) - 1);
    const double hi = std::ldexp(1.0, static_cast<int>(8 * itemsize(to)) - (is_unsigned(to) ? 0 : 1));
    for (std::int64_t i = 0; i < value.size(); ++i) {
      double v = value.get_as_double(i);
      if (!(v > lo - 1 && v < hi)) return -1;
    }
  }
  return add("cast " + std::string(dtype_name(to)), {a}, [to](const std::vector<Var>& v) { return kt::cast(v[0], to); });
}

}  // namespace kiln::fuzz::generator
