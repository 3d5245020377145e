// Indexing lowered in both tiers (jit/lower/indexing.cpp, jit/lower/shape.cpp): the first calls
// run the step-by-step program, later ones the specialized program; each must give
// kiln::evaluate's (the reference perform's) values, raise its errors with its texts, and give
// gradients that agree with finite differences.
#include "jit_test_support.hpp"
#include "support/log_capture.hpp"

#include <kiln/grad.hpp>

#include <limits>

namespace kt = kiln::tensor;
using kiln::Array;
using kiln::DType;
using kiln::Var;
using namespace kiln::jit_test;

namespace {

Array iota(DType dtype, kiln::Shape shape, double scale = 1.0) {
  Array a = Array::empty(dtype, shape);
  for (std::int64_t i = 0; i < a.size(); ++i) a.set_from_double(i, scale * static_cast<double>(i % 7) - 2.0 + 0.25 * (i % 3));
  return a;
}

// The error of every call (both tiers) is `text`, as ValueError.
void check_error(kiln::Function& f, const std::vector<Array>& good, const std::vector<Array>& bad, const std::string& text) {
  for (int call = 0; call < 3; ++call) {
    INFO("call " << call);
    f.call_positional(good);  // the program specializes to these layouts
    try {
      f.call_positional(bad);
      FAIL("no error");
    } catch (const kiln::ValueError& e) {
      CHECK(std::string(e.what()) == text);
    }
  }
}

}  // namespace

TEST_CASE("IncSubtensor sets and increments slices, integers and strided regions in both tiers") {
  Var x = kt::matrix("x"), y = kt::matrix("y"), v = kt::vector("v"), s = kt::scalar("s");
  Array xv = iota(DType::float64, {5, 4}), yv = iota(DType::float64, {2, 4}, 0.5), vv = iota(DType::float64, {4}, 3.0);
  check_tiers({x, y}, {kt::inc_subtensor(x, {kt::slice(1, 3)}, y)}, {xv, yv}, "inc rows 1:3");
  check_tiers({x, y}, {kt::set_subtensor(x, {kt::slice(4, 0, -3)}, y)}, {xv, yv}, "set rows 4:0:-3");
  check_tiers({x, v}, {kt::inc_subtensor(x, {-1}, v)}, {xv, vv}, "inc row -1");
  check_tiers({x, s}, {kt::set_subtensor(x, {kt::slice(std::nullopt, std::nullopt, 2), 1}, s)},
              {xv, Array(2.5)}, "set a broadcast scalar into x[::2, 1]");
  check_tiers({x, s}, {kt::inc_subtensor(x, {kt::slice(7, 9)}, s)}, {xv, Array(1.0)}, "an empty region");
}

TEST_CASE("IncSubtensor keeps the reference's arithmetic for integers and float32, and shapes 0 and 1") {
  Var xi = kt::tensor("xi", DType::int32, {std::nullopt}), yi = kt::tensor("yi", DType::int32, {std::nullopt});
  Array big = Array::empty(DType::int32, {3});
  for (std::int64_t i = 0; i < 3; ++i) big.set_from_int(i, 2147483600 + i);
  check_tiers({xi, yi}, {kt::inc_subtensor(xi, {kt::slice(0, 3)}, yi)}, {big, big}, "int32 sums wrap");
  Var xf = kt::tensor("xf", DType::float32, {std::nullopt}), yf = kt::tensor("yf", DType::float32, {std::nullopt});
  check_tiers({xf, yf}, {kt::inc_subtensor(xf, {kt::slice(1, std::nullopt)}, yf)},
              {iota(DType::float32, {4}, 0.1), iota(DType::float32, {3}, 0.3)}, "float32");
  Var x = kt::vector("x"), y = kt::vector("y");
  check_tiers({x, y}, {kt::inc_subtensor(x, {kt::slice(0, 1)}, y)}, {iota(DType::float64, {1}), iota(DType::float64, {1})},
              "shape 1");
  check_tiers({x, y}, {kt::inc_subtensor(x, {kt::slice(0, 0)}, y)}, {iota(DType::float64, {0}), iota(DType::float64, {0})},
              "shape 0");
}

TEST_CASE("a symbolic index is read at run time: right values, the reference's bounds error") {
  Var x = kt::vector("x"), y = kt::scalar("y");
  Var i = kt::tensor("i", DType::int64, {});
  Var out = kt::inc_subtensor(x, {kt::slice(0, 4)}, x[i] * y);
  // The index is an input: the program stays step by step, all native.
  check_tiers({x, y, i}, {out}, {iota(DType::float64, {6}), Array(2.0), Array(std::int64_t{-2})}, "x[i]", false);
  kiln::Function f = kiln::function({x, y, i}, {out});
  check_error(f, {iota(DType::float64, {6}), Array(2.0), Array(std::int64_t{1})},
              {iota(DType::float64, {6}), Array(2.0), Array(std::int64_t{6})},
              "Subtensor{int64}: index 6 is out of bounds for axis 0 with size 6");
}

TEST_CASE("AdvancedSubtensor gathers rows by an integer array in both tiers") {
  Var x = kt::matrix("x"), idx = kt::tensor("idx", DType::int64, {std::nullopt});
  Array xv = iota(DType::float64, {4, 3}), iv = Array(std::vector<std::int64_t>{3, -1, 0, 0, 2});
  check_tiers({x, idx}, {kt::advanced_subtensor(x, idx)}, {xv, iv}, "gather of rows");
  // With no negative index the rows are read without wrapping (the loop's other version).
  check_tiers({x, idx}, {kt::advanced_subtensor(x, idx)}, {xv, Array(std::vector<std::int64_t>{3, 1, 0, 0, 2})},
              "gather of rows, none negative");
  check_tiers({x, idx}, {kt::advanced_subtensor(x, idx) * 2.0}, {xv, Array::empty(DType::int64, {0})}, "no rows");
  Var xf = kt::tensor("xf", DType::float32, {std::nullopt}), i32 = kt::tensor("i32", DType::int32, {std::nullopt, std::nullopt});
  Array two_d = Array::empty(DType::int32, {2, 2});
  for (std::int64_t k = 0; k < 4; ++k) two_d.set_from_int(k, (k * 3) % 5 - 2);
  check_tiers({xf, i32}, {kt::advanced_subtensor(xf, i32)}, {iota(DType::float32, {5}), two_d}, "float32 by int32 (2, 2)");

  kiln::Function f = kiln::function({x, idx}, {kt::advanced_subtensor(x, idx)});
  check_error(f, {xv, iv}, {xv, Array(std::vector<std::int64_t>{0, -5, 9, 1, 1})},
              "AdvancedSubtensor: index -5 is out of bounds for axis 0 with size 4");
  // The indices are tested in vector blocks first: a bad one past the first blocks, and the
  // extremes of int64 (whose wrap-around must not pass for in range), are still found.
  std::vector<std::int64_t> many(70);
  for (std::size_t k = 0; k < many.size(); ++k) many[k] = static_cast<std::int64_t>(k % 8) - 4;
  many[37] = std::numeric_limits<std::int64_t>::min();
  many[50] = std::numeric_limits<std::int64_t>::max();
  check_error(f, {xv, iv}, {xv, Array(many)},
              "AdvancedSubtensor: index -9223372036854775808 is out of bounds for axis 0 with size 4");
  many[37] = 1;
  check_error(f, {xv, iv}, {xv, Array(many)},
              "AdvancedSubtensor: index 9223372036854775807 is out of bounds for axis 0 with size 4");
}

TEST_CASE("AdvancedIncSubtensor scatters (repeated indices add up) and sets in both tiers") {
  Var x = kt::matrix("x"), y = kt::matrix("y"), r = kt::vector("r");
  Var idx = kt::tensor("idx", DType::int64, {std::nullopt});
  Array xv = iota(DType::float64, {4, 3}), yv = iota(DType::float64, {5, 3}, 0.5);
  Array iv = Array(std::vector<std::int64_t>{3, -1, 0, 0, 2});
  check_tiers({x, y, idx}, {kt::advanced_inc_subtensor(x, idx, y)}, {xv, yv, iv}, "scatter-add");
  check_tiers({x, y, idx}, {kt::advanced_inc_subtensor(x, idx, y)},
              {xv, yv, Array(std::vector<std::int64_t>{3, 1, 0, 0, 2})}, "scatter-add, none negative");
  check_tiers({x, y, idx}, {kt::advanced_set_subtensor(x, idx, y)}, {xv, yv, iv}, "scatter-set");
  check_tiers({x, r, idx}, {kt::advanced_inc_subtensor(x, idx, r)}, {xv, iota(DType::float64, {3}), iv}, "a broadcast row");

  kiln::Function f = kiln::function({x, y, idx}, {kt::advanced_inc_subtensor(x, idx, y)});
  check_error(f, {xv, yv, iv}, {xv, yv, Array(std::vector<std::int64_t>{0, 1, 4, 1, 1})},
              "AdvancedIncSubtensor: index 4 is out of bounds for axis 0 with size 4");
}

TEST_CASE("gathers and scatters by one index array share its check per length in a specialized program") {
  // The specialized program checks `idx` once against 6 and once against 4, and each gather and
  // scatter goes by the check of its own length (and its answer on negative indices).
  Var x6 = kt::vector("x6"), x4 = kt::vector("x4"), y = kt::vector("y");
  Var idx = kt::tensor("idx", DType::int64, {std::nullopt});
  std::vector<Var> outputs{kt::advanced_subtensor(x6, idx), kt::advanced_subtensor(x4, idx) * 2.0,
                           kt::advanced_inc_subtensor(x6, idx, y), kt::advanced_subtensor(x6, idx) + y};
  const Array x6v = iota(DType::float64, {6}), x4v = iota(DType::float64, {4}, 0.5),
              yv = iota(DType::float64, {4}, 0.25);
  for (const auto& rows : {std::vector<std::int64_t>{3, -1, 0, 2}, std::vector<std::int64_t>{3, 1, 0, 2}})
    check_tiers({x6, x4, y, idx}, outputs, {x6v, x4v, yv, Array(rows)}, "gathers and a scatter by one index");
  // In range for the length-6 steps, out of range for the length-4 gather alone.
  kiln::Function f = kiln::function({x6, x4, y, idx}, outputs);
  check_error(f, {x6v, x4v, yv, Array(std::vector<std::int64_t>{3, 1, 0, 2})},
              {x6v, x4v, yv, Array(std::vector<std::int64_t>{3, 5, 0, 2})},
              "AdvancedSubtensor: index 5 is out of bounds for axis 0 with size 4");
}

TEST_CASE("a gather by run-time rows is read inside its readers' loop, from a strided table, wrapping negative rows") {
  // m[:, 1][idx] (a stride-2 table) and v[idx] feed one elementwise loop only: the specialized
  // program reads table[idx[i]] there instead of storing either gather, and checks idx once.
  Var m = kt::matrix("m"), v = kt::vector("v"), w = kt::vector("w");
  Var idx = kt::tensor("idx", DType::int64, {std::nullopt});
  Var column = kt::subtensor(m, {kt::slice(std::nullopt, std::nullopt), 1});
  Var out = kt::advanced_subtensor(column, idx) * w + kt::exp(kt::advanced_subtensor(v, idx));
  const Array mv = iota(DType::float64, {5, 2}, 0.5), vv = iota(DType::float64, {5}, 0.1),
              wv = iota(DType::float64, {6});
  kiln::testing::LogCapture log("jit");
  for (const auto& rows : {std::vector<std::int64_t>{4, -1, 0, -5, 2, 2}, std::vector<std::int64_t>{4, 1, 0, 3, 2, 2}})
    check_tiers({m, v, w, idx}, {out}, {mv, vv, wv, Array(rows)}, "gathers read in the loop");
  INFO(log.text());
  CHECK(log.count("0 draws, 2 gathers and") >= 1);
  kiln::Function f = kiln::function({m, v, w, idx}, {out});
  check_error(f, {mv, vv, wv, Array(std::vector<std::int64_t>{4, 1, 0, 3, 2, 2})},
              {mv, vv, wv, Array(std::vector<std::int64_t>{4, 1, 0, -6, 2, 2})},
              "AdvancedSubtensor: index -6 is out of bounds for axis 0 with size 5");
}

TEST_CASE("a flat theta's logp and gradient: native in both tiers, gradients agree with finite differences") {
  Var theta = kt::vector("theta");
  auto logp = [](const Var& t) {
    Var mu = t[0], log_tau = t[1], z = t[kt::slice(2, 6)];
    return kt::sum(-0.5 * kt::sqr(z)) - 0.5 * kt::sqr(mu) + log_tau - kt::exp(log_tau) * kt::sum(z * mu);
  };
  Var lp = logp(theta);
  Array point(std::vector<double>{0.3, -0.2, 0.5, -1.0, 0.25, 2.0});
  kiln::testing::LogCapture log("jit");
  check_tiers({theta}, {lp, kiln::grad(lp, theta)}, {point}, "flat logp and gradient");
  CHECK(log.text().find("no native lowering") == std::string::npos);
  kiln::verify_grad([&](const std::vector<Var>& in) { return logp(in[0]); }, {point});
}

TEST_CASE("a scatter-add by run-time rows is made inside the loop computing its values, in element order") {
  // x[idx] += w^2 / 2 + w: the loop computing w^2 / 2 + w adds each value into its row, after
  // the scatter's rows are checked and its output set to x; no array of values is stored. 11
  // rows: a block of 8 and a tail of 3; rows repeat, so additions to one row collide. (Values
  // in quarters: exact in any order, as check_tiers needs after the rewrites.)
  Var x = kt::vector("x"), w = kt::vector("w");
  Var idx = kt::tensor("idx", DType::int64, {std::nullopt});
  Var out = kt::advanced_inc_subtensor(x, idx, 0.5 * kt::sqr(w) + w);
  const Array xv = iota(DType::float64, {5}, 0.5), wv = iota(DType::float64, {11}, 0.25);
  kiln::testing::LogCapture log("jit");
  for (const auto& rows : {std::vector<std::int64_t>{4, -1, 0, -5, 2, 2, 3, 1, 4, 4, 0},
                           std::vector<std::int64_t>{4, 1, 0, 3, 2, 2, 3, 1, 4, 4, 0}})
    check_tiers({x, w, idx}, {out}, {xv, wv, Array(rows)}, "a scatter in its values' loop");
  INFO(log.text());
  CHECK(log.count("gathers and 1 scatters fused") >= 1);
  kiln::Function f = kiln::function({x, w, idx}, {out});
  check_error(f, {xv, wv, Array(std::vector<std::int64_t>{4, 1, 0, 3, 2, 2, 3, 1, 4, 4, 0})},
              {xv, wv, Array(std::vector<std::int64_t>{4, 1, 0, 3, 2, 2, 3, 1, 4, 5, 0})},
              "AdvancedIncSubtensor: index 5 is out of bounds for axis 0 with size 5");
}

TEST_CASE("a gradient's scatters of gathered terms are made in the loop that sums them") {
  // sum((a[idx] + b[idx] * v - y)^2) and its gradient in a and b: one loop gathers a and b,
  // sums, and adds each element's two gradient terms into rows of a's and b's gradients.
  Var a = kt::vector("a"), b = kt::vector("b"), v = kt::vector("v"), y = kt::vector("y");
  Var idx = kt::tensor("idx", DType::int64, {std::nullopt});
  Var cost = kt::sum(kt::sqr(kt::advanced_subtensor(a, idx) + kt::advanced_subtensor(b, idx) * v - y));
  std::vector<Var> outputs{cost, kiln::grad(cost, a), kiln::grad(cost, b)};
  const Array av = iota(DType::float64, {6}, 0.5), bv = iota(DType::float64, {6}, -0.25),
              vv = iota(DType::float64, {19}, 0.75), yv = iota(DType::float64, {19}, 0.5);
  std::vector<std::int64_t> rows(19);
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<std::int64_t>((i * 7) % 6) - (i % 4 == 0 ? 6 : 0);
  kiln::testing::LogCapture log("jit");
  check_tiers({a, b, v, y, idx}, outputs, {av, bv, vv, yv, Array(rows)}, "a gradient's fused scatters");
  INFO(log.text());
  CHECK(log.count("2 gathers and 2 scatters fused") >= 1);
}

TEST_CASE("scatters by constant rows, set and added, short (inlined) and long (a step of their own), in both tiers") {
  // Up to 16 elements the node's code does them (its constant rows fold); beyond, a C++ step.
  // Both additions are made in the loops computing their values (the long one reading its
  // rows as wrapped when the program was specialized).
  Var x = kt::vector("x"), y3 = kt::vector("y3"), y40 = kt::vector("y40");
  const Var short_rows = kt::constant(Array(std::vector<std::int64_t>{4, -1, 0}));
  std::vector<std::int64_t> long_rows(40);
  for (std::size_t i = 0; i < long_rows.size(); ++i)
    long_rows[i] = static_cast<std::int64_t>((i * 3) % 7) - (i % 5 == 0 ? 7 : 0);
  const Var rows40 = kt::constant(Array(long_rows));
  std::vector<Var> outputs{
      kt::advanced_inc_subtensor(x, short_rows, y3 * 2.0), kt::advanced_set_subtensor(x, short_rows, y3 + 1.0),
      kt::advanced_inc_subtensor(x, rows40, y40 * 0.5), kt::advanced_set_subtensor(x, rows40, y40 - 1.0)};
  kiln::testing::LogCapture log("jit");
  check_tiers({x, y3, y40}, outputs,
              {iota(DType::float64, {7}, 0.5), iota(DType::float64, {3}, 0.25), iota(DType::float64, {40}, 0.75)},
              "scatters by constant rows");
  INFO(log.text());
  CHECK(log.count("0 gathers and 2 scatters fused") >= 1);
}

TEST_CASE("a scatter whose start is computed after its values' loop is not fused ahead of it") {
  // start = (x + sum(3 w))[1:6], a view of a loop that reads the sum, which the loop computing
  // the values 0.5 w + 1 also computes: the scatter's start is not ready before that loop, so
  // the scatter stays where it is.
  Var x = kt::vector("x"), w = kt::vector("w");
  Var idx = kt::tensor("idx", DType::int64, {std::nullopt});
  Var start = kt::subtensor(x + kt::sum(w * 3.0), {kt::slice(1, 6)});
  Var out = kt::advanced_inc_subtensor(start, idx, w * 0.5 + 1.0);
  check_tiers({x, w, idx}, {out},
              {iota(DType::float64, {6}, 0.5), iota(DType::float64, {11}, 0.25),
               Array(std::vector<std::int64_t>{4, -1, 0, -5, 2, 2, 3, 1, 4, 4, 0})},
              "a scatter into a view computed after its values");
}

TEST_CASE("chained scatters of one loop's values: the second starts from the first's finished sum") {
  // (x[idx] += v1)[idx] += v2, v1 and v2 from one loop: the first scatter is made in the loop;
  // the second starts from its result, complete only after the loop, so it is not moved ahead.
  Var x = kt::vector("x"), w = kt::vector("w");
  Var idx = kt::tensor("idx", DType::int64, {std::nullopt});
  Var once = kt::advanced_inc_subtensor(x, idx, w * 0.5 + 1.0);
  Var twice = kt::advanced_inc_subtensor(once, idx, w * w - 0.25);
  check_tiers({x, w, idx}, {twice},
              {iota(DType::float64, {5}, 0.5), iota(DType::float64, {11}, 0.25),
               Array(std::vector<std::int64_t>{4, -1, 0, -5, 2, 2, 3, 1, 4, 4, 0})},
              "chained scatters");
}
