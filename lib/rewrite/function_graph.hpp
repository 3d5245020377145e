// FunctionGraph: a private clone of a graph between its inputs and outputs that rewrites may
// change. It tracks every variable's clients, so `replace` rewires exactly the nodes that read a
// variable and prunes nodes nobody reads any more. Listeners see every change.
#pragma once

#include <kiln/graph.hpp>

#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace kiln {

// A reader of a variable: input `index` of `node`, or (node == nullptr) graph output `index`.
struct Client {
  Apply* node;
  int index;
  bool operator==(const Client&) const = default;
};

class FunctionGraph {
 public:
  // Is told of every change, e.g. to log replacements or keep an index of nodes by op.
  class Listener {
   public:
    virtual ~Listener() = default;
    virtual void on_import(FunctionGraph&, Apply&) {}
    virtual void on_prune(FunctionGraph&, Apply&) {}
    virtual void on_change_input(FunctionGraph&, const Client&, const Var& old_var, const Var& new_var,
                                 const std::string& reason) {
      (void)old_var, (void)new_var, (void)reason;
    }
  };

  // Clones the graph between `inputs` and `outputs` (the caller's graph is never changed).
  // Roots other than `inputs` (constants, shared variables) are kept as they are.
  FunctionGraph(const std::vector<Var>& inputs, const std::vector<Var>& outputs);
  FunctionGraph(const FunctionGraph&) = delete;
  FunctionGraph& operator=(const FunctionGraph&) = delete;

  const std::vector<Var>& inputs() const { return inputs_; }
  const std::vector<Var>& outputs() const { return outputs_; }
  std::size_t num_nodes() const { return nodes_.size(); }
  bool contains(const Apply* node) const { return nodes_.count(const_cast<Apply*>(node)) > 0; }
  const std::vector<Client>& clients(const Var& v) const;

  // The nodes in an order where each follows the owners of its inputs.
  std::vector<std::shared_ptr<Apply>> toposort() const;

  // Makes every reader of `old_var` read `new_var` instead. The new variable's type must be at
  // least as specific as the old one's (same dtype and ndim, no known dim lost), else TypeError.
  void replace(const Var& old_var, const Var& new_var, const std::string& reason = "");
  void replace_all(const std::vector<std::pair<Var, Var>>& pairs, const std::string& reason = "");

  void add_listener(Listener* listener) { listeners_.push_back(listener); }
  void remove_listener(Listener* listener);

  // Replaces graph output i directly (used to wrap outputs, e.g. in DeepCopyOp).
  void set_output(std::size_t i, const Var& v, const std::string& reason = "");

 private:
  void import_var(const Var& v);
  void import_node(const std::shared_ptr<Apply>& node);
  void add_client(const Var& v, Client c);
  // Removes a client and prunes the nodes left without one, through a worklist (a chain may be
  // a million nodes deep).
  void remove_client(const Var& v, Client c);
  void drop_client(const Var& v, Client c, std::vector<Apply*>& maybe_unused);
  void prune_if_unused(Apply* node, std::vector<Apply*>& maybe_unused);
  void change_input(const Client& c, const Var& new_var, const std::string& reason);

  std::vector<Var> inputs_;
  std::unordered_set<const VariableNode*> input_set_;
  std::vector<Var> outputs_;
  std::unordered_map<const VariableNode*, std::vector<Client>> clients_;
  std::unordered_map<Apply*, std::shared_ptr<Apply>> nodes_;
  std::vector<Listener*> listeners_;
};

}  // namespace kiln
