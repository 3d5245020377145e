// Arena planning: intermediates whose lifetimes do not overlap share memory; a step's output
// never shares its inputs' memory; slots the host reads after the call are never reused.
#include "jit/arena_plan.hpp"

#include <catch2/catch.hpp>

using kiln::DType;
using namespace kiln::jit;

namespace {

// Slot 0 is the input; slots 1..n are a chain, step t reading slot t and writing slot t + 1.
StaticProgramSpec chain(int n) {
  StaticProgramSpec spec;
  spec.slots.push_back({DType::float64, {100}, {1}, {StaticBuffer::Kind::binding, 0}});
  for (int s = 1; s <= n; ++s) spec.slots.push_back({DType::float64, {100}, {1}, {StaticBuffer::Kind::arena}});
  for (int t = 0; t < n; ++t) {
    StaticStep step;
    step.inputs = {t};
    step.outputs = {t + 1};
    spec.steps.push_back(step);
  }
  return spec;
}

std::int64_t offset(const StaticProgramSpec& spec, int s) { return spec.slots[static_cast<std::size_t>(s)].buffer.offset; }

}  // namespace

TEST_CASE("a chain of intermediates needs two buffers, alternating") {
  StaticProgramSpec spec = chain(6);
  plan_arena(spec, {6});
  CHECK(spec.arena_bytes == 2 * 832);  // 800 bytes rounded to 64
  for (int s = 2; s <= 6; ++s) CHECK(offset(spec, s) != offset(spec, s - 1));
  CHECK(offset(spec, 3) == offset(spec, 1));
}

TEST_CASE("slots read after the call keep their memory") {
  StaticProgramSpec spec = chain(4);
  plan_arena(spec, {1, 4});
  CHECK(spec.arena_bytes == 3 * 832);
  for (int s = 2; s <= 4; ++s) CHECK(offset(spec, s) != offset(spec, 1));
}
