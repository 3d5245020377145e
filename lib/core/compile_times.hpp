// The running compile-stage times of this thread (kiln/compile_times.hpp), which jit/ adds to.
#pragma once

#include <kiln/compile_times.hpp>

namespace kiln {

CompileTimes& compile_times_of_this_thread();

}  // namespace kiln
