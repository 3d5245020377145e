// Building a specialized program from a traced call (see static_builder.hpp).
#include "jit/static_builder.hpp"

#include "jit/lower/registry.hpp"
#include "jit/static_steps.hpp"
#include "tensor/elemwise.hpp"
#include "tensor/join.hpp"
#include "tensor/shape_ops.hpp"
#include "tensor/subtensor.hpp"

#include <kiln/errors.hpp>

#include <algorithm>
#include <unordered_map>

namespace kiln::jit {
namespace {

constexpr std::int64_t kLocalBytes = 4096;       // largest intermediate kept on the stack
constexpr std::int64_t kLocalTotalBytes = 65536;  // all of them together
constexpr std::int64_t kInlineScatterElements = 16;  // scatters by constant rows up to this size: node code

std::int64_t bytes_of(const StaticSlot& slot) {
  return shape_size(slot.shape) * static_cast<std::int64_t>(itemsize(slot.dtype));
}

class Builder {
 public:
  Builder(const ProgramShape& program, const std::vector<TensorView>& views) : program_(program), views_(views) {}

  // Every root a constant or a shared variable, and every input that a view or node step
  // reads on the host (its index scalars) fixed by constants and shapes.
  bool eligible() const {
    return std::all_of(program_.roots.begin(), program_.roots.end(),
                       [](const Var& root) { return root.is_constant() || root.is_shared(); });
  }

  // The inputs of a view or node step that the host reads (index scalars, shape entries) are
  // baked into the specialized code: those not fixed by constants and shapes are checked per
  // call to have their traced value (a call where one differs runs step by step).
  void guard_host_inputs(const Step& step) {
    if (!step.lowering) return;
    if (step.lowering->value_inputs)
      for (int k : step.lowering->value_inputs(*step.node)) guard_value(step.inputs[static_cast<std::size_t>(k)]);
    if (step.lowering->data_inputs < 0) return;
    for (std::size_t k = static_cast<std::size_t>(step.lowering->data_inputs); k < step.inputs.size(); ++k)
      guard_value(step.inputs[k]);
  }

  // Slot s keeps its traced value in the calls this program runs (unless it is fixed anyway).
  void guard_value(int s) {
    if (frozen_slot_[static_cast<std::size_t>(s)]) return;
    const TensorView& traced = views_[static_cast<std::size_t>(s)];
    SameValue value;
    value.bytes.resize(static_cast<std::size_t>(shape_size(traced.shape)) * itemsize(traced.dtype));
    copy_elements(traced, value.bytes.data(), contiguous_strides(traced.shape));
    if (!is_contiguous(slot(s).shape, slot(s).strides)) ok_ = false;
    StaticStep guard;
    guard.kind = StaticStep::Kind::call;
    guard.fn = &same_value;
    guard.inputs = {s};
    guard.context = keep(std::move(value));
    spec_->steps.push_back(std::move(guard));
  }

  // False when the program cannot be specialized.
  bool build(StaticProgramSpec& spec, std::vector<StaticOutput>& outputs, std::vector<Array>& frozen,
             std::vector<std::shared_ptr<const void>>& contexts, std::vector<int>& shared_roots) {
    spec_ = &spec;
    frozen_ = &frozen;
    contexts_ = &contexts;
    const auto n = static_cast<std::size_t>(program_.num_slots);
    spec.slots.resize(n);
    frozen_slot_.assign(n, false);
    computed_.assign(n, false);
    for (std::size_t s = 0; s < n; ++s) {
      spec.slots[s].dtype = views_[s].dtype;
      spec.slots[s].shape = views_[s].shape;
    }
    for (std::size_t i = 0; i < program_.num_inputs; ++i) {
      spec.slots[i].strides = views_[i].strides;
      spec.slots[i].buffer = {StaticBuffer::Kind::binding, static_cast<int>(i)};
    }
    spec.num_bindings = static_cast<int>(program_.num_inputs);
    for (std::size_t r = 0; r < program_.roots.size(); ++r) {
      const auto s = program_.num_inputs + r;
      if (program_.roots[r].is_shared()) {  // its value may change between calls: an argument
        spec.slots[s].strides = views_[s].strides;
        spec.slots[s].buffer = {StaticBuffer::Kind::binding, spec.num_bindings++};
        shared_roots.push_back(static_cast<int>(r));
      } else {
        freeze(static_cast<int>(s), program_.roots[r].constant_value());
      }
    }
    for (const auto& step : program_.steps) find_frozen(step);
    bind_outputs(outputs);
    mark_escaping();
    for (const auto& step : program_.steps) add_step(step);
    return ok_;
  }

 private:
  // A slot whose value is known now: baked into the program.
  void freeze(int s, const Array& value) {
    auto& slot = spec_->slots[static_cast<std::size_t>(s)];
    slot.strides.assign(value.strides().begin(), value.strides().end());
    slot.buffer = {StaticBuffer::Kind::constant, 0, 0, 0, value.raw_data()};
    frozen_slot_[static_cast<std::size_t>(s)] = true;
  }

  // Values that depend only on constants and shapes are computed once, now.
  void find_frozen(const Step& step) {
    bool shape_only = dynamic_cast<const tensor::ShapeOp*>(&step.node->op()) != nullptr;
    bool frozen = shape_only || std::all_of(step.inputs.begin(), step.inputs.end(),
                                            [&](int s) { return frozen_slot_[static_cast<std::size_t>(s)]; });
    for (int s : step.outputs) frozen_slot_[static_cast<std::size_t>(s)] = frozen;
    if (!frozen && step.kind != Step::Kind::view)
      for (int s : step.outputs) computed_[static_cast<std::size_t>(s)] = true;
  }

  // Program outputs computed by a step are written into the output's memory (the first
  // position of a slot that is returned twice); the others are copied after the call.
  void bind_outputs(std::vector<StaticOutput>& outputs) {
    output_binding_.assign(static_cast<std::size_t>(program_.num_slots), -1);
    for (std::size_t i = 0; i < program_.output_slots.size(); ++i) {
      auto slot = static_cast<std::size_t>(program_.output_slots[i]);
      int& binding = output_binding_[slot];
      bool first = binding < 0 && computed_[slot];
      if (first) binding = spec_->num_bindings++;
      outputs.push_back({program_.output_slots[i], first ? binding : -1});
    }
  }

  // Slots whose pointer the host needs after the call (outputs, and what views among them
  // read): never on the stack.
  void mark_escaping() {
    escaping_.assign(static_cast<std::size_t>(program_.num_slots), false);
    for (int s : program_.output_slots) escaping_[static_cast<std::size_t>(s)] = true;
    // A view of a slot returned by the program returns its source's memory too (latest views
    // first, so a view of a view passes it on).
    for (auto step = program_.steps.rbegin(); step != program_.steps.rend(); ++step)
      if (step->kind == Step::Kind::view && escaping_[static_cast<std::size_t>(step->outputs[0])])
        escaping_[static_cast<std::size_t>(step->inputs[0])] = true;
  }

  StaticSlot& slot(int s) { return spec_->slots[static_cast<std::size_t>(s)]; }

  // A contiguous buffer for a step's result.
  void place(int s) {
    StaticSlot& out = slot(s);
    out.strides = contiguous_strides(out.shape);
    std::int64_t bytes = std::max<std::int64_t>(bytes_of(out), 1);
    if (int b = output_binding_[static_cast<std::size_t>(s)]; b >= 0) {
      out.buffer = {StaticBuffer::Kind::binding, b};
    } else if (!escaping_[static_cast<std::size_t>(s)] && bytes <= kLocalBytes && local_bytes_ + bytes <= kLocalTotalBytes) {
      local_bytes_ += bytes;
      out.buffer = {StaticBuffer::Kind::local, 0, 0, bytes};
    } else {
      out.buffer = {StaticBuffer::Kind::arena};  // its offset: plan_arena's
    }
  }

  void add_step(const Step& step) {
    if (step.kind != Step::Kind::view && !computed_[static_cast<std::size_t>(step.outputs.at(0))]) {
      for (int s : step.outputs) {
        frozen_->push_back(views_[static_cast<std::size_t>(s)].as_array().copy());
        freeze(s, frozen_->back());
      }
      return;
    }
    guard_host_inputs(step);
    switch (step.kind) {
      case Step::Kind::view: return add_view(step);
      case Step::Kind::kernel: return add_kernel(step);
      case Step::Kind::random: return add_draw(step);
      case Step::Kind::node: return add_node(step);
    }
  }

  // A RandomVariable (rng, size, dtype, params) -> (next_rng, draw): the rng's words copied
  // into next_rng, the draw loop advancing them there (a state operand viewing next_rng), then
  // the check that every element's params were valid.
  void add_draw(const Step& step) {
    const KernelSpec& kernel = program_.specs[static_cast<std::size_t>(step.kernel)];
    const int rng = step.inputs[0], next = step.outputs[0], draw = step.outputs[1];
    const auto nd = static_cast<std::size_t>(kernel.ndim);
    const StaticSlot& state = slot(rng);
    // The loop's extent is baked in: a size not fixed by constants and shapes keeps its traced value.
    if (state.dtype != DType::uint64 || shape_size(state.shape) != 6 || !is_contiguous(state.shape, state.strides) ||
        slot(draw).dtype != kernel.output_dtypes[0] || slot(draw).shape.size() != nd)
      return refuse();
    guard_value(step.inputs[1]);
    place(next);
    place(draw);
    StaticStep copy;
    copy.kind = StaticStep::Kind::call;
    copy.fn = &copy_generator_state;
    copy.outputs = {next};
    copy.inputs = {rng};
    spec_->steps.push_back(std::move(copy));

    std::vector<int> inputs{add_view_slot(next, Shape(nd, 1), std::vector<std::int64_t>(nd, 0))};
    for (std::size_t p = 3; p < step.inputs.size(); ++p) {
      const int param = step.inputs[p];
      const StaticSlot& in = slot(param);
      const std::size_t lead = nd - in.shape.size();
      if (lead == 0) {
        inputs.push_back(param);
        continue;
      }
      Shape shape(lead, 1);
      Strides strides(lead, 0);
      shape.insert(shape.end(), in.shape.begin(), in.shape.end());
      strides.insert(strides.end(), in.strides.begin(), in.strides.end());
      inputs.push_back(add_view_slot(param, std::move(shape), std::move(strides)));
    }
    add_kernel_step(kernel, inputs, {draw}, &slot(draw).shape);

    StaticStep check;
    check.kind = StaticStep::Kind::call;
    check.fn = &check_draws;
    spec_->steps.push_back(std::move(check));
  }

  // A view step of the specialized program: its layout computed now, from the source slot's
  // layout and the (frozen) index inputs.
  void add_view(const Step& step) {
    const OpLowering& lowering = *step.lowering;
    std::vector<TensorView> inputs;
    for (int s : step.inputs) inputs.push_back(views_[static_cast<std::size_t>(s)]);
    const StaticSlot& source = slot(step.inputs[0]);
    inputs[0].shape = source.shape;
    inputs[0].strides = source.strides;
    ViewLayout layout = lowering.view(*step.node, inputs);
    StaticSlot& out = slot(step.outputs[0]);
    out.strides = std::move(layout.strides);
    out.buffer = {StaticBuffer::Kind::view, step.inputs[0], layout.offset};
  }

  // A reshape of a C-contiguous array is a view of it, as NumPy's (its shape is fixed here: the
  // target's values are frozen or guarded): theta[5:175].reshape(85, 2) reads theta in place.
  // Kept a copy when the host sees the result (a program output).
  bool add_reshape_view(const Step& step) {
    if (!dynamic_cast<const tensor::Reshape*>(&step.node->op())) return false;
    const int from = step.inputs[0], to = step.outputs[0];
    if (escaping_[static_cast<std::size_t>(to)] || !is_contiguous(slot(from).shape, slot(from).strides)) return false;
    StaticSlot& out = slot(to);
    out.strides = contiguous_strides(out.shape);
    out.buffer = {StaticBuffer::Kind::view, from, 0};
    return true;
  }

  // A node's code, inlined with constant extents: its outputs contiguous, its params (from
  // the frozen index inputs and the shapes) computed now.
  void add_node(const Step& step) {
    if (add_reshape_view(step)) return;
    const OpLowering& lowering = *step.lowering;
    for (int s : step.outputs) place(s);
    StaticStep out;
    // Gathers and scatters of float64 rows by constant indices keep their C++ steps, which
    // gather_fusion folds into the loop that reads them; by indices read at run time they are
    // their nodes' code (a scatter-add's loop there costs a quarter less than the C++ step's).
    out.outputs = step.outputs;
    out.inputs = step.inputs;
    if (native_call(step, out)) {
      out.kind = StaticStep::Kind::call;
      spec_->steps.push_back(std::move(out));
      return;
    }
    out.kind = StaticStep::Kind::node;
    out.node = step.node.get();
    out.outputs = step.outputs;
    std::vector<TensorView> inputs;
    for (int s : step.inputs) {
      inputs.push_back(views_[static_cast<std::size_t>(s)]);
      inputs.back().shape = slot(s).shape;
      inputs.back().strides = slot(s).strides;
    }
    lowering.shapes(*step.node, inputs, out.dims);
    const std::size_t data = lowering.data_inputs < 0 ? step.inputs.size() : static_cast<std::size_t>(lowering.data_inputs);
    out.inputs.assign(step.inputs.begin(), step.inputs.begin() + static_cast<std::ptrdiff_t>(data));
    spec_->steps.push_back(std::move(out));
  }

  void add_kernel(const Step& step) {
    for (int s : step.outputs) place(s);
    add_kernel_step(program_.specs[static_cast<std::size_t>(step.kernel)], step.inputs, step.outputs);
  }

  // A kernel over slots whose layouts are set: flat when every operand is contiguous over the
  // whole loop (or one value), else strided, with the dims of the KernelFn ABI.
  // `loop_shape`: the shape to loop over when the inputs do not give it (a draw of `size`).
  void add_kernel_step(const KernelSpec& kernel, const std::vector<int>& inputs, const std::vector<int>& outputs,
                       const Shape* loop_shape = nullptr) {
    // The broadcast shape (the trace has checked that the inputs broadcast).
    const auto nd = static_cast<std::size_t>(kernel.ndim);
    Shape shape(nd, 1);
    if (loop_shape) shape = *loop_shape;
    else
      for (int s : inputs)
        for (std::size_t d = 0; d < nd; ++d)
          if (slot(s).shape[d] != 1) shape[d] = slot(s).shape[d];

    StaticStep out;
    out.kernel = static_cast<int>(spec_->kernels.size());
    out.outputs = outputs;
    out.inputs = inputs;
    bool flat = !kernel.reduce || kernel.reduce->full();
    for (std::size_t k = 0; k < inputs.size(); ++k) {
      const StaticSlot& in = slot(inputs[k]);
      flat = flat && (kernel.inputs[k].scalar || (in.shape == shape && is_contiguous(in.shape, in.strides)));
    }
    out.flat = flat;
    if (flat) {
      out.dims = {shape_size(shape)};
    } else {
      out.dims.assign(shape.begin(), shape.end());
      for (int s : outputs) {
        std::size_t kept = 0;
        for (std::size_t d = 0; d < nd; ++d) {
          bool reduced = kernel.reduce && kernel.reduce->axes[d];
          out.dims.push_back(reduced ? 0 : slot(s).strides[kept++]);
        }
      }
      for (int s : inputs)
        for (std::size_t d = 0; d < nd; ++d) out.dims.push_back(slot(s).shape[d] == 1 ? 0 : slot(s).strides[d]);
    }
    spec_->kernels.push_back(kernel);
    spec_->steps.push_back(std::move(out));
  }

  // A new slot viewing `source` with another shape and strides (a broadcast operand).
  int add_view_slot(int source, Shape shape, Strides strides) {
    StaticSlot view{slot(source).dtype, std::move(shape), std::move(strides), {StaticBuffer::Kind::view, source, 0}};
    spec_->slots.push_back(std::move(view));
    return static_cast<int>(spec_->slots.size()) - 1;
  }

  template <class Context>
  const Context* keep(Context context) {
    auto owned = std::make_shared<const Context>(std::move(context));
    contexts_->push_back(owned);
    return owned.get();
  }

  // A step the specialized program has no code for: the program runs step by step.
  void refuse() { ok_ = false; }

  // A constant index array's rows, wrapped and checked now (null when not constant, or when
  // out of range: the step then checks at run time and fails, and the interpreter raises).
  const std::int64_t* constant_rows(int idx, std::int64_t length) {
    if (!frozen_slot_[static_cast<std::size_t>(idx)]) return nullptr;
    const StaticSlot& s = slot(idx);
    auto rows = checked_rows(static_cast<const std::int64_t*>(s.buffer.address), shape_size(s.shape), length);
    if (rows.empty()) return nullptr;
    frozen_->push_back(Array(rows));
    return frozen_->back().data<std::int64_t>();
  }

  // Join along `axis` (MakeVector: 0-d inputs along 0) of contiguous inputs of the output's
  // dtype: byte blocks copied in order.
  bool concatenation(const Step& step, int axis, StaticStep& out) {
    const StaticSlot& result = slot(step.outputs[0]);
    Concatenate c{1, {}};
    for (int d = 0; d < axis; ++d) c.outer *= result.shape[static_cast<std::size_t>(d)];
    for (int s : step.inputs) {
      const StaticSlot& in = slot(s);
      if (in.dtype != result.dtype || !is_contiguous(in.shape, in.strides)) return false;
      std::int64_t elements = shape_size(in.shape);
      c.blocks.push_back(c.outer == 0 ? 0 : elements / c.outer * static_cast<std::int64_t>(itemsize(in.dtype)));
    }
    out.fn = &concatenate;
    out.context = keep(std::move(c));
    return true;
  }

  // The ops with a direct C++ step at these layouts.
  bool native_call(const Step& step, StaticStep& out) {
    const Op& op = step.node->op();
    auto is = [&](int s, DType dtype) { return slot(s).dtype == dtype && is_contiguous(slot(s).shape, slot(s).strides); };
    auto row_of = [&](int s) { return shape_size(Shape(slot(s).shape.begin() + 1, slot(s).shape.end())); };
    if (dynamic_cast<const tensor::AdvancedSubtensor*>(&op)) {
      int x = step.inputs[0], idx = step.inputs[1];
      if (!is(x, DType::float64) || !is(idx, DType::int64) || slot(x).shape.empty()) return false;
      const std::int64_t* rows = constant_rows(idx, slot(x).shape[0]);
      if (!rows) return false;
      out.fn = &gather_rows;
      out.context = keep(GatherRows{shape_size(slot(idx).shape), row_of(x), rows});
      return true;
    }
    if (auto* inc = dynamic_cast<const tensor::AdvancedIncSubtensor*>(&op)) {
      int x = step.inputs[0], y = step.inputs[1], idx = step.inputs[2];
      if (!is(x, DType::float64) || !is(y, DType::float64) || !is(idx, DType::int64) || slot(x).shape.empty()) return false;
      Shape gathered = slot(idx).shape;
      gathered.insert(gathered.end(), slot(x).shape.begin() + 1, slot(x).shape.end());
      if (slot(y).shape != gathered) return false;  // a broadcast value: the reference handles it
      // A few elements (a packed Cholesky factor's diagonal) cost less inlined, where their
      // constant rows fold, than a call: the node's code does them.
      if (shape_size(gathered) <= kInlineScatterElements) return false;
      const std::int64_t* rows = constant_rows(idx, slot(x).shape[0]);
      if (!rows) return false;
      out.fn = &scatter_rows;
      out.context = keep(ScatterRows{shape_size(slot(idx).shape), slot(x).shape[0], row_of(x), inc->set(), rows});
      return true;
    }
    if (auto* join = dynamic_cast<const tensor::Join*>(&op)) return concatenation(step, join->axis(), out);
    if (dynamic_cast<const tensor::MakeVector*>(&op)) return concatenation(step, 0, out);
    return false;
  }

  const ProgramShape& program_;
  const std::vector<TensorView>& views_;
  StaticProgramSpec* spec_ = nullptr;
  std::vector<Array>* frozen_ = nullptr;
  std::vector<std::shared_ptr<const void>>* contexts_ = nullptr;
  std::vector<bool> frozen_slot_;
  std::vector<bool> computed_;  // by a step of the specialized program (not frozen, not a view)
  std::vector<bool> escaping_;
  std::vector<int> output_binding_;
  std::int64_t local_bytes_ = 0;
  bool ok_ = true;  // false: a step the specialized program cannot run
};

}  // namespace

std::unique_ptr<BuiltProgram> build_static_program(const ProgramShape& program, const std::vector<TensorView>& views) {
  Builder builder(program, views);
  if (!builder.eligible()) return nullptr;
  auto built = std::make_unique<BuiltProgram>();
  if (!builder.build(built->spec, built->outputs, built->frozen, built->contexts, built->shared_roots)) return nullptr;
  return built;
}

}  // namespace kiln::jit
