// HurdlePoisson(psi, mu): 0 with probability 1 - psi, else Poisson(mu) truncated to >= 1, as
// PyMC's Mixture of DiracDelta(0) and Truncated(Poisson(mu), lower=1).
#include "pm/distributions/distribution.hpp"

namespace kiln::pm {

namespace detail {
namespace {

std::vector<Var> count(const std::vector<Var>& p) { return {p[1]}; }

Var logp(const Var& value, const std::vector<Var>& p) {
  return hurdle_logp(poisson_info(), true, value, p[0], count(p));
}

Var logcdf(const Var& value, const std::vector<Var>& p) {
  return hurdle_logcdf(poisson_info(), true, value, p[0], count(p));
}

Var moment(const std::vector<Var>& p) { return hurdle_moment(true, p[0], poisson_info().moment(count(p))); }

}  // namespace

const DistributionInfo& hurdle_poisson_info() {
  static const DistributionInfo info{"HurdlePoisson", "HurdlePoisson", "hurdle_poisson", logp, logcdf, moment, nullptr};
  return info;
}

}  // namespace detail

Var HurdlePoisson::dist(Var psi, Var mu, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("hurdle_poisson"), {detail::floatx(psi), detail::floatx(mu)}, options);
}

HurdlePoisson::HurdlePoisson(std::string name, Var psi, Var mu, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(psi, mu, d); })) {}

}  // namespace kiln::pm
