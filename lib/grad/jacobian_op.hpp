// The Jacobian op: the rows of the Jacobian of a vector of unknown length, each a
// vector-Jacobian product computed at run time by a compiled function (jacobian.cpp builds
// it; a statically known length builds the rows as graphs instead). The JIT lowers it as a
// call that runs the compiled functions (jit/lower/jacobian.cpp).
#pragma once

#include <kiln/function.hpp>

#include <memory>
#include <mutex>

namespace kiln {

class JacobianOp final : public Op {
 public:
  // `roots`: the graph inputs of expr and wrt that are not constants, the op's inputs.
  JacobianOp(Var expr, Var wrt, std::vector<Var> roots);

  std::string name() const override { return "Jacobian"; }
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  bool equals(const Op& other) const override { return this == &other; }

  // The Jacobian's shape at these inputs: (len(expr),) + wrt's shape (expr and wrt computed
  // by a compiled function).
  Shape jacobian_shape(const std::vector<Array>& inputs) const;
  // Writes the Jacobian into `out` (of jacobian_shape, any strides): one compiled
  // vector-Jacobian product per row, into a row buffer allocated once per call.
  void jacobian_into(const std::vector<Array>& inputs, Array& out) const;

 private:
  void compile() const;

  Var expr_, wrt_;
  std::vector<Var> roots_;
  Var direction_, vjp_;
  mutable std::once_flag compiled_;
  mutable std::unique_ptr<Function> value_fn_, vjp_fn_;
};

}  // namespace kiln
