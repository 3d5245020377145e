// Gamma draws as NumPy's random_standard_gamma: exponential for shape 1, a rejection method
// built on the exponential below 1, and Marsaglia and Tsang's method above.
#include "random/distributions.hpp"
#include "random/parameter_checks.hpp"
#include "random/pcg64.hpp"

#include <cmath>

namespace kiln::random {

namespace {

double gamma_below_one(GeneratorState& s, double shape) {
  for (;;) {
    const double u = next_double(s);
    const double v = standard_exponential(s);
    if (u <= 1.0 - shape) {
      const double x = std::pow(u, 1. / shape);
      if (x <= v) return x;
    } else {
      const double y = -std::log((1 - u) / shape);
      const double x = std::pow(1.0 - shape + shape * y, 1. / shape);
      if (x <= v + y) return x;
    }
  }
}

double gamma_marsaglia_tsang(GeneratorState& s, double shape) {
  const double b = shape - 1. / 3.;
  const double c = 1. / std::sqrt(9 * b);
  for (;;) {
    double x, v;
    do {
      x = standard_normal(s);
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = next_double(s);
    if (u < 1.0 - 0.0331 * (x * x) * (x * x)) return b * v;
    // log(0) is -inf here, which accepts: NumPy relies on that too.
    if (std::log(u) < 0.5 * x * x + b * (1. - v + std::log(v))) return b * v;
  }
}

}  // namespace

double standard_gamma(GeneratorState& s, double shape) {
  if (shape == 1.0) return standard_exponential(s);
  if (shape == 0.0) return 0.0;
  if (shape < 1.0) return gamma_below_one(s, shape);
  return gamma_marsaglia_tsang(s, shape);
}

double gamma(GeneratorState& s, double shape, double scale) { return scale * standard_gamma(s, shape); }

void check_standard_gamma(double shape) { require_non_negative("standard_gamma", "shape", shape); }

void check_gamma(double shape, double scale) {
  require_non_negative("gamma", "shape", shape);
  require_non_negative("gamma", "scale", scale);
}

void fill_standard_gamma(GeneratorState& s, double* out, std::int64_t n, double shape) {
  check_standard_gamma(shape);
  for (std::int64_t i = 0; i < n; ++i) out[i] = standard_gamma(s, shape);
}

void fill_gamma(GeneratorState& s, double* out, std::int64_t n, double shape, double scale) {
  check_gamma(shape, scale);
  for (std::int64_t i = 0; i < n; ++i) out[i] = gamma(s, shape, scale);
}

}  // namespace kiln::random
