// Weibull(alpha, beta): beta * NumPy's weibull(alpha), on a RandomVariable of its own (as
// PyMC's WeibullBetaRV); log-transformed in a model.
#include "pm/distributions/distribution.hpp"

#include "random/rv_draws.hpp"

namespace kiln::pm {

namespace detail {
namespace {

const random::ScalarDistribution weibull_beta_rv{
    "weibull_beta", "weibull_beta",
    {{"alpha", random::Constraint::positive}, {"beta", random::Constraint::positive}}, DType::float64,
    [](random::GeneratorState& s, random::ParamValues v) { return v.real[1] * random::weibull(s, v.real[0]); },
    nullptr, nullptr, nullptr};

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &alpha = p[0], &beta = p[1];
  Var res = kt::log(alpha) - kt::log(beta) + (alpha - 1.0) * kt::log(value / beta) - kt::pow(value / beta, alpha);
  return check_parameters(in_support(kt::ge(value, 0), res), {alpha > 0, beta > 0}, "alpha > 0, beta > 0");
}

Var logcdf(const Var& value, const std::vector<Var>& p) {
  const Var &alpha = p[0], &beta = p[1];
  Var res = kt::log1mexp(-kt::pow(kt::maximum(value, Var(0.0)) / beta, alpha));
  return check_parameters(in_support(kt::ge(value, 0), res), {alpha > 0, beta > 0}, "alpha > 0, beta > 0");
}

Var moment(const std::vector<Var>& p) { return p[1] * kt::exp(kt::gammaln(1.0 + 1.0 / p[0])); }

TransformPtr transform(const std::vector<Var>&) { return transforms::log; }

}  // namespace

const DistributionInfo& weibull_info() {
  static const DistributionInfo info{"Weibull", "Weibull", "weibull_beta", logp, logcdf, moment, transform};
  return info;
}

}  // namespace detail

Var Weibull::dist(Var alpha, Var beta, const DistOptions& options) {
  static const auto op = std::make_shared<random::ScalarRandomVariable>(detail::weibull_beta_rv);
  return detail::make_rv(op, {detail::floatx(alpha), detail::floatx(beta)}, options);
}

Weibull::Weibull(std::string name, Var alpha, Var beta, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(alpha, beta, d); })) {}

}  // namespace kiln::pm
