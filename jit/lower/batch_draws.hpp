// The lowering of RandomVariables drawn one batch element at a time (batch_draws.cpp).
#pragma once

#include "jit/lower/emitter.hpp"
#include "jit/lower/registry.hpp"

#include <functional>
#include <string>
#include <vector>

namespace kiln::jit {

// Whether the node draws through its op's batch-draw entries (any output dtype: the entries
// draw the natural one, converted after). A size or support-shape param that is not a constant
// keeps its traced value in a specialized program (OpLowering::value_inputs).
bool batch_drawable(const Apply& node);

// The host side of a draw node (rng, size, dtype, params...) -> (next_rng, draw): checks the
// generator state's form and the params' shapes and returns the two output shapes, with the
// reference's errors; `params` receives the params as arrays.
std::vector<Shape> draw_node_shapes(const Apply& node, const std::vector<TensorView>& in, std::vector<Array>& params);

// A local copy of the node's input generator state (six words), and its store into next_rng.
llvm::Value* local_generator_state(NodeEmitter& e);
void store_generator_state(NodeEmitter& e, llvm::Value* state);

// Emits the draw through `emit_into(out)`: into the draw output when it has the `natural` dtype
// (float64 or int64) the draw computes in; else into a contiguous stand-in in that dtype, a
// buffer of the calling thread's (kiln_rt_draw_scratch), then converted as perform's astype.
void emit_draw_in(NodeEmitter& e, DType natural, const std::function<void(const Operand&)>& emit_into);

// The node lowering of such an op (the class name for the registry).
OpLowering batch_draw_lowering(std::string op_name);

}  // namespace kiln::jit
