// LKJCholeskyCov(eta, n, sd_dist): the packed Cholesky factor of a covariance with LKJ(eta)
// correlations and sd_dist standard deviations (PyMC's _LKJCholeskyCov), its
// "cholesky-cov-packed" transform (log of the diagonal entries), and compute_corr's outputs.
#include "pm/distributions/lkj.hpp"

#include <kiln/pm/model.hpp>
#include <kiln/pm/multivariate.hpp>

#include "random/rv_matrix.hpp"

namespace kiln::pm {

namespace detail {
namespace {

// The positions of the diagonal in the packed vector: 0, 2, 5, 9, ...
Var diagonal_index(std::int64_t n) {
  std::vector<std::int64_t> index;
  for (std::int64_t i = 0; i < n; ++i) index.push_back(i * (i + 3) / 2);
  return make_constant(Array(index));
}

std::int64_t packed_n(const Var& packed) {
  const auto& length = packed.type().shape().back();
  if (!length) throw InputError("LKJCholeskyCov: the packed length must be known");
  std::int64_t n = 0;
  while (n * (n + 1) / 2 < *length) ++n;
  return n;
}

// PyMC's logp: the standard deviations are the row lengths of L, U = diag(sd)^-1 L the
// correlation's Cholesky factor; LKJ's density in U's diagonal, sd_dist's at the lengths, and the
// log-determinant of the Jacobian from (U, sd) to L.
Var logp(const Var& value, const std::vector<Var>& p) {
  if (value.ndim() != 1) throw InputError("LKJCholeskyCov: logp is only implemented for vector values (ndim=1)");
  const std::int64_t n = constant_n("LKJCholeskyCov", p[0]);
  const Var& eta = p[1];
  const Var& sd_dist = p[2];
  Var L = expand_packed_triangular(n, value, true);
  Var sd = kt::sqrt(kt::sum(kt::sqr(L), 1));
  Var corr_diag = kt::advanced_subtensor(value, diagonal_index(n)) / sd;
  std::vector<double> i(static_cast<std::size_t>(n));
  for (std::size_t k = 0; k < i.size(); ++k) i[k] = static_cast<double>(k);
  Var idx = make_constant(Array(i));
  Var logp_lkj = kt::sum((2.0 * eta - 3.0 + static_cast<double>(n) - idx) * kt::log(corr_diag));
  Var det_invjac = kt::sum(kt::log(corr_diag) - idx * kt::log(sd));
  Var logp_sd = kt::sum(distribution_of(sd_dist).logp(sd, rv_params(sd_dist)));
  return check_parameters(lkj_log_normalizer(eta, n) + logp_lkj + logp_sd + det_invjac, {eta > 0}, "eta > 0");
}

// PyMC's support point: the identity factor (ones on the diagonal).
Var moment(const std::vector<Var>& p) {
  const std::int64_t n = p[0].constant_value().get_as_int(0);
  Array point = Array::zeros(DType::float64, {n * (n + 1) / 2});
  for (std::int64_t i = 0; i < n; ++i) point.data<double>()[i * (i + 3) / 2] = 1.0;
  return make_constant(point);
}

// PyMC's CholeskyCovPacked: y is x with the diagonal entries' logs.
class CholeskyCovPacked final : public Transform {
 public:
  explicit CholeskyCovPacked(std::int64_t n) : diagonal_(diagonal_index(n)) {}
  std::string name() const override { return "cholesky-cov-packed"; }
  Var forward(const Var& x) const override {
    return kt::advanced_set_subtensor(x, diagonal_, kt::log(kt::advanced_subtensor(x, diagonal_)));
  }
  Var backward(const Var& y) const override {
    return kt::advanced_set_subtensor(y, diagonal_, kt::exp(kt::advanced_subtensor(y, diagonal_)));
  }
  Var log_jac_det(const Var& y) const override { return kt::sum(kt::advanced_subtensor(y, diagonal_)); }
  int ndim_supp() const override { return 1; }

 private:
  Var diagonal_;
};

TransformPtr transform(const std::vector<Var>& p) {
  return std::make_shared<CholeskyCovPacked>(p[0].constant_value().get_as_int(0));
}

}  // namespace

const DistributionInfo& lkj_cholesky_cov_info() {
  static const DistributionInfo info{"LKJCholeskyCov", "LKJCholeskyCov", "lkjcholeskycov", logp, nullptr, moment,
                                     transform};
  return info;
}

}  // namespace detail

Var expand_packed_triangular(std::int64_t n, const Var& packed, bool lower) {
  if (packed.ndim() != 1) throw InputError("expand_packed_triangular: packed must be a vector");
  const std::int64_t m = n * (n + 1) / 2;
  Var index = detail::packed_index(n, !lower, true, m);
  return kt::advanced_subtensor(kt::concatenate({packed, kt::zeros_like(kt::subtensor(packed, {kt::slice(0, 1)}))}), index);
}

CholeskyCorr compute_corr(std::int64_t n, const Var& packed_chol) {
  Var chol = expand_packed_triangular(n, packed_chol, true);
  Var cov = kt::dot(chol, kt::transpose(chol));
  Var stds = kt::sqrt(kt::diagonal(cov));
  Var inv_stds = 1.0 / stds;
  Var corr = kt::dimshuffle(inv_stds, {-1, 0}) * cov * kt::dimshuffle(inv_stds, {0, -1});
  return {chol, corr, stds};
}

Var LKJCholeskyCov::dist(Var eta, Var n, Var sd_dist, const DistOptions& options) {
  const std::int64_t k = detail::constant_n("LKJCholeskyCov", n);
  auto sd_op = detail::rv_op(sd_dist);
  if (sd_op->ndim_supp() != 0) throw InputError("LKJCholeskyCov: sd_dist must be a scalar distribution's .dist(...)");
  detail::distribution_of(sd_dist);
  // As PyMC's: sd_dist resized to (size..., n), one independent draw per diagonal entry.
  Shape sd_size = options.size;
  sd_size.push_back(k);
  Var sd = detail::make_rv(std::dynamic_pointer_cast<const random::RandomVariable>(sd_dist.owner()->op_ptr()),
                           detail::rv_params(sd_dist), {.size = sd_size, .rng = sd_dist.owner()->inputs()[0]});
  return detail::make_rv(random::lkj_cholesky_cov_random_variable(),
                         {make_constant(Array(k)), detail::floatx(eta), sd}, options);
}

LKJCholeskyCov::LKJCholeskyCov(std::string name, Var eta, Var n, Var sd_dist, const VarOptions& options,
                               bool compute_corr_outputs, bool store_in_trace)
    : Var(detail::register_rv(name, options, [&](const DistOptions& d) { return dist(eta, n, sd_dist, d); })) {
  const std::int64_t k = detail::packed_n(*this);
  if (!compute_corr_outputs) {
    chol = expand_packed_triangular(k, *this, true);
    return;
  }
  auto outputs = compute_corr(k, *this);
  chol = outputs.chol;
  corr = store_in_trace ? Deterministic(name + "_corr", outputs.corr) : outputs.corr;
  stds = store_in_trace ? Deterministic(name + "_stds", outputs.stds) : outputs.stds;
}

}  // namespace kiln::pm
