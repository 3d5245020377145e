// kiln.pm.CustomDist with PyMC's call form: `pm.CustomDist(name, *dist_params, logp=, logcdf=,
// random=, dist=, dtype=, class_name=, observed=, size=, shape=, dims=, transform=)` registers a
// variable in the active model, `pm.CustomDist.dist(*dist_params, ..., size=, shape=, rng=)`
// builds one outside any model. The callables take PyMC's arguments: logp(value, *dist_params)
// and logcdf(value, *dist_params) return kiln expressions, support_point(rv, size, *dist_params)
// the initial point (rv None, size ()); dist(*dist_params, size=) returns a
// graph of kiln random variables; random(*dist_params, rng=, size=) draws with a NumPy Generator
// that continues kiln's PCG64 stream, so its draws are NumPy's and the stream advances by them.
#include "bindings.hpp"
#include "convert.hpp"
#include "pm_arguments.hpp"

#include <kiln/errors.hpp>

#include <limits>
#include <memory>

namespace kiln::python {

namespace {

using namespace pybind11::literals;

// A Python callable kept by a kiln graph, which can outlive the call that built it and be
// dropped on a thread without the GIL: released under the GIL, or left alone once Python is gone.
using PyCallable = std::shared_ptr<py::object>;

PyCallable keep_callable(py::object f, const std::string& what) {
  if (!PyCallable_Check(f.ptr())) throw py::type_error(what + " must be callable, got " + type_name(f));
  return PyCallable(new py::object(std::move(f)), [](py::object* o) {
    if (Py_IsInitialized()) {
      py::gil_scoped_acquire gil;
      delete o;
    } else {
      o->release();  // no interpreter to hand the reference back to
      delete o;
    }
  });
}

py::tuple var_tuple(const std::vector<Var>& vars, const Var* first = nullptr) {
  py::list out;
  if (first) out.append(py::cast(*first));
  for (const auto& v : vars) out.append(py::cast(v));
  return py::tuple(out);
}

py::tuple shape_tuple(const Shape& shape) {
  py::list out;
  for (auto d : shape) out.append(d);
  return py::tuple(out);
}

// logp(value, *dist_params) or logcdf(value, *dist_params).
auto graph_of_value(PyCallable f, std::string what) {
  return [f = std::move(f), what = std::move(what)](const Var& value, const std::vector<Var>& params) {
    py::gil_scoped_acquire gil;
    return to_var((*f)(*var_tuple(params, &value)), what + " returned");
  };
}

// A 128-bit PCG64 word as a Python int, and back.
py::int_ word128(std::uint64_t high, std::uint64_t low) {
  return py::int_(py::int_(high).attr("__lshift__")(64).attr("__or__")(py::int_(low)));
}
void split128(py::handle value, std::uint64_t& high, std::uint64_t& low) {
  const py::int_ mask(std::numeric_limits<std::uint64_t>::max());
  low = py::int_(value.attr("__and__")(mask)).cast<std::uint64_t>();
  high = py::int_(value.attr("__rshift__")(64).attr("__and__")(mask)).cast<std::uint64_t>();
}

// random(*dist_params, rng=, size=) with a NumPy Generator holding rng's state, whose advanced
// state rng takes back: the draws are the ones NumPy gives from that state.
auto numpy_random(PyCallable f) {
  return [f = std::move(f)](random::Generator& rng, const std::vector<Array>& params, const Shape& size) {
    py::gil_scoped_acquire gil;
    py::module_ np_random = py::module_::import("numpy.random");
    py::object bit_generator = np_random.attr("PCG64")();
    const random::GeneratorState& s = rng.state();
    py::dict words("state"_a = word128(s.state_high, s.state_low), "inc"_a = word128(s.inc_high, s.inc_low));
    bit_generator.attr("state") = py::dict("bit_generator"_a = "PCG64", "state"_a = words, "has_uint32"_a = s.has_uint32,
                                           "uinteger"_a = s.uinteger);
    py::list args;
    for (const auto& p : params) args.append(to_numpy(p.copy()));
    py::object out = (*f)(*args, "rng"_a = np_random.attr("Generator")(bit_generator), "size"_a = shape_tuple(size));
    py::dict after = bit_generator.attr("state");
    random::GeneratorState advanced{};
    split128(after["state"]["state"], advanced.state_high, advanced.state_low);
    split128(after["state"]["inc"], advanced.inc_high, advanced.inc_low);
    advanced.has_uint32 = after["has_uint32"].cast<std::uint64_t>();
    advanced.uinteger = after["uinteger"].cast<std::uint64_t>();
    Array draws = to_array(py::module_::import("numpy").attr("asarray")(out), "CustomDist: random returned").copy();
    rng.state() = advanced;
    return draws;
  };
}

// PyMC's support_point(rv, size, *dist_params), called with rv None and size (): kiln
// broadcasts the initial point it gives to the variable's shape.
auto initial_point(PyCallable f) {
  return [f = std::move(f)](const std::vector<Var>& params) {
    py::gil_scoped_acquire gil;
    py::list args;
    args.append(py::none());
    args.append(py::tuple());
    for (const auto& p : params) args.append(py::cast(p));
    return to_var((*f)(*args), "CustomDist: support_point returned");
  };
}

// dist(*dist_params, size=): a graph of kiln random variables.
auto random_graph(PyCallable f) {
  return [f = std::move(f)](const std::vector<Var>& params, const Shape& size) {
    py::gil_scoped_acquire gil;
    return to_var((*f)(*var_tuple(params), "size"_a = shape_tuple(size)), "CustomDist: dist returned");
  };
}

Var build(const py::args& args, py::kwargs kwargs, bool named) {
  const std::string name = "CustomDist";
  std::size_t first = 0;
  Target target = take_target(name, args, kwargs, named, first);
  pm::CustomDistSpec spec;
  if (py::object f = take(kwargs, "logp"); !f.is_none()) spec.logp = graph_of_value(keep_callable(f, name + ": logp"), name + ": logp");
  if (py::object f = take(kwargs, "logcdf"); !f.is_none())
    spec.logcdf = graph_of_value(keep_callable(f, name + ": logcdf"), name + ": logcdf");
  if (py::object f = take(kwargs, "random"); !f.is_none()) spec.random = numpy_random(keep_callable(f, name + ": random"));
  if (py::object f = take(kwargs, "dist"); !f.is_none()) spec.dist = random_graph(keep_callable(f, name + ": dist"));
  py::object support_point = take(kwargs, "support_point"), moment = take(kwargs, "moment");  // PyMC's old name
  if (!support_point.is_none() && !moment.is_none()) throw InputError(name + ": give support_point or moment, not both");
  if (py::object f = support_point.is_none() ? moment : support_point; !f.is_none())
    spec.moment = initial_point(keep_callable(f, name + ": support_point"));
  if (py::object dtype = take(kwargs, "dtype"); !dtype.is_none() && !(py::isinstance<py::str>(dtype) && dtype.cast<std::string>() == "floatX"))
    spec.dtype = dtype_argument(dtype, name + ": dtype");
  if (py::object class_name = take(kwargs, "class_name"); !class_name.is_none()) spec.class_name = py::str(class_name);
  if (py::object ndim_supp = take(kwargs, "ndim_supp"); !ndim_supp.is_none() && ndim_supp.cast<std::int64_t>() != 0)
    throw InputError(name + ": kiln's CustomDist is univariate (ndim_supp=0), got ndim_supp=" + std::string(py::str(ndim_supp)));
  py::object size = take(kwargs, "size"), shape = take(kwargs, "shape");
  if (!size.is_none() && !shape.is_none()) throw InputError(name + ": give size or shape, not both");
  if (!target.var.dims.empty() && !(size.is_none() && shape.is_none()))
    throw InputError(name + ": give dims, or size or shape, not both");
  if (!size.is_none() || !shape.is_none())  // univariate: the whole shape is the batch shape
    target.var.size = target.dist.size = to_shape(size.is_none() ? shape : size, name + (size.is_none() ? ": shape" : ": size"));
  for (auto [key, value] : kwargs)
    throw py::type_error(name + ": unexpected keyword argument '" + std::string(py::str(key)) +
                         "' (logp, logcdf, random, dist, support_point, dtype, class_name, ndim_supp and the variable's options)");
  std::vector<Var> params;
  for (std::size_t i = first; i < args.size(); ++i) params.push_back(to_var(args[i], name + ": dist_params[" + std::to_string(i - first) + "]"));
  if (target.name) return pm::CustomDist(*target.name, params, spec, target.var);
  return pm::CustomDist::dist(params, spec, target.dist);
}

}  // namespace

void bind_pm_custom_dist(py::module_& m, py::module_& dist) {
  m.def("CustomDist", [](const py::args& args, const py::kwargs& kwargs) { return build(args, kwargs, true); },
        "CustomDist(name, *dist_params, logp=None, logcdf=None, random=None, dist=None, support_point=None, dtype='floatX', "
        "class_name='CustomDist', observed=None, size=None, shape=None, dims=None, transform=<default>)");
  dist.def("CustomDist", [](const py::args& args, const py::kwargs& kwargs) { return build(args, kwargs, false); },
           "CustomDist.dist(*dist_params, logp=None, logcdf=None, random=None, dist=None, support_point=None, dtype='floatX', "
           "class_name='CustomDist', size=None, shape=None, rng=None)");
}

}  // namespace kiln::python
