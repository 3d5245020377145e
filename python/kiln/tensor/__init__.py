"""kiln.tensor: building typed symbolic tensor graphs, with PyTensor's names (``import kiln.tensor as at``)."""
from .._kiln import tensor as _tensor
from .._kiln import TensorType, TensorVariable

globals().update({name: getattr(_tensor, name) for name in dir(_tensor) if not name.startswith("_")})

from . import random  # noqa: E402  (at.random.normal, ...)

__all__ = [name for name in dir(_tensor) if not name.startswith("_")] + ["TensorType", "TensorVariable", "random"]
