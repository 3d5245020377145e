// The reference's order for a float reduction over every axis (tensor::reduce_in_lanes) in
// IR. combine_lanes is its halving step, which every such loop ends with. LaneReduction is the
// whole order for the loops that visit the elements one at a time in C order: strided
// operands, and the Reduce nodes whose accumulator differs from their input's dtype. (The
// flat kernels keep their lanes in a vectorized inner loop instead: elemwise.cpp.) Element k
// of n goes to lane k % kReduceLanes while k is in a whole block, and is kept aside otherwise;
// finish() combines the lanes by halving and then adds the kept elements in order.
#pragma once

#include <llvm/IR/IRBuilder.h>

#include <functional>

namespace kiln::jit {

// Combines two doubles, or two vectors of them lane by lane: tensor::reduce_combine of the
// reduction's kind.
using Combine = std::function<llvm::Value*(llvm::Value* acc, llvm::Value* value)>;

// The lanes (a vector of kReduceLanes doubles) combined by halving, ((0 4) (2 6)) ((1 5) (3 7)):
// the lower half with the upper half, as vectors, down to one double.
llvm::Value* combine_lanes(llvm::IRBuilder<>& b, llvm::Value* lanes, const Combine& combine);

class LaneReduction {
 public:

  // Emits, at the builder's insert point, the start of a reduction of `count` (i64) elements
  // from `identity` (a double); its accumulators live in the function's entry block.
  LaneReduction(llvm::IRBuilder<>& b, llvm::Value* count, llvm::Value* identity, Combine combine);

  // Takes the next element (a double).
  void add(llvm::Value* value);
  // After the last element: the reduction (identity for no elements).
  llvm::Value* finish();

 private:
  llvm::Value* lane(llvm::Value* array, llvm::Value* index);

  llvm::IRBuilder<>& b_;
  Combine combine_;
  llvm::Value* whole_;  // the elements in whole blocks
  llvm::AllocaInst* lanes_;
  llvm::AllocaInst* rest_;  // the elements after the whole blocks; identity in the slots after them
  llvm::AllocaInst* next_;  // the index of the next element
};

}  // namespace kiln::jit
