// HurdleLogNormal(psi, mu, sigma): 0 with probability 1 - psi, else LogNormal(mu, sigma)
// truncated to >= the float epsilon, as PyMC's.
#include "pm/distributions/distribution.hpp"

namespace kiln::pm {

namespace detail {
namespace {

std::vector<Var> positive(const std::vector<Var>& p) { return {p[1], p[2]}; }

Var logp(const Var& value, const std::vector<Var>& p) {
  return hurdle_logp(lognormal_info(), false, value, p[0], positive(p));
}

Var logcdf(const Var& value, const std::vector<Var>& p) {
  return hurdle_logcdf(lognormal_info(), false, value, p[0], positive(p));
}

Var moment(const std::vector<Var>& p) { return hurdle_moment(false, p[0], lognormal_info().moment(positive(p))); }

}  // namespace

const DistributionInfo& hurdle_lognormal_info() {
  static const DistributionInfo info{
      "HurdleLogNormal", "HurdleLogNormal", "hurdle_lognormal", logp, logcdf, moment, nullptr};
  return info;
}

}  // namespace detail

Var HurdleLogNormal::dist(Var psi, Var mu, Var sigma, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("hurdle_lognormal"),
                         {detail::floatx(psi), detail::floatx(mu), detail::floatx(sigma)}, options);
}

HurdleLogNormal::HurdleLogNormal(std::string name, Var psi, Var mu, Var sigma, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options,
                              [&](const DistOptions& d) { return dist(psi, mu, sigma, d); })) {}

}  // namespace kiln::pm
