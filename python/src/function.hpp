// A compiled kiln::Function as Python sees it: positional or keyword calls with NumPy arrays,
// the GIL released while the program runs.
#pragma once

#include "convert.hpp"

namespace kiln::python {

struct PyFunction {
  Function function;
  // outputs= was one variable (the call returns one array), not a list.
  bool single_output;

  // The arguments in the inputs' order, each converted (zero-copy where it can be).
  std::vector<Array> arguments(const py::args& args, const py::kwargs& kwargs) const;
  py::object call(const py::args& args, const py::kwargs& kwargs) const;
  py::object results(std::vector<Array> values) const;
};

}  // namespace kiln::python
