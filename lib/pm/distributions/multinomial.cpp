// Multinomial(n, p): counts over the last axis; p is normalised as in PyMC.
#include "pm/distributions/distribution.hpp"

#include "random/rv_multivariate.hpp"

namespace kiln::pm {

namespace detail {
namespace {

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &n = p[0], &prob = p[1];
  const int axis = value.ndim() - 1;
  Var res = kt::gammaln(n + 1.0) + kt::sum(-kt::gammaln(value + 1.0) + xlogy0(value, prob), axis);
  Var inside = kt::and_(kt::all(kt::ge(value, 0), std::vector<int>{axis}), kt::eq(kt::sum(value, axis), n));
  Var sums_to_one = kt::lt(kt::abs(kt::sum(prob, prob.ndim() - 1) - 1.0), 1e-9);
  return check_parameters(in_support(inside, res), {kt::ge(prob, 0), kt::le(prob, 1), sums_to_one, kt::ge(n, 0)},
                          "0 <= p <= 1, sum(p) = 1, n >= 0");
}

// n[..., None]: one n per row of p, as PyMC's shape_padright(n).
Var as_column(const Var& n) {
  std::vector<int> order;
  for (int axis = 0; axis < n.ndim(); ++axis) order.push_back(axis);
  order.push_back(-1);
  return kt::dimshuffle(n, order);
}

// PyMC's moment: round(n p) per row, and each row's rounding surplus (its n minus its sum,
// of either sign) added to its first category, so that every row sums to its n.
Var moment(const std::vector<Var>& p) {
  const Var &n = p[0], &prob = p[1];
  Var mode = kt::round(as_column(n) * prob);
  const int last = mode.ndim() - 1;
  Var surplus = n - kt::sum(mode, last);
  std::vector<kt::Index> first_category(static_cast<std::size_t>(last),
                                        kt::Index(kt::slice(std::nullopt, std::nullopt)));
  first_category.emplace_back(0);
  return kt::cast(kt::inc_subtensor(mode, first_category, surplus), DType::int64);
}

}  // namespace

const DistributionInfo& multinomial_info() {
  static const DistributionInfo info{"Multinomial", "MN", "multinomial", logp, nullptr, moment, nullptr};
  return info;
}

}  // namespace detail

Var Multinomial::dist(Var n, Var p, const DistOptions& options) {
  Var probs = detail::floatx(p);
  probs = probs / kt::sum(probs, std::vector<int>{probs.ndim() - 1}, true);
  return detail::make_rv(random::multinomial_random_variable(), {n, probs}, options);
}

Multinomial::Multinomial(std::string name, Var n, Var p, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(n, p, d); })) {}

}  // namespace kiln::pm
