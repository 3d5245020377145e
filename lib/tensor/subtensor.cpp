// Indexing ops: type rules (static shapes through constant indices), printing, reference
// evaluation, gradients, the kt:: builders and Var::operator[].
#include "tensor/subtensor.hpp"

#include "core/runtime_shape_checks.hpp"

#include "tensor/reduce.hpp"

#include <algorithm>

namespace kiln::tensor {
namespace {

using Kind = IndexBound::Kind;

std::string bound_text(const IndexBound& b) {
  switch (b.kind) {
    case Kind::constant: return std::to_string(b.value);
    case Kind::symbolic: return std::string(dtype_name(b.dtype));
    case Kind::none: break;
  }
  return "";
}

std::string index_text(const IndexList& index) {
  std::string s;
  for (std::size_t i = 0; i < index.size(); ++i) {
    const IndexEntry& e = index[i];
    s += i ? ", " : "";
    if (!e.is_slice) {
      s += bound_text(e.integer);
      continue;
    }
    s += bound_text(e.start) + ":" + bound_text(e.stop);
    if (e.step.kind != Kind::none) s += ":" + bound_text(e.step);
  }
  return s;
}

std::optional<std::int64_t> constant_of(const IndexBound& b) {
  return b.kind == Kind::constant ? std::optional<std::int64_t>(b.value) : std::nullopt;
}

// Python's slice.indices(len): the first position, the step and how many positions.
struct SliceRange {
  std::int64_t start, step, length;
};

SliceRange resolve(std::optional<std::int64_t> start, std::optional<std::int64_t> stop,
                   std::optional<std::int64_t> step, std::int64_t len) {
  std::int64_t st = step.value_or(1);
  std::int64_t lower = st > 0 ? 0 : -1, upper = st > 0 ? len : len - 1;
  auto clamp = [&](std::optional<std::int64_t> v, std::int64_t missing) {
    if (!v) return missing;
    return std::clamp(*v < 0 ? *v + len : *v, lower, upper);
  };
  std::int64_t b = clamp(start, st > 0 ? lower : upper), e = clamp(stop, st > 0 ? upper : lower);
  std::int64_t n = st > 0 ? (e > b ? (e - b + st - 1) / st : 0) : (b > e ? (b - e - st - 1) / -st : 0);
  return {b, st, n};
}

std::string out_of_bounds(const std::string& op, std::int64_t index, int axis, std::int64_t size) {
  return op + ": index " + std::to_string(index) + " is out of bounds for axis " + std::to_string(axis) +
         " with size " + std::to_string(size);
}

std::size_t symbolic_count(const IndexList& index) {
  std::size_t n = 0;
  for (const auto& e : index)
    for (const IndexBound* b : {&e.integer, &e.start, &e.stop, &e.step}) n += b->kind == Kind::symbolic;
  return n;
}

void check_index_inputs(const std::vector<Var>& inputs, std::size_t first, const IndexList& index,
                        const std::string& op) {
  std::size_t expected = first + symbolic_count(index);
  if (inputs.size() != expected)
    throw TypeError(op + ": takes " + std::to_string(expected) + " inputs, got " + std::to_string(inputs.size()));
  for (std::size_t i = first; i < inputs.size(); ++i)
    if (inputs[i].ndim() != 0 || !is_integer(inputs[i].dtype()))
      throw TypeError(op + ": index input " + to_string(inputs[i]) + " must be an integer scalar, got " +
                      inputs[i].type().str());
}

StaticShape indexed_static_shape(const TensorType& x, const IndexList& index, const std::string& op) {
  if (static_cast<int>(index.size()) > x.ndim())
    throw TypeError(op + ": too many indices (" + std::to_string(index.size()) + ") for " + x.str());
  StaticShape out;
  for (int d = 0; d < x.ndim(); ++d) {
    const auto& dim = x.shape()[static_cast<std::size_t>(d)];
    if (d >= static_cast<int>(index.size())) {
      out.push_back(dim);
      continue;
    }
    const IndexEntry& e = index[static_cast<std::size_t>(d)];
    if (!e.is_slice) {
      auto i = constant_of(e.integer);
      if (i && dim && (*i < -*dim || *i >= *dim)) throw TypeError(out_of_bounds(op, *i, d, *dim));
      continue;
    }
    if (constant_of(e.step) == 0) throw TypeError(op + ": slice step cannot be zero");
    bool known = e.start.kind != Kind::symbolic && e.stop.kind != Kind::symbolic && e.step.kind != Kind::symbolic;
    bool full = e.start.kind == Kind::none && e.stop.kind == Kind::none && constant_of(e.step).value_or(1) == 1;
    if (full)
      out.push_back(dim);
    else if (known && dim)
      out.push_back(resolve(constant_of(e.start), constant_of(e.stop), constant_of(e.step), *dim).length);
    else
      out.push_back(std::nullopt);
  }
  return out;
}

// x[index] as a strided view of x's buffer; symbolic bounds come from inputs[first...].
Array indexed_view(const Array& x, const IndexList& index, const std::vector<Array>& inputs, std::size_t first,
                   const std::string& op) {
  std::vector<std::int64_t> symbolic;
  for (std::size_t k = first; k < inputs.size(); ++k) symbolic.push_back(inputs[k].get_as_int(0));
  if (static_cast<int>(index.size()) > x.ndim())
    throw ValueError(op + ": too many indices for an array of shape " + shape_string(x.shape()));
  IndexedLayout layout = indexed_layout(x.shape(), {x.strides().begin(), x.strides().end()}, index, symbolic, op);
  char* base = static_cast<char*>(x.raw_data()) + layout.offset * static_cast<std::int64_t>(itemsize(x.dtype()));
  return Array::view_raw(x.dtype(), base, layout.shape, layout.strides, std::make_shared<Array>(x));
}

// y must broadcast to the indexed region and fit x's dtype without narrowing.
void check_value_type(const Var& x, const Var& y, const StaticShape& region, const std::string& op) {
  if (promote(x.dtype(), y.dtype()) != x.dtype())
    throw TypeError(op + ": cannot store a value of " + y.type().str() + " into " + x.type().str());
  bool fits = y.ndim() <= static_cast<int>(region.size());
  std::size_t lead = region.size() - static_cast<std::size_t>(std::max(0, y.ndim()));
  for (std::size_t i = 0; fits && i < static_cast<std::size_t>(y.ndim()); ++i) {
    const auto& yd = y.type().shape()[i];
    fits = !yd || *yd == 1 || !region[lead + i] || *yd == *region[lead + i];
  }
  if (!fits)
    throw TypeError(op + ": the value " + y.type().str() + " does not broadcast to the indexed region of " +
                    x.type().str() + " (" + TensorType(x.dtype(), region).str() + ")");
}

Array broadcast_value(const Array& y, const Shape& region, const std::string& op) {
  bool fits = y.ndim() <= static_cast<int>(region.size());
  std::size_t lead = region.size() - static_cast<std::size_t>(std::max(0, y.ndim()));
  for (std::size_t i = 0; fits && i < static_cast<std::size_t>(y.ndim()); ++i)
    fits = y.shape()[i] == 1 || y.shape()[i] == region[lead + i];
  if (!fits)
    throw ValueError(op + ": cannot broadcast a value of shape " + shape_string(y.shape()) +
                     " to the indexed region of shape " + shape_string(region));
  return y.broadcast_to(region);
}

// dst[j] = src[i], or dst[j] += src[i]; exact (and wrapping) for integers.
void store(Array& dst, std::int64_t j, const Array& src, std::int64_t i, bool set) {
  if (is_float(dst.dtype())) {
    dst.set_from_double(j, set ? src.get_as_double(i) : dst.get_as_double(j) + src.get_as_double(i));
  } else if (set) {
    dst.set_from_int(j, src.get_as_int(i));  // dst[j] may be uninitialized: not read
  } else {
    auto sum = static_cast<std::uint64_t>(dst.get_as_int(j)) + static_cast<std::uint64_t>(src.get_as_int(i));
    dst.set_from_int(j, static_cast<std::int64_t>(sum));
  }
}

void check_indices(const Var& indices, const std::string& op) {
  if (is_integer(indices.dtype())) return;
  if (is_bool(indices.dtype()))
    throw TypeError(op + ": boolean mask indices are not supported, got " + indices.type().str());
  throw TypeError(op + ": indices must be integers, got " + indices.type().str());
}

// The shape of x[indices]: the indices' shape, then x's trailing dims.
template <class S>
S gathered(const S& x, const S& indices) {
  S out = indices;
  out.insert(out.end(), x.begin() + 1, x.end());
  return out;
}

StaticShape gathered_static(const Var& x, const Var& indices, const std::string& op) {
  if (x.ndim() == 0) throw TypeError(op + ": cannot index the 0-d " + x.type().str());
  check_indices(indices, op);
  return gathered(x.type().shape(), indices.type().shape());
}

std::int64_t wrap_row(std::int64_t i, std::int64_t rows, const std::string& op) {
  std::int64_t wrapped = i < 0 ? i + rows : i;
  if (wrapped < 0 || wrapped >= rows) throw ValueError(out_of_bounds(op, i, 0, rows));
  return wrapped;
}

// Constant indices as constant Vars, which var_index bakes into the op.
std::vector<VarIndex> as_var_index(const std::vector<Index>& index) {
  auto bound = [](std::optional<std::int64_t> v) { return v ? make_constant(Array(*v)) : Var(); };
  std::vector<VarIndex> out;
  for (const Index& i : index)
    out.push_back(i.slice ? VarIndex::range(bound(i.slice->start), bound(i.slice->stop), bound(i.slice->step))
                          : VarIndex::at(bound(i.integer)));
  return out;
}

// Constant Vars are baked into the entries; the others become the node's index inputs.
IndexList var_index(const std::vector<VarIndex>& index, std::vector<Var>& inputs) {
  auto bound = [&](const Var& v) -> IndexBound {
    if (!v) return {};
    if (v.ndim() != 0 || !is_integer(v.dtype()))
      throw TypeError("Subtensor: an index must be an integer scalar, got " + v.type().str());
    if (v.is_constant()) return {Kind::constant, v.constant_value().get_as_int(0), v.dtype()};
    inputs.push_back(v);
    return {Kind::symbolic, 0, v.dtype()};
  };
  IndexList out;
  for (const VarIndex& i : index) {
    IndexEntry e;
    e.is_slice = i.is_slice;
    if (!e.is_slice && !i.index) throw TypeError("Subtensor: an integer index is a null Var");
    if (e.is_slice) {
      e.start = bound(i.start);
      e.stop = bound(i.stop);
      e.step = bound(i.step);
    } else {
      e.integer = bound(i.index);
    }
    out.push_back(e);
  }
  return out;
}

Var zero_of(DType dtype) { return make_constant(Array::zeros(dtype, {})); }

// PyTensor's run-time broadcasting rule for a set's or inc's value: it broadcasts into the
// indexed region only along dimensions its static shape says have length 1, so that its
// gradient (the region's, summed over those dimensions) has its shape.
void check_value_broadcast(const Apply& node, const Shape& value, const Shape& region) {
  const Var& y = node.inputs()[1];
  const std::size_t nd = value.size();
  if (nd > region.size()) return;  // broadcast_value's error
  for (std::size_t i = 0; i < nd; ++i) {
    const std::int64_t r = region[region.size() - nd + i];
    if (value[i] != 1 || r == 1 || y.type().shape()[i] == std::int64_t{1}) continue;
    throw ValueError(node.op().name() + ": run-time broadcasting is not allowed: the value has shape " +
                     shape_string(value) + " and the indexed region " + shape_string(region) + " (axis " +
                     std::to_string(i) + "), but the value's type " + y.type().str() +
                     " does not say that axis has length 1");
  }
}

[[maybe_unused]] const bool registered_inc_check =
    register_runtime_shape_check(typeid(IncSubtensor), [](const Apply& node, const std::vector<Array>& in) {
      const auto& op = static_cast<const IncSubtensor&>(node.op());
      check_value_broadcast(node, in[1].shape(), indexed_view(in[0], op.index(), in, 2, op.name()).shape());
    });
[[maybe_unused]] const bool registered_advanced_inc_check =
    register_runtime_shape_check(typeid(AdvancedIncSubtensor), [](const Apply& node, const std::vector<Array>& in) {
      check_value_broadcast(node, in[1].shape(), gathered(in[0].shape(), in[2].shape()));
    });

}  // namespace

IndexedLayout indexed_layout(const Shape& shape, const Strides& strides, const IndexList& index,
                             const std::vector<std::int64_t>& symbolic, const std::string& op) {
  std::size_t next = 0;
  auto value = [&](const IndexBound& b) -> std::optional<std::int64_t> {
    if (b.kind == Kind::none) return std::nullopt;
    return b.kind == Kind::constant ? b.value : symbolic.at(next++);
  };
  const int ndim = static_cast<int>(shape.size());
  if (static_cast<int>(index.size()) > ndim)
    throw ValueError(op + ": too many indices for an array of shape " + shape_string(shape));
  IndexedLayout out;
  for (int d = 0; d < ndim; ++d) {
    std::int64_t len = shape[static_cast<std::size_t>(d)], stride = strides[static_cast<std::size_t>(d)];
    if (d >= static_cast<int>(index.size())) {
      out.shape.push_back(len);
      out.strides.push_back(stride);
      continue;
    }
    const IndexEntry& e = index[static_cast<std::size_t>(d)];
    if (!e.is_slice) {
      std::int64_t i = *value(e.integer), wrapped = i < 0 ? i + len : i;
      if (wrapped < 0 || wrapped >= len) throw ValueError(out_of_bounds(op, i, d, len));
      out.offset += wrapped * stride;
      continue;
    }
    auto start = value(e.start);
    auto stop = value(e.stop);
    auto step = value(e.step);
    if (step == 0) throw ValueError(op + ": slice step cannot be zero");
    SliceRange r = resolve(start, stop, step, len);
    if (r.length > 0) out.offset += r.start * stride;
    out.shape.push_back(r.length);
    out.strides.push_back(stride * r.step);
  }
  if (shape_size(out.shape) == 0) out.offset = 0;
  return out;
}

void check_inc_value(const Apply& node, const Shape& value, const Shape& region) {
  check_value_broadcast(node, value, region);
  bool fits = value.size() <= region.size();
  std::size_t lead = region.size() - std::min(value.size(), region.size());
  for (std::size_t i = 0; fits && i < value.size(); ++i) fits = value[i] == 1 || value[i] == region[lead + i];
  if (!fits)
    throw ValueError(node.op().name() + ": cannot broadcast a value of shape " + shape_string(value) +
                     " to the indexed region of shape " + shape_string(region));
}

std::string index_out_of_bounds(const std::string& op, std::int64_t index, int axis, std::int64_t size) {
  return out_of_bounds(op, index, axis, size);
}

// ---- Subtensor and IncSubtensor -----------------------------------------------------------

std::string Subtensor::name() const { return "Subtensor{" + index_text(index_) + "}"; }

std::vector<TensorType> Subtensor::output_types(const std::vector<Var>& inputs) const {
  check_index_inputs(inputs, 1, index_, name());
  return {TensorType(inputs[0].dtype(), indexed_static_shape(inputs[0].type(), index_, name()))};
}

void Subtensor::perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const {
  outputs[0] = indexed_view(inputs[0], index_, inputs, 1, name());
}

std::vector<Var> Subtensor::grad(const Apply& node, const std::vector<Var>& output_grads) const {
  std::vector<Var> grads(node.inputs().size());
  const Var& x = node.inputs()[0];
  if (!is_float(x.dtype())) return grads;
  std::vector<Var> inputs{zeros_like(x), grad_for(node.output(0), output_grads[0])};
  inputs.insert(inputs.end(), node.inputs().begin() + 1, node.inputs().end());
  grads[0] = apply_op(std::make_shared<IncSubtensor>(index_, false), inputs);
  return grads;
}

std::string IncSubtensor::name() const {
  return std::string("IncSubtensor{") + (set_ ? "Set;" : "Inc;") + index_text(index_) + "}";
}

std::vector<TensorType> IncSubtensor::output_types(const std::vector<Var>& inputs) const {
  check_index_inputs(inputs, 2, index_, name());
  check_value_type(inputs[0], inputs[1], indexed_static_shape(inputs[0].type(), index_, name()), name());
  return {inputs[0].type()};
}

void IncSubtensor::perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const {
  Array out = inputs[0].copy();  // inputs share buffers with other values: never write them
  Array region = indexed_view(out, index_, inputs, 2, name());
  Array y = broadcast_value(inputs[1], region.shape(), name());
  for (std::int64_t i = 0; i < region.size(); ++i) store(region, i, y, i, set_);
  outputs[0] = std::move(out);
}

// Aesara's IncSubtensor.grad: x's gradient is gz outside the region (and inside it too for
// Inc); y's is gz over the region, summed where y was broadcast.
std::vector<Var> IncSubtensor::grad(const Apply& node, const std::vector<Var>& output_grads) const {
  std::vector<Var> grads(node.inputs().size());
  const Var& x = node.inputs()[0];
  const Var& y = node.inputs()[1];
  const Var gz = grad_for(x, output_grads[0]);
  std::vector<Var> index_inputs(node.inputs().begin() + 2, node.inputs().end());
  auto with_index = [&](std::vector<Var> first) {
    first.insert(first.end(), index_inputs.begin(), index_inputs.end());
    return first;
  };
  if (is_float(x.dtype()))
    grads[0] =
        set_ ? apply_op(std::make_shared<IncSubtensor>(index_, true), with_index({gz, zero_of(gz.dtype())})) : gz;
  if (is_float(y.dtype())) grads[1] = grad_for(y, apply_op(std::make_shared<Subtensor>(index_), with_index({gz})));
  return grads;
}

// ---- AdvancedSubtensor and AdvancedIncSubtensor -------------------------------------------

std::vector<TensorType> AdvancedSubtensor::output_types(const std::vector<Var>& inputs) const {
  if (inputs.size() != 2)
    throw TypeError("AdvancedSubtensor: takes 2 inputs (x, indices), got " + std::to_string(inputs.size()));
  return {TensorType(inputs[0].dtype(), gathered_static(inputs[0], inputs[1], name()))};
}

void AdvancedSubtensor::perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const {
  const Array& x = inputs[0];
  const Array& indices = inputs[1];
  Array out = Array::empty(x.dtype(), gathered(x.shape(), indices.shape()));
  std::int64_t row = shape_size(Shape(x.shape().begin() + 1, x.shape().end()));
  // The common case, a[group] of float64 data by int64 indices, as plain typed loads.
  if (x.dtype() == DType::float64 && indices.dtype() == DType::int64 && x.is_contiguous() && indices.is_contiguous()) {
    const double* src = x.data<double>();
    const std::int64_t* idx = indices.data<std::int64_t>();
    double* dst = out.data<double>();
    const std::string op = name();
    for (std::int64_t k = 0; k < indices.size(); ++k) {
      const double* from = src + wrap_row(idx[k], x.shape()[0], op) * row;
      std::copy(from, from + row, dst + k * row);
    }
    outputs[0] = std::move(out);
    return;
  }
  for (std::int64_t k = 0; k < indices.size(); ++k) {
    std::int64_t r = wrap_row(indices.get_as_int(k), x.shape()[0], name());
    for (std::int64_t j = 0; j < row; ++j) store(out, k * row + j, x, r * row + j, true);
  }
  outputs[0] = std::move(out);
}

std::vector<Var> AdvancedSubtensor::grad(const Apply& node, const std::vector<Var>& output_grads) const {
  const Var& x = node.inputs()[0];
  if (!is_float(x.dtype())) return {Var(), Var()};
  return {advanced_inc_subtensor(zeros_like(x), node.inputs()[1], grad_for(node.output(0), output_grads[0])), Var()};
}

std::vector<TensorType> AdvancedIncSubtensor::output_types(const std::vector<Var>& inputs) const {
  if (inputs.size() != 3)
    throw TypeError(name() + ": takes 3 inputs (x, y, indices), got " + std::to_string(inputs.size()));
  check_value_type(inputs[0], inputs[1], gathered_static(inputs[0], inputs[2], name()), name());
  return {inputs[0].type()};
}

void AdvancedIncSubtensor::perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const {
  Array out = inputs[0].copy();  // inputs share buffers with other values: never write them
  const Array& indices = inputs[2];
  Array y = broadcast_value(inputs[1], gathered(out.shape(), indices.shape()), name());
  std::int64_t row = shape_size(Shape(out.shape().begin() + 1, out.shape().end()));
  // The common case, a scatter-add (or set) of float64 values by int64 indices, as typed loops.
  if (out.dtype() == DType::float64 && y.dtype() == DType::float64 && indices.dtype() == DType::int64 &&
      y.is_contiguous() && indices.is_contiguous()) {
    double* dst = out.data<double>();
    const double* src = y.data<double>();
    const std::int64_t* idx = indices.data<std::int64_t>();
    const std::string op = name();
    for (std::int64_t k = 0; k < indices.size(); ++k) {
      double* to = dst + wrap_row(idx[k], out.shape()[0], op) * row;
      for (std::int64_t j = 0; j < row; ++j) to[j] = set_ ? src[k * row + j] : to[j] + src[k * row + j];
    }
    outputs[0] = std::move(out);
    return;
  }
  for (std::int64_t k = 0; k < indices.size(); ++k) {
    std::int64_t r = wrap_row(indices.get_as_int(k), out.shape()[0], name());
    for (std::int64_t j = 0; j < row; ++j) store(out, r * row + j, y, k * row + j, set_);
  }
  outputs[0] = std::move(out);
}

std::vector<Var> AdvancedIncSubtensor::grad(const Apply& node, const std::vector<Var>& output_grads) const {
  const Var& x = node.inputs()[0];
  const Var& y = node.inputs()[1];
  const Var& indices = node.inputs()[2];
  const Var gz = grad_for(x, output_grads[0]);
  Var gx, gy;
  if (is_float(x.dtype())) gx = set_ ? advanced_set_subtensor(gz, indices, zero_of(gz.dtype())) : gz;
  if (is_float(y.dtype())) gy = grad_for(y, advanced_subtensor(gz, indices));
  return {gx, gy, Var()};
}

// ---- Builders -----------------------------------------------------------------------------

Slice slice(std::optional<std::int64_t> start, std::optional<std::int64_t> stop, std::optional<std::int64_t> step) {
  return Slice{start, stop, step};
}

Var subtensor(const Var& a, const std::vector<Index>& index) { return dynamic_subtensor(a, as_var_index(index)); }
Var set_subtensor(const Var& a, const std::vector<Index>& index, const Var& value) {
  return dynamic_inc_subtensor(a, as_var_index(index), value, true);
}
Var inc_subtensor(const Var& a, const std::vector<Index>& index, const Var& value) {
  return dynamic_inc_subtensor(a, as_var_index(index), value, false);
}

Var dynamic_subtensor(const Var& a, const std::vector<VarIndex>& index) {
  std::vector<Var> inputs{a};
  IndexList list = var_index(index, inputs);
  return apply_op(std::make_shared<Subtensor>(std::move(list)), std::move(inputs));
}
Var dynamic_inc_subtensor(const Var& a, const std::vector<VarIndex>& index, const Var& value, bool set) {
  std::vector<Var> inputs{a, value};
  IndexList list = var_index(index, inputs);
  return apply_op(std::make_shared<IncSubtensor>(std::move(list), set), std::move(inputs));
}

Var advanced_subtensor(const Var& a, const Var& indices) {
  return apply_op(std::make_shared<AdvancedSubtensor>(), {a, indices});
}
Var advanced_set_subtensor(const Var& a, const Var& indices, const Var& value) {
  return apply_op(std::make_shared<AdvancedIncSubtensor>(true), {a, value, indices});
}
Var advanced_inc_subtensor(const Var& a, const Var& indices, const Var& value) {
  return apply_op(std::make_shared<AdvancedIncSubtensor>(false), {a, value, indices});
}

}  // namespace kiln::tensor

namespace kiln {

Var Var::operator[](std::int64_t index) const { return tensor::subtensor(*this, {index}); }
Var Var::operator[](const Slice& slice) const { return tensor::subtensor(*this, {slice}); }

// An integer scalar Var indexes like an integer (Subtensor{int64}); an integer array gathers.
Var Var::operator[](const Var& indices) const {
  if (!is_integer(indices.dtype()))
    throw TypeError("cannot index " + to_string(*this) + " with " + to_string(indices) + " of type " +
                    indices.type().str() + ": indices must be integers");
  if (indices.ndim() == 0) return tensor::dynamic_subtensor(*this, {tensor::VarIndex::at(indices)});
  return tensor::advanced_subtensor(*this, indices);
}

}  // namespace kiln
