// MatrixNormal(mu, rowcov | rowchol, colcov | colchol): PyMC's logp through the two Cholesky
// factors, tr(colcov^-1 (x - mu)' rowcov^-1 (x - mu)), and its draw mu + rowchol Z colchol'.
#include "pm/distributions/distribution.hpp"

#include <kiln/pm/multivariate.hpp>

#include "random/rv_matrix.hpp"

#include <cmath>
#include <numbers>

namespace kiln::pm {

namespace detail {
namespace {

Var dim_of(const Var& m) { return kt::cast(kt::subtensor(kt::shape(m), {0}), DType::float64); }

Var logp(const Var& value, const std::vector<Var>& p) {
  if (value.ndim() != 2) throw InputError("MatrixNormal: Value must be two dimensional.");
  const Var &mu = p[0], &rowchol = p[1], &colchol = p[2];
  Var right = kt::solve_triangular(rowchol, value - mu, true);
  Var quad = kt::dot(kt::transpose(right), right);
  quad = kt::solve_triangular(colchol, quad, true);
  quad = kt::solve_triangular(kt::transpose(colchol), quad, false);
  Var trace = kt::sum(kt::diagonal(quad));
  Var half_collogdet = kt::sum(kt::log(kt::diagonal(colchol)));
  Var half_rowlogdet = kt::sum(kt::log(kt::diagonal(rowchol)));
  Var m = dim_of(rowchol), n = dim_of(colchol);
  return -0.5 * m * n * std::log(2 * std::numbers::pi) - 0.5 * trace - m * half_collogdet - n * half_rowlogdet;
}

Var moment(const std::vector<Var>& p) { return p[0]; }

Var factor(const char* cov_name, const Var& cov, const char* chol_name, const Var& chol) {
  if (static_cast<bool>(cov) == static_cast<bool>(chol))
    throw InputError(std::string("MatrixNormal: Incompatible parameterization. Specify exactly one of ") + cov_name +
                     ", or " + chol_name + ".");
  const Var& given = cov ? cov : chol;
  if (given.ndim() != 2)
    throw InputError(std::string("MatrixNormal: ") + (cov ? cov_name : chol_name) + " must be two dimensional.");
  return cov ? kt::cholesky(floatx(cov), true) : floatx(chol);
}

}  // namespace

const DistributionInfo& matrix_normal_info() {
  static const DistributionInfo info{"MatrixNormal", "MatrixNormal", "matrixnormal", logp, nullptr, moment, nullptr};
  return info;
}

}  // namespace detail

Var MatrixNormal::dist(Var mu, const MatrixNormalScale& s, const DistOptions& options) {
  Var rowchol = detail::factor("rowcov", s.rowcov, "rowchol", s.rowchol);
  Var colchol = detail::factor("colcov", s.colcov, "colchol", s.colchol);
  // As PyMC's: mu broadcast to (rows, cols).
  Var m = kt::subtensor(kt::shape(rowchol), {0}), n = kt::subtensor(kt::shape(colchol), {0});
  Var mean = kt::alloc(detail::floatx(mu), {m, n});
  return detail::make_rv(random::matrix_normal_random_variable(), {mean, rowchol, colchol}, options);
}

MatrixNormal::MatrixNormal(std::string name, Var mu, const MatrixNormalScale& scale, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(mu, scale, d); })) {}

}  // namespace kiln::pm
