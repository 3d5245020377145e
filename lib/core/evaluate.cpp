// The reference evaluator: every op's `perform`, in topological order. It is the ground truth
// the JIT is tested against, and the fallback for ops that have no lowering.
#include "core/runtime_shape_checks.hpp"

#include <kiln/function.hpp>
#include <kiln/shared.hpp>
#include <kiln/traversal.hpp>

#include <mutex>
#include <unordered_map>

namespace kiln {
namespace {

struct ShapeCheckRegistry {
  std::mutex mutex;
  std::unordered_map<std::type_index, RuntimeShapeCheck> checks;
};

ShapeCheckRegistry& shape_checks() {
  static ShapeCheckRegistry registry;
  return registry;
}

}  // namespace

bool register_runtime_shape_check(std::type_index op_type, RuntimeShapeCheck check) {
  auto& r = shape_checks();
  std::lock_guard lock(r.mutex);
  r.checks[op_type] = check;
  return true;
}

void check_runtime_shapes(const Apply& node, const std::vector<Array>& inputs) {
  // Registration happens during static initialization, before any graph is evaluated.
  const auto& checks = shape_checks().checks;
  auto it = checks.find(std::type_index(typeid(node.op())));
  if (it != checks.end()) it->second(node, inputs);
}

std::vector<Array> evaluate(const std::vector<Var>& outputs, const Givens& givens) {
  require_vars(outputs, "evaluate", "output");
  std::unordered_map<const VariableNode*, Array> values;
  std::vector<Var> blockers;
  for (const auto& [var, value] : givens) {
    if (!var) throw InputError("evaluate: a given variable is a null Var");
    values[var.get()] = value;
    blockers.push_back(var);
  }
  auto value_of = [&](const Var& v) -> const Array& {
    auto it = values.find(v.get());
    if (it != values.end()) return it->second;
    if (v.is_constant()) return v.constant_value();
    if (v.is_shared()) return values[v.get()] = get_value(v);
    throw InputError("missing input: " + to_string(v) + " of type " + v.type().str() +
                     " is needed and was not given a value");
  };
  for (const auto& node : toposort(outputs, blockers)) {
    std::vector<Array> ins;
    ins.reserve(node->inputs().size());
    for (const auto& in : node->inputs()) ins.push_back(value_of(in));
    std::vector<Array> outs(node->num_outputs());
    check_runtime_shapes(*node, ins);
    node->op().perform(ins, outs);
    for (std::size_t i = 0; i < outs.size(); ++i) values[node->output(static_cast<int>(i)).get()] = std::move(outs[i]);
  }
  std::vector<Array> result;
  for (const auto& out : outputs) result.push_back(value_of(out));
  return result;
}

}  // namespace kiln
