// The entry point of a CustomDist's own random function (jit/lower/batch_draws.cpp emits the
// call). The function is the user's host C++ over whole arrays (a Generator, the params
// broadcast to the batch, the size), so the node's code calls it once per run with the
// generator state the code holds, which it advances; an exception it raises is kept for the
// host, which rethrows it.
#pragma once

#include <cstdint>
#include <exception>

namespace kiln::jit {

// The exception of this thread's last failed kiln_rt_custom_dist_random call (null if none),
// cleared.
std::exception_ptr take_custom_draw_failure();

}  // namespace kiln::jit

extern "C" {
// `node`: the CustomDist's Apply; `state`: the generator state (six words) the draw advances.
// pointers: the draw output's data, then each input's; dims: for the draw output and then each
// input, its shape and then its strides (elements). Returns 0, or 1 when the function raised.
std::int32_t kiln_rt_custom_dist_random(const void* node, void* state, void* const* pointers, const std::int64_t* dims);
}
