// kt:: builders for variables, constants and elementwise expressions, and the Var operators.
#include "tensor/elemwise.hpp"

#include <kiln/tensor.hpp>


namespace kiln::tensor {

Var scalar(std::string name, DType dtype) { return make_input(TensorType(dtype, {}), std::move(name)); }
Var vector(std::string name, DType dtype) { return make_input(TensorType(dtype, {std::nullopt}), std::move(name)); }
Var matrix(std::string name, DType dtype) {
  return make_input(TensorType(dtype, {std::nullopt, std::nullopt}), std::move(name));
}
Var tensor(std::string name, DType dtype, StaticShape shape) {
  for (const auto& d : shape)
    if (d && *d < 0)
      throw TypeError("tensor '" + name + "': negative extent " + std::to_string(*d) + " in the static shape " +
                      TensorType(dtype, shape).str());
  return make_input(TensorType(dtype, std::move(shape)), std::move(name));
}

Var constant(const Array& value, std::string name) { return make_constant(value, std::move(name)); }
Var as_tensor(double value) { return make_constant(Array(value)); }

Var as_tensor(std::int64_t value) { return make_int_constant(value); }

#define KILN_BINARY(NAME, OP) \
  Var NAME(const Var& a, const Var& b) { return elemwise(ScalarOp::OP, {a, b}); }
KILN_BINARY(add, add)
KILN_BINARY(sub, sub)
KILN_BINARY(mul, mul)
KILN_BINARY(true_div, true_div)
KILN_BINARY(int_div, int_div)
KILN_BINARY(mod, mod)
KILN_BINARY(pow, pow)
KILN_BINARY(maximum, maximum)
KILN_BINARY(minimum, minimum)
KILN_BINARY(arctan2, arctan2)
KILN_BINARY(polygamma, polygamma)
KILN_BINARY(lt, lt)
KILN_BINARY(le, le)
KILN_BINARY(gt, gt)
KILN_BINARY(ge, ge)
KILN_BINARY(eq, eq)
KILN_BINARY(neq, neq)
KILN_BINARY(and_, and_)
KILN_BINARY(or_, or_)
KILN_BINARY(xor_, xor_)
KILN_BINARY(second, second)
#undef KILN_BINARY

#define KILN_UNARY(NAME, OP) \
  Var NAME(const Var& a) { return elemwise(ScalarOp::OP, {a}); }
KILN_UNARY(neg, neg)
KILN_UNARY(abs, abs)
KILN_UNARY(sign, sign)
KILN_UNARY(exp, exp)
KILN_UNARY(exp2, exp2)
KILN_UNARY(expm1, expm1)
KILN_UNARY(log, log)
KILN_UNARY(log2, log2)
KILN_UNARY(log10, log10)
KILN_UNARY(log1p, log1p)
KILN_UNARY(sqrt, sqrt)
KILN_UNARY(sqr, sqr)
KILN_UNARY(reciprocal, reciprocal)
KILN_UNARY(sin, sin)
KILN_UNARY(cos, cos)
KILN_UNARY(tan, tan)
KILN_UNARY(arcsin, arcsin)
KILN_UNARY(arccos, arccos)
KILN_UNARY(arctan, arctan)
KILN_UNARY(sinh, sinh)
KILN_UNARY(cosh, cosh)
KILN_UNARY(tanh, tanh)
KILN_UNARY(arcsinh, arcsinh)
KILN_UNARY(arccosh, arccosh)
KILN_UNARY(arctanh, arctanh)
KILN_UNARY(sigmoid, sigmoid)
KILN_UNARY(softplus, softplus)
KILN_UNARY(log1mexp, log1mexp)
KILN_UNARY(erf, erf)
KILN_UNARY(erfc, erfc)
KILN_UNARY(erfcx, erfcx)
KILN_UNARY(erfinv, erfinv)
KILN_UNARY(gammaln, gammaln)
KILN_UNARY(digamma, digamma)
KILN_UNARY(trigamma, trigamma)
KILN_UNARY(floor, floor)
KILN_UNARY(ceil, ceil)
KILN_UNARY(round, round)
KILN_UNARY(isnan, isnan)
KILN_UNARY(isinf, isinf)
KILN_UNARY(invert, invert)
#undef KILN_UNARY

Var switch_(const Var& cond, const Var& if_true, const Var& if_false) {
  return elemwise(ScalarOp::switch_, {cond, if_true, if_false});
}
Var where(const Var& cond, const Var& if_true, const Var& if_false) { return switch_(cond, if_true, if_false); }
Var clip(const Var& a, const Var& lo, const Var& hi) { return elemwise(ScalarOp::clip, {a, lo, hi}); }

Var cast(const Var& a, DType dtype) {
  if (a.dtype() == dtype) return a;
  return apply_op(std::make_shared<Elemwise>(ScalarOp::cast, dtype), {a});
}

Var fill(const Var& a, const Var& value) { return second(a, value); }
// Aesara's zeros_like/ones_like: fill(a, constant of a's dtype).
Var zeros_like(const Var& a) { return second(a, make_constant(Array::zeros(a.dtype(), {}))); }
Var ones_like(const Var& a) { return second(a, make_constant(Array::full(a.dtype(), {}, 1.0))); }

Var dimshuffle(const Var& a, std::vector<int> new_order) {
  return apply_op(std::make_shared<DimShuffle>(a.ndim(), std::move(new_order)), {a});
}

Var transpose(const Var& a) {
  std::vector<int> order;
  for (int d = a.ndim(); d-- > 0;) order.push_back(d);
  return dimshuffle(a, order);
}

}  // namespace kiln::tensor

namespace kiln {

Var operator+(const Var& a, const Var& b) { return tensor::add(a, b); }
Var operator-(const Var& a, const Var& b) { return tensor::sub(a, b); }
Var operator*(const Var& a, const Var& b) { return tensor::mul(a, b); }
Var operator/(const Var& a, const Var& b) { return tensor::true_div(a, b); }
Var operator-(const Var& a) { return tensor::neg(a); }
Var operator<(const Var& a, const Var& b) { return tensor::lt(a, b); }
Var operator<=(const Var& a, const Var& b) { return tensor::le(a, b); }
Var operator>(const Var& a, const Var& b) { return tensor::gt(a, b); }
Var operator>=(const Var& a, const Var& b) { return tensor::ge(a, b); }

}  // namespace kiln
