// Det and SLogDet: the determinant from an LU factor (dgetrf), as NumPy computes it (det =
// sign * exp(log|det|)); gradients, and kt::det, kt::slogdet.
#include "tensor/lapack.hpp"
#include "tensor/linalg.hpp"

#include <cmath>
#include <vector>

namespace kiln::tensor {

namespace {

struct SignedLogDet {
  double sign, logabs;
};

SignedLogDet signed_log_det(const Array& input, const std::string& op) {
  std::int64_t n = 0;
  const Array a = square_matrix(input, op, n);
  std::vector<double> lu(static_cast<std::size_t>(n * n));
  std::vector<int> pivots(static_cast<std::size_t>(n));
  SignedLogDet r{};
  lapack::slogdet(a.data<double>(), n, lu.data(), pivots.data(), &r.sign, &r.logabs);
  return r;
}

}  // namespace

std::vector<TensorType> Det::output_types(const std::vector<Var>& inputs) const {
  square_matrix_type(inputs[0], "det");
  return {TensorType(DType::float64, {})};
}

void Det::perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const {
  const SignedLogDet r = signed_log_det(inputs[0], "det");
  outputs[0] = Array(r.sign * std::exp(r.logabs));
}

// d det(A) = det(A) tr(A^-1 dA): Abar = g det(A) A^-T.
std::vector<Var> Det::grad(const Apply& node, const std::vector<Var>& output_grads) const {
  if (!output_grads[0] || !is_float(node.inputs()[0].dtype())) return {Var()};
  return {output_grads[0] * node.output(0) * transpose(matrix_inverse(node.inputs()[0]))};
}

std::vector<TensorType> SLogDet::output_types(const std::vector<Var>& inputs) const {
  square_matrix_type(inputs[0], "slogdet");
  return {TensorType(DType::float64, {}), TensorType(DType::float64, {})};
}

void SLogDet::perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const {
  const SignedLogDet r = signed_log_det(inputs[0], "slogdet");
  outputs[0] = Array(r.sign);
  outputs[1] = Array(r.logabs);
}

// The sign is piecewise constant; d log|det A| = tr(A^-1 dA): Abar = g A^-T.
std::vector<Var> SLogDet::grad(const Apply& node, const std::vector<Var>& output_grads) const {
  const Var& a = node.inputs()[0];
  const Var g_log = output_grads.size() > 1 ? output_grads[1] : Var();
  if (!is_float(a.dtype()) || (!output_grads[0] && !g_log)) return {Var()};
  if (!g_log) return {zeros_like(a)};
  return {g_log * transpose(matrix_inverse(a))};
}

Var det(const Var& a) {
  require_var(a, "det", "input");
  return apply_op(std::make_shared<Det>(), {a});
}

std::pair<Var, Var> slogdet(const Var& a) {
  require_var(a, "slogdet", "input");
  auto node = Apply::make(std::make_shared<SLogDet>(), {a});
  return {node->output(0), node->output(1)};
}

}  // namespace kiln::tensor
