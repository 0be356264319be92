"""JSON Schema (draft 2020-12) for the wire format of every public model.

The schema is read off the models themselves (``attrs.fields`` and their resolved
type hints) and follows what :mod:`servicegov.serialization` writes: dates are
ISO strings, enums their values, sets sorted arrays, tuples arrays, attrs
classes objects keyed by attribute name with no other key, tagged unions
objects carrying their tag.  The few places where a module gives the converter
a hook of its own (``nan`` written as ``null``, for instance) are listed in
:func:`_field_overrides`; whatever cannot be said exactly is said loosely,
never wrongly.
"""

from __future__ import annotations

import collections.abc as cabc
import datetime as dt
import enum
import functools
import importlib
import json
import pkgutil
import types
import typing
from typing import Any

import attrs

from servicegov._arguments import checked
from servicegov.errors import InvalidValue

__all__ = ["DIALECT", "json_schema"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect of every schema :func:`json_schema` returns."""

# Modules of the package that are not models (or need Hypothesis).
_NOT_MODELS = frozenset({"servicegov.cli", "servicegov.strategies", "servicegov.__main__"})

_DATE = {"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
# ``datetime.isoformat()`` of a naive date-time has no offset, which RFC 3339's
# ``date-time`` format requires: a pattern says what the converter writes instead.
_DATETIME = {
    "type": "string",
    "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)?$",
    "description": "an ISO 8601 date-time, with or without an offset",
}
_NULL = {"type": "null"}
_SCALARS: dict[Any, dict[str, Any]] = {
    bool: {"type": "boolean"},
    int: {"type": "integer"},
    float: {"type": "number"},
    str: {"type": "string"},
    type(None): _NULL,
}
_SEQUENCES = (list, tuple, cabc.Sequence, cabc.MutableSequence)
_SETS = (set, frozenset, cabc.Set, cabc.MutableSet)
_MAPPINGS = (dict, cabc.Mapping, cabc.MutableMapping)


@functools.cache
def _public_models() -> tuple[type, ...]:
    """Every attrs class named in the ``__all__`` of a public servicegov module."""
    import servicegov

    names = sorted(
        m.name
        for m in pkgutil.iter_modules(servicegov.__path__, "servicegov.")
        if not m.name.rsplit(".", 1)[-1].startswith("_") and m.name not in _NOT_MODELS
    )
    models: list[type] = []
    for name in names:
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", ()):
            obj = getattr(module, attr)
            if isinstance(obj, type) and attrs.has(obj) and obj not in models:
                models.append(obj)
    return tuple(models)


@attrs.frozen
class _Tags:
    """The tagged unions the converter knows, and the classes that carry their tag alone."""

    unions: dict[frozenset[type], tuple[str, dict[type, str]]]
    alone: dict[type, tuple[str, str]]


@functools.cache
def _tags() -> _Tags:
    from servicegov import lifecycle, routing
    from servicegov.simulation import _raters

    events: dict[type, str] = {cl: str(cl.kind.value) for cl in typing.get_args(lifecycle.Event)}
    effects: dict[type, str] = dict(_raters._EFFECT_TAGS)
    results: dict[type, str] = {routing.RoutedTo: "routed", routing.Unroutable: "unroutable"}
    return _Tags(
        unions={
            frozenset(results): ("result", results),
            frozenset(events): ("event", events),
            frozenset(effects): (_raters._TAG, effects),
        },
        # An event or an effect carries its tag even alone (and may be read without it).
        alone={cl: ("event", tag) for cl, tag in events.items()}
        | {cl: (_raters._TAG, tag) for cl, tag in effects.items()},
    )


@functools.cache
def _field_overrides() -> dict[tuple[type, str], dict[str, Any]]:
    """Fields the converter writes with a hook of their own."""
    from servicegov.simulation import _experiments, _montecarlo, _panels

    def nan_as_null(what: str) -> dict[str, Any]:
        return {
            "anyOf": [{"type": "number"}, _NULL],
            "description": f"{what}; null when it is undefined (NaN)",
        }

    return {
        (_experiments.Stability, "tau"): nan_as_null("Kendall's tau-b"),
        (_montecarlo.Summary, "sd"): nan_as_null("the standard deviation"),
        (_panels.RandomShareResult, "tau"): {
            "type": "array",
            "items": nan_as_null("Kendall's tau-b"),
        },
    }


def _first_line(obj: object) -> str | None:
    doc = vars(obj).get("__doc__") if isinstance(obj, type) else None
    if not isinstance(doc, str) or not doc.strip():
        return None
    return doc.strip().splitlines()[0].strip()


_NO_DEFAULT = object()


def _default(value: object) -> Any:
    """A field's default as the converter writes it, when it is plain JSON (not a factory's)."""
    if isinstance(value, attrs.Factory):  # type: ignore[arg-type]
        return _NO_DEFAULT
    from servicegov import serialization

    try:
        text = json.dumps(serialization.unstructure(value), allow_nan=False)
    except (TypeError, ValueError):
        return _NO_DEFAULT
    return json.loads(text)


def _wire_fields(cls: type) -> list[attrs.Attribute[Any]]:
    """The fields the converter reads and writes: not ``init=False``, not ``wire: False``."""
    return [a for a in attrs.fields(cls) if a.init and a.metadata.get("wire", True) is not False]


class _Builder:
    def __init__(self, root: type) -> None:
        self.root = root
        self.defs: dict[str, dict[str, Any]] = {}
        self.names: dict[type, str] = {}
        self.tags = _tags()
        self.overrides = _field_overrides()

    # -- names and references ---------------------------------------------------------

    def _name(self, cls: type) -> str:
        if cls not in self.names:
            taken = set(self.names.values()) | {self.root.__name__}
            name = cls.__name__
            if name in taken:
                name = f"{cls.__module__.rsplit('.', 1)[-1].lstrip('_')}.{cls.__name__}"
            self.names[cls] = name
        return self.names[cls]

    def ref(self, cls: type) -> dict[str, Any]:
        if cls is self.root:
            return {"$ref": "#"}
        name = self._name(cls)
        if name not in self.defs:
            self.defs[name] = {}  # a placeholder, so recursive models stop here
            self.defs[name] = self.enum(cls) if issubclass(cls, enum.Enum) else self.model(cls)
        return {"$ref": f"#/$defs/{name}"}

    # -- types --------------------------------------------------------------------------

    def enum(self, cls: type[enum.Enum]) -> dict[str, Any]:
        values = [m.value for m in cls]
        out: dict[str, Any] = {"title": cls.__name__}
        labels = "; ".join(
            f"{m.value}: {m.zh} / {m.en}" for m in cls if hasattr(m, "zh") and hasattr(m, "en")
        )
        description = " ".join(p for p in (_first_line(cls), labels and f"Values: {labels}.") if p)
        if description:
            out["description"] = description
        if all(type(v) is str for v in values):
            out["type"] = "string"
        out["enum"] = values
        return out

    def model(self, cls: type, tag: tuple[str, str] | None = None) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for a in _wire_fields(cls):
            override = self.overrides.get((cls, a.name))
            properties[a.name] = (
                dict(override) if override is not None else self.type(hints.get(a.name, Any))
            )
            if a.default is attrs.NOTHING:
                required.append(a.name)
            else:
                default = _default(a.default)
                if default is not _NO_DEFAULT:
                    properties[a.name]["default"] = default
        alone = self.tags.alone.get(cls)
        for key_value, must in ((alone, False), (tag, True)):
            if key_value is not None:
                key, value = key_value
                properties[key] = {"const": value}
                if must and key not in required:
                    required.append(key)
        out: dict[str, Any] = {"title": cls.__name__}
        description = _first_line(cls)
        if description:
            out["description"] = description
        out["type"] = "object"
        out["properties"] = properties
        if required:
            out["required"] = required
        out["additionalProperties"] = False
        return out

    def union(self, args: tuple[Any, ...]) -> dict[str, Any]:
        nullable = type(None) in args
        rest = tuple(a for a in args if a is not type(None))
        tagged = self.tags.unions.get(frozenset(rest))
        choices: list[dict[str, Any]]
        if tagged is not None:
            key, tags = tagged
            choices = [self.variant(cl, key, tags[cl]) for cl in rest]
            schema: dict[str, Any] = {"oneOf": choices}
            return {"anyOf": [schema, _NULL]} if nullable else schema
        choices = [self.type(a) for a in rest]
        if nullable:
            choices.append(_NULL)
        return choices[0] if len(choices) == 1 else {"anyOf": choices}

    def variant(self, cls: type, key: str, value: str) -> dict[str, Any]:
        if self.tags.alone.get(cls) == (key, value):
            # The class's own schema knows its tag; in a union the tag is required.
            return {**self.ref(cls), "required": [key]}
        return self.model(cls, tag=(key, value))

    def type(self, tp: Any) -> dict[str, Any]:
        if tp is Any or tp is object or isinstance(tp, typing.TypeVar):
            return {}
        if tp in _SCALARS:
            return dict(_SCALARS[tp])
        if tp is dt.datetime:
            return dict(_DATETIME)
        if tp is dt.date:
            return dict(_DATE)
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return self.ref(tp)
        if isinstance(tp, type) and attrs.has(tp):
            return self.ref(tp)
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin in (typing.Union, types.UnionType):
            return self.union(args)
        if origin is typing.Literal:
            values = [a.value if isinstance(a, enum.Enum) else a for a in args]
            literal: dict[str, Any] = {"enum": values}
            if all(type(v) is str for v in values):
                literal = {"type": "string", **literal}
            return literal
        if origin is not None and isinstance(origin, type) and attrs.has(origin):
            return self.ref(origin)  # a generic model such as ``MonteCarloResult[int]``
        base = origin if origin is not None else tp
        if base is tuple:
            if not args:
                return {"type": "array"}
            if len(args) == 2 and args[1] is Ellipsis:
                return {"type": "array", "items": self.type(args[0])}
            if args == ((),):
                return {"type": "array", "maxItems": 0}
            return {
                "type": "array",
                "prefixItems": [self.type(a) for a in args],
                "items": False,
                "minItems": len(args),
            }
        if base in _SETS:
            return {"type": "array", "items": self.type(args[0]) if args else {}, "uniqueItems": True}
        if base in _SEQUENCES:
            return {"type": "array", "items": self.type(args[0]) if args else {}}
        if base in _MAPPINGS:
            key, value = args if len(args) == 2 else (Any, Any)
            mapping: dict[str, Any] = {"type": "object", "additionalProperties": self.type(value)}
            if isinstance(key, type) and issubclass(key, enum.Enum):
                mapping["propertyNames"] = self.ref(key)
            return mapping
        # A type the converter handles with a hook of its own: say nothing rather than be wrong.
        return {}


@checked
def json_schema(cls: type) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the documents written for a public model.

    Every ``serialization.unstructure(obj)`` of an instance of *cls* satisfies the
    schema, and the schema refuses what :func:`~servicegov.serialization.structure`
    refuses wherever a schema can say so: wrong types, unknown enum values,
    missing required keys, unknown keys (``additionalProperties: false``), a
    string where an array belongs.  Nested models are ``$defs`` referenced with
    ``$ref`` (the model itself is ``#``, so recursive models work), enums carry
    their bilingual labels in their ``description``, and tagged unions are
    ``oneOf`` their variants with the tag as a ``const``.  Cross-field rules
    (a resolution after the collection, a valid division code) stay with
    :func:`~servicegov.serialization.structure`.

    The result is a fresh, JSON-ready ``dict``.

    Args:
        cls: a public model: an attrs class named in the ``__all__`` of a public
            servicegov module.

    Raises:
        InvalidValue: when *cls* is not a public model.

    Examples:
        >>> from servicegov.needs import Need
        >>> schema = json_schema(Need)
        >>> schema["$schema"], schema["title"], schema["additionalProperties"]
        ('https://json-schema.org/draft/2020-12/schema', 'Need', False)
        >>> schema["properties"]["households"]
        {'type': 'array', 'items': {'type': 'string'}}
        >>> schema["$defs"]["NeedKind"]["enum"]
        ['development', 'livelihood', 'emotional']
        >>> json_schema(dict)
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'cls' must be a public servicegov model
        (an attrs class in a public module's __all__) (got <class 'dict'>)
    """
    if cls not in _public_models():
        raise InvalidValue.for_field(
            "cls", cls, "a public servicegov model (an attrs class in a public module's __all__)"
        )
    builder = _Builder(cls)
    body = builder.model(cls)
    schema: dict[str, Any] = {"$schema": DIALECT, **body}
    if builder.defs:
        schema["$defs"] = dict(sorted(builder.defs.items()))
    return schema
