// DeepCopyOp: returns a copy of its input. A compiled function's output that is one of its
// inputs or a constant goes through it, so callers never alias kiln's own buffers (as Aesara).
#pragma once

#include <kiln/graph.hpp>

namespace kiln::rewrite {

class DeepCopyOp final : public Op {
 public:
  std::string name() const override { return "DeepCopyOp"; }
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& output_grads) const override;
};

}  // namespace kiln::rewrite
