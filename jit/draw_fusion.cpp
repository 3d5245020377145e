// Draw fusion (see draw_fusion.hpp).
#include "jit/draw_fusion.hpp"

#include "jit/static_steps.hpp"

#include <algorithm>

namespace kiln::jit {
namespace {

bool reads(const StaticProgramSpec& spec, const StaticStep& step, int base) {
  return std::any_of(step.inputs.begin(), step.inputs.end(), [&](int s) { return base_slot(spec, s) == base; }) ||
         std::any_of(step.outputs.begin(), step.outputs.end(), [&](int s) { return base_slot(spec, s) == base; });
}

bool is_draw_loop(const StaticProgramSpec& spec, const StaticStep& step) {
  return step.kind == StaticStep::Kind::kernel && step.flat &&
         spec.kernels[static_cast<std::size_t>(step.kernel)].has_draws();
}

// The one step after `d` that reads slot g, when it is a flat kernel without draws over the
// same elements reading g as a full-length operand, g is stored nowhere else (not an output,
// no view of it), and no step in between touches the draws' state; else npos.
std::size_t fusable_reader(const StaticProgramSpec& spec, std::size_t d, int g) {
  constexpr std::size_t npos = static_cast<std::size_t>(-1);
  const StaticSlot& slot = spec.slots[static_cast<std::size_t>(g)];
  if (slot.buffer.kind != StaticBuffer::Kind::local && slot.buffer.kind != StaticBuffer::Kind::arena) return npos;
  for (const auto& s : spec.slots)
    if (s.buffer.kind == StaticBuffer::Kind::view && s.buffer.index == g) return npos;
  const StaticStep& draw = spec.steps[d];
  const int state = base_slot(spec, draw.inputs[0]);
  std::size_t reader = npos;
  for (std::size_t t = d + 1; t < spec.steps.size(); ++t) {
    const StaticStep& step = spec.steps[t];
    if (std::find(step.inputs.begin(), step.inputs.end(), g) == step.inputs.end()) {
      // Only the draws' own check may come between them; nothing may read the state before the
      // draws have advanced it.
      if (reader == npos && reads(spec, step, state)) return npos;
      if (reader == npos && step.kind == StaticStep::Kind::kernel && is_draw_loop(spec, step)) return npos;
      continue;
    }
    if (reader != npos) return npos;  // two readers
    if (step.kind != StaticStep::Kind::kernel || !step.flat || step.dims != draw.dims) return npos;
    const KernelSpec& kernel = spec.kernels[static_cast<std::size_t>(step.kernel)];
    if (kernel.has_draws()) return npos;
    for (const auto& in : kernel.inputs)
      if (in.gather_by >= 0) return npos;
    for (std::size_t k = 0; k < step.inputs.size(); ++k)
      if (step.inputs[k] == g && kernel.inputs[k].scalar) return npos;
    reader = t;
  }
  return reader;
}

// The reader's kernel computing the draw's node where it read the draw's output.
KernelSpec merged(const KernelSpec& draw, const std::vector<int>& draw_inputs, const KernelSpec& reader,
                  const std::vector<int>& reader_inputs, int g, std::vector<int>& inputs) {
  KernelSpec m;
  m.ndim = reader.ndim;
  m.reduce = reader.reduce;
  std::vector<int> kept_ref(reader.inputs.size(), -1);
  for (std::size_t k = 0; k < reader.inputs.size(); ++k) {
    if (reader_inputs[k] == g) continue;
    kept_ref[k] = static_cast<int>(m.inputs.size());
    m.inputs.push_back(reader.inputs[k]);
    inputs.push_back(reader_inputs[k]);
  }
  const int first_draw_input = static_cast<int>(m.inputs.size());
  for (std::size_t k = 0; k < draw.inputs.size(); ++k) {
    m.inputs.push_back(draw.inputs[k]);
    inputs.push_back(draw_inputs[k]);
  }
  const int n_in = static_cast<int>(m.inputs.size());
  const int draw_nodes = static_cast<int>(draw.nodes.size());
  auto from_draw = [&](int r) {
    const int n = static_cast<int>(draw.inputs.size());
    return r < n ? first_draw_input + r : n_in + (r - n);
  };
  for (KernelNode node : draw.nodes) {
    for (int& a : node.args) a = from_draw(a);
    m.nodes.push_back(std::move(node));
  }
  const int drawn = from_draw(draw.outputs.at(0));
  auto from_reader = [&](int r) {
    const int n = static_cast<int>(reader.inputs.size());
    if (r >= n) return n_in + draw_nodes + (r - n);
    return kept_ref[static_cast<std::size_t>(r)] >= 0 ? kept_ref[static_cast<std::size_t>(r)] : drawn;
  };
  for (KernelNode node : reader.nodes) {
    for (int& a : node.args) a = from_reader(a);
    m.nodes.push_back(std::move(node));
  }
  for (std::size_t o = 0; o < reader.outputs.size(); ++o) {
    m.outputs.push_back(from_reader(reader.outputs[o]));
    m.output_dtypes.push_back(reader.output_dtypes[o]);
  }
  return m;
}

}  // namespace

int fuse_draws(StaticProgramSpec& spec) {
  int fused = 0;
  for (std::size_t d = 0; d < spec.steps.size();) {
    const StaticStep& draw = spec.steps[d];
    if (!is_draw_loop(spec, draw) || draw.outputs.size() != 1 ||
        spec.kernels[static_cast<std::size_t>(draw.kernel)].outputs.size() != 1) {
      ++d;
      continue;
    }
    const int g = draw.outputs[0];
    const std::size_t r = fusable_reader(spec, d, g);
    if (r == static_cast<std::size_t>(-1)) {
      ++d;
      continue;
    }
    StaticStep& reader = spec.steps[r];
    std::vector<int> inputs;
    KernelSpec kernel = merged(spec.kernels[static_cast<std::size_t>(draw.kernel)], draw.inputs,
                               spec.kernels[static_cast<std::size_t>(reader.kernel)], reader.inputs, g, inputs);
    spec.kernels[static_cast<std::size_t>(reader.kernel)] = std::move(kernel);
    reader.inputs = std::move(inputs);
    // The draws' check follows the loop that now draws.
    StaticStep check;
    check.kind = StaticStep::Kind::call;
    check.fn = &check_draws;
    spec.steps.insert(spec.steps.begin() + static_cast<std::ptrdiff_t>(r) + 1, std::move(check));
    spec.steps.erase(spec.steps.begin() + static_cast<std::ptrdiff_t>(d));
    ++fused;
  }
  return fused;
}

}  // namespace kiln::jit
