// ZeroInflatedBinomial(psi, n, p): 0 with probability 1 - psi, else Binomial(n, p), as PyMC's
// Mixture of DiracDelta(0) and Binomial(n, p).
#include "pm/distributions/distribution.hpp"

namespace kiln::pm {

namespace detail {
namespace {

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &psi = p[0], &n = p[1], &prob = p[2];
  return zero_inflated_logp(value, psi, binomial_info().logp(value, {n, prob}), n * kt::log1p(-prob));
}

Var logcdf(const Var& value, const std::vector<Var>& p) {
  return zero_inflated_logcdf(value, p[0], binomial_info().logcdf(value, {p[1], p[2]}));
}

Var moment(const std::vector<Var>& p) { return zero_inflated_moment(p[0], kt::round(p[1] * p[2])); }

}  // namespace

const DistributionInfo& zero_inflated_binomial_info() {
  static const DistributionInfo info{
      "ZeroInflatedBinomial", "ZeroInflatedBinomial", "zero_inflated_binomial", logp, logcdf, moment, nullptr};
  return info;
}

}  // namespace detail

Var ZeroInflatedBinomial::dist(Var psi, Var n, Var p, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("zero_inflated_binomial"), {detail::floatx(psi), n, detail::floatx(p)},
                         options);
}

ZeroInflatedBinomial::ZeroInflatedBinomial(std::string name, Var psi, Var n, Var p, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(psi, n, p, d); })) {}

}  // namespace kiln::pm
