"""Old public names kept importable, with a warning, after a rename.

A module that renamed a public name binds its ``__getattr__`` to
:func:`renamed`: the old name still resolves for one minor release (the
compatibility policy in docs/serialization.md), warns once per access with the
new name to use, and stays out of ``__all__`` and ``dir()``, so each public
name of the library means one thing.  A name that moved to another module
(*moved*) is looked up there only when asked for, so the new module may
import the old one.

Examples:
    >>> import warnings
    >>> __getattr__ = renamed("servicegov.example", {"Old": ("New", int)})
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     __getattr__("Old") is int
    True
    >>> print(caught[0].message)
    servicegov.example.Old is deprecated; use servicegov.example.New
    >>> __getattr__ = renamed("servicegov.example", {}, moved={"sqrt": "math"})
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     __getattr__("sqrt")(4.0)
    2.0
    >>> print(caught[0].message)
    servicegov.example.sqrt has moved; use math.sqrt
    >>> __getattr__("Missing")
    Traceback (most recent call last):
        ...
    AttributeError: module 'servicegov.example' has no attribute 'Missing'
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["renamed"]


def renamed(
    module: str, names: Mapping[str, tuple[str, object]], *, moved: Mapping[str, str] | None = None
) -> Callable[[str], Any]:
    """A module ``__getattr__`` that serves each old name of *names*
    (``{old: (new name, object)}``) and each name of *moved*
    (``{name: the module it is in now}``) with a ``DeprecationWarning``."""
    moved = dict(moved or {})

    def __getattr__(name: str) -> Any:
        if name in names:
            new, obj = names[name]
            warnings.warn(
                f"{module}.{name} is deprecated; use {module}.{new}", DeprecationWarning, stacklevel=2
            )
            return obj
        if name in moved:
            warnings.warn(
                f"{module}.{name} has moved; use {moved[name]}.{name}", DeprecationWarning, stacklevel=2
            )
            return getattr(importlib.import_module(moved[name]), name)
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    return __getattr__
