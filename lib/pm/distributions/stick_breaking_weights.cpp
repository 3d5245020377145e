// StickBreakingWeights(alpha, K): the K + 1 weights of a truncated stick-breaking process with
// Beta(1, alpha) fractions (PyMC's formula, condition and moment); simplex-transformed in a
// model. K must be a constant: it fixes the support's length.
#include "pm/distributions/distribution.hpp"

#include "random/rv_multivariate.hpp"

#include <kiln/errors.hpp>

namespace kiln::pm {

namespace detail {
namespace {

std::int64_t constant_k(const Var& k) { return k.constant_value().get_as_int(0); }

// PyMC's density; -inf outside the support: a weight outside (0, 1), weights whose sum is not 1
// within allclose's 1e-8 + 1e-5, or a length other than K + 1. (PyMC 5 tests "x <= 0 and
// x >= 1", never true, so a zero weight gives it NaN from the logs of zero; kiln keeps to the
// documented support.)
Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &alpha = p[0], &k = p[1];
  const std::int64_t n = constant_k(k) + 1;
  const int axis = value.ndim() - 1;
  if (const auto length = value.type().shape().back(); length && *length != n)
    return check_parameters(kt::zeros_like(kt::sum(value, axis)) + neg_inf(), {kt::gt(alpha, 0), kt::gt(k, 0)},
                            "alpha > 0, K > 0");
  // The tail sums sum_{i >= j} value_i, as value[..., :, None] * L summed over i with
  // L[i][j] = (i >= j) (kiln has no cumsum): the terms of PyMC's cumsum(value[..., ::-1]).
  Array lower = Array::empty(DType::float64, {n, n});
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t j = 0; j < n; ++j) lower.set_from_double(i * n + j, i >= j ? 1.0 : 0.0);
  Var tails = kt::sum(detail::pad_right(value) * make_constant(lower), axis);
  std::vector<kt::Index> last(static_cast<std::size_t>(axis), kt::Index(Slice{}));
  last.emplace_back(n - 1);
  Var res = -kt::sum(kt::log(tails), axis) - kt::cast(k, DType::float64) * betaln(Var(1.0), alpha) +
            alpha * kt::log(kt::subtensor(value, last));
  Var outside = kt::or_(kt::any(kt::or_(kt::le(value, 0), kt::ge(value, 1)), axis),
                        kt::gt(kt::abs(kt::sum(value, axis) - 1.0), 1e-8 + 1e-5));
  return check_parameters(kt::switch_(outside, neg_inf(), res), {kt::gt(alpha, 0), kt::gt(k, 0)}, "alpha > 0, K > 0");
}

// (alpha / (1 + alpha))^j / (1 + alpha) for j < K, then (alpha / (1 + alpha))^K.
Var moment(const std::vector<Var>& p) {
  const std::int64_t k = constant_k(p[1]);
  std::vector<double> powers;
  for (std::int64_t j = 0; j < k; ++j) powers.push_back(static_cast<double>(j));
  Var alpha = detail::pad_right(p[0]);
  Var ratio = alpha / (1.0 + alpha);
  Var head = kt::pow(ratio, make_constant(Array(powers))) / (1.0 + alpha);
  return kt::concatenate({head, kt::pow(ratio, Var(static_cast<double>(k)))}, head.ndim() - 1);
}

TransformPtr transform(const std::vector<Var>&) { return transforms::simplex; }

}  // namespace

const DistributionInfo& stick_breaking_weights_info() {
  static const DistributionInfo info{"StickBreakingWeights", "StickBreakingWeights", "stick_breaking_weights",
                                     logp, nullptr, moment, transform};
  return info;
}

}  // namespace detail

Var StickBreakingWeights::dist(Var alpha, Var K, const DistOptions& options) {
  if (!K.is_constant() || is_float(K.dtype()) || K.ndim() != 0)
    throw InputError("StickBreakingWeights: K must be a constant integer scalar (it fixes the support's length)");
  return detail::make_rv(random::stick_breaking_weights_random_variable(), {detail::floatx(alpha), K}, options);
}

StickBreakingWeights::StickBreakingWeights(std::string name, Var alpha, Var K, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(alpha, K, d); })) {}

}  // namespace kiln::pm
