// AsymmetricLaplace(b, kappa, mu): PyMC's density, mass kappa^2 / (1 + kappa^2) below mu; its
// draws are PyMC's inversion of one uniform (rv_draws_pymc.cpp). PyMC has no logcdf for it.
#include "pm/distributions/distribution.hpp"

namespace kiln::pm {

namespace detail {
namespace {

// log(b / (kappa + 1/kappa)) - |x - mu| b kappa^sign(x - mu).
Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &b = p[0], &kappa = p[1], &mu = p[2];
  Var x = value - mu;
  Var res = kt::log(b / (kappa + kt::reciprocal(kappa))) + kt::switch_(kt::ge(x, 0), -x * b * kappa, x * b / kappa);
  return check_parameters(res, {b > 0, kappa > 0}, "b > 0, kappa > 0");
}

// The mean, as PyMC's moment.
Var moment(const std::vector<Var>& p) { return p[2] - (p[1] - kt::reciprocal(p[1])) / p[0]; }

}  // namespace

const DistributionInfo& asymmetric_laplace_info() {
  static const DistributionInfo info{
      "AsymmetricLaplace", "AsymmetricLaplace", "asymmetriclaplace", logp, nullptr, moment, nullptr};
  return info;
}

}  // namespace detail

// PyMC's argument order (kappa, mu, b); the op's is NumPy-style (b, kappa, mu).
Var AsymmetricLaplace::dist(Var kappa, Var mu, Var b, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("asymmetriclaplace"),
                         {detail::floatx(b), detail::floatx(kappa), detail::floatx(mu)}, options);
}

AsymmetricLaplace::AsymmetricLaplace(std::string name, Var kappa, Var mu, Var b, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(kappa, mu, b, d); })) {}

}  // namespace kiln::pm
