// The radon-style varying-intercepts-and-slopes model with an LKJCholeskyCov(eta = 2, n = 2,
// Exponential(1)) prior (tests/pm/test_varying_slopes.cpp writes the same model):
//   mu_ab ~ Normal(0, 5) (param); ab ~ MvNormal(mu_ab, chol) (county, param); sigma ~ Exponential(1);
//   y ~ Normal(ab[county, 0] + ab[county, 1] * floor, sigma) (obs).
// theta = (chol_cov_cholesky-cov-packed__ (3), mu_ab (2), ab (J x 2), sigma_log__): the model's order.
#pragma once

#include <kiln/pm/model.hpp>

#include <cstdint>
#include <vector>

namespace varying_slopes {

struct Data {
  int counties, n;
  std::vector<std::int64_t> county;
  std::vector<double> floor, y;
};

// Deterministic radon-like data: J counties, n households.
Data make_data(int counties, int n);
std::vector<double> make_point(const Data& d);

// The log-density and its gradient, written out by hand (-ffast-math).
struct Hand {
  explicit Hand(const Data& d) : data(d), grad_ab(static_cast<std::size_t>(2 * d.counties)) {}
  double operator()(const double* theta, double* grad) const;
  Data data;
  mutable std::vector<double> grad_ab;
};

// The hand-written code itself (varying_slopes_hand.inc), as built -march=native and without
// AVX-512 (for callgrind); grad_ab: 2 * counties doubles of scratch.
namespace native {
double logp_grad(const Data& data, double* grad_ab, const double* theta, double* grad);
}
namespace avx2 {
double logp_grad(const Data& data, double* grad_ab, const double* theta, double* grad);
}

// kiln's model layer, as a PyMC user writes the model.
kiln::pm::LogpGradFunction kiln_model(const Data& d);

}  // namespace varying_slopes
