// StudentT(nu, mu, sigma), on Aesara's t_rv.
#include "pm/distributions/distribution.hpp"

#include "pm/ops/special.hpp"

#include <cmath>

namespace kiln::pm {

namespace detail {
namespace {

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &nu = p[0], &mu = p[1], &sigma = p[2];
  Var res = kt::gammaln((nu + 1.0) / 2.0) - kt::gammaln(nu / 2.0) - 0.5 * kt::log(nu * M_PI) - kt::log(sigma) -
            (nu + 1.0) / 2.0 * kt::log1p(kt::sqr((value - mu) / sigma) / nu);
  return check_parameters(res, {nu > 0, sigma > 0}, "nu > 0, sigma > 0");
}

// The tail mass 0.5 I_{nu/(nu+t^2)}(nu/2, 1/2) is computed directly on both sides, so neither
// tail loses relative accuracy to 1 - cdf cancellation.
Var logcdf(const Var& value, const std::vector<Var>& p) {
  const Var &nu = p[0], &mu = p[1], &sigma = p[2];
  Var t = (value - mu) / sigma;
  Var tail = 0.5 * ops::betainc(nu / 2.0, Var(0.5), nu / (kt::sqr(t) + nu));
  Var res = kt::switch_(kt::lt(t, 0), kt::log(tail), kt::log1p(-tail));
  return check_parameters(res, {nu > 0, sigma > 0}, "nu > 0, sigma > 0");
}

Var moment(const std::vector<Var>& p) { return p[1]; }

}  // namespace

const DistributionInfo& studentt_info() {
  static const DistributionInfo info{"StudentT", "StudentT", "t", logp, logcdf, moment, nullptr};
  return info;
}

}  // namespace detail

Var StudentT::dist(Var nu, Var mu, Var sigma, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("studentt"), {detail::floatx(nu), mu, detail::floatx(sigma)}, options);
}

StudentT::StudentT(std::string name, Var nu, Var mu, Var sigma, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options,
                              [&](const DistOptions& d) { return dist(nu, mu, sigma, d); })) {}

Var StudentT::dist(Var nu, Var mu, const SigmaOrLam& params, const DistOptions& options) {
  const Var& given = detail::one_of("StudentT", "sigma", params.sigma, "lam", params.lam);
  return dist(std::move(nu), std::move(mu), params.sigma ? given : detail::sigma_from_precision(given), options);
}

StudentT::StudentT(std::string name, Var nu, Var mu, const SigmaOrLam& params, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options,
                              [&](const DistOptions& d) { return dist(nu, mu, params, d); })) {}

}  // namespace kiln::pm
