"""The JSON boundary: every public model to and from JSON-ready data.

Dates are ISO 8601 strings, enums their string values, sets sorted lists,
tuples lists.  Structuring is strict: unknown keys are rejected, an ``int`` is
not accepted where a ``str`` is expected, and every problem is reported with the
path of the bad field.  Documents carry a schema version.

Examples:
    >>> import datetime as dt
    >>> from servicegov import serialization
    >>> from servicegov.needs import Need, NeedKind, Scope
    >>> need = Need(id="N1", village="420117101201", kind=NeedKind.LIVELIHOOD,
    ...             category="infrastructure", scope=Scope.COMMON, households=("h1", "h2"),
    ...             good="street-lamps", collected=dt.date(2025, 3, 1))
    >>> data = serialization.unstructure(need)
    >>> data["kind"], data["collected"], data["groups"]
    ('livelihood', '2025-03-01', ['general'])
    >>> serialization.structure(data, Need) == need
    True
    >>> serialization.structure(dict(data, kind="wish"), Need)
    Traceback (most recent call last):
        ...
    servicegov.errors.StructureError: invalid data: 'kind' must be one of 'development', 'livelihood',
    'emotional' (got 'wish') @ $.kind
"""

from __future__ import annotations

import datetime as dt
import enum
import numbers
import re
import types
import typing
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.v import transform_error
from dateutil import parser as dateparser

from servicegov import _strict as _strict_reading
from servicegov._arguments import checked
from servicegov._schema import json_schema
from servicegov.errors import ServicegovError, StructureError

__all__ = [
    "SCHEMA_VERSION",
    "from_document",
    "json_schema",
    "make_converter",
    "structure",
    "to_document",
    "unstructure",
]


def __dir__() -> list[str]:
    return __all__


SCHEMA_VERSION = "servicegov/1"
"""The version of the wire format; a document with another major version is refused."""

T = TypeVar("T")

# Hooks added through the deprecated ``register_union``, applied after servicegov's own.
_ADDED: list[Callable[[cattrs.Converter], None]] = []


def _register_union(configure: Callable[[cattrs.Converter], None]) -> None:
    """Add a function that configures every converter built from now on (deprecated).

    :func:`make_converter` configures every servicegov union itself; a platform's
    own hooks go on the converter it returns.
    """
    global _CONVERTER
    _ADDED.append(configure)
    _CONVERTER = None


_DEPRECATED = {"register_union": ("make_converter", _register_union)}


def __getattr__(name: str) -> Any:
    # Old names stay importable for one minor release, with a warning (see the
    # compatibility policy in docs/serialization.md).
    if name in _DEPRECATED:
        new, obj = _DEPRECATED[name]
        warnings.warn(
            f"servicegov.serialization.{name} is deprecated; make_converter() configures every "
            f"servicegov union itself: register your own hooks on the converter "
            f"servicegov.serialization.{new}() returns",
            DeprecationWarning, stacklevel=2,
        )
        return obj
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _strict(tp: type, label: str) -> Callable[[Any, Any], Any]:
    def hook(value: Any, _cl: Any) -> Any:
        if type(value) is bool and tp is not bool:
            raise ValueError(f"expected {label} (got {value!r})")
        if tp is float and type(value) in (int, float):
            return float(value)
        if not isinstance(value, tp):
            raise ValueError(f"expected {label} (got {value!r})")
        return value

    return hook


def _structure_enum(value: Any, cl: type[enum.Enum]) -> enum.Enum:
    try:
        return cl(value)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in cl)
        raise ValueError(f"must be one of {allowed} (got {value!r})") from None


def _plain_number(value: Any) -> Any:
    if type(value) is float or type(value) is int:
        return value
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return float(value)
    return value


_PLAIN_NUMBERS: tuple[type, ...] = (int, float, bool)


def _is_other_real(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, numbers.Real) and tp not in _PLAIN_NUMBERS


def _is_enum_union(tp: Any) -> bool:
    args = typing.get_args(tp)
    return (
        typing.get_origin(tp) in (typing.Union, types.UnionType)
        and all(isinstance(a, type) and issubclass(a, enum.Enum) for a in args)
    )


def _structure_enum_union(value: Any, cl: Any) -> enum.Enum:
    # The enums of one union have distinct values (an indicator's Source or
    # ReviewChannel), so the value alone says which enum it belongs to.
    for member_type in typing.get_args(cl):
        try:
            return member_type(value)  # type: ignore[no-any-return]
        except ValueError:
            continue
    allowed = ", ".join(repr(m.value) for member_type in typing.get_args(cl) for m in member_type)
    raise ValueError(f"must be one of {allowed} (got {value!r})")


def _structure_date(value: Any, _cl: Any) -> dt.date:
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO 8601 date string (got {value!r})")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"expected an ISO 8601 date such as '2025-03-01' (got {value!r})") from None


def _structure_datetime(value: Any, _cl: Any) -> dt.datetime:
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO 8601 date-time string (got {value!r})")
    try:
        return dateparser.isoparse(value)
    except ValueError:
        raise ValueError(f"expected an ISO 8601 date-time (got {value!r})") from None


@checked
def make_converter(*, forbid_extra_keys: bool = True) -> cattrs.Converter:
    """A fresh converter configured for servicegov's wire format.

    Everything the format needs is configured here, in one place and in this
    order: dates, enums, sets and strict scalars; models (read from objects only,
    fields marked off the wire left out); strict arrays and numbers; then every
    tagged union and every field a model writes its own way.  The converter is
    the same whichever servicegov modules were imported before; add a
    platform's own hooks to the converter it returns.

    Args:
        forbid_extra_keys: reject unknown keys (the default), naming them.

    Examples:
        >>> c = make_converter()
        >>> import datetime as dt
        >>> c.unstructure(dt.date(2025, 1, 2))
        '2025-01-02'
        >>> from servicegov import lifecycle
        >>> c.structure({"event": "collected", "need_id": "N1", "on": "2025-03-01"}, lifecycle.Event)
        Collected(need_id='N1', on=datetime.date(2025, 3, 1), actor=None)
    """
    conv = cattrs.Converter(forbid_extra_keys=forbid_extra_keys, detailed_validation=True)
    _configure_values(conv)
    _configure_models(conv, forbid_extra_keys=forbid_extra_keys)
    _strict_reading.configure(conv)
    _configure_unions(conv)
    for configure in _ADDED:
        configure(conv)
    return conv


def _configure_values(conv: cattrs.Converter) -> None:
    """Dates and date-times as ISO 8601, enums as their values, sets as sorted lists, strict scalars."""
    conv.register_unstructure_hook(dt.datetime, lambda d: d.isoformat())
    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    conv.register_structure_hook(dt.datetime, _structure_datetime)
    conv.register_structure_hook(dt.date, _structure_date)
    for tp, label in ((str, "a string"), (int, "an integer"), (float, "a number"), (bool, "true or false")):
        conv.register_structure_hook(tp, _strict(tp, label))
    conv.register_structure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _structure_enum
    )
    conv.register_unstructure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), lambda e: e.value
    )
    conv.register_structure_hook_func(_is_enum_union, _structure_enum_union)
    # A model's number may be any real (a NumPy scalar, a Fraction); the wire
    # holds only JSON's own numbers, so it is written as a plain int or float.
    conv.register_unstructure_hook(float, _plain_number)
    conv.register_unstructure_hook_func(_is_other_real, _plain_number)

    def _unstructure_set(value: frozenset[Any] | set[Any]) -> list[Any]:
        items = [conv.unstructure(v) for v in value]
        return sorted(items, key=repr)

    conv.register_unstructure_hook_func(
        lambda t: t in (frozenset, set)
        or getattr(t, "__origin__", None) in (frozenset, set),
        _unstructure_set,
    )


def _configure_models(conv: cattrs.Converter, *, forbid_extra_keys: bool) -> None:
    """Models read from objects only; fields marked ``metadata={"wire": False}`` left out."""
    # Fields marked ``metadata={"wire": False}`` (e.g. a report's per-need audit
    # trail, built on demand) stay off the wire; structuring gives them their default.
    def _has_local_fields(cl: Any) -> bool:
        return attrs.has(cl) and any(a.metadata.get("wire") is False for a in attrs.fields(cl))

    def _omitted(cl: Any) -> dict[str, Any]:
        return {a.name: override(omit=True) for a in attrs.fields(cl) if a.metadata.get("wire") is False}

    def _omit_local(cl: Any) -> Callable[[Any], Any]:
        return make_dict_unstructure_fn(cl, conv, **_omitted(cl))

    def _is_model(cl: Any) -> bool:
        return attrs.has(typing.get_origin(cl) or cl)

    # A model is read from an object: anything else is refused by its shape before
    # cattrs's generated code would fail on it with Python's own words.
    def _structure_model(cl: Any) -> Callable[[Any, Any], Any]:
        hook: Callable[[Any, Any], Any]
        if _has_local_fields(cl):
            hook = make_dict_structure_fn(cl, conv, _cattrs_forbid_extra_keys=forbid_extra_keys,
                                          **_omitted(cl))
        else:
            hook = conv.gen_structure_attrs_fromdict(cl)
        return _strict_reading.objects_only(hook)

    conv.register_unstructure_hook_factory(_has_local_fields, _omit_local)
    conv.register_structure_hook_factory(_is_model, _structure_model)


def _configure_unions(conv: cattrs.Converter) -> None:
    """Every tagged union, and every field a model writes its own way.

    The wire shape of each sits next to its model, in a private ``_configure``;
    this is the one list of them.  The modules are imported here rather than at
    the top: none of them imports this module.
    """
    from servicegov import lifecycle, routing
    from servicegov.simulation import _experiments, _montecarlo, _panels, _raters

    # A route's result: RoutedTo | Unroutable, tagged under "result".
    routing._configure(conv)
    # Lifecycle events: tagged under "event", in a history and alone.
    lifecycle._configure(conv)
    # A Summary's sd: nan as null; a MonteCarloResult read without its run type.
    _montecarlo._configure(conv)
    # Rater effects: tagged under "effect", in a model and alone.
    _raters._configure(conv)
    # A Stability's tau: nan as null; collusion targets: a count or a list of unit ids.
    _experiments._configure(conv)
    # A RandomShareResult's tau: nan as null, element by element.
    _panels._configure(conv)


_CONVERTER: cattrs.Converter | None = None


def _converter() -> cattrs.Converter:
    global _CONVERTER
    if _CONVERTER is None:
        _CONVERTER = make_converter()
    return _CONVERTER


def _describe(exc: BaseException, _type: Any) -> str:
    if isinstance(exc, ServicegovError):
        return str(exc)
    if isinstance(exc, ForbiddenExtraKeysError):
        return f"unknown keys {sorted(exc.extra_fields)} (allowed: the model's fields)"
    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(exc, ValueError | TypeError):
        return str(exc)
    return f"invalid value ({exc})"


_FIELD = re.compile(r"^'([A-Za-z_][\w\[\].]*)' ")
# A path read step by step, a key as the literal it is written as (it may hold
# dots and brackets), so ``field`` is the last field named: ``$.units[1].tier``
# names ``tier``, ``$.groups[0]`` ``groups``; a top-level ``$`` or ``$['a.b']`` names none.
_PATH = re.compile(
    r"\$(?:\.(?P<field>[A-Za-z_]\w*)"
    r"|\[(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|[^\]]*)\])*"
)


def _labelled(msg: str) -> str:
    """Give every message the house shape ``'<field>' must be ... (got ...) @ $.path``."""
    text, _, path = msg.rpartition(" @ ")
    if not text:
        return msg
    steps = _PATH.fullmatch(path)
    if text.startswith("must be ") and steps and steps["field"]:
        return f"'{steps['field']}' {text} @ {path}"
    m = _FIELD.match(text)
    if m and not path.endswith("." + m.group(1)):
        # A model's own validator named the field; the converter only knew the object.
        path = f"{path}.{m.group(1)}"
    return f"{text} @ {path}"


@checked
def structure(data: Any, cls: type[T], *, converter: cattrs.Converter | None = None) -> T:
    """Build a *cls* from JSON-ready *data*.

    Raises:
        StructureError: listing every problem as ``"<problem> @ $.path"``.
    """
    conv = converter or _converter()
    if _strict_reading.depth(data) > _strict_reading.MAX_DEPTH:
        raise StructureError([f"the document nests deeper than {_strict_reading.MAX_DEPTH} levels @ $"])
    try:
        return conv.structure(data, cls)
    except (ClassValidationError, IterableValidationError) as exc:
        problems = [_labelled(m) for m in transform_error(exc, format_exception=_describe)]
        first = problems[0].rsplit(" @ ", 1)[-1] if problems else None
        raise StructureError(problems, field=first) from exc
    except ServicegovError as exc:
        raise StructureError([_labelled(f"{exc} @ $")], field=exc.field) from exc
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise StructureError([f"{_describe(exc, cls)} @ $"]) from exc


@checked
def unstructure(obj: Any, *, converter: cattrs.Converter | None = None) -> Any:
    """Turn a model (or a container of models) into JSON-ready data."""
    return (converter or _converter()).unstructure(obj)


@checked
def to_document(obj: Any) -> dict[str, Any]:
    """Wrap a model in a versioned document: ``{"schema", "type", "data"}``.

    Examples:
        >>> from servicegov.needs import Category, NeedKind
        >>> doc = to_document(Category(code="c", name_zh="类", name_en="cat", kind=NeedKind.EMOTIONAL))
        >>> doc["schema"], doc["type"]
        ('servicegov/1', 'Category')
    """
    return {"schema": SCHEMA_VERSION, "type": type(obj).__name__, "data": unstructure(obj)}


# Documents written before a rename name the type by its old name; they still
# read as the renamed type for as long as the old name is importable.
_FORMER_NAMES = {
    "servicegov.routing.RoutedTo": "Routed",
    "servicegov.routing.EscalationReason": "Why",
    "servicegov.needs.CollectionChannel": "Channel",
    "servicegov.projects.ProjectStage": "Stage",
    "servicegov.projects.SelectionReason": "Reason",
    "servicegov.lifecycle.RecordStatus": "Status",
}


@checked
def from_document(doc: Any, cls: type[T]) -> T:
    """Read a document written by :func:`to_document`, checking schema and type.

    Raises:
        StructureError: when the schema or the type does not match, or the data is bad.
    """
    if not isinstance(doc, dict) or set(doc) != {"schema", "type", "data"}:
        raise StructureError(["a document must have exactly 'schema', 'type' and 'data' @ $"])
    if doc["schema"] != SCHEMA_VERSION:
        raise StructureError([f"schema must be {SCHEMA_VERSION!r} (got {doc['schema']!r}) @ $.schema"])
    former = _FORMER_NAMES.get(f"{cls.__module__}.{cls.__qualname__}")
    if doc["type"] != cls.__name__ and doc["type"] != former:
        raise StructureError([f"type must be {cls.__name__!r} (got {doc['type']!r}) @ $.type"])
    return structure(doc["data"], cls)
