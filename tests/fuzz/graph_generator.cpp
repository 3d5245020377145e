// The random-graph generator: grows a pool of variables from a few inputs by applying random
// ops over the whole op set. Each step's value is computed by the reference evaluator as the
// graph grows (its inputs given), so later steps can pick operands whose run-time shapes fit
// (a dot's inner extent, a join's other axes, a set_subtensor's value) and most graphs do
// something rather than raise at the first op. Some graphs still raise: both sides must then
// raise the same exception.
#include "fuzz/generator.hpp"
#include "fuzz/graph_generator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace kiln::fuzz::generator {

std::string shape_text(const std::vector<std::int64_t>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
  return s + "]";
}

bool broadcastable(const Shape& a, const Shape& b) {
  for (std::size_t k = 1; k <= std::min(a.size(), b.size()); ++k) {
    std::int64_t x = a[a.size() - k], y = b[b.size() - k];
    if (x != y && x != 1 && y != 1) return false;
  }
  return true;
}

GraphGenerator::GraphGenerator(std::uint64_t seed, std::uint64_t index) : rnd_(seed * 0x2545F4914F6CDD1Dull + index) {
  recipe_.seed = seed;
  recipe_.index = index;
}

Recipe GraphGenerator::run() {
  smooth_ = rnd_.chance(0.15);
  recipe_.check_gradient = smooth_;
  special_values_ = !smooth_ && rnd_.chance(0.4);
  static const std::vector<std::int64_t> kExtents = {0, 1, 1, 2, 2, 3, 3, 3, 4, 4, 7};
  for (auto& e : extents_) e = smooth_ ? 2 + rnd_.below(3) : rnd_.pick(kExtents);
  const int n_inputs = 1 + rnd_.below(3);
  for (int i = 0; i < n_inputs; ++i) add_input(input_dtype(), random_input_shape());
  const int n_ops = 1 + rnd_.below(8);
  for (int made = 0, tries = 0; made < n_ops && tries < 6 * n_ops; ++tries) {
    int step = grow();
    if (step < 0) continue;
    ++made;
    if (!values_[static_cast<std::size_t>(step)]) break;  // it raises: nothing to build on
  }
  int last = static_cast<int>(recipe_.steps.size()) - 1;
  recipe_.outputs = {last};
  // A second output sharing the graph (sibling loops, outputs that are views or inputs).
  if (!smooth_ && last > 0 && rnd_.chance(0.25)) recipe_.outputs.push_back(rnd_.below(last));
  if (smooth_) finish_for_gradient();
  return std::move(recipe_);
}

// ---- inputs and values -------------------------------------------------------------

// ---- inputs and values -------------------------------------------------------------
DType GraphGenerator::input_dtype() {
  if (smooth_) return DType::float64;
  static const std::vector<DType> kInputDTypes = {
      DType::float64, DType::float64, DType::float64, DType::float64, DType::float64, DType::float64,
      DType::float32, DType::float32, DType::float32, DType::int64,   DType::int64,   DType::int64,
      DType::int32,   DType::int8,    DType::uint8,   DType::bool_,   DType::bool_};
  return rnd_.pick(kInputDTypes);
}

Shape GraphGenerator::random_input_shape() {
  int ndim = rnd_.below(4);
  Shape s;
  for (int d = 3 - ndim; d < 3; ++d) s.push_back(rnd_.chance(0.25) ? 1 : extents_[static_cast<std::size_t>(d)]);
  return s;
}

double GraphGenerator::float_value(DType dtype) {
  if (smooth_) return 0.5 + 1.5 * rnd_.uniform();
  if (special_values_ && rnd_.chance(0.3)) {
    const double big = dtype == DType::float32 ? 3e38 : 1e300;
    const std::vector<double> specials = {0.0, -0.0, NAN, INFINITY, -INFINITY, big, -big, 1e-300,
                                          1e-40, 9007199254740993.0, 1.0, -1.0, 0.5, 710.0, -745.0};
    return rnd_.pick(specials);
  }
  return std::round((rnd_.uniform() * 6 - 3) * 8) / 8;
}

std::int64_t GraphGenerator::int_value() {
  if (special_values_ && rnd_.chance(0.3)) {
    const std::vector<std::int64_t> specials = {0,
                                                (std::int64_t{1} << 53) + 1,
                                                std::int64_t{1} << 53,
                                                -((std::int64_t{1} << 53) + 1),
                                                std::int64_t{1} << 62,
                                                std::numeric_limits<std::int64_t>::max(),
                                                std::numeric_limits<std::int64_t>::min(),
                                                1,
                                                -1,
                                                255,
                                                -129};
    return rnd_.pick(specials);
  }
  return rnd_.below(11) - 5;
}

Array GraphGenerator::random_values(DType dtype, const Shape& shape) {
  Array a = Array::empty(dtype, shape);
  for (std::int64_t i = 0; i < a.size(); ++i) {
    if (is_float(dtype))
      a.set_from_double(i, float_value(dtype));
    else if (is_bool(dtype))
      a.set_from_int(i, rnd_.below(2));
    else
      a.set_from_int(i, int_value());
  }
  return a;
}

int GraphGenerator::add_input(DType dtype, const Shape& shape) {
  StaticShape static_shape;
  // Mostly unknown extents; an extent of 1 is usually known (as PyTensor's broadcastable
  // flag), and sometimes not: that input must not broadcast at run time.
  for (auto e : shape) {
    bool known = e == 1 ? rnd_.chance(0.85) : rnd_.chance(0.25);
    static_shape.push_back(known ? std::optional<std::int64_t>(e) : std::nullopt);
  }
  Var v = kt::tensor("x" + std::to_string(recipe_.steps.size()), dtype, static_shape);
  Array value = random_values(dtype, shape);
  Step s{"input " + v.type().str(), {}, [v](const std::vector<Var>&) { return v; }, value, std::nullopt};
  recipe_.steps.push_back(std::move(s));
  vars_.push_back(v);
  values_.push_back(value);
  return static_cast<int>(recipe_.steps.size()) - 1;
}

// ---- steps ---------------------------------------------------------------------------

int GraphGenerator::add(std::string what, std::vector<int> args, std::function<Var(const std::vector<Var>&)> make) {
  std::vector<Var> in;
  for (int a : args) in.push_back(vars_[static_cast<std::size_t>(a)]);
  Var v;
  try {
    v = make(in);
  } catch (const kiln::Error&) {
    return -1;
  }
  std::optional<Array> value;
  Givens givens;
  bool known = true;
  for (int a : args) {
    const auto& val = values_[static_cast<std::size_t>(a)];
    if (!val) known = false;
    bool seen = std::any_of(givens.begin(), givens.end(), [&](const auto& g) { return g.first == vars_[static_cast<std::size_t>(a)]; });
    if (val && !seen) givens.emplace_back(vars_[static_cast<std::size_t>(a)], *val);
  }
  if (known) {
    try {
      value = evaluate({v}, givens)[0];
    } catch (const kiln::Error&) {
    }
  }
  recipe_.steps.push_back(Step{std::move(what), std::move(args), std::move(make), std::nullopt, std::nullopt});
  vars_.push_back(v);
  values_.push_back(std::move(value));
  return static_cast<int>(recipe_.steps.size()) - 1;
}

int GraphGenerator::operand() {
  std::vector<int> ok;
  for (std::size_t i = 0; i < values_.size(); ++i)
    if (values_[i]) ok.push_back(static_cast<int>(i));
  if (rnd_.chance(0.5)) return ok.back();
  return rnd_.pick(ok);
}

int GraphGenerator::operand_shaped(const Shape& shape, bool broadcast, DType dtype) {
  std::vector<int> ok;
  for (std::size_t i = 0; i < values_.size(); ++i)
    if (values_[i] && (broadcast ? broadcastable(values_[i]->shape(), shape) && values_[i]->ndim() <= static_cast<int>(shape.size())
                                 : values_[i]->shape() == shape))
      ok.push_back(static_cast<int>(i));
  if (!ok.empty() && rnd_.chance(0.6)) return rnd_.pick(ok);
  return add_input(smooth_ ? DType::float64 : (rnd_.chance(0.7) ? dtype : input_dtype()), shape);
}

Var GraphGenerator::constant_like(DType dtype) {
  if (is_float(dtype)) {
    double v = smooth_ ? 0.5 + rnd_.uniform() : (special_values_ && rnd_.chance(0.3) ? float_value(dtype) : rnd_.pick(std::vector<double>{0.0, 0.5, 1.0, 2.0, -1.5, 3.0}));
    return kt::constant(Array(v).astype(dtype));
  }
  return kt::as_tensor(special_values_ && rnd_.chance(0.3) ? int_value() : static_cast<std::int64_t>(rnd_.below(7) - 2));
}

int GraphGenerator::grow() {
  if (smooth_) return grow_smooth();
  switch (rnd_.below(20)) {
    case 0: case 1: case 2: return unary();
    case 3: case 4: case 5: case 6: return binary();
    case 7: return switch_or_clip();
    case 8: return cast();
    case 9: case 10: return reduction();
    case 11: return dimshuffle();
    case 12: return reshape();
    case 13: return subtensor();
    case 14: return advanced_subtensor();
    case 15: return set_or_inc();
    case 16: return dot();
    case 17: return join_or_stack();
    case 18: return rnd_.chance(0.5) ? shape_and_alloc() : argmax();
    default: return random_variable();
  }
}

int GraphGenerator::grow_smooth() {
  switch (rnd_.below(11)) {
    case 0: case 1: return unary();
    case 2: case 3: case 4: return binary();
    case 5: return reduction();
    case 6: return dimshuffle();
    case 7: return subtensor();
    case 8: return rnd_.chance(0.5) ? set_or_inc() : advanced_subtensor();
    case 9: return dot();
    default: return join_or_stack();
  }
}

void GraphGenerator::finish_for_gradient() {
  int last = recipe_.outputs[0];
  if (!is_float(dtype_of_step(last)) || !values_[static_cast<std::size_t>(last)]) {
    recipe_.check_gradient = false;
    return;
  }
  recipe_.outputs = {add("sum", {last}, [](const std::vector<Var>& v) { return kt::cast(kt::sum(v[0]), DType::float64); })};
}

}  // namespace kiln::fuzz::generator

namespace kiln::fuzz {

Recipe generate(std::uint64_t seed, std::uint64_t index) { return generator::GraphGenerator(seed, index).run(); }

}  // namespace kiln::fuzz
