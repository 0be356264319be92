"""Strategies for :mod:`servicegov.divisions`: the 12-digit division codes.

:func:`division_codes` is one of the building blocks every strategy module
shares, so it is written in :mod:`servicegov.strategies._common`; this module
gives it its place next to the library module it draws for.
"""

from __future__ import annotations

from servicegov.strategies._common import division_codes

__all__ = ["division_codes"]


def __dir__() -> list[str]:
    return __all__
