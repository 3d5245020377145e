// FunctionGraph: cloning, clients, replace with type checks, pruning, listeners.
#include "rewrite/function_graph.hpp"

#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

namespace kt = kiln::tensor;

TEST_CASE("a FunctionGraph clones and never changes the caller's graph") {
  auto x = kt::scalar("x");
  auto y = kt::vector("y");
  auto w = kt::log(x + y);
  kiln::FunctionGraph fg({x, y}, {w});
  CHECK(fg.outputs()[0] != w);
  CHECK(fg.inputs()[0] == x);
  CHECK(fg.num_nodes() == 3);
  std::string before = kiln::debug_string(w);
  auto add = fg.outputs()[0].owner()->inputs()[0];
  fg.replace(add, kt::exp(add) * 0.0 + y);
  CHECK(kiln::debug_string(w) == before);
}

TEST_CASE("clients are tracked and replace rewires them") {
  auto x = kt::vector("x");
  auto a = kt::exp(x);
  auto out1 = a + 1.0;
  auto out2 = a * 2.0;
  kiln::FunctionGraph fg({x}, {out1, out2});
  auto fa = fg.outputs()[0].owner()->inputs()[0];
  CHECK(fg.clients(fa).size() == 2);
  auto replacement = kt::log(x);
  fg.replace(fa, replacement, "test");
  CHECK(fg.clients(fa).empty());
  CHECK(fg.clients(replacement).size() == 2);
  CHECK(!fg.contains(fa.owner().get()));
}

TEST_CASE("replace rejects a less specific type and names both") {
  auto x = kt::vector("x");
  auto w = kt::exp(x);
  kiln::FunctionGraph fg({x}, {w});
  auto m = kt::matrix("m");
  CHECK_THROWS_AS(fg.replace(fg.outputs()[0], m), kiln::TypeError);
  CHECK_THROWS_WITH(fg.replace(fg.outputs()[0], m, "my_rewrite"),
                    Catch::Contains("my_rewrite") && Catch::Contains("TensorType(float64, (None, None))"));
  CHECK(fg.num_nodes() == 1);
}

TEST_CASE("pruning removes nodes nobody reads") {
  auto x = kt::vector("x");
  auto w = kt::log(kt::exp(kt::sin(x)));
  kiln::FunctionGraph fg({x}, {w});
  CHECK(fg.num_nodes() == 3);
  fg.replace(fg.outputs()[0], kt::cos(x));
  CHECK(fg.num_nodes() == 1);
}

TEST_CASE("listeners see imports prunes and changes") {
  struct Recorder : kiln::FunctionGraph::Listener {
    int imports = 0, prunes = 0, changes = 0;
    void on_import(kiln::FunctionGraph&, kiln::Apply&) override { ++imports; }
    void on_prune(kiln::FunctionGraph&, kiln::Apply&) override { ++prunes; }
    void on_change_input(kiln::FunctionGraph&, const kiln::Client&, const kiln::Var&, const kiln::Var&,
                         const std::string&) override {
      ++changes;
    }
  } rec;
  auto x = kt::vector("x");
  kiln::FunctionGraph fg({x}, {kt::exp(kt::sin(x))});
  fg.add_listener(&rec);
  auto s = fg.outputs()[0].owner()->inputs()[0];
  fg.replace(s, kt::cos(x));
  CHECK(rec.imports == 1);
  CHECK(rec.prunes == 1);
  CHECK(rec.changes == 1);
}
