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

// What a distribution call builds: a named variable of the active model, or (.dist) an
// unnamed one.
struct Target {
  std::optional<std::string> name;
  pm::VarOptions var;
  pm::DistOptions dist;
  std::optional<Shape> shape = std::nullopt;  // PyMC's whole shape, when given

  template <class X, class... Args>
  Var make(Args&&... args) const {
    if (name) return X(*name, std::forward<Args>(args)..., var);
    return X::dist(std::forward<Args>(args)..., dist);
  }
};

// Takes `key` out of kwargs (None when absent).
py::object take(py::kwargs& kwargs, const char* key);
// A distribution call's target, its options taken out of kwargs: `named`, the name (keyword,
// or the first positional argument: `first` then counts it), observed, dims and transform;
// else rng. size and shape stay in kwargs (they depend on the distribution's support dims).
Target take_target(const std::string& dist, const py::args& args, py::kwargs& kwargs, bool named, std::size_t& first);

}  // namespace kiln::python
