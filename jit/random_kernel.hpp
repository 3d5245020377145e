// RandomVariable nodes as kernels: a loop over the draw's elements in C order whose one node is
// the draw, a call of the distribution's runtime entry (random/rv_scalar.hpp) with the state
// pointer and the element's params (jit/lower/random.cpp emits it). The generator state is the
// kernel's state operand: the caller copies the input state into the next_rng buffer and the
// draws advance it there, so the input state (a shared variable's value) is never changed.
#pragma once

#include "jit/kernel_spec.hpp"

#include <kiln/graph.hpp>

#include <optional>
#include <vector>

namespace kiln::jit {

// The kernel of a scalar RandomVariable node whose distribution has a per-element entry, drawing
// its natural dtype (float64 or int64) with integer params of integer dtypes; nullopt for a
// distribution drawn in passes (a batch draw's node code draws it). Inputs: the state operand,
// then the params (each of the draw's ndim, as RandomVariable's type rule ensures); output: the
// draw.
std::optional<KernelSpec> random_kernel_spec(const Apply& node);

// The draw's shape from the node's `size` and params (inputs 1 and 3...), or nullopt when they
// do not fit together (the random variable's checks then raise its error, step_errors.hpp).
std::optional<Shape> random_draw_shape(const Array& size, const std::vector<Shape>& params);

}  // namespace kiln::jit
