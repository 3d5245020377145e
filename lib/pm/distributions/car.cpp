// CAR(mu, W, alpha, tau): PyMC's conditional autoregression log-density, with the eigenvalues of
// D^-1/2 W D^-1/2 for its log-determinant computed once when W is constant; draws as the MvNormal
// of precision tau (D - alpha W) (random/rv_gaussian_fields).
#include "pm/distributions/distribution.hpp"

#include <kiln/pm/multivariate.hpp>

#include "random/rv_gaussian_fields.hpp"

namespace kiln::pm {

namespace detail {
namespace {

// PyMC's W_is_valid: allclose(W, W.T), NumPy's tolerances.
Var symmetric(const Var& W) {
  Var t = kt::transpose(W);
  return kt::all(kt::le(kt::abs(W - t), 1e-8 + 1e-5 * kt::abs(t)));
}

// lam, the eigenvalues of D^-1/2 W D^-1/2 (D: W's column sums): a constant for a constant W.
Var scaled_adjacency_eigenvalues(const Var& W, const Var& D) {
  Var d = 1.0 / kt::sqrt(D);
  Var lam = kt::eigvalsh(kt::dimshuffle(d, {0, -1}) * W * kt::dimshuffle(d, {-1, 0}));
  return W.is_constant() ? make_constant(lam.eval()) : lam;
}

Var logp(const Var& value, const std::vector<Var>& p) {
  const Var &mu = p[0], &alpha = p[2], &tau = p[3];
  const Var W = floatx(p[1]);
  Var D = kt::sum(W, 0);
  Var lam = scaled_adjacency_eigenvalues(W, D);
  Var N = kt::cast(kt::shape(W)[0], DType::float64);
  Var logtau = N * kt::log(tau);
  Var logdet = kt::sum(kt::log1p(-alpha * lam));
  Var delta = value - mu;
  // delta W, row by row (W is symmetric: W delta for one vector).
  Var w_delta = delta.ndim() == 1 ? kt::dot(W, delta) : kt::dot(delta, W);
  Var quad = kt::sum(tau * delta * (D * delta - alpha * w_delta), delta.ndim() - 1);
  return check_parameters(0.5 * (logtau + logdet - quad), {-1.0 < alpha, alpha < 1.0, tau > 0, symmetric(W)},
                          "-1 < alpha < 1, tau > 0, W is a symmetric adjacency matrix.");
}

Var moment(const std::vector<Var>& p) { return p[0]; }

}  // namespace

const DistributionInfo& car_info() {
  static const DistributionInfo info{"CAR", "CAR", "car", logp, nullptr, moment, nullptr};
  return info;
}

}  // namespace detail

Var CAR::dist(Var mu, Var W, Var alpha, Var tau, const DistOptions& options) {
  if (W.ndim() != 2) throw InputError("CAR: W must be a matrix, got " + W.type().str());
  const auto& w = W.type().shape();
  if (w[0] && w[1] && *w[0] != *w[1]) throw InputError("CAR: W must be a square matrix, got " + W.type().str());
  if (alpha.ndim() != 0) throw InputError("CAR: alpha must be a scalar, got " + alpha.type().str());
  if (tau.ndim() != 0) throw InputError("CAR: tau must be a scalar, got " + tau.type().str());
  if (W.is_constant()) {
    // D^-1/2 needs every area to have a neighbour (PyMC's eigenvalues would be NaN).
    const Array a = W.constant_value();
    for (std::int64_t j = 0; j < a.shape()[1]; ++j) {
      double column_sum = 0.0;
      for (std::int64_t i = 0; i < a.shape()[0]; ++i) column_sum += a.get_as_double(i * a.shape()[1] + j);
      if (!(column_sum > 0))
        throw InputError("CAR: W's column " + std::to_string(j) + " does not have a positive sum: every area needs a neighbour");
    }
  }
  mu = detail::floatx(mu);
  if (mu.ndim() == 0) mu = kt::alloc(mu, {kt::shape(W)[0]});  // PyMC broadcasts a scalar mu to W's length
  const auto& m = mu.type().shape().back();
  if (m && w[0] && *m != *w[0] && *m != 1)
    throw InputError("CAR: mu has " + std::to_string(*m) + " entries along its last axis, but W is " +
                     std::to_string(*w[0]) + " x " + std::to_string(*w[0]));
  return detail::make_rv(random::car_random_variable(), {mu, W, detail::floatx(alpha), detail::floatx(tau)}, options);
}

CAR::CAR(std::string name, Var mu, Var W, Var alpha, Var tau, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(mu, W, alpha, tau, d); })) {}

}  // namespace kiln::pm
