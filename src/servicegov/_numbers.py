"""What servicegov calls a number: the one definition, shared by every check.

A *real number* is a finite value of any :class:`numbers.Real` type -- an
``int``, a ``float``, a :class:`fractions.Fraction`, a NumPy scalar -- and
never a ``bool`` (``True`` in a weight or a rating is a slip, not a 1).  An
integer too large to be a float is not finite here, since every computation
with it would overflow.  A field or an argument that admits NaN and the
infinities says so itself (``FloatOrNaN`` in :mod:`servicegov._arguments`).

The argument checks, the models' field checks and the functions that read data
(weights, ratings, metrics) all ask :func:`is_real`, so a value one of them
takes is never refused by another with other words.

Examples:
    >>> from fractions import Fraction
    >>> [is_real(x) for x in (3, 0.5, Fraction(1, 3), True, float("nan"), 10**400, "3")]
    [True, True, True, False, False, False, False]
"""

from __future__ import annotations

import math
import numbers

__all__ = ["is_real"]


def is_real(x: object) -> bool:
    """Whether *x* is a finite real number and not a ``bool`` (see the module's docstring)."""
    kind = type(x)
    # The built-in float and int are the common case (a bool's type is bool);
    # the ABC check is for the others, NumPy's and Fraction among them.
    if kind is not float and kind is not int and (isinstance(x, bool) or not isinstance(x, numbers.Real)):
        return False
    try:
        return math.isfinite(x)  # type: ignore[arg-type]
    except OverflowError:  # an integer too large to be a float
        return False
