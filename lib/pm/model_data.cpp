// pm::Data variables: registering them with their dims, and set_data, which replaces a value
// (and the lengths of its dims) that compiled functions read at each call.
#include "pm/model_impl.hpp"

#include <kiln/errors.hpp>
#include <kiln/shared.hpp>

#include <algorithm>
#include <map>

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

// The model's coords once `name` holds `values` (given the `current` coords, and `changed_by`,
// the data of this call that already gave a dim its new length), or throws naming what is wrong.
Coords coords_after_set(const Model::Impl& impl, const std::string& name, const Array& values, const Coords& coords,
                        Coords current, std::map<std::string, std::string>& changed_by) {
  auto it = std::find_if(impl.data.begin(), impl.data.end(), [&](const Var& x) { return x.name() == name; });
  if (it == impl.data.end()) throw ValueError("set_data: the model has no data variable named '" + name + "'");
  const Var& x = *it;
  if (values.ndim() != x.ndim())
    throw ValueError("set_data: '" + name + "' has " + std::to_string(x.ndim()) + " dims, the new values have " +
                     std::to_string(values.ndim()));
  const auto& dims = impl.dims_of(name);
  for (std::size_t i = 0; i < dims.size(); ++i) {
    const std::string& dim = dims[i];
    const std::int64_t length = values.shape()[i];
    auto entry = std::find_if(current.begin(), current.end(), [&](const auto& c) { return c.first == dim; });
    if (auto by = changed_by.find(dim); by != changed_by.end()) {
      if (length != entry->second.length())
        throw ValueError("set_data: '" + name + "' has length " + std::to_string(length) + " along dim '" + dim + "', but '" +
                         by->second + "' gives it length " + std::to_string(entry->second.length()));
      continue;
    }
    changed_by.emplace(dim, name);
    const bool relabelled = coords.contains(dim);
    if (length == entry->second.length() && !relabelled) continue;
    const std::string change = "dim '" + dim + "' of '" + name + "' from length " + std::to_string(entry->second.length()) +
                               " to " + std::to_string(length);
    if (const ModelVariable* v = free_variable_with_dim(impl, dim))
      throw ValueError("set_data: cannot change " + change + ": free variable '" + v->rv.name() +
                       "' has that dim, and its length is fixed");
    if (relabelled && coords.at(dim).length() != length)
      throw ValueError("set_data: the new coords of dim '" + dim + "' have " + std::to_string(coords.at(dim).length()) +
                       " values, but '" + name + "' has length " + std::to_string(length) + " along it");
    if (!relabelled && entry->second.has_labels())
      throw ValueError("set_data: cannot change " + change + " without its new labels: give them in coords");
    entry->second = relabelled ? coords.at(dim) : CoordValues(length);
  }
  return current;
}

}  // namespace

void Model::set_data(const std::string& name, const Array& values, const Coords& coords) {
  const auto& dims = impl_->dims_of(name);
  for (const auto& [dim, labels] : coords)
    if (std::find(dims.begin(), dims.end(), dim) == dims.end())
      throw ValueError("set_data: coords for dim '" + dim + "' were given, but '" + name + "' does not have it");
  set_data(std::vector<std::pair<std::string, Array>>{{name, values}}, coords);
}

void Model::set_data(const std::vector<std::pair<std::string, Array>>& new_data, const Coords& coords) {
  for (const auto& [dim, labels] : coords) {
    const bool used = std::any_of(new_data.begin(), new_data.end(), [&, &dim = dim](const auto& entry) {
      const auto& dims = impl_->dims_of(entry.first);
      return std::find(dims.begin(), dims.end(), dim) != dims.end();
    });
    if (!used) throw ValueError("set_data: coords for dim '" + dim + "' were given, but none of the data set has it");
  }
  // Everything checked (and converted: a contiguous copy of each variable's dtype, which
  // compiled functions read in place) before anything changes.
  Coords updated = impl_->options.coords;
  std::map<std::string, std::string> changed_by;
  std::vector<std::pair<Var, Array>> values;
  for (const auto& [name, value] : new_data) {
    updated = coords_after_set(*impl_, name, value, coords, std::move(updated), changed_by);
    const Var& x = *std::find_if(impl_->data.begin(), impl_->data.end(), [&, &name = name](const Var& d) { return d.name() == name; });
    if (std::any_of(values.begin(), values.end(), [&](const auto& v) { return v.first.get() == x.get(); }))
      throw ValueError("set_data: '" + name + "' is given twice");
    values.emplace_back(x, value.astype(x.dtype()));
  }
  for (auto& [x, value] : values) set_value(x, std::move(value));
  impl_->options.coords = std::move(updated);
}

}  // namespace kiln::pm
