"""The base of every public enum: a string value plus a Chinese and an English label."""

from __future__ import annotations

import enum
from typing import Any

__all__ = ["LabelledEnum"]


class LabelledEnum(enum.Enum):
    """An enum whose members are ``(value, zh, en)``; ``.value`` is the wire value.

    Examples:
        >>> class Colour(LabelledEnum):
        ...     RED = ("red", "红", "red")
        >>> Colour.RED.value, Colour.RED.zh, Colour.RED.en
        ('red', '红', 'red')
        >>> Colour("red") is Colour.RED
        True
    """

    _value_: str
    zh: str
    en: str

    def __new__(cls, value: str, zh: str, en: str) -> Any:
        obj = object.__new__(cls)
        obj._value_ = value
        obj.zh = zh
        obj.en = en
        return obj

    # Members are singletons compared by identity, so the identity hash is correct,
    # and it is computed in C: enum's own __hash__ dominated pipeline profiles.
    __hash__ = object.__hash__

    def __repr__(self) -> str:
        return f"<{type(self).__name__}.{self.name}>"

    def __str__(self) -> str:
        return self._value_
