// The hand-written two-component normal mixture (normal_mixture.hpp), compiled -O3
// -march=native as bench/baselines' strict loops.
#include "normal_mixture.hpp"

#include <cmath>
#include <random>

namespace pymc_models {

std::vector<double> mixture_data(int n) {
  std::mt19937_64 gen(20261206);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> uniform;
  std::vector<double> y(static_cast<std::size_t>(n));
  for (auto& v : y) v = uniform(gen) < 0.3 ? -1 + 0.6 * normal(gen) : 2 + normal(gen);
  return y;
}

double MixtureHand::operator()(const double* theta, double* grad) const {
  const double t = theta[0];
  const double w1 = 1 / (1 + std::exp(-t));
  const double w[2] = {w1, 1 - w1}, mu[2] = {theta[1], theta[2]};
  const double sigma[2] = {std::exp(theta[3]), std::exp(theta[4])};
  const double half_log_2pi = 0.5 * std::log(2 * M_PI);
  // Priors: Beta(2, 2) with the logodds Jacobian; Normal(0, 5); HalfNormal(2) with the log Jacobian.
  double lp = std::log(6.0) + 2 * std::log(w1) + 2 * std::log1p(-w1);
  double d_t = 2 - 4 * w1, d_w1 = 0;
  double d_mu[2], d_ls[2];
  double log_coef[2], inv_sigma[2];
  for (int k = 0; k < 2; ++k) {
    lp += -0.5 * mu[k] * mu[k] / 25 - std::log(5.0) - half_log_2pi;
    d_mu[k] = -mu[k] / 25;
    lp += std::log(2.0) - 0.125 * sigma[k] * sigma[k] - std::log(2.0) - half_log_2pi + theta[3 + k];
    d_ls[k] = 1 - 0.25 * sigma[k] * sigma[k];
    inv_sigma[k] = 1 / sigma[k];
    log_coef[k] = std::log(w[k]) - theta[3 + k] - half_log_2pi;
  }
  // Each observation: log(sum_k w_k N(y | mu_k, sigma_k)), shifted by the larger term.
  for (double v : y) {
    const double z0 = (v - mu[0]) * inv_sigma[0], z1 = (v - mu[1]) * inv_sigma[1];
    const double a0 = log_coef[0] - 0.5 * z0 * z0, a1 = log_coef[1] - 0.5 * z1 * z1;
    const double top = a0 > a1 ? a0 : a1;
    const double e0 = std::exp(a0 - top), e1 = std::exp(a1 - top), total = e0 + e1;
    lp += top + std::log(total);
    const double r0 = e0 / total, r1 = e1 / total;  // responsibilities
    d_mu[0] += r0 * z0 * inv_sigma[0];
    d_mu[1] += r1 * z1 * inv_sigma[1];
    d_ls[0] += r0 * (z0 * z0 - 1);
    d_ls[1] += r1 * (z1 * z1 - 1);
    d_w1 += r0 / w[0] - r1 / w[1];
  }
  grad[0] = d_t + d_w1 * w1 * (1 - w1);
  grad[1] = d_mu[0];
  grad[2] = d_mu[1];
  grad[3] = d_ls[0];
  grad[4] = d_ls[1];
  return lp;
}

}  // namespace pymc_models
