// RandomVariable nodes run natively: one batched call into lib/random's runtime
// (random/rv_runtime.hpp) per run of elements with equal params, drawing straight into the
// output buffer. The reference perform stays the ground truth: these draws equal its.
#pragma once

#include <kiln/graph.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace kiln::random {
class RandomVariable;
}

namespace kiln::jit {

// A lowered RandomVariable node: the runtime entry that draws it and the draw's dtype.
struct RandomDraw {
  // Calls the kiln_rv_<name> entry with one element's params (as doubles and as int64).
  int (*entry)(std::uint64_t* state, void* out, std::int64_t n, const double* real, const std::int64_t* integer);
  // The entry draws every element's first variate before any second one (betabinom), so it
  // can only be called once for the whole draw: params that vary run the reference.
  bool whole_draw_only;
  DType dtype;
  const random::RandomVariable* op;  // checks varying params in the reference's order
};

// The node's draw when it is a scalar-parameter RandomVariable with a runtime entry and its
// natural dtype; nullopt otherwise (the node runs its reference perform).
std::optional<RandomDraw> random_draw(const Apply& node);

// The draw's shape from the node's `size` and params (inputs 1 and 3...), or nullopt when they
// do not fit together or the params vary in a way the runtime cannot draw (run the reference).
std::optional<Shape> random_draw_shape(const RandomDraw& draw, const Array& size, const std::vector<Array>& params);

// Fills `out` (contiguous, `shape`) and advances the six words of `state`. Throws
// ParameterValueError with the runtime's message on a bad param; `state` is then unspecified.
void run_random_draw(const RandomDraw& draw, std::uint64_t* state, void* out, const Shape& shape,
                     const std::vector<Array>& params);

}  // namespace kiln::jit
