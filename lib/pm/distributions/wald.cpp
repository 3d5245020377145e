// Wald(mu, lam, alpha): the inverse Gaussian shifted by alpha, on NumPy's wald(mu, lam) + alpha
// as PyMC. The log-CDF is the inverse Gaussian's, log(Phi(r (q - 1)) + exp(2 lam / mu)
// Phi(-r (q + 1))) with q = x / mu, r = sqrt(lam / x), summed in log space. (PyMC's formula
// takes r = 1 / sqrt(lam x) and exp(2 / (lam mu)), which agree with this only at lam = 1;
// this is SciPy's invgauss cdf.)
#include "pm/distributions/distribution.hpp"

#include <cmath>

namespace kiln::pm {

namespace detail {
namespace {

Var check(const Var& res, const std::vector<Var>& p) {
  return check_parameters(res, {p[0] > 0, p[1] > 0, p[2] >= 0}, "mu > 0, lam > 0, alpha >= 0");
}

Var log_add_exp(const Var& a, const Var& b) {
  Var hi = kt::maximum(a, b);
  return hi + kt::log1p(kt::exp(-kt::abs(a - b)));
}

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &mu = p[0], &lam = p[1], &alpha = p[2];
  Var x = value - alpha;
  Var res = 0.5 * kt::log(lam / (2.0 * M_PI)) - 1.5 * kt::log(x) - 0.5 * lam / x * kt::sqr((x - mu) / mu);
  return check(in_support(kt::gt(x, 0), res), p);
}

Var logcdf(const Var& value, const std::vector<Var>& p) {
  const Var &mu = p[0], &lam = p[1], &alpha = p[2];
  Var x = value - alpha;
  Var q = x / mu, r = kt::sqrt(lam / x);
  Var res = log_add_exp(normal_lcdf(r * (q - 1.0)), 2.0 * lam / mu + normal_lcdf(-r * (q + 1.0)));
  return check(kt::switch_(kt::le(x, 0), neg_inf(), kt::switch_(kt::lt(x, HUGE_VAL), res, Var(0.0))), p);
}

// PyMC's support point: mu (not shifted by alpha).
Var moment(const std::vector<Var>& p) { return p[0]; }

TransformPtr transform(const std::vector<Var>&) { return transforms::log; }

}  // namespace

const DistributionInfo& wald_info() {
  static const DistributionInfo info{"Wald", "Wald", "wald", logp, logcdf, moment, transform};
  return info;
}

}  // namespace detail

Var Wald::dist(Var mu, Var lam, Var alpha, const DistOptions& options) {
  return detail::make_rv(detail::scalar_op("wald"), {detail::floatx(mu), detail::floatx(lam), detail::floatx(alpha)},
                         options);
}

Wald::Wald(std::string name, Var mu, Var lam, Var alpha, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options,
                              [&](const DistOptions& d) { return dist(mu, lam, alpha, d); })) {}

}  // namespace kiln::pm
