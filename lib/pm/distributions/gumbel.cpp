// Gumbel(mu, beta).
#include "pm/distributions/distribution.hpp"

namespace kiln::pm {

namespace detail {
namespace {

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &mu = p[0], &beta = p[1];
  Var z = (value - mu) / beta;
  return check_parameters(-z - kt::exp(-z) - kt::log(beta), {beta > 0}, "beta > 0");
}

Var logcdf(const Var& value, const std::vector<Var>& p) {
  const Var &mu = p[0], &beta = p[1];
  return check_parameters(-kt::exp(-(value - mu) / beta), {beta > 0}, "beta > 0");
}

// The mean: mu + beta * Euler's constant.
Var moment(const std::vector<Var>& p) { return p[0] + p[1] * 0.5772156649015329; }

}  // namespace

const DistributionInfo& gumbel_info() {
  static const DistributionInfo info{"Gumbel", "Gumbel", "gumbel", logp, logcdf, moment, nullptr};
  return info;
}

}  // namespace detail

Var Gumbel::dist(Var mu, Var beta, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("gumbel"), {mu, detail::floatx(beta)}, options);
}

Gumbel::Gumbel(std::string name, Var mu, Var beta, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(mu, beta, d); })) {}

}  // namespace kiln::pm
