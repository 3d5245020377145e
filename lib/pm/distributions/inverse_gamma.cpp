// InverseGamma(alpha, beta), on Aesara's invgamma_rv(shape, scale).
#include "pm/distributions/distribution.hpp"

#include "pm/ops/special.hpp"

namespace kiln::pm {

namespace detail {
namespace {

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &alpha = p[0], &beta = p[1];
  Var res = alpha * kt::log(beta) - kt::gammaln(alpha) - (alpha + 1.0) * kt::log(value) - beta / value;
  return check_parameters(in_support(kt::gt(value, 0), res), {alpha > 0, beta > 0}, "alpha > 0, beta > 0");
}

// cdf = Q(alpha, beta / x).
Var logcdf(const Var& value, const std::vector<Var>& p) {
  const Var &alpha = p[0], &beta = p[1];
  Var x = beta / kt::maximum(value, Var(0.0));
  Var res = log_from_complements(ops::gammaincc(alpha, x), ops::gammainc(alpha, x));
  return check_parameters(in_support(kt::gt(value, 0), res), {alpha > 0, beta > 0}, "alpha > 0, beta > 0");
}

// The mean where it exists (alpha > 1), else the mode, as PyMC.
Var moment(const std::vector<Var>& p) {
  const Var &alpha = p[0], &beta = p[1];
  return kt::switch_(kt::gt(alpha, 1), beta / (alpha - 1.0), beta / (alpha + 1.0));
}

TransformPtr transform(const std::vector<Var>&) { return transforms::log; }

}  // namespace

const DistributionInfo& inverse_gamma_info() {
  static const DistributionInfo info{"InverseGamma", "InvGamma", "invgamma", logp, logcdf, moment, transform};
  return info;
}

}  // namespace detail

Var InverseGamma::dist(Var alpha, Var beta, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("invgamma"), {detail::floatx(alpha), detail::floatx(beta)}, options);
}

InverseGamma::InverseGamma(std::string name, Var alpha, Var beta, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(alpha, beta, d); })) {}

}  // namespace kiln::pm
