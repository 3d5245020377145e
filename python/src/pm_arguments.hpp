// Arguments of kiln.pm calls that several bindings read: transforms, dims and coords, the way
// PyMC takes them (pm.cpp defines them).
#pragma once

#include "convert.hpp"

#include <kiln/pm/model.hpp>

#include <optional>
#include <string>
#include <vector>

namespace kiln::python {

// A transform argument: one of kiln.pm.transforms (its `_default`: the distribution's own,
// nullopt), or None (transforms::none).
std::optional<pm::TransformPtr> transform_argument(py::handle transform, const std::string& what);
// dims: None, one dim's name, or a sequence of names.
std::vector<std::string> dims_argument(py::handle dims, const std::string& what);
// coords: {dim: labels} (labels any sequence, each label printed with str()); None gives none.
pm::Coords coords_argument(py::handle coords, const std::string& what);
// One dim's labels as kiln keeps them.
pm::CoordValues coord_values(py::handle values, const std::string& what);

}  // namespace kiln::python
