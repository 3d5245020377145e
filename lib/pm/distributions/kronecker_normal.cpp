// KroneckerNormal(mu, covs | chols, sigma): as PyMC 5's, a multivariate normal whose covariance
// is kron(K_1, K_2, ...) + sigma^2 I; the variable is that MvNormal (its draws and logp).
#include "pm/distributions/distribution.hpp"

#include <kiln/pm/multivariate.hpp>

namespace kiln::pm {

Var KroneckerNormal::dist(Var mu, const KroneckerNormalScale& s, const DistOptions& options) {
  if (s.covs.empty() == s.chols.empty()) throw InputError("KroneckerNormal: give exactly one of covs and chols");
  Var cov;
  for (const Var& factor : s.covs.empty() ? s.chols : s.covs) {
    if (factor.ndim() != 2) throw InputError("KroneckerNormal: each factor must be a matrix, got " + factor.type().str());
    Var k = s.covs.empty() ? kt::dot(detail::floatx(factor), kt::transpose(detail::floatx(factor))) : detail::floatx(factor);
    cov = cov ? kt::kron(cov, k) : k;
  }
  if (s.sigma) cov = cov + kt::diag(kt::alloc(kt::sqr(detail::floatx(s.sigma)), {kt::subtensor(kt::shape(cov), {0})}));
  return MvNormal::dist(std::move(mu), MvNormalScale{.cov = cov}, options);
}

KroneckerNormal::KroneckerNormal(std::string name, Var mu, const KroneckerNormalScale& scale, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(mu, scale, d); })) {}

}  // namespace kiln::pm
