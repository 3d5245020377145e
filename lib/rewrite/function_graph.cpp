// FunctionGraph: cloning, client tracking, replace with pruning.
#include "rewrite/function_graph.hpp"

#include <kiln/traversal.hpp>

#include <algorithm>

namespace kiln {
namespace {

bool is_same_or_more_specific(const TensorType& old_type, const TensorType& new_type) {
  return old_type.accepts(new_type);
}

}  // namespace

FunctionGraph::FunctionGraph(const std::vector<Var>& inputs, const std::vector<Var>& outputs) : inputs_(inputs) {
  // Cloning by replacing each input with itself rebuilds every node between inputs and outputs.
  std::vector<std::pair<Var, Var>> same;
  for (const auto& in : inputs) same.emplace_back(in, in);
  outputs_ = clone_replace(outputs, same);
  for (const auto& in : inputs_) {
    clients_[in.get()];
    input_set_.insert(in.get());
  }
  for (std::size_t i = 0; i < outputs_.size(); ++i) {
    import_var(outputs_[i]);
    add_client(outputs_[i], Client{nullptr, static_cast<int>(i)});
  }
}

const std::vector<Client>& FunctionGraph::clients(const Var& v) const {
  static const std::vector<Client> none;
  auto it = clients_.find(v.get());
  return it == clients_.end() ? none : it->second;
}

void FunctionGraph::import_var(const Var& v) {
  clients_[v.get()];
  auto owner = v.owner();
  if (!owner || nodes_.count(owner.get())) return;
  // Import the nodes below v that are new, inputs first. The walk stops at nodes already in the
  // graph, so a replacement costs the size of what it adds, not of the whole graph.
  std::vector<std::pair<std::shared_ptr<Apply>, bool>> stack{{owner, false}};
  std::unordered_set<const Apply*> queued{owner.get()};
  while (!stack.empty()) {
    auto [node, expanded] = stack.back();
    stack.pop_back();
    if (expanded) {
      import_node(node);
      continue;
    }
    stack.emplace_back(node, true);
    for (const auto& in : node->inputs()) {
      auto in_owner = in.owner();
      if (!in_owner || input_set_.count(in.get()) || nodes_.count(in_owner.get()) || !queued.insert(in_owner.get()).second) continue;
      stack.emplace_back(in_owner, false);
    }
  }
}

void FunctionGraph::import_node(const std::shared_ptr<Apply>& node) {
  nodes_[node.get()] = node;
  for (std::size_t i = 0; i < node->inputs().size(); ++i)
    add_client(node->inputs()[i], Client{node.get(), static_cast<int>(i)});
  for (const auto& out : node->outputs()) clients_[out.get()];
  for (auto* l : listeners_) l->on_import(*this, *node);
}

void FunctionGraph::add_client(const Var& v, Client c) { clients_[v.get()].push_back(c); }

void FunctionGraph::remove_client(const Var& v, Client c) {
  std::vector<Apply*> maybe_unused;
  drop_client(v, c, maybe_unused);
  while (!maybe_unused.empty()) {
    Apply* node = maybe_unused.back();
    maybe_unused.pop_back();
    prune_if_unused(node, maybe_unused);
  }
}

void FunctionGraph::drop_client(const Var& v, Client c, std::vector<Apply*>& maybe_unused) {
  // Swap-and-pop: a parameter read by thousands of nodes must not cost a shift per removal.
  auto& list = clients_[v.get()];
  auto it = std::find(list.begin(), list.end(), c);
  if (it != list.end()) {
    *it = list.back();
    list.pop_back();
  }
  if (auto* owner = v.get()->owner) maybe_unused.push_back(owner);
}

// `node` may already be pruned (and freed): it is only looked up, never read, until found.
void FunctionGraph::prune_if_unused(Apply* node, std::vector<Apply*>& maybe_unused) {
  auto found = nodes_.find(node);
  if (found == nodes_.end()) return;
  for (std::size_t i = 0; i < node->num_outputs(); ++i) {
    auto it = clients_.find(node->output(static_cast<int>(i)).get());
    if (it != clients_.end() && !it->second.empty()) return;
  }
  std::shared_ptr<Apply> keep = found->second;  // alive until its inputs let go of it
  nodes_.erase(found);
  for (std::size_t i = 0; i < node->num_outputs(); ++i) clients_.erase(node->output(static_cast<int>(i)).get());
  for (auto* l : listeners_) l->on_prune(*this, *node);
  for (std::size_t i = 0; i < node->inputs().size(); ++i)
    drop_client(node->inputs()[i], Client{node, static_cast<int>(i)}, maybe_unused);
}

void FunctionGraph::change_input(const Client& c, const Var& new_var, const std::string& reason) {
  Var old_var = c.node ? c.node->inputs()[static_cast<std::size_t>(c.index)] : outputs_[static_cast<std::size_t>(c.index)];
  if (old_var == new_var) return;
  import_var(new_var);
  if (c.node)
    c.node->set_input(static_cast<std::size_t>(c.index), new_var);
  else
    outputs_[static_cast<std::size_t>(c.index)] = new_var;
  add_client(new_var, c);
  for (auto* l : listeners_) l->on_change_input(*this, c, old_var, new_var, reason);
  remove_client(old_var, c);
}

void FunctionGraph::replace(const Var& old_var, const Var& new_var, const std::string& reason) {
  if (old_var == new_var) return;
  if (!is_same_or_more_specific(old_var.type(), new_var.type()))
    throw TypeError("FunctionGraph::replace" + (reason.empty() ? "" : " (" + reason + ")") + ": cannot replace " +
                    to_string(old_var) + " of type " + old_var.type().str() + " with " + to_string(new_var) +
                    " of type " + new_var.type().str());
  Var keep_old = old_var;  // the old variable's node may be pruned below
  std::vector<Client> readers = clients(old_var);
  for (const auto& c : readers) {
    // A reader may have been pruned by an earlier change in this loop.
    if (c.node && !nodes_.count(c.node)) continue;
    change_input(c, new_var, reason);
  }
}

void FunctionGraph::replace_all(const std::vector<std::pair<Var, Var>>& pairs, const std::string& reason) {
  for (const auto& [o, n] : pairs) replace(o, n, reason);
}

void FunctionGraph::set_output(std::size_t i, const Var& v, const std::string& reason) {
  change_input(Client{nullptr, static_cast<int>(i)}, v, reason);
}

void FunctionGraph::remove_listener(Listener* listener) {
  listeners_.erase(std::remove(listeners_.begin(), listeners_.end(), listener), listeners_.end());
}

// A depth-first post-order from the outputs (inputs left to right): deterministic, and linear
// in the graph, which the rewrite engine asks for once per pass.
std::vector<std::shared_ptr<Apply>> FunctionGraph::toposort() const {
  std::vector<std::shared_ptr<Apply>> order;
  order.reserve(nodes_.size());
  std::unordered_set<const Apply*> visited;
  std::vector<std::pair<Apply*, bool>> stack;
  for (auto it = outputs_.rbegin(); it != outputs_.rend(); ++it)
    if (Apply* owner = it->get()->owner; owner && !input_set_.count(it->get())) stack.emplace_back(owner, false);
  while (!stack.empty()) {
    auto [node, expanded] = stack.back();
    stack.pop_back();
    if (expanded) {
      order.push_back(nodes_.at(node));
      continue;
    }
    if (!visited.insert(node).second) continue;
    stack.emplace_back(node, true);
    const auto& ins = node->inputs();
    for (auto it = ins.rbegin(); it != ins.rend(); ++it) {
      Apply* owner = it->get()->owner;
      if (owner && !input_set_.count(it->get()) && !visited.count(owner)) stack.emplace_back(owner, false);
    }
  }
  return order;
}

}  // namespace kiln
