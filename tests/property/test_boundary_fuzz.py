"""Fuzzing the JSON boundary: a mutated document is refused, or read without a silent change.

For every public model a valid value is drawn and unstructured, then Hypothesis
mutates the document at a path chosen anywhere in it: a value of another JSON
type, a string or an object where an array belongs, NaN or an infinity, a huge
integer or string, arrays or objects nested thousands of levels deep, an
unknown key or a missing one.  ``structure`` must either raise a
``StructureError`` whose message shows none of Python's internals, or build a
value that unstructures to the document it was given (up to JSON's own
equivalences, see :func:`same`); and each call must finish within two seconds.

``benchmarks/fuzz_boundary.py`` runs the same mutations over 100,000 documents.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import time
from typing import Any

import pytest
from dateutil import parser as dateparser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicegov import serialization, simulation
from servicegov.errors import StructureError
from servicegov.needs import Need
from servicegov.org import Organisation
from servicegov.routing import Route
from tests.unit.strategies_cases import MODELS, _model_id

SECONDS = 2.0
INTERNALS = (
    "NoneType",
    "object is not iterable",
    "argument of type",
    "Traceback",
    "is not subscriptable",
    "unhashable type",
    "has no attribute",
)

Path = tuple[str | int, ...]


# -- the oracle ----------------------------------------------------------------------------


def _instant(text: str) -> dt.datetime | None:
    try:
        return dateparser.isoparse(text)
    except (ValueError, OverflowError):
        return None


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=repr)


def same(given: Any, written: Any) -> bool:
    """Whether *written* (what ``structure`` built, unstructured) says what *given* said.

    JSON's own equivalences are allowed and nothing else: ``5`` and ``5.0`` are one
    number (but ``true`` is not ``1``); a key left out may be written with its
    default, but none may be dropped; a set is written sorted and once; an ISO 8601
    string may be written in another ISO form of the same instant.
    """
    if isinstance(given, bool) or isinstance(written, bool):
        return type(given) is type(written) and given == written
    if isinstance(given, int | float) and isinstance(written, int | float):
        if isinstance(given, float) and math.isnan(given):
            return isinstance(written, float) and math.isnan(written)
        return given == written
    if isinstance(given, str) and isinstance(written, str):
        instant = None if given == written else _instant(given)
        return given == written or (instant is not None and instant == _instant(written))
    if isinstance(given, dict) and isinstance(written, dict):
        return all(k in written and same(v, written[k]) for k, v in given.items())
    if isinstance(given, list) and isinstance(written, list):
        if len(given) == len(written) and all(same(a, b) for a, b in zip(given, written, strict=True)):
            return True
        distinct = {_key(v): v for v in given}
        return len(distinct) == len(written) and sorted(distinct) == sorted(_key(v) for v in written)
    return given is None and written is None


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value))


def check(doc: Any, model: type) -> None:
    """``structure(doc, model)`` refuses cleanly or reads *doc* as it is, quickly."""
    refusal: StructureError | None = None
    start = time.perf_counter()
    try:
        value: object = serialization.structure(doc, model)
    except StructureError as exc:
        refusal = exc
    elapsed = time.perf_counter() - start

    if refusal is not None:
        leaked = [w for w in INTERNALS if w in str(refusal)]
        assert not leaked, str(refusal)[:1000]
    else:
        written = _plain(serialization.unstructure(value))
        assert same(doc, written), f"accepted with a change: {_key(written)[:1000]}"
    assert elapsed < SECONDS, f"{elapsed:.2f} s"


class TestTheOracle:
    def test_it_allows_what_json_allows(self) -> None:
        assert same({"a": 5, "s": ["b", "a", "a"]}, {"a": 5.0, "s": ["a", "b"], "default": 1})
        assert same("2025-03-01", "2025-03-01T00:00:00")
        assert same(math.nan, math.nan)

    @pytest.mark.parametrize(
        ("given", "written"),
        [
            (10**100, 1e100),
            (True, 1),
            ({"a": 1, "b": 2}, {"a": 1}),
            (["h1"], ["h", "1"]),
            ("x", "y"),
            ([1, 2], [2, 1, 3]),
            (None, 0),
        ],
    )
    def test_it_catches_a_change(self, given: object, written: object) -> None:
        assert not same(given, written)


# -- the mutations -------------------------------------------------------------------------


def _places(doc: Any) -> tuple[list[Path], list[Path]]:
    """Every path in *doc*, and the paths of its non-empty objects."""
    everywhere: list[Path] = []
    objects: list[Path] = []
    stack: list[tuple[Path, Any]] = [((), doc)]
    while stack:
        path, value = stack.pop()
        everywhere.append(path)
        if isinstance(value, dict):
            if value:
                objects.append(path)
            stack.extend(((*path, k), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend(((*path, i), v) for i, v in enumerate(value))
    return sorted(everywhere, key=repr), sorted(objects, key=repr)


def _get(doc: Any, path: Path) -> Any:
    for step in path:
        doc = doc[step]
    return doc


def _replaced(doc: Any, path: Path, new: Any) -> Any:
    if not path:
        return new
    root: Any = dict(doc) if isinstance(doc, dict) else list(doc)
    inner = root
    for step in path[:-1]:
        inner[step] = dict(inner[step]) if isinstance(inner[step], dict) else list(inner[step])
        inner = inner[step]
    inner[path[-1]] = new
    return root


def _nested(levels: int, arrays: bool) -> Any:
    value: Any = [] if arrays else {}
    for _ in range(levels):
        value = [value] if arrays else {"a": value}
    return value


JSON_TYPES: dict[str, st.SearchStrategy[Any]] = {
    "string": st.text() | st.sampled_from(["", "1", "true", "null", "2025-03-01", "2025-03-01T08:00:00"]),
    "integer": st.integers(-(2**31), 2**31),
    "number": st.floats(allow_nan=False, allow_infinity=False),
    "boolean": st.booleans(),
    "null": st.none(),
    "array": st.lists(st.none() | st.integers() | st.text(max_size=3) | st.just({}), max_size=3),
    "object": st.dictionaries(st.text(max_size=4), st.none() | st.integers(), max_size=2),
}


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    for name, tp in (("integer", int), ("number", float), ("string", str), ("array", list)):
        if isinstance(value, tp):
            return name
    return "object"


@st.composite
def mutated(draw: st.DrawFn, doc: Any) -> Any:
    """*doc* with one mutation at a path Hypothesis chooses."""
    everywhere, objects = _places(doc)
    kind = draw(
        st.sampled_from(
            ["wrong-type", "string-for-array", "object-for-array", "non-finite", "huge-integer",
             "huge-string", "deep-nesting", "unknown-key", "missing-key"]
        )
    )
    new: Any
    if kind in ("unknown-key", "missing-key") and objects:
        path = draw(st.sampled_from(objects))
        changed = dict(_get(doc, path))
        if kind == "unknown-key":
            key = draw(st.sampled_from(["colour", "Id", "", "zz"]) | st.text(max_size=5))
            changed[key] = draw(JSON_TYPES["integer"] | JSON_TYPES["null"])
        else:
            del changed[draw(st.sampled_from(sorted(changed)))]
        return _replaced(doc, path, changed)
    path = draw(st.sampled_from(everywhere))
    old = _get(doc, path)
    if kind == "wrong-type":
        other = draw(st.sampled_from(sorted(set(JSON_TYPES) - {_json_type(old)})))
        new = draw(JSON_TYPES[other])
    elif kind == "string-for-array":
        strings = isinstance(old, list) and all(isinstance(x, str) for x in old)
        new = "".join(old) if strings else draw(st.text(min_size=1, max_size=5))
    elif kind == "object-for-array":
        new = {str(i): v for i, v in enumerate(old)} if isinstance(old, list) else {"0": old}
    elif kind == "non-finite":
        new = draw(st.sampled_from([math.nan, math.inf, -math.inf]))
    elif kind == "huge-integer":
        new = draw(st.sampled_from([2**63, -(2**63) - 1, 10**100]))
    elif kind == "huge-string":
        new = draw(st.sampled_from("x9é张")) * 100_000
    else:
        new = _nested(draw(st.integers(1_000, 3_000)), draw(st.booleans()))
    return _replaced(doc, path, new)


@pytest.mark.parametrize("model", MODELS, ids=_model_id)
@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
@given(data=st.data())
def test_a_mutated_document_is_refused_or_read_unchanged(model: type, data: st.DataObject) -> None:
    doc = _plain(serialization.unstructure(data.draw(st.from_type(model), label="valid")))
    for _ in range(data.draw(st.integers(1, 2), label="mutations")):
        doc = data.draw(mutated(doc), label="mutated")

    check(doc, model)


# -- hand-picked nasty documents -------------------------------------------------------------

_DISTRICT = simulation.generate("small", seed=0)
_NEED = _plain(serialization.unstructure(_DISTRICT.needs[0]))
_ORG = _plain(serialization.unstructure(_DISTRICT.organisation))

NASTY: list[tuple[str, Any]] = [
    ("null", None),
    ("a number", math.nan),
    ("a string", "{}"),
    ("an empty array", []),
    ("an empty object", {}),
    ("arrays 10,000 deep", _nested(10_000, arrays=True)),
    ("objects 10,000 deep", _nested(10_000, arrays=False)),
    ("10,000 unknown keys", {**_NEED, **{f"k{i}": i for i in range(10_000)}}),
    ("an id of a million characters", dict(_NEED, id="n" * 1_000_000)),
    ("100,000 households", dict(_NEED, households=[f"h{i}" for i in range(100_000)])),
    ("a household that is an object", dict(_NEED, households=[{"id": "h1"}])),
    ("every field null", dict.fromkeys(_NEED)),
    ("every unit null", dict(_ORG, units=[None] * len(_ORG["units"]))),
    ("a unit that is deep", dict(_ORG, units=[_nested(5_000, arrays=False)])),
]


@pytest.mark.parametrize("model", [Need, Organisation, Route], ids=lambda m: m.__name__)
@pytest.mark.parametrize(("name", "doc"), NASTY, ids=[n for n, _ in NASTY])
def test_a_nasty_document_is_refused_or_read_unchanged(model: type, name: str, doc: Any) -> None:
    check(doc, model)
