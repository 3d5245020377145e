// ExGaussian(mu, sigma, nu): a Normal(mu, sigma) plus an Exponential of mean nu, with PyMC's
// formulas (gamlss's dexGAUS/pexGAUS): below nu = 0.05 sigma PyMC takes the Normal's terms.
// Draws: the normal, then the exponential, per element.
#include "pm/distributions/distribution.hpp"

#include <cmath>

namespace kiln::pm {

namespace detail {
namespace {

// log(nu) - (x - mu) / nu + sigma^2 / (2 nu^2) + log Phi((x - mu) / sigma - sigma / nu): the
// log of the exponential's tail term, shared by the density and the cdf.
Var tail_term(const Var& value, const Var& mu, const Var& sigma, const Var& nu) {
  return (mu - value) / nu + 0.5 * kt::sqr(sigma / nu) + normal_lcdf((value - mu) / sigma - sigma / nu);
}

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &mu = p[0], &sigma = p[1], &nu = p[2];
  Var normal = -0.5 * kt::sqr((value - mu) / sigma) - 0.5 * std::log(2 * M_PI) - kt::log(sigma);
  Var res = kt::switch_(kt::gt(nu, 0.05 * sigma), -kt::log(nu) + tail_term(value, mu, sigma, nu), normal);
  return check_parameters(res, {sigma > 0, nu > 0}, "nu > 0, sigma > 0");
}

Var logcdf(const Var& value, const std::vector<Var>& p) {
  const Var &mu = p[0], &sigma = p[1], &nu = p[2];
  Var normal = normal_lcdf((value - mu) / sigma);
  Var res = kt::switch_(kt::gt(nu, 0.05 * sigma), log_diff_exp(normal, tail_term(value, mu, sigma, nu)), normal);
  return check_parameters(res, {sigma > 0, nu > 0}, "sigma > 0, nu > 0");
}

Var moment(const std::vector<Var>& p) { return p[0] + p[2]; }

}  // namespace

const DistributionInfo& exgaussian_info() {
  static const DistributionInfo info{"ExGaussian", "ExGaussian", "exgaussian", logp, logcdf, moment, nullptr};
  return info;
}

}  // namespace detail

Var ExGaussian::dist(Var mu, Var sigma, Var nu, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("exgaussian"),
                         {detail::floatx(mu), detail::floatx(sigma), detail::floatx(nu)}, options);
}

ExGaussian::ExGaussian(std::string name, Var mu, Var sigma, Var nu, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(mu, sigma, nu, d); })) {
}

}  // namespace kiln::pm
