// HalfNormal(sigma): the halfnormal_rv with loc 0 (so a model prints `sigma ~ N**+(0, 3)`);
// log-transformed in a model.
#include "pm/distributions/distribution.hpp"

#include <cmath>

namespace kiln::pm {

namespace detail {
namespace {

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &loc = p[0], &sigma = p[1];
  Var res = 0.5 * kt::log(Var(2.0 / M_PI)) - kt::log(sigma) - 0.5 * kt::sqr((value - loc) / sigma);
  return check_parameters(in_support(kt::ge(value, loc), res), {sigma > 0}, "sigma > 0");
}

// log erf(z / sqrt 2): erf directly below z = 1 (where 1 - erfc cancels), log1p(-erfc) above.
Var logcdf(const Var& value, const std::vector<Var>& p) {
  const Var &loc = p[0], &sigma = p[1];
  Var z = (value - loc) / sigma / std::sqrt(2.0);
  Var res = kt::switch_(kt::lt(z, 1.0), kt::log(kt::erf(z)), kt::log1p(-kt::erfc(z)));
  return check_parameters(in_support(kt::ge(value, loc), res), {sigma > 0}, "sigma > 0");
}

Var moment(const std::vector<Var>& p) { return p[0] + p[1]; }

TransformPtr transform(const std::vector<Var>&) { return transforms::log; }

}  // namespace

const DistributionInfo& halfnormal_info() {
  static const DistributionInfo info{"HalfNormal", "N**+", "halfnormal", logp, logcdf, moment, transform};
  return info;
}

}  // namespace detail

Var HalfNormal::dist(Var sigma, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("halfnormal"), {Var(0), detail::floatx(sigma)}, options);
}

HalfNormal::HalfNormal(std::string name, Var sigma, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(sigma, d); })) {}

Var HalfNormal::dist(const SigmaOrTau& params, const DistOptions& options) {
  const Var& given = detail::one_of("HalfNormal", "sigma", params.sigma, "tau", params.tau);
  return dist(params.sigma ? given : detail::sigma_from_precision(given), options);
}

HalfNormal::HalfNormal(std::string name, const SigmaOrTau& params, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(params, d); })) {}

}  // namespace kiln::pm
