// What the hurdle distributions share: PyMC builds each as a Mixture of DiracDelta(0) (weight
// 1 - psi) and its distribution truncated below (weight psi) at 1 for counts and at the float
// epsilon for continuous ones, so 0 carries log(1 - psi) and a value past the bound
// log(psi) + logp - log P(X >= bound).
#include "pm/distributions/distribution.hpp"

#include <cmath>
#include <limits>

namespace kiln::pm::detail {

namespace {

Var check_psi(const Var& res, const Var& psi) {
  return check_parameters(res, {kt::ge(psi, 0), kt::le(psi, 1)}, "0 <= weights <= 1, 1 == sum(weights)");
}

// The truncation bound, and where the inner log-CDF is read for the mass below it (F(0) = P(X < 1)).
double lower_bound(bool discrete) { return discrete ? 1.0 : std::numeric_limits<double>::epsilon(); }
double below_lower(bool discrete) { return discrete ? 0.0 : std::numeric_limits<double>::epsilon(); }

Var log_add_exp(const Var& a, const Var& b) {
  Var hi = kt::maximum(a, b);
  return hi + kt::log1p(kt::exp(-kt::abs(a - b)));
}

// The inner terms are read at the value where it is past the bound, else at bound + 1 (where
// the switches drop them): at 0 a Gamma's log-density is infinite, and at the bound the
// truncated cdf's log is, and either would reach the gradient through the switch as 0 * inf.
Var past_bound(const Var& value, bool discrete) {
  return kt::switch_(kt::ge(value, lower_bound(discrete)), value, kt::second(value, Var(lower_bound(discrete) + 1.0)));
}

}  // namespace

Var hurdle_logp(const DistributionInfo& inner, bool discrete, const Var& value, const Var& psi,
                const std::vector<Var>& params) {
  Var like = kt::cast(value, DType::float64);
  Var log_mass = kt::log1mexp(inner.logcdf(kt::second(like, Var(below_lower(discrete))), params));
  Var positive = kt::switch_(kt::ge(value, lower_bound(discrete)),
                             kt::log(psi) + inner.logp(past_bound(value, discrete), params) - log_mass, neg_inf());
  return check_psi(kt::switch_(kt::eq(value, 0), kt::log1p(-psi), positive), psi);
}

// log(1 - psi + psi F_t(x)) with F_t the truncated cdf: where F_t nears 1, log1p(-psi S_t)
// from the truncated survival function S_t = S(x) / S(bound), which keeps its digits.
Var hurdle_logcdf(const DistributionInfo& inner, bool discrete, const Var& value, const Var& psi,
                  const std::vector<Var>& params) {
  Var like = kt::cast(value, DType::float64);
  Var log_cdf_below = inner.logcdf(kt::second(like, Var(below_lower(discrete))), params);
  Var log_mass = kt::log1mexp(log_cdf_below);
  Var log_cdf = inner.logcdf(past_bound(value, discrete), params);
  Var log_sf_t = kt::log1mexp(log_cdf) - log_mass;
  Var log_cdf_t = log_diff_exp(log_cdf, log_cdf_below) - log_mass;
  Var above = kt::switch_(kt::lt(log_sf_t, -M_LN2), kt::log1p(-psi * kt::exp(log_sf_t)),
                          log_add_exp(kt::log1p(-psi), kt::log(psi) + log_cdf_t));
  Var res = kt::switch_(kt::lt(value, 0), neg_inf(),
                        kt::switch_(kt::lt(value, lower_bound(discrete)), kt::log1p(-psi), above));
  return check_psi(res, psi);
}

// PyMC's mixture support point psi * m, m the truncated one: the inner moment where it is past
// the bound, else bound + 1 (PyMC's fallback for a lower bound only); counts round it to int64.
Var hurdle_moment(bool discrete, const Var& psi, const Var& inner_moment) {
  const double bound = lower_bound(discrete);
  Var truncated = kt::switch_(kt::ge(inner_moment, bound), inner_moment, Var(bound + 1.0));
  return discrete ? zero_inflated_moment(psi, truncated) : psi * truncated;
}

}  // namespace kiln::pm::detail
