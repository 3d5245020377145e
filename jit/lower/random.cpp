// The lowering of draws: a direct call of the distribution's runtime entry, resolved by its
// symbol when the module links (jit/runtime registers every entry), with the state pointer and
// the element's params. The entry reads and advances the state, so the call is not pure: it
// stays in the loop, in element order, and keeps the loop scalar. A distribution without its
// own entry (lib/pm's records) calls the generic one with its record's address.
#include "jit/lower/random.hpp"

#include "random/rv_scalar.hpp"

#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/Module.h>

#include <algorithm>
#include <vector>

namespace kiln::jit {

bool draw_param_integer(const KernelNode& node, std::size_t p) { return node.draw->params[p].integer; }

namespace {

// A param as a double, exactly as Array::get_as_double reads its dtype.
llvm::Value* real_param(llvm::IRBuilder<>& b, ScalarValue v, DType dtype) {
  llvm::Type* f64 = b.getDoubleTy();
  if (!v.integer) return v.value;
  return is_unsigned(dtype) || dtype == DType::bool_
             ? unsigned_to_float(b, v.value, static_cast<unsigned>(itemsize(dtype) * 8), f64)
             : b.CreateSIToFP(v.value, f64);
}

// A distribution registered without its own entry (lib/pm's records): the generic entry, given
// the record's address and each param as the reference reads it, a double and an int64.
ScalarValue lower_generic_draw(llvm::IRBuilder<>& b, llvm::Module& module, const random::ScalarDistribution& d,
                               llvm::Value* state, std::span<const ScalarValue> params, std::span<const DType> param_dtypes) {
  const bool integer_result = d.dtype != DType::float64;
  llvm::Type* f64 = b.getDoubleTy();
  llvm::Type* i64 = b.getInt64Ty();
  llvm::Function* fn = b.GetInsertBlock()->getParent();
  llvm::IRBuilder<> entry(&fn->getEntryBlock(), fn->getEntryBlock().begin());
  const auto n = std::max<std::size_t>(params.size(), 1);
  llvm::Value* real = entry.CreateAlloca(llvm::ArrayType::get(f64, n));
  llvm::Value* integer = entry.CreateAlloca(llvm::ArrayType::get(i64, n));
  for (std::size_t p = 0; p < params.size(); ++p) {
    const ScalarValue v = params[p];
    llvm::Value* x = real_param(b, v, param_dtypes[p]);
    b.CreateStore(x, b.CreateConstInBoundsGEP2_64(llvm::ArrayType::get(f64, n), real, 0, p));
    // A float param's int64 is its truncation, as the reference's static_cast.
    llvm::Value* k = v.integer ? v.value : b.CreateIntrinsic(llvm::Intrinsic::fptosi_sat, {i64, f64}, {x});
    b.CreateStore(k, b.CreateConstInBoundsGEP2_64(llvm::ArrayType::get(i64, n), integer, 0, p));
  }
  llvm::Value* record = llvm::ConstantExpr::getIntToPtr(b.getInt64(reinterpret_cast<std::uintptr_t>(&d)), b.getPtrTy());
  auto* type = llvm::FunctionType::get(integer_result ? i64 : f64, {b.getPtrTy(), b.getPtrTy(), b.getPtrTy(), b.getPtrTy()}, false);
  llvm::FunctionCallee callee = module.getOrInsertFunction(integer_result ? "kiln_rv_scalar_integer" : "kiln_rv_scalar_real", type);
  return {b.CreateCall(callee, {record, state, real, integer}), integer_result};
}

}  // namespace

ScalarValue lower_draw(llvm::IRBuilder<>& b, llvm::Module& module, const KernelNode& node, llvm::Value* state,
                       std::span<const ScalarValue> params, std::span<const DType> param_dtypes) {
  const random::ScalarDistribution& d = *node.draw;
  // An integer param given as a float: the reference checks its constraint on the float and
  // draws with its truncation, so the generic entry, which takes both values, draws it.
  bool float_for_integer = false;
  for (std::size_t p = 0; p < d.params.size(); ++p) float_for_integer |= d.params[p].integer && !is_integer(param_dtypes[p]);
  if (!d.entry || float_for_integer) return lower_generic_draw(b, module, d, state, params, param_dtypes);
  const bool integer_result = d.dtype != DType::float64;
  llvm::Type* f64 = b.getDoubleTy();
  llvm::Type* i64 = b.getInt64Ty();
  std::vector<llvm::Type*> types{b.getPtrTy()};
  std::vector<llvm::Value*> args{state};
  for (std::size_t p = 0; p < d.params.size(); ++p) {
    const ScalarValue v = params[p];
    if (d.params[p].integer) {
      types.push_back(i64);
      args.push_back(v.integer ? v.value : b.CreateIntrinsic(llvm::Intrinsic::fptosi_sat, {i64, f64}, {v.value}));
    } else {
      types.push_back(f64);
      args.push_back(real_param(b, v, param_dtypes[p]));
    }
  }
  auto* type = llvm::FunctionType::get(integer_result ? i64 : f64, types, false);
  llvm::FunctionCallee callee = module.getOrInsertFunction(d.symbol, type);
  if (auto* fn = llvm::dyn_cast<llvm::Function>(callee.getCallee())) {
    fn->setDoesNotThrow();
    fn->setWillReturn();
    fn->addParamAttr(0, llvm::Attribute::NoCapture);
  }
  return {b.CreateCall(callee, args), integer_result};
}

}  // namespace kiln::jit
