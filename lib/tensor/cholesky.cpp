// Cholesky: the factor through LAPACK's dpotrf, its gradient (Murray 2016, as PyTensor's
// Cholesky.L_op), and kt::cholesky.
#include "tensor/lapack.hpp"
#include "tensor/linalg.hpp"

#include <limits>

namespace kiln::tensor {

std::string Cholesky::name() const {
  return std::string("Cholesky{") + (lower_ ? "lower" : "upper") + (nan_on_error_ ? ", on_error=nan}" : "}");
}

std::vector<TensorType> Cholesky::output_types(const std::vector<Var>& inputs) const {
  return {square_matrix_type(inputs[0], "cholesky")};
}

void Cholesky::perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const {
  std::int64_t n = 0, where = 0;
  Array out = square_matrix(inputs[0], "cholesky", n);
  double* data = out.data<double>();
  const int status = lapack::cholesky(data, data, n, lower_, &where);
  if (status != lapack::ok) {
    if (!nan_on_error_) raise_linalg_failure("cholesky", status, where);
    std::fill(data, data + n * n, std::numeric_limits<double>::quiet_NaN());
  }
  outputs[0] = std::move(out);
}

// For A = L L' and the gradient Lbar of L: with P = Phi(L' Lbar) (the lower triangle, its
// diagonal halved), S = L^-T P L^-1 and Abar = the lower triangle of S + S' (diagonal once),
// since dpotrf reads only A's lower triangle. The upper factor is the lower one transposed.
std::vector<Var> Cholesky::grad(const Apply& node, const std::vector<Var>& output_grads) const {
  if (!output_grads[0] || !is_float(node.inputs()[0].dtype())) return {Var()};
  Var l = lower_ ? node.output(0) : transpose(node.output(0));
  Var l_bar = lower_ ? output_grads[0] : transpose(output_grads[0]);
  Var p = dot(transpose(l), l_bar);
  Var phi = tril(p) - 0.5 * diag(diagonal(p));
  Var s = solve_triangular(l, transpose(solve_triangular(l, transpose(phi), true, true)), true, true);
  Var a_bar = tril(s + transpose(s)) - diag(diagonal(s));
  return {lower_ ? a_bar : transpose(a_bar)};
}

Var cholesky(const Var& a, bool lower) {
  require_var(a, "cholesky", "input");
  return apply_op(std::make_shared<Cholesky>(lower, false), {a});
}

}  // namespace kiln::tensor
