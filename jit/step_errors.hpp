// The typed errors of kernel and draw steps whose operands their generated code cannot take,
// raised on the host by the ops' own checks (the step interpreter runs no reference perform).
#pragma once

#include "jit/program_steps.hpp"

namespace kiln::jit {

// A fused loop's operands that do not broadcast (PyTensor's rule included), or an empty
// max/min: the ValueError the node's op raises.
[[noreturn]] void raise_kernel_error(const Apply& node, const std::vector<TensorView>& inputs);

// A draw whose generator state, size or parameters are bad: the error the random variable
// raises (ParameterValueError for a bad parameter).
[[noreturn]] void raise_draw_error(const Apply& node, const std::vector<TensorView>& inputs);

}  // namespace kiln::jit
