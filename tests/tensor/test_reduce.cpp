// Reductions: printed names, values against hand-computed arrays (axes, keepdims, dtypes),
// static shapes, error messages, mean, and each gradient rule against finite differences.
#include "tensor/reduce.hpp"

#include <kiln/tensor.hpp>

#include <catch2/catch.hpp>

#include "support/op_checks.hpp"

#include <cmath>

namespace kt = kiln::tensor;
using kiln::Array;
using namespace kiln::testing;

const Array kM{{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};

TEST_CASE("reductions print Aesara's names") {
  auto m = kt::matrix("m");
  CHECK(op_name(kt::sum(m)) == "Sum{acc_dtype=float64}");
  CHECK(op_name(kt::sum(m, 0)) == "Sum{axis=[0], acc_dtype=float64}");
  CHECK(op_name(kt::sum(m, std::vector<int>{-1, 0})) == "Sum{axis=[0, 1], acc_dtype=float64}");
  CHECK(op_name(kt::prod(m)) == "Prod{acc_dtype=float64}");
  CHECK(op_name(kt::prod(m, std::vector<int>{1})) == "Prod{axis=[1], acc_dtype=float64}");
  CHECK(op_name(kt::max(m)) == "Max");
  CHECK(op_name(kt::max(m, std::vector<int>{0})) == "Max{axis=[0]}");
  CHECK(op_name(kt::min(m, std::vector<int>{1})) == "Min{axis=[1]}");
  auto b = kt::vector("b", kiln::bool_);
  CHECK(op_name(kt::all(b)) == "All");
  CHECK(op_name(kt::all(m, std::vector<int>{0})) == "All{axis=[0]}");
  CHECK(op_name(kt::any(b)) == "Any");
}

TEST_CASE("sum and prod accumulate ints in int64 and floats in their dtype") {
  auto i8 = kt::vector("i8", kiln::int8);
  CHECK(op_name(kt::sum(i8)) == "Sum{acc_dtype=int64}");
  CHECK(kt::sum(i8).dtype() == kiln::int64);
  CHECK(kt::sum(i8).eval({{i8, Array(std::vector<std::int8_t>{100, 100, 100})}}).get_as_int(0) == 300);
  CHECK(kt::prod(kt::vector("u", kiln::uint8)).dtype() == kiln::uint64);
  CHECK(kt::sum(kt::vector("b", kiln::bool_)).dtype() == kiln::int64);
  auto f = kt::vector("f", kiln::float32);
  CHECK(op_name(kt::sum(f)) == "Sum{acc_dtype=float32}");
  CHECK(kt::sum(f).dtype() == kiln::float32);
  // 2^53 + 1 is exact in int64, not in a double accumulator.
  auto i = kt::vector("i", kiln::int64);
  Array big(std::vector<std::int64_t>{9007199254740993, 1});
  CHECK(kt::sum(i).eval({{i, big}}).get_as_int(0) == 9007199254740994);
}

TEST_CASE("sum over axes and keepdims") {
  auto m = kt::matrix("m");
  kiln::Givens g{{m, kM}};
  CHECK(values(kt::sum(m), g) == std::vector<double>{21});
  CHECK(values(kt::sum(m, 0), g) == std::vector<double>{5, 7, 9});
  CHECK(values(kt::sum(m, 1), g) == std::vector<double>{6, 15});
  CHECK(values(kt::sum(m, -1), g) == std::vector<double>{6, 15});
  auto kept = kt::sum(m, 1, true);
  CHECK(op_name(kept) == "InplaceDimShuffle{0,x}");
  CHECK(kept.type().str() == "TensorType(float64, (None, 1))");
  CHECK(kept.eval(g).shape() == kiln::Shape{2, 1});
  CHECK(values(kept, g) == std::vector<double>{6, 15});
  CHECK(kt::sum(m, std::nullopt, true).eval(g).shape() == kiln::Shape{1, 1});
  // The kept row broadcasts back against the input, as NumPy's keepdims is meant for.
  CHECK(values(m - kt::sum(m, 1, true), g) == std::vector<double>{-5, -4, -3, -11, -10, -9});
}

TEST_CASE("reductions of a 3-d tensor over two axes") {
  auto t = kt::tensor("t", kiln::float64, {2, 3, 2});
  Array v = Array::empty(kiln::float64, {2, 3, 2});
  for (int i = 0; i < 12; ++i) v.set_from_double(i, i);  // t[a, b, c] = 6a + 2b + c
  auto s = kt::sum(t, std::vector<int>{0, 2});
  CHECK(s.type().str() == "TensorType(float64, (3,))");
  CHECK(values(s, {{t, v}}) == std::vector<double>{14, 22, 30});
  auto kept = kt::max(t, std::vector<int>{0, 2}, true);
  CHECK(kept.type().str() == "TensorType(float64, (1, 3, 1))");
  CHECK(values(kept, {{t, v}}) == std::vector<double>{7, 9, 11});
  CHECK(kt::prod(t, std::vector<int>{1}).type().str() == "TensorType(float64, (2, 2))");
  CHECK(values(kt::prod(t, std::vector<int>{1}), {{t, v}}) == std::vector<double>{0, 15, 480, 693});
}

TEST_CASE("prod max and min values") {
  auto m = kt::matrix("m");
  kiln::Givens g{{m, Array{{1.0, -2.0, 3.0}, {4.0, 5.0, -6.0}}}};
  CHECK(values(kt::prod(m), g) == std::vector<double>{720});
  CHECK(values(kt::prod(m, std::vector<int>{0}), g) == std::vector<double>{4, -10, -18});
  CHECK(values(kt::max(m), g) == std::vector<double>{5});
  CHECK(values(kt::max(m, std::vector<int>{1}), g) == std::vector<double>{3, 5});
  CHECK(values(kt::min(m, std::vector<int>{0}), g) == std::vector<double>{1, -2, -6});
  CHECK(values(kt::min(m, std::vector<int>{1}, true), g) == std::vector<double>{-2, -6});
  auto v = kt::vector("v");
  CHECK(std::isnan(kt::max(v).eval({{v, Array{1.0, NAN, 3.0}}}).item<double>()));
  CHECK(std::isnan(kt::min(v).eval({{v, Array{NAN, 1.0}}}).item<double>()));
  auto i = kt::vector("i", kiln::int32);
  auto imax = kt::max(i);
  CHECK(imax.dtype() == kiln::int32);
  CHECK(imax.eval({{i, Array(std::vector<std::int32_t>{-7, 3, -1})}}).get_as_int(0) == 3);
}

TEST_CASE("all and any reduce bools and test other dtypes against zero") {
  auto b = kt::matrix("b", kiln::bool_);
  Array bv = Array::zeros(kiln::bool_, {2, 2});
  bv.set_from_int(0, 1);
  bv.set_from_int(1, 1);  // [[T, T], [F, F]]
  CHECK(kt::all(b).eval({{b, bv}}).get_as_int(0) == 0);
  CHECK(kt::any(b).eval({{b, bv}}).get_as_int(0) == 1);
  CHECK(kt::all(b, std::vector<int>{1}).eval({{b, bv}}).to_vector<int>() == std::vector<int>{1, 0});
  CHECK(kt::any(b, std::vector<int>{0}).eval({{b, bv}}).to_vector<int>() == std::vector<int>{1, 1});
  auto x = kt::vector("x");
  auto all_x = kt::all(x);
  CHECK(all_x.dtype() == kiln::bool_);
  CHECK(op_name(all_x.owner()->inputs()[0]) == "Elemwise{neq,no_inplace}");
  CHECK(all_x.eval({{x, Array{1.0, -2.0}}}).get_as_int(0) == 1);
  CHECK(all_x.eval({{x, Array{1.0, 0.0}}}).get_as_int(0) == 0);
  CHECK(kt::all(x).eval({{x, Array::zeros(kiln::float64, {0})}}).get_as_int(0) == 1);
  CHECK(kt::any(x).eval({{x, Array::zeros(kiln::float64, {0})}}).get_as_int(0) == 0);
}

TEST_CASE("reduction errors name the axis and the type") {
  auto m = kt::matrix("m");
  CHECK_THROWS_AS(kt::sum(m, 2), kiln::TypeError);
  CHECK_THROWS_WITH(kt::sum(m, 2),
                    Catch::Contains("Sum: axis 2 is out of range for TensorType(float64, (None, None))"));
  CHECK_THROWS_WITH(kt::max(m, std::vector<int>{-3}), Catch::Contains("Max: axis -3 is out of range"));
  CHECK_THROWS_WITH(kt::sum(m, std::vector<int>{0, -2}), Catch::Contains("Sum: axis -2 is repeated"));
  auto all_op = std::make_shared<kt::Reduce>(kt::ReduceKind::all, std::nullopt);
  CHECK_THROWS_WITH(kiln::apply_op(all_op, {m}),
                    Catch::Contains("All: needs a bool input, got TensorType(float64, (None, None))"));
  auto int_sum = std::make_shared<kt::Reduce>(kt::ReduceKind::sum, std::nullopt, kiln::int64);
  CHECK_THROWS_WITH(kiln::apply_op(int_sum, {m}),
                    Catch::Contains("cannot accumulate TensorType(float64, (None, None)) in int64"));
  auto v = kt::vector("v");
  CHECK_THROWS_AS(kt::max(v).eval({{v, Array::zeros(kiln::float64, {0})}}), kiln::ValueError);
  CHECK_THROWS_WITH(kt::max(v).eval({{v, Array::zeros(kiln::float64, {0})}}),
                    Catch::Contains("Max: zero-size array (shape (0,))"));
  CHECK(values(kt::sum(v), {{v, Array::zeros(kiln::float64, {0})}}) == std::vector<double>{0});
}

TEST_CASE("mean divides the sum by the count") {
  auto m = kt::matrix("m");
  kiln::Givens g{{m, kM}};
  CHECK(values(kt::mean(m), g) == std::vector<double>{3.5});
  CHECK(values(kt::mean(m, std::vector<int>{0}), g) == std::vector<double>{2.5, 3.5, 4.5});
  CHECK(values(kt::mean(m, std::vector<int>{1}, true), g) == std::vector<double>{2, 5});
  CHECK(kt::mean(m, std::vector<int>{1}, true).type().str() == "TensorType(float64, (None, 1))");
  // Unknown dims divide by Shape entries; known ones by a constant.
  CHECK(op_name(kt::mean(m)) == "Elemwise{true_div,no_inplace}");
  auto known = kt::tensor("k", kiln::float64, {2, 3});
  auto mk = kt::mean(known, std::vector<int>{1});
  CHECK(mk.owner()->inputs()[1].owner()->inputs()[0].is_constant());
  CHECK(values(mk, {{known, kM}}) == std::vector<double>{2, 5});
  auto i = kt::vector("i", kiln::int64);
  auto mi = kt::mean(i);
  CHECK(mi.dtype() == kiln::float64);
  CHECK(mi.eval({{i, Array(std::vector<std::int64_t>{1, 2})}}).item<double>() == 1.5);
  auto f = kt::vector("f", kiln::float32);
  CHECK(kt::mean(f).dtype() == kiln::float32);
  CHECK(kt::mean(f).eval({{f, Array(std::vector<float>{1.0f, 2.0f})}}).item<double>() == 1.5);
}

TEST_CASE("sum gradient broadcasts the output gradient back") {
  auto m = kt::matrix("m");
  kiln::Givens g{{m, kM}};
  check_grad_rules(kt::sum(m), g);
  check_grad_rules(kt::sum(m, 0), g);
  check_grad_rules(kt::sum(m, 1), g);
  auto s = kt::sum(m, 1);
  auto rule = s.owner()->op().grad(*s.owner(), {kt::constant(Array{10.0, 20.0})})[0];
  CHECK(values(rule, g) == std::vector<double>{10, 10, 10, 20, 20, 20});
  auto i = kt::vector("i", kiln::int64);
  auto si = kt::sum(i);
  CHECK_FALSE(si.owner()->op().grad(*si.owner(), {kt::constant(Array(int64_t{1}))})[0]);
}

TEST_CASE("prod gradient handles zeros as PyTensor does") {
  auto m = kt::matrix("m");
  // Rows: no zero, one zero, two zeros.
  Array v{{2.0, 3.0, 4.0}, {2.0, 0.0, 5.0}, {0.0, 0.0, 7.0}};
  check_grad_rules(kt::prod(m, std::vector<int>{1}), {{m, v}});
  check_grad_rules(kt::prod(m), {{m, Array{{2.0, 3.0}, {0.5, 4.0}}}});
  auto p = kt::prod(m, std::vector<int>{1});
  auto rule = p.owner()->op().grad(*p.owner(), {kt::constant(Array{1.0, 1.0, 1.0})})[0];
  CHECK(values(rule, {{m, v}}) == std::vector<double>{12, 8, 6, 0, 10, 0, 0, 0, 0});
}

TEST_CASE("max and min gradients go to the extremum") {
  auto m = kt::matrix("m");
  kiln::Givens g{{m, Array{{1.0, 7.0, 3.0}, {4.0, -5.0, 6.0}}}};
  check_grad_rules(kt::max(m), g);
  check_grad_rules(kt::max(m, std::vector<int>{1}), g);
  check_grad_rules(kt::min(m, std::vector<int>{0}), g);
  auto mx = kt::max(m, std::vector<int>{0});
  auto rule = mx.owner()->op().grad(*mx.owner(), {kt::constant(Array{1.0, 2.0, 3.0})})[0];
  CHECK(values(rule, g) == std::vector<double>{0, 2, 0, 1, 0, 3});
  auto b = kt::vector("b", kiln::bool_);
  auto a = kt::all(b);
  CHECK_FALSE(a.owner()->op().grad(*a.owner(), {kt::constant(Array(1.0))})[0]);
}

TEST_CASE("grad_for sums over broadcast axes and casts") {
  auto row = kt::tensor("row", kiln::float32, {1, std::nullopt});
  auto g = kt::matrix("g");
  auto r = kt::grad_for(row, g);
  CHECK(r.type().str() == "TensorType(float32, (1, None))");
  CHECK(r.eval({{g, kM}}).to_vector<double>() == std::vector<double>{5, 7, 9});
  auto vec = kt::vector("v");
  CHECK(kt::grad_for(vec, g).eval({{g, kM}}).to_vector<double>() == std::vector<double>{5, 7, 9});
}
