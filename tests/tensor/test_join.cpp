// Join, MakeVector and stack: names, static shapes, values against hand-computed arrays,
// dtype upcasting, errors, and gradient rules (Join's gradient slices, constant or symbolic).
#include "tensor/join.hpp"

#include <kiln/tensor.hpp>

#include <catch2/catch.hpp>

#include "support/op_checks.hpp"

namespace kt = kiln::tensor;
using kiln::Array;
using namespace kiln::testing;

const Array kM{{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};

TEST_CASE("join and stack print Aesara's names") {
  auto a = kt::matrix("a");
  auto b = kt::matrix("b");
  CHECK(op_name(kt::join(0, {a, b})) == "Join{axis=0}");
  CHECK(op_name(kt::join(-1, {a, b})) == "Join{axis=1}");
  CHECK(op_name(kt::concatenate({a, b}, 1)) == "Join{axis=1}");
  auto p = kt::scalar("p", kiln::bool_);
  CHECK(op_name(kt::make_vector({p, p})) == "MakeVector{dtype='bool'}");
  CHECK(op_name(kt::make_vector({kiln::Var(1), kt::scalar("x")})) == "MakeVector{dtype='float64'}");
  CHECK(op_name(kt::stack({kt::scalar("x"), kt::scalar("y")})) == "MakeVector{dtype='float64'}");
  auto u = kt::vector("u");
  auto s0 = kt::stack({u, u});
  CHECK(op_name(s0) == "Join{axis=0}");
  CHECK(op_name(s0.owner()->inputs()[0]) == "InplaceDimShuffle{x,0}");
  CHECK(op_name(kt::stack({u, u}, 1).owner()->inputs()[0]) == "InplaceDimShuffle{0,x}");
}

TEST_CASE("join concatenates along the axis") {
  auto u = kt::vector("u");
  auto w = kt::vector("w");
  CHECK(values(kt::join(0, {u, w}), {{u, Array{1.0, 2.0}}, {w, Array{3.0}}}) == std::vector<double>{1, 2, 3});
  auto a = kt::matrix("a");
  auto b = kt::matrix("b");
  kiln::Givens g{{a, kM}, {b, Array{7.0, 8.0}.reshape({2, 1})}};
  auto cols = kt::join(1, {a, b});
  CHECK(cols.eval(g).shape() == kiln::Shape{2, 4});
  CHECK(values(cols, g) == std::vector<double>{1, 2, 3, 7, 4, 5, 6, 8});
  auto rows = kt::join(0, {a, kt::transpose(a)[kt::slice(0, 1)]});
  kiln::Givens square{{a, Array{{1.0, 2.0}, {3.0, 4.0}}}};
  CHECK(values(rows, square) == std::vector<double>{1, 2, 3, 4, 1, 3});
  CHECK(values(kt::join(0, {u, u, u}), {{u, Array{5.0}}}) == std::vector<double>{5, 5, 5});
  CHECK(kt::join(0, {u}) == u);  // one part is the part itself, as Aesara
}

TEST_CASE("join upcasts dtypes and propagates static shapes") {
  auto i = kt::vector("i", kiln::int32);
  auto f = kt::vector("f");
  auto j = kt::join(0, {i, f});
  CHECK(j.dtype() == kiln::float64);
  CHECK(values(j, {{i, Array(std::vector<std::int32_t>{1, 2})}, {f, Array{0.5}}}) == std::vector<double>{1, 2, 0.5});
  auto big = kt::vector("big", kiln::int64);
  auto small = kt::vector("small", kiln::int8);
  auto ints = kt::join(0, {big, small})
                  .eval({{big, Array(std::vector<std::int64_t>{9007199254740993})},
                         {small, Array(std::vector<std::int8_t>{-1})}});
  CHECK(ints.get_as_int(0) == 9007199254740993);  // to_vector goes through double
  CHECK(ints.get_as_int(1) == -1);
  auto a = kt::tensor("a", kiln::float64, {2, 3});
  auto b = kt::tensor("b", kiln::float64, {4, 3});
  auto c = kt::tensor("c", kiln::float64, {std::nullopt, std::nullopt});
  CHECK(kt::join(0, {a, b}).type().str() == "TensorType(float64, (6, 3))");
  CHECK(kt::join(0, {a, c}).type().str() == "TensorType(float64, (None, 3))");
  CHECK(kt::join(1, {c, a}).type().str() == "TensorType(float64, (2, None))");
}

TEST_CASE("stack adds an axis") {
  auto u = kt::vector("u");
  auto w = kt::vector("w");
  kiln::Givens g{{u, Array{1.0, 2.0}}, {w, Array{3.0, 4.0}}};
  auto s0 = kt::stack({u, w});
  CHECK(s0.eval(g).shape() == kiln::Shape{2, 2});
  CHECK(values(s0, g) == std::vector<double>{1, 2, 3, 4});
  CHECK(values(kt::stack({u, w}, 1), g) == std::vector<double>{1, 3, 2, 4});
  CHECK(values(kt::stack({u, w}, -1), g) == std::vector<double>{1, 3, 2, 4});
  CHECK(kt::stack({u, w, u}).type().str() == "TensorType(float64, (3, None))");
  auto x = kt::scalar("x");
  auto n = kt::scalar("n", kiln::int64);
  auto sv = kt::stack({x, n});
  CHECK(sv.type().str() == "TensorType(float64, (2,))");
  CHECK(values(sv, {{x, 0.5}, {n, Array(std::int64_t{3})}}) == std::vector<double>{0.5, 3});
  CHECK(kt::stack({u}).type().str() == "TensorType(float64, (1, None))");
}

TEST_CASE("make_vector builds a vector of scalars") {
  auto p = kt::scalar("p", kiln::bool_);
  auto q = kt::scalar("q", kiln::bool_);
  auto bv = kt::make_vector({p, q}).eval({{p, Array(true)}, {q, Array(false)}});
  CHECK(bv.dtype() == kiln::bool_);
  CHECK(bv.to_vector<int>() == std::vector<int>{1, 0});
  auto i = kt::scalar("i", kiln::int64);
  auto iv = kt::make_vector({i, kiln::Var(2)}).eval({{i, Array(std::int64_t{9007199254740993})}});
  CHECK(iv.dtype() == kiln::int64);
  CHECK(iv.get_as_int(0) == 9007199254740993);
  CHECK(iv.get_as_int(1) == 2);
  auto empty = kt::make_vector({});
  CHECK(empty.type().str() == "TensorType(int64, (0,))");
  CHECK(empty.eval().shape() == kiln::Shape{0});
}

TEST_CASE("joining errors name the types") {
  auto m = kt::matrix("m");
  auto v = kt::vector("v");
  CHECK_THROWS_AS(kt::join(0, {m, v}), kiln::TypeError);
  CHECK_THROWS_WITH(
      kt::join(0, {m, v}),
      Catch::Contains(
          "Join{axis=0}: inputs have different ndim: TensorType(float64, (None, None)), TensorType(float64, (None,))"));
  auto a = kt::tensor("a", kiln::float64, {2, 3});
  auto b = kt::tensor("b", kiln::float64, {2, 4});
  CHECK_THROWS_WITH(kt::join(0, {a, b}),
                    Catch::Contains("Join{axis=0}: shapes differ off the join axis: TensorType(float64, (2, 3)) and "
                                    "TensorType(float64, (2, 4))"));
  CHECK_THROWS_WITH(kt::join(2, {m, m}),
                    Catch::Contains("join: axis 2 is out of range for TensorType(float64, (None, None))"));
  auto x = kt::scalar("x");
  CHECK_THROWS_WITH(kt::join(0, {x, x}), Catch::Contains("join: axis 0 is out of range for TensorType(float64, ())"));
  CHECK_THROWS_WITH(kt::join(0, {}), Catch::Contains("join: needs at least one tensor"));
  auto n = kt::matrix("n");
  auto j = kt::join(0, {m, n});
  kiln::Givens bad{{m, kM}, {n, Array{{1.0, 2.0}}}};
  CHECK_THROWS_AS(j.eval(bad), kiln::ValueError);
  CHECK_THROWS_WITH(
      j.eval(bad),
      Catch::Contains("Join{axis=0}: all dimensions except the join axis must match: shapes (2, 3) and (1, 2)"));
  CHECK_THROWS_WITH(
      kt::make_vector({v}),
      Catch::Contains("MakeVector{dtype='float64'}: input 0 is not a scalar: TensorType(float64, (None,))"));
  auto narrow = std::make_shared<kt::MakeVector>(kiln::int8);
  CHECK_THROWS_WITH(kiln::apply_op(narrow, {x}),
                    Catch::Contains("MakeVector{dtype='int8'}: cannot hold input 0 of TensorType(float64, ())"));
  CHECK_THROWS_WITH(kt::stack({m, v}), Catch::Contains("stack: parts have different ndim"));
  CHECK_THROWS_WITH(kt::stack({v, v}, 2), Catch::Contains("stack: axis 2 is out of range"));
}

TEST_CASE("join gradient slices the output gradient") {
  auto a = kt::tensor("a", kiln::float64, {2, 3});
  auto b = kt::tensor("b", kiln::float64, {1, 3});
  auto rules = check_grad_rules(kt::join(0, {a, b}), {{a, kM}, {b, Array{{7.0, 8.0, 9.0}}}});
  CHECK(op_name(rules[0]) == "Subtensor{0:2}");
  CHECK(op_name(rules[1]) == "Subtensor{2:3}");
  // Lengths known only at run time slice at sums of Shape entries.
  auto m = kt::matrix("m");
  auto n = kt::matrix("n");
  auto dyn = check_grad_rules(kt::join(1, {m, n}), {{m, kM}, {n, Array{7.0, 8.0}.reshape({2, 1})}});
  CHECK(op_name(dyn[0]) == "Subtensor{:, 0:int64}");
  CHECK(op_name(dyn[1]) == "Subtensor{:, int64:int64}");
  auto i = kt::vector("i", kiln::int64);
  auto u = kt::vector("u");
  auto mixed = kt::join(0, {u, i});
  auto mixed_rules = mixed.owner()->op().grad(*mixed.owner(), {kt::constant(Array{1.0, 2.0, 3.0})});
  CHECK(values(mixed_rules[0], {{u, Array{1.0, 2.0}}}) == std::vector<double>{1, 2});
  CHECK_FALSE(mixed_rules[1]);
}

TEST_CASE("make_vector gradient picks each entry") {
  auto x = kt::scalar("x");
  auto y = kt::scalar("y");
  check_grad_rules(kt::make_vector({x, y}), {{x, 1.5}, {y, -2.0}});
  auto f = kt::scalar("f", kiln::float32);
  auto n = kt::scalar("n", kiln::int64);
  auto mv = kt::make_vector({f, n});
  auto rules = mv.owner()->op().grad(*mv.owner(), {kt::constant(Array{1.0, 2.0})});
  CHECK(rules[0].dtype() == kiln::float32);
  CHECK(rules[0].eval().item<double>() == 1.0);
  CHECK_FALSE(rules[1]);
}
