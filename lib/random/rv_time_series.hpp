// The RandomVariables of PyMC's time series. Their parameters include the draws of other random
// variables (the initial values and the innovations, each drawn by its own op from its own
// generator), so a draw here only assembles the series: a cumulative sum (random walks), the
// autoregression (AR) or the volatility recursion (GARCH11). Their own generator is not read.
#pragma once

#include "random/rv_op.hpp"

#include <memory>
#include <string>

namespace kiln::random {

// Params (init, innovations): init of shape batch + support, innovations batch + (steps,) +
// support, where the support has `innovation_ndim_supp` dims (0: scalar steps, 1: vectors). The
// draw is init followed by its cumulative sums with the innovations: batch + (steps + 1,) + support.
std::shared_ptr<const RandomVariable> random_walk_random_variable(const std::string& rv_name,
                                                                  int innovation_ndim_supp);

// Params (constant (batch), rho (batch, p), init (batch, p), innovations (batch, steps)): the
// draw is init followed by x[t] = constant + sum_i rho[i] * x[t - 1 - i] + innovations[t - p].
std::shared_ptr<const RandomVariable> ar_random_variable();

// Params (omega, alpha_1, beta_1, initial_vol, z (batch, steps + 1) standard normals): the draw
// is y[t] = vol[t] * z[t] with vol[0] = initial_vol and
// vol[t]^2 = omega + alpha_1 * y[t - 1]^2 + beta_1 * vol[t - 1]^2.
std::shared_ptr<const RandomVariable> garch11_random_variable();

}  // namespace kiln::random
