// Binomial(n, p).
#include "pm/distributions/distribution.hpp"

#include "pm/ops/special.hpp"

namespace kiln::pm {

namespace detail {
namespace {

Var checked(const Var& res, const std::vector<Var>& p) {
  return check_parameters(res, {kt::ge(p[0], 0), kt::ge(p[1], 0), kt::le(p[1], 1)}, "n >= 0, 0 <= p <= 1");
}

// With p = sigmoid(x): log p = -softplus(-x) and log(1 - p) = -softplus(x), exact in both tails.
Var logit_logp(const Var& value, const std::vector<Var>& p, const Var& x) {
  const Var& n = p[0];
  Var res = binomln(n, value) - value * kt::softplus(-x) - (n - value) * kt::softplus(x);
  res = in_support(kt::and_(kt::ge(value, 0), kt::le(value, n)), res);
  return check_parameters(res, {kt::ge(n, 0), kt::invert(kt::isnan(x))}, "n >= 0, 0 <= p <= 1");
}

Var logp(const Var& value, const std::vector<Var>& p) {
  if (Var x = logit_of(p[1])) return logit_logp(value, p, x);
  const Var &n = p[0], &prob = p[1];
  Var failures = n - value;
  Var res =
      binomln(n, value) + xlogy0(value, prob) + kt::switch_(kt::eq(failures, 0), Var(0.0), failures * kt::log1p(-prob));
  return checked(in_support(kt::and_(kt::ge(value, 0), kt::le(value, n)), res), p);
}

// cdf(k) = I_{1-p}(n - k, k + 1) = 1 - I_p(k + 1, n - k).
Var logcdf(const Var& value, const std::vector<Var>& p) {
  const Var &n = p[0], &prob = p[1];
  Var k = kt::floor(kt::clip(value, Var(0.0), n - 1.0));
  Var res = log_from_complements(ops::betainc(n - k, k + 1.0, 1.0 - prob), ops::betainc(k + 1.0, n - k, prob));
  res = kt::switch_(kt::lt(value, 0), neg_inf(), kt::switch_(kt::ge(value, n), Var(0.0), res));
  return checked(res, p);
}

// The mean rounded half to even, as PyMC's round(n p).
Var moment(const std::vector<Var>& p) { return kt::cast(kt::round(p[0] * p[1]), DType::int64); }

}  // namespace

const DistributionInfo& binomial_info() {
  static const DistributionInfo info{"Binomial", "Binom", "binomial", logp, logcdf, moment, nullptr};
  return info;
}

}  // namespace detail

Var Binomial::dist(Var n, Var p, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("binomial"), {n, detail::floatx(p)}, options);
}

Binomial::Binomial(std::string name, Var n, Var p, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(n, p, d); })) {}

Var Binomial::dist(Var n, const ProbOrLogit& params, const DistOptions& options) {
  const Var& given = detail::one_of("Binomial", "p", params.p, "logit_p", params.logit_p);
  return dist(std::move(n), params.p ? given : kt::sigmoid(detail::floatx(given)), options);
}

Binomial::Binomial(std::string name, Var n, const ProbOrLogit& params, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(n, params, d); })) {}

}  // namespace kiln::pm
