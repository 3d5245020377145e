// linalg: a triangular solve against a constant matrix becomes a product with the matrix's
// inverse, computed once here: solve_triangular(C, b) -> dot(op(C)^-1, b). An MvNormal with a
// fixed covariance (a GP kernel) has its Cholesky factor folded to a constant; its logp and
// gradient then cost two matrix-vector products per call instead of two triangular solves
// (a BLAS dtrsv costs about three times a dgemv at k = 50, and products fuse and inline).
// Only for matrices well enough conditioned that the product loses no more digits than the
// solve would: both errors grow with cond(C) * eps.
#include "tensor/linalg.hpp"
#include "rewrite/match.hpp"
#include "rewrite/rewrite_sets.hpp"
#include "tensor/lapack.hpp"

#include <kiln/tensor.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace kiln::rewrite {
namespace kt = kiln::tensor;
namespace {

using Result = std::optional<std::vector<Var>>;

// The inverse stays a constant of the graph: the same bound as constant folding's.
constexpr std::int64_t kMaxInverseElements = 1 << 16;
constexpr double kMaxCondition = 1e10;

// The 1-norm (largest column sum of magnitudes) of a row-major (n, n) matrix.
double one_norm(const double* m, std::int64_t n) {
  double best = 0;
  for (std::int64_t j = 0; j < n; ++j) {
    double s = 0;
    for (std::int64_t i = 0; i < n; ++i) s += std::fabs(m[i * n + j]);
    best = std::max(best, s);
  }
  return best;
}

Result constant_triangular_solve(FunctionGraph&, Apply& node) {
  const auto* op = dynamic_cast<const kt::SolveTriangular*>(&node.op());
  if (!op || !node.inputs()[0].is_constant()) return std::nullopt;
  const Array& c = node.inputs()[0].constant_value();
  if (c.ndim() != 2 || c.shape()[0] != c.shape()[1] || c.size() > kMaxInverseElements) return std::nullopt;
  const std::int64_t n = c.shape()[0];
  if (n == 0) return std::nullopt;
  // op(C)^-1 as the solution of op(C) X = I, with C's other triangle zero (the op never reads it).
  Array triangle = c.astype(DType::float64);
  double* t = triangle.data<double>();
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t j = 0; j < n; ++j)
      if (op->lower() ? j > i : j < i) t[i * n + j] = 0.0;
  Array inverse = Array::zeros(DType::float64, {n, n});
  double* x = inverse.data<double>();
  for (std::int64_t i = 0; i < n; ++i) x[i * n + i] = 1.0;
  std::int64_t where = 0;
  if (kt::lapack::solve_triangular(t, x, n, n, op->lower(), op->trans(), &where) != kt::lapack::ok) return std::nullopt;
  const double condition = one_norm(t, n) * one_norm(x, n);
  if (!std::isfinite(condition) || condition > kMaxCondition) return std::nullopt;
  Var out = node.output(0);
  auto r = fit_to(kt::dot(kt::constant(inverse), node.inputs()[1]), out, node.inputs());
  if (!r) return std::nullopt;
  return std::vector<Var>{*r};
}

}  // namespace

void add_linalg_rewrites(RewriteDatabase& db) {
  db.add("specialize",
         NodeRewrite{"local_constant_triangular_solve", {"fast_run", "specialize"}, constant_triangular_solve});
}

}  // namespace kiln::rewrite
