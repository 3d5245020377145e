// Generator.choice(n) and choice(n, p=p) with replacement: uniform choice is integers(0, n);
// weighted choice searches the normalized cumulative sum of p for a uniform draw.
#include "random/distributions.hpp"
#include "random/parameter_checks.hpp"
#include "random/pcg64.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace kiln::random {

namespace {

// NumPy checks the sum of p with Kahan summation.
double kahan_sum(const double* p, std::int64_t size) {
  if (size <= 0) return 0.0;
  double sum = p[0];
  double c = 0.0;
  for (std::int64_t i = 1; i < size; ++i) {
    const double y = p[i] - c;
    const double t = sum + y;
    c = (t - sum) - y;
    sum = t;
  }
  return sum;
}

// As p.cumsum() / cdf[-1]: a plain running sum, then every entry divided by the last.
std::vector<double> normalized_cdf(const double* p, std::int64_t size) {
  std::vector<double> cdf(static_cast<std::size_t>(size));
  double running = 0.0;
  for (std::size_t i = 0; i < cdf.size(); ++i) cdf[i] = running += p[i];
  const double total = cdf.back();
  for (double& value : cdf) value /= total;
  return cdf;
}

// searchsorted(cdf, u, side='right'): the first index whose cumulative probability exceeds u.
std::int64_t search_cdf(const std::vector<double>& cdf, double u) {
  return std::upper_bound(cdf.begin(), cdf.end(), u) - cdf.begin();
}

}  // namespace

std::int64_t choice(GeneratorState& s, std::int64_t size) { return integers(s, 0, size); }

void check_choice(std::int64_t size) {
  if (size <= 0) {
    throw_parameter_error("choice", "n must be a positive integer unless no samples are taken",
                          "n = " + format_parameter(size));
  }
}

void check_choice(std::int64_t size, const double* p, std::int64_t p_size) {
  check_choice(size);
  if (p_size != size) {
    throw_parameter_error("choice", "n and p must have same size",
                          "n = " + format_parameter(size) + ", p has " + format_parameter(p_size) + " entries");
  }
  const double sum = kahan_sum(p, p_size);
  if (std::isnan(sum)) throw_parameter_error("choice", "probabilities contain NaN", "sum = nan");
  for (std::int64_t i = 0; i < p_size; ++i) {
    if (p[i] < 0) {
      throw_parameter_error("choice", "probabilities are not non-negative",
                            "p[" + format_parameter(i) + "] = " + format_parameter(p[i]));
    }
  }
  // NumPy's tolerance: the square root of double epsilon.
  if (std::fabs(sum - 1.) > 1.4901161193847656e-08) {
    throw_parameter_error("choice", "probabilities do not sum to 1", "sum = " + format_parameter(sum));
  }
}

void fill_choice(GeneratorState& s, std::int64_t* out, std::int64_t n, std::int64_t size) {
  check_choice(size);
  for (std::int64_t i = 0; i < n; ++i) out[i] = choice(s, size);
}

void fill_choice(GeneratorState& s, std::int64_t* out, std::int64_t n, const double* p, std::int64_t size) {
  check_choice(size, p, size);
  const std::vector<double> cdf = normalized_cdf(p, size);
  for (std::int64_t i = 0; i < n; ++i) out[i] = search_cdf(cdf, next_double(s));
}

}  // namespace kiln::random
