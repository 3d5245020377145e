// The reductions family's node code: Argmax (the first index of the largest element along an
// axis or over the flattened array; a NaN counts as the largest, as NumPy's), and Reduce where
// its KernelSpec (loops.cpp, the fused float64 loops) does not follow the reference.
#include "jit/lower/emitter.hpp"
#include "jit/lower/families.hpp"
#include "jit/lower/reduce_lanes.hpp"
#include "tensor/argmax.hpp"
#include "tensor/reduce.hpp"

#include <kiln/errors.hpp>

#include <llvm/IR/Function.h>

namespace kiln::jit {
namespace {

using Values = std::vector<llvm::Value*>;

std::vector<Shape> argmax_shapes(const Apply& node, const std::vector<TensorView>& in, std::vector<std::int64_t>&) {
  const auto& axis = static_cast<const tensor::Argmax&>(node.op()).axis();
  const Shape& shape = in[0].shape;
  Shape out;
  std::int64_t length = shape_size(shape);
  if (axis) {
    length = shape[static_cast<std::size_t>(*axis)];
    for (std::size_t d = 0; d < shape.size(); ++d)
      if (static_cast<int>(d) != *axis) out.push_back(shape[d]);
  }
  if (length == 0)
    throw ValueError(node.op().name() + ": an empty sequence (input shape " + shape_string(shape) + ") has no argmax");
  return {out};
}

// Whether a beats b: as double for floats (NaN wins), as int64 for integers.
llvm::Value* larger(NodeEmitter& e, llvm::Value* a, llvm::Value* b, DType dtype) {
  if (!is_float(dtype)) return e.b.CreateICmpSGT(e.convert(a, dtype, DType::int64), e.convert(b, dtype, DType::int64));
  a = e.convert(a, dtype, DType::float64);
  b = e.convert(b, dtype, DType::float64);
  llvm::Value* b_not_nan = e.b.CreateFCmpORD(b, b);
  llvm::Value* a_wins = e.b.CreateOr(e.b.CreateFCmpUNO(a, a), e.b.CreateFCmpOGT(a, b));
  return e.b.CreateAnd(b_not_nan, a_wins);
}

void emit_argmax(NodeEmitter& e) {
  const auto& axis = static_cast<const tensor::Argmax&>(e.node.op()).axis();
  const Operand &out = e.outputs[0], &x = e.inputs[0];
  llvm::Function* fn = e.b.GetInsertBlock()->getParent();
  llvm::IRBuilder<> entry(&fn->getEntryBlock(), fn->getEntryBlock().begin());
  llvm::Value* best = entry.CreateAlloca(e.b.getInt64Ty());
  // Element k of the searched sequence for the output element `at`.
  auto element = [&](const Values& at, llvm::Value* k) {
    if (!axis) {
      Values index(x.shape.size());
      for (std::size_t d = x.shape.size(); d-- > 0;) {
        index[d] = e.b.CreateURem(k, x.shape[d]);
        k = e.b.CreateUDiv(k, x.shape[d]);
      }
      return e.load(x, index);
    }
    Values index = at;
    index.insert(index.begin() + *axis, k);
    return e.load(x, index);
  };
  llvm::Value* length = axis ? x.shape[static_cast<std::size_t>(*axis)] : e.size(x.shape);
  e.loop_nest(out.shape, [&](const Values& at) {
    e.b.CreateStore(e.i64(0), best);
    e.loop(e.b.CreateSub(length, e.i64(1)), [&](llvm::Value* i) {
      llvm::Value* k = e.b.CreateAdd(i, e.i64(1));
      llvm::Value* current = e.b.CreateLoad(e.b.getInt64Ty(), best);
      llvm::Value* wins = larger(e, element(at, k), element(at, current), x.dtype);
      e.b.CreateStore(e.b.CreateSelect(wins, k, current), best);
    });
    e.store(out, at, e.b.CreateLoad(e.b.getInt64Ty(), best));
  });
}

// ---- Reduce, where its KernelSpec does not follow the reference (integer and bool
// accumulators, float32 accumulating in float64): the reference's loop, one output element
// at a time, adding its reduced elements in C order (a float sum or product over every axis
// in the reference's lanes).

std::vector<Shape> reduce_shapes(const Apply& node, const std::vector<TensorView>& in, std::vector<std::int64_t>&) {
  const auto& op = static_cast<const tensor::Reduce&>(node.op());
  Shape out;
  for (std::size_t d = 0; d < in[0].shape.size(); ++d) {
    const std::int64_t len = in[0].shape[d];
    if (!op.reduces(static_cast<int>(d)))
      out.push_back(len);
    else if (len == 0 && (op.kind() == tensor::ReduceKind::max || op.kind() == tensor::ReduceKind::min))
      throw ValueError(op.name() + ": zero-size array (shape " + shape_string(in[0].shape) +
                       ") to a reduction which has no identity");
  }
  return {out};
}

void emit_reduce(NodeEmitter& e) {
  using tensor::ReduceKind;
  const auto& op = static_cast<const tensor::Reduce&>(e.node.op());
  const Operand &out = e.outputs[0], &x = e.inputs[0];
  const DType acc = out.dtype == DType::float32 ? DType::float64 : out.dtype;
  llvm::Type* acc_type = e.type(acc);
  llvm::Function* fn = e.b.GetInsertBlock()->getParent();
  llvm::IRBuilder<> entry(&fn->getEntryBlock(), fn->getEntryBlock().begin());
  llvm::Value* total = entry.CreateAlloca(acc_type);
  llvm::Value* seen = entry.CreateAlloca(e.b.getInt1Ty());
  Values reduced;
  for (std::size_t d = 0; d < x.shape.size(); ++d)
    if (op.reduces(static_cast<int>(d))) reduced.push_back(x.shape[d]);
  const bool multiplicative = op.kind() == ReduceKind::prod || op.kind() == ReduceKind::all;
  // A float sum starts from -0.0 (tensor::reduce_identity: the sum of [-0.0] is -0.0), and a
  // sum over nothing is +0.0.
  const bool float_sum = is_float(acc) && op.kind() == ReduceKind::sum;
  llvm::Value* identity = is_float(acc) ? llvm::ConstantFP::get(acc_type, multiplicative ? 1.0 : float_sum ? -0.0 : 0.0)
                                        : llvm::ConstantInt::get(acc_type, multiplicative ? 1 : 0);
  llvm::Value* empty = e.b.getFalse();
  for (llvm::Value* extent : reduced) empty = e.b.CreateOr(empty, e.b.CreateICmpEQ(extent, e.b.getInt64(0)));
  // A float sum or product over every axis: the reference's lane order (tensor::reduce_in_lanes).
  if (is_float(acc) && out.shape.empty() && (op.kind() == ReduceKind::sum || op.kind() == ReduceKind::prod)) {
    LaneReduction lanes(e.b, e.size(x.shape), identity, [&](llvm::Value* a, llvm::Value* v) {
      return op.kind() == ReduceKind::sum ? e.b.CreateFAdd(a, v) : e.b.CreateFMul(a, v);
    });
    e.loop_nest(reduced, [&](const Values& at) { lanes.add(e.convert(e.load(x, at), x.dtype, DType::float64)); });
    llvm::Value* result = lanes.finish();
    if (float_sum) result = e.b.CreateSelect(empty, llvm::ConstantFP::get(acc_type, 0.0), result);
    e.store(out, {}, e.convert(result, acc, out.dtype));
    return;
  }
  e.loop_nest(out.shape, [&](const Values& kept) {
    e.b.CreateStore(identity, total);
    e.b.CreateStore(e.b.getFalse(), seen);
    e.loop_nest(reduced, [&](const Values& r) {
      Values at;
      for (std::size_t d = 0, k = 0, j = 0; d < x.shape.size(); ++d)
        at.push_back(op.reduces(static_cast<int>(d)) ? r[j++] : kept[k++]);
      llvm::Value* v = e.load(x, at);
      v = is_float(acc) ? e.convert(e.convert(v, x.dtype, DType::float64), DType::float64, acc)
                        : e.convert(e.convert(v, x.dtype, DType::int64), DType::int64, acc);
      llvm::Value* current = e.b.CreateLoad(acc_type, total);
      llvm::Value* next = nullptr;
      switch (op.kind()) {
        case ReduceKind::sum: next = e.add(current, v, acc); break;
        case ReduceKind::prod:
          next = is_float(acc) ? e.b.CreateFMul(current, v) : is_bool(acc) ? e.b.CreateAnd(current, v) : e.b.CreateMul(current, v);
          break;
        case ReduceKind::all: next = e.b.CreateAnd(current, v); break;
        case ReduceKind::any: next = e.b.CreateOr(current, v); break;
        case ReduceKind::max:
        case ReduceKind::min: {
          const bool max = op.kind() == ReduceKind::max;
          llvm::Value* better;
          if (is_float(acc))
            better = e.b.CreateOr(e.b.CreateFCmpUNO(v, v), max ? e.b.CreateFCmpOGT(v, current) : e.b.CreateFCmpOLT(v, current));
          else if (is_unsigned(acc) || is_bool(acc))
            better = max ? e.b.CreateICmpUGT(v, current) : e.b.CreateICmpULT(v, current);
          else
            better = max ? e.b.CreateICmpSGT(v, current) : e.b.CreateICmpSLT(v, current);
          llvm::Value* first = e.b.CreateNot(e.b.CreateLoad(e.b.getInt1Ty(), seen));
          next = e.b.CreateSelect(e.b.CreateOr(first, better), v, current);
          e.b.CreateStore(e.b.getTrue(), seen);
          break;
        }
      }
      e.b.CreateStore(next, total);
    });
    llvm::Value* result = e.b.CreateLoad(acc_type, total);
    if (float_sum) result = e.b.CreateSelect(empty, llvm::ConstantFP::get(acc_type, 0.0), result);
    e.store(out, kept, e.convert(result, acc, out.dtype));
  });
}

}  // namespace

void register_reduction_lowerings(LoweringTable& table) {
  table.add<tensor::Reduce>({.form = OpLowering::Form::kernel,
                             .op_name = "Reduce",
                             .kernel = &kernel_spec,
                             .shapes = &reduce_shapes,
                             .emit = &emit_reduce});
  table.add<tensor::Argmax>(
      {.form = OpLowering::Form::node, .op_name = "Argmax", .shapes = &argmax_shapes, .emit = &emit_argmax});
}

}  // namespace kiln::jit
