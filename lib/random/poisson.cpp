// Poisson draws as NumPy's random_poisson: Hoermann's transformed rejection (PTRS) for
// lam >= 10, multiplication of uniforms below.
#include "random/distributions.hpp"
#include "random/float_to_int64.hpp"
#include "random/loggam.hpp"
#include "random/parameter_checks.hpp"
#include "random/pcg64.hpp"

#include <cmath>

namespace kiln::random {

namespace {

// NumPy's POISSON_LAM_MAX: past it the draws no longer fit in int64.
const double poisson_lam_max = 9223372036854775807.0 - std::sqrt(9223372036854775807.0) * 10;

std::int64_t poisson_multiplication(GeneratorState& s, double lam) {
  const double enlam = std::exp(-lam);
  std::int64_t x = 0;
  double prod = 1.0;
  for (;;) {
    prod *= next_double(s);
    if (prod <= enlam) return x;
    ++x;
  }
}

// W. Hoermann, "The transformed rejection method for generating Poisson random variables",
// Insurance: Mathematics and Economics 12, 39-45 (1993).
std::int64_t poisson_ptrs(GeneratorState& s, double lam) {
  const double slam = std::sqrt(lam);
  const double loglam = std::log(lam);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const double vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const double u = next_double(s) - 0.5;
    const double v = next_double(s);
    const double us = 0.5 - std::fabs(u);
    const std::int64_t k = float_to_int64(std::floor((2 * a / us + b) * u + lam + 0.43));
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    // log(v) may be log(0) = -inf, which accepts, as in NumPy.
    if (std::log(v) + std::log(invalpha) - std::log(a / (us * us) + b) <=
        -lam + static_cast<double>(k) * loglam - loggam(static_cast<double>(k + 1))) {
      return k;
    }
  }
}

}  // namespace

std::int64_t poisson(GeneratorState& s, double lam) {
  if (lam >= 10) return poisson_ptrs(s, lam);
  if (lam == 0) return 0;
  return poisson_multiplication(s, lam);
}

void check_poisson(double lam) {
  const std::string values = "lam = " + format_parameter(lam);
  if (!(lam >= 0)) throw_parameter_error("poisson", "lam < 0 or lam is NaN", values);
  if (!(lam <= poisson_lam_max)) throw_parameter_error("poisson", "lam value too large", values);
}

void fill_poisson(GeneratorState& s, std::int64_t* out, std::int64_t n, double lam) {
  check_poisson(lam);
  for (std::int64_t i = 0; i < n; ++i) out[i] = poisson(s, lam);
}

}  // namespace kiln::random
