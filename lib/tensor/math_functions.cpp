// PyMC's pm.math functions that are compositions of other ops (no op of their own, so their
// gradients and lowerings are those of the ops they are made of): logsumexp, logit, invlogit,
// logdiffexp, matrix_dot and kron.
#include <kiln/errors.hpp>
#include <kiln/tensor.hpp>

namespace kiln::tensor {

// log(sum(exp(x - m))) + m with m the maximum, or 0 where the maximum is infinite (so that
// all -inf gives -inf, not NaN), as PyMC's logsumexp.
Var logsumexp(const Var& x, Axes axis, bool keepdims) {
  require_var(x, "logsumexp", "input");
  auto finite_max = [&](bool keep) {
    Var m = max(x, axis, keep);
    return switch_(isinf(m), zeros_like(m), m);
  };
  Var m = finite_max(true);
  return log(sum(exp(x - m), axis, keepdims)) + (keepdims ? m : finite_max(false));
}

Var logsumexp(const Var& x, int axis, bool keepdims) { return logsumexp(x, Axes{{axis}}, keepdims); }

Var logit(const Var& p) {
  require_var(p, "logit", "input");
  return log(p / (1.0 - p));
}

Var invlogit(const Var& x) {
  require_var(x, "invlogit", "input");
  return sigmoid(x);
}

// log(exp(a) - exp(b)) = a + log(1 - exp(b - a)).
Var logdiffexp(const Var& a, const Var& b) {
  require_vars({a, b}, "logdiffexp", "input");
  return a + log1mexp(b - a);
}

Var matrix_dot(const std::vector<Var>& factors) {
  if (factors.empty()) throw InputError("matrix_dot: needs at least one factor");
  require_vars(factors, "matrix_dot", "factor");
  Var product = factors[0];
  for (std::size_t i = 1; i < factors.size(); ++i) product = dot(product, factors[i]);
  return product;
}

// The Kronecker product of two vectors or two matrices: out[i p + k, j q + l] = a[i, j] b[k, l]
// for a (m, n) and b (p, q), as a broadcast product (m, p, n, q) reshaped to (m p, n q).
Var kron(const Var& a, const Var& b) {
  require_vars({a, b}, "kron", "input");
  if (a.ndim() != b.ndim() || (a.ndim() != 1 && a.ndim() != 2))
    throw TypeError("kron: expects two vectors or two matrices, got " + a.type().str() + " and " + b.type().str());
  if (a.ndim() == 1) return flatten(dimshuffle(a, {0, -1}) * dimshuffle(b, {-1, 0}));
  Var blocks = dimshuffle(a, {0, -1, 1, -1}) * dimshuffle(b, {-1, 0, -1, 1});
  Var sa = shape(a), sb = shape(b);
  Var rows = subtensor(sa, {0}) * subtensor(sb, {0});
  Var cols = subtensor(sa, {1}) * subtensor(sb, {1});
  return reshape(blocks, make_vector({rows, cols}));
}

}  // namespace kiln::tensor
