// The lowering registry: how each op type runs in compiled code, found by the op's type
// (std::type_index of its most-derived class), in one table. Both tiers read it: the step by
// step program (native_program.cpp) and the specialized whole program (static_builder.cpp,
// lower/program.cpp), so an op has one native implementation.
//
// An op lowers in one of four forms:
//   - kernel: a fused loop described by a KernelSpec (Elemwise, Composite, Reduce), lowered
//     by lower/elemwise.cpp; where the KernelSpec does not follow the reference (`kernel`
//     returns nullopt), the node code below when the lowering has it (Reduce's int and
//     float32 accumulators);
//   - draw:   a RandomVariable's KernelSpec, lowered by lower/random.cpp (the draws made a batch
//             element at a time are node code instead: lower/batch_draws.cpp);
//   - view:   no data moves; the output's layout (offset, shape, strides) follows from the
//             inputs' layouts and integer scalars (DimShuffle, Subtensor, Reshape...);
//   - node:   generated code for one node (`emit`), over operands whose extents and strides
//             are llvm::Values: loaded from the call's dims in the step-by-step tier,
//             constants in a specialized program. The host computes the output shapes first
//             (`shapes`, raising the op's errors for bad shapes), and the code reports a bad
//             value (an index out of range, a failed check) through NodeEmitter::fail_if: the
//             host then raises `raise`'s typed exception, with no second run.
//
// Adding a lowering: write `void emit_<op>(NodeEmitter&)` (and its `shapes`, and `raise` when
// it can fail) in jit/lower/<family>.cpp, add `table.add<tensor::MyOp>({...})` to that file's
// `register_<family>_lowerings`, and, for a new family, call it from registry.cpp. Nothing else
// dispatches on op types.
#pragma once

#include "jit/kernel_spec.hpp"
#include "jit/program_steps.hpp"

#include <kiln/graph.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <typeindex>
#include <unordered_map>
#include <vector>

namespace kiln::jit {

class NodeEmitter;  // jit/lower/emitter.hpp (LLVM translation units only)

// What generated code reports when a node cannot finish: the op's error code (its own
// numbering, 1 and up) and up to three values (an index, an axis, a size...).
struct NodeError {
  const Apply* node = nullptr;
  int code = 0;
  std::array<std::int64_t, 3> values{};
};

// The layout of a view: where its first element is (bytes from the input's data) and how it
// steps. Computed on the host from the inputs' views.
struct ViewLayout {
  std::int64_t offset = 0;
  Shape shape;
  Strides strides;
};

struct OpLowering {
  enum class Form { kernel, draw, view, node } form;
  std::string op_name;  // the C++ class, for logs and the coverage test
  // kernel, draw: the node's KernelSpec, or nullopt where the kernels do not follow the
  // reference's semantics (the node then has no lowering).
  std::optional<KernelSpec> (*kernel)(const Apply&) = nullptr;
  // view: input 0's layout seen through the node; throws the op's error for bad inputs.
  ViewLayout (*view)(const Apply&, const std::vector<TensorView>& inputs) = nullptr;
  // node: the output shapes, and the values the code needs that the host derives from shapes
  // and index scalars (`params`: a region's offset, extents and strides...); throws the op's
  // error when the inputs do not fit.
  std::vector<Shape> (*shapes)(const Apply&, const std::vector<TensorView>& inputs, std::vector<std::int64_t>& params) =
      nullptr;
  void (*emit)(NodeEmitter&) = nullptr;
  // Throws the typed exception for a NodeError the node's code reported.
  void (*raise)(const NodeError&) = nullptr;
  // node: when its code reported an error, throws the op's own error from the step's inputs
  // first if it finds one (a draw's parameter checks, as the reference words them), so checks
  // whose text needs the whole input run on the host only on failure; else `raise` runs.
  void (*recheck)(const Apply&, const std::vector<TensorView>& inputs) = nullptr;
  // Whether the code can be emitted for this node (the dtypes it handles); null: always.
  bool (*accepts)(const Apply&) = nullptr;
  // view, node: the inputs the code reads as data are the first `data_inputs` (-1: all); the
  // rest (index scalars, shape entries) are read by `view` / `shapes` on the host, so a
  // specialized program bakes them in and needs them fixed by constants and shapes.
  int data_inputs = -1;
  // node: the data inputs whose values `shapes` also reads to size the outputs (a draw's size
  // and support-shape params): a specialized program runs only calls whose values there are
  // the traced ones, as for the inputs past data_inputs.
  std::vector<int> (*value_inputs)(const Apply&) = nullptr;
};

class LoweringTable {
 public:
  template <class OpType>
  void add(OpLowering lowering) {
    add(std::type_index(typeid(OpType)), std::move(lowering));
  }
  void add(std::type_index type, OpLowering lowering);
  const OpLowering* find(const Op& op) const;
  const std::unordered_map<std::type_index, OpLowering>& all() const { return table_; }

 private:
  std::unordered_map<std::type_index, OpLowering> table_;
};

// The registry (built once, on first use, from every family's registration function).
const LoweringTable& lowerings();

// The lowering of this node in its form, or null when it has none (or refuses this node).
const OpLowering* find_lowering(const Apply& node);

// The class names of every registered op type.
std::vector<std::string> registered_op_names();

// Generated code's error channel: the failing node's code records its error (through
// kiln_jit_node_failed, on the calling thread) and returns nonzero; the host takes it.
std::optional<NodeError> take_node_error();
// Throws the typed exception for a pending node error; returns when there is none.
void raise_pending_node_error();
// Takes the pending node error when its lowering has a recheck (the error text needs the inputs
// on the host, so the call runs again step by step); false, leaving it pending, otherwise.
bool take_rechecked_node_error();

}  // namespace kiln::jit

extern "C" {
// Records a node's error on this thread and returns `code` (called from generated code).
std::int32_t kiln_jit_node_failed(const void* node, std::int32_t code, std::int64_t a, std::int64_t b, std::int64_t c);
}
