// PyMC's LKJ family and its matrix-valued multivariate distributions, with PyMC's names and
// parameter order (see distributions.hpp for `X::dist` and `X("name", ...)`).
//
//   auto sd = pm::Exponential::dist(1.0);
//   auto [chol, corr, stds] = pm::LKJCholeskyCov("chol_cov", 2.0, 2, sd);
//   auto ab = pm::MvNormal("ab", mu, {.chol = chol}, {.dims = {"county", "param"}});
#pragma once

#include <kiln/pm/distributions.hpp>

#include <cstddef>
#include <tuple>
#include <vector>

namespace kiln::pm {

// The n (n - 1) / 2 correlations above the diagonal of an LKJ(eta) correlation matrix, row by
// row (PyMC's LKJCorr with return_matrix=False); n a constant integer >= 2. Default transform:
// interval(-1, 1) with the Jacobian summed over the vector.
class LKJCorr : public Var {
 public:
  LKJCorr(std::string name, Var n, Var eta, const VarOptions& options = {});
  static Var dist(Var n, Var eta, const DistOptions& options = {});
};

// The Cholesky factor L of a covariance diag(sd) C diag(sd), C ~ LKJ(eta) and each sd ~ sd_dist,
// packed row by row (L[0,0], L[1,0], L[1,1], ...; PyMC's LKJCholeskyCov). sd_dist is a scalar
// distribution's `X::dist(...)` (not registered in a model); n a constant integer >= 2. In a
// model the packed variable gets the "cholesky-cov-packed" transform (log of the diagonal).
// With compute_corr (PyMC's default) chol, corr and stds are set, and `store_in_trace` keeps
// corr and stds as the Deterministics `<name>_corr` and `<name>_stds`:
//   auto [chol, corr, stds] = pm::LKJCholeskyCov("chol_cov", eta, n, sd_dist);
class LKJCholeskyCov : public Var {
 public:
  LKJCholeskyCov(std::string name, Var eta, Var n, Var sd_dist, const VarOptions& options = {},
                 bool compute_corr = true, bool store_in_trace = true);
  static Var dist(Var eta, Var n, Var sd_dist, const DistOptions& options = {});

  Var chol, corr, stds;  // the (n, n) factor, the correlation matrix and the standard deviations

  template <std::size_t I>
  Var get() const {
    if constexpr (I == 0) return chol;
    else if constexpr (I == 1) return corr;
    else return stds;
  }
};

// PyMC's expand_packed_triangular: the (n, n) matrix of a packed lower (row by row) or upper
// triangle, zeros elsewhere.
Var expand_packed_triangular(std::int64_t n, const Var& packed, bool lower = true);
// The compute_corr outputs of a packed Cholesky factor: chol, corr = D^-1 L L' D^-1, stds = D.
struct CholeskyCorr {
  Var chol, corr, stds;
};
CholeskyCorr compute_corr(std::int64_t n, const Var& packed_chol);

// The multivariate Student t: exactly one of the scale matrix, its lower Cholesky factor or its
// inverse (PyMC's scale, chol, tau).
struct MvStudentTScale {
  Var scale = {};
  Var chol = {};
  Var tau = {};
};
class MvStudentT : public Var {
 public:
  MvStudentT(std::string name, Var nu, Var mu, Var scale, const VarOptions& options = {});
  MvStudentT(std::string name, Var nu, Var mu, const MvStudentTScale& scale, const VarOptions& options = {});
  static Var dist(Var nu, Var mu, Var scale, const DistOptions& options = {});
  static Var dist(Var nu, Var mu, const MvStudentTScale& scale, const DistOptions& options = {});
};

// Wishart(nu, V): (p, p) positive-definite matrices; no default transform (as PyMC's).
class Wishart : public Var {
 public:
  Wishart(std::string name, Var nu, Var V, const VarOptions& options = {});
  static Var dist(Var nu, Var V, const DistOptions& options = {});
};

// The matrix normal of mean mu (broadcast to (m, n)): exactly one of rowcov and rowchol (m, m)
// and one of colcov and colchol (n, n).
struct MatrixNormalScale {
  Var rowcov = {}, rowchol = {};
  Var colcov = {}, colchol = {};
};
class MatrixNormal : public Var {
 public:
  MatrixNormal(std::string name, Var mu, const MatrixNormalScale& scale, const VarOptions& options = {});
  static Var dist(Var mu, const MatrixNormalScale& scale, const DistOptions& options = {});
};

// A multivariate normal whose covariance is kron(covs[0], covs[1], ...) (+ sigma^2 I): the
// factors as covariances or as their lower Cholesky factors (exactly one of covs and chols).
struct KroneckerNormalScale {
  std::vector<Var> covs = {};
  std::vector<Var> chols = {};
  Var sigma = {};
};
class KroneckerNormal : public Var {
 public:
  KroneckerNormal(std::string name, Var mu, const KroneckerNormalScale& scale, const VarOptions& options = {});
  static Var dist(Var mu, const KroneckerNormalScale& scale, const DistOptions& options = {});
};

// Issue #17 (part f): the zero-sum normal and the conditional autoregressions of areal data.

// Normal(0, sigma) values constrained to sum to zero along the last n_zerosum_axes axes (PyMC's
// ZeroSumNormal): the normal density on the zero-sum subspace, N(0, sigma^2 (I - J / K)) along
// each such axis of length K. support_shape is those axes' lengths; left empty it comes from the
// last n_zerosum_axes of the dims or of the observed data. sigma must have length one along the
// zero-sum axes (a scalar, or batch dims only). Draws: normals minus their mean along each
// zero-sum axis; initial point zeros; default transform "zerosum" (PyMC's ZeroSumTransform:
// each zero-sum axis loses its last entry, isometrically, so the log-Jacobian is 0). As PyMC's,
// the log-density checks the value's zero means ("mean(value, axis=n_zerosum_axes) = 0") and
// not sigma (a sigma <= 0 gives NaN; a draw raises).
//   auto v = pm::ZeroSumNormal("v", 1.0, 2, {}, {.dims = {"regions", "answers"}});
class ZeroSumNormal : public Var {
 public:
  ZeroSumNormal(std::string name, Var sigma = 1.0, int n_zerosum_axes = 1, Shape support_shape = {},
                const VarOptions& options = {});
  static Var dist(Var sigma = 1.0, int n_zerosum_axes = 1, Shape support_shape = {}, const DistOptions& options = {});
};

// The intrinsic conditional autoregression of a graph with constant adjacency matrix W (square,
// symmetric, of 0s and 1s; InputError otherwise): -1 / (2 sigma^2) times the sum over edges
// i ~ j of (x_i - x_j)^2, plus PyMC's soft zero-sum penalty, the Normal(0, zero_sum_stdev * N)
// log-density of sum(x). No draws (PyMC cannot sample it either: ModelError); initial point zeros.
class ICAR : public Var {
 public:
  ICAR(std::string name, Var W, Var sigma = 1.0, Var zero_sum_stdev = 0.001, const VarOptions& options = {});
  static Var dist(Var W, Var sigma = 1.0, Var zero_sum_stdev = 0.001, const DistOptions& options = {});
};

// The conditional autoregression: MvNormal(mu, precision tau (D - alpha W)) with D the diagonal of
// W's column sums, W a symmetric adjacency matrix, -1 < alpha < 1, tau > 0 (scalars). The
// log-density is PyMC's, which leaves out the constants -N/2 log(2 pi) and log det(D) / 2; its
// log det(I - alpha D^-1/2 W D^-1/2) comes from that matrix's eigenvalues, computed once when the
// graph is built if W is constant. Draws: mu + L z, L the Cholesky factor of the covariance
// (PyMC's suggested MvNormal form); initial point mu.
class CAR : public Var {
 public:
  CAR(std::string name, Var mu, Var W, Var alpha, Var tau, const VarOptions& options = {});
  static Var dist(Var mu, Var W, Var alpha, Var tau, const DistOptions& options = {});
};

}  // namespace kiln::pm

// `auto [chol, corr, stds] = pm::LKJCholeskyCov(...)`.
template <>
struct std::tuple_size<kiln::pm::LKJCholeskyCov> : std::integral_constant<std::size_t, 3> {};
template <std::size_t I>
struct std::tuple_element<I, kiln::pm::LKJCholeskyCov> {
  using type = kiln::Var;
};
