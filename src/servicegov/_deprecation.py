"""Old public names kept importable, with a warning, after a rename.

A module that renamed a public name binds its ``__getattr__`` to
:func:`renamed`: the old name still resolves for one minor release (the
compatibility policy in docs/serialization.md), warns once per access with the
new name to use, and stays out of ``__all__`` and ``dir()``, so each public
name of the library means one thing.

Examples:
    >>> import warnings
    >>> __getattr__ = renamed("servicegov.example", {"Old": ("New", int)})
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     __getattr__("Old") is int
    True
    >>> print(caught[0].message)
    servicegov.example.Old is deprecated; use servicegov.example.New
    >>> __getattr__("Missing")
    Traceback (most recent call last):
        ...
    AttributeError: module 'servicegov.example' has no attribute 'Missing'
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["renamed"]


def renamed(module: str, names: Mapping[str, tuple[str, object]]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that serves each old name of *names*
    (``{old: (new name, object)}``) with a ``DeprecationWarning``."""

    def __getattr__(name: str) -> Any:
        if name in names:
            new, obj = names[name]
            warnings.warn(
                f"{module}.{name} is deprecated; use {module}.{new}", DeprecationWarning, stacklevel=2
            )
            return obj
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    return __getattr__
