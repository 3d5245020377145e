// Whole-program specialization: after the step interpreter has run a call, its trace (every
// slot's shape) fixes the program for calls whose inputs have the same shapes and strides.
// The specialized program is one native function (static_program.hpp) with the kernels
// inlined at constant extents, values that depend only on shapes and constants folded,
// gathers, scatters and BLAS products called directly, and intermediates in a per-workspace
// arena or on the stack. Programs that draw random numbers or read shared variables are not
// specialized (their roots may change shape between calls).
#pragma once

#include "jit/engine.hpp"
#include "jit/program_steps.hpp"

#include <kiln/function.hpp>

#include <memory>
#include <vector>

namespace kiln::jit {

// What the specializer reads of a program: slots 0..inputs-1 are its inputs, the next ones
// its roots (constants and shared variables), then the steps' outputs.
struct ProgramShape {
  std::size_t num_inputs;
  const std::vector<Var>& roots;
  const std::vector<Step>& steps;
  const std::vector<KernelSpec>& specs;
  const std::vector<int>& output_slots;
  int num_slots;
};

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

  // Whether these inputs have the shapes and strides the program was specialized to.
  bool matches(const std::vector<Array>& inputs) const;

  // Runs a call; false when a step could not finish (or the caller's output memory is laid out
  // otherwise), in which case the caller runs the step interpreter instead.
  bool run(const std::vector<Array>& inputs, std::vector<Array>& outputs, bool into_caller, StaticScratch& scratch) const;

  // The compiled function itself, when it writes every output straight into memory laid out
  // as `outputs` (contiguous, the specialized dtypes and shapes).
  DirectCall direct_call(const std::vector<Array>& outputs) const;

  struct Output {
    int slot;
    int binding;  // >= 0: written by the program straight into the output's memory
  };

 private:
  void* slot_pointer(int slot, const std::vector<Array>& inputs, const StaticScratch& scratch) const;

  StaticProgramSpec spec_;
  std::vector<Output> outputs_;          // per program output
  std::vector<std::int64_t> signature_;  // per input: shape then strides
  std::vector<Array> frozen_;            // values computed at specialization, baked in
  std::vector<std::shared_ptr<const void>> contexts_;
  std::shared_ptr<const CompiledProgram> code_;
};

}  // namespace kiln::jit
