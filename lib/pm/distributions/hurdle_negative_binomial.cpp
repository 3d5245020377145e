// HurdleNegativeBinomial(psi, mu, alpha): 0 with probability 1 - psi, else NegativeBinomial(mu,
// alpha) truncated to >= 1, as PyMC's; the node holds NumPy's (n = alpha, p = alpha / (mu + alpha)).
#include "pm/distributions/distribution.hpp"

namespace kiln::pm {

namespace detail {
namespace {

std::vector<Var> count(const std::vector<Var>& p) { return {p[1], p[2]}; }

Var logp(const Var& value, const std::vector<Var>& p) {
  return hurdle_logp(negative_binomial_info(), true, value, p[0], count(p));
}

Var logcdf(const Var& value, const std::vector<Var>& p) {
  return hurdle_logcdf(negative_binomial_info(), true, value, p[0], count(p));
}

Var moment(const std::vector<Var>& p) { return hurdle_moment(true, p[0], negative_binomial_info().moment(count(p))); }

}  // namespace

const DistributionInfo& hurdle_negative_binomial_info() {
  static const DistributionInfo info{
      "HurdleNegativeBinomial", "HurdleNegativeBinomial", "hurdle_negative_binomial", logp, logcdf, moment, nullptr};
  return info;
}

}  // namespace detail

Var HurdleNegativeBinomial::dist(Var psi, Var mu, Var alpha, const DistOptions& options) {
  Var a = detail::floatx(alpha);
  return detail::make_rv(detail::scalar_op("hurdle_negative_binomial"),
                         {detail::floatx(psi), a, a / (detail::floatx(mu) + a)}, options);
}

HurdleNegativeBinomial::HurdleNegativeBinomial(std::string name, Var psi, Var mu, Var alpha, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options,
                              [&](const DistOptions& d) { return dist(psi, mu, alpha, d); })) {}

}  // namespace kiln::pm
