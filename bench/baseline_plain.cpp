// Baseline loops compiled with -O3 -march=native (see CMakeLists.txt).
#include "baselines.hpp"

#include <cmath>

namespace kiln::bench::plain {
#include "baseline_loops.inc"
}
