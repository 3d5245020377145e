// The Jacobian op's entry point (jit/lower/jacobian.cpp emits the call): it runs the op's
// compiled vector-Jacobian products (grad/jacobian_op.hpp) over the operands' memory. An
// exception the inner functions raise is kept for the host, which rethrows it.
#pragma once

#include "jit/runtime/runtime_symbols.hpp"

#include <cstdint>
#include <exception>

namespace kiln::jit {

// kiln_rt_jacobian's statuses besides 0: the inner functions raised; the output does not have
// the Jacobian's shape at these values (a specialized program then leaves the call to the
// step-by-step program, which sizes it anew).
constexpr std::int32_t kJacobianFailed = 1, kJacobianResized = 2;

// The exception of this thread's last failed kiln_rt_jacobian call (null if none), cleared.
std::exception_ptr take_jacobian_failure();

}  // namespace kiln::jit

extern "C" {
// `node`: the Jacobian's Apply. pointers: the output's data, then each input's; dims: for the
// output and then each input, its shape and then its strides (elements). Returns 0 or one of
// the statuses above.
std::int32_t kiln_rt_jacobian(const void* node, void* const* pointers, const std::int64_t* dims);
}
