// RandomWalk (random/rv_time_series.hpp): a series that draws nothing itself, the cumulative
// sum along its time axis of init and the innovations, which other draws made. Its code is that
// sum, for a support of any rank (a scalar, vector or matrix walk): the first step copies init,
// then each later step adds its innovation to the one before, in the reference's order, so the
// values are its bits. The generator passes through unchanged.
#include "jit/lower/emitter.hpp"
#include "jit/lower/families.hpp"
#include "jit/lower/batch_draws.hpp"
#include "random/rv_op.hpp"
#include "random/rv_time_series.hpp"

#include <kiln/errors.hpp>

namespace kiln::jit {
namespace {

using Values = std::vector<llvm::Value*>;

const random::RandomVariable& rv(const Apply& node) { return static_cast<const random::RandomVariable&>(node.op()); }

std::vector<Shape> random_walk_shapes(const Apply& node, const std::vector<TensorView>& in, std::vector<std::int64_t>&) {
  std::vector<Array> values;
  return draw_node_shapes(node, in, values);
}

// The index into `param` (its batch dims aligned right with the output's, broadcast where they
// are 1; then its core dims) for the output index `at` with the time axis replaced by `time`
// (or dropped for init, whose core is the support alone).
Values param_index(NodeEmitter& e, const Operand& param, std::size_t core, const Values& at, std::size_t time_axis,
                   llvm::Value* time) {
  Values index(param.shape.size());
  const std::size_t lead = param.shape.size() - core;
  for (std::size_t d = 0; d < lead; ++d) {
    llvm::Value* i = at[time_axis - lead + d];
    index[d] = e.b.CreateSelect(e.b.CreateICmpEQ(param.shape[d], e.i64(1)), e.i64(0), i);
  }
  for (std::size_t c = 0; c < core; ++c) {
    const std::size_t axis = time ? time_axis + c : time_axis + 1 + c;  // init's core: the support
    index[lead + c] = (time && c == 0) ? time : at[axis];
  }
  return index;
}

void emit_random_walk_into(NodeEmitter& e, const Operand& out) {
  const Operand &init = e.inputs[3], &innovations = e.inputs[4];
  const auto support = static_cast<std::size_t>(rv(e.node).ndim_supp()) - 1;  // the innovations' own
  const std::size_t time_axis = out.shape.size() - support - 1;
  for (int w = 0; w < 6; ++w) e.store(e.outputs[0], {e.i64(w)}, e.load(e.inputs[0], {e.i64(w)}));
  // Step 0: init.
  Values first = out.shape;
  first[time_axis] = e.i64(1);
  e.loop_nest(first, [&](const Values& at) {
    e.store(out, at, e.convert(e.load(init, param_index(e, init, support, at, time_axis, nullptr)), init.dtype, out.dtype));
  });
  // Steps 1..T-1: the step before plus innovation t - 1.
  Values rest = out.shape;
  rest[time_axis] = e.b.CreateSub(out.shape[time_axis], e.i64(1));
  e.loop_nest(rest, [&](const Values& at) {
    Values before = at, now = at;
    now[time_axis] = e.b.CreateAdd(at[time_axis], e.i64(1));
    llvm::Value* step = e.convert(e.load(innovations, param_index(e, innovations, support + 1, at, time_axis, at[time_axis])),
                                  innovations.dtype, out.dtype);
    e.store(out, now, e.b.CreateFAdd(e.load(out, before), step));
  });
}

// Summed in float64 (the reference's dtype), then converted when another dtype is asked for.
void emit_random_walk(NodeEmitter& e) {
  emit_draw_in(e, DType::float64, [&](const Operand& out) { emit_random_walk_into(e, out); });
}

std::vector<int> size_input(const Apply&) { return {1}; }

}  // namespace

void register_random_walk_lowerings(LoweringTable& table) {
  table.add(std::type_index(typeid(*random::random_walk_random_variable("gaussian_random_walk", 0))),
            {.form = OpLowering::Form::node,
             .op_name = "RandomWalkRV",
             .shapes = &random_walk_shapes,
             .emit = &emit_random_walk,
             .value_inputs = &size_input});
}

}  // namespace kiln::jit
