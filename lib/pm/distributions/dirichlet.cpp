// Dirichlet(a): vectors on the simplex (the last axis); simplex-transformed in a model.
#include "pm/distributions/distribution.hpp"

#include "random/rv_multivariate.hpp"

namespace kiln::pm {

namespace detail {
namespace {

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var& a = p[0];
  const int axis = value.ndim() - 1;
  Var res = kt::sum((a - 1.0) * kt::log(value), axis) - kt::sum(kt::gammaln(a), a.ndim() - 1) +
            kt::gammaln(kt::sum(a, a.ndim() - 1));
  Var inside = kt::all(kt::and_(kt::ge(value, 0), kt::le(value, 1)), std::vector<int>{axis});
  return check_parameters(in_support(inside, res), {a > 0}, "a > 0");
}

Var moment(const std::vector<Var>& p) { return p[0] / kt::sum(p[0], std::vector<int>{p[0].ndim() - 1}, true); }

TransformPtr transform(const std::vector<Var>&) { return transforms::simplex; }

}  // namespace

const DistributionInfo& dirichlet_info() {
  static const DistributionInfo info{"Dirichlet", "Dir", "dirichlet", logp, nullptr, moment, transform};
  return info;
}

}  // namespace detail

Var Dirichlet::dist(Var a, const DistOptions& options) {
  return detail::make_rv(random::dirichlet_random_variable(), {detail::floatx(a)}, options);
}

Dirichlet::Dirichlet(std::string name, Var a, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(a, d); })) {}

}  // namespace kiln::pm
