// The product family: Dot (vector.vector, matrix.vector, vector.matrix, matrix.matrix) as an
// (m, k) x (k, n) product, a vector being one row on the left and one column on the right.
//   - A float product of one dtype calls BLAS through the runtime entry kiln_rt_dot
//     (jit/runtime/linalg_entries.hpp), which takes any strides;
//   - where the extents are constants (a specialized program) and the product is small (or a
//     matrix-vector product over a matrix with a short side), the code is an inlined loop
//     instead: a BLAS call costs more than such a product, and the loop's order follows the
//     operands' unit strides, so LLVM vectorizes it (sums may be reassociated, as BLAS reorders
//     its sums; products are rounded, not fused);
//   - integer, bool and mixed-dtype products are loops in the output dtype, as the reference:
//     integers accumulate in wrapping int64, a bool product is any(a & b).
#include "jit/lower/emitter.hpp"
#include "jit/lower/families.hpp"
#include "jit/runtime/linalg_entries.hpp"
#include "tensor/dot.hpp"

#include <kiln/errors.hpp>

#include <algorithm>

#include <llvm/IR/Constants.h>
#include <llvm/IR/Module.h>

namespace kiln::jit {
namespace {

using Values = std::vector<llvm::Value*>;

// Largest m * k * n inlined: up to a 64 x 64 gemv; past it BLAS's blocked kernels win.
constexpr std::int64_t kInlineWork = 64 * 64;
// A matrix-vector product whose matrix has a side this short (a regression's handful of
// predictors) is inlined at any length: LLVM vectorizes it along the long side, where BLAS's
// gemv kernels are built for wide rows. Measured on AVX-512 with a design matrix X and both X.v
// and X^T.w in one program: 1000 x 5 in 0.78 us inlined against 2.2 us through OpenBLAS,
// 1000 x 7 1.2 against 2.8 us, 100000 x 5 0.22 against 0.35 ms; from 8 columns BLAS is ahead
// (2000 x 8: 5.9 against 4.1 us).
constexpr std::int64_t kInlineShortSide = 7;

// The reference's shape error (tensor/dot.cpp), before anything runs.
std::vector<Shape> dot_shapes(const Apply&, const std::vector<TensorView>& in, std::vector<std::int64_t>&) {
  const Shape &a = in[0].shape, &b = in[1].shape;
  const std::int64_t k_a = a.back(), k_b = b.front();
  if (k_a != k_b)
    throw ValueError("dot: shapes " + shape_string(a) + " and " + shape_string(b) + " not aligned: " +
                     std::to_string(k_a) + " (dim " + std::to_string(a.size() - 1) + ") != " + std::to_string(k_b) +
                     " (dim 0)");
  Shape shape;
  if (a.size() == 2) shape.push_back(a[0]);
  if (b.size() == 2) shape.push_back(b[1]);
  return {shape};
}

// The product's extents and each operand's strides along (row, column) of its (m, k), (k, n)
// or (m, n) matrix; 0 along an axis a vector lacks.
struct Product {
  llvm::Value *m, *k, *n;
  llvm::Value *a_row, *a_col, *b_row, *b_col, *out_row, *out_col;
};

Product product(NodeEmitter& e) {
  const Operand &a = e.inputs[0], &b = e.inputs[1], &out = e.outputs[0];
  const bool a2 = a.shape.size() == 2, b2 = b.shape.size() == 2;
  Product p{};
  p.m = a2 ? a.shape[0] : e.i64(1);
  p.k = a.shape.back();
  p.n = b2 ? b.shape[1] : e.i64(1);
  p.a_row = a2 ? a.strides[0] : e.i64(0);
  p.a_col = a.strides.back();
  p.b_row = b.strides[0];
  p.b_col = b2 ? b.strides[1] : e.i64(0);
  p.out_row = a2 ? out.strides[0] : e.i64(0);
  p.out_col = b2 ? out.strides.back() : e.i64(0);
  return p;
}

llvm::Value* at(NodeEmitter& e, const Operand& op, llvm::Value* row, llvm::Value* row_stride, llvm::Value* col,
                llvm::Value* col_stride) {
  llvm::Value* offset = e.b.CreateAdd(e.b.CreateMul(row, row_stride), e.b.CreateMul(col, col_stride));
  return e.b.CreateGEP(e.type(op.dtype), op.data, offset);
}

// a[i, q] * b[q, j] in `dtype` (the inputs converted to it first, as the reference's astype).
llvm::Value* term(NodeEmitter& e, const Product& p, DType dtype, llvm::Value* i, llvm::Value* q, llvm::Value* j) {
  const Operand &a = e.inputs[0], &b = e.inputs[1];
  llvm::Value* x = e.b.CreateLoad(e.type(a.dtype), at(e, a, i, p.a_row, q, p.a_col));
  llvm::Value* y = e.b.CreateLoad(e.type(b.dtype), at(e, b, q, p.b_row, j, p.b_col));
  if (is_float(dtype)) return e.b.CreateFMul(e.convert(x, a.dtype, dtype), e.convert(y, b.dtype, dtype));
  return e.b.CreateMul(e.convert(x, a.dtype, DType::int64), e.convert(y, b.dtype, DType::int64));
}

// out[i, j] = sum over q of a[i, q] b[q, j], q innermost, summed in a register.
void emit_inner_sums(NodeEmitter& e, const Product& p) {
  const Operand& out = e.outputs[0];
  const DType acc_dtype = is_float(out.dtype) ? out.dtype : DType::int64;
  llvm::Type* acc_type = e.type(acc_dtype);
  llvm::Function* fn = e.b.GetInsertBlock()->getParent();
  llvm::IRBuilder<> entry(&fn->getEntryBlock(), fn->getEntryBlock().begin());
  llvm::Value* acc = entry.CreateAlloca(acc_type);
  e.loop(p.m, [&](llvm::Value* i) {
    e.loop(p.n, [&](llvm::Value* j) {
      e.b.CreateStore(llvm::Constant::getNullValue(acc_type), acc);
      e.loop(p.k, [&](llvm::Value* q) {
        e.b.CreateStore(e.add(e.b.CreateLoad(acc_type, acc), term(e, p, acc_dtype, i, q, j), acc_dtype), acc);
      });
      llvm::Value* sum = e.convert(e.b.CreateLoad(acc_type, acc), acc_dtype, out.dtype);
      e.b.CreateStore(sum, at(e, out, i, p.out_row, j, p.out_col));
    });
  });
}

// The same sums accumulated in the output, with the loop over the rows (i) or the columns (j)
// innermost: for operands whose unit stride runs along that axis (a transposed matrix, a
// row-major matrix on the right), so each step of q is one vectorized axpy.
void emit_outer_sums(NodeEmitter& e, const Product& p, bool rows_inner) {
  const Operand& out = e.outputs[0];
  llvm::Type* t = e.type(out.dtype);
  llvm::Value* outer_extent = rows_inner ? p.n : p.m;
  llvm::Value* inner_extent = rows_inner ? p.m : p.n;
  e.loop(outer_extent, [&](llvm::Value* o) {
    auto element = [&](llvm::Value* in) {
      return rows_inner ? at(e, out, in, p.out_row, o, p.out_col) : at(e, out, o, p.out_row, in, p.out_col);
    };
    e.loop(inner_extent, [&](llvm::Value* in) { e.b.CreateStore(llvm::Constant::getNullValue(t), element(in)); });
    e.loop(p.k, [&](llvm::Value* q) {
      e.loop(inner_extent, [&](llvm::Value* in) {
        llvm::Value* x = rows_inner ? term(e, p, out.dtype, in, q, o) : term(e, p, out.dtype, o, q, in);
        llvm::Value* target = element(in);
        e.b.CreateStore(e.b.CreateFAdd(e.b.CreateLoad(t, target), x), target);
      });
    });
  });
}

bool is_one(llvm::Value* v) {
  auto* c = llvm::dyn_cast<llvm::ConstantInt>(v);
  return c && c->getSExtValue() == 1;
}

// Extents known now and a product small enough to inline: its work, else -1.
std::int64_t constant_work(const Product& p) {
  std::int64_t work = 1;
  for (llvm::Value* v : {p.m, p.k, p.n}) {
    auto* c = llvm::dyn_cast<llvm::ConstantInt>(v);
    if (!c) return -1;
    work *= c->getSExtValue();
  }
  return work;
}

// A matrix times a vector (either way round), its extents constants, the matrix's shorter
// side at most kInlineShortSide.
bool short_gemv(const NodeEmitter& e, const Product& p) {
  const bool a_matrix = e.inputs[0].shape.size() == 2, b_matrix = e.inputs[1].shape.size() == 2;
  if (a_matrix == b_matrix) return false;
  auto* rows = llvm::dyn_cast<llvm::ConstantInt>(a_matrix ? p.m : p.k);
  auto* cols = llvm::dyn_cast<llvm::ConstantInt>(a_matrix ? p.k : p.n);
  return rows && cols && std::min(rows->getSExtValue(), cols->getSExtValue()) <= kInlineShortSide;
}

void emit_inline(NodeEmitter& e, const Product& p) {
  const Operand& out = e.outputs[0];
  if (!is_float(out.dtype)) return emit_inner_sums(e, p);
  // Sums may be reassociated (vectorized), but each product is rounded before it is added, as
  // the reference's: a fused multiply-add of 3 * -3e38f onto an infinite float32 sum gives inf
  // where the rounded product (-inf) gives NaN (kiln_fuzz --one 1 1921).
  llvm::IRBuilderBase::FastMathFlagGuard guard(e.b);
  llvm::FastMathFlags flags;
  flags.setAllowReassoc();
  e.b.setFastMathFlags(flags);
  const bool b_matrix = e.inputs[1].shape.size() == 2, a_matrix = e.inputs[0].shape.size() == 2;
  if (is_one(p.a_col) && (!b_matrix || is_one(p.b_row))) return emit_inner_sums(e, p);
  if (b_matrix && is_one(p.b_col) && is_one(p.out_col)) return emit_outer_sums(e, p, false);
  if (a_matrix && is_one(p.a_row) && is_one(p.out_row)) return emit_outer_sums(e, p, true);
  emit_inner_sums(e, p);
}

void emit_blas_call(NodeEmitter& e, const Product& p) {
  llvm::IRBuilder<>& b = e.b;
  llvm::Function* fn = b.GetInsertBlock()->getParent();
  llvm::IRBuilder<> entry(&fn->getEntryBlock(), fn->getEntryBlock().begin());
  llvm::Type* i64 = b.getInt64Ty();
  auto* block_type = llvm::ArrayType::get(i64, kDotLayoutSize);
  llvm::Value* layout = entry.CreateAlloca(block_type);
  const Values block{p.m, p.k, p.n, p.a_row, p.a_col, p.b_row, p.b_col, p.out_row, p.out_col};
  for (std::size_t i = 0; i < block.size(); ++i)
    b.CreateStore(block[i], b.CreateConstInBoundsGEP2_64(block_type, layout, 0, i));
  llvm::Type* ptr = b.getPtrTy();
  auto* type = llvm::FunctionType::get(b.getVoidTy(), {ptr, ptr, ptr, ptr, i64}, false);
  llvm::FunctionCallee callee = fn->getParent()->getOrInsertFunction("kiln_rt_dot", type);
  const std::int64_t flags = (e.outputs[0].dtype == DType::float32 ? kDotFloat32 : 0) |
                             (e.inputs[0].shape.size() == 2 ? kDotAMatrix : 0) |
                             (e.inputs[1].shape.size() == 2 ? kDotBMatrix : 0);
  b.CreateCall(callee, {e.outputs[0].data, e.inputs[0].data, e.inputs[1].data, layout, e.i64(flags)});
}

void emit_dot(NodeEmitter& e) {
  const Product p = product(e);
  const DType dtype = e.outputs[0].dtype;
  const bool blas = is_float(dtype) && e.inputs[0].dtype == dtype && e.inputs[1].dtype == dtype;
  const std::int64_t work = constant_work(p);
  if (!blas || (work >= 0 && work <= kInlineWork) || short_gemv(e, p)) return emit_inline(e, p);
  emit_blas_call(e, p);
}

}  // namespace

void register_product_lowerings(LoweringTable& table) {
  table.add<tensor::Dot>({.form = OpLowering::Form::node, .op_name = "Dot", .shapes = &dot_shapes, .emit = &emit_dot});
}

}  // namespace kiln::jit
