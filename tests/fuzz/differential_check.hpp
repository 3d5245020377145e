// Runs one recipe through compiled functions (FAST_RUN and FAST_COMPILE, enough calls for both
// execution tiers) and through the reference evaluator, and reports the first disagreement.
#pragma once

#include "fuzz/graph_recipe.hpp"

#include <optional>
#include <string>

namespace kiln::fuzz {

struct Finding {
  // "values differ", "shapes differ", "dtypes differ", "one-sided exception",
  // "exception types differ", "gradient differs": the reducer keeps a graph failing this way.
  std::string kind;
  std::string detail;  // where (mode, call, output, element) and both sides
  bool is_exception() const { return kind == "one-sided exception" || kind == "exception types differ"; }
};

std::optional<Finding> check(const Recipe& recipe);

}  // namespace kiln::fuzz
