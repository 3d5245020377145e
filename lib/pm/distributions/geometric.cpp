// Geometric(p): trials up to and including the first success (support 1, 2, ...). p = 0 passes
// the check, as in PyMC: no success ever, so every value has log-mass -inf.
#include "pm/distributions/distribution.hpp"

namespace kiln::pm {

namespace detail {
namespace {

Var checked(const Var& res, const Var& p) {
  return check_parameters(res, {kt::ge(p, 0), kt::le(p, 1)}, "0 <= p <= 1");
}

Var logp(const Var& value, const std::vector<Var>& p) {
  Var res = (value - 1.0) * kt::log1p(-p[0]) + kt::log(p[0]);
  return checked(in_support(kt::ge(value, 1), res), p[0]);
}

// cdf(k) = 1 - (1 - p)^k.
Var logcdf(const Var& value, const std::vector<Var>& p) {
  Var k = kt::floor(kt::maximum(value, Var(1.0)));
  return checked(in_support(kt::ge(value, 1), kt::log1mexp(k * kt::log1p(-p[0]))), p[0]);
}

Var moment(const std::vector<Var>& p) { return kt::cast(kt::round(1.0 / p[0]), DType::int64); }

}  // namespace

const DistributionInfo& geometric_info() {
  static const DistributionInfo info{"Geometric", "Geom", "geometric", logp, logcdf, moment, nullptr};
  return info;
}

}  // namespace detail

Var Geometric::dist(Var p, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("geometric"), {detail::floatx(p)}, options);
}

Geometric::Geometric(std::string name, Var p, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(p, d); })) {}

}  // namespace kiln::pm
