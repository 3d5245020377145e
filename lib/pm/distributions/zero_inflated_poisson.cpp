// ZeroInflatedPoisson(psi, mu): 0 with probability 1 - psi, else Poisson(mu), as PyMC's
// Mixture of DiracDelta(0) and Poisson(mu).
#include "pm/distributions/distribution.hpp"

namespace kiln::pm {

namespace detail {
namespace {

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &psi = p[0], &mu = p[1];
  return zero_inflated_logp(value, psi, poisson_info().logp(value, {mu}), -mu);
}

Var logcdf(const Var& value, const std::vector<Var>& p) {
  return zero_inflated_logcdf(value, p[0], poisson_info().logcdf(value, {p[1]}));
}

Var moment(const std::vector<Var>& p) { return zero_inflated_moment(p[0], kt::floor(p[1])); }

}  // namespace

const DistributionInfo& zero_inflated_poisson_info() {
  static const DistributionInfo info{
      "ZeroInflatedPoisson", "ZeroInflatedPoisson", "zero_inflated_poisson", logp, logcdf, moment, nullptr};
  return info;
}

}  // namespace detail

Var ZeroInflatedPoisson::dist(Var psi, Var mu, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("zero_inflated_poisson"), {detail::floatx(psi), detail::floatx(mu)},
                         options);
}

ZeroInflatedPoisson::ZeroInflatedPoisson(std::string name, Var psi, Var mu, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(psi, mu, d); })) {}

}  // namespace kiln::pm
