// The lowering of draws: a direct call of the distribution's runtime entry, resolved by its
// symbol when the module links (jit/runtime registers every entry), with the state pointer and
// the element's params. The entry reads and advances the state, so the call is not pure: it
// stays in the loop, in element order, and keeps the loop scalar.
#include "jit/lower/random.hpp"

#include "random/rv_scalar.hpp"

#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/Module.h>

#include <vector>

namespace kiln::jit {

bool draw_param_integer(const KernelNode& node, std::size_t p) { return node.draw->params[p].integer; }

ScalarValue lower_draw(llvm::IRBuilder<>& b, llvm::Module& module, const KernelNode& node, llvm::Value* state,
                       std::span<const ScalarValue> params, std::span<const DType> param_dtypes) {
  const random::ScalarDistribution& d = *node.draw;
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
      llvm::Value* x = v.value;
      if (v.integer)
        x = is_unsigned(param_dtypes[p]) || param_dtypes[p] == DType::bool_
                ? unsigned_to_float(b, x, static_cast<unsigned>(itemsize(param_dtypes[p]) * 8), f64)
                : b.CreateSIToFP(x, f64);
      args.push_back(x);
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
