// NodeEmitter's helpers (see emitter.hpp).
#include "jit/lower/emitter.hpp"

#include "jit/lower/scalar_ops.hpp"

#include <llvm/IR/Function.h>
#include <llvm/IR/Module.h>

#include <algorithm>

namespace kiln::jit {

llvm::Type* NodeEmitter::type(DType dtype) {
  switch (dtype) {
    case DType::float64: return b.getDoubleTy();
    case DType::float32: return b.getFloatTy();
    case DType::int64: case DType::uint64: return b.getInt64Ty();
    case DType::int32: case DType::uint32: return b.getInt32Ty();
    case DType::int16: case DType::uint16: return b.getInt16Ty();
    default: return b.getInt8Ty();
  }
}

llvm::Value* NodeEmitter::element(const Operand& op, const std::vector<llvm::Value*>& index) {
  llvm::Value* offset = i64(0);
  for (std::size_t d = 0; d < index.size(); ++d) offset = b.CreateAdd(offset, b.CreateMul(index[d], op.strides[d]));
  return b.CreateGEP(type(op.dtype), op.data, offset);
}

llvm::Value* NodeEmitter::load(const Operand& op, const std::vector<llvm::Value*>& index) {
  return b.CreateLoad(type(op.dtype), element(op, index));
}

void NodeEmitter::store(const Operand& op, const std::vector<llvm::Value*>& index, llvm::Value* value) {
  b.CreateStore(value, element(op, index));
}

llvm::Value* NodeEmitter::load_int(const Operand& op) { return convert(load(op, {}), op.dtype, DType::int64); }

// Integer to integer: truncation or (by the source's signedness) extension; to bool: != 0;
// float to integer: C++'s conversion (the reference casts through static_cast); float to
// float: rounding. As Array's converting accessors.
llvm::Value* NodeEmitter::convert(llvm::Value* value, DType from, DType to) {
  if (from == to) return value;
  llvm::Type* target = type(to);
  if (is_bool(to)) {
    llvm::Value* nonzero = is_float(from) ? b.CreateFCmpUNE(value, llvm::ConstantFP::get(value->getType(), 0.0))
                                          : b.CreateICmpNE(value, llvm::ConstantInt::get(value->getType(), 0));
    return b.CreateZExt(nonzero, target);
  }
  const bool from_signed = is_integer(from) && !is_unsigned(from);
  if (is_float(from) && is_float(to)) return b.CreateFPCast(value, target);
  if (is_float(from)) return is_unsigned(to) ? b.CreateFPToUI(value, target) : b.CreateFPToSI(value, target);
  if (is_float(to))
    return from_signed ? b.CreateSIToFP(value, target)
                       : unsigned_to_float(b, value, static_cast<unsigned>(itemsize(from) * 8), target);
  return b.CreateIntCast(value, target, from_signed);
}

llvm::Value* NodeEmitter::add(llvm::Value* a, llvm::Value* other, DType dtype) {
  if (is_float(dtype)) return b.CreateFAdd(a, other);
  return is_bool(dtype) ? b.CreateOr(a, other) : b.CreateAdd(a, other);
}

llvm::Value* NodeEmitter::size(const std::vector<llvm::Value*>& shape) {
  llvm::Value* n = i64(1);
  for (llvm::Value* d : shape) n = b.CreateMul(n, d);
  return n;
}

void NodeEmitter::loop(llvm::Value* n, const std::function<void(llvm::Value*)>& body) {
  llvm::Function* fn = b.GetInsertBlock()->getParent();
  llvm::LLVMContext& ctx = b.getContext();
  llvm::BasicBlock* before = b.GetInsertBlock();
  auto* head = llvm::BasicBlock::Create(ctx, "loop", fn);
  auto* inner = llvm::BasicBlock::Create(ctx, "body", fn);
  auto* done = llvm::BasicBlock::Create(ctx, "done", fn);
  b.CreateBr(head);
  b.SetInsertPoint(head);
  llvm::PHINode* i = b.CreatePHI(b.getInt64Ty(), 2);
  i->addIncoming(i64(0), before);
  b.CreateCondBr(b.CreateICmpSLT(i, n), inner, done);
  b.SetInsertPoint(inner);
  body(i);
  i->addIncoming(b.CreateAdd(i, i64(1)), b.GetInsertBlock());
  b.CreateBr(head);
  b.SetInsertPoint(done);
}

void NodeEmitter::loop_nest(const std::vector<llvm::Value*>& shape,
                            const std::function<void(const std::vector<llvm::Value*>&)>& body) {
  std::vector<llvm::Value*> index;
  std::function<void(std::size_t)> level = [&](std::size_t d) {
    if (d == shape.size()) return body(index);
    loop(shape[d], [&](llvm::Value* i) {
      index.push_back(i);
      level(d + 1);
      index.pop_back();
    });
  };
  level(0);
}

void NodeEmitter::copy(const Operand& dst, const Operand& src) {
  loop_nest(src.shape, [&](const std::vector<llvm::Value*>& index) {
    store(dst, index, convert(load(src, index), src.dtype, dst.dtype));
  });
}

NodeEmitter::OperandBlocks NodeEmitter::operand_blocks(const Operand& output) {
  llvm::Function* fn = b.GetInsertBlock()->getParent();
  llvm::IRBuilder<> entry(&fn->getEntryBlock(), fn->getEntryBlock().begin());
  std::vector<const Operand*> operands{&output};
  for (const Operand& in : inputs) operands.push_back(&in);
  std::vector<llvm::Value*> dims;
  for (const Operand* op : operands) {
    dims.insert(dims.end(), op->shape.begin(), op->shape.end());
    dims.insert(dims.end(), op->strides.begin(), op->strides.end());
  }
  auto* pointers_type = llvm::ArrayType::get(b.getPtrTy(), operands.size());
  auto* dims_type = llvm::ArrayType::get(b.getInt64Ty(), std::max<std::size_t>(dims.size(), 1));
  OperandBlocks blocks{entry.CreateAlloca(pointers_type), entry.CreateAlloca(dims_type)};
  for (std::size_t k = 0; k < operands.size(); ++k)
    b.CreateStore(operands[k]->data, b.CreateConstInBoundsGEP2_64(pointers_type, blocks.pointers, 0, k));
  for (std::size_t k = 0; k < dims.size(); ++k)
    b.CreateStore(dims[k], b.CreateConstInBoundsGEP2_64(dims_type, blocks.dims, 0, k));
  return blocks;
}

void NodeEmitter::fail_if(llvm::Value* failed, int code, std::vector<llvm::Value*> values) {
  llvm::Function* fn = b.GetInsertBlock()->getParent();
  llvm::LLVMContext& ctx = b.getContext();
  auto* error = llvm::BasicBlock::Create(ctx, "failed", fn);
  auto* next = llvm::BasicBlock::Create(ctx, "ok", fn);
  b.CreateCondBr(failed, error, next);
  b.SetInsertPoint(error);
  values.resize(3, nullptr);
  std::vector<llvm::Value*> args{node_handle_, b.getInt32(static_cast<std::uint32_t>(code))};
  for (llvm::Value* v : values) args.push_back(v ? b.CreateSExtOrTrunc(v, b.getInt64Ty()) : i64(0));
  auto* signature = llvm::FunctionType::get(b.getInt32Ty(), {b.getPtrTy(), b.getInt32Ty(), b.getInt64Ty(), b.getInt64Ty(), b.getInt64Ty()}, false);
  auto* callee = llvm::ConstantExpr::getIntToPtr(b.getInt64(reinterpret_cast<std::uintptr_t>(&kiln_jit_node_failed)), b.getPtrTy());
  b.CreateRet(b.CreateCall(signature, callee, args));
  b.SetInsertPoint(next);
}

}  // namespace kiln::jit
