// Shape, Reshape, Alloc, SpecifyShape: names, static shapes, values against hand-computed
// arrays, error messages at build and run time, and gradient rules.
#include "tensor/join.hpp"
#include "tensor/shape_ops.hpp"

#include <kiln/tensor.hpp>

#include <catch2/catch.hpp>

#include "support/op_checks.hpp"

namespace kt = kiln::tensor;
using kiln::Array;
using namespace kiln::testing;

namespace {

const Array kM{{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};

kiln::Var int64_scalar(const char* name) { return kt::scalar(name, kiln::int64); }

}  // namespace

TEST_CASE("Shape gives an int64 vector of the dims") {
  auto m = kt::matrix("m");
  auto s = kt::shape(m);
  CHECK(op_name(s) == "Shape");
  CHECK(s.type().str() == "TensorType(int64, (2,))");
  auto r = s.eval({{m, kM}});
  CHECK(r.dtype() == kiln::int64);
  CHECK(r.to_vector<std::int64_t>() == std::vector<std::int64_t>{2, 3});
  auto x = kt::scalar("x");
  CHECK(kt::shape(x).eval({{x, 1.0}}).size() == 0);
  CHECK_FALSE(s.owner()->op().grad(*s.owner(), {kt::constant(Array{1.0, 1.0})})[0]);
}

TEST_CASE("reshape with constant shapes and one inferred dim") {
  auto m = kt::matrix("m");
  auto r = kt::reshape(m, std::vector<std::int64_t>{3, 2});
  CHECK(op_name(r) == "Reshape{2}");
  CHECK(r.type().str() == "TensorType(float64, (3, 2))");
  auto v = r.eval({{m, kM}});
  CHECK(v.shape() == kiln::Shape{3, 2});
  CHECK(v.to_vector<double>() == std::vector<double>{1, 2, 3, 4, 5, 6});
  auto flat = kt::reshape(m, std::vector<std::int64_t>{-1});
  CHECK(op_name(flat) == "Reshape{1}");
  CHECK(flat.type().str() == "TensorType(float64, (None,))");
  CHECK(flat.eval({{m, kM}}).shape() == kiln::Shape{6});
  auto known = kt::tensor("k", kiln::float64, {2, 3});
  CHECK(kt::reshape(known, std::vector<std::int64_t>{-1, 2}).type().str() == "TensorType(float64, (3, 2))");
  CHECK(kt::flatten(known).type().str() == "TensorType(float64, (6,))");
  CHECK(values(kt::flatten(kt::transpose(known)), {{known, kM}}) == std::vector<double>{1, 4, 2, 5, 3, 6});
  auto col = kt::reshape(kt::vector("c"), std::vector<std::int64_t>{-1, 1});
  CHECK(col.type().str() == "TensorType(float64, (None, 1))");
  // The shape of an Array, and a braced list, as the shape.
  auto like = kt::reshape(kt::vector("v"), kM.shape());
  CHECK(like.type().str() == "TensorType(float64, (2, 3))");
  CHECK(kt::reshape(m, {3, 2}).type().str() == "TensorType(float64, (3, 2))");
}

TEST_CASE("reshape with a symbolic shape") {
  auto m = kt::matrix("m");
  auto shp = kt::tensor("shp", kiln::int64, {2});
  auto r = kt::reshape(m, shp);
  CHECK(r.type().str() == "TensorType(float64, (None, None))");
  auto v = r.eval({{m, kM}, {shp, Array(std::vector<std::int64_t>{6, -1})}});
  CHECK(v.shape() == kiln::Shape{6, 1});
  // Constant entries of a MakeVector are known statically.
  auto n = int64_scalar("n");
  auto r2 = kt::reshape(m, kt::make_vector({kiln::Var(std::int64_t{3}), n}));
  CHECK(r2.type().str() == "TensorType(float64, (3, None))");
  CHECK(r2.eval({{m, kM}, {n, Array(std::int64_t{2})}}).shape() == kiln::Shape{3, 2});
  // So is the Shape of a statically shaped tensor.
  auto known = kt::tensor("k", kiln::float64, {2, 3});
  CHECK(kt::reshape(m, kt::shape(known)).type().str() == "TensorType(float64, (2, 3))");
  auto s32 = kt::tensor("s32", kiln::int32, {1});
  CHECK(op_name(kt::reshape(m, s32).owner()->inputs()[1]) == "Elemwise{Cast{int64}}");
}

TEST_CASE("reshape errors name the shapes") {
  auto known = kt::tensor("k", kiln::float64, {2, 3});
  CHECK_THROWS_AS(kt::reshape(known, std::vector<std::int64_t>{4}), kiln::TypeError);
  CHECK_THROWS_WITH(kt::reshape(known, std::vector<std::int64_t>{4}),
                    Catch::Contains("Reshape{1}: cannot reshape TensorType(float64, (2, 3)) into shape (4,)"));
  CHECK_THROWS_WITH(kt::reshape(known, std::vector<std::int64_t>{-1, 4}),
                    Catch::Contains("cannot reshape TensorType(float64, (2, 3)) into shape (-1, 4)"));
  auto m = kt::matrix("m");
  CHECK_THROWS_WITH(kt::reshape(m, std::vector<std::int64_t>{-1, -1}),
                    Catch::Contains("Reshape{2}: only one dimension can be -1, got shape (-1, -1)"));
  CHECK_THROWS_WITH(kt::reshape(m, std::vector<std::int64_t>{-3}),
                    Catch::Contains("Reshape{1}: negative dimension -3"));
  CHECK_THROWS_WITH(
      kt::reshape(m, kt::vector("s", kiln::int64)),
      Catch::Contains("Reshape: the shape must be an integer vector of known length, got TensorType(int64, (None,))"));
  CHECK_THROWS_WITH(kt::reshape(m, kt::tensor("f", kiln::float64, {2})),
                    Catch::Contains("got TensorType(float64, (2,))"));
  auto r = kt::reshape(m, std::vector<std::int64_t>{4});
  CHECK_THROWS_AS(r.eval({{m, kM}}), kiln::ValueError);
  CHECK_THROWS_WITH(r.eval({{m, kM}}),
                    Catch::Contains("Reshape{1}: cannot reshape array of shape (2, 3) into shape (4,)"));
  auto shp = kt::tensor("shp", kiln::int64, {2});
  CHECK_THROWS_WITH(kt::reshape(m, shp).eval({{m, kM}, {shp, Array(std::vector<std::int64_t>{-1, -1})}}),
                    Catch::Contains("Reshape{2}: invalid dimension -1 in shape (-1, -1)"));
  CHECK_THROWS_WITH(kt::reshape(m, shp).eval({{m, kM}, {shp, Array(std::vector<std::int64_t>{4, -1})}}),
                    Catch::Contains("cannot reshape array of shape (2, 3) into shape (4, -1)"));
}

TEST_CASE("reshape gradient reshapes back") {
  auto m = kt::matrix("m");
  check_grad_rules(kt::reshape(m, std::vector<std::int64_t>{3, -1}), {{m, kM}}, 1, OtherInputs::no_rule);
  auto r = kt::reshape(m, std::vector<std::int64_t>{6});
  auto rule = r.owner()->op().grad(*r.owner(), {kt::constant(Array{1.0, 2.0, 3.0, 4.0, 5.0, 6.0})})[0];
  CHECK(rule.eval({{m, kM}}).shape() == kiln::Shape{2, 3});
}

TEST_CASE("alloc broadcasts a value into a new array") {
  auto a = kt::alloc(kiln::Var(2.5), {kiln::Var(2), kiln::Var(3)});
  CHECK(op_name(a) == "Alloc");
  CHECK(a.type().str() == "TensorType(float64, (2, 3))");
  CHECK(values(a, {}) == std::vector<double>(6, 2.5));
  auto v = kt::vector("v");
  auto n = int64_scalar("n");
  auto rows = kt::alloc(v, {n, kiln::Var(3)});
  CHECK(rows.type().str() == "TensorType(float64, (None, 3))");
  auto r = rows.eval({{v, Array{1.0, 2.0, 3.0}}, {n, Array(std::int64_t{2})}});
  CHECK(r.shape() == kiln::Shape{2, 3});
  CHECK(r.to_vector<double>() == std::vector<double>{1, 2, 3, 1, 2, 3});
  auto fixed = kt::tensor("f", kiln::float64, {3});
  CHECK(kt::alloc(fixed, {n, n}).type().str() == "TensorType(float64, (None, 3))");
  auto i = kt::vector("i", kiln::int32);
  CHECK(kt::alloc(i, {kiln::Var(2), kiln::Var(1)}).dtype() == kiln::int32);
}

TEST_CASE("alloc errors") {
  auto fixed = kt::tensor("f", kiln::float64, {3});
  CHECK_THROWS_AS(kt::alloc(fixed, {kiln::Var(2), kiln::Var(4)}), kiln::TypeError);
  CHECK_THROWS_WITH(kt::alloc(fixed, {kiln::Var(2), kiln::Var(4)}),
                    Catch::Contains("Alloc: the value TensorType(float64, (3,)) does not broadcast to shape (2, 4)"));
  CHECK_THROWS_WITH(kt::alloc(fixed, {kiln::Var(1.0)}),
                    Catch::Contains("Alloc: shape entry 0 must be an integer scalar, got TensorType(float64, ())"));
  CHECK_THROWS_WITH(kt::alloc(kt::matrix("m"), {kiln::Var(2)}),
                    Catch::Contains("Alloc: the value TensorType(float64, (None, None)) has more dims than the shape"));
  auto v = kt::vector("v");
  auto n = int64_scalar("n");
  auto a = kt::alloc(v, {n, kiln::Var(4)});
  CHECK_THROWS_AS(a.eval({{v, Array{1.0, 2.0, 3.0}}, {n, Array(std::int64_t{2})}}), kiln::ValueError);
  CHECK_THROWS_WITH(a.eval({{v, Array{1.0, 2.0, 3.0}}, {n, Array(std::int64_t{2})}}),
                    Catch::Contains("Alloc: cannot broadcast a value of shape (3,) to shape (2, 4)"));
  CHECK_THROWS_WITH(a.eval({{v, Array{1.0}}, {n, Array(std::int64_t{-2})}}),
                    Catch::Contains("Alloc: negative dimension -2 in shape (-2, 4)"));
}

TEST_CASE("alloc gradient sums over the broadcast axes") {
  auto v = kt::vector("v");
  check_grad_rules(kt::alloc(v, {kiln::Var(2), kiln::Var(3)}), {{v, Array{1.0, 2.0, 3.0}}}, 1, OtherInputs::no_rule);
  auto x = kt::scalar("x");
  check_grad_rules(kt::alloc(x, {kiln::Var(2), kiln::Var(2)}), {{x, 1.5}}, 1, OtherInputs::no_rule);
  auto row = kt::tensor("row", kiln::float64, {1, std::nullopt});
  auto a = kt::alloc(row, {kiln::Var(2), kiln::Var(3)});
  check_grad_rules(a, {{row, Array{{1.0, 2.0, 3.0}}}}, 1, OtherInputs::no_rule);
  auto rule = a.owner()->op().grad(*a.owner(), {kt::constant(kM)})[0];
  CHECK(rule.type().str() == "TensorType(float64, (1, 3))");
  CHECK(values(rule, {}) == std::vector<double>{5, 7, 9});
}

TEST_CASE("specify_shape refines the static shape and checks it at run time") {
  auto v = kt::vector("v");
  auto s = kt::specify_shape(v, {3});
  CHECK(op_name(s) == "SpecifyShape");
  CHECK(s.type().str() == "TensorType(float64, (3,))");
  CHECK(values(s, {{v, Array{1.0, 2.0, 3.0}}}) == std::vector<double>{1, 2, 3});
  auto m = kt::matrix("m");
  CHECK(kt::specify_shape(m, {std::nullopt, 3}).type().str() == "TensorType(float64, (None, 3))");
  CHECK_THROWS_AS(s.eval({{v, Array{1.0, 2.0}}}), kiln::ValueError);
  CHECK_THROWS_WITH(s.eval({{v, Array{1.0, 2.0}}}),
                    Catch::Contains("SpecifyShape: expected shape (3,), got an array of shape (2,)"));
  auto two = kt::tensor("two", kiln::float64, {2});
  CHECK_THROWS_AS(kt::specify_shape(two, {3}), kiln::TypeError);
  CHECK_THROWS_WITH(kt::specify_shape(two, {3}),
                    Catch::Contains("SpecifyShape: TensorType(float64, (2,)) cannot have shape (3,)"));
  CHECK_THROWS_WITH(kt::specify_shape(m, {3}),
                    Catch::Contains("TensorType(float64, (None, None)) cannot have shape (3,)"));
}

TEST_CASE("specify_shape compares its shape and passes the gradient through") {
  kt::SpecifyShape three({3}), also_three({3}), four({4});
  CHECK(three.equals(also_three));
  CHECK(three.hash() == also_three.hash());
  CHECK_FALSE(three.equals(four));
  auto v = kt::vector("v");
  auto s = kt::specify_shape(v, {3});
  auto g = kt::constant(Array{1.0, 2.0, 3.0});
  CHECK(s.owner()->op().grad(*s.owner(), {g})[0] == g);
}
