// ZeroInflatedNegativeBinomial(psi, mu, alpha): 0 with probability 1 - psi, else
// NegativeBinomial(mu, alpha), as PyMC's Mixture of DiracDelta(0) and NegativeBinomial; the
// node holds NumPy's (n = alpha, p = alpha / (mu + alpha)) as NegativeBinomial's does.
#include "pm/distributions/distribution.hpp"

namespace kiln::pm {

namespace detail {
namespace {

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &psi = p[0], &n = p[1], &prob = p[2];
  return zero_inflated_logp(value, psi, negative_binomial_info().logp(value, {n, prob}), n * kt::log(prob));
}

Var logcdf(const Var& value, const std::vector<Var>& p) {
  return zero_inflated_logcdf(value, p[0], negative_binomial_info().logcdf(value, {p[1], p[2]}));
}

// The count's moment is NegativeBinomial's, floor(mu).
Var moment(const std::vector<Var>& p) { return zero_inflated_moment(p[0], kt::floor(p[1] * (1.0 - p[2]) / p[2])); }

}  // namespace

const DistributionInfo& zero_inflated_negative_binomial_info() {
  static const DistributionInfo info{"ZeroInflatedNegativeBinomial",
                                     "ZeroInflatedNegativeBinomial",
                                     "zero_inflated_negative_binomial",
                                     logp,
                                     logcdf,
                                     moment,
                                     nullptr};
  return info;
}

}  // namespace detail

Var ZeroInflatedNegativeBinomial::dist(Var psi, Var mu, Var alpha, const DistOptions& options) {
  Var a = detail::floatx(alpha);
  return detail::make_rv(detail::scalar_op("zero_inflated_negative_binomial"),
                         {detail::floatx(psi), a, a / (detail::floatx(mu) + a)}, options);
}

ZeroInflatedNegativeBinomial::ZeroInflatedNegativeBinomial(std::string name, Var psi, Var mu, Var alpha,
                                                           const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options,
                              [&](const DistOptions& d) { return dist(psi, mu, alpha, d); })) {}

}  // namespace kiln::pm
