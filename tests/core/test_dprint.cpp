// dprint must match the tutorial's trees byte for byte (reference/seed/*.txt).
#include "support/reference_files.hpp"

#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

namespace kt = kiln::tensor;
using kiln::testing::read_reference;

TEST_CASE("dprint of log(x + y) matches the seed") {
  auto x = kt::scalar("x");
  auto y = kt::vector("y");
  auto z = x + y;
  z.set_name("x + y");
  auto w = kt::log(z);
  w.set_name("log(x + y)");
  CHECK(kiln::debug_string(w) == read_reference("reference/seed/01_log_x_plus_y.txt"));
}

TEST_CASE("dprint of a / b and b * (a / b) match the seed") {
  auto a = kt::scalar("a");
  auto b = kt::scalar("b");
  auto c = a / b;
  c.set_name("a / b");
  CHECK(kiln::debug_string(c) == read_reference("reference/seed/02_a_div_b.txt"));
  auto d = b * c;
  d.set_name("b * c");
  CHECK(kiln::debug_string(d) == read_reference("reference/seed/03_b_mul_c.txt"));
}

TEST_CASE("dprint of clone_replace into log(exp(x + y)) matches the seed") {
  auto x = kt::scalar("x");
  auto y = kt::vector("y");
  auto z = x + y;
  z.set_name("x + y");
  auto w = kt::log(z);
  w.set_name("log(x + y)");
  auto parent = w.owner()->inputs()[0];
  auto new_parent = kt::exp(parent);
  new_parent.set_name("exp(x + y)");
  std::string before = kiln::debug_string(w);
  auto new_w = kiln::clone_replace({w}, {{parent, new_parent}})[0];
  new_w.set_name("log(exp(x + y))");
  CHECK(kiln::debug_string(new_w) == read_reference("reference/seed/05_log_exp_x_plus_y.txt"));
  CHECK(kiln::debug_string(w) == before);
}

TEST_CASE("dprint gives ids past Z as BA BB") {
  auto v = kt::scalar("v0");
  for (int i = 1; i < 30; ++i) v = v + kt::scalar("v" + std::to_string(i));
  std::string s = kiln::debug_string(v);
  CHECK(s.find("[id BA]") != std::string::npos);
  CHECK(s.find("[id Z]") != std::string::npos);
}

TEST_CASE("dprint with an execution order appends positions") {
  auto x = kt::scalar("x");
  auto y = kt::vector("y");
  auto z = x + y;
  z.set_name("x + y");
  std::unordered_map<const kiln::Apply*, int> order;
  order[z.owner().get()] = 1;
  order[z.owner()->inputs()[0].owner().get()] = 0;
  std::ostringstream os;
  kiln::dprint_with_order({z}, order, os);
  CHECK(os.str() == read_reference("reference/seed/06_compiled_log_exp.txt"));
}

TEST_CASE("to_dot exports a Graphviz digraph") {
  auto x = kt::scalar("x");
  auto y = kt::vector("y");
  auto w = kt::log(x + y);
  std::string dot = kiln::to_dot({w});
  CHECK(dot.rfind("digraph", 0) == 0);
  CHECK(dot.find("Elemwise{log,no_inplace}") != std::string::npos);
  CHECK(dot.find("InplaceDimShuffle{x}") != std::string::npos);
  CHECK(dot.find("shape=box") != std::string::npos);
}
