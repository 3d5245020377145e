// The lowering of the draws made one batch element at a time (random/rv_batch_draw.hpp): vector
// and matrix draws, the LKJ family, mixtures, AR and GARCH, Censored/Truncated, beta-binomial,
// ZeroSumNormal, CAR, DirichletMultinomial and StickBreakingWeights; and CustomDist's draws.
// The node's code copies the generator state into a local, loops over the batch in C order
// calling each pass's runtime entry (resolved by symbol when the module links) with the state
// pointer, the output element and the params at that batch element (a run of passes repeated
// the BatchDraw's rounds times, a count the host computes), then writes the advanced state to
// next_rng. An entry that refuses its params
// leaves through fail_if; the host then runs the op's check_parameters on the inputs, which
// raises the reference's error (recheck), so the checks' wording lives only in lib/random.
#include "jit/lower/batch_draws.hpp"

#include "jit/lower/emitter.hpp"
#include "jit/lower/families.hpp"
#include "jit/runtime/custom_draw_entry.hpp"
#include "pm/distributions/custom_dist_draw.hpp"
#include "random/rv_batch_draw.hpp"
#include "random/rv_gaussian_fields.hpp"
#include "random/rv_matrix.hpp"
#include "random/rv_multivariate.hpp"
#include "random/rv_op.hpp"
#include "random/rv_pymc.hpp"
#include "random/rv_scalar.hpp"
#include "random/rv_time_series.hpp"

#include <kiln/errors.hpp>

#include <llvm/IR/Module.h>

#include <algorithm>

namespace kiln::jit {
namespace {

using Values = std::vector<llvm::Value*>;

constexpr int kDrawFailed = 1;  // values: the entry's BatchDrawStatus

const random::RandomVariable& rv(const Apply& node) { return static_cast<const random::RandomVariable&>(node.op()); }

// Host side: the state's form, the draw's shape (with the reference's errors), and k.
std::vector<Shape> batch_draw_shapes(const Apply& node, const std::vector<TensorView>& in,
                                     std::vector<std::int64_t>& params) {
  std::vector<Array> values;
  const std::vector<Shape> shapes = draw_node_shapes(node, in, values);
  const random::BatchDraw& passes = *rv(node).batch_draw();
  const int support = passes.support_param;
  params.push_back(support < 0 ? 1 : values[static_cast<std::size_t>(support)].shape().back());
  params.push_back(passes.rounds ? passes.rounds(values) : 0);
  return shapes;
}

void recheck_batch_draw(const Apply& node, const std::vector<TensorView>& in) {
  std::vector<Array> params;
  for (std::size_t p = 3; p < in.size(); ++p) params.push_back(in[p].as_array());
  rv(node).check_parameters(params);
}

// The inputs whose values set the draw's shape: the size and the op's value params.
std::vector<int> batch_draw_value_inputs(const Apply& node) {
  std::vector<int> inputs{1};
  if (const random::BatchDraw* draw = rv(node).batch_draw())
    for (int p : draw->value_params) inputs.push_back(3 + p);
  return inputs;
}

void raise_batch_draw(const NodeError& e) {
  random::raise_draw_failure(rv(*e.node).rv_name(), static_cast<std::int32_t>(e.values[0]), e.values[1]);
}

// Generated code: the draw into `out` (the draw output, or a natural-dtype stand-in for it).
void emit_batch_draw_into(NodeEmitter& e, const Operand& out) {
  const random::RandomVariable& op = rv(e.node);
  const random::BatchDraw& draw = *op.batch_draw();
  llvm::IRBuilder<>& b = e.b;
  llvm::LLVMContext& ctx = b.getContext();
  llvm::Function* fn = b.GetInsertBlock()->getParent();
  llvm::IRBuilder<> entry(&fn->getEntryBlock(), fn->getEntryBlock().begin());
  llvm::Type* i64 = b.getInt64Ty();
  llvm::Type* ptr = b.getPtrTy();

  llvm::Value* state = local_generator_state(e);  // the entries advance it

  // The params block (random::DrawParam each, then the output's): dtype and core strides and
  // extents set once, data per element.
  const std::size_t n = e.inputs.size() - 3;
  auto* param_type = llvm::StructType::get(ctx, {ptr, i64, i64, i64, i64, i64});
  auto* block_type = llvm::ArrayType::get(param_type, n + 1);
  llvm::Value* block = entry.CreateAlloca(block_type);
  auto field = [&](std::size_t p, unsigned f) {
    return b.CreateInBoundsGEP(block_type, block, {b.getInt32(0), b.getInt32(static_cast<unsigned>(p)), b.getInt32(f)});
  };
  llvm::Value* zero = e.i64(0);
  // A dim of extent 1 broadcasts: its stride (and index) count as 0.
  auto broadcast = [&](const Operand& in, std::size_t d, llvm::Value* v) {
    return b.CreateSelect(b.CreateICmpEQ(in.shape[d], e.i64(1)), zero, v);
  };
  for (std::size_t p = 0; p < n; ++p) {
    const Operand& in = e.inputs[3 + p];
    const auto core = static_cast<std::size_t>(op.ndims_params()[p]);
    const std::size_t lead = in.shape.size() - core;
    b.CreateStore(e.i64(static_cast<std::int64_t>(in.dtype)), field(p, 1));
    for (std::size_t c = 0; c < 2; ++c) {
      const auto f = static_cast<unsigned>(c);
      b.CreateStore(c < core ? broadcast(in, lead + c, in.strides[lead + c]) : zero, field(p, 2 + f));
      b.CreateStore(c < core ? in.shape[lead + c] : e.i64(1), field(p, 4 + f));
    }
  }

  const auto support = static_cast<std::size_t>(op.ndim_supp());
  const std::size_t batch_nd = out.shape.size() - support;
  // The output's entry (after the params): the extents and strides of its support dims (a
  // vector's in slot 0, a matrix's rows then columns); its data is set per element.
  b.CreateStore(e.i64(static_cast<std::int64_t>(out.dtype)), field(n, 1));
  for (std::size_t c = 0; c < 2; ++c) {
    const auto f = static_cast<unsigned>(c);
    const bool has = c < support && support <= 2;
    const std::size_t d = out.shape.size() - std::min<std::size_t>(support, 2) + c;
    b.CreateStore(has ? out.strides[d] : zero, field(n, 2 + f));
    b.CreateStore(has ? out.shape[d] : e.i64(1), field(n, 4 + f));
  }
  const Values batch(out.shape.begin(), out.shape.begin() + static_cast<std::ptrdiff_t>(batch_nd));
  llvm::Value* out_stride = support ? out.strides.back() : zero;
  llvm::Value* context = llvm::ConstantExpr::getIntToPtr(
      b.getInt64(reinterpret_cast<std::uintptr_t>(draw.context)), ptr);
  llvm::Value* counter = entry.CreateAlloca(i64);
  auto* type = llvm::FunctionType::get(b.getInt32Ty(), {ptr, ptr, ptr, i64, i64, i64, ptr}, false);
  auto run = [&](const random::BatchDrawPass& pass) {
    llvm::FunctionCallee callee = fn->getParent()->getOrInsertFunction(pass.symbol, type);
    b.CreateStore(zero, counter);
    e.loop_nest(batch, [&](const Values& at) {
      for (std::size_t p = 0; p < n; ++p) {
        const Operand& in = e.inputs[3 + p];
        const std::size_t own = in.shape.size() - static_cast<std::size_t>(op.ndims_params()[p]);
        Values index(in.shape.size(), zero);
        for (std::size_t d = 0; d < own; ++d) index[d] = broadcast(in, d, at[batch_nd - own + d]);
        b.CreateStore(e.element(in, index), field(p, 0));
      }
      Values index = at;
      index.resize(out.shape.size(), zero);
      llvm::Value* position = b.CreateLoad(i64, counter);
      llvm::Value* element = e.element(out, index);
      b.CreateStore(element, field(n, 0));
      llvm::Value* status = b.CreateCall(callee, {state, context, element, out_stride, e.param(0), position, block});
      e.fail_if(b.CreateICmpNE(status, b.getInt32(0)), kDrawFailed, {status, position});
      b.CreateStore(b.CreateAdd(position, e.i64(1)), counter);
    });
  };
  const std::size_t repeat_end = draw.rounds ? draw.repeat_end : draw.repeat_begin;
  for (std::size_t p = 0; p < draw.repeat_begin; ++p) run(draw.passes[p]);
  if (repeat_end > draw.repeat_begin)
    e.loop(e.param(1), [&](llvm::Value*) {
      for (std::size_t p = draw.repeat_begin; p < repeat_end; ++p) run(draw.passes[p]);
    });
  for (std::size_t p = repeat_end; p < draw.passes.size(); ++p) run(draw.passes[p]);
  store_generator_state(e, state);
}

// The entries write the op's natural dtype (float64 or int64); another dtype is converted after
// (emit_draw_in: the passes keep state in the output between them, so the whole draw is made first).
void emit_batch_draw(NodeEmitter& e) {
  const DType natural = is_float(rv(e.node).default_dtype()) ? DType::float64 : DType::int64;
  emit_draw_in(e, natural, [&](const Operand& out) { emit_batch_draw_into(e, out); });
}

// ---- CustomDist: with a draw graph, the graph's values pass through its batch-draw entry; with
// the user's random function (host C++ over whole arrays, custom_dist.cpp), the node's code
// calls kiln_rt_custom_dist_random once per run with the generator state it holds.

constexpr int kCustomRandomFailed = 2;  // the user's function raised: its exception is kept

bool draws_by_batch(const Apply& node) { return rv(node).batch_draw() != nullptr; }

std::vector<Shape> custom_dist_shapes(const Apply& node, const std::vector<TensorView>& in,
                                      std::vector<std::int64_t>& params) {
  if (draws_by_batch(node)) return batch_draw_shapes(node, in, params);
  std::vector<Array> values;
  return draw_node_shapes(node, in, values);
}

void emit_custom_random(NodeEmitter& e) {
  llvm::IRBuilder<>& b = e.b;
  llvm::Function* fn = b.GetInsertBlock()->getParent();
  llvm::Value* state = local_generator_state(e);
  const NodeEmitter::OperandBlocks blocks = e.operand_blocks(e.outputs[1]);
  auto* type = llvm::FunctionType::get(b.getInt32Ty(), {b.getPtrTy(), b.getPtrTy(), b.getPtrTy(), b.getPtrTy()}, false);
  llvm::FunctionCallee callee = fn->getParent()->getOrInsertFunction("kiln_rt_custom_dist_random", type);
  llvm::Value* status = b.CreateCall(callee, {e.node_handle(), state, blocks.pointers, blocks.dims});
  e.fail_if(b.CreateICmpNE(status, b.getInt32(0)), kCustomRandomFailed, {});
  store_generator_state(e, state);
}

void emit_custom_dist(NodeEmitter& e) {
  if (draws_by_batch(e.node))
    emit_batch_draw(e);
  else
    emit_custom_random(e);
}

void raise_custom_dist(const NodeError& e) {
  if (e.code != kCustomRandomFailed) raise_batch_draw(e);
  if (std::exception_ptr failure = take_custom_draw_failure()) std::rethrow_exception(failure);
  throw ValueError(rv(*e.node).rv_name() + ": the random function failed, and left no exception");
}

// A draw graph's values pass through its entries; a random function is called whole.
bool custom_dist_drawable(const Apply& node) { return !draws_by_batch(node) || batch_drawable(node); }

// ICAR has no draws (PyMC's NotImplementedError): its node raises the reference's error on
// the host before any code runs, so its code is empty.
std::vector<Shape> icar_shapes(const Apply&, const std::vector<TensorView>&, std::vector<std::int64_t>&) {
  random::raise_icar_has_no_draws();
}

void emit_nothing(NodeEmitter&) {}

}  // namespace

std::vector<Shape> draw_node_shapes(const Apply& node, const std::vector<TensorView>& in, std::vector<Array>& params) {
  const random::RandomVariable& op = rv(node);
  random::state_from_array(in[0].as_array());  // throws the reference's TypeError for a bad state
  std::vector<Shape> shapes;
  for (std::size_t p = 3; p < in.size(); ++p) {
    shapes.push_back(in[p].shape);
    params.push_back(in[p].as_array());
  }
  op.check_parameter_shapes(shapes);
  return {Shape{6}, op.draw_shape(in[1].as_array().to_vector<std::int64_t>(), params)};
}

llvm::Value* local_generator_state(NodeEmitter& e) {
  llvm::Function* fn = e.b.GetInsertBlock()->getParent();
  llvm::IRBuilder<> entry(&fn->getEntryBlock(), fn->getEntryBlock().begin());
  auto* words = llvm::ArrayType::get(e.b.getInt64Ty(), 6);
  llvm::Value* state = entry.CreateAlloca(words);
  for (int w = 0; w < 6; ++w)
    e.b.CreateStore(e.load(e.inputs[0], {e.i64(w)}), e.b.CreateConstInBoundsGEP2_64(words, state, 0, static_cast<std::uint64_t>(w)));
  return state;
}

void store_generator_state(NodeEmitter& e, llvm::Value* state) {
  auto* words = llvm::ArrayType::get(e.b.getInt64Ty(), 6);
  for (int w = 0; w < 6; ++w)
    e.store(e.outputs[0], {e.i64(w)},
            e.b.CreateLoad(e.b.getInt64Ty(), e.b.CreateConstInBoundsGEP2_64(words, state, 0, static_cast<std::uint64_t>(w))));
}

void emit_draw_in(NodeEmitter& e, DType natural, const std::function<void(const Operand&)>& emit_into) {
  const Operand& out = e.outputs[1];
  if (out.dtype == natural) return emit_into(out);
  llvm::IRBuilder<>& b = e.b;
  Operand scratch{nullptr, natural, out.shape, std::vector<llvm::Value*>(out.shape.size())};
  llvm::Value* stride = e.i64(1);
  for (std::size_t d = out.shape.size(); d-- > 0;) {
    scratch.strides[d] = stride;
    stride = b.CreateMul(stride, out.shape[d]);
  }
  auto* type = llvm::FunctionType::get(b.getPtrTy(), {b.getInt64Ty()}, false);
  llvm::FunctionCallee callee = b.GetInsertBlock()->getModule()->getOrInsertFunction("kiln_rt_draw_scratch", type);
  scratch.data = b.CreateCall(callee, {b.CreateMul(stride, e.i64(8))});
  emit_into(scratch);
  e.copy(out, scratch);
}

bool batch_drawable(const Apply& node) { return rv(node).batch_draw() != nullptr; }

OpLowering batch_draw_lowering(std::string op_name) {
  return {.form = OpLowering::Form::node,
          .op_name = std::move(op_name),
          .shapes = &batch_draw_shapes,
          .emit = &emit_batch_draw,
          .raise = &raise_batch_draw,
          .recheck = &recheck_batch_draw,
          .accepts = &batch_drawable,
          .value_inputs = &batch_draw_value_inputs};
}

// The ops are lib/random's own classes: registered by the type of their instances.
void register_batch_draw_lowerings(LoweringTable& table) {
  auto add = [&](const std::shared_ptr<const random::RandomVariable>& op, const char* name) {
    table.add(std::type_index(typeid(*op)), batch_draw_lowering(name));
  };
  add(random::dirichlet_random_variable(), "DirichletRV");
  add(random::multinomial_random_variable(), "MultinomialRV");
  add(random::categorical_random_variable(), "CategoricalRV");
  add(random::multivariate_normal_random_variable(), "MultivariateNormalRV");
  add(random::normal_mixture_random_variable(), "NormalMixtureRV");
  add(random::censored_random_variable(random::scalar_random_variable("normal")), "BoundedRV");
  add(random::mv_studentt_random_variable(), "MvStudentTRV");
  add(random::wishart_random_variable(), "WishartRV");
  add(random::matrix_normal_random_variable(), "MatrixNormalRV");
  add(random::lkj_corr_random_variable(), "LKJCorrRV");
  add(random::lkj_cholesky_cov_random_variable(), "LKJCholeskyCovRV");
  add(random::ar_random_variable(), "AutoRegressiveRV");
  add(random::garch11_random_variable(), "Garch11RV");
  add(random::mixture_random_variable(2, false, DType::float64), "MixtureRV");
  add(random::zero_sum_normal_random_variable(1), "ZeroSumNormalRV");
  add(random::car_random_variable(), "CARRV");
  add(random::dirichlet_multinomial_random_variable(), "DirichletMultinomialRV");
  add(random::stick_breaking_weights_random_variable(), "StickBreakingWeightsRV");
  table.add(std::type_index(typeid(*random::icar_random_variable())),
            {.form = OpLowering::Form::node, .op_name = "ICARRV", .shapes = &icar_shapes, .emit = &emit_nothing});
  // CustomDist's op is lib/pm's.
  table.add(pm::detail::custom_dist_op_type(), {.form = OpLowering::Form::node,
                                                .op_name = "CustomDistRV",
                                                .shapes = &custom_dist_shapes,
                                                .emit = &emit_custom_dist,
                                                .raise = &raise_custom_dist,
                                                .recheck = &recheck_batch_draw,
                                                .accepts = &custom_dist_drawable,
                                                .value_inputs = &batch_draw_value_inputs});
}

}  // namespace kiln::jit
