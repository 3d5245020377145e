// MvStudentT(nu, mu, scale | chol | tau), PyMC's logp through the scale's Cholesky factor, and
// its draw mu + z / sqrt(chi2(nu) / nu) with z ~ N(0, scale).
#include "pm/distributions/distribution.hpp"

#include <kiln/pm/multivariate.hpp>

#include "pm/ops/linalg.hpp"
#include "random/rv_matrix.hpp"

#include <numbers>

namespace kiln::pm {

namespace detail {
namespace {

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var& nu = p[0];
  auto [quad, half_logdet, k, posdef] = ops::quaddist_chol(value - p[1], p[2], "MvStudentT");
  Var norm = kt::gammaln((nu + k) / 2.0) - kt::gammaln(nu / 2.0) - 0.5 * k * kt::log(nu * std::numbers::pi);
  Var res = norm - (nu + k) / 2.0 * kt::log1p(quad / nu) - half_logdet;
  return check_parameters(res, {posdef, nu > 0}, "posdef, nu > 0");
}

Var moment(const std::vector<Var>& p) { return p[1]; }

}  // namespace

const DistributionInfo& mv_studentt_info() {
  static const DistributionInfo info{"MvStudentT", "MvStudentT", "multivariate_studentt", logp, nullptr, moment, nullptr};
  return info;
}

}  // namespace detail

Var MvStudentT::dist(Var nu, Var mu, const MvStudentTScale& s, const DistOptions& options) {
  const int given = (s.scale ? 1 : 0) + (s.chol ? 1 : 0) + (s.tau ? 1 : 0);
  if (given != 1) throw InputError("MvStudentT: give exactly one of scale, chol and tau");
  Var scale = s.scale ? detail::floatx(s.scale)
              : s.chol ? kt::dot(detail::floatx(s.chol), kt::transpose(detail::floatx(s.chol)))
                       : ops::spd_inverse(detail::floatx(s.tau));
  return detail::make_rv(random::mv_studentt_random_variable(), {detail::floatx(nu), detail::floatx(mu), scale},
                         options);
}

Var MvStudentT::dist(Var nu, Var mu, Var scale, const DistOptions& options) {
  return dist(std::move(nu), std::move(mu), MvStudentTScale{.scale = std::move(scale)}, options);
}

MvStudentT::MvStudentT(std::string name, Var nu, Var mu, const MvStudentTScale& scale, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options,
                              [&](const DistOptions& d) { return dist(nu, mu, scale, d); })) {}

MvStudentT::MvStudentT(std::string name, Var nu, Var mu, Var scale, const VarOptions& options)
    : MvStudentT(std::move(name), std::move(nu), std::move(mu), MvStudentTScale{.scale = std::move(scale)}, options) {}

}  // namespace kiln::pm
