// Every scalar op's reference evaluation through Elemwise, against independently computed values.
#include "tensor/elemwise.hpp"

#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <map>

namespace kt = kiln::tensor;
using kt::ScalarOp;

namespace {

struct UnaryCase {
  const char* op;
  double x;
  double expected;
};
#include "tensor/elemwise_expected.inc"

ScalarOp op_named(const std::string& name) {
  if (name == "digamma") return ScalarOp::digamma;
  if (name == "round") return ScalarOp::round;
  return kt::scalar_op_from_name(name);
}

double run_unary(ScalarOp op, double x) {
  auto v = kt::scalar("v");
  return kt::elemwise(op, {v}).eval({{v, x}}).item<double>();
}

double run(ScalarOp op, std::vector<double> args) {
  std::vector<kiln::Var> vars;
  kiln::Givens givens;
  for (double a : args) {
    vars.push_back(kt::scalar());
    givens.emplace_back(vars.back(), a);
  }
  return kt::elemwise(op, vars).eval(givens).item<double>();
}

}  // namespace

TEST_CASE("unary scalar ops match independent values") {
  for (const auto& c : kUnaryCases) {
    INFO(c.op << "(" << c.x << ")");
    double got = run_unary(op_named(c.op), c.x);
    CHECK(got == Approx(c.expected).epsilon(1e-14).margin(1e-300));
  }
}

TEST_CASE("binary and ternary scalar ops") {
  CHECK(run(ScalarOp::add, {1.5, 2.25}) == 3.75);
  CHECK(run(ScalarOp::sub, {1.5, 2.25}) == -0.75);
  CHECK(run(ScalarOp::mul, {1.5, 2.0}) == 3.0);
  CHECK(run(ScalarOp::true_div, {1.0, 4.0}) == 0.25);
  CHECK(run(ScalarOp::int_div, {-7.0, 2.0}) == -4.0);
  CHECK(run(ScalarOp::mod, {-7.0, 3.0}) == 2.0);
  CHECK(run(ScalarOp::mod, {7.0, -3.0}) == -2.0);
  CHECK(run(ScalarOp::pow, {2.0, 10.0}) == 1024.0);
  CHECK(run(ScalarOp::arctan2, {1.0, -1.0}) == Approx(2.356194490192345));
  CHECK(run(ScalarOp::maximum, {1.0, 2.0}) == 2.0);
  CHECK(std::isnan(run(ScalarOp::maximum, {NAN, 2.0})));
  CHECK(run(ScalarOp::minimum, {1.0, 2.0}) == 1.0);
  CHECK(run(ScalarOp::switch_, {1.0, 5.0, 6.0}) == 5.0);
  CHECK(run(ScalarOp::switch_, {0.0, 5.0, 6.0}) == 6.0);
  CHECK(run(ScalarOp::clip, {5.0, 0.0, 2.0}) == 2.0);
  CHECK(run(ScalarOp::clip, {-5.0, 0.0, 2.0}) == 0.0);
  CHECK(run(ScalarOp::second, {5.0, 6.0}) == 6.0);
  CHECK(run(ScalarOp::add, {1.0, 2.0, 3.0, 4.0}) == 10.0);
}

TEST_CASE("comparisons and predicates give bools") {
  auto a = kt::vector("a");
  auto b = kt::vector("b");
  kiln::Array av{1.0, 2.0, 3.0}, bv{2.0, 2.0, 2.0};
  auto check = [&](kiln::Var e, std::vector<std::int64_t> expected) {
    auto r = e.eval({{a, av}, {b, bv}});
    CHECK(r.dtype() == kiln::bool_);
    CHECK(r.to_vector<std::int64_t>() == expected);
  };
  check(kt::lt(a, b), {1, 0, 0});
  check(kt::le(a, b), {1, 1, 0});
  check(kt::gt(a, b), {0, 0, 1});
  check(kt::ge(a, b), {0, 1, 1});
  check(kt::eq(a, b), {0, 1, 0});
  check(kt::neq(a, b), {1, 0, 1});
  check(kt::isnan(a / (a - 2.0) * 0.0), {0, 1, 0});
  check(kt::isinf(a / (a - 2.0)), {0, 1, 0});
  check(kt::and_(kt::lt(a, b), kt::lt(a, b)), {1, 0, 0});
  check(kt::or_(kt::lt(a, b), kt::gt(a, b)), {1, 0, 1});
  check(kt::xor_(kt::le(a, b), kt::ge(a, b)), {1, 0, 1});
  check(kt::invert(kt::lt(a, b)), {0, 1, 1});
}

TEST_CASE("integer ops are exact") {
  auto i = kt::vector("i", kiln::int64);
  kiln::Array iv(std::vector<std::int64_t>{-7, 9007199254740993, 5});
  CHECK(kt::int_div(i, kiln::Var(2)).eval({{i, iv}}).to_vector<std::int64_t>() ==
        std::vector<std::int64_t>{-4, 4503599627370496, 2});
  CHECK(kt::mod(i, kiln::Var(3)).eval({{i, iv}}).to_vector<std::int64_t>() == std::vector<std::int64_t>{2, 0, 2});
  CHECK((i + 1).eval({{i, iv}}).to_vector<std::int64_t>() == std::vector<std::int64_t>{-6, 9007199254740994, 6});
  CHECK(kt::invert(i).eval({{i, iv}}).get_as_int(0) == 6);
  CHECK(kt::pow(i, 2).eval({{i, iv}}).get_as_int(2) == 25);
}

TEST_CASE("cast converts dtype and prints Cast") {
  auto x = kt::vector("x");
  auto c = kt::cast(x, kiln::int32);
  CHECK(c.owner()->op().name() == "Elemwise{Cast{int32}}");
  auto r = c.eval({{x, kiln::Array{1.7, -2.2}}});
  CHECK(r.dtype() == kiln::int32);
  CHECK(r.to_vector<int>() == std::vector<int>{1, -2});
}

TEST_CASE("special functions stay finite in the tails") {
  CHECK(run_unary(ScalarOp::softplus, 800.0) == 800.0);
  CHECK(run_unary(ScalarOp::softplus, -800.0) == 0.0);
  CHECK(std::isfinite(run_unary(ScalarOp::log1mexp, -1e-20)));
  CHECK(run_unary(ScalarOp::erfcx, 1e5) == Approx(5.641895835195468e-06).epsilon(1e-14));
  CHECK(run_unary(ScalarOp::erfcx, 26.5) == Approx(std::exp(26.5 * 26.5) * std::erfc(26.5)).epsilon(1e-12));
  CHECK(std::isinf(run_unary(ScalarOp::gammaln, 0.0)));
  CHECK(std::isnan(run_unary(ScalarOp::digamma, -1.0)));
  CHECK(std::isinf(run_unary(ScalarOp::erfinv, 1.0)));
  CHECK(std::isnan(run_unary(ScalarOp::erfinv, 1.5)));
  CHECK(std::isnan(run_unary(ScalarOp::log1mexp, 0.5)));
}

// 40-digit mpmath values (log|gamma|, digamma, polygamma(1, .)) across the range and the
// negative axis: the double-precision evaluations stay within 1e-15 relative.
TEST_CASE("gammaln, digamma and trigamma match 40-digit values to 1e-15") {
  struct Point {
    double x, value;
  };
  const Point gammaln[] = {
      {1e-300, 690.77552789821370518},     {1e-08, 18.420680738180208884},     {0.1, 2.252712651734205902},
      {0.5, 0.57236494292470008707},       {0.999, 0.00057803853289138023817}, {1.5, -0.12078223763524522235},
      {2.5, 0.28468287047291915963},       {3.7, 1.4280723266653881292},       {10.25, 13.368023671476046295},
      {123.456, 469.6055471299294835},     {1e5, 1051287.7089736568949},       {1e15, 33538776394910668.91},
      {1e300, 6.8977552789821374147e+302}, {-0.5, 1.2655121234846453965},      {-2.5, -0.056243716497674050673},
      {-7.3, -7.7791016298268516713}};
  const Point digamma[] = {{0.1, -10.423754940411076232},  {1.4, -0.061384544585116236801},
                           {2.0, 0.42278433509846713939},  {15.5, 2.7082352425903654326},
                           {1e6, 13.815510057964190771},   {-0.3, 2.1133097796353988734},
                           {-3.7, -0.84507685887041935462}};
  const Point trigamma[] = {{0.1, 101.4332991507927477},     {1.4, 1.0253565905295975254},
                            {2.0, 0.64493406684822643647},   {15.5, 0.066642013583275970629},
                            {1e6, 1.0000005000001666667e-6}, {-0.3, 13.945160267805722489}};
  for (auto [x, value] : gammaln) CHECK(run_unary(ScalarOp::gammaln, x) == Approx(value).epsilon(1e-15).margin(0));
  for (auto [x, value] : digamma) CHECK(run_unary(ScalarOp::digamma, x) == Approx(value).epsilon(1e-15).margin(0));
  for (auto [x, value] : trigamma) CHECK(run_unary(ScalarOp::trigamma, x) == Approx(value).epsilon(1e-15).margin(0));
  CHECK(std::isinf(run_unary(ScalarOp::gammaln, -3.0)));
  CHECK(std::isinf(run_unary(ScalarOp::gammaln, -INFINITY)));
  CHECK(std::isnan(run_unary(ScalarOp::gammaln, NAN)));
}

// Closed forms at 1 and 1/2: psi^(n)(1) = (-1)^(n+1) n! zeta(n+1), psi^(n)(1/2) = (2^(n+1) - 1) psi^(n)(1).
TEST_CASE("polygamma matches closed forms and names its domain") {
  const double zeta3 = 1.2020569031595942854, zeta5 = 1.0369277551433699263;
  CHECK(run(ScalarOp::polygamma, {2.0, 1.0}) == Approx(-2 * zeta3).epsilon(1e-14));
  CHECK(run(ScalarOp::polygamma, {2.0, 0.5}) == Approx(-14 * zeta3).epsilon(1e-14));
  CHECK(run(ScalarOp::polygamma, {2.0, 2.0}) == Approx(2 - 2 * zeta3).epsilon(1e-14));
  CHECK(run(ScalarOp::polygamma, {3.0, 1.0}) == Approx(std::pow(M_PI, 4) / 15).epsilon(1e-14));
  CHECK(run(ScalarOp::polygamma, {4.0, 1.0}) == Approx(-24 * zeta5).epsilon(1e-14));
  CHECK(run(ScalarOp::polygamma, {0.0, 0.5}) == run_unary(ScalarOp::digamma, 0.5));
  CHECK(run(ScalarOp::polygamma, {1.0, 0.5}) == run_unary(ScalarOp::trigamma, 0.5));
  // Orders that are not natural numbers, or above 170, have no value; nor has x = -inf.
  for (double order : {-1.0, 2.5, 171.0, static_cast<double>(NAN)})
    CHECK(std::isnan(run(ScalarOp::polygamma, {order, 1.5})));
  CHECK(std::isnan(run(ScalarOp::polygamma, {2.0, -INFINITY})));
  CHECK(run(ScalarOp::polygamma, {2.0, INFINITY}) == 0.0);
  // Poles: odd orders go to +inf from both sides, even orders change sign.
  CHECK(run(ScalarOp::polygamma, {3.0, -2.0}) == INFINITY);
  CHECK(std::isnan(run(ScalarOp::polygamma, {2.0, 0.0})));
  auto n = kt::scalar("n", kiln::int64);
  auto x = kt::scalar("x", kiln::float32);
  CHECK(kt::polygamma(kt::as_tensor(std::int64_t{2}), x).dtype() == kiln::float32);
  CHECK(kt::polygamma(n, x).dtype() == kiln::float64);
}

TEST_CASE("dtype rules follow Aesara") {
  auto i8 = kt::scalar("i8", kiln::int8);
  auto i64 = kt::scalar("i64", kiln::int64);
  auto f32 = kt::scalar("f32", kiln::float32);
  CHECK(kt::log(i8).dtype() == kiln::float32);
  CHECK(kt::log(i64).dtype() == kiln::float64);
  CHECK((i64 / i64).dtype() == kiln::float64);
  CHECK((f32 + i8).dtype() == kiln::float32);
  CHECK((f32 + i64).dtype() == kiln::float64);
  CHECK(kt::switch_(kt::lt(f32, 1.0), i8, i64).dtype() == kiln::int64);
}
