// The Jacobian op's entry point (jacobian_entry.hpp).
#include "jit/runtime/jacobian_entry.hpp"

#include "grad/jacobian_op.hpp"
#include "jit/runtime/operand_arrays.hpp"

namespace {

thread_local std::exception_ptr failure;

kiln::Array operand(const kiln::Var& v, void* data, const std::int64_t*& dims) {
  return kiln::jit::operand_array(v.dtype(), v.ndim(), data, dims);
}

}  // namespace

namespace kiln::jit {

std::exception_ptr take_jacobian_failure() { return std::exchange(failure, nullptr); }

}  // namespace kiln::jit

extern "C" std::int32_t kiln_rt_jacobian(const void* node, void* const* pointers, const std::int64_t* dims) {
  const auto& apply = *static_cast<const kiln::Apply*>(node);
  try {
    kiln::Array out = operand(apply.output(0), pointers[0], dims);
    std::vector<kiln::Array> inputs;
    for (std::size_t k = 0; k < apply.inputs().size(); ++k) inputs.push_back(operand(apply.inputs()[k], pointers[1 + k], dims));
    const auto& op = static_cast<const kiln::JacobianOp&>(apply.op());
    // A specialized program sized the output when it was built: the expression's length may
    // have changed with the values since.
    if (op.jacobian_shape(inputs) != out.shape()) return kiln::jit::kJacobianResized;
    op.jacobian_into(inputs, out);
    return 0;
  } catch (...) {
    failure = std::current_exception();
    return kiln::jit::kJacobianFailed;
  }
}
