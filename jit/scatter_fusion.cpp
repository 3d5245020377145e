// Scatter fusion (see scatter_fusion.hpp).
#include "jit/scatter_fusion.hpp"

#include "jit/static_steps.hpp"
#include "tensor/subtensor.hpp"

#include <algorithm>

namespace kiln::jit {
namespace {

bool dense_vector(const StaticSlot& slot, DType dtype) {
  return slot.dtype == dtype && slot.shape.size() == 1 && slot.strides == Strides{1};
}

// The last step that writes slot s (a view's source, for a view: a view has no writer of its
// own; a fused scatter's target has two, its start's copy and the loop adding into it), or
// steps.size() for an input or a constant.
std::size_t last_writer(const StaticProgramSpec& spec, int s) {
  s = base_slot(spec, s);
  for (std::size_t t = spec.steps.size(); t-- > 0;) {
    const auto& outs = spec.steps[t].outputs;
    if (std::find(outs.begin(), outs.end(), s) != outs.end()) return t;
  }
  return spec.steps.size();
}

// Whether slot g is read by step `only` alone: no other step, no view, not the caller.
bool read_only_by(const StaticProgramSpec& spec, int g, std::size_t only, const std::vector<int>& live_out) {
  if (std::find(live_out.begin(), live_out.end(), g) != live_out.end()) return false;
  if (spec.slots[static_cast<std::size_t>(g)].buffer.kind == StaticBuffer::Kind::binding) return false;
  for (const auto& s : spec.slots)
    if (s.buffer.kind == StaticBuffer::Kind::view && s.buffer.index == g) return false;
  for (std::size_t t = 0; t < spec.steps.size(); ++t)
    if (t != only && std::count(spec.steps[t].inputs.begin(), spec.steps[t].inputs.end(), g) > 0) return false;
  return true;
}

// The input of the kernel of `step` that reads slot `rows`, added as an int64 input if none does.
int rows_input(StaticProgramSpec& spec, StaticStep& step, int rows) {
  auto at = std::find(step.inputs.begin(), step.inputs.end(), rows);
  if (at != step.inputs.end()) return static_cast<int>(at - step.inputs.begin());
  step.inputs.push_back(rows);
  return spec.kernels[static_cast<std::size_t>(step.kernel)].add_input({DType::int64, false});
}

// Fuses the scatter at step t into the loop computing its values, if it can be; returns
// whether it did.
bool fuse(StaticProgramSpec& spec, std::size_t t, const std::vector<int>& live_out) {
  StaticStep& scatter = spec.steps[t];
  const auto* op = scatter.kind == StaticStep::Kind::node && !scatter.check_only && !scatter.scatter_start
                       ? dynamic_cast<const tensor::AdvancedIncSubtensor*>(&scatter.node->op())
                       : nullptr;
  // By constant rows (checked and wrapped when the program was specialized): a C++ step.
  const auto* constant = scatter.kind == StaticStep::Kind::call && scatter.fn == &scatter_rows
                             ? static_cast<const ScatterRows*>(scatter.context)
                             : nullptr;
  if (constant && (constant->set || constant->row != 1)) return false;
  if ((!op || op->set()) && !constant) return false;
  if (scatter.inputs.size() != 3 || scatter.outputs.size() != 1) return false;
  const int start = scatter.inputs[0], values = scatter.inputs[1], rows = scatter.inputs[2], out = scatter.outputs[0];
  const StaticSlot &start_slot = spec.slots[static_cast<std::size_t>(start)],
                   &values_slot = spec.slots[static_cast<std::size_t>(values)],
                   &rows_slot = spec.slots[static_cast<std::size_t>(rows)],
                   &out_slot = spec.slots[static_cast<std::size_t>(out)];
  if (!dense_vector(out_slot, DType::float64) || start_slot.dtype != DType::float64 ||
      start_slot.shape != out_slot.shape || !dense_vector(values_slot, DType::float64) ||
      !dense_vector(rows_slot, DType::int64) || rows_slot.shape != values_slot.shape ||
      out_slot.buffer.kind == StaticBuffer::Kind::view || values_slot.buffer.kind == StaticBuffer::Kind::view)
    return false;
  // The values: one output of an earlier flat loop over as many elements, read by nothing else.
  const std::size_t k = last_writer(spec, values);
  if (k >= t || !read_only_by(spec, values, t, live_out)) return false;
  StaticStep& loop = spec.steps[k];
  if (loop.kind != StaticStep::Kind::kernel || !loop.flat || loop.dims.at(0) != values_slot.shape[0]) return false;
  const KernelSpec& kernel = spec.kernels[static_cast<std::size_t>(loop.kernel)];
  const auto o =
      static_cast<std::size_t>(std::find(loop.outputs.begin(), loop.outputs.end(), values) - loop.outputs.begin());
  if (o >= loop.outputs.size() || kernel.has_draws() || (kernel.reduce && !kernel.reduce->is_stored(o)) ||
      kernel.output_dtypes[o] != DType::float64)
    return false;
  // The start and the rows must be ready before the loop, where what stays of the scatter moves.
  for (int ready : {start, rows})
    if (const std::size_t w = last_writer(spec, ready); w < spec.steps.size() && w >= k) return false;

  const std::int64_t length = out_slot.shape[0];
  int rows_slot_read = rows;
  if (constant) {  // the rows as wrapped, in a constant slot
    rows_slot_read = static_cast<int>(spec.slots.size());
    spec.slots.push_back(
        {DType::int64, {constant->count}, {1}, {StaticBuffer::Kind::constant, 0, 0, 0, constant->rows}});
  }
  const int r = rows_input(spec, spec.steps[k], rows_slot_read);
  KernelSpec& fused = spec.kernels[static_cast<std::size_t>(spec.steps[k].kernel)];
  fused.scatters.resize(fused.outputs.size());
  fused.scatters[o] = {r, constant ? 0 : length};
  spec.steps[k].outputs[o] = out;
  StaticStep first = std::move(spec.steps[t]);
  if (constant) {
    first.fn = &scatter_start;
    first.inputs = {start};
  } else {
    first.scatter_start = true;
    first.inputs = {start, rows};
  }
  spec.steps.erase(spec.steps.begin() + static_cast<std::ptrdiff_t>(t));
  spec.steps.insert(spec.steps.begin() + static_cast<std::ptrdiff_t>(k), std::move(first));
  return true;
}

}  // namespace

int fuse_scatters(StaticProgramSpec& spec, const std::vector<int>& live_out) {
  int fused = 0;
  for (std::size_t t = 0; t < spec.steps.size(); ++t)
    if (fuse(spec, t, live_out)) ++fused;  // (what stays moved before t: steps after t keep their places)
  return fused;
}

}  // namespace kiln::jit
