// The state behind pm::Model, shared by the files that build its graphs and functions.
#pragma once

#include <kiln/pm/model.hpp>

#include <optional>
#include <string>
#include <vector>

namespace kiln::pm {

struct ModelVariable {
  Var rv;
  Var value;                 // the value variable (free) or the data constant (observed)
  TransformPtr transform;    // null when none (always null for observed variables)
  bool observed = false;
};

struct Model::Impl {
  ModelOptions options;
  std::vector<ModelVariable> variables;  // in creation order
  std::vector<Var> deterministics;
  std::vector<Var> potentials;
  std::vector<std::string> names;  // every name taken (variables, value variables, ...)

  // Records a name, or throws naming it when the model already has it.
  void claim_name(const std::string& name);
  const ModelVariable& variable_of(const Var& rv) const;
  // The name of each logp term (sum = false): the variables' in ordered(), then the potentials'.
  std::vector<std::string> term_names() const;
  // Free first, then observed (PyMC's basic_RVs order).
  std::vector<const ModelVariable*> ordered() const;
  // Each random variable -> the constrained value that stands for it in log-density graphs.
  std::vector<std::pair<Var, Var>> rv_replacements() const;
};

// Model functions compile with the full rewrite pipeline (fusion makes a log-density one loop).
inline constexpr Mode model_mode = Mode::FAST_RUN;

// The model graph with each parameter check turned into switch(conditions, value, -inf)
// (check_bounds) or dropped, as PyMC's compile does.
std::vector<Var> replace_checks(const std::vector<Var>& outputs, bool check_bounds);

// The concrete shape of a type whose dims are all known (nothing otherwise).
std::optional<Shape> known_shape(const TensorType& type);

// Flattened gradient of `cost` over `vars`, concatenated (PyMC's gradient()).
Var flat_gradient(const Var& cost, const std::vector<Var>& vars);

}  // namespace kiln::pm
