// local_IncSubtensor_serialize: a sum of increments becomes one chain of increments.
#include "rewrite_check.hpp"

namespace kt = kiln::tensor;
using kiln::Array;
using kiln::Var;
using kiln::testing::check_same_values;
using kiln::testing::count_ops;
using kiln::testing::rewritten;

namespace {
Var vector5(const std::string& name) { return kt::tensor(name, kiln::float64, {5}); }
}  // namespace

TEST_CASE("the gradient of a vector read by index and slice is one chain of increments, not a sum of buffers") {
  auto a = vector5("a");
  Var f = kt::sqr(a[0]) + 3.0 * a[1] + kt::sum(kt::pow(a[kt::slice(2, 5)], 3.0));
  Var g = kiln::grad(f, a);
  auto r = rewritten({a}, {g});
  CHECK(count_ops(r, "Elemwise{add,no_inplace}") == 0);
  CHECK(count_ops(r, "IncSubtensor{Inc;0}") + count_ops(r, "IncSubtensor{Inc;1}") +
            count_ops(r, "IncSubtensor{Inc;2:5}") ==
        3);
  check_same_values({a}, g);
  // And against the gradient by hand: (2 a0, 3, 3 a2^2, 3 a3^2, 3 a4^2).
  auto got = kiln::function({a}, g)(Array{0.5, -1.0, 2.0, -0.25, 1.5}).to_vector<double>();
  const std::vector<double> want{1.0, 3.0, 12.0, 0.1875, 6.75};
  for (std::size_t i = 0; i < 5; ++i) CHECK(got[i] == Approx(want[i]).epsilon(1e-15));
}

TEST_CASE("increments of a tensor that is not zeros take the other terms into the incremented tensor") {
  auto x = vector5("x"), w = vector5("w"), idx = kt::tensor("idx", kiln::int64, {2});
  auto y = kt::scalar("y");
  Var e = kt::inc_subtensor(x, {1}, y) + w + kt::advanced_inc_subtensor(x, idx, kt::stack({y, y}));
  auto r = rewritten({x, w, y, idx}, {e});
  CHECK(count_ops(r, "IncSubtensor{Inc;1}") == 1);
  CHECK(count_ops(r, "AdvancedIncSubtensor") == 1);
  // Repeated indices accumulate (np.add.at); the rewritten chain keeps that.
  kiln::Function f = kiln::function({x, w, y, idx}, e);
  auto got = f(Array{1.0, 2.0, 3.0, 4.0, 5.0}, Array{10.0, 20.0, 30.0, 40.0, 50.0}, Array(0.5),
               Array(std::vector<std::int64_t>{3, 3}))
                 .to_vector<double>();
  // x + w + x, with 0.5 added at 1 and 2 x 0.5 at 3.
  const std::vector<double> want{12.0, 24.5, 36.0, 49.0, 60.0};
  for (std::size_t i = 0; i < 5; ++i) CHECK(got[i] == want[i]);
}

TEST_CASE("an increment read elsewhere too stays a buffer of its own") {
  auto x = vector5("x"), w = vector5("w");
  auto y = kt::scalar("y");
  Var inc = kt::inc_subtensor(x, {0}, y);
  auto r = rewritten({x, w, y}, {inc + w, inc});
  CHECK(count_ops(r, "IncSubtensor{Inc;0}") == 1);
  auto values = kiln::function({x, w, y}, {inc + w, inc})
                    .call_positional({Array{1.0, 1.0, 1.0, 1.0, 1.0}, Array{1.0, 2.0, 3.0, 4.0, 5.0}, Array(2.0)})
                    .values();
  CHECK(values[0].to_vector<double>() == std::vector<double>{4.0, 3.0, 4.0, 5.0, 6.0});
  CHECK(values[1].to_vector<double>() == std::vector<double>{3.0, 1.0, 1.0, 1.0, 1.0});
}

TEST_CASE("increments whose sum broadcasts at run time are left as written") {
  // Of unknown lengths, x + inc(zeros_like(z), y, 0) raises when the lengths differ; the
  // chain inc(x, y, 0) would not read z at all.
  auto x = kt::vector("x"), z = kt::vector("z");
  auto y = kt::scalar("y");
  Var e = x + kt::inc_subtensor(kt::zeros_like(z), {0}, y);
  auto r = rewritten({x, z, y}, {e});
  CHECK(count_ops(r, "IncSubtensor{Inc;0}") == 1);
  kiln::Function f = kiln::function({x, z, y}, e);
  CHECK_THROWS_AS(f(Array{1.0, 2.0}, Array{1.0, 2.0, 3.0}, Array(1.0)), kiln::ValueError);
}
