// Uniform(lower, upper); interval-transformed in a model. lower == upper passes the check, as
// in PyMC (the density at that one point is +inf).
#include "pm/distributions/distribution.hpp"

namespace kiln::pm {

namespace detail {
namespace {

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &lower = p[0], &upper = p[1];
  Var res = in_support(kt::and_(kt::ge(value, lower), kt::le(value, upper)), -kt::log(upper - lower));
  return check_parameters(res, {kt::le(lower, upper)}, "lower <= upper");
}

Var logcdf(const Var& value, const std::vector<Var>& p) {
  const Var &lower = p[0], &upper = p[1];
  Var inside = kt::log(value - lower) - kt::log(upper - lower);
  Var res = kt::switch_(kt::lt(value, lower), neg_inf(), kt::switch_(kt::lt(value, upper), inside, Var(0.0)));
  return check_parameters(res, {kt::le(lower, upper)}, "lower <= upper");
}

Var moment(const std::vector<Var>& p) { return (p[0] + p[1]) / 2.0; }

TransformPtr transform(const std::vector<Var>& p) { return transforms::interval(p[0], p[1]); }

}  // namespace

const DistributionInfo& uniform_info() {
  static const DistributionInfo info{"Uniform", "U", "uniform", logp, logcdf, moment, transform};
  return info;
}

}  // namespace detail

Var Uniform::dist(Var lower, Var upper, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("uniform"), {detail::floatx(lower), detail::floatx(upper)}, options);
}

Uniform::Uniform(std::string name, Var lower, Var upper, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(lower, upper, d); })) {}

}  // namespace kiln::pm
