// kiln.tensor's functions, with PyTensor's names: variable constructors, elementwise
// functions, shapes, reductions, linear algebra, indexing helpers and joins. Those that are also
// TensorVariable methods (x.sum(axis=0) is at.sum(x, axis=0)) are defined once for both.
#include "bindings.hpp"
#include "convert.hpp"

#include <pybind11/stl.h>

namespace kiln::python {

namespace kt = kiln::tensor;

namespace {

DType dtype_or_float64(py::handle dtype, const std::string& what) {
  return dtype.is_none() ? DType::float64 : dtype_argument(dtype, what);
}

using Unary = Var (*)(const Var&);
using Binary = Var (*)(const Var&, const Var&);
using Ternary = Var (*)(const Var&, const Var&, const Var&);

struct UnaryEntry {
  const char* name;
  Unary fn;
  bool method = false;  // also x.name()
};
struct BinaryEntry {
  const char* name;
  Binary fn;
  bool method = false;  // also a.name(b)
};
struct ReductionEntry {
  const char* name;
  Var (*fn)(const Var&, tensor::Axes, bool);
};

// Each function under PyTensor's name (and its aliases, listed after it).
const UnaryEntry unary[] = {
    {"neg", kt::neg},         {"abs", kt::abs},           {"sign", kt::sign},       {"sgn", kt::sign},
    {"exp", kt::exp, true},         {"exp2", kt::exp2},         {"expm1", kt::expm1},     {"log", kt::log, true},
    {"log2", kt::log2},       {"log10", kt::log10},       {"log1p", kt::log1p},     {"sqrt", kt::sqrt},
    {"sqr", kt::sqr},         {"square", kt::sqr},        {"reciprocal", kt::reciprocal},
    {"sin", kt::sin},         {"cos", kt::cos},           {"tan", kt::tan},         {"arcsin", kt::arcsin},
    {"arccos", kt::arccos},   {"arctan", kt::arctan},     {"sinh", kt::sinh},       {"cosh", kt::cosh},
    {"tanh", kt::tanh},       {"arcsinh", kt::arcsinh},   {"arccosh", kt::arccosh}, {"arctanh", kt::arctanh},
    {"sigmoid", kt::sigmoid}, {"expit", kt::sigmoid},     {"softplus", kt::softplus},
    {"log1mexp", kt::log1mexp}, {"erf", kt::erf},         {"erfc", kt::erfc},       {"erfcx", kt::erfcx},
    {"erfinv", kt::erfinv},   {"gammaln", kt::gammaln},   {"digamma", kt::digamma}, {"psi", kt::digamma},
    {"trigamma", kt::trigamma}, {"floor", kt::floor},     {"ceil", kt::ceil},       {"round", kt::round},
    {"isnan", kt::isnan},     {"isinf", kt::isinf},       {"invert", kt::invert},   {"bitwise_not", kt::invert},
    {"transpose", kt::transpose, true}, {"shape", kt::shape},   {"flatten", kt::flatten, true},
    {"zeros_like", kt::zeros_like}, {"ones_like", kt::ones_like},
};

const BinaryEntry binary[] = {
    {"add", kt::add},           {"sub", kt::sub},         {"mul", kt::mul},         {"true_div", kt::true_div},
    {"true_divide", kt::true_div}, {"int_div", kt::int_div}, {"floor_divide", kt::int_div},
    {"mod", kt::mod},           {"pow", kt::pow},         {"power", kt::pow},       {"maximum", kt::maximum},
    {"minimum", kt::minimum},   {"arctan2", kt::arctan2}, {"polygamma", kt::polygamma},
    {"lt", kt::lt},             {"less", kt::lt},         {"le", kt::le},           {"less_equal", kt::le},
    {"gt", kt::gt},             {"greater", kt::gt},      {"ge", kt::ge},           {"greater_equal", kt::ge},
    {"eq", kt::eq},             {"equal", kt::eq},        {"neq", kt::neq},         {"not_equal", kt::neq},
    {"and_", kt::and_},         {"bitwise_and", kt::and_}, {"or_", kt::or_},        {"bitwise_or", kt::or_},
    {"xor", kt::xor_},          {"bitwise_xor", kt::xor_}, {"second", kt::second},  {"fill", kt::fill},
    {"dot", kt::dot, true},
};

const ReductionEntry reductions[] = {
    {"sum", kt::sum}, {"prod", kt::prod}, {"max", kt::max}, {"min", kt::min},
    {"all", kt::all}, {"any", kt::any},   {"mean", kt::mean},
};

py::class_<Var> variable_class() { return py::reinterpret_borrow<py::class_<Var>>(py::type::of<Var>()); }

void bind_variables(py::module_& m) {
  using Make = Var (*)(std::string, DType);
  const std::pair<const char*, Make> shapes[] = {{"scalar", kt::scalar}, {"vector", kt::vector}, {"matrix", kt::matrix}};
  for (const auto& [fn_name, make] : shapes) {
    const std::string what = fn_name;
    m.def(fn_name, [make, what](py::handle name, py::handle dtype) {
            return make(optional_name(name, what + ": name"), dtype_or_float64(dtype, what + ": dtype"));
          }, py::arg("name") = py::none(), py::arg("dtype") = py::none());
  }
  m.def("tensor", [](py::handle dtype, py::handle shape, py::handle name) {
          if (shape.is_none()) throw py::type_error("tensor: shape is required (a tuple of ints or None)");
          return make_input(TensorType(dtype_or_float64(dtype, "tensor: dtype"), to_static_shape(shape, "tensor: shape")),
                            optional_name(name, "tensor: name"));
        }, py::arg("dtype") = py::none(), py::kw_only(), py::arg("shape") = py::none(), py::arg("name") = py::none());
  m.def("constant", [](py::handle value, py::handle name, py::handle dtype) {
          Array a = to_array(value, "constant: x").copy();
          if (!dtype.is_none()) a = a.astype(dtype_argument(dtype, "constant: dtype"));
          return kt::constant(a, optional_name(name, "constant: name"));
        }, py::arg("x"), py::arg("name") = py::none(), py::arg("dtype") = py::none());
  m.def("as_tensor_variable", [](py::handle x) { return to_var(x, "as_tensor_variable: x"); }, py::arg("x"));
  m.def("as_tensor", [](py::handle x) { return to_var(x, "as_tensor: x"); }, py::arg("x"));
}

void bind_elementwise(py::module_& m) {
  auto var = variable_class();
  for (const auto& e : unary) {
    const std::string what = std::string(e.name) + ": x";
    auto f = [fn = e.fn, what](py::handle x) { return fn(to_var(x, what)); };
    m.def(e.name, f, py::arg("x"));
    if (e.method) var.def(e.name, f);
  }
  for (const auto& e : binary) {
    const std::string wa = std::string(e.name) + ": a", wb = std::string(e.name) + ": b";
    auto f = [fn = e.fn, wa, wb](py::handle a, py::handle b) { return fn(to_var(a, wa), to_var(b, wb)); };
    m.def(e.name, f, py::arg("a"), py::arg("b"));
    if (e.method) var.def(e.name, f, py::arg("b"));
  }
  m.def("switch", [](py::handle c, py::handle t, py::handle f) {
          return kt::switch_(to_var(c, "switch: cond"), to_var(t, "switch: ift"), to_var(f, "switch: iff"));
        }, py::arg("cond"), py::arg("ift"), py::arg("iff"));
  m.def("where", [](py::handle c, py::handle t, py::handle f) {
          return kt::where(to_var(c, "where: cond"), to_var(t, "where: ift"), to_var(f, "where: iff"));
        }, py::arg("cond"), py::arg("ift"), py::arg("iff"));
  m.def("clip", [](py::handle x, py::handle lo, py::handle hi) {
          return kt::clip(to_var(x, "clip: x"), to_var(lo, "clip: min"), to_var(hi, "clip: max"));
        }, py::arg("x"), py::arg("min"), py::arg("max"));
  auto cast = [](py::handle x, py::handle dtype) { return kt::cast(to_var(x, "cast: x"), dtype_argument(dtype, "cast: dtype")); };
  m.def("cast", cast, py::arg("x"), py::arg("dtype"));
  var.def("astype", cast, py::arg("dtype"));
}

void bind_structure(py::module_& m) {
  auto var = variable_class();
  auto reshape = [](py::handle x, py::handle shape) {
    Var v = to_var(x, "reshape: x");
    if (py::isinstance<Var>(shape)) return kt::reshape(v, shape.cast<Var>());
    const Shape extents = to_shape(shape, "reshape: shape");
    return kt::reshape(v, std::vector<std::int64_t>(extents.begin(), extents.end()));
  };
  m.def("reshape", reshape, py::arg("x"), py::arg("newshape"));
  var.def("reshape", reshape, py::arg("shape"));
  m.def("alloc", [](py::handle value, py::args shape) {
          std::vector<Var> dims;
          for (std::size_t i = 0; i < shape.size(); ++i) dims.push_back(to_var(shape[i], "alloc: shape[" + std::to_string(i) + "]"));
          return kt::alloc(to_var(value, "alloc: value"), dims);
        }, py::arg("value"));
  m.def("specify_shape", [](py::handle x, py::handle shape) {
          return kt::specify_shape(to_var(x, "specify_shape: x"), to_static_shape(shape, "specify_shape: shape"));
        }, py::arg("x"), py::arg("shape"));

  for (const auto& r : reductions) {
    const std::string name = r.name;
    auto f = [fn = r.fn, name](py::handle x, py::handle axis, bool keepdims) {
      return fn(to_var(x, name + ": x"), axis_argument(axis, name + ": axis"), keepdims);
    };
    m.def(r.name, f, py::arg("x"), py::arg("axis") = py::none(), py::arg("keepdims") = false);
    var.def(r.name, f, py::arg("axis") = py::none(), py::arg("keepdims") = false);
  }
  auto argmax = [](py::handle x, std::optional<int> axis, bool keepdims) { return kt::argmax(to_var(x, "argmax: x"), axis, keepdims); };
  m.def("argmax", argmax, py::arg("x"), py::arg("axis") = py::none(), py::arg("keepdims") = false);
  var.def("argmax", argmax, py::arg("axis") = py::none(), py::arg("keepdims") = false);

  m.def("join", [](int axis, py::args parts) {
          std::vector<Var> vs;
          for (std::size_t i = 0; i < parts.size(); ++i) vs.push_back(to_var(parts[i], "join: tensors[" + std::to_string(i) + "]"));
          return kt::join(axis, vs);
        }, py::arg("axis"));
  m.def("concatenate", [](py::handle parts, int axis) { return kt::concatenate(to_var_list(parts, "concatenate: tensor_list"), axis); },
        py::arg("tensor_list"), py::arg("axis") = 0);
  m.def("stack", [](py::handle parts, int axis) { return kt::stack(to_var_list(parts, "stack: tensors"), axis); },
        py::arg("tensors"), py::arg("axis") = 0);
  m.def("make_vector", [](py::handle parts) { return kt::make_vector(to_var_list(parts, "make_vector: scalars")); },
        py::arg("scalars"));
  m.def("check_and_raise", [](py::handle x, py::handle conditions, const std::string& msg) {
          return kt::check_and_raise(to_var(x, "check_and_raise: x"), to_var_list(conditions, "check_and_raise: conditions"), msg);
        }, py::arg("x"), py::arg("conditions"), py::arg("msg"));
}

}  // namespace

void bind_tensor(py::module_& m) {
  bind_variables(m);
  bind_elementwise(m);
  bind_structure(m);
}

}  // namespace kiln::python
