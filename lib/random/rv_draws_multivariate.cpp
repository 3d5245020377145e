// Vector-valued draws: NumPy 1.24's dirichlet and multinomial, Aesara's categorical, and a
// multivariate normal through the Cholesky factor (tensor/lapack.hpp) as NumPy's method="cholesky".
#include "random/distributions.hpp"
#include "random/pcg64.hpp"
#include "random/rv_draws.hpp"
#include "tensor/lapack.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace kiln::random {

void dirichlet(GeneratorState& s, const double* alpha, std::int64_t k, double* out) {
  if (k > 0 && *std::max_element(alpha, alpha + k) < 0.1) {
    // Small alphas: normalized gammas would underflow to 0, so break a stick with betas.
    std::vector<double> tail_sum(static_cast<std::size_t>(k));
    double csum = 0.0;
    for (std::int64_t j = k - 1; j >= 0; --j) tail_sum[static_cast<std::size_t>(j)] = csum += alpha[j];
    double acc = 1.;
    for (std::int64_t j = 0; j < k - 1; ++j) {
      const double v = beta(s, alpha[j], tail_sum[static_cast<std::size_t>(j + 1)]);
      out[j] = acc * v;
      acc *= (1. - v);
    }
    out[k - 1] = acc;
    return;
  }
  double acc = 0.;
  for (std::int64_t j = 0; j < k; ++j) {
    out[j] = standard_gamma(s, alpha[j]);
    acc = acc + out[j];
  }
  const double invacc = 1. / acc;
  for (std::int64_t j = 0; j < k; ++j) out[j] = out[j] * invacc;
}

void multinomial(GeneratorState& s, std::int64_t n, const double* p, std::int64_t k, std::int64_t* out) {
  std::fill(out, out + k, 0);
  double remaining_p = 1.0;
  std::int64_t dn = n;
  for (std::int64_t j = 0; j < k - 1; ++j) {
    // Rounding can push the ratio a hair above 1, where a binomial is undefined.
    out[j] = binomial(s, dn, std::min(p[j] / remaining_p, 1.0));
    dn -= out[j];
    if (dn <= 0) break;
    remaining_p -= p[j];
  }
  if (dn > 0) out[k - 1] = dn;
}

std::int64_t categorical(GeneratorState& s, const double* p, std::int64_t k) {
  const double u = next_double(s);
  double cumulative = 0.0;
  for (std::int64_t j = 0; j < k; ++j) {
    cumulative += p[j];
    if (cumulative >= u) return j;
  }
  return k;
}

std::int64_t mixture_component(GeneratorState& s, const double* w, std::int64_t k) {
  std::int64_t c = categorical(s, w, k);
  // Past the last component only when rounding left the weights' sum a hair under the uniform:
  // the missing mass belongs to the last component that has any.
  while (c > 0 && (c == k || !(w[c] > 0))) --c;
  return c;
}

bool weights_sum_to_one(const double* w, std::int64_t k, std::int64_t stride) {
  double sum = 0.0;
  for (std::int64_t j = 0; j < k; ++j) sum += w[j * stride];
  return std::abs(sum - 1.0) <= weights_sum_tolerance;
}

bool cholesky_lower(double* cov, std::int64_t k) {
  std::int64_t where = 0;
  return tensor::lapack::cholesky(cov, cov, k, true, &where) == tensor::lapack::ok;
}

// The normals go into `out` and are replaced last row first: row i reads only z[0..i], which
// the rows below it have not overwritten (no scratch, the same sums in the same order).
void multivariate_normal(GeneratorState& s, const double* mean, const double* chol, std::int64_t k, double* out) {
  for (std::int64_t j = 0; j < k; ++j) out[j] = standard_normal(s);
  for (std::int64_t i = k - 1; i >= 0; --i) {
    double sum = 0.0;
    for (std::int64_t j = 0; j <= i; ++j) sum += out[j] * chol[i * k + j];
    out[i] = sum + mean[i];
  }
}

}  // namespace kiln::random
