// Sibling fusion in a specialized program: flat kernels over the same number of elements that
// do not read each other's results share one loop (jit::merge_kernels), so a log-density's
// value and its gradient's sums read the data once, as a hand-written loop does.
#pragma once

#include "jit/static_program.hpp"

namespace kiln::jit {

// Merges the program's sibling kernels in place; returns how many kernels were merged away.
int fuse_sibling_kernels(StaticProgramSpec& spec);

}  // namespace kiln::jit
