// Conversions between Python values and kiln's: NumPy arrays <-> kiln::Array (zero-copy where
// dtype and layout allow), Python numbers/arrays/variables -> kiln::Var, and the argument
// checks that name the offending argument.
#pragma once

#include <kiln/kiln.hpp>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <optional>
#include <string>
#include <vector>

namespace kiln::python {

namespace py = pybind11;

// The NumPy dtype of a kiln dtype, and back (nullopt for dtypes kiln has not).
py::dtype numpy_dtype(DType dtype);
std::optional<DType> kiln_dtype(const py::dtype& dtype);
// A dtype argument given as a string ("float32") or a NumPy dtype / type object.
DType dtype_argument(py::handle obj, const std::string& what);

// A kiln view of `obj` (a NumPy array, or anything np.asarray takes) that keeps the Python
// object alive: no copy when the dtype is one kiln has and the strides are whole elements.
// `what` names the argument in the TypeError raised for values that are not arrays.
// `borrowed`: the view holds no reference (the caller keeps obj alive while kiln uses it), so
// dropping it needs no GIL; what had to be converted comes as a kiln-owned copy.
Array to_array(py::handle obj, const std::string& what, bool borrowed = false);
// A borrowed array for a function argument whose input has dtype `wanted`: Python floats (not
// NumPy arrays) are taken at a float32 input's dtype, as PyTensor does with Python scalars.
Array to_input_array(py::handle obj, DType wanted, const std::string& what);
// A NumPy array sharing the memory of `a` (it keeps `a`'s storage alive).
py::array to_numpy(Array a);
py::list to_numpy_list(const std::vector<Array>& arrays);

// A variable for a Python value: a TensorVariable itself, a number or an array as a constant
// (copied: constants must not change under the graph). None raises, naming `what`.
Var to_var(py::handle obj, const std::string& what);
// The other operand of a binary operator beside `self`: Python numbers become literals as in
// C++ (`x * 2.0` keeps x's float dtype, `x * 2` an int8 constant).
Var operand(py::handle obj, const Var& self, const std::string& what);
std::vector<Var> to_var_list(py::handle obj, const std::string& what);
// As to_var_list, with None for none.
std::vector<Var> optional_var_list(py::handle obj, const std::string& what);
// {var: var} or a sequence of (var, var) pairs (replacements, updates, givens); None gives none.
std::vector<std::pair<Var, Var>> var_pairs(py::handle obj, const std::string& what);
// A shape (an int or a sequence of ints); None gives the empty shape.
Shape to_shape(py::handle obj, const std::string& what);
// A static shape: a sequence of ints and None (unknown extents); None gives the empty shape.
StaticShape to_static_shape(py::handle obj, const std::string& what);
// A name argument: a str, or None for no name.
std::string optional_name(py::handle obj, const std::string& what);

// An axis argument: None (all axes), an int or a sequence of ints.
tensor::Axes axis_argument(py::handle axis, const std::string& what);

py::list var_list(const std::vector<Var>& vars);
// {var: value} as kiln Givens (values as arrays).
Givens to_givens(py::handle mapping, const std::string& what);

// Python's type name of obj, for messages.
std::string type_name(py::handle obj);

}  // namespace kiln::python
