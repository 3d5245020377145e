// kiln.pm's transforms, logp/logcdf, draw, Deterministic, Potential and Data, and the arguments
// several kiln.pm bindings read (pm_arguments.hpp). The distributions are in
// pm_distributions.cpp: `_kiln.pm.X(name, ...)` registers a variable in the active model,
// `_kiln.pm.dist.X(...)` builds one outside any model (kiln.pm makes them pm.X and pm.X.dist).
#include "bindings.hpp"
#include "convert.hpp"
#include "pm_arguments.hpp"

#include <kiln/errors.hpp>

#include <pybind11/stl.h>

namespace kiln::python {

namespace {

struct TransformHandle {
  pm::TransformPtr transform;
  bool is_default = false;
};

void bind_transforms(py::module_& t) {
  py::class_<TransformHandle>(t, "Transform")
      .def_property_readonly("name", [](const TransformHandle& h) { return h.is_default ? std::string("default") : h.transform->name(); })
      .def("forward", [](const TransformHandle& h, py::handle x) { return h.transform->forward(to_var(x, "forward: x")); })
      .def("backward", [](const TransformHandle& h, py::handle y) { return h.transform->backward(to_var(y, "backward: y")); })
      .def("log_jac_det", [](const TransformHandle& h, py::handle y) { return h.transform->log_jac_det(to_var(y, "log_jac_det: y")); })
      .def("__repr__", [](const TransformHandle& h) { return h.is_default ? std::string("<default transform>") : "<transform " + h.transform->name() + ">"; });
  t.attr("_default") = TransformHandle{nullptr, true};
  t.attr("log") = TransformHandle{pm::transforms::log};
  t.attr("logodds") = TransformHandle{pm::transforms::logodds};
  t.attr("simplex") = TransformHandle{pm::transforms::simplex};
  t.attr("ordered") = TransformHandle{pm::transforms::ordered};
  t.def("Interval", [](py::handle lower, py::handle upper) {
         if (lower.is_none() && upper.is_none()) throw py::type_error("Interval: give lower, upper or both");
         if (upper.is_none()) return TransformHandle{pm::transforms::lower_bound(to_var(lower, "Interval: lower"))};
         if (lower.is_none()) return TransformHandle{pm::transforms::upper_bound(to_var(upper, "Interval: upper"))};
         return TransformHandle{pm::transforms::interval(to_var(lower, "Interval: lower"), to_var(upper, "Interval: upper"))};
       }, py::arg("lower") = py::none(), py::arg("upper") = py::none());
}

}  // namespace

std::optional<pm::TransformPtr> transform_argument(py::handle transform, const std::string& what) {
  if (transform.is_none()) return pm::transforms::none;
  if (!py::isinstance<TransformHandle>(transform))
    throw py::type_error(what + ": expected one of kiln.pm.transforms or None, got " + type_name(transform));
  const auto& h = transform.cast<const TransformHandle&>();
  if (h.is_default) return std::nullopt;
  return h.transform;
}

std::vector<std::string> dims_argument(py::handle dims, const std::string& what) {
  if (dims.is_none()) return {};
  if (py::isinstance<py::str>(dims)) return {dims.cast<std::string>()};
  if (!py::isinstance<py::sequence>(dims)) throw py::type_error(what + ": expected a dim's name or a sequence of them, got " + type_name(dims));
  std::vector<std::string> out;
  for (auto d : dims) {
    if (!py::isinstance<py::str>(d)) throw py::type_error(what + ": a dim's name is a str, got " + type_name(d));
    out.push_back(d.cast<std::string>());
  }
  return out;
}

pm::CoordValues coord_values(py::handle values, const std::string& what) {
  if (values.is_none() || py::isinstance<py::str>(values) || !py::hasattr(values, "__len__"))
    throw py::type_error(what + ": expected a sequence of labels, got " + type_name(values));
  std::vector<std::string> labels;
  for (auto label : values) labels.push_back(py::str(label).cast<std::string>());
  return pm::CoordValues(std::move(labels));
}

pm::Coords coords_argument(py::handle coords, const std::string& what) {
  pm::Coords out;
  if (coords.is_none()) return out;
  if (!py::isinstance<py::dict>(coords)) throw py::type_error(what + ": expected a dict {dim: labels}, got " + type_name(coords));
  for (auto [dim, values] : py::reinterpret_borrow<py::dict>(coords)) {
    if (!py::isinstance<py::str>(dim)) throw py::type_error(what + ": a dim's name is a str, got " + type_name(dim));
    const auto name = dim.cast<std::string>();
    out.emplace_back(name, coord_values(values, what + "['" + name + "']"));
  }
  return out;
}

py::object take(py::kwargs& kwargs, const char* key) {
  if (!kwargs.contains(key)) return py::none();
  py::object v = kwargs[key];
  PyDict_DelItemString(kwargs.ptr(), key);
  return v;
}

Target take_target(const std::string& dist, const py::args& args, py::kwargs& kwargs, bool named, std::size_t& first) {
  Target target;
  if (!named) {
    py::object rng = take(kwargs, "rng");
    if (!rng.is_none()) target.dist.rng = to_var(rng, dist + ": rng");
    return target;
  }
  py::object name = take(kwargs, "name");
  if (name.is_none() && args.size() > first) name = args[first++];
  if (name.is_none()) throw py::type_error(dist + ": missing the variable's name");
  if (!py::isinstance<py::str>(name)) throw py::type_error(dist + ": name must be a str, got " + type_name(name));
  target.name = name.cast<std::string>();
  py::object observed = take(kwargs, "observed");
  if (py::isinstance<Var>(observed)) target.var.observed = to_var(observed, dist + ": observed");
  else if (!observed.is_none()) target.var.observed = Var(to_array(observed, dist + ": observed").copy());
  target.var.dims = dims_argument(take(kwargs, "dims"), dist + ": dims");
  if (kwargs.contains("transform")) target.var.transform = transform_argument(take(kwargs, "transform"), dist + ": transform");
  return target;
}

void bind_pm(py::module_& m) {
  auto transforms = m.def_submodule("transforms", "kiln::pm::transforms");
  bind_transforms(transforms);
  auto dist = m.def_submodule("dist", "the distributions' .dist builders");
  bind_pm_distributions(m, dist);
  bind_pm_custom_dist(m, dist);
  // issue 17c: LKJCholeskyCov's helpers (PyMC's expand_packed_triangular and compute_corr).
  m.def("expand_packed_triangular", [](std::int64_t n, py::handle packed, bool lower) {
          return pm::expand_packed_triangular(n, to_var(packed, "expand_packed_triangular: packed"), lower);
        }, py::arg("n"), py::arg("packed"), py::arg("lower") = true);
  m.def("compute_corr", [](std::int64_t n, py::handle packed) {
          auto c = pm::compute_corr(n, to_var(packed, "compute_corr: packed_chol"));
          return py::make_tuple(c.chol, c.corr, c.stds);
        }, py::arg("n"), py::arg("packed_chol"));

  m.def("logp", [](py::handle rv, py::handle value) { return pm::logp(to_var(rv, "logp: rv"), to_var(value, "logp: value")); },
        py::arg("rv"), py::arg("value"));
  m.def("logcdf", [](py::handle rv, py::handle value) { return pm::logcdf(to_var(rv, "logcdf: rv"), to_var(value, "logcdf: value")); },
        py::arg("rv"), py::arg("value"));
  m.def("draw", [](py::handle vars, std::int64_t draws, py::object random_seed) -> py::object {
          pm::DrawOptions options;
          if (!random_seed.is_none()) options.random_seed = random_seed.cast<std::uint64_t>();
          auto vs = to_var_list(vars, "draw: vars");
          std::vector<Array> out;
          {
            py::gil_scoped_release release;
            out = pm::draw(vs, draws, options);
          }
          if (py::isinstance<Var>(vars)) return to_numpy(std::move(out[0]));
          return to_numpy_list(out);
        }, py::arg("vars"), py::arg("draws") = 1, py::arg("random_seed") = py::none());
  m.def("Deterministic", [](const std::string& name, py::handle var, py::handle dims) {
          return pm::Deterministic(name, to_var(var, "Deterministic: var"), dims_argument(dims, "Deterministic: dims"));
        }, py::arg("name"), py::arg("var"), py::arg("dims") = py::none());
  m.def("Data", [](const std::string& name, py::handle value, py::handle dims) {
          return pm::Data(name, to_array(value, "Data: value").copy(), {.dims = dims_argument(dims, "Data: dims")});
        }, py::arg("name"), py::arg("value"), py::kw_only(), py::arg("dims") = py::none(),
        "A named data container of the active model (a shared variable set_data replaces).");
  m.def("Potential", [](const std::string& name, py::handle var) { return pm::Potential(name, to_var(var, "Potential: var")); },
        py::arg("name"), py::arg("var"));
}

}  // namespace kiln::python
