// Gather fusion (see gather_fusion.hpp).
#include "jit/gather_fusion.hpp"

#include "jit/static_steps.hpp"
#include "tensor/subtensor.hpp"

#include <algorithm>

namespace kiln::jit {
namespace {

// Whether every reader of slot `g` is a flat kernel reading it as a full-length operand, and no
// view or program output exposes it.
bool only_flat_kernels_read(const StaticProgramSpec& spec, int g) {
  const StaticSlot& slot = spec.slots[static_cast<std::size_t>(g)];
  if (slot.buffer.kind != StaticBuffer::Kind::local && slot.buffer.kind != StaticBuffer::Kind::arena) return false;
  for (const auto& s : spec.slots)
    if (s.buffer.kind == StaticBuffer::Kind::view && s.buffer.index == g) return false;
  for (const auto& step : spec.steps) {
    for (std::size_t k = 0; k < step.inputs.size(); ++k) {
      if (step.inputs[k] != g) continue;
      if (step.kind != StaticStep::Kind::kernel || !step.flat) return false;
      if (spec.kernels[static_cast<std::size_t>(step.kernel)].inputs[k].scalar) return false;
    }
  }
  return true;
}

// The kernel step reads table[rows[i]] where it read g (the table's elements `stride` apart;
// `wrap`: its length, added to a negative row, or 0 for rows wrapped already).
void read_through(StaticProgramSpec& spec, StaticStep& step, int g, int table, int rows, std::int64_t stride,
                  std::int64_t wrap) {
  KernelSpec& kernel = spec.kernels[static_cast<std::size_t>(step.kernel)];
  auto at = std::find(step.inputs.begin(), step.inputs.end(), rows);
  if (at == step.inputs.end()) {
    kernel.add_input({DType::int64, false});
    step.inputs.push_back(rows);
    at = step.inputs.end() - 1;
  }
  const int rows_input = static_cast<int>(at - step.inputs.begin());
  for (std::size_t k = 0; k < step.inputs.size(); ++k) {
    if (step.inputs[k] != g) continue;
    step.inputs[k] = table;
    kernel.inputs[k].gather_by = rows_input;
    kernel.inputs[k].gather_stride = stride;
    kernel.inputs[k].gather_wrap = wrap;
  }
}

// A gather node by run-time rows from a 1-D table (AdvancedSubtensor of a vector by a
// contiguous int64 array): its output slot, or -1.
int runtime_gather(const StaticProgramSpec& spec, const StaticStep& step) {
  if (step.kind != StaticStep::Kind::node || step.check_only || step.outputs.size() != 1 || step.inputs.size() != 2 ||
      !dynamic_cast<const tensor::AdvancedSubtensor*>(&step.node->op()))
    return -1;
  const StaticSlot& table = spec.slots[static_cast<std::size_t>(step.inputs[0])];
  const StaticSlot& rows = spec.slots[static_cast<std::size_t>(step.inputs[1])];
  if (table.shape.size() != 1 || rows.dtype != DType::int64 || !is_contiguous(rows.shape, rows.strides)) return -1;
  return step.outputs[0];
}

}  // namespace

int fuse_gathers(StaticProgramSpec& spec) {
  int fused = 0;
  for (std::size_t t = 0; t < spec.steps.size(); ++t) {
    StaticStep& gather = spec.steps[t];
    const int g = runtime_gather(spec, gather);
    if (g < 0 || !only_flat_kernels_read(spec, g)) continue;
    // The node keeps its index check (raising its own error; shared with every later gather
    // and scatter by these rows, NodeEmitter::shared) and no longer writes g: its readers
    // read table[rows[i]], wrapping a negative row.
    const int table = gather.inputs[0], rows = gather.inputs[1];
    const StaticSlot& t_slot = spec.slots[static_cast<std::size_t>(table)];
    const std::int64_t stride = t_slot.strides[0], length = t_slot.shape[0];
    gather.check_only = true;
    gather.outputs.clear();
    for (auto& step : spec.steps)
      if (step.kind == StaticStep::Kind::kernel && std::count(step.inputs.begin(), step.inputs.end(), g) > 0)
        read_through(spec, step, g, table, rows, stride, length);
    ++fused;
  }
  for (std::size_t t = 0; t < spec.steps.size();) {
    const StaticStep& gather = spec.steps[t];
    const auto* c = gather.kind == StaticStep::Kind::call && gather.fn == &gather_rows
                        ? static_cast<const GatherRows*>(gather.context)
                        : nullptr;
    const int g = gather.outputs.empty() ? -1 : gather.outputs[0];
    if (!c || !c->rows || c->row != 1 || !only_flat_kernels_read(spec, g)) {
      ++t;
      continue;
    }
    const int table = gather.inputs[0];
    const int rows = static_cast<int>(spec.slots.size());
    spec.slots.push_back({DType::int64, {c->count}, {1}, {StaticBuffer::Kind::constant, 0, 0, 0, c->rows}});
    for (auto& step : spec.steps)
      if (step.kind == StaticStep::Kind::kernel && std::count(step.inputs.begin(), step.inputs.end(), g) > 0)
        read_through(spec, step, g, table, rows, 1, 0);
    spec.steps.erase(spec.steps.begin() + static_cast<std::ptrdiff_t>(t));
    ++fused;
  }
  return fused;
}

}  // namespace kiln::jit
