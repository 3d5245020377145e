// The _kiln extension module: the public C++ API of kiln, bound for Python. The package files
// (python/kiln/) arrange it under the tutorial's names; neither adds semantics of its own.
#include "bindings.hpp"

PYBIND11_MODULE(_kiln, m) {
  using namespace kiln::python;
  m.doc() = "kiln's C++ API (import kiln, kiln.tensor, kiln.pm instead)";
  bind_errors(m);
  bind_graph(m);
  auto tensor = m.def_submodule("tensor", "kiln::tensor");
  bind_tensor(tensor);
  bind_indexing(tensor);
  bind_function(m);
  auto random = tensor.def_submodule("random", "kiln::tensor::random");
  bind_random(random);
  auto pm = m.def_submodule("pm", "kiln::pm");
  bind_pm(pm);
  bind_pm_model(pm);
  auto bench = m.def_submodule("bench", "timing support for kiln.bench");
  bind_bench(bench);
}
