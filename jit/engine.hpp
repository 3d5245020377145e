// The JIT engine: one LLVM ORC LLJIT per process (created on first use), the host CPU's
// target machine, the optimization pipelines with a vector math library, and the native code of each
// compiled module held in its own ResourceTracker. No LLVM type appears here.
#pragma once

#include "jit/kernel_spec.hpp"
#include "jit/static_program.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace kiln::jit {

// A kernel entry point. `pointers` holds the outputs' then the inputs' data pointers;
// `dims` is {n} for the flat variant, and for the strided one the broadcast shape followed by
// the strides (in elements, over the full broadcast shape) of every output then every input.
using KernelFn = void (*)(void* const* pointers, const std::int64_t* dims);

// The native code of one module; the code is freed with the last reference. The flat
// variants are compiled up front; the strided ones (needed only for broadcasting, transposed
// or strided operands) are optimized and compiled on first use.
class CompiledModule {
 public:
  using Resolver = std::function<std::vector<KernelFn>()>;  // every strided entry point
  CompiledModule(std::vector<KernelFn> flat, Resolver resolve_strided, std::shared_ptr<void> resources);

  std::size_t size() const { return flat_.size(); }
  KernelFn flat(std::size_t k) const { return flat_[k]; }
  KernelFn strided(std::size_t k) const;  // thread-safe; throws CompileError if codegen fails

 private:
  std::vector<KernelFn> flat_;
  std::unique_ptr<std::atomic<KernelFn>[]> strided_;
  Resolver resolve_strided_;
  std::shared_ptr<void> resources_;  // releases the ResourceTracker
};

// Lowers these kernels, and optimizes and links their flat variants (thread-safe; compiles
// are serialized). Throws CompileError naming the stage that failed.
std::shared_ptr<const CompiledModule> compile_kernels(const std::vector<KernelSpec>& kernels, const std::string& name);

// The native code of one whole program; freed with the last reference.
struct CompiledProgram {
  ProgramFn fn;
  std::shared_ptr<void> resources;  // releases the ResourceTracker
};

// Lowers, optimizes and links a specialized whole program (thread-safe; compiles are
// serialized). Throws CompileError naming the stage that failed.
std::shared_ptr<const CompiledProgram> compile_static_program(const StaticProgramSpec& spec, const std::string& name);

// A node's generated code in the step-by-step tier (registry.hpp's node form): `pointers`
// holds the outputs' then the data inputs' data pointers; `dims` every output's then every
// data input's shape and strides (elements), then the node's params; `node` is the Apply the
// code reports its errors for. Returns 0, or the op's error code (take_node_error has it).
using NodeFn = int (*)(void* const* pointers, const std::int64_t* dims, const void* node);

struct CompiledNodes {
  std::vector<NodeFn> fns;  // per node
  std::shared_ptr<void> resources;
};

// Lowers, optimizes and links the step-tier code of these nodes (each must have a node
// lowering). Throws CompileError naming the stage that failed.
std::shared_ptr<const CompiledNodes> compile_nodes(const std::vector<const Apply*>& nodes, const std::string& name);

// What the engine found on this host (for logs and benchmarks).
struct EngineInfo {
  std::string cpu;
  bool avx512 = false;
  int prefer_vector_width = 0;  // 0: LLVM's default for the CPU
  int vector_functions = 0;     // vectorizable-function mappings in the TargetLibraryInfo
};
EngineInfo engine_info();

}  // namespace kiln::jit
