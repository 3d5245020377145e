// The lowering of RandomVariables drawn one batch element at a time (batch_draws.cpp).
#pragma once

#include "jit/lower/registry.hpp"

#include <string>

namespace kiln::jit {

// Whether the node draws through its op's batch-draw entries (any output dtype: the entries
// draw the natural one, converted after). A size or support-shape param that is not a constant
// keeps its traced value in a specialized program (OpLowering::value_inputs).
bool batch_drawable(const Apply& node);

// The node lowering of such an op (the class name for the registry).
OpLowering batch_draw_lowering(std::string op_name);

}  // namespace kiln::jit
