"""Strict reading at the JSON boundary: no coercion of strings, objects, date-times or NaN."""

from __future__ import annotations

import math

import pytest

from servicegov import divisions, serialization
from servicegov.errors import StructureError
from servicegov.needs import Need
from servicegov.org import Organisation
from servicegov.scoring import ScoringRule

from .strict_reading_cases import DOC, NEED


@pytest.mark.parametrize("field", ["households", "groups"])
def test_an_object_where_a_list_belongs_is_refused(field: str) -> None:
    with pytest.raises(StructureError, match=rf"expected an array \(got an object\) @ \$\.{field}"):
        serialization.structure(dict(DOC, **{field: {"general": 1}}), Need)


@pytest.mark.parametrize("value", ["2025-03-01T23:30:00-12:00", "2025-03-01 08:00", "2025-03-01T00:00"])
def test_a_date_time_where_a_date_belongs_is_refused(value: str) -> None:
    with pytest.raises(StructureError, match=r"not a date-time .* @ \$\.collected"):
        serialization.structure(dict(DOC, collected=value), Need)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_a_non_finite_number_is_refused(value: float) -> None:
    with pytest.raises(StructureError, match=r"expected a finite number .* @ \$\.cost"):
        serialization.structure(dict(DOC, cost=value), Need)
    rule = serialization.unstructure(ScoringRule(effective_from=NEED.collected))
    with pytest.raises(StructureError, match="completion_weight"):
        serialization.structure(dict(rule, completion_weight=value), ScoringRule)


def test_a_deeply_nested_document_is_one_clear_error() -> None:
    deep: list[object] = []
    inner = deep
    for _ in range(10_000):
        nxt: list[object] = []
        inner.append(nxt)
        inner = nxt

    with pytest.raises(StructureError, match="nests deeper than 200 levels @ \\$"):
        serialization.structure(dict(DOC, households=deep), Need)
    with pytest.raises(StructureError):
        serialization.structure({"units": deep, "members": [], "backstop": "D"}, Organisation)


def test_a_valid_document_still_reads_back() -> None:
    assert NEED == serialization.structure(DOC, Need)


def test_rejected_division_codes_are_not_kept_in_the_cache() -> None:
    junk = "4" * 300_000
    assert not divisions.is_valid_code(junk)
    assert divisions.is_valid_code("420117000000")
    cached = divisions._level_of_digits.cache_info().currsize
    assert not divisions.is_valid_code("x" * 12)
    assert cached == divisions._level_of_digits.cache_info().currsize
