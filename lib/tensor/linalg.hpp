// The linear algebra ops (kt::cholesky, kt::solve, ...): their classes, for rewrites and
// lowerings that recognise them, and the type rules and run-time checks they share. Each op
// family lives in one file: matrix_parts.cpp (tril/triu, diagonal), cholesky.cpp, solve.cpp
// (solve, solve_triangular, matrix_inverse), determinant.cpp (det, slogdet), eigh.cpp. Values
// come from LAPACK/BLAS through tensor/lapack.hpp; every op computes in float64.
#pragma once

#include <kiln/tensor.hpp>

namespace kiln::tensor {

// ---- Shared by the ops ------------------------------------------------------------------
// The type of a square float64 matrix like `a`: TypeError naming `op` when `a` is not a
// matrix, not numeric, or statically not square.
TensorType square_matrix_type(const Var& a, const std::string& op);
// A float64 C-contiguous copy of `a`, checked to be square (ValueError naming `op`); its extent in n.
Array square_matrix(const Array& a, const std::string& op, std::int64_t& n);
// Raises LinAlgError for a kernel status other than ok.
void raise_linalg_failure(const std::string& op, int status, std::int64_t where);

// ---- Matrix parts ------------------------------------------------------------------------
// The lower (or upper) triangle of a matrix, the rest zero (NumPy's tril / triu, k = 0).
class TriangularPart final : public Op {
 public:
  explicit TriangularPart(bool lower) : lower_(lower) {}
  bool lower() const { return lower_; }
  std::string name() const override { return lower_ ? "Tril" : "Triu"; }
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& output_grads) const override;

 private:
  bool lower_;
};

// The diagonal of a square matrix (n, n) -> (n,), and its adjoint (n,) -> (n, n).
class ExtractDiag final : public Op {
 public:
  std::string name() const override { return "ExtractDiag"; }
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& output_grads) const override;
};

class AllocDiag final : public Op {
 public:
  std::string name() const override { return "AllocDiag"; }
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& output_grads) const override;
};

// ---- Factorisations and solves -----------------------------------------------------------
// The Cholesky factor (dpotrf). A matrix that is not positive definite raises LinAlgError, or
// with `nan_on_error` (what a log-density wants: PyTensor's on_error="nan") gives all NaN.
class Cholesky final : public Op {
 public:
  Cholesky(bool lower, bool nan_on_error) : lower_(lower), nan_on_error_(nan_on_error) {}
  bool lower() const { return lower_; }
  bool nan_on_error() const { return nan_on_error_; }
  std::string name() const override;
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& output_grads) const override;

 private:
  bool lower_, nan_on_error_;
};

// x = op(a)^-1 b for a triangular a (only its lower or upper triangle read), op(a) = a or a';
// b a vector or a matrix of right-hand sides (dtrsv / dtrsm).
class SolveTriangular final : public Op {
 public:
  SolveTriangular(bool lower, bool trans) : lower_(lower), trans_(trans) {}
  bool lower() const { return lower_; }
  bool trans() const { return trans_; }
  std::string name() const override;
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& output_grads) const override;

 private:
  bool lower_, trans_;
};

// x = a^-1 b for a general square a (dgetrf + dgetrs); b a vector or a matrix.
class Solve final : public Op {
 public:
  std::string name() const override { return "Solve"; }
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& output_grads) const override;
};

class MatrixInverse final : public Op {
 public:
  std::string name() const override { return "MatrixInverse"; }
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& output_grads) const override;
};

// ---- Determinants and eigenvalues --------------------------------------------------------
class Det final : public Op {
 public:
  std::string name() const override { return "Det"; }
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& output_grads) const override;
};

// Outputs (sign, log|det|), as NumPy's slogdet.
class SLogDet final : public Op {
 public:
  std::string name() const override { return "SLogDet"; }
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& output_grads) const override;
};

// Outputs (eigenvalues ascending, eigenvectors as columns) of a symmetric matrix, reading its
// lower triangle (dsyevd). Differentiable through the eigenvalues.
class Eigh final : public Op {
 public:
  std::string name() const override { return "Eigh"; }
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& output_grads) const override;
};

}  // namespace kiln::tensor
