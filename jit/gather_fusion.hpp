// Gather fusion in a specialized program: a gather by a constant index array (a[group], its
// rows checked when the program was specialized) read only by flat kernels becomes an indexed
// load inside those kernels, so a[group] is never stored.
#pragma once

#include "jit/static_program.hpp"

namespace kiln::jit {

// Fuses the program's gathers into their readers in place; returns how many were fused.
int fuse_gathers(StaticProgramSpec& spec);

}  // namespace kiln::jit
