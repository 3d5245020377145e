// Unread outputs of a specialized program's kernels (jit/unread_outputs.cpp): a loop result
// that no step reads, no view exposes and the caller does not receive is not stored, and a loop
// left storing nothing is removed; everything read stays.
#include "jit/unread_outputs.hpp"
#include "jit_test_support.hpp"
#include "support/log_capture.hpp"

namespace kt = kiln::tensor;
using kiln::Array;
using kiln::DType;
using kiln::Var;
using namespace kiln::jit;

namespace {

constexpr std::int64_t kLength = 16;

StaticSlot vector_slot(StaticBuffer buffer) { return {DType::float64, {kLength}, {1}, buffer}; }

// Slots: 0 the input, 1 and 2 the merged loop's exp(v) and log(v), 3 a later loop's result,
// 4 a second input's loop result. Kernels: 0 exp and log of v in one loop, 1 exp, 2 log.
StaticProgramSpec two_loops() {
  Var v = kt::vector("v");
  StaticProgramSpec spec;
  spec.slots = {vector_slot({StaticBuffer::Kind::binding, 0}), vector_slot({StaticBuffer::Kind::arena}),
                vector_slot({StaticBuffer::Kind::arena}), vector_slot({StaticBuffer::Kind::arena}),
                vector_slot({StaticBuffer::Kind::arena})};
  const KernelSpec exp_kernel = *kernel_spec(*kt::exp(v).owner()), log_kernel = *kernel_spec(*kt::log(v).owner());
  spec.kernels = {merge_kernels({{&exp_kernel, {0}}, {&log_kernel, {0}}})->spec, exp_kernel, log_kernel};
  auto loop = [](int kernel, std::vector<int> inputs, std::vector<int> outputs) {
    StaticStep step;
    step.kernel = kernel;
    step.dims = {kLength};
    step.inputs = std::move(inputs);
    step.outputs = std::move(outputs);
    return step;
  };
  spec.steps = {loop(0, {0}, {1, 2}), loop(1, {2}, {3}), loop(2, {0}, {4})};
  return spec;
}

}  // namespace

TEST_CASE("a loop stops storing what no step, view or caller reads, and a loop storing nothing goes") {
  StaticProgramSpec spec = two_loops();
  // Slot 1 (exp(v)) and slot 4 are read by nobody; slot 2 by the later loop, slot 3 by the caller.
  CHECK(drop_unread_outputs(spec, {3}) == 2);
  REQUIRE(spec.steps.size() == 2);
  CHECK(spec.steps[0].outputs == std::vector<int>{2});
  CHECK(spec.kernels[0].outputs.size() == 1);
  CHECK(spec.kernels[0].output_dtypes.size() == 1);
  CHECK(spec.steps[1].outputs == std::vector<int>{3});
}

TEST_CASE("outputs read through a view, received by the caller or written to a binding are kept") {
  StaticProgramSpec spec = two_loops();
  spec.slots.push_back(vector_slot({StaticBuffer::Kind::view, 1, 0}));  // a view of exp(v)
  spec.slots[4].buffer = {StaticBuffer::Kind::binding, 1};              // written to the caller's array
  CHECK(drop_unread_outputs(spec, {3}) == 0);
  CHECK(spec.steps.size() == 3);
  spec = two_loops();
  CHECK(drop_unread_outputs(spec, {1, 3, 4}) == 0);
}

TEST_CASE("a result read only for its shape is not stored, and a call whose shapes do not broadcast still raises") {
  // z's extents are constants once specialized, so z.shape is baked in and z's loop unread. Its
  // inputs' lengths are not known statically, so the rewrites keep z (its broadcast can fail).
  Var x = kt::vector("x"), y = kt::vector("y");
  Var z = kt::exp(x) * y;
  const Array xv{0.5, -1.0, 2.0}, yv{1.5, 2.5, -0.5};
  kiln::testing::LogCapture log("jit");
  kiln::jit_test::check_tiers({x, y}, {kt::shape(z), kt::sum(x)}, {xv, yv}, "the shape of an unread loop");
  INFO(log.text());
  CHECK(log.count("unread outputs dropped") >= 1);
  CHECK(log.count(" 0 unread outputs dropped") == 0);
  kiln::Function f = kiln::function({x, y}, {kt::shape(z), kt::sum(x)});
  for (int call = 0; call < 3; ++call) {
    f(xv, yv);
    CHECK_THROWS_AS(f(xv, Array{1.0, 2.0}), kiln::ValueError);
  }
}
