// Running a NativeProgram's call: through a specialization when one fits the call, else step by
// step over a workspace leased for the call (host views, kernels, draws, node code). A
// fixed-shapes program's first call is a shape trace through the reference performs, whose
// values the specialized code then recomputes.
#include "jit/native_program_class.hpp"

#include "core/runtime_shape_checks.hpp"
#include "jit/lower/registry.hpp"
#include "jit/random_kernel.hpp"
#include "jit/step_errors.hpp"
#include "random/rv_scalar.hpp"

#include <kiln/shared.hpp>

#include <algorithm>
#include <optional>

namespace kiln::jit {

void NativeProgram::run(const std::vector<Array>& inputs, std::vector<Array>& outputs, bool into_caller) const {
  Lease lease(*this);
  Workspace& ws = *lease.workspace;
  read_shared_roots(ws);
  if (run_specialized(inputs, outputs, into_caller, ws)) return;
  const int threshold = specialize_after();
  const int calls = interpreted_calls_.fetch_add(1, std::memory_order_relaxed) + 1;
  const bool trace_only = defer_kernels_ && threshold > 0 && calls == 1;
  interpret(inputs, outputs, into_caller, ws, trace_only);
  if (threshold > 0 && (trace_only || calls >= threshold)) specialize(inputs, ws);
  // A traced call's values came from the reference performs; the caller gets the compiled
  // code's, as every later call with these shapes will (the same input, the same bits). The
  // call reads its inputs and roots as before, so it computes (and draws) the same thing:
  // through the specialization, or step by step when the program could not specialize.
  if (trace_only && !run_specialized(inputs, outputs, into_caller, ws))
    interpret(inputs, outputs, into_caller, ws, false);
}

bool NativeProgram::run_specialized(const std::vector<Array>& inputs, std::vector<Array>& outputs, bool into_caller,
                                    Workspace& ws) const {
  for (int k = 0; k < kMaxSpecializations; ++k) {
    const StaticProgram* fast = specialized_[k].load(std::memory_order_acquire);
    if (!fast) return false;
    if (fast->matches(inputs, ws.roots)) {
      if (fast->run(inputs, ws.roots, outputs, into_caller, ws.statics[k])) return true;
      // A node's code reported a bad value: its error, at once (unless the op's error text
      // needs the inputs on the host: then the interpreter raises it).
      if (!take_rechecked_node_error()) raise_pending_node_error();
      return false;  // another step could not finish: the interpreter raises its error (or copes)
    }
  }
  return false;
}

bool NativeProgram::run_into_caller(const ArrayList& inputs, const ArrayList& outputs) const {
  for (int k = 0; k < kMaxSpecializations; ++k) {
    const StaticProgram* fast = specialized_[k].load(std::memory_order_acquire);
    if (!fast) return false;
    std::optional<int> code;
    if (fast->direct_needs_scratch()) {
      Lease lease(*this);  // (taken before the arrays are checked: only programs with an arena pay it)
      code = fast->run_direct(inputs, outputs, &lease.workspace->statics[k]);
    } else {
      code = fast->run_direct(inputs, outputs, nullptr);
    }
    if (!code) continue;
    if (*code == 0) return true;
    // A node's code reported a bad value: its error, at once (unless the op's error text needs
    // the inputs on the host: then run()'s interpreter raises it).
    if (!take_rechecked_node_error()) raise_pending_node_error();
    return false;  // another step could not finish: run() raises its error
  }
  return false;
}

void NativeProgram::prepare(const std::vector<Array>& inputs) const {
  if (specialize_after() <= 0) return;
  Lease lease(*this);
  read_shared_roots(*lease.workspace);
  std::vector<Array> outputs(outputs_.size());
  interpret(inputs, outputs, false, *lease.workspace, defer_kernels_);
  specialize(inputs, *lease.workspace);
}

DirectCall NativeProgram::direct_call(const std::vector<Array>& inputs, const std::vector<Array>& outputs) const {
  for (int k = 0; k < kMaxSpecializations; ++k) {
    const StaticProgram* fast = specialized_[k].load(std::memory_order_acquire);
    if (fast && fast->matches(inputs, {})) return fast->direct_call(outputs);
  }
  return {};
}

void NativeProgram::interpret(const std::vector<Array>& inputs, std::vector<Array>& outputs, bool into_caller, Workspace& ws,
               bool reference_kernels) const {
  std::fill(ws.written.begin(), ws.written.end(), 0);
  for (std::size_t i = 0; i < inputs_.size(); ++i) ws.views[i].set(inputs[i]);
  for (std::size_t r = 0; r < roots_.size(); ++r) bind_root(roots_[r], r, inputs_.size() + r, ws);
  for (const auto& step : steps_) {
    // A shape trace (reference_kernels) runs every step but the views through the reference.
    if (reference_kernels && step.kind != Step::Kind::view) {
      run_reference(step, ws);
      continue;
    }
    switch (step.kind) {
      case Step::Kind::kernel: run_kernel(step, ws, outputs, into_caller); break;
      case Step::Kind::view: run_view(step, ws); break;
      case Step::Kind::random: run_random(step, ws, outputs, into_caller); break;
      case Step::Kind::node: run_node(step, ws, outputs, into_caller); break;
    }
  }
  for (std::size_t i = 0; i < output_slots_.size(); ++i) {
    if (ws.written[i]) continue;
    copy_to_output(ws.views[static_cast<std::size_t>(output_slots_[i])], outputs, i, into_caller);
  }
}

std::unique_ptr<Workspace> NativeProgram::new_workspace() const {
  auto ws = std::make_unique<Workspace>();
  ws->views.resize(static_cast<std::size_t>(num_slots_));
  ws->owned.resize(static_cast<std::size_t>(num_slots_));
  ws->written.resize(output_slots_.size());
  ws->roots.resize(roots_.size());
  return ws;
}

std::unique_ptr<Workspace> NativeProgram::acquire() const {
  {
    std::lock_guard lock(pool_mutex_);
    if (!pool_.empty()) {
      auto ws = std::move(pool_.back());
      pool_.pop_back();
      return ws;
    }
  }
  return new_workspace();
}

void NativeProgram::release(std::unique_ptr<Workspace> ws) const {
  std::lock_guard lock(pool_mutex_);
  pool_.push_back(std::move(ws));
}

void NativeProgram::read_shared_roots(Workspace& ws) const {
  for (std::size_t r = 0; r < roots_.size(); ++r)
    if (roots_[r].is_shared()) ws.roots[r] = get_value(roots_[r]);
}

void NativeProgram::bind_root(const Var& root, std::size_t r, std::size_t slot, Workspace& ws) {
  if (root.is_constant()) {
    ws.views[slot].set(root.constant_value());
  } else if (root.is_shared()) {
    ws.views[slot].set(ws.roots[r]);
  } else {
    throw InputError("missing input: " + to_string(root) + " of type " + root.type().str() +
                     " is needed and was not given a value");
  }
}

void NativeProgram::place_output(const Step& step, std::size_t o, DType dtype, const Shape& shape, Workspace& ws,
                  std::vector<Array>& outputs, bool into_caller) const {
  auto slot = static_cast<std::size_t>(step.outputs[o]);
  int position = first_output_position_[slot];
  if (position >= 0) {
    auto pos = static_cast<std::size_t>(position);
    if (into_caller && holds_caller_memory(outputs, pos)) {
      check_caller_array(outputs[pos], dtype, shape, pos);
    } else {
      outputs[pos] = Array::empty(dtype, shape);
    }
    ws.views[slot].set(outputs[pos]);
    ws.written[pos] = 1;
    return;
  }
  Array& buffer = ws.owned[slot];
  if (buffer.raw_data() == nullptr || buffer.dtype() != dtype || buffer.shape() != shape || !buffer.is_contiguous())
    buffer = Array::empty(dtype, shape);
  ws.views[slot].set(buffer);
}

void NativeProgram::run_kernel(const Step& step, Workspace& ws, std::vector<Array>& outputs, bool into_caller) const {
  const KernelSpec& spec = specs_[static_cast<std::size_t>(step.kernel)];
  const auto nd = static_cast<std::size_t>(spec.ndim);
  // The broadcast shape, as tensor::broadcast_shapes (whose error the reference throws).
  Shape& shape = ws.shape;
  if (step.inputs.empty()) shape.clear();
  else shape = ws.views[static_cast<std::size_t>(step.inputs[0])].shape;
  for (int in : step.inputs) {
    const Shape& s = ws.views[static_cast<std::size_t>(in)].shape;
    bool ok = s.size() == nd && shape.size() == nd;
    for (std::size_t d = 0; ok && d < nd; ++d) {
      if (s[d] == shape[d] || s[d] == 1) continue;
      if (shape[d] != 1) ok = false;
      else shape[d] = s[d];
    }
    if (!ok) raise_kernel_error(*step.node, step_inputs(step, ws));
  }
  // Only dimensions statically known to be 1 broadcast (PyTensor's rule, as the reference).
  const auto& node_inputs = step.node->inputs();
  for (std::size_t k = 0; k < step.inputs.size(); ++k) {
    const Shape& s = ws.views[static_cast<std::size_t>(step.inputs[k])].shape;
    for (std::size_t d = 0; d < nd; ++d)
      if (s[d] == 1 && shape[d] != 1 && node_inputs[k].type().shape()[d] != std::int64_t{1})
        raise_kernel_error(*step.node, step_inputs(step, ws));
  }

  const Shape* result_shape = &shape;
  if (spec.reduce && spec.reduce->empty_is_error)
    for (std::size_t d = 0; d < nd; ++d)
      if (spec.reduce->axes[d] && shape[d] == 0) raise_kernel_error(*step.node, step_inputs(step, ws));
  if (spec.reduce) {
    ws.reduced_shape.clear();
    for (std::size_t d = 0; d < nd; ++d)
      if (!spec.reduce->axes[d]) ws.reduced_shape.push_back(shape[d]);
    result_shape = &ws.reduced_shape;
  }
  for (std::size_t o = 0; o < step.outputs.size(); ++o)
    place_output(step, o, spec.output_dtypes[o], *result_shape, ws, outputs, into_caller);

  bool flat = !spec.reduce || spec.reduce->full();
  ws.pointers.clear();
  for (int out : step.outputs) {
    const TensorView& v = ws.views[static_cast<std::size_t>(out)];
    flat = flat && v.contiguous();
    ws.pointers.push_back(v.data);
  }
  for (std::size_t k = 0; k < step.inputs.size(); ++k) {
    const TensorView& v = ws.views[static_cast<std::size_t>(step.inputs[k])];
    flat = flat && (spec.inputs[k].scalar || (v.shape == shape && v.contiguous()));
    ws.pointers.push_back(v.data);
  }
  const auto kernel = static_cast<std::size_t>(step.kernel);
  ws.dims.clear();
  if (flat) {
    ws.dims.push_back(shape_size(shape));
    kernels().flat(kernel)(ws.pointers.data(), ws.dims.data());
    return;
  }
  ws.dims.insert(ws.dims.end(), shape.begin(), shape.end());
  for (int out : step.outputs) {
    const TensorView& v = ws.views[static_cast<std::size_t>(out)];
    std::size_t kept = 0;
    for (std::size_t d = 0; d < nd; ++d) {
      bool reduced = spec.reduce && spec.reduce->axes[d];
      ws.dims.push_back(reduced ? 0 : v.strides[kept++]);
    }
  }
  for (int in : step.inputs) {
    const TensorView& v = ws.views[static_cast<std::size_t>(in)];
    for (std::size_t d = 0; d < nd; ++d) ws.dims.push_back(v.shape[d] == 1 ? 0 : v.strides[d]);
  }
  kernels().strided(kernel)(ws.pointers.data(), ws.dims.data());
}

void NativeProgram::run_random(const Step& step, Workspace& ws, std::vector<Array>& outputs, bool into_caller) const {
  const KernelSpec& spec = specs_[static_cast<std::size_t>(step.kernel)];
  const TensorView& rng = ws.views[static_cast<std::size_t>(step.inputs[0])];
  const std::size_t n_params = step.inputs.size() - 3;
  ws.param_shapes.resize(n_params);
  for (std::size_t p = 0; p < n_params; ++p) ws.param_shapes[p] = ws.views[static_cast<std::size_t>(step.inputs[3 + p])].shape;
  std::optional<Shape> shape;
  if (rng.dtype == DType::uint64 && shape_size(rng.shape) == 6)
    shape = random_draw_shape(ws.views[static_cast<std::size_t>(step.inputs[1])].as_array(), ws.param_shapes);
  // A shape the params do not fit: the random variable's error.
  if (!shape || shape->size() != static_cast<std::size_t>(spec.ndim)) raise_draw_error(*step.node, step_inputs(step, ws));

  std::uint64_t state[6];
  copy_elements(rng, state, {1});
  place_output(step, 1, spec.output_dtypes[0], *shape, ws, outputs, into_caller);
  const TensorView& out = ws.views[static_cast<std::size_t>(step.outputs[1])];
  const auto nd = shape->size();
  bool flat = out.contiguous();
  ws.pointers.assign({out.data, static_cast<void*>(state)});
  for (std::size_t p = 0; p < n_params; ++p) {
    const TensorView& v = ws.views[static_cast<std::size_t>(step.inputs[3 + p])];
    flat = flat && (spec.inputs[p + 1].scalar || (v.shape == *shape && v.contiguous()));
    ws.pointers.push_back(v.data);
  }
  ws.dims.clear();
  const auto kernel = static_cast<std::size_t>(step.kernel);
  if (flat) {
    ws.dims.push_back(shape_size(*shape));
    kernels().flat(kernel)(ws.pointers.data(), ws.dims.data());
  } else {
    ws.dims.insert(ws.dims.end(), shape->begin(), shape->end());
    ws.dims.insert(ws.dims.end(), out.strides.begin(), out.strides.end());
    ws.dims.insert(ws.dims.end(), nd, 0);  // the state
    for (std::size_t p = 0; p < n_params; ++p) {  // each param right-aligned, broadcast by stride 0
      const TensorView& v = ws.views[static_cast<std::size_t>(step.inputs[3 + p])];
      const std::size_t lead = nd - v.shape.size();
      for (std::size_t d = 0; d < nd; ++d)
        ws.dims.push_back(d < lead || v.shape[d - lead] == 1 ? 0 : v.strides[d - lead]);
    }
    kernels().strided(kernel)(ws.pointers.data(), ws.dims.data());
  }
  if (random::take_draw_failure()) raise_draw_error(*step.node, step_inputs(step, ws));

  place_output(step, 0, DType::uint64, {6}, ws, outputs, into_caller);
  TensorView& next_rng = ws.views[static_cast<std::size_t>(step.outputs[0])];
  const TensorView words{.data = state, .dtype = DType::uint64, .shape = {6}, .strides = {1}};
  copy_elements(words, next_rng.data, next_rng.strides);
}

const std::vector<TensorView>& NativeProgram::step_inputs(const Step& step, Workspace& ws) {
  ws.step_inputs.resize(step.inputs.size());
  for (std::size_t k = 0; k < step.inputs.size(); ++k) ws.step_inputs[k] = ws.views[static_cast<std::size_t>(step.inputs[k])];
  return ws.step_inputs;
}

void NativeProgram::run_view(const Step& step, Workspace& ws) const {
  const TensorView in = ws.views[static_cast<std::size_t>(step.inputs[0])];
  ViewLayout layout = step.lowering->view(*step.node, step_inputs(step, ws));
  TensorView& out = ws.views[static_cast<std::size_t>(step.outputs[0])];
  out.data = static_cast<char*>(in.data) + layout.offset;
  out.dtype = in.dtype;
  out.array = nullptr;
  out.shape = std::move(layout.shape);
  out.strides = std::move(layout.strides);
}

void NativeProgram::run_node(const Step& step, Workspace& ws, std::vector<Array>& outputs, bool into_caller) const {
  const OpLowering& lowering = *step.lowering;
  ws.dims.clear();
  const std::vector<Shape> shapes = lowering.shapes(*step.node, step_inputs(step, ws), ws.dims);
  for (std::size_t o = 0; o < step.outputs.size(); ++o)
    place_output(step, o, step.node->output(static_cast<int>(o)).dtype(), shapes[o], ws, outputs, into_caller);
  const std::size_t params = ws.dims.size();
  ws.pointers.clear();
  ws.node_dims.clear();
  const std::size_t data =
      lowering.data_inputs < 0 ? step.inputs.size() : static_cast<std::size_t>(lowering.data_inputs);
  auto add = [&](int slot) {
    const TensorView& v = ws.views[static_cast<std::size_t>(slot)];
    ws.pointers.push_back(v.data);
    ws.node_dims.insert(ws.node_dims.end(), v.shape.begin(), v.shape.end());
    ws.node_dims.insert(ws.node_dims.end(), v.strides.begin(), v.strides.end());
  };
  for (int out : step.outputs) add(out);
  for (std::size_t k = 0; k < data; ++k) add(step.inputs[k]);
  ws.node_dims.insert(ws.node_dims.end(), ws.dims.begin(), ws.dims.begin() + static_cast<std::ptrdiff_t>(params));
  NodeFn fn = nodes().fns[static_cast<std::size_t>(step.kernel)];
  if (fn(ws.pointers.data(), ws.node_dims.data(), step.node.get()) != 0) {
    if (lowering.recheck) {
      const std::optional<NodeError> error = take_node_error();  // taken before the check can throw
      lowering.recheck(*step.node, step_inputs(step, ws));
      if (error && lowering.raise) lowering.raise(*error);
    }
    raise_pending_node_error();
  }
}

void NativeProgram::run_reference(const Step& step, Workspace& ws) const {
  std::vector<Array> ins;
  for (int in : step.inputs) ins.push_back(ws.views[static_cast<std::size_t>(in)].as_array());
  std::vector<Array> outs(step.node->num_outputs());
  check_runtime_shapes(*step.node, ins);
  step.node->op().perform(ins, outs);
  for (std::size_t o = 0; o < outs.size(); ++o) {
    auto slot = static_cast<std::size_t>(step.outputs[o]);
    ws.owned[slot] = std::move(outs[o]);
    ws.views[slot].set(ws.owned[slot]);
  }
}

}  // namespace kiln::jit
