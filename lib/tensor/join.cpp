// Join and MakeVector: type rules, reference evaluation, gradients, and kt::join, concatenate,
// stack and make_vector.
#include "tensor/join.hpp"

#include "tensor/reduce.hpp"
#include "tensor/subtensor.hpp"

namespace kiln::tensor {
namespace {

std::string types_text(const std::vector<Var>& vars) {
  std::string s;
  for (std::size_t i = 0; i < vars.size(); ++i) s += (i ? ", " : "") + vars[i].type().str();
  return s;
}

// dst[j] = src[i], converting to dst's dtype (exact for integers).
void copy_element(const Array& src, std::int64_t i, Array& dst, std::int64_t j) {
  if (is_float(dst.dtype()))
    dst.set_from_double(j, src.get_as_double(i));
  else
    dst.set_from_int(j, src.get_as_int(i));
}

Var int64_constant(std::int64_t v) { return make_constant(Array(v)); }

}  // namespace

// ---- Join -------------------------------------------------------------------------------

std::vector<TensorType> Join::output_types(const std::vector<Var>& inputs) const {
  if (inputs.empty()) throw TypeError(name() + ": needs at least one input");
  const int nd = inputs[0].ndim();
  for (const auto& in : inputs)
    if (in.ndim() != nd) throw TypeError(name() + ": inputs have different ndim: " + types_text(inputs));
  if (axis_ >= nd) throw TypeError(name() + ": axis is out of range for " + types_text(inputs));
  DType dtype = inputs[0].dtype();
  for (const auto& in : inputs) dtype = promote(dtype, in.dtype());
  StaticShape shape = inputs[0].type().shape();
  for (std::size_t k = 1; k < inputs.size(); ++k) {
    const StaticShape& other = inputs[k].type().shape();
    for (std::size_t d = 0; d < shape.size(); ++d) {
      if (static_cast<int>(d) == axis_) {
        shape[d] = shape[d] && other[d] ? std::optional<std::int64_t>(*shape[d] + *other[d]) : std::nullopt;
      } else if (shape[d] && other[d] && *shape[d] != *other[d]) {
        throw TypeError(name() + ": shapes differ off the join axis: " + inputs[0].type().str() + " and " +
                        inputs[k].type().str());
      } else if (!shape[d]) {
        shape[d] = other[d];
      }
    }
  }
  return {TensorType(dtype, shape)};
}

void Join::perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const {
  const auto ax = static_cast<std::size_t>(axis_);
  Shape shape = inputs[0].shape();
  DType dtype = inputs[0].dtype();
  for (std::size_t k = 1; k < inputs.size(); ++k) {
    const Shape& other = inputs[k].shape();
    Shape a = shape, b = other;
    if (a.size() == b.size()) a[ax] = b[ax] = 0;
    if (a != b)
      throw ValueError(name() + ": all dimensions except the join axis must match: shapes " +
                       shape_string(inputs[0].shape()) + " and " + shape_string(other));
    shape[ax] += other[ax];
    dtype = promote(dtype, inputs[k].dtype());
  }
  Array out = Array::empty(dtype, shape);
  std::int64_t offset = 0;
  for (const Array& part : inputs) {
    // The part's slot in `out`: out's strides, starting `offset` rows along the axis.
    char* base =
        static_cast<char*>(out.raw_data()) + offset * out.strides()[ax] * static_cast<std::int64_t>(itemsize(dtype));
    Array slot = Array::view_raw(dtype, part.size() ? base : out.raw_data(), part.shape(), out.strides());
    for (std::int64_t i = 0; i < part.size(); ++i) copy_element(part, i, slot, i);
    offset += part.shape()[ax];
  }
  outputs[0] = std::move(out);
}

// Each part's gradient is its slice of gz along the axis; the bounds are constants when the
// parts' lengths are known statically, else sums of Shape entries.
std::vector<Var> Join::grad(const Apply& node, const std::vector<Var>& output_grads) const {
  const Var& gz = output_grads[0];
  std::vector<Var> grads;
  std::optional<std::int64_t> offset_value = 0;
  Var offset = int64_constant(0);
  for (const Var& part : node.inputs()) {
    auto len_value = part.type().shape()[static_cast<std::size_t>(axis_)];
    Var stop;
    if (offset_value && len_value) {
      offset_value = *offset_value + *len_value;
      stop = int64_constant(*offset_value);
    } else {
      offset_value = std::nullopt;
      stop = offset + (len_value ? int64_constant(*len_value) : subtensor(shape(part), {axis_}));
    }
    std::vector<VarIndex> index(static_cast<std::size_t>(axis_), VarIndex::range({}, {}));
    index.push_back(VarIndex::range(offset, stop));
    grads.push_back(is_float(part.dtype()) ? grad_for(part, dynamic_subtensor(gz, index)) : Var());
    offset = stop;
  }
  return grads;
}

// ---- MakeVector ---------------------------------------------------------------------------

std::vector<TensorType> MakeVector::output_types(const std::vector<Var>& inputs) const {
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i].ndim() != 0)
      throw TypeError(name() + ": input " + std::to_string(i) + " is not a scalar: " + inputs[i].type().str());
    if (promote(inputs[i].dtype(), dtype_) != dtype_)
      throw TypeError(name() + ": cannot hold input " + std::to_string(i) + " of " + inputs[i].type().str());
  }
  return {TensorType(dtype_, {static_cast<std::int64_t>(inputs.size())})};
}

void MakeVector::perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const {
  Array out = Array::empty(dtype_, {static_cast<std::int64_t>(inputs.size())});
  for (std::size_t i = 0; i < inputs.size(); ++i) copy_element(inputs[i], 0, out, static_cast<std::int64_t>(i));
  outputs[0] = std::move(out);
}

std::vector<Var> MakeVector::grad(const Apply& node, const std::vector<Var>& output_grads) const {
  std::vector<Var> grads;
  for (std::size_t i = 0; i < node.inputs().size(); ++i) {
    const Var& in = node.inputs()[i];
    bool differentiable = is_float(dtype_) && is_float(in.dtype());
    grads.push_back(differentiable ? grad_for(in, subtensor(output_grads[0], {static_cast<std::int64_t>(i)})) : Var());
  }
  return grads;
}

// ---- Builders -----------------------------------------------------------------------------

Var join(int axis, const std::vector<Var>& parts) {
  if (parts.empty()) throw TypeError("join: needs at least one tensor");
  require_vars(parts, "join", "input");
  int nd = parts[0].ndim();
  int norm = axis < 0 ? axis + nd : axis;
  if (norm < 0 || norm >= nd)
    throw TypeError("join: axis " + std::to_string(axis) + " is out of range for " + types_text(parts));
  if (parts.size() == 1) return parts[0];  // as Aesara: joining one tensor is the tensor
  return apply_op(std::make_shared<Join>(norm), parts);
}

Var concatenate(const std::vector<Var>& parts, int axis) { return join(axis, parts); }

Var make_vector(const std::vector<Var>& scalars) {
  require_vars(scalars, "make_vector", "input");
  DType dtype = scalars.empty() ? DType::int64 : scalars[0].dtype();
  for (const auto& s : scalars) dtype = promote(dtype, s.dtype());
  return apply_op(std::make_shared<MakeVector>(dtype), scalars);
}

// Scalars become a MakeVector; tensors get a new axis (a DimShuffle) and are joined along it.
Var stack(const std::vector<Var>& parts, int axis) {
  if (parts.empty()) throw TypeError("stack: needs at least one tensor");
  require_vars(parts, "stack", "input");
  int nd = parts[0].ndim();
  for (const auto& p : parts)
    if (p.ndim() != nd) throw TypeError("stack: parts have different ndim: " + types_text(parts));
  if (nd == 0 && (axis == 0 || axis == -1)) return make_vector(parts);
  int norm = axis < 0 ? axis + nd + 1 : axis;
  if (norm < 0 || norm > nd)
    throw TypeError("stack: axis " + std::to_string(axis) + " is out of range for parts of " + types_text(parts));
  std::vector<int> order;
  for (int d = 0; d < nd; ++d) order.push_back(d);
  order.insert(order.begin() + norm, -1);
  std::vector<Var> padded;
  for (const auto& p : parts) padded.push_back(dimshuffle(p, order));
  return join(norm, padded);
}

}  // namespace kiln::tensor
