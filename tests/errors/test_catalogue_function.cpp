// Bad input to function (compiling) and to its calls, eval and evaluate: each class of mistake
// raises its exact type and message, in the step-by-step tier and the specialized one, and
// the Function gives the right answer to a good call afterwards.
#include "errors/exact_error.hpp"

#include <kiln/kiln.hpp>

#include <cmath>
#include <limits>

namespace kt = kiln::tensor;
using kiln::Array;
using kiln::InputError;
using kiln::ValueError;

namespace {
// Enough calls to run both tiers: the first runs step by step, the second specializes.
constexpr int kCalls = 4;
}  // namespace

TEST_CASE("catalogue, function: building") {
  auto x = kt::vector("x");
  auto y = kt::vector("y");
  auto c = kt::as_tensor(2.0);
  CHECK_ERROR(InputError, kiln::function({x, x}, x + 1.0), "function: input x is given twice");
  CHECK_ERROR(InputError, kiln::function({c}, c * 2.0), "function: input 0 (TensorConstant{2.0}) is a constant and cannot be an input");
  CHECK_ERROR(InputError, kiln::function({x}, x, {.updates = {{y, x}}}), "function: update target y is not a shared variable");
  CHECK_ERROR(kiln::TypeError, kiln::function({x}, y, {.givens = {{y, kt::matrix("m")}}}),
              "clone_replace: cannot replace y of type TensorType(float64, (None,)) with m of type TensorType(float64, (None, None))");
  auto f = kiln::function({x, y}, x + y);
  CHECK(Array(f(Array{1.0}, Array{2.0})).same_values(Array{3.0}));
}

TEST_CASE("catalogue, function calls: arity, dtype, ndim and static shape") {
  auto x = kt::vector("x");
  auto n = kt::scalar("n", kiln::int32);
  auto s = kt::tensor("s", kiln::float64, {2});
  auto f = kiln::function({x, n, s}, kt::sum(x) * kt::cast(n, kiln::float64) + kt::sum(s));
  const Array two = Array::full(kiln::int32, {}, 2.0);
  for (int call = 0; call < kCalls; ++call) {
    INFO("call " << call);
    CHECK_ERROR(InputError, f(Array{1.0}, two), "function takes 3 inputs, got 2");
    CHECK_ERROR(InputError, f(Array{1.0}, two, Array{1.0, 1.0}, 1.0), "function takes 3 inputs, got 4");
    CHECK_ERROR(InputError, f(Array{1.0}, 2.5, Array{1.0, 1.0}), "input 1 'n' expects dtype int32, got float64 (a narrowing conversion)");
    CHECK_ERROR(InputError, f(1.0, two, Array{1.0, 1.0}), "input 0 'x' expects TensorType(float64, (None,)), got an array of shape ()");
    CHECK_ERROR(InputError, f(Array{1.0}, two, Array{1.0, 1.0, 1.0}),
                "input 2 's' expects TensorType(float64, (2,)), got an array of shape (3,)");
    CHECK(Array(f(Array{1.0, 2.0}, two, Array{1.0, 1.0})).item<double>() == 8.0);
  }
  CHECK_ERROR(InputError, f.call({{"x", Array{1.0}}, {"n", two}}), "missing input 2 's' in a call by name");
  CHECK_ERROR(InputError, f.call({{"q", 1.0}}), "function has no input named 'q'");
  CHECK_ERROR(InputError, f.call({{"x", Array{1.0}}, {"x", Array{1.0}}}), "input 'x' given twice");
}

TEST_CASE("catalogue, function calls: run-time shapes") {
  auto m = kt::matrix("m");
  auto v = kt::vector("v");
  auto f = kiln::function({m, v}, kt::dot(m, v));
  auto g = kiln::function({m, v}, kt::concatenate({m, kt::dimshuffle(v, {-1, 0})}));
  Array two_by_three = Array{1.0, 2.0, 3.0, 4.0, 5.0, 6.0}.reshape({2, 3});
  for (int call = 0; call < kCalls; ++call) {
    INFO("call " << call);
    CHECK_ERROR(ValueError, f(two_by_three, Array{1.0, 1.0}), "dot: shapes (2, 3) and (2,) not aligned: 3 (dim 1) != 2 (dim 0)");
    CHECK(Array(f(two_by_three, Array{1.0, 1.0, 1.0})).same_values(Array{6.0, 15.0}));
    CHECK_ERROR(ValueError, g(two_by_three, Array{1.0, 1.0}),
                "Join{axis=0}: all dimensions except the join axis must match: shapes (2, 3) and (1, 2)");
    CHECK(Array(g(two_by_three, Array{0.0, 0.0, 0.0})).shape() == kiln::Shape{3, 3});
  }
}

TEST_CASE("catalogue, function calls: indices out of range") {
  auto x = kt::vector("x");
  auto i = kt::scalar("i", kiln::int64);
  auto idx = kt::vector("idx", kiln::int64);
  auto f = kiln::function({x, i}, x[i] * 2.0);
  auto g = kiln::function({x, idx}, kt::sum(x[idx]));
  for (int call = 0; call < kCalls; ++call) {
    INFO("call " << call);
    CHECK_ERROR(ValueError, f(Array{1.0, 2.0, 3.0}, std::int64_t{3}), "Subtensor{int64}: index 3 is out of bounds for axis 0 with size 3");
    CHECK_ERROR(ValueError, f(Array{1.0, 2.0, 3.0}, std::int64_t{-4}), "Subtensor{int64}: index -4 is out of bounds for axis 0 with size 3");
    CHECK(Array(f(Array{1.0, 2.0, 3.0}, std::int64_t{-1})).item<double>() == 6.0);
    CHECK_ERROR(ValueError, g(Array{1.0, 2.0, 3.0}, Array(std::vector<std::int64_t>{0, 5})),
                "AdvancedSubtensor: index 5 is out of bounds for axis 0 with size 3");
    CHECK(Array(g(Array{1.0, 2.0, 3.0}, Array(std::vector<std::int64_t>{0, 2, 2}))).item<double>() == 7.0);
  }
}

TEST_CASE("catalogue, function calls: empty arrays, NaN and infinities") {
  auto x = kt::vector("x");
  auto f = kiln::function({x}, kt::sum(kt::exp(x)));
  auto g = kiln::function({x}, kt::log(x));
  const double inf = std::numeric_limits<double>::infinity();
  for (int call = 0; call < kCalls; ++call) {
    INFO("call " << call);
    CHECK(Array(f(Array::empty(kiln::float64, {0}))).item<double>() == 0.0);
    CHECK(std::isnan(Array(f(Array{std::nan(""), 1.0})).item<double>()));
    CHECK(Array(f(Array{inf, 1.0})).item<double>() == inf);
    CHECK(kiln::repr(Array(g(Array{-1.0, 0.0, inf}))) == "array([ nan, -inf,  inf])");
  }
}

TEST_CASE("catalogue, function calls: call_into outputs of the wrong shape or dtype") {
  auto x = kt::vector("x");
  auto f = kiln::function({x}, x * 2.0);
  Array out = Array::empty(kiln::float64, {3});
  Array wrong = Array::empty(kiln::float32, {2});
  for (int call = 0; call < kCalls; ++call) {
    INFO("call " << call);
    CHECK_ERROR(InputError, f.call_into({out}, Array{1.0, 2.0}),
                "call_into: output 0 needs dtype float64 and shape (2,), the given array has float64 and (3,)");
    CHECK_ERROR(InputError, f.call_into({wrong}, Array{1.0, 2.0}),
                "call_into: output 0 needs dtype float64 and shape (2,), the given array has float32 and (2,)");
    CHECK_ERROR(InputError, f.call_into({out, out}, Array{1.0, 2.0, 3.0}),
                "call_into: function has 1 outputs, got 2 arrays to write into");
    f.call_into({out}, Array{1.0, 2.0, 3.0});
    CHECK(out.same_values(Array{2.0, 4.0, 6.0}));
  }
}

// Once specialized, call_into goes straight to the compiled code when the arguments fit it;
// any that do not take the general path, which raises what a first call raises.
TEST_CASE("catalogue, function calls: a warm call_into keeps every check of its arguments") {
  auto x = kt::vector("x");
  auto f = kiln::function({x}, {kt::sum(x * x), x * 2.0});
  std::vector<double> in{1.0, 2.0}, grad(2);
  double total = 0;
  Array in_v = Array::view(in.data(), {2}), total_v = Array::view(&total, {}), grad_v = Array::view(grad.data(), {2});
  for (int warm = 0; warm < 4; ++warm) f.call_into({total_v, grad_v}, in_v);  // specialized after two
  Array matrix = Array::empty(kiln::float64, {2, 2});
  Array short_out = Array::empty(kiln::float64, {3});
  CHECK_ERROR(InputError, f.call_into({total_v, grad_v}, matrix),
              "input 0 'x' expects TensorType(float64, (None,)), got an array of shape (2, 2)");
  CHECK_ERROR(InputError, f.call_into({total_v, grad_v}, in_v, in_v), "function takes 1 inputs, got 2");
  CHECK_ERROR(InputError, f.call_into({total_v}, in_v), "call_into: function has 2 outputs, got 1 arrays to write into");
  CHECK_ERROR(InputError, f.call_into({total_v, short_out}, in_v),
              "call_into: output 1 needs dtype float64 and shape (2,), the given array has float64 and (3,)");
  f.call_into({total_v, grad_v}, in_v);
  CHECK(total == 5.0);
  CHECK(grad == std::vector<double>{2.0, 4.0});
  // Arguments of the specialized shape but another dtype are converted, as on a first call, not
  // read as float64 by the compiled code (the direct path checks dtypes itself).
  f.call_into({total_v, grad_v}, Array{std::vector<std::int64_t>{3, 4}});
  CHECK(total == 25.0);
  CHECK(grad == std::vector<double>{6.0, 8.0});
  f.call_into({total_v, grad_v}, Array{std::vector<float>{0.5f, 1.5f}});
  CHECK(total == 2.5);
  CHECK(grad == std::vector<double>{1.0, 3.0});
}

TEST_CASE("catalogue, eval and evaluate: missing and ill-typed givens") {
  auto x = kt::scalar("x");
  auto y = kt::vector("y");
  auto w = kt::log(x + y);
  CHECK_ERROR(InputError, w.eval({{x, 0.0}}), "missing input: y of type TensorType(float64, (None,)) is needed and was not given a value");
  CHECK_ERROR(InputError, w.eval({{x, Array{1.0}}, {y, Array{1.0}}}),
              "eval: x expects TensorType(float64, ()), got an array of shape (1,)");
  CHECK_ERROR(InputError, kiln::evaluate({w}, {{x, 0.0}}),
              "missing input: y of type TensorType(float64, (None,)) is needed and was not given a value");
  CHECK(kiln::repr(w.eval({{x, 0.0}, {y, Array{1.0, M_E}}})) == "array([0., 1.])");
}
