// Reverse-mode differentiation over the toposorted graph: each node's rule maps the gradients
// of its outputs to gradients of its inputs; contributions of several readers are summed.
#include <kiln/grad.hpp>
#include <kiln/tensor.hpp>
#include <kiln/traversal.hpp>

#include "core/logging.hpp"
#include "tensor/elemwise.hpp"

#include <unordered_map>
#include <unordered_set>

namespace kiln {
namespace kt = kiln::tensor;
namespace {

using NodeSet = std::unordered_set<const VariableNode*>;

// Variables that depend on some wrt variable (only their gradients are worth building).
NodeSet depends_on_wrt(const std::vector<std::shared_ptr<Apply>>& order, const std::vector<Var>& wrt,
                       const NodeSet& constants) {
  NodeSet connected;
  for (const auto& w : wrt) connected.insert(w.get());
  for (const auto& node : order) {
    bool any = false;
    for (const auto& in : node->inputs()) any |= connected.count(in.get()) && !constants.count(in.get());
    if (!any) continue;
    for (const auto& out : node->outputs()) connected.insert(out.get());
  }
  return connected;
}

class Accumulator {
 public:
  void add(const Var& v, const Var& g) { parts_[v.get()].push_back(g); }
  // The summed gradient of v, or a null Var when nothing reached it.
  Var total(const Var& v) {
    auto it = parts_.find(v.get());
    if (it == parts_.end() || it->second.empty()) return Var();
    auto& parts = it->second;
    if (parts.size() > 1) {
      Var sum = kt::elemwise(tensor::ScalarOp::add, parts);
      parts.assign(1, sum);
    }
    return parts[0];
  }

 private:
  std::unordered_map<const VariableNode*, std::vector<Var>> parts_;
};

// A rule's result must have the input's dtype and ndim; broadcasting is the rule's business.
Var checked_gradient(const Apply& node, std::size_t i, Var g) {
  const Var& in = node.inputs()[i];
  if (g.dtype() != in.dtype()) g = kt::cast(g, in.dtype());
  if (g.ndim() != in.ndim())
    throw GradientError("the gradient rule of " + node.op().name() + " returned ndim " + std::to_string(g.ndim()) +
                        " for input " + std::to_string(i) + " of type " + in.type().str());
  return g;
}

// A null rule for a float input that reaches the cost through a float output: the op has no
// gradient there, and reading it as zero would give a silently wrong result.
GradientError no_rule(const Apply& node, std::size_t i) {
  const Var& in = node.inputs()[i];
  return GradientError("grad: " + node.op().name() + " has no gradient for input " + std::to_string(i) + " (" +
                       to_string(in) + ", " + in.type().str() + ")");
}

}  // namespace

std::vector<Var> grad(const Var& cost, const std::vector<Var>& wrt, const GradOptions& options) {
  if (cost) {
    if (cost.ndim() != 0)
      throw TypeError("grad: the cost must be a scalar, " + to_string(cost) + " has type " + cost.type().str());
    if (!is_float(cost.dtype()))
      throw TypeError("grad: the cost must be a float, " + to_string(cost) + " has dtype " +
                      std::string(dtype_name(cost.dtype())));
  } else if (options.known_grads.empty()) {
    throw InputError("grad: the cost is a null Var and no known_grads are given");
  }
  for (const auto& [v, g] : options.known_grads)
    if (!v || !g) throw InputError("grad: a known_grads pair holds a null Var");
  require_vars(options.consider_constant, "grad", "consider_constant");
  for (std::size_t i = 0; i < wrt.size(); ++i) {
    if (!wrt[i]) throw InputError("grad: wrt variable " + std::to_string(i) + " is a null Var");
    if (!is_float(wrt[i].dtype()))
      throw TypeError("grad: cannot differentiate with respect to " + to_string(wrt[i]) + " of integer type " +
                      wrt[i].type().str());
  }

  std::vector<Var> outputs;
  if (cost) outputs.push_back(cost);
  for (const auto& [v, g] : options.known_grads) outputs.push_back(v);
  NodeSet constants;
  for (const auto& c : options.consider_constant) constants.insert(c.get());
  std::vector<Var> blockers = options.consider_constant;
  blockers.insert(blockers.end(), wrt.begin(), wrt.end());
  auto order = toposort(outputs, blockers);
  NodeSet connected = depends_on_wrt(order, wrt, constants);

  Accumulator acc;
  if (cost) acc.add(cost, make_constant(Array::full(cost.dtype(), {}, 1.0)));
  for (const auto& [v, g] : options.known_grads) {
    if (g.ndim() != v.ndim())
      throw TypeError("grad: the known gradient of " + to_string(v) + " has type " + g.type().str() + ", expected " +
                      v.type().str());
    acc.add(v, g);
  }

  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    const Apply& node = **it;
    bool needed = false;
    for (const auto& in : node.inputs()) needed |= connected.count(in.get()) && !constants.count(in.get());
    if (!needed) continue;
    std::vector<Var> out_grads;
    bool any = false, any_float = false;
    for (const auto& out : node.outputs()) {
      Var g = acc.total(out);
      any |= static_cast<bool>(g);
      any_float |= g && is_float(out.dtype());
      out_grads.push_back(g ? g : (out.type().is_tensor() ? kt::zeros_like(out) : Var()));
    }
    if (!any) continue;
    std::vector<Var> in_grads = node.op().grad(node, out_grads);
    if (in_grads.size() != node.inputs().size())
      throw GradientError("the gradient rule of " + node.op().name() + " returned " + std::to_string(in_grads.size()) +
                          " gradients for " + std::to_string(node.inputs().size()) + " inputs");
    for (std::size_t i = 0; i < in_grads.size(); ++i) {
      const Var& in = node.inputs()[i];
      if (!connected.count(in.get()) || constants.count(in.get()) || in_grads[i] == disconnected_gradient()) continue;
      if (!in_grads[i]) {
        if (any_float && in.type().is_tensor() && is_float(in.dtype())) throw no_rule(node, i);
        continue;
      }
      acc.add(in, checked_gradient(node, i, in_grads[i]));
    }
  }

  std::vector<Var> result;
  for (const auto& w : wrt) {
    Var g = acc.total(w);
    if (!g) {
      std::string msg = "grad: the cost does not depend on " + to_string(w) + " (" + w.type().str() + ")";
      if (options.disconnected_inputs == Disconnected::raise) throw GradientError(msg);
      if (options.disconnected_inputs == Disconnected::warn) layer_logger("grad").warn("{}; its gradient is zero", msg);
      g = kt::zeros_like(w);
    }
    result.push_back(g);
  }
  return result;
}

Var grad(const Var& cost, const Var& wrt, const GradOptions& options) { return grad(cost, std::vector<Var>{wrt}, options)[0]; }

std::vector<Var> grad(const Var& cost, std::initializer_list<Var> wrt, const GradOptions& options) {
  return grad(cost, std::vector<Var>(wrt), options);
}

}  // namespace kiln
