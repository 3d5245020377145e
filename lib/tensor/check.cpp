// CheckAndRaise and Assert: type rule, reference evaluation, gradient and builders.
#include "tensor/check.hpp"

namespace kiln::tensor {

std::vector<TensorType> CheckAndRaise::output_types(const std::vector<Var>& inputs) const {
  if (inputs.empty()) throw TypeError(name() + ": needs a value to return");
  for (std::size_t i = 1; i < inputs.size(); ++i)
    if (is_float(inputs[i].dtype()))
      throw TypeError(name() + ": condition " + std::to_string(i) + " (" + to_string(inputs[i]) +
                      ") must be boolean, got " + inputs[i].type().str());
  return {inputs[0].type()};
}

void CheckAndRaise::perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const {
  for (std::size_t i = 1; i < inputs.size(); ++i)
    for (std::int64_t k = 0; k < inputs[i].size(); ++k)
      if (inputs[i].get_as_int(k) == 0) throw ParameterValueError(message_);
  outputs[0] = inputs[0];
}

// The value passes its gradient through; conditions have none.
std::vector<Var> CheckAndRaise::grad(const Apply& node, const std::vector<Var>& output_grads) const {
  std::vector<Var> grads(node.inputs().size());
  grads[0] = output_grads[0];
  return grads;
}

Var check_and_raise(const Var& value, const std::vector<Var>& conditions, std::string message) {
  std::vector<Var> inputs{value};
  inputs.insert(inputs.end(), conditions.begin(), conditions.end());
  return apply_op(std::make_shared<CheckAndRaise>(std::move(message)), std::move(inputs));
}

Var assert_(const Var& value, const std::vector<Var>& conditions, std::string message) {
  std::vector<Var> inputs{value};
  inputs.insert(inputs.end(), conditions.begin(), conditions.end());
  if (message.empty()) message = "kiln Assert failed!";  // Aesara's default, with kiln's name
  return apply_op(std::make_shared<Assert>(std::move(message)), std::move(inputs));
}

}  // namespace kiln::tensor
