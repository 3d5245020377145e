// The dprint of the seed's two compiled functions, byte for byte.
#include "support/reference_files.hpp"

#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <sstream>

namespace kt = kiln::tensor;
using kiln::testing::read_reference;

TEST_CASE("compiled b * (a / b) is a DeepCopyOp of a") {
  auto a = kt::scalar("a");
  auto b = kt::scalar("b");
  auto c = a / b;
  c.set_name("a / b");
  auto d = b * c;
  d.set_name("b * c");
  auto g = kiln::function({a, b}, d);
  std::ostringstream os;
  kiln::dprint(g, os);
  CHECK(os.str() == read_reference("reference/seed/04_compiled_b_mul_c.txt"));
  CHECK(kiln::Array(g(3.0, 7.0)).item<double>() == 3.0);
}

TEST_CASE("compiled log(exp(x + y)) is x + y") {
  auto x = kt::scalar("x");
  auto y = kt::vector("y");
  auto z = x + y;
  z.set_name("x + y");
  auto w = kt::log(kt::exp(z));
  w.set_name("log(exp(x + y))");
  auto f = kiln::function({x, y}, w);
  std::ostringstream os;
  kiln::dprint(f, os);
  CHECK(os.str() == read_reference("reference/seed/06_compiled_log_exp.txt"));
  CHECK(kiln::repr(f(0.0, kiln::Array{1.0, M_E})) == "array([1.        , 2.71828183])");
}
