// NumPy <-> kiln::Array and Python value -> kiln::Var conversions (see convert.hpp).
#include "convert.hpp"

#include <memory>

namespace kiln::python {

std::string type_name(py::handle obj) { return py::str(py::type::handle_of(obj).attr("__name__")); }

// Both directions go through NumPy's type numbers: no Python-level dtype attribute is read on
// the call path (some, such as dtype.name, run Python code).
py::dtype numpy_dtype(DType dtype) {
  return visit_dtype(dtype, [](auto t) { return py::dtype::of<decltype(t)>(); });
}

std::optional<DType> kiln_dtype(const py::dtype& dtype) {
  using api = py::detail::npy_api;
  switch (py::detail::array_descriptor_proxy(dtype.ptr())->type_num) {
    case api::NPY_BOOL_: return DType::bool_;
    case api::NPY_BYTE_: return DType::int8;
    case api::NPY_UBYTE_: return DType::uint8;
    case api::NPY_SHORT_: return DType::int16;
    case api::NPY_USHORT_: return DType::uint16;
    case api::NPY_INT_: return DType::int32;
    case api::NPY_UINT_: return DType::uint32;
    case api::NPY_LONG_: return sizeof(long) == 8 ? DType::int64 : DType::int32;
    case api::NPY_ULONG_: return sizeof(long) == 8 ? DType::uint64 : DType::uint32;
    case api::NPY_LONGLONG_: return DType::int64;
    case api::NPY_ULONGLONG_: return DType::uint64;
    case api::NPY_FLOAT_: return DType::float32;
    case api::NPY_DOUBLE_: return DType::float64;
    default: return std::nullopt;
  }
}

DType dtype_argument(py::handle obj, const std::string& what) {
  py::dtype dt;
  try {
    dt = py::dtype::from_args(py::reinterpret_borrow<py::object>(obj));
  } catch (const py::error_already_set&) {
    throw py::type_error(what + ": not a dtype: " + std::string(py::repr(obj)));
  }
  if (auto d = kiln_dtype(dt)) return *d;
  throw py::type_error(what + ": kiln has no dtype " + std::string(py::str(dt)));
}

namespace {

// Drops the reference to the Python object that owns an array's memory; kiln may release a
// view on any thread, with or without the GIL (never after the interpreter is gone).
std::shared_ptr<void> keep_alive(py::handle obj) {
  obj.inc_ref();
  return std::shared_ptr<void>(obj.ptr(), [](void* p) {
    if (!Py_IsInitialized()) return;
    py::gil_scoped_acquire gil;
    Py_DECREF(static_cast<PyObject*>(p));
  });
}

// `borrowed`: the caller keeps `arr` alive while kiln uses the view (a call's arguments), so the
// view holds no reference: releasing one needs no GIL. Memory kiln had to convert is copied into
// a kiln-owned array instead.
Array view_of(const py::array& arr, const std::string& what, bool borrowed) {
  auto dtype = kiln_dtype(arr.dtype());
  if (!dtype) throw py::type_error(what + ": kiln has no dtype " + std::string(py::str(arr.dtype())) +
                                   " (it takes bool, integer and float arrays)");
  const auto item = static_cast<py::ssize_t>(itemsize(*dtype));
  bool whole_elements = py::detail::array_descriptor_proxy(arr.dtype().ptr())->byteorder != '>';
  for (py::ssize_t i = 0; i < arr.ndim() && whole_elements; ++i) whole_elements = arr.strides(i) % item == 0;
  if (!whole_elements) {
    py::array copy = py::module_::import("numpy").attr("ascontiguousarray")(arr, numpy_dtype(*dtype));
    return borrowed ? view_of(copy, what, true).copy() : view_of(copy, what, false);
  }
  Shape shape(arr.shape(), arr.shape() + arr.ndim());
  Strides strides(static_cast<std::size_t>(arr.ndim()));
  for (py::ssize_t i = 0; i < arr.ndim(); ++i) strides[static_cast<std::size_t>(i)] = arr.strides(i) / item;
  return Array::view_raw(*dtype, const_cast<void*>(arr.data()), shape, std::move(strides),
                         borrowed ? nullptr : keep_alive(arr));
}

py::array as_numpy(py::handle obj, const std::string& what) {
  if (py::isinstance<py::array>(obj)) return py::reinterpret_borrow<py::array>(obj);
  if (obj.is_none()) throw py::type_error(what + ": expected an array or a number, got None");
  py::object arr;
  try {
    arr = py::module_::import("numpy").attr("asarray")(obj);
  } catch (const py::error_already_set&) {
    throw py::type_error(what + ": expected an array or a number, got " + type_name(obj));
  }
  return arr.cast<py::array>();
}

}  // namespace

Array to_array(py::handle obj, const std::string& what, bool borrowed) {
  py::array arr = as_numpy(obj, what);
  if (!kiln_dtype(arr.dtype()))
    throw py::type_error(what + ": expected an array or a number, got " + type_name(obj) +
                         (py::isinstance<py::array>(obj) ? " of dtype " + std::string(py::str(arr.dtype())) : ""));
  // A new NumPy array (from a list or a number) dies here: a borrowed view must own a copy.
  if (borrowed && arr.ptr() != obj.ptr()) return view_of(arr, what, true).copy();
  return view_of(arr, what, borrowed);
}

Array to_input_array(py::handle obj, DType wanted, const std::string& what) {
  if (wanted == DType::float32 && !py::isinstance<py::array>(obj) && (py::isinstance<py::float_>(obj) || py::isinstance<py::list>(obj))) {
    py::array arr = as_numpy(obj, what);
    if (arr.dtype().kind() == 'f') return to_array(arr.attr("astype")("float32"), what).copy();
  }
  return to_array(obj, what, true);
}

py::array to_numpy(Array a) {
  auto* owner = new Array(std::move(a));
  py::capsule base(owner, [](void* p) { delete static_cast<Array*>(p); });
  const auto item = static_cast<py::ssize_t>(itemsize(owner->dtype()));
  std::vector<py::ssize_t> shape(owner->shape().begin(), owner->shape().end());
  std::vector<py::ssize_t> strides;
  for (auto s : owner->strides()) strides.push_back(static_cast<py::ssize_t>(s) * item);
  return py::array(numpy_dtype(owner->dtype()), shape, strides, owner->raw_data(), base);
}

py::list to_numpy_list(const std::vector<Array>& arrays) {
  py::list out;
  for (const auto& a : arrays) out.append(to_numpy(a));
  return out;
}

Var to_var(py::handle obj, const std::string& what) {
  if (py::isinstance<Var>(obj)) {
    Var v = obj.cast<Var>();
    if (!v) throw py::type_error(what + ": a null variable");
    return v;
  }
  if (obj.is_none()) throw py::type_error(what + ": expected a tensor variable, a number or an array, got None");
  if (py::isinstance<py::bool_>(obj)) return tensor::constant(Array(obj.cast<bool>()));
  if (py::isinstance<py::int_>(obj)) {
    try {
      return tensor::as_tensor(obj.cast<std::int64_t>());
    } catch (const py::cast_error&) {
      throw py::type_error(what + ": the integer " + std::string(py::str(obj)) + " does not fit in int64");
    }
  }
  if (py::isinstance<py::float_>(obj)) return Var(obj.cast<double>());
  try {
    return tensor::constant(to_array(obj, what).copy());
  } catch (const py::type_error&) {
    throw py::type_error(what + ": expected a tensor variable, a number or an array, got " + type_name(obj));
  }
}

Var operand(py::handle obj, const Var& self, const std::string& what) {
  if (py::isinstance<py::float_>(obj)) return tensor::literal(obj.cast<double>(), self);
  return to_var(obj, what);
}

std::vector<Var> to_var_list(py::handle obj, const std::string& what) {
  std::vector<Var> out;
  if (py::isinstance<Var>(obj)) return {to_var(obj, what)};
  if (!py::isinstance<py::sequence>(obj) || py::isinstance<py::str>(obj))
    throw py::type_error(what + ": expected a tensor variable or a list of them, got " + type_name(obj));
  std::size_t i = 0;
  for (auto item : obj) out.push_back(to_var(item, what + "[" + std::to_string(i++) + "]"));
  return out;
}

std::vector<Var> optional_var_list(py::handle obj, const std::string& what) {
  return obj.is_none() ? std::vector<Var>{} : to_var_list(obj, what);
}

std::vector<std::pair<Var, Var>> var_pairs(py::handle obj, const std::string& what) {
  std::vector<std::pair<Var, Var>> pairs;
  if (obj.is_none()) return pairs;
  py::object items = py::isinstance<py::dict>(obj) ? py::reinterpret_borrow<py::object>(obj).attr("items")()
                                                    : py::reinterpret_borrow<py::object>(obj);
  for (auto item : items) {
    if (!py::isinstance<py::sequence>(item) || py::len(item) != 2)
      throw py::type_error(what + ": expected {variable: variable} or (variable, variable) pairs, got " + type_name(item));
    pairs.emplace_back(to_var(item[py::int_(0)], what + ": a key"), to_var(item[py::int_(1)], what + ": a value"));
  }
  return pairs;
}

namespace {

// One extent of a shape: an int (or anything with __index__), or None where `unknown` allows.
std::optional<std::int64_t> extent_of(py::handle item, bool unknown, const std::string& what, py::handle shape) {
  if (unknown && item.is_none()) return std::nullopt;
  if (py::isinstance<py::int_>(item) || (!item.is_none() && py::hasattr(item, "__index__")))
    return py::int_(py::reinterpret_borrow<py::object>(item)).cast<std::int64_t>();
  throw py::type_error(what + (unknown ? ": expected a sequence of ints or None, got " : ": expected an int or a sequence of ints, got ") +
                       std::string(py::repr(shape)));
}

}  // namespace

Shape to_shape(py::handle obj, const std::string& what) {
  if (obj.is_none()) return {};
  const bool scalar_array = py::isinstance<py::array>(obj) && py::reinterpret_borrow<py::array>(obj).ndim() == 0;
  if (scalar_array || !py::isinstance<py::sequence>(obj)) return {*extent_of(obj, false, what, obj)};
  if (py::isinstance<py::str>(obj))
    throw py::type_error(what + ": expected an int or a sequence of ints, got " + std::string(py::repr(obj)));
  Shape shape;
  for (auto item : obj) shape.push_back(*extent_of(item, false, what, obj));
  return shape;
}

StaticShape to_static_shape(py::handle obj, const std::string& what) {
  StaticShape shape;
  if (obj.is_none()) return shape;
  if (!py::isinstance<py::sequence>(obj) || py::isinstance<py::str>(obj))
    throw py::type_error(what + ": expected a sequence of ints or None, got " + std::string(py::repr(obj)));
  for (auto item : obj) shape.push_back(extent_of(item, true, what, obj));
  return shape;
}

std::string optional_name(py::handle obj, const std::string& what) {
  if (obj.is_none()) return {};
  if (!py::isinstance<py::str>(obj)) throw py::type_error(what + ": expected a str or None, got " + type_name(obj));
  return obj.cast<std::string>();
}

py::list var_list(const std::vector<Var>& vars) {
  py::list out;
  for (const auto& v : vars) out.append(py::cast(v));
  return out;
}

Givens to_givens(py::handle mapping, const std::string& what) {
  Givens givens;
  if (mapping.is_none()) return givens;
  if (!py::isinstance<py::dict>(mapping))
    throw py::type_error(what + ": expected a dict {variable: value}, got " + type_name(mapping));
  for (auto [key, value] : py::reinterpret_borrow<py::dict>(mapping)) {
    if (!py::isinstance<Var>(key))
      throw py::type_error(what + ": a key is a " + type_name(key) + ", not a tensor variable");
    Var v = key.cast<Var>();
    givens.emplace_back(v, to_array(value, what + "[" + to_string(v) + "]"));
  }
  return givens;
}

namespace {

std::vector<int> axes_of(py::handle axis, const std::string& what) {
  if (py::isinstance<py::int_>(axis)) return {axis.cast<int>()};
  std::vector<int> out;
  for (auto a : axis) {
    if (!py::isinstance<py::int_>(a)) throw py::type_error(what + ": axes are ints, got " + type_name(a));
    out.push_back(a.cast<int>());
  }
  return out;
}

}  // namespace

tensor::Axes axis_argument(py::handle axis, const std::string& what) {
  if (axis.is_none()) return std::nullopt;
  return axes_of(axis, what);
}

}  // namespace kiln::python
