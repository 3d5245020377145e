// HyperGeometric(N, k, n): successes in n draws without replacement from N items of which k are
// successes. The op draws NumPy's hypergeometric(ngood = k, nbad = N - k, nsample = n), so its
// params are (good, bad, n) as PyMC's.
#include "pm/distributions/distribution.hpp"

#include <kiln/errors.hpp>

#include <algorithm>
#include <cmath>

namespace kiln::pm {

namespace detail {
namespace {

// PyMC's formula, on the support [max(0, n - bad), min(good, n)]; -inf outside it.
Var pmf_terms(const Var& value, const Var& good, const Var& bad, const Var& n) {
  Var tot = good + bad;
  Var result = betaln(good + 1.0, Var(1.0)) + betaln(bad + 1.0, Var(1.0)) + betaln(tot - n + 1.0, n + 1.0) -
               betaln(value + 1.0, good - value + 1.0) - betaln(n - value + 1.0, bad - n + value + 1.0) -
               betaln(tot + 1.0, Var(1.0));
  Var lower = kt::switch_(kt::gt(n - tot + good, 0), n - tot + good, Var(0));
  Var upper = kt::switch_(kt::lt(good, n), good, n);
  return kt::switch_(kt::lt(value, lower), neg_inf(), kt::switch_(kt::le(value, upper), result, neg_inf()));
}

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &good = p[0], &bad = p[1], &n = p[2];
  Var lower = kt::switch_(kt::gt(n - bad, 0), n - bad, Var(0));
  Var upper = kt::switch_(kt::lt(good, n), good, n);
  return check_parameters(pmf_terms(value, good, bad, n), {kt::le(lower, upper)}, "lower <= upper");
}

Var with_last_axis(const Var& x) {
  std::vector<int> order;
  for (int i = 0; i < x.ndim(); ++i) order.push_back(i);
  order.push_back(-1);
  return kt::dimshuffle(x, order);
}

// The largest value the support can reach, from whichever of n and k is a constant: the sum
// runs over 0..that along a new last axis (kiln has no arange of a symbolic length).
std::int64_t support_bound(const Var& good, const Var& n) {
  for (const Var* v : {&n, &good})
    if (v->is_constant()) {
      const Array a = v->constant_value();
      std::int64_t top = 0;
      for (std::int64_t i = 0; i < a.size(); ++i) top = std::max(top, a.get_as_int(i));
      return top;
    }
  throw ModelError("HyperGeometric.logcdf: n or k must be a constant (the sum over the support needs its length)");
}

// log of the pmf summed over 0..value: the log-sum-exp of those terms, or log1p(-sum of the
// terms above value) where the cdf passes 1/2, so both tails keep their digits.
Var logcdf(const Var& value, const std::vector<Var>& p) {
  const Var &good = p[0], &bad = p[1], &n = p[2];
  const std::int64_t bound = support_bound(good, n);
  std::vector<std::int64_t> ks(static_cast<std::size_t>(bound + 1));
  for (std::int64_t i = 0; i <= bound; ++i) ks[static_cast<std::size_t>(i)] = i;
  Var k = make_constant(Array(ks));
  Var v = with_last_axis(value);
  Var terms = pmf_terms(k, with_last_axis(good), with_last_axis(bad), with_last_axis(n));
  Var below = kt::le(k, v);
  Var lower = logsumexp_last(kt::switch_(below, terms, neg_inf()));
  Var upper = logsumexp_last(kt::switch_(below, neg_inf(), terms));
  Var res = kt::switch_(kt::lt(lower, -M_LN2), lower, kt::log1p(-kt::exp(upper)));
  res = kt::switch_(kt::lt(value, 0), neg_inf(), kt::switch_(kt::lt(value, n), res, Var(0.0)));
  Var total = good + bad;
  return check_parameters(res, {kt::gt(total, 0), kt::le(0, good), kt::le(good, total), kt::le(0, n), kt::le(n, total)},
                          "N > 0, 0 <= good <= N, 0 <= n <= N");
}

Var moment(const std::vector<Var>& p) {
  const Var &good = p[0], &bad = p[1], &n = p[2];
  return kt::cast(kt::floor((n + 1.0) * (good + 1.0) / (good + bad + 2.0)), DType::int64);
}

}  // namespace

const DistributionInfo& hypergeometric_info() {
  static const DistributionInfo info{"HyperGeometric", "HyperGeom", "hypergeometric", logp, logcdf, moment, nullptr};
  return info;
}

}  // namespace detail

Var HyperGeometric::dist(Var N, Var k, Var n, const DistOptions& options) {
  auto as_int = [](const Var& x) { return is_float(x.dtype()) ? kt::cast(x, DType::int64) : x; };
  Var good = as_int(k);
  return detail::make_rv(detail::scalar_op("hypergeometric"), {good, as_int(N) - good, as_int(n)}, options);
}

HyperGeometric::HyperGeometric(std::string name, Var N, Var k, Var n, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(N, k, n, d); })) {}

}  // namespace kiln::pm
