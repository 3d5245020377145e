// The steps of a specialized program that run as C++ (StepFn, static_program.hpp): gathers
// and scatters of rows, concatenations, guards of baked-in values. Each takes a
// context fixed at specialization (extents, layouts) and the data pointers of its outputs then
// inputs, and returns 0, or nonzero when the step cannot finish: the caller then reruns the
// call through the step interpreter, which raises the op's own error.
#pragma once

#include "jit/static_program.hpp"

#include <kiln/graph.hpp>

#include <cstdint>
#include <memory>
#include <vector>

namespace kiln::jit {

// out[i, :] = x[rows[i], :] (float64 rows of `row` elements). `rows` are a constant index
// array's indices, wrapped and checked once when the program was specialized (indices read at
// run time, a data container's, are the node's own code, which checks each as it reads it).
// Pointers: out, x, idx (unread).
struct GatherRows {
  std::int64_t count, row;
  const std::int64_t* rows = nullptr;
};
int gather_rows(const void* context, void* const* pointers);

// out = x; out[rows[i], :] += y[i, :] (or = when `set`), `rows` as for GatherRows.
// Pointers: out, x, y, idx (unread).
struct ScatterRows {
  std::int64_t count, length, row;
  bool set;
  const std::int64_t* rows = nullptr;
};

// The indices wrapped into [0, length), or empty when one is out of range.
std::vector<std::int64_t> checked_rows(const std::int64_t* idx, std::int64_t count, std::int64_t length);
int scatter_rows(const void* context, void* const* pointers);
// A scatter's start alone (its additions fused into a loop, scatter_fusion.hpp): out = x.
int scatter_start(const void* context, void* const* pointers);

// Concatenation of contiguous blocks (Join along any axis, MakeVector): for each of `outer`
// rows, each input's block of blocks[k] bytes, in order. Pointers: out, inputs.
struct Concatenate {
  std::int64_t outer;
  std::vector<std::int64_t> blocks;
};
int concatenate(const void* context, void* const* pointers);

// Nonzero unless the input's bytes are `bytes` (a value the host read when the program was
// specialized: an index or a shape baked into the code). Pointers: the input.
struct SameValue {
  std::vector<char> bytes;
};
int same_value(const void* context, void* const* pointers);

// The six words of a generator state copied into the buffer the draws then advance.
// Pointers: the next state, the state. No context.
int copy_generator_state(const void* context, void* const* pointers);
// Nonzero when a draw on this thread met a bad param since the last check (the draws before
// it return 0 and raise the flag: the step interpreter then raises the reference's error).
int check_draws(const void* context, void* const* pointers);

}  // namespace kiln::jit
