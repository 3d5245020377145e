// Beta draws as NumPy's random_beta: Johnk's method when both a and b are at most 1, else
// the ratio Ga / (Ga + Gb) of two gamma draws.
#include "random/distributions.hpp"
#include "random/parameter_checks.hpp"
#include "random/pcg64.hpp"

#include <cmath>

namespace kiln::random {

namespace {

double beta_johnk(GeneratorState& s, double a, double b) {
  for (;;) {
    const double u = next_double(s);
    const double v = next_double(s);
    const double x = std::pow(u, 1.0 / a);
    const double y = std::pow(v, 1.0 / b);
    const double xpy = x + y;
    // NumPy 1.24 rejects a pair whose powers both underflow to zero rather than taking the
    // ratio in log space, so draws with tiny a and b match only if this does too.
    if (xpy <= 1.0 && xpy > 0.0) return x / xpy;
  }
}

}  // namespace

double beta(GeneratorState& s, double a, double b) {
  if (a <= 1.0 && b <= 1.0) return beta_johnk(s, a, b);
  const double ga = standard_gamma(s, a);
  const double gb = standard_gamma(s, b);
  return ga / (ga + gb);
}

void check_beta(double a, double b) {
  require_positive("beta", "a", a);
  require_positive("beta", "b", b);
}

void fill_beta(GeneratorState& s, double* out, std::int64_t n, double a, double b) {
  check_beta(a, b);
  for (std::int64_t i = 0; i < n; ++i) out[i] = beta(s, a, b);
}

}  // namespace kiln::random
