// Splitting a model function at its data: what reads only pm::Data (gammaln(y + 1) of observed
// counts, casts, support conditions on the data) is computed once per data change by its own
// function, and the per-call function reads the results as inputs.
#include "pm/model_impl.hpp"

#include <kiln/traversal.hpp>

#include <unordered_set>

namespace kiln::pm {

DataSplit split_data(const std::vector<Var>& outputs, const std::vector<Var>& data_inputs) {
  std::unordered_set<const VariableNode*> data_only;   // vars computed from the data and constants alone
  std::unordered_set<const VariableNode*> reads_data;  // ... that depend on at least one data input
  for (const auto& x : data_inputs) data_only.insert(x.get()), reads_data.insert(x.get());
  DataSplit split;
  std::unordered_set<const VariableNode*> hoisted;
  auto hoist = [&](const Var& v) {
    if (v.owner() && reads_data.count(v.get()) && hoisted.insert(v.get()).second) split.derived.push_back(v);
  };
  for (const auto& node : toposort(outputs)) {
    bool only = true, reads = false;
    for (const auto& in : node->inputs()) {
      only = only && (in.is_constant() || data_only.count(in.get()));
      reads = reads || reads_data.count(in.get());
    }
    if (only) {  // from constants alone too (a broadcast constant), which the compiler folds
      for (std::size_t i = 0; i < node->num_outputs(); ++i) {
        data_only.insert(node->output(static_cast<int>(i)).get());
        if (reads) reads_data.insert(node->output(static_cast<int>(i)).get());
      }
      continue;
    }
    for (const auto& in : node->inputs()) hoist(in);  // a per-call node reads a data-only value
  }
  for (const auto& out : outputs) hoist(out);
  std::vector<std::pair<Var, Var>> stand_ins;
  for (const auto& v : split.derived) {
    split.derived_inputs.push_back(make_input(v.type(), v.name()));
    stand_ins.emplace_back(v, split.derived_inputs.back());
  }
  split.outputs = stand_ins.empty() ? outputs : clone_replace(outputs, stand_ins);
  return split;
}

}  // namespace kiln::pm
