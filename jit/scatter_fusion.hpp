// Scatter fusion in a specialized program: a scatter-add by run-time rows (a gradient's
// `zeros[county] += g`) whose values only one flat loop computes, over as many elements as
// there are rows, adds them inside that loop (out[rows[i]] += g[i]), so g is never stored and
// read back. What stays of the scatter runs before the loop: its rows' check (shared with the
// gathers by the same rows) and its output set to its start.
#pragma once

#include "jit/static_program.hpp"

#include <vector>

namespace kiln::jit {

// Fuses the program's scatters into their values' loops in place; live_out: the slots the
// caller receives. Returns how many were fused.
int fuse_scatters(StaticProgramSpec& spec, const std::vector<int>& live_out);

}  // namespace kiln::jit
