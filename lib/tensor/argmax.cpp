// Argmax: its printed name (Argmax{axis=[1]}), type rule (int64, the axis removed), reference
// evaluation and (disconnected) gradient, and the kt::argmax builder.
#include "tensor/argmax.hpp"

#include <cmath>

namespace kiln::tensor {

std::string Argmax::name() const { return axis_ ? "Argmax{axis=[" + std::to_string(*axis_) + "]}" : "Argmax"; }

std::vector<TensorType> Argmax::output_types(const std::vector<Var>& inputs) const {
  if (inputs.size() != 1) throw TypeError(name() + ": takes 1 input, got " + std::to_string(inputs.size()));
  const TensorType& in = inputs[0].type();
  if (axis_ && (*axis_ < 0 || *axis_ >= in.ndim()))
    throw TypeError(name() + ": axis " + std::to_string(*axis_) + " is out of range for " + in.str());
  StaticShape shape;
  if (axis_)
    for (int d = 0; d < in.ndim(); ++d)
      if (d != *axis_) shape.push_back(in.shape()[static_cast<std::size_t>(d)]);
  return {TensorType(DType::int64, shape)};
}

void Argmax::perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const {
  const Array& in = inputs[0];
  const Shape& shape = in.shape();
  // The input as (outer, length, inner) around the axis: element (o, k, i) is at flat index
  // (o * length + k) * inner + i in C order.
  std::int64_t outer = 1, length = in.size(), inner = 1;
  Shape out_shape;
  if (axis_) {
    length = shape[static_cast<std::size_t>(*axis_)];
    for (int d = 0; d < in.ndim(); ++d) {
      if (d == *axis_) continue;
      out_shape.push_back(shape[static_cast<std::size_t>(d)]);
      (d < *axis_ ? outer : inner) *= shape[static_cast<std::size_t>(d)];
    }
  }
  if (length == 0)
    throw ValueError(name() + ": an empty sequence (input shape " + shape_string(shape) + ") has no argmax");
  Array out = Array::empty(DType::int64, out_shape);
  std::int64_t* o = out.data<std::int64_t>();
  const bool floating = is_float(in.dtype());
  // Compares as double for floats (NaN wins, as NumPy's) and as int64 for integers (exact).
  auto larger = [&](std::int64_t a, std::int64_t b) {
    if (!floating) return in.get_as_int(a) > in.get_as_int(b);
    const double x = in.get_as_double(a), y = in.get_as_double(b);
    return !std::isnan(y) && (std::isnan(x) || x > y);
  };
  for (std::int64_t oi = 0; oi < outer; ++oi)
    for (std::int64_t ii = 0; ii < inner; ++ii) {
      const std::int64_t base = oi * length * inner + ii;
      std::int64_t best = 0;
      for (std::int64_t k = 1; k < length; ++k)
        if (larger(base + k * inner, base + best * inner)) best = k;
      o[oi * inner + ii] = best;
    }
  outputs[0] = out;
}

std::vector<Var> Argmax::grad(const Apply&, const std::vector<Var>&) const { return {Var()}; }

Var argmax(const Var& a, std::optional<int> axis, bool keepdims) {
  std::optional<int> norm;
  if (axis) {
    norm = *axis < 0 ? *axis + a.ndim() : *axis;
    if (*norm < 0 || *norm >= a.ndim())
      throw TypeError("argmax: axis " + std::to_string(*axis) + " is out of range for " + a.type().str());
  }
  Var out = apply_op(std::make_shared<Argmax>(norm), {a});
  if (!keepdims) return out;
  std::vector<int> order;
  for (int d = 0, next = 0; d < a.ndim(); ++d) order.push_back(!norm || d == *norm ? -1 : next++);
  return dimshuffle(out, order);
}

}  // namespace kiln::tensor
