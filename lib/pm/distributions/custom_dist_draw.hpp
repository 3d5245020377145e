// What the JIT needs of CustomDist's op (custom_dist.cpp): its class, for the lowering table,
// and the runtime entries a CustomDist with a draw graph calls (rv_batch_draw.hpp).
#pragma once

#include "random/rv_batch_draw.hpp"

#include <typeindex>
#include <vector>

namespace kiln::pm::detail {

std::type_index custom_dist_op_type();
std::vector<random::BatchDrawPass> custom_dist_batch_draw_entries();

}  // namespace kiln::pm::detail
