// Gather fusion in a specialized program: a gather read only by flat kernels becomes an indexed
// load inside those kernels, so a[group] is never stored. By a constant index array, its rows
// are checked and wrapped when the program is specialized; by a run-time one (a data
// container's), the gather's node stays as its index check alone (shared by every gather and
// scatter by those rows) and the loads wrap a negative row, from a table of any stride.
#pragma once

#include "jit/static_program.hpp"

namespace kiln::jit {

// Fuses the program's gathers into their readers in place; returns how many were fused.
int fuse_gathers(StaticProgramSpec& spec);

}  // namespace kiln::jit
