// The arena of a specialized program: intermediates whose lifetimes do not overlap share
// memory, so the workspace is as large as the most memory live at once, not the sum of all.
#pragma once

#include "jit/static_program.hpp"

#include <vector>

namespace kiln::jit {

// Assigns arena offsets to the slots that live in the arena, reusing the memory of slots whose
// last reader ran strictly earlier (a step never writes over what it reads). `live_out` are
// slots the host reads after the call. Sets spec.arena_bytes.
void plan_arena(StaticProgramSpec& spec, const std::vector<int>& live_out);

}  // namespace kiln::jit
