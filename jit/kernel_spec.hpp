// KernelSpec: what one native kernel computes, with no LLVM in sight. A fused scalar graph over
// broadcast operands (a tensor::Composite, or a lone tensor::Elemwise seen as a one-node
// Composite), optionally followed by a reduction of every output over the same axes; and the
// merging of independent kernels into one loop.
#pragma once

#include "tensor/composite.hpp"

#include <kiln/graph.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kiln::random {
struct ScalarDistribution;
}

namespace kiln::jit {

struct KernelOperand {
  DType dtype;
  bool scalar;  // every static dim is 1: one element, read once outside the loop
  // >= 0 (flat kernels only): this input is a table read at row `rows[i]`, where rows is the
  // int64 input `gather_by`, whose every entry is known to be in range (a constant index
  // array checked when the program was specialized, or a run-time one checked by an earlier
  // step): a[group] fused into the loop.
  int gather_by = -1;
  // With gather_by: the table's stride in elements, and the length added to a negative row
  // (run-time rows, checked in [-length, length) but not wrapped; 0 for rows wrapped already).
  std::int64_t gather_stride = 1;
  std::int64_t gather_wrap = 0;
  // A generator state (six uint64 words, a `scalar` operand): never loaded, its pointer is
  // passed to the draw nodes, which advance it in place.
  bool state = false;
  bool operator==(const KernelOperand&) const = default;
};

struct KernelNode {
  tensor::ScalarOp op;
  std::vector<int> args;  // as tensor::ScalarNode: k < #inputs is input k, else node k - #inputs
  DType dtype;            // the result is rounded through this dtype, as the reference does
  DType cast_to;
  // Computed in int64 with eval_scalar_int's semantics (Elemwise with integer inputs and an
  // integer output); otherwise in double, as eval_scalar.
  bool integer;
  // Non-null: the node is one draw of this distribution (`op` is unused): args are the state
  // operand, then the distribution's params. Draws run in element order (C order), one runtime
  // call each, and two draws are never one node.
  const random::ScalarDistribution* draw = nullptr;
  bool operator==(const KernelNode&) const = default;
};

struct KernelReduce {
  // One per output: a log-density's value and gradient are several sums over the same data,
  // computed in one pass.
  std::vector<tensor::ReduceKind> kinds;
  std::vector<bool> axes;  // one flag per axis of the broadcast shape: reduced or kept
  // A reduced axis of length 0 is an error (Max and Min have no identity): the reference
  // raises it.
  bool empty_is_error = false;
  // Per output (empty: none): written element by element instead of reduced, for a full
  // reduction lowered flat only. A merged loop stores one kernel's values (a gradient to
  // scatter) while it sums another's.
  std::vector<bool> stored = {};
  bool full() const;
  bool is_stored(std::size_t output) const { return output < stored.size() && stored[output]; }
};

// A float64 output added into its buffer at run-time rows instead of stored (flat kernels
// only; scatter fusion, jit/scatter_fusion.hpp): out[rows[i]] += value[i], in element order,
// rows being the int64 input `rows`, already checked in [-wrap, wrap) (a negative row has
// `wrap` added; 0: none is negative).
struct KernelScatter {
  int rows = -1;
  std::int64_t wrap = 0;
  bool operator==(const KernelScatter&) const = default;
};

struct KernelSpec {
  int ndim = 0;
  std::vector<KernelOperand> inputs;
  std::vector<KernelNode> nodes;
  std::vector<int> outputs;  // argument references
  std::vector<DType> output_dtypes;
  std::optional<KernelReduce> reduce;
  std::vector<KernelScatter> scatters = {};  // per output (empty: none), rows -1 for a stored one

  DType ref_dtype(int ref) const;
  bool has_draws() const;
  bool scatters_output(std::size_t output) const { return output < scatters.size() && scatters[output].rows >= 0; }
  bool has_scatters() const;
  // Appends an input (references to nodes, numbered after the inputs, move up by one); returns
  // its index.
  int add_input(KernelOperand operand);
  // Appends a canonical encoding (the compile cache's key): equal encodings, equal code.
  void append_key(std::string& key) const;
};

// The kernel of a Composite, Elemwise or Reduce node, or nullopt for any other op (and for
// the cases whose reference semantics the kernels do not follow: an Elemwise whose integer
// evaluation the reference does not define, a Reduce that accumulates in float32 or integers).
std::optional<KernelSpec> kernel_spec(const Apply& node);

// One kernel to merge: `operands` are the caller's ids of spec->inputs, one per input.
struct KernelPart {
  const KernelSpec* spec;
  std::vector<int> operands;
};

struct MergedKernel {
  KernelSpec spec;
  std::vector<int> operands;                 // the caller's id of each input of `spec`
  std::vector<std::pair<int, int>> outputs;  // per output of `spec`: {part, output within the part}
};

// One kernel computing every part's outputs in one loop: inputs with equal caller ids (and
// equal dtype and scalar flag) are read once and identical nodes are computed once. Parts that
// do not reduce may join parts that reduce over every axis: their outputs are then stored
// (KernelReduce::stored). nullopt when the parts cannot share a loop: different ndim, reducing
// and not (unless fully), different reduced axes or empty_is_error. The caller guarantees that the parts run over the same broadcast shape
// and that none reads another's output. At most one part may draw random numbers (the draws of
// two parts would interleave).
std::optional<MergedKernel> merge_kernels(const std::vector<KernelPart>& parts);

// Whether the double lowering (eval_scalar's semantics) covers this op.
bool has_double_lowering(tensor::ScalarOp op);
// Whether a float32 node of this op computes in float32 (float libm or float arithmetic that
// matches the reference); the others (floor division, atan2, kiln's special functions) compute in
// double and round, as the reference does.
bool has_float32_lowering(tensor::ScalarOp op);
// Whether the int64 lowering covers this op (the ops eval_scalar_int evaluates).
bool has_integer_lowering(tensor::ScalarOp op);

}  // namespace kiln::jit
