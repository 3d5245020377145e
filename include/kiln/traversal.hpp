// Walking and copying graphs: graph_inputs, ancestors, toposort (Boost.Graph), clone_replace.
#pragma once

#include <kiln/graph.hpp>

#include <memory>
#include <vector>

namespace kiln {

// The root variables (inputs, constants, shared variables) the outputs depend on, in
// first-visit order (depth first, inputs left to right). `blockers` are treated as roots.
std::vector<Var> graph_inputs(const std::vector<Var>& outputs, const std::vector<Var>& blockers = {});

// Every variable the outputs depend on, outputs included, in first-visit order.
std::vector<Var> ancestors(const std::vector<Var>& outputs, const std::vector<Var>& blockers = {});

// The Apply nodes between the roots (or blockers) and the outputs, each after its inputs' owners.
std::vector<std::shared_ptr<Apply>> toposort(const std::vector<Var>& outputs, const std::vector<Var>& blockers = {});

// Copies of `outputs` with each `replace[i].first` replaced by `replace[i].second`; every Apply
// between them is rebuilt, roots are shared. The original graph is left unchanged.
std::vector<Var> clone_replace(const std::vector<Var>& outputs, const std::vector<std::pair<Var, Var>>& replace);

}  // namespace kiln
