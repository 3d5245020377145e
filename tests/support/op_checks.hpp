// Checking tensor ops in tests: values, op names, and gradient rules against finite differences.
#pragma once

#include <kiln/tensor.hpp>

#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace kiln::testing {

inline std::vector<double> values(const Var& e, const Givens& givens) { return e.eval(givens).to_vector<double>(); }

inline std::string op_name(const Var& v) { return v.owner()->op().name(); }

// Central differences of sum(weights * out) with respect to givens[wrt].
inline Array numeric_grad(const Var& out, const Givens& givens, std::size_t wrt, const Array& weights) {
  const double h = 1e-6;
  Array g = Array::zeros(float64, givens[wrt].second.shape());
  for (std::int64_t k = 0; k < g.size(); ++k) {
    double side[2];
    for (int s = 0; s < 2; ++s) {
      Givens moved = givens;
      Array x = givens[wrt].second.copy();
      x.set_from_double(k, x.get_as_double(k) + (s ? -h : h));
      moved[wrt].second = x;
      Array y = out.eval(moved);
      side[s] = 0;
      for (std::int64_t i = 0; i < y.size(); ++i) side[s] += weights.get_as_double(i) * y.get_as_double(i);
    }
    g.set_from_double(k, (side[0] - side[1]) / (2 * h));
  }
  return g;
}

// What check_grad_rules asserts about the inputs whose rules it does not compare.
enum class OtherInputs {
  unchecked,        // nothing
  no_rule,          // each has no gradient rule
  counted_no_rule,  // the op gives one rule per node input, and each of the others has none
};

// The op's own gradient rules for the first `n_checked` inputs of `out`'s node (given in that
// order in `givens`), for output gradient 0.5, 1.5, 2.5, ..., against finite differences of
// the node's output. Returns all the rules.
inline std::vector<Var> check_grad_rules(const Var& out, const Givens& givens, std::size_t n_checked,
                                         OtherInputs others = OtherInputs::unchecked) {
  Array y = out.eval(givens);
  Array weights = Array::empty(float64, y.shape());
  for (std::int64_t i = 0; i < y.size(); ++i) weights.set_from_double(i, 0.5 + static_cast<double>(i));
  auto node = out.owner();
  auto rules = node->op().grad(*node, {tensor::constant(weights.astype(out.dtype()))});
  if (others == OtherInputs::counted_no_rule) REQUIRE(rules.size() == node->inputs().size());
  if (others != OtherInputs::unchecked)
    for (std::size_t i = n_checked; i < rules.size(); ++i) CHECK_FALSE(rules[i]);
  for (std::size_t input = 0; input < n_checked; ++input) {
    Array got = rules[input].eval(givens);
    Array expected = numeric_grad(out, givens, input, weights);
    REQUIRE(got.shape() == expected.shape());
    for (std::int64_t i = 0; i < got.size(); ++i)
      CHECK(got.get_as_double(i) == Approx(expected.get_as_double(i)).epsilon(1e-6).margin(1e-6));
  }
  return rules;
}

// Every input's rule, the inputs given in order in `givens`.
inline std::vector<Var> check_grad_rules(const Var& out, const Givens& givens) {
  return check_grad_rules(out, givens, givens.size());
}

}  // namespace kiln::testing
