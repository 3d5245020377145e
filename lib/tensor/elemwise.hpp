// Elemwise: a scalar op mapped over tensors of equal ndim, broadcasting dims of length 1.
// DimShuffle: reorders axes and inserts/drops broadcastable ones (a view, never a copy).
#pragma once

#include "tensor/scalar_op.hpp"

#include <kiln/graph.hpp>

namespace kiln::tensor {

class Elemwise final : public Op {
 public:
  explicit Elemwise(ScalarOp scalar, DType cast_to = DType::float64) : scalar_(scalar), cast_to_(cast_to) {}
  ScalarOp scalar() const { return scalar_; }
  DType cast_to() const { return cast_to_; }

  std::string name() const override;
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  bool equals(const Op& other) const override;
  std::size_t hash() const override;
  // Defined in elemwise_grad.cpp, one derivative per scalar op.
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& output_grads) const override;

 private:
  ScalarOp scalar_;
  DType cast_to_;
};

class DimShuffle final : public Op {
 public:
  // new_order[i] is the input axis that becomes output axis i, or -1 for a new broadcastable
  // axis ('x'). Input axes left out must be broadcastable (length 1).
  DimShuffle(int input_ndim, std::vector<int> new_order);
  const std::vector<int>& new_order() const { return new_order_; }
  int input_ndim() const { return input_ndim_; }

  std::string name() const override;
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& output_grads) const override;
  bool equals(const Op& other) const override;
  std::size_t hash() const override;
  std::vector<std::pair<int, int>> view_map() const override { return {{0, 0}}; }

 private:
  int input_ndim_;
  std::vector<int> new_order_;
};

// The static output shape of broadcasting these types, or a TypeError naming both operands.
StaticShape broadcast_static_shapes(const std::vector<Var>& inputs, const std::string& op_name);
// The runtime output shape of broadcasting these shapes (equal lengths), or a ValueError.
Shape broadcast_shapes(const std::vector<Shape>& shapes, const std::string& op_name);

// Builds `scalar` over `inputs`: promotes ndims with DimShuffle{x,...} as Aesara does.
Var elemwise(ScalarOp scalar, std::vector<Var> inputs);
// Sums `g` (a gradient of a broadcast result) over the axes where `like` was broadcast, so it
// has like's ndim and broadcast pattern.
Var sum_to_broadcast_pattern(const Var& g, const Var& like);

// Prepends broadcastable axes so `v` has `ndim` dims (no node when it already has).
Var expand_to_ndim(const Var& v, int ndim);

}  // namespace kiln::tensor
