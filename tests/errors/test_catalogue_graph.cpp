// Bad input to graph building and grad: each class of mistake raises its exact type and
// message when the graph is built, and the operands still build a good graph afterwards.
#include "errors/exact_error.hpp"

#include <kiln/kiln.hpp>

namespace kt = kiln::tensor;
using kiln::Array;
using kiln::GradientError;
using kiln::TypeError;

namespace {
// An array for `v`: its static extents, 2 where unknown.
Array sample(const kiln::Var& v) {
  kiln::Shape shape;
  for (const auto& d : v.type().shape()) shape.push_back(d ? *d : 2);
  return Array::zeros(v.dtype(), shape);
}

// A good graph from the same operands: proves a failed build left them usable.
void still_builds(const kiln::Var& a, const kiln::Var& b) {
  if (a == b) {
    CHECK(Array(kiln::function({a}, kt::sum(a) * 2.0)(sample(a))).item<double>() == 0.0);
    return;
  }
  CHECK(Array(kiln::function({a, b}, kt::sum(a) + kt::sum(b))(sample(a), sample(b))).item<double>() == 0.0);
}
}  // namespace

TEST_CASE("catalogue, graph building: ndim") {
  auto v = kt::vector("v");
  auto t3 = kt::tensor("t3", kiln::float64, {std::nullopt, std::nullopt, std::nullopt});
  CHECK_ERROR(TypeError, kt::dot(t3, v), "dot: needs vectors or matrices, got TensorType(float64, (None, None, None)) and TensorType(float64, (None,))");
  CHECK_ERROR(TypeError, kt::dimshuffle(v, {1, 0}), "DimShuffle: invalid new order for an input of ndim 1");
  still_builds(v, t3);
}

TEST_CASE("catalogue, graph building: static shapes") {
  auto a = kt::tensor("a", kiln::float64, {2});
  auto b = kt::tensor("b", kiln::float64, {3});
  CHECK_ERROR(TypeError, a + b, "Elemwise{add,no_inplace}: incompatible static shapes TensorType(float64, (2,)) and TensorType(float64, (3,)) (axis 0: 2 vs 3)");
  CHECK_ERROR(TypeError, kt::dot(a, b), "dot: inner dimensions differ: TensorType(float64, (2,)) and TensorType(float64, (3,))");
  CHECK_ERROR(TypeError, kt::reshape(a, std::vector<std::int64_t>{3}), "Reshape{1}: cannot reshape TensorType(float64, (2,)) into shape (3,)");
  still_builds(a, b);
}

TEST_CASE("catalogue, graph building: negative extents and overflowing static shapes") {
  auto v = kt::vector("v");
  CHECK_ERROR(TypeError, kt::tensor("t", kiln::float64, {-2}), "tensor 't': negative extent -2 in the static shape TensorType(float64, (-2,))");
  CHECK_ERROR(TypeError, kt::reshape(v, std::vector<std::int64_t>{-2, -3}), "Reshape{2}: negative dimension -2 in shape (-2, -3)");
  CHECK_ERROR(TypeError, kt::reshape(v, std::vector<std::int64_t>{-1, -1}), "Reshape{2}: only one dimension can be -1, got shape (-1, -1)");
  CHECK_ERROR(TypeError, kt::reshape(v, std::vector<std::int64_t>{std::int64_t{1} << 40, std::int64_t{1} << 40}),
              "Reshape{2}: shape (1099511627776, 1099511627776) has more elements than fit in 64 bits");
  auto huge = kt::tensor("huge", kiln::float64, {std::int64_t{1} << 40, std::int64_t{1} << 40});
  CHECK_ERROR(TypeError, kt::reshape(huge, std::vector<std::int64_t>{-1}), "Reshape{1}: TensorType(float64, (1099511627776, 1099511627776)) has more elements than fit in 64 bits");
  CHECK_ERROR(TypeError, kt::alloc(kt::as_tensor(1.0), {kt::as_tensor(std::int64_t{-2})}), "Alloc: negative dimension in shape (-2,)");
  still_builds(v, v * 2.0);
}

TEST_CASE("catalogue, graph building: bad axes") {
  auto m = kt::matrix("m");
  CHECK_ERROR(TypeError, kt::sum(m, 2), "Sum: axis 2 is out of range for TensorType(float64, (None, None))");
  CHECK_ERROR(TypeError, kt::max(m, -3), "Max: axis -3 is out of range for TensorType(float64, (None, None))");
  CHECK_ERROR(TypeError, kt::sum(m, std::vector<int>{0, 0}), "Sum: axis 0 is repeated");
  CHECK_ERROR(TypeError, kt::concatenate({m, m}, 2), "join: axis 2 is out of range for TensorType(float64, (None, None)), TensorType(float64, (None, None))");
  CHECK_ERROR(TypeError, kt::stack({m, m}, 4), "stack: axis 4 is out of range for parts of TensorType(float64, (None, None)), TensorType(float64, (None, None))");
  still_builds(m, m);
}

TEST_CASE("catalogue, graph building: indices") {
  auto a = kt::tensor("a", kiln::float64, {3});
  auto s = kt::scalar("s");
  auto f = kt::vector("f");
  CHECK_ERROR(TypeError, a[5], "Subtensor{5}: index 5 is out of bounds for axis 0 with size 3");
  CHECK_ERROR(TypeError, a[-4], "Subtensor{-4}: index -4 is out of bounds for axis 0 with size 3");
  CHECK_ERROR(TypeError, s[0], "Subtensor{0}: too many indices (1) for TensorType(float64, ())");
  CHECK_ERROR(TypeError, a[(kiln::Slice{0, 3, 0})], "Subtensor{0:3:0}: slice step cannot be zero");
  CHECK_ERROR(TypeError, a[f], "cannot index a with f of type TensorType(float64, (None,)): indices must be integers");
  still_builds(a, s);
}

TEST_CASE("catalogue, graph building: arity and empty lists") {
  CHECK_ERROR(TypeError, kt::concatenate({}), "join: needs at least one tensor");
  CHECK_ERROR(TypeError, kt::stack({}), "stack: needs at least one tensor");
  auto v = kt::vector("v");
  CHECK_ERROR(TypeError, kt::stack({v, kt::matrix("m")}), "stack: parts have different ndim: TensorType(float64, (None,)), TensorType(float64, (None, None))");
  still_builds(v, v);
}

TEST_CASE("catalogue, graph building: dtypes") {
  auto x = kt::vector("x");
  auto i = kt::vector("i", kiln::int64);
  CHECK_ERROR(TypeError, kt::and_(x, i), "Elemwise{and_}: needs integer or bool inputs, got float64");
  still_builds(x, i);
}

TEST_CASE("catalogue, grad: cost, wrt and disconnected inputs") {
  auto x = kt::vector("x");
  auto s = kt::scalar("s");
  auto n = kt::scalar("n", kiln::int64);
  CHECK_ERROR(TypeError, kiln::grad(x * 2.0, x), "grad: the cost must be a scalar, Elemwise{mul,no_inplace}.0 has type TensorType(float64, (None,))");
  CHECK_ERROR(TypeError, kiln::grad(n * 2, n), "grad: the cost must be a float, Elemwise{mul,no_inplace}.0 has dtype int64");
  CHECK_ERROR(TypeError, kiln::grad(kt::sum(x) * kt::cast(n, kiln::float64), n),
              "grad: cannot differentiate with respect to n of integer type TensorType(int64, ())");
  CHECK_ERROR(GradientError, kiln::grad(kt::sum(x), s), "grad: the cost does not depend on s (TensorType(float64, ()))");
  CHECK_ERROR(TypeError, kiln::grad(kiln::Var(), x, {.known_grads = {{x, s}}}),
              "grad: the known gradient of x has type TensorType(float64, ()), expected TensorType(float64, (None,))");
  CHECK_ERROR(TypeError, kiln::jacobian(kt::matrix("m"), x), "jacobian: the expression must be a scalar or a vector, m has type TensorType(float64, (None, None))");
  CHECK_ERROR(TypeError, kiln::hessian(x, x), "hessian: the cost must be a scalar, x has type TensorType(float64, (None,))");
  auto f = kiln::function({x}, kiln::grad(kt::sum(x * x), x));
  CHECK(Array(f(Array{1.0, 2.0})).same_values(Array{2.0, 4.0}));
}
