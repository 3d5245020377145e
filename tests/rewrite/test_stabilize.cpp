// Stabilization: each rewrite fires, keeps values, and fixes the overflow it exists for.
#include "rewrite_check.hpp"

#include <cmath>

namespace kt = kiln::tensor;
using kiln::testing::check_same_values;
using kiln::testing::count_ops;
using kiln::testing::rewritten;

namespace {

double compiled(const kiln::Var& x, const kiln::Var& e, double at) {
  return kiln::Array(kiln::function({x}, e)(at)).item<double>();
}

bool uses(const kiln::Var& x, const kiln::Var& e, const std::string& fragment) {
  return kiln::debug_string(rewritten({x}, {e})).find(fragment) != std::string::npos;
}

}  // namespace

TEST_CASE("log(1 + exp(x)) is softplus and finite at 800") {
  auto x = kt::scalar("x");
  auto e = kt::log(1.0 + kt::exp(x));
  CHECK(uses(x, e, "softplus"));
  CHECK(compiled(x, e, 800.0) == 800.0);
  check_same_values({x}, e);
}

TEST_CASE("log(1 - exp(x)) is log1mexp and finite near 0") {
  auto x = kt::scalar("x");
  auto e = kt::log(1.0 - kt::exp(x));
  CHECK(uses(x, e, "log1mexp"));
  double v = compiled(x, e, -1e-20);
  CHECK(std::isfinite(v));
  CHECK(v == Approx(std::log(1e-20)));
  check_same_values({x}, e, -3.0, -0.1);
}

TEST_CASE("log(1 + x) is log1p") {
  auto x = kt::scalar("x");
  auto e = kt::log(1.0 + x);
  CHECK(uses(x, e, "log1p"));
  CHECK(compiled(x, e, 1e-20) == 1e-20);
  check_same_values({x}, e, -0.5, 2.0);
}

TEST_CASE("exp(x) - 1 is expm1") {
  auto x = kt::scalar("x");
  auto e = kt::exp(x) - 1.0;
  CHECK(uses(x, e, "expm1"));
  CHECK(compiled(x, e, 1e-20) == 1e-20);
  check_same_values({x}, e);
}

TEST_CASE("log(exp(x)) is x and exp(log(x)) only for known nonnegative x") {
  auto x = kt::scalar("x");
  CHECK(compiled(x, kt::log(kt::exp(x)), 800.0) == 800.0);
  CHECK(uses(x, kt::exp(kt::log(x)), "log"));
  CHECK_FALSE(uses(x, kt::exp(kt::log(kt::exp(x))), "log"));
  check_same_values({x}, kt::exp(kt::log(kt::sqr(x))));
}

TEST_CASE("log(sigmoid(x)) is minus softplus of minus x") {
  auto x = kt::scalar("x");
  auto e = kt::log(kt::sigmoid(x));
  CHECK(uses(x, e, "softplus"));
  CHECK(compiled(x, e, -800.0) == -800.0);
  check_same_values({x}, e);
}

TEST_CASE("log(erfc(x)) uses erfcx and stays finite at 30") {
  auto x = kt::scalar("x");
  auto e = kt::log(kt::erfc(x));
  CHECK(uses(x, e, "erfcx"));
  double v = compiled(x, e, 30.0);
  CHECK(std::isfinite(v));
  CHECK(v == Approx(-903.9741171106439).epsilon(1e-13));  // asymptotic series of erfc, in Python
  check_same_values({x}, e, -2.0, 5.0, 1e-11);
}

TEST_CASE("log(sum(exp(x))) subtracts the max and stays finite") {
  auto v = kt::vector("v");
  auto e = kt::log(kt::sum(kt::exp(v)));
  auto f = kiln::function({v}, e);
  CHECK(kiln::Array(f(kiln::Array{1000.0, 1000.0})).item<double>() == Approx(1000.0 + std::log(2.0)));
  CHECK(std::isinf(kiln::Array(f(kiln::Array{-INFINITY, -INFINITY})).item<double>()));
  check_same_values({v}, e);
  auto m = kt::matrix("m");
  auto per_row = kt::log(kt::sum(kt::exp(m), 1));
  auto g = kiln::function({m}, per_row);
  kiln::Array r = g(kiln::Array{{800.0, 800.0}, {1.0, 2.0}});
  CHECK(r.get_as_double(0) == Approx(800.0 + std::log(2.0)));
  CHECK(r.get_as_double(1) == Approx(std::log(std::exp(1.0) + std::exp(2.0))));
  check_same_values({m}, per_row);
}

TEST_CASE("log of a softmax is x minus logsumexp and stays finite") {
  auto m = kt::matrix("m");
  auto e = kt::exp(m);
  auto softmax = e / kt::sum(e, 1, true);
  auto log_softmax = kt::log(softmax);
  auto f = kiln::function({m}, log_softmax);
  kiln::Array r = f(kiln::Array{{0.0, 1000.0}, {1.0, 2.0}});
  CHECK(r.get_as_double(0) == Approx(-1000.0));
  CHECK(r.get_as_double(1) == Approx(0.0).margin(1e-12));
  CHECK(r.get_as_double(2) == Approx(1.0 - std::log(std::exp(1.0) + std::exp(2.0))));
  check_same_values({m}, log_softmax);
}
