// Dot: the inner product of vectors and matrices (vector.vector, matrix.vector, vector.matrix,
// matrix.matrix), through BLAS for float32/float64 and a plain loop for other dtypes.
#pragma once

#include <kiln/tensor.hpp>

namespace kiln::tensor {

class Dot final : public Op {
 public:
  std::string name() const override { return "dot"; }
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& output_grads) const override;
};

}  // namespace kiln::tensor
