// Exponential(lam), on NumPy's exponential_rv(scale = 1 / lam) as PyMC does: the formulas
// read the scale back from the node.
#include "pm/distributions/distribution.hpp"

namespace kiln::pm {

namespace detail {
namespace {

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var& scale = p[0];
  Var res = -kt::log(scale) - value / scale;
  return check_parameters(in_support(kt::ge(value, 0), res), {scale > 0}, "lam > 0");
}

Var logcdf(const Var& value, const std::vector<Var>& p) {
  const Var& scale = p[0];
  Var res = kt::log1mexp(-value / scale);
  return check_parameters(in_support(kt::ge(value, 0), res), {scale > 0}, "lam > 0");
}

Var moment(const std::vector<Var>& p) { return p[0]; }

TransformPtr transform(const std::vector<Var>&) { return transforms::log; }

}  // namespace

const DistributionInfo& exponential_info() {
  static const DistributionInfo info{"Exponential", "Exp", "exponential", logp, logcdf, moment, transform};
  return info;
}

}  // namespace detail

Var Exponential::dist(Var lam, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("exponential"), {kt::reciprocal(detail::floatx(lam))}, options);
}

Exponential::Exponential(std::string name, Var lam, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(lam, d); })) {}

}  // namespace kiln::pm
