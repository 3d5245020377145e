// LogitNormal(mu, sigma) on (0, 1): sigmoid of a Normal(mu, sigma), as PyMC builds it; the
// density is the Normal's at logit(x) with the Jacobian 1 / (x (1 - x)). PyMC has no logcdf.
#include "pm/distributions/distribution.hpp"

#include <cmath>

namespace kiln::pm {

namespace detail {
namespace {

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &mu = p[0], &sigma = p[1];
  Var log_x = kt::log(value), log_1mx = kt::log1p(-value);
  Var res =
      -0.5 * kt::sqr((log_x - log_1mx - mu) / sigma) - 0.5 * std::log(2 * M_PI) - kt::log(sigma) - log_x - log_1mx;
  return check_parameters(in_support(kt::and_(kt::gt(value, 0), kt::lt(value, 1)), res), {sigma > 0}, "sigma > 0");
}

// The Normal's moment mapped through sigmoid, as PyMC's.
Var moment(const std::vector<Var>& p) { return kt::sigmoid(p[0]); }

TransformPtr transform(const std::vector<Var>&) { return transforms::logodds; }

}  // namespace

const DistributionInfo& logit_normal_info() {
  static const DistributionInfo info{"LogitNormal", "LogitNormal", "logit_normal", logp, nullptr, moment, transform};
  return info;
}

}  // namespace detail

Var LogitNormal::dist(Var mu, Var sigma, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("logit_normal"), {detail::floatx(mu), detail::floatx(sigma)}, options);
}

LogitNormal::LogitNormal(std::string name, Var mu, Var sigma, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(mu, sigma, d); })) {}

}  // namespace kiln::pm
