// Test support: compile an expression with the rewrites and compare it, on random inputs,
// with the reference evaluation of the unrewritten graph.
#pragma once

#include "rewrite/function_graph.hpp"
#include "rewrite/rewriter.hpp"

#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

namespace kiln::testing {

// The rewritten graph of `outputs` (the standard fast_run pipeline, or only `names`).
inline std::vector<Var> rewritten(const std::vector<Var>& inputs, const std::vector<Var>& outputs) {
  FunctionGraph fg(inputs, outputs);
  run_rewrites(fg, RewriteDatabase::standard().query({}));
  return fg.outputs();
}

// Random arrays for the inputs (vectors of length 5 for ndim 1), in [lo, hi].
inline Givens random_inputs(const std::vector<Var>& inputs, double lo, double hi, unsigned seed) {
  std::mt19937_64 gen(seed);
  std::uniform_real_distribution<double> dist(lo, hi);
  Givens g;
  for (const auto& in : inputs) {
    Shape shape(static_cast<std::size_t>(in.ndim()), 5);
    Array a = Array::empty(DType::float64, shape);
    for (std::int64_t i = 0; i < a.size(); ++i) a.set_from_double(i, dist(gen));
    g.emplace_back(in, a);
  }
  return g;
}

// The compiled function and the reference evaluation agree on several random points.
inline void check_same_values(const std::vector<Var>& inputs, const Var& expr, double lo = -2, double hi = 2,
                              double rel = 1e-12) {
  Function f = function(inputs, expr);
  for (unsigned seed = 1; seed <= 5; ++seed) {
    Givens g = random_inputs(inputs, lo, hi, seed);
    Array expected = evaluate({expr}, g)[0];
    std::vector<Array> args;
    for (auto& [v, a] : g) args.push_back(a);
    Array got = f.call_positional(args)[0];
    REQUIRE(got.shape() == expected.shape());
    for (std::int64_t i = 0; i < got.size(); ++i) {
      double e = expected.get_as_double(i), r = got.get_as_double(i);
      if (std::isnan(e)) {
        CHECK(std::isnan(r));
      } else {
        CHECK(r == Approx(e).epsilon(rel).margin(1e-300));
      }
    }
  }
}

// How many nodes of the rewritten graph print with this op name.
inline int count_ops(const std::vector<Var>& outputs, const std::string& op_name) {
  int n = 0;
  for (const auto& node : toposort(outputs))
    if (node->op().name() == op_name) ++n;
  return n;
}

}  // namespace kiln::testing
