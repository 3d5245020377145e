// Two models PyMC users write whose cost is not elementwise arithmetic: a negative-binomial
// regression with a log link (gammaln and digamma per observation) and a 50-point latent
// Gaussian process with a fixed squared-exponential kernel (an MvNormal with a constant
// covariance). Each comes as data, a hand-written log-density with its analytic gradient (the
// baseline, built with -ffast-math), and kiln's model layer.
#pragma once

#include <kiln/kiln.hpp>

#include <cstdint>
#include <vector>

namespace glm_gp {

struct NegBinData {
  int n = 0, k = 0;
  std::vector<double> x;  // row-major n x k
  std::vector<std::int64_t> y;
};

struct LatentGPData {
  int n = 0;
  std::vector<double> x, y;
  std::vector<double> cov;  // row-major n x n: exp(-(x_i - x_j)^2 / 2) + 1e-3 on the diagonal
};

// Drawn with kiln::random::Generator (NumPy's Generator(PCG64)), so the data is reproducible.
NegBinData negbin_data(int n, int k);
LatentGPData latent_gp_data(int n);

// Points on the unconstrained scale: (intercept, beta[k], alpha_log__) and (f[n], sigma_log__).
std::vector<double> negbin_point(int k);
std::vector<double> latent_gp_point(const LatentGPData& d);

// The hand-written baselines: logp at theta, with d logp / d theta written into grad.
class NegBinHand {
 public:
  explicit NegBinHand(const NegBinData& d);
  double operator()(const double* theta, double* grad) const;

 private:
  int n_, k_;
  std::vector<double> x_cols_;  // column-major: column c at x_cols_[c * n]
  std::vector<double> y_;
  double sum_lgamma_y1_ = 0;            // sum of lgamma(y + 1): a constant, folded once
  mutable std::vector<double> buffer_;  // scratch: one call at a time, as a benchmark makes them
};

class LatentGPHand {
 public:
  explicit LatentGPHand(const LatentGPData& d);
  double operator()(const double* theta, double* grad) const;

 private:
  int n_;
  std::vector<double> y_;
  std::vector<double> precision_;  // the covariance's inverse, row-major, computed once
  double log_det_cov_ = 0;
};

// kiln's model layer, written as a PyMC user writes each model.
kiln::pm::LogpGradFunction negbin_model(const NegBinData& d);
kiln::pm::LogpGradFunction latent_gp_model(const LatentGPData& d);

}  // namespace glm_gp
