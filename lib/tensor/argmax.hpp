// Argmax: the index of the largest element along one axis (or of the flattened array), as
// NumPy's argmax: the first one among equal maxima, and a NaN counts as the largest.
#pragma once

#include <kiln/tensor.hpp>

namespace kiln::tensor {

class Argmax final : public Op {
 public:
  // `axis`: a non-negative axis (kt::argmax normalizes it); nullopt: the flattened array.
  explicit Argmax(std::optional<int> axis) : axis_(axis) {}
  const std::optional<int>& axis() const { return axis_; }

  std::string name() const override;
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  // An index does not change under a small change of the values: no gradient flows back.
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& output_grads) const override;

 private:
  std::optional<int> axis_;
};

}  // namespace kiln::tensor
