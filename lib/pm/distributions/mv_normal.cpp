// MvNormal(mu, cov | chol | tau), on NumPy's multivariate_normal_rv(mean, cov).
#include "pm/distributions/distribution.hpp"

#include "pm/ops/linalg.hpp"
#include "random/rv_multivariate.hpp"

namespace kiln::pm {

namespace detail {
namespace {

Var logp(const Var& value, const std::vector<Var>& p) {
  auto [res, posdef] = ops::mvnormal_logp(value - p[0], p[1]);
  return check_parameters(res, {posdef}, "posdef");
}

Var moment(const std::vector<Var>& p) { return p[0]; }

}  // namespace

const DistributionInfo& mv_normal_info() {
  static const DistributionInfo info{"MvNormal", "MvNormal", "multivariate_normal", logp, nullptr, moment, nullptr};
  return info;
}

}  // namespace detail

Var MvNormal::dist(Var mu, const MvNormalScale& scale, const DistOptions& options) {
  const int given = (scale.cov ? 1 : 0) + (scale.chol ? 1 : 0) + (scale.tau ? 1 : 0);
  if (given != 1) throw InputError("MvNormal: give exactly one of cov, chol and tau");
  // chol's lower triangle is the factor (PyMC tags it lower_triangular): its logp solves with
  // it directly (ops::quaddist_chol), with no Cholesky of chol chol'.
  Var chol = scale.chol ? kt::tril(detail::floatx(scale.chol)) : Var();
  Var cov = scale.cov    ? detail::floatx(scale.cov)
            : scale.chol ? kt::dot(chol, kt::transpose(chol))
                         : ops::spd_inverse(detail::floatx(scale.tau));
  return detail::make_rv(random::multivariate_normal_random_variable(), {detail::floatx(mu), cov}, options);
}

Var MvNormal::dist(Var mu, Var cov, const DistOptions& options) {
  return dist(std::move(mu), MvNormalScale{.cov = std::move(cov)}, options);
}

MvNormal::MvNormal(std::string name, Var mu, const MvNormalScale& scale, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(mu, scale, d); })) {}

MvNormal::MvNormal(std::string name, Var mu, Var cov, const VarOptions& options)
    : MvNormal(std::move(name), std::move(mu), MvNormalScale{.cov = std::move(cov)}, options) {}

}  // namespace kiln::pm
