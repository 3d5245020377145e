// DirichletMultinomial(n, a): counts over the last axis from Multinomial(n, p), p ~ Dirichlet(a)
// (PyMC's formula and condition); the moment is Multinomial(n, a / sum(a))'s.
#include "pm/distributions/distribution.hpp"

#include "random/rv_multivariate.hpp"

namespace kiln::pm {

namespace detail {
namespace {

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &n = p[0], &a = p[1];
  const int axis = value.ndim() - 1;
  Var sum_a = kt::sum(a, a.ndim() - 1);
  Var constant = kt::gammaln(n + 1.0) + kt::gammaln(sum_a) - kt::gammaln(n + sum_a);
  Var series = kt::gammaln(value + a) - (kt::gammaln(value + 1.0) + kt::gammaln(a));
  Var res = constant + kt::sum(series, axis);
  Var outside = kt::or_(kt::any(kt::lt(value, 0), axis), kt::neq(kt::sum(value, axis), n));
  return check_parameters(kt::switch_(outside, neg_inf(), res), {kt::gt(a, 0), kt::ge(n, 0)}, "a > 0, n >= 0");
}

Var moment(const std::vector<Var>& p) {
  const Var& a = p[1];
  return multinomial_info().moment({p[0], a / kt::sum(a, std::vector<int>{a.ndim() - 1}, true)});
}

}  // namespace

const DistributionInfo& dirichlet_multinomial_info() {
  static const DistributionInfo info{"DirichletMultinomial", "DirichletMN", "dirichlet_multinomial", logp, nullptr,
                                     moment, nullptr};
  return info;
}

}  // namespace detail

Var DirichletMultinomial::dist(Var n, Var a, const DistOptions& options) {
  return detail::make_rv(random::dirichlet_multinomial_random_variable(), {n, detail::floatx(a)}, options);
}

DirichletMultinomial::DirichletMultinomial(std::string name, Var n, Var a, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(n, a, d); })) {}

}  // namespace kiln::pm
