"""kiln: symbolic tensor graphs and probabilistic models compiled to native code.

The tutorial's names: ``import kiln as aesara``, ``import kiln.tensor as at``,
``import kiln.pm as pm``. Everything here wraps kiln's C++ API (``include/kiln/``).
"""
import sys as _sys

from . import _kiln
from ._kiln import (
    Apply,
    CompileError,
    Error,
    GradientError,
    InputError,
    ModelError,
    Op,
    ParameterValueError,
    TensorType,
    TensorVariable,
    TypeError,
    ValueError,
    VerifyGradError,
    Function,
    get_value,
    grad,
    hessian,
    jacobian,
    set_value,
    shared,
    to_dot,
)
from . import graph
from .graph import clone_replace

# kiln.TypeError and kiln.ValueError stay out of `from kiln import *`: they would shadow the builtins.
__all__ = [
    "Apply", "CompileError", "Error", "Function", "GradientError", "InputError", "ModelError", "Op", "ParameterValueError",
    "TensorType", "TensorVariable", "VerifyGradError", "clone_replace", "dprint", "function", "get_value", "grad",
    "graph", "hessian", "jacobian", "set_value", "shared", "to_dot",
]


def function(inputs=None, outputs=None, *, updates=None, givens=None, mode=None, trust_input=False,
             fixed_shapes=False):
    """Compiles ``outputs`` (a variable, or a list of them) as a function of ``inputs``.

    The result is called positionally or by input name (``f(x=0, y=[1, np.e])``) and returns a
    NumPy array (one output variable) or a list of them (a list of outputs).
    """
    return _kiln.function(inputs, outputs, updates, givens, mode, trust_input, fixed_shapes)


def dprint(obj, file=None):
    """Prints the graph of a variable, a list of variables or a compiled function in Aesara's
    debugprint layout, to ``file`` (default: sys.stdout), and returns ``file``."""
    if file is None:
        file = _sys.stdout
    text = obj.debug_string() if hasattr(obj, "debug_string") else _kiln.debug_string(obj)
    file.write(text)
    return file


debugprint = dprint


def load_ipython_extension(ipython):
    """``%load_ext kiln``: the %kiln_timeit and %kiln_dprint magics."""
    from .bench import ipython as _ipython

    _ipython.load(ipython)
