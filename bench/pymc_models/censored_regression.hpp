// A censored linear regression as a PyMC user writes it, and by hand:
//   beta ~ Normal(0, 2) over dims "coef";  sigma ~ HalfNormal(1);
//   y ~ Censored(Normal(X @ beta, sigma), lower, upper) over dims "obs", X and y in pm::Data.
// theta = (beta[coef...], sigma_log__).
#pragma once

#include <vector>

namespace pymc_models {

struct CensoredData {
  int n, k;
  double lower, upper;
  std::vector<double> x;  // row-major (n, k); column 0 is the intercept's 1
  std::vector<double> y;  // clipped to [lower, upper]
};

CensoredData censored_data(int n, int k);

// The log-density and its analytic gradient (the normal's hazard at the bounds), by hand.
struct CensoredHand {
  explicit CensoredHand(const CensoredData& d);
  double operator()(const double* theta, double* grad) const;

  int n, k;
  double lower, upper;
  std::vector<double> x_cols, y;
  mutable std::vector<double> eta;
};

}  // namespace pymc_models
