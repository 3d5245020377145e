// NativeProgram: a compiled function's graph run as native kernels (Composite and Elemwise
// nodes) and reference `perform`s (every other op), over a per-thread reusable workspace.
#pragma once

#include <kiln/function.hpp>

#include <memory>
#include <vector>

namespace kiln::jit {

// Compiles the graph between `inputs` and `outputs` (a compile-cache lookup when an equal
// graph was compiled before). With `fixed_shapes` (FunctionOptions::fixed_shapes) the step
// kernels wait until a call needs them: the first call is specialized instead. Throws
// CompileError when LLVM fails.
std::shared_ptr<const Program> compile_program(const std::vector<Var>& inputs, const std::vector<Var>& outputs,
                                               bool fixed_shapes = false);

// How many input layouts a compiled program has been specialized to so far (0 for a program
// that is not a NativeProgram).
int specialization_count(const Program& program);

}  // namespace kiln::jit
