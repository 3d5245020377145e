// The model layer's special functions (pm/ops/special.hpp: incomplete gamma and beta, scaled
// Bessel functions, the beta-binomial log-CDF): a loop over the broadcast shape that calls the
// runtime entry kiln_rt_special per element, the evaluation the reference performs (Boost.Math
// has no vector forms to inline).
#include "jit/lower/emitter.hpp"
#include "jit/lower/families.hpp"
#include "pm/ops/special.hpp"
#include "tensor/elemwise.hpp"

#include <llvm/IR/Module.h>

namespace kiln::jit {
namespace {

using Values = std::vector<llvm::Value*>;

// The broadcast shape, with the reference's error for inputs that do not broadcast.
std::vector<Shape> special_shapes(const Apply& node, const std::vector<TensorView>& in, std::vector<std::int64_t>&) {
  std::vector<Shape> shapes;
  for (const auto& v : in) shapes.push_back(v.shape);
  return {tensor::broadcast_shapes(shapes, node.op().name())};
}

void emit_special(NodeEmitter& e) {
  const auto& op = static_cast<const pm::ops::SpecialFunction&>(e.node.op());
  llvm::IRBuilder<>& b = e.b;
  llvm::Function* fn = b.GetInsertBlock()->getParent();
  llvm::IRBuilder<> entry(&fn->getEntryBlock(), fn->getEntryBlock().begin());
  auto* args_type = llvm::ArrayType::get(b.getDoubleTy(), e.inputs.size());
  llvm::Value* args = entry.CreateAlloca(args_type);
  auto* type = llvm::FunctionType::get(b.getDoubleTy(), {b.getInt32Ty(), b.getInt32Ty(), b.getPtrTy()}, false);
  llvm::FunctionCallee callee = fn->getParent()->getOrInsertFunction("kiln_rt_special", type);
  const Operand& out = e.outputs[0];
  // An input's extent of 1 against a longer output axis is read at index 0 (stride 0).
  std::vector<Operand> inputs = e.inputs;
  for (Operand& in : inputs)
    for (std::size_t d = 0; d < in.strides.size(); ++d)
      in.strides[d] = b.CreateSelect(b.CreateICmpEQ(in.shape[d], e.i64(1)), e.i64(0), in.strides[d]);
  e.loop_nest(out.shape, [&](const Values& at) {
    for (std::size_t k = 0; k < inputs.size(); ++k)
      b.CreateStore(e.convert(e.load(inputs[k], at), inputs[k].dtype, DType::float64),
                    b.CreateConstInBoundsGEP2_64(args_type, args, 0, k));
    llvm::Value* value = b.CreateCall(
        callee, {b.getInt32(static_cast<std::uint32_t>(op.which())), b.getInt32(static_cast<std::uint32_t>(op.derivative_of())), args});
    e.store(out, at, value);
  });
}

}  // namespace

void register_special_function_lowerings(LoweringTable& table) {
  table.add<pm::ops::SpecialFunction>({.form = OpLowering::Form::node,
                                       .op_name = "SpecialFunction",
                                       .shapes = &special_shapes,
                                       .emit = &emit_special});
}

}  // namespace kiln::jit
