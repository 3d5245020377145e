// The hand-written baselines of glm_gp.hpp, built with -O3 -march=native -ffast-math: what a
// C++ programmer writes for speed. Constants of the data (sum of lgamma(y + 1), the kernel's
// inverse and log-determinant) are computed once here, as a compiler may fold them too.
#include "glm_gp.hpp"

#include <boost/math/special_functions/digamma.hpp>

#include <math.h>

#include <cmath>

namespace glm_gp {

namespace {

constexpr double kLogSqrt2Pi = 0.918938533204672741780;  // log(2 pi) / 2
constexpr double kLog2 = 0.693147180559945309417;
constexpr double kLog5 = 1.609437912434100374600;

using DoublePolicy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;

double lgamma(double x) {
  int sign;
  return ::lgamma_r(x, &sign);
}

double digamma(double x) { return boost::math::digamma(x, DoublePolicy()); }

// The inverse and log-determinant of a symmetric positive-definite matrix through its Cholesky
// factor (setup, not timed).
void invert_spd(const std::vector<double>& a, int n, std::vector<double>& inverse, double& log_det) {
  std::vector<double> l(a.size(), 0.0);
  log_det = 0;
  for (int j = 0; j < n; ++j) {
    double d = a[j * n + j];
    for (int k = 0; k < j; ++k) d -= l[j * n + k] * l[j * n + k];
    l[j * n + j] = std::sqrt(d);
    log_det += 2 * std::log(l[j * n + j]);
    for (int i = j + 1; i < n; ++i) {
      double s = a[i * n + j];
      for (int k = 0; k < j; ++k) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = s / l[j * n + j];
    }
  }
  inverse.assign(a.size(), 0.0);
  std::vector<double> column(n);
  for (int c = 0; c < n; ++c) {  // solve L L' x = e_c
    for (int i = 0; i < n; ++i) {
      double s = i == c ? 1.0 : 0.0;
      for (int k = 0; k < i; ++k) s -= l[i * n + k] * column[k];
      column[i] = s / l[i * n + i];
    }
    for (int i = n - 1; i >= 0; --i) {
      double s = column[i];
      for (int k = i + 1; k < n; ++k) s -= l[k * n + i] * column[k];
      column[i] = s / l[i * n + i];
    }
    for (int i = 0; i < n; ++i) inverse[i * n + c] = column[i];
  }
}

}  // namespace

NegBinHand::NegBinHand(const NegBinData& d)
    : n_(d.n), k_(d.k), x_cols_(d.x.size()), y_(d.y.begin(), d.y.end()), buffer_(d.n) {
  for (int i = 0; i < n_; ++i)
    for (int c = 0; c < k_; ++c) x_cols_[c * n_ + i] = d.x[i * k_ + c];
  for (double y : y_) sum_lgamma_y1_ += lgamma(y + 1);
}

// theta = (intercept, beta[k], log alpha); intercept ~ N(0, 5), beta ~ N(0, 1), alpha ~ Exp(1)
// with its log-Jacobian; y ~ NegativeBinomial(exp(intercept + X beta), alpha).
double NegBinHand::operator()(const double* theta, double* grad) const {
  const double intercept = theta[0];
  const double* beta = theta + 1;
  const double log_alpha = theta[1 + k_], alpha = std::exp(log_alpha);
  double* eta = buffer_.data();
  for (int i = 0; i < n_; ++i) eta[i] = intercept;
  for (int c = 0; c < k_; ++c)
    for (int i = 0; i < n_; ++i) eta[i] += x_cols_[c * n_ + i] * beta[c];

  double lp = -kLogSqrt2Pi - kLog5 - 0.5 * (intercept / 5) * (intercept / 5) - alpha + log_alpha;
  for (int c = 0; c < k_; ++c) lp += -kLogSqrt2Pi - 0.5 * beta[c] * beta[c];
  double d_alpha = 0, d_intercept = 0;
  const double lgamma_alpha = lgamma(alpha), digamma_alpha = digamma(alpha);
  lp -= sum_lgamma_y1_ + n_ * lgamma_alpha;
  for (int i = 0; i < n_; ++i) {
    const double y = y_[i], mu = std::exp(eta[i]);
    const double log_total = std::log(alpha + mu);
    lp += lgamma(y + alpha) + alpha * (log_alpha - log_total) + y * (eta[i] - log_total);
    const double d_eta = y - (alpha + y) * mu / (alpha + mu);
    d_alpha += digamma(y + alpha) + log_alpha - log_total + 1 - (alpha + y) / (alpha + mu);
    d_intercept += d_eta;
    eta[i] = d_eta;
  }
  d_alpha -= n_ * digamma_alpha;
  grad[0] = d_intercept - intercept / 25;
  for (int c = 0; c < k_; ++c) {
    double s = 0;
    for (int i = 0; i < n_; ++i) s += x_cols_[c * n_ + i] * eta[i];
    grad[1 + c] = s - beta[c];
  }
  grad[1 + k_] = alpha * (d_alpha - 1) + 1;
  return lp;
}

LatentGPHand::LatentGPHand(const LatentGPData& d) : n_(d.n), y_(d.y) {
  invert_spd(d.cov, n_, precision_, log_det_cov_);
}

// theta = (f[n], log sigma); f ~ MvNormal(0, K), sigma ~ HalfNormal(1) with its log-Jacobian,
// y ~ Normal(f, sigma).
double LatentGPHand::operator()(const double* theta, double* grad) const {
  const double* f = theta;
  const double log_sigma = theta[n_], sigma = std::exp(log_sigma), inv_var = 1 / (sigma * sigma);
  double quad = 0, squares = 0;
  for (int i = 0; i < n_; ++i) {
    double row = 0;
    for (int j = 0; j < n_; ++j) row += precision_[i * n_ + j] * f[j];
    quad += f[i] * row;
    const double r = y_[i] - f[i];
    squares += r * r;
    grad[i] = r * inv_var - row;
  }
  const double lp = -0.5 * quad - 0.5 * log_det_cov_ - n_ * kLogSqrt2Pi + kLog2 - kLogSqrt2Pi - 0.5 * sigma * sigma +
                    log_sigma - n_ * (kLogSqrt2Pi + log_sigma) - 0.5 * squares * inv_var;
  grad[n_] = -sigma * sigma - n_ + squares * inv_var + 1;
  return lp;
}

}  // namespace glm_gp
