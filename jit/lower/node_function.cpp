// The step-tier code of a node (engine.hpp's NodeFn): its operands' extents and strides and
// its params are loads from `dims`, and its lowering (registry.hpp) emits the body, the same
// one a specialized program inlines with constant extents.
#include "jit/lower/emitter.hpp"
#include "jit/lower/lower.hpp"

#include <llvm/IR/Function.h>
#include <llvm/IR/Module.h>

namespace kiln::jit {

void lower_node_function(const Apply& node, llvm::Module& module, const std::string& name) {
  const OpLowering& lowering = *find_lowering(node);
  llvm::LLVMContext& ctx = module.getContext();
  llvm::IRBuilder<> b(ctx);
  auto* type = llvm::FunctionType::get(b.getInt32Ty(), {b.getPtrTy(), b.getPtrTy(), b.getPtrTy()}, false);
  auto* fn = llvm::Function::Create(type, llvm::Function::ExternalLinkage, name, module);
  fn->addFnAttr(llvm::Attribute::NoUnwind);
  b.SetInsertPoint(llvm::BasicBlock::Create(ctx, "entry", fn));
  llvm::Value* pointers = fn->getArg(0);
  llvm::Value* dims = fn->getArg(1);
  std::uint64_t next_pointer = 0, next_dim = 0;
  auto operand = [&](const Var& v) {
    Operand op;
    op.dtype = v.dtype();
    op.data = b.CreateLoad(b.getPtrTy(), b.CreateConstInBoundsGEP1_64(b.getPtrTy(), pointers, next_pointer++));
    auto dim = [&] { return b.CreateLoad(b.getInt64Ty(), b.CreateConstInBoundsGEP1_64(b.getInt64Ty(), dims, next_dim++)); };
    for (int d = 0; d < v.ndim(); ++d) op.shape.push_back(dim());
    for (int d = 0; d < v.ndim(); ++d) op.strides.push_back(dim());
    return op;
  };
  std::vector<Operand> outputs, inputs;
  for (std::size_t o = 0; o < node.num_outputs(); ++o) outputs.push_back(operand(node.output(static_cast<int>(o))));
  const std::size_t data_inputs =
      lowering.data_inputs < 0 ? node.inputs().size() : static_cast<std::size_t>(lowering.data_inputs);
  for (std::size_t k = 0; k < data_inputs; ++k) inputs.push_back(operand(node.inputs()[k]));
  const std::uint64_t first_param = next_dim;
  auto param = [&b, dims, first_param](std::size_t i) -> llvm::Value* {
    return b.CreateLoad(b.getInt64Ty(), b.CreateConstInBoundsGEP1_64(b.getInt64Ty(), dims, first_param + i));
  };
  NodeEmitter emitter(b, node, fn->getArg(2), std::move(inputs), std::move(outputs), param);
  lowering.emit(emitter);
  b.CreateRet(b.getInt32(0));
}

}  // namespace kiln::jit
