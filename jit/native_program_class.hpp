// NativeProgram, the Program behind a compiled Function: how its graph is planned into steps
// (native_program_plan.cpp), which code it compiles and when (native_program_compile.cpp), and
// how a call runs, step by step or through a specialization (native_program_run.cpp).
#pragma once

#include "jit/engine.hpp"
#include "jit/program_steps.hpp"
#include "jit/specialize.hpp"

#include <kiln/function.hpp>
#include <kiln/print.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace kiln::jit {

// Specializations kept per program (one per distinct input layout seen), and how many calls
// run through the interpreter before the program is specialized (KILN_JIT_SPECIALIZE=N; 0
// turns specialization off).
constexpr int kMaxSpecializations = 4;

int specialize_after();

struct Workspace {
  std::vector<TensorView> views;  // per slot
  std::vector<Array> owned;       // per slot: reusable buffers, shared values, fallback results
  std::vector<char> written;      // per program output: already in place
  std::vector<void*> pointers;    // kernel-call scratch
  std::vector<Array> roots;       // per root: a shared variable's value, read once per call
  std::vector<Shape> param_shapes;  // random-draw scratch
  std::vector<TensorView> step_inputs;  // a view or node step's inputs, for its lowering
  std::vector<std::int64_t> dims;
  std::vector<std::int64_t> node_dims;
  Shape shape;
  Shape reduced_shape;
  StaticScratch statics[kMaxSpecializations];
};

// Every variable of the graph gets a slot; a call binds the roots (inputs, constants, shared
// values) and runs the nodes in topological order, each as its registered lowering
// (jit/lower/registry.hpp) says: a fused loop's kernel, a draw kernel, a view computed on the
// host, or the node's generated code (compiled for the program's node steps on first use); an
// op with no lowering runs its reference `perform`. Slots live in a workspace taken from a pool
// (one per concurrent call), whose buffers are reused across calls, so a repeated call with the
// same shapes allocates nothing for intermediates. Outputs computed by a kernel or a draw are
// written straight into their destination (the caller's array for call_into); any other output
// is copied.
class NativeProgram final : public Program {
 public:
  NativeProgram(std::vector<Var> inputs, std::vector<Var> outputs, bool fixed_shapes);
  // How a node runs: its registered lowering (registry.hpp), or its reference perform when it
  // has none.
  static void plan_step(Step& step, std::vector<KernelSpec>& specs, int& node_count);
  // Compiles the step kernels' native code, once; a program without kernels compiles nothing.
  void compile_kernels() const;
  // The node steps' code, compiled on first use (in step order: step.kernel indexes it).
  const CompiledNodes& nodes() const;
  // The step kernels, compiled on first use; only a step that runs a kernel asks for them.
  const CompiledModule& kernels() const;
  void run(const std::vector<Array>& inputs, std::vector<Array>& outputs, bool into_caller) const override;
  // call_into's fast path: straight to a specialization's code, taking a workspace only when
  // that code needs scratch memory.
  bool run_into_caller(const ArrayList& inputs, const ArrayList& outputs) const override;
  void prepare(const std::vector<Array>& inputs) const override;
  void dprint(std::ostream& os) const override { dprint_with_order(outputs_, order_, os); }
  DirectCall direct_call(const std::vector<Array>& inputs, const std::vector<Array>& outputs) const override;
  int specializations() const;

 private:
  // Runs the call step by step; with `reference_kernels` the fused loops run their reference
  // perform (a trace to specialize from, without compiling the step kernels).
  void interpret(const std::vector<Array>& inputs, std::vector<Array>& outputs, bool into_caller, Workspace& ws,
                 bool reference_kernels = false) const;
  // Runs the call through the first specialization that fits it; false when none does or its
  // code could not finish (a node error raises at once, unless the interpreter must raise it).
  bool run_specialized(const std::vector<Array>& inputs, std::vector<Array>& outputs, bool into_caller,
                       Workspace& ws) const;
  // Compiles the program specialized to the call just interpreted in `ws` (one compile at a
  // time; a thread that finds one under way goes on interpreting).
  void specialize(const std::vector<Array>& inputs, Workspace& ws) const;

  // A workspace for one call: the primary one when it is free (no lock), else one from the
  // pool.
  struct Lease {
    explicit Lease(const NativeProgram& p) : program(p) {
      if (!p.primary_busy_.exchange(true, std::memory_order_acquire)) {
        workspace = p.primary_.get();
      } else {
        pooled = p.acquire();
        workspace = pooled.get();
      }
    }
    ~Lease() {
      if (pooled) program.release(std::move(pooled));
      else program.primary_busy_.store(false, std::memory_order_release);
    }
    const NativeProgram& program;
    Workspace* workspace = nullptr;
    std::unique_ptr<Workspace> pooled;
  };

  std::unique_ptr<Workspace> new_workspace() const;
  std::unique_ptr<Workspace> acquire() const;
  void release(std::unique_ptr<Workspace> ws) const;
  // The call reads each shared variable once, before anything runs: the specialized program
  // and the interpreter see the same value.
  void read_shared_roots(Workspace& ws) const;
  static void bind_root(const Var& root, std::size_t r, std::size_t slot, Workspace& ws);
  // Where output `o` of a kernel step goes: the caller's array, a new result array, or a
  // workspace buffer reused from the previous call.
  void place_output(const Step& step, std::size_t o, DType dtype, const Shape& shape, Workspace& ws,
                    std::vector<Array>& outputs, bool into_caller) const;
  void run_kernel(const Step& step, Workspace& ws, std::vector<Array>& outputs, bool into_caller) const;
  // Inputs (rng, size, dtype, *params), outputs (next_rng, draw). The rng's six words are
  // copied into a local state that the draw kernel advances, so the rng value (a shared
  // variable's) is never changed: eval repeats, and a function advances it only through its
  // update of next_rng.
  void run_random(const Step& step, Workspace& ws, std::vector<Array>& outputs, bool into_caller) const;
  // The step's inputs as the lowering's host functions read them.
  static const std::vector<TensorView>& step_inputs(const Step& step, Workspace& ws);
  void run_view(const Step& step, Workspace& ws) const;
  // A node's generated code: the host computes its output shapes and params (raising the
  // op's errors for inputs that do not fit), the code reports a bad value through the node
  // error channel.
  void run_node(const Step& step, Workspace& ws, std::vector<Array>& outputs, bool into_caller) const;
  // A step of a fixed-shapes program's first, shape-tracing call: the node's reference perform.
  void run_reference(const Step& step, Workspace& ws) const;

  std::vector<Var> inputs_;
  std::vector<Var> outputs_;
  std::vector<Var> roots_;  // constants and shared variables (slots after the inputs)
  std::vector<Step> steps_;
  std::vector<KernelSpec> specs_;
  std::vector<int> output_slots_;
  std::vector<int> first_output_position_;  // per slot: the first output it is, or -1
  std::unordered_map<const Apply*, int> order_;
  int num_slots_ = 0;
  bool defer_kernels_ = false;
  mutable std::once_flag kernels_once_;
  mutable std::shared_ptr<const CompiledModule> code_;
  mutable std::once_flag nodes_once_;
  mutable std::shared_ptr<const CompiledNodes> node_code_;
  mutable std::mutex pool_mutex_;
  mutable std::vector<std::unique_ptr<Workspace>> pool_;
  std::unique_ptr<Workspace> primary_;
  mutable std::atomic<bool> primary_busy_{false};
  // Specialized programs, published once compiled, kept until the program dies.
  mutable std::atomic<const StaticProgram*> specialized_[kMaxSpecializations] = {};
  mutable std::vector<std::unique_ptr<StaticProgram>> owned_specializations_;
  mutable std::mutex specialize_mutex_;
  mutable std::atomic<bool> specializable_{true};
  mutable std::atomic<int> interpreted_calls_{0};
};

}  // namespace kiln::jit
