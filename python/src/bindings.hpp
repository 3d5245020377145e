// The parts of the _kiln extension module, one per meaning; module.cpp calls them in order.
#pragma once

#include <pybind11/pybind11.h>

namespace kiln::python {

namespace py = pybind11;

void bind_errors(py::module_& m);    // kiln exceptions -> Python exceptions (errors.cpp)
void bind_graph(py::module_& m);     // TensorType, variables, Apply, Op, traversal, dprint (graph.cpp)
void bind_tensor(py::module_& m);    // kiln.tensor's functions (tensor.cpp)
// x[idx], set_subtensor / inc_subtensor and TensorVariable.set / .inc (indexing.cpp)
void bind_indexing(py::module_& tensor);
void bind_function(py::module_& m);  // function(), compiled Functions, shared variables (function.cpp)
void bind_random(py::module_& m);    // kiln.tensor.random (random.cpp)
void bind_pm(py::module_& m);        // distributions, Model, draw, logp (pm.cpp, pm_model.cpp)
void bind_pm_distributions(py::module_& m, py::module_& dist);  // pm_distributions.cpp
void bind_pm_custom_dist(py::module_& m, py::module_& dist);    // pm_custom_dist.cpp
void bind_pm_model(py::module_& m);
void bind_bench(py::module_& m);     // compile-stage times, the allocation-free call loop (bench.cpp)

}  // namespace kiln::python
