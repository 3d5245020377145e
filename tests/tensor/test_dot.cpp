// dot: every operand layout, BLAS (float64, float32) and loop (integer, bool) paths against
// hand-computed products, static and run-time shape errors, and the gradient rule.
#include "tensor/dot.hpp"

#include <kiln/tensor.hpp>

#include <catch2/catch.hpp>

#include "support/op_checks.hpp"

namespace kt = kiln::tensor;
using kiln::Array;
using namespace kiln::testing;

const Array kA{{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};    // (2, 3)
const Array kB{{1.0, 0.0}, {0.0, 1.0}, {1.0, 1.0}};  // (3, 2)

TEST_CASE("dot prints its name and propagates static shapes") {
  auto a = kt::tensor("a", kiln::float64, {2, 3});
  auto b = kt::tensor("b", kiln::float64, {3, std::nullopt});
  auto v = kt::vector("v");
  CHECK(kt::dot(a, b).owner()->op().name() == "dot");
  CHECK(kt::dot(a, b).type().str() == "TensorType(float64, (2, None))");
  CHECK(kt::dot(a, v).type().str() == "TensorType(float64, (2,))");
  CHECK(kt::dot(v, b).type().str() == "TensorType(float64, (None,))");
  CHECK(kt::dot(v, v).type().str() == "TensorType(float64, ())");
  CHECK(kt::dot(kt::vector("f", kiln::float32), kt::vector("g", kiln::float32)).dtype() == kiln::float32);
  CHECK(kt::dot(kt::vector("f", kiln::float32), v).dtype() == kiln::float64);
  CHECK(kt::dot(kt::vector("i", kiln::int32), kt::vector("j", kiln::int64)).dtype() == kiln::int64);
}

TEST_CASE("dot of vectors and matrices in float64") {
  auto m = kt::matrix("m");
  auto n = kt::matrix("n");
  auto v = kt::vector("v");
  auto w = kt::vector("w");
  kiln::Givens g{{m, kA}, {n, kB}, {v, Array{1.0, 0.0, -1.0}}, {w, Array{1.0, 2.0}}};
  CHECK(values(kt::dot(v, v), g) == std::vector<double>{2});
  CHECK(values(kt::dot(m, v), g) == std::vector<double>{-2, -2});
  CHECK(values(kt::dot(w, m), g) == std::vector<double>{9, 12, 15});
  CHECK(values(kt::dot(m, n), g) == std::vector<double>{4, 5, 10, 11});
  CHECK(kt::dot(m, n).eval(g).shape() == kiln::Shape{2, 2});
  CHECK(values(kt::dot(n, m), g) == std::vector<double>{1, 2, 3, 4, 5, 6, 5, 7, 9});
  // A transposed operand is a strided view: it is made contiguous before BLAS.
  CHECK(values(kt::dot(kt::transpose(m), w), g) == std::vector<double>{9, 12, 15});
  CHECK(values(kt::dot(kt::transpose(n), kt::transpose(m)), g) == std::vector<double>{4, 10, 5, 11});
}

TEST_CASE("dot in float32 uses the single-precision BLAS") {
  auto m = kt::matrix("m", kiln::float32);
  auto n = kt::matrix("n", kiln::float32);
  auto v = kt::vector("v", kiln::float32);
  kiln::Givens g{
      {m, kA.astype(kiln::float32)}, {n, kB.astype(kiln::float32)}, {v, Array{1.0, 0.0, -1.0}.astype(kiln::float32)}};
  auto mm = kt::dot(m, n).eval(g);
  CHECK(mm.dtype() == kiln::float32);
  CHECK(mm.to_vector<double>() == std::vector<double>{4, 5, 10, 11});
  CHECK(values(kt::dot(m, v), g) == std::vector<double>{-2, -2});
  CHECK(values(kt::dot(v, n), g) == std::vector<double>{0, -1});
  CHECK(values(kt::dot(v, v), g) == std::vector<double>{2});
}

TEST_CASE("dot of integers and bools is exact") {
  auto a = kt::matrix("a", kiln::int64);
  auto b = kt::vector("b", kiln::int64);
  Array av = kA.astype(kiln::int64);
  Array bv(std::vector<std::int64_t>{3000000000, 1, 1});
  auto r = kt::dot(a, bv.astype(kiln::int64)).eval({{a, av}});
  CHECK(r.dtype() == kiln::int64);
  CHECK(r.to_vector<std::int64_t>() == std::vector<std::int64_t>{3000000005, 12000000011});
  CHECK(kt::dot(b, b).eval({{b, bv}}).get_as_int(0) == 9000000000000000002);
  auto p = kt::vector("p", kiln::bool_);
  auto q = kt::vector("q", kiln::bool_);
  Array t = Array::zeros(kiln::bool_, {2}), f = Array::zeros(kiln::bool_, {2});
  t.set_from_int(0, 1);
  auto pq = kt::dot(p, q);
  CHECK(pq.dtype() == kiln::bool_);
  CHECK(pq.eval({{p, t}, {q, t}}).get_as_int(0) == 1);
  CHECK(pq.eval({{p, t}, {q, f}}).get_as_int(0) == 0);
}

TEST_CASE("dot with a scalar is a product and empty inner dims give zeros") {
  auto x = kt::scalar("x");
  auto v = kt::vector("v");
  auto d = kt::dot(x, v);
  CHECK(d.owner()->op().name() == "Elemwise{mul,no_inplace}");
  CHECK(values(d, {{x, 2.0}, {v, Array{1.0, 3.0}}}) == std::vector<double>{2, 6});
  auto m = kt::matrix("m");
  auto n = kt::matrix("n");
  auto r = kt::dot(m, n).eval({{m, Array::zeros(kiln::float64, {2, 0})}, {n, Array::zeros(kiln::float64, {0, 3})}});
  CHECK(r.shape() == kiln::Shape{2, 3});
  CHECK(r.to_vector<double>() == std::vector<double>(6, 0.0));
}

TEST_CASE("dot shape errors name both operands") {
  auto a = kt::tensor("a", kiln::float64, {2, 3});
  auto b = kt::tensor("b", kiln::float64, {4});
  CHECK_THROWS_AS(kt::dot(a, b), kiln::TypeError);
  CHECK_THROWS_WITH(
      kt::dot(a, b),
      Catch::Contains("dot: inner dimensions differ: TensorType(float64, (2, 3)) and TensorType(float64, (4,))"));
  auto t3 = kt::tensor("t3", kiln::float64, {std::nullopt, std::nullopt, std::nullopt});
  CHECK_THROWS_WITH(kt::dot(t3, b),
                    Catch::Contains("dot: needs vectors or matrices, got TensorType(float64, (None, None, None))"));
  auto m = kt::matrix("m");
  auto v = kt::vector("v");
  auto mv = kt::dot(m, v);
  kiln::Givens bad{{m, kA}, {v, Array{1.0, 2.0, 3.0, 4.0}}};
  CHECK_THROWS_AS(mv.eval(bad), kiln::ValueError);
  CHECK_THROWS_WITH(mv.eval(bad), Catch::Contains("dot: shapes (2, 3) and (4,) not aligned: 3 (dim 1) != 4 (dim 0)"));
}

TEST_CASE("dot gradients match finite differences") {
  auto m = kt::matrix("m");
  auto n = kt::matrix("n");
  auto v = kt::vector("v");
  auto w = kt::vector("w");
  check_grad_rules(kt::dot(v, w), {{v, Array{1.0, 2.0, -3.0}}, {w, Array{0.5, -1.0, 2.0}}});
  check_grad_rules(kt::dot(m, v), {{m, kA}, {v, Array{1.0, 2.0, -3.0}}});
  check_grad_rules(kt::dot(w, m), {{w, Array{0.5, -1.0}}, {m, kA}});
  check_grad_rules(kt::dot(m, n), {{m, kA}, {n, kB}});
  auto i = kt::vector("i", kiln::int64);
  auto mi = kt::dot(m, i);
  auto rules = mi.owner()->op().grad(*mi.owner(), {kt::constant(Array{1.0, 1.0})});
  CHECK(rules[0]);
  CHECK_FALSE(rules[1]);
}

TEST_CASE("dot with transposed operands passes them to BLAS without a copy and agrees") {
  auto m = kt::matrix("m");
  auto v = kt::vector("v");
  auto n = kt::matrix("n");
  kiln::Array mv{{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};
  kiln::Array nv{{1.0, -1.0}, {0.5, 2.0}, {3.0, 0.0}};
  CHECK(kt::dot(kt::transpose(m), v).eval({{m, mv}, {v, kiln::Array{1.0, 2.0}}}).to_vector<double>() ==
        std::vector<double>{9.0, 12.0, 15.0});
  CHECK(kt::dot(v, kt::transpose(n)).eval({{n, nv}, {v, kiln::Array{1.0, 2.0}}}).to_vector<double>() ==
        std::vector<double>{-1.0, 4.5, 3.0});
  CHECK(kt::dot(kt::transpose(m), kt::transpose(n)).eval({{m, mv}, {n, nv}}).to_vector<double>() ==
        std::vector<double>{-3.0, 8.5, 3.0, -3.0, 11.0, 6.0, -3.0, 13.5, 9.0});
}
