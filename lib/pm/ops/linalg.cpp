// MvNormal's log-density core, made of kiln::tensor's linear algebra, and SPDInverse (a
// precision turned into a covariance, NaN when not positive definite).
#include "pm/ops/linalg.hpp"

#include "tensor/dot.hpp"
#include "tensor/elemwise.hpp"
#include "tensor/lapack.hpp"
#include "tensor/linalg.hpp"

#include <kiln/tensor.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <vector>

namespace kiln::pm::ops {

namespace kt = kiln::tensor;

namespace {

void require_square(const Var& m, const std::string& op) {
  const auto& s = m.type().shape();
  if (m.ndim() != 2 || (s[0] && s[1] && *s[0] != *s[1]))
    throw TypeError(op + ": expects a square matrix, got " + m.type().str());
}

// `m` is lower triangular by construction: the lower triangle of a matrix (tril, what
// MvNormal's `chol` is read as) or a lower Cholesky factor.
bool known_lower_triangular(const Var& m) {
  auto owner = m.owner();
  if (!owner) return false;
  if (auto* part = dynamic_cast<const kt::TriangularPart*>(&owner->op())) return part->lower();
  if (auto* chol = dynamic_cast<const kt::Cholesky*>(&owner->op())) return chol->lower();
  return false;
}

// L when `cov` is dot(L, L') of a lower triangular L (MvNormal's chol), else null. As PyMC's
// cholesky_ldotlt rewrite of its tagged chol: the factor a user gives is the factor used, so
// the log-density and its gradient go through L, not through a Cholesky of L L'.
std::optional<Var> given_factor(const Var& cov) {
  auto product = cov.owner();
  if (!product || !dynamic_cast<const kt::Dot*>(&product->op())) return std::nullopt;
  const Var& l = product->inputs()[0];
  auto transposed = product->inputs()[1].owner();
  auto* shuffle = transposed ? dynamic_cast<const kt::DimShuffle*>(&transposed->op()) : nullptr;
  if (!shuffle || shuffle->new_order() != std::vector<int>{1, 0} || transposed->inputs()[0] != l) return std::nullopt;
  if (!known_lower_triangular(l)) return std::nullopt;
  return l;
}

}  // namespace

// PyMC's MvNormal logp (quaddist_chol): with L the Cholesky factor of S (NaN when S is not
// positive definite), z = L^-1 d, logp = -0.5 |z|^2 - sum(log(diag(L))) - 0.5 k log(2 pi).
// Made of kiln::tensor's ops, so a constant S is factorized once, by constant folding, and
// the gradient is the solves' and the factor's own gradients: nothing the program does not use.
QuadDist quaddist_chol(const Var& delta, const Var& cov, const std::string& op) {
  require_square(cov, op);
  if (delta.ndim() < 1) throw TypeError(op + ": the value must have at least one dimension");
  auto factor = given_factor(cov);
  Var chol = factor ? *factor : apply_op(std::make_shared<kt::Cholesky>(true, true), {cov});
  Var diagonal = kt::diagonal(chol);
  Var posdef = kt::all(kt::gt(diagonal, kt::as_tensor(0.0)));
  const int last = delta.ndim() - 1;
  const auto& known = delta.type().shape().back();
  Var k = known ? kt::as_tensor(static_cast<double>(*known))
                : kt::cast(kt::subtensor(kt::shape(delta), {last}), DType::float64);
  Var quad;
  if (delta.ndim() == 1) {
    quad = kt::sum(kt::sqr(kt::solve_triangular(chol, delta)));
  } else {
    // Rows of a (B, k) matrix are the values: solve for the (k, B) columns at once.
    Var rows = delta.ndim() == 2 ? delta
                                 : kt::reshape(delta, kt::make_vector({kt::as_tensor(std::int64_t{-1}),
                                                                       kt::subtensor(kt::shape(delta), {last})}));
    quad = kt::sum(kt::sqr(kt::solve_triangular(chol, kt::transpose(rows))), 0);
    if (delta.ndim() > 2) quad = kt::reshape(quad, kt::subtensor(kt::shape(delta), {kt::slice(0, last)}));
  }
  return {quad, kt::sum(kt::log(diagonal)), k, posdef};
}

std::pair<Var, Var> mvnormal_logp(const Var& delta, const Var& cov) {
  auto [quad, half_logdet, k, posdef] = quaddist_chol(delta, cov, "MvNormalLogp");
  Var logp = -0.5 * quad - half_logdet - 0.5 * std::log(2 * M_PI) * k;
  return {logp, posdef};
}

std::vector<TensorType> SPDInverse::output_types(const std::vector<Var>& in) const {
  require_square(in[0], name());
  return {TensorType(DType::float64, in[0].type().shape())};
}

// Checked positive definite by its Cholesky factor, then inverted (LAPACK both).
void SPDInverse::perform(const std::vector<Array>& in, std::vector<Array>& out) const {
  std::int64_t k = 0, where = 0;
  Array inv = kt::square_matrix(in[0], name(), k);
  double* data = inv.data<double>();
  std::vector<double> factor(static_cast<std::size_t>(k * k));
  std::vector<int> pivots(static_cast<std::size_t>(k));
  if (kt::lapack::cholesky(data, factor.data(), k, true, &where) != kt::lapack::ok ||
      kt::lapack::inverse(data, data, k, pivots.data(), &where) != kt::lapack::ok)
    std::fill(data, data + k * k, std::numeric_limits<double>::quiet_NaN());
  out[0] = std::move(inv);
}

// d inv(A) = -inv(A) dA inv(A), so the gradient is -inv' g inv'.
std::vector<Var> SPDInverse::grad(const Apply& node, const std::vector<Var>& g) const {
  Var inv_t = kt::transpose(node.output(0));
  return {-kt::dot(kt::dot(inv_t, g[0]), inv_t)};
}

Var spd_inverse(const Var& matrix) { return apply_op(std::make_shared<SPDInverse>(), {matrix}); }

}  // namespace kiln::pm::ops
