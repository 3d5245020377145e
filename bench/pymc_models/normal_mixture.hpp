// A two-component normal mixture as a PyMC user writes it, and by hand:
//   w1 ~ Beta(2, 2);  mu ~ Normal(0, 5) over dims "component";  sigma ~ HalfNormal(2) over "component";
//   y ~ NormalMixture([w1, 1 - w1], mu, sigma) over dims "obs", y in pm::Data.
// theta = (w1_logodds__, mu[low], mu[high], sigma_log__[low], sigma_log__[high]).
#pragma once

#include <vector>

namespace pymc_models {

// Deterministic data: 30% from N(-1, 0.6), 70% from N(2, 1).
std::vector<double> mixture_data(int n);

// The log-density and its analytic gradient (responsibilities), written out by hand.
struct MixtureHand {
  explicit MixtureHand(std::vector<double> y) : y(std::move(y)) {}
  double operator()(const double* theta, double* grad) const;
  std::vector<double> y;
};

}  // namespace pymc_models
