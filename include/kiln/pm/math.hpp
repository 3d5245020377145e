// kiln::pm::math: PyMC's pm.math names over kiln::tensor, with PyMC's defaults.
#pragma once

#include <kiln/tensor.hpp>

namespace kiln::pm::math {

using tensor::det;
using tensor::invlogit;
using tensor::kron;
using tensor::log1mexp;
using tensor::logdiffexp;
using tensor::logit;
using tensor::matrix_dot;
using tensor::matrix_inverse;

// PyMC keeps the reduced axes (keepdims=True), unlike NumPy.
inline Var logsumexp(const Var& x, tensor::Axes axis = std::nullopt, bool keepdims = true) {
  return tensor::logsumexp(x, std::move(axis), keepdims);
}
inline Var logsumexp(const Var& x, int axis, bool keepdims = true) { return tensor::logsumexp(x, axis, keepdims); }

}  // namespace kiln::pm::math
