// The Jacobian op's entry point (jacobian_entry.hpp).
#include "jit/runtime/jacobian_entry.hpp"

#include "grad/jacobian_op.hpp"

namespace {

thread_local std::exception_ptr failure;

// An Array over operand memory: `dims` holds its shape and then its strides.
kiln::Array operand(const kiln::Var& v, void* data, const std::int64_t*& dims) {
  const auto nd = static_cast<std::ptrdiff_t>(v.ndim());
  kiln::Shape shape(dims, dims + nd);
  std::vector<std::int64_t> strides(dims + nd, dims + 2 * nd);
  dims += 2 * nd;
  return kiln::Array::view_raw(v.dtype(), data, shape, std::move(strides));
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
