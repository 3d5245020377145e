// Run-time shape checks that a node's static types imply but its op's `perform` cannot make
// (perform sees arrays, not the node): registered per op type by the op's own layer, run by
// every evaluator (kiln::evaluate, the JIT's steps) before perform.
#pragma once

#include <kiln/graph.hpp>

#include <typeindex>
#include <vector>

namespace kiln {

using RuntimeShapeCheck = void (*)(const Apply& node, const std::vector<Array>& inputs);

// Registers `check` for nodes whose op has exactly this type; returns true (for static
// registration).
bool register_runtime_shape_check(std::type_index op_type, RuntimeShapeCheck check);

// Raises ValueError where the inputs' run-time shapes break what the node's static types
// promise (nothing for ops without a registered check).
void check_runtime_shapes(const Apply& node, const std::vector<Array>& inputs);

}  // namespace kiln
