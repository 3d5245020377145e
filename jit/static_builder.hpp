// Building a specialized program from a traced call: for every slot of the program, its
// layout and where it lives.
//   - inputs and shared variables: bindings (their traced strides are part of the signature);
//   - constants, and values computed only from constants and shapes (`frozen`): baked in;
//   - view steps (DimShuffle, Subtensor, SpecifyShape: the registry's view form): views of
//     their input, at an offset and with strides derived from its layout; an index they read
//     that constants and shapes do not fix is guarded per call (same_value);
//   - other results: contiguous, written straight into a program output when they are one,
//     else on the stack when small and never seen outside the call, else in the arena
//     (offsets assigned afterwards by plan_arena).
// Steps become inlined kernels (draws among them: a copy of the state into the next state's
// buffer, the draw loop advancing it, a check of the draws' params), inlined node code (the
// registry's node form, at constant extents), or direct C++ steps (gathers and scatters by
// constant indices, concatenation). A program with a step of none of these (an op with no
// lowering, a draw whose size is not fixed) is not specialized: it runs step by step.
#pragma once

#include "jit/program_steps.hpp"
#include "jit/static_program.hpp"

#include <memory>
#include <vector>

namespace kiln::jit {

// What the builder reads of a program: slots 0..inputs-1 are its inputs, the next ones its
// roots (constants and shared variables), then the steps' outputs.
struct ProgramShape {
  std::size_t num_inputs;
  const std::vector<Var>& roots;
  const std::vector<Step>& steps;
  const std::vector<KernelSpec>& specs;
  const std::vector<int>& output_slots;
  int num_slots;
};

// A program output: its slot, and the binding it is written through (-1: the host copies it
// from the slot after the call).
struct StaticOutput {
  int slot;
  int binding;
};

struct BuiltProgram {
  StaticProgramSpec spec;
  std::vector<StaticOutput> outputs;              // per program output
  std::vector<Array> frozen;                      // values computed now, baked in by address
  std::vector<std::shared_ptr<const void>> contexts;  // the C++ steps' contexts
  std::vector<int> shared_roots;  // the roots (shared variables) bound after the inputs, in order
};

// The program specialized to the traced call (views: every slot's value after it), or null
// when it cannot be.
std::unique_ptr<BuiltProgram> build_static_program(const ProgramShape& program, const std::vector<TensorView>& views);

}  // namespace kiln::jit
