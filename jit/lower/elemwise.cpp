// Lowering a KernelSpec to either of its two entry points:
//  - `<name>_flat`: one 1-D loop over n elements, every operand contiguous and full-shape or a
//    static scalar (loaded once, with every node that depends only on scalars, before the
//    loop). LLVM's loop vectorizer turns it into vector code with libmvec calls. A full
//    reduction keeps kLanes independent accumulators per output, filled by an inner loop of
//    kLanes iterations that is an elementwise update (so it vectorizes without fast-math),
//    and combines them in tensor::reduce_in_lanes' order, the reference's.
//  - `<name>_strided`: a loop nest over the broadcast shape reading every operand through its
//    strides. Reductions put the kept axes outside and the reduced axes inside with one
//    accumulator per output (lanes, for a reduction over every axis), which adds in the
//    reference's order.
// Every output of a reducing kernel is reduced with its own kind, as the single-output kernel
// of that output would reduce it (same accumulators, same order: the same bits).
// Each entry unpacks the pointer array and calls an internal function whose pointer
// parameters are `noalias`, so the loops need no runtime alias checks.
#include "jit/lower/lower.hpp"

#include "jit/lower/random.hpp"
#include "jit/lower/reduce_lanes.hpp"
#include "jit/lower/scalar_ops.hpp"

#include <kiln/errors.hpp>

#include <llvm/IR/Function.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/MDBuilder.h>
#include <llvm/IR/Module.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>

namespace kiln::jit {
namespace {

using llvm::Value;
using tensor::ReduceKind;

constexpr std::int64_t kLanes = tensor::kReduceLanes;

class KernelLowering {
 public:
  KernelLowering(const KernelSpec& spec, llvm::Module& module)
      : spec_(spec), module_(module), b_(module.getContext()), scalar_(b_, module) {}

  void emit(const std::string& name, KernelVariant variant) { emit_entry(name, emit_body(name + "_body", variant)); }

  llvm::Function* emit_body(const std::string& name, KernelVariant variant) {
    // Gathered operands index by the flat position; the strided loops have none.
    bool flat_only = spec_.reduce && std::find(spec_.reduce->stored.begin(), spec_.reduce->stored.end(), true) !=
                                         spec_.reduce->stored.end();
    for (const auto& in : spec_.inputs) flat_only = flat_only || in.gather_by >= 0;
    flat_only = flat_only || spec_.has_scatters();
    if (flat_only && variant != KernelVariant::flat)
      throw CompileError("jit: a kernel with gathered operands, stored or scattered outputs has no strided variant (" +
                         name + ")");
    return variant == KernelVariant::flat ? emit_flat(name) : emit_strided(name);
  }

 private:
  std::size_t num_outputs() const { return spec_.outputs.size(); }
  std::size_t num_operands() const { return spec_.outputs.size() + spec_.inputs.size(); }
  Value* out_ptr(std::size_t o) const { return body_fn_->getArg(static_cast<unsigned>(o)); }
  Value* in_ptr(std::size_t k) const { return body_fn_->getArg(static_cast<unsigned>(num_outputs() + k)); }
  Value* dims_ptr() const { return body_fn_->getArg(static_cast<unsigned>(num_operands())); }
  Value* i64(std::int64_t v) { return b_.getInt64(static_cast<std::uint64_t>(v)); }

  // void body(ptr noalias out..., ptr noalias in..., ptr noalias dims)
  llvm::Function* begin_body(const std::string& name) {
    std::vector<llvm::Type*> params(num_operands() + 1, b_.getPtrTy());
    auto* type = llvm::FunctionType::get(b_.getVoidTy(), params, false);
    auto* fn = llvm::Function::Create(type, llvm::Function::InternalLinkage, name, module_);
    for (unsigned k = 0; k < params.size(); ++k) {
      fn->addParamAttr(k, llvm::Attribute::NoAlias);
      fn->addParamAttr(k, llvm::Attribute::NoCapture);
      if (k >= num_outputs() && (k == num_operands() || !spec_.inputs[k - num_outputs()].state))
        fn->addParamAttr(k, llvm::Attribute::ReadOnly);  // inputs other than draw states, and dims
    }
    fn->addFnAttr(llvm::Attribute::NoUnwind);
    body_fn_ = fn;
    b_.SetInsertPoint(llvm::BasicBlock::Create(module_.getContext(), "entry", fn));
    return fn;
  }

  Value* load_dim(std::int64_t i) {
    return b_.CreateLoad(b_.getInt64Ty(), b_.CreateConstInBoundsGEP1_64(b_.getInt64Ty(), dims_ptr(), static_cast<std::uint64_t>(i)));
  }

  // What a loop's metadata asks of the optimizer.
  enum class LoopHint {
    none,
    // The reduction lanes: no unrolling before the vectorizer; the vectorized loop (a few
    // iterations) is then fully unrolled, so SROA keeps the accumulators in registers.
    lanes,
  };

  // for (i = 0; i < n; ++i) body(i);
  void for_loop(Value* n, const std::function<void(Value*)>& body, LoopHint hint = LoopHint::none) {
    auto& ctx = module_.getContext();
    llvm::Function* fn = b_.GetInsertBlock()->getParent();
    llvm::BasicBlock* pre = b_.GetInsertBlock();
    auto* header = llvm::BasicBlock::Create(ctx, "loop", fn);
    auto* inner = llvm::BasicBlock::Create(ctx, "body", fn);
    auto* exit = llvm::BasicBlock::Create(ctx, "exit", fn);
    b_.CreateBr(header);
    b_.SetInsertPoint(header);
    llvm::PHINode* i = b_.CreatePHI(b_.getInt64Ty(), 2, "i");
    i->addIncoming(i64(0), pre);
    b_.CreateCondBr(b_.CreateICmpSLT(i, n), inner, exit);
    b_.SetInsertPoint(inner);
    body(i);
    Value* next = b_.CreateAdd(i, i64(1), "", true, true);
    auto* latch = b_.CreateBr(header);
    i->addIncoming(next, b_.GetInsertBlock());
    if (hint == LoopHint::lanes) latch->setMetadata(llvm::LLVMContext::MD_loop, lanes_loop_metadata());
    b_.SetInsertPoint(exit);
  }

  llvm::MDNode* lanes_loop_metadata() {
    auto& ctx = module_.getContext();
    auto md = [&](const char* s) { return llvm::MDString::get(ctx, s); };
    auto* self = llvm::MDNode::getTemporary(ctx, {}).release();
    auto* disable = llvm::MDNode::get(ctx, {md("llvm.loop.unroll.disable")});
    auto* then_unroll = llvm::MDNode::get(
        ctx, {md("llvm.loop.vectorize.followup_vectorized"), llvm::MDNode::get(ctx, {md("llvm.loop.unroll.full")})});
    auto* loop_id = llvm::MDNode::getDistinct(ctx, {self, disable, then_unroll});
    loop_id->replaceOperandWith(0, loop_id);
    llvm::MDNode::deleteTemporary(self);
    return loop_id;
  }

  // Evaluates the scalar graph; `values` holds precomputed references (inputs, hoisted nodes),
  // `input(k)` loads input k when it is not there.
  std::vector<ScalarValue> evaluate(std::vector<std::optional<ScalarValue>> values,
                                    const std::function<ScalarValue(std::size_t)>& input) {
    std::size_t n_in = spec_.inputs.size();
    auto ref = [&](int r) -> ScalarValue {
      auto& slot = values[static_cast<std::size_t>(r)];
      if (!slot) slot = input(static_cast<std::size_t>(r));  // only inputs are loaded lazily
      return *slot;
    };
    for (std::size_t i = 0; i < spec_.nodes.size(); ++i) {
      if (values[n_in + i]) continue;
      const KernelNode& node = spec_.nodes[i];
      std::vector<ScalarValue> args;
      std::vector<DType> dtypes;
      for (std::size_t k = node.draw ? 1 : 0; k < node.args.size(); ++k) {
        args.push_back(ref(node.args[k]));
        dtypes.push_back(spec_.ref_dtype(node.args[k]));
        // The samplers take doubles (a float32 param is widened exactly).
        if (node.draw && !args.back().integer) args.back().value = scalar_.to_double(args.back(), dtypes.back());
      }
      values[n_in + i] = node.draw ? lower_draw(b_, module_, node, in_ptr(static_cast<std::size_t>(node.args[0])), args, dtypes)
                                   : scalar_.node(node, args, dtypes);
    }
    std::vector<ScalarValue> outs;
    for (int o : spec_.outputs) outs.push_back(ref(o));
    return outs;
  }

  bool input_integer(std::size_t k) const {
    // An input read by an integer node is loaded as int64 (Elemwise's integer path), and so is
    // one a draw takes as an int64 param (exact beyond 2^53).
    for (const auto& node : spec_.nodes)
      for (std::size_t j = 0; j < node.args.size(); ++j)
        if (static_cast<std::size_t>(node.args[j]) == k &&
            (node.integer || (node.draw && j > 0 && draw_param_integer(node, j - 1) && is_integer(spec_.inputs[k].dtype))))
          return true;
    return false;
  }

  ScalarValue load_input(std::size_t k, Value* index) {
    const KernelOperand& in = spec_.inputs[k];
    if (in.gather_by >= 0) {  // table[rows[index]]
      Value* at =
          b_.CreateLoad(b_.getInt64Ty(),
                        b_.CreateInBoundsGEP(b_.getInt64Ty(), in_ptr(static_cast<std::size_t>(in.gather_by)), index));
      if (in.gather_wrap > 0)
        at = b_.CreateSelect(b_.CreateICmpSLT(at, i64(0)), b_.CreateAdd(at, i64(in.gather_wrap)), at);
      if (in.gather_stride != 1) at = b_.CreateMul(at, i64(in.gather_stride));
      index = at;
    }
    return scalar_.load(in_ptr(k), index, spec_.inputs[k].dtype, input_integer(k));
  }

  // The references computable before the loop: static-scalar inputs and nodes over them.
  std::vector<std::optional<ScalarValue>> hoisted() {
    std::size_t n_in = spec_.inputs.size();
    std::vector<std::optional<ScalarValue>> values(n_in + spec_.nodes.size());
    std::vector<bool> invariant(values.size(), false);
    for (std::size_t k = 0; k < n_in; ++k) {
      if (!spec_.inputs[k].scalar || spec_.inputs[k].state) continue;
      values[k] = load_input(k, i64(0));
      invariant[k] = true;
    }
    for (std::size_t i = 0; i < spec_.nodes.size(); ++i) {
      const KernelNode& node = spec_.nodes[i];
      bool inv = !node.draw;  // each element draws anew
      for (int a : node.args) inv = inv && invariant[static_cast<std::size_t>(a)];
      if (!inv) continue;
      std::vector<ScalarValue> args;
      std::vector<DType> dtypes;
      for (int a : node.args) {
        args.push_back(*values[static_cast<std::size_t>(a)]);
        dtypes.push_back(spec_.ref_dtype(a));
      }
      values[n_in + i] = scalar_.node(node, args, dtypes);
      invariant[n_in + i] = true;
    }
    return values;
  }

  ReduceKind reduce_kind(std::size_t o) const { return spec_.reduce->kinds[o]; }

  Value* reduce_identity(std::size_t o) {
    return llvm::ConstantFP::get(scalar_.f64(), tensor::reduce_identity(reduce_kind(o)));
  }

  // The accumulated value of output o, or +0.0 for a sum over nothing (a sum starts from -0.0,
  // so that the sum of [-0.0] is -0.0, as NumPy's).
  Value* reduced_result(std::size_t o, Value* acc, Value* empty) {
    if (reduce_kind(o) != ReduceKind::sum) return acc;
    return b_.CreateSelect(empty, llvm::ConstantFP::get(scalar_.f64(), 0.0), acc);
  }

  // tensor::reduce_combine, on doubles (or vectors of them, lane by lane), for output o.
  Value* combine(std::size_t o, Value* acc, Value* v) {
    auto& b = b_;
    Value* zero = llvm::ConstantFP::get(acc->getType(), 0.0);
    auto to_double = [&](Value* flag) { return b.CreateUIToFP(flag, acc->getType()); };
    switch (reduce_kind(o)) {
      case ReduceKind::sum: return b.CreateFAdd(acc, v);
      case ReduceKind::prod: return b.CreateFMul(acc, v);
      case ReduceKind::max: return b.CreateSelect(b.CreateOr(b.CreateFCmpUNO(v, v), b.CreateFCmpOGT(v, acc)), v, acc);
      case ReduceKind::min: return b.CreateSelect(b.CreateOr(b.CreateFCmpUNO(v, v), b.CreateFCmpOLT(v, acc)), v, acc);
      case ReduceKind::all: return to_double(b.CreateAnd(b.CreateFCmpUNE(acc, zero), b.CreateFCmpUNE(v, zero)));
      case ReduceKind::any: return to_double(b.CreateOr(b.CreateFCmpUNE(acc, zero), b.CreateFCmpUNE(v, zero)));
    }
    return acc;
  }

  Value* reduced_value(const std::vector<ScalarValue>& outs, std::size_t o) {
    return scalar_.to_double(outs[o], spec_.output_dtypes[o]);
  }

  // A double accumulator in the entry block (so SROA can promote it), or an array of `count`.
  llvm::AllocaInst* entry_alloca(llvm::Function* fn, const char* name, std::int64_t count = 0) {
    llvm::IRBuilder<> entry_builder(&fn->getEntryBlock(), fn->getEntryBlock().begin());
    llvm::Type* type = scalar_.f64();
    if (count > 0) type = llvm::ArrayType::get(type, static_cast<std::uint64_t>(count));
    return entry_builder.CreateAlloca(type, nullptr, name);
  }

  llvm::Function* emit_flat(const std::string& name) {
    llvm::Function* fn = begin_body(name);
    Value* n = load_dim(0);
    auto pre = hoisted();
    auto element = [&](Value* i) {
      return evaluate(pre, [&](std::size_t k) { return load_input(k, i); });
    };
    if (!spec_.reduce && !spec_.has_scatters()) {
      for_loop(n, [&](Value* i) {
        auto outs = element(i);
        for (std::size_t o = 0; o < outs.size(); ++o) scalar_.store(outs[o], out_ptr(o), i, spec_.output_dtypes[o]);
      });
    } else {
      emit_flat_blocks(fn, n, element);
    }
    b_.CreateRetVoid();
    return fn;
  }

  // Whether output o is written element by element (stored or scattered), not reduced.
  bool elementwise(std::size_t o) const { return !spec_.reduce || spec_.reduce->is_stored(o); }

  // out[rows[i]] += value for a scattered output o.
  void scatter_add(std::size_t o, Value* value, Value* i) {
    const KernelScatter& s = spec_.scatters[o];
    Value* row = b_.CreateLoad(b_.getInt64Ty(),
                               b_.CreateInBoundsGEP(b_.getInt64Ty(), in_ptr(static_cast<std::size_t>(s.rows)), i));
    if (s.wrap > 0) row = b_.CreateSelect(b_.CreateICmpSLT(row, i64(0)), b_.CreateAdd(row, i64(s.wrap)), row);
    Value* at = b_.CreateInBoundsGEP(scalar_.f64(), out_ptr(o), row);
    b_.CreateStore(b_.CreateFAdd(b_.CreateLoad(scalar_.f64(), at), value), at);
  }

  // The loop in blocks of kLanes elements, for reductions and scattered outputs. Per reduced
  // output o: lanes[o][l] accumulates elements l, l + kLanes, ... of the whole blocks; the
  // lanes then combine by halving into tails[o], which goes on through the remaining elements
  // one by one (tensor::reduce_in_lanes' order). The lanes are only indexed by the vectorized
  // inner loop, so once it is unrolled they live in registers. A scattered output's block of
  // values is kept in its own lanes and added into its rows by a second, scalar loop over the
  // block (additions to one row may collide, so they stay in element order, and apart from the
  // vectorized loop). Each element is evaluated once for all outputs (their shared nodes too).
  void emit_flat_blocks(llvm::Function* fn, Value* n, const std::function<std::vector<ScalarValue>(Value*)>& element) {
    std::vector<Value*> lanes, tails, scattered(num_outputs(), nullptr);
    for (std::size_t o = 0; o < num_outputs(); ++o) {
      if (spec_.scatters_output(o)) {
        llvm::AllocaInst* block = entry_alloca(fn, "scattered", kLanes);
        block->setAlignment(llvm::Align(64));
        scattered[o] = block;
      }
      if (elementwise(o)) {
        lanes.push_back(nullptr);
        tails.push_back(nullptr);
        continue;
      }
      llvm::AllocaInst* array = entry_alloca(fn, "lanes", kLanes);
      array->setAlignment(llvm::Align(64));
      lanes.push_back(array);
      tails.push_back(entry_alloca(fn, "tail"));
    }
    auto lane_ptr = [&](std::size_t o, Value* l) { return b_.CreateInBoundsGEP(scalar_.f64(), lanes[o], l); };
    // Combines element i of output o into the accumulator at acc[o], for every reduced o; a
    // stored output is written at i; a scattered one is kept at lane l of its block (l given)
    // or added into its row.
    auto accumulate = [&](const std::vector<Value*>& acc, Value* i, Value* l) {
      auto outs = element(i);
      for (std::size_t o = 0; o < num_outputs(); ++o) {
        if (spec_.scatters_output(o)) {
          Value* value = scalar_.to_double(outs[o], spec_.output_dtypes[o]);
          if (l)
            b_.CreateStore(value, b_.CreateInBoundsGEP(scalar_.f64(), scattered[o], l));
          else
            scatter_add(o, value, i);
        } else if (elementwise(o)) {
          scalar_.store(outs[o], out_ptr(o), i, spec_.output_dtypes[o]);
        } else {
          b_.CreateStore(combine(o, b_.CreateLoad(scalar_.f64(), acc[o]), reduced_value(outs, o)), acc[o]);
        }
      }
    };
    for (std::size_t o = 0; o < num_outputs(); ++o) {
      if (elementwise(o)) continue;
      for (std::int64_t l = 0; l < kLanes; ++l) b_.CreateStore(reduce_identity(o), lane_ptr(o, i64(l)));
    }
    Value* blocks = b_.CreateUDiv(n, i64(kLanes));
    for_loop(blocks, [&](Value* block) {
      Value* base = b_.CreateMul(block, i64(kLanes));
      auto lane = [&](Value* l) {
        std::vector<Value*> acc;
        for (std::size_t o = 0; o < num_outputs(); ++o) acc.push_back(elementwise(o) ? nullptr : lane_ptr(o, l));
        accumulate(acc, b_.CreateAdd(base, l), l);
      };
      for_loop(i64(kLanes), lane, LoopHint::lanes);
      if (!spec_.has_scatters()) return;
      for_loop(i64(kLanes), [&](Value* l) {
        for (std::size_t o = 0; o < num_outputs(); ++o)
          if (spec_.scatters_output(o))
            scatter_add(o, b_.CreateLoad(scalar_.f64(), b_.CreateInBoundsGEP(scalar_.f64(), scattered[o], l)),
                        b_.CreateAdd(base, l));
      });
    });
    for (std::size_t o = 0; o < num_outputs(); ++o) {
      if (elementwise(o)) continue;
      Value* v = b_.CreateLoad(llvm::FixedVectorType::get(scalar_.f64(), kLanes), lane_ptr(o, i64(0)));
      b_.CreateStore(combine_lanes(b_, v, [&](Value* a, Value* x) { return combine(o, a, x); }), tails[o]);
    }
    Value* done = b_.CreateMul(blocks, i64(kLanes));
    for_loop(b_.CreateSub(n, done), [&](Value* l) { accumulate(tails, b_.CreateAdd(done, l), nullptr); });
    for (std::size_t o = 0; o < num_outputs(); ++o) {
      if (elementwise(o)) continue;
      Value* acc = reduced_result(o, b_.CreateLoad(scalar_.f64(), tails[o]), b_.CreateICmpEQ(n, i64(0)));
      scalar_.store({acc, false}, out_ptr(o), i64(0), spec_.output_dtypes[o]);
    }
  }

  llvm::Function* emit_strided(const std::string& name) {
    llvm::Function* fn = begin_body(name);
    const auto nd = static_cast<std::size_t>(spec_.ndim);
    std::vector<Value*> shape(nd);
    std::vector<std::vector<Value*>> strides(num_operands(), std::vector<Value*>(nd));
    for (std::size_t d = 0; d < nd; ++d) shape[d] = load_dim(static_cast<std::int64_t>(d));
    for (std::size_t k = 0; k < num_operands(); ++k)
      for (std::size_t d = 0; d < nd; ++d) strides[k][d] = load_dim(static_cast<std::int64_t>(nd * (1 + k) + d));

    // Axis order: kept axes outside, reduced axes inside (all axes kept without a reduction).
    std::vector<std::size_t> order;
    for (int pass = 0; pass < 2; ++pass)
      for (std::size_t d = 0; d < nd; ++d)
        if ((spec_.reduce && spec_.reduce->axes[d]) == (pass == 1)) order.push_back(d);
    std::size_t kept = 0;
    while (kept < order.size() && !(spec_.reduce && spec_.reduce->axes[order[kept]])) ++kept;
    Value* empty = b_.getFalse();  // some reduced axis has length 0
    for (std::size_t i = kept; i < order.size(); ++i) empty = b_.CreateOr(empty, b_.CreateICmpEQ(shape[order[i]], i64(0)));

    std::vector<llvm::AllocaInst*> acc;  // per output
    if (spec_.reduce)
      for (std::size_t o = 0; o < num_outputs(); ++o) acc.push_back(entry_alloca(fn, "acc"));
    // A reduction over every axis adds in the reference's lanes, as the flat loop does.
    std::vector<std::optional<LaneReduction>> lanes(num_outputs());
    std::vector<Value*> offsets(num_operands(), i64(0));
    std::function<void(std::size_t)> level = [&](std::size_t depth) {
      if (spec_.reduce && depth == kept) {
        Value* count = i64(1);
        if (kept == 0)
          for (std::size_t d = 0; d < nd; ++d) count = b_.CreateMul(count, shape[d]);
        for (std::size_t o = 0; o < num_outputs(); ++o) {
          if (kept == 0)
            lanes[o].emplace(b_, count, reduce_identity(o), [this, o](Value* a, Value* v) { return combine(o, a, v); });
          else
            b_.CreateStore(reduce_identity(o), acc[o]);
        }
      }
      if (depth == order.size()) {
        auto outs = evaluate(std::vector<std::optional<ScalarValue>>(spec_.inputs.size() + spec_.nodes.size()),
                             [&](std::size_t k) { return load_input(k, offsets[num_outputs() + k]); });
        if (spec_.reduce) {
          for (std::size_t o = 0; o < num_outputs(); ++o) {
            if (lanes[o])
              lanes[o]->add(reduced_value(outs, o));
            else
              b_.CreateStore(combine(o, b_.CreateLoad(scalar_.f64(), acc[o]), reduced_value(outs, o)), acc[o]);
          }
        } else {
          for (std::size_t o = 0; o < outs.size(); ++o) scalar_.store(outs[o], out_ptr(o), offsets[o], spec_.output_dtypes[o]);
        }
      } else {
        std::size_t d = order[depth];
        for_loop(shape[d], [&](Value* i) {
          std::vector<Value*> saved = offsets;
          for (std::size_t k = 0; k < num_operands(); ++k) offsets[k] = b_.CreateAdd(offsets[k], b_.CreateMul(i, strides[k][d]));
          level(depth + 1);
          offsets = saved;
        });
      }
      if (spec_.reduce && depth == kept)
        for (std::size_t o = 0; o < num_outputs(); ++o) {
          Value* total = lanes[o] ? lanes[o]->finish() : b_.CreateLoad(scalar_.f64(), acc[o]);
          scalar_.store({reduced_result(o, total, empty), false}, out_ptr(o), offsets[o], spec_.output_dtypes[o]);
        }
    };
    level(0);
    b_.CreateRetVoid();
    return fn;
  }

  // void name(ptr pointers, ptr dims): the KernelFn ABI.
  void emit_entry(const std::string& name, llvm::Function* body) {
    auto* type = llvm::FunctionType::get(b_.getVoidTy(), {b_.getPtrTy(), b_.getPtrTy()}, false);
    auto* fn = llvm::Function::Create(type, llvm::Function::ExternalLinkage, name, module_);
    fn->addFnAttr(llvm::Attribute::NoUnwind);
    b_.SetInsertPoint(llvm::BasicBlock::Create(module_.getContext(), "entry", fn));
    std::vector<Value*> args;
    for (std::size_t k = 0; k < num_operands(); ++k)
      args.push_back(b_.CreateLoad(b_.getPtrTy(), b_.CreateConstInBoundsGEP1_64(b_.getPtrTy(), fn->getArg(0), k)));
    args.push_back(fn->getArg(1));
    b_.CreateCall(body, args);
    b_.CreateRetVoid();
  }

  const KernelSpec& spec_;
  llvm::Module& module_;
  llvm::IRBuilder<> b_;
  ScalarEmitter scalar_;
  llvm::Function* body_fn_ = nullptr;
};

}  // namespace

void lower_kernel(const KernelSpec& spec, llvm::Module& module, const std::string& name, KernelVariant variant) {
  KernelLowering(spec, module).emit(name, variant);
}

llvm::Function* lower_kernel_body(const KernelSpec& spec, llvm::Module& module, const std::string& name,
                                  KernelVariant variant) {
  return KernelLowering(spec, module).emit_body(name, variant);
}

}  // namespace kiln::jit
