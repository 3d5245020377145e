"""kiln.pm: PyMC's names over kiln's model layer (``import kiln.pm as pm``).

``pm.Normal("x", mu=0, sigma=1)`` registers a random variable in the model of the enclosing
``with pm.Model():`` block; ``pm.Normal.dist(mu=0, sigma=1)`` builds one outside any model.
"""
import ctypes as _ctypes

from ._kiln import InputError
from ._kiln import pm as _pm
from ._kiln.pm import Data, Deterministic, Potential, draw, logcdf, logp, transforms

__all__ = ["Model", "Data", "ConstantData", "MutableData", "Deterministic", "Potential", "draw", "logp", "logcdf",
           "modelcontext", "set_data", "transforms", "LogpDlogpFunction"]

# PyMC's names for pm.Data before 5.16: every kiln data container can be set_data'd.
ConstantData = MutableData = Data


class Distribution:
    """Base of the distribution classes: calling one registers a named variable in the active
    model, ``.dist`` builds an unnamed one; both return the random variable (a TensorVariable)."""

    _name = None

    def __new__(cls, *args, **kwargs):
        return getattr(_pm, cls._name)(*args, **kwargs)


def _distribution(name):
    builder = getattr(_pm.dist, name)

    def dist(cls, *args, **kwargs):
        return builder(*args, **kwargs)

    dist.__doc__ = builder.__doc__
    cls = type(name, (Distribution,), {"_name": name, "__doc__": getattr(_pm, name).__doc__, "dist": classmethod(dist)})
    cls.__module__ = __name__
    return cls


for _name in dir(_pm.dist):
    if not _name.startswith("_"):
        globals()[_name] = _distribution(_name)
        __all__.append(_name)


# issue 17c: PyMC's LKJCholeskyCov returns (chol, corr, stds) unless compute_corr=False.
from ._kiln.pm import expand_packed_triangular  # noqa: E402

__all__.append("expand_packed_triangular")


class LKJCholeskyCov(Distribution):
    """``chol, corr, stds = pm.LKJCholeskyCov(name, eta, n, sd_dist)``: the Cholesky factor of a
    covariance with LKJ(eta) correlations and sd_dist standard deviations (packed, row by row, as
    the model's variable); corr and stds are kept as ``<name>_corr`` / ``<name>_stds`` with
    store_in_trace. compute_corr=False returns the packed factor."""

    _name = "LKJCholeskyCov"

    def __new__(cls, name, eta, n, sd_dist, *, compute_corr=True, store_in_trace=True, **kwargs):
        packed = _pm.LKJCholeskyCov(name, eta, n, sd_dist, **kwargs)
        if not compute_corr:
            return packed
        chol, corr, stds = _pm.compute_corr(n, packed)
        if store_in_trace:
            corr = Deterministic(f"{name}_corr", corr)
            stds = Deterministic(f"{name}_stds", stds)
        return chol, corr, stds

    @classmethod
    def dist(cls, eta, n, sd_dist, *, compute_corr=True, **kwargs):
        packed = _pm.dist.LKJCholeskyCov(eta, n, sd_dist, **kwargs)
        return _pm.compute_corr(n, packed) if compute_corr else packed


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
    """A PyMC model; ``with pm.Model(coords={...}) as model:`` makes it the active model (kiln's
    ModelContext). Coords' labels keep the values given (kiln compares and prints their str())."""

    def __init__(self, name="", coords=None, check_bounds=True):
        if name:
            raise InputError(f"Model: name: kiln's models have no name prefix, got '{name}'")
        coords = {dim: _labels(values) for dim, values in coords.items()} if isinstance(coords, dict) else coords
        super().__init__(coords=coords, check_bounds=check_bounds)
        self._given_labels = dict(coords or {})

    @classmethod
    def get_context(cls, error_if_none=True):
        """The innermost model of the enclosing ``with`` blocks (None, or TypeError as PyMC, when there is none)."""
        model = _pm.Model._current()
        if model is None and error_if_none:
            raise TypeError("No model on context stack")
        return model

    @property
    def coords(self):
        """{dim: labels as given, or None for a dim that has only a length}, in the order added."""
        out = {}
        for dim, labels, length in self._coords():
            given = self._given_labels.get(dim)
            if labels is not None and given is not None and len(given) == length and tuple(map(str, given)) == labels:
                labels = given
            out[dim] = labels
        return out

    def add_coord(self, name, values=None, mutable=None, *, length=None):
        """Adds dim ``name`` with its labels (``values``) or only its ``length``."""
        values = _labels(values)
        self._add_coord(name, values, length)
        if values is not None:
            self._given_labels[name] = values

    def add_coords(self, coords, *, lengths=None):
        for name, values in coords.items():
            self.add_coord(name, values, length=(lengths or {}).get(name))

    @property
    def named_vars_to_dims(self):
        """{variable name: its dims (a tuple)} for the variables given dims."""
        return self._named_vars_to_dims()

    @property
    def data_vars(self):
        return self._data_vars()

    def set_data(self, name, values, coords=None):
        """Replaces the value of the data container ``name``; compiled functions read it at their
        next call. A dim may change length unless a free variable has it (give a labelled dim's new
        labels in ``coords``)."""
        coords = {dim: _labels(v) for dim, v in coords.items()} if isinstance(coords, dict) else coords
        self._set_data(name, values, coords)
        self._given_labels.update(coords or {})

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


def _labels(values):
    """A dim's labels as a tuple (so a generator or range is read once); anything else as given,
    for kiln to check."""
    if values is None or isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        return values
    return tuple(values.tolist() if hasattr(values, "tolist") else values)


def modelcontext(model=None):
    """``model``, or the model of the enclosing ``with`` block (TypeError when there is none)."""
    return model if model is not None else Model.get_context()


def set_data(new_data, model=None, *, coords=None):
    """Replaces the values of data containers, ``{name: values}``, in ``model`` (default: the
    active one), all or nothing; ``coords`` gives the new labels of labelled dims whose length
    changes, and data sharing a dim must agree on its new length."""
    model = modelcontext(model)
    coords = {dim: _labels(v) for dim, v in coords.items()} if isinstance(coords, dict) else coords
    model._set_data_many(dict(new_data), coords)  # all or nothing: checked before any value changes
    model._given_labels.update(coords or {})
