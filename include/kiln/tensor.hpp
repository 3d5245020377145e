// kiln::tensor (alias kt): building typed symbolic tensor graphs, with PyTensor's names.
#pragma once

#include <kiln/graph.hpp>

#include <concepts>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kiln::tensor {

// ---- Variables -------------------------------------------------------------------------
Var scalar(std::string name = {}, DType dtype = DType::float64);
Var vector(std::string name = {}, DType dtype = DType::float64);
Var matrix(std::string name = {}, DType dtype = DType::float64);
Var tensor(std::string name, DType dtype, StaticShape shape);
// A constant; integers become the smallest int dtype that holds them, as Aesara's autocast.
Var constant(const Array& value, std::string name = {});
Var as_tensor(double value);
Var as_tensor(std::int64_t value);

// ---- Elementwise ----------------------------------------------------------------------
Var add(const Var& a, const Var& b);
Var sub(const Var& a, const Var& b);
Var mul(const Var& a, const Var& b);
Var true_div(const Var& a, const Var& b);
Var int_div(const Var& a, const Var& b);
Var mod(const Var& a, const Var& b);
Var pow(const Var& a, const Var& b);
Var maximum(const Var& a, const Var& b);
Var minimum(const Var& a, const Var& b);
Var arctan2(const Var& a, const Var& b);
Var neg(const Var& a);
Var abs(const Var& a);
Var sign(const Var& a);
Var exp(const Var& a);
Var exp2(const Var& a);
Var expm1(const Var& a);
Var log(const Var& a);
Var log2(const Var& a);
Var log10(const Var& a);
Var log1p(const Var& a);
Var sqrt(const Var& a);
Var sqr(const Var& a);
Var reciprocal(const Var& a);
Var sin(const Var& a);
Var cos(const Var& a);
Var tan(const Var& a);
Var arcsin(const Var& a);
Var arccos(const Var& a);
Var arctan(const Var& a);
Var sinh(const Var& a);
Var cosh(const Var& a);
Var tanh(const Var& a);
Var arcsinh(const Var& a);
Var arccosh(const Var& a);
Var arctanh(const Var& a);
Var sigmoid(const Var& a);
Var softplus(const Var& a);
Var log1mexp(const Var& a);
Var erf(const Var& a);
Var erfc(const Var& a);
Var erfcx(const Var& a);
Var erfinv(const Var& a);
Var gammaln(const Var& a);
Var digamma(const Var& a);
Var trigamma(const Var& a);
// The n-th derivative of digamma; n a natural number (NaN otherwise), at most 170.
Var polygamma(const Var& n, const Var& x);
Var floor(const Var& a);
Var ceil(const Var& a);
Var round(const Var& a);
Var isnan(const Var& a);
Var isinf(const Var& a);
Var lt(const Var& a, const Var& b);
Var le(const Var& a, const Var& b);
Var gt(const Var& a, const Var& b);
Var ge(const Var& a, const Var& b);
Var eq(const Var& a, const Var& b);
Var neq(const Var& a, const Var& b);
Var and_(const Var& a, const Var& b);
Var or_(const Var& a, const Var& b);
Var xor_(const Var& a, const Var& b);
Var invert(const Var& a);
Var switch_(const Var& cond, const Var& if_true, const Var& if_false);
Var where(const Var& cond, const Var& if_true, const Var& if_false);
Var clip(const Var& a, const Var& lo, const Var& hi);
Var cast(const Var& a, DType dtype);
// second(a, b): b broadcast to a's shape (Aesara's fill).
Var second(const Var& a, const Var& b);
Var fill(const Var& a, const Var& value);
Var zeros_like(const Var& a);
Var ones_like(const Var& a);

// ---- Shapes and structure -------------------------------------------------------------
// Axes in Aesara's spelling: none = all axes.
using Axes = std::optional<std::vector<int>>;
Var dimshuffle(const Var& a, std::vector<int> new_order);  // -1 for a new axis ('x')
Var transpose(const Var& a);
Var shape(const Var& a);
Var reshape(const Var& a, const Shape& shape);  // one -1 allowed; {2, 3}, a std::vector or b.shape() of an Array
Var reshape(const Var& a, const Var& shape);
Var alloc(const Var& value, const std::vector<Var>& shape);
Var specify_shape(const Var& a, const StaticShape& shape);
Var flatten(const Var& a);

// ---- Reductions -----------------------------------------------------------------------
Var sum(const Var& a, Axes axis = std::nullopt, bool keepdims = false);
Var sum(const Var& a, int axis, bool keepdims = false);
Var prod(const Var& a, Axes axis = std::nullopt, bool keepdims = false);
Var max(const Var& a, Axes axis = std::nullopt, bool keepdims = false);
Var min(const Var& a, Axes axis = std::nullopt, bool keepdims = false);
Var all(const Var& a, Axes axis = std::nullopt, bool keepdims = false);
Var any(const Var& a, Axes axis = std::nullopt, bool keepdims = false);
Var mean(const Var& a, Axes axis = std::nullopt, bool keepdims = false);
// One axis, as numpy's `axis=0`.
Var prod(const Var& a, int axis, bool keepdims = false);
Var max(const Var& a, int axis, bool keepdims = false);
Var min(const Var& a, int axis, bool keepdims = false);
Var all(const Var& a, int axis, bool keepdims = false);
Var any(const Var& a, int axis, bool keepdims = false);
Var mean(const Var& a, int axis, bool keepdims = false);
// The index of the largest element along `axis` (nullopt: of the flattened array), as NumPy's
// argmax: int64, the first among equal maxima, NaN counted as the largest; not differentiable.
Var argmax(const Var& a, std::optional<int> axis = std::nullopt, bool keepdims = false);

// ---- Linear algebra -------------------------------------------------------------------
Var dot(const Var& a, const Var& b);  // vector.vector, matrix.vector, matrix.matrix
// dot(dot(f0, f1), f2) ...: PyMC's matrix_dot.
Var matrix_dot(const std::vector<Var>& factors);
// The Kronecker product of two vectors or two matrices (NumPy's kron).
Var kron(const Var& a, const Var& b);
// The ops below compute in float64 through LAPACK/BLAS. A matrix that is not square raises
// TypeError (static shapes) or ValueError; one that is not positive definite (cholesky) or is
// singular (solve, solve_triangular, matrix_inverse) raises LinAlgError naming the op.
// The Cholesky factor, lower (L L' = a) or upper (U' U = a), reading that triangle of a.
Var cholesky(const Var& a, bool lower = true);
// x with op(a) x = b, a triangular (only the `lower` or upper triangle read), op(a) = a, or a'
// with `trans`; b a vector or a matrix of right-hand sides (SciPy's solve_triangular).
Var solve_triangular(const Var& a, const Var& b, bool lower = true, bool trans = false);
Var solve(const Var& a, const Var& b);  // a x = b for a general square a
Var matrix_inverse(const Var& a);
Var det(const Var& a);
std::pair<Var, Var> slogdet(const Var& a);  // (sign, log|det|); singular: (0, -inf)
// The eigenvalues (ascending) and eigenvectors (columns) of a symmetric matrix, reading its
// lower triangle; differentiable through the eigenvalues only.
std::pair<Var, Var> eigh(const Var& a);
Var eigvalsh(const Var& a);
Var tril(const Var& a);      // the lower triangle, the rest zero
Var triu(const Var& a);      // the upper triangle, the rest zero
Var diagonal(const Var& a);  // the diagonal of a square matrix
Var diag(const Var& a);      // a vector on the diagonal of a square matrix; a matrix's diagonal

// ---- Log-space functions (PyMC's pm.math) -------------------------------------------------
// log(sum(exp(x))) along `axis`, without overflow; keepdims defaults to NumPy's and SciPy's
// false (pm::math::logsumexp keeps PyMC's true).
Var logsumexp(const Var& x, Axes axis = std::nullopt, bool keepdims = false);
Var logsumexp(const Var& x, int axis, bool keepdims = false);
Var logit(const Var& p);       // log(p / (1 - p))
Var invlogit(const Var& x);    // sigmoid(x)
Var logdiffexp(const Var& a, const Var& b);  // log(exp(a) - exp(b)), for a >= b

// ---- Indexing -------------------------------------------------------------------------
Slice slice(std::optional<std::int64_t> start, std::optional<std::int64_t> stop,
            std::optional<std::int64_t> step = std::nullopt);
// One entry per leading axis: an integer, or a slice.
struct Index {
  Index(std::int64_t i) : integer(i) {}
  Index(int i) : integer(i) {}
  Index(Slice s) : slice(s) {}
  std::optional<std::int64_t> integer;
  std::optional<Slice> slice;
};
Var subtensor(const Var& a, const std::vector<Index>& index);
Var advanced_subtensor(const Var& a, const Var& indices);  // a[indices] along axis 0
// a[index] = value (set) or a[index] += value (inc): the gradients of the two gathers.
Var set_subtensor(const Var& a, const std::vector<Index>& index, const Var& value);
Var inc_subtensor(const Var& a, const std::vector<Index>& index, const Var& value);
Var advanced_set_subtensor(const Var& a, const Var& indices, const Var& value);
Var advanced_inc_subtensor(const Var& a, const Var& indices, const Var& value);

// ---- Joining --------------------------------------------------------------------------
Var join(int axis, const std::vector<Var>& parts);
Var concatenate(const std::vector<Var>& parts, int axis = 0);
Var stack(const std::vector<Var>& parts, int axis = 0);  // scalars -> MakeVector
Var make_vector(const std::vector<Var>& scalars);

// ---- Checks ---------------------------------------------------------------------------
// Returns `value`, after checking every condition; a false one raises ParameterValueError
// carrying `message` (printed `Check{sigma > 0}`).
Var check_and_raise(const Var& value, const std::vector<Var>& conditions, std::string message);
Var assert_(const Var& value, const std::vector<Var>& conditions, std::string message = "");

// ---- Literals in expressions ------------------------------------------------------------
// A C++ number beside a Var: floats take the Var's float dtype (else float64); integers the
// smallest int dtype that holds them, so `x * 2` prints TensorConstant{2} and stays float32.
template <class T>
  requires std::is_arithmetic_v<T>
Var literal(T value, const Var& other) {
  if constexpr (std::is_floating_point_v<T>) {
    Array a(static_cast<double>(value));
    return constant(is_float(other.dtype()) ? a.astype(other.dtype()) : a);
  } else {
    return as_tensor(static_cast<std::int64_t>(value));
  }
}

}  // namespace kiln::tensor

namespace kiln {

Var operator+(const Var& a, const Var& b);
Var operator-(const Var& a, const Var& b);
Var operator*(const Var& a, const Var& b);
Var operator/(const Var& a, const Var& b);
Var operator-(const Var& a);
Var operator<(const Var& a, const Var& b);
Var operator<=(const Var& a, const Var& b);
Var operator>(const Var& a, const Var& b);
Var operator>=(const Var& a, const Var& b);

#define KILN_LITERAL_OPERATOR(OP)                                                          \
  template <class T>                                                                       \
    requires std::is_arithmetic_v<T>                                                       \
  Var operator OP(const Var& a, T b) { return a OP tensor::literal(b, a); }               \
  template <class T>                                                                       \
    requires std::is_arithmetic_v<T>                                                       \
  Var operator OP(T a, const Var& b) { return tensor::literal(a, b) OP b; }
KILN_LITERAL_OPERATOR(+)
KILN_LITERAL_OPERATOR(-)
KILN_LITERAL_OPERATOR(*)
KILN_LITERAL_OPERATOR(/)
KILN_LITERAL_OPERATOR(<)
KILN_LITERAL_OPERATOR(<=)
KILN_LITERAL_OPERATOR(>)
KILN_LITERAL_OPERATOR(>=)
#undef KILN_LITERAL_OPERATOR

}  // namespace kiln

namespace kiln::tensor {
template <class T>
  requires std::is_arithmetic_v<T>
Var pow(const Var& a, T b) {
  return pow(a, literal(b, a));
}
}  // namespace kiln::tensor
