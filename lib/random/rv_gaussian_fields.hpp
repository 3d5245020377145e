// The RandomVariables of PyMC's constrained and graph-structured normals: ZeroSumNormal, CAR and
// ICAR. Draws follow PyMC's rng_fn (or, for CAR, the MvNormal it stands for) on NumPy's numbers.
#pragma once

#include "random/rv_op.hpp"

#include <memory>

namespace kiln::random {

// Params (sigma (..., 1, ..., 1), support_shape (n,)): normal(0, sigma) draws of shape batch +
// support_shape, minus their mean along the last axis, then the next-to-last, ... (n of them).
// One op per n_zerosum_axes (its ndim_supp), all named "zerosumnormal".
std::shared_ptr<const RandomVariable> zero_sum_normal_random_variable(int n_zerosum_axes);
// Params (mu (..., m), W (m, m), alpha, tau): mu + L z, L L' = (tau (D - alpha W))^-1 with D the
// diagonal of W's column sums, z m standard normals (PyTensor's multivariate_normal, "cholesky").
std::shared_ptr<const RandomVariable> car_random_variable();
// Params (W (m, m), sigma, zero_sum_stdev): no draws (ModelError, as PyMC's NotImplementedError).
std::shared_ptr<const RandomVariable> icar_random_variable();
// The ModelError a draw of ICAR raises (its perform's, and compiled code's).
[[noreturn]] void raise_icar_has_no_draws();

}  // namespace kiln::random
