// The loop family: ops that lower to a KernelSpec (kernel_spec.hpp), whose loops
// lower/elemwise.cpp emits (fused elementwise graphs) and lower/random.cpp the draws of.
// Reduce, a KernelSpec loop with node code for the dtypes the loops do not cover, is
// registered in reductions.cpp.
#include "jit/lower/batch_draws.hpp"
#include "jit/lower/families.hpp"
#include "jit/random_kernel.hpp"
#include "random/rv_scalar.hpp"
#include "tensor/composite.hpp"
#include "tensor/elemwise.hpp"

namespace kiln::jit {

namespace {

// A scalar draw is a loop over its elements when it has per-element entries, else (beta-binomial)
// node code over its batch-draw entries.
bool scalar_draw_lowers(const Apply& node) { return random_kernel_spec(node).has_value() || batch_drawable(node); }

}  // namespace

void register_loop_lowerings(LoweringTable& table) {
  using Form = OpLowering::Form;
  table.add<tensor::Elemwise>({.form = Form::kernel, .op_name = "Elemwise", .kernel = &kernel_spec});
  table.add<tensor::Composite>({.form = Form::kernel, .op_name = "Composite", .kernel = &kernel_spec});
  OpLowering draws = batch_draw_lowering("ScalarRandomVariable");
  draws.form = Form::draw;
  draws.kernel = &random_kernel_spec;
  draws.accepts = &scalar_draw_lowers;
  table.add<random::ScalarRandomVariable>(std::move(draws));
}

}  // namespace kiln::jit
