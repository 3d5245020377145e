// What the zero-inflated distributions share: PyMC builds each as a Mixture of DiracDelta(0)
// (weight 1 - psi) and its count distribution (weight psi), so the log-density, log-CDF, moment
// and the check on psi are the mixture's.
#include "pm/distributions/distribution.hpp"

#include <cmath>

namespace kiln::pm::detail {

namespace {

// log(exp(a) + exp(b)); exact when one side is -inf.
Var log_add_exp(const Var& a, const Var& b) {
  Var hi = kt::maximum(a, b);
  return hi + kt::log1p(kt::exp(-kt::abs(a - b)));
}

Var check_psi(const Var& res, const Var& psi) {
  return check_parameters(res, {kt::ge(psi, 0), kt::le(psi, 1)}, "0 <= weights <= 1, 1 == sum(weights)");
}

}  // namespace

Var zero_inflated_logp(const Var& value, const Var& psi, const Var& count_logp, const Var& count_logp_at_zero) {
  Var at_zero = log_add_exp(kt::log1p(-psi), kt::log(psi) + count_logp_at_zero);
  return check_psi(kt::switch_(kt::eq(value, 0), at_zero, kt::log(psi) + count_logp), psi);
}

// log(1 - psi + psi cdf): where the count's cdf is above 1/2 this is log1p(-psi sf), which
// keeps its digits as it nears 0 (the log-space sum would cancel).
Var zero_inflated_logcdf(const Var& value, const Var& psi, const Var& count_logcdf) {
  Var res = kt::switch_(kt::gt(count_logcdf, -M_LN2), kt::log1p(psi * kt::expm1(count_logcdf)),
                        log_add_exp(kt::log1p(-psi), kt::log(psi) + count_logcdf));
  return check_psi(in_support(kt::ge(value, 0), res), psi);
}

Var zero_inflated_moment(const Var& psi, const Var& count_moment) {
  return kt::cast(kt::round(psi * count_moment), DType::int64);
}

}  // namespace kiln::pm::detail
