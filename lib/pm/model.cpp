// pm::Model's registry: the thread's stack of active models, named variables with their value
// variables and transforms, Deterministic and Potential, and the accessors.
#include "pm/model_impl.hpp"

#include "pm/distributions/distribution.hpp"

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

}  // namespace

namespace detail {

Var register_rv(std::string name, const VarOptions& options, const std::function<Var(const DistOptions&)>& build) {
  Model& model = require_model(name, "random variable");
  DistOptions dist_options;
  if (!options.size.empty()) {
    dist_options.size = options.size;
  } else if (options.observed) {
    // The data fix the batch shape, as in PyMC; support dims (MvNormal's k) are not batch dims.
    const int ndim_supp = rv_op(build({}))->ndim_supp();
    const Shape& data = options.observed->shape();
    if (static_cast<int>(data.size()) < ndim_supp)
      throw ValueError("observed data for '" + name + "' has shape " + shape_string(data) + ", fewer dims than " +
                       std::to_string(ndim_supp) + " support dims");
    dist_options.size = Shape(data.begin(), data.end() - ndim_supp);
  }
  Var rv;
  try {
    rv = build(dist_options);
  } catch (const TypeError& e) {
    if (!options.observed) throw;
    throw ValueError("observed data for '" + name + "' of shape " + shape_string(options.observed->shape()) +
                     " do not fit the random variable: " + e.what());
  }
  return model.register_rv(rv, name, options.observed, options.transform);
}

}  // namespace detail

Model::Model(ModelOptions options) : impl_(std::make_unique<Impl>()) { impl_->options = options; }
Model::~Model() = default;

Model* Model::current() { return active_models.empty() ? nullptr : active_models.back(); }

ModelContext::ModelContext(Model& model) { active_models.push_back(&model); }
ModelContext::~ModelContext() { active_models.pop_back(); }

Var Model::register_rv(const Var& rv, const std::string& name, const std::optional<Array>& observed,
                       const std::optional<TransformPtr>& transform) {
  if (name.empty()) throw ModelError("a model variable needs a name");
  impl_->claim_name(name);
  const auto& info = detail::distribution_of(rv);
  if (observed && shapes_conflict(rv.type().shape(), observed->shape()))
    throw ValueError("observed data for '" + name + "' have shape " + shape_string(observed->shape()) + ", but '" +
                     name + "' has shape " + static_shape_string(rv.type().shape()));
  rv.set_name(name);

  ModelVariable v;
  v.rv = rv;
  v.observed = observed.has_value();
  if (observed) {
    v.value = make_constant(observed->astype(rv.dtype()));
  } else {
    v.transform = transform ? *transform : (info.transform ? info.transform(detail::rv_params(rv)) : nullptr);
    if (!is_float(rv.dtype())) v.transform = nullptr;  // discrete values are never transformed
    StaticShape shape = rv.type().shape();
    if (v.transform && v.transform->ndim_supp() == 1 && !shape.empty() && shape.back())
      shape.back() = v.transform->unconstrained_length(*shape.back());
    else if (v.transform && v.transform->ndim_supp() == 1 && !shape.empty())
      shape.back() = std::nullopt;
    const std::string value_name = v.transform ? name + "_" + v.transform->name() + "__" : name;
    if (value_name != name) impl_->claim_name(value_name);
    v.value = make_input(TensorType(rv.dtype(), shape), value_name);
  }
  impl_->variables.push_back(v);
  return rv;
}

void Model::register_deterministic(const Var& var) {
  impl_->claim_name(var.name());
  impl_->deterministics.push_back(var);
}

void Model::register_potential(const Var& var) {
  impl_->claim_name(var.name());
  impl_->potentials.push_back(var);
}

Var Deterministic(const std::string& name, const Var& var) {
  Model& model = require_model(name, "Deterministic");
  var.set_name(name);
  model.register_deterministic(var);
  return var;
}

Var Potential(const std::string& name, const Var& var) {
  Model& model = require_model(name, "Potential");
  var.set_name(name);
  model.register_potential(var);
  return var;
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
  for (const auto& lists : {&impl_->deterministics, &impl_->potentials})
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
