// A compiled kiln::Function as Python sees it: positional or keyword calls with NumPy arrays,
// the GIL released while the program runs.
#pragma once

#include "convert.hpp"

#include <optional>

namespace kiln::python {

struct PyFunction {
  Function function;
  // outputs= was one variable (the call returns one array), not a list.
  bool single_output;
  // What compiling it took on this thread: wall time and kiln's stage times (a cache hit
  // shows as cache_hits = 1 and no stages).
  double compile_ms = 0;
  CompileTimes compile_times = {};

  // The shapes of the last call's inputs and outputs (see call()).
  struct LastCall {
    std::vector<Shape> input_shapes, output_shapes;
    std::vector<DType> output_dtypes;
    // The last call's output shapes differed from those of the call before it, with inputs of
    // the same shapes (they depend on input values): the fast path waits until they repeat.
    bool output_shapes_vary = false;
    // call_into refused outputs of the very shapes the call then gave (a program specialized
    // to other input values does): the fast path waits until the inputs' shapes change.
    bool call_into_refuses = false;
    bool matches(const std::vector<Array>& values) const;
    // Records a call that allocated its outputs (call_positional) after call_into `refused`.
    void record(const std::vector<Array>& values, const std::vector<Array>& outputs, bool refused);
  };
  mutable LastCall last_call = {};  // read and written with the GIL held

  // The arguments in the inputs' order, each a borrowed view where it can be (see convert.hpp).
  std::vector<Array> arguments(const py::args& args, const py::kwargs& kwargs) const;
  Array argument(py::handle value, std::size_t i) const;
  py::object call(const py::args& args, const py::kwargs& kwargs) const;
  py::object call_into_numpy(const std::vector<Array>& values) const;
  py::object results(std::vector<Array> values) const;
};

// kiln's stage times on this thread since `before`, and as a dict (kiln.bench's names).
CompileTimes compile_times_since(const CompileTimes& before);
py::dict compile_times_dict(const CompileTimes& t);

}  // namespace kiln::python
