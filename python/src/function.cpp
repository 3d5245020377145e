// function(), compiled Functions, shared variables and grad for Python.
#include "function.hpp"

#include "bindings.hpp"

#include <pybind11/stl.h>

#include <sstream>

namespace kiln::python {

namespace {

std::string input_label(const Var& v, std::size_t i) {
  return "input " + std::to_string(i) + (v.name().empty() ? "" : " '" + v.name() + "'");
}

std::vector<std::pair<Var, Var>> var_pairs(py::handle obj, const std::string& what) {
  std::vector<std::pair<Var, Var>> pairs;
  if (obj.is_none()) return pairs;
  py::object items = py::isinstance<py::dict>(obj) ? py::reinterpret_borrow<py::object>(obj).attr("items")()
                                                    : py::reinterpret_borrow<py::object>(obj);
  for (auto item : items) {
    auto kv = item.cast<py::tuple>();
    if (kv.size() != 2) throw py::type_error(what + ": expected (variable, value) pairs");
    pairs.emplace_back(to_var(kv[0], what), to_var(kv[1], what));
  }
  return pairs;
}

Mode mode_argument(py::handle mode) {
  if (mode.is_none()) return Mode::FAST_RUN;
  auto name = py::str(mode).cast<std::string>();
  if (name == "FAST_RUN") return Mode::FAST_RUN;
  if (name == "FAST_COMPILE") return Mode::FAST_COMPILE;
  throw py::value_error("function: mode is 'FAST_RUN' or 'FAST_COMPILE', got '" + name + "'");
}

}  // namespace

std::vector<Array> PyFunction::arguments(const py::args& args, const py::kwargs& kwargs) const {
  const auto& inputs = function.inputs();
  if (args.size() > inputs.size())
    throw py::type_error("function takes " + std::to_string(inputs.size()) + " inputs, got " + std::to_string(args.size()));
  std::vector<Array> values(inputs.size());
  std::vector<bool> given(inputs.size(), false);
  for (std::size_t i = 0; i < args.size(); ++i) {
    values[i] = to_input_array(args[i], inputs[i].dtype(), input_label(inputs[i], i));
    given[i] = true;
  }
  for (auto [key, value] : kwargs) {
    const auto name = key.cast<std::string>();
    std::size_t i = 0;
    while (i < inputs.size() && inputs[i].name() != name) ++i;
    if (i == inputs.size()) throw py::type_error("function has no input named '" + name + "'");
    if (given[i]) throw py::type_error("input '" + name + "' given twice");
    values[i] = to_input_array(value, inputs[i].dtype(), input_label(inputs[i], i));
    given[i] = true;
  }
  for (std::size_t i = 0; i < inputs.size(); ++i)
    if (!given[i]) throw py::type_error("missing " + input_label(inputs[i], i));
  return values;
}

py::object PyFunction::results(std::vector<Array> values) const {
  if (single_output) return to_numpy(std::move(values[0]));
  return to_numpy_list(values);
}

py::object PyFunction::call(const py::args& args, const py::kwargs& kwargs) const {
  std::vector<Array> values = arguments(args, kwargs);
  std::vector<Array> out;
  {
    py::gil_scoped_release release;
    out = function.call_positional(std::move(values)).values();
  }
  return results(std::move(out));
}

void bind_function(py::module_& m) {
  py::class_<PyFunction>(m, "Function")
      .def("__call__", &PyFunction::call)
      .def_property_readonly("inputs", [](const PyFunction& f) { return var_list(f.function.inputs()); })
      .def_property_readonly("outputs", [](const PyFunction& f) { return var_list(f.function.outputs()); })
      .def("debug_string", [](const PyFunction& f) {
        std::ostringstream os;
        dprint(f.function, os);
        return os.str();
      }, "dprint's text of the compiled program (each node with its position in the execution order).");

  m.def("function", [](py::handle inputs, py::handle outputs, py::handle updates, py::handle givens, py::handle mode,
                       bool trust_input, bool fixed_shapes) {
          FunctionOptions options;
          options.updates = var_pairs(updates, "function: updates");
          options.givens = var_pairs(givens, "function: givens");
          options.mode = mode_argument(mode);
          options.trust_input = trust_input;
          options.fixed_shapes = fixed_shapes;
          auto ins = inputs.is_none() ? std::vector<Var>{} : to_var_list(inputs, "function: inputs");
          const bool single = py::isinstance<Var>(outputs);
          auto outs = outputs.is_none() ? std::vector<Var>{} : to_var_list(outputs, "function: outputs");
          py::gil_scoped_release release;
          return PyFunction{kiln::function(ins, outs, std::move(options)), single};
        }, py::arg("inputs") = py::none(), py::arg("outputs") = py::none(), py::arg("updates") = py::none(),
        py::arg("givens") = py::none(), py::arg("mode") = py::none(), py::arg("trust_input") = false,
        py::arg("fixed_shapes") = false);

  m.def("shared", [](py::handle value, py::object name) {
          return shared(to_array(value, "shared: value").copy(), name.is_none() ? std::string() : name.cast<std::string>());
        }, py::arg("value"), py::arg("name") = py::none());
  m.def("get_value", [](const Var& v) { return to_numpy(get_value(v)); }, py::arg("var"));
  m.def("set_value", [](const Var& v, py::handle value) { set_value(v, to_array(value, "set_value: value").copy()); },
        py::arg("var"), py::arg("value"));

  m.def("grad", [](py::handle cost, py::handle wrt, const std::string& disconnected_inputs) -> py::object {
          GradOptions options;
          if (disconnected_inputs == "raise") options.disconnected_inputs = Disconnected::raise;
          else if (disconnected_inputs == "warn") options.disconnected_inputs = Disconnected::warn;
          else if (disconnected_inputs == "ignore") options.disconnected_inputs = Disconnected::ignore;
          else throw py::value_error("grad: disconnected_inputs is 'raise', 'warn' or 'ignore', got '" + disconnected_inputs + "'");
          auto g = grad(to_var(cost, "grad: cost"), to_var_list(wrt, "grad: wrt"), options);
          if (py::isinstance<Var>(wrt)) return py::cast(g[0]);
          return var_list(g);
        }, py::arg("cost"), py::arg("wrt"), py::arg("disconnected_inputs") = "raise");
  m.def("jacobian", [](py::handle expr, py::handle wrt) { return jacobian(to_var(expr, "jacobian: expression"), to_var(wrt, "jacobian: wrt")); },
        py::arg("expression"), py::arg("wrt"));
  m.def("hessian", [](py::handle cost, py::handle wrt) { return hessian(to_var(cost, "hessian: cost"), to_var(wrt, "hessian: wrt")); },
        py::arg("cost"), py::arg("wrt"));
}

}  // namespace kiln::python
