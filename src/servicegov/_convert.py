"""Converters for attrs fields that hold immutable collections.

They take ``Iterable[Any]`` rather than a generic parameter because the attrs
plugin of mypy cannot solve a generic converter's type variable at call sites.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """Any iterable as a tuple (a tuple is returned as is)."""
    return value if type(value) is tuple else tuple(value)


def to_frozenset(value: Iterable[Any]) -> frozenset[Any]:
    """Any iterable as a frozenset (a frozenset is returned as is)."""
    return value if type(value) is frozenset else frozenset(value)
