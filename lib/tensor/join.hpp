// Joining tensors: Join (concatenation along an axis baked into the op) and MakeVector (a
// vector from scalars). kt::stack builds on both.
#pragma once

#include <kiln/tensor.hpp>

namespace kiln::tensor {

class Join final : public Op {
 public:
  explicit Join(int axis) : axis_(axis) {}
  int axis() const { return axis_; }

  std::string name() const override { return "Join{axis=" + std::to_string(axis_) + "}"; }
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& output_grads) const override;

 private:
  int axis_;  // non-negative
};

class MakeVector final : public Op {
 public:
  explicit MakeVector(DType dtype) : dtype_(dtype) {}
  DType dtype() const { return dtype_; }

  std::string name() const override { return "MakeVector{dtype='" + std::string(dtype_name(dtype_)) + "'}"; }
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& output_grads) const override;

 private:
  DType dtype_;
};

}  // namespace kiln::tensor
