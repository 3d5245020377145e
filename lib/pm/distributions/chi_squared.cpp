// ChiSquared(nu) = Gamma(nu / 2, scale 2), on NumPy's chisquare_rv.
#include "pm/distributions/distribution.hpp"

namespace kiln::pm {

namespace detail {
namespace {

Var logp(const Var& value, const std::vector<Var>& p) {
  return check_parameters(gamma_logp(value, p[0] / 2.0, Var(2.0)), {p[0] > 0}, "nu > 0");
}

Var logcdf(const Var& value, const std::vector<Var>& p) {
  return check_parameters(gamma_logcdf(value, p[0] / 2.0, Var(2.0)), {p[0] > 0}, "nu > 0");
}

Var moment(const std::vector<Var>& p) { return p[0]; }

TransformPtr transform(const std::vector<Var>&) { return transforms::log; }

}  // namespace

const DistributionInfo& chi_squared_info() {
  static const DistributionInfo info{"ChiSquared", "ChiSquared", "chisquare", logp, logcdf, moment, transform};
  return info;
}

}  // namespace detail

Var ChiSquared::dist(Var nu, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("chisquare"), {detail::floatx(nu)}, options);
}

ChiSquared::ChiSquared(std::string name, Var nu, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(nu, d); })) {}

}  // namespace kiln::pm
