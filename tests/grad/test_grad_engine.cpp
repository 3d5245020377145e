// grad: accumulation over several readers, broadcasting, options, and error messages.
#include <kiln/kiln.hpp>

#include "support/log_capture.hpp"

#include <catch2/catch.hpp>

#include <cmath>

namespace kt = kiln::tensor;

namespace {

// y = x, with Op's default gradient: no rule for any input.
class NoRuleOp final : public kiln::Op {
 public:
  std::string name() const override { return "NoRule"; }
  std::vector<kiln::TensorType> output_types(const std::vector<kiln::Var>& in) const override { return {in[0].type()}; }
  void perform(const std::vector<kiln::Array>& in, std::vector<kiln::Array>& out) const override { out[0] = in[0]; }
};

}  // namespace

TEST_CASE("grad of a sum of squares") {
  auto x = kt::vector("x");
  auto g = kiln::grad(kt::sum(x * x), x);
  auto r = g.eval({{x, kiln::Array{1.0, -2.0, 3.0}}});
  CHECK(r.to_vector<double>() == std::vector<double>{2.0, -4.0, 6.0});
}

TEST_CASE("grad(cost, {x}) is the list form: [0] is x's whole gradient, not its first element") {
  auto x = kt::vector("x");
  std::vector<kiln::Var> grads = kiln::grad(kt::sum(x * x), {x});
  REQUIRE(grads.size() == 1);
  auto r = grads[0].eval({{x, kiln::Array{1.0, -2.0, 3.0}}});
  CHECK(r.to_vector<double>() == std::vector<double>{2.0, -4.0, 6.0});
  auto first = kiln::grad(kt::sum(x * x), {x})[0];
  CHECK(first.ndim() == 1);
}

TEST_CASE("contributions of several readers add up") {
  auto x = kt::scalar("x");
  auto cost = kt::exp(x) * x + kt::sin(x);
  auto g = kiln::grad(cost, x);
  double v = g.eval({{x, 0.7}}).item<double>();
  CHECK(v == Approx(std::exp(0.7) * 0.7 + std::exp(0.7) + std::cos(0.7)).epsilon(1e-14));
}

TEST_CASE("gradients of broadcast inputs are summed back to their shape") {
  auto s = kt::scalar("s");
  auto v = kt::vector("v");
  auto gs = kiln::grad(kt::sum(s * v), s);
  CHECK(gs.ndim() == 0);
  CHECK(gs.eval({{s, 2.0}, {v, kiln::Array{1.0, 2.0, 3.0}}}).item<double>() == 6.0);
  auto grads = kiln::grad(kt::sum(s * v), std::vector<kiln::Var>{s, v});
  CHECK(grads[1].eval({{s, 2.0}, {v, kiln::Array{1.0, 2.0, 3.0}}}).to_vector<double>() ==
        std::vector<double>{2.0, 2.0, 2.0});
}

TEST_CASE("the gradient of the normal log-density") {
  auto y = kt::vector("y");
  auto mu = kt::scalar("mu");
  auto log_sigma = kt::scalar("log_sigma");
  auto sigma = kt::exp(log_sigma);
  auto z = (y - mu) / sigma;
  auto logp = kt::sum(-0.5 * z * z - log_sigma - 0.5 * std::log(2 * M_PI));
  auto g = kiln::grad(logp, std::vector<kiln::Var>{mu, log_sigma});
  kiln::Array yv{1.0, 2.5, -0.5};
  double m = 0.3, ls = 0.2, s = std::exp(ls);
  double dmu = 0, dls = 0;
  for (double yi : yv.to_vector<double>()) {
    dmu += (yi - m) / (s * s);
    dls += (yi - m) * (yi - m) / (s * s) - 1.0;
  }
  auto f = kiln::function({y, mu, log_sigma}, g);
  std::vector<kiln::Array> out = f(yv, m, ls);
  CHECK(out[0].item<double>() == Approx(dmu).epsilon(1e-13));
  CHECK(out[1].item<double>() == Approx(dls).epsilon(1e-13));
}

TEST_CASE("disconnected inputs raise warn or give zeros") {
  auto x = kt::scalar("x");
  auto y = kt::vector("y");
  auto cost = kt::exp(x);
  CHECK_THROWS_AS(kiln::grad(cost, y), kiln::GradientError);
  CHECK_THROWS_WITH(kiln::grad(cost, y), Catch::Contains("does not depend on y"));
  auto g = kiln::grad(cost, y, {.disconnected_inputs = kiln::Disconnected::ignore});
  CHECK(g.eval({{y, kiln::Array{1.0, 2.0}}}).to_vector<double>() == std::vector<double>{0.0, 0.0});
  CHECK_NOTHROW(kiln::grad(cost, y, {.disconnected_inputs = kiln::Disconnected::warn}));
}

TEST_CASE("disconnected inputs = warn logs which input and gives zeros") {
  auto x = kt::scalar("x");
  auto y = kt::vector("y");
  const std::string warning =
      "[warning] grad: the cost does not depend on y (TensorType(float64, (None,))); its gradient is zero";
  kiln::testing::LogCapture log("grad");
  auto g = kiln::grad(kt::exp(x), std::vector<kiln::Var>{x, y}, {.disconnected_inputs = kiln::Disconnected::warn});
  CHECK(log.count(warning) == 1);
  CHECK(log.count("does not depend on x") == 0);
  CHECK(g[1].eval({{y, kiln::Array{1.0, 2.0}}}).to_vector<double>() == std::vector<double>{0.0, 0.0});
  kiln::grad(kt::exp(x), y, {.disconnected_inputs = kiln::Disconnected::ignore});
  CHECK(log.count("does not depend on") == 1);
}

TEST_CASE("consider_constant stops the gradient") {
  auto x = kt::scalar("x");
  auto e = kt::exp(x);
  auto g = kiln::grad(e * x, x, {.consider_constant = {e}});
  CHECK(g.eval({{x, 1.5}}).item<double>() == Approx(std::exp(1.5)));
}

TEST_CASE("known_grads start the backward pass") {
  auto x = kt::vector("x");
  auto e = kt::exp(x);
  auto u = kt::vector("u");
  auto g = kiln::grad(kiln::Var(), x, {.known_grads = {{e, u}}});
  auto r = g.eval({{x, kiln::Array{0.0, 1.0}}, {u, kiln::Array{2.0, 3.0}}});
  CHECK(r.get_as_double(0) == Approx(2.0));
  CHECK(r.get_as_double(1) == Approx(3.0 * M_E));
}

TEST_CASE("grad errors name the variable") {
  auto x = kt::vector("x");
  CHECK_THROWS_WITH(kiln::grad(x * 2.0, x), Catch::Contains("cost must be a scalar") && Catch::Contains("(None,)"));
  auto i = kt::scalar("i", kiln::int64);
  CHECK_THROWS_WITH(kiln::grad(kt::cast(i, kiln::float64) * 2.0, i), Catch::Contains("integer type"));
  CHECK_THROWS_AS(kiln::grad(kt::sum(kt::cast(kt::gt(x, 0.0), kiln::float64)), x), kiln::GradientError);
}

TEST_CASE("a float input of an op without a gradient rule is an error, not a zero") {
  auto x = kt::vector("x");
  auto y = kiln::apply_op(std::make_shared<NoRuleOp>(), {x});
  CHECK_THROWS_AS(kiln::grad(kt::sum(y), x), kiln::GradientError);
  // Another path to x does not hide the missing rule, nor does ignoring disconnected inputs.
  CHECK_THROWS_WITH(kiln::grad(kt::sum(y) + kt::sum(x), x),
                    "grad: NoRule has no gradient for input 0 (x, TensorType(float64, (None,)))");
  CHECK_THROWS_WITH(kiln::grad(kt::sum(y), x, {.disconnected_inputs = kiln::Disconnected::ignore}),
                    Catch::Contains("NoRule has no gradient for input 0"));
  // polygamma's order is discrete: a float order that reaches the cost has no gradient, a
  // constant one is fine.
  auto n = kt::scalar("n");
  CHECK_THROWS_WITH(kiln::grad(kt::polygamma(n, kiln::Var(1.5)), n),
                    "grad: Elemwise{polygamma,no_inplace} has no gradient for input 0 (n, TensorType(float64, ()))");
  CHECK_NOTHROW(kiln::grad(kt::polygamma(kiln::Var(2.0), n), n));
  // A draw is not differentiable in its parameters.
  auto mu = kt::scalar("mu");
  CHECK_THROWS_WITH(kiln::grad(kt::random::normal(mu, 1.0), mu),
                    Catch::Contains("normal_rv{0, (0, 0), floatX, False} has no gradient for input") &&
                        Catch::Contains("(mu, TensorType(float64, ()))"));
}

TEST_CASE("comparisons, integer outputs and shape operands are disconnected by design") {
  auto x = kt::vector("x");
  const kiln::Givens at{{x, kiln::Array{-1.0, 2.0}}};
  auto through_comparison = kt::sum(kt::cast(kt::gt(x, 0.0), kiln::float64));
  CHECK_THROWS_WITH(kiln::grad(through_comparison, x),
                    "grad: the cost does not depend on x (TensorType(float64, (None,)))");
  auto g = kiln::grad(through_comparison, x, {.disconnected_inputs = kiln::Disconnected::ignore});
  CHECK(g.eval(at).to_vector<double>() == std::vector<double>{0.0, 0.0});
  CHECK_THROWS_WITH(kiln::grad(kt::cast(kt::argmax(x), kiln::float64), x), Catch::Contains("does not depend on x"));
  CHECK_THROWS_WITH(kiln::grad(kt::cast(kt::shape(x)[0], kiln::float64), x), Catch::Contains("does not depend on x"));
  // zeros_like(x) is second(x, 0): x's values are never read.
  CHECK_THROWS_WITH(kiln::grad(kt::sum(kt::zeros_like(x)), x), Catch::Contains("does not depend on x"));
  // With another path, the shape operand adds nothing.
  auto y = kt::vector("y");
  auto gy = kiln::grad(kt::sum(kt::fill(y, kiln::Var(3.0)) * y), y);
  CHECK(gy.eval({{y, kiln::Array{1.0, 2.0}}}).to_vector<double>() == std::vector<double>{3.0, 3.0});
}
