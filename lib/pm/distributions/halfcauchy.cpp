// HalfCauchy(beta): halfcauchy_rv with loc 0; log-transformed in a model.
#include "pm/distributions/distribution.hpp"

#include <cmath>

namespace kiln::pm {

namespace detail {
namespace {

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &loc = p[0], &beta = p[1];
  Var res = std::log(2.0 / M_PI) - kt::log(beta) - kt::log1p(kt::sqr((value - loc) / beta));
  return check_parameters(in_support(kt::ge(value, loc), res), {beta > 0}, "beta > 0");
}

// cdf = 2 atan(z)/pi; above z = 1 it is 1 - 2 atan(1/z)/pi, taken through log1p.
Var logcdf(const Var& value, const std::vector<Var>& p) {
  const Var &loc = p[0], &beta = p[1];
  Var z = (value - loc) / beta;
  Var res = kt::switch_(kt::gt(z, 1.0), kt::log1p(-2.0 * kt::arctan(1.0 / z) / M_PI), kt::log(2.0 * kt::arctan(z) / M_PI));
  return check_parameters(in_support(kt::ge(value, loc), res), {beta > 0}, "beta > 0");
}

Var moment(const std::vector<Var>& p) { return p[0] + p[1]; }

TransformPtr transform(const std::vector<Var>&) { return transforms::log; }

}  // namespace

const DistributionInfo& halfcauchy_info() {
  static const DistributionInfo info{"HalfCauchy", "C**+", "halfcauchy", logp, logcdf, moment, transform};
  return info;
}

}  // namespace detail

Var HalfCauchy::dist(Var beta, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("halfcauchy"), {Var(0), detail::floatx(beta)}, options);
}

HalfCauchy::HalfCauchy(std::string name, Var beta, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(beta, d); })) {}

}  // namespace kiln::pm
