#include "jit/lower/reduce_lanes.hpp"

#include "tensor/composite.hpp"  // kReduceLanes

#include <llvm/IR/Function.h>

namespace kiln::jit {

using tensor::kReduceLanes;

LaneReduction::LaneReduction(llvm::IRBuilder<>& b, llvm::Value* count, llvm::Value* identity, Combine combine)
    : b_(b), combine_(std::move(combine)), count_(count) {
  llvm::Function* fn = b_.GetInsertBlock()->getParent();
  llvm::IRBuilder<> entry(&fn->getEntryBlock(), fn->getEntryBlock().begin());
  auto* array = llvm::ArrayType::get(b_.getDoubleTy(), kReduceLanes);
  lanes_ = entry.CreateAlloca(array, nullptr, "lanes");
  rest_ = entry.CreateAlloca(array, nullptr, "rest");
  next_ = entry.CreateAlloca(b_.getInt64Ty(), nullptr, "next");
  whole_ = b_.CreateAnd(count_, b_.getInt64(~static_cast<std::uint64_t>(kReduceLanes - 1)));
  for (std::int64_t l = 0; l < kReduceLanes; ++l) b_.CreateStore(identity, lane(lanes_, b_.getInt64(l)));
  b_.CreateStore(b_.getInt64(0), next_);
}

llvm::Value* LaneReduction::lane(llvm::Value* array, llvm::Value* index) {
  return b_.CreateInBoundsGEP(b_.getDoubleTy(), array, index);
}

void LaneReduction::add(llvm::Value* value) {
  llvm::Value* k = b_.CreateLoad(b_.getInt64Ty(), next_);
  llvm::Value* in_block = b_.CreateICmpULT(k, whole_);
  llvm::Value* mask = b_.getInt64(kReduceLanes - 1);
  llvm::Value* slot = b_.CreateSelect(in_block, lane(lanes_, b_.CreateAnd(k, mask)),
                                      lane(rest_, b_.CreateAnd(b_.CreateSub(k, whole_), mask)));
  llvm::Value* old = b_.CreateLoad(b_.getDoubleTy(), slot);
  b_.CreateStore(b_.CreateSelect(in_block, combine_(old, value), value), slot);
  b_.CreateStore(b_.CreateAdd(k, b_.getInt64(1)), next_);
}

llvm::Value* LaneReduction::finish() {
  std::vector<llvm::Value*> lanes;
  for (std::int64_t l = 0; l < kReduceLanes; ++l) lanes.push_back(b_.CreateLoad(b_.getDoubleTy(), lane(lanes_, b_.getInt64(l))));
  for (std::size_t width = lanes.size(); width > 1; width /= 2)
    for (std::size_t l = 0; l < width / 2; ++l) lanes[l] = combine_(lanes[l], lanes[l + width / 2]);
  // acc = lanes[0]; for (j = 0; j < count - whole; ++j) acc = combine(acc, rest[j]);
  auto& ctx = b_.getContext();
  llvm::Function* fn = b_.GetInsertBlock()->getParent();
  llvm::BasicBlock* pre = b_.GetInsertBlock();
  auto* header = llvm::BasicBlock::Create(ctx, "rest", fn);
  auto* body = llvm::BasicBlock::Create(ctx, "rest.body", fn);
  auto* exit = llvm::BasicBlock::Create(ctx, "rest.exit", fn);
  llvm::Value* left = b_.CreateSub(count_, whole_);
  b_.CreateBr(header);
  b_.SetInsertPoint(header);
  llvm::PHINode* j = b_.CreatePHI(b_.getInt64Ty(), 2, "j");
  llvm::PHINode* acc = b_.CreatePHI(b_.getDoubleTy(), 2, "acc");
  j->addIncoming(b_.getInt64(0), pre);
  acc->addIncoming(lanes[0], pre);
  b_.CreateCondBr(b_.CreateICmpULT(j, left), body, exit);
  b_.SetInsertPoint(body);
  llvm::Value* next_acc = combine_(acc, b_.CreateLoad(b_.getDoubleTy(), lane(rest_, j)));
  j->addIncoming(b_.CreateAdd(j, b_.getInt64(1)), body);
  acc->addIncoming(next_acc, body);
  b_.CreateBr(header);
  b_.SetInsertPoint(exit);
  return acc;
}

}  // namespace kiln::jit
