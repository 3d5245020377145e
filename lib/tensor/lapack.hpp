// Dense linear algebra kernels on row-major contiguous float64 buffers, over OpenBLAS's LAPACK
// and BLAS. The one place kiln calls dpotrf, dtrsv/dtrsm, dgetrf/dgetrs/dgetri and dsyevd: the
// ops' reference perform and the JIT runtime's entry points both call these, so the two agree.
// A kernel reports a bad matrix through its return value (never an exception, since generated
// code calls them), with the row or minor where it failed in `where`; failure_message turns
// that into the text of the LinAlgError the host raises.
#pragma once

#include <cstdint>
#include <string>

namespace kiln::tensor::lapack {

enum Status : int {
  ok = 0,
  not_positive_definite = 1,  // where: the order of the leading minor that is not positive
  singular = 2,               // where: the (0-based) diagonal entry of the factor that is zero
  no_convergence = 3,         // where: how many off-diagonal entries did not converge
};

// "cholesky: the matrix is not positive definite (the leading minor of order 3 is not positive)".
std::string failure_message(const std::string& op, int status, std::int64_t where);

// out = the lower (or upper) Cholesky factor of a (n, n), the other triangle zero. Reads only
// a's lower (upper) triangle, as NumPy and SciPy do. out may be a.
int cholesky(const double* a, double* out, std::int64_t n, bool lower, std::int64_t* where);

// dst = src for a (rows, cols) float64 matrix, element strides s and d (any sign): a dcopy
// per row.
void copy_rows(const double* src, const std::int64_t* s, std::int64_t rows, std::int64_t cols, double* dst,
               const std::int64_t* d);

// The first zero on the diagonal of the n x n row-major a, or -1.
std::int64_t zero_on_diagonal(const double* a, std::int64_t n);

// b (n, nrhs) <- op(a)^-1 b, a triangular (only its `lower` or upper triangle read), op(a) = a
// or, with `trans`, its transpose: dtrsv for one right-hand side, dtrsm for several (a
// triangle of order up to 6: dscal and daxpy along b's rows). A zero on the diagonal is
// `singular` (b is then left unchanged).
int solve_triangular(const double* a, double* b, std::int64_t n, std::int64_t nrhs, bool lower, bool trans,
                     std::int64_t* where);

// b (n, nrhs) <- a^-1 b by LU with partial pivoting (dgetrf, dgetrs). lu: n * n scratch, pivots: n.
int solve(const double* a, double* b, std::int64_t n, std::int64_t nrhs, double* lu, int* pivots, std::int64_t* where);

// out = a^-1 (dgetrf, dgetri). out may be a. pivots: n scratch.
int inverse(const double* a, double* out, std::int64_t n, int* pivots, std::int64_t* where);

// The sign and log of the absolute value of det(a), from its LU factor (NumPy's slogdet): a
// singular matrix has sign 0 and log -inf. lu: n * n scratch, pivots: n.
void slogdet(const double* a, std::int64_t n, double* lu, int* pivots, double* sign, double* logabsdet);

// The eigenvalues of the symmetric a (n, n) in ascending order (dsyevd, reading a's lower
// triangle, NumPy's UPLO="L"), and with `vectors` non-null the unit eigenvectors as its columns.
int eigh(const double* a, double* values, double* vectors, std::int64_t n, std::int64_t* where);

}  // namespace kiln::tensor::lapack
