// Logistic(mu, s). softplus keeps both tails finite where log1p(exp(-z)) would overflow.
#include "pm/distributions/distribution.hpp"

namespace kiln::pm {

namespace detail {
namespace {

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &mu = p[0], &s = p[1];
  Var z = (value - mu) / s;
  Var res = -z - kt::log(s) - 2.0 * kt::softplus(-z);
  return check_parameters(res, {s > 0}, "s > 0");
}

Var logcdf(const Var& value, const std::vector<Var>& p) {
  const Var &mu = p[0], &s = p[1];
  return check_parameters(-kt::softplus(-(value - mu) / s), {s > 0}, "s > 0");
}

Var moment(const std::vector<Var>& p) { return p[0]; }

}  // namespace

const DistributionInfo& logistic_info() {
  static const DistributionInfo info{"Logistic", "Logistic", "logistic", logp, logcdf, moment, nullptr};
  return info;
}

}  // namespace detail

Var Logistic::dist(Var mu, Var s, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("logistic"), {mu, detail::floatx(s)}, options);
}

Logistic::Logistic(std::string name, Var mu, Var s, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(mu, s, d); })) {}

}  // namespace kiln::pm
