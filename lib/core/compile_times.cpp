// Per-thread compile-stage times: each thread compiles its own functions, so no locking.
#include "core/compile_times.hpp"

namespace kiln {

namespace {
thread_local CompileTimes times;
}  // namespace

CompileTimes& compile_times_of_this_thread() { return times; }
CompileTimes compile_times() { return times; }
void reset_compile_times() { times = {}; }

}  // namespace kiln
