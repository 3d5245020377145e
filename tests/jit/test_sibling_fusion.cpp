// Sibling fusion of a specialized program's kernels: independent flat kernels over the same
// number of elements share a loop; a kernel that reads another's result, directly or through
// a view, does not join it.
#include "jit/sibling_fusion.hpp"
#include "jit_test_support.hpp"

namespace kt = kiln::tensor;
using kiln::DType;
using kiln::Var;
using namespace kiln::jit;

namespace {

KernelSpec elemwise_kernel(Var (*f)(const Var&)) {
  Var v = kt::vector("v");
  return *kernel_spec(*f(v).owner());
}

constexpr std::int64_t kLength = 64;  // long enough to be worth a merge

StaticSlot vector_slot(StaticBuffer buffer) { return {DType::float64, {kLength}, {1}, buffer}; }

StaticStep kernel_step(int kernel, int input, int output) {
  StaticStep step;
  step.kernel = kernel;
  step.dims = {kLength};
  step.inputs = {input};
  step.outputs = {output};
  return step;
}

// Slots: 0 the input, 1 exp's result, 2 a view of it, 3 log's result.
StaticProgramSpec exp_then_log(int log_reads) {
  StaticProgramSpec spec;
  spec.slots = {vector_slot({StaticBuffer::Kind::binding, 0}), vector_slot({StaticBuffer::Kind::arena, 0, 0}),
                vector_slot({StaticBuffer::Kind::view, 1, 0}), vector_slot({StaticBuffer::Kind::arena, 0, 8 * kLength})};
  spec.kernels = {elemwise_kernel(&kt::exp), elemwise_kernel(&kt::log)};
  spec.steps = {kernel_step(0, 0, 1), kernel_step(1, log_reads, 3)};
  return spec;
}

}  // namespace

TEST_CASE("independent kernels over the same elements share a loop") {
  StaticProgramSpec spec = exp_then_log(0);
  CHECK(fuse_sibling_kernels(spec) == 1);
  REQUIRE(spec.steps.size() == 1);
  CHECK(spec.steps[0].outputs == std::vector<int>{1, 3});
  CHECK(spec.steps[0].inputs == std::vector<int>{0});
}

TEST_CASE("loops of a single element are not merged, loops of a few elements are") {
  StaticProgramSpec spec = exp_then_log(0);
  for (auto& step : spec.steps) step.dims = {1};
  CHECK(fuse_sibling_kernels(spec) == 0);
  spec = exp_then_log(0);
  for (auto& step : spec.steps) step.dims = {8};
  CHECK(fuse_sibling_kernels(spec) == 1);
}

TEST_CASE("a kernel reading another's result, directly or through a view, is not merged with it") {
  for (int reads : {1, 2}) {
    StaticProgramSpec spec = exp_then_log(reads);
    CHECK(fuse_sibling_kernels(spec) == 0);
    CHECK(spec.steps.size() == 2);
  }
}
