// The varying-slopes log-density and gradient by hand. With L = [[l0, 0], [l1, l2]] (l0 = e^y0,
// l1 = y1, l2 = e^y2), sd = (l0, s1 = |(l1, l2)|), and c1 = l2 / s1, the LKJCholeskyCov term is
// (2 eta - 1) log c1 - log s1 - lam (l0 + s1) + constants; each county's MvNormal row is
// z0 = d0 / l0, z1 = (d1 - l1 z0) / l2, -|z|^2 / 2 - log l0 - log l2 - log 2 pi.
#include "varying_slopes.hpp"

#include <cmath>
#include <numbers>

namespace varying_slopes {

namespace {
constexpr double eta = 2.0, lam = 1.0, mu_sd = 5.0;
const double log_2pi = std::log(2 * std::numbers::pi);
}  // namespace

double Hand::operator()(const double* theta, double* grad) const {
  const int J = data.counties;
  const double l0 = std::exp(theta[0]), l1 = theta[1], l2 = std::exp(theta[2]);
  const double mu0 = theta[3], mu1 = theta[4];
  const double* ab = theta + 5;
  const double sigma = std::exp(theta[5 + 2 * J]);
  const double s1sq = l1 * l1 + l2 * l2, s1 = std::sqrt(s1sq);
  // LKJCholeskyCov(eta, 2): normalizer gammaln(eta + 1/2) - gammaln(eta) - log(pi) / 2.
  double lp = std::lgamma(eta + 0.5) - std::lgamma(eta) - 0.5 * std::log(std::numbers::pi);
  lp += (2 * eta - 1) * (std::log(l2) - std::log(s1)) - std::log(s1) + 2 * std::log(lam) - lam * (l0 + s1);
  double g_l0 = -lam, g_l1 = -2 * eta * l1 / s1sq - lam * l1 / s1,
         g_l2 = (2 * eta - 1) / l2 - 2 * eta * l2 / s1sq - lam * l2 / s1;
  lp += theta[0] + theta[2];  // the transform's log-Jacobian
  // mu_ab ~ Normal(0, 5)
  lp += -0.5 * (mu0 * mu0 + mu1 * mu1) / (mu_sd * mu_sd) - 2 * std::log(mu_sd) - log_2pi;
  double g_mu0 = -mu0 / (mu_sd * mu_sd), g_mu1 = -mu1 / (mu_sd * mu_sd);
  // ab rows ~ MvNormal(mu_ab, L L')
  double quad = 0;
  for (int j = 0; j < J; ++j) {
    const double d0 = ab[2 * j] - mu0, d1 = ab[2 * j + 1] - mu1;
    const double z0 = d0 / l0, z1 = (d1 - l1 * z0) / l2;
    quad += z0 * z0 + z1 * z1;
    const double ga0 = -(z0 / l0 - z1 * l1 / (l0 * l2)), ga1 = -z1 / l2;
    grad_ab[static_cast<std::size_t>(2 * j)] = ga0;
    grad_ab[static_cast<std::size_t>(2 * j + 1)] = ga1;
    g_mu0 -= ga0;
    g_mu1 -= ga1;
    g_l0 += z0 * z0 / l0 - z1 * l1 * z0 / (l0 * l2);
    g_l1 += z1 * z0 / l2;
    g_l2 += z1 * z1 / l2;
  }
  lp += -0.5 * quad - J * (std::log(l0) + std::log(l2) + log_2pi);
  g_l0 -= J / l0;
  g_l2 -= J / l2;
  // sigma ~ Exponential(1), log-transformed
  lp += -sigma + theta[5 + 2 * J];
  double g_sigma = -1.0;
  // y ~ Normal(a[county] + b[county] floor, sigma)
  const double inv_sigma = 1 / sigma;
  double sq = 0;
  for (int i = 0; i < data.n; ++i) {
    const auto c = static_cast<std::size_t>(data.county[static_cast<std::size_t>(i)]);
    const double x = data.floor[static_cast<std::size_t>(i)];
    const double r = (data.y[static_cast<std::size_t>(i)] - ab[2 * c] - ab[2 * c + 1] * x) * inv_sigma;
    sq += r * r;
    grad_ab[2 * c] += r * inv_sigma;
    grad_ab[2 * c + 1] += r * x * inv_sigma;
  }
  lp += -0.5 * sq - data.n * (std::log(sigma) + 0.5 * log_2pi);
  g_sigma += sq * inv_sigma - data.n * inv_sigma;
  grad[0] = g_l0 * l0 + 1;
  grad[1] = g_l1;
  grad[2] = g_l2 * l2 + 1;
  grad[3] = g_mu0;
  grad[4] = g_mu1;
  for (int k = 0; k < 2 * J; ++k) grad[5 + k] = grad_ab[static_cast<std::size_t>(k)];
  grad[5 + 2 * J] = g_sigma * sigma + 1;
  return lp;
}

}  // namespace varying_slopes
