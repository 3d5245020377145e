// hoist_invariants: what is the same for every element leaves the loop (a switch on a scalar
// condition, a unary op of a fill, scalar and constant terms of a sum), and values are unchanged.
#include "rewrite_check.hpp"

namespace kt = kiln::tensor;
using kiln::Var;
using kiln::testing::check_same_values;
using kiln::testing::rewritten;

namespace {

// The printed names of the rewritten graph's ops that loop over elements (Composites, with or
// without a reduction).
std::vector<std::string> loops(const std::vector<kiln::Var>& outs) {
  std::vector<std::string> names;
  for (const auto& node : kiln::toposort(outs)) {
    const std::string name = node->op().name();
    if (name.find("Composite") != std::string::npos && node->inputs()[0].ndim() > 0) names.push_back(name);
  }
  return names;
}

int count(const std::string& s, const std::string& part) {
  int n = 0;
  for (auto pos = s.find(part); pos != std::string::npos; pos = s.find(part, pos + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("a sum of a switch on a scalar condition takes the switch once") {
  auto s = kt::scalar("s");
  auto x = kt::vector("x");
  auto e = kt::sum(kt::switch_(kt::gt(s, 0.0), kt::exp(x) * 2.0, Var(-INFINITY)));
  auto r = rewritten({s, x}, {e});
  for (const auto& loop : loops(r)) CHECK(loop.find("switch") == std::string::npos);
  check_same_values({s, x}, e);
}

TEST_CASE("a sum of a switch keeps both branches' sums over the full shape") {
  auto s = kt::scalar("s");
  auto x = kt::vector("x");
  // The scalar branch counts once per element, as it did inside the sum.
  auto e = kt::sum(kt::switch_(kt::lt(s, 0.5), kt::sin(x), s * 3.0));
  check_same_values({s, x}, e);
  auto m = kt::matrix("m");
  check_same_values({s, m}, kt::sum(kt::switch_(kt::lt(s, 0.0), s, kt::cos(m))));
}

TEST_CASE("a switch on a per-element condition stays in the loop") {
  auto x = kt::vector("x");
  auto e = kt::sum(kt::switch_(kt::gt(x, 0.0), kt::log(kt::abs(x)), Var(0.0)));
  auto r = rewritten({x}, {e});
  bool in_loop = false;
  for (const auto& loop : loops(r)) in_loop = in_loop || loop.find("switch") != std::string::npos;
  CHECK(in_loop);
  check_same_values({x}, e);
}

TEST_CASE("a sum of a negated fill is a count, not a loop") {
  auto x = kt::vector("x");
  auto s = kt::scalar("s");
  // The gradient of a scalar term broadcast over x: sum(-fill(x, 1)) = -len(x).
  auto e = kt::sum(-kt::second(x, Var(1.0))) * s;
  auto r = rewritten({x, s}, {e});
  CHECK(loops(r).empty());
  check_same_values({x, s}, e);
  check_same_values({x}, kt::exp(kt::second(x, Var(0.5))));
}

TEST_CASE("scalar terms of a per-element sum are added once, outside the loop") {
  auto x = kt::vector("x");
  auto s = kt::scalar("s");
  // PyMC's normal log-density: -0.5 z^2 - log(sqrt(2 pi)) - log(sigma).
  auto e = kt::sum(-0.5 * kt::sqr(x / s) - std::log(std::sqrt(2 * M_PI)) - kt::log(s));
  auto r = rewritten({x, s}, {e});
  REQUIRE(loops(r).size() == 1);
  const std::string loop = loops(r)[0];
  // At most one addition per element (local_sum_of_shifted takes them out of the loop).
  CHECK(count(loop, " - ") + count(loop, " + ") <= 1);
  check_same_values({x, s}, e, 0.5, 2.0);
}

TEST_CASE("constant arrays of a sum fold into one constant") {
  auto x = kt::vector("x");
  auto c = kt::constant(kiln::Array{1.0, 2.0, 3.0, 4.0, 5.0}, "c");
  auto e = x - 0.5 - kt::log(c) + 2.0 * c;
  auto r = rewritten({x}, {e});
  REQUIRE(loops(r).size() <= 1);
  if (!loops(r).empty()) CHECK(count(loops(r)[0], " - ") + count(loops(r)[0], " + ") <= 1);
  check_same_values({x}, e);
}

TEST_CASE("mixed scalar and constant array terms keep one addition each") {
  auto x = kt::vector("x");
  auto s = kt::scalar("s");
  auto c = kt::constant(kiln::Array{1.0, 2.0, 3.0, 4.0, 5.0}, "c");
  auto e = (x - s) * 2.0 - kt::exp(s) + c - 1.0 + s;
  check_same_values({x, s}, e);
  auto only_scalars = s + x - kt::cos(s);
  check_same_values({x, s}, only_scalars);
}
