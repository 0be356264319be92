"""Needs, documents and problems shared by the tests of `servicegov.serialization`."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from servicegov import serialization
from servicegov.errors import ServicegovError, StructureError
from servicegov.needs import Group, Need, NeedKind, Scope
from servicegov.serialization import from_document, structure, unstructure

NEED = Need(
    id="N1",
    village="420117101201",
    kind=NeedKind.LIVELIHOOD,
    category="infrastructure",
    scope=Scope.COMMON,
    households=("h2", "h1"),
    groups={Group.LEFT_BEHIND_ELDER, Group.GENERAL},
    good="street-lamps",
    collected=dt.date(2025, 3, 1),
)
DATA: dict[str, Any] = unstructure(NEED)


def problem(data: Any, cls: type) -> StructureError:
    with pytest.raises(StructureError) as info:
        structure(data, cls)
    assert isinstance(info.value, ServicegovError)
    assert isinstance(info.value, ValueError)
    return info.value


def problem_reading(doc: Any, cls: type) -> StructureError:
    with pytest.raises(StructureError) as info:
        from_document(doc, cls)
    return info.value


# Letters only: a run of digits or a name in a message would be masked as personal data.
WORDS = st.text(st.sampled_from("abcxyz-"), min_size=1, max_size=8)


def problems(data: Any, cls: Any, converter: Any) -> tuple[str, ...]:
    with pytest.raises(StructureError) as info:
        structure(data, cls, converter=converter)
    return info.value.problems


Doc = dict[str, Any]

# Some strategies run the pipeline or a district's year: few examples per model.
_FEW = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _validator(schema: Doc) -> Draft202012Validator:
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _document(obj: object) -> Any:
    # The document as JSON carries it: a fixed-size tuple (a pair, a triple) is
    # unstructured as a Python tuple, which JSON writes, and reads back, as an array.
    return json.loads(json.dumps(serialization.unstructure(obj)))


def _refused(schema: Doc, data: Any, cls: type) -> None:
    """Both the schema and ``structure`` refuse *data*."""
    errors = list(_validator(schema).iter_errors(data))
    assert errors, f"the schema accepted {data!r}"
    with pytest.raises(StructureError):
        serialization.structure(data, cls)


def _set(path: str, value: Any) -> Callable[[Doc], Doc]:
    """A mutation setting ``a.b.0.c`` (keys and list indices) to *value*."""

    def mutate(data: Doc) -> Doc:
        out = copy.deepcopy(data)
        *head, last = path.split(".")
        node: Any = out
        for part in head:
            node = node[int(part)] if isinstance(node, list) else node[part]
        node[int(last) if isinstance(node, list) else last] = value
        return out

    return mutate


def _drop(path: str) -> Callable[[Doc], Doc]:
    def mutate(data: Doc) -> Doc:
        out = copy.deepcopy(data)
        *head, last = path.split(".")
        node: Any = out
        for part in head:
            node = node[int(part)] if isinstance(node, list) else node[part]
        del node[last]
        return out

    return mutate
