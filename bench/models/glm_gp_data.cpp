// Data and points of the negative-binomial regression and the latent GP (see glm_gp.hpp).
#include "glm_gp.hpp"

#include <cmath>

namespace glm_gp {

NegBinData negbin_data(int n, int k) {
  kiln::random::Generator rng(2024);
  NegBinData d{n, k, {}, {}};
  const double intercept = 1.0, alpha = 2.0;
  std::vector<double> beta(k);
  for (int c = 0; c < k; ++c) beta[c] = 0.5 * rng.standard_normal();
  for (int i = 0; i < n; ++i) {
    double eta = intercept;
    for (int c = 0; c < k; ++c) {
      d.x.push_back(rng.standard_normal());
      eta += d.x.back() * beta[c];
    }
    // NegativeBinomial(mu, alpha) as a gamma-Poisson mixture.
    d.y.push_back(rng.poisson(rng.gamma(alpha, std::exp(eta) / alpha)));
  }
  return d;
}

LatentGPData latent_gp_data(int n) {
  kiln::random::Generator rng(7);
  LatentGPData d{n, {}, {}, {}};
  for (int i = 0; i < n; ++i) {
    d.x.push_back(10.0 * i / (n - 1));
    d.y.push_back(std::sin(d.x.back()) + 0.3 * rng.standard_normal());
  }
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const double r = d.x[i] - d.x[j];
      d.cov.push_back(std::exp(-0.5 * r * r) + (i == j ? 1e-3 : 0.0));
    }
  return d;
}

std::vector<double> negbin_point(int k) {
  std::vector<double> theta{0.9};
  for (int c = 0; c < k; ++c) theta.push_back(0.1 * (c % 2 ? -c : c + 1));
  theta.push_back(std::log(1.5));
  return theta;
}

std::vector<double> latent_gp_point(const LatentGPData& d) {
  std::vector<double> theta;
  for (double x : d.x) theta.push_back(0.9 * std::sin(x));
  theta.push_back(std::log(0.35));
  return theta;
}

}  // namespace glm_gp
