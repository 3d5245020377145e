// Broadcasting: DimShuffle insertion, static shape rules, run-time shape errors.
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

namespace kt = kiln::tensor;

TEST_CASE("lower-ndim operands get a DimShuffle") {
  auto x = kt::scalar("x");
  auto m = kt::matrix("m");
  auto e = m * x;
  CHECK(e.owner()->inputs()[1].owner()->op().name() == "InplaceDimShuffle{x,x}");
  auto r = e.eval({{m, kiln::Array{{1.0, 2.0}, {3.0, 4.0}}}, {x, 2.0}});
  CHECK(r.to_vector<double>() == std::vector<double>{2, 4, 6, 8});
}

TEST_CASE("vector against matrix broadcasts along rows") {
  auto v = kt::vector("v");
  auto m = kt::matrix("m");
  auto r = (m + v).eval({{m, kiln::Array{{1.0, 2.0}, {3.0, 4.0}}}, {v, kiln::Array{10.0, 20.0}}});
  CHECK(r.shape() == kiln::Shape{2, 2});
  CHECK(r.to_vector<double>() == std::vector<double>{11, 22, 13, 24});
}

TEST_CASE("column against row gives the outer shape") {
  auto c = kt::tensor("c", kiln::float64, {std::nullopt, 1});
  auto r = kt::tensor("r", kiln::float64, {1, std::nullopt});
  auto e = c * r;
  CHECK(e.type().str() == "TensorType(float64, (None, None))");
  auto v = e.eval({{c, kiln::Array{1.0, 2.0}.reshape({2, 1})}, {r, kiln::Array{1.0, 10.0, 100.0}.reshape({1, 3})}});
  CHECK(v.shape() == kiln::Shape{2, 3});
  CHECK(v.to_vector<double>() == std::vector<double>{1, 10, 100, 2, 20, 200});
}

TEST_CASE("static shapes propagate") {
  auto a = kt::tensor("a", kiln::float64, {3});
  auto b = kt::vector("b");
  CHECK((a + b).type().str() == "TensorType(float64, (3,))");
  auto one = kt::tensor("one", kiln::float64, {1});
  CHECK((one + one).type().str() == "TensorType(float64, (1,))");
}

TEST_CASE("run-time shape mismatch is a ValueError") {
  auto a = kt::vector("a");
  auto b = kt::vector("b");
  CHECK_THROWS_AS((a + b).eval({{a, kiln::Array{1.0, 2.0}}, {b, kiln::Array{1.0, 2.0, 3.0}}}), kiln::ValueError);
  CHECK_THROWS_WITH((a + b).eval({{a, kiln::Array{1.0, 2.0}}, {b, kiln::Array{1.0, 2.0, 3.0}}}),
                    Catch::Contains("(2,) and (3,)"));
}

TEST_CASE("DimShuffle transposes and rejects dropping a long axis") {
  auto m = kt::matrix("m");
  auto t = kt::transpose(m);
  CHECK(t.owner()->op().name() == "InplaceDimShuffle{1,0}");
  auto r = t.eval({{m, kiln::Array{{1.0, 2.0}, {3.0, 4.0}}}});
  CHECK(r.to_vector<double>() == std::vector<double>{1, 3, 2, 4});
  CHECK_THROWS_AS(kt::dimshuffle(m, {0}), kiln::TypeError);
  CHECK_THROWS_WITH(kt::dimshuffle(m, {0}), Catch::Contains("cannot drop axis 1"));
}
