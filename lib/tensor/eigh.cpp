// Eigh: eigenvalues and eigenvectors of a symmetric matrix through LAPACK's dsyevd, the
// eigenvalues' gradient, and kt::eigh, kt::eigvalsh.
#include "tensor/lapack.hpp"
#include "tensor/linalg.hpp"

#include <kiln/errors.hpp>

namespace kiln::tensor {

std::vector<TensorType> Eigh::output_types(const std::vector<Var>& inputs) const {
  TensorType square = square_matrix_type(inputs[0], "eigh");
  return {TensorType(DType::float64, {square.shape()[0]}), square};
}

void Eigh::perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const {
  std::int64_t n = 0, where = 0;
  const Array a = square_matrix(inputs[0], "eigh", n);
  Array values = Array::empty(DType::float64, {n});
  Array vectors = Array::empty(DType::float64, {n, n});
  const int status = lapack::eigh(a.data<double>(), values.data<double>(), vectors.data<double>(), n, &where);
  raise_linalg_failure("eigh", status, where);
  outputs[0] = std::move(values);
  outputs[1] = std::move(vectors);
}

// d w_i = v_i' dA v_i for the symmetric matrix dsyevd sees (A's lower triangle mirrored): with
// M = V diag(g) V', Abar is M's lower triangle with its off-diagonal entries doubled.
std::vector<Var> Eigh::grad(const Apply& node, const std::vector<Var>& output_grads) const {
  if (output_grads.size() > 1 && output_grads[1])
    throw GradientError("eigh: no gradient through the eigenvectors (only through the eigenvalues, kt::eigvalsh)");
  if (!output_grads[0] || !is_float(node.inputs()[0].dtype())) return {Var()};
  Var v = node.output(1);
  Var m = dot(v * dimshuffle(output_grads[0], {-1, 0}), transpose(v));
  return {tril(m + transpose(m)) - diag(diagonal(m))};
}

std::pair<Var, Var> eigh(const Var& a) {
  require_var(a, "eigh", "input");
  auto node = Apply::make(std::make_shared<Eigh>(), {a});
  return {node->output(0), node->output(1)};
}

Var eigvalsh(const Var& a) { return eigh(a).first; }

}  // namespace kiln::tensor
