// Each canonicalize/specialize/merge/constant-folding rewrite: what it produces, and that
// values before and after agree on random inputs.
#include "rewrite_check.hpp"

namespace kt = kiln::tensor;
using kiln::testing::check_same_values;
using kiln::testing::count_ops;
using kiln::testing::rewritten;

namespace {

// A vector of static length 5 (check_same_values' length): operands of one known length
// broadcast without a run-time check, so a rewrite may drop one (b * (a / b) -> a). Of unknown
// lengths, the dropped operand stays as a fill (test_fuzz_findings).
kiln::Var vector5(const std::string& name) { return kt::tensor(name, kiln::float64, {5}); }

}  // namespace

TEST_CASE("mul canonizer cancels b * (a / b)") {
  auto a = vector5("a");
  auto b = vector5("b");
  auto e = b * (a / b);
  auto r = rewritten({a, b}, {e});
  CHECK(r[0].owner()->op().name() == "DeepCopyOp");
  check_same_values({a, b}, e, 0.5, 2.0);
}

TEST_CASE("mul canonizer cancels (a * b) / (b * c)") {
  auto a = vector5("a"), b = vector5("b"), c = vector5("c");
  auto e = (a * b) / (b * c);
  auto r = rewritten({a, b, c}, {e});
  CHECK(count_ops(r, "Composite{(i0 / i1)}") + count_ops(r, "Elemwise{true_div,no_inplace}") == 1);
  check_same_values({a, b, c}, e, 0.5, 2.0);
}

TEST_CASE("mul canonizer merges constants and keeps the shape") {
  auto x = kt::scalar("x");
  auto v = kt::vector("v");
  auto e = (v * 2.0) * (3.0 * x) / x;
  check_same_values({x, v}, e, 0.5, 2.0);
  auto r = rewritten({x, v}, {e});
  CHECK(r[0].type().str() == "TensorType(float64, (None,))");
}

TEST_CASE("add canonizer gives 2 * x and 0 with the right shape") {
  auto x = kt::vector("x");
  auto twice = rewritten({x}, {x + x});
  CHECK(kiln::debug_string(twice).find("of 2.0}") != std::string::npos);
  check_same_values({x}, x + x);
  auto zero = x - x;
  check_same_values({x}, zero);
  kiln::Function f = kiln::function({x}, zero);
  CHECK(kiln::Array(f(kiln::Array{1.0, 2.0, 3.0})).shape() == kiln::Shape{3});
}

TEST_CASE("add canonizer collects terms across nested sums") {
  auto x = vector5("x"), y = vector5("y");
  auto e = (x + y) - (y - x) + 1.0 - 1.0;
  check_same_values({x, y}, e);
  auto r = rewritten({x, y}, {e});
  CHECK(kiln::debug_string(r).find("y") == std::string::npos);
}

// Shared subterms are expanded once each: y = y + y, n times, has 2^n paths from y to x.
TEST_CASE("add canonizer collects a sum of shared subterms once each: y = y + y, 200 times, is 2^200 x") {
  auto x = kt::vector("x");
  kiln::Var y = x;
  for (int i = 0; i < 200; ++i) y = y + y;
  kiln::Function f = kiln::function({x}, y);
  CHECK(kiln::Array(f(kiln::Array{1.0, -0.5})).same_values(kiln::Array{std::ldexp(1.0, 200), -std::ldexp(1.0, 199)}));
  auto alpha = kt::vector("alpha"), beta = kt::scalar("beta");
  auto s = alpha + beta;
  auto e = (s - s) + alpha - (s + (alpha - s));
  check_same_values({alpha, beta}, e);
  CHECK(kiln::debug_string(rewritten({alpha, beta}, {e})).find("beta") == std::string::npos);
}

TEST_CASE("mul canonizer collects a product of shared subterms once each: y = y * y, 200 times") {
  auto x = kt::vector("x");
  kiln::Var y = x;
  for (int i = 0; i < 200; ++i) y = y * y;
  kiln::Function f = kiln::function({x}, y);
  CHECK(kiln::Array(f(kiln::Array{1.0, -1.0, 0.5, 1.5})).same_values(kiln::Array{1.0, 1.0, 0.0, INFINITY}));
  auto alpha = kt::vector("alpha"), beta = kt::scalar("beta");
  auto p = alpha * beta;
  auto q = p * p;
  check_same_values({alpha, beta}, q * q / p, 0.5, 2.0);
  auto e = p / p * alpha;
  check_same_values({alpha, beta}, e, 0.5, 2.0);
  CHECK(kiln::debug_string(rewritten({alpha, beta}, {e})).find("beta") == std::string::npos);
}

TEST_CASE("add canonizer keeps negative and positive constants") {
  auto x = kt::vector("x");
  check_same_values({x}, (x - 0.9) - 0.6);
  check_same_values({x}, (x + 0.9) - 0.6);
  check_same_values({x}, 2.0 - (x + 0.5));
  check_same_values({x}, -(x + 1.5) - 1.0);
}

TEST_CASE("neg of neg is the variable") {
  auto x = kt::vector("x");
  auto r = rewritten({x}, {-(-x)});
  CHECK(r[0].owner()->op().name() == "DeepCopyOp");
}

TEST_CASE("pow with small constant exponents") {
  auto x = kt::vector("x");
  CHECK(rewritten({x}, {kt::pow(x, 2)})[0].owner()->op().name() == "Elemwise{sqr,no_inplace}");
  CHECK(rewritten({x}, {kt::pow(x, 0.5)})[0].owner()->op().name() == "Elemwise{sqrt,no_inplace}");
  CHECK(rewritten({x}, {kt::pow(x, -1)})[0].owner()->op().name() == "Elemwise{reciprocal,no_inplace}");
  CHECK(rewritten({x}, {kt::pow(x, 1)})[0].owner()->op().name() == "DeepCopyOp");
  for (double p : {2.0, 0.5, -1.0, 1.0, 0.0}) check_same_values({x}, kt::pow(x, p), 0.1, 3.0);
}

TEST_CASE("switch on a constant condition picks a branch") {
  auto x = vector5("x"), y = vector5("y");
  auto e = kt::switch_(kiln::Var(1), x, y);
  CHECK(rewritten({x, y}, {e})[0].owner()->op().name() == "DeepCopyOp");
  check_same_values({x, y}, e);
  check_same_values({x, y}, kt::switch_(kiln::Var(0), x, y));
}

TEST_CASE("DimShuffle chains compose and identities vanish") {
  auto m = kt::matrix("m");
  auto e = kt::transpose(kt::transpose(m));
  CHECK(rewritten({m}, {e})[0].owner()->op().name() == "DeepCopyOp");
  check_same_values({m}, kt::exp(kt::transpose(kt::transpose(m))));
}

TEST_CASE("merge shares equal subexpressions and constants") {
  auto x = kt::vector("x");
  auto e = kt::exp(x) * 2.0 + kt::exp(x) * 2.0;
  auto r = rewritten({x}, {kt::sin(x) + kt::sin(x), kt::cos(x) * 3.0 + kt::cos(x) * 3.0});
  (void)r;
  kiln::FunctionGraph fg({x}, {kt::sin(x) + kt::sin(x)});
  kiln::run_rewrites(fg, kiln::RewriteDatabase::standard().query({{"merge"}, {}}));
  CHECK(count_ops(fg.outputs(), "Elemwise{sin,no_inplace}") == 1);
  check_same_values({x}, e);
}

TEST_CASE("constant folding computes constant subgraphs") {
  auto x = kt::vector("x");
  auto e = x * kt::exp(kiln::Var(2.0)) + kt::log(kiln::Var(3.0));
  auto r = rewritten({x}, {e});
  CHECK(count_ops(r, "Elemwise{exp,no_inplace}") == 0);
  check_same_values({x}, e);
}

TEST_CASE("specialize: mul by one and minus one and division by two") {
  auto x = kt::vector("x");
  check_same_values({x}, x * 1.0);
  check_same_values({x}, x * -1.0);
  check_same_values({x}, x / 4.0);
  check_same_values({x}, x + 0.0);
  CHECK(rewritten({x}, {x * -1.0})[0].owner()->op().name() == "Elemwise{neg,no_inplace}");
  CHECK(rewritten({x}, {x + 0.0})[0].owner()->op().name() == "DeepCopyOp");
}

TEST_CASE("outputs that are inputs or constants are deep copies") {
  auto x = kt::vector("x");
  auto f = kiln::function({x}, {x, kiln::Var(2.0)});
  std::vector<kiln::Array> out = f(kiln::Array{1.0, 2.0});
  CHECK(out[0].to_vector<double>() == std::vector<double>{1.0, 2.0});
  CHECK(out[1].item<double>() == 2.0);
}

TEST_CASE("sums of shuffled and broadcast inputs") {
  auto m = kt::matrix("m");
  auto e = kt::sum(kt::transpose(m));
  auto r = rewritten({m}, {e});
  CHECK(count_ops(r, "InplaceDimShuffle{1,0}") == 0);
  check_same_values({m}, e);
  auto filled = kt::sum(kt::fill(m, kiln::Var(2.5)));
  auto rf = rewritten({m}, {filled});
  CHECK(kiln::debug_string(rf).find("second") == std::string::npos);
  check_same_values({m}, filled);
}

TEST_CASE("one-value factors, divisors and negations leave a full sum") {
  auto y = kt::vector("y");
  auto mu = kt::scalar("mu");
  auto s = kt::scalar("s");
  for (const auto& e : {kt::sum(kt::sqr(y - mu) * -0.5), kt::sum((y - mu) / kt::exp(s)), kt::sum(-(y * mu)),
                        kt::sum(kt::fill(y, kiln::Var(-1.0)) * (y - mu) * s)}) {
    auto r = rewritten({y, mu, s}, {e});
    INFO(kiln::debug_string(r));
    CHECK(r[0].owner()->op().name().rfind("Sum", 0) != 0);  // the sum is inside, scaled
    check_same_values({y, mu, s}, e);
  }
  auto m = kt::matrix("m");
  auto partial = kt::sum(m * 2.0, 1);  // not a full sum: unchanged
  CHECK(rewritten({m}, {partial})[0].owner()->op().name().rfind("Sum{axis=[1]}", 0) == 0);
}

TEST_CASE("one-value terms leave a full sum; squares of scaled values scale squares") {
  auto y = kt::vector("y");
  auto mu = kt::scalar("mu");
  auto s = kt::scalar("s");
  auto logp = kt::sum(-0.9189385332046727 - kt::log(s) - 0.5 * kt::sqr((y - mu) / s));
  auto grad_s = kt::sum(kt::sqr(y - mu) * kt::exp(s));
  auto r = rewritten({y, mu, s}, {logp, grad_s, kt::sum(s + y), kt::sum(y - s), kt::sum((y - mu) * (y - mu))});
  INFO(kiln::debug_string(r));
  // One loop over y for all of them: the sum of squares they share, and sum(y).
  CHECK(count_ops(r, "Sum{Composite{sqr((i0 - i1))}}") == 1);
  check_same_values({y, mu, s}, logp, 0.5, 3.0, 1e-13);
  check_same_values({y, mu, s}, grad_s, 0.5, 3.0, 1e-13);
  check_same_values({y, mu, s}, kt::sum(y - s));
  // An empty y: the shift's n u is 0, not nan, even for an infinite u.
  auto f = kiln::function({y, s}, kt::sum(y + kt::log(s)));
  CHECK(kiln::Array(f(kiln::Array::empty(kiln::DType::float64, {0}), 0.0)).item<double>() == 0.0);
}

TEST_CASE("an empty sum of an infinite fill is 0, not -inf * 0") {
  auto v = kt::vector("v");
  auto filled = kt::sum(kt::fill(v, kiln::Var(-INFINITY)));
  auto f = kiln::function({v}, filled);
  CHECK(kiln::Array(f(kiln::Array::empty(kiln::DType::float64, {0}))).item<double>() == 0.0);
  CHECK(kiln::Array(f(kiln::Array{1.0, 2.0})).item<double>() == -INFINITY);
}

TEST_CASE("a fill of a value that already has the shape is the value") {
  auto a = kt::tensor("a", kiln::float64, {3});
  auto b = kt::tensor("b", kiln::float64, {3});
  auto r = rewritten({a, b}, {kt::exp(kt::fill(a, b))});
  CHECK(kiln::debug_string(r).find("second") == std::string::npos);
}

TEST_CASE("dividing a vector by a broadcast scalar multiplies by its reciprocal") {
  auto v = kt::vector("v");
  auto s = kt::scalar("s");
  auto r = rewritten({v, s}, {v / s});
  CHECK(kiln::debug_string(r).find("reciprocal") != std::string::npos);
  CHECK(kiln::debug_string(r).find("true_div") == std::string::npos);
  check_same_values({v, s}, v / s, 0.5, 3.0, 1e-15);
  auto c = rewritten({v}, {v / 3.0});
  CHECK(kiln::debug_string(c).find("reciprocal") == std::string::npos);
}

TEST_CASE("dividing by a constant array multiplies by its reciprocals") {
  auto v = kt::tensor("v", kiln::float64, {5});
  auto c = kt::constant(kiln::Array{2.0, 3.0, 5.0, 7.0, 0.25});
  auto r = rewritten({v}, {v / c});
  CHECK(kiln::debug_string(r).find("true_div") == std::string::npos);
  check_same_values({v}, v / c, 0.5, 3.0, 1e-15);
}

TEST_CASE("dividing a vector by a one-element product of broadcast scalars multiplies by its reciprocal") {
  auto v = kt::vector("v");
  auto s = kt::scalar("s");
  kiln::Var variance = kt::dimshuffle(s, {-1}) * kt::dimshuffle(kt::exp(s), {-1});  // (1,): a gradient's sigma^2
  auto r = rewritten({v, s}, {v / variance});
  CHECK(kiln::debug_string(r).find("reciprocal") != std::string::npos);
  CHECK(kiln::debug_string(r).find("true_div") == std::string::npos);
  check_same_values({v, s}, v / variance, 0.5, 3.0, 1e-15);
}
