// graph_inputs, ancestors, toposort and clone_replace.
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <sstream>

namespace kt = kiln::tensor;

TEST_CASE("graph_inputs lists the roots in first-visit order") {
  auto x = kt::scalar("x");
  auto y = kt::vector("y");
  auto w = kt::log(x + y);
  std::ostringstream os;
  os << kiln::graph_inputs({w});
  CHECK(os.str() == "[x, y]");
}

TEST_CASE("toposort puts every node after its inputs' owners") {
  auto x = kt::scalar("x");
  auto y = kt::vector("y");
  auto a = kt::exp(x + y);
  auto b = kt::log(x + y) * a;
  auto nodes = kiln::toposort({b});
  std::unordered_map<const kiln::Apply*, std::size_t> pos;
  for (std::size_t i = 0; i < nodes.size(); ++i) pos[nodes[i].get()] = i;
  for (const auto& n : nodes)
    for (const auto& in : n->inputs())
      if (in.owner()) CHECK(pos.at(in.owner().get()) < pos.at(n.get()));
  CHECK(nodes.back() == b.owner());
}

TEST_CASE("toposort handles deep graphs without recursion") {
  auto x = kt::scalar("x");
  kiln::Var v = x;
  for (int i = 0; i < 20000; ++i) v = v + 1.0;
  CHECK(kiln::toposort({v}).size() == 20000);
  CHECK(kiln::ancestors({v}).size() == 40001);
}

TEST_CASE("ancestors stop at blockers") {
  auto x = kt::scalar("x");
  auto y = kt::vector("y");
  auto z = x + y;
  auto w = kt::log(z);
  auto all = kiln::ancestors({w}, {z});
  CHECK(all.size() == 2);
}

TEST_CASE("clone_replace leaves the original graph unchanged") {
  auto x = kt::scalar("x");
  auto y = kt::vector("y");
  auto z = x + y;
  auto w = kt::log(z);
  auto before = kiln::debug_string(w);
  auto w2 = kiln::clone_replace({w}, {{z, kt::exp(z)}})[0];
  CHECK(kiln::debug_string(w) == before);
  CHECK(w2.owner()->inputs()[0].owner()->op().name() == "Elemwise{exp,no_inplace}");
  auto r = w2.eval({{x, 0.0}, {y, kiln::Array{1.0, 2.0}}}).to_vector<double>();
  CHECK(r[0] == Approx(1.0));
  CHECK(r[1] == Approx(2.0));
}

TEST_CASE("clone_replace rejects a replacement of another type") {
  auto x = kt::scalar("x");
  auto y = kt::vector("y");
  auto w = kt::log(x + y);
  CHECK_THROWS_AS(kiln::clone_replace({w}, {{x, y}}), kiln::TypeError);
  CHECK_THROWS_WITH(kiln::clone_replace({w}, {{x, y}}),
                    Catch::Contains("TensorType(float64, ())") && Catch::Contains("TensorType(float64, (None,))"));
}
