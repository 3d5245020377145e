// Elemwise and DimShuffle: type rules, printing and reference evaluation.
#include "tensor/elemwise.hpp"

#include "core/runtime_shape_checks.hpp"
#include "tensor/composite.hpp"

#include <algorithm>
#include <numeric>

namespace kiln::tensor {
namespace {

DType output_dtype(ScalarOp scalar, DType cast_to, const std::vector<DType>& inputs) {
  const ScalarOpInfo& info = scalar_info(scalar);
  auto upcast = [&](std::size_t from) {
    DType d = inputs[from];
    for (std::size_t i = from + 1; i < inputs.size(); ++i) d = promote(d, inputs[i]);
    return d;
  };
  switch (info.rule) {
    case DTypeRule::upcast: return upcast(0);
    case DTypeRule::upcast_float: return float_dtype_for(upcast(0));
    case DTypeRule::float_unary: return float_dtype_for(inputs[0]);
    case DTypeRule::boolean: return DType::bool_;
    case DTypeRule::integral: {
      DType d = upcast(0);
      if (is_float(d))
        throw TypeError("Elemwise{" + std::string(info.name) + "}: needs integer or bool inputs, got " +
                        std::string(dtype_name(d)));
      return d;
    }
    case DTypeRule::switch_rule: return upcast(1);
    case DTypeRule::last_input: return inputs.back();
    case DTypeRule::cast: return cast_to;
  }
  return DType::float64;
}

std::string types_list(const std::vector<Var>& inputs) {
  std::string s;
  for (std::size_t i = 0; i < inputs.size(); ++i) s += (i ? " and " : "") + inputs[i].type().str();
  return s;
}

// Iterates over the broadcast output shape keeping one element offset per operand.
class BroadcastCursor {
 public:
  BroadcastCursor(const Shape& shape, std::vector<Strides> strides)
      : shape_(shape), strides_(std::move(strides)), index_(shape.size(), 0), offsets_(strides_.size(), 0) {}
  const std::vector<std::int64_t>& offsets() const { return offsets_; }
  void next() {
    for (std::size_t d = shape_.size(); d-- > 0;) {
      ++index_[d];
      for (std::size_t k = 0; k < strides_.size(); ++k) offsets_[k] += strides_[k][d];
      if (index_[d] < shape_[d]) return;
      for (std::size_t k = 0; k < strides_.size(); ++k) offsets_[k] -= strides_[k][d] * index_[d];
      index_[d] = 0;
    }
  }

 private:
  Shape shape_;
  std::vector<Strides> strides_;
  std::vector<std::int64_t> index_;
  std::vector<std::int64_t> offsets_;
};

template <class T>
T load(const Array& a, std::int64_t off) {
  return visit_dtype(a.dtype(), [&](auto t) { return static_cast<T>(static_cast<const decltype(t)*>(a.raw_data())[off]); });
}

// PyTensor's run-time broadcasting rule for the operands of an elementwise loop: a dimension
// broadcasts only where the operand's static shape says it has length 1. The rewrites rely on
// it when they take a result's shape from one operand (shape(x + y) -> shape(x)).
void check_runtime_broadcast(const Apply& node, const std::vector<Array>& inputs) {
  const auto& vars = node.inputs();
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const Shape& si = inputs[i].shape();
    for (std::size_t d = 0; d < si.size(); ++d) {
      if (si[d] != 1 || vars[i].type().shape()[d] == std::int64_t{1}) continue;
      for (std::size_t j = 0; j < inputs.size(); ++j) {
        const Shape& sj = inputs[j].shape();
        if (sj.size() != si.size() || sj[d] == 1) continue;
        throw ValueError(node.op().name() + ": run-time broadcasting is not allowed: input " + std::to_string(i) +
                         " has shape " + shape_string(si) + " and input " + std::to_string(j) + " has shape " +
                         shape_string(sj) + " (axis " + std::to_string(d) + "), but input " + std::to_string(i) +
                         "'s type " + vars[i].type().str() +
                         " does not say that axis has length 1 (a dimension broadcasts only where its static "
                         "shape is 1: use specify_shape or a dimshuffle)");
      }
    }
  }
}

// A Composite is a fused group of Elemwise nodes: the same rule.
[[maybe_unused]] const bool registered_elemwise_check = register_runtime_shape_check(typeid(Elemwise), check_runtime_broadcast);
[[maybe_unused]] const bool registered_composite_check = register_runtime_shape_check(typeid(Composite), check_runtime_broadcast);

}  // namespace

std::string Elemwise::name() const {
  if (scalar_ == ScalarOp::cast) return "Elemwise{Cast{" + std::string(dtype_name(cast_to_)) + "}}";
  return "Elemwise{" + std::string(scalar_info(scalar_).name) + ",no_inplace}";
}

// Equality and hashing without building names: the merge rewrite and the compile cache call
// these for every node.
bool Elemwise::equals(const Op& other) const {
  auto* o = dynamic_cast<const Elemwise*>(&other);
  return o && o->scalar_ == scalar_ && (scalar_ != ScalarOp::cast || o->cast_to_ == cast_to_);
}

std::size_t Elemwise::hash() const {
  return (static_cast<std::size_t>(scalar_) << 8 | static_cast<std::size_t>(cast_to_)) * 0x9E3779B97F4A7C15ull;
}

bool DimShuffle::equals(const Op& other) const {
  auto* o = dynamic_cast<const DimShuffle*>(&other);
  return o && o->input_ndim_ == input_ndim_ && o->new_order_ == new_order_;
}

std::size_t DimShuffle::hash() const {
  std::size_t h = 0xD1u + static_cast<std::size_t>(input_ndim_);
  for (int a : new_order_) h = h * 31 + static_cast<std::size_t>(a + 2);
  return h;
}

StaticShape broadcast_static_shapes(const std::vector<Var>& inputs, const std::string& op_name) {
  int ndim = inputs.empty() ? 0 : inputs[0].ndim();
  for (const auto& in : inputs)
    if (in.ndim() != ndim)
      throw TypeError(op_name + ": inputs have different ndim: " + types_list(inputs));
  StaticShape out(static_cast<std::size_t>(ndim), std::int64_t{1});
  for (std::size_t d = 0; d < out.size(); ++d) {
    bool unknown = false;
    std::optional<std::int64_t> known;
    for (const auto& in : inputs) {
      const auto& dim = in.type().shape()[d];
      if (!dim) {
        unknown = true;
      } else if (*dim != 1) {
        if (known && *known != *dim)
          throw TypeError(op_name + ": incompatible static shapes " + types_list(inputs) + " (axis " +
                          std::to_string(d) + ": " + std::to_string(*known) + " vs " + std::to_string(*dim) + ")");
        known = dim;
      }
    }
    out[d] = known ? known : (unknown ? std::nullopt : std::optional<std::int64_t>(1));
  }
  return out;
}

Shape broadcast_shapes(const std::vector<Shape>& shapes, const std::string& op_name) {
  Shape out = shapes.empty() ? Shape{} : shapes[0];
  for (const auto& s : shapes) {
    if (s.size() != out.size()) throw ValueError(op_name + ": operands have different ndim at run time");
    for (std::size_t d = 0; d < s.size(); ++d) {
      if (s[d] == out[d] || s[d] == 1) continue;
      if (out[d] != 1)
        throw ValueError(op_name + ": shapes " + shape_string(out) + " and " + shape_string(s) +
                         " do not broadcast (axis " + std::to_string(d) + ")");
      out[d] = s[d];
    }
  }
  return out;
}

std::vector<TensorType> Elemwise::output_types(const std::vector<Var>& inputs) const {
  const ScalarOpInfo& info = scalar_info(scalar_);
  bool arity_ok = info.arity < 0 ? inputs.size() >= 1 : inputs.size() == static_cast<std::size_t>(info.arity);
  if (!arity_ok)
    throw TypeError(name() + ": takes " + (info.arity < 0 ? std::string("at least 1") : std::to_string(info.arity)) +
                    " inputs, got " + std::to_string(inputs.size()));
  for (const auto& in : inputs)
    if (!in.type().is_tensor()) throw TypeError(name() + ": input " + to_string(in) + " is not a tensor");
  std::vector<DType> dtypes;
  for (const auto& in : inputs) dtypes.push_back(in.dtype());
  return {TensorType(output_dtype(scalar_, cast_to_, dtypes), broadcast_static_shapes(inputs, name()))};
}

void Elemwise::perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const {
  std::vector<Shape> shapes;
  for (const auto& in : inputs) shapes.push_back(in.shape());
  Shape shape = broadcast_shapes(shapes, name());
  std::vector<DType> dtypes;
  for (const auto& in : inputs) dtypes.push_back(in.dtype());
  DType out_dtype = output_dtype(scalar_, cast_to_, dtypes);
  Array out = Array::empty(out_dtype, shape);

  std::vector<Strides> strides;
  for (const auto& in : inputs) strides.push_back(in.broadcast_to(shape).strides());
  strides.push_back(out.strides());
  BroadcastCursor cursor(shape, strides);

  // Integer inputs to an integer or bool result compute in int64, exactly (2^53 + 1 != 2^53).
  bool int_path = integer_semantics(scalar_, out_dtype, dtypes);
  std::int64_t n = out.size();
  std::vector<double> args(inputs.size());
  std::vector<std::int64_t> iargs(inputs.size());
  std::size_t k_out = inputs.size();
  for (std::int64_t i = 0; i < n; ++i, cursor.next()) {
    const auto& off = cursor.offsets();
    std::int64_t flat_out = off[k_out];
    if (int_path) {
      for (std::size_t k = 0; k < inputs.size(); ++k) iargs[k] = load<std::int64_t>(inputs[k], off[k]);
      std::int64_t r = eval_scalar_int(scalar_, iargs);
      visit_dtype(out_dtype, [&](auto t) { static_cast<decltype(t)*>(out.raw_data())[flat_out] = static_cast<decltype(t)>(r); });
    } else {
      for (std::size_t k = 0; k < inputs.size(); ++k) args[k] = load<double>(inputs[k], off[k]);
      double r = eval_scalar(scalar_, args);
      visit_dtype(out_dtype, [&](auto t) { static_cast<decltype(t)*>(out.raw_data())[flat_out] = static_cast<decltype(t)>(r); });
    }
  }
  outputs[0] = std::move(out);
}

DimShuffle::DimShuffle(int input_ndim, std::vector<int> new_order) : input_ndim_(input_ndim), new_order_(std::move(new_order)) {
  std::vector<bool> used(static_cast<std::size_t>(input_ndim), false);
  for (int axis : new_order_) {
    if (axis == -1) continue;
    if (axis < 0 || axis >= input_ndim || used[static_cast<std::size_t>(axis)])
      throw TypeError("DimShuffle: invalid new order for an input of ndim " + std::to_string(input_ndim));
    used[static_cast<std::size_t>(axis)] = true;
  }
}

std::string DimShuffle::name() const {
  std::string s = "InplaceDimShuffle{";
  for (std::size_t i = 0; i < new_order_.size(); ++i) {
    if (i) s += ",";
    s += new_order_[i] == -1 ? std::string("x") : std::to_string(new_order_[i]);
  }
  return s + "}";
}

std::vector<TensorType> DimShuffle::output_types(const std::vector<Var>& inputs) const {
  if (inputs.size() != 1 || inputs[0].ndim() != input_ndim_)
    throw TypeError(name() + ": expects one input of ndim " + std::to_string(input_ndim_));
  const auto& in = inputs[0].type();
  std::vector<bool> kept(static_cast<std::size_t>(input_ndim_), false);
  StaticShape shape;
  for (int axis : new_order_) {
    if (axis == -1) {
      shape.push_back(1);
    } else {
      shape.push_back(in.shape()[static_cast<std::size_t>(axis)]);
      kept[static_cast<std::size_t>(axis)] = true;
    }
  }
  for (int d = 0; d < input_ndim_; ++d)
    if (!kept[static_cast<std::size_t>(d)] && in.shape()[static_cast<std::size_t>(d)] != 1)
      throw TypeError(name() + ": cannot drop axis " + std::to_string(d) + " of " + in.str() +
                      ", which is not known to have length 1");
  return {TensorType(in.dtype(), shape)};
}

void DimShuffle::perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const {
  const Array& in = inputs[0];
  Shape shape;
  Strides strides;
  for (int axis : new_order_) {
    if (axis == -1) {
      shape.push_back(1);
      strides.push_back(0);
    } else {
      shape.push_back(in.shape()[static_cast<std::size_t>(axis)]);
      strides.push_back(in.strides()[static_cast<std::size_t>(axis)]);
    }
  }
  for (int d = 0; d < input_ndim_; ++d)
    if (std::find(new_order_.begin(), new_order_.end(), d) == new_order_.end() && in.shape()[static_cast<std::size_t>(d)] != 1)
      throw ValueError(name() + ": dropped axis " + std::to_string(d) + " has length " +
                       std::to_string(in.shape()[static_cast<std::size_t>(d)]) + ", not 1");
  // The view keeps the input's buffer alive.
  outputs[0] = Array::view_raw(in.dtype(), in.raw_data(), shape, strides, std::make_shared<Array>(in));
}

Var expand_to_ndim(const Var& v, int ndim) {
  if (v.ndim() >= ndim) return v;
  std::vector<int> order(static_cast<std::size_t>(ndim - v.ndim()), -1);
  for (int d = 0; d < v.ndim(); ++d) order.push_back(d);
  return apply_op(std::make_shared<DimShuffle>(v.ndim(), order), {v});
}

Var elemwise(ScalarOp scalar, std::vector<Var> inputs) {
  require_vars(inputs, std::string(scalar_info(scalar).name), "input");
  int ndim = 0;
  for (const auto& in : inputs) ndim = std::max(ndim, in.ndim());
  for (auto& in : inputs) in = expand_to_ndim(in, ndim);
  return apply_op(std::make_shared<Elemwise>(scalar), std::move(inputs));
}

}  // namespace kiln::tensor
