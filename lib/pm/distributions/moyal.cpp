// Moyal(mu, sigma): PyMC's density and cdf erfc(exp(-z / 2) / sqrt(2)), the cdf's log taken as
// log1p(-erf(u)) for small u and log(erfcx(u)) - u^2 for large u, so both tails keep their
// digits; draws are SciPy's -log(Gamma(1/2, scale 2)), as PyMC's.
#include "pm/distributions/distribution.hpp"

#include <cmath>
#include <numbers>

namespace kiln::pm {

namespace detail {
namespace {

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &mu = p[0], &sigma = p[1];
  Var z = (value - mu) / sigma;
  Var res = -0.5 * (z + kt::exp(-z)) - kt::log(sigma) - 0.5 * std::log(2 * M_PI);
  return check_parameters(res, {sigma > 0}, "sigma > 0");
}

Var logcdf(const Var& value, const std::vector<Var>& p) {
  const Var &mu = p[0], &sigma = p[1];
  Var u = kt::exp(-(value - mu) / sigma / 2.0) / std::sqrt(2.0);
  // Each branch reads u clamped to its side of 1/2, so the dropped one stays finite in the gradient.
  Var small = kt::minimum(u, Var(0.5)), large = kt::maximum(u, Var(0.5));
  Var res = kt::switch_(kt::lt(u, 0.5), kt::log1p(-kt::erf(small)), kt::log(kt::erfcx(large)) - kt::sqr(large));
  return check_parameters(res, {sigma > 0}, "sigma > 0");
}

// The mean mu + sigma (euler_gamma + log 2), as PyMC's moment.
Var moment(const std::vector<Var>& p) { return p[0] + p[1] * (std::numbers::egamma + std::log(2.0)); }

}  // namespace

const DistributionInfo& moyal_info() {
  static const DistributionInfo info{"Moyal", "Moyal", "moyal", logp, logcdf, moment, nullptr};
  return info;
}

}  // namespace detail

Var Moyal::dist(Var mu, Var sigma, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("moyal"), {detail::floatx(mu), detail::floatx(sigma)}, options);
}

Moyal::Moyal(std::string name, Var mu, Var sigma, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(mu, sigma, d); })) {}

}  // namespace kiln::pm
