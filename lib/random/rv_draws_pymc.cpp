// The draws PyMC defines itself (its RandomVariables' rng_fn, or the SciPy rvs they call), made
// one element at a time from NumPy's draws. Where PyMC's rng_fn takes one NumPy draw per
// element (asymmetric_laplace, kumaraswamy, logitnormal, moyal, skew_studentt) these are its
// values bit for bit; where SciPy draws every first variate before every second one (rice,
// skewnormal, exgaussian), each element takes its own in turn, so the values follow the same
// law from a different stream.
#include "random/distributions.hpp"
#include "random/rv_draws.hpp"

#include <cmath>

namespace kiln::random {

// PyMC's AsymmetricLaplaceRV: inversion of one uniform at the mass below mu, kappa^2 / (1 + kappa^2).
double asymmetric_laplace(GeneratorState& s, double b, double kappa, double mu) {
  const double u = standard_uniform(s);
  const double below = kappa * kappa / (1 + kappa * kappa);
  if (u <= below) return mu + kappa * std::log(u * (1 / below)) / b;
  return mu - std::log((1 - u) * (1 + kappa * kappa)) / (kappa * b);
}

double exgaussian(GeneratorState& s, double mu, double sigma, double nu) {
  const double z = normal(s, mu, sigma);
  return z + exponential(s, nu);
}

// PyMC's KumaraswamyRV: inversion, (1 - (1 - u)^(1 / b))^(1 / a).
double kumaraswamy(GeneratorState& s, double a, double b) {
  const double u = standard_uniform(s);
  return std::pow(1 - std::pow(1 - u, 1 / b), 1 / a);
}

double logitnormal(GeneratorState& s, double mu, double sigma) { return 1 / (1 + std::exp(-normal(s, mu, sigma))); }

// SciPy's moyal rvs: -log(gamma(1/2, scale 2)), shifted and scaled as PyMC's MoyalRV.
double moyal(GeneratorState& s, double mu, double sigma) { return mu + sigma * -std::log(gamma(s, 0.5, 2.0)); }

// SciPy's rice rvs: the length of a 2-vector of normals centred at (b, 0) / sqrt(2) each.
double rice(GeneratorState& s, double b, double sigma) {
  const double t0 = b / std::sqrt(2.0) + standard_normal(s);
  const double t1 = b / std::sqrt(2.0) + standard_normal(s);
  return sigma * std::sqrt(t0 * t0 + t1 * t1);
}

// SciPy's skewnorm rvs: u1 = d u0 + sqrt(1 - d^2) v, reflected where u0 < 0.
double skewnormal(GeneratorState& s, double mu, double sigma, double alpha) {
  const double u0 = standard_normal(s);
  const double v = standard_normal(s);
  const double d = alpha / std::sqrt(1 + alpha * alpha);
  const double u1 = d * u0 + v * std::sqrt(1 - d * d);
  return mu + sigma * (u0 >= 0 ? u1 : -u1);
}

// Jones and Faddy's construction (SciPy's jf_skew_t rvs): a Beta(a, b) draw mapped to the real line.
double skew_studentt(GeneratorState& s, double a, double b, double mu, double sigma) {
  const double d1 = beta(s, a, b);
  const double t = (2 * d1 - 1) * std::sqrt(a + b) / (2 * std::sqrt(d1 * (1 - d1)));
  return mu + sigma * t;
}

}  // namespace kiln::random
