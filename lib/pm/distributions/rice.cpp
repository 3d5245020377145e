// Rice(nu, sigma), on SciPy's rice(b = nu / sigma, scale = sigma) as PyMC: log(x / sigma)
// - (x / sigma - b)^2 / 2 + log i0e(b x / sigma) - log sigma, with the exponentially scaled
// Bessel function so large arguments do not overflow. PyMC has no logcdf.
#include "pm/distributions/distribution.hpp"

#include "pm/ops/special.hpp"

#include <cmath>
#include <numbers>

namespace kiln::pm {

namespace detail {
namespace {

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &b = p[0], &sigma = p[1];
  Var x = value / sigma;
  Var res = kt::log(x) - 0.5 * kt::sqr(x - b) + kt::log(ops::i0e(x * b)) - kt::log(sigma);
  return check_parameters(in_support(kt::gt(value, 0), res), {sigma >= 0, b >= 0}, "sigma >= 0, b >= 0");
}

// PyMC's moment is the mean sigma sqrt(pi/2) L_1/2(-nu^2 / (2 sigma^2)) evaluated at the op's
// first param, which is b = nu / sigma, not nu: the same value as PyMC's initial point.
// exp(r / 2) I(-r / 2) is i0e / i1e at -r / 2 >= 0.
Var moment(const std::vector<Var>& p) {
  const Var &b = p[0], &sigma = p[1];
  Var r = -kt::sqr(b) / (2.0 * kt::sqr(sigma));
  Var y = -r / 2.0;
  return sigma * std::sqrt(std::numbers::pi / 2) * ((1.0 - r) * ops::i0e(y) - r * ops::i1e(y));
}

TransformPtr transform(const std::vector<Var>&) { return transforms::log; }

}  // namespace

const DistributionInfo& rice_info() {
  static const DistributionInfo info{"Rice", "Rice", "rice", logp, nullptr, moment, transform};
  return info;
}

}  // namespace detail

Var Rice::dist(Var nu, Var sigma, const DistOptions& options) {
  Var s = detail::floatx(sigma);
  return detail::make_rv(detail::scalar_op("rice"), {detail::floatx(nu) / s, s}, options);
}

Rice::Rice(std::string name, Var nu, Var sigma, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(nu, sigma, d); })) {}

}  // namespace kiln::pm
