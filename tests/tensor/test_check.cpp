// CheckAndRaise and Assert: names, pass-through values, the raised error and its message,
// condition types, the seed's `Check{sigma > 0}` structure, and the gradient rule.
#include "tensor/check.hpp"

#include <kiln/print.hpp>
#include <kiln/tensor.hpp>

#include <catch2/catch.hpp>

#include "support/op_checks.hpp"

namespace kt = kiln::tensor;
using kiln::Array;
using namespace kiln::testing;

TEST_CASE("checks print their message") {
  auto x = kt::vector("x");
  auto sigma = kt::scalar("sigma");
  CHECK(op_name(kt::check_and_raise(x, {kt::gt(sigma, kiln::Var(0))}, "sigma > 0")) == "Check{sigma > 0}");
  CHECK(op_name(kt::assert_(x, {kt::gt(sigma, kiln::Var(0))}, "x is positive")) == "Assert{x is positive}");
  CHECK(op_name(kt::assert_(x, {kt::gt(sigma, kiln::Var(0))})) == "Assert{kiln Assert failed!}");
  kt::CheckAndRaise check("m");
  kt::Assert assert_op("m");
  CHECK_FALSE(check.equals(assert_op));
  CHECK(check.equals(kt::CheckAndRaise("m")));
  CHECK_FALSE(check.equals(kt::CheckAndRaise("n")));
}

TEST_CASE("a passing check returns its value") {
  auto x = kt::vector("x");
  auto sigma = kt::vector("sigma");
  auto checked =
      kt::check_and_raise(x, {kt::all(kt::gt(sigma, kiln::Var(0))), kt::gt(sigma, kiln::Var(-1))}, "sigma > 0");
  CHECK(checked.type() == x.type());
  auto r = checked.eval({{x, Array{1.0, 2.0}}, {sigma, Array{0.5, 3.0}}});
  CHECK(r.to_vector<double>() == std::vector<double>{1, 2});
  auto n = kt::scalar("n", kiln::int64);
  CHECK(kt::assert_(x, {n}).eval({{x, Array{1.0}}, {n, Array(std::int64_t{2})}}).to_vector<double>() ==
        std::vector<double>{1});
  CHECK(kt::check_and_raise(x, {}, "nothing").eval({{x, Array{4.0}}}).to_vector<double>() == std::vector<double>{4});
}

TEST_CASE("a failing condition raises ParameterValueError with the message") {
  auto x = kt::vector("x");
  auto sigma = kt::vector("sigma");
  auto scalar_cond = kt::check_and_raise(x, {kt::all(kt::gt(sigma, kiln::Var(0)))}, "sigma > 0");
  kiln::Givens bad{{x, Array{1.0, 2.0}}, {sigma, Array{1.0, -2.0}}};
  CHECK_THROWS_AS(scalar_cond.eval(bad), kiln::ParameterValueError);
  CHECK_THROWS_WITH(scalar_cond.eval(bad), Catch::Contains("sigma > 0"));
  // An array condition needs every element true.
  auto array_cond = kt::check_and_raise(x, {kt::gt(sigma, kiln::Var(0))}, "each sigma > 0");
  CHECK_THROWS_WITH(array_cond.eval(bad), Catch::Contains("each sigma > 0"));
  // Any failing condition raises, not only the first.
  auto second = kt::check_and_raise(x, {kt::lt(sigma, kiln::Var(5)), kt::gt(sigma, kiln::Var(0))}, "sigma in (0, 5)");
  CHECK_THROWS_WITH(second.eval(bad), Catch::Contains("sigma in (0, 5)"));
  auto asserted = kt::assert_(x, {kt::gt(sigma, kiln::Var(0))}, "x needs positive sigma");
  CHECK_THROWS_AS(asserted.eval(bad), kiln::ParameterValueError);
  CHECK_THROWS_WITH(asserted.eval(bad), Catch::Contains("x needs positive sigma"));
  auto zero = kt::scalar("zero", kiln::int32);
  CHECK_THROWS_WITH(kt::assert_(x, {zero}).eval({{x, Array{1.0}}, {zero, Array(0).astype(kiln::int32)}}),
                    Catch::Contains("kiln Assert failed!"));
}

TEST_CASE("check conditions must be boolean") {
  auto x = kt::vector("x");
  auto c = kt::scalar("c");
  CHECK_THROWS_AS(kt::check_and_raise(x, {c}, "sigma > 0"), kiln::TypeError);
  CHECK_THROWS_WITH(kt::check_and_raise(x, {c}, "sigma > 0"),
                    Catch::Contains("Check{sigma > 0}: condition 1 (c) must be boolean, got TensorType(float64, ())"));
}

TEST_CASE("the seed's Check node has PyMC's structure") {
  auto z = kt::vector("z");
  auto sigma = kt::constant(Array{1.0, 2.0});
  auto logp = kt::neg(kt::log(sigma)) - z * z;
  auto cond = kt::all(kt::make_vector({kt::all(kt::gt(sigma, kiln::Var(0)))}));
  auto checked = kt::check_and_raise(logp, {cond}, "sigma > 0");
  checked.set_name("z_logprob");
  std::string text = kiln::debug_string(checked);
  CHECK(text.rfind("Check{sigma > 0} [id A] 'z_logprob'", 0) == 0);
  CHECK_THAT(text, Catch::Contains(" |All [id") && Catch::Contains("MakeVector{dtype='bool'} [id"));
  CHECK(checked.eval({{z, Array{0.0, 0.0}}}).to_vector<double>()[0] == 0.0);
}

TEST_CASE("the check gradient passes through to the value") {
  auto x = kt::vector("x");
  auto ok = kt::scalar("ok", kiln::bool_);
  for (auto checked : {kt::check_and_raise(x, {ok}, "ok"), kt::assert_(x, {ok})}) {
    auto g = kt::constant(Array{1.0, 2.0});
    auto rules = checked.owner()->op().grad(*checked.owner(), {g});
    REQUIRE(rules.size() == 2);
    CHECK(rules[0] == g);
    CHECK_FALSE(rules[1]);
  }
}
