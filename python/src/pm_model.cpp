// kiln.pm.Model for Python: the model as a context manager (kiln's ModelContext), its variables,
// log-density graphs and compiled point functions, and the sampler interface: logp with
// gradient on a flat vector, also as a nutpie-shaped C callback for code with no Python.
#include "bindings.hpp"
#include "convert.hpp"
#include "pm_arguments.hpp"

#include <pybind11/stl.h>

#include <memory>
#include <sstream>

namespace kiln::python {

namespace {

// The ModelContexts that `with pm.Model():` opened on this thread, innermost last.
thread_local std::vector<std::unique_ptr<pm::ModelContext>> open_contexts;

Point to_point(py::handle obj, const std::string& what) {
  if (!py::isinstance<py::dict>(obj)) throw py::type_error(what + ": expected a dict {name: value}, got " + type_name(obj));
  Point point;
  for (auto [key, value] : py::reinterpret_borrow<py::dict>(obj)) {
    if (!py::isinstance<py::str>(key)) throw py::type_error(what + ": keys are value-variable names, got " + type_name(key));
    auto name = key.cast<std::string>();
    point[name] = to_array(value, what + "['" + name + "']");
  }
  return point;
}

py::dict to_dict(const Point& point) {
  py::dict out;
  for (const auto& [name, value] : point) out[py::str(name)] = to_numpy(value);
  return out;
}

// A compiled model function: called on a point dict, one array (single) or a list of them.
struct PyPointFunction {
  pm::PointFunction function;
  bool single;

  py::object call(py::handle point) const {
    Point p = to_point(point, "point");
    std::vector<Array> out;
    {
      py::gil_scoped_release release;
      out = function(p).values();
    }
    if (single) return to_numpy(std::move(out[0]));
    return to_numpy_list(out);
  }
};

// The callback samplers such as nutpie call: logp and its gradient at x, 0 on success.
extern "C" int kiln_logp_dlogp_callback(std::size_t dim, const double* x, double* grad, double* logp, const void* user_data) {
  const auto& f = *static_cast<const pm::LogpGradFunction*>(user_data);
  if (dim != f.size()) return 1;
  try {
    *logp = f(std::span<const double>(x, dim), std::span<double>(grad, dim));
    return 0;
  } catch (...) {
    return 2;
  }
}

// model.logp_dlogp_function(): (logp, grad) of a flat float64 vector.
struct PyLogpDlogp {
  std::shared_ptr<const pm::LogpGradFunction> function;

  py::tuple call(py::handle x) const {
    Array theta = to_array(x, "logp_dlogp_function: x");
    if (theta.dtype() != DType::float64 || theta.ndim() != 1 || !theta.is_contiguous())
      theta = to_array(py::module_::import("numpy").attr("ascontiguousarray")(x, "float64").attr("reshape")(-1),
                       "logp_dlogp_function: x");
    const auto n = static_cast<std::size_t>(theta.size());
    if (n != function->size())
      throw InputError("logp_dlogp_function: x has " + std::to_string(n) + " values, the model has " +
                       std::to_string(function->size()) + " unconstrained parameters");
    Array grad = Array::empty(DType::float64, {static_cast<std::int64_t>(n)});
    double logp;
    {
      py::gil_scoped_release release;
      logp = (*function)(std::span<const double>(theta.data<double>(), n), std::span<double>(grad.data<double>(), n));
    }
    return py::make_tuple(logp, to_numpy(std::move(grad)));
  }
};

}  // namespace

void bind_pm_model(py::module_& m) {
  py::class_<PyPointFunction>(m, "PointFunction")
      .def("__call__", &PyPointFunction::call, py::arg("point"))
      .def("debug_string", [](const PyPointFunction& f) {
        std::ostringstream os;
        dprint(f.function.function(), os);
        return os.str();
      });

  py::class_<PyLogpDlogp>(m, "LogpDlogpFunction")
      .def("__call__", &PyLogpDlogp::call, py::arg("x"))
      .def_property_readonly("dim", [](const PyLogpDlogp& f) { return f.function->size(); })
      .def_property_readonly("_callback_address", [](const PyLogpDlogp&) { return reinterpret_cast<std::uintptr_t>(&kiln_logp_dlogp_callback); })
      .def_property_readonly("_user_data_address", [](const PyLogpDlogp& f) { return reinterpret_cast<std::uintptr_t>(f.function.get()); });

  m.def("rvs_repr", [](py::handle rvs) {
    pm::RandomVariables list;
    for (const auto& v : to_var_list(rvs, "rvs")) list.push_back(v);
    std::ostringstream os;
    os << list;
    return os.str();
  });
  m.def("rvs_to_values_repr", [](py::handle pairs) {
    pm::RVsToValues map;
    for (auto item : pairs) {
      auto kv = item.cast<py::tuple>();
      map.emplace_back(to_var(kv[0], "rv"), to_var(kv[1], "value"));
    }
    std::ostringstream os;
    os << map;
    return os.str();
  });

  py::class_<pm::Model>(m, "Model")
      .def(py::init([](py::handle coords, bool check_bounds) {
             return std::make_unique<pm::Model>(pm::ModelOptions{check_bounds, coords_argument(coords, "Model: coords")});
           }),
           py::arg("coords") = py::none(), py::arg("check_bounds") = true)
      .def_static("_current", []() -> py::object {
        pm::Model* model = pm::Model::current();
        return model ? py::cast(model, py::return_value_policy::reference) : py::none();
      }, "The innermost model of this thread's `with` blocks, or None.")
      .def("_coords", [](const pm::Model& model) {
        py::list out;
        for (const auto& [dim, values] : model.coords()) {
          py::object labels = py::none();
          if (values.has_labels()) labels = py::tuple(py::cast(values.labels()));
          out.append(py::make_tuple(dim, labels, values.length()));
        }
        return out;
      }, "(dim, labels or None, length) in the order the dims were added.")
      .def("_add_coord", [](pm::Model& model, const std::string& name, py::handle values, py::handle length) {
        if (values.is_none() == length.is_none())
          throw InputError("add_coord: give the values or the length of dim '" + name + "'");
        if (!values.is_none()) model.add_coord(name, coord_values(values, "add_coord: values"));
        else if (py::isinstance<py::int_>(length)) model.add_coord(name, pm::CoordValues(length.cast<std::int64_t>()));
        else throw py::type_error("add_coord: length of dim '" + name + "' must be an int, got " + type_name(length));
      }, py::arg("name"), py::arg("values"), py::arg("length"))
      .def("_named_vars_to_dims", [](const pm::Model& model) {
        py::dict out;
        for (const auto& [name, dims] : model.named_vars_to_dims()) out[py::str(name)] = py::tuple(py::cast(dims));
        return out;
      })
      .def("_set_data", [](pm::Model& model, const std::string& name, py::handle values, py::handle coords) {
        model.set_data(name, to_array(values, "set_data: values for '" + name + "'"), coords_argument(coords, "set_data: coords"));
      }, py::arg("name"), py::arg("values"), py::arg("coords") = py::none())
      .def("_set_data_many", [](pm::Model& model, const py::dict& new_data, py::handle coords) {
        std::vector<std::pair<std::string, Array>> values;
        for (auto [key, value] : new_data) {
          const std::string name = py::str(key);
          values.emplace_back(name, to_array(value, "set_data: values for '" + name + "'"));
        }
        model.set_data(values, coords_argument(coords, "set_data: coords"));
      }, py::arg("new_data"), py::arg("coords") = py::none())
      .def("_data_vars", [](const pm::Model& model) { return var_list(model.data_vars()); })
      .def("__enter__", [](py::object self) {
        open_contexts.push_back(std::make_unique<pm::ModelContext>(self.cast<pm::Model&>()));
        return self;
      })
      .def("__exit__", [](pm::Model&, py::args) {
        if (!open_contexts.empty()) open_contexts.pop_back();
        return false;
      })
      .def("_basic_RVs", [](const pm::Model& model) { return var_list(model.basic_RVs()); })
      .def("_free_RVs", [](const pm::Model& model) { return var_list(model.free_RVs()); })
      .def("_observed_RVs", [](const pm::Model& model) { return var_list(model.observed_RVs()); })
      .def("_rvs_to_values", [](const pm::Model& model) {
        py::list out;
        for (const auto& [rv, value] : model.rvs_to_values()) out.append(py::make_tuple(rv, value));
        return out;
      })
      .def("_value_vars", [](const pm::Model& model) { return var_list(model.value_vars()); })
      .def("_deterministics", [](const pm::Model& model) { return var_list(model.deterministics()); })
      .def("_potentials", [](const pm::Model& model) { return var_list(model.potentials()); })
      .def("__getitem__", [](const pm::Model& model, const std::string& name) { return model[name]; })
      .def("logp", [](const pm::Model& model, bool jacobian, bool sum) -> py::object {
            auto terms = model.logp({.sum = sum, .jacobian = jacobian});
            if (sum) return py::cast(static_cast<Var>(terms));
            return var_list(terms);
          }, py::kw_only(), py::arg("jacobian") = true, py::arg("sum") = true)
      .def("dlogp", [](const pm::Model& model, py::handle vars, bool jacobian) {
            return model.dlogp(optional_var_list(vars, "dlogp: vars"), jacobian);
          }, py::arg("vars") = py::none(), py::arg("jacobian") = true)
      .def("d2logp", [](const pm::Model& model, py::handle vars, bool jacobian, bool negate_output) {
            return model.d2logp(optional_var_list(vars, "d2logp: vars"), {.jacobian = jacobian, .negate_output = negate_output});
          }, py::arg("vars") = py::none(), py::arg("jacobian") = true, py::arg("negate_output") = true)
      .def("compile_logp", [](const pm::Model& model, bool jacobian, bool sum) {
            py::gil_scoped_release release;
            return PyPointFunction{model.compile_logp({.sum = sum, .jacobian = jacobian}), sum};
          }, py::kw_only(), py::arg("jacobian") = true, py::arg("sum") = true)
      .def("compile_dlogp", [](const pm::Model& model, py::handle vars, bool jacobian) {
            auto vs = optional_var_list(vars, "compile_dlogp: vars");
            py::gil_scoped_release release;
            return PyPointFunction{model.compile_dlogp(vs, jacobian), true};
          }, py::arg("vars") = py::none(), py::arg("jacobian") = true)
      .def("compile_d2logp", [](const pm::Model& model, py::handle vars, bool jacobian, bool negate_output) {
            auto vs = optional_var_list(vars, "compile_d2logp: vars");
            py::gil_scoped_release release;
            return PyPointFunction{model.compile_d2logp(vs, {.jacobian = jacobian, .negate_output = negate_output}), true};
          }, py::arg("vars") = py::none(), py::arg("jacobian") = true, py::arg("negate_output") = true)
      .def("initial_point", [](const pm::Model& model, py::object random_seed, bool jitter) {
            pm::InitialPointOptions options;
            if (!random_seed.is_none()) options.random_seed = random_seed.cast<std::uint64_t>();
            options.jitter = jitter;
            return to_dict(model.initial_point(options));
          }, py::arg("random_seed") = py::none(), py::arg("jitter") = false)
      .def("point_logps", [](const pm::Model& model, py::handle point) { return to_dict(model.point_logps(to_point(point, "point_logps: point"))); },
           py::arg("point"))
      .def("debug", [](const pm::Model& model, py::handle point) { return model.debug(to_point(point, "debug: point")); }, py::arg("point"))
      .def("parameter_names", &pm::Model::parameter_names)
      .def("unconstrain", [](const pm::Model& model, py::handle point) {
            auto theta = model.unconstrain(to_point(point, "unconstrain: point"));
            return to_numpy(Array(theta));
          }, py::arg("point"))
      .def("constrain", [](const pm::Model& model, py::handle x) {
            Array theta = to_array(py::module_::import("numpy").attr("ascontiguousarray")(x, "float64"), "constrain: x");
            return to_dict(model.constrain(std::span<const double>(theta.data<double>(), static_cast<std::size_t>(theta.size()))));
          }, py::arg("x"))
      .def("compile_logp_dlogp", [](const pm::Model& model) {
            py::gil_scoped_release release;
            return PyLogpDlogp{std::make_shared<const pm::LogpGradFunction>(model.compile_logp_dlogp())};
          });
}

}  // namespace kiln::python
