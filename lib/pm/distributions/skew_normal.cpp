// SkewNormal(alpha, mu, sigma): 2 phi(z) Phi(alpha z) / sigma. PyMC writes log Phi(alpha z)
// as log(1 + erf(alpha z / sqrt 2)), which is -inf from alpha z < -38 and has few digits well
// before; kiln takes the standard normal log-CDF, equal where PyMC's has its digits. Draws are
// SciPy's construction from two normals per element. PyMC has no logcdf.
#include "pm/distributions/distribution.hpp"

#include <cmath>

namespace kiln::pm {

namespace detail {
namespace {

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &mu = p[0], &sigma = p[1], &alpha = p[2];
  Var z = (value - mu) / sigma;
  Var res = std::log(2.0) - 0.5 * kt::sqr(z) - 0.5 * std::log(2 * M_PI) - kt::log(sigma) + normal_lcdf(alpha * z);
  return check_parameters(res, {sigma > 0}, "tau > 0");
}

// The mean mu + sigma sqrt(2 / pi) alpha / sqrt(1 + alpha^2), as PyMC's moment.
Var moment(const std::vector<Var>& p) {
  const Var &mu = p[0], &sigma = p[1], &alpha = p[2];
  return mu + sigma * std::sqrt(2 / M_PI) * alpha / kt::sqrt(1.0 + kt::sqr(alpha));
}

}  // namespace

const DistributionInfo& skew_normal_info() {
  static const DistributionInfo info{"SkewNormal", "SkewNormal", "skewnormal", logp, nullptr, moment, nullptr};
  return info;
}

}  // namespace detail

// PyMC's argument order (alpha, mu, sigma); the op's is (mu, sigma, alpha).
Var SkewNormal::dist(Var alpha, Var mu, Var sigma, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("skewnormal"),
                         {detail::floatx(mu), detail::floatx(sigma), detail::floatx(alpha)}, options);
}

SkewNormal::SkewNormal(std::string name, Var alpha, Var mu, Var sigma, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options,
                              [&](const DistOptions& d) { return dist(alpha, mu, sigma, d); })) {}

}  // namespace kiln::pm
