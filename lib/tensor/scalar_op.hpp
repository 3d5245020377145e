// The scalar operations that Elemwise maps over tensors and that fused Composites hold.
// One table row per op: its printed name, arity, output-dtype rule and reference evaluation.
#pragma once

#include <kiln/dtype.hpp>

#include <cstdint>
#include <span>
#include <string_view>

namespace kiln::tensor {

enum class ScalarOp : std::uint8_t {
  add, sub, mul, true_div, int_div, mod, neg, pow, abs, sign,
  exp, exp2, expm1, log, log2, log10, log1p, sqrt, sqr, reciprocal,
  sin, cos, tan, arcsin, arccos, arctan, arctan2, sinh, cosh, tanh, arcsinh, arccosh, arctanh,
  sigmoid, softplus, log1mexp, erf, erfc, erfcx, erfinv, gammaln, digamma,
  maximum, minimum, floor, ceil, round, switch_,
  lt, le, gt, ge, eq, neq, and_, or_, xor_, invert, isnan, isinf,
  cast, clip, second, identity,
  trigamma,   // the derivative of digamma (gradients only)
  polygamma,  // polygamma(n, x): the n-th derivative of digamma (gradients of trigamma and itself)
};

// How the output dtype follows from the input dtypes.
enum class DTypeRule : std::uint8_t {
  upcast,        // NumPy promotion of all inputs (add, mul, maximum, ...)
  upcast_float,  // promotion, then to float (true_div, arctan2)
  float_unary,   // Aesara's upgrade_to_float of the input (log, exp, ...)
  boolean,       // comparisons and predicates
  integral,      // bitwise/logical ops: ints and bools only
  switch_rule,   // promotion of the two branches
  last_input,    // second(a, b): b's dtype
  cast,          // the Elemwise's target dtype
};

struct ScalarOpInfo {
  std::string_view name;
  int arity;  // -1: any number >= 2 (add, mul)
  DTypeRule rule;
};

const ScalarOpInfo& scalar_info(ScalarOp op);
ScalarOp scalar_op_from_name(std::string_view name);  // throws for an unknown name

// Reference evaluation in double precision (floats, and integers that fit 2^53).
double eval_scalar(ScalarOp op, std::span<const double> args);
// Exact evaluation for integer and bool outputs; only ops whose rule allows integer outputs.
std::int64_t eval_scalar_int(ScalarOp op, std::span<const std::int64_t> args);
// Whether `op` with arguments of these dtypes and result dtype `out` computes in int64 with
// eval_scalar_int (integer or bool arguments to an integer or bool result: exact beyond 2^53,
// wrapping as NumPy's), rather than in double with eval_scalar. A bool's invert is logical, and
// true_div is a float division whatever its dtypes. Elemwise, Composite and the JIT's kernels
// all follow this rule.
bool integer_semantics(ScalarOp op, DType out, std::span<const DType> args);

// Special functions with kiln's conventions (NaN/inf at poles, no exceptions), shared by the
// reference evaluation and the JIT runtime.
double erfcx(double x);
double log1mexp(double x);
double softplus(double x);
double sigmoid(double x);
double gammaln(double x);
double digamma(double x);
double trigamma(double x);
double polygamma(double n, double x);
double erfinv(double x);

}  // namespace kiln::tensor
