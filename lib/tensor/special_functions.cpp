// Special functions over glibc and Boost.Math, with a policy that returns NaN/inf instead of
// throwing, so a log-density at a bad point yields -inf or NaN as in NumPy/SciPy. Boost computes
// in double (promote_double<false>): its default promotion to long double made each call run on
// the x87 unit, several times slower, for accuracy a double result cannot keep.
#include "tensor/scalar_op.hpp"

#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/erf.hpp>
#include <boost/math/special_functions/polygamma.hpp>
#include <boost/math/special_functions/trigamma.hpp>

#include <math.h>

#include <cmath>
#include <limits>

namespace kiln::tensor {
namespace {

using namespace boost::math::policies;
using Quiet = policy<domain_error<ignore_error>, pole_error<ignore_error>, overflow_error<ignore_error>,
                     underflow_error<ignore_error>, evaluation_error<ignore_error>, promote_double<false>>;

constexpr double kInvSqrtPi = 0.56418958354775628695;
// n! overflows a double above this order, and Boost's reflection for x < 0 builds a table of
// O(n^2) coefficients: higher orders are no derivative a gradient asks for.
constexpr double kMaxPolygammaOrder = 170;

// exp(x*x) without the rounding of x*x: split x*x exactly with an fma.
double exp_square(double x) {
  double hi = x * x;
  double lo = std::fma(x, x, -hi);
  return std::exp(hi) * (1.0 + lo);
}

}  // namespace

// erfcx(x) = exp(x^2) erfc(x), finite for large x where erfc underflows.
double erfcx(double x) {
  if (std::isnan(x)) return x;
  if (x < 26.0) {
    if (x < -26.7) return std::numeric_limits<double>::infinity();
    // glibc's erfc, as compiled code's (jit/lower/scalar_ops.cpp), which maps it to libmvec.
    return exp_square(x) * std::erfc(x);
  }
  // Asymptotic series: 1/(x sqrt(pi)) * sum_k (-1)^k (2k-1)!! / (2x^2)^k; converges fast here.
  double inv2x2 = 1.0 / (2.0 * x * x);
  double term = 1.0, sum = 1.0;
  for (int k = 1; k < 12; ++k) {
    term *= -(2.0 * k - 1.0) * inv2x2;
    sum += term;
  }
  return kInvSqrtPi / x * sum;
}

double log1mexp(double x) {
  if (x > 0) return std::numeric_limits<double>::quiet_NaN();
  return x > -0.6931471805599453 ? std::log(-std::expm1(x)) : std::log1p(-std::exp(x));
}

double softplus(double x) {
  if (x < -37.0) return std::exp(x);
  if (x < 18.0) return std::log1p(std::exp(x));
  if (x < 33.3) return x + std::exp(-x);
  return x;
}

double sigmoid(double x) {
  if (x >= 0) return 1.0 / (1.0 + std::exp(-x));
  double e = std::exp(x);
  return e / (1.0 + e);
}

// glibc's lgamma_r: within a few ulp, +inf at the poles and at ±inf, and reentrant (lgamma
// writes the global signgam).
double gammaln(double x) {
  int sign;
  return ::lgamma_r(x, &sign);
}

double digamma(double x) {
  if (x <= 0 && x == std::floor(x)) return std::numeric_limits<double>::quiet_NaN();
  return boost::math::digamma(x, Quiet());
}

double trigamma(double x) {
  if (x <= 0 && x == std::floor(x)) return std::numeric_limits<double>::infinity();
  return boost::math::trigamma(x, Quiet());
}

// The order n must be a natural number (NaN otherwise). At the poles (x a non-positive
// integer) odd orders tend to +inf from both sides, as trigamma; even ones change sign, NaN
// as digamma.
double polygamma(double n, double x) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  constexpr double kInf = std::numeric_limits<double>::infinity();
  if (std::isnan(x) || x == -kInf || !(n >= 0 && n <= kMaxPolygammaOrder) || n != std::floor(n)) return kNaN;
  if (n == 0) return digamma(x);
  if (n == 1) return trigamma(x);
  if (x <= 0 && x == std::floor(x)) return std::fmod(n, 2.0) == 1 ? kInf : kNaN;
  return boost::math::polygamma(static_cast<int>(n), x, Quiet());
}

double erfinv(double x) {
  if (std::isnan(x) || x < -1 || x > 1) return std::numeric_limits<double>::quiet_NaN();
  if (x == 1) return std::numeric_limits<double>::infinity();
  if (x == -1) return -std::numeric_limits<double>::infinity();
  return boost::math::erf_inv(x, Quiet());
}

}  // namespace kiln::tensor
