// DeepCopyOp and the `outputs` phase that wraps root outputs in it.
#include "rewrite/deep_copy.hpp"

#include "rewrite/rewrite_sets.hpp"

namespace kiln::rewrite {

std::vector<TensorType> DeepCopyOp::output_types(const std::vector<Var>& inputs) const {
  if (inputs.size() != 1) throw TypeError("DeepCopyOp takes one input, got " + std::to_string(inputs.size()));
  return {inputs[0].type()};
}

void DeepCopyOp::perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const {
  outputs[0] = inputs[0].copy();
}

std::vector<Var> DeepCopyOp::grad(const Apply&, const std::vector<Var>& output_grads) const { return {output_grads[0]}; }

namespace {

int copy_root_outputs(FunctionGraph& fg) {
  int wrapped = 0;
  for (std::size_t i = 0; i < fg.outputs().size(); ++i) {
    Var out = fg.outputs()[i];
    if (out.owner()) continue;
    Var copy = apply_op(std::make_shared<DeepCopyOp>(), {out});
    copy.set_name(out.name());
    fg.set_output(i, copy, "output_copy");
    ++wrapped;
  }
  return wrapped;
}

}  // namespace

void add_output_copies(RewriteDatabase& db) {
  db.add("outputs", GraphRewrite{"output_copy", {"fast_run", "fast_compile", "outputs"}, copy_root_outputs});
}

}  // namespace kiln::rewrite
