// Pareto(alpha, m), on SciPy's pareto_rv(b = alpha, scale = m); lower-bound-transformed at m.
#include "pm/distributions/distribution.hpp"

namespace kiln::pm {

namespace detail {
namespace {

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &alpha = p[0], &m = p[1];
  Var res = kt::log(alpha) + alpha * kt::log(m) - (alpha + 1.0) * kt::log(value);
  return check_parameters(in_support(kt::ge(value, m), res), {alpha > 0, m > 0}, "alpha > 0, m > 0");
}

// cdf = 1 - (m / x)^alpha.
Var logcdf(const Var& value, const std::vector<Var>& p) {
  const Var &alpha = p[0], &m = p[1];
  Var res = kt::log1mexp(alpha * (kt::log(m) - kt::log(kt::maximum(value, m))));
  return check_parameters(in_support(kt::ge(value, m), res), {alpha > 0, m > 0}, "alpha > 0, m > 0");
}

// The median, as PyMC.
Var moment(const std::vector<Var>& p) { return p[1] * kt::pow(Var(2.0), 1.0 / p[0]); }

TransformPtr transform(const std::vector<Var>& p) { return transforms::lower_bound(p[1]); }

}  // namespace

const DistributionInfo& pareto_info() {
  static const DistributionInfo info{"Pareto", "Pareto", "pareto", logp, logcdf, moment, transform};
  return info;
}

}  // namespace detail

Var Pareto::dist(Var alpha, Var m, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("pareto"), {detail::floatx(alpha), detail::floatx(m)}, options);
}

Pareto::Pareto(std::string name, Var alpha, Var m, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(alpha, m, d); })) {}

}  // namespace kiln::pm
