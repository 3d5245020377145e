// The Jacobian op (grad/jacobian_op.hpp): its rows are vector-Jacobian products that the op
// compiles once, as functions of their own, so its code is one call of the runtime entry
// kiln_rt_jacobian (jit/runtime/jacobian_entry.hpp), which runs them over the operands'
// memory; the host sizes the output first, with the op's compiled value function. Inlining
// the products instead would need a loop over a graph (a scan), which kiln does not have.
#include "grad/jacobian_op.hpp"
#include "jit/lower/emitter.hpp"
#include "jit/lower/families.hpp"
#include "jit/runtime/jacobian_entry.hpp"

#include <llvm/IR/Module.h>

namespace kiln::jit {
namespace {

constexpr int kInnerFailure = 1;

std::vector<Shape> jacobian_shapes(const Apply& node, const std::vector<TensorView>& in, std::vector<std::int64_t>&) {
  std::vector<Array> inputs;
  for (const auto& v : in) inputs.push_back(v.as_array());
  return {static_cast<const JacobianOp&>(node.op()).jacobian_shape(inputs)};
}

void emit_jacobian(NodeEmitter& e) {
  llvm::IRBuilder<>& b = e.b;
  llvm::Function* fn = b.GetInsertBlock()->getParent();
  const NodeEmitter::OperandBlocks blocks = e.operand_blocks(e.outputs[0]);
  auto* type = llvm::FunctionType::get(b.getInt32Ty(), {b.getPtrTy(), b.getPtrTy(), b.getPtrTy()}, false);
  llvm::FunctionCallee callee = fn->getParent()->getOrInsertFunction("kiln_rt_jacobian", type);
  llvm::Value* status = b.CreateCall(callee, {e.node_handle(), blocks.pointers, blocks.dims});
  // Resized: leave with no node error recorded, so the call is run again step by step.
  auto* resized = llvm::BasicBlock::Create(b.getContext(), "resized", fn);
  auto* next = llvm::BasicBlock::Create(b.getContext(), "sized", fn);
  b.CreateCondBr(b.CreateICmpEQ(status, b.getInt32(kJacobianResized)), resized, next);
  b.SetInsertPoint(resized);
  b.CreateRet(status);
  b.SetInsertPoint(next);
  e.fail_if(b.CreateICmpEQ(status, b.getInt32(kJacobianFailed)), kInnerFailure, {});
}

// The inner functions' own exception (an input error, a failed check...), as they raised it.
void raise_inner_failure(const NodeError&) {
  if (std::exception_ptr failure = take_jacobian_failure()) std::rethrow_exception(failure);
}

}  // namespace

void register_jacobian_lowerings(LoweringTable& table) {
  table.add<JacobianOp>({.form = OpLowering::Form::node,
                         .op_name = "JacobianOp",
                         .shapes = &jacobian_shapes,
                         .emit = &emit_jacobian,
                         .raise = &raise_inner_failure});
}

}  // namespace kiln::jit
