// The linear algebra entry points (linalg_entries.hpp). Operands come with any strides: each
// is gathered into a thread's reusable row-major scratch, the kernel runs there, and results
// are scattered back, so a call allocates nothing once its scratch has grown.
#include "jit/runtime/linalg_entries.hpp"

#include "tensor/dot.hpp"
#include "tensor/lapack.hpp"

#include <cmath>
#include <limits>
#include <utility>
#include <vector>

namespace {

namespace lapack = kiln::tensor::lapack;
using namespace kiln::jit;

struct Scratch {
  std::vector<double> a, b, work;
  std::vector<int> pivots;
};

Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

// The dtype of operand a or b, from the flags.
kiln::DType operand_dtype(std::int64_t flags, int shift) {
  return static_cast<kiln::DType>(static_cast<std::uint8_t>((flags >> shift) & 0xff));
}

// Copies a (rows, cols) operand of `dtype` with element strides s into float64 `dst` with
// element strides d (converted as astype(float64) converts it).
void copy_operand(const void* p, kiln::DType dtype, const std::int64_t* s, std::int64_t rows, std::int64_t cols,
                  double* dst, const std::int64_t* d) {
  if (dtype == kiln::DType::float64) {  // (a right-hand side's transpose, often: dcopy by rows)
    lapack::copy_rows(static_cast<const double*>(p), s, rows, cols, dst, d);
    return;
  }
  kiln::visit_dtype(dtype, [&](auto zero) {
    const auto* v = static_cast<const decltype(zero)*>(p);
    for (std::int64_t i = 0; i < rows; ++i)
      for (std::int64_t j = 0; j < cols; ++j) dst[i * d[0] + j * d[1]] = static_cast<double>(v[i * s[0] + j * s[1]]);
  });
}

// A (rows, cols) operand of `dtype` with element strides s[0], s[1], copied into row-major
// float64 `dst` (each element converted as astype(float64) converts it).
double* gather(const void* p, kiln::DType dtype, const std::int64_t* s, std::int64_t rows, std::int64_t cols,
               std::vector<double>& dst) {
  dst.resize(static_cast<std::size_t>(rows * cols));
  const std::int64_t dense[2] = {cols, 1};
  copy_operand(p, dtype, s, rows, cols, dst.data(), dense);
  return dst.data();
}

double* gather_a(const void* a, std::int64_t flags, const std::int64_t* l, std::int64_t n) {
  return gather(a, operand_dtype(flags, kADTypeShift), l + kAStrides, n, n, scratch().a);
}

double* gather_b(const void* b, std::int64_t flags, const std::int64_t* l, std::int64_t n, std::int64_t k) {
  return gather(b, operand_dtype(flags, kBDTypeShift), l + kBStrides, n, k, scratch().b);
}

void scatter(const double* src, double* p, const std::int64_t* s, std::int64_t rows, std::int64_t cols) {
  for (std::int64_t i = 0; i < rows; ++i)
    for (std::int64_t j = 0; j < cols; ++j) p[i * s[0] + j * s[1]] = src[i * cols + j];
}

// Whether the dense `count` doubles at `out` may share a byte with the (rows, cols) operand at
// p with element strides s (of 8-byte elements or narrower; any stride sign): kiln's
// may_share_memory for raw layouts. Array views of the operands would add about a fifth to the
// solve of a small triangle (1k instructions against dtrsm's 5k).
bool overlaps(const double* out, std::int64_t count, const void* p, const std::int64_t* s, std::int64_t rows,
              std::int64_t cols) {
  if (count == 0 || rows == 0 || cols == 0) return false;
  std::int64_t lo = 0, hi = 0;  // element offsets of the operand's first and last elements
  for (const auto& [extent, stride] : {std::pair{rows, s[0]}, std::pair{cols, s[1]}})
    (stride < 0 ? lo : hi) += (extent - 1) * stride;
  const auto* base = static_cast<const char*>(p);
  const auto* begin = reinterpret_cast<const char*>(out);
  return base + 8 * lo < begin + 8 * count && begin < base + 8 * (hi + 1);
}

void fill_nan(double* p, const std::int64_t* s, std::int64_t rows, std::int64_t cols) {
  for (std::int64_t i = 0; i < rows; ++i)
    for (std::int64_t j = 0; j < cols; ++j) p[i * s[0] + j * s[1]] = std::numeric_limits<double>::quiet_NaN();
}

int* pivots(std::int64_t n) {
  scratch().pivots.resize(static_cast<std::size_t>(n));
  return scratch().pivots.data();
}

// A product's operand as BLAS reads it: (rows, cols) with strides (row, col) used in place when
// row-major dense or its dense transpose, else gathered into `copy`.
template <class T>
kiln::tensor::BlasMatrix<T> blas_operand(const T* p, int ndim, std::int64_t rows, std::int64_t cols, std::int64_t row,
                                         std::int64_t col, std::vector<T>& copy) {
  if ((col == 1 || cols == 1) && (row == cols || rows == 1)) return {p, ndim, false};
  if (ndim == 2 && (row == 1 || rows == 1) && (col == rows || cols == 1)) return {p, ndim, true};
  copy.resize(static_cast<std::size_t>(rows * cols));
  for (std::int64_t i = 0; i < rows; ++i)
    for (std::int64_t j = 0; j < cols; ++j) copy[static_cast<std::size_t>(i * cols + j)] = p[i * row + j * col];
  return {copy.data(), ndim, false};
}

template <class T>
void dot(T* out, const T* a, const T* b, const std::int64_t* l, std::int64_t flags) {
  thread_local std::vector<T> a_copy, b_copy, out_copy;
  const std::int64_t m = l[kDotM], k = l[kDotK], n = l[kDotN];
  const std::int64_t out_row = l[kDotOut], out_col = l[kDotOut + 1];
  if (m == 0 || n == 0) return;
  if (k == 0) {  // BLAS rejects zero leading dimensions; the empty sums are 0
    for (std::int64_t i = 0; i < m; ++i)
      for (std::int64_t j = 0; j < n; ++j) out[i * out_row + j * out_col] = T(0);
    return;
  }
  const int a_ndim = flags & kDotAMatrix ? 2 : 1, b_ndim = flags & kDotBMatrix ? 2 : 1;
  const auto pa = blas_operand(a, a_ndim, m, k, l[kDotA], l[kDotA + 1], a_copy);
  const auto pb = blas_operand(b, b_ndim, k, n, l[kDotB], l[kDotB + 1], b_copy);
  const bool dense_out = (out_col == 1 || n == 1) && (out_row == n || m == 1);
  if (!dense_out) out_copy.resize(static_cast<std::size_t>(m * n));
  T* c = dense_out ? out : out_copy.data();
  kiln::tensor::blas_dot<T>(pa, pb, c, m, k, n);
  if (!dense_out)
    for (std::int64_t i = 0; i < m; ++i)
      for (std::int64_t j = 0; j < n; ++j) out[i * out_row + j * out_col] = c[i * n + j];
}

}  // namespace

extern "C" {

std::int32_t kiln_rt_cholesky(double* out, double*, const void* a, const void*, const std::int64_t* l,
                              std::int64_t flags, std::int64_t* where) {
  const std::int64_t n = l[kN];
  double* m = gather_a(a, flags, l, n);
  const int status = lapack::cholesky(m, m, n, flags & kLower, where);
  if (status == lapack::ok)
    scatter(m, out, l + kOut0Strides, n, n);
  else if (flags & kNanOnError)
    fill_nan(out, l + kOut0Strides, n, n);
  else
    return status;
  return lapack::ok;
}

std::int32_t kiln_rt_solve_triangular(double* out, double*, const void* a, const void* b, const std::int64_t* l,
                                      std::int64_t flags, std::int64_t* where) {
  const std::int64_t n = l[kN], k = l[kRhs];
  const std::int64_t *sa = l + kAStrides, *sb = l + kBStrides, *so = l + kOut0Strides;
  const bool a_f64 = operand_dtype(flags, kADTypeShift) == kiln::DType::float64;
  const bool b_f64 = operand_dtype(flags, kBDTypeShift) == kiln::DType::float64;
  // The fast path: a float64 triangle stored row-major, or column-major (its transpose
  // row-major: the other triangle, solved transposed), read where it is (most are a Cholesky
  // factor the program just wrote), and the right-hand sides copied into a dense row-major
  // output and solved there: no scratch, no scatter. Taken only when the output overlaps
  // neither operand (b may be the output itself, laid out as it), and once the triangle is
  // known to be invertible, so that a failed solve writes nothing.
  const bool a_rows = a_f64 && sa[0] == n && (sa[1] == 1 || n <= 1), a_cols = a_f64 && sa[0] == 1 && sa[1] == n;
  const bool dense_out = (so[1] == 1 || k == 1) && (so[0] == k || n == 1);
  const bool b_is_out = b == out && b_f64 && (sb[0] == k || n == 1) && (sb[1] == 1 || k == 1);
  if ((a_rows || a_cols) && dense_out && !overlaps(out, n * k, a, sa, n, n) &&
      (b_is_out || !overlaps(out, n * k, b, sb, n, k))) {
    const auto* m = static_cast<const double*>(a);
    if (const std::int64_t i = lapack::zero_on_diagonal(m, n); i >= 0) {
      *where = i;
      return lapack::singular;
    }
    const std::int64_t dense[2] = {k, 1};
    if (!b_is_out) copy_operand(b, operand_dtype(flags, kBDTypeShift), sb, n, k, out, dense);
    const bool lower = flags & kLower, trans = flags & kTrans;
    return lapack::solve_triangular(m, out, n, k, a_rows ? lower : !lower, a_rows ? trans : !trans, where);
  }
  const double* m = gather_a(a, flags, l, n);
  double* x = gather_b(b, flags, l, n, k);
  const int status = lapack::solve_triangular(m, x, n, k, flags & kLower, flags & kTrans, where);
  if (status == lapack::ok) scatter(x, out, so, n, k);
  return status;
}

std::int32_t kiln_rt_solve(double* out, double*, const void* a, const void* b, const std::int64_t* l,
                           std::int64_t flags, std::int64_t* where) {
  const std::int64_t n = l[kN], k = l[kRhs];
  const double* m = gather_a(a, flags, l, n);
  double* x = gather_b(b, flags, l, n, k);
  scratch().work.resize(static_cast<std::size_t>(n * n));
  const int status = lapack::solve(m, x, n, k, scratch().work.data(), pivots(n), where);
  if (status == lapack::ok) scatter(x, out, l + kOut0Strides, n, k);
  return status;
}

std::int32_t kiln_rt_matrix_inverse(double* out, double*, const void* a, const void*, const std::int64_t* l,
                                    std::int64_t flags, std::int64_t* where) {
  const std::int64_t n = l[kN];
  double* m = gather_a(a, flags, l, n);
  const int status = lapack::inverse(m, m, n, pivots(n), where);
  if (status == lapack::ok) scatter(m, out, l + kOut0Strides, n, n);
  return status;
}

// out0 = sign, out1 = log|det| (scalars).
std::int32_t kiln_rt_slogdet(double* sign, double* logabsdet, const void* a, const void*, const std::int64_t* l,
                             std::int64_t flags, std::int64_t*) {
  const std::int64_t n = l[kN];
  const double* m = gather_a(a, flags, l, n);
  scratch().work.resize(static_cast<std::size_t>(n * n));
  lapack::slogdet(m, n, scratch().work.data(), pivots(n), sign, logabsdet);
  return lapack::ok;
}

// NumPy's det: sign * exp(log|det|).
std::int32_t kiln_rt_det(double* out, double*, const void* a, const void* b, const std::int64_t* l, std::int64_t flags,
                         std::int64_t* where) {
  double sign = 0, logabs = 0;
  kiln_rt_slogdet(&sign, &logabs, a, b, l, flags, where);
  *out = sign * std::exp(logabs);
  return lapack::ok;
}

// out0 = eigenvalues (n,), out1 = eigenvectors (n, n).
std::int32_t kiln_rt_eigh(double* values, double* vectors, const void* a, const void*, const std::int64_t* l,
                          std::int64_t flags, std::int64_t* where) {
  const std::int64_t n = l[kN];
  const double* m = gather_a(a, flags, l, n);
  scratch().b.resize(static_cast<std::size_t>(n));
  scratch().work.resize(static_cast<std::size_t>(n * n));
  const int status = lapack::eigh(m, scratch().b.data(), scratch().work.data(), n, where);
  if (status != lapack::ok) return status;
  scatter(scratch().b.data(), values, l + kOut0Strides, n, 1);
  scatter(scratch().work.data(), vectors, l + kOut1Strides, n, n);
  return lapack::ok;
}

// MvNormal's precision-to-covariance inverse: NaN when not positive definite.
std::int32_t kiln_rt_spd_inverse(double* out, double*, const void* a, const void*, const std::int64_t* l,
                                 std::int64_t flags, std::int64_t* where) {
  const std::int64_t n = l[kN];
  double* m = gather_a(a, flags, l, n);
  scratch().work.resize(static_cast<std::size_t>(n * n));
  if (lapack::cholesky(m, scratch().work.data(), n, true, where) != lapack::ok ||
      lapack::inverse(m, m, n, pivots(n), where) != lapack::ok) {
    fill_nan(out, l + kOut0Strides, n, n);
    return lapack::ok;
  }
  scatter(m, out, l + kOut0Strides, n, n);
  return lapack::ok;
}

void kiln_rt_dot(void* out, const void* a, const void* b, const std::int64_t* layout, std::int64_t flags) {
  if (flags & kDotFloat32)
    dot(static_cast<float*>(out), static_cast<const float*>(a), static_cast<const float*>(b), layout, flags);
  else
    dot(static_cast<double*>(out), static_cast<const double*>(a), static_cast<const double*>(b), layout, flags);
}
}

namespace kiln::jit {

std::span<const RuntimeSymbol> linalg_runtime_symbols() {
  static const RuntimeSymbol symbols[] = {
      {"kiln_rt_cholesky", reinterpret_cast<void*>(&kiln_rt_cholesky)},
      {"kiln_rt_solve_triangular", reinterpret_cast<void*>(&kiln_rt_solve_triangular)},
      {"kiln_rt_solve", reinterpret_cast<void*>(&kiln_rt_solve)},
      {"kiln_rt_matrix_inverse", reinterpret_cast<void*>(&kiln_rt_matrix_inverse)},
      {"kiln_rt_slogdet", reinterpret_cast<void*>(&kiln_rt_slogdet)},
      {"kiln_rt_det", reinterpret_cast<void*>(&kiln_rt_det)},
      {"kiln_rt_eigh", reinterpret_cast<void*>(&kiln_rt_eigh)},
      {"kiln_rt_spd_inverse", reinterpret_cast<void*>(&kiln_rt_spd_inverse)},
      {"kiln_rt_dot", reinterpret_cast<void*>(&kiln_rt_dot)},
  };
  return symbols;
}

}  // namespace kiln::jit
