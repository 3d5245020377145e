// Gamma(alpha, beta), on NumPy's gamma_rv(shape = alpha, scale = 1 / beta) as PyMC does.
#include "pm/distributions/distribution.hpp"

#include "pm/ops/special.hpp"

namespace kiln::pm {

namespace detail {

// Shared with ChiSquared (Gamma(nu / 2, scale 2)).
Var gamma_logp(const Var& value, const Var& alpha, const Var& scale) {
  Var res = -kt::gammaln(alpha) - alpha * kt::log(scale) + (alpha - 1.0) * kt::log(value) - value / scale;
  return in_support(kt::ge(value, 0), res);
}

Var gamma_logcdf(const Var& value, const Var& alpha, const Var& scale) {
  Var x = kt::maximum(value, Var(0.0)) / scale;
  return in_support(kt::ge(value, 0), log_from_complements(ops::gammainc(alpha, x), ops::gammaincc(alpha, x)));
}

namespace {

Var logp(const Var& value, const std::vector<Var>& p) {
  return check_parameters(gamma_logp(value, p[0], p[1]), {p[0] > 0, p[1] > 0}, "alpha > 0, beta > 0");
}

Var logcdf(const Var& value, const std::vector<Var>& p) {
  return check_parameters(gamma_logcdf(value, p[0], p[1]), {p[0] > 0, p[1] > 0}, "alpha > 0, beta > 0");
}

Var moment(const std::vector<Var>& p) { return p[0] * p[1]; }

TransformPtr transform(const std::vector<Var>&) { return transforms::log; }

}  // namespace

const DistributionInfo& gamma_info() {
  static const DistributionInfo info{"Gamma", "Gamma", "gamma", logp, logcdf, moment, transform};
  return info;
}

}  // namespace detail

Var Gamma::dist(Var alpha, Var beta, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("gamma"), {detail::floatx(alpha), kt::reciprocal(detail::floatx(beta))},
                         options);
}

Gamma::Gamma(std::string name, Var alpha, Var beta, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(alpha, beta, d); })) {}

// PyMC's get_alpha_beta: alpha = mu^2 / sigma^2, beta = mu / sigma^2.
Var Gamma::dist(const AlphaBetaOrMuSigma& params, const DistOptions& options) {
  if (params.alpha || params.beta) {
    if (params.mu || params.sigma || !params.alpha || !params.beta)
      throw InputError("Gamma: give alpha and beta, or mu and sigma");
    return dist(params.alpha, params.beta, options);
  }
  if (!params.mu || !params.sigma) throw InputError("Gamma: give alpha and beta, or mu and sigma");
  Var mu = detail::floatx(params.mu), variance = kt::sqr(detail::floatx(params.sigma));
  return dist(kt::sqr(mu) / variance, mu / variance, options);
}

Gamma::Gamma(std::string name, const AlphaBetaOrMuSigma& params, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(params, d); })) {}

}  // namespace kiln::pm
