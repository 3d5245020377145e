// Baseline loops compiled with -O3 -march=native -ffast-math (see CMakeLists.txt).
#include "baselines.hpp"

#include <cmath>

namespace kiln::bench::fast_math {
#include "baseline_loops.inc"
}
