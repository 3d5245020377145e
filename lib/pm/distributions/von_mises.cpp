// VonMises(mu, kappa) on [-pi, pi]: kappa cos(x - mu) - log(2 pi I0(kappa)), with log I0 as
// log i0e(kappa) + kappa so large concentrations do not overflow; the circular transform and
// NumPy's vonmises draws, as PyMC. PyMC has no logcdf.
#include "pm/distributions/distribution.hpp"

#include "pm/ops/special.hpp"

#include <cmath>

namespace kiln::pm {

namespace detail {
namespace {

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &mu = p[0], &kappa = p[1];
  Var res = kappa * kt::cos(mu - value) - std::log(2 * M_PI) - (kt::log(ops::i0e(kappa)) + kappa);
  return check_parameters(in_support(kt::and_(kt::ge(value, -M_PI), kt::le(value, M_PI)), res), {kappa > 0},
                          "kappa > 0");
}

Var moment(const std::vector<Var>& p) { return p[0]; }

TransformPtr transform(const std::vector<Var>&) { return transforms::circular; }

}  // namespace

const DistributionInfo& von_mises_info() {
  static const DistributionInfo info{"VonMises", "VonMises", "vonmises", logp, nullptr, moment, transform};
  return info;
}

}  // namespace detail

Var VonMises::dist(Var mu, Var kappa, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("vonmises"), {detail::floatx(mu), detail::floatx(kappa)}, options);
}

VonMises::VonMises(std::string name, Var mu, Var kappa, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(mu, kappa, d); })) {}

}  // namespace kiln::pm
