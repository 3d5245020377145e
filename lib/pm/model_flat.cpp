// The flat interface for samplers: theta is the value variables, flattened and concatenated
// in value_vars() order; logp and its gradient come from one compiled function.
#include "core/shared_value.hpp"
#include "pm/model_impl.hpp"

#include <kiln/grad.hpp>
#include <kiln/shared.hpp>
#include <kiln/tensor.hpp>
#include <kiln/traversal.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <memory>
#include <mutex>

namespace kiln::pm {

namespace kt = kiln::tensor;

namespace {

// Static shapes where the types know them; otherwise the initial point's (computed at most once).
std::vector<Shape> value_shapes(const Model& model) {
  std::vector<Shape> shapes;
  std::optional<Point> start;
  for (const auto& v : model.value_vars()) {
    if (!is_float(v.dtype()))
      throw ModelError("the flat interface needs continuous variables, but '" + v.name() + "' is discrete");
    if (auto shape = known_shape(v.type())) {
      shapes.push_back(*shape);
      continue;
    }
    if (!start) start = model.initial_point();
    shapes.push_back(start->at(v.name()).shape());
  }
  return shapes;
}

// `z[0,1]`, or with a labelled dim's labels in place of its indices, `a[Aitkin]`.
std::string element_name(const std::string& name, const Shape& shape, std::int64_t flat,
                         const std::vector<const CoordValues*>& dims) {
  if (shape.empty()) return name;
  std::vector<std::int64_t> index(shape.size());
  for (std::size_t d = shape.size(); d-- > 0;) {
    index[d] = flat % shape[d];
    flat /= shape[d];
  }
  std::string s = name + "[";
  for (std::size_t d = 0; d < index.size(); ++d) {
    const CoordValues* coord = d < dims.size() ? dims[d] : nullptr;
    s += (d ? "," : "") + (coord && coord->has_labels() ? coord->labels()[static_cast<std::size_t>(index[d])]
                                                        : std::to_string(index[d]));
  }
  return s + "]";
}

Array view_of(const double* data, const Shape& shape) {
  return Array::view_raw(DType::float64, const_cast<double*>(data), shape, contiguous_strides(shape));
}

}  // namespace

constexpr std::size_t kStackPointers = 64;  // theta's parts, logp, grad's parts: on the stack up to this

// The inputs derived from the data's values, kept with those values (whose buffers they hold,
// so a value is the same exactly when its buffer is: set_data replaces values whole).
struct DerivedInputs {
  std::vector<Array> sources, values;
};

// The views one call needs (theta's parts in, logp and the gradient's parts out), kept between
// calls: a call only points them at the caller's memory.
struct CallFrame {
  std::vector<Array> inputs, outputs;
  double logp = 0;
  std::vector<void*> pointers;  // the direct call's: theta's parts, derived data, logp, the gradient's parts
  std::vector<Array> sources;   // the pm::Data values this call reads
  std::shared_ptr<char[]> arena;
  std::shared_ptr<const DerivedInputs> derived;  // what was derived from `sources`
};

// A frame kept between calls, on a cache line of its own.
struct alignas(64) FrameSlot {
  std::atomic<bool> busy{false};
  std::unique_ptr<CallFrame> frame;
};
constexpr std::size_t kFrameSlots = 16;

struct LogpGradFunction::Frames {
  // The derived inputs last computed, under the mutex: a call reads them only when its frame's
  // own copy is stale (the data changed, or the frame is new), so the lock is off the hot path.
  // (Not a std::atomic<std::shared_ptr>: GCC 12's releases its lock after a load with a relaxed
  // store, a data race under the memory model that ThreadSanitizer reports, google/sanitizers#1558.)
  std::shared_ptr<const DerivedInputs> derived;
  std::mutex derive_mutex;
  // Each thread has a slot of its own (up to kFrameSlots threads): its calls take that slot's
  // frame without a lock and without writing a line another thread's calls write, so threads
  // calling one function at once (a multi-chain sampler) share nothing.
  std::array<FrameSlot, kFrameSlots> slots;
  // The program's native entry at theta's layout, when it has one (see Program::direct_call).
  DirectCall direct;
  std::mutex mutex;
  std::vector<std::unique_ptr<CallFrame>> free;
};

namespace {

// This thread's slot: threads are numbered as they first call any LogpGradFunction.
std::size_t thread_slot() {
  static std::atomic<std::size_t> threads{0};
  thread_local const std::size_t slot = threads.fetch_add(1, std::memory_order_relaxed) % kFrameSlots;
  return slot;
}

// A frame for one call: the thread's slot's when free (no lock), else one from the pool, else new.
struct FrameLease {
  FrameLease(LogpGradFunction::Frames& frames, const std::vector<Shape>& shapes, std::size_t derived,
             std::size_t sources)
      : frames(frames), slot(&frames.slots[thread_slot()]) {
    if (!slot->busy.exchange(true, std::memory_order_acquire)) {
      frame = std::move(slot->frame);
    } else {
      slot = nullptr;
      std::lock_guard lock(frames.mutex);
      if (!frames.free.empty()) {
        frame = std::move(frames.free.back());
        frames.free.pop_back();
      }
    }
    if (!frame) {
      frame = std::make_unique<CallFrame>();
      frame->outputs.push_back(view_of(&frame->logp, {}));
      for (const auto& shape : shapes) {
        frame->inputs.push_back(view_of(nullptr, shape));
        frame->outputs.push_back(view_of(nullptr, shape));
      }
      frame->inputs.resize(shapes.size() + derived);  // the derived data, set per call
      frame->sources.resize(sources);
      if (frames.direct) {
        frame->pointers.resize(2 * shapes.size() + derived + 1);
        const std::size_t bytes = std::max<std::size_t>(frames.direct.arena_bytes, 64);
        frame->arena = std::shared_ptr<char[]>(static_cast<char*>(::operator new[](bytes, std::align_val_t{64})),
                                               [](char* p) { ::operator delete[](p, std::align_val_t{64}); });
      }
    }
  }
  ~FrameLease() {
    if (slot != nullptr) {
      slot->frame = std::move(frame);
      slot->busy.store(false, std::memory_order_release);
    } else {
      std::lock_guard lock(frames.mutex);
      frames.free.push_back(std::move(frame));
    }
  }
  LogpGradFunction::Frames& frames;
  FrameSlot* slot;  // null: the frame came from (and goes back to) the pool
  std::unique_ptr<CallFrame> frame;
};

}  // namespace

namespace {

bool same_values(const std::vector<Array>& a, const std::vector<Array>& b) {
  for (std::size_t j = 0; j < a.size(); ++j)
    if (a[j].raw_data() != b[j].raw_data() || a[j].shape() != b[j].shape()) return false;
  return true;
}

// The derived inputs for the data values in `sources`: the cached ones, or computed now.
std::shared_ptr<const DerivedInputs> derived_inputs(LogpGradFunction::Frames& frames, const DataInputs& data,
                                                    const std::vector<Array>& sources) {
  std::lock_guard lock(frames.derive_mutex);
  if (frames.derived && same_values(frames.derived->sources, sources)) return frames.derived;
  auto fresh = std::make_shared<DerivedInputs>();
  fresh->sources = sources;
  fresh->values = data.derive->call_positional(sources).values();
  frames.derived = fresh;
  return fresh;
}

}  // namespace

LogpGradFunction::LogpGradFunction(Function function, std::vector<Shape> shapes, DataInputs data)
    : function_(std::move(function)),
      shapes_(std::move(shapes)),
      data_(std::move(data)),
      frames_(std::make_shared<Frames>()) {
  for (const auto& s : shapes_) {
    offsets_.push_back(static_cast<std::int64_t>(size_));
    size_ += static_cast<std::size_t>(shape_size(s));
  }
  frames_->free.reserve(64);
  // Code specialized to these shapes (and the data's as they are now) is compiled now rather
  // than on a sampler's first calls.
  std::vector<double> zeros(size_);
  std::vector<Array> inputs;
  for (std::size_t i = 0; i < shapes_.size(); ++i) inputs.push_back(view_of(zeros.data() + offsets_[i], shapes_[i]));
  if (data_.derive) {
    std::vector<Array> sources;
    for (const auto& x : data_.shared) sources.push_back(get_value(x));
    for (const auto& value : derived_inputs(*frames_, data_, sources)->values) {
      inputs.push_back(value);
      derived_shapes_.push_back(value.shape());
    }
  }
  std::vector<double> zero_grad(size_);
  double zero_logp = 0;
  std::vector<Array> outputs{view_of(&zero_logp, {})};
  for (std::size_t i = 0; i < shapes_.size(); ++i) outputs.push_back(view_of(zero_grad.data() + offsets_[i], shapes_[i]));
  try {
    function_.program().prepare(inputs);
    frames_->direct = function_.program().direct_call(inputs, outputs);
    const DirectCall& direct = frames_->direct;
    if (direct && !data_.derive && direct.arena_bytes == 0 && 2 * shapes_.size() + 1 <= kStackPointers)
      stack_fn_ = direct.fn;
    flat_ = shapes_.size() == 1;
  } catch (const Error&) {  // not at this point: a later call specializes instead
  }
}

// Inputs and gradients are views of the caller's spans, so no values are copied; the views
// themselves are reused (one frame per concurrent caller), so a warm call allocates nothing
// (until the data change).
double LogpGradFunction::call(std::span<const double> theta, std::span<double> grad) const {
  if (theta.size() != size_ || grad.size() != size_)
    throw InputError("logp_dlogp expects theta and grad of length " + std::to_string(size_) + ", got " +
                     std::to_string(theta.size()) + " and " + std::to_string(grad.size()));
  // The compiled code writes grad while it still reads theta: a caller that passes overlapping
  // memory (one buffer for both) has theta read from a copy.
  if (!grad.empty() && theta.data() < grad.data() + grad.size() && grad.data() < theta.data() + theta.size()) [[unlikely]] {
    thread_local std::vector<double> copy;
    copy.assign(theta.begin(), theta.end());
    return call(copy, grad);
  }
  // A program with no arena and no data needs no frame: its pointers go on the stack, and
  // concurrent calls share nothing (no lock, no atomic).
  if (stack_fn_) {
    double logp = 0;
    if (call_parts(theta.data(), &logp, grad.data())) return logp;
  }
  return call_framed(theta, grad);
}

// The stack path for theta's parts: a pointer to each part, logp, and each gradient part. It
// reads only this object's own fields (set once, when it was built).
bool LogpGradFunction::call_parts(const double* theta, double* logp, double* grad) const {
  const std::size_t n = offsets_.size();
  const std::int64_t* offsets = offsets_.data();
  void* pointers[kStackPointers];
  for (std::size_t i = 0; i < n; ++i) {
    pointers[i] = const_cast<double*>(theta) + offsets[i];
    pointers[n + 1 + i] = grad + offsets[i];
  }
  pointers[n] = logp;
  return stack_fn_(pointers, nullptr) == 0;
}

// The calls the stack path does not take: a program with an arena or data inputs (a frame of
// views and pointers reused per caller), or a call whose code stopped (the program raises).
double LogpGradFunction::call_framed(std::span<const double> theta, std::span<double> grad) const {
  const std::size_t n = shapes_.size(), m = derived_shapes_.size();
  FrameLease lease(*frames_, shapes_, m, data_.shared.size());
  CallFrame* frame = lease.frame.get();
  // The data as they are now and what is derived from them; the direct call was made for the
  // derived inputs' shapes then (and they are contiguous, as computed).
  // The frame keeps what it last used: while the data stay, a call reads no state shared with
  // other threads' calls (the shared cache is behind a mutex).
  bool data_as_prepared = true;
  if (data_.derive) {
    for (std::size_t j = 0; j < data_.shared.size(); ++j)
      if (!still_holds(data_.shared[j], frame->sources[j])) frame->sources[j] = get_value(data_.shared[j]);
    if (!frame->derived || !same_values(frame->derived->sources, frame->sources)) {
      frame->derived = derived_inputs(*frames_, data_, frame->sources);
      for (std::size_t j = 0; j < m; ++j) frame->inputs[n + j] = frame->derived->values[j];
    }
    for (std::size_t j = 0; j < m; ++j) {
      const Array& value = frame->derived->values[j];
      data_as_prepared = data_as_prepared && value.shape() == derived_shapes_[j] && value.is_contiguous();
    }
  }
  if (const DirectCall& direct = frames_->direct; direct && data_as_prepared) {
    for (std::size_t i = 0; i < n; ++i) {
      frame->pointers[i] = const_cast<double*>(theta.data()) + offsets_[i];
      frame->pointers[n + m + 1 + i] = grad.data() + offsets_[i];
    }
    for (std::size_t j = 0; j < m; ++j) frame->pointers[n + j] = frame->inputs[n + j].raw_data();
    frame->pointers[n + m] = &frame->logp;
    if (direct.fn(frame->pointers.data(), frame->arena.get()) == 0) return frame->logp;
  }
  for (std::size_t i = 0; i < shapes_.size(); ++i) {
    frame->inputs[i].retarget(const_cast<double*>(theta.data()) + offsets_[i]);
    frame->outputs[i + 1].retarget(grad.data() + offsets_[i]);
  }
  // Types and shapes of theta's parts are fixed by construction: straight to the compiled
  // program (which specializes again to data of a new shape).
  function_.program().run(frame->inputs, frame->outputs, true);
  double logp = frame->logp;
  return logp;
}

// A value variable's elements are named by its dims' labels when it has the random variable's
// shape (elementwise transforms); a simplex's k - 1 values keep their indices.
std::vector<std::string> Model::parameter_names() const {
  std::vector<std::string> names;
  const auto shapes = value_shapes(*this);
  const auto values = value_vars();
  const auto rvs = free_RVs();
  const auto dims = named_vars_to_dims();
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::vector<const CoordValues*> coords;
    auto it = dims.find(rvs[i].name());
    if (it != dims.end() && dims_shape(it->second) == shapes[i])
      for (const auto& dim : it->second) coords.push_back(&this->coords().at(dim));
    for (std::int64_t k = 0; k < shape_size(shapes[i]); ++k)
      names.push_back(element_name(values[i].name(), shapes[i], k, coords));
  }
  return names;
}

// The value and the gradient come from the sampler's forms of the terms (sampler_terms.cpp):
// the same logp wherever it is finite, with less work per element than PyMC's checked graph.
LogpGradFunction Model::compile_logp_dlogp(bool jacobian) const {
  auto shapes = value_shapes(*this);
  const auto values = value_vars();
  const bool check_bounds = impl_->options.check_bounds;
  auto terms = impl_->terms(jacobian, {[&](const Var& logp) { return summed_form(logp, check_bounds); },
                                   [](const Var& logp) { return differentiated_form(logp); }});
  // One theta input and one gradient output, the value variables being theta's slices: a call
  // binds three pointers however many variables the model has, and the slices are offsets in
  // the specialized code.
  std::int64_t size = 0;
  for (const auto& shape : shapes) size += shape_size(shape);
  const Var theta = make_input(TensorType(DType::float64, {size}), "theta");
  std::vector<std::pair<Var, Var>> as_slices;
  std::int64_t offset = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::int64_t n = shape_size(shapes[i]);
    Var part = shapes[i].empty() ? theta[offset] : kt::reshape(theta[kt::slice(offset, offset + n)], shapes[i]);
    if (part.dtype() != values[i].dtype()) part = kt::cast(part, values[i].dtype());
    as_slices.emplace_back(values[i], part);
    offset += n;
  }
  const auto logp = clone_replace({summed_total(terms[0]), summed_total(terms[1])}, as_slices);
  std::vector<Var> outputs{logp[0], grad(logp[1], theta, {.disconnected_inputs = Disconnected::ignore})};
  outputs = replace_checks(outputs, check_bounds);
  // Shared data (pm::Data) become inputs, and what is computed from them alone is split off
  // (data_split.cpp): each call binds what that computes, once per data change, so the
  // program is specialized to the data's layout like theta's and does no per-data work.
  DataInputs data;
  std::vector<Var> data_inputs;
  std::vector<std::pair<Var, Var>> as_inputs;
  for (const auto& root : graph_inputs(outputs)) {
    if (!root.is_shared()) continue;
    data.shared.push_back(root);
    data_inputs.push_back(make_input(root.type(), root.name()));
    as_inputs.emplace_back(root, data_inputs.back());
  }
  std::vector<Var> inputs{theta};
  if (!as_inputs.empty()) {
    DataSplit split = split_data(clone_replace(outputs, as_inputs), data_inputs);
    // A data input the per-call part reads directly stands for itself.
    std::vector<Var> derived = split.derived, derived_inputs = split.derived_inputs;
    const auto read = graph_inputs(split.outputs);
    for (const auto& x : data_inputs)
      if (std::find(read.begin(), read.end(), x) != read.end()) {
        derived.push_back(x);
        derived_inputs.push_back(x);
      }
    data.derive = std::make_shared<const Function>(function(data_inputs, derived, {.mode = model_mode}));
    inputs.insert(inputs.end(), derived_inputs.begin(), derived_inputs.end());
    outputs = split.outputs;
  }
  return LogpGradFunction(function(inputs, outputs, {.mode = model_mode, .trust_input = true, .fixed_shapes = true}),
                          {Shape{size}}, std::move(data));
}

namespace {

// The map in `slot`, compiled by `compile` unless it was compiled for the model as it is now.
template <class Compile>
std::shared_ptr<const CompiledMap> cached_map(const Model::Impl& impl, std::shared_ptr<const CompiledMap>& slot,
                                              Compile compile) {
  std::lock_guard lock(impl.maps_mutex);
  const std::size_t registered = impl.variables.size() + impl.deterministics.size();
  if (!slot || slot->registered != registered) slot = std::make_shared<const CompiledMap>(compile(registered));
  return slot;
}

// One input per free variable (named as it), its forward transform with the other variables'
// values in place of them (a bound may be another variable), flattened into one theta vector.
CompiledMap compile_unconstrain(const Model::Impl& impl, std::size_t registered) {
  std::vector<Var> inputs, parts;
  std::vector<std::pair<Var, Var>> known;
  for (const auto& v : impl.variables) {
    Var x = v.observed ? v.value : make_input(TensorType(v.rv.dtype(), v.rv.type().shape()), v.rv.name());
    known.emplace_back(v.rv, x);
    if (v.observed) continue;
    inputs.push_back(x);
    Var y = v.transform ? clone_replace({v.transform->forward(x)}, known)[0] : x;
    parts.push_back(kt::flatten(y.dtype() == DType::float64 ? y : kt::cast(y, DType::float64)));
  }
  Var theta = parts.empty() ? kt::constant(Array::empty(DType::float64, {0}))
                            : (parts.size() == 1 ? parts[0] : kt::concatenate(parts));
  return {registered, function(inputs, theta, {.mode = model_mode, .fixed_shapes = true}), {}};
}

// The value variables in, each free variable's constrained value (built in creation order, so
// a variable's bounds see the earlier ones) and then each deterministic out.
CompiledMap compile_constrain(const Model& model, const Model::Impl& impl, std::size_t registered) {
  std::vector<Var> outputs;
  std::vector<std::pair<Var, Var>> known;
  for (const auto& v : impl.variables) {
    Var x = v.transform ? clone_replace({v.transform->backward(v.value)}, known)[0] : v.value;
    known.emplace_back(v.rv, x);
    if (!v.observed) outputs.push_back(x);
  }
  for (const auto& d : impl.deterministics) outputs.push_back(clone_replace({d}, known)[0]);
  return {registered, function(model.value_vars(), outputs, {.mode = model_mode, .fixed_shapes = true}), value_shapes(model)};
}

}  // namespace

std::vector<double> Model::unconstrain(const Point& constrained) const {
  auto map = cached_map(*impl_, impl_->unconstrain_map,
                        [&](std::size_t registered) { return compile_unconstrain(*impl_, registered); });
  std::vector<Array> args;
  for (const auto& v : impl_->variables) {
    if (v.observed) continue;
    const Array& x = constrained.at(v.rv.name());
    args.push_back(x.dtype() == v.rv.dtype() ? x : x.astype(v.rv.dtype()));
  }
  return map->function.call_positional(std::move(args))[0].to_vector<double>();
}

Point Model::constrain(std::span<const double> theta) const {
  auto map = cached_map(*impl_, impl_->constrain_map,
                        [&](std::size_t registered) { return compile_constrain(*this, *impl_, registered); });
  std::size_t size = 0;
  for (const auto& shape : map->shapes) size += static_cast<std::size_t>(shape_size(shape));
  if (theta.size() != size)
    throw InputError("constrain: theta has " + std::to_string(theta.size()) +
                     " values, but the model's value variables have " + std::to_string(size));
  std::vector<Array> args;
  std::size_t offset = 0;
  for (const auto& shape : map->shapes) {
    args.push_back(view_of(theta.data() + offset, shape));
    offset += static_cast<std::size_t>(shape_size(shape));
  }
  const auto values = map->function.call_positional(std::move(args)).values();
  Point out;
  std::size_t i = 0;
  for (const auto& v : impl_->variables)
    if (!v.observed) out[v.rv.name()] = values[i++];
  for (const auto& d : impl_->deterministics) out[d.name()] = values[i++];
  return out;
}

}  // namespace kiln::pm
