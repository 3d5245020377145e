// The fuzzer's reductions over random axes (keepdims or not), argmax and dot.
#include "fuzz/generator.hpp"

#include <algorithm>

namespace kiln::fuzz::generator {
namespace {

using Reduction = Var (*)(const Var&, kt::Axes, bool);
struct NamedReduction {
  const char* name;
  Reduction fn;
};

const std::vector<NamedReduction> kReductions = {
    {"sum", [](const Var& a, kt::Axes ax, bool k) { return kt::sum(a, ax, k); }},
    {"prod", [](const Var& a, kt::Axes ax, bool k) { return kt::prod(a, ax, k); }},
    {"max", [](const Var& a, kt::Axes ax, bool k) { return kt::max(a, ax, k); }},
    {"min", [](const Var& a, kt::Axes ax, bool k) { return kt::min(a, ax, k); }},
    {"all", [](const Var& a, kt::Axes ax, bool k) { return kt::all(a, ax, k); }},
    {"any", [](const Var& a, kt::Axes ax, bool k) { return kt::any(a, ax, k); }},
    {"mean", [](const Var& a, kt::Axes ax, bool k) { return kt::mean(a, ax, k); }},
};

std::string axes_text(const kt::Axes& axes) {
  if (!axes) return "None";
  return shape_text(std::vector<std::int64_t>(axes->begin(), axes->end()));
}

}  // namespace

kt::Axes GraphGenerator::random_axes(int ndim) {
  if (ndim == 0 || rnd_.chance(0.3)) return std::nullopt;
  std::vector<int> axes;
  for (int d = 0; d < ndim; ++d)
    if (rnd_.chance(0.5)) axes.push_back(rnd_.chance(0.15) ? d - ndim : d);
  std::reverse(axes.begin(), axes.begin() + rnd_.below(static_cast<int>(axes.size()) + 1));
  return axes;
}

int GraphGenerator::reduction() {
  const auto& op = smooth_ ? kReductions[rnd_.chance(0.5) ? 0 : 6] : rnd_.pick(kReductions);
  int a = operand();
  kt::Axes axes = random_axes(values_[static_cast<std::size_t>(a)]->ndim());
  bool keepdims = rnd_.chance(0.3);
  Reduction fn = op.fn;
  return add(std::string(op.name) + " axis=" + axes_text(axes) + (keepdims ? " keepdims" : ""), {a},
             [fn, axes, keepdims](const std::vector<Var>& v) { return fn(v[0], axes, keepdims); });
}

int GraphGenerator::argmax() {
  int a = operand();
  int ndim = values_[static_cast<std::size_t>(a)]->ndim();
  std::optional<int> axis;
  if (ndim > 0 && rnd_.chance(0.7)) axis = rnd_.below(ndim);
  bool keepdims = rnd_.chance(0.3);
  return add("argmax axis=" + (axis ? std::to_string(*axis) : std::string("None")) + (keepdims ? " keepdims" : ""), {a},
             [axis, keepdims](const std::vector<Var>& v) { return kt::argmax(v[0], axis, keepdims); });
}

int GraphGenerator::dot() {
  int a = operand();
  int ndim = values_[static_cast<std::size_t>(a)]->ndim();
  if (ndim != 1 && ndim != 2) return -1;
  std::int64_t inner = shape_of(a).back();
  Shape other = rnd_.chance(0.5) ? Shape{inner} : Shape{inner, extents_[static_cast<std::size_t>(rnd_.below(3))]};
  if (rnd_.chance(0.05)) other[0] += 1;  // mismatched: both sides raise
  int b = operand_shaped(other, false, dtype_of_step(a));
  return add("dot", {a, b}, [](const std::vector<Var>& v) { return kt::dot(v[0], v[1]); });
}

}  // namespace kiln::fuzz::generator
