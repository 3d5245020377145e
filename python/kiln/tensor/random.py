"""kiln.tensor.random: random variables as Aesara's ``at.random`` (NumPy's argument names).

Each builder adds a RandomVariable node drawing from a shared generator: ``y.eval()`` repeats
its draw, ``kiln.pm.draw(y)`` advances the generator.
"""
from .._kiln.tensor import random as _random

globals().update({name: getattr(_random, name) for name in dir(_random) if not name.startswith("_")})
t = _random.studentt  # Aesara's name

__all__ = [name for name in dir(_random) if not name.startswith("_")] + ["t"]
