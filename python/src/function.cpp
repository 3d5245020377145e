// function(), compiled Functions, shared variables and grad for Python.
#include "function.hpp"

#include "bindings.hpp"

#include <pybind11/stl.h>

#include <algorithm>
#include <chrono>
#include <sstream>

namespace kiln::python {

namespace {

std::string input_label(const Var& v, std::size_t i) {
  return "input " + std::to_string(i) + (v.name().empty() ? "" : " '" + v.name() + "'");
}

Mode mode_argument(py::handle mode) {
  if (mode.is_none()) return Mode::FAST_RUN;
  auto name = py::str(mode).cast<std::string>();
  if (name == "FAST_RUN") return Mode::FAST_RUN;
  if (name == "FAST_COMPILE") return Mode::FAST_COMPILE;
  throw py::value_error("function: mode is 'FAST_RUN' or 'FAST_COMPILE', got '" + name + "'");
}

// The bytes an array's elements span.
std::pair<const char*, const char*> extent(const Array& a) {
  const auto* base = static_cast<const char*>(a.raw_data());
  const auto item = static_cast<std::int64_t>(itemsize(a.dtype()));
  std::int64_t lo = 0, hi = item;
  for (int i = 0; i < a.ndim(); ++i) {
    const std::int64_t span = (a.shape()[static_cast<std::size_t>(i)] - 1) * a.strides()[static_cast<std::size_t>(i)] * item;
    if (a.shape()[static_cast<std::size_t>(i)] == 0) return {base, base};
    (span < 0 ? lo : hi) += span;
  }
  return {base + lo, base + hi};
}

// An output inside a borrowed argument's memory gets its own copy: the argument's Python
// object need not outlive the result.
void own_outputs(std::vector<Array>& outputs, const std::vector<Array>& arguments) {
  for (auto& out : outputs) {
    auto [out_lo, out_hi] = extent(out);
    for (const auto& in : arguments) {
      auto [in_lo, in_hi] = extent(in);
      if (out_lo < in_hi && in_lo < out_hi) {
        out = out.copy();
        break;
      }
    }
  }
}

}  // namespace

CompileTimes compile_times_since(const CompileTimes& before) {
  CompileTimes now = kiln::compile_times();
  return {now.rewrite_ms - before.rewrite_ms, now.lowering_ms - before.lowering_ms,
          now.optimize_ms - before.optimize_ms, now.codegen_ms - before.codegen_ms,
          now.specialize_ms - before.specialize_ms, now.programs - before.programs,
          now.cache_hits - before.cache_hits};
}

py::dict compile_times_dict(const CompileTimes& t) {
  py::dict d;
  d["rewrite_ms"] = t.rewrite_ms;
  d["lowering_ms"] = t.lowering_ms;
  d["llvm_opt_ms"] = t.optimize_ms;
  d["codegen_ms"] = t.codegen_ms;
  d["specialization_ms"] = t.specialize_ms;
  d["programs"] = t.programs;
  d["cache_hits"] = t.cache_hits;
  return d;
}

Array PyFunction::argument(py::handle value, std::size_t i) const {
  const Var& input = function.inputs()[i];
  try {
    return to_input_array(value, input.dtype(), "");
  } catch (const py::type_error& e) {
    throw py::type_error(input_label(input, i) + e.what());  // the label is built only for the message
  }
}

std::vector<Array> PyFunction::arguments(const py::args& args, const py::kwargs& kwargs) const {
  const auto& inputs = function.inputs();
  if (args.size() > inputs.size())
    throw py::type_error("function takes " + std::to_string(inputs.size()) + " inputs, got " + std::to_string(args.size()));
  std::vector<Array> values;
  values.reserve(inputs.size());
  for (std::size_t i = 0; i < args.size(); ++i) values.push_back(argument(args[i], i));
  if (!kwargs || kwargs.empty()) {
    if (values.size() < inputs.size()) throw py::type_error("missing " + input_label(inputs[values.size()], values.size()));
    return values;
  }
  std::vector<std::optional<Array>> named(inputs.size());
  for (auto [key, value] : kwargs) {
    const auto name = key.cast<std::string>();
    std::size_t i = 0;
    while (i < inputs.size() && inputs[i].name() != name) ++i;
    if (i == inputs.size()) throw py::type_error("function has no input named '" + name + "'");
    if (i < args.size() || named[i]) throw py::type_error("input '" + name + "' given twice");
    named[i] = argument(value, i);
  }
  for (std::size_t i = args.size(); i < inputs.size(); ++i) {
    if (!named[i]) throw py::type_error("missing " + input_label(inputs[i], i));
    values.push_back(std::move(*named[i]));
  }
  return values;
}

py::object PyFunction::results(std::vector<Array> values) const {
  if (single_output) return to_numpy(std::move(values[0]));
  return to_numpy_list(values);
}

bool PyFunction::LastCall::matches(const std::vector<Array>& values) const {
  if (output_shapes_vary || call_into_refuses || input_shapes.size() != values.size() || output_dtypes.empty())
    return false;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (values[i].shape() != input_shapes[i]) return false;
  return true;
}

void PyFunction::LastCall::record(const std::vector<Array>& values, const std::vector<Array>& outputs, bool refused) {
  const bool same_inputs = std::equal(input_shapes.begin(), input_shapes.end(), values.begin(), values.end(),
                                      [](const Shape& s, const Array& v) { return s == v.shape(); });
  const bool same_outputs = std::equal(output_shapes.begin(), output_shapes.end(), outputs.begin(), outputs.end(),
                                       [](const Shape& s, const Array& o) { return s == o.shape(); });
  // Only inputs of the shapes of the call before tell whether the outputs' shapes depend on
  // the inputs' values; new input shapes start afresh.
  const bool seen_before = same_inputs && !output_dtypes.empty();
  output_shapes_vary = seen_before && !same_outputs;
  call_into_refuses = seen_before && (call_into_refuses || (refused && same_outputs));
  input_shapes.clear();
  for (const auto& v : values) input_shapes.push_back(v.shape());
  output_shapes.clear();
  output_dtypes.clear();
  for (const auto& o : outputs) {
    output_shapes.push_back(o.shape());
    output_dtypes.push_back(o.dtype());
  }
}

py::object PyFunction::call(const py::args& args, const py::kwargs& kwargs) const {
  std::vector<Array> values = arguments(args, kwargs);
  bool refused = false;
  if (last_call.matches(values)) {
    try {
      return call_into_numpy(values);
    } catch (const InputError&) {
      // Outputs of other shapes than the last call's (call_positional allocates them, and
      // record() notes why call_into refused), or inputs at fault (call_positional raises again).
      refused = true;
    }
  }
  std::vector<Array> out;
  {
    py::gil_scoped_release release;
    out = function.call_positional(values).values();
  }
  own_outputs(out, values);
  last_call.record(values, out, refused);
  return results(std::move(out));
}

// Inputs of the shapes of the last call give outputs of its shapes (as in most loops): those
// are allocated as NumPy arrays up front and written into by call_into, with no copy and no
// wrapping of kiln's own arrays.
py::object PyFunction::call_into_numpy(const std::vector<Array>& values) const {
  const std::size_t n = last_call.output_shapes.size();
  std::vector<py::array> buffers;
  std::vector<Array> out;
  buffers.reserve(n);
  out.reserve(n);
  for (std::size_t k = 0; k < n; ++k) {
    const Shape& shape = last_call.output_shapes[k];
    buffers.emplace_back(numpy_dtype(last_call.output_dtypes[k]), std::vector<py::ssize_t>(shape.begin(), shape.end()));
    out.push_back(Array::view_raw(last_call.output_dtypes[k], buffers[k].mutable_data(), shape, {}));
  }
  {
    py::gil_scoped_release release;
    function.call_into_positional(out, values);
  }
  if (single_output) return std::move(buffers[0]);
  py::list arrays;
  for (auto& b : buffers) arrays.append(std::move(b));
  return arrays;
}

void bind_function(py::module_& m) {
  py::class_<PyFunction>(m, "Function")
      .def("__call__", &PyFunction::call)
      .def_property_readonly("inputs", [](const PyFunction& f) { return var_list(f.function.inputs()); })
      .def_property_readonly("outputs", [](const PyFunction& f) { return var_list(f.function.outputs()); })
      .def_property_readonly("compile_info", [](const PyFunction& f) {
        py::dict d = compile_times_dict(f.compile_times);
        d["compile_ms"] = f.compile_ms;
        return d;
      }, "What compiling this function took: wall time and kiln's stage times (ms).")
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
          const CompileTimes before = kiln::compile_times();
          const auto start = std::chrono::steady_clock::now();
          Function compiled = kiln::function(ins, outs, std::move(options));
          const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
          return PyFunction{std::move(compiled), single, ms, compile_times_since(before), {}};
        }, py::arg("inputs") = py::none(), py::arg("outputs") = py::none(), py::arg("updates") = py::none(),
        py::arg("givens") = py::none(), py::arg("mode") = py::none(), py::arg("trust_input") = false,
        py::arg("fixed_shapes") = false);

  m.def("shared", [](py::handle value, py::object name) {
          return shared(to_array(value, "shared: value").copy(), optional_name(name, "shared: name"));
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
