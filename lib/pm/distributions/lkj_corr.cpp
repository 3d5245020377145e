// LKJCorr(n, eta): the correlations above the diagonal, row by row (PyMC's default
// return_matrix=False), with PyMC's logp conditions, interval(-1, 1) transform summed over the
// vector, and the identity (zero correlations) as its initial point.
#include "pm/distributions/lkj.hpp"

#include <kiln/pm/multivariate.hpp>

#include "random/rv_matrix.hpp"
#include "tensor/linalg.hpp"

#include <cmath>
#include <numbers>

namespace kiln::pm {

namespace detail {

std::int64_t constant_n(const char* dist, const Var& n) {
  if (!n || !n.is_constant() || n.ndim() != 0 || is_float(n.dtype()))
    throw InputError(std::string(dist) + ": n must be a constant integer scalar");
  const std::int64_t value = n.constant_value().get_as_int(0);
  if (value < 2) throw InputError(std::string(dist) + ": n must be at least 2, got " + std::to_string(value));
  return value;
}

Var lkj_log_normalizer(const Var& eta, std::int64_t n) {
  const double nm1 = static_cast<double>(n - 1);
  Var res = nm1 * kt::gammaln(eta + 0.5 * nm1);
  for (std::int64_t k = 1; k < n; ++k)
    res = res - (0.5 * static_cast<double>(k) * std::log(std::numbers::pi) +
                 kt::gammaln(eta + 0.5 * static_cast<double>(n - 1 - k)));
  return res;
}

Var packed_index(std::int64_t n, bool upper, bool diagonal, std::int64_t fill) {
  Array index = Array::full(DType::int64, {n, n}, static_cast<double>(fill));
  std::int64_t* at = index.data<std::int64_t>();
  std::int64_t t = 0;
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t j = upper ? i : 0; j < (upper ? n : i + 1); ++j)
      if (diagonal || i != j) at[i * n + j] = t++;
  return make_constant(index);
}

namespace {

// The (n, n) correlation matrix of the packed upper triangle: symmetric, ones on the diagonal.
Var correlation_matrix(const Var& value, std::int64_t n) {
  Array index = packed_index(n, true, false, n * (n - 1) / 2).constant_value().copy();
  std::int64_t* at = index.data<std::int64_t>();
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t j = 0; j < i; ++j) at[i * n + j] = at[j * n + i];
  return kt::advanced_subtensor(kt::concatenate({value, kt::ones_like(kt::subtensor(value, {kt::slice(0, 1)}))}), make_constant(index));
}

Var logp(const Var& value, const std::vector<Var>& p) {
  if (value.ndim() != 1) throw InputError("LKJCorr: logp is only implemented for vector values (ndim=1)");
  const std::int64_t n = constant_n("LKJCorr", p[0]);
  const Var& eta = p[1];
  Var chol = apply_op(std::make_shared<kt::Cholesky>(true, true), {correlation_matrix(value, n)});
  Var diagonal = kt::diagonal(chol);
  Var posdef = kt::all(kt::gt(diagonal, 0.0));
  Var res = lkj_log_normalizer(eta, n) + (eta - 1.0) * 2.0 * kt::sum(kt::log(diagonal));
  return check_parameters(res, {kt::ge(value, -1.0), kt::le(value, 1.0), posdef, eta > 0},
                          "value >= -1, value <= 1, matrix_pos_def(value), eta > 0");
}

Var moment(const std::vector<Var>& p) {
  const std::int64_t n = p[0].constant_value().get_as_int(0);
  return make_constant(Array::zeros(DType::float64, {n * (n - 1) / 2}));
}

// PyMC's MultivariateIntervalTransform: interval(-1, 1) with the Jacobian summed over the vector.
class VectorInterval final : public Transform {
 public:
  std::string name() const override { return "interval"; }
  Var forward(const Var& x) const override { return inner_->forward(x); }
  Var backward(const Var& y) const override { return inner_->backward(y); }
  Var log_jac_det(const Var& y) const override { return kt::sum(inner_->log_jac_det(y), y.ndim() - 1); }
  int ndim_supp() const override { return 1; }

 private:
  TransformPtr inner_ = transforms::interval(Var(-1.0), Var(1.0));
};

TransformPtr transform(const std::vector<Var>&) {
  static const TransformPtr t = std::make_shared<VectorInterval>();
  return t;
}

}  // namespace

const DistributionInfo& lkj_corr_info() {
  static const DistributionInfo info{"LKJCorr", "LKJCorr", "lkjcorr", logp, nullptr, moment, transform};
  return info;
}

}  // namespace detail

Var LKJCorr::dist(Var n, Var eta, const DistOptions& options) {
  const std::int64_t k = detail::constant_n("LKJCorr", n);
  return detail::make_rv(random::lkj_corr_random_variable(), {make_constant(Array(k)), detail::floatx(eta)}, options);
}

LKJCorr::LKJCorr(std::string name, Var n, Var eta, const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options, [&](const DistOptions& d) { return dist(n, eta, d); })) {}

}  // namespace kiln::pm
