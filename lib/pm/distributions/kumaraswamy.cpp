// Kumaraswamy(a, b) on (0, 1): PyMC's density, cdf 1 - (1 - x^a)^b, mean and logodds
// transform; draws by PyMC's inversion of one uniform. 1 - x^a is -expm1(a log x), which keeps
// its digits as x nears 1.
#include "pm/distributions/distribution.hpp"

namespace kiln::pm {

namespace detail {
namespace {

// log(1 - x^a)
Var log1m_pow(const Var& x, const Var& a) { return kt::log1mexp(a * kt::log(x)); }

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &a = p[0], &b = p[1];
  Var res = kt::log(a) + kt::log(b) + (a - 1.0) * kt::log(value) + (b - 1.0) * log1m_pow(value, a);
  return check_parameters(in_support(kt::and_(kt::ge(value, 0), kt::le(value, 1)), res), {a > 0, b > 0},
                          "a > 0, b > 0");
}

// log(1 - (1 - u)^b), u = x^a: where u < 1e-13 (and may underflow) the series
// log(b u) + log1p(-(b - 1) u / 2), whose next term is below 1e-25 relative.
Var logcdf(const Var& value, const std::vector<Var>& p) {
  const Var &a = p[0], &b = p[1];
  Var log_u = a * kt::log(value);
  Var series = kt::log(b) + log_u + kt::log1p(-(b - 1.0) * kt::exp(log_u) / 2.0);
  Var exact = kt::log1mexp(b * kt::log1mexp(kt::maximum(log_u, Var(-30.0))));
  Var inside = kt::switch_(kt::lt(log_u, -30.0), series, exact);
  Var res = kt::switch_(kt::le(value, 0), neg_inf(), kt::switch_(kt::lt(value, 1), inside, Var(0.0)));
  return check_parameters(res, {a > 0, b > 0}, "a > 0, b > 0");
}

// The mean b B(1 + 1/a, b), as PyMC's moment.
Var moment(const std::vector<Var>& p) {
  const Var &a = p[0], &b = p[1];
  return kt::exp(kt::log(b) + kt::gammaln(1.0 + kt::reciprocal(a)) + kt::gammaln(b) -
                 kt::gammaln(1.0 + kt::reciprocal(a) + b));
}

TransformPtr transform(const std::vector<Var>&) { return transforms::logodds; }

}  // namespace

const DistributionInfo& kumaraswamy_info() {
  static const DistributionInfo info{"Kumaraswamy", "Kumaraswamy", "kumaraswamy", logp, logcdf, moment, transform};
  return info;
}

}  // namespace detail

Var Kumaraswamy::dist(Var a, Var b, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("kumaraswamy"), {detail::floatx(a), detail::floatx(b)}, options);
}

Kumaraswamy::Kumaraswamy(std::string name, Var a, Var b, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(a, b, d); })) {}

}  // namespace kiln::pm
