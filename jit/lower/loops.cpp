// The loop family: ops that lower to a KernelSpec (kernel_spec.hpp), whose loops
// lower/elemwise.cpp emits (fused elementwise graphs, reductions) and lower/random.cpp the
// draws of.
#include "jit/lower/families.hpp"
#include "jit/random_kernel.hpp"
#include "random/rv_scalar.hpp"
#include "tensor/composite.hpp"
#include "tensor/elemwise.hpp"
#include "tensor/reduce.hpp"

namespace kiln::jit {

void register_loop_lowerings(LoweringTable& table) {
  using Form = OpLowering::Form;
  table.add<tensor::Elemwise>({.form = Form::kernel, .op_name = "Elemwise", .kernel = &kernel_spec});
  table.add<tensor::Composite>({.form = Form::kernel, .op_name = "Composite", .kernel = &kernel_spec});
  table.add<tensor::Reduce>({.form = Form::kernel, .op_name = "Reduce", .kernel = &kernel_spec});
  table.add<random::ScalarRandomVariable>(
      {.form = Form::draw, .op_name = "ScalarRandomVariable", .kernel = &random_kernel_spec});
}

}  // namespace kiln::jit
