// Graph objects for Python: TensorType, variables (with the operators, indexing and methods of
// PyTensor's TensorVariable), Apply and Op, graph_inputs, clone_replace and dprint's text.
#include "bindings.hpp"
#include "convert.hpp"

#include <pybind11/stl.h>

#include <sstream>

namespace kiln::python {

namespace kt = kiln::tensor;

namespace {

py::object static_shape_tuple(const StaticShape& shape) {
  py::tuple out(shape.size());
  for (std::size_t i = 0; i < shape.size(); ++i)
    out[i] = shape[i] ? py::object(py::int_(*shape[i])) : py::object(py::none());
  return out;
}

// The binary operators: __op__ and (unless null) __rop__, and how a bad operand is named.
struct Operator {
  const char* name;
  const char* reflected;
  Var (*fn)(const Var&, const Var&);
  const char* what;
};
const Operator operators[] = {
    {"__add__", "__radd__", kt::add, "operand of add"},
    {"__sub__", "__rsub__", kt::sub, "operand of sub"},
    {"__mul__", "__rmul__", kt::mul, "operand of mul"},
    {"__truediv__", "__rtruediv__", kt::true_div, "operand of truediv"},
    {"__floordiv__", "__rfloordiv__", kt::int_div, "operand of floordiv"},
    {"__mod__", "__rmod__", kt::mod, "operand of mod"},
    {"__pow__", "__rpow__", kt::pow, "operand of pow"},
    {"__and__", "__rand__", kt::and_, "operand of and"},
    {"__or__", "__ror__", kt::or_, "operand of or"},
    {"__xor__", "__rxor__", kt::xor_, "operand of xor"},
    {"__lt__", nullptr, kt::lt, "operand of <"},
    {"__le__", nullptr, kt::le, "operand of <="},
    {"__gt__", nullptr, kt::gt, "operand of >"},
    {"__ge__", nullptr, kt::ge, "operand of >="},
};

std::string debug_text(py::handle obj) {
  if (py::isinstance<Var>(obj)) return debug_string(obj.cast<Var>());
  return debug_string(to_var_list(obj, "dprint"));
}

}  // namespace

void bind_graph(py::module_& m) {
  py::class_<TensorType>(m, "TensorType")
      .def(py::init([](py::handle dtype, py::handle shape) {
             return TensorType(dtype_argument(dtype, "TensorType: dtype"), to_static_shape(shape, "TensorType: shape"));
           }),
           py::arg("dtype"), py::arg("shape"))
      .def_property_readonly("dtype", [](const TensorType& t) { return std::string(dtype_name(t.dtype())); })
      .def_property_readonly("shape", [](const TensorType& t) { return static_shape_tuple(t.shape()); })
      .def_property_readonly("ndim", &TensorType::ndim)
      .def_property_readonly("broadcastable", [](const TensorType& t) {
        py::tuple out(static_cast<std::size_t>(t.ndim()));
        for (int i = 0; i < t.ndim(); ++i) out[static_cast<std::size_t>(i)] = py::bool_(t.broadcastable(i));
        return out;
      })
      .def("__call__", [](const TensorType& t, py::handle name) { return make_input(t, optional_name(name, "TensorType: name")); },
           py::arg("name") = py::none(), "A new input variable of this type.")
      .def("__eq__", [](const TensorType& a, py::object b) { return py::isinstance<TensorType>(b) && a == b.cast<TensorType>(); })
      .def("__hash__", [](const TensorType& t) { return py::hash(py::make_tuple(std::string(dtype_name(t.dtype())), static_shape_tuple(t.shape()))); })
      .def("__str__", &TensorType::str)
      .def("__repr__", &TensorType::str);

  // An Op is immutable: Python sees it through a shared pointer to const, cast for pybind11.
  py::class_<Op, std::shared_ptr<Op>>(m, "Op")
      .def("__str__", &Op::name)
      .def("__repr__", &Op::name)
      .def("__eq__", [](const Op& a, py::object b) { return py::isinstance<Op>(b) && a.equals(b.cast<const Op&>()); })
      .def("__hash__", &Op::hash);

  py::class_<Apply, std::shared_ptr<Apply>>(m, "Apply")
      .def_property_readonly("op", [](const Apply& a) { return std::const_pointer_cast<Op>(a.op_ptr()); })
      .def_property_readonly("inputs", [](const Apply& a) { return var_list(a.inputs()); })
      .def_property_readonly("outputs", [](const Apply& a) { return var_list(a.outputs()); })
      .def("nout", &Apply::num_outputs)
      .def("__str__", [](const Apply& a) { std::ostringstream os; os << a; return os.str(); })
      .def("__repr__", [](const Apply& a) { std::ostringstream os; os << a; return os.str(); });

  py::class_<Var> var(m, "TensorVariable");
  var.def_property_readonly("type", &Var::type)
      .def_property("name",
                    [](const Var& v) -> py::object { return v.name().empty() ? py::object(py::none()) : py::str(v.name()); },
                    [](const Var& v, py::handle name) { v.set_name(optional_name(name, "name")); })
      .def_property_readonly("owner", [](const Var& v) -> py::object {
        auto owner = v.owner();
        return owner ? py::cast(owner) : py::none();
      })
      .def_property_readonly("index", &Var::index)
      .def_property_readonly("dtype", [](const Var& v) { return std::string(dtype_name(v.dtype())); })
      .def_property_readonly("ndim", &Var::ndim)
      .def_property_readonly("broadcastable", [](const Var& v) { return py::cast(v.type()).attr("broadcastable"); })
      .def_property_readonly("data", [](const Var& v) { return to_numpy(v.constant_value()); },
                             "The value of a constant (raises for other variables).")
      .def("eval", [](const Var& v, py::object inputs_to_values) {
            Givens givens = to_givens(inputs_to_values, "eval: inputs_to_values");
            Array out;
            {
              py::gil_scoped_release release;
              out = v.eval(givens);
            }
            return to_numpy(std::move(out));
          }, py::arg("inputs_to_values") = py::none())
      .def("__str__", [](const Var& v) { return to_string(v); })
      .def("__repr__", [](const Var& v) { return to_string(v); })
      // Identity, as PyTensor: graph-building equality is kiln.tensor.eq.
      .def("__eq__", [](const Var& a, py::object b) { return py::isinstance<Var>(b) && a == b.cast<Var>(); })
      .def("__ne__", [](const Var& a, py::object b) { return !(py::isinstance<Var>(b) && a == b.cast<Var>()); })
      .def("__hash__", [](const Var& v) { return std::hash<Var>()(v); })
      .def("__iter__", [](const Var& v) -> py::object {
        throw py::type_error("TensorVariable " + to_string(v) + " is not iterable (index it, or stack its parts)");
      })
      .def("__bool__", [](const Var& v) -> bool {
        throw py::type_error("the truth value of TensorVariable " + to_string(v) +
                             " is symbolic: compare variables with `is`, or build kiln.tensor.eq");
      });

  // Python operators; `self` is the left operand of __op__ and the right one of __rop__.
  for (const auto& op : operators) {
    var.def(op.name, [op](const Var& a, py::handle b) { return op.fn(a, operand(b, a, op.what)); });
    if (op.reflected) var.def(op.reflected, [op](const Var& a, py::handle b) { return op.fn(operand(b, a, op.what), a); });
  }
  var.def("__neg__", [](const Var& a) { return kt::neg(a); })
      .def("__abs__", [](const Var& a) { return kt::abs(a); })
      .def("__invert__", [](const Var& a) { return kt::invert(a); })
      .def("__matmul__", [](const Var& a, py::handle b) { return kt::dot(a, to_var(b, "operand of @")); })
      .def("__rmatmul__", [](const Var& a, py::handle b) { return kt::dot(to_var(b, "operand of @"), a); })
      .def_property_readonly("T", [](const Var& a) { return kt::transpose(a); })
      .def_property_readonly("shape", [](const Var& a) { return kt::shape(a); })
      .def("dimshuffle", [](const Var& a, py::args pattern) {
            std::vector<int> order;
            py::object items = pattern.size() == 1 && py::isinstance<py::sequence>(pattern[0]) && !py::isinstance<py::str>(pattern[0])
                                   ? py::reinterpret_borrow<py::object>(pattern[0]) : py::object(pattern);
            for (auto p : items) {
              if (py::isinstance<py::str>(p) && p.cast<std::string>() == "x") order.push_back(-1);
              else if (py::isinstance<py::int_>(p)) order.push_back(p.cast<int>());
              else throw py::type_error("dimshuffle: expected axes (ints) and 'x', got " + std::string(py::repr(p)));
            }
            return kt::dimshuffle(a, order);
          });

  m.def("graph_inputs", [](py::handle graphs, py::handle blockers) {
         return var_list(graph_inputs(to_var_list(graphs, "graph_inputs: graphs"), optional_var_list(blockers, "graph_inputs: blockers")));
       }, py::arg("graphs"), py::arg("blockers") = py::none());
  m.def("ancestors", [](py::handle graphs, py::handle blockers) {
         return var_list(ancestors(to_var_list(graphs, "ancestors: graphs"), optional_var_list(blockers, "ancestors: blockers")));
       }, py::arg("graphs"), py::arg("blockers") = py::none());
  m.def("clone_replace", [](py::handle output, py::handle replace) -> py::object {
         auto out = clone_replace(to_var_list(output, "clone_replace: output"), var_pairs(replace, "clone_replace: replace"));
         if (py::isinstance<Var>(output)) return py::cast(out[0]);
         return var_list(out);
       }, py::arg("output"), py::arg("replace") = py::none());
  m.def("debug_string", &debug_text, py::arg("obj"), "dprint's text of a variable or a list of them.");
  m.def("to_dot", [](py::handle outputs) { return to_dot(to_var_list(outputs, "to_dot: outputs")); }, py::arg("outputs"));
}

}  // namespace kiln::python
