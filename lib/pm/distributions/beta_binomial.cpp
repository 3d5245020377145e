// BetaBinomial(alpha, beta, n), on Aesara's beta_binomial_rv(n, a, b).
#include "pm/distributions/distribution.hpp"

#include "pm/ops/special.hpp"

namespace kiln::pm {

namespace detail {
namespace {

Var checked(const Var& res, const std::vector<Var>& p) {
  return check_parameters(res, {kt::ge(p[0], 0), p[1] > 0, p[2] > 0}, "n >= 0, alpha > 0, beta > 0");
}

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &n = p[0], &alpha = p[1], &beta = p[2];
  Var res = binomln(n, value) + betaln(value + alpha, n - value + beta) - betaln(alpha, beta);
  return checked(in_support(kt::and_(kt::ge(value, 0), kt::le(value, n)), res), p);
}

// No closed form: a log-space sum over 0..value (PyMC sums the pmf the same way).
Var logcdf(const Var& value, const std::vector<Var>& p) {
  return checked(ops::special(ops::Special::betabinom_logcdf, {value, p[1], p[2], p[0]}), p);
}

Var moment(const std::vector<Var>& p) { return kt::cast(kt::round(p[0] * p[1] / (p[1] + p[2])), DType::int64); }

}  // namespace

const DistributionInfo& beta_binomial_info() {
  static const DistributionInfo info{"BetaBinomial", "BetaBinom", "beta_binomial", logp, logcdf, moment, nullptr};
  return info;
}

}  // namespace detail

Var BetaBinomial::dist(Var alpha, Var beta, Var n, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("betabinom"), {n, detail::floatx(alpha), detail::floatx(beta)}, options);
}

BetaBinomial::BetaBinomial(std::string name, Var alpha, Var beta, Var n, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options,
                              [&](const DistOptions& d) { return dist(alpha, beta, n, d); })) {}

}  // namespace kiln::pm
