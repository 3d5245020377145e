// The linear algebra family: each op's code is one call of its runtime entry point
// (jit/runtime/linalg_entries.hpp, over LAPACK/BLAS), with the operands' pointers and a layout
// block of extents and strides; a nonzero status leaves through fail_if and the host raises
// the op's LinAlgError. Tril/Triu and the diagonal ops are plain loops.
#include "pm/ops/linalg.hpp"
#include "jit/lower/emitter.hpp"
#include "jit/lower/families.hpp"
#include "jit/runtime/linalg_entries.hpp"
#include "tensor/lapack.hpp"
#include "tensor/linalg.hpp"

#include <kiln/errors.hpp>

#include <llvm/IR/Module.h>

namespace kiln::jit {
namespace {

using Form = OpLowering::Form;
using Values = std::vector<llvm::Value*>;

constexpr int kLinalgFailure = 1;  // values: the lapack::Status, where

// The LAPACK entries read operands of any numeric dtype (converted as they are gathered) and
// write float64 outputs, the ops' output type.
bool float64_outputs(const Apply& node) {
  for (std::size_t o = 0; o < node.num_outputs(); ++o)
    if (node.output(static_cast<int>(o)).dtype() != DType::float64) return false;
  return true;
}

// ---- Host side: output shapes (and the ops' shape errors), and the error text.

std::int64_t square_extent(const TensorView& a, const std::string& op) {
  if (a.shape.size() != 2 || a.shape[0] != a.shape[1])
    throw ValueError(op + ": expects a square matrix, got shape " + shape_string(a.shape));
  return a.shape[0];
}

template <const char* Op>
std::vector<Shape> square_shapes(const Apply& node, const std::vector<TensorView>& in, std::vector<std::int64_t>&) {
  const std::int64_t n = square_extent(in[0], Op);
  std::vector<Shape> shapes;
  for (std::size_t o = 0; o < node.num_outputs(); ++o) {
    const int nd = node.output(static_cast<int>(o)).ndim();
    shapes.push_back(Shape(static_cast<std::size_t>(nd), n));
  }
  return shapes;
}

template <const char* Op>
std::vector<Shape> solve_shapes(const Apply&, const std::vector<TensorView>& in, std::vector<std::int64_t>&) {
  const std::int64_t n = square_extent(in[0], Op);
  if (in[1].shape.empty() || in[1].shape[0] != n)
    throw ValueError(std::string(Op) + ": a of shape " + shape_string(in[0].shape) + " and b of shape " +
                     shape_string(in[1].shape) + " do not align");
  return {in[1].shape};
}

template <const char* Op>
void raise_failure(const NodeError& e) {
  tensor::raise_linalg_failure(Op, static_cast<int>(e.values[0]), e.values[1]);
}

// ---- Generated code: the layout block, the call, the status check.

llvm::Value* stride(NodeEmitter& e, const Operand* op, std::size_t axis) {
  return op && axis < op->strides.size() ? op->strides[axis] : e.i64(0);
}

void emit_entry_call(NodeEmitter& e, const char* symbol, std::int64_t flags) {
  llvm::IRBuilder<>& b = e.b;
  llvm::Function* fn = b.GetInsertBlock()->getParent();
  llvm::IRBuilder<> entry(&fn->getEntryBlock(), fn->getEntryBlock().begin());
  llvm::Type* i64 = b.getInt64Ty();
  llvm::Value* layout = entry.CreateAlloca(llvm::ArrayType::get(i64, kLayoutSize));
  llvm::Value* where = entry.CreateAlloca(i64);
  const Operand* a = &e.inputs[0];
  const Operand* rhs = e.inputs.size() > 1 ? &e.inputs[1] : nullptr;
  const Operand* out0 = &e.outputs[0];
  const Operand* out1 = e.outputs.size() > 1 ? &e.outputs[1] : nullptr;
  Values block(kLayoutSize);
  block[kN] = a->shape[0];
  block[kRhs] = rhs && rhs->shape.size() == 2 ? rhs->shape[1] : e.i64(1);
  const Operand* operands[] = {a, rhs, out0, out1};
  for (int k = 0; k < 4; ++k)
    for (std::size_t axis = 0; axis < 2; ++axis)
      block[static_cast<std::size_t>(kAStrides + 2 * k) + axis] = stride(e, operands[k], axis);
  for (int i = 0; i < kLayoutSize; ++i)
    b.CreateStore(
        block[static_cast<std::size_t>(i)],
        b.CreateConstInBoundsGEP2_64(llvm::ArrayType::get(i64, kLayoutSize), layout, 0, static_cast<std::uint64_t>(i)));
  llvm::Type* ptr = b.getPtrTy();
  auto* type = llvm::FunctionType::get(b.getInt32Ty(), {ptr, ptr, ptr, ptr, ptr, i64, ptr}, false);
  llvm::FunctionCallee callee = fn->getParent()->getOrInsertFunction(symbol, type);
  llvm::Value* null = llvm::ConstantPointerNull::get(llvm::PointerType::get(b.getContext(), 0));
  // The entry converts a and b to float64 as it gathers them (the reference's astype).
  flags |= static_cast<std::int64_t>(a->dtype) << kADTypeShift;
  if (rhs) flags |= static_cast<std::int64_t>(rhs->dtype) << kBDTypeShift;
  llvm::Value* status = b.CreateCall(
      callee, {out0->data, out1 ? out1->data : null, a->data, rhs ? rhs->data : null, layout, e.i64(flags), where});
  e.fail_if(b.CreateICmpNE(status, b.getInt32(0)), kLinalgFailure, {status, b.CreateLoad(i64, where)});
}

template <const char* Symbol>
void emit_call(NodeEmitter& e) {
  emit_entry_call(e, Symbol, 0);
}

void emit_cholesky(NodeEmitter& e) {
  const auto& op = static_cast<const tensor::Cholesky&>(e.node.op());
  emit_entry_call(e, "kiln_rt_cholesky", (op.lower() ? kLower : 0) | (op.nan_on_error() ? kNanOnError : 0));
}

void emit_solve_triangular(NodeEmitter& e) {
  const auto& op = static_cast<const tensor::SolveTriangular&>(e.node.op());
  emit_entry_call(e, "kiln_rt_solve_triangular", (op.lower() ? kLower : 0) | (op.trans() ? kTrans : 0));
}

// ---- Tril/Triu, ExtractDiag, AllocDiag: loops.

std::vector<Shape> same_shape(const Apply&, const std::vector<TensorView>& in, std::vector<std::int64_t>&) {
  if (in[0].shape.size() != 2) throw ValueError("tril: expects a matrix, got shape " + shape_string(in[0].shape));
  return {in[0].shape};
}

void emit_triangular_part(NodeEmitter& e) {
  const bool lower = static_cast<const tensor::TriangularPart&>(e.node.op()).lower();
  const Operand &out = e.outputs[0], &a = e.inputs[0];
  llvm::Type* f64 = e.type(out.dtype);
  e.loop_nest(a.shape, [&](const Values& at) {
    llvm::Value* keep = lower ? e.b.CreateICmpSLE(at[1], at[0]) : e.b.CreateICmpSGE(at[1], at[0]);
    e.store(out, at, e.b.CreateSelect(keep, e.load(a, at), llvm::Constant::getNullValue(f64)));
  });
}

std::vector<Shape> diagonal_shape(const Apply&, const std::vector<TensorView>& in, std::vector<std::int64_t>&) {
  return {Shape{square_extent(in[0], "diagonal")}};
}

void emit_extract_diag(NodeEmitter& e) {
  const Operand &out = e.outputs[0], &a = e.inputs[0];
  e.loop(out.shape[0], [&](llvm::Value* i) { e.store(out, {i}, e.load(a, {i, i})); });
}

std::vector<Shape> diag_matrix_shape(const Apply&, const std::vector<TensorView>& in, std::vector<std::int64_t>&) {
  return {Shape{in[0].shape[0], in[0].shape[0]}};
}

void emit_alloc_diag(NodeEmitter& e) {
  const Operand &out = e.outputs[0], &v = e.inputs[0];
  llvm::Type* t = e.type(out.dtype);
  e.loop_nest(out.shape, [&](const Values& at) {
    e.store(out, at,
            e.b.CreateSelect(e.b.CreateICmpEQ(at[0], at[1]), e.load(v, {at[0]}), llvm::Constant::getNullValue(t)));
  });
}

// Tril/Triu and the diagonal ops move elements of their input's dtype, which their output keeps.
bool same_dtype(const Apply& node) { return node.inputs()[0].dtype() == node.output(0).dtype(); }

constexpr char kCholesky[] = "cholesky", kSolveTriangular[] = "solve_triangular", kSolve[] = "solve",
               kInverse[] = "matrix_inverse", kDet[] = "det", kSlogdet[] = "slogdet", kEigh[] = "eigh",
               kSpdInverse[] = "SPDInverse";
constexpr char kSolveSymbol[] = "kiln_rt_solve", kInverseSymbol[] = "kiln_rt_matrix_inverse",
               kDetSymbol[] = "kiln_rt_det", kSlogdetSymbol[] = "kiln_rt_slogdet", kEighSymbol[] = "kiln_rt_eigh",
               kSpdInverseSymbol[] = "kiln_rt_spd_inverse";

std::vector<Shape> scalar_shapes(const Apply& node, const std::vector<TensorView>& in, std::vector<std::int64_t>&) {
  square_extent(in[0], node.op().name() == "Det" ? kDet : kSlogdet);
  return std::vector<Shape>(node.num_outputs(), Shape{});
}

OpLowering call_lowering(std::string name,
                         std::vector<Shape> (*shapes)(const Apply&, const std::vector<TensorView>&,
                                                      std::vector<std::int64_t>&),
                         void (*emit)(NodeEmitter&), void (*raise)(const NodeError&)) {
  return {.form = Form::node,
          .op_name = std::move(name),
          .shapes = shapes,
          .emit = emit,
          .raise = raise,
          .accepts = &float64_outputs};
}

}  // namespace

void register_linalg_lowerings(LoweringTable& table) {
  table.add<tensor::Cholesky>(
      call_lowering("Cholesky", &square_shapes<kCholesky>, &emit_cholesky, &raise_failure<kCholesky>));
  table.add<tensor::SolveTriangular>(call_lowering("SolveTriangular", &solve_shapes<kSolveTriangular>,
                                                   &emit_solve_triangular, &raise_failure<kSolveTriangular>));
  table.add<tensor::Solve>(
      call_lowering("Solve", &solve_shapes<kSolve>, &emit_call<kSolveSymbol>, &raise_failure<kSolve>));
  table.add<tensor::MatrixInverse>(
      call_lowering("MatrixInverse", &square_shapes<kInverse>, &emit_call<kInverseSymbol>, &raise_failure<kInverse>));
  table.add<tensor::Det>(call_lowering("Det", &scalar_shapes, &emit_call<kDetSymbol>, &raise_failure<kDet>));
  table.add<tensor::SLogDet>(
      call_lowering("SLogDet", &scalar_shapes, &emit_call<kSlogdetSymbol>, &raise_failure<kSlogdet>));
  table.add<tensor::Eigh>(call_lowering("Eigh", &square_shapes<kEigh>, &emit_call<kEighSymbol>, &raise_failure<kEigh>));
  table.add<pm::ops::SPDInverse>(call_lowering("SPDInverse", &square_shapes<kSpdInverse>, &emit_call<kSpdInverseSymbol>,
                                               &raise_failure<kSpdInverse>));
  table.add<tensor::TriangularPart>({.form = Form::node,
                                     .op_name = "TriangularPart",
                                     .shapes = &same_shape,
                                     .emit = &emit_triangular_part,
                                     .accepts = &same_dtype});
  table.add<tensor::ExtractDiag>({.form = Form::node,
                                  .op_name = "ExtractDiag",
                                  .shapes = &diagonal_shape,
                                  .emit = &emit_extract_diag,
                                  .accepts = &same_dtype});
  table.add<tensor::AllocDiag>({.form = Form::node,
                                .op_name = "AllocDiag",
                                .shapes = &diag_matrix_shape,
                                .emit = &emit_alloc_diag,
                                .accepts = &same_dtype});
}

}  // namespace kiln::jit
