// HurdleGamma(psi, alpha, beta): 0 with probability 1 - psi, else Gamma(alpha, beta) truncated
// to >= the float epsilon, as PyMC's; the node holds NumPy's (shape, scale = 1 / beta).
#include "pm/distributions/distribution.hpp"

namespace kiln::pm {

namespace detail {
namespace {

std::vector<Var> positive(const std::vector<Var>& p) { return {p[1], p[2]}; }

Var logp(const Var& value, const std::vector<Var>& p) {
  return hurdle_logp(gamma_info(), false, value, p[0], positive(p));
}

Var logcdf(const Var& value, const std::vector<Var>& p) {
  return hurdle_logcdf(gamma_info(), false, value, p[0], positive(p));
}

Var moment(const std::vector<Var>& p) { return hurdle_moment(false, p[0], gamma_info().moment(positive(p))); }

}  // namespace

const DistributionInfo& hurdle_gamma_info() {
  static const DistributionInfo info{"HurdleGamma", "HurdleGamma", "hurdle_gamma", logp, logcdf, moment, nullptr};
  return info;
}

}  // namespace detail

Var HurdleGamma::dist(Var psi, Var alpha, Var beta, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("hurdle_gamma"),
                         {detail::floatx(psi), detail::floatx(alpha), kt::reciprocal(detail::floatx(beta))}, options);
}

HurdleGamma::HurdleGamma(std::string name, Var psi, Var alpha, Var beta, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options,
                              [&](const DistOptions& d) { return dist(psi, alpha, beta, d); })) {}

}  // namespace kiln::pm
