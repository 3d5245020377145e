// Normal(mu, sigma): logp and logcdf as PyMC builds them (the seed's `z_logprob` graph).
#include "pm/distributions/distribution.hpp"

#include <cmath>

namespace kiln::pm {

namespace detail {
namespace {

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &mu = p[0], &sigma = p[1];
  Var res = -0.5 * kt::pow((value - mu) / sigma, 2) - kt::log(kt::sqrt(Var(2.0 * M_PI))) - kt::log(sigma);
  return check_parameters(res, {sigma > 0}, "sigma > 0");
}

Var logcdf(const Var& value, const std::vector<Var>& p) {
  const Var &mu = p[0], &sigma = p[1];
  return check_parameters(normal_lcdf((value - mu) / sigma), {sigma > 0}, "sigma > 0");
}

Var moment(const std::vector<Var>& p) { return p[0]; }

}  // namespace

const DistributionInfo& normal_info() {
  static const DistributionInfo info{"Normal", "N", "normal", logp, logcdf, moment, nullptr};
  return info;
}

}  // namespace detail

Var Normal::dist(Var mu, Var sigma, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("normal"), {mu, detail::floatx(sigma)}, options);
}

Normal::Normal(std::string name, Var mu, Var sigma, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(mu, sigma, d); })) {}

Var Normal::dist(Var mu, const SigmaOrTau& params, const DistOptions& options) {
  const Var& given = detail::one_of("Normal", "sigma", params.sigma, "tau", params.tau);
  return dist(std::move(mu), params.sigma ? given : detail::sigma_from_precision(given), options);
}

Normal::Normal(std::string name, Var mu, const SigmaOrTau& params, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(mu, params, d); })) {}

}  // namespace kiln::pm
