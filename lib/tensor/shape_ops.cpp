// Shape, Reshape, Alloc and SpecifyShape: type rules that carry static shapes as far as they
// are known, reference evaluation, gradients, and the kt:: builders.
#include "tensor/shape_ops.hpp"

#include "tensor/join.hpp"
#include "tensor/reduce.hpp"

namespace kiln::tensor {
namespace {

std::string static_shape_text(const StaticShape& shape) {
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + (shape[i] ? std::to_string(*shape[i]) : "None");
  return s + (shape.size() == 1 ? ",)" : ")");
}

// A shape entry given as a 0-d integer input of Alloc: its value when it is a constant.
std::optional<std::int64_t> constant_dim(const Var& v) {
  if (!v.is_constant()) return std::nullopt;
  return v.constant_value().get_as_int(0);
}

// Reshape's static output: known entries, with the one -1 inferred when x's size is known.
StaticShape reshape_static_shape(const TensorType& x, const std::vector<std::optional<std::int64_t>>& entries,
                                 const std::string& op_name) {
  int inferred = -1;
  std::int64_t rest = 1;
  bool rest_known = true;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (!entries[i]) {
      rest_known = false;
    } else if (*entries[i] == -1) {
      if (inferred >= 0)
        throw TypeError(op_name + ": only one dimension can be -1, got shape " + static_shape_text(entries));
      inferred = static_cast<int>(i);
    } else if (*entries[i] < -1) {
      throw TypeError(op_name + ": negative dimension " + std::to_string(*entries[i]) + " in shape " +
                      static_shape_text(entries));
    } else if (__builtin_mul_overflow(rest, *entries[i], &rest)) {
      throw TypeError(op_name + ": shape " + static_shape_text(entries) + " has more elements than fit in 64 bits");
    }
  }
  StaticShape out(entries.begin(), entries.end());
  if (inferred >= 0) out[static_cast<std::size_t>(inferred)] = std::nullopt;
  if (!x.fully_known() || !rest_known) return out;
  std::int64_t total = 1;
  for (const auto& d : x.shape())
    if (__builtin_mul_overflow(total, *d, &total))
      throw TypeError(op_name + ": " + x.str() + " has more elements than fit in 64 bits");
  bool fits = inferred >= 0 ? rest != 0 && total % rest == 0 : total == rest;
  if (!fits) throw TypeError(op_name + ": cannot reshape " + x.str() + " into shape " + static_shape_text(entries));
  if (inferred >= 0) out[static_cast<std::size_t>(inferred)] = total / rest;
  return out;
}

}  // namespace

std::vector<std::optional<std::int64_t>> known_entries(const Var& v) {
  if (v.ndim() != 1) return {};
  if (v.is_constant()) {
    std::vector<std::optional<std::int64_t>> out;
    for (auto e : v.constant_value().to_vector<std::int64_t>()) out.emplace_back(e);
    return out;
  }
  if (auto owner = v.owner()) {
    if (dynamic_cast<const MakeVector*>(&owner->op())) {
      std::vector<std::optional<std::int64_t>> out;
      for (const auto& in : owner->inputs()) out.push_back(constant_dim(in));
      return out;
    }
    if (dynamic_cast<const ShapeOp*>(&owner->op())) {
      const auto& shape = owner->inputs()[0].type().shape();
      return {shape.begin(), shape.end()};
    }
  }
  const auto& len = v.type().shape()[0];
  return std::vector<std::optional<std::int64_t>>(static_cast<std::size_t>(len.value_or(0)));
}

// ---- Shape ----------------------------------------------------------------------------

std::vector<TensorType> ShapeOp::output_types(const std::vector<Var>& inputs) const {
  if (inputs.size() != 1 || !inputs[0].type().is_tensor()) throw TypeError("Shape: takes one tensor input");
  return {TensorType(DType::int64, {inputs[0].ndim()})};
}

void ShapeOp::perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const {
  outputs[0] = Array(std::vector<std::int64_t>(inputs[0].shape().begin(), inputs[0].shape().end()));
}

std::vector<Var> ShapeOp::grad(const Apply&, const std::vector<Var>&) const { return {Var()}; }

// ---- Reshape --------------------------------------------------------------------------

std::vector<TensorType> Reshape::output_types(const std::vector<Var>& inputs) const {
  if (inputs.size() != 2) throw TypeError(name() + ": takes 2 inputs (x, shape), got " + std::to_string(inputs.size()));
  const Var& shape = inputs[1];
  const auto& len = shape.ndim() == 1 ? shape.type().shape()[0] : std::nullopt;
  if (shape.ndim() != 1 || !is_integer(shape.dtype()) || (len && *len != ndim_))
    throw TypeError(name() + ": the shape must be an integer vector of length " + std::to_string(ndim_) + ", got " +
                    shape.type().str());
  auto entries = known_entries(shape);
  entries.resize(static_cast<std::size_t>(ndim_));
  return {TensorType(inputs[0].dtype(), reshape_static_shape(inputs[0].type(), entries, name()))};
}

Shape reshape_target(const Shape& shape, const Shape& requested, int ndim, const std::string& name) {
  if (static_cast<int>(requested.size()) != ndim)
    throw ValueError(name + ": the shape " + shape_string(requested) + " does not have " + std::to_string(ndim) +
                     " entries");
  Shape target = requested;
  int inferred = -1;
  std::int64_t rest = 1;
  for (std::size_t i = 0; i < requested.size(); ++i) {
    if (requested[i] == -1 && inferred < 0)
      inferred = static_cast<int>(i);
    else if (requested[i] < 0)
      throw ValueError(name + ": invalid dimension " + std::to_string(requested[i]) + " in shape " +
                       shape_string(requested) + " (only one -1 is allowed)");
    else if (__builtin_mul_overflow(rest, requested[i], &rest))
      throw ValueError(name + ": shape " + shape_string(requested) + " has more elements than fit in 64 bits");
  }
  const std::int64_t size = shape_size(shape);
  bool fits = inferred >= 0 ? rest != 0 && size % rest == 0 : size == rest;
  if (!fits)
    throw ValueError(name + ": cannot reshape array of shape " + shape_string(shape) + " into shape " +
                     shape_string(requested));
  if (inferred >= 0) target[static_cast<std::size_t>(inferred)] = size / rest;
  return target;
}

void Reshape::perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const {
  const Array& x = inputs[0];
  outputs[0] = x.reshape(reshape_target(x.shape(), inputs[1].to_vector<std::int64_t>(), ndim_, name()));
}

std::vector<Var> Reshape::grad(const Apply& node, const std::vector<Var>& output_grads) const {
  const Var& x = node.inputs()[0];
  if (!is_float(x.dtype())) return {Var(), Var()};
  return {grad_for(x, reshape(output_grads[0], shape(x))), Var()};
}

// ---- Alloc ----------------------------------------------------------------------------

std::vector<TensorType> Alloc::output_types(const std::vector<Var>& inputs) const {
  if (inputs.empty()) throw TypeError("Alloc: takes a value and the output shape");
  const Var& value = inputs[0];
  int nd = static_cast<int>(inputs.size()) - 1;
  for (int d = 0; d < nd; ++d) {
    const Var& dim = inputs[static_cast<std::size_t>(d + 1)];
    if (dim.ndim() != 0 || !is_integer(dim.dtype()))
      throw TypeError("Alloc: shape entry " + std::to_string(d) + " must be an integer scalar, got " +
                      dim.type().str());
  }
  if (value.ndim() > nd)
    throw TypeError("Alloc: the value " + value.type().str() + " has more dims than the shape (" + std::to_string(nd) +
                    " entries)");
  StaticShape shape;
  for (int d = 0; d < nd; ++d) shape.push_back(constant_dim(inputs[static_cast<std::size_t>(d + 1)]));
  for (int d = 0; d < nd; ++d) {
    auto& out = shape[static_cast<std::size_t>(d)];
    if (out && *out < 0) throw TypeError("Alloc: negative dimension in shape " + static_shape_text(shape));
    int vd = d - (nd - value.ndim());
    auto known = vd >= 0 ? value.type().shape()[static_cast<std::size_t>(vd)] : std::nullopt;
    if (!known || *known == 1) continue;
    if (out && *out != *known)
      throw TypeError("Alloc: the value " + value.type().str() + " does not broadcast to shape " +
                      static_shape_text(shape));
    out = known;
  }
  return {TensorType(value.dtype(), shape)};
}

void Alloc::perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const {
  const Array& value = inputs[0];
  Shape shape;
  for (std::size_t i = 1; i < inputs.size(); ++i) shape.push_back(inputs[i].get_as_int(0));
  for (auto d : shape)
    if (d < 0) throw ValueError("Alloc: negative dimension " + std::to_string(d) + " in shape " + shape_string(shape));
  std::size_t lead = shape.size() - static_cast<std::size_t>(value.ndim());
  for (std::size_t i = 0; i < static_cast<std::size_t>(value.ndim()); ++i)
    if (value.shape()[i] != 1 && value.shape()[i] != shape[lead + i])
      throw ValueError("Alloc: cannot broadcast a value of shape " + shape_string(value.shape()) + " to shape " +
                       shape_string(shape));
  outputs[0] = value.broadcast_to(shape).copy();
}

std::vector<Var> Alloc::grad(const Apply& node, const std::vector<Var>& output_grads) const {
  std::vector<Var> grads(node.inputs().size());
  const Var& value = node.inputs()[0];
  if (is_float(value.dtype())) grads[0] = grad_for(value, output_grads[0]);
  return grads;
}

// ---- SpecifyShape ---------------------------------------------------------------------

std::vector<TensorType> SpecifyShape::output_types(const std::vector<Var>& inputs) const {
  if (inputs.size() != 1) throw TypeError("SpecifyShape: takes 1 input, got " + std::to_string(inputs.size()));
  const TensorType& in = inputs[0].type();
  auto mismatch = [&] {
    return TypeError("SpecifyShape: " + in.str() + " cannot have shape " + static_shape_text(shape_));
  };
  if (in.ndim() != static_cast<int>(shape_.size())) throw mismatch();
  StaticShape out = in.shape();
  for (std::size_t d = 0; d < shape_.size(); ++d) {
    if (!shape_[d]) continue;
    if (*shape_[d] < 0 || (out[d] && *out[d] != *shape_[d])) throw mismatch();
    out[d] = shape_[d];
  }
  return {TensorType(in.dtype(), out)};
}

void SpecifyShape::perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const {
  const Array& x = inputs[0];
  bool fits = x.ndim() == static_cast<int>(shape_.size());
  for (std::size_t d = 0; fits && d < shape_.size(); ++d) fits = !shape_[d] || *shape_[d] == x.shape()[d];
  if (!fits)
    throw ValueError("SpecifyShape: expected shape " + static_shape_text(shape_) + ", got an array of shape " +
                     shape_string(x.shape()));
  outputs[0] = x;
}

std::vector<Var> SpecifyShape::grad(const Apply&, const std::vector<Var>& output_grads) const {
  return {output_grads[0]};
}

bool SpecifyShape::equals(const Op& other) const {
  auto* o = dynamic_cast<const SpecifyShape*>(&other);
  return o != nullptr && o->shape_ == shape_;
}

std::size_t SpecifyShape::hash() const {
  std::size_t h = std::hash<std::string>()(name());
  for (const auto& d : shape_) h = h * 31 + std::hash<std::int64_t>()(d.value_or(-1));
  return h;
}

// ---- Builders -------------------------------------------------------------------------

Var shape(const Var& a) { return apply_op(std::make_shared<ShapeOp>(), {a}); }

Var reshape(const Var& a, const Shape& shape) {
  return reshape(a, make_constant(Array(std::vector<std::int64_t>(shape.begin(), shape.end()))));
}

Var reshape(const Var& a, const Var& shape) {
  const auto& len = shape.ndim() == 1 ? shape.type().shape()[0] : std::nullopt;
  if (shape.ndim() != 1 || !is_integer(shape.dtype()) || !len)
    throw TypeError("Reshape: the shape must be an integer vector of known length, got " + shape.type().str());
  Var shape64 = shape.dtype() == DType::int64 ? shape : cast(shape, DType::int64);
  return apply_op(std::make_shared<Reshape>(static_cast<int>(*len)), {a, shape64});
}

Var flatten(const Var& a) { return reshape(a, std::vector<std::int64_t>{-1}); }

Var alloc(const Var& value, const std::vector<Var>& shape) {
  std::vector<Var> inputs{value};
  inputs.insert(inputs.end(), shape.begin(), shape.end());
  return apply_op(std::make_shared<Alloc>(), std::move(inputs));
}

Var specify_shape(const Var& a, const StaticShape& shape) {
  return apply_op(std::make_shared<SpecifyShape>(shape), {a});
}

}  // namespace kiln::tensor
