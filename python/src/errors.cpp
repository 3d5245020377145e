// kiln's exceptions become Python exceptions with the same message. Each subclasses kiln.Error
// and the builtin a Python user expects to catch (kiln.InputError is a ValueError, ...).
#include "bindings.hpp"

#include <kiln/errors.hpp>

namespace kiln::python {

namespace {

// Created once at import, kept for the interpreter's life (exception types are never freed).
struct ExceptionTypes {
  PyObject* error = nullptr;
  PyObject* type_error = nullptr;
  PyObject* input_error = nullptr;
  PyObject* parameter_value_error = nullptr;
  PyObject* value_error = nullptr;
  PyObject* gradient_error = nullptr;
  PyObject* model_error = nullptr;
  PyObject* verify_grad_error = nullptr;
  PyObject* compile_error = nullptr;
};
ExceptionTypes types;

PyObject* make_type(py::module_& m, const char* name, py::tuple bases, const char* doc) {
  std::string qualified = std::string("kiln.") + name;
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases.ptr(), nullptr);
  if (type == nullptr) throw py::error_already_set();
  m.add_object(name, py::handle(type));
  return type;
}

}  // namespace

void bind_errors(py::module_& m) {
  py::handle base(PyExc_Exception);
  types.error = make_type(m, "Error", py::make_tuple(base), "Base of every kiln exception.");
  py::handle error(types.error);
  types.type_error = make_type(m, "TypeError", py::make_tuple(error, py::handle(PyExc_TypeError)),
                               "Incompatible dtypes or static shapes.");
  types.input_error = make_type(m, "InputError", py::make_tuple(error, py::handle(PyExc_ValueError)),
                                "A missing, extra or ill-typed input to a function or eval.");
  types.parameter_value_error =
      make_type(m, "ParameterValueError", py::make_tuple(error, py::handle(PyExc_ValueError)),
                "A failed parameter check (Check{sigma > 0}) or an invalid distribution parameter.");
  types.value_error = make_type(m, "ValueError", py::make_tuple(error, py::handle(PyExc_ValueError)),
                                "Values that do not fit at run time (shapes, indices).");
  types.gradient_error = make_type(m, "GradientError", py::make_tuple(error, py::handle(PyExc_ValueError)),
                                   "A gradient that is not defined or not connected.");
  types.model_error = make_type(m, "ModelError", py::make_tuple(error, py::handle(PyExc_ValueError)),
                                "The model layer misused: no active model, a duplicate or unknown variable name.");
  types.verify_grad_error = make_type(m, "VerifyGradError", py::make_tuple(error, py::handle(PyExc_AssertionError)),
                                      "verify_grad found the symbolic gradient and finite differences disagree.");
  types.compile_error = make_type(m, "CompileError", py::make_tuple(error, py::handle(PyExc_RuntimeError)),
                                  "The JIT could not compile a graph.");

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const kiln::TypeError& e) {
      PyErr_SetString(types.type_error, e.what());
    } catch (const kiln::InputError& e) {
      PyErr_SetString(types.input_error, e.what());
    } catch (const kiln::ParameterValueError& e) {
      PyErr_SetString(types.parameter_value_error, e.what());
    } catch (const kiln::ValueError& e) {
      PyErr_SetString(types.value_error, e.what());
    } catch (const kiln::GradientError& e) {
      PyErr_SetString(types.gradient_error, e.what());
    } catch (const kiln::ModelError& e) {
      PyErr_SetString(types.model_error, e.what());
    } catch (const kiln::VerifyGradError& e) {
      PyErr_SetString(types.verify_grad_error, e.what());
    } catch (const kiln::CompileError& e) {
      PyErr_SetString(types.compile_error, e.what());
    } catch (const kiln::Error& e) {
      PyErr_SetString(types.error, e.what());
    }
  });
}

}  // namespace kiln::python
