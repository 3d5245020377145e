// Unread kernel outputs (see unread_outputs.hpp).
#include "jit/unread_outputs.hpp"

#include <algorithm>

namespace kiln::jit {
namespace {

// The slots some step, view or the caller reads.
std::vector<bool> read_slots(const StaticProgramSpec& spec, const std::vector<int>& live_out) {
  std::vector<bool> read(spec.slots.size(), false);
  for (const auto& step : spec.steps)
    for (int s : step.inputs) read[static_cast<std::size_t>(s)] = true;
  for (const auto& slot : spec.slots)
    if (slot.buffer.kind == StaticBuffer::Kind::view) read[static_cast<std::size_t>(slot.buffer.index)] = true;
  for (int s : live_out) read[static_cast<std::size_t>(s)] = true;
  return read;
}

void erase_output(KernelSpec& kernel, std::size_t o) {
  kernel.outputs.erase(kernel.outputs.begin() + static_cast<std::ptrdiff_t>(o));
  kernel.output_dtypes.erase(kernel.output_dtypes.begin() + static_cast<std::ptrdiff_t>(o));
  if (o < kernel.scatters.size()) kernel.scatters.erase(kernel.scatters.begin() + static_cast<std::ptrdiff_t>(o));
  if (auto& reduce = kernel.reduce) {
    reduce->kinds.erase(reduce->kinds.begin() + static_cast<std::ptrdiff_t>(o));
    if (o < reduce->stored.size()) reduce->stored.erase(reduce->stored.begin() + static_cast<std::ptrdiff_t>(o));
    // Only stored (elementwise) outputs left: a plain loop. (A dropped max of nothing would have
    // raised in the traced call, which the specialization's shapes repeat.)
    if (std::find(reduce->stored.begin(), reduce->stored.end(), false) == reduce->stored.end() &&
        reduce->stored.size() == reduce->kinds.size() && !reduce->kinds.empty())
      kernel.reduce.reset();
  }
}

}  // namespace

int drop_unread_outputs(StaticProgramSpec& spec, const std::vector<int>& live_out) {
  const std::vector<bool> read = read_slots(spec, live_out);
  int dropped = 0;
  for (auto& step : spec.steps) {
    if (step.kind != StaticStep::Kind::kernel) continue;
    KernelSpec& kernel = spec.kernels[static_cast<std::size_t>(step.kernel)];
    // A draw's outputs include the generator's next state, which the steps after it copy on.
    if (kernel.has_draws()) continue;
    for (std::size_t o = step.outputs.size(); o-- > 0;) {
      const int slot = step.outputs[o];
      if (read[static_cast<std::size_t>(slot)] ||
          spec.slots[static_cast<std::size_t>(slot)].buffer.kind == StaticBuffer::Kind::binding)
        continue;
      erase_output(kernel, o);
      step.outputs.erase(step.outputs.begin() + static_cast<std::ptrdiff_t>(o));
      ++dropped;
    }
  }
  // A loop that stores nothing and draws nothing computes nothing anyone sees.
  std::erase_if(spec.steps,
                [](const StaticStep& step) { return step.kind == StaticStep::Kind::kernel && step.outputs.empty(); });
  return dropped;
}

}  // namespace kiln::jit
