// Wishart(nu, V) on (p, p) matrices, PyMC's logp and conditions; draws are SciPy's
// wishart.rvs(int(nu), V). No default transform, as PyMC's (it warns that samplers cannot keep
// a free Wishart positive definite).
#include "pm/distributions/distribution.hpp"

#include <kiln/pm/multivariate.hpp>

#include "random/rv_matrix.hpp"
#include "tensor/linalg.hpp"

#include <cmath>
#include <numbers>

namespace kiln::pm {

namespace detail {
namespace {

std::int64_t dimension(const Var& V) {
  const auto& s = V.type().shape();
  if (V.ndim() != 2 || !s[0]) throw InputError("Wishart: V must be a matrix of known size, got " + V.type().str());
  return *s[0];
}

// log Gamma_p(a) = p (p - 1) / 4 log pi + sum_{j=1}^{p} gammaln(a + (1 - j) / 2).
Var multigammaln(const Var& a, std::int64_t p) {
  Var res = Var(static_cast<double>(p * (p - 1)) / 4.0 * std::log(std::numbers::pi));
  for (std::int64_t j = 1; j <= p; ++j) res = res + kt::gammaln(a + static_cast<double>(1 - j) / 2.0);
  return res;
}

Var logp(const Var& X, const std::vector<Var>& params) {
  if (X.ndim() != 2) throw InputError("Wishart: logp is only implemented for matrix values (ndim=2)");
  const Var &nu = params[0], &V = params[1];
  const std::int64_t p = dimension(V);
  const double pd = static_cast<double>(p);
  Var trace = kt::sum(kt::diagonal(kt::solve(V, X)));
  Var res = ((nu - pd - 1.0) * kt::log(kt::det(X)) - trace - nu * pd * std::log(2.0) - nu * kt::log(kt::det(V)) -
             2.0 * multigammaln(nu / 2.0, p)) /
            2.0;
  Var posdef = kt::all(kt::gt(kt::diagonal(apply_op(std::make_shared<kt::Cholesky>(true, true), {X})), 0.0));
  return check_parameters(res, {posdef, kt::eq(X, kt::transpose(X)), nu > pd - 1.0},
                          "matrix_pos_def(X), X == X.T, nu > p - 1");
}

// PyMC has no support point for Wishart: the mean nu V, positive definite wherever V is.
Var moment(const std::vector<Var>& p) { return p[0] * p[1]; }

}  // namespace

const DistributionInfo& wishart_info() {
  static const DistributionInfo info{"Wishart", "Wishart", "wishart", logp, nullptr, moment, nullptr};
  return info;
}

}  // namespace detail

Var Wishart::dist(Var nu, Var V, const DistOptions& options) {
  if (V.ndim() != 2) throw InputError("Wishart: V must be two dimensional, got " + V.type().str());
  return detail::make_rv(random::wishart_random_variable(), {detail::floatx(nu), detail::floatx(V)}, options);
}

Wishart::Wishart(std::string name, Var nu, Var V, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(nu, V, d); })) {}

}  // namespace kiln::pm
