// Poisson(mu).
#include "pm/distributions/distribution.hpp"

#include "pm/ops/special.hpp"

namespace kiln::pm {

namespace detail {
namespace {

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var& mu = p[0];
  Var res = xlogy0(value, mu) - kt::gammaln(value + 1.0) - mu;
  return check_parameters(in_support(kt::ge(value, 0), res), {kt::ge(mu, 0)}, "mu >= 0");
}

// cdf(k) = Q(k + 1, mu) = 1 - P(k + 1, mu).
Var logcdf(const Var& value, const std::vector<Var>& p) {
  const Var& mu = p[0];
  Var k1 = kt::floor(kt::maximum(value, Var(0.0))) + 1.0;
  Var res = in_support(kt::ge(value, 0), log_from_complements(ops::gammaincc(k1, mu), ops::gammainc(k1, mu)));
  return check_parameters(res, {kt::ge(mu, 0)}, "mu >= 0");
}

Var moment(const std::vector<Var>& p) { return kt::cast(kt::floor(p[0]), DType::int64); }

}  // namespace

const DistributionInfo& poisson_info() {
  static const DistributionInfo info{"Poisson", "Pois", "poisson", logp, logcdf, moment, nullptr};
  return info;
}

}  // namespace detail

Var Poisson::dist(Var mu, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("poisson"), {detail::floatx(mu)}, options);
}

Poisson::Poisson(std::string name, Var mu, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(mu, d); })) {}

}  // namespace kiln::pm
