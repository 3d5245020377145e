// The fuzzer's shape steps: dimshuffle, reshape (sometimes to a wrong size), join and stack,
// and shape and alloc (shapes read from the graph, which rewrites simplify).
#include "fuzz/generator.hpp"


namespace kiln::fuzz::generator {

int GraphGenerator::dimshuffle() {
  int a = operand();
  const Var& var = vars_[static_cast<std::size_t>(a)];
  std::vector<int> order;
  for (int d = 0; d < var.ndim(); ++d)
    if (var.type().shape()[static_cast<std::size_t>(d)] != 1 || rnd_.chance(0.6)) order.push_back(d);
  for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[static_cast<std::size_t>(rnd_.below(static_cast<int>(i)))]);
  for (int k = rnd_.below(3); k > 0 && order.size() < 4; --k)
    order.insert(order.begin() + rnd_.below(static_cast<int>(order.size()) + 1), -1);
  return add("dimshuffle " + shape_text(std::vector<std::int64_t>(order.begin(), order.end())), {a},
             [order](const std::vector<Var>& v) { return kt::dimshuffle(v[0], order); });
}

int GraphGenerator::reshape() {
  int a = operand();
  std::int64_t size = values_[static_cast<std::size_t>(a)]->size();
  std::vector<std::int64_t> shape;
  switch (rnd_.below(4)) {
    case 0: shape = {-1}; break;
    case 1: shape = {1, -1}; break;
    case 2: {
      std::vector<std::int64_t> divisors;
      for (std::int64_t d = 1; d <= size; ++d)
        if (size % d == 0) divisors.push_back(d);
      std::int64_t d = divisors.empty() ? 0 : rnd_.pick(divisors);
      shape = rnd_.chance(0.5) ? std::vector<std::int64_t>{d, -1} : std::vector<std::int64_t>{d, d ? size / d : 0};
      break;
    }
    default: shape = {size + (rnd_.chance(0.2) ? 1 : 0)};  // sometimes a wrong size
  }
  return add("reshape " + shape_text(shape), {a}, [shape](const std::vector<Var>& v) { return kt::reshape(v[0], shape); });
}

int GraphGenerator::join_or_stack() {
  int a = operand();
  Shape shape = shape_of(a);
  if (rnd_.chance(0.5)) {
    int axis = rnd_.below(static_cast<int>(shape.size()) + 1);
    int b = operand_shaped(shape, false, dtype_of_step(a));
    return add("stack axis=" + std::to_string(axis), {a, b}, [axis](const std::vector<Var>& v) { return kt::stack({v[0], v[1]}, axis); });
  }
  if (shape.empty()) return -1;
  int axis = rnd_.below(static_cast<int>(shape.size()));
  Shape other = shape;
  other[static_cast<std::size_t>(axis)] = rnd_.below(4);
  int b = operand_shaped(other, false, dtype_of_step(a));
  bool three = rnd_.chance(0.3);
  return add("join axis=" + std::to_string(axis) + (three ? " (a, b, a)" : ""), {a, b}, [axis, three](const std::vector<Var>& v) {
    return three ? kt::join(axis, {v[0], v[1], v[0]}) : kt::join(axis, {v[0], v[1]});
  });
}

int GraphGenerator::shape_and_alloc() {
  int a = operand();
  const int ndim = values_[static_cast<std::size_t>(a)]->ndim();
  if (ndim == 0 || rnd_.chance(0.3)) return add("shape", {a}, [](const std::vector<Var>& v) { return kt::shape(v[0]); });
  // alloc(value, shape(a)[k], 2): a shape read from the graph, which rewrites simplify.
  int k = rnd_.below(ndim);
  int value = operand_shaped({}, false, dtype_of_step(a));
  return add("alloc(b, shape(a)[" + std::to_string(k) + "], 2)", {a, value}, [k](const std::vector<Var>& v) {
    return kt::alloc(v[1], {kt::shape(v[0])[k], kt::as_tensor(std::int64_t{2})});
  });
}

}  // namespace kiln::fuzz::generator
