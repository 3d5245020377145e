// Dot: type rule, reference evaluation (OpenBLAS for floats), gradient, and kt::dot.
#include "tensor/dot.hpp"

#include "tensor/reduce.hpp"

#include <cblas.h>

namespace kiln::tensor {
namespace {

// OpenBLAS's own thread pool spins (sched_yield) beside kiln's work; kiln parallelizes by
// calling one Function from several threads, so BLAS runs single-threaded inside each call.
// The pool is sized once, when libkiln loads.
const bool kSingleThreadedBlas = [] {
  openblas_set_num_threads(1);
  return true;
}();

std::string both_types(const Var& a, const Var& b) { return a.type().str() + " and " + b.type().str(); }

// The product as (M, K) x (K, N): a vector is one row on the left and one column on the right.
struct Extents {
  std::int64_t m, k, n;
};

Extents extents(const Array& a, const Array& b) {
  std::int64_t k_a = a.shape().back(), k_b = b.shape().front();
  if (k_a != k_b)
    throw ValueError("dot: shapes " + shape_string(a.shape()) + " and " + shape_string(b.shape()) +
                     " not aligned: " + std::to_string(k_a) + " (dim " + std::to_string(a.ndim() - 1) +
                     ") != " + std::to_string(k_b) + " (dim 0)");
  return {a.ndim() == 2 ? a.shape()[0] : 1, k_a, b.ndim() == 2 ? b.shape()[1] : 1};
}

// A BLAS operand: row-major contiguous, or the transpose of a row-major contiguous matrix
// (what a DimShuffle{1,0} view is) passed with CblasTrans instead of copied.
struct BlasOperand {
  Array array;
  bool transposed = false;
};

BlasOperand blas_operand(const Array& a, DType dtype) {
  if (a.dtype() == dtype && a.is_contiguous()) return {a, false};
  if (a.dtype() == dtype && a.ndim() == 2 && a.strides()[0] == 1 && a.strides()[1] == a.shape()[0])
    return {a, true};
  return {a.astype(dtype), false};
}

template <class T>
void blas_product(const BlasOperand& oa, const BlasOperand& ob, Array& out, Extents e) {
  blas_dot<T>({static_cast<const T*>(oa.array.raw_data()), oa.array.ndim(), oa.transposed},
              {static_cast<const T*>(ob.array.raw_data()), ob.array.ndim(), ob.transposed}, out.data<T>(), e.m, e.k, e.n);
}

// Integer and bool products accumulate in (wrapping) 64-bit integers, then take the output
// dtype: NumPy's results modulo the dtype's width, and `any(a & b)` for bools.
void loop_product(const Array& a, const Array& b, Array& out, Extents e) {
  for (std::int64_t i = 0; i < e.m; ++i)
    for (std::int64_t j = 0; j < e.n; ++j) {
      std::uint64_t acc = 0;
      for (std::int64_t p = 0; p < e.k; ++p)
        acc += static_cast<std::uint64_t>(a.get_as_int(i * e.k + p)) *
               static_cast<std::uint64_t>(b.get_as_int(p * e.n + j));
      if (out.dtype() == DType::bool_) acc = acc != 0;
      out.set_from_int(i * e.n + j, static_cast<std::int64_t>(acc));
    }
}

Var outer(const Var& a, const Var& b) { return dot(dimshuffle(a, {0, -1}), dimshuffle(b, {-1, 0})); }

}  // namespace

template <class T>
void blas_dot(const BlasMatrix<T>& a, const BlasMatrix<T>& b, T* pc, std::int64_t m64, std::int64_t k64, std::int64_t n64) {
  const T* pa = a.data;
  const T* pb = b.data;
  const int m = static_cast<int>(m64), k = static_cast<int>(k64), n = static_cast<int>(n64);
  constexpr bool f64 = std::is_same_v<T, double>;
  auto trans = [](bool t) { return t ? CblasTrans : CblasNoTrans; };
  if (a.ndim == 1 && b.ndim == 1) {
    if constexpr (f64)
      *pc = cblas_ddot(k, pa, 1, pb, 1);
    else
      *pc = cblas_sdot(k, pa, 1, pb, 1);
  } else if (b.ndim == 1) {  // (m, k) . (k,); a transposed is stored as (k, m)
    int rows = a.transposed ? k : m, cols = a.transposed ? m : k;
    if constexpr (f64)
      cblas_dgemv(CblasRowMajor, trans(a.transposed), rows, cols, 1.0, pa, cols, pb, 1, 0.0, pc, 1);
    else
      cblas_sgemv(CblasRowMajor, trans(a.transposed), rows, cols, 1.0f, pa, cols, pb, 1, 0.0f, pc, 1);
  } else if (a.ndim == 1) {  // (k,) . (k, n) = b^T a; b transposed is stored as (n, k)
    int rows = b.transposed ? n : k, cols = b.transposed ? k : n;
    if constexpr (f64)
      cblas_dgemv(CblasRowMajor, trans(!b.transposed), rows, cols, 1.0, pb, cols, pa, 1, 0.0, pc, 1);
    else
      cblas_sgemv(CblasRowMajor, trans(!b.transposed), rows, cols, 1.0f, pb, cols, pa, 1, 0.0f, pc, 1);
  } else {
    int lda = a.transposed ? m : k, ldb = b.transposed ? k : n;
    if constexpr (f64)
      cblas_dgemm(CblasRowMajor, trans(a.transposed), trans(b.transposed), m, n, k, 1.0, pa, lda, pb, ldb, 0.0, pc, n);
    else
      cblas_sgemm(CblasRowMajor, trans(a.transposed), trans(b.transposed), m, n, k, 1.0f, pa, lda, pb, ldb, 0.0f, pc, n);
  }
}

template void blas_dot<double>(const BlasMatrix<double>&, const BlasMatrix<double>&, double*, std::int64_t, std::int64_t,
                               std::int64_t);
template void blas_dot<float>(const BlasMatrix<float>&, const BlasMatrix<float>&, float*, std::int64_t, std::int64_t,
                              std::int64_t);

std::vector<TensorType> Dot::output_types(const std::vector<Var>& inputs) const {
  if (inputs.size() != 2) throw TypeError("dot: takes 2 inputs, got " + std::to_string(inputs.size()));
  const Var& a = inputs[0];
  const Var& b = inputs[1];
  auto matrix_or_vector = [](const Var& v) { return v.type().is_tensor() && (v.ndim() == 1 || v.ndim() == 2); };
  if (!matrix_or_vector(a) || !matrix_or_vector(b))
    throw TypeError("dot: needs vectors or matrices, got " + both_types(a, b));
  const auto& ka = a.type().shape().back();
  const auto& kb = b.type().shape().front();
  if (ka && kb && *ka != *kb) throw TypeError("dot: inner dimensions differ: " + both_types(a, b));
  StaticShape shape;
  if (a.ndim() == 2) shape.push_back(a.type().shape()[0]);
  if (b.ndim() == 2) shape.push_back(b.type().shape()[1]);
  return {TensorType(promote(a.dtype(), b.dtype()), shape)};
}

void Dot::perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const {
  const Array& a = inputs[0];
  const Array& b = inputs[1];
  Extents e = extents(a, b);
  Shape shape;
  if (a.ndim() == 2) shape.push_back(e.m);
  if (b.ndim() == 2) shape.push_back(e.n);
  DType dtype = promote(a.dtype(), b.dtype());
  Array out = Array::zeros(dtype, shape);
  if (e.m == 0 || e.n == 0 || e.k == 0) {  // BLAS rejects zero leading dimensions
    outputs[0] = std::move(out);
    return;
  }
  if (dtype == DType::float64)
    blas_product<double>(blas_operand(a, dtype), blas_operand(b, dtype), out, e);
  else if (dtype == DType::float32)
    blas_product<float>(blas_operand(a, dtype), blas_operand(b, dtype), out, e);
  else
    loop_product(a, b, out, e);
  outputs[0] = std::move(out);
}

// Aesara's Dot.grad: for z = x.y, gx = gz.y^T and gy = x^T.gz, with outer products where a
// vector meets a vector gradient.
std::vector<Var> Dot::grad(const Apply& node, const std::vector<Var>& output_grads) const {
  const Var& x = node.inputs()[0];
  const Var& y = node.inputs()[1];
  const Var& gz = output_grads[0];
  Var gx, gy;
  if (x.ndim() == 1 && y.ndim() == 1) {
    gx = gz * y;
    gy = gz * x;
  } else if (x.ndim() == 1) {  // vector . matrix
    gx = dot(gz, transpose(y));
    gy = outer(x, gz);
  } else if (y.ndim() == 1) {  // matrix . vector
    gx = outer(gz, y);
    gy = dot(transpose(x), gz);
  } else {
    gx = dot(gz, transpose(y));
    gy = dot(transpose(x), gz);
  }
  return {is_float(x.dtype()) ? grad_for(x, gx) : Var(), is_float(y.dtype()) ? grad_for(y, gy) : Var()};
}

// A 0-d operand makes it a product, as Aesara's dense_dot.
Var dot(const Var& a, const Var& b) {
  require_vars({a, b}, "dot", "input");
  if (a.ndim() == 0 || b.ndim() == 0) return a * b;
  return apply_op(std::make_shared<Dot>(), {a, b});
}

}  // namespace kiln::tensor
