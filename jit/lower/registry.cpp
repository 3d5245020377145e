// The lowering registry (registry.hpp): the table, filled once from every family's
// registration function, and generated code's error channel.
#include "jit/lower/registry.hpp"

#include "jit/lower/families.hpp"

#include <kiln/errors.hpp>

#include <algorithm>

namespace kiln::jit {
namespace {

thread_local NodeError pending_error;

}  // namespace

void LoweringTable::add(std::type_index type, OpLowering lowering) { table_.insert_or_assign(type, std::move(lowering)); }

const OpLowering* LoweringTable::find(const Op& op) const {
  auto it = table_.find(std::type_index(typeid(op)));
  return it == table_.end() ? nullptr : &it->second;
}

const LoweringTable& lowerings() {
  static const LoweringTable table = [] {
    LoweringTable t;
    register_loop_lowerings(t);
    register_shape_lowerings(t);
    register_indexing_lowerings(t);
    register_check_lowerings(t);
    register_join_lowerings(t);
    register_reduction_lowerings(t);
    register_linalg_lowerings(t);
    register_product_lowerings(t);
    register_special_function_lowerings(t);
    register_jacobian_lowerings(t);
    register_batch_draw_lowerings(t);
    register_random_walk_lowerings(t);
    return t;
  }();
  return table;
}

const OpLowering* find_lowering(const Apply& node) {
  const OpLowering* lowering = lowerings().find(node.op());
  if (!lowering) return nullptr;
  if (lowering->accepts && !lowering->accepts(node)) return nullptr;
  return lowering;
}

std::vector<std::string> registered_op_names() {
  std::vector<std::string> names;
  for (const auto& [type, lowering] : lowerings().all()) names.push_back(lowering.op_name);
  std::sort(names.begin(), names.end());
  return names;
}

std::optional<NodeError> take_node_error() {
  if (pending_error.code == 0) return std::nullopt;
  NodeError e = pending_error;
  pending_error = {};
  return e;
}

void raise_pending_node_error() {
  auto error = take_node_error();
  if (!error) return;
  const OpLowering* lowering = lowerings().find(error->node->op());
  if (lowering && lowering->raise) lowering->raise(*error);
  throw Error("jit: " + error->node->op().name() + " failed with code " + std::to_string(error->code) +
                      " and no error text");
}

bool take_rechecked_node_error() {
  if (pending_error.code == 0) return false;
  const OpLowering* lowering = lowerings().find(pending_error.node->op());
  if (!lowering || !lowering->recheck) return false;
  pending_error = {};
  return true;
}

}  // namespace kiln::jit

extern "C" std::int32_t kiln_jit_node_failed(const void* node, std::int32_t code, std::int64_t a, std::int64_t b,
                                             std::int64_t c) {
  kiln::jit::pending_error = {static_cast<const kiln::Apply*>(node), code, {a, b, c}};
  return code;
}
