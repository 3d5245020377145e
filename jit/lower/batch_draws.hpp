// The lowering of RandomVariables drawn one batch element at a time (batch_draws.cpp).
#pragma once

#include "jit/lower/emitter.hpp"
#include "jit/lower/registry.hpp"

#include <string>

namespace kiln::jit {

// Whether the node draws through its op's batch-draw entries (any output dtype: the entries
// draw the natural one, converted after). A size or support-shape param that is not a constant
// keeps its traced value in a specialized program (OpLowering::value_inputs).
bool batch_drawable(const Apply& node);

// A contiguous stand-in of `out`'s shape in `natural` (float64 or int64), in a buffer of the
// calling thread's (kiln_rt_draw_scratch): a draw of another dtype is made there and then
// converted into `out` (NodeEmitter::copy), as perform's astype.
Operand natural_scratch(NodeEmitter& e, const Operand& out, DType natural);

// The node lowering of such an op (the class name for the registry).
OpLowering batch_draw_lowering(std::string op_name);

}  // namespace kiln::jit
