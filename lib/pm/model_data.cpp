// pm::Data variables: registering them with their dims, and set_data, which replaces a value
// (and the lengths of its dims) that compiled functions read at each call.
#include "pm/model_impl.hpp"

#include <kiln/errors.hpp>
#include <kiln/shared.hpp>

#include <algorithm>

namespace kiln::pm {

void Model::register_data(const Var& x, const std::vector<std::string>& dims) {
  if (!x.is_shared()) throw ModelError("Data: " + to_string(x) + " is not a shared variable");
  if (!dims.empty() && static_cast<std::int64_t>(dims.size()) != x.ndim())
    throw ValueError("Data '" + x.name() + "' has " + std::to_string(x.ndim()) + " dims, but " +
                     std::to_string(dims.size()) + " dims were named");
  const Shape shape = get_value(x).shape();
  for (std::size_t i = 0; i < dims.size(); ++i) {
    if (!impl_->options.coords.contains(dims[i])) add_coord(dims[i], shape[i]);  // PyMC infers the length
    if (impl_->options.coords.at(dims[i]).length() != shape[i])
      throw ValueError("Data '" + x.name() + "' has length " + std::to_string(shape[i]) + " along dim '" + dims[i] +
                       "', whose length is " + std::to_string(impl_->options.coords.at(dims[i]).length()));
  }
  impl_->claim_name(x.name());
  if (!dims.empty()) impl_->dims.emplace_back(x.name(), dims);
  impl_->data.push_back(x);
}

std::vector<Var> Model::data_vars() const { return impl_->data; }

namespace {

// The free variable that has `dim`, or null: its value variable's length is fixed, so the dim
// cannot change length.
const ModelVariable* free_variable_with_dim(const Model::Impl& impl, const std::string& dim) {
  for (const auto& v : impl.variables) {
    const auto& dims = impl.dims_of(v.rv.name());
    if (!v.observed && std::find(dims.begin(), dims.end(), dim) != dims.end()) return &v;
  }
  return nullptr;
}

}  // namespace

void Model::set_data(const std::string& name, const Array& values, const Coords& coords) {
  auto it = std::find_if(impl_->data.begin(), impl_->data.end(), [&](const Var& x) { return x.name() == name; });
  if (it == impl_->data.end()) throw ValueError("set_data: the model has no data variable named '" + name + "'");
  const Var& x = *it;
  if (values.ndim() != x.ndim())
    throw ValueError("set_data: '" + name + "' has " + std::to_string(x.ndim()) + " dims, the new values have " +
                     std::to_string(values.ndim()));
  const auto& dims = impl_->dims_of(name);
  for (const auto& [dim, labels] : coords)
    if (std::find(dims.begin(), dims.end(), dim) == dims.end())
      throw ValueError("set_data: coords for dim '" + dim + "' were given, but '" + name + "' does not have it");

  Coords updated = impl_->options.coords;
  for (std::size_t i = 0; i < dims.size(); ++i) {
    const std::string& dim = dims[i];
    const std::int64_t length = values.shape()[i];
    auto entry = std::find_if(updated.begin(), updated.end(), [&](const auto& c) { return c.first == dim; });
    const bool relabelled = coords.contains(dim);
    if (length == entry->second.length() && !relabelled) continue;
    const std::string change = "dim '" + dim + "' of '" + name + "' from length " +
                               std::to_string(entry->second.length()) + " to " + std::to_string(length);
    if (const ModelVariable* v = free_variable_with_dim(*impl_, dim))
      throw ValueError("set_data: cannot change " + change + ": free variable '" + v->rv.name() +
                       "' has that dim, and its length is fixed");
    if (relabelled && coords.at(dim).length() != length)
      throw ValueError("set_data: the new coords of dim '" + dim + "' have " + std::to_string(coords.at(dim).length()) +
                       " values, but '" + name + "' has length " + std::to_string(length) + " along it");
    if (!relabelled && entry->second.has_labels())
      throw ValueError("set_data: cannot change " + change + " without its new labels: give them in coords");
    entry->second = relabelled ? coords.at(dim) : CoordValues(length);
  }
  // A contiguous copy of the model's dtype, so compiled functions can read it in place.
  set_value(x, values.astype(x.dtype()));
  impl_->options.coords = std::move(updated);
}

}  // namespace kiln::pm
