// Arrays over the memory of a node's operands, for the runtime entries that hand a node's
// inputs and outputs to host code (kiln_rt_jacobian, kiln_rt_custom_dist_random): generated
// code passes each operand's data pointer and a block of its shape and then its strides.
#pragma once

#include <kiln/array.hpp>

#include <cstdint>

namespace kiln::jit {

// A view of `data` with `ndim` extents and then `ndim` strides (elements) read from `dims`,
// which then points past them.
inline Array operand_array(DType dtype, int ndim, void* data, const std::int64_t*& dims) {
  const auto nd = static_cast<std::ptrdiff_t>(ndim);
  Shape shape(dims, dims + nd);
  Strides strides(dims + nd, dims + 2 * nd);
  dims += 2 * nd;
  return Array::view_raw(dtype, data, std::move(shape), std::move(strides));
}

}  // namespace kiln::jit
