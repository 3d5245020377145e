// KernelSpec: what one native kernel computes, with no LLVM in sight. A fused scalar graph over
// broadcast operands (a tensor::Composite, or a lone tensor::Elemwise seen as a one-node
// Composite), optionally followed by a reduction of its single output.
#pragma once

#include "tensor/composite.hpp"

#include <kiln/graph.hpp>

#include <optional>
#include <string>
#include <vector>

namespace kiln::jit {

struct KernelOperand {
  DType dtype;
  bool scalar;  // every static dim is 1: one element, read once outside the loop
};

struct KernelNode {
  tensor::ScalarOp op;
  std::vector<int> args;  // as tensor::ScalarNode: k < #inputs is input k, else node k - #inputs
  DType dtype;            // the result is rounded through this dtype, as the reference does
  DType cast_to;
  // Computed in int64 with eval_scalar_int's semantics (Elemwise with integer inputs and an
  // integer output); otherwise in double, as eval_scalar.
  bool integer;
};

struct KernelReduce {
  tensor::ReduceKind kind;
  std::vector<bool> axes;  // one flag per axis of the broadcast shape: reduced or kept
  // A reduced axis of length 0 is an error (Max and Min have no identity): the reference
  // raises it.
  bool empty_is_error = false;
  bool full() const;
};

struct KernelSpec {
  int ndim = 0;
  std::vector<KernelOperand> inputs;
  std::vector<KernelNode> nodes;
  std::vector<int> outputs;  // argument references
  std::vector<DType> output_dtypes;
  std::optional<KernelReduce> reduce;

  DType ref_dtype(int ref) const;
  // Appends a canonical encoding (the compile cache's key): equal encodings, equal code.
  void append_key(std::string& key) const;
};

// The kernel of a Composite, Elemwise or Reduce node, or nullopt for any other op (and for
// the cases whose reference semantics the kernels do not follow: an Elemwise whose integer
// evaluation the reference does not define, a Reduce that accumulates in float32 or integers).
std::optional<KernelSpec> kernel_spec(const Apply& node);

// Whether the double lowering (eval_scalar's semantics) covers this op.
bool has_double_lowering(tensor::ScalarOp op);
// Whether the int64 lowering covers this op (the ops eval_scalar_int evaluates).
bool has_integer_lowering(tensor::ScalarOp op);

}  // namespace kiln::jit
