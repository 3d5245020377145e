// Indexing: printed names, Python slice semantics against hand-computed values, static shapes,
// symbolic indices, gathers and scatters (duplicates accumulate), errors, and gradient rules.
#include "tensor/subtensor.hpp"

#include <kiln/tensor.hpp>

#include <catch2/catch.hpp>

#include "support/op_checks.hpp"

namespace kt = kiln::tensor;
using kiln::Array;
using namespace kiln::testing;
using std::nullopt;

namespace {

const Array kM{{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};

Array iota(int n) {
  Array a = Array::empty(kiln::float64, {n});
  for (int i = 0; i < n; ++i) a.set_from_double(i, i);
  return a;
}
Array ints(std::vector<std::int64_t> v) { return Array(v); }

}  // namespace

TEST_CASE("indexing ops print their index") {
  auto v = kt::vector("v");
  auto m = kt::matrix("m");
  auto i = kt::scalar("i", kiln::int64);
  CHECK(op_name(v[0]) == "Subtensor{0}");
  CHECK(op_name(v[-1]) == "Subtensor{-1}");
  CHECK(op_name(v[kt::slice(2, 10)]) == "Subtensor{2:10}");
  CHECK(op_name(v[kt::slice(nullopt, nullopt, 2)]) == "Subtensor{::2}");
  CHECK(op_name(v[kt::slice(1, nullopt)]) == "Subtensor{1:}");
  CHECK(op_name(kt::subtensor(m, {kt::slice(nullopt, nullopt), 0})) == "Subtensor{:, 0}");
  CHECK(op_name(v[i]) == "Subtensor{int64}");
  CHECK(op_name(kt::dynamic_subtensor(v, {kt::VarIndex::range(i, {})})) == "Subtensor{int64:}");
  CHECK(op_name(kt::dynamic_subtensor(v, {kt::VarIndex::range(kiln::Var(1), i)})) == "Subtensor{1:int64}");
  CHECK(op_name(kt::set_subtensor(v, {0}, kiln::Var(1.0))) == "IncSubtensor{Set;0}");
  CHECK(op_name(kt::inc_subtensor(v, {kt::slice(2, 10)}, kiln::Var(1.0))) == "IncSubtensor{Inc;2:10}");
  auto group = kt::vector("group", kiln::int64);
  CHECK(op_name(v[group]) == "AdvancedSubtensor");
  CHECK(op_name(kt::advanced_inc_subtensor(v, group, kiln::Var(1.0))) == "AdvancedIncSubtensor");
  CHECK(op_name(kt::advanced_set_subtensor(v, group, kiln::Var(1.0))) == "AdvancedSetSubtensor");
}

TEST_CASE("integers and slices follow Python") {
  auto v = kt::vector("v");
  kiln::Givens g{{v, iota(10)}};
  CHECK(values(v[0], g) == std::vector<double>{0});
  CHECK(v[0].ndim() == 0);
  CHECK(values(v[-1], g) == std::vector<double>{9});
  CHECK(values(v[kt::slice(2, 10)], g) == std::vector<double>{2, 3, 4, 5, 6, 7, 8, 9});
  CHECK(values(v[kt::slice(nullopt, nullopt, 2)], g) == std::vector<double>{0, 2, 4, 6, 8});
  CHECK(values(v[kt::slice(nullopt, nullopt, -3)], g) == std::vector<double>{9, 6, 3, 0});
  CHECK(values(v[kt::slice(-3, nullopt)], g) == std::vector<double>{7, 8, 9});
  CHECK(values(v[kt::slice(8, 2, -2)], g) == std::vector<double>{8, 6, 4});
  CHECK(values(v[kt::slice(-100, 2)], g) == std::vector<double>{0, 1});
  CHECK(v[kt::slice(5, 2)].eval(g).size() == 0);
  auto m = kt::matrix("m");
  kiln::Givens gm{{m, kM}};
  CHECK(values(m[1], gm) == std::vector<double>{4, 5, 6});
  CHECK(values(kt::subtensor(m, {kt::slice(nullopt, nullopt), 0}), gm) == std::vector<double>{1, 4});
  CHECK(values(kt::subtensor(m, {-1, kt::slice(nullopt, nullopt, -1)}), gm) == std::vector<double>{6, 5, 4});
  CHECK(values(m[0][kt::slice(1, nullopt)], gm) == std::vector<double>{2, 3});
  CHECK(values(kt::subtensor(m, {kt::slice(nullopt, nullopt, -1), kt::slice(1, 3)}), gm) ==
        std::vector<double>{5, 6, 2, 3});
}

TEST_CASE("symbolic integer indices and slice bounds") {
  auto v = kt::vector("v");
  auto i = kt::scalar("i", kiln::int64);
  auto j = kt::scalar("j", kiln::int32);
  CHECK(values(v[i], {{v, iota(10)}, {i, Array(std::int64_t{-2})}}) == std::vector<double>{8});
  auto r = kt::dynamic_subtensor(v, {kt::VarIndex::range(i, j)});
  CHECK(r.type().str() == "TensorType(float64, (None,))");
  kiln::Givens g{{v, iota(10)}, {i, Array(std::int64_t{3})}, {j, Array(std::int64_t{6}).astype(kiln::int32)}};
  CHECK(values(r, g) == std::vector<double>{3, 4, 5});
  CHECK(op_name(r) == "Subtensor{int64:int32}");
  CHECK_THROWS_AS(v[i].eval({{v, iota(3)}, {i, Array(std::int64_t{3})}}), kiln::ValueError);
  CHECK_THROWS_WITH(v[i].eval({{v, iota(3)}, {i, Array(std::int64_t{3})}}),
                    Catch::Contains("Subtensor{int64}: index 3 is out of bounds for axis 0 with size 3"));
}

TEST_CASE("static shapes through constant indices") {
  auto t = kt::tensor("t", kiln::float64, {10, std::nullopt});
  CHECK(t[kt::slice(2, 10)].type().str() == "TensorType(float64, (8, None))");
  CHECK(t[kt::slice(nullopt, nullopt, 3)].type().str() == "TensorType(float64, (4, None))");
  CHECK(t[kt::slice(nullopt, nullopt, -1)].type().str() == "TensorType(float64, (10, None))");
  CHECK(t[0].type().str() == "TensorType(float64, (None,))");
  CHECK(kt::subtensor(t, {kt::slice(nullopt, nullopt), kt::slice(1, 2)}).type().str() ==
        "TensorType(float64, (10, None))");
  auto v = kt::vector("v");
  CHECK(v[kt::slice(2, 10)].type().str() == "TensorType(float64, (None,))");
  CHECK(v[kt::slice(nullopt, nullopt)].type().str() == "TensorType(float64, (None,))");
}

TEST_CASE("indexing errors name the index and the size") {
  auto t = kt::tensor("t", kiln::float64, {3});
  CHECK_THROWS_AS(t[5], kiln::TypeError);
  CHECK_THROWS_WITH(t[5], Catch::Contains("Subtensor{5}: index 5 is out of bounds for axis 0 with size 3"));
  CHECK_THROWS_WITH(t[-4], Catch::Contains("index -4 is out of bounds for axis 0 with size 3"));
  CHECK_THROWS_WITH(kt::subtensor(t, {0, 0}),
                    Catch::Contains("Subtensor{0, 0}: too many indices (2) for TensorType(float64, (3,))"));
  CHECK_THROWS_WITH(t[kt::slice(nullopt, nullopt, 0)], Catch::Contains("Subtensor{::0}: slice step cannot be zero"));
  auto v = kt::vector("v");
  CHECK_THROWS_AS(v[5].eval({{v, iota(3)}}), kiln::ValueError);
  CHECK_THROWS_WITH(v[5].eval({{v, iota(3)}}),
                    Catch::Contains("Subtensor{5}: index 5 is out of bounds for axis 0 with size 3"));
  CHECK_THROWS_WITH(v[-4].eval({{v, iota(3)}}), Catch::Contains("Subtensor{-4}: index -4 is out of bounds"));
  auto f = kt::vector("f");
  CHECK_THROWS_AS(v[f], kiln::TypeError);
  CHECK_THROWS_WITH(
      v[f], Catch::Contains("cannot index v with f of type TensorType(float64, (None,)): indices must be integers"));
  CHECK_THROWS_WITH(v[kt::scalar("s")], Catch::Contains("TensorType(float64, ())"));
  CHECK_THROWS_WITH(
      kt::advanced_subtensor(v, kt::vector("b", kiln::bool_)),
      Catch::Contains("AdvancedSubtensor: boolean mask indices are not supported, got TensorType(bool, (None,))"));
  CHECK_THROWS_WITH(kt::advanced_subtensor(v, f),
                    Catch::Contains("AdvancedSubtensor: indices must be integers, got TensorType(float64, (None,))"));
  CHECK_THROWS_WITH(kt::advanced_subtensor(kt::scalar("x"), kt::vector("g", kiln::int64)),
                    Catch::Contains("AdvancedSubtensor: cannot index the 0-d TensorType(float64, ())"));
}

TEST_CASE("set_subtensor and inc_subtensor write into a copy") {
  auto v = kt::vector("v");
  Array given = iota(5);
  auto set = kt::set_subtensor(v, {kt::slice(1, 3)}, kiln::Var(7.0));
  CHECK(set.type() == v.type());
  CHECK(values(set, {{v, given}}) == std::vector<double>{0, 7, 7, 3, 4});
  CHECK(given.to_vector<double>() == std::vector<double>{0, 1, 2, 3, 4});  // the input is untouched
  CHECK(values(kt::inc_subtensor(v, {kt::slice(nullopt, nullopt, 2)}, kiln::Var(10.0)), {{v, given}}) ==
        std::vector<double>{10, 1, 12, 3, 14});
  CHECK(values(kt::set_subtensor(v, {-1}, kiln::Var(-1.0)), {{v, given}}) == std::vector<double>{0, 1, 2, 3, -1});
  auto m = kt::matrix("m");
  auto col = kt::vector("col");
  auto inc = kt::inc_subtensor(m, {kt::slice(nullopt, nullopt), 1}, col);
  CHECK(values(inc, {{m, kM}, {col, Array{10.0, 20.0}}}) == std::vector<double>{1, 12, 3, 4, 25, 6});
  auto row = kt::vector("row");
  CHECK(values(kt::set_subtensor(m, {0}, row), {{m, kM}, {row, Array{7.0, 8.0, 9.0}}}) ==
        std::vector<double>{7, 8, 9, 4, 5, 6});
  auto i = kt::vector("i", kiln::int64);
  CHECK(kt::inc_subtensor(i, {0}, kiln::Var(1)).eval({{i, ints({9007199254740992, 0})}}).get_as_int(0) ==
        9007199254740993);
  auto k = kt::scalar("k", kiln::int64);
  auto dyn = kt::dynamic_inc_subtensor(v, {kt::VarIndex::at(k)}, kiln::Var(5.0), false);
  CHECK(op_name(dyn) == "IncSubtensor{Inc;int64}");
  CHECK(values(dyn, {{v, given}, {k, Array(std::int64_t{-2})}}) == std::vector<double>{0, 1, 2, 8, 4});
}

TEST_CASE("set_subtensor errors") {
  auto i = kt::vector("i", kiln::int64);
  CHECK_THROWS_AS(kt::set_subtensor(i, {0}, kiln::Var(1.5)), kiln::TypeError);
  CHECK_THROWS_WITH(
      kt::set_subtensor(i, {0}, kiln::Var(1.5)),
      Catch::Contains(
          "IncSubtensor{Set;0}: cannot store a value of TensorType(float64, ()) into TensorType(int64, (None,))"));
  auto t = kt::tensor("t", kiln::float64, {3});
  CHECK_THROWS_WITH(
      kt::set_subtensor(t, {kt::slice(0, 2)}, t),
      Catch::Contains(
          "IncSubtensor{Set;0:2}: the value TensorType(float64, (3,)) does not broadcast to the indexed region"));
  auto v = kt::vector("v");
  auto y = kt::vector("y");
  auto set = kt::set_subtensor(v, {kt::slice(0, 2)}, y);
  CHECK_THROWS_AS(set.eval({{v, iota(4)}, {y, iota(3)}}), kiln::ValueError);
  CHECK_THROWS_WITH(
      set.eval({{v, iota(4)}, {y, iota(3)}}),
      Catch::Contains(
          "IncSubtensor{Set;0:2}: cannot broadcast a value of shape (3,) to the indexed region of shape (2,)"));
}

TEST_CASE("advanced_subtensor gathers rows and wraps negative indices") {
  auto v = kt::vector("v");
  auto group = kt::vector("group", kiln::int64);
  auto a = v[group];
  CHECK(a.type().str() == "TensorType(float64, (None,))");
  kiln::Givens g{{v, Array{10.0, 20.0, 30.0, 40.0}}, {group, ints({2, 0, 2, -1})}};
  CHECK(values(a, g) == std::vector<double>{30, 10, 30, 40});
  auto m = kt::tensor("m", kiln::float64, {std::nullopt, 3});
  auto rows = m[kt::constant(ints({1, 1, 0}))];
  CHECK(rows.type().str() == "TensorType(float64, (3, 3))");
  CHECK(values(rows, {{m, kM}}) == std::vector<double>{4, 5, 6, 4, 5, 6, 1, 2, 3});
  auto grid = kt::matrix("grid", kiln::int32);
  Array gv = Array{{0.0, 3.0}, {1.0, 0.0}}.astype(kiln::int32);
  auto r = v[grid].eval({{v, Array{10.0, 20.0, 30.0, 40.0}}, {grid, gv}});
  CHECK(r.shape() == kiln::Shape{2, 2});
  CHECK(r.to_vector<double>() == std::vector<double>{10, 40, 20, 10});
  CHECK_THROWS_AS(a.eval({{v, Array{10.0, 20.0, 30.0, 40.0}}, {group, ints({1, 4})}}), kiln::ValueError);
  CHECK_THROWS_WITH(a.eval({{v, Array{10.0, 20.0, 30.0, 40.0}}, {group, ints({1, 4})}}),
                    Catch::Contains("AdvancedSubtensor: index 4 is out of bounds for axis 0 with size 4"));
  CHECK_THROWS_WITH(a.eval({{v, Array{10.0, 20.0, 30.0, 40.0}}, {group, ints({-5})}}),
                    Catch::Contains("index -5 is out of bounds for axis 0 with size 4"));
}

TEST_CASE("advanced_inc_subtensor accumulates duplicates and set keeps the last") {
  auto v = kt::vector("v");
  auto idx = kt::vector("idx", kiln::int64);
  auto y = kt::vector("y");
  kiln::Givens g{{v, Array{0.0, 0.0, 0.0, 0.0}}, {idx, ints({0, 2, 0, -4})}, {y, Array{1.0, 2.0, 3.0, 4.0}}};
  CHECK(values(kt::advanced_inc_subtensor(v, idx, y), g) == std::vector<double>{8, 0, 2, 0});
  CHECK(values(kt::advanced_set_subtensor(v, idx, y), g) == std::vector<double>{4, 0, 2, 0});
  CHECK(values(kt::advanced_inc_subtensor(v, idx, kiln::Var(1.0)), g) == std::vector<double>{3, 0, 1, 0});
  auto m = kt::matrix("m");
  auto row = kt::vector("row");
  auto rows = kt::advanced_inc_subtensor(m, kt::constant(ints({1, 1})), row);
  CHECK(values(rows, {{m, kM}, {row, Array{1.0, 2.0, 3.0}}}) == std::vector<double>{1, 2, 3, 6, 9, 12});
  CHECK_THROWS_AS(kt::advanced_inc_subtensor(v, idx, y).eval({{v, iota(2)}, {idx, ints({2})}, {y, iota(1)}}),
                  kiln::ValueError);
  CHECK_THROWS_WITH(kt::advanced_inc_subtensor(v, idx, y).eval({{v, iota(2)}, {idx, ints({2})}, {y, iota(1)}}),
                    Catch::Contains("AdvancedIncSubtensor: index 2 is out of bounds for axis 0 with size 2"));
  CHECK_THROWS_WITH(
      kt::advanced_set_subtensor(v, idx, m),
      Catch::Contains("AdvancedSetSubtensor: the value TensorType(float64, (None, None)) does not broadcast"));
  CHECK_THROWS_WITH(
      kt::advanced_inc_subtensor(v, idx, y).eval({{v, iota(4)}, {idx, ints({0, 1})}, {y, iota(3)}}),
      Catch::Contains(
          "AdvancedIncSubtensor: cannot broadcast a value of shape (3,) to the indexed region of shape (2,)"));
}

TEST_CASE("subtensor gradients scatter into zeros") {
  auto m = kt::matrix("m");
  Array mv{{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}, {7.0, 8.0, 9.0}};
  check_grad_rules(m[1], {{m, mv}}, 1, OtherInputs::counted_no_rule);
  check_grad_rules(kt::subtensor(m, {kt::slice(nullopt, nullopt, -2), kt::slice(1, nullopt)}), {{m, mv}}, 1,
                   OtherInputs::counted_no_rule);
  auto i = kt::scalar("i", kiln::int64);
  check_grad_rules(kt::dynamic_subtensor(m, {kt::VarIndex::range(i, {})}), {{m, mv}, {i, Array(std::int64_t{1})}}, 1,
                   OtherInputs::counted_no_rule);
  auto s = m[0];
  auto rule = s.owner()->op().grad(*s.owner(), {kt::constant(Array{1.0, 2.0, 3.0})})[0];
  CHECK(op_name(rule) == "IncSubtensor{Inc;0}");
  CHECK(values(rule, {{m, mv}}) == std::vector<double>{1, 2, 3, 0, 0, 0, 0, 0, 0});
}

TEST_CASE("inc_subtensor gradients reach both x and the value") {
  auto m = kt::matrix("m");
  auto y = kt::vector("y");
  auto c = kt::scalar("c");
  kiln::Givens g{{m, kM}, {y, Array{10.0, 20.0}}};
  check_grad_rules(kt::inc_subtensor(m, {kt::slice(nullopt, nullopt), 1}, y), g, 2, OtherInputs::counted_no_rule);
  check_grad_rules(kt::set_subtensor(m, {kt::slice(nullopt, nullopt), 1}, y), g, 2, OtherInputs::counted_no_rule);
  check_grad_rules(kt::set_subtensor(m, {0}, c), {{m, kM}, {c, 2.0}}, 2,
                   OtherInputs::counted_no_rule);  // c broadcasts: its gradient sums
  check_grad_rules(kt::inc_subtensor(m, {kt::slice(nullopt, nullopt, -1)}, c), {{m, kM}, {c, 2.0}}, 2,
                   OtherInputs::counted_no_rule);
}

TEST_CASE("advanced indexing gradients scatter-add") {
  auto v = kt::vector("v");
  auto idx = kt::constant(ints({2, 0, 2}));
  check_grad_rules(v[idx], {{v, Array{1.0, 2.0, 3.0}}}, 1, OtherInputs::counted_no_rule);
  auto a = v[idx];
  auto rule = a.owner()->op().grad(*a.owner(), {kt::constant(Array{1.0, 10.0, 100.0})})[0];
  CHECK(values(rule, {{v, Array{1.0, 2.0, 3.0}}}) == std::vector<double>{10, 0, 101});
  auto y = kt::vector("y");
  auto x = kt::matrix("x");
  auto row = kt::vector("row");
  check_grad_rules(kt::advanced_inc_subtensor(v, idx, y), {{v, Array{1.0, 2.0, 3.0}}, {y, Array{4.0, 5.0, 6.0}}}, 2,
                   OtherInputs::counted_no_rule);
  auto distinct = kt::constant(ints({2, 0}));
  check_grad_rules(kt::advanced_set_subtensor(v, distinct, y), {{v, Array{1.0, 2.0, 3.0}}, {y, Array{4.0, 5.0}}}, 2,
                   OtherInputs::counted_no_rule);
  check_grad_rules(kt::advanced_inc_subtensor(x, distinct, row),
                   {{x, Array{{1.0, 2.0}, {3.0, 4.0}, {5.0, 6.0}}}, {row, Array{7.0, 8.0}}}, 2,
                   OtherInputs::counted_no_rule);
}
