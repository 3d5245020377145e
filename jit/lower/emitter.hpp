// NodeEmitter: what a node lowering (registry.hpp) emits its code with. The operands' extents
// and strides are llvm::Values, run-time loads in the step-by-step tier and constants in a
// specialized program, so one emit function serves both tiers; the helpers fold away when
// they are constants. The code runs inside a function returning i32: 0 to go on, or a node's
// error code (fail_if).
#pragma once

#include "jit/lower/registry.hpp"

#include <llvm/IR/IRBuilder.h>

#include <functional>
#include <map>
#include <vector>

namespace kiln::jit {

// One input or output of the node: its data pointer, dtype and layout (elements).
struct Operand {
  llvm::Value* data = nullptr;
  DType dtype = DType::float64;
  std::vector<llvm::Value*> shape;
  std::vector<llvm::Value*> strides;
};

class NodeEmitter {
 public:
  using ParamSource = std::function<llvm::Value*(std::size_t)>;
  NodeEmitter(llvm::IRBuilder<>& builder, const Apply& node, llvm::Value* node_handle, std::vector<Operand> inputs,
              std::vector<Operand> outputs, ParamSource params)
      : b(builder),
        node(node),
        inputs(std::move(inputs)),
        outputs(std::move(outputs)),
        node_handle_(node_handle),
        params_(std::move(params)) {}

  llvm::IRBuilder<>& b;
  const Apply& node;
  std::vector<Operand> inputs, outputs;  // only the first `data_inputs` inputs are set

  // The node's Apply, as a pointer (for a runtime entry that reads the op).
  llvm::Value* node_handle() const { return node_handle_; }

  // OpLowering::shapes's param `i`, as an i64.
  llvm::Value* param(std::size_t i) { return params_(i); }

  llvm::Value* i64(std::int64_t v) { return b.getInt64(static_cast<std::uint64_t>(v)); }
  llvm::Type* type(DType dtype);
  // The address of element `index` (one value per axis) of an operand.
  llvm::Value* element(const Operand& op, const std::vector<llvm::Value*>& index);
  llvm::Value* load(const Operand& op, const std::vector<llvm::Value*>& index);
  void store(const Operand& op, const std::vector<llvm::Value*>& index, llvm::Value* value);
  // A scalar operand's value as int64 (an index input).
  llvm::Value* load_int(const Operand& op);
  // `value` (of dtype `from`) converted as the reference converts between dtypes (the
  // Array::get_as_double / set_from_double and integer paths).
  llvm::Value* convert(llvm::Value* value, DType from, DType to);
  // value + other in `dtype`'s arithmetic (integers wrap).
  llvm::Value* add(llvm::Value* a, llvm::Value* b_value, DType dtype);
  // The number of elements of a shape.
  llvm::Value* size(const std::vector<llvm::Value*>& shape);

  // Runs body(i) for i in [0, n).
  void loop(llvm::Value* n, const std::function<void(llvm::Value*)>& body);
  // Runs body(index) over every index of `shape` in C order.
  void loop_nest(const std::vector<llvm::Value*>& shape, const std::function<void(const std::vector<llvm::Value*>&)>& body);
  // Copies src to dst elementwise (same shape; dtypes converted).
  void copy(const Operand& dst, const Operand& src);

  // The first output then every input, for a runtime entry that takes a node's operands whole
  // (jit/runtime/operand_arrays.hpp): an array of their data pointers, and a block of each
  // one's shape and then its strides.
  struct OperandBlocks {
    llvm::Value* pointers;
    llvm::Value* dims;
  };
  OperandBlocks operand_blocks(const Operand& output);

  // When `failed`, leave the code with the op's error `code` and these values (raise reads them).
  void fail_if(llvm::Value* failed, int code, std::vector<llvm::Value*> values);

  // Values computed by earlier nodes of the same function that this node may reuse, keyed by
  // what was computed from which values; null when nothing is shared. A specialized program's
  // lowering sets it: its steps run in a straight line, so a value an earlier step's code
  // computed dominates every later step's code, and a slot's contents do not change while a
  // later step still reads it. (An index array checked against a length is checked once.)
  using SharedValues = std::map<std::vector<llvm::Value*>, llvm::Value*>;
  SharedValues* shared = nullptr;

 private:
  llvm::Value* node_handle_;
  ParamSource params_;
};

}  // namespace kiln::jit
