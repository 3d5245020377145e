// A zero-inflated Poisson regression as a PyMC user writes it, and by hand:
//   beta ~ Normal(0, 1) over dims "coef";  psi ~ Beta(2, 2);
//   y ~ ZeroInflatedPoisson(psi, exp(X @ beta)) over dims "obs", X and y in pm::Data.
// theta = (beta[coef...], psi_logodds__), the model layer's order.
#pragma once

#include <cstdint>
#include <vector>

namespace pymc_models {

struct ZipData {
  int n, k;
  std::vector<double> x;  // row-major (n, k); column 0 is the intercept's 1
  std::vector<std::int64_t> y;
};

// Deterministic data: x ~ N(0, 1), y from psi = 0.7, beta = (0.5, 0.8, -0.4, ...).
ZipData zip_data(int n, int k);

// The log-density and its analytic gradient, written out by hand: lgamma(y + 1) and the
// column-major X are prepared once, as a programmer would for data that do not change.
struct ZipHand {
  explicit ZipHand(const ZipData& d);
  double operator()(const double* theta, double* grad) const;

  int n, k;
  std::vector<double> x_cols;  // column c at x_cols[c * n]
  std::vector<double> y, lgamma_y1;
  mutable std::vector<double> eta;
};

}  // namespace pymc_models
