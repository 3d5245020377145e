// Uniform draws: Generator.random() and Generator.uniform(low, high).
#include "random/distributions.hpp"
#include "random/parameter_checks.hpp"
#include "random/pcg64.hpp"

#include <cmath>

namespace kiln::random {

double standard_uniform(GeneratorState& s) { return next_double(s); }

double uniform(GeneratorState& s, double low, double high) {
  // NumPy forms the range first and scales by it: low + (high - low) * U, in that order.
  const double range = high - low;
  return low + range * next_double(s);
}

void check_uniform(double low, double high) {
  const double range = high - low;
  const std::string values = "low = " + format_parameter(low) + ", high = " + format_parameter(high);
  if (!std::isfinite(range)) throw_parameter_error("uniform", "high - low range exceeds valid bounds", values);
  if (std::signbit(range)) throw_parameter_error("uniform", "high - low < 0", values);
}

void fill_standard_uniform(GeneratorState& s, double* out, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) out[i] = next_double(s);
}

void fill_uniform(GeneratorState& s, double* out, std::int64_t n, double low, double high) {
  check_uniform(low, high);
  for (std::int64_t i = 0; i < n; ++i) out[i] = uniform(s, low, high);
}

}  // namespace kiln::random
