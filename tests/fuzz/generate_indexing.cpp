// The fuzzer's indexing steps: slices and integer indices (sometimes out of range), integer
// array indices, and set/inc of a region by a value or a constant.
#include "fuzz/generator.hpp"

#include <algorithm>

namespace kiln::fuzz::generator {

std::vector<kt::Index> GraphGenerator::random_index(const Shape& shape) {
  std::vector<kt::Index> index;
  int n = shape.empty() ? 0 : 1 + rnd_.below(static_cast<int>(shape.size()));
  for (int d = 0; d < n; ++d) {
    auto e = shape[static_cast<std::size_t>(d)];
    if (rnd_.chance(0.35)) {
      std::int64_t i = e > 0 ? rnd_.below(static_cast<int>(2 * e)) - e : 0;
      if (rnd_.chance(0.05)) i = e + rnd_.below(2);  // out of range: both sides raise
      index.emplace_back(i);
    } else {
      auto bound = [&]() -> std::optional<std::int64_t> {
        if (rnd_.chance(0.35)) return std::nullopt;
        return rnd_.below(static_cast<int>(2 * e + 3)) - e - 1;
      };
      std::optional<std::int64_t> step;
      if (rnd_.chance(0.4)) step = rnd_.pick(std::vector<std::int64_t>{1, -1, 2, -2, 3});
      index.emplace_back(kt::slice(bound(), bound(), step));
    }
  }
  return index;
}

std::string GraphGenerator::index_text(const std::vector<kt::Index>& index) {
  std::string s = "[";
  auto opt = [](const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : std::string(); };
  for (std::size_t i = 0; i < index.size(); ++i) {
    s += i ? "," : "";
    if (index[i].integer)
      s += std::to_string(*index[i].integer);
    else
      s += opt(index[i].slice->start) + ":" + opt(index[i].slice->stop) + ":" + opt(index[i].slice->step);
  }
  return s + "]";
}

int GraphGenerator::subtensor() {
  int a = operand();
  if (values_[static_cast<std::size_t>(a)]->ndim() == 0) return -1;
  auto index = random_index(shape_of(a));
  return add("subtensor " + index_text(index), {a}, [index](const std::vector<Var>& v) { return kt::subtensor(v[0], index); });
}

Array GraphGenerator::random_indices(std::int64_t extent) {
  int n = rnd_.below(5);
  std::vector<std::int64_t> idx;
  for (int i = 0; i < n; ++i) {
    std::int64_t k = extent > 0 ? rnd_.below(static_cast<int>(2 * extent)) - extent : 0;
    if (rnd_.chance(0.04)) k = extent;  // out of range
    idx.push_back(k);
  }
  return Array(idx);
}

bool GraphGenerator::has_repeats(const Array& indices, std::int64_t extent) {
  std::vector<std::int64_t> seen;
  for (std::int64_t i = 0; i < indices.size(); ++i) {
    std::int64_t k = indices.get_as_int(i);
    if (k < 0) k += extent;
    if (std::find(seen.begin(), seen.end(), k) != seen.end()) return true;
    seen.push_back(k);
  }
  return false;
}

int GraphGenerator::advanced_subtensor() {
  int a = operand();
  if (values_[static_cast<std::size_t>(a)]->ndim() == 0) return -1;
  Var idx = kt::constant(random_indices(shape_of(a)[0]));
  return add("advanced_subtensor " + constant_text(idx.constant_value()), {a},
             [idx](const std::vector<Var>& v) { return kt::advanced_subtensor(v[0], idx); });
}

int GraphGenerator::set_or_inc() {
  int a = operand();
  if (values_[static_cast<std::size_t>(a)]->ndim() == 0) return -1;
  const bool set = rnd_.chance(0.5), advanced = rnd_.chance(0.4);
  Var target;
  std::vector<kt::Index> index;
  Var idx;
  Shape target_shape;
  try {  // an index the static shape rules out raises here
    if (advanced) {
      Array indices = random_indices(shape_of(a)[0]);
      // Known open finding: the gradient of a set through repeated indices ([0, -2] of a
      // length-2 array) sends the value's gradient to every copy, where only the last write
      // counts. Gradient graphs set through distinct positions only.
      if (smooth_ && has_repeats(indices, shape_of(a)[0])) return -1;
      idx = kt::constant(indices);
      target = kt::advanced_subtensor(vars_[static_cast<std::size_t>(a)], idx);
    } else {
      index = random_index(shape_of(a));
      target = kt::subtensor(vars_[static_cast<std::size_t>(a)], index);
    }
    target_shape = evaluate({target}, {{vars_[static_cast<std::size_t>(a)], *values_[static_cast<std::size_t>(a)]}})[0].shape();
  } catch (const kiln::Error&) {
    return -1;
  }
  std::string what = std::string(set ? "set" : "inc") + (advanced ? "_advanced " + constant_text(idx.constant_value()) : " " + index_text(index));
  if (!smooth_ && rnd_.chance(0.3)) {
    Var c = constant_like(dtype_of_step(a));
    return add(what + " const " + constant_text(c.constant_value()), {a}, [=](const std::vector<Var>& v) {
      if (advanced) return set ? kt::advanced_set_subtensor(v[0], idx, c) : kt::advanced_inc_subtensor(v[0], idx, c);
      return set ? kt::set_subtensor(v[0], index, c) : kt::inc_subtensor(v[0], index, c);
    });
  }
  int b = operand_shaped(target_shape, true, dtype_of_step(a));
  return add(what, {a, b}, [=](const std::vector<Var>& v) {
    if (advanced) return set ? kt::advanced_set_subtensor(v[0], idx, v[1]) : kt::advanced_inc_subtensor(v[0], idx, v[1]);
    return set ? kt::set_subtensor(v[0], index, v[1]) : kt::inc_subtensor(v[0], index, v[1]);
  });
}

}  // namespace kiln::fuzz::generator
