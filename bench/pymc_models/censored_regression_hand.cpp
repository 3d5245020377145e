// The hand-written censored regression (censored_regression.hpp), compiled -O3 -march=native.
#include "censored_regression.hpp"

#include <cmath>
#include <random>

namespace pymc_models {

CensoredData censored_data(int n, int k) {
  std::mt19937_64 gen(20261207);
  std::normal_distribution<double> normal;
  CensoredData d{n, k, -1.0, 2.0, std::vector<double>(static_cast<std::size_t>(n) * k), std::vector<double>(n)};
  for (int i = 0; i < n; ++i) {
    double eta = 0;
    for (int c = 0; c < k; ++c) {
      const double xc = c == 0 ? 1.0 : normal(gen);
      d.x[static_cast<std::size_t>(i) * k + c] = xc;
      eta += xc * (c == 0 ? 0.5 : (c % 2 ? 0.8 : -0.4) / c);
    }
    d.y[i] = std::fmin(std::fmax(eta + 0.7 * normal(gen), d.lower), d.upper);
  }
  return d;
}

CensoredHand::CensoredHand(const CensoredData& d)
    : n(d.n), k(d.k), lower(d.lower), upper(d.upper), x_cols(d.x.size()), y(d.y), eta(d.n) {
  for (int i = 0; i < n; ++i)
    for (int c = 0; c < k; ++c) x_cols[static_cast<std::size_t>(c) * n + i] = d.x[static_cast<std::size_t>(i) * k + c];
}

namespace {

// log Phi(u) and d/du log Phi(u) = phi(u) / Phi(u); erfc keeps its relative accuracy in the
// lower tail down to u = -37, far past these data.
void log_phi_cdf(double u, double& value, double& slope) {
  const double c = 0.5 * std::erfc(-u / std::sqrt(2.0));
  value = std::log(c);
  slope = std::exp(-0.5 * u * u) / std::sqrt(2 * M_PI) / c;
}

}  // namespace

double CensoredHand::operator()(const double* theta, double* grad) const {
  const double* beta = theta;
  const double ls = theta[k], sigma = std::exp(ls), inv_sigma = 1 / sigma;
  const double half_log_2pi = 0.5 * std::log(2 * M_PI);
  // Priors: Normal(0, 2) on beta; HalfNormal(1) on sigma with the log Jacobian.
  double lp = std::log(2.0) - 0.5 * sigma * sigma - half_log_2pi + ls;
  double d_ls = 1 - sigma * sigma;
  for (int c = 0; c < k; ++c) {
    lp += -0.125 * beta[c] * beta[c] - std::log(2.0) - half_log_2pi;
    grad[c] = -0.25 * beta[c];
  }
  for (int i = 0; i < n; ++i) eta[i] = 0;
  for (int c = 0; c < k; ++c)
    for (int i = 0; i < n; ++i) eta[i] += x_cols[static_cast<std::size_t>(c) * n + i] * beta[c];
  for (int i = 0; i < n; ++i) {
    double d_eta, value, slope;
    if (y[i] == lower) {
      const double u = (lower - eta[i]) * inv_sigma;
      log_phi_cdf(u, value, slope);
      d_eta = -slope * inv_sigma;
      d_ls += -slope * u;
    } else if (y[i] == upper) {
      const double u = (eta[i] - upper) * inv_sigma;
      log_phi_cdf(u, value, slope);
      d_eta = slope * inv_sigma;
      d_ls += -slope * u;
    } else {
      const double z = (y[i] - eta[i]) * inv_sigma;
      value = -0.5 * z * z - ls - half_log_2pi;
      d_eta = z * inv_sigma;
      d_ls += z * z - 1;
    }
    lp += value;
    eta[i] = d_eta;  // reused for the gradient pass over the columns
  }
  for (int c = 0; c < k; ++c) {
    double s = 0;
    for (int i = 0; i < n; ++i) s += x_cols[static_cast<std::size_t>(c) * n + i] * eta[i];
    grad[c] += s;
  }
  grad[k] = d_ls;
  return lp;
}

}  // namespace pymc_models
