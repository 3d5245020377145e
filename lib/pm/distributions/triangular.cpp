// Triangular(lower, c, upper), on NumPy's triangular_rv(left, mode, right); interval-transformed
// in a model, as PyMC.
#include "pm/distributions/distribution.hpp"

namespace kiln::pm {

namespace detail {
namespace {

Var checked(const Var& res, const std::vector<Var>& p) {
  return check_parameters(res, {kt::le(p[0], p[1]), kt::le(p[1], p[2])}, "lower <= c <= upper");
}

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &lower = p[0], &c = p[1], &upper = p[2];
  Var res = kt::switch_(kt::lt(value, c), kt::log(2.0 * (value - lower) / ((upper - lower) * (c - lower))),
                        kt::log(2.0 * (upper - value) / ((upper - lower) * (upper - c))));
  return checked(in_support(kt::and_(kt::le(lower, value), kt::le(value, upper)), res), p);
}

Var logcdf(const Var& value, const std::vector<Var>& p) {
  const Var &lower = p[0], &c = p[1], &upper = p[2];
  Var res = kt::switch_(
      kt::le(value, lower), neg_inf(),
      kt::switch_(kt::le(value, c), kt::log(kt::sqr(value - lower) / ((upper - lower) * (c - lower))),
                  kt::switch_(kt::lt(value, upper),
                              kt::log1p(-kt::sqr(upper - value) / ((upper - lower) * (upper - c))), Var(0.0))));
  return checked(res, p);
}

// The mean, as PyMC's moment.
Var moment(const std::vector<Var>& p) { return (p[0] + p[1] + p[2]) / 3.0; }

TransformPtr transform(const std::vector<Var>& p) { return transforms::interval(p[0], p[2]); }

}  // namespace

const DistributionInfo& triangular_info() {
  static const DistributionInfo info{"Triangular", "Triangular", "triangular", logp, logcdf, moment, transform};
  return info;
}

}  // namespace detail

Var Triangular::dist(Var lower, Var c, Var upper, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("triangular"),
                         {detail::floatx(lower), detail::floatx(c), detail::floatx(upper)}, options);
}

Triangular::Triangular(std::string name, Var lower, Var c, Var upper, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options,
                              [&](const DistOptions& d) { return dist(lower, c, upper, d); })) {}

}  // namespace kiln::pm
