// Beta(alpha, beta); logodds-transformed in a model.
#include "pm/distributions/distribution.hpp"

#include "pm/ops/special.hpp"

namespace kiln::pm {

namespace detail {
namespace {

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &alpha = p[0], &beta = p[1];
  Var res = (alpha - 1.0) * kt::log(value) + (beta - 1.0) * kt::log1p(-value) - betaln(alpha, beta);
  return check_parameters(in_support(kt::and_(kt::ge(value, 0), kt::le(value, 1)), res), {alpha > 0, beta > 0},
                          "alpha > 0, beta > 0");
}

// I_x(a, b) and its complement I_{1-x}(b, a): the smaller is computed directly.
Var logcdf(const Var& value, const std::vector<Var>& p) {
  const Var &alpha = p[0], &beta = p[1];
  Var x = kt::clip(value, Var(0.0), Var(1.0));
  Var res = log_from_complements(ops::betainc(alpha, beta, x), ops::betainc(beta, alpha, 1.0 - x));
  res = kt::switch_(kt::lt(value, 0), neg_inf(), kt::switch_(kt::ge(value, 1), Var(0.0), res));
  return check_parameters(res, {alpha > 0, beta > 0}, "alpha > 0, beta > 0");
}

Var moment(const std::vector<Var>& p) { return p[0] / (p[0] + p[1]); }

TransformPtr transform(const std::vector<Var>&) { return transforms::logodds; }

}  // namespace

const DistributionInfo& beta_info() {
  static const DistributionInfo info{"Beta", "Beta", "beta", logp, logcdf, moment, transform};
  return info;
}

}  // namespace detail

Var Beta::dist(Var alpha, Var beta, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("beta"), {detail::floatx(alpha), detail::floatx(beta)}, options);
}

Beta::Beta(std::string name, Var alpha, Var beta, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(alpha, beta, d); })) {}

// PyMC's get_alpha_beta: kappa = mu (1 - mu) / sigma^2 - 1, alpha = mu kappa, beta = (1 - mu) kappa.
Var Beta::dist(const AlphaBetaOrMuSigma& params, const DistOptions& options) {
  if (params.alpha || params.beta) {
    if (params.mu || params.sigma || !params.alpha || !params.beta)
      throw InputError("Beta: give alpha and beta, or mu and sigma");
    return dist(params.alpha, params.beta, options);
  }
  if (!params.mu || !params.sigma) throw InputError("Beta: give alpha and beta, or mu and sigma");
  Var mu = detail::floatx(params.mu);
  Var kappa = mu * (1.0 - mu) / kt::sqr(detail::floatx(params.sigma)) - 1.0;
  return dist(mu * kappa, (1.0 - mu) * kappa, options);
}

Beta::Beta(std::string name, const AlphaBetaOrMuSigma& params, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(params, d); })) {}

}  // namespace kiln::pm
