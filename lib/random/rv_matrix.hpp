// The RandomVariables of PyMC's LKJ family and matrix-valued multivariates. Each draws the
// whole batch at once in the order PyMC's rng_fn asks NumPy for numbers (all of one kind for
// the batch, then the next), so the draws follow NumPy's given the same generator state.
#pragma once

#include "random/rv_op.hpp"

#include <memory>

namespace kiln::random {

// Params (n, eta): the n (n - 1) / 2 correlations above the diagonal of an LKJ(eta) correlation
// matrix, row by row (PyMC's _LKJCorrRV, the onion method).
std::shared_ptr<const RandomVariable> lkj_corr_random_variable();
// Params (n, eta, sd (..., n)): the packed lower Cholesky factor, row by row, of the covariance
// diag(sd) C diag(sd) with C ~ LKJ(eta) (PyMC's _LKJCholeskyCovRV; sd is sd_dist's draw).
std::shared_ptr<const RandomVariable> lkj_cholesky_cov_random_variable();
// Params (nu, mu (..., k), scale (..., k, k)): mu + z / sqrt(chi2(nu) / nu), z ~ N(0, scale).
std::shared_ptr<const RandomVariable> mv_studentt_random_variable();
// Params (nu, V (p, p)): SciPy's wishart.rvs(int(nu), V), the Bartlett decomposition.
std::shared_ptr<const RandomVariable> wishart_random_variable();
// Params (mu (..., m, n), rowchol (m, m), colchol (n, n)): mu + rowchol Z colchol'.
std::shared_ptr<const RandomVariable> matrix_normal_random_variable();

// The onion method's correlation matrices (PyMC's _random_corr_matrix): `count` n x n
// row-major matrices into out, eta[b] for matrix b.
void lkj_corr_matrices(GeneratorState& s, std::int64_t n, const double* eta, std::int64_t count, double* out);

}  // namespace kiln::random
