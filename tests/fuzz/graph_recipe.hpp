// A generated graph kept as the list of steps that built it, so that the reducer can cut it
// down and rebuild it, and a reproducer can print it.
#pragma once

#include <kiln/kiln.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace kiln::fuzz {

// One node of the recipe: an input, or an op applied to earlier steps.
struct Step {
  std::string what;       // how the reproducer names it: "add", "sum axis=[0] keepdims"
  std::vector<int> args;  // earlier steps whose variables `make` receives, in order
  std::function<Var(const std::vector<Var>&)> make;
  std::optional<Array> input_value;  // set for the graph's inputs (make returns the input)
  std::optional<int> alias;          // set by the reducer: this step is its args[*alias]
};

struct Recipe {
  std::uint64_t seed = 0;
  std::uint64_t index = 0;
  std::vector<Step> steps;
  std::vector<int> outputs;
  bool check_gradient = false;  // smooth ops on values inside their domains
};

// The graph a recipe describes: the inputs the outputs depend on, their values, the outputs.
struct BuiltGraph {
  std::vector<Var> inputs;
  std::vector<Array> values;
  std::vector<Var> outputs;
};

// Builds the graph; throws kiln::TypeError when a step no longer builds (after a reduction).
BuiltGraph build(const Recipe& recipe);

// The recipe's seed and index, the outputs' dprint and the inputs' values.
std::string reproducer(const Recipe& recipe);

}  // namespace kiln::fuzz
