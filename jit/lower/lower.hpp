// Lowering kernels to LLVM IR (included only by LLVM translation units; forward declarations
// keep it cheap).
#pragma once

#include "jit/kernel_spec.hpp"
#include "jit/static_program.hpp"

#include <string>

namespace llvm {
class Function;
class Module;
}

namespace kiln::jit {

class NodeEmitter;

enum class KernelVariant { flat, strided };

// Defines `name`, the entry point of one variant of the kernel (the KernelFn ABI of
// engine.hpp), in `module`.
void lower_kernel(const KernelSpec& spec, llvm::Module& module, const std::string& name, KernelVariant variant);

// Defines only the kernel's internal body, `void name(ptr noalias out..., ptr noalias in...,
// ptr noalias dims)`, for a caller in the same module (a whole program) to call and inline.
llvm::Function* lower_kernel_body(const KernelSpec& spec, llvm::Module& module, const std::string& name,
                                  KernelVariant variant);

}  // namespace kiln::jit

namespace kiln::jit {

// Defines `int name(ptr pointers, ptr dims, ptr node)`, the step-tier code of a node with a
// node lowering (the NodeFn ABI of engine.hpp): its extents read from dims at run time.
void lower_node_function(const Apply& node, llvm::Module& module, const std::string& name);

// A gather's index check alone, for a gather fused into the kernels that read it
// (gather_fusion.hpp; indexing.cpp).
void emit_gather_check(NodeEmitter& e);
// What stays of a scatter-add whose additions a loop makes (jit/scatter_fusion.hpp): the check
// of its rows, and its output set to its start. Inputs: the start and the rows.
void emit_scatter_start(NodeEmitter& e);

// Defines `int name(ptr bindings, ptr arena)`, the whole program (static_program.hpp).
void lower_static_program(const StaticProgramSpec& spec, llvm::Module& module, const std::string& name);

}  // namespace kiln::jit
