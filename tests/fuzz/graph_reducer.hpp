// Cuts a failing recipe down to a small graph that still fails the same way.
#pragma once

#include "fuzz/differential_check.hpp"
#include "fuzz/graph_recipe.hpp"

namespace kiln::fuzz {

// Greedy reduction: makes single earlier steps the output and replaces steps by one of their
// operands while the check still reports a finding of `finding.kind`. Returns the smallest
// recipe found and its finding.
std::pair<Recipe, Finding> reduce(const Recipe& recipe, const Finding& finding);

// The number of steps the outputs reach (inputs included).
int graph_size(const Recipe& recipe);

}  // namespace kiln::fuzz
