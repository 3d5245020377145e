// The random-graph generator: grows a pool of variables from a few inputs by applying random
// ops over the whole op set. Each step's value is computed by the reference evaluator as the
// graph grows (its inputs given), so later steps can pick operands whose run-time shapes fit
// (a dot's inner extent, a join's other axes, a set_subtensor's value) and most graphs do
// something rather than raise at the first op. Some graphs still raise: both sides must then
// raise the same exception.
#include "fuzz/graph_generator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace kiln::fuzz {
namespace kt = kiln::tensor;
namespace {

// splitmix64: a fixed stream for a seed, on every platform and standard library.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1p-53; }
  bool chance(double p) { return uniform() < p; }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(below(static_cast<int>(v.size())))];
  }

 private:
  std::uint64_t state_;
};

using Unary = Var (*)(const Var&);
using Binary = Var (*)(const Var&, const Var&);
using Reduction = Var (*)(const Var&, kt::Axes, bool);

struct Named {
  const char* name;
  Unary fn;
};
struct NamedBinary {
  const char* name;
  Binary fn;
};
struct NamedReduction {
  const char* name;
  Reduction fn;
};

const std::vector<Named> kUnary = {
    {"neg", kt::neg},         {"abs", kt::abs},         {"sign", kt::sign},       {"exp", kt::exp},
    {"exp2", kt::exp2},       {"expm1", kt::expm1},     {"log", kt::log},         {"log2", kt::log2},
    {"log10", kt::log10},     {"log1p", kt::log1p},     {"sqrt", kt::sqrt},       {"sqr", kt::sqr},
    {"reciprocal", kt::reciprocal}, {"sin", kt::sin},   {"cos", kt::cos},         {"tan", kt::tan},
    {"arcsin", kt::arcsin},   {"arccos", kt::arccos},   {"arctan", kt::arctan},   {"sinh", kt::sinh},
    {"cosh", kt::cosh},       {"tanh", kt::tanh},       {"arcsinh", kt::arcsinh}, {"arccosh", kt::arccosh},
    {"arctanh", kt::arctanh}, {"sigmoid", kt::sigmoid}, {"softplus", kt::softplus}, {"log1mexp", kt::log1mexp},
    {"erf", kt::erf},         {"erfc", kt::erfc},       {"erfcx", kt::erfcx},     {"erfinv", kt::erfinv},
    {"gammaln", kt::gammaln}, {"digamma", kt::digamma}, {"trigamma", kt::trigamma}, {"floor", kt::floor},
    {"ceil", kt::ceil},       {"round", kt::round},     {"isnan", kt::isnan},     {"isinf", kt::isinf},
    {"invert", kt::invert},   {"zeros_like", kt::zeros_like}, {"ones_like", kt::ones_like},
};
// Differentiable everywhere on the values gradient graphs use (no ties, no domain edges).
const std::vector<Named> kSmoothUnary = {
    {"neg", kt::neg},   {"exp", kt::exp},   {"sin", kt::sin},         {"cos", kt::cos},
    {"tanh", kt::tanh}, {"sqr", kt::sqr},   {"sigmoid", kt::sigmoid}, {"softplus", kt::softplus},
    {"arctan", kt::arctan}, {"erf", kt::erf}, {"arcsinh", kt::arcsinh},
};
const std::vector<NamedBinary> kBinary = {
    {"add", kt::add},         {"sub", kt::sub},         {"mul", kt::mul},         {"true_div", kt::true_div},
    {"int_div", kt::int_div}, {"mod", kt::mod},         {"pow", kt::pow},         {"maximum", kt::maximum},
    {"minimum", kt::minimum}, {"arctan2", kt::arctan2}, {"lt", kt::lt},           {"le", kt::le},
    {"gt", kt::gt},           {"ge", kt::ge},           {"eq", kt::eq},           {"neq", kt::neq},
    {"and", kt::and_},        {"or", kt::or_},          {"xor", kt::xor_},        {"second", kt::second},
    {"polygamma", kt::polygamma},
};
// (Not arctan2: a - a gives it (0, 0), where it has no derivative.)
const std::vector<NamedBinary> kSmoothBinary = {
    {"add", kt::add}, {"sub", kt::sub}, {"mul", kt::mul},
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

const std::vector<DType> kAllDTypes = {DType::bool_, DType::int8,   DType::int16,  DType::int32,
                                       DType::int64, DType::uint8,  DType::uint16, DType::uint32,
                                       DType::uint64, DType::float32, DType::float64};

std::string shape_text(const std::vector<std::int64_t>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
  return s + "]";
}

std::string axes_text(const kt::Axes& axes) {
  if (!axes) return "None";
  return shape_text(std::vector<std::int64_t>(axes->begin(), axes->end()));
}

bool broadcastable(const Shape& a, const Shape& b) {
  for (std::size_t k = 1; k <= std::min(a.size(), b.size()); ++k) {
    std::int64_t x = a[a.size() - k], y = b[b.size() - k];
    if (x != y && x != 1 && y != 1) return false;
  }
  return true;
}

class GraphGenerator {
 public:
  GraphGenerator(std::uint64_t seed, std::uint64_t index) : rnd_(seed * 0x2545F4914F6CDD1Dull + index) {
    recipe_.seed = seed;
    recipe_.index = index;
  }

  Recipe run() {
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

 private:
  // ---- inputs and values -------------------------------------------------------------
  DType input_dtype() {
    if (smooth_) return DType::float64;
    static const std::vector<DType> kInputDTypes = {
        DType::float64, DType::float64, DType::float64, DType::float64, DType::float64, DType::float64,
        DType::float32, DType::float32, DType::float32, DType::int64,   DType::int64,   DType::int64,
        DType::int32,   DType::int8,    DType::uint8,   DType::bool_,   DType::bool_};
    return rnd_.pick(kInputDTypes);
  }

  Shape random_input_shape() {
    int ndim = rnd_.below(4);
    Shape s;
    for (int d = 3 - ndim; d < 3; ++d) s.push_back(rnd_.chance(0.25) ? 1 : extents_[static_cast<std::size_t>(d)]);
    return s;
  }

  double float_value(DType dtype) {
    if (smooth_) return 0.5 + 1.5 * rnd_.uniform();
    if (special_values_ && rnd_.chance(0.3)) {
      const double big = dtype == DType::float32 ? 3e38 : 1e300;
      const std::vector<double> specials = {0.0, -0.0, NAN, INFINITY, -INFINITY, big, -big, 1e-300,
                                            1e-40, 9007199254740993.0, 1.0, -1.0, 0.5, 710.0, -745.0};
      return rnd_.pick(specials);
    }
    return std::round((rnd_.uniform() * 6 - 3) * 8) / 8;
  }

  std::int64_t int_value() {
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

  Array random_values(DType dtype, const Shape& shape) {
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

  int add_input(DType dtype, const Shape& shape) {
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
  // Adds a step if `make` builds (a TypeError: the op does not apply to these operands) and
  // evaluates it with the reference evaluator; -1 if it does not build.
  int add(std::string what, std::vector<int> args, std::function<Var(const std::vector<Var>&)> make) {
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

  const Shape& shape_of(int step) const { return values_[static_cast<std::size_t>(step)]->shape(); }
  DType dtype_of_step(int step) const { return vars_[static_cast<std::size_t>(step)].dtype(); }

  // An operand with a value, most often the newest one.
  int operand() {
    std::vector<int> ok;
    for (std::size_t i = 0; i < values_.size(); ++i)
      if (values_[i]) ok.push_back(static_cast<int>(i));
    if (rnd_.chance(0.5)) return ok.back();
    return rnd_.pick(ok);
  }

  // An operand of this run-time shape (broadcastable to it, when `broadcast`), from the pool
  // or a new input.
  int operand_shaped(const Shape& shape, bool broadcast, DType dtype) {
    std::vector<int> ok;
    for (std::size_t i = 0; i < values_.size(); ++i)
      if (values_[i] && (broadcast ? broadcastable(values_[i]->shape(), shape) && values_[i]->ndim() <= static_cast<int>(shape.size())
                                   : values_[i]->shape() == shape))
        ok.push_back(static_cast<int>(i));
    if (!ok.empty() && rnd_.chance(0.6)) return rnd_.pick(ok);
    return add_input(smooth_ ? DType::float64 : (rnd_.chance(0.7) ? dtype : input_dtype()), shape);
  }

  Var constant_like(DType dtype) {
    if (is_float(dtype)) {
      double v = smooth_ ? 0.5 + rnd_.uniform() : (special_values_ && rnd_.chance(0.3) ? float_value(dtype) : rnd_.pick(std::vector<double>{0.0, 0.5, 1.0, 2.0, -1.5, 3.0}));
      return kt::constant(Array(v).astype(dtype));
    }
    return kt::as_tensor(special_values_ && rnd_.chance(0.3) ? int_value() : static_cast<std::int64_t>(rnd_.below(7) - 2));
  }

  int grow() {
    if (smooth_) return grow_smooth();
    switch (rnd_.below(20)) {
      case 0: case 1: case 2: return unary(kUnary);
      case 3: case 4: case 5: case 6: return binary(kBinary);
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

  int grow_smooth() {
    switch (rnd_.below(11)) {
      case 0: case 1: return unary(kSmoothUnary);
      case 2: case 3: case 4: return binary(kSmoothBinary);
      case 5: return reduction(true);
      case 6: return dimshuffle();
      case 7: return subtensor();
      case 8: return rnd_.chance(0.5) ? set_or_inc() : advanced_subtensor();
      case 9: return dot();
      default: return join_or_stack();
    }
  }

  int unary(const std::vector<Named>& table) {
    const Named& op = rnd_.pick(table);
    Unary fn = op.fn;
    return add(op.name, {operand()}, [fn](const std::vector<Var>& a) { return fn(a[0]); });
  }

  int binary(const std::vector<NamedBinary>& table) {
    const NamedBinary& op = rnd_.pick(table);
    Binary fn = op.fn;
    int a = operand();
    if (!smooth_ && rnd_.chance(0.25)) {
      Var c = constant_like(dtype_of_step(a));
      bool left = rnd_.chance(0.3);
      return add(std::string(op.name) + (left ? " const " + constant_text(c.constant_value()) + " first" : " by const " + constant_text(c.constant_value())),
                 {a}, [fn, c, left](const std::vector<Var>& v) { return left ? fn(c, v[0]) : fn(v[0], c); });
    }
    // Mostly operands whose run-time shapes broadcast; sometimes any (both sides must raise).
    int b = rnd_.chance(0.1) ? operand() : operand_shaped(shape_of(a), true, dtype_of_step(a));
    if (rnd_.chance(0.5)) std::swap(a, b);
    return add(op.name, {a, b}, [fn](const std::vector<Var>& v) { return fn(v[0], v[1]); });
  }

  int switch_or_clip() {
    int a = operand();
    if (rnd_.chance(0.5)) {
      Var lo = constant_like(dtype_of_step(a)), hi = constant_like(dtype_of_step(a));
      return add("clip " + constant_text(lo.constant_value()) + " " + constant_text(hi.constant_value()), {a},
                 [lo, hi](const std::vector<Var>& v) { return kt::clip(v[0], lo, hi); });
    }
    int b = operand_shaped(shape_of(a), true, dtype_of_step(a));
    int c = operand_shaped(shape_of(a), true, dtype_of_step(a));
    if (rnd_.chance(0.5)) return add("switch", {a, b, c}, [](const std::vector<Var>& v) { return kt::switch_(v[0], v[1], v[2]); });
    return add("switch(a > 0)", {a, b, c}, [](const std::vector<Var>& v) { return kt::switch_(kt::gt(v[0], 0), v[1], v[2]); });
  }

  // A float to integer cast of a value outside the target's range (or NaN) is undefined, in
  // NumPy as in C: such casts are not generated.
  int cast() {
    DType to = rnd_.pick(kAllDTypes);
    int a = operand();
    const Array& value = *values_[static_cast<std::size_t>(a)];
    if (is_float(value.dtype()) && !is_float(to) && !is_bool(to)) {
      const double lo = is_unsigned(to) ? 0.0 : -std::ldexp(1.0, static_cast<int>(8 * itemsize(to)) - 1);
      const double hi = std::ldexp(1.0, static_cast<int>(8 * itemsize(to)) - (is_unsigned(to) ? 0 : 1));
      for (std::int64_t i = 0; i < value.size(); ++i) {
        double v = value.get_as_double(i);
        if (!(v > lo - 1 && v < hi)) return -1;
      }
    }
    return add("cast " + std::string(dtype_name(to)), {a}, [to](const std::vector<Var>& v) { return kt::cast(v[0], to); });
  }

  kt::Axes random_axes(int ndim) {
    if (ndim == 0 || rnd_.chance(0.3)) return std::nullopt;
    std::vector<int> axes;
    for (int d = 0; d < ndim; ++d)
      if (rnd_.chance(0.5)) axes.push_back(rnd_.chance(0.15) ? d - ndim : d);
    std::reverse(axes.begin(), axes.begin() + rnd_.below(static_cast<int>(axes.size()) + 1));
    return axes;
  }

  int reduction(bool smooth = false) {
    const auto& op = smooth ? kReductions[rnd_.chance(0.5) ? 0 : 6] : rnd_.pick(kReductions);
    int a = operand();
    kt::Axes axes = random_axes(values_[static_cast<std::size_t>(a)]->ndim());
    bool keepdims = rnd_.chance(0.3);
    Reduction fn = op.fn;
    return add(std::string(op.name) + " axis=" + axes_text(axes) + (keepdims ? " keepdims" : ""), {a},
               [fn, axes, keepdims](const std::vector<Var>& v) { return fn(v[0], axes, keepdims); });
  }

  int argmax() {
    int a = operand();
    int ndim = values_[static_cast<std::size_t>(a)]->ndim();
    std::optional<int> axis;
    if (ndim > 0 && rnd_.chance(0.7)) axis = rnd_.below(ndim);
    bool keepdims = rnd_.chance(0.3);
    return add("argmax axis=" + (axis ? std::to_string(*axis) : std::string("None")) + (keepdims ? " keepdims" : ""), {a},
               [axis, keepdims](const std::vector<Var>& v) { return kt::argmax(v[0], axis, keepdims); });
  }

  int dimshuffle() {
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

  int reshape() {
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

  std::vector<kt::Index> random_index(const Shape& shape) {
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

  static std::string index_text(const std::vector<kt::Index>& index) {
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

  int subtensor() {
    int a = operand();
    if (values_[static_cast<std::size_t>(a)]->ndim() == 0) return -1;
    auto index = random_index(shape_of(a));
    return add("subtensor " + index_text(index), {a}, [index](const std::vector<Var>& v) { return kt::subtensor(v[0], index); });
  }

  Array random_indices(std::int64_t extent) {
    int n = rnd_.below(5);
    std::vector<std::int64_t> idx;
    for (int i = 0; i < n; ++i) {
      std::int64_t k = extent > 0 ? rnd_.below(static_cast<int>(2 * extent)) - extent : 0;
      if (rnd_.chance(0.04)) k = extent;  // out of range
      idx.push_back(k);
    }
    return Array(idx);
  }

  static bool has_repeats(const Array& indices, std::int64_t extent) {
    std::vector<std::int64_t> seen;
    for (std::int64_t i = 0; i < indices.size(); ++i) {
      std::int64_t k = indices.get_as_int(i);
      if (k < 0) k += extent;
      if (std::find(seen.begin(), seen.end(), k) != seen.end()) return true;
      seen.push_back(k);
    }
    return false;
  }

  int advanced_subtensor() {
    int a = operand();
    if (values_[static_cast<std::size_t>(a)]->ndim() == 0) return -1;
    Var idx = kt::constant(random_indices(shape_of(a)[0]));
    return add("advanced_subtensor " + constant_text(idx.constant_value()), {a},
               [idx](const std::vector<Var>& v) { return kt::advanced_subtensor(v[0], idx); });
  }

  int set_or_inc() {
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

  int dot() {
    int a = operand();
    int ndim = values_[static_cast<std::size_t>(a)]->ndim();
    if (ndim != 1 && ndim != 2) return -1;
    std::int64_t inner = shape_of(a).back();
    Shape other = rnd_.chance(0.5) ? Shape{inner} : Shape{inner, extents_[static_cast<std::size_t>(rnd_.below(3))]};
    if (rnd_.chance(0.05)) other[0] += 1;  // mismatched: both sides raise
    int b = operand_shaped(other, false, dtype_of_step(a));
    return add("dot", {a, b}, [](const std::vector<Var>& v) { return kt::dot(v[0], v[1]); });
  }

  int join_or_stack() {
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

  int shape_and_alloc() {
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

  int random_variable() {
    int a = operand();
    const std::uint64_t seed = rnd_.next() % 1000;
    const int kind = rnd_.below(4);
    const bool sized = rnd_.chance(0.3);
    Shape size = sized ? shape_of(a) : Shape{};
    static const char* kNames[] = {"normal(a, 2)", "uniform(a, a + 1)", "poisson(abs(a))", "integers(0, 10) size of a"};
    return add(std::string(kNames[kind]) + " seed " + std::to_string(seed) + (sized ? " size " + shape_text(size) : ""), {a},
               [=](const std::vector<Var>& v) {
                 kt::random::RVOptions o{.size = size, .rng = random_generator_shared(seed)};
                 switch (kind) {
                   case 0: return kt::random::normal(v[0], 2.0, o);
                   case 1: return kt::random::uniform(v[0], v[0] + 1.0, o);
                   case 2: return kt::random::poisson(kt::abs(v[0]), o);
                   default: return kt::random::integers(0, 10, o);
                 }
               });
  }

  // A gradient graph's cost must be a float64 scalar: the sum of the last step.
  void finish_for_gradient() {
    int last = recipe_.outputs[0];
    if (!is_float(dtype_of_step(last)) || !values_[static_cast<std::size_t>(last)]) {
      recipe_.check_gradient = false;
      return;
    }
    recipe_.outputs = {add("sum", {last}, [](const std::vector<Var>& v) { return kt::cast(kt::sum(v[0]), DType::float64); })};
  }

  Random rnd_;
  Recipe recipe_;
  std::vector<Var> vars_;                     // per step
  std::vector<std::optional<Array>> values_;  // per step: its reference value, if it evaluated
  std::array<std::int64_t, 3> extents_{};     // an input of ndim k takes the last k (or 1)
  bool smooth_ = false;
  bool special_values_ = false;
};

}  // namespace

Recipe generate(std::uint64_t seed, std::uint64_t index) { return GraphGenerator(seed, index).run(); }

}  // namespace kiln::fuzz
