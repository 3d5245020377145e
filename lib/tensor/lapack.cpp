// The LAPACK/BLAS kernels of lapack.hpp. LAPACK is column-major: a row-major matrix is its
// transpose there, so a row-major lower triangle is LAPACK's upper one, and LU-based results
// are read through det(a') = det(a) and inv(a')' = inv(a).
#include "tensor/lapack.hpp"

#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

// Fortran LAPACK, with gfortran's hidden lengths of the character arguments.
extern "C" {
void dpotrf_(const char* uplo, const int* n, double* a, const int* lda, int* info, std::size_t);
void dgetrf_(const int* m, const int* n, double* a, const int* lda, int* ipiv, int* info);
void dgetrs_(const char* trans, const int* n, const int* nrhs, const double* a, const int* lda, const int* ipiv,
             double* b, const int* ldb, int* info, std::size_t);
void dgetri_(const int* n, double* a, const int* lda, const int* ipiv, double* work, const int* lwork, int* info);
void dsyevd_(const char* jobz, const char* uplo, const int* n, double* a, const int* lda, double* w, double* work,
             const int* lwork, int* iwork, const int* liwork, int* info, std::size_t, std::size_t);
}

namespace kiln::tensor::lapack {

namespace {

void copy_matrix(const double* a, double* out, std::int64_t n) {
  if (out != a) std::copy(a, a + n * n, out);
}

// LU of the row-major a (LAPACK's a'), in lu; info > 0 names a zero pivot (1-based).
int lu_factor(const double* a, double* lu, int n, int* pivots) {
  copy_matrix(a, lu, n);
  int info = 0;
  dgetrf_(&n, &n, lu, &n, pivots, &info);
  return info;
}

// Triangles of up to this order are solved against several right-hand sides row by row (see
// solve_rows). Measured with callgrind against OpenBLAS 0.3.21's dtrsm, 85 right-hand sides:
// order 2 0.9k instructions against 5.4k, 4 2.6k against 12.2k, 6 5.2k against 20.6k; at 8
// dtrsm's blocked kernel is ahead (6.5k against 8.7k).
constexpr std::int64_t kRowSolveOrder = 6;

// b (n, nrhs) <- op(a)^-1 b as LAPACK's unblocked routines are written: level-1 BLAS along
// the rows of b, one dscal per row and one daxpy per off-diagonal entry of op(a), in the order
// of forward (op(a) lower) or backward substitution. A small triangle's dtrsm spends more on
// packing and blocking than on the solve.
void solve_rows(const double* a, double* b, int n, int nrhs, bool lower, bool trans) {
  const bool forward = lower != trans;
  auto op_a = [&](int i, int j) { return trans ? a[j * n + i] : a[i * n + j]; };
  for (int s = 0; s < n; ++s) {
    const int j = forward ? s : n - 1 - s;
    double* row = b + static_cast<std::ptrdiff_t>(j) * nrhs;
    cblas_dscal(nrhs, 1.0 / op_a(j, j), row, 1);
    for (int t = s + 1; t < n; ++t) {
      const int i = forward ? t : n - 1 - t;
      cblas_daxpy(nrhs, -op_a(i, j), row, 1, b + static_cast<std::ptrdiff_t>(i) * nrhs, 1);
    }
  }
}

}  // namespace

std::string failure_message(const std::string& op, int status, std::int64_t where) {
  switch (status) {
    case not_positive_definite:
      return op + ": the matrix is not positive definite (the leading minor of order " + std::to_string(where) +
             " is not positive)";
    case singular:
      return op + ": the matrix is singular (diagonal entry " + std::to_string(where) + " of its factor is zero)";
    case no_convergence:
      return op + ": the eigenvalue algorithm did not converge (" + std::to_string(where) +
             " off-diagonal elements did not reach zero)";
    default: return op + ": failed with LAPACK status " + std::to_string(status);
  }
}

int cholesky(const double* a, double* out, std::int64_t n64, bool lower, std::int64_t* where) {
  const int n = static_cast<int>(n64);
  copy_matrix(a, out, n64);
  if (n == 0) return ok;
  int info = 0;
  dpotrf_(lower ? "U" : "L", &n, out, &n, &info, 1);
  if (info > 0) {
    *where = info;
    return not_positive_definite;
  }
  for (std::int64_t i = 0; i < n64; ++i)
    for (std::int64_t j = 0; j < n64; ++j)
      if (lower ? j > i : j < i) out[i * n64 + j] = 0.0;
  return ok;
}

void copy_rows(const double* src, const std::int64_t* s, std::int64_t rows, std::int64_t cols, double* dst,
               const std::int64_t* d) {
  // BLAS reads a vector with a negative increment from its far end: point at it.
  auto far = [&](std::int64_t inc) { return inc < 0 ? (cols - 1) * inc : 0; };
  for (std::int64_t i = 0; i < rows; ++i)
    cblas_dcopy(static_cast<int>(cols), src + i * s[0] + far(s[1]), static_cast<int>(s[1]), dst + i * d[0] + far(d[1]),
                static_cast<int>(d[1]));
}

std::int64_t zero_on_diagonal(const double* a, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i)
    if (a[i * n + i] == 0.0) return i;
  return -1;
}

int solve_triangular(const double* a, double* b, std::int64_t n64, std::int64_t nrhs64, bool lower, bool trans,
                     std::int64_t* where) {
  if (const std::int64_t i = zero_on_diagonal(a, n64); i >= 0) {
    *where = i;
    return singular;
  }
  if (n64 == 0 || nrhs64 == 0) return ok;
  const int n = static_cast<int>(n64), nrhs = static_cast<int>(nrhs64);
  const auto uplo = lower ? CblasLower : CblasUpper;
  const auto op = trans ? CblasTrans : CblasNoTrans;
  if (nrhs == 1)
    cblas_dtrsv(CblasRowMajor, uplo, op, CblasNonUnit, n, a, n, b, 1);
  else if (n64 <= kRowSolveOrder)
    solve_rows(a, b, n, nrhs, lower, trans);
  else
    cblas_dtrsm(CblasRowMajor, CblasLeft, uplo, op, CblasNonUnit, n, nrhs, 1.0, a, n, b, nrhs);
  return ok;
}

int solve(const double* a, double* b, std::int64_t n64, std::int64_t nrhs64, double* lu, int* pivots,
          std::int64_t* where) {
  const int n = static_cast<int>(n64), nrhs = static_cast<int>(nrhs64);
  if (n == 0) return ok;
  if (int info = lu_factor(a, lu, n, pivots); info > 0) {
    *where = info - 1;
    return singular;
  }
  if (nrhs == 0) return ok;
  // LAPACK holds a' factored: solving with its transpose solves with a. The right-hand sides
  // are LAPACK's columns, so several of them go through a transposed copy.
  int info = 0;
  if (nrhs == 1) {
    dgetrs_("T", &n, &nrhs, lu, &n, pivots, b, &n, &info, 1);
    return ok;
  }
  std::vector<double> columns(static_cast<std::size_t>(n64 * nrhs64));
  for (std::int64_t i = 0; i < n64; ++i)
    for (std::int64_t j = 0; j < nrhs64; ++j) columns[static_cast<std::size_t>(j * n64 + i)] = b[i * nrhs64 + j];
  dgetrs_("T", &n, &nrhs, lu, &n, pivots, columns.data(), &n, &info, 1);
  for (std::int64_t i = 0; i < n64; ++i)
    for (std::int64_t j = 0; j < nrhs64; ++j) b[i * nrhs64 + j] = columns[static_cast<std::size_t>(j * n64 + i)];
  return ok;
}

int inverse(const double* a, double* out, std::int64_t n64, int* pivots, std::int64_t* where) {
  const int n = static_cast<int>(n64);
  if (n == 0) return ok;
  if (int info = lu_factor(a, out, n, pivots); info > 0) {
    *where = info - 1;
    return singular;
  }
  int info = 0, query = -1;
  double size = 0;
  dgetri_(&n, out, &n, pivots, &size, &query, &info);
  const int lwork = std::max(1, static_cast<int>(size));
  std::vector<double> work(static_cast<std::size_t>(lwork));
  dgetri_(&n, out, &n, pivots, work.data(), &lwork, &info);
  return ok;
}

void slogdet(const double* a, std::int64_t n64, double* lu, int* pivots, double* sign, double* logabsdet) {
  const int n = static_cast<int>(n64);
  *sign = 1.0;
  *logabsdet = 0.0;
  if (n == 0) return;
  if (lu_factor(a, lu, n, pivots) > 0) {
    *sign = 0.0;
    *logabsdet = -std::numeric_limits<double>::infinity();
    return;
  }
  for (int i = 0; i < n; ++i) {
    const double u = lu[static_cast<std::int64_t>(i) * n64 + i];
    if (pivots[i] != i + 1) *sign = -*sign;
    if (u < 0) *sign = -*sign;
    *logabsdet += std::log(std::fabs(u));
  }
}

int eigh(const double* a, double* values, double* vectors, std::int64_t n64, std::int64_t* where) {
  const int n = static_cast<int>(n64);
  if (n == 0) return ok;
  std::vector<double> m(a, a + n64 * n64);
  const char* jobz = vectors ? "V" : "N";
  int info = 0, query = -1, iquery = -1, isize = 0;
  double size = 0;
  dsyevd_(jobz, "U", &n, m.data(), &n, values, &size, &query, &isize, &iquery, &info, 1, 1);
  const int lwork = std::max(1, static_cast<int>(size)), liwork = std::max(1, isize);
  std::vector<double> work(static_cast<std::size_t>(lwork));
  std::vector<int> iwork(static_cast<std::size_t>(liwork));
  dsyevd_(jobz, "U", &n, m.data(), &n, values, work.data(), &lwork, iwork.data(), &liwork, &info, 1, 1);
  if (info > 0) {
    *where = info;
    return no_convergence;
  }
  // LAPACK's eigenvector columns are contiguous: row j of m is eigenvector j.
  if (vectors)
    for (std::int64_t i = 0; i < n64; ++i)
      for (std::int64_t j = 0; j < n64; ++j) vectors[i * n64 + j] = m[static_cast<std::size_t>(j * n64 + i)];
  return ok;
}

}  // namespace kiln::tensor::lapack
