// Draw fusion in a specialized program: a draw loop whose values only one later flat loop over
// the same elements reads (`normal(mu, sigma) * 2 + x`) moves into that loop, so each element is
// drawn and used in one pass and the draws are never stored. The draws keep their order: the
// merged loop still draws element by element, and no step between the two reads the state.
#pragma once

#include "jit/static_program.hpp"

namespace kiln::jit {

// Fuses the program's draws into their readers in place; returns how many were fused.
int fuse_draws(StaticProgramSpec& spec);

}  // namespace kiln::jit
