// The lowering of the draws made one batch element at a time (random/rv_batch_draw.hpp): vector
// draws, Censored/Truncated, beta-binomial. The node's code copies the generator state into a
// local, loops over the batch in C order calling each pass's runtime entry (resolved by symbol
// when the module links) with the state pointer, the output element and the params at that
// batch element, then writes the advanced state to next_rng. An entry that refuses its params
// leaves through fail_if; the host then runs the op's check_parameters on the inputs, which
// raises the reference's error (recheck), so the checks' wording lives only in lib/random.
#include "jit/lower/batch_draws.hpp"

#include "jit/lower/emitter.hpp"
#include "jit/lower/families.hpp"
#include "random/rv_batch_draw.hpp"
#include "random/rv_multivariate.hpp"
#include "random/rv_op.hpp"
#include "random/rv_pymc.hpp"
#include "random/rv_scalar.hpp"

#include <kiln/errors.hpp>

#include <llvm/IR/Module.h>

namespace kiln::jit {
namespace {

using Values = std::vector<llvm::Value*>;

constexpr int kDrawFailed = 1;  // values: the entry's BatchDrawStatus

const random::RandomVariable& rv(const Apply& node) { return static_cast<const random::RandomVariable&>(node.op()); }

// Host side: the state's form, the draw's shape (with the reference's errors), and k.
std::vector<Shape> batch_draw_shapes(const Apply& node, const std::vector<TensorView>& in,
                                     std::vector<std::int64_t>& params) {
  const random::RandomVariable& op = rv(node);
  random::state_from_array(in[0].as_array());  // throws the reference's TypeError for a bad state
  std::vector<Shape> shapes;
  std::vector<Array> values;
  for (std::size_t p = 3; p < in.size(); ++p) {
    shapes.push_back(in[p].shape);
    values.push_back(in[p].as_array());
  }
  op.check_parameter_shapes(shapes);
  const Shape draw = op.draw_shape(in[1].as_array().to_vector<std::int64_t>(), values);
  const int support = op.batch_draw()->support_param;
  params.push_back(support < 0 ? 1 : shapes[static_cast<std::size_t>(support)].back());
  return {Shape{6}, draw};
}

void recheck_batch_draw(const Apply& node, const std::vector<TensorView>& in) {
  std::vector<Array> params;
  for (std::size_t p = 3; p < in.size(); ++p) params.push_back(in[p].as_array());
  rv(node).check_parameters(params);
}

void raise_batch_draw(const NodeError& e) {
  const std::string& name = rv(*e.node).rv_name();
  if (e.values[0] == random::draw_no_convergence)
    throw ValueError(name + ": truncation did not converge in 10000 steps");
  throw ValueError(name + ": the draw's parameters were refused, and check_parameters found no fault");
}

// Generated code.
void emit_batch_draw(NodeEmitter& e) {
  const random::RandomVariable& op = rv(e.node);
  const random::BatchDraw& draw = *op.batch_draw();
  llvm::IRBuilder<>& b = e.b;
  llvm::LLVMContext& ctx = b.getContext();
  llvm::Function* fn = b.GetInsertBlock()->getParent();
  llvm::IRBuilder<> entry(&fn->getEntryBlock(), fn->getEntryBlock().begin());
  llvm::Type* i64 = b.getInt64Ty();
  llvm::Type* ptr = b.getPtrTy();

  // The state: a local copy of the rng's six words, which the entries advance.
  auto* words = llvm::ArrayType::get(i64, 6);
  llvm::Value* state = entry.CreateAlloca(words);
  auto word = [&](int w) { return b.CreateConstInBoundsGEP2_64(words, state, 0, static_cast<std::uint64_t>(w)); };
  for (int w = 0; w < 6; ++w) b.CreateStore(e.load(e.inputs[0], {e.i64(w)}), word(w));

  // The params block (random::DrawParam each): dtype and core strides set once, data per element.
  const std::size_t n = e.inputs.size() - 3;
  auto* param_type = llvm::StructType::get(ctx, {ptr, i64, i64, i64});
  auto* block_type = llvm::ArrayType::get(param_type, n);
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
    for (std::size_t c = 0; c < 2; ++c)
      b.CreateStore(c < core ? broadcast(in, lead + c, in.strides[lead + c]) : zero, field(p, 2 + static_cast<unsigned>(c)));
  }

  const Operand& out = e.outputs[1];
  const auto support = static_cast<std::size_t>(op.ndim_supp());
  const std::size_t batch_nd = out.shape.size() - support;
  const Values batch(out.shape.begin(), out.shape.begin() + static_cast<std::ptrdiff_t>(batch_nd));
  llvm::Value* out_stride = support ? out.strides.back() : zero;
  llvm::Value* context = llvm::ConstantExpr::getIntToPtr(
      b.getInt64(reinterpret_cast<std::uintptr_t>(draw.context)), ptr);
  llvm::Value* counter = entry.CreateAlloca(i64);
  auto* type = llvm::FunctionType::get(b.getInt32Ty(), {ptr, ptr, ptr, i64, i64, i64, ptr}, false);
  for (const auto& pass : draw.passes) {
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
      llvm::Value* status =
          b.CreateCall(callee, {state, context, e.element(out, index), out_stride, e.param(0), position, block});
      e.fail_if(b.CreateICmpNE(status, b.getInt32(0)), kDrawFailed, {status});
      b.CreateStore(b.CreateAdd(position, e.i64(1)), counter);
    });
  }
  for (int w = 0; w < 6; ++w) e.store(e.outputs[0], {e.i64(w)}, b.CreateLoad(i64, word(w)));
}

}  // namespace

bool batch_drawable(const Apply& node) {
  const random::RandomVariable& op = rv(node);
  const DType natural = is_float(op.default_dtype()) ? DType::float64 : DType::int64;
  return op.batch_draw() && node.inputs()[1].is_constant() && node.output(1).dtype() == natural;
}

OpLowering batch_draw_lowering(std::string op_name) {
  return {.form = OpLowering::Form::node,
          .op_name = std::move(op_name),
          .shapes = &batch_draw_shapes,
          .emit = &emit_batch_draw,
          .raise = &raise_batch_draw,
          .recheck = &recheck_batch_draw,
          .accepts = &batch_drawable};
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
}

}  // namespace kiln::jit
