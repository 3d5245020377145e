// The differential check. What counts as agreement:
// - the same exception type on both sides, or neither raising;
// - outputs of equal dtype and shape; integers and booleans equal; floats equal, both NaN, or
//   within a tolerance for the precision they were computed in (a float64 output computed
//   from float32 values gets float32's: transcendental functions differ between libm and the
//   vector math library by a few ulps, and a chain can amplify that);
// - FAST_RUN only: any value for an output that depends on a NaN or infinite value (an input,
//   a constant or an intermediate result of the reference), and a ParameterValueError on one
//   side only when the graph holds such a value. The algebraic rewrites assume finite values,
//   as PyTensor's and Aesara's do (README, "Rewrites and non-finite values"): `x - x` is 0 and
//   `x / x` is 1 even where x is inf or NaN, so `isnan(x - x)` is false and `poisson(x - x)`
//   draws, and a rewritten chain may stay finite where the unrewritten one overflows.
//   FAST_COMPILE, which runs no algebraic rewrites, is held to the reference there too;
// - any value for an output that depends on sin, cos or tan of a computed value above 2^20
//   (see huge_periodic_argument), on the modulo of a computed value above 2^20 times the divisor
//   (huge_modulo_dividend), on a dot whose terms cancel to below 2^-20 of their magnitudes
//   (cancelling_dot), or on the argmax of computed values with a near tie (near_tie_argmax).
#include "fuzz/differential_check.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "tensor/argmax.hpp"

namespace kiln::fuzz {
namespace {

namespace kt = kiln::tensor;

constexpr int kCalls = 3;  // call 1 steps through the kernels, call 2 specializes, call 3 runs specialized

struct Outcome {
  std::vector<Array> values;
  std::string error_type;  // empty when it returned
  std::string message;
};

std::string error_type() {
  try {
    throw;
  } catch (const kiln::TypeError&) {
    return "TypeError";
  } catch (const kiln::InputError&) {
    return "InputError";
  } catch (const kiln::ParameterValueError&) {
    return "ParameterValueError";
  } catch (const kiln::ValueError&) {
    return "ValueError";
  } catch (const kiln::CompileError&) {
    return "CompileError";
  } catch (const kiln::Error&) {
    return "kiln::Error";
  } catch (const std::exception&) {
    return "std::exception";
  }
}

template <class F>
Outcome outcome_of(F&& f) {
  Outcome o;
  try {
    o.values = f();
  } catch (const std::exception& e) {
    o.error_type = error_type();
    o.message = e.what();
  }
  return o;
}

// Outputs whose values are not compared, and why.
struct Leeway {
  bool non_finite_anywhere = false;  // some value of the graph is NaN or infinite
  std::vector<bool> non_finite_above;  // per output: it depends on such a value (FAST_RUN)
  // Per output: it depends on sin, cos or tan of a huge computed value, on the modulo of a huge
  // computed value, on a dot whose terms cancel, or on a near-tie argmax.
  std::vector<bool> ill_conditioned;
  // Per output: it depends on a value computed in float32, and is compared with float32's
  // tolerance whatever its own dtype (the float32 vector math functions are within a few float32
  // ulps of the correctly rounded results the reference computes through double).
  std::vector<bool> single_precision;
};

bool has_non_finite(const Array& a) {
  if (!is_float(a.dtype())) return false;
  for (std::int64_t i = 0; i < a.size(); ++i)
    if (!std::isfinite(a.get_as_double(i))) return true;
  return false;
}

// sin, cos and tan of a value above 2^20 that an op computed: libm and the vector math library
// may differ in that value by an ulp (2^-32 rad there, and more above), which these functions
// turn into any difference at all (tan(cosh(-129.0)) is 2.55 with libm's cosh and 0.30 with
// libmvec's, one ulp apart).
bool huge_periodic_argument(const Var& v, const Givens& givens) {
  auto owner = v.owner();
  if (!owner) return false;
  const std::string name = owner->op().name();
  if (name.rfind("Elemwise{sin,", 0) != 0 && name.rfind("Elemwise{cos,", 0) != 0 && name.rfind("Elemwise{tan,", 0) != 0)
    return false;
  const Var& arg = owner->inputs()[0];
  if (!arg.owner()) return false;  // an input's or a constant's value is exact on both sides
  Array value = evaluate({arg}, givens)[0];
  for (std::int64_t i = 0; i < value.size(); ++i)
    if (std::fabs(value.get_as_double(i)) > 0x1p20) return true;
  return false;
}

// `dtype`: the precision the value was computed in.
bool close(double got, double want, DType dtype) {
  if (std::isnan(got) || std::isnan(want)) return std::isnan(got) && std::isnan(want);
  if (got == want) return true;
  if (std::isinf(got) || std::isinf(want)) return false;
  const bool f32 = dtype == DType::float32;
  const double rtol = f32 ? 1e-3 : 1e-7, atol = f32 ? 1e-5 : 1e-12;
  return std::fabs(got - want) <= atol + rtol * std::max(std::fabs(got), std::fabs(want));
}

// The argmax of computed values where the largest and another element along the axis are within
// the tolerance of `close`: the vector math library's results differ from libm's (and the
// vectorized loop's lanes from its scalar remainder's) by an ulp, which decides such a tie
// (argmax(sigmoid(x >= x)) is 0 in the reference and 4 compiled: kiln_fuzz --one 11 16106).
bool near_tie_argmax(const Var& v, const Givens& givens) {
  auto owner = v.owner();
  if (!owner) return false;
  const auto* op = dynamic_cast<const kiln::tensor::Argmax*>(&owner->op());
  if (!op) return false;
  const Var& arg = owner->inputs()[0];
  if (!arg.owner() || !is_float(arg.dtype())) return false;
  Array value = evaluate({arg}, givens)[0];
  // The lanes of the argmax: `outer` blocks of `extent` elements `inner` apart.
  std::int64_t outer = 1, extent = value.size(), inner = 1;
  if (op->axis()) {
    const int axis = *op->axis();
    for (int d = 0; d < axis; ++d) outer *= value.shape()[static_cast<std::size_t>(d)];
    extent = value.shape()[static_cast<std::size_t>(axis)];
    for (int d = axis + 1; d < value.ndim(); ++d) inner *= value.shape()[static_cast<std::size_t>(d)];
  }
  const DType precision = arg.dtype();
  for (std::int64_t o = 0; o < outer; ++o)
    for (std::int64_t i = 0; i < inner; ++i) {
      auto at = [&](std::int64_t k) { return value.get_as_double((o * extent + k) * inner + i); };
      std::int64_t best = 0;
      for (std::int64_t k = 1; k < extent; ++k)
        if (at(k) > at(best)) best = k;
      for (std::int64_t k = 0; k < extent; ++k)
        if (k != best && close(at(k), at(best), precision)) return true;
    }
  return false;
}

// mod(x, y) in floats where a computed x is above 2^20 times a y: x's last bits, which a
// different order of summation (a dot's BLAS against the reference's loop) or a vector math
// function changes, are the result's leading ones (mod(dot(a, b), -1.75) of a dot near 3.7e16,
// whose ulp is 8, is -1.0 compiled and -0.75 in the reference: kiln_fuzz --one 11 36867).
bool huge_modulo_dividend(const Var& v, const Givens& givens) {
  auto owner = v.owner();
  if (!owner || !is_float(v.dtype()) || owner->op().name().rfind("Elemwise{mod,", 0) != 0) return false;
  const Var& x = owner->inputs()[0];
  if (!x.owner()) return false;  // an input's or a constant's value is exact on both sides
  Array dividend = evaluate({x}, givens)[0];
  const Var& y = owner->inputs()[1];
  Array divisor = y.is_constant() ? y.constant_value() : evaluate({y}, givens)[0];
  double largest = 0, smallest = HUGE_VAL;
  for (std::int64_t i = 0; i < dividend.size(); ++i)
    if (std::isfinite(dividend.get_as_double(i))) largest = std::max(largest, std::fabs(dividend.get_as_double(i)));
  for (std::int64_t i = 0; i < divisor.size(); ++i)
    if (divisor.get_as_double(i) != 0) smallest = std::min(smallest, std::fabs(divisor.get_as_double(i)));
  return largest > 0x1p20 * smallest;
}

// A float dot whose terms cancel: an element of dot(|a|, |b|) above 2^20 times the same element
// of dot(a, b). A sum's rounding error is bounded by its terms' magnitudes, not by its value, so
// the order of summation (BLAS against the reference's loop) decides the low digits that remain
// (dot([-1.5] * 4, x) with x's column [-2^53 - 1, 2^53 + 1, -1, -1] is 3 compiled and 4 in the
// reference: kiln_fuzz --one 12 24257).
bool cancelling_dot(const Var& v, const Givens& givens) {
  auto owner = v.owner();
  if (!owner || !is_float(v.dtype()) || owner->op().name() != "dot") return false;
  auto magnitude = [](const Var& x) { return kt::abs(kt::cast(x, DType::float64)); };
  const auto& in = owner->inputs();
  std::vector<Array> values = evaluate({v, kt::dot(magnitude(in[0]), magnitude(in[1]))}, givens);
  for (std::int64_t i = 0; i < values[0].size(); ++i)
    if (values[1].get_as_double(i) > 0x1p20 * std::fabs(values[0].get_as_double(i))) return true;
  return false;
}

// Evaluates each float variable of the graph on its own (a later one may raise) and marks the
// outputs that depend on one holding NaN or inf, on an ill-conditioned periodic function,
// modulo or dot, or on a near-tie argmax.
Leeway leeway_of(const BuiltGraph& g, const Givens& givens) {
  Leeway l;
  std::vector<Var> non_finite, ill, single;
  for (const Var& v : ancestors(g.outputs)) {
    try {  // argmax's output is an integer, so before the float variables' checks
      if (near_tie_argmax(v, givens) || huge_modulo_dividend(v, givens) || cancelling_dot(v, givens)) ill.push_back(v);
    } catch (const kiln::Error&) {
    }
    if (!is_float(v.dtype())) continue;
    if (v.owner() && v.dtype() == DType::float32) single.push_back(v);
    try {
      if (has_non_finite(v.is_constant() ? v.constant_value() : evaluate({v}, givens)[0])) non_finite.push_back(v);
      if (huge_periodic_argument(v, givens)) ill.push_back(v);
    } catch (const kiln::Error&) {
    }
  }
  l.non_finite_anywhere = !non_finite.empty();
  for (const Var& out : g.outputs) {
    auto above = ancestors({out});
    auto depends_on = [&](const std::vector<Var>& sources) {
      return std::any_of(sources.begin(), sources.end(),
                         [&](const Var& v) { return std::find(above.begin(), above.end(), v) != above.end(); });
    };
    l.non_finite_above.push_back(depends_on(non_finite));
    l.ill_conditioned.push_back(depends_on(ill));
    l.single_precision.push_back(depends_on(single));
  }
  return l;
}

// `fast_run`: the rewrites' leeway for non-finite values applies.
std::optional<Finding> compare(const Outcome& got, const Outcome& want, const std::string& where, const Leeway& leeway,
                               bool fast_run) {
  if (!got.error_type.empty() || !want.error_type.empty()) {
    if (got.error_type == want.error_type) return std::nullopt;
    if (fast_run && leeway.non_finite_anywhere && (got.error_type.empty() || want.error_type.empty()) &&
        (got.error_type == "ParameterValueError" || want.error_type == "ParameterValueError"))
      return std::nullopt;
    std::string kind = got.error_type.empty() || want.error_type.empty() ? "one-sided exception" : "exception types differ";
    auto side = [](const Outcome& o) { return o.error_type.empty() ? std::string("returned") : o.error_type + ": " + o.message; };
    return Finding{kind, where + ": compiled " + side(got) + "; reference " + side(want)};
  }
  for (std::size_t i = 0; i < want.values.size(); ++i) {
    const Array& g = got.values[i];
    const Array& w = want.values[i];
    std::string at = where + " output " + std::to_string(i);
    if (g.dtype() != w.dtype())
      return Finding{"dtypes differ", at + ": compiled " + std::string(dtype_name(g.dtype())) + ", reference " + std::string(dtype_name(w.dtype()))};
    if (g.shape() != w.shape())
      return Finding{"shapes differ", at + ": compiled " + shape_string(g.shape()) + ", reference " + shape_string(w.shape())};
    if (leeway.ill_conditioned[i] || (fast_run && leeway.non_finite_above[i])) continue;
    for (std::int64_t k = 0; k < g.size(); ++k) {
      const DType precision = leeway.single_precision[i] ? DType::float32 : g.dtype();
      bool same = is_float(g.dtype()) ? close(g.get_as_double(k), w.get_as_double(k), precision)
                                      : g.get_as_int(k) == w.get_as_int(k);
      if (!same) {
        std::ostringstream os;
        os << at << " element " << k << ": compiled " << repr(g) << ", reference " << repr(w);
        return Finding{"values differ", os.str()};
      }
    }
  }
  return std::nullopt;
}

std::vector<Array> copies(const std::vector<Array>& values) {
  std::vector<Array> out;
  for (const auto& v : values) out.push_back(v.copy());
  return out;
}

std::optional<Finding> check_mode(const BuiltGraph& g, const Outcome& reference, Mode mode, const Leeway& leeway) {
  const std::string name = mode == Mode::FAST_RUN ? "FAST_RUN" : "FAST_COMPILE";
  std::optional<Function> f;
  Outcome compiled = outcome_of([&] {
    f.emplace(function(g.inputs, g.outputs, {.mode = mode}));
    return std::vector<Array>{};
  });
  if (!compiled.error_type.empty()) return compare(compiled, reference, name + " compile", leeway, false);
  for (int call = 1; call <= kCalls; ++call) {
    Outcome got = outcome_of([&] { return f->call_positional(copies(g.values)).values(); });
    if (auto finding = compare(got, reference, name + " call " + std::to_string(call), leeway, mode == Mode::FAST_RUN)) return finding;
  }
  return std::nullopt;
}

// The compiled gradient of the (scalar) cost along a random direction against a central
// difference of the cost computed by the reference evaluator.
std::optional<Finding> check_gradient(const BuiltGraph& g, const Recipe& recipe) {
  const Var& cost = g.outputs[0];
  if (cost.ndim() != 0 || cost.dtype() != DType::float64) return std::nullopt;  // a reduced recipe
  std::vector<Var> wrt;
  std::vector<std::size_t> which;
  for (std::size_t i = 0; i < g.inputs.size(); ++i)
    if (g.inputs[i].dtype() == DType::float64) {
      wrt.push_back(g.inputs[i]);
      which.push_back(i);
    }
  if (wrt.empty()) return std::nullopt;
  auto cost_at = [&](double eps, const std::vector<Array>& direction) {
    Givens givens;
    for (std::size_t i = 0; i < g.inputs.size(); ++i) givens.emplace_back(g.inputs[i], g.values[i].copy());
    for (std::size_t k = 0; k < which.size(); ++k) {
      Array& v = givens[which[k]].second;
      for (std::int64_t e = 0; e < v.size(); ++e) v.set_from_double(e, v.get_as_double(e) + eps * direction[k].get_as_double(e));
    }
    return evaluate({cost}, givens)[0].item<double>();
  };
  // A fixed direction per recipe (elements in [-1, 1)), independent of the generator's stream.
  std::uint64_t state = recipe.seed * 31 + recipe.index;
  std::vector<Array> direction;
  for (const auto& v : wrt) {
    (void)v;
    const Array& value = g.values[which[direction.size()]];
    Array d = Array::empty(DType::float64, value.shape());
    for (std::int64_t e = 0; e < d.size(); ++e) {
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      d.set_from_double(e, static_cast<double>(state >> 11) * 0x1p-52 - 1.0);
    }
    direction.push_back(d);
  }
  const double eps = 1e-6;
  double c0 = 0, fd = 0;
  try {
    c0 = cost_at(0, direction);
    // Central differences at eps and eps/2, Richardson-extrapolated: the truncation error of one
    // is (eps w)^2 / 6 of the derivative for a cost oscillating at w, 1% for sin(exp(11.04)) whose
    // w is 62,000 (kiln_fuzz --one 12 33901); the extrapolation's is of order (eps w)^4.
    auto central = [&](double h) { return (cost_at(h, direction) - cost_at(-h, direction)) / (2 * h); };
    fd = (4 * central(eps / 2) - central(eps)) / 3;
  } catch (const kiln::Error&) {
    return std::nullopt;  // the value check covers graphs that raise
  }
  if (!std::isfinite(c0) || !std::isfinite(fd)) return std::nullopt;
  Outcome grads = outcome_of([&] {
    Function f = function(g.inputs, grad(cost, wrt));
    std::vector<Array> last;
    for (int call = 1; call <= kCalls; ++call) last = f.call_positional(copies(g.values)).values();
    return last;
  });
  if (!grads.error_type.empty())
    return Finding{"gradient differs", "gradient: compiled " + grads.error_type + ": " + grads.message};
  double along = 0;
  for (std::size_t k = 0; k < wrt.size(); ++k)
    for (std::int64_t e = 0; e < direction[k].size(); ++e) along += grads.values[k].get_as_double(e) * direction[k].get_as_double(e);
  // The rounding term: the extrapolation weighs the rounding of a difference at eps/2 (twice eps's) by 4/3.
  const double tol = 1e-4 * std::max({1.0, std::fabs(along), std::fabs(fd)}) + 3e-9 * std::fabs(c0) / eps;
  if (!(std::fabs(along - fd) <= tol)) {
    std::ostringstream os;
    os.precision(17);
    os << "gradient along a random direction: compiled " << along << ", finite difference " << fd;
    return Finding{"gradient differs", os.str()};
  }
  return std::nullopt;
}

}  // namespace

std::optional<Finding> check(const Recipe& recipe) {
  BuiltGraph g = build(recipe);
  Givens givens;
  for (std::size_t i = 0; i < g.inputs.size(); ++i) givens.emplace_back(g.inputs[i], g.values[i].copy());
  Outcome reference = outcome_of([&] { return evaluate(g.outputs, givens); });
  const Leeway leeway = leeway_of(g, givens);
  for (Mode mode : {Mode::FAST_COMPILE, Mode::FAST_RUN})
    if (auto finding = check_mode(g, reference, mode, leeway)) return finding;
  // Only where every value of the graph is finite: reverse mode through an infinite intermediate
  // multiplies it by a zero adjoint, NaN, as PyTensor's and JAX's (sum(v[[]] * (a / 0.0)) has the
  // difference quotient 0 and the gradient NaN: kiln_fuzz --one 12 18904).
  if (recipe.check_gradient && reference.error_type.empty() && !leeway.non_finite_anywhere) return check_gradient(g, recipe);
  return std::nullopt;
}

}  // namespace kiln::fuzz
