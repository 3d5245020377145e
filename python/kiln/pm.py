"""kiln.pm: PyMC's names over kiln's model layer (``import kiln.pm as pm``).

``pm.Normal("x", mu=0, sigma=1)`` registers a random variable in the model of the enclosing
``with pm.Model():`` block; ``pm.Normal.dist(mu=0, sigma=1)`` builds one outside any model.
"""
import ctypes as _ctypes

from ._kiln import pm as _pm
from ._kiln.pm import Deterministic, Potential, draw, logcdf, logp, transforms

__all__ = ["Model", "Deterministic", "Potential", "draw", "logp", "logcdf", "transforms", "LogpDlogpFunction"]


class Distribution:
    """Base of the distribution classes: calling one registers a named variable in the active
    model, ``.dist`` builds an unnamed one; both return the random variable (a TensorVariable)."""

    _name = None

    def __new__(cls, name, *args, **kwargs):
        return getattr(_pm, cls._name)(name, *args, **kwargs)

    @classmethod
    def dist(cls, *args, **kwargs):
        return getattr(_pm.dist, cls._name)(*args, **kwargs)


def _distribution(name):
    cls = type(name, (Distribution,), {"_name": name, "__doc__": getattr(_pm, name).__doc__})
    cls.__module__ = __name__
    return cls


for _name in dir(_pm.dist):
    if not _name.startswith("_"):
        globals()[_name] = _distribution(_name)
        __all__.append(_name)


class RandomVariables(list):
    """A list of random variables, printed as PyMC prints them: ``[z ~ N(<constant>, <constant>)]``."""

    def __repr__(self):
        return _pm.rvs_repr(list(self))


class RVsToValues(dict):
    """Random variable -> value variable, printed ``{mu ~ N(0, 2): mu, sigma ~ N**+(0, 3): sigma_log__}``."""

    def __repr__(self):
        return _pm.rvs_to_values_repr(list(self.items()))


# int logp(size_t dim, const double* x, double* grad, double* logp, const void* user_data)
LOGP_CALLBACK = _ctypes.CFUNCTYPE(
    _ctypes.c_int, _ctypes.c_size_t, _ctypes.POINTER(_ctypes.c_double), _ctypes.POINTER(_ctypes.c_double),
    _ctypes.POINTER(_ctypes.c_double), _ctypes.c_void_p)


class LogpDlogpFunction:
    """The model's log-density and gradient on one flat vector of unconstrained values
    (``model.parameter_names()`` order): ``logp, grad = f(x)``.

    ``callback`` and ``user_data`` are the nutpie-shaped C entry point
    ``int logp(size_t dim, const double* x, double* grad, double* logp, const void* user_data)``
    (0 on success), for samplers that call compiled code with no Python in the loop; they stay
    valid while this object lives.
    """

    def __init__(self, compiled):
        self._compiled = compiled
        self.dim = compiled.dim
        self.callback = LOGP_CALLBACK(compiled._callback_address)
        self.user_data = _ctypes.c_void_p(compiled._user_data_address)

    def __call__(self, x):
        return self._compiled(x)

    def __repr__(self):
        return f"<LogpDlogpFunction of {self.dim} parameters>"


class Model(_pm.Model):
    """A PyMC model; ``with pm.Model() as model:`` makes it the active model (kiln's ModelContext)."""

    @property
    def basic_RVs(self):
        return RandomVariables(self._basic_RVs())

    @property
    def free_RVs(self):
        return RandomVariables(self._free_RVs())

    @property
    def observed_RVs(self):
        return RandomVariables(self._observed_RVs())

    @property
    def rvs_to_values(self):
        return RVsToValues(self._rvs_to_values())

    @property
    def value_vars(self):
        return self._value_vars()

    @property
    def deterministics(self):
        return self._deterministics()

    @property
    def potentials(self):
        return self._potentials()

    def logp_dlogp_function(self):
        """The log-density and its gradient over a flat vector, for samplers (see LogpDlogpFunction)."""
        return LogpDlogpFunction(self.compile_logp_dlogp())
