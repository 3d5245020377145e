// Coords and dims (PyMC's): each dim of a model has labels or a length, and a named variable
// may name a dim per axis, which gives its shape and labels its elements.
#include "pm/model_impl.hpp"

#include <kiln/errors.hpp>

#include <algorithm>
#include <ostream>

namespace kiln::pm {

CoordValues::CoordValues(std::vector<std::string> labels)
    : labels_(std::move(labels)), length_(static_cast<std::int64_t>(labels_.size())), labelled_(true) {}

CoordValues::CoordValues(std::initializer_list<std::string> labels) : CoordValues(std::vector<std::string>(labels)) {}

CoordValues::CoordValues(std::int64_t length) : length_(length), labelled_(false) {
  if (length < 0) throw ValueError("a dim's length must be >= 0, got " + std::to_string(length));
}

bool Coords::contains(const std::string& dim) const {
  return std::any_of(begin(), end(), [&](const auto& c) { return c.first == dim; });
}

const CoordValues& Coords::at(const std::string& dim) const {
  for (const auto& [name, values] : *this)
    if (name == dim) return values;
  throw ValueError("the model has no dim named '" + dim + "'");
}

std::ostream& operator<<(std::ostream& os, const Coords& coords) {
  os << "{";
  for (std::size_t i = 0; i < coords.size(); ++i) {
    const auto& [name, values] = coords[i];
    os << (i ? ", " : "") << "'" << name << "': ";
    if (!values.has_labels()) {
      os << "None";
      continue;
    }
    os << "(";
    for (std::size_t k = 0; k < values.labels().size(); ++k) os << (k ? ", " : "") << "'" << values.labels()[k] << "'";
    os << (values.labels().size() == 1 ? ",)" : ")");
  }
  return os << "}";
}

const Coords& Model::coords() const { return impl_->options.coords; }

void Model::add_coord(const std::string& name, CoordValues values) {
  if (name.empty()) throw ValueError("a dim needs a name");
  if (impl_->options.coords.contains(name)) throw ValueError("the model already has a dim named '" + name + "'");
  impl_->options.coords.emplace_back(name, std::move(values));
}

void Model::add_coords(const Coords& coords) {
  for (const auto& [name, values] : coords) add_coord(name, values);
}

std::map<std::string, std::vector<std::string>> Model::named_vars_to_dims() const {
  return {impl_->dims.begin(), impl_->dims.end()};
}

Shape Model::dims_shape(const std::vector<std::string>& dims) const {
  Shape shape;
  for (const auto& dim : dims) {
    if (!impl_->options.coords.contains(dim))
      throw ValueError("dim '" + dim + "' is unknown to the model: add it to the model's coords (add_coord)");
    shape.push_back(impl_->options.coords.at(dim).length());
  }
  return shape;
}

const std::vector<std::string>& Model::Impl::dims_of(const std::string& name) const {
  static const std::vector<std::string> none;
  for (const auto& [var, var_dims] : dims)
    if (var == name) return var_dims;
  return none;
}

}  // namespace kiln::pm
