// DiscreteWeibull(q, beta) on 0, 1, 2, ...: pmf q^(x^beta) - q^((x+1)^beta), cdf
// 1 - q^((x+1)^beta), as PyMC; the pmf's difference taken in log space (x^beta log q plus
// log(1 - q^((x+1)^beta - x^beta))) so the upper tail keeps its digits. Draws are PyMC's
// inversion of one uniform.
#include "pm/distributions/distribution.hpp"

namespace kiln::pm {

namespace detail {
namespace {

Var check(const Var& res, const std::vector<Var>& p) {
  return check_parameters(res, {kt::lt(0.0, p[0]), kt::lt(p[0], 1.0), p[1] > 0}, "0 < q < 1, beta > 0");
}

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &q = p[0], &beta = p[1];
  Var x = kt::cast(value, DType::float64);
  Var a = kt::pow(x, beta), b = kt::pow(x + 1.0, beta), log_q = kt::log(q);
  return check(in_support(kt::ge(value, 0), a * log_q + kt::log1mexp((b - a) * log_q)), p);
}

Var logcdf(const Var& value, const std::vector<Var>& p) {
  const Var &q = p[0], &beta = p[1];
  Var x = kt::cast(value, DType::float64);
  return check(in_support(kt::ge(value, 0), kt::log1mexp(kt::pow(x + 1.0, beta) * kt::log(q))), p);
}

// PyMC's support point: the median (log(1/2) / log q)^(1 / beta) - 1, as an int64 initial value.
Var moment(const std::vector<Var>& p) {
  return kt::cast(kt::pow(std::log(0.5) / kt::log(p[0]), kt::reciprocal(p[1])) - 1.0, DType::int64);
}

}  // namespace

const DistributionInfo& discrete_weibull_info() {
  static const DistributionInfo info{
      "DiscreteWeibull", "DiscreteWeibull", "discrete_weibull", logp, logcdf, moment, nullptr};
  return info;
}

}  // namespace detail

Var DiscreteWeibull::dist(Var q, Var beta, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("discrete_weibull"), {detail::floatx(q), detail::floatx(beta)}, options);
}

DiscreteWeibull::DiscreteWeibull(std::string name, Var q, Var beta, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(q, beta, d); })) {}

}  // namespace kiln::pm
