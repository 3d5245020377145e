// Planning a NativeProgram: a slot for every variable, a step for every node, each step's
// form taken from the node's registered lowering.
#include "jit/native_program_class.hpp"

#include "jit/lower/registry.hpp"
#include "random/rv_op.hpp"

#include <kiln/errors.hpp>
#include <kiln/traversal.hpp>

#include <algorithm>
#include <optional>

namespace kiln::jit {

NativeProgram::NativeProgram(std::vector<Var> inputs, std::vector<Var> outputs, bool fixed_shapes)
    : inputs_(std::move(inputs)), outputs_(std::move(outputs)) {
  std::unordered_map<const VariableNode*, int> slot_of;
  auto add_slot = [&](const Var& v) {
    slot_of.emplace(v.get(), num_slots_);
    return num_slots_++;
  };
  for (const auto& in : inputs_) add_slot(in);
  for (const auto& root : graph_inputs(outputs_, inputs_)) {
    if (slot_of.count(root.get())) continue;
    add_slot(root);
    roots_.push_back(root);
  }
  std::vector<KernelSpec> specs;
  int position = 0, node_count = 0;
  for (const auto& node : toposort(outputs_, inputs_)) {
    order_[node.get()] = position++;
    Step step{Step::Kind::node, node, {}, {}, -1};
    for (const auto& in : node->inputs()) step.inputs.push_back(slot_of.at(in.get()));
    for (std::size_t o = 0; o < node->num_outputs(); ++o) step.outputs.push_back(add_slot(node->output(static_cast<int>(o))));
    plan_step(step, specs, node_count);
    steps_.push_back(std::move(step));
  }
  first_output_position_.assign(static_cast<std::size_t>(num_slots_), -1);
  for (std::size_t i = 0; i < outputs_.size(); ++i) {
    int slot = slot_of.at(outputs_[i].get());
    output_slots_.push_back(slot);
    if (first_output_position_[static_cast<std::size_t>(slot)] < 0) first_output_position_[static_cast<std::size_t>(slot)] = static_cast<int>(i);
  }
  specs_ = std::move(specs);
  primary_ = new_workspace();
  // A lone step gains nothing from a whole-program function, except a lowered draw (whose
  // step in the interpreter reads its shapes and params on the host, and which pm::draw calls
  // directly): a draw kernel, or a batch draw's node code.
  specializable_ = steps_.size() >= 2 || std::any_of(steps_.begin(), steps_.end(), [](const Step& s) {
                     return s.kind == Step::Kind::random ||
                            (s.kind == Step::Kind::node && dynamic_cast<const random::RandomVariable*>(&s.node->op()));
                   });
  // With fixed shapes the first call is traced through the reference performs (kernels and
  // nodes alike: the trace gives shapes, its values are recomputed) and the program specialized
  // to it: the step-by-step code is compiled only if a call ever needs it.
  defer_kernels_ = fixed_shapes && specializable_;
  if (!defer_kernels_) compile_kernels();
}

void NativeProgram::plan_step(Step& step, std::vector<KernelSpec>& specs, int& node_count) {
  const OpLowering* lowering = find_lowering(*step.node);
  std::optional<KernelSpec> spec;
  if (lowering && (lowering->form == OpLowering::Form::kernel || lowering->form == OpLowering::Form::draw))
    spec = lowering->kernel(*step.node);
  if (spec) {
    step.kind = lowering->form == OpLowering::Form::draw ? Step::Kind::random : Step::Kind::kernel;
    step.kernel = static_cast<int>(specs.size());
    specs.push_back(std::move(*spec));
  } else if (lowering && lowering->form == OpLowering::Form::view) {
    step.kind = Step::Kind::view;
    step.lowering = lowering;
  } else if (lowering && (lowering->form == OpLowering::Form::node || lowering->emit)) {
    step.kind = Step::Kind::node;
    step.lowering = lowering;
    step.kernel = node_count++;
  } else {
    // A compiled program runs native code only: its op's `perform` is the oracle tests compare
    // against, not a step. (Every op of kiln's has a lowering, test_lowering_coverage; an op a
    // user defines needs one registered in jit/lower/ to be compiled.)
    throw CompileError("kiln::function: " + step.node->op().name() +
                       " has no native lowering; kiln::evaluate runs it, a compiled function cannot");
  }
}

}  // namespace kiln::jit
