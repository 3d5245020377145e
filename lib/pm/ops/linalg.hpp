// The dense linear algebra MvNormal needs on (k, k) covariances: the Gaussian log-density
// core through the covariance's Cholesky factor, and the inverse of a symmetric
// positive-definite matrix (a precision turned into a covariance).
#pragma once

#include <kiln/graph.hpp>

namespace kiln::pm::ops {

// (logp, posdef): logp[...] = -0.5 d' S^-1 d - 0.5 log|S| - 0.5 k log(2 pi) for each row d of
// `delta` (..., k) and the covariance S (k, k); posdef is a bool scalar, false (and logp NaN)
// when S is not positive definite.
std::pair<Var, Var> mvnormal_logp(const Var& delta, const Var& cov);

// PyMC's quaddist_chol: with L the Cholesky factor of S, the squared lengths |L^-1 d|^2 of the
// rows d of `delta` (..., k), sum(log(diag(L))) (half the log-determinant), k as a float
// scalar, and posdef (a bool scalar; quad and logdet NaN when S is not positive definite).
struct QuadDist {
  Var quad, half_logdet, k, posdef;
};
QuadDist quaddist_chol(const Var& delta, const Var& cov, const std::string& op);

// The inverse of a symmetric positive-definite matrix (NaN when it is not).
Var spd_inverse(const Var& matrix);

class SPDInverse final : public Op {
 public:
  std::string name() const override { return "SPDInverse"; }
  std::vector<TensorType> output_types(const std::vector<Var>& in) const override;
  void perform(const std::vector<Array>& in, std::vector<Array>& out) const override;
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& g) const override;
};

}  // namespace kiln::pm::ops
