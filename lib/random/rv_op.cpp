// RandomVariable's printing, type rule and the shared half of perform (state, size, dtype,
// broadcasting); each distribution supplies its checks and its draw loop.
#include "random/rv_op.hpp"

#include <kiln/errors.hpp>
#include <kiln/random/variables.hpp>

#include <algorithm>
#include <array>
#include <cstring>

namespace kiln::random {

namespace {

// Aesara's all_types order; float16 (code 9) has no kiln dtype.
constexpr std::array<std::pair<DType, std::int64_t>, 11> dtype_codes = {{
    {DType::bool_, 0},
    {DType::int8, 1},
    {DType::int16, 2},
    {DType::int32, 3},
    {DType::int64, 4},
    {DType::uint8, 5},
    {DType::uint16, 6},
    {DType::uint32, 7},
    {DType::uint64, 8},
    {DType::float32, 10},
    {DType::float64, 11},
}};

std::string tuple_text(const std::vector<int>& values) {
  std::string text = "(";
  for (std::size_t i = 0; i < values.size(); ++i) text += (i ? ", " : "") + std::to_string(values[i]);
  if (values.size() == 1) text += ",";
  return text + ")";
}

// Broadcasts static dims right-aligned; `into` (when set) is a target the dims must fit.
StaticShape broadcast_static(const std::vector<StaticShape>& shapes, const std::string& op_name) {
  std::size_t ndim = 0;
  for (const auto& s : shapes) ndim = std::max(ndim, s.size());
  StaticShape out(ndim, std::int64_t{1});
  for (const auto& s : shapes) {
    const std::size_t lead = ndim - s.size();
    for (std::size_t i = 0; i < s.size(); ++i) {
      auto& o = out[lead + i];
      const auto& d = s[i];
      if (d == 1) continue;
      if (o == 1) {
        o = d;
      } else if (!o) {
        o = d;  // an unknown dim against a known one is taken to be it, as Aesara does
      } else if (d && *d != *o) {
        throw TypeError(op_name + ": the parameter shapes do not broadcast (dims " + std::to_string(*o) + " and " +
                        std::to_string(*d) + ")");
      }
    }
  }
  return out;
}

Shape broadcast_runtime(const std::vector<Shape>& shapes, const std::string& op_name) {
  std::size_t ndim = 0;
  for (const auto& s : shapes) ndim = std::max(ndim, s.size());
  Shape out(ndim, 1);
  for (const auto& s : shapes) {
    const std::size_t lead = ndim - s.size();
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == 1) continue;
      if (out[lead + i] != 1 && out[lead + i] != s[i])
        throw ValueError(op_name + ": shape mismatch: the parameters cannot be broadcast together (" + shape_string(s) +
                         " against " + shape_string(out) + ")");
      out[lead + i] = s[i];
    }
  }
  return out;
}

}  // namespace

std::int64_t dtype_code(DType dtype) {
  for (const auto& [d, code] : dtype_codes)
    if (d == dtype) return code;
  return 11;
}

DType dtype_from_code(std::int64_t code) {
  for (const auto& [d, c] : dtype_codes)
    if (c == code) return d;
  throw TypeError("random variable: unknown dtype code " + std::to_string(code));
}

GeneratorState state_from_array(const Array& value) {
  if (value.dtype() != DType::uint64 || value.size() != 6)
    throw TypeError("random variable: a generator state is a uint64 array of 6 words, got " +
                    std::string(dtype_name(value.dtype())) + " of shape " + shape_string(value.shape()));
  const Array words = value.is_contiguous() ? value : value.copy();
  GeneratorState state;
  std::memcpy(&state, words.data<std::uint64_t>(), sizeof state);
  return state;
}

Array state_to_array(const GeneratorState& state) {
  Array out = Array::empty(DType::uint64, {6});
  std::memcpy(out.data<std::uint64_t>(), &state, sizeof state);
  return out;
}

RandomVariable::RandomVariable(std::string rv_name, int ndim_supp, std::vector<int> ndims_params, DType dtype,
                               bool floatx, std::vector<std::string> param_names)
    : rv_name_(std::move(rv_name)),
      ndim_supp_(ndim_supp),
      ndims_params_(std::move(ndims_params)),
      dtype_(dtype),
      floatx_(floatx),
      param_names_(std::move(param_names)) {}

std::string RandomVariable::name() const {
  const std::string dtype = floatx_ ? "floatX" : std::string(dtype_name(dtype_));
  return rv_name_ + "_rv{" + std::to_string(ndim_supp_) + ", " + tuple_text(ndims_params_) + ", " + dtype + ", False}";
}

bool RandomVariable::equals(const Op& other) const {
  const auto* rv = dynamic_cast<const RandomVariable*>(&other);
  return rv != nullptr && typeid(*this) == typeid(other) && rv->name() == name();
}

std::size_t RandomVariable::hash() const { return std::hash<std::string>()(name()); }

std::vector<Var> RandomVariable::grad(const Apply& node, const std::vector<Var>&) const {
  return std::vector<Var>(node.inputs().size());
}

Shape RandomVariable::batch_shape_of(std::size_t i, const Shape& param) const {
  const auto core = static_cast<std::size_t>(ndims_params_[i]);
  return Shape(param.begin(), param.end() - static_cast<std::ptrdiff_t>(core));
}

StaticShape RandomVariable::support_static_shape(const std::vector<Var>&) const { return {}; }

Shape RandomVariable::support_shape(const std::vector<Array>&) const { return {}; }

void RandomVariable::check_parameter_shapes(const std::vector<Shape>&) const {}

Shape RandomVariable::draw_shape(const Shape& size, const std::vector<Array>& params) const {
  std::vector<Shape> batch_shapes;
  for (std::size_t i = 0; i < params.size(); ++i) batch_shapes.push_back(batch_shape_of(i, params[i].shape()));
  Shape batch = broadcast_runtime(batch_shapes, rv_name_);
  if (!size.empty()) {
    batch_shapes.push_back(size);
    if (broadcast_runtime(batch_shapes, rv_name_) != size)
      throw ValueError(rv_name_ + ": the parameters (batch shape " + shape_string(batch) +
                       ") do not broadcast to size " + shape_string(size));
    batch = size;
  }
  std::vector<Array> broadcast;
  for (std::size_t i = 0; i < params.size(); ++i) {
    Shape target = batch;
    target.insert(target.end(), params[i].shape().end() - ndims_params_[i], params[i].shape().end());
    broadcast.push_back(params[i].broadcast_to(target));
  }
  const Shape support = support_shape(broadcast);
  batch.insert(batch.end(), support.begin(), support.end());
  return batch;
}

void RandomVariable::check_constant_parameters(const std::vector<Var>& params) const {
  std::vector<Array> values;
  for (const auto& p : params) {
    if (!p.is_constant()) return;
    values.push_back(p.constant_value());
  }
  check_parameters(values);
}

std::vector<TensorType> RandomVariable::output_types(const std::vector<Var>& inputs) const {
  const std::string op = name();
  if (inputs.size() != 3 + ndims_params_.size())
    throw TypeError(op + ": expects rng, size, dtype and " + std::to_string(ndims_params_.size()) +
                    " parameters, got " + std::to_string(inputs.size()) + " inputs");
  if (inputs[0].type().kind() != TensorType::Kind::RandomGenerator)
    throw TypeError(op + ": rng must be a random generator variable, got " + inputs[0].type().str());
  const Var& size = inputs[1];
  if (!is_integer(size.dtype()) || size.ndim() != 1 || !size.type().shape()[0])
    throw TypeError(op + ": size must be an integer vector of known length, got " + size.type().str());
  if (!inputs[2].is_constant()) throw TypeError(op + ": dtype must be a constant dtype code");
  const DType dtype = dtype_from_code(inputs[2].constant_value().item<std::int64_t>());

  std::vector<Var> params(inputs.begin() + 3, inputs.end());
  std::vector<StaticShape> batch_shapes;
  for (std::size_t i = 0; i < params.size(); ++i) {
    const int core = ndims_params_[i];
    if (params[i].ndim() < core)
      throw TypeError(op + ": parameter " + param_names_[i] + " needs at least " + std::to_string(core) +
                      " dims, got " + params[i].type().str());
    const auto& shape = params[i].type().shape();
    batch_shapes.emplace_back(shape.begin(), shape.end() - core);
  }
  StaticShape batch = broadcast_static(batch_shapes, op);
  const auto size_length = static_cast<std::size_t>(*size.type().shape()[0]);
  if (size_length > 0) {
    StaticShape requested(size_length);
    if (size.is_constant())
      for (std::size_t i = 0; i < size_length; ++i)
        requested[i] = size.constant_value().get_as_int(static_cast<std::int64_t>(i));
    // The params must fit into size: broadcasting them against it may not grow it.
    if (batch.size() > size_length)
      throw TypeError(op + ": the parameters have more batch dims than size " + size.type().str());
    const StaticShape joined = broadcast_static({requested, batch}, op);
    for (std::size_t i = 0; i < size_length; ++i)
      if (requested[i] && joined[i] != requested[i]) throw TypeError(op + ": the parameters do not broadcast to size");
    batch = requested;
  }
  const StaticShape support = support_static_shape(params);
  batch.insert(batch.end(), support.begin(), support.end());
  return {TensorType::random_generator(), TensorType(dtype, batch)};
}

Shape RandomVariable::checked_draw_shape(const std::vector<Array>& inputs, std::vector<Array>& broadcast) const {
  state_from_array(inputs[0]);
  const Shape size = inputs[1].to_vector<std::int64_t>();
  const std::vector<Array> params(inputs.begin() + 3, inputs.end());
  check_parameters(params);
  const Shape out_shape = draw_shape(size, params);
  const auto batch_ndim = static_cast<std::ptrdiff_t>(out_shape.size()) - ndim_supp_;
  broadcast.clear();
  for (std::size_t i = 0; i < params.size(); ++i) {
    const Shape& shape = params[i].shape();
    Shape target(out_shape.begin(), out_shape.begin() + batch_ndim);
    target.insert(target.end(), shape.end() - ndims_params_[i], shape.end());
    broadcast.push_back(params[i].broadcast_to(target));
  }
  return out_shape;
}

void RandomVariable::perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const {
  std::vector<Array> broadcast;
  const Shape out_shape = checked_draw_shape(inputs, broadcast);
  GeneratorState state = state_from_array(inputs[0]);
  const DType dtype = dtype_from_code(inputs[2].item<std::int64_t>());
  Array out = Array::empty(is_float(dtype_) ? DType::float64 : DType::int64, out_shape);
  draw(state, broadcast, out);
  outputs[0] = state_to_array(state);
  outputs[1] = out.dtype() == dtype ? std::move(out) : out.astype(dtype);
}

void RandomVariable::draw_into(GeneratorState& state, const std::vector<Array>& inputs, Array& out) const {
  std::vector<Array> broadcast;
  const Shape shape = checked_draw_shape(inputs, broadcast);
  if (shape != out.shape())
    throw ValueError(rv_name_ + ": the draw has shape " + shape_string(shape) + ", its output " + shape_string(out.shape()));
  Array drawn = Array::empty(is_float(dtype_) ? DType::float64 : DType::int64, shape);
  draw(state, broadcast, drawn);
  for (std::int64_t i = 0; i < drawn.size(); ++i) {
    if (is_float(drawn.dtype()))
      out.set_from_double(i, drawn.get_as_double(i));
    else
      out.set_from_int(i, drawn.get_as_int(i));
  }
}

Var make_random_variable(std::shared_ptr<const RandomVariable> op, const Var& rng, const Shape& size,
                         std::optional<DType> dtype, std::vector<Var> params, const std::string& name) {
  op->check_constant_parameters(params);
  std::vector<Var> inputs;
  inputs.push_back(rng ? rng : random_generator_shared());
  inputs.push_back(make_constant(Array(std::vector<std::int64_t>(size.begin(), size.end()))));
  inputs.push_back(make_constant(Array(dtype_code(dtype.value_or(op->default_dtype())))));
  inputs.insert(inputs.end(), params.begin(), params.end());
  Var draw = Apply::make(std::move(op), std::move(inputs))->output(1);
  if (!name.empty()) draw.set_name(name);
  return draw;
}

}  // namespace kiln::random
