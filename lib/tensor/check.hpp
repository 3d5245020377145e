// Run-time checks inside a graph: CheckAndRaise (printed `Check{sigma > 0}`) and Assert return
// their first input after checking that every condition holds.
#pragma once

#include <kiln/tensor.hpp>

namespace kiln::tensor {

// Inputs (value, cond1, cond2, ...): conditions are bool (or integer) scalars or arrays, and
// every element must be true; otherwise ParameterValueError carrying `message`.
class CheckAndRaise : public Op {
 public:
  explicit CheckAndRaise(std::string message) : message_(std::move(message)) {}
  const std::string& message() const { return message_; }

  std::string name() const override { return "Check{" + message_ + "}"; }
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& output_grads) const override;
  std::vector<std::pair<int, int>> view_map() const override { return {{0, 0}}; }

 private:
  std::string message_;
};

// Aesara's Assert: the same check, printed `Assert{message}`.
class Assert final : public CheckAndRaise {
 public:
  using CheckAndRaise::CheckAndRaise;
  std::string name() const override { return "Assert{" + message() + "}"; }
};

}  // namespace kiln::tensor
