// Types, variables, owners and their printing as the tutorial shows them.
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <sstream>

namespace kt = kiln::tensor;

template <class T>
std::string str(const T& v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

TEST_CASE("variables print their types and names") {
  auto x = kt::scalar("x");
  auto y = kt::vector("y");
  CHECK(str(x.type()) == "TensorType(float64, ())");
  CHECK(x.name() == "x");
  CHECK(str(y.type()) == "TensorType(float64, (None,))");
  CHECK(str(kt::matrix("m").type()) == "TensorType(float64, (None, None))");
  CHECK(str(kt::tensor("t", kiln::float32, {std::nullopt, 3}).type()) == "TensorType(float32, (None, 3))");
}

TEST_CASE("owner inputs op and outputs print as the seed") {
  auto x = kt::scalar("x");
  auto y = kt::vector("y");
  auto z = x + y;
  z.set_name("x + y");
  CHECK(str(z.type()) == "TensorType(float64, (None,))");
  CHECK(str(z.owner()) == "Elemwise{add,no_inplace}(InplaceDimShuffle{x}.0, y)");
  CHECK(str(z.owner()->inputs()) == "[InplaceDimShuffle{x}.0, y]");
  CHECK(str(z.owner()->op()) == "Elemwise{add,no_inplace}");
  CHECK(str(z.owner()->outputs()) == "[x + y]");
  auto ds = z.owner()->inputs()[0];
  CHECK(str(ds.type()) == "TensorType(float64, (1,))");
  CHECK(x.owner() == nullptr);
}

TEST_CASE("constants print as Aesara's TensorConstant") {
  CHECK(str(kiln::Var(1.0)) == "TensorConstant{1.0}");
  CHECK(str(kiln::Var(11)) == "TensorConstant{11}");
  CHECK(str(kiln::Var(-0.5)) == "TensorConstant{-0.5}");
  CHECK(str(kiln::Var(6.283185307179586)) == "TensorConstant{6.283185307179586}");
  CHECK(str(kiln::Var(kiln::Array{1.0, 2.0})) == "TensorConstant{[1. 2.]}");
  CHECK(str(kiln::Var(kiln::Array(std::vector<std::int64_t>{0, 0}))) == "TensorConstant{(2,) of 0}");
  CHECK(str(kiln::Var(kiln::Array(std::vector<std::int64_t>{}))) == "TensorConstant{[]}");
  CHECK(kiln::Var(2).dtype() == kiln::int8);
  CHECK(kiln::Var(1000).dtype() == kiln::int16);
}

TEST_CASE("a node keeps its graph alive") {
  kiln::Var w;
  {
    auto x = kt::scalar("x");
    w = kt::exp(x * 2.0);
  }
  auto mul_node = w.owner()->inputs()[0].owner();
  REQUIRE(mul_node);
  CHECK(mul_node->inputs()[0].name() == "x");
}

TEST_CASE("literals take the dtype of the variable beside them") {
  auto x = kt::scalar("x", kiln::float32);
  CHECK((x * 2.0).dtype() == kiln::float32);
  CHECK((x * 2).dtype() == kiln::float32);
  CHECK((2 * x).owner()->inputs()[0].dtype() == kiln::int8);
  auto i = kt::vector("i", kiln::int64);
  CHECK((i + 1).dtype() == kiln::int64);
  CHECK((i / 2).dtype() == kiln::float64);
  CHECK((i < 3).dtype() == kiln::bool_);
}

TEST_CASE("incompatible static shapes are a TypeError naming both types") {
  auto a = kt::tensor("a", kiln::float64, {2});
  auto b = kt::tensor("b", kiln::float64, {3});
  CHECK_THROWS_AS(a + b, kiln::TypeError);
  CHECK_THROWS_WITH(a + b, Catch::Contains("TensorType(float64, (2,))") && Catch::Contains("TensorType(float64, (3,))"));
  auto m = kt::tensor("m", kiln::float64, {4, 3});
  CHECK_NOTHROW(m + b);
  CHECK_THROWS_WITH(m + a, Catch::Contains("incompatible static shapes"));
}

TEST_CASE("bitwise ops reject floats with a TypeError") {
  auto x = kt::scalar("x");
  CHECK_THROWS_WITH(kt::and_(x, x), Catch::Contains("integer or bool") && Catch::Contains("float64"));
}

TEST_CASE("shared variables hold a value that set_value replaces") {
  auto s = kiln::shared(kiln::Array{1.0, 2.0}, "s");
  CHECK(str(s.type()) == "TensorType(float64, (None,))");
  kiln::set_value(s, kiln::Array{3.0, 4.0, 5.0});
  CHECK(kiln::get_value(s).size() == 3);
  CHECK_THROWS_WITH(kiln::set_value(s, kiln::Array(1.0)), Catch::Contains("set_value: s"));
  CHECK(kiln::get_value(s).size() == 3);
}
