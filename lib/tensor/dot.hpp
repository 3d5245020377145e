// Dot: the inner product of vectors and matrices (vector.vector, matrix.vector, vector.matrix,
// matrix.matrix), through BLAS for float32/float64 and a plain loop for other dtypes.
#pragma once

#include <kiln/tensor.hpp>

#include <cstdint>

namespace kiln::tensor {

class Dot final : public Op {
 public:
  std::string name() const override { return "dot"; }
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& output_grads) const override;
};

// A BLAS operand: a row-major contiguous vector or matrix, or (transposed) a matrix stored as
// the row-major contiguous transpose, which BLAS reads with CblasTrans instead of a copy.
template <class T>
struct BlasMatrix {
  const T* data;
  int ndim;
  bool transposed;
};

// out = a . b with a (m, k) (one row when a vector) and b (k, n) (one column when a vector),
// every extent nonzero; out is row-major contiguous. T is float or double.
template <class T>
void blas_dot(const BlasMatrix<T>& a, const BlasMatrix<T>& b, T* out, std::int64_t m, std::int64_t k, std::int64_t n);

}  // namespace kiln::tensor
