// Bernoulli(p), on NumPy's bernoulli_rv (binomial(1, p)).
#include "pm/distributions/distribution.hpp"

namespace kiln::pm {

namespace detail {
namespace {

Var checked(const Var& res, const Var& p) { return check_parameters(res, {kt::ge(p, 0), kt::le(p, 1)}, "0 <= p <= 1"); }

// With p = sigmoid(x) (PyMC's logit_p, and logistic regression's p), log p = -softplus(-x) and log(1 - p) =
// -softplus(x): one softplus of
// +-x, exact in both tails, whose gradient is value - p (log p's and log1p(-p)'s quotients by p
// would cost two divisions an element). sigmoid(x) is in [0, 1] unless x is NaN.
Var logit_logp(const Var& value, const Var& x) {
  Var res = -kt::softplus((1.0 - 2.0 * kt::cast(value, x.dtype())) * x);
  return check_parameters(in_support(kt::or_(kt::eq(value, 0), kt::eq(value, 1)), res), {kt::invert(kt::isnan(x))},
                          "0 <= p <= 1");
}

Var logp(const Var& value, const std::vector<Var>& p) {
  if (Var x = logit_of(p[0])) return logit_logp(value, x);
  Var res = kt::switch_(kt::eq(value, 1), kt::log(p[0]), kt::log1p(-p[0]));
  return checked(in_support(kt::or_(kt::eq(value, 0), kt::eq(value, 1)), res), p[0]);
}

Var logcdf(const Var& value, const std::vector<Var>& p) {
  Var res = kt::switch_(kt::lt(value, 0), neg_inf(), kt::switch_(kt::lt(value, 1), kt::log1p(-p[0]), Var(0.0)));
  return checked(res, p[0]);
}

Var moment(const std::vector<Var>& p) {
  return kt::switch_(kt::lt(p[0], 0.5), Var(std::int64_t{0}), Var(std::int64_t{1}));
}

}  // namespace

const DistributionInfo& bernoulli_info() {
  static const DistributionInfo info{"Bernoulli", "Bern", "bernoulli", logp, logcdf, moment, nullptr};
  return info;
}

}  // namespace detail

Var Bernoulli::dist(Var p, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("bernoulli"), {detail::floatx(p)}, options);
}

Bernoulli::Bernoulli(std::string name, Var p, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(p, d); })) {}

Var Bernoulli::dist(const ProbOrLogit& params, const DistOptions& options) {
  const Var& given = detail::one_of("Bernoulli", "p", params.p, "logit_p", params.logit_p);
  return dist(params.p ? given : kt::sigmoid(detail::floatx(given)), options);
}

Bernoulli::Bernoulli(std::string name, const ProbOrLogit& params, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(params, d); })) {}

}  // namespace kiln::pm
