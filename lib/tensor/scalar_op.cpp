// The scalar op table and its reference evaluation.
#include "tensor/scalar_op.hpp"

#include <kiln/errors.hpp>

#include <array>
#include <cmath>
#include <string>

namespace kiln::tensor {
namespace {

using R = DTypeRule;

constexpr std::array kTable = {
    ScalarOpInfo{"add", -1, R::upcast},         ScalarOpInfo{"sub", 2, R::upcast},
    ScalarOpInfo{"mul", -1, R::upcast},         ScalarOpInfo{"true_div", 2, R::upcast_float},
    ScalarOpInfo{"int_div", 2, R::upcast},      ScalarOpInfo{"mod", 2, R::upcast},
    ScalarOpInfo{"neg", 1, R::upcast},          ScalarOpInfo{"pow", 2, R::upcast},
    ScalarOpInfo{"abs", 1, R::upcast},          ScalarOpInfo{"sign", 1, R::upcast},
    ScalarOpInfo{"exp", 1, R::float_unary},     ScalarOpInfo{"exp2", 1, R::float_unary},
    ScalarOpInfo{"expm1", 1, R::float_unary},   ScalarOpInfo{"log", 1, R::float_unary},
    ScalarOpInfo{"log2", 1, R::float_unary},    ScalarOpInfo{"log10", 1, R::float_unary},
    ScalarOpInfo{"log1p", 1, R::float_unary},   ScalarOpInfo{"sqrt", 1, R::float_unary},
    ScalarOpInfo{"sqr", 1, R::upcast},          ScalarOpInfo{"reciprocal", 1, R::float_unary},
    ScalarOpInfo{"sin", 1, R::float_unary},     ScalarOpInfo{"cos", 1, R::float_unary},
    ScalarOpInfo{"tan", 1, R::float_unary},     ScalarOpInfo{"arcsin", 1, R::float_unary},
    ScalarOpInfo{"arccos", 1, R::float_unary},  ScalarOpInfo{"arctan", 1, R::float_unary},
    ScalarOpInfo{"arctan2", 2, R::upcast_float}, ScalarOpInfo{"sinh", 1, R::float_unary},
    ScalarOpInfo{"cosh", 1, R::float_unary},    ScalarOpInfo{"tanh", 1, R::float_unary},
    ScalarOpInfo{"arcsinh", 1, R::float_unary}, ScalarOpInfo{"arccosh", 1, R::float_unary},
    ScalarOpInfo{"arctanh", 1, R::float_unary}, ScalarOpInfo{"sigmoid", 1, R::float_unary},
    ScalarOpInfo{"softplus", 1, R::float_unary}, ScalarOpInfo{"log1mexp", 1, R::float_unary},
    ScalarOpInfo{"erf", 1, R::float_unary},     ScalarOpInfo{"erfc", 1, R::float_unary},
    ScalarOpInfo{"erfcx", 1, R::float_unary},   ScalarOpInfo{"erfinv", 1, R::float_unary},
    ScalarOpInfo{"gammaln", 1, R::float_unary}, ScalarOpInfo{"psi", 1, R::float_unary},
    ScalarOpInfo{"maximum", 2, R::upcast},      ScalarOpInfo{"minimum", 2, R::upcast},
    ScalarOpInfo{"floor", 1, R::float_unary},   ScalarOpInfo{"ceil", 1, R::float_unary},
    ScalarOpInfo{"round_half_to_even", 1, R::float_unary}, ScalarOpInfo{"switch", 3, R::switch_rule},
    ScalarOpInfo{"lt", 2, R::boolean},          ScalarOpInfo{"le", 2, R::boolean},
    ScalarOpInfo{"gt", 2, R::boolean},          ScalarOpInfo{"ge", 2, R::boolean},
    ScalarOpInfo{"eq", 2, R::boolean},          ScalarOpInfo{"neq", 2, R::boolean},
    ScalarOpInfo{"and_", 2, R::integral},       ScalarOpInfo{"or_", 2, R::integral},
    ScalarOpInfo{"xor", 2, R::integral},        ScalarOpInfo{"invert", 1, R::integral},
    ScalarOpInfo{"isnan", 1, R::boolean},       ScalarOpInfo{"isinf", 1, R::boolean},
    ScalarOpInfo{"cast", 1, R::cast},           ScalarOpInfo{"clip", 3, R::upcast},
    ScalarOpInfo{"second", 2, R::last_input},   ScalarOpInfo{"identity", 1, R::upcast},
    ScalarOpInfo{"tri_gamma", 1, R::float_unary}, ScalarOpInfo{"polygamma", 2, R::upcast_float},
};
static_assert(kTable.size() == static_cast<std::size_t>(ScalarOp::polygamma) + 1);

double python_mod(double a, double b) {
  double r = std::fmod(a, b);
  if (r != 0 && ((r < 0) != (b < 0))) r += b;
  return r;
}

// Integer arithmetic wraps around on overflow, as NumPy's int64 does (and LLVM's add/mul
// without nsw): through uint64, where overflow is defined.
std::int64_t wrap(std::uint64_t v) { return static_cast<std::int64_t>(v); }
std::uint64_t bits(std::int64_t v) { return static_cast<std::uint64_t>(v); }

// An overflowing power wraps modulo 2^64, as NumPy's int64 power does.
std::int64_t int_pow(std::int64_t base, std::int64_t exp) {
  if (exp < 0) return base == 1 ? 1 : (base == -1 ? (exp % 2 ? -1 : 1) : 0);
  std::uint64_t result = 1, b = bits(base);
  while (exp) {
    if (exp & 1) result *= b;
    b *= b;
    exp >>= 1;
  }
  return wrap(result);
}

}  // namespace

const ScalarOpInfo& scalar_info(ScalarOp op) { return kTable[static_cast<std::size_t>(op)]; }

ScalarOp scalar_op_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kTable.size(); ++i)
    if (kTable[i].name == name) return static_cast<ScalarOp>(i);
  throw Error("unknown scalar op '" + std::string(name) + "'");
}

double eval_scalar(ScalarOp op, std::span<const double> a) {
  using std::abs;
  switch (op) {
    case ScalarOp::add: {
      // From the first term, as NumPy's a + b: -0 + -0 is -0 (a sum from 0 would make it +0).
      double s = a[0];
      for (std::size_t k = 1; k < a.size(); ++k) s += a[k];
      return s;
    }
    case ScalarOp::mul: {
      double s = 1;
      for (double v : a) s *= v;
      return s;
    }
    case ScalarOp::sub: return a[0] - a[1];
    case ScalarOp::true_div: return a[0] / a[1];
    case ScalarOp::int_div: return std::floor(a[0] / a[1]);
    case ScalarOp::mod: return python_mod(a[0], a[1]);
    case ScalarOp::neg: return -a[0];
    case ScalarOp::pow: return std::pow(a[0], a[1]);
    case ScalarOp::abs: return std::fabs(a[0]);
    case ScalarOp::sign: return std::isnan(a[0]) ? a[0] : (a[0] > 0) - (a[0] < 0);
    case ScalarOp::exp: return std::exp(a[0]);
    case ScalarOp::exp2: return std::exp2(a[0]);
    case ScalarOp::expm1: return std::expm1(a[0]);
    case ScalarOp::log: return std::log(a[0]);
    case ScalarOp::log2: return std::log2(a[0]);
    case ScalarOp::log10: return std::log10(a[0]);
    case ScalarOp::log1p: return std::log1p(a[0]);
    case ScalarOp::sqrt: return std::sqrt(a[0]);
    case ScalarOp::sqr: return a[0] * a[0];
    case ScalarOp::reciprocal: return 1.0 / a[0];
    case ScalarOp::sin: return std::sin(a[0]);
    case ScalarOp::cos: return std::cos(a[0]);
    case ScalarOp::tan: return std::tan(a[0]);
    case ScalarOp::arcsin: return std::asin(a[0]);
    case ScalarOp::arccos: return std::acos(a[0]);
    case ScalarOp::arctan: return std::atan(a[0]);
    case ScalarOp::arctan2: return std::atan2(a[0], a[1]);
    case ScalarOp::sinh: return std::sinh(a[0]);
    case ScalarOp::cosh: return std::cosh(a[0]);
    case ScalarOp::tanh: return std::tanh(a[0]);
    case ScalarOp::arcsinh: return std::asinh(a[0]);
    case ScalarOp::arccosh: return std::acosh(a[0]);
    case ScalarOp::arctanh: return std::atanh(a[0]);
    case ScalarOp::sigmoid: return sigmoid(a[0]);
    case ScalarOp::softplus: return softplus(a[0]);
    case ScalarOp::log1mexp: return log1mexp(a[0]);
    case ScalarOp::erf: return std::erf(a[0]);
    case ScalarOp::erfc: return std::erfc(a[0]);
    case ScalarOp::erfcx: return erfcx(a[0]);
    case ScalarOp::erfinv: return erfinv(a[0]);
    case ScalarOp::gammaln: return gammaln(a[0]);
    case ScalarOp::digamma: return digamma(a[0]);
    case ScalarOp::maximum: return std::isnan(a[0]) || std::isnan(a[1]) ? NAN : std::max(a[0], a[1]);
    case ScalarOp::minimum: return std::isnan(a[0]) || std::isnan(a[1]) ? NAN : std::min(a[0], a[1]);
    case ScalarOp::floor: return std::floor(a[0]);
    case ScalarOp::ceil: return std::ceil(a[0]);
    case ScalarOp::round: return std::nearbyint(a[0]);
    case ScalarOp::switch_: return a[0] != 0 ? a[1] : a[2];
    case ScalarOp::lt: return a[0] < a[1];
    case ScalarOp::le: return a[0] <= a[1];
    case ScalarOp::gt: return a[0] > a[1];
    case ScalarOp::ge: return a[0] >= a[1];
    case ScalarOp::eq: return a[0] == a[1];
    case ScalarOp::neq: return a[0] != a[1];
    case ScalarOp::and_: return (a[0] != 0) && (a[1] != 0);
    case ScalarOp::or_: return (a[0] != 0) || (a[1] != 0);
    case ScalarOp::xor_: return (a[0] != 0) != (a[1] != 0);
    case ScalarOp::invert: return a[0] == 0;
    case ScalarOp::isnan: return std::isnan(a[0]);
    case ScalarOp::isinf: return std::isinf(a[0]);
    case ScalarOp::cast: return a[0];
    case ScalarOp::clip: return std::isnan(a[0]) ? a[0] : std::min(std::max(a[0], a[1]), a[2]);
    case ScalarOp::second: return a[1];
    case ScalarOp::identity: return a[0];
    case ScalarOp::trigamma: return trigamma(a[0]);
    case ScalarOp::polygamma: return polygamma(a[0], a[1]);
  }
  return NAN;
}

bool integer_semantics(ScalarOp op, DType out, std::span<const DType> args) {
  if (is_float(out) || op == ScalarOp::true_div || (op == ScalarOp::invert && out == DType::bool_)) return false;
  for (DType d : args)
    if (is_float(d)) return false;
  return true;
}

std::int64_t eval_scalar_int(ScalarOp op, std::span<const std::int64_t> a) {
  switch (op) {
    case ScalarOp::add: {
      std::uint64_t s = 0;
      for (auto v : a) s += bits(v);
      return wrap(s);
    }
    case ScalarOp::mul: {
      std::uint64_t s = 1;
      for (auto v : a) s *= bits(v);
      return wrap(s);
    }
    case ScalarOp::sub: return wrap(bits(a[0]) - bits(a[1]));
    case ScalarOp::int_div: {
      if (a[1] == 0) return 0;
      if (a[1] == -1) return wrap(0 - bits(a[0]));  // INT64_MIN / -1 wraps, as NumPy's
      std::int64_t q = a[0] / a[1];
      return (a[0] % a[1] != 0 && ((a[0] < 0) != (a[1] < 0))) ? q - 1 : q;
    }
    case ScalarOp::mod: {
      if (a[1] == 0 || a[1] == -1) return 0;
      std::int64_t r = a[0] % a[1];
      return (r != 0 && ((r < 0) != (a[1] < 0))) ? r + a[1] : r;
    }
    case ScalarOp::neg: return wrap(0 - bits(a[0]));
    case ScalarOp::pow: return int_pow(a[0], a[1]);
    case ScalarOp::abs: return a[0] < 0 ? wrap(0 - bits(a[0])) : a[0];
    case ScalarOp::sign: return (a[0] > 0) - (a[0] < 0);
    case ScalarOp::sqr: return wrap(bits(a[0]) * bits(a[0]));
    case ScalarOp::maximum: return std::max(a[0], a[1]);
    case ScalarOp::minimum: return std::min(a[0], a[1]);
    case ScalarOp::switch_: return a[0] != 0 ? a[1] : a[2];
    case ScalarOp::lt: return a[0] < a[1];
    case ScalarOp::le: return a[0] <= a[1];
    case ScalarOp::gt: return a[0] > a[1];
    case ScalarOp::ge: return a[0] >= a[1];
    case ScalarOp::eq: return a[0] == a[1];
    case ScalarOp::neq: return a[0] != a[1];
    case ScalarOp::and_: return a[0] & a[1];
    case ScalarOp::or_: return a[0] | a[1];
    case ScalarOp::xor_: return a[0] ^ a[1];
    case ScalarOp::invert: return ~a[0];
    case ScalarOp::isnan:
    case ScalarOp::isinf: return 0;
    case ScalarOp::cast:
    case ScalarOp::identity: return a[0];
    case ScalarOp::clip: return std::min(std::max(a[0], a[1]), a[2]);
    case ScalarOp::second: return a[1];
    default: break;
  }
  throw Error("scalar op " + std::string(scalar_info(op).name) + " has no integer evaluation");
}

}  // namespace kiln::tensor
