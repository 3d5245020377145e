// Fusion: chains of Elemwise become one Composite; shared intermediates and broadcast
// subexpressions stay outside; values are unchanged.
#include "rewrite_check.hpp"

namespace kt = kiln::tensor;
using kiln::testing::check_same_values;
using kiln::testing::rewritten;

namespace {

int composites(const std::vector<kiln::Var>& outs) {
  int n = 0;
  for (const auto& node : kiln::toposort(outs))
    if (node->op().name().rfind("Composite", 0) == 0) ++n;
  return n;
}

}  // namespace

TEST_CASE("a chain of elemwise ops becomes one Composite") {
  auto x = kt::vector("x"), y = kt::vector("y");
  auto e = kt::exp(x * y + kt::sin(x)) / (1.0 + kt::cos(y));
  auto r = rewritten({x, y}, {e});
  CHECK(composites(r) == 1);
  CHECK(kiln::toposort(r).size() <= 3);
  check_same_values({x, y}, e);
}

TEST_CASE("a lone elemwise op is not wrapped") {
  auto x = kt::vector("x");
  auto r = rewritten({x}, {kt::exp(x)});
  CHECK(r[0].owner()->op().name() == "Elemwise{exp,no_inplace}");
}

TEST_CASE("an intermediate read outside the group is not recomputed") {
  auto x = kt::vector("x");
  auto shared = kt::exp(kt::sin(x));
  auto r = rewritten({x}, {shared * 2.0 + 1.0, shared});
  auto nodes = kiln::toposort(r);
  int exps = 0;
  for (const auto& n : nodes) exps += static_cast<int>(n->op().name().find("exp") != std::string::npos);
  CHECK(exps == 1);
  check_same_values({x}, shared * 2.0 + 1.0);
}

TEST_CASE("a scalar subexpression stays outside the vector loop") {
  auto s = kt::scalar("s");
  auto v = kt::vector("v");
  auto e = kt::exp(v) * kt::log(kt::sqr(s) + 1.0);
  auto r = rewritten({s, v}, {e});
  CHECK(composites(r) == 2);
  check_same_values({s, v}, e);
}

TEST_CASE("the normal log-density fuses into one loop") {
  auto y = kt::vector("y");
  auto mu = kt::scalar("mu");
  auto sigma = kt::scalar("sigma");
  auto z = (y - mu) / sigma;
  auto logp = -0.5 * z * z - kt::log(sigma) - 0.5 * std::log(2 * M_PI);
  auto r = rewritten({y, mu, sigma}, {logp});
  int vector_composites = 0;
  for (const auto& n : kiln::toposort(r))
    if (n->op().name().rfind("Composite", 0) == 0 && n->output(0).ndim() == 1) ++vector_composites;
  CHECK(vector_composites == 1);
  check_same_values({y, mu, sigma}, logp, 0.5, 2.0);
}

TEST_CASE("a sum of a fused expression becomes one reducing Composite") {
  auto y = kt::vector("y");
  auto mu = kt::scalar("mu");
  auto e = kt::sum(kt::sqr(y - mu) * kt::exp(y));
  auto r = rewritten({y, mu}, {e});
  CHECK(r[0].owner()->op().name().rfind("Sum{Composite{", 0) == 0);
  check_same_values({y, mu}, e);
  auto m = kt::matrix("m");
  auto per_row = kt::sum(kt::exp(m) + 1.0, 1);
  auto rr = rewritten({m}, {per_row});
  CHECK(rr[0].owner()->op().name().rfind("Sum{axis=[1]}{Composite{", 0) == 0);
  check_same_values({m}, per_row);
  check_same_values({m}, kt::max(kt::exp(m) * 2.0, std::vector<int>{0}));
}

TEST_CASE("a reduced intermediate read elsewhere is not fused into the reduction") {
  auto y = kt::vector("y");
  auto e = kt::exp(y) * y;
  auto r = rewritten({y}, {kt::sum(e), e});
  CHECK(r[0].owner()->op().name().rfind("Sum{acc_dtype", 0) == 0);
}

TEST_CASE("a gradient's fill takes its shape from an input so the forward term fuses into its sum") {
  auto y = kt::vector("y");
  auto mu = kt::scalar("mu");
  auto logp = kt::sum(-0.5 * kt::sqr(y - mu));
  auto g = kiln::grad(logp, mu);
  auto r = rewritten({y, mu}, {logp, g});
  // Every vector-sized computation is inside a reducing Composite: nothing of length N is stored.
  for (const auto& node : kiln::toposort(r)) {
    if (node->output(0).ndim() == 1) CHECK(node->op().name().rfind("Composite", 0) != 0);
  }
  check_same_values({y, mu}, g);
}

TEST_CASE("MakeVector is seen through by Subtensor and Sum") {
  auto a = kt::scalar("a"), b = kt::scalar("b");
  auto v = kt::make_vector({kt::exp(a), kt::log(b)});
  auto r = rewritten({a, b}, {v[1], kt::sum(v)});
  CHECK(kiln::debug_string(r).find("MakeVector") == std::string::npos);
  check_same_values({a, b}, v[1], 0.5, 2.0);
  check_same_values({a, b}, kt::sum(v), 0.5, 2.0);
}

TEST_CASE("a cheap intermediate read by several loops is recomputed in each rather than stored") {
  auto y = kt::vector("y");
  auto mu = kt::scalar("mu");
  auto r = y - mu;
  auto outs = rewritten({y, mu}, {kt::sum(kt::sqr(r)), kt::sum(kt::exp(r))});
  for (const auto& node : kiln::toposort(outs))
    if (node->output(0).ndim() == 1) CHECK(node->op().name() == "InplaceDimShuffle{x}");
  check_same_values({y, mu}, kt::sum(kt::sqr(r)) + kt::sum(kt::exp(r)));
}
