// fusion: maximal groups of Elemwise nodes become one Composite node holding their scalar
// graph, the unit the JIT lowers into a single loop (no temporary arrays between the ops);
// a reduction of such a group joins it, so a log-density's sum(f(x)) is one pass.
// A node joins a group only when every reader of its output is in the group (nothing is
// computed twice) and it has the group's broadcast pattern (a scalar subexpression is not
// recomputed per element: it stays outside, as an input the loop hoists).
#include "rewrite/match.hpp"
#include "rewrite/rewrite_sets.hpp"
#include "tensor/composite.hpp"
#include "tensor/reduce.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace kiln::rewrite {
namespace {

bool same_pattern(const TensorType& a, const TensorType& b) {
  if (a.ndim() != b.ndim()) return false;
  for (int d = 0; d < a.ndim(); ++d)
    if (a.broadcastable(d) != b.broadcastable(d)) return false;
  return true;
}

// Integer nodes fuse too: a Composite computes each node as its Elemwise would (in int64 with
// integer semantics, exact beyond 2^53; else in double).
bool fusable(const Apply& node) { return elemwise_op(node) != nullptr && node.num_outputs() == 1; }

bool cheap_to_recompute(const Apply& node) {
  const auto* e = elemwise_op(node);
  if (!e || node.inputs().size() > 2) return false;
  switch (e->scalar()) {
    case ScalarOp::add:
    case ScalarOp::sub:
    case ScalarOp::mul:
    case ScalarOp::neg:
    case ScalarOp::sqr:
    case ScalarOp::second:
    case ScalarOp::cast:
      return true;
    default:
      return false;
  }
}

// The Elemwise nodes that can be computed inside root's loop. A node is tried when one of its
// readers joins, and tried again when another does (its last reader joining may admit it):
// each node is tried once per reader, so a chain whose nodes are each read twice (the forward
// values a gradient reuses) grows in one sweep, not in one pass over the group per node.
std::vector<Apply*> grow_group(const FunctionGraph& fg, Apply* root) {
  std::vector<Apply*> group{root};
  std::unordered_set<Apply*> members{root};
  const TensorType& pattern = root->output(0).type();
  std::vector<Apply*> joined{root};  // members whose inputs are still to be tried
  while (!joined.empty()) {
    Apply* member = joined.back();
    joined.pop_back();
    for (const auto& in : member->inputs()) {
      Apply* owner = in.get()->owner;
      if (!owner || members.count(owner) || !fg.contains(owner) || !fusable(*owner)) continue;
      if (!same_pattern(in.type(), pattern)) continue;
      const auto& readers = fg.clients(in);
      bool all_inside = std::all_of(readers.begin(), readers.end(),
                                    [&](const Client& c) { return c.node && members.count(c.node); });
      // A one-flop node read elsewhere too is recomputed in this loop rather than stored:
      // re-reading its inputs costs less than writing and reading its result.
      if (!all_inside && !cheap_to_recompute(*owner)) continue;
      group.push_back(owner);
      members.insert(owner);
      joined.push_back(owner);
    }
  }
  return group;
}

// Builds the Composite for a group (nodes in topological order, root last).
Var build_composite(const std::vector<Apply*>& ordered) {
  std::unordered_map<const VariableNode*, int> ref;
  std::vector<Var> inputs;
  std::vector<DType> input_dtypes;
  std::unordered_set<const Apply*> inside(ordered.begin(), ordered.end());
  for (Apply* node : ordered)
    for (const auto& in : node->inputs())
      if ((!in.get()->owner || !inside.count(in.get()->owner)) && !ref.count(in.get())) {
        ref[in.get()] = static_cast<int>(inputs.size());
        inputs.push_back(in);
        input_dtypes.push_back(in.dtype());
      }
  int n_inputs = static_cast<int>(inputs.size());
  std::vector<tensor::ScalarNode> nodes;
  for (Apply* node : ordered) {
    const auto* e = elemwise_op(*node);
    tensor::ScalarNode s{e->scalar(), {}, node->output(0).dtype(), e->cast_to()};
    for (const auto& in : node->inputs()) s.args.push_back(ref.at(in.get()));
    ref[node->output(0).get()] = n_inputs + static_cast<int>(nodes.size());
    nodes.push_back(std::move(s));
  }
  int out_ref = n_inputs + static_cast<int>(nodes.size()) - 1;
  auto op = std::make_shared<tensor::Composite>(std::move(input_dtypes), std::move(nodes), std::vector<int>{out_ref});
  return apply_op(op, inputs);
}

int fuse_elemwise(FunctionGraph& fg) {
  auto order = fg.toposort();
  std::unordered_map<const Apply*, std::size_t> position;
  for (std::size_t i = 0; i < order.size(); ++i) position[order[i].get()] = i;
  int fused = 0;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    Apply* root = it->get();
    if (!fg.contains(root) || !fusable(*root)) continue;
    auto group = grow_group(fg, root);
    if (group.size() < 2) continue;
    std::sort(group.begin(), group.end(), [&](Apply* a, Apply* b) { return position.at(a) < position.at(b); });
    Var old = root->output(0);
    Var fused_out = build_composite(group);
    fused_out.set_name(old.name());
    fg.replace(old, fused_out, "elemwise_fusion");
    ++fused;
  }
  return fused;
}

// The Composite (or single Elemwise) that computes `v`, as a Composite, when only `reader`
// reads v; null otherwise.
std::shared_ptr<const tensor::Composite> fusable_producer(const FunctionGraph& fg, const Var& v, const Apply* reader) {
  auto owner = v.owner();
  if (!owner || owner->num_outputs() != 1) return nullptr;
  const auto& readers = fg.clients(v);
  if (readers.size() != 1 || readers[0].node != reader) return nullptr;
  if (auto composite = std::dynamic_pointer_cast<const tensor::Composite>(owner->op_ptr()))
    return composite->reduce() ? nullptr : composite;
  const auto* e = elemwise_op(*owner);
  if (!e) return nullptr;
  std::vector<DType> dtypes;
  tensor::ScalarNode node{e->scalar(), {}, v.dtype(), e->cast_to()};
  for (std::size_t i = 0; i < owner->inputs().size(); ++i) {
    dtypes.push_back(owner->inputs()[i].dtype());
    node.args.push_back(static_cast<int>(i));
  }
  int out = static_cast<int>(dtypes.size());
  return std::make_shared<tensor::Composite>(std::move(dtypes), std::vector<tensor::ScalarNode>{node}, std::vector<int>{out});
}

// A reduction of a fused elementwise expression becomes one Composite with a ReduceSpec: the
// JIT then computes sum(f(x)) in one pass with no temporary array.
int fuse_reductions(FunctionGraph& fg) {
  int fused = 0;
  for (const auto& node : fg.toposort()) {
    if (!fg.contains(node.get())) continue;
    auto* reduce = dynamic_cast<const tensor::Reduce*>(&node->op());
    if (!reduce) continue;
    Var in = node->inputs()[0];
    Var out = node->output(0);
    if (in.ndim() == 0 || in.dtype() != out.dtype()) continue;
    // A fused loop reduces in double: exact for floats and bools, not for int64 above 2^53.
    if (!is_float(out.dtype()) && out.dtype() != DType::bool_) continue;
    auto producer = fusable_producer(fg, in, node.get());
    if (!producer) continue;
    tensor::ReduceSpec spec{reduce->kind(), {}};
    if (reduce->axis()) {
      spec.axes = *reduce->axis();
      if (static_cast<int>(spec.axes.size()) == in.ndim()) spec.axes.clear();
    }
    auto op = std::make_shared<tensor::Composite>(producer->input_dtypes(), producer->nodes(), producer->outputs(), spec);
    Var fused_out = apply_op(op, in.owner()->inputs());
    fused_out.set_name(out.name());
    fg.replace(out, fused_out, "reduction_fusion");
    ++fused;
  }
  return fused;
}

}  // namespace

void add_fusion(RewriteDatabase& db) {
  db.add("fusion", GraphRewrite{"elemwise_fusion", {"fast_run", "fusion"}, fuse_elemwise});
  db.add("fusion", GraphRewrite{"reduction_fusion", {"fast_run", "fusion"}, fuse_reductions});
}

}  // namespace kiln::rewrite
