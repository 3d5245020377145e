// Every differentiable scalar op's gradient against finite differences (verify_grad), at
// several points including near the edges of its domain; broadcasting and DimShuffle too.
#include <kiln/kiln.hpp>

#include "tensor/elemwise.hpp"

#include <catch2/catch.hpp>

namespace kt = kiln::tensor;
using kt::ScalarOp;

namespace {

struct UnaryCase {
  ScalarOp op;
  std::vector<double> points;
};

// Each point alone: every listed point is inside the op's domain, where a derived second point
// (at * 0.5 + 0.01 once) may not be (arccosh at 0.56, log1mexp above 0). The check is relative
// only: in the tails (sigmoid and softplus at -30, log1mexp at -40) the gradient is far below
// any absolute tolerance, which would pass whatever the rule gave.
void check_unary(ScalarOp op, double at) {
  INFO(kt::scalar_info(op).name << " at " << at);
  CHECK_NOTHROW(kiln::verify_grad([op](const std::vector<kiln::Var>& in) { return kt::elemwise(op, {in[0]}); },
                                  {kiln::Array(std::vector<double>{at})},
                                  {.eps = 1e-6 * std::max(1.0, std::fabs(at)), .abs_tol = 0, .rel_tol = 1e-5}));
}

}  // namespace

TEST_CASE("unary scalar op gradients match finite differences") {
  const std::vector<UnaryCase> cases = {
      {ScalarOp::neg, {-1.5, 2.0}},       {ScalarOp::abs, {-1.5, 2.0}},
      {ScalarOp::exp, {-3.0, 0.5, 4.0}},  {ScalarOp::exp2, {-2.0, 1.5}},
      {ScalarOp::expm1, {-1e-3, 0.7}},    {ScalarOp::log, {1e-3, 0.5, 30.0}},
      {ScalarOp::log2, {0.1, 7.0}},       {ScalarOp::log10, {0.1, 7.0}},
      {ScalarOp::log1p, {-0.9, 1e-4, 5.0}}, {ScalarOp::sqrt, {1e-3, 2.0}},
      {ScalarOp::sqr, {-2.0, 0.3}},       {ScalarOp::reciprocal, {-2.0, 0.3}},
      {ScalarOp::sin, {-2.0, 0.3}},       {ScalarOp::cos, {-2.0, 0.3}},
      {ScalarOp::tan, {-1.0, 0.3}},       {ScalarOp::arcsin, {-0.9, 0.3}},
      {ScalarOp::arccos, {-0.9, 0.3}},    {ScalarOp::arctan, {-5.0, 0.3}},
      {ScalarOp::sinh, {-2.0, 0.3}},      {ScalarOp::cosh, {-2.0, 0.3}},
      {ScalarOp::tanh, {-2.0, 0.3}},      {ScalarOp::arcsinh, {-2.0, 0.3}},
      {ScalarOp::arccosh, {1.1, 4.0}},    {ScalarOp::arctanh, {-0.9, 0.3}},
      {ScalarOp::sigmoid, {-30.0, 0.3, 8.0}}, {ScalarOp::softplus, {-30.0, 0.3, 40.0}},
      {ScalarOp::log1mexp, {-40.0, -1.0, -1e-3}}, {ScalarOp::erf, {-2.0, 0.3}},
      {ScalarOp::erfc, {-2.0, 0.3, 5.0}}, {ScalarOp::erfcx, {-1.0, 0.5, 10.0, 40.0}},
      {ScalarOp::erfinv, {-0.9, 0.3, 0.99}}, {ScalarOp::gammaln, {0.05, 1.5, 30.0}},
      {ScalarOp::digamma, {0.2, 1.5, 30.0}},   {ScalarOp::trigamma, {0.2, 1.5, 30.0}},
  };
  for (const auto& c : cases)
    for (double at : c.points) check_unary(c.op, at);
}

TEST_CASE("binary scalar op gradients match finite differences") {
  for (ScalarOp op : {ScalarOp::add, ScalarOp::sub, ScalarOp::mul, ScalarOp::true_div, ScalarOp::pow, ScalarOp::arctan2,
                      ScalarOp::maximum, ScalarOp::minimum, ScalarOp::mod}) {
    INFO(kt::scalar_info(op).name);
    CHECK_NOTHROW(kiln::verify_grad(
        [op](const std::vector<kiln::Var>& in) { return kt::elemwise(op, {in[0], in[1]}); },
        {kiln::Array{0.7, 2.5, 1.3}, kiln::Array{1.9, 0.4, 1.1}}));
  }
}

TEST_CASE("polygamma's gradient in x is the next order") {
  for (double order : {2.0, 3.0})
    for (double at : {0.3, 2.0, 25.0}) {
      INFO("polygamma(" << order << ", x) at " << at);
      CHECK_NOTHROW(kiln::verify_grad(
          [order](const std::vector<kiln::Var>& in) { return kt::polygamma(kiln::Var(order), in[0]); },
          {kiln::Array(std::vector<double>{at})}, {.eps = 1e-6 * std::max(1.0, at), .abs_tol = 0, .rel_tol = 1e-5}));
    }
}

// At a = 0 the exponent's gradient z * log(a) is 0 * -inf; 0^b is constant in b there. The
// base's gradient is checked at whole exponents, where (0 - eps)^b is defined.
TEST_CASE("pow's exponent gradient is zero where the base is zero") {
  auto pow = [](const std::vector<kiln::Var>& in) { return kt::pow(in[0], in[1]); };
  CHECK_NOTHROW(kiln::verify_grad(pow, {kiln::Array{0.0, 0.0, 2.0}, kiln::Array{2.0, 3.0, 0.5}}));
  auto zero_base = [](const std::vector<kiln::Var>& in) { return kt::pow(kiln::Var(0.0), in[0]); };
  CHECK_NOTHROW(kiln::verify_grad(zero_base, {kiln::Array{0.5, 1.0, 2.5}}));
  auto b = kt::vector("b");
  CHECK(kiln::grad(kt::sum(kt::pow(kiln::Var(0.0), b)), b).eval({{b, kiln::Array{0.5, 2.0}}}).to_vector<double>() ==
        std::vector<double>{0.0, 0.0});
}

// Near the edges of each binary op's domain or smoothness, one point at a time (central
// differences round off against the whole cost): small divisors, bases near 0, arctan2 near
// the origin and on both sides of its branch cut, mod just past a jump, maximum and minimum
// near a tie. eps stays well inside the distance to the edge.
TEST_CASE("binary scalar op gradients near domain edges") {
  struct Edge {
    ScalarOp op;
    double a, b, eps;
  };
  const std::vector<Edge> edges = {
      {ScalarOp::true_div, 1.0, 1e-3, 1e-7}, {ScalarOp::true_div, -2.0, -1e-3, 1e-7},
      {ScalarOp::pow, 1e-3, 0.5, 1e-8},      {ScalarOp::pow, 1e-3, 2.5, 1e-8},
      {ScalarOp::pow, 50.0, -3.0, 1e-5},     {ScalarOp::arctan2, 1e-3, 1e-3, 1e-8},
      {ScalarOp::arctan2, 1e-3, -1.0, 1e-6}, {ScalarOp::arctan2, -1e-3, -1.0, 1e-6},
      {ScalarOp::mod, 2.001, 1.0, 1e-7},     {ScalarOp::mod, -0.999, 1.0, 1e-7},
      {ScalarOp::maximum, 1.0, 1.001, 1e-7}, {ScalarOp::maximum, 1.001, 1.0, 1e-7},
      {ScalarOp::minimum, 1.0, 1.001, 1e-7}, {ScalarOp::minimum, 1.001, 1.0, 1e-7},
      {ScalarOp::mul, 1e-3, -2e3, 1e-7},
  };
  for (const auto& e : edges) {
    INFO(kt::scalar_info(e.op).name << "(" << e.a << ", " << e.b << ")");
    CHECK_NOTHROW(kiln::verify_grad(
        [op = e.op](const std::vector<kiln::Var>& in) {
          return kt::elemwise(op, {in[0], in[1]});
        },
        {kiln::Array(e.a), kiln::Array(e.b)}, {.eps = e.eps, .abs_tol = 0, .rel_tol = 1e-5}));
  }
}

TEST_CASE("add and mul of three or more inputs, some broadcast") {
  for (ScalarOp op : {ScalarOp::add, ScalarOp::mul}) {
    INFO(kt::scalar_info(op).name);
    CHECK_NOTHROW(kiln::verify_grad(
        [op](const std::vector<kiln::Var>& in) {
          return kt::elemwise(op, {in[0], in[1], in[2], in[3]});
        },
        {kiln::Array{0.7, -2.5, 1.3}, kiln::Array(1.9), kiln::Array{0.4, 1.1, -0.6}, kiln::Array{{2.0, 0.5, -1.5}}}));
  }
}

TEST_CASE("switch and clip route the gradient") {
  CHECK_NOTHROW(kiln::verify_grad(
      [](const std::vector<kiln::Var>& in) { return kt::switch_(kt::gt(in[0], 0.0), kt::sqr(in[0]), in[1] * 3.0); },
      {kiln::Array{-1.0, 2.0, 0.5}, kiln::Array{1.0, 1.0, 2.0}}));
  CHECK_NOTHROW(kiln::verify_grad(
      [](const std::vector<kiln::Var>& in) { return kt::clip(in[0], in[1], kiln::Var(1.0)); },
      {kiln::Array{-1.0, 0.5, 2.0}, kiln::Array{-0.5, 0.0, 0.0}}));
  // Below lo, between, above hi: each element's gradient goes to exactly one of the three.
  CHECK_NOTHROW(kiln::verify_grad(
      [](const std::vector<kiln::Var>& in) { return kt::clip(in[0], in[1], in[2]); },
      {kiln::Array{-1.0, 0.5, 2.0}, kiln::Array{-0.5, 0.0, 0.0}, kiln::Array{0.8, 1.0, 1.5}}));
  // A float condition is piecewise constant: zero, not disconnected.
  auto c = kt::vector("c");
  auto x = kt::vector("x");
  CHECK(kiln::grad(kt::sum(kt::switch_(c, x, x * 2.0)), c)
            .eval({{c, kiln::Array{0.0, 1.5}}, {x, kiln::Array{1.0, 2.0}}})
            .to_vector<double>() == std::vector<double>{0.0, 0.0});
}

// Between floats a cast passes the gradient, cast back to the input's dtype; to an integer
// dtype it ends the path (integers carry no gradient), so x is disconnected.
TEST_CASE("cast gradients between floats and to integers") {
  auto x = kt::vector("x");
  auto through_f32 = kiln::grad(kt::sum(kt::cast(x, kiln::float32) * 3.0), x);
  CHECK(through_f32.dtype() == kiln::float64);
  CHECK(through_f32.eval({{x, kiln::Array{1.0, 2.0}}}).to_vector<double>() == std::vector<double>{3.0, 3.0});
  auto x32 = kt::vector("x32", kiln::float32);
  auto of_f32 = kiln::grad(kt::sum(kt::cast(x32, kiln::float64) * 3.0), x32);
  CHECK(of_f32.dtype() == kiln::float32);
  CHECK(of_f32.eval({{x32, kiln::Array{1.0, 2.0}.astype(kiln::float32)}}).to_vector<float>() ==
        std::vector<float>{3.0f, 3.0f});
  auto through_int = kt::sum(kt::cast(kt::cast(x, kiln::int64), kiln::float64));
  CHECK_THROWS_WITH(kiln::grad(through_int, x), "grad: the cost does not depend on x (TensorType(float64, (None,)))");
  CHECK(kiln::grad(through_int, x, {.disconnected_inputs = kiln::Disconnected::ignore})
            .eval({{x, kiln::Array{1.7, -2.2}}})
            .to_vector<double>() == std::vector<double>{0.0, 0.0});
}

// Zero almost everywhere, and a real zero: the gradient exists (no disconnected error) and
// composes, so d/dx sum(f(x) * x) is f(x) itself.
TEST_CASE("piecewise constant ops have zero gradients") {
  auto x = kt::vector("x");
  auto y = kt::vector("y");
  const kiln::Array xv{-1.5, 0.3, 2.7};
  const kiln::Givens at{{x, xv}, {y, kiln::Array{2.0, -0.7, 1.1}}};
  const std::vector<std::pair<const char*, kiln::Var>> cases = {{"sign", kt::sign(x)},
                                                                {"floor", kt::floor(x)},
                                                                {"ceil", kt::ceil(x)},
                                                                {"round", kt::round(x)},
                                                                {"int_div", kt::int_div(x, y)}};
  for (const auto& [name, f] : cases) {
    INFO(name);
    CHECK(kiln::grad(kt::sum(f), x).eval(at).to_vector<double>() == std::vector<double>{0.0, 0.0, 0.0});
    CHECK(kiln::grad(kt::sum(f * x), x).eval(at).to_vector<double>() == f.eval(at).to_vector<double>());
  }
  CHECK(kiln::grad(kt::sum(kt::int_div(x, y)), y).eval(at).to_vector<double>() == std::vector<double>{0.0, 0.0, 0.0});
}

TEST_CASE("broadcasting and DimShuffle gradients") {
  CHECK_NOTHROW(kiln::verify_grad(
      [](const std::vector<kiln::Var>& in) { return kt::exp(in[0]) * in[1] + kt::transpose(in[1]); },
      {kiln::Array(0.3), kiln::Array{{1.0, 2.0}, {3.0, 4.0}}}));
  CHECK_NOTHROW(kiln::verify_grad(
      [](const std::vector<kiln::Var>& in) { return kt::log(in[0] + kt::dimshuffle(in[1], {0, -1})); },
      {kiln::Array{{1.0, 2.0}, {3.0, 4.0}}, kiln::Array{0.5, 1.5}}));
}

TEST_CASE("verify_grad reports a wrong gradient") {
  // floor's gradient is zero, but a step across an integer is not: the check must see it.
  CHECK_THROWS_AS(kiln::verify_grad([](const std::vector<kiln::Var>& in) { return kt::floor(in[0] * 10.0); },
                                    {kiln::Array{0.3}}, {.eps = 0.02}),
                  kiln::VerifyGradError);
  CHECK_THROWS_WITH(kiln::verify_grad([](const std::vector<kiln::Var>& in) { return kt::floor(in[0] * 10.0); },
                                      {kiln::Array{0.3}}, {.eps = 0.02}),
                    Catch::Contains("input 0, element 0"));
}

TEST_CASE("verify_grad reports a gradient or a finite difference that is not finite") {
  // sqrt(x^2) = |x|: the chain rule gives 0.5 / 0 * 0, NaN, at 0, where finite differences give 0.
  auto abs_by_sqrt = [](const std::vector<kiln::Var>& in) { return kt::sqrt(kt::sqr(in[0])); };
  CHECK_THROWS_AS(kiln::verify_grad(abs_by_sqrt, {kiln::Array{1.0, 0.0}}), kiln::VerifyGradError);
  CHECK_THROWS_WITH(kiln::verify_grad(abs_by_sqrt, {kiln::Array{1.0, 0.0}}),
                    Catch::Contains("input 0, element 1 (at 0): the symbolic gradient is") && Catch::Contains("nan") &&
                        Catch::Contains("finite differences give 0"));
  // 1e-8 - eps is outside log's domain: the finite difference is NaN, the symbolic gradient is not.
  auto log = [](const std::vector<kiln::Var>& in) { return kt::log(in[0]); };
  CHECK_THROWS_WITH(kiln::verify_grad(log, {kiln::Array(1e-8)}, {.eps = 1e-7}),
                    Catch::Contains("input 0, element 0 (at 1e-08): finite differences give") &&
                        Catch::Contains("nan") && Catch::Contains("not finite at the point +- eps = 9.99"));
}
