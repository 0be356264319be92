"""What fuzzing the JSON boundary found (``benchmarks/fuzz_boundary.py``), kept fixed.

* Anything but an object where a model, a mapping or a tagged union belongs
  failed inside cattrs's generated code, and the message was Python's own
  (``argument of type 'NoneType' is not iterable``, ``'float' object has no
  attribute 'keys'``, ``unhashable type: 'list'``).
* An integer where a float belongs was rounded without a word: ``10**100``
  was read as ``1e+100``, ``-2**63 - 1`` as ``-9.223372036854776e+18``.
* A wrong shape was named with Python's type names ("got a NoneType").
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from typing import Any

import pytest

from servicegov import pipeline, serialization, simulation
from servicegov.errors import StructureError
from servicegov.needs import Need
from servicegov.org import Organisation
from servicegov.pipeline import Report
from servicegov.routing import Route, route
from servicegov.scoring import ChannelScore
from servicegov.simulation import RandomShareResult, Stability, Summary

DISTRICT = simulation.generate("small", seed=0)
NEED = serialization.unstructure(DISTRICT.needs[0])
ORG = serialization.unstructure(DISTRICT.organisation)
ROUTE = serialization.unstructure(
    route(DISTRICT.needs[30], DISTRICT.organisation, as_of=dt.date(2025, 4, 1), calendar=DISTRICT.calendar)
)
NOT_OBJECTS: list[tuple[object, str]] = [
    (None, "null"),
    (5, "an integer"),
    (2.5, "a number"),
    (True, "a boolean"),
    ("x", "a string"),
    ([{}], "an array"),
]
INTERNALS = ("NoneType", "not iterable", "has no attribute", "unhashable", "argument of type")


@functools.cache
def _report() -> dict[str, Any]:
    doc: dict[str, Any] = serialization.unstructure(pipeline.run(DISTRICT))
    return doc


def _refused(data: object, cls: type) -> StructureError:
    with pytest.raises(StructureError) as info:
        serialization.structure(data, cls)
    text = str(info.value)
    assert not [w for w in INTERNALS if w in text], text
    return info.value


@pytest.mark.parametrize(("value", "shape"), NOT_OBJECTS)
@pytest.mark.parametrize("cls", [Need, ChannelScore, Route, Summary, Stability, RandomShareResult])
def test_a_model_read_from_anything_but_an_object_is_refused_by_its_shape(
    cls: type, value: object, shape: str
) -> None:
    error = _refused(value, cls)

    assert (f"expected an object (got {shape}) @ $",) == error.problems


@pytest.mark.parametrize(("value", "shape"), NOT_OBJECTS)
def test_a_nested_model_that_is_not_an_object_is_refused_at_its_path(value: object, shape: str) -> None:
    units = [value, *ORG["units"][1:]]

    error = _refused(dict(ORG, units=units), Organisation)

    assert f"expected an object (got {shape}) @ $.units[0]" in error.problems


@pytest.mark.parametrize(("value", "shape"), NOT_OBJECTS)
@pytest.mark.parametrize("field", ["ballots", "outcomes", "grades_by_tier"])
def test_a_mapping_that_is_not_an_object_is_refused_every_time(field: str, value: object, shape: str) -> None:
    converter = serialization.make_converter()
    good = _report()
    assert serialization.structure(good, Report, converter=converter) == serialization.structure(good, Report)

    # cattrs files the hook it generates for a mapping type as that type's own;
    # the second reading must still meet the check.
    for _ in range(2):
        with pytest.raises(StructureError) as info:
            serialization.structure(dict(good, **{field: value}), Report, converter=converter)
        assert (f"expected an object (got {shape}) @ $.{field}",) == info.value.problems


TAGS = "'result' must be one of 'routed', 'unroutable'"


@pytest.mark.parametrize(
    ("result", "problem"),
    [
        (1.5, "expected an object (got a number) @ $.result"),
        (None, "expected an object (got null) @ $.result"),
        ({**ROUTE["result"], "result": ["routed"]}, f"{TAGS} (got ['routed'])"),
        ({**ROUTE["result"], "result": {}}, f"{TAGS} (got {{}})"),
        ({**ROUTE["result"], "result": "lost"}, f"{TAGS} (got 'lost')"),
        ({k: v for k, v in ROUTE["result"].items() if k != "result"}, f"{TAGS} (got None)"),
    ],
)
def test_a_routes_result_names_its_tag_or_its_shape(result: object, problem: str) -> None:
    assert serialization.structure(ROUTE, Route) is not None

    error = _refused(dict(ROUTE, result=result), Route)

    assert problem in str(error)
    assert error.problems[0].endswith("@ $.result")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (10**100, str(10**100)),
        (-(2**63) - 1, str(-(2**63) - 1)),
        (2**53 + 1, str(2**53 + 1)),
        (10**400, "an integer of 1329 bits"),
    ],
)
def test_an_integer_no_float_holds_exactly_is_refused_where_a_float_belongs(value: int, shown: str) -> None:
    error = _refused(dict(NEED, cost=value), Need)

    assert (f"expected a number that a float holds exactly (got {shown}) @ $.cost",) == error.problems


@pytest.mark.parametrize("value", [0, 5, 2**53, 2**63, 10**22])
def test_an_integer_a_float_holds_exactly_is_read_as_that_float(value: int) -> None:
    need = serialization.structure(dict(NEED, cost=value), Need)

    assert float(value) == need.cost
    assert value == serialization.unstructure(need)["cost"]


def test_a_non_finite_number_is_still_refused_after_the_exactness_check() -> None:
    error = _refused(dict(NEED, cost=math.inf), Need)

    assert ("expected a finite number (got inf) @ $.cost",) == error.problems


@pytest.mark.parametrize(
    ("value", "shape"),
    [(None, "null"), (3, "an integer"), (0.5, "a number"), (False, "a boolean"), ({}, "an object")],
)
def test_a_wrong_shape_for_an_array_is_named_in_jsons_words(value: object, shape: str) -> None:
    error = _refused(dict(NEED, households=value), Need)

    assert (f"expected an array (got {shape}) @ $.households",) == error.problems


def test_a_long_run_of_digit_groups_is_read_in_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """No personal number is longer than 22 digits, so no window of groups is widened past that."""
    from servicegov import _privacy

    calls = 0
    kind = _privacy._number_kind

    def counted(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        return kind(*args, **kwargs)

    monkeypatch.setattr(_privacy, "_number_kind", counted)
    groups = 300
    serialization.structure(dict(NEED, households=["9 " * groups]), Need)

    assert 0 < calls <= (_privacy._LONGEST + 1) * groups
