// The indexing family: IncSubtensor (set and inc into a region), AdvancedSubtensor (a gather
// of rows by an integer array) and AdvancedIncSubtensor (a scatter-add or set of rows).
// Values are stored as the reference's `store` does: through double into a float output,
// wrapping integer sums into an integer one.
#include "jit/lower/emitter.hpp"
#include "jit/lower/families.hpp"
#include "jit/lower/lower.hpp"
#include "tensor/subtensor.hpp"

#include <kiln/errors.hpp>

#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/MDBuilder.h>

namespace kiln::jit {
namespace {

using Form = OpLowering::Form;
using Values = std::vector<llvm::Value*>;

constexpr int kOutOfBounds = 1;  // values: the index, the axis, the axis's length

void raise_out_of_bounds(const NodeError& e) {
  throw ValueError(tensor::index_out_of_bounds(e.node->op().name(), e.values[0], static_cast<int>(e.values[1]), e.values[2]));
}

// dst[at] = value or dst[at] += value, value (of `from`) converted as the reference's store.
void store_value(NodeEmitter& e, const Operand& dst, const Values& at, llvm::Value* value, DType from, bool set) {
  if (is_float(dst.dtype)) value = e.convert(e.convert(value, from, DType::float64), DType::float64, dst.dtype);
  else value = e.convert(value, from, dst.dtype);
  if (!set) value = e.add(e.load(dst, at), value, dst.dtype);
  e.store(dst, at, value);
}

// The index of `value`'s element for element `region` of the region it broadcasts into
// (aligned on the right; axes of length 1 repeat).
Values broadcast_index(NodeEmitter& e, const Operand& value, const Values& region) {
  Values index;
  const std::size_t lead = region.size() - value.shape.size();
  for (std::size_t d = 0; d < value.shape.size(); ++d)
    index.push_back(e.b.CreateSelect(e.b.CreateICmpEQ(value.shape[d], e.i64(1)), e.i64(0), region[lead + d]));
  return index;
}

// Runs body(k, j, row) for each index position k of `indices` and each position j within the
// row it selects (rest: the extents of a row), row being the index read at k (in range:
// check_rows ran). The loops come in two versions: when `no_negative`, rows are read as they
// are; otherwise negative ones wrap as NumPy's. The common case spends nothing per element on
// wrapping.
void for_each_row_element(NodeEmitter& e, const Operand& indices, llvm::Value* length, llvm::Value* no_negative,
                          const Values& rest,
                          const std::function<void(const Values& k, const Values& j, llvm::Value* row)>& body) {
  llvm::IRBuilder<>& b = e.b;
  auto loops = [&](bool wrap) {
    e.loop_nest(indices.shape, [&](const Values& k) {
      llvm::Value* i = e.convert(e.load(indices, k), indices.dtype, DType::int64);
      llvm::Value* row = wrap ? b.CreateSelect(b.CreateICmpSLT(i, e.i64(0)), b.CreateAdd(i, length), i) : i;
      e.loop_nest(rest, [&](const Values& j) { body(k, j, row); });
    });
  };
  llvm::Function* fn = b.GetInsertBlock()->getParent();
  llvm::LLVMContext& ctx = b.getContext();
  auto* plain = llvm::BasicBlock::Create(ctx, "rows_not_negative", fn);
  auto* wrapping = llvm::BasicBlock::Create(ctx, "rows_wrapped", fn);
  auto* done = llvm::BasicBlock::Create(ctx, "rows_done", fn);
  b.CreateCondBr(no_negative, plain, wrapping);
  b.SetInsertPoint(plain);
  loops(false);
  b.CreateBr(done);
  b.SetInsertPoint(wrapping);
  loops(true);
  b.CreateBr(done);
  b.SetInsertPoint(done);
}

// Fails with the first index of `indices` outside [-length, length), else returns whether
// none is negative (no index needs wrapping). The indices' least and greatest are found first,
// in one pass with no branch (min and max reductions, which the vectorizer turns into a few
// vector instructions per block); only when they are not both in range does a second pass
// look for the first bad index, for the message. The loops that then read the rows need no
// check per element.
llvm::Value* first_check_rows(NodeEmitter& e, const Operand& indices, llvm::Value* length) {
  llvm::IRBuilder<>& b = e.b;
  llvm::Function* fn = b.GetInsertBlock()->getParent();
  llvm::IRBuilder<> at_entry(&fn->getEntryBlock(), fn->getEntryBlock().begin());
  llvm::Type* i64 = b.getInt64Ty();
  llvm::AllocaInst* least = at_entry.CreateAlloca(i64, nullptr, "least_index");
  llvm::AllocaInst* greatest = at_entry.CreateAlloca(i64, nullptr, "greatest_index");
  b.CreateStore(e.i64(0), least);
  b.CreateStore(e.i64(0), greatest);
  e.loop_nest(indices.shape, [&](const Values& k) {
    llvm::Value* i = e.convert(e.load(indices, k), indices.dtype, DType::int64);
    b.CreateStore(b.CreateBinaryIntrinsic(llvm::Intrinsic::smin, b.CreateLoad(i64, least), i), least);
    b.CreateStore(b.CreateBinaryIntrinsic(llvm::Intrinsic::smax, b.CreateLoad(i64, greatest), i), greatest);
  });
  // Both start at 0, in range unless the axis is empty: then any index is bad, and with none
  // the second pass finds nothing.
  llvm::Value* lo = b.CreateLoad(i64, least);
  llvm::Value* out =
      b.CreateOr(b.CreateICmpSLT(lo, b.CreateNeg(length)), b.CreateICmpSGE(b.CreateLoad(i64, greatest), length));
  llvm::Value* span = b.CreateShl(length, 1);
  llvm::LLVMContext& ctx = b.getContext();
  auto* find = llvm::BasicBlock::Create(ctx, "find_out_of_range", fn);
  auto* next = llvm::BasicBlock::Create(ctx, "rows_in_range", fn);
  llvm::MDBuilder weights(ctx);
  b.CreateCondBr(out, find, next, weights.createBranchWeights(1, 1 << 20));
  b.SetInsertPoint(find);
  e.loop_nest(indices.shape, [&](const Values& k) {
    llvm::Value* i = e.convert(e.load(indices, k), indices.dtype, DType::int64);
    e.fail_if(b.CreateICmpUGE(b.CreateAdd(i, length), span), kOutOfBounds, {i, e.i64(0), length});
  });
  b.CreateBr(next);
  b.SetInsertPoint(next);
  return b.CreateICmpSGE(lo, e.i64(0));
}

// first_check_rows, or the answer of an earlier step that checked the same indices against the
// same length (NodeEmitter::shared).
llvm::Value* check_rows(NodeEmitter& e, const Operand& indices, llvm::Value* length) {
  std::vector<llvm::Value*> key{e.i64(kOutOfBounds), indices.data, e.i64(static_cast<std::int64_t>(indices.dtype)),
                                length};
  key.insert(key.end(), indices.shape.begin(), indices.shape.end());
  key.insert(key.end(), indices.strides.begin(), indices.strides.end());
  if (e.shared) {
    if (auto known = e.shared->find(key); known != e.shared->end()) return known->second;
  }
  llvm::Value* no_negative = first_check_rows(e, indices, length);
  if (e.shared) e.shared->emplace(std::move(key), no_negative);
  return no_negative;
}

// ---- IncSubtensor: params per axis of x (start, step), then the region's extents.

std::vector<Shape> inc_subtensor_shapes(const Apply& node, const std::vector<TensorView>& in,
                                        std::vector<std::int64_t>& params) {
  const auto& op = static_cast<const tensor::IncSubtensor&>(node.op());
  std::vector<std::int64_t> symbolic;
  for (std::size_t k = 2; k < in.size(); ++k) symbolic.push_back(scalar_as_int(in[k]));
  // Over contiguous strides the region's offset splits into one start per axis.
  const Strides unit = contiguous_strides(in[0].shape);
  auto region = tensor::indexed_layout(in[0].shape, unit, op.index(), symbolic, op.name());
  tensor::check_inc_value(node, in[1].shape, region.shape);
  std::int64_t offset = region.offset;
  std::size_t kept = 0;
  for (std::size_t d = 0; d < in[0].shape.size(); ++d) {
    const bool sliced = d >= op.index().size() || op.index()[d].is_slice;
    const std::int64_t u = std::max<std::int64_t>(unit[d], 1);
    params.push_back(offset / u);
    offset %= u;
    params.push_back(sliced ? region.strides[kept++] / u : 0);
  }
  params.insert(params.end(), region.shape.begin(), region.shape.end());
  return {in[0].shape};
}

void emit_inc_subtensor(NodeEmitter& e) {
  const auto& op = static_cast<const tensor::IncSubtensor&>(e.node.op());
  const Operand &out = e.outputs[0], &x = e.inputs[0], &y = e.inputs[1];
  e.copy(out, x);
  const std::size_t nd = x.shape.size();
  Values extents;
  for (std::size_t d = 0, kept = 0; d < nd; ++d)
    if (d >= op.index().size() || op.index()[d].is_slice) extents.push_back(e.param(2 * nd + kept++));
  e.loop_nest(extents, [&](const Values& r) {
    Values at;
    for (std::size_t d = 0, kept = 0; d < nd; ++d) {
      const bool sliced = d >= op.index().size() || op.index()[d].is_slice;
      llvm::Value* i = e.param(2 * d);
      if (sliced) i = e.b.CreateAdd(i, e.b.CreateMul(r[kept++], e.param(2 * d + 1)));
      at.push_back(i);
    }
    store_value(e, out, at, e.load(y, broadcast_index(e, y, r)), y.dtype, op.set());
  });
}

// ---- AdvancedSubtensor: out[k..., j...] = x[idx[k...], j...]

std::vector<Shape> gather_shapes(const Apply&, const std::vector<TensorView>& in, std::vector<std::int64_t>&) {
  Shape out = in[1].shape;
  out.insert(out.end(), in[0].shape.begin() + 1, in[0].shape.end());
  return {out};
}

void emit_gather(NodeEmitter& e) {
  const Operand &out = e.outputs[0], &x = e.inputs[0], &idx = e.inputs[1];
  const Values rest(x.shape.begin() + 1, x.shape.end());
  llvm::Value* no_negative = check_rows(e, idx, x.shape[0]);
  for_each_row_element(e, idx, x.shape[0], no_negative, rest, [&](const Values& k, const Values& j, llvm::Value* row) {
    Values from{row}, to = k;
    from.insert(from.end(), j.begin(), j.end());
    to.insert(to.end(), j.begin(), j.end());
    e.store(out, to, e.load(x, from));
  });
}

// ---- AdvancedIncSubtensor: out = x; out[idx[k...], j...] (+)= y[k..., j...] (broadcast)

std::vector<Shape> scatter_shapes(const Apply& node, const std::vector<TensorView>& in, std::vector<std::int64_t>&) {
  Shape gathered = in[2].shape;
  gathered.insert(gathered.end(), in[0].shape.begin() + 1, in[0].shape.end());
  tensor::check_inc_value(node, in[1].shape, gathered);
  return {in[0].shape};
}

void emit_scatter(NodeEmitter& e) {
  const bool set = static_cast<const tensor::AdvancedIncSubtensor&>(e.node.op()).set();
  const Operand &out = e.outputs[0], &x = e.inputs[0], &y = e.inputs[1], &idx = e.inputs[2];
  const Values rest(x.shape.begin() + 1, x.shape.end());
  llvm::Value* no_negative = check_rows(e, idx, x.shape[0]);
  e.copy(out, x);
  for_each_row_element(e, idx, x.shape[0], no_negative, rest, [&](const Values& k, const Values& j, llvm::Value* row) {
    Values to{row}, region = k;
    to.insert(to.end(), j.begin(), j.end());
    region.insert(region.end(), j.begin(), j.end());
    store_value(e, out, to, e.load(y, broadcast_index(e, y, region)), y.dtype, set);
  });
}

}  // namespace

void emit_gather_check(NodeEmitter& e) { check_rows(e, e.inputs[1], e.inputs[0].shape[0]); }

void emit_scatter_start(NodeEmitter& e) {
  check_rows(e, e.inputs[1], e.inputs[0].shape[0]);
  e.copy(e.outputs[0], e.inputs[0]);
}

void register_indexing_lowerings(LoweringTable& table) {
  table.add<tensor::IncSubtensor>({.form = Form::node,
                                   .op_name = "IncSubtensor",
                                   .shapes = &inc_subtensor_shapes,
                                   .emit = &emit_inc_subtensor,
                                   .data_inputs = 2});
  table.add<tensor::AdvancedSubtensor>({.form = Form::node,
                                        .op_name = "AdvancedSubtensor",
                                        .shapes = &gather_shapes,
                                        .emit = &emit_gather,
                                        .raise = &raise_out_of_bounds});
  table.add<tensor::AdvancedIncSubtensor>({.form = Form::node,
                                           .op_name = "AdvancedIncSubtensor",
                                           .shapes = &scatter_shapes,
                                           .emit = &emit_scatter,
                                           .raise = &raise_out_of_bounds});
}

}  // namespace kiln::jit
