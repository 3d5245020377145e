// Geometric and negative binomial draws as NumPy 1.24's distributions.c makes them.
#include "random/distributions.hpp"
#include "random/pcg64.hpp"
#include "random/rv_draws.hpp"

#include <cmath>
#include <limits>

namespace kiln::random {

namespace {

// Walks the probability mass function: few steps when p is large.
std::int64_t geometric_search(GeneratorState& s, double p) {
  std::int64_t x = 1;
  double sum = p;
  double prod = p;
  const double q = 1.0 - p;
  const double u = next_double(s);
  while (u > sum) {
    prod *= q;
    sum += prod;
    ++x;
  }
  return x;
}

std::int64_t geometric_inversion(GeneratorState& s, double p) {
  const double z = std::ceil(-standard_exponential(s) / std::log1p(-p));
  // 9.223372036854776e+18 is the smallest double above INT64_MAX.
  if (z >= 9.223372036854776e+18) return std::numeric_limits<std::int64_t>::max();
  return static_cast<std::int64_t>(z);
}

}  // namespace

std::int64_t geometric(GeneratorState& s, double p) {
  if (p >= 0.333333333333333333333333) return geometric_search(s, p);
  return geometric_inversion(s, p);
}

std::int64_t negative_binomial(GeneratorState& s, double n, double p) {
  const double y = gamma(s, n, (1 - p) / p);
  return poisson(s, y);
}

}  // namespace kiln::random
