// Ops on shapes: Shape (a tensor's shape as an int64 vector), Reshape, Alloc (a value
// broadcast into a new array of a given shape) and SpecifyShape (an asserted static shape).
#pragma once

#include <kiln/tensor.hpp>

namespace kiln::tensor {

// Printed `Shape`; named ShapeOp so it does not hide kiln::Shape.
class ShapeOp final : public Op {
 public:
  std::string name() const override { return "Shape"; }
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& output_grads) const override;
};

// Inputs (x, shape): `shape` is an int64 vector of length `ndim`; one entry may be -1 (inferred).
class Reshape final : public Op {
 public:
  explicit Reshape(int ndim) : ndim_(ndim) {}
  int ndim() const { return ndim_; }

  std::string name() const override { return "Reshape{" + std::to_string(ndim_) + "}"; }
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& output_grads) const override;
  // A view of x when x is contiguous.
  std::vector<std::pair<int, int>> view_map() const override { return {{0, 0}}; }

 private:
  int ndim_;
};

// The shape a Reshape{ndim} (named `name` in errors) of an array of `shape` to `requested`
// gives: one -1 entry inferred; throws ValueError for a request that does not fit. The
// reference and the JIT's lowering both ask here.
Shape reshape_target(const Shape& shape, const Shape& requested, int ndim, const std::string& name);

// Inputs (value, dim0, dim1, ...): integer scalars giving the output shape; `value` broadcasts
// into it (aligned on the right, as NumPy).
class Alloc final : public Op {
 public:
  std::string name() const override { return "Alloc"; }
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& output_grads) const override;
};

// Returns its input, whose shape must match `shape` (None dims are free). The shape is part of
// the op, so equality and hashing compare it too.
class SpecifyShape final : public Op {
 public:
  explicit SpecifyShape(StaticShape shape) : shape_(std::move(shape)) {}
  const StaticShape& shape() const { return shape_; }

  std::string name() const override { return "SpecifyShape"; }
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& output_grads) const override;
  std::vector<std::pair<int, int>> view_map() const override { return {{0, 0}}; }
  bool equals(const Op& other) const override;
  std::size_t hash() const override;

 private:
  StaticShape shape_;
};

// The entries of an int vector that are known while building the graph (nullopt: unknown):
// from a constant, a MakeVector of constants, or the Shape of a statically shaped tensor.
std::vector<std::optional<std::int64_t>> known_entries(const Var& int_vector);

}  // namespace kiln::tensor
