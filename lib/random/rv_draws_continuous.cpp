// Continuous draws as NumPy 1.24's distributions.c makes them (rejecting the one uniform value
// that would give an infinity, as NumPy does), and Aesara's SciPy-backed ones built on them.
#include "random/distributions.hpp"
#include "random/pcg64.hpp"
#include "random/rv_draws.hpp"

#include <cmath>
#include <numbers>

namespace kiln::random {

double standard_cauchy(GeneratorState& s) {
  const double numerator = standard_normal(s);
  return numerator / standard_normal(s);
}

double standard_t(GeneratorState& s, double df) {
  const double num = standard_normal(s);
  const double denom = standard_gamma(s, df / 2);
  return std::sqrt(df / 2) * num / std::sqrt(denom);
}

double lognormal(GeneratorState& s, double mean, double sigma) { return std::exp(normal(s, mean, sigma)); }

double laplace(GeneratorState& s, double loc, double scale) {
  for (;;) {
    const double u = next_double(s);
    if (u >= 0.5) return loc - scale * std::log(2.0 - u - u);
    if (u > 0.0) return loc + scale * std::log(u + u);
  }
}

double logistic(GeneratorState& s, double loc, double scale) {
  for (;;) {
    const double u = next_double(s);
    if (u > 0.0) return loc + scale * std::log(u / (1.0 - u));
  }
}

double gumbel(GeneratorState& s, double loc, double scale) {
  for (;;) {
    const double u = 1.0 - next_double(s);
    if (u < 1.0) return loc - scale * std::log(-std::log(u));
  }
}

double weibull(GeneratorState& s, double a) {
  if (a == 0.0) return 0.0;
  return std::pow(standard_exponential(s), 1. / a);
}

double pareto(GeneratorState& s, double a) { return std::expm1(standard_exponential(s) / a); }

double chisquare(GeneratorState& s, double df) { return 2.0 * standard_gamma(s, df / 2.0); }

double triangular(GeneratorState& s, double left, double mode, double right) {
  const double base = right - left;
  const double leftbase = mode - left;
  const double ratio = leftbase / base;
  const double leftprod = leftbase * base;
  const double rightprod = (right - mode) * base;
  const double u = next_double(s);
  if (u <= ratio) return left + std::sqrt(u * leftprod);
  return right - std::sqrt((1.0 - u) * rightprod);
}

double wald(GeneratorState& s, double mean, double scale) {
  const double mu_2l = mean / (2 * scale);
  double y = standard_normal(s);
  y = mean * y * y;
  const double x = mean + mu_2l * (y - std::sqrt(4 * scale * y + y * y));
  const double u = next_double(s);
  if (u <= mean / (mean + x)) return x;
  return mean * mean / x;
}

namespace {

constexpr double pi = std::numbers::pi;

// Large kappa: a wrapped normal, as NumPy falls back to above 1e6.
double vonmises_wrapped_normal(GeneratorState& s, double mu, double kappa) {
  double result = mu + std::sqrt(1. / kappa) * standard_normal(s);
  if (result < -pi) result += 2 * pi;
  if (result > pi) result -= 2 * pi;
  return result;
}

}  // namespace

double vonmises(GeneratorState& s, double mu, double kappa) {
  if (std::isnan(kappa)) return NAN;
  if (kappa < 1e-8) return pi * (2 * next_double(s) - 1);
  double rho_term;
  if (kappa < 1e-5) {
    // Second-order Taylor expansion around kappa = 0.
    rho_term = 1. / kappa + kappa;
  } else if (kappa <= 1e6) {
    const double r = 1 + std::sqrt(1 + 4 * kappa * kappa);
    const double rho = (r - std::sqrt(2 * r)) / (2 * kappa);
    rho_term = (1 + rho * rho) / (2 * rho);
  } else {
    return vonmises_wrapped_normal(s, mu, kappa);
  }
  double w;
  for (;;) {
    const double u = next_double(s);
    const double z = std::cos(pi * u);
    w = (1 + rho_term * z) / (rho_term + z);
    const double y = kappa * (rho_term - w);
    const double v = next_double(s);
    // v == 0 makes the log break down: the first test then decides.
    if ((y * (2 - y) - v >= 0) || (std::log(y / v) + 1 - y >= 0)) break;
  }
  const double u = next_double(s);
  double result = std::acos(w);
  if (u < 0.5) result = -result;
  result += mu;
  const bool negative = result < 0;
  double mod = std::fabs(result);
  mod = std::fmod(mod + pi, 2 * pi) - pi;
  if (negative) mod *= -1;
  return mod;
}

double halfnormal(GeneratorState& s, double loc, double scale) { return loc + scale * std::fabs(standard_normal(s)); }

double cauchy(GeneratorState& s, double loc, double scale) { return loc + scale * standard_cauchy(s); }

double halfcauchy(GeneratorState& s, double loc, double scale) { return loc + scale * std::fabs(standard_cauchy(s)); }

double invgamma(GeneratorState& s, double shape, double scale) { return (1.0 / standard_gamma(s, shape)) * scale; }

double studentt(GeneratorState& s, double df, double loc, double scale) { return loc + scale * standard_t(s, df); }

double pareto_scaled(GeneratorState& s, double b, double scale) { return scale * (pareto(s, b) + 1.0); }

}  // namespace kiln::random
