// NativeProgram: every variable of the graph gets a slot; a call binds the roots (inputs,
// constants, shared values) and runs the nodes in topological order, each as its registered
// lowering (jit/lower/registry.hpp) says: a fused loop's kernel, a draw kernel, a view
// computed on the host, or the node's generated code (compiled for the program's node steps
// on first use); an op with no lowering runs its reference `perform`. Slots live in
// a workspace taken from a pool (one per concurrent call), whose buffers are reused across
// calls, so a repeated call with the same shapes allocates nothing for intermediates. Outputs
// computed by a kernel or a draw are written straight into their destination (the caller's
// array for call_into); any other output is copied.
#include "jit/native_program.hpp"

#include "core/logging.hpp"
#include "core/runtime_shape_checks.hpp"
#include "jit/code_cache.hpp"
#include "jit/lower/registry.hpp"
#include "jit/program_steps.hpp"
#include "jit/random_kernel.hpp"
#include "jit/specialize.hpp"
#include "random/rv_scalar.hpp"

#include <kiln/print.hpp>
#include <kiln/shared.hpp>
#include <kiln/traversal.hpp>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <chrono>
#include <cstring>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_map>

namespace kiln::jit {
namespace {

// Specializations kept per program (one per distinct input layout seen), and how many calls
// run through the interpreter before the program is specialized (KILN_JIT_SPECIALIZE=N; 0
// turns specialization off).
constexpr int kMaxSpecializations = 4;

int specialize_after() {
  static const int calls = [] {
    const char* env = std::getenv("KILN_JIT_SPECIALIZE");
    return env && *env ? std::atoi(env) : 2;
  }();
  return calls;
}

struct Workspace {
  std::vector<TensorView> views;  // per slot
  std::vector<Array> owned;       // per slot: reusable buffers, shared values, fallback results
  std::vector<char> written;      // per program output: already in place
  std::vector<void*> pointers;    // kernel-call scratch
  std::vector<Array> roots;       // per root: a shared variable's value, read once per call
  std::vector<Shape> param_shapes;  // random-draw scratch
  std::vector<TensorView> step_inputs;  // a view or node step's inputs, for its lowering
  std::vector<std::int64_t> dims;
  std::vector<std::int64_t> node_dims;
  Shape shape;
  Shape reduced_shape;
  StaticScratch statics[kMaxSpecializations];
};

void log_reference_fallback(const Op& op) {
  static std::mutex mutex;
  static std::set<std::string> logged;
  std::string name = op.name();
  std::lock_guard lock(mutex);
  if (logged.insert(name).second) layer_logger("jit").info("no native lowering for {}: it runs its reference perform", name);
}

class NativeProgram final : public Program {
 public:
  NativeProgram(std::vector<Var> inputs, std::vector<Var> outputs, bool fixed_shapes)
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
      Step step{Step::Kind::reference, node, {}, {}, -1};
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
    // A lone step gains nothing from a whole-program function, except a draw (whose step in
    // the interpreter reads its shapes and params on the host, and which pm::draw calls directly).
    specializable_ = steps_.size() >= 2 ||
                     std::any_of(steps_.begin(), steps_.end(), [](const Step& s) { return s.kind == Step::Kind::random; });
    // With fixed shapes the first call is traced through the reference performs and the
    // program specialized to it: the step kernels are compiled only if a call ever needs them.
    defer_kernels_ = fixed_shapes && specializable_;
    if (!defer_kernels_) compile_kernels();
  }

  // How a node runs: its registered lowering (registry.hpp), or its reference perform when it
  // has none.
  static void plan_step(Step& step, std::vector<KernelSpec>& specs, int& node_count) {
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
      log_reference_fallback(step.node->op());
    }
  }

  // Compiles the step kernels' native code, once; a program without kernels compiles nothing.
  void compile_kernels() const {
    std::call_once(kernels_once_, [this] {
      if (specs_.empty()) return;
      bool hit = false;
      code_ = cached_compile(specs_, &hit);
      layer_logger("jit").debug("program of {} nodes: {} kernels ({})", steps_.size(), specs_.size(),
                                hit ? "compile cache hit" : "compiled");
    });
  }

  // The node steps' code, compiled on first use (in step order: step.kernel indexes it).
  const CompiledNodes& nodes() const {
    std::call_once(nodes_once_, [this] {
      std::vector<const Apply*> nodes;
      for (const auto& step : steps_)
        if (step.kind == Step::Kind::node) nodes.push_back(step.node.get());
      static std::atomic<int> counter{0};
      node_code_ = compile_nodes(nodes, "nodes" + std::to_string(counter.fetch_add(1)));
    });
    return *node_code_;
  }

  // The step kernels, compiled on first use; only a step that runs a kernel asks for them.
  const CompiledModule& kernels() const {
    compile_kernels();
    return *code_;
  }

  void run(const std::vector<Array>& inputs, std::vector<Array>& outputs, bool into_caller) const override {
    Lease lease(*this);
    Workspace& ws = *lease.workspace;
    read_shared_roots(ws);
    for (int k = 0; k < kMaxSpecializations; ++k) {
      const StaticProgram* fast = specialized_[k].load(std::memory_order_acquire);
      if (!fast) break;
      if (fast->matches(inputs, ws.roots)) {
        if (fast->run(inputs, ws.roots, outputs, into_caller, ws.statics[k])) return;
        raise_pending_node_error();  // a node's code reported a bad value: its error, at once
        break;  // another step could not finish: the interpreter raises its error (or copes)
      }
    }
    const int threshold = specialize_after();
    const int calls = interpreted_calls_.fetch_add(1, std::memory_order_relaxed) + 1;
    const bool trace_only = defer_kernels_ && threshold > 0 && calls == 1;
    interpret(inputs, outputs, into_caller, ws, trace_only);
    if (threshold > 0 && (trace_only || calls >= threshold)) specialize(inputs, ws);
  }

  // call_into's fast path: straight to a specialization's code, taking a workspace only when
  // that code needs scratch memory.
  bool run_into_caller(const ArrayList& inputs, const ArrayList& outputs) const override {
    for (int k = 0; k < kMaxSpecializations; ++k) {
      const StaticProgram* fast = specialized_[k].load(std::memory_order_acquire);
      if (!fast) return false;
      if (!fast->fits_direct(inputs, outputs)) continue;
      int code = 0;
      if (fast->direct_needs_scratch()) {
        Lease lease(*this);
        code = fast->run_direct(inputs, outputs, &lease.workspace->statics[k]);
      } else {
        code = fast->run_direct(inputs, outputs, nullptr);
      }
      if (code == 0) return true;
      raise_pending_node_error();  // a node's code reported a bad value: its error, at once
      return false;                // another step could not finish: run() raises its error
    }
    return false;
  }

  void prepare(const std::vector<Array>& inputs) const override {
    if (specialize_after() <= 0) return;
    Lease lease(*this);
    read_shared_roots(*lease.workspace);
    std::vector<Array> outputs(outputs_.size());
    interpret(inputs, outputs, false, *lease.workspace, defer_kernels_);
    specialize(inputs, *lease.workspace);
  }

  void dprint(std::ostream& os) const override { dprint_with_order(outputs_, order_, os); }

  DirectCall direct_call(const std::vector<Array>& inputs, const std::vector<Array>& outputs) const override {
    for (int k = 0; k < kMaxSpecializations; ++k) {
      const StaticProgram* fast = specialized_[k].load(std::memory_order_acquire);
      if (fast && fast->matches(inputs, {})) return fast->direct_call(outputs);
    }
    return {};
  }

  int specializations() const {
    int n = 0;
    while (n < kMaxSpecializations && specialized_[n].load(std::memory_order_acquire)) ++n;
    return n;
  }

 private:
  // Runs the call step by step; with `reference_kernels` the fused loops run their reference
  // perform (a trace to specialize from, without compiling the step kernels).
  void interpret(const std::vector<Array>& inputs, std::vector<Array>& outputs, bool into_caller, Workspace& ws,
                 bool reference_kernels = false) const {
    std::fill(ws.written.begin(), ws.written.end(), 0);
    for (std::size_t i = 0; i < inputs_.size(); ++i) ws.views[i].set(inputs[i]);
    for (std::size_t r = 0; r < roots_.size(); ++r) bind_root(roots_[r], r, inputs_.size() + r, ws);
    for (const auto& step : steps_) {
      switch (step.kind) {
        case Step::Kind::kernel:
          if (reference_kernels)
            run_reference(step, ws);
          else
            run_kernel(step, ws, outputs, into_caller);
          break;
        case Step::Kind::view: run_view(step, ws); break;
        case Step::Kind::random:
          if (reference_kernels) run_reference(step, ws);
          else run_random(step, ws, outputs, into_caller);
          break;
        case Step::Kind::node: run_node(step, ws, outputs, into_caller); break;
        case Step::Kind::reference: run_reference(step, ws); break;
      }
    }
    for (std::size_t i = 0; i < output_slots_.size(); ++i) {
      if (ws.written[i]) continue;
      copy_to_output(ws.views[static_cast<std::size_t>(output_slots_[i])], outputs, i, into_caller);
    }
  }

  // Compiles the program specialized to the call just interpreted in `ws` (one compile at a
  // time; a thread that finds one under way goes on interpreting).
  void specialize(const std::vector<Array>& inputs, Workspace& ws) const {
    if (!specializable_.load(std::memory_order_relaxed)) return;
    std::unique_lock lock(specialize_mutex_, std::try_to_lock);
    if (!lock) return;
    int count = 0;
    for (; count < kMaxSpecializations && specialized_[count].load(std::memory_order_relaxed); ++count)
      if (specialized_[count].load(std::memory_order_relaxed)->matches(inputs, ws.roots)) return;
    if (count == kMaxSpecializations) {
      specializable_ = false;
      return;
    }
    try {
      auto fast = StaticProgram::specialize({inputs_.size(), roots_, steps_, specs_, output_slots_, num_slots_}, ws.views);
      if (!fast) {
        specializable_ = false;
        return;
      }
      specialized_[count].store(fast.get(), std::memory_order_release);
      owned_specializations_.push_back(std::move(fast));
    } catch (const Error& e) {
      layer_logger("jit").warn("program specialization failed, the program keeps running step by step: {}", e.what());
      specializable_ = false;
    }
  }

  // A workspace for one call: the primary one when it is free (no lock), else one from the
  // pool.
  struct Lease {
    explicit Lease(const NativeProgram& p) : program(p) {
      if (!p.primary_busy_.exchange(true, std::memory_order_acquire)) {
        workspace = p.primary_.get();
      } else {
        pooled = p.acquire();
        workspace = pooled.get();
      }
    }
    ~Lease() {
      if (pooled) program.release(std::move(pooled));
      else program.primary_busy_.store(false, std::memory_order_release);
    }
    const NativeProgram& program;
    Workspace* workspace = nullptr;
    std::unique_ptr<Workspace> pooled;
  };

  std::unique_ptr<Workspace> new_workspace() const {
    auto ws = std::make_unique<Workspace>();
    ws->views.resize(static_cast<std::size_t>(num_slots_));
    ws->owned.resize(static_cast<std::size_t>(num_slots_));
    ws->written.resize(output_slots_.size());
    ws->roots.resize(roots_.size());
    return ws;
  }

  std::unique_ptr<Workspace> acquire() const {
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

  void release(std::unique_ptr<Workspace> ws) const {
    std::lock_guard lock(pool_mutex_);
    pool_.push_back(std::move(ws));
  }

  // The call reads each shared variable once, before anything runs: the specialized program
  // and the interpreter see the same value.
  void read_shared_roots(Workspace& ws) const {
    for (std::size_t r = 0; r < roots_.size(); ++r)
      if (roots_[r].is_shared()) ws.roots[r] = get_value(roots_[r]);
  }

  static void bind_root(const Var& root, std::size_t r, std::size_t slot, Workspace& ws) {
    if (root.is_constant()) {
      ws.views[slot].set(root.constant_value());
    } else if (root.is_shared()) {
      ws.views[slot].set(ws.roots[r]);
    } else {
      throw InputError("missing input: " + to_string(root) + " of type " + root.type().str() +
                       " is needed and was not given a value");
    }
  }

  // Where output `o` of a kernel step goes: the caller's array, a new result array, or a
  // workspace buffer reused from the previous call.
  void place_output(const Step& step, std::size_t o, DType dtype, const Shape& shape, Workspace& ws,
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

  void run_kernel(const Step& step, Workspace& ws, std::vector<Array>& outputs, bool into_caller) const {
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
      if (!ok) return run_reference(step, ws);  // throws the reference's error
    }
    // Only dimensions statically known to be 1 broadcast (PyTensor's rule, as the reference).
    const auto& node_inputs = step.node->inputs();
    for (std::size_t k = 0; k < step.inputs.size(); ++k) {
      const Shape& s = ws.views[static_cast<std::size_t>(step.inputs[k])].shape;
      for (std::size_t d = 0; d < nd; ++d)
        if (s[d] == 1 && shape[d] != 1 && node_inputs[k].type().shape()[d] != std::int64_t{1})
          return run_reference(step, ws);  // throws
    }

    const Shape* result_shape = &shape;
    if (spec.reduce && spec.reduce->empty_is_error)
      for (std::size_t d = 0; d < nd; ++d)
        if (spec.reduce->axes[d] && shape[d] == 0) return run_reference(step, ws);  // throws
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

  // Inputs (rng, size, dtype, *params), outputs (next_rng, draw). The rng's six words are
  // copied into a local state that the draw kernel advances, so the rng value (a shared
  // variable's) is never changed: eval repeats, and a function advances it only through its
  // update of next_rng.
  void run_random(const Step& step, Workspace& ws, std::vector<Array>& outputs, bool into_caller) const {
    const KernelSpec& spec = specs_[static_cast<std::size_t>(step.kernel)];
    const TensorView& rng = ws.views[static_cast<std::size_t>(step.inputs[0])];
    const std::size_t n_params = step.inputs.size() - 3;
    ws.param_shapes.resize(n_params);
    for (std::size_t p = 0; p < n_params; ++p) ws.param_shapes[p] = ws.views[static_cast<std::size_t>(step.inputs[3 + p])].shape;
    std::optional<Shape> shape;
    if (rng.dtype == DType::uint64 && shape_size(rng.shape) == 6)
      shape = random_draw_shape(ws.views[static_cast<std::size_t>(step.inputs[1])].as_array(), ws.param_shapes);
    // A shape the params do not fit: the reference raises its error.
    if (!shape || shape->size() != static_cast<std::size_t>(spec.ndim)) return run_reference(step, ws);

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
    if (random::take_draw_failure()) return run_reference(step, ws);  // throws the reference's error

    place_output(step, 0, DType::uint64, {6}, ws, outputs, into_caller);
    TensorView& next_rng = ws.views[static_cast<std::size_t>(step.outputs[0])];
    const TensorView words{.data = state, .dtype = DType::uint64, .shape = {6}, .strides = {1}};
    copy_elements(words, next_rng.data, next_rng.strides);
  }

  // The step's inputs as the lowering's host functions read them.
  static const std::vector<TensorView>& step_inputs(const Step& step, Workspace& ws) {
    ws.step_inputs.resize(step.inputs.size());
    for (std::size_t k = 0; k < step.inputs.size(); ++k) ws.step_inputs[k] = ws.views[static_cast<std::size_t>(step.inputs[k])];
    return ws.step_inputs;
  }

  void run_view(const Step& step, Workspace& ws) const {
    const TensorView in = ws.views[static_cast<std::size_t>(step.inputs[0])];
    ViewLayout layout = step.lowering->view(*step.node, step_inputs(step, ws));
    TensorView& out = ws.views[static_cast<std::size_t>(step.outputs[0])];
    out.data = static_cast<char*>(in.data) + layout.offset;
    out.dtype = in.dtype;
    out.array = nullptr;
    out.shape = std::move(layout.shape);
    out.strides = std::move(layout.strides);
  }

  // A node's generated code: the host computes its output shapes and params (raising the
  // op's errors for inputs that do not fit), the code reports a bad value through the node
  // error channel.
  void run_node(const Step& step, Workspace& ws, std::vector<Array>& outputs, bool into_caller) const {
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
    if (fn(ws.pointers.data(), ws.node_dims.data(), step.node.get()) != 0) raise_pending_node_error();
  }

  void run_reference(const Step& step, Workspace& ws) const {
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

  std::vector<Var> inputs_;
  std::vector<Var> outputs_;
  std::vector<Var> roots_;  // constants and shared variables (slots after the inputs)
  std::vector<Step> steps_;
  std::vector<KernelSpec> specs_;
  std::vector<int> output_slots_;
  std::vector<int> first_output_position_;  // per slot: the first output it is, or -1
  std::unordered_map<const Apply*, int> order_;
  int num_slots_ = 0;
  bool defer_kernels_ = false;
  mutable std::once_flag kernels_once_;
  mutable std::shared_ptr<const CompiledModule> code_;
  mutable std::once_flag nodes_once_;
  mutable std::shared_ptr<const CompiledNodes> node_code_;
  mutable std::mutex pool_mutex_;
  mutable std::vector<std::unique_ptr<Workspace>> pool_;
  std::unique_ptr<Workspace> primary_;
  mutable std::atomic<bool> primary_busy_{false};
  // Specialized programs, published once compiled, kept until the program dies.
  mutable std::atomic<const StaticProgram*> specialized_[kMaxSpecializations] = {};
  mutable std::vector<std::unique_ptr<StaticProgram>> owned_specializations_;
  mutable std::mutex specialize_mutex_;
  mutable std::atomic<bool> specializable_{true};
  mutable std::atomic<int> interpreted_calls_{0};
};

}  // namespace

int specialization_count(const Program& program) {
  auto* native = dynamic_cast<const NativeProgram*>(&program);
  return native ? native->specializations() : 0;
}

std::shared_ptr<const Program> compile_program(const std::vector<Var>& inputs, const std::vector<Var>& outputs,
                                               bool fixed_shapes) {
  auto start = std::chrono::steady_clock::now();
  auto program = std::make_shared<NativeProgram>(inputs, outputs, fixed_shapes);
  layer_logger("jit").debug("compile_program: {:.3f} ms",
                            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  return program;
}

}  // namespace kiln::jit
