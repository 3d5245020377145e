// The hand-written zero-inflated Poisson regression (zip_regression.hpp), compiled -O3
// -march=native as bench/baselines' strict loops.
#include "zip_regression.hpp"

#include <cmath>
#include <random>

namespace pymc_models {

ZipData zip_data(int n, int k) {
  std::mt19937_64 gen(20261206);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> uniform;
  ZipData d{n, k, std::vector<double>(static_cast<std::size_t>(n) * k), std::vector<std::int64_t>(n)};
  for (int i = 0; i < n; ++i) {
    double eta = 0;
    for (int c = 0; c < k; ++c) {
      const double xc = c == 0 ? 1.0 : normal(gen);
      d.x[static_cast<std::size_t>(i) * k + c] = xc;
      eta += xc * (c == 0 ? 0.5 : (c % 2 ? 0.8 : -0.4) / c);
    }
    std::poisson_distribution<std::int64_t> poisson(std::exp(eta));
    d.y[i] = uniform(gen) < 0.7 ? poisson(gen) : 0;
  }
  return d;
}

ZipHand::ZipHand(const ZipData& d) : n(d.n), k(d.k), x_cols(d.x.size()), y(d.n), lgamma_y1(d.n), eta(d.n) {
  for (int i = 0; i < n; ++i) {
    for (int c = 0; c < k; ++c) x_cols[static_cast<std::size_t>(c) * n + i] = d.x[static_cast<std::size_t>(i) * k + c];
    y[i] = static_cast<double>(d.y[i]);
    lgamma_y1[i] = std::lgamma(y[i] + 1);
  }
}

double ZipHand::operator()(const double* theta, double* grad) const {
  const double* beta = theta;
  const double t = theta[k];
  const double psi = 1 / (1 + std::exp(-t));
  const double log_psi = -std::log1p(std::exp(-t)), log1m_psi = -std::log1p(std::exp(t));
  // Priors: Normal(0, 1) on beta; Beta(2, 2) on psi with the logodds Jacobian psi (1 - psi).
  double lp = 2 * log_psi + 2 * log1m_psi + std::log(6.0) - 0.5 * k * std::log(2 * M_PI);
  double d_t = 2 * (1 - psi) - 2 * psi;
  for (int c = 0; c < k; ++c) {
    lp -= 0.5 * beta[c] * beta[c];
    grad[c] = -beta[c];
  }
  for (int i = 0; i < n; ++i) eta[i] = 0;
  for (int c = 0; c < k; ++c)
    for (int i = 0; i < n; ++i) eta[i] += x_cols[static_cast<std::size_t>(c) * n + i] * beta[c];
  double d_log_psi = 0;  // d lp / d log(psi) from the likelihood, chained to t below
  for (int i = 0; i < n; ++i) {
    const double mu = std::exp(eta[i]);
    double d_eta;
    if (y[i] == 0) {
      // log(1 - psi + psi e^-mu)
      const double zero = psi * std::exp(-mu), total = 1 - psi + zero;
      lp += std::log(total);
      d_eta = -zero * mu / total;
      d_log_psi += (zero - psi) / total;
    } else {
      lp += log_psi + y[i] * eta[i] - mu - lgamma_y1[i];
      d_eta = y[i] - mu;
      d_log_psi += 1;
    }
    eta[i] = d_eta;  // reused for the gradient's pass over X
  }
  for (int c = 0; c < k; ++c) {
    double s = 0;
    for (int i = 0; i < n; ++i) s += x_cols[static_cast<std::size_t>(c) * n + i] * eta[i];
    grad[c] += s;
  }
  grad[k] = d_t + d_log_psi * (1 - psi);
  return lp;
}

}  // namespace pymc_models
