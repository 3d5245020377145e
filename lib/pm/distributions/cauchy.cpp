// Cauchy(alpha, beta).
#include "pm/distributions/distribution.hpp"

#include <cmath>

namespace kiln::pm {

namespace detail {
namespace {

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &alpha = p[0], &beta = p[1];
  Var res = -std::log(M_PI) - kt::log(beta) - kt::log1p(kt::sqr((value - alpha) / beta));
  return check_parameters(res, {beta > 0}, "beta > 0");
}

// 1/2 + atan(z)/pi cancels in both tails; there the tail mass atan(1/|z|)/pi is used instead.
Var logcdf(const Var& value, const std::vector<Var>& p) {
  const Var &alpha = p[0], &beta = p[1];
  Var z = (value - alpha) / beta;
  Var tail = kt::arctan(1.0 / kt::abs(z)) / M_PI;
  Var res = kt::switch_(kt::lt(z, -1.0), kt::log(tail),
                        kt::switch_(kt::gt(z, 1.0), kt::log1p(-tail), kt::log(0.5 + kt::arctan(z) / M_PI)));
  return check_parameters(res, {beta > 0}, "beta > 0");
}

Var moment(const std::vector<Var>& p) { return p[0]; }

}  // namespace

const DistributionInfo& cauchy_info() {
  static const DistributionInfo info{"Cauchy", "C", "cauchy", logp, logcdf, moment, nullptr};
  return info;
}

}  // namespace detail

Var Cauchy::dist(Var alpha, Var beta, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("cauchy"), {alpha, detail::floatx(beta)}, options);
}

Cauchy::Cauchy(std::string name, Var alpha, Var beta, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(alpha, beta, d); })) {}

}  // namespace kiln::pm
