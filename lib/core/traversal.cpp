// Graph traversal: depth-first discovery of variables and nodes, Boost.Graph's topological sort,
// and clone_replace built on it.
#include <kiln/traversal.hpp>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/topological_sort.hpp>

#include <algorithm>
#include <iterator>
#include <unordered_map>
#include <unordered_set>

namespace kiln {
namespace {

std::unordered_set<const VariableNode*> as_set(const std::vector<Var>& vars) {
  std::unordered_set<const VariableNode*> s;
  for (const auto& v : vars) s.insert(v.get());
  return s;
}

// Depth-first, inputs left to right, without recursion (graphs may be tens of thousands deep).
template <class Visit>
void walk_variables(const std::vector<Var>& outputs, const std::vector<Var>& blockers, Visit&& visit) {
  auto blocked = as_set(blockers);
  std::unordered_set<const VariableNode*> seen;
  std::vector<Var> stack(outputs.rbegin(), outputs.rend());
  while (!stack.empty()) {
    Var v = std::move(stack.back());
    stack.pop_back();
    if (!seen.insert(v.get()).second) continue;
    bool is_root = v.get()->owner == nullptr || blocked.count(v.get());
    visit(v, is_root);
    if (is_root) continue;
    const auto& ins = v.get()->owner->inputs();
    for (auto it = ins.rbegin(); it != ins.rend(); ++it)
      if (!seen.count(it->get())) stack.push_back(*it);
  }
}

// Apply nodes in depth-first post-order from the outputs (inputs left to right): a topological
// order in one linear walk, for clone_replace, which runs on every compile.
std::vector<std::shared_ptr<Apply>> postorder(const std::vector<Var>& outputs, const std::vector<Var>& blockers) {
  auto blocked = as_set(blockers);
  std::vector<std::shared_ptr<Apply>> order;
  std::unordered_set<const Apply*> visited;
  std::vector<std::pair<std::shared_ptr<Apply>, bool>> stack;
  for (auto it = outputs.rbegin(); it != outputs.rend(); ++it)
    if (it->get()->owner && !blocked.count(it->get())) stack.emplace_back(it->owner(), false);
  while (!stack.empty()) {
    auto [node, expanded] = std::move(stack.back());
    stack.pop_back();
    if (expanded) {
      order.push_back(std::move(node));
      continue;
    }
    if (!visited.insert(node.get()).second) continue;
    const auto& ins = node->inputs();
    stack.emplace_back(node, true);
    for (auto it = ins.rbegin(); it != ins.rend(); ++it)
      if (it->get()->owner && !blocked.count(it->get()) && !visited.count(it->get()->owner))
        stack.emplace_back(it->owner(), false);
  }
  return order;
}

}  // namespace

std::vector<Var> graph_inputs(const std::vector<Var>& outputs, const std::vector<Var>& blockers) {
  require_vars(outputs, "graph_inputs", "output");
  require_vars(blockers, "graph_inputs", "blocker");
  std::vector<Var> roots;
  walk_variables(outputs, blockers, [&](const Var& v, bool is_root) {
    if (is_root) roots.push_back(v);
  });
  return roots;
}

std::vector<Var> ancestors(const std::vector<Var>& outputs, const std::vector<Var>& blockers) {
  require_vars(outputs, "ancestors", "output");
  require_vars(blockers, "ancestors", "blocker");
  std::vector<Var> all;
  walk_variables(outputs, blockers, [&](const Var& v, bool) { all.push_back(v); });
  return all;
}

std::vector<std::shared_ptr<Apply>> toposort(const std::vector<Var>& outputs, const std::vector<Var>& blockers) {
  require_vars(outputs, "toposort", "output");
  require_vars(blockers, "toposort", "blocker");
  // Vertices are the Apply nodes in discovery order; an edge runs from an input's owner to its
  // consumer. Boost's topological_sort emits reverse topological order.
  std::vector<std::shared_ptr<Apply>> nodes;
  std::unordered_map<const Apply*, std::size_t> index;
  walk_variables(outputs, blockers, [&](const Var& v, bool is_root) {
    if (is_root) return;
    const Apply* a = v.get()->owner;
    if (index.emplace(a, nodes.size()).second) nodes.push_back(v.owner());
  });
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
  Graph g(nodes.size());
  auto blocked = as_set(blockers);
  for (std::size_t i = 0; i < nodes.size(); ++i)
    for (const auto& in : nodes[i]->inputs()) {
      if (in.get()->owner == nullptr || blocked.count(in.get())) continue;
      boost::add_edge(index.at(in.get()->owner), i, g);
    }
  std::vector<std::size_t> order;
  order.reserve(nodes.size());
  boost::topological_sort(g, std::back_inserter(order));
  std::vector<std::shared_ptr<Apply>> sorted;
  sorted.reserve(nodes.size());
  for (auto it = order.rbegin(); it != order.rend(); ++it) sorted.push_back(nodes[*it]);
  return sorted;
}

std::vector<Var> clone_replace(const std::vector<Var>& outputs, const std::vector<std::pair<Var, Var>>& replace) {
  require_vars(outputs, "clone_replace", "output");
  std::unordered_map<const VariableNode*, Var> memo;
  std::vector<Var> blockers;
  for (const auto& [old_var, new_var] : replace) {
    if (!old_var || !new_var) throw InputError("clone_replace: a replacement pair holds a null Var");
    if (old_var.dtype() != new_var.dtype() || old_var.ndim() != new_var.ndim())
      throw TypeError("clone_replace: cannot replace " + to_string(old_var) + " of type " + old_var.type().str() +
                      " with " + to_string(new_var) + " of type " + new_var.type().str());
    memo[old_var.get()] = new_var;
    blockers.push_back(old_var);
  }
  for (const auto& node : postorder(outputs, blockers)) {
    std::vector<Var> inputs;
    for (const auto& in : node->inputs()) {
      auto it = memo.find(in.get());
      inputs.push_back(it == memo.end() ? in : it->second);
    }
    auto copy = Apply::make(node->op_ptr(), std::move(inputs));
    for (std::size_t i = 0; i < node->num_outputs(); ++i) {
      Var old_out = node->output(static_cast<int>(i));
      Var new_out = copy->output(static_cast<int>(i));
      new_out.set_name(old_out.name());
      memo[old_out.get()] = new_out;
    }
  }
  std::vector<Var> result;
  for (const auto& out : outputs) {
    auto it = memo.find(out.get());
    result.push_back(it == memo.end() ? out : it->second);
  }
  return result;
}

}  // namespace kiln
