// The checks family: CheckAndRaise and Assert return their value after checking that every
// element of every condition is nonzero; a failed condition leaves the code with an error
// code and the host raises ParameterValueError with the condition's text, once.
#include "jit/lower/emitter.hpp"
#include "jit/lower/families.hpp"
#include "tensor/check.hpp"

#include <kiln/errors.hpp>

namespace kiln::jit {
namespace {

constexpr int kConditionFailed = 1;

std::vector<Shape> check_shapes(const Apply&, const std::vector<TensorView>& in, std::vector<std::int64_t>&) {
  return {in[0].shape};
}

void emit_check(NodeEmitter& e) {
  for (std::size_t k = 1; k < e.inputs.size(); ++k) {
    const Operand& cond = e.inputs[k];
    e.loop_nest(cond.shape, [&](const std::vector<llvm::Value*>& at) {
      llvm::Value* value = e.convert(e.load(cond, at), cond.dtype, DType::int64);
      e.fail_if(e.b.CreateICmpEQ(value, e.i64(0)), kConditionFailed, {});
    });
  }
  e.copy(e.outputs[0], e.inputs[0]);
}

void raise_check(const NodeError& error) {
  throw ParameterValueError(static_cast<const tensor::CheckAndRaise&>(error.node->op()).message());
}

}  // namespace

void register_check_lowerings(LoweringTable& table) {
  const OpLowering check{.form = OpLowering::Form::node,
                         .op_name = "CheckAndRaise",
                         .shapes = &check_shapes,
                         .emit = &emit_check,
                         .raise = &raise_check};
  table.add<tensor::CheckAndRaise>(check);
  OpLowering assert_op = check;
  assert_op.op_name = "Assert";
  table.add<tensor::Assert>(assert_op);
}

}  // namespace kiln::jit
