// merge: one node for equal computations (same op, same inputs) and one constant for equal
// values, so later rewrites see `x + y` computed twice as the same variable.
#include "rewrite/rewrite_sets.hpp"

#include <cstring>
#include <unordered_map>

namespace kiln::rewrite {
namespace {

std::size_t node_key(const Apply& node) {
  std::size_t h = node.op().hash();
  for (const auto& in : node.inputs()) h = h * 1000003u ^ std::hash<const void*>()(in.get());
  return h;
}

std::size_t constant_key(const Array& a) {
  std::size_t h = std::hash<int>()(static_cast<int>(a.dtype()));
  for (auto d : a.shape()) h = h * 31 + static_cast<std::size_t>(d);
  for (std::int64_t i = 0; i < a.size(); ++i) h = h * 1000003u ^ std::hash<double>()(a.get_as_double(i));
  return h;
}

int merge_constants(FunctionGraph& fg) {
  std::unordered_map<std::size_t, std::vector<Var>> seen;
  std::vector<std::pair<Var, Var>> replacements;
  std::unordered_map<const VariableNode*, bool> visited;
  for (const auto& node : fg.toposort()) {
    for (const auto& in : node->inputs()) {
      if (!in.is_constant() || visited[in.get()]) continue;
      visited[in.get()] = true;
      auto& bucket = seen[constant_key(in.constant_value())];
      bool merged = false;
      for (const auto& other : bucket) {
        if (other.constant_value().same_values(in.constant_value()) && other.type() == in.type()) {
          replacements.emplace_back(in, other);
          merged = true;
          break;
        }
      }
      if (!merged) bucket.push_back(in);
    }
  }
  for (const auto& [o, n] : replacements) fg.replace(o, n, "merge");
  return static_cast<int>(replacements.size());
}

int merge_nodes(FunctionGraph& fg) {
  int merged = 0;
  std::unordered_map<std::size_t, std::vector<std::shared_ptr<Apply>>> seen;
  for (const auto& node : fg.toposort()) {
    if (!fg.contains(node.get())) continue;
    auto& bucket = seen[node_key(*node)];
    std::shared_ptr<Apply> twin;
    for (const auto& other : bucket)
      if (fg.contains(other.get()) && other->inputs() == node->inputs() && other->op().equals(node->op())) twin = other;
    if (!twin) {
      bucket.push_back(node);
      continue;
    }
    for (std::size_t i = 0; i < node->num_outputs(); ++i)
      fg.replace(node->output(static_cast<int>(i)), twin->output(static_cast<int>(i)), "merge");
    ++merged;
  }
  return merged;
}

}  // namespace

void add_merge(RewriteDatabase& db) {
  db.add("merge", GraphRewrite{"merge_constants", {"fast_run", "fast_compile", "merge"}, merge_constants});
  db.add("merge", GraphRewrite{"merge_nodes", {"fast_run", "fast_compile", "merge"}, merge_nodes});
  // Later phases create equal nodes again (e.g. two rewrites building the same DimShuffle).
  db.add("merge_again", GraphRewrite{"merge_nodes_again", {"fast_run", "merge"}, merge_nodes});
}

}  // namespace kiln::rewrite
