// The state behind pm::Model, shared by the files that build its graphs and functions.
#pragma once

#include <kiln/pm/model.hpp>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace kiln::pm {

// What a model function makes of a distribution's log-density graph (the identity for
// Model::logp; sampler_terms.cpp has the sampler's forms).
using TermForm = std::function<Var(const Var& logp)>;

struct ModelVariable {
  Var rv;
  Var value;               // the value variable (free) or the data constant (observed)
  TransformPtr transform;  // null when none (always null for observed variables)
  bool observed = false;
};

// A compiled map between constrained values and theta (unconstrain's or constrain's).
struct CompiledMap {
  std::size_t registered;  // the model's variables and deterministics when it was compiled
  Function function;
  std::vector<Shape> shapes;  // constrain's: the value variables' shapes, theta's parts
};

struct Model::Impl {
  ModelOptions options;                  // options.coords is the model's coords, added to by add_coord
  std::vector<ModelVariable> variables;  // in creation order
  std::vector<Var> deterministics;
  std::vector<Var> potentials;
  std::vector<Var> data;                                               // pm::Data's shared variables
  std::vector<std::pair<std::string, std::vector<std::string>>> dims;  // named variable -> its dims
  std::vector<std::string> names;  // every name taken (variables, value variables, ...)
  // unconstrain's and constrain's functions, compiled on first use and again only once the
  // model has gained a variable (model_flat.cpp).
  mutable std::mutex maps_mutex;
  mutable std::shared_ptr<const CompiledMap> unconstrain_map, constrain_map;

  // Records a name, or throws naming it when the model already has it.
  void claim_name(const std::string& name);
  const ModelVariable& variable_of(const Var& rv) const;
  // The dims of a named variable (empty when it has none).
  const std::vector<std::string>& dims_of(const std::string& name) const;
  // The name of each logp term (sum = false): the variables' in ordered(), then the potentials'.
  std::vector<std::string> term_names() const;
  // Free first, then observed (PyMC's basic_RVs order).
  std::vector<const ModelVariable*> ordered() const;
  // Each random variable -> the constrained value that stands for it in log-density graphs.
  std::vector<std::pair<Var, Var>> rv_replacements() const;
  // The terms of the log-density, in ordered() then the potentials: one list per form, each
  // variable's term being its distribution's log-density in that form plus the log-Jacobian.
  // The forms share one graph.
  std::vector<std::vector<Var>> terms(bool jacobian, const std::vector<TermForm>& forms) const;
};

// The add of the terms' sums (the model's logp), named __logp.
Var summed_total(const std::vector<Var>& terms);

// The sampler's forms of a distribution's log-density (sampler_terms.cpp): for its value, whose
// terms are only summed, checks become switches to -inf that reject element by element where a
// condition lines up with the elements (dropped without check_bounds); for its gradient, checks
// and support switches are left out.
Var summed_form(const Var& logp, bool check_bounds);
Var differentiated_form(const Var& logp);

// Model functions compile with the full rewrite pipeline (fusion makes a log-density one loop).
inline constexpr Mode model_mode = Mode::FAST_RUN;

// The model graph with each parameter check turned into switch(conditions, value, -inf)
// (check_bounds) or dropped, as PyMC's compile does.
std::vector<Var> replace_checks(const std::vector<Var>& outputs, bool check_bounds);

// The concrete shape of a type whose dims are all known (nothing otherwise).
std::optional<Shape> known_shape(const TensorType& type);

// A model function's outputs split at the data inputs (data_split.cpp): `derived` are the
// values computed from the data alone that the rest reads, `outputs` read them through
// `derived_inputs` instead, so the derived values are computed once per data change.
struct DataSplit {
  std::vector<Var> derived, derived_inputs, outputs;
};
DataSplit split_data(const std::vector<Var>& outputs, const std::vector<Var>& data_inputs);

// Flattened gradient of `cost` over `vars`, concatenated (PyMC's gradient()).
Var flat_gradient(const Var& cost, const std::vector<Var>& vars);

}  // namespace kiln::pm
