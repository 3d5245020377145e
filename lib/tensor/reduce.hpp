// Reductions over axes (Aesara's CAReduce family): Sum, Prod, Max, Min, All, Any, plus the
// helpers that gradients of broadcasting ops share (summing a gradient back to an input's shape).
#pragma once

#include "tensor/composite.hpp"  // ReduceKind, shared with Composite: fusion folds a Reduce into one

#include <kiln/tensor.hpp>

namespace kiln::tensor {

class Reduce final : public Op {
 public:
  // `axis`: sorted, distinct, non-negative axes (kt::sum and friends normalize them); nullopt
  // reduces every axis. `acc_dtype` is the accumulator (and output) dtype of Sum and Prod.
  Reduce(ReduceKind kind, Axes axis, DType acc_dtype = DType::float64);
  ReduceKind kind() const { return kind_; }
  const Axes& axis() const { return axis_; }
  DType acc_dtype() const { return acc_dtype_; }
  bool reduces(int axis) const;

  std::string name() const override;
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& output_grads) const override;

 private:
  DType output_dtype(DType input) const;

  ReduceKind kind_;
  Axes axis_;
  DType acc_dtype_;
};

// Aesara's accumulator for Sum and Prod: signed ints and bool in int64, unsigned in uint64,
// floats in their own dtype.
DType default_acc_dtype(DType input);

// A max or min over an empty axis of `shape` (the reduction's loop shape) has no identity: the
// ValueError Reduce, Composite and the JIT's kernels raise, named for op `name`.
[[noreturn]] void raise_empty_reduction(const std::string& name, const Shape& shape);

// The DimShuffle order that puts the reduced axes of an `ndim`-d input back as broadcastable
// ones ('x'): keepdims, and broadcasting a reduction's gradient back over its input.
std::vector<int> keepdims_order(int ndim, const Axes& axis);

// The gradient `g` of a broadcast use of `x`, brought back to x's type: summed over the axes
// x was broadcast along (leading axes it lacks, and axes statically 1 in x but not in g), then
// cast to x's dtype (Aesara's _sum_grad_over_bcasted_dims).
Var grad_for(const Var& x, Var g);

}  // namespace kiln::tensor
