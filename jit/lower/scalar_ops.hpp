// Emitting the scalar ops of a kernel body as LLVM IR with the reference semantics of
// tensor::eval_scalar (double) and tensor::eval_scalar_int (int64), plus the loads, stores and
// dtype roundings around them. Only jit/lower includes this (it pulls in IRBuilder).
#pragma once

#include "jit/kernel_spec.hpp"

#include <llvm/IR/IRBuilder.h>

#include <span>

namespace kiln::jit {

// A value in the kernel body: an i64 (integer semantics), a double, or a float (a float32
// input or the result of a node computed in float32).
struct ScalarValue {
  llvm::Value* value;
  bool integer;
};

// The low `bits` bits of the integer v as an unsigned number, converted to the float type `to`
// exactly as uitofp (one rounding; in double first for float, as the reference converts), but
// without a uitofp: LLVM 19's SLP vectorizer narrows a uitofp's operand by the operand's sign bits
// (llvm-project PR #85966) and then converts the narrow value as unsigned, so `uitofp (sext i8 x
// to i16)` becomes `uitofp i8 x` (255 for -1, not 65535), and instcombine turns every exact
// zero-extended form (sitofp of a zext, masked halves) back into such a uitofp. Here each part
// of at most 32 bits is converted signed and moved up by 2^n when negative, which a narrowing
// of its sign bits cannot change. Every unsigned-to-float conversion of generated code comes here.
llvm::Value* unsigned_to_float(llvm::IRBuilder<>& b, llvm::Value* v, unsigned bits, llvm::Type* to);

class ScalarEmitter {
 public:
  ScalarEmitter(llvm::IRBuilder<>& builder, llvm::Module& module);

  // The node's result, rounded through its dtype as the reference does.
  ScalarValue node(const KernelNode& node, std::span<const ScalarValue> args, std::span<const DType> arg_dtypes);
  // Loads element `index` of a `dtype` array, converted to int64 or double (float32 as float).
  ScalarValue load(llvm::Value* base, llvm::Value* index, DType dtype, bool as_integer);
  // Stores `v` (of dtype `from`) into element `index` of a `dtype` array, converting as a
  // static_cast would.
  void store(ScalarValue v, llvm::Value* base, llvm::Value* index, DType dtype);
  llvm::Value* to_double(ScalarValue v, DType dtype);

  llvm::Type* element_type(DType dtype);
  llvm::Type* f64() const { return f64_; }
  llvm::Type* i64() const { return i64_; }

 private:
  // eval_scalar's semantics computed in `type` (double, or float for float32 nodes).
  llvm::Value* float_op(tensor::ScalarOp op, std::span<llvm::Value* const> a, llvm::Type* type);
  llvm::Value* int_op(tensor::ScalarOp op, std::span<llvm::Value* const> a);
  llvm::Value* to_int64(ScalarValue v);
  llvm::Value* to_float32(ScalarValue v, DType dtype);
  llvm::Value* round_double(llvm::Value* v, DType dtype);
  llvm::Value* float_to_int(llvm::Value* v, DType dtype);
  llvm::Value* cvtt(llvm::Value* v, unsigned bits);
  llvm::Value* round_int(llvm::Value* v, DType dtype);
  // A call to a side-effect-free external function of doubles or floats (libm or the kiln
  // runtime), of the arguments' type.
  llvm::Value* call_pure(const std::string& name, std::span<llvm::Value* const> args);
  llvm::Value* intrinsic(llvm::Intrinsic::ID id, std::span<llvm::Value* const> args);
  llvm::Value* f64_constant(double v);
  llvm::Value* bool_to_double(llvm::Value* flag);
  // An integer of the unsigned `dtype` (held in its own width or in an i64) as a double.
  llvm::Value* unsigned_to_double(llvm::Value* v, DType dtype);

  llvm::IRBuilder<>& b_;
  llvm::Module& module_;
  llvm::Type* f64_;
  llvm::Type* i64_;
};

}  // namespace kiln::jit
