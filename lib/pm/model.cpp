// pm::Model's registry: the thread's stack of active models, named variables with their value
// variables and transforms, Deterministic and Potential, and the accessors.
#include "pm/model_impl.hpp"

#include "pm/distributions/distribution.hpp"

#include <kiln/shared.hpp>

#include <algorithm>

namespace kiln::pm {

namespace {

thread_local std::vector<Model*> active_models;

Model& require_model(const std::string& name, const char* what) {
  Model* model = Model::current();
  if (model == nullptr)
    throw ModelError(std::string(what) + " '" + name + "': no active model; create it inside a pm::ModelContext");
  return *model;
}

// Known dims that disagree, or a different rank.
bool shapes_conflict(const StaticShape& declared, const Shape& data) {
  if (declared.size() != data.size()) return true;
  for (std::size_t i = 0; i < data.size(); ++i)
    if (declared[i] && *declared[i] != data[i]) return true;
  return false;
}

std::string static_shape_string(const StaticShape& shape) {
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + (shape[i] ? std::to_string(*shape[i]) : std::string("None"));
  return s + (shape.size() == 1 ? ",)" : ")");
}

// The current value of observed data: a constant's, or a shared variable's (pm::Data).
Array observed_value(const std::string& name, const Var& observed) {
  if (observed.is_constant()) return observed.constant_value();
  if (observed.is_shared()) return get_value(observed);
  throw ValueError("observed data for '" + name + "' must be an Array or a pm::Data variable, got " +
                   to_string(observed));
}

}  // namespace

namespace detail {

Var register_rv(std::string name, const VarOptions& options, const std::function<Var(const DistOptions&)>& build) {
  Model& model = require_model(name, "random variable");
  std::optional<Array> data;
  if (options.observed) data = observed_value(name, *options.observed);
  auto ndim_supp = [&] { return rv_op(build({}))->ndim_supp(); };
  // The shape the dims give; a dim the model does not know takes its length from the data.
  std::optional<Shape> dims_shape;
  if (!options.dims.empty()) {
    if (!options.size.empty()) throw ValueError("'" + name + "' takes its shape from size or dims, not both");
    if (data && data->ndim() == static_cast<std::int64_t>(options.dims.size()))
      for (std::size_t i = 0; i < options.dims.size(); ++i)
        if (!model.coords().contains(options.dims[i])) model.add_coord(options.dims[i], data->shape()[i]);
    dims_shape = model.dims_shape(options.dims);
  }
  DistOptions dist_options;
  if (!options.size.empty()) {
    dist_options.size = options.size;
  } else if (dims_shape || data) {
    // The dims or the data fix the batch shape, as in PyMC; support dims (MvNormal's k) are
    // not batch dims.
    const Shape& shape = dims_shape ? *dims_shape : data->shape();
    const int supp = ndim_supp();
    if (static_cast<int>(shape.size()) < supp)
      throw ValueError(
          (dims_shape ? "dims of '" + name + "' give shape " : "observed data for '" + name + "' has shape ") +
          shape_string(shape) + ", fewer dims than " + std::to_string(supp) + " support dims");
    dist_options.size = Shape(shape.begin(), shape.end() - supp);
  }
  Var rv;
  try {
    rv = build(dist_options);
  } catch (const TypeError& e) {
    if (!data) throw;
    throw ValueError("observed data for '" + name + "' of shape " + shape_string(data->shape()) +
                     " do not fit the random variable: " + e.what());
  }
  if (dims_shape && rv.ndim() != static_cast<std::int64_t>(dims_shape->size()))
    throw ValueError("'" + name + "' has " + std::to_string(rv.ndim()) + " dims, but " +
                     std::to_string(dims_shape->size()) + " dims were named");
  return model.register_rv(rv, name, options.observed, options.transform, options.dims);
}

}  // namespace detail

Model::Model(ModelOptions options) : impl_(std::make_unique<Impl>()) {
  Coords coords = std::move(options.coords);
  impl_->options = std::move(options);
  add_coords(coords);
}
Model::~Model() = default;

Model* Model::current() { return active_models.empty() ? nullptr : active_models.back(); }

ModelContext::ModelContext(Model& model) { active_models.push_back(&model); }
ModelContext::~ModelContext() { active_models.pop_back(); }

Var Model::register_rv(const Var& rv, const std::string& name, const std::optional<Var>& observed,
                       const std::optional<TransformPtr>& transform, const std::vector<std::string>& dims) {
  if (name.empty()) throw ModelError("a model variable needs a name");
  const auto& info = detail::distribution_of(rv);
  if (observed) {
    const Shape data_shape = observed_value(name, *observed).shape();
    if (shapes_conflict(rv.type().shape(), data_shape))
      throw ValueError("observed data for '" + name + "' have shape " + shape_string(data_shape) + ", but '" + name +
                       "' has shape " + static_shape_string(rv.type().shape()));
  }
  if (!dims.empty()) dims_shape(dims);  // every dim is known
  impl_->claim_name(name);
  rv.set_name(name);
  if (!dims.empty()) impl_->dims.emplace_back(name, dims);

  ModelVariable v;
  v.rv = rv;
  v.observed = observed.has_value();
  if (observed && observed->is_shared()) {
    v.value = observed->dtype() == rv.dtype() ? *observed : kt::cast(*observed, rv.dtype());
  } else if (observed) {
    v.value = make_constant(observed->constant_value().astype(rv.dtype()));
  } else {
    v.transform = transform ? *transform : (info.transform ? info.transform(detail::rv_params(rv)) : nullptr);
    if (!is_float(rv.dtype())) v.transform = nullptr;  // discrete values are never transformed
    StaticShape shape = rv.type().shape();
    // A vector transform changes the length of each of its support axes (a simplex's k to k - 1).
    if (v.transform)
      for (std::size_t d = 1; d <= static_cast<std::size_t>(v.transform->ndim_supp()) && d <= shape.size(); ++d)
        if (auto& length = shape[shape.size() - d]) length = v.transform->unconstrained_length(*length);
    const std::string value_name = v.transform ? name + "_" + v.transform->name() + "__" : name;
    if (value_name != name) impl_->claim_name(value_name);
    v.value = make_input(TensorType(rv.dtype(), shape), value_name);
  }
  impl_->variables.push_back(v);
  return rv;
}

void Model::register_deterministic(const Var& var, const std::vector<std::string>& dims) {
  if (!dims.empty()) {
    const Shape shape = dims_shape(dims);
    if (var.ndim() != static_cast<std::int64_t>(dims.size()) || shapes_conflict(var.type().shape(), shape))
      throw ValueError("Deterministic '" + var.name() + "' of type " + var.type().str() +
                       " does not fit dims of shape " + shape_string(shape));
  }
  impl_->claim_name(var.name());
  if (!dims.empty()) impl_->dims.emplace_back(var.name(), dims);
  impl_->deterministics.push_back(var);
}

void Model::register_potential(const Var& var) {
  impl_->claim_name(var.name());
  impl_->potentials.push_back(var);
}

Var Deterministic(const std::string& name, const Var& var, const std::vector<std::string>& dims) {
  Model& model = require_model(name, "Deterministic");
  var.set_name(name);
  model.register_deterministic(var, dims);
  return var;
}

Var Potential(const std::string& name, const Var& var) {
  Model& model = require_model(name, "Potential");
  var.set_name(name);
  model.register_potential(var);
  return var;
}

Var Data(const std::string& name, const Array& value, const DataOptions& options) {
  Model& model = require_model(name, "Data");
  // Owned and contiguous: compiled functions read it in place; set_data replaces it whole.
  Var x = shared(value.copy(), name);
  model.register_data(x, options.dims);
  return x;
}

const ModelOptions& Model::options() const { return impl_->options; }

void Model::Impl::claim_name(const std::string& name) {
  if (std::find(names.begin(), names.end(), name) != names.end())
    throw ModelError("variable name '" + name + "' already exists in the model");
  names.push_back(name);
}

std::vector<std::string> Model::Impl::term_names() const {
  std::vector<std::string> out;
  for (const auto* v : ordered()) out.push_back(v->rv.name());
  for (const auto& p : potentials) out.push_back(p.name());
  return out;
}

const ModelVariable& Model::Impl::variable_of(const Var& rv) const {
  for (const auto& v : variables)
    if (v.rv == rv) return v;
  throw ModelError(to_string(rv) + " is not a random variable of this model");
}

std::vector<const ModelVariable*> Model::Impl::ordered() const {
  std::vector<const ModelVariable*> out;
  for (const auto& v : variables)
    if (!v.observed) out.push_back(&v);
  for (const auto& v : variables)
    if (v.observed) out.push_back(&v);
  return out;
}

std::vector<std::pair<Var, Var>> Model::Impl::rv_replacements() const {
  std::vector<std::pair<Var, Var>> out;
  for (const auto& v : variables) out.emplace_back(v.rv, v.transform ? v.transform->backward(v.value) : v.value);
  return out;
}

RandomVariables Model::basic_RVs() const {
  RandomVariables out;
  for (const auto* v : impl_->ordered()) out.push_back(v->rv);
  return out;
}

RandomVariables Model::free_RVs() const {
  RandomVariables out;
  for (const auto& v : impl_->variables)
    if (!v.observed) out.push_back(v.rv);
  return out;
}

RandomVariables Model::observed_RVs() const {
  RandomVariables out;
  for (const auto& v : impl_->variables)
    if (v.observed) out.push_back(v.rv);
  return out;
}

RVsToValues Model::rvs_to_values() const {
  RVsToValues out;
  for (const auto* v : impl_->ordered()) out.emplace_back(v->rv, v->value);
  return out;
}

std::vector<Var> Model::value_vars() const {
  std::vector<Var> out;
  for (const auto& v : impl_->variables)
    if (!v.observed) out.push_back(v.value);
  return out;
}

std::vector<Var> Model::deterministics() const { return impl_->deterministics; }
std::vector<Var> Model::potentials() const { return impl_->potentials; }

TransformPtr Model::transform_of(const Var& rv) const { return impl_->variable_of(rv).transform; }

Var Model::operator[](const std::string& name) const {
  for (const auto& v : impl_->variables)
    if (v.rv.name() == name) return v.rv;
  for (const auto& lists : {&impl_->deterministics, &impl_->potentials, &impl_->data})
    for (const auto& v : *lists)
      if (v.name() == name) return v;
  throw ModelError("the model has no variable named '" + name + "'");
}

const Var& RVsToValues::operator[](const Var& rv) const {
  for (const auto& [r, value] : *this)
    if (r == rv) return value;
  throw ModelError(to_string(rv) + " is not a random variable of this model");
}

LogpTerms::operator Var() const {
  if (size() != 1) throw ModelError("the model's logp has " + std::to_string(size()) + " terms, not one");
  return front();
}

}  // namespace kiln::pm
