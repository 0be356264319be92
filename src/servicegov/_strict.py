"""Strict reading at the JSON boundary: what cattrs would coerce, servicegov refuses.

cattrs structures any iterable into a tuple or a set, so a string where a list
belongs becomes its characters (``"h1"`` → ``('h', '1')``) and a dict becomes
its keys; an ISO date-time is accepted where a date belongs and cut to its date;
and ``float("nan")``, which Python's JSON reader produces from ``NaN``, passes as a
number.  The hooks here refuse each, with one message for the field (not one per
character), and a document nested deeper than the reader can follow is refused
with one clear message instead of a bare ``RecursionError``.

Where a model or a mapping belongs, anything but a JSON object is refused by its
shape ("expected an object (got an integer)"), where cattrs would fail inside its
generated code with Python's own words (``argument of type 'int' is not
iterable``).  And an integer is a number only if a float holds it exactly:
``10**100`` where a float belongs would silently become ``1e+100``.
"""

from __future__ import annotations

import collections.abc
import datetime as dt
import math
import typing
from collections.abc import Callable, Mapping
from typing import Any

import cattrs
from cattrs.cols import mapping_structure_factory
from cattrs.errors import IterableValidationError, IterableValidationNote

__all__ = ["MAX_DEPTH", "configure", "depth", "objects_only"]

MAX_DEPTH = 200
"""How deeply a document may nest before it is refused (servicegov's models nest a few levels)."""

_SEQUENCES = (tuple, frozenset, set, list)
_MAPPINGS = (dict, collections.abc.Mapping, collections.abc.MutableMapping)


def _origin(tp: Any) -> Any:
    return typing.get_origin(tp) or tp


def _is_sequence(tp: Any) -> bool:
    return _origin(tp) in _SEQUENCES


def _is_mapping(tp: Any) -> bool:
    return _origin(tp) in _MAPPINGS


def _shape(value: object) -> str:
    """What *value* is, in JSON's words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "an array"
    return f"a {type(value).__name__}"


def objects_only(hook: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """*hook*, refusing anything but an object (a mapping) before it runs.

    Examples:
        >>> objects_only(lambda value, _cl: dict(value))(None, dict)
        Traceback (most recent call last):
            ...
        ValueError: expected an object (got null)
    """

    def structure(value: Any, cl: Any) -> Any:
        if not isinstance(value, Mapping):
            raise ValueError(f"expected an object (got {_shape(value)})")
        return hook(value, cl)

    return structure


def _exact(value: int) -> bool:
    try:
        return float(value) == value
    except OverflowError:
        return False


def _integer_shown(value: int) -> str:
    if value.bit_length() <= 400:
        return repr(value)
    return f"an integer of {value.bit_length()} bits"


def configure(conv: cattrs.Converter) -> None:
    """Make *conv* refuse strings and objects as arrays, date-times as dates and non-finite numbers."""
    def structure_list(value: Any, cl: Any) -> list[Any]:
        args = typing.get_args(cl)
        if not args:
            return list(value)
        element = conv.get_structure_hook(args[0])
        if not conv.detailed_validation:
            return [element(v, args[0]) for v in value]
        # As cattrs does for tuples and sets: every bad element, each with its
        # index, so that a problem's path names the element (@ $[1]).
        out: list[Any] = []
        errors: list[Exception] = []
        for i, v in enumerate(value):
            try:
                out.append(element(v, args[0]))
            except Exception as exc:
                note = IterableValidationNote(f"Structuring list @ index {i}", i, args[0])
                exc.__notes__ = [*getattr(exc, "__notes__", []), note]  # type: ignore[attr-defined]
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {cl!r}", errors, cl)
        return out

    defaults: dict[Any, Callable[[Any, Any], Any]] = {
        tuple: conv._structure_tuple,
        frozenset: conv._structure_frozenset,
        set: conv._structure_set,
        list: structure_list,
    }

    def sequence_hook(tp: Any) -> Callable[[Any, Any], Any]:
        inner = defaults[_origin(tp)]

        def structure(value: Any, cl: Any) -> Any:
            # JSON arrays arrive as lists; a tuple is accepted from Python callers.
            if not isinstance(value, list | tuple):
                raise ValueError(f"expected an array (got {_shape(value)})")
            return inner(value, cl)

        return structure

    conv.register_structure_hook_factory(_is_sequence, sequence_hook)

    def mapping_hook(tp: Any) -> Callable[[Any, Any], Any]:
        # Not conv.gen_structure_mapping: it also files its hook as the type's own,
        # which would then win over this one.
        return objects_only(
            mapping_structure_factory(tp, conv, dict, detailed_validation=conv.detailed_validation)
        )

    conv.register_structure_hook_factory(_is_mapping, mapping_hook)

    date_hook = conv.get_structure_hook(dt.date)

    def structure_date(value: Any, cl: Any) -> dt.date:
        if isinstance(value, str) and ("T" in value or " " in value.strip()):
            raise ValueError(
                f"expected an ISO 8601 date such as '2025-03-01', not a date-time (got {value!r})"
            )
        return date_hook(value, cl)  # type: ignore[no-any-return]

    conv.register_structure_hook(dt.date, structure_date)

    float_hook = conv.get_structure_hook(float)

    def structure_float(value: Any, cl: Any) -> float:
        if type(value) is int and not _exact(value):
            raise ValueError(f"expected a number that a float holds exactly (got {_integer_shown(value)})")
        number: float = float_hook(value, cl)
        if not math.isfinite(number):
            raise ValueError(f"expected a finite number (got {value!r})")
        return number

    conv.register_structure_hook(float, structure_float)


def depth(value: object, limit: int = MAX_DEPTH) -> int:
    """How deeply *value* nests (lists and objects), counting up to *limit* + 1 at most."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        v, d = stack.pop()
        if d > deepest:
            deepest = d
            if deepest > limit:
                return deepest
        if isinstance(v, dict):
            stack.extend((x, d + 1) for x in v.values())
        elif isinstance(v, list | tuple):
            stack.extend((x, d + 1) for x in v)
    return deepest
