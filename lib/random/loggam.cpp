// The Stirling series of Zhang and Jin's "Computation of Special Functions" (SPECFUN), used
// for x >= 7 and reached from below by the recurrence Gamma(x + 1) = x Gamma(x).
#include "random/loggam.hpp"

#include <cmath>
#include <cstdint>
#include <numbers>

namespace kiln::random {

double loggam(double x) {
  static constexpr double a[10] = {8.333333333333333e-02,  -2.777777777777778e-03, 7.936507936507937e-04,
                                   -5.952380952380952e-04, 8.417508417508418e-04,  -1.917526917526918e-03,
                                   6.410256410256410e-03,  -2.955065359477124e-02, 1.796443723688307e-01,
                                   -1.39243221690590e+00};
  if (x == 1.0 || x == 2.0) return 0.0;
  std::int64_t n = 0;
  double x0 = x;
  if (x <= 7.0) {
    n = static_cast<std::int64_t>(7 - x);
    x0 = x + static_cast<double>(n);
  }
  const double x2 = 1.0 / (x0 * x0);
  double gl0 = a[9];
  for (int k = 8; k >= 0; --k) {
    gl0 *= x2;
    gl0 += a[k];
  }
  double gl = gl0 / x0 + 0.5 * std::log(2 * std::numbers::pi) + (x0 - 0.5) * std::log(x0) - x0;
  if (x <= 7.0) {
    for (std::int64_t k = 1; k <= n; ++k) {
      gl -= std::log(x0 - 1.0);
      x0 -= 1.0;
    }
  }
  return gl;
}

}  // namespace kiln::random
