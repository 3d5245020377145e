// Whole-program specialization: after the step interpreter has run a call, its trace (every
// slot's shape) fixes the program for calls whose inputs have the same shapes and strides.
// The specialized program is one native function (static_program.hpp) with the kernels
// inlined at constant extents, values that depend only on shapes and constants folded,
// gathers and scatters called directly, and intermediates in a per-workspace
// arena or on the stack. Shared variables (the generator among them) are arguments like the
// inputs: their values' layouts are part of what a call must match, and their data pointers are
// bound per call. Draws are loops calling the distributions' runtime entries.
#pragma once

#include "jit/engine.hpp"
#include "jit/program_steps.hpp"
#include "jit/static_builder.hpp"

#include <kiln/function.hpp>

#include <memory>
#include <optional>
#include <vector>

namespace kiln::jit {

// The per-workspace memory of one specialized program.
struct StaticScratch {
  std::shared_ptr<char[]> arena;
  std::vector<void*> bindings;
};

class StaticProgram {
 public:
  // The program specialized to the traced call (views: every slot's value after it), or null
  // when the program cannot be specialized. Throws CompileError when LLVM fails.
  static std::unique_ptr<StaticProgram> specialize(const ProgramShape& program, const std::vector<TensorView>& views);

  // Whether these inputs and the program's roots (roots[r]: shared root r's value this call;
  // the other entries unused) have the shapes and strides the program was specialized to.
  bool matches(const std::vector<Array>& inputs, const std::vector<Array>& roots) const;

  // Runs a call; false when a step could not finish (or the caller's output memory is laid out
  // otherwise), in which case the caller runs the step interpreter instead.
  bool run(const std::vector<Array>& inputs, const std::vector<Array>& roots, std::vector<Array>& outputs,
           bool into_caller, StaticScratch& scratch) const;

  // The compiled function itself, when it writes every output straight into memory laid out
  // as `outputs` (contiguous, the specialized dtypes and shapes) and reads no shared variable.
  DirectCall direct_call(const std::vector<Array>& outputs) const;

  // call_into's fast path (Program::run_into_caller): when the inputs have the specialized
  // dtypes and layout and the function can write every output straight into `outputs` (caller
  // memory, contiguous, the specialized dtypes and shapes, overlapping no input and no other
  // output), runs it on the arrays' pointers and returns 0 or the nonzero code of a step that
  // could not finish; otherwise returns nothing and runs nothing. One pass reads each array
  // once: this is the whole cost of a warm call beyond the compiled code.
  // (Inline: NativeProgram::run_into_caller is this and little else.)
  std::optional<int> run_direct(const ArrayList& inputs, const ArrayList& outputs, StaticScratch* scratch) const {
    const std::size_t n_in = inputs.size();
    if (!direct_ || n_in != direct_inputs_ || outputs.size() + n_in != direct_args_.size()) return std::nullopt;
    void* stack[kStackBindings];
    void** bindings = stack;
    char* arena = nullptr;
    if (scratch) {
      allocate_arena(*scratch);
      scratch->bindings.resize(static_cast<std::size_t>(spec_.num_bindings));
      bindings = scratch->bindings.data();
      arena = scratch->arena.get();
    }
    const DirectArg* want = direct_args_.data();
    for (std::size_t k = 0; k < n_in; ++k, ++want) {
      const Array& in = inputs[k];
      if (!want->matches(in)) return std::nullopt;
      bindings[k] = in.raw_data();
    }
    for (std::size_t i = 0; i < outputs.size(); ++i, ++want) {
      const Array& out = outputs[i];
      char* o0 = static_cast<char*>(out.raw_data());
      if (o0 == nullptr || !want->matches(out)) return std::nullopt;
      // As NumPy with an `out` that overlaps an input or an earlier output, such a call must
      // read every input before writing: the general path computes into new arrays and copies.
      const char* o1 = o0 + want->hi;
      for (const DirectArg* other = direct_args_.data(); other != want; ++other) {
        const char* data = static_cast<const char*>(bindings[other->binding]);
        if (other->lo != other->hi && data + other->lo < o1 && o0 < data + other->hi) return std::nullopt;
      }
      bindings[want->binding] = o0;
    }
    return code_->fn(bindings, arena);
  }
  // Whether run_direct needs a workspace's scratch (an arena, or more bindings than the stack holds).
  bool direct_needs_scratch() const { return direct_needs_scratch_; }

 private:
  static constexpr int kStackBindings = 16;
  template <class List>
  bool inputs_match(const List& inputs, std::size_t& at) const;  // at: where in signature_
  void prepare_direct(const std::vector<TensorView>& input_views);
  void allocate_arena(StaticScratch& scratch) const;

  void* slot_pointer(int slot, const std::vector<void*>& bindings, const StaticScratch& scratch) const;

  StaticProgramSpec spec_;
  std::vector<int> shared_roots_;        // the roots bound after the inputs, in binding order
  std::vector<StaticOutput> outputs_;          // per program output
  std::vector<std::int64_t> signature_;  // per input: shape then strides
  // The direct path (direct_ when every output is bound, no shared variable is read and no
  // array has more than Dims::kInline axes): what a call's arrays must be, the inputs' then the
  // outputs', laid out once here so that a call compares a few values in one pass.
  struct DirectArg {
    DType dtype = DType::float64;
    std::uint32_t ndim = 0;
    std::size_t binding = 0;
    std::int64_t lo = 0, hi = 0;                  // the bytes [lo, hi) its elements span from its data pointer
    std::int64_t layout[2 * Dims::kInline] = {};  // extent and stride (in elements) of each axis
    bool matches(const Array& a) const {
      if (a.dtype() != dtype || a.shape().size() != ndim) return false;
      const std::int64_t* shape = a.shape().data();
      const std::int64_t* strides = a.strides().data();
      bool same = true;
      for (std::uint32_t d = 0; d < ndim; ++d) same &= (shape[d] == layout[2 * d]) & (strides[d] == layout[2 * d + 1]);
      return same;
    }
  };
  bool direct_ = false;
  bool direct_needs_scratch_ = false;
  std::size_t direct_inputs_ = 0;
  std::vector<DirectArg> direct_args_;
  std::vector<Array> frozen_;            // values computed at specialization, baked in
  std::vector<std::shared_ptr<const void>> contexts_;
  std::shared_ptr<const CompiledProgram> code_;
};

}  // namespace kiln::jit
