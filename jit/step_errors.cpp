// Host-side errors of kernel and draw steps (step_errors.hpp).
#include "jit/step_errors.hpp"

#include "core/runtime_shape_checks.hpp"
#include "random/rv_op.hpp"
#include "random/rv_scalar.hpp"
#include "tensor/elemwise.hpp"
#include "tensor/reduce.hpp"

#include <kiln/errors.hpp>

#include <algorithm>

namespace kiln::jit {
namespace {

std::vector<Array> arrays(const std::vector<TensorView>& inputs) {
  std::vector<Array> out;
  for (const auto& v : inputs) out.push_back(v.as_array());
  return out;
}

// Reached only if the step's rule and the op's checks disagree (a bug, not bad input).
[[noreturn]] void unexplained(const Apply& node) {
  throw Error("internal error: " + node.op().name() + " could not run its operands, and its checks find nothing wrong");
}

}  // namespace

void raise_kernel_error(const Apply& node, const std::vector<TensorView>& inputs) {
  check_runtime_shapes(node, arrays(inputs));
  std::vector<Shape> shapes;
  for (const auto& v : inputs) shapes.push_back(v.shape);
  const Shape shape = shapes.empty() ? Shape{} : tensor::broadcast_shapes(shapes, node.op().name());
  // An empty max or min (the only reductions without an identity); the loop shape is the
  // broadcast one, which a reduction's output lacks.
  if (std::find(shape.begin(), shape.end(), 0) != shape.end()) tensor::raise_empty_reduction(node.op().name(), shape);
  unexplained(node);
}

void raise_draw_error(const Apply& node, const std::vector<TensorView>& inputs) {
  const std::exception_ptr kept = random::take_draw_exception();
  std::vector<Array> broadcast;
  static_cast<const random::RandomVariable&>(node.op()).checked_draw_shape(arrays(inputs), broadcast);
  if (kept) std::rethrow_exception(kept);  // the draw's own error (Flat has no draws)
  unexplained(node);
}

}  // namespace kiln::jit
