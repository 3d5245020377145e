// Whole-program specialization (see specialize.hpp): a traced call is built into a
// StaticProgramSpec (static_builder.cpp), its loops fused (gather_fusion, sibling_fusion), its
// arena planned (arena_plan), and the whole compiled to one native function; calls then check
// their inputs' layouts against the trace's and run it.
#include "jit/specialize.hpp"

#include "core/compile_times.hpp"
#include "core/logging.hpp"
#include "jit/arena_plan.hpp"
#include "jit/draw_fusion.hpp"
#include "jit/gather_fusion.hpp"
#include "jit/scatter_fusion.hpp"
#include "jit/sibling_fusion.hpp"
#include "jit/static_builder.hpp"
#include "jit/unread_outputs.hpp"

#include <kiln/errors.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>

namespace kiln::jit {
namespace {

constexpr std::size_t kAlign = 64;  // the arena's alignment

std::atomic<std::uint64_t> program_counter{0};

// Elements a kernel step iterates over: the flat ABI's n, or the strided one's broadcast shape.
std::int64_t loop_elements(const StaticProgramSpec& spec, const StaticStep& step) {
  if (step.flat) return step.dims.empty() ? 1 : step.dims[0];
  std::int64_t n = 1;
  const auto ndim = static_cast<std::size_t>(spec.kernels[static_cast<std::size_t>(step.kernel)].ndim);
  for (std::size_t d = 0; d < ndim && d < step.dims.size(); ++d) n *= step.dims[d];
  return n;
}

// The longest loops of a program: how many kernel steps run over its most elements, and how
// many elements that is. One loop means the work over the data is a single pass (what a
// log-density and its gradient over observed data should be).
std::pair<int, std::int64_t> longest_loops(const StaticProgramSpec& spec) {
  int count = 0;
  std::int64_t most = 0;
  for (const auto& step : spec.steps) {
    if (step.kind != StaticStep::Kind::kernel) continue;
    std::int64_t n = loop_elements(spec, step);
    if (n > most) {
      most = n;
      count = 0;
    }
    if (n == most) ++count;
  }
  return {count, most};
}

}  // namespace

std::unique_ptr<StaticProgram> StaticProgram::specialize(const ProgramShape& program, const std::vector<TensorView>& views) {
  auto start = std::chrono::steady_clock::now();
  auto built = build_static_program(program, views);
  if (!built) return nullptr;
  auto result = std::unique_ptr<StaticProgram>(new StaticProgram());
  result->spec_ = std::move(built->spec);
  result->outputs_ = std::move(built->outputs);
  result->frozen_ = std::move(built->frozen);
  result->contexts_ = std::move(built->contexts);
  result->shared_roots_ = std::move(built->shared_roots);
  int draws = fuse_draws(result->spec_);
  int gathers = fuse_gathers(result->spec_);
  int merged = fuse_sibling_kernels(result->spec_);
  std::vector<int> live_out;
  for (const auto& out : result->outputs_) live_out.push_back(out.slot);
  int unread = drop_unread_outputs(result->spec_, live_out);
  int scatters = fuse_scatters(result->spec_, live_out);
  plan_arena(result->spec_, live_out);
  auto sign = [&](const TensorView& v) {
    result->signature_.insert(result->signature_.end(), v.shape.begin(), v.shape.end());
    result->signature_.insert(result->signature_.end(), v.strides.begin(), v.strides.end());
  };
  for (std::size_t i = 0; i < program.num_inputs; ++i) sign(views[i]);
  for (int r : result->shared_roots_) sign(views[program.num_inputs + static_cast<std::size_t>(r)]);
  result->prepare_direct({views.begin(), views.begin() + static_cast<std::ptrdiff_t>(program.num_inputs)});
  result->code_ = compile_static_program(result->spec_, "kiln_p" + std::to_string(program_counter++));
  auto [longest, elements] = longest_loops(result->spec_);
  compile_times_of_this_thread().specialize_ms +=
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  layer_logger("jit").debug(
      "specialized a program of {} steps to {} steps ({} draws, {} gathers and {} scatters fused, {} sibling kernels "
      "merged, {} unread outputs dropped; {} loops over {} elements): {:.3f} ms",
      program.steps.size(), result->spec_.steps.size(), draws, gathers, scatters, merged, unread, longest, elements,
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  return result;
}

template <class List>
bool StaticProgram::inputs_match(const List& inputs, std::size_t& at) const {
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const Array& a = inputs[i];
    for (auto extent : a.shape())
      if (at >= signature_.size() || signature_[at++] != extent) return false;
    for (auto stride : a.strides())
      if (at >= signature_.size() || signature_[at++] != stride) return false;
  }
  return true;
}

bool StaticProgram::matches(const std::vector<Array>& inputs, const std::vector<Array>& roots) const {
  std::size_t at = 0;
  if (!inputs_match(inputs, at)) return false;
  for (int r : shared_roots_) {
    if (static_cast<std::size_t>(r) >= roots.size()) return false;
    const Array& a = roots[static_cast<std::size_t>(r)];
    for (auto extent : a.shape())
      if (at >= signature_.size() || signature_[at++] != extent) return false;
    for (auto stride : a.strides())
      if (at >= signature_.size() || signature_[at++] != stride) return false;
  }
  return at == signature_.size();
}

void StaticProgram::prepare_direct(const std::vector<TensorView>& input_views) {
  direct_ = shared_roots_.empty() &&
            std::all_of(outputs_.begin(), outputs_.end(), [](const StaticOutput& out) { return out.binding >= 0; });
  if (!direct_) return;
  direct_needs_scratch_ = spec_.arena_bytes > 0 || spec_.num_bindings > kStackBindings;
  auto arg = [&](DType dtype, const Shape& shape, const Strides& strides, std::size_t binding) {
    if (shape.size() > Dims::kInline) direct_ = false;
    DirectArg a{.dtype = dtype, .ndim = static_cast<std::uint32_t>(shape.size()), .binding = binding};
    for (std::size_t d = 0; d < shape.size() && d < Dims::kInline; ++d) {
      a.layout[2 * d] = shape[d];
      a.layout[2 * d + 1] = strides[d];
    }
    const auto item = static_cast<std::int64_t>(itemsize(dtype));
    if (shape_size(shape) > 0) {
      for (std::size_t d = 0; d < shape.size(); ++d) {
        std::int64_t reach = strides[d] * (shape[d] - 1) * item;
        (reach < 0 ? a.lo : a.hi) += reach;
      }
      a.hi += item;
    }
    return a;
  };
  for (std::size_t k = 0; k < input_views.size(); ++k)
    direct_args_.push_back(arg(input_views[k].dtype, input_views[k].shape, input_views[k].strides, k));
  direct_inputs_ = input_views.size();
  for (const auto& out : outputs_) {
    const StaticSlot& s = spec_.slots[static_cast<std::size_t>(out.slot)];
    DirectArg a = arg(s.dtype, s.shape, contiguous_strides(s.shape), static_cast<std::size_t>(out.binding));
    // An output of no elements has no memory of the caller's to write into.
    if (a.hi == 0) direct_ = false;
    direct_args_.push_back(a);
  }
}

void* StaticProgram::slot_pointer(int slot, const std::vector<void*>& bindings, const StaticScratch& scratch) const {
  const StaticBuffer& buf = spec_.slots[static_cast<std::size_t>(slot)].buffer;
  switch (buf.kind) {
    case StaticBuffer::Kind::binding: return bindings[static_cast<std::size_t>(buf.index)];
    case StaticBuffer::Kind::arena: return scratch.arena.get() + buf.offset;
    case StaticBuffer::Kind::constant: return const_cast<void*>(buf.address);
    case StaticBuffer::Kind::view: return static_cast<char*>(slot_pointer(buf.index, bindings, scratch)) + buf.offset;
    case StaticBuffer::Kind::local: break;
  }
  throw CompileError("specialized program: a stack buffer is read after the call");  // excluded by mark_escaping
}

DirectCall StaticProgram::direct_call(const std::vector<Array>& outputs) const {
  // The direct ABI passes only the inputs' and outputs' pointers.
  if (outputs.size() != outputs_.size() || !shared_roots_.empty()) return {};
  for (std::size_t i = 0; i < outputs_.size(); ++i) {
    const StaticSlot& s = spec_.slots[static_cast<std::size_t>(outputs_[i].slot)];
    if (outputs_[i].binding < 0 || outputs[i].dtype() != s.dtype || outputs[i].shape() != s.shape ||
        !outputs[i].is_contiguous())
      return {};
  }
  return {code_->fn, static_cast<std::size_t>(spec_.arena_bytes)};
}

void StaticProgram::allocate_arena(StaticScratch& scratch) const {
  if (!scratch.arena && spec_.arena_bytes > 0)
    scratch.arena = std::shared_ptr<char[]>(static_cast<char*>(::operator new[](static_cast<std::size_t>(spec_.arena_bytes),
                                                                                  std::align_val_t{kAlign})),
                                            [](char* p) { ::operator delete[](p, std::align_val_t{kAlign}); });
}

namespace {

bool shares_memory(const std::vector<Array>& outputs, std::size_t i, const std::vector<Array>& inputs,
                   const std::vector<Array>& roots) {
  for (const auto* list : {&inputs, &roots})
    for (const Array& a : *list)
      if (may_share_memory(outputs[i], a)) return true;
  for (std::size_t p = 0; p < i; ++p)
    if (holds_caller_memory(outputs, p) && may_share_memory(outputs[i], outputs[p])) return true;
  return false;
}

}  // namespace

bool StaticProgram::run(const std::vector<Array>& inputs, const std::vector<Array>& roots, std::vector<Array>& outputs,
                        bool into_caller, StaticScratch& scratch) const {
  allocate_arena(scratch);
  scratch.bindings.resize(static_cast<std::size_t>(spec_.num_bindings));
  for (std::size_t i = 0; i < inputs.size(); ++i) scratch.bindings[i] = inputs[i].raw_data();
  for (std::size_t j = 0; j < shared_roots_.size(); ++j)
    scratch.bindings[inputs.size() + j] = roots[static_cast<std::size_t>(shared_roots_[j])].raw_data();
  for (std::size_t i = 0; i < outputs_.size(); ++i) {
    if (outputs_[i].binding < 0) continue;
    const StaticSlot& s = spec_.slots[static_cast<std::size_t>(outputs_[i].slot)];
    if (into_caller && holds_caller_memory(outputs, i)) {
      check_caller_array(outputs[i], s.dtype, s.shape, i);
      if (!outputs[i].is_contiguous()) return false;
      // The code takes what it writes to share no memory with what it reads (program.cpp's
      // noalias bindings): an output over an input, a shared variable's value or another
      // output goes to the interpreter.
      if (shares_memory(outputs, i, inputs, roots)) return false;
    } else {
      outputs[i] = Array::empty(s.dtype, s.shape);
    }
    scratch.bindings[static_cast<std::size_t>(outputs_[i].binding)] = outputs[i].raw_data();
  }
  if (code_->fn(scratch.bindings.data(), scratch.arena.get()) != 0) return false;
  for (std::size_t i = 0; i < outputs_.size(); ++i) {
    if (outputs_[i].binding >= 0) continue;
    const StaticSlot& s = spec_.slots[static_cast<std::size_t>(outputs_[i].slot)];
    copy_to_output({slot_pointer(outputs_[i].slot, scratch.bindings, scratch), s.dtype, s.shape, s.strides, nullptr}, outputs, i,
                   into_caller);
  }
  return true;
}

}  // namespace kiln::jit
