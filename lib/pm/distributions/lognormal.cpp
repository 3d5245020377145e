// LogNormal(mu, sigma); log-transformed in a model.
#include "pm/distributions/distribution.hpp"

#include <cmath>

namespace kiln::pm {

namespace detail {
namespace {

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &mu = p[0], &sigma = p[1];
  Var logv = kt::log(value);
  Var res = -0.5 * kt::sqr((logv - mu) / sigma) - std::log(std::sqrt(2.0 * M_PI)) - kt::log(sigma) - logv;
  return check_parameters(in_support(kt::gt(value, 0), res), {sigma > 0}, "sigma > 0");
}

Var logcdf(const Var& value, const std::vector<Var>& p) {
  const Var &mu = p[0], &sigma = p[1];
  Var res = normal_lcdf((kt::log(value) - mu) / sigma);
  return check_parameters(in_support(kt::gt(value, 0), res), {sigma > 0}, "sigma > 0");
}

Var moment(const std::vector<Var>& p) { return kt::exp(p[0] + kt::sqr(p[1]) / 2.0); }

TransformPtr transform(const std::vector<Var>&) { return transforms::log; }

}  // namespace

const DistributionInfo& lognormal_info() {
  static const DistributionInfo info{"LogNormal", "LogN", "lognormal", logp, logcdf, moment, transform};
  return info;
}

}  // namespace detail

Var LogNormal::dist(Var mu, Var sigma, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("lognormal"), {mu, detail::floatx(sigma)}, options);
}

LogNormal::LogNormal(std::string name, Var mu, Var sigma, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(mu, sigma, d); })) {}

Var LogNormal::dist(Var mu, const SigmaOrTau& params, const DistOptions& options) {
  const Var& given = detail::one_of("LogNormal", "sigma", params.sigma, "tau", params.tau);
  return dist(std::move(mu), params.sigma ? given : detail::sigma_from_precision(given), options);
}

LogNormal::LogNormal(std::string name, Var mu, const SigmaOrTau& params, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(mu, params, d); })) {}

}  // namespace kiln::pm
