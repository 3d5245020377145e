#include "jit/lower/reduce_lanes.hpp"

#include "tensor/composite.hpp"  // kReduceLanes

#include <llvm/IR/Function.h>

namespace kiln::jit {

using tensor::kReduceLanes;

llvm::Value* combine_lanes(llvm::IRBuilder<>& b, llvm::Value* lanes, const Combine& combine) {
  for (int width = kReduceLanes; width > 1; width /= 2) {
    std::vector<int> lower(static_cast<std::size_t>(width / 2)), upper(lower.size());
    for (int l = 0; l < width / 2; ++l) {
      lower[static_cast<std::size_t>(l)] = l;
      upper[static_cast<std::size_t>(l)] = l + width / 2;
    }
    lanes = combine(b.CreateShuffleVector(lanes, lower), b.CreateShuffleVector(lanes, upper));
  }
  return b.CreateExtractElement(lanes, std::uint64_t{0});
}

LaneReduction::LaneReduction(llvm::IRBuilder<>& b, llvm::Value* count, llvm::Value* identity, Combine combine)
    : b_(b), combine_(std::move(combine)) {
  llvm::Function* fn = b_.GetInsertBlock()->getParent();
  llvm::IRBuilder<> entry(&fn->getEntryBlock(), fn->getEntryBlock().begin());
  auto* array = llvm::ArrayType::get(b_.getDoubleTy(), kReduceLanes);
  lanes_ = entry.CreateAlloca(array, nullptr, "lanes");
  lanes_->setAlignment(llvm::Align(64));  // finish() loads it as one vector
  rest_ = entry.CreateAlloca(array, nullptr, "rest");
  next_ = entry.CreateAlloca(b_.getInt64Ty(), nullptr, "next");
  whole_ = b_.CreateAnd(count, b_.getInt64(~static_cast<std::uint64_t>(kReduceLanes - 1)));
  for (std::int64_t l = 0; l < kReduceLanes; ++l) {
    b_.CreateStore(identity, lane(lanes_, b_.getInt64(l)));
    b_.CreateStore(identity, lane(rest_, b_.getInt64(l)));
  }
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

// The kept elements follow the halved lanes in order; the slots past them hold the identity,
// which combines into any value exactly (x + -0.0, x * 1, max(x, -inf), ...).
llvm::Value* LaneReduction::finish() {
  auto* vector = llvm::FixedVectorType::get(b_.getDoubleTy(), kReduceLanes);
  llvm::Value* acc = combine_lanes(b_, b_.CreateLoad(vector, lanes_), combine_);
  for (std::int64_t j = 0; j + 1 < kReduceLanes; ++j)
    acc = combine_(acc, b_.CreateLoad(b_.getDoubleTy(), lane(rest_, b_.getInt64(j))));
  return acc;
}

}  // namespace kiln::jit
