// Tril/Triu and the diagonal ops (ExtractDiag, AllocDiag), with kt::tril, kt::triu,
// kt::diagonal and kt::diag; and the type rules and checks every linear algebra op shares.
#include "tensor/lapack.hpp"
#include "tensor/linalg.hpp"

#include <kiln/errors.hpp>

namespace kiln::tensor {

namespace {

bool numeric(const Var& a) { return a.type().is_tensor() && a.dtype() != DType::bool_; }

}  // namespace

TensorType square_matrix_type(const Var& a, const std::string& op) {
  if (!numeric(a) || a.ndim() != 2) throw TypeError(op + ": expects a numeric matrix, got " + a.type().str());
  const auto& s = a.type().shape();
  if (s[0] && s[1] && *s[0] != *s[1]) throw TypeError(op + ": expects a square matrix, got " + a.type().str());
  const auto n = s[0] ? s[0] : s[1];
  return TensorType(DType::float64, {n, n});
}

Array square_matrix(const Array& a, const std::string& op, std::int64_t& n) {
  if (a.ndim() != 2 || a.shape()[0] != a.shape()[1])
    throw ValueError(op + ": expects a square matrix, got shape " + shape_string(a.shape()));
  n = a.shape()[0];
  return a.astype(DType::float64);
}

void raise_linalg_failure(const std::string& op, int status, std::int64_t where) {
  if (status != lapack::ok) throw LinAlgError(lapack::failure_message(op, status, where));
}

std::vector<TensorType> TriangularPart::output_types(const std::vector<Var>& inputs) const {
  if (!numeric(inputs[0]) || inputs[0].ndim() != 2)
    throw TypeError(std::string(lower_ ? "tril" : "triu") + ": expects a numeric matrix, got " +
                    inputs[0].type().str());
  return {inputs[0].type()};
}

void TriangularPart::perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const {
  Array out = inputs[0].copy();
  const std::int64_t rows = out.shape()[0], cols = out.shape()[1];
  for (std::int64_t i = 0; i < rows; ++i)
    for (std::int64_t j = 0; j < cols; ++j)
      if (lower_ ? j > i : j < i) out.set_from_int(i * cols + j, 0);
  outputs[0] = std::move(out);
}

std::vector<Var> TriangularPart::grad(const Apply&, const std::vector<Var>& output_grads) const {
  return {lower_ ? tril(output_grads[0]) : triu(output_grads[0])};
}

std::vector<TensorType> ExtractDiag::output_types(const std::vector<Var>& inputs) const {
  TensorType square = square_matrix_type(inputs[0], "diagonal");
  return {TensorType(inputs[0].dtype(), {square.shape()[0]})};
}

void ExtractDiag::perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const {
  const Array& a = inputs[0];
  if (a.shape()[0] != a.shape()[1])
    throw ValueError("diagonal: expects a square matrix, got shape " + shape_string(a.shape()));
  const Array c = a.copy();
  const std::int64_t n = a.shape()[0];
  Array out = Array::empty(a.dtype(), {n});
  for (std::int64_t i = 0; i < n; ++i) out.set_from_double(i, c.get_as_double(i * n + i));
  outputs[0] = std::move(out);
}

std::vector<Var> ExtractDiag::grad(const Apply&, const std::vector<Var>& output_grads) const {
  return {diag(output_grads[0])};
}

std::vector<TensorType> AllocDiag::output_types(const std::vector<Var>& inputs) const {
  if (!numeric(inputs[0]) || inputs[0].ndim() != 1)
    throw TypeError("diag: expects a numeric vector, got " + inputs[0].type().str());
  const auto n = inputs[0].type().shape()[0];
  return {TensorType(inputs[0].dtype(), {n, n})};
}

void AllocDiag::perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const {
  const Array v = inputs[0].copy();
  const std::int64_t n = v.size();
  Array out = Array::zeros(v.dtype(), {n, n});
  for (std::int64_t i = 0; i < n; ++i) out.set_from_double(i * n + i, v.get_as_double(i));
  outputs[0] = std::move(out);
}

std::vector<Var> AllocDiag::grad(const Apply&, const std::vector<Var>& output_grads) const {
  return {diagonal(output_grads[0])};
}

Var tril(const Var& a) {
  require_var(a, "tril", "input");
  return apply_op(std::make_shared<TriangularPart>(true), {a});
}

Var triu(const Var& a) {
  require_var(a, "triu", "input");
  return apply_op(std::make_shared<TriangularPart>(false), {a});
}

Var diagonal(const Var& a) {
  require_var(a, "diagonal", "input");
  return apply_op(std::make_shared<ExtractDiag>(), {a});
}

Var diag(const Var& v) {
  require_var(v, "diag", "input");
  if (v.ndim() == 2) return diagonal(v);
  return apply_op(std::make_shared<AllocDiag>(), {v});
}

}  // namespace kiln::tensor
