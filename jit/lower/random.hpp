// Lowering a draw node (KernelNode::draw): the call of its distribution's runtime entry.
#pragma once

#include "jit/lower/scalar_ops.hpp"

#include <span>

namespace kiln::jit {

// One draw: `R kiln_rv_<name>(ptr state, params...)`, each param converted to the entry's
// double or int64. Emitted where the element is computed, so the draws run in element order.
ScalarValue lower_draw(llvm::IRBuilder<>& b, llvm::Module& module, const KernelNode& node, llvm::Value* state,
                       std::span<const ScalarValue> params, std::span<const DType> param_dtypes);

// Whether the draw node's param p is an int64 param of its entry.
bool draw_param_integer(const KernelNode& node, std::size_t p);

}  // namespace kiln::jit
