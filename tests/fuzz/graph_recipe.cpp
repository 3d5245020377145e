// Rebuilding a recipe's graph and printing it as a reproducer.
#include "fuzz/graph_recipe.hpp"

#include <sstream>

namespace kiln::fuzz {

BuiltGraph build(const Recipe& recipe) {
  const std::size_t n = recipe.steps.size();
  // Which steps the outputs reach, following aliases.
  std::vector<char> needed(n, 0);
  auto target = [&](int i) {
    while (recipe.steps[static_cast<std::size_t>(i)].alias)
      i = recipe.steps[static_cast<std::size_t>(i)].args[static_cast<std::size_t>(*recipe.steps[static_cast<std::size_t>(i)].alias)];
    return i;
  };
  for (int o : recipe.outputs) needed[static_cast<std::size_t>(target(o))] = 1;
  for (std::size_t i = n; i-- > 0;)
    if (needed[i])
      for (int a : recipe.steps[i].args) needed[static_cast<std::size_t>(target(a))] = 1;

  BuiltGraph g;
  std::vector<Var> vars(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Step& s = recipe.steps[i];
    if (!needed[i] || s.alias) continue;
    std::vector<Var> args;
    for (int a : s.args) args.push_back(vars[static_cast<std::size_t>(target(a))]);
    vars[i] = s.make(args);
    if (s.input_value) {
      g.inputs.push_back(vars[i]);
      g.values.push_back(*s.input_value);
    }
  }
  for (int o : recipe.outputs) g.outputs.push_back(vars[static_cast<std::size_t>(target(o))]);
  return g;
}

std::string reproducer(const Recipe& recipe) {
  std::ostringstream os;
  os << "seed " << recipe.seed << " index " << recipe.index << " (kiln_fuzz --one " << recipe.seed << " "
     << recipe.index << ")\n";
  try {
    BuiltGraph g = build(recipe);
    dprint(g.outputs, os);
    for (std::size_t i = 0; i < g.inputs.size(); ++i)
      os << "input " << to_string(g.inputs[i]) << " : " << g.inputs[i].type().str() << " = " << repr(g.values[i]) << "\n";
  } catch (const std::exception& e) {
    os << "(the recipe does not build: " << e.what() << ")\n";
  }
  return os.str();
}

}  // namespace kiln::fuzz
