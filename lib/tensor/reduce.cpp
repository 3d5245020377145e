// Reductions: type rules, Aesara's printed names, reference evaluation, gradients, and the
// kt:: builders (keepdims as a DimShuffle after the reduction, as Aesara does).
#include "tensor/reduce.hpp"

#include <algorithm>
#include <memory>
#include <cmath>
#include <type_traits>

namespace kiln::tensor {
namespace {

// Integer sums and products wrap as NumPy's do; 64-bit unsigned arithmetic keeps that defined
// (narrower unsigned types would promote to int and could overflow).
// (Sum and Prod never output bool, but the loop is instantiated for every dtype.)
template <class T>
T wrapping_add(T a, T b) {
  if constexpr (std::is_same_v<T, bool>) {
    return a || b;
  } else if constexpr (std::is_integral_v<T>) {
    return static_cast<T>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
  } else {
    return a + b;
  }
}
template <class T>
T wrapping_mul(T a, T b) {
  if constexpr (std::is_same_v<T, bool>) {
    return a && b;
  } else if constexpr (std::is_integral_v<T>) {
    return static_cast<T>(static_cast<std::uint64_t>(a) * static_cast<std::uint64_t>(b));
  } else {
    return a * b;
  }
}

// Element `flat` of `a` as T, through int64 for integers so large values stay exact.
template <class T>
T element_as(const Array& a, std::int64_t flat) {
  if constexpr (std::is_floating_point_v<T>)
    return static_cast<T>(a.get_as_double(flat));
  else
    return static_cast<T>(a.get_as_int(flat));
}

template <class T>
bool replaces(ReduceKind kind, T candidate, T current) {
  if constexpr (std::is_floating_point_v<T>)
    if (std::isnan(candidate)) return true;  // NaN propagates, as np.max
  return kind == ReduceKind::max ? candidate > current : candidate < current;
}

Axes normalize_axes(const Var& a, const Axes& axis, ReduceKind kind) {
  if (!axis) return std::nullopt;
  std::vector<int> out;
  for (int ax : *axis) {
    int norm = ax < 0 ? ax + a.ndim() : ax;
    if (norm < 0 || norm >= a.ndim())
      throw TypeError(std::string(reduce_name(kind)) + ": axis " + std::to_string(ax) + " is out of range for " +
                      a.type().str());
    if (std::find(out.begin(), out.end(), norm) != out.end())
      throw TypeError(std::string(reduce_name(kind)) + ": axis " + std::to_string(ax) + " is repeated");
    out.push_back(norm);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Puts the reduced axes back (as 'x') so a reduction's output broadcasts against its input.
Var pad_reduced(const Var& v, int ndim, const Axes& axis) {
  std::vector<int> order = keepdims_order(ndim, axis);
  bool identity = static_cast<int>(order.size()) == v.ndim();
  for (std::size_t i = 0; identity && i < order.size(); ++i) identity = order[i] == static_cast<int>(i);
  return identity ? v : dimshuffle(v, order);
}

Var reduce(ReduceKind kind, const Var& a, const Axes& axis, bool keepdims) {
  require_var(a, std::string(reduce_name(kind)), "input 0");
  Axes norm = normalize_axes(a, axis, kind);
  bool logical = kind == ReduceKind::all || kind == ReduceKind::any;
  Var in = logical && a.dtype() != DType::bool_ ? neq(a, Var(0)) : a;
  bool accumulates = kind == ReduceKind::sum || kind == ReduceKind::prod;
  DType acc = accumulates ? default_acc_dtype(a.dtype()) : a.dtype();
  Var out = apply_op(std::make_shared<Reduce>(kind, norm, acc), {in});
  return keepdims ? pad_reduced(out, a.ndim(), norm) : out;
}

// PyTensor's Prod gradient: out/x where the group has no zero; at the single zero of a group,
// the product of the other elements; zero elsewhere.
Var prod_grad(const Var& x, const Var& out, const Var& gz, const Axes& axis) {
  int nd = x.ndim();
  Var gz_pad = pad_reduced(gz, nd, axis);
  Var where_zeros = eq(x, Var(0.0));
  Var zeros_per_group = sum(where_zeros, axis);
  Var single_zero_group = pad_reduced(eq(zeros_per_group, Var(1)), nd, axis);
  Var no_zero_group = pad_reduced(eq(zeros_per_group, Var(0)), nd, axis);
  Var where_single_zero = and_(single_zero_group, where_zeros);
  Var prod_without_zeros = pad_reduced(prod(switch_(where_zeros, Var(1), x), axis), nd, axis);
  Var without_zeros = gz_pad * pad_reduced(out, nd, axis) / x;
  Var with_zero = switch_(where_single_zero, prod_without_zeros, Var(0.0)) * gz_pad;
  return switch_(no_zero_group, without_zeros, with_zero);
}

}  // namespace

DType default_acc_dtype(DType input) {
  if (is_float(input)) return input;
  return is_unsigned(input) ? DType::uint64 : DType::int64;
}

std::vector<int> keepdims_order(int ndim, const Axes& axis) {
  std::vector<int> order;
  int next = 0;
  for (int d = 0; d < ndim; ++d) {
    bool reduced = !axis || std::find(axis->begin(), axis->end(), d) != axis->end();
    order.push_back(reduced ? -1 : next++);
  }
  return order;
}

Var grad_for(const Var& x, Var g) {
  int added = g.ndim() - x.ndim();
  std::vector<int> axes;
  for (int d = 0; d < g.ndim(); ++d) {
    bool x_broadcasts = d < added || x.type().broadcastable(d - added);
    if (x_broadcasts && !g.type().broadcastable(d)) axes.push_back(d);
  }
  if (!axes.empty()) g = sum(g, axes, true);
  if (added > 0) {
    std::vector<int> order;
    for (int d = added; d < g.ndim(); ++d) order.push_back(d);
    g = dimshuffle(g, order);
  }
  return g.dtype() == x.dtype() ? g : cast(g, x.dtype());
}

Reduce::Reduce(ReduceKind kind, Axes axis, DType acc_dtype)
    : kind_(kind), axis_(std::move(axis)), acc_dtype_(acc_dtype) {}

bool Reduce::reduces(int axis) const { return !axis_ || std::find(axis_->begin(), axis_->end(), axis) != axis_->end(); }

std::string Reduce::name() const {
  std::string args;
  if (axis_) {
    args = "axis=[";
    for (std::size_t i = 0; i < axis_->size(); ++i) args += (i ? ", " : "") + std::to_string((*axis_)[i]);
    args += "]";
  }
  if (kind_ == ReduceKind::sum || kind_ == ReduceKind::prod)
    args += (args.empty() ? "" : ", ") + std::string("acc_dtype=") + std::string(dtype_name(acc_dtype_));
  return std::string(reduce_name(kind_)) + (args.empty() ? "" : "{" + args + "}");
}

DType Reduce::output_dtype(DType input) const {
  if (kind_ == ReduceKind::sum || kind_ == ReduceKind::prod) return acc_dtype_;
  return kind_ == ReduceKind::all || kind_ == ReduceKind::any ? DType::bool_ : input;
}

std::vector<TensorType> Reduce::output_types(const std::vector<Var>& inputs) const {
  if (inputs.size() != 1) throw TypeError(name() + ": takes 1 input, got " + std::to_string(inputs.size()));
  const TensorType& in = inputs[0].type();
  if (axis_ && !axis_->empty() && axis_->back() >= in.ndim())
    throw TypeError(name() + ": axis " + std::to_string(axis_->back()) + " is out of range for " + in.str());
  if ((kind_ == ReduceKind::all || kind_ == ReduceKind::any) && in.dtype() != DType::bool_)
    throw TypeError(name() + ": needs a bool input, got " + in.str());
  if ((kind_ == ReduceKind::sum || kind_ == ReduceKind::prod) && promote(in.dtype(), acc_dtype_) != acc_dtype_)
    throw TypeError(name() + ": cannot accumulate " + in.str() + " in " + std::string(dtype_name(acc_dtype_)));
  StaticShape shape;
  for (int d = 0; d < in.ndim(); ++d)
    if (!reduces(d)) shape.push_back(in.shape()[static_cast<std::size_t>(d)]);
  return {TensorType(output_dtype(in.dtype()), shape)};
}

void raise_empty_reduction(const std::string& name, const Shape& shape) {
  throw ValueError(name + ": zero-size array (shape " + shape_string(shape) + ") to a reduction which has no identity");
}

void Reduce::perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const {
  const Array& in = inputs[0];
  const int nd = in.ndim();
  Shape out_shape;
  for (int d = 0; d < nd; ++d) {
    std::int64_t len = in.shape()[static_cast<std::size_t>(d)];
    if (!reduces(d))
      out_shape.push_back(len);
    else if (len == 0 && (kind_ == ReduceKind::max || kind_ == ReduceKind::min))
      raise_empty_reduction(name(), in.shape());
  }
  // out_stride[d]: how far output element moves when input axis d advances (0 if reduced).
  const Strides out_strides = contiguous_strides(out_shape);
  std::vector<std::int64_t> out_stride(static_cast<std::size_t>(nd), 0);
  for (int d = 0, k = 0; d < nd; ++d)
    if (!reduces(d)) out_stride[static_cast<std::size_t>(d)] = out_strides[static_cast<std::size_t>(k++)];

  Array out = Array::empty(output_dtype(in.dtype()), out_shape);
  visit_dtype(out.dtype(), [&](auto zero) {
    // float32 accumulates in float64 and rounds once at the end, as Aesara's Sum does (the sum
    // of 2^25 float32 ones is 33554432, not 16777216).
    using T = std::conditional_t<std::is_same_v<decltype(zero), float>, double, decltype(zero)>;
    const std::int64_t n_out = out.size();
    auto acc = std::make_unique<T[]>(static_cast<std::size_t>(n_out));  // not vector<bool>
    T* o = acc.get();
    bool multiplicative = kind_ == ReduceKind::prod || kind_ == ReduceKind::all;
    T start = multiplicative ? T(1) : T(0);
    // A float sum starts from -0.0, IEEE's additive identity, so that the sum of [-0.0] is -0.0
    // as in NumPy; a sum over nothing stays +0.0.
    if constexpr (std::is_floating_point_v<T>)
      if (kind_ == ReduceKind::sum && in.size() > 0) start = T(-0.0);
    std::fill(o, o + n_out, start);
    // A float sum or product over every axis adds in reduce_in_lanes' order, as the JIT's
    // kernels do (and NumPy's pairwise sum).
    const bool in_lanes = std::is_floating_point_v<T> && out_shape.empty() && in.size() > 0 &&
                          (kind_ == ReduceKind::sum || kind_ == ReduceKind::prod);
    if (in_lanes) {
      if constexpr (std::is_floating_point_v<T>)
        o[0] = reduce_in_lanes(kind_, in.size(), [&](std::int64_t i) { return element_as<T>(in, i); });
    } else {
      std::vector<char> seen(static_cast<std::size_t>(n_out), 0);
      for (std::int64_t i = 0; i < in.size(); ++i) {
        std::int64_t rem = i, k = 0;
        for (int d = nd; d-- > 0;) {
          std::int64_t len = in.shape()[static_cast<std::size_t>(d)];
          k += (rem % len) * out_stride[static_cast<std::size_t>(d)];
          rem /= len;
        }
        T v = element_as<T>(in, i);
        switch (kind_) {
          case ReduceKind::sum: o[k] = wrapping_add(o[k], v); break;
          case ReduceKind::prod: o[k] = wrapping_mul(o[k], v); break;
          case ReduceKind::all: o[k] = o[k] && v; break;
          case ReduceKind::any: o[k] = o[k] || v; break;
          case ReduceKind::max:
          case ReduceKind::min:
            if (!seen[static_cast<std::size_t>(k)] || replaces(kind_, v, o[k])) o[k] = v;
            seen[static_cast<std::size_t>(k)] = 1;
            break;
        }
      }
    }
    auto* result = static_cast<decltype(zero)*>(out.raw_data());
    for (std::int64_t k = 0; k < n_out; ++k) result[k] = static_cast<decltype(zero)>(o[k]);
  });
  outputs[0] = std::move(out);
}

std::vector<Var> Reduce::grad(const Apply& node, const std::vector<Var>& output_grads) const {
  const Var& x = node.inputs()[0];
  if (!is_float(x.dtype()) || kind_ == ReduceKind::all || kind_ == ReduceKind::any) return {Var()};
  const Var& gz = output_grads[0];
  switch (kind_) {
    case ReduceKind::sum: return {grad_for(x, second(x, pad_reduced(gz, x.ndim(), axis_)))};
    case ReduceKind::prod: return {grad_for(x, prod_grad(x, node.output(0), gz, axis_))};
    default: break;
  }
  // Max and Min: the gradient goes to every position that equals the extremum.
  Var at_extremum = eq(x, pad_reduced(node.output(0), x.ndim(), axis_));
  return {grad_for(x, at_extremum * pad_reduced(gz, x.ndim(), axis_))};
}

Var sum(const Var& a, Axes axis, bool keepdims) { return reduce(ReduceKind::sum, a, axis, keepdims); }
Var sum(const Var& a, int axis, bool keepdims) { return sum(a, std::vector<int>{axis}, keepdims); }
Var prod(const Var& a, Axes axis, bool keepdims) { return reduce(ReduceKind::prod, a, axis, keepdims); }
Var max(const Var& a, Axes axis, bool keepdims) { return reduce(ReduceKind::max, a, axis, keepdims); }
Var min(const Var& a, Axes axis, bool keepdims) { return reduce(ReduceKind::min, a, axis, keepdims); }
Var all(const Var& a, Axes axis, bool keepdims) { return reduce(ReduceKind::all, a, axis, keepdims); }
Var any(const Var& a, Axes axis, bool keepdims) { return reduce(ReduceKind::any, a, axis, keepdims); }
Var prod(const Var& a, int axis, bool keepdims) { return prod(a, std::vector<int>{axis}, keepdims); }
Var max(const Var& a, int axis, bool keepdims) { return max(a, std::vector<int>{axis}, keepdims); }
Var min(const Var& a, int axis, bool keepdims) { return min(a, std::vector<int>{axis}, keepdims); }
Var all(const Var& a, int axis, bool keepdims) { return all(a, std::vector<int>{axis}, keepdims); }
Var any(const Var& a, int axis, bool keepdims) { return any(a, std::vector<int>{axis}, keepdims); }
Var mean(const Var& a, int axis, bool keepdims) { return mean(a, std::vector<int>{axis}, keepdims); }

// Mean is a graph, sum / count, as Aesara builds it: gradients and rewrites then need nothing
// new. The count is a constant when the reduced dims are known statically, else a product of
// Shape entries; it is a float of the sum's precision so float32 stays float32.
Var mean(const Var& a, Axes axis, bool keepdims) {
  Var s = sum(a, axis, keepdims);
  DType count_dtype = s.dtype() == DType::float32 ? DType::float32 : DType::float64;
  Axes norm = normalize_axes(a, axis, ReduceKind::sum);
  std::int64_t known = 1;
  Var symbolic;
  for (int d = 0; d < a.ndim(); ++d) {
    if (norm && std::find(norm->begin(), norm->end(), d) == norm->end()) continue;
    if (auto len = a.type().shape()[static_cast<std::size_t>(d)]) {
      known *= *len;
    } else {
      Var len_d = subtensor(shape(a), {d});
      symbolic = symbolic ? symbolic * len_d : len_d;
    }
  }
  Var count = make_constant(Array::full(count_dtype, {}, static_cast<double>(known)));
  if (symbolic) count = known == 1 ? cast(symbolic, count_dtype) : cast(symbolic, count_dtype) * count;
  return true_div(s, count);
}

}  // namespace kiln::tensor
