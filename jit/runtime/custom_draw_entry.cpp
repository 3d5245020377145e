// A CustomDist's random function called from generated code (custom_draw_entry.hpp).
#include "jit/runtime/custom_draw_entry.hpp"

#include "jit/runtime/operand_arrays.hpp"
#include "random/rv_op.hpp"

#include <kiln/graph.hpp>

#include <utility>

namespace {

thread_local std::exception_ptr failure;

}  // namespace

namespace kiln::jit {

std::exception_ptr take_custom_draw_failure() { return std::exchange(failure, nullptr); }

}  // namespace kiln::jit

extern "C" std::int32_t kiln_rt_custom_dist_random(const void* node, void* state, void* const* pointers,
                                                   const std::int64_t* dims) {
  const auto& apply = *static_cast<const kiln::Apply*>(node);
  try {
    const kiln::Var& draw = apply.output(1);
    kiln::Array out = kiln::jit::operand_array(draw.dtype(), draw.ndim(), pointers[0], dims);
    std::vector<kiln::Array> inputs;
    for (std::size_t k = 0; k < apply.inputs().size(); ++k) {
      const kiln::Var& in = apply.inputs()[k];
      inputs.push_back(kiln::jit::operand_array(in.dtype(), in.ndim(), pointers[1 + k], dims));
    }
    const auto& op = static_cast<const kiln::random::RandomVariable&>(apply.op());
    op.draw_into(*static_cast<kiln::random::GeneratorState*>(state), inputs, out);
    return 0;
  } catch (...) {
    failure = std::current_exception();
    return 1;
  }
}
