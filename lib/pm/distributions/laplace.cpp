// Laplace(mu, b).
#include "pm/distributions/distribution.hpp"

#include <cmath>

namespace kiln::pm {

namespace detail {
namespace {

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &mu = p[0], &b = p[1];
  Var res = -kt::log(2.0 * b) - kt::abs(value - mu) / b;
  return check_parameters(res, {b > 0}, "b > 0");
}

Var logcdf(const Var& value, const std::vector<Var>& p) {
  const Var &mu = p[0], &b = p[1];
  Var y = (value - mu) / b;
  Var res = kt::switch_(kt::lt(y, 0), std::log(0.5) + y, kt::log1p(-0.5 * kt::exp(-y)));
  return check_parameters(res, {b > 0}, "b > 0");
}

Var moment(const std::vector<Var>& p) { return p[0]; }

}  // namespace

const DistributionInfo& laplace_info() {
  static const DistributionInfo info{"Laplace", "Laplace", "laplace", logp, logcdf, moment, nullptr};
  return info;
}

}  // namespace detail

Var Laplace::dist(Var mu, Var b, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("laplace"), {mu, detail::floatx(b)}, options);
}

Laplace::Laplace(std::string name, Var mu, Var b, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(mu, b, d); })) {}

}  // namespace kiln::pm
