// Unread results in a specialized program: a loop's output that no later step reads, no view
// exposes and the caller does not receive is not stored. The extents of a specialized program
// are constants, so `x.shape` or `x.size` of a computed x (an observed term's `N`, a gradient's
// shape bookkeeping) is baked in and leaves x itself unread; its loop then only costs the stores.
#pragma once

#include "jit/static_program.hpp"

#include <vector>

namespace kiln::jit {

// Drops the kernels' unread outputs in place (a kernel left with none is removed); live_out:
// the slots the caller receives. Returns how many outputs were dropped.
int drop_unread_outputs(StaticProgramSpec& spec, const std::vector<int>& live_out);

}  // namespace kiln::jit
