// SolveTriangular (dtrsv/dtrsm), Solve (dgetrf + dgetrs) and MatrixInverse (dgetri): type
// rules, reference evaluation, gradients, and kt::solve_triangular, kt::solve,
// kt::matrix_inverse.
#include "tensor/lapack.hpp"
#include "tensor/linalg.hpp"

#include <vector>

namespace kiln::tensor {

namespace {

// x's type for a (n, n) and b (n,) or (n, k): b's shape, its first dim known if either knows it.
TensorType solve_type(const std::vector<Var>& inputs, const std::string& op) {
  TensorType a = square_matrix_type(inputs[0], op);
  const Var& b = inputs[1];
  if (!b.type().is_tensor() || b.dtype() == DType::bool_ || (b.ndim() != 1 && b.ndim() != 2))
    throw TypeError(op + ": expects a numeric vector or matrix b, got " + b.type().str());
  StaticShape shape = b.type().shape();
  const auto& n = a.shape()[0];
  if (n && shape[0] && *n != *shape[0])
    throw TypeError(op + ": a " + inputs[0].type().str() + " and b " + b.type().str() + " do not align");
  if (!shape[0]) shape[0] = n;
  return TensorType(DType::float64, shape);
}

// b as a float64 copy (the solution is written over it), checked against a's extent n.
Array right_hand_sides(const Array& b, std::int64_t n, const std::string& op, const Array& a) {
  if (b.ndim() < 1 || b.shape()[0] != n)
    throw ValueError(op + ": a of shape " + shape_string(a.shape()) + " and b of shape " + shape_string(b.shape()) +
                     " do not align");
  return b.astype(DType::float64);
}

std::int64_t columns(const Array& b) { return b.ndim() == 2 ? b.shape()[1] : 1; }

// x y' for vectors, x . y' for matrices: the shape of a's gradient from b's and x's.
Var outer_product(const Var& x, const Var& y) {
  if (x.ndim() == 1) return dot(dimshuffle(x, {0, -1}), dimshuffle(y, {-1, 0}));
  return dot(x, transpose(y));
}

std::vector<Var> float_grads(const Apply& node, Var ga, Var gb) {
  return {is_float(node.inputs()[0].dtype()) ? ga : Var(), is_float(node.inputs()[1].dtype()) ? gb : Var()};
}

}  // namespace

std::string SolveTriangular::name() const {
  return std::string("SolveTriangular{") + (lower_ ? "lower" : "upper") + (trans_ ? ", trans}" : "}");
}

std::vector<TensorType> SolveTriangular::output_types(const std::vector<Var>& inputs) const {
  return {solve_type(inputs, "solve_triangular")};
}

void SolveTriangular::perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const {
  std::int64_t n = 0, where = 0;
  const Array a = square_matrix(inputs[0], "solve_triangular", n);
  Array x = right_hand_sides(inputs[1], n, "solve_triangular", inputs[0]);
  const int status =
      lapack::solve_triangular(a.data<double>(), x.data<double>(), n, columns(x), lower_, trans_, &where);
  raise_linalg_failure("solve_triangular", status, where);
  outputs[0] = std::move(x);
}

// x = op(A)^-1 b: bbar = op(A)^-T g, and Abar = -bbar x' (or its transpose for op(A) = A'),
// kept to the triangle the op reads.
std::vector<Var> SolveTriangular::grad(const Apply& node, const std::vector<Var>& output_grads) const {
  if (!output_grads[0]) return {Var(), Var()};
  const Var& a = node.inputs()[0];
  Var x = node.output(0);
  Var b_bar = solve_triangular(a, output_grads[0], lower_, !trans_);
  Var a_bar = -(trans_ ? outer_product(x, b_bar) : outer_product(b_bar, x));
  return float_grads(node, lower_ ? tril(a_bar) : triu(a_bar), b_bar);
}

std::vector<TensorType> Solve::output_types(const std::vector<Var>& inputs) const {
  return {solve_type(inputs, "solve")};
}

void Solve::perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const {
  std::int64_t n = 0, where = 0;
  const Array a = square_matrix(inputs[0], "solve", n);
  Array x = right_hand_sides(inputs[1], n, "solve", inputs[0]);
  std::vector<double> lu(static_cast<std::size_t>(n * n));
  std::vector<int> pivots(static_cast<std::size_t>(n));
  const int status = lapack::solve(a.data<double>(), x.data<double>(), n, columns(x), lu.data(), pivots.data(), &where);
  raise_linalg_failure("solve", status, where);
  outputs[0] = std::move(x);
}

// x = A^-1 b: bbar = A^-T g, Abar = -bbar x'.
std::vector<Var> Solve::grad(const Apply& node, const std::vector<Var>& output_grads) const {
  if (!output_grads[0]) return {Var(), Var()};
  Var b_bar = solve(transpose(node.inputs()[0]), output_grads[0]);
  return float_grads(node, -outer_product(b_bar, node.output(0)), b_bar);
}

std::vector<TensorType> MatrixInverse::output_types(const std::vector<Var>& inputs) const {
  return {square_matrix_type(inputs[0], "matrix_inverse")};
}

void MatrixInverse::perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const {
  std::int64_t n = 0, where = 0;
  Array out = square_matrix(inputs[0], "matrix_inverse", n);
  std::vector<int> pivots(static_cast<std::size_t>(n));
  const int status = lapack::inverse(out.data<double>(), out.data<double>(), n, pivots.data(), &where);
  raise_linalg_failure("matrix_inverse", status, where);
  outputs[0] = std::move(out);
}

// d inv(A) = -inv(A) dA inv(A), so Abar = -inv' g inv'.
std::vector<Var> MatrixInverse::grad(const Apply& node, const std::vector<Var>& output_grads) const {
  if (!output_grads[0] || !is_float(node.inputs()[0].dtype())) return {Var()};
  Var inv_t = transpose(node.output(0));
  return {-dot(dot(inv_t, output_grads[0]), inv_t)};
}

Var solve_triangular(const Var& a, const Var& b, bool lower, bool trans) {
  require_vars({a, b}, "solve_triangular", "input");
  return apply_op(std::make_shared<SolveTriangular>(lower, trans), {a, b});
}

Var solve(const Var& a, const Var& b) {
  require_vars({a, b}, "solve", "input");
  return apply_op(std::make_shared<Solve>(), {a, b});
}

Var matrix_inverse(const Var& a) {
  require_var(a, "matrix_inverse", "input");
  return apply_op(std::make_shared<MatrixInverse>(), {a});
}

}  // namespace kiln::tensor
