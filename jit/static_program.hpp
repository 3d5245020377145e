// A whole program specialized to one set of input shapes, described without LLVM: every
// shape, stride and buffer offset is a constant, so the lowering (jit/lower/program.cpp)
// emits one native function in which the kernels are inlined, their trip counts known, and
// small intermediates live in registers or on the stack.
//
// The function: `int program(void* const* bindings, char* arena)`. bindings holds the data
// pointers of the inputs, shared values and directly written outputs; arena is the call's
// workspace (arena_bytes, 64-byte aligned). It returns 0, or the nonzero code of a step that
// could not finish (an index out of range, a failed check, a shape the specialization did not
// expect): the caller then runs the step interpreter, which raises the error or handles it.
#pragma once

#include "jit/kernel_spec.hpp"

#include <kiln/dtype.hpp>
#include <kiln/graph.hpp>

#include <cstdint>
#include <vector>

namespace kiln::jit {

// Where a slot's elements are.
struct StaticBuffer {
  enum class Kind {
    binding,   // bindings[index]
    arena,     // arena + offset
    local,     // the function's own stack: bytes, never seen outside the call
    constant,  // address (kept alive by the program); embedded in the code when small
    view,      // slot `index`'s pointer + offset bytes
  } kind = Kind::arena;
  int index = 0;
  std::int64_t offset = 0;
  std::int64_t bytes = 0;
  const void* address = nullptr;
};

struct StaticSlot {
  DType dtype = DType::float64;
  Shape shape;
  Strides strides;  // elements
  StaticBuffer buffer;
};

// A step that runs in C++: `int fn(const void* context, void* const* pointers)`, pointers
// being the outputs' then the inputs' data (see static_steps.hpp).
using StepFn = int (*)(const void* context, void* const* pointers);

struct StaticStep {
  enum class Kind { kernel, call, node } kind = Kind::kernel;
  int kernel = -1;  // kernel: index into kernels
  bool flat = true;
  std::vector<std::int64_t> dims;  // kernel: the KernelFn ABI's dims (engine.hpp); node: its params
  const Apply* node = nullptr;     // node: its registry lowering emits the code (inputs: the data inputs)
  bool check_only = false;         // node: a gather fused into its readers, emitting only its index check
  bool scatter_start = false;      // node: a scatter-add fused into its values' loop, emitting its rows'
                                   // check and its start's copy (inputs: the start, the rows)
  StepFn fn = nullptr;             // call
  const void* context = nullptr;
  std::vector<int> outputs, inputs;  // slots
};

struct StaticProgramSpec {
  std::vector<StaticSlot> slots;
  std::vector<KernelSpec> kernels;
  std::vector<StaticStep> steps;
  std::int64_t arena_bytes = 0;
  int num_bindings = 0;
};

using ProgramFn = int (*)(void* const* bindings, char* arena);

// The slot whose buffer slot s is (a view's source, through views of views).
inline int base_slot(const StaticProgramSpec& spec, int s) {
  while (spec.slots[static_cast<std::size_t>(s)].buffer.kind == StaticBuffer::Kind::view)
    s = spec.slots[static_cast<std::size_t>(s)].buffer.index;
  return s;
}

}  // namespace kiln::jit
