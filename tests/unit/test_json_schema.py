"""``serialization.json_schema``: what ``unstructure`` writes is valid, what ``structure`` refuses is not."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from servicegov import serialization
from servicegov.calendar import Period
from servicegov.errors import InvalidValue
from servicegov.lifecycle import Collected
from servicegov.lifecycle import Routed as RoutedEvent
from servicegov.needs import Need, NeedKind, Scope
from servicegov.org import Organisation
from servicegov.pipeline import Report
from servicegov.routing import Route, RoutedTo
from servicegov.scoring import Commitment, CommitmentItem, Review, revise
from tests.unit.strategies_cases import MODELS, _model_id

from .serialization_cases import _FEW, Doc, _document, _drop, _refused, _set, _validator


class TestEveryPublicModel:
    """Every public model has a schema that every document written for it satisfies."""

    def test_every_public_model_is_covered(self) -> None:
        assert len(MODELS) > 100
        assert {Need, Organisation, Commitment, Review, Route, RoutedTo, Report, Collected} <= set(MODELS)

    @pytest.mark.parametrize("model", MODELS, ids=_model_id)
    def test_the_schema_is_valid_json_schema_and_json_ready(self, model: type) -> None:
        schema = serialization.json_schema(model)

        Draft202012Validator.check_schema(schema)
        assert json.loads(json.dumps(schema)) == schema
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["title"] == model.__name__
        assert schema["type"] == "object"
        assert schema["additionalProperties"] is False
        assert serialization.json_schema(model) == schema

    @pytest.mark.parametrize("model", MODELS, ids=_model_id)
    def test_every_document_unstructure_writes_is_valid(self, model: type) -> None:
        schema = serialization.json_schema(model)
        validator = _validator(schema)
        defaults = {k: p["default"] for k, p in schema["properties"].items() if "default" in p}

        @_FEW
        @given(st.from_type(model))
        def check(obj: object) -> None:
            data = _document(obj)
            errors = [f"{e.message} @ {e.json_path}" for e in validator.iter_errors(data)]
            assert not errors, errors
            # A default, as a form would fill it in, is valid where it stands.
            for key, default in defaults.items():
                assert validator.is_valid(dict(data, **{key: default})), (key, default)

        check()

    @pytest.mark.parametrize("model", MODELS, ids=_model_id)
    def test_a_missing_required_key_or_an_unknown_key_is_refused_by_both(self, model: type) -> None:
        schema = serialization.json_schema(model)

        @settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
        @given(st.from_type(model))
        def check(obj: object) -> None:
            data = _document(obj)
            for key in schema.get("required", []):
                _refused(schema, {k: v for k, v in data.items() if k != key}, model)
            _refused(schema, dict(data, colour="red"), model)

        check()


class TestTheShapeOfASchema:
    def test_need(self) -> None:
        schema = serialization.json_schema(Need)

        assert schema["description"] == "One resident need in the needs repository."
        assert set(schema["required"]) == {
            "id", "village", "kind", "category", "scope", "households", "collected"
        }
        assert schema["properties"]["households"] == {"type": "array", "items": {"type": "string"}}
        assert schema["properties"]["groups"] == {
            "type": "array",
            "items": {"$ref": "#/$defs/Group"},
            "uniqueItems": True,
            "default": ["general"],
        }
        assert schema["properties"]["collected"]["format"] == "date"
        assert schema["properties"]["urgency"] == {"type": "integer", "default": 3}
        assert schema["properties"]["groups"]["default"] == ["general"]
        assert "default" not in schema["properties"]["id"]
        assert schema["properties"]["cost"] == {"type": "number", "default": 0.0}
        assert schema["properties"]["policy_allows"] == {"type": "boolean", "default": True}
        assert schema["properties"]["good"] == {
            "anyOf": [{"type": "string"}, {"type": "null"}],
            "default": None,
        }
        kind = schema["$defs"]["NeedKind"]
        assert kind["type"] == "string"
        assert kind["enum"] == [k.value for k in NeedKind]
        assert NeedKind.LIVELIHOOD.zh in kind["description"]
        assert NeedKind.LIVELIHOOD.en in kind["description"]

    def test_a_recursive_model_refers_to_itself(self) -> None:
        schema = serialization.json_schema(Commitment)

        assert schema["properties"]["previous"] == {
            "anyOf": [{"$ref": "#"}, {"type": "null"}],
            "default": None,
        }
        assert schema["properties"]["items"]["items"] == {"$ref": "#/$defs/CommitmentItem"}

    def test_a_fixed_tuple_is_an_array_of_that_many_items(self) -> None:
        from servicegov.screening import ScreeningRules

        weights = serialization.json_schema(ScreeningRules)["properties"]["weights"]

        assert weights == {
            "type": "array",
            "prefixItems": [{"type": "number"}] * 3,
            "items": False,
            "minItems": 3,
            "default": [0.4, 0.35, 0.25],
        }

    def test_a_tagged_union_is_one_of_its_variants_with_the_tag(self) -> None:
        result = serialization.json_schema(Route)["properties"]["result"]

        assert [v["title"] for v in result["oneOf"]] == ["RoutedTo", "Unroutable"]
        assert [v["properties"]["result"] for v in result["oneOf"]] == [
            {"const": "routed"},
            {"const": "unroutable"},
        ]
        assert all("result" in v["required"] for v in result["oneOf"])

    def test_an_event_carries_its_tag_alone(self) -> None:
        schema = serialization.json_schema(Collected)

        assert schema["properties"]["event"] == {"const": "collected"}
        assert "event" not in schema["required"]  # structure reads an event without its tag too

    def test_fields_off_the_wire_are_not_in_the_schema(self) -> None:
        assert "trail" not in serialization.json_schema(Report)["properties"]

    def test_nan_written_as_null_is_allowed(self) -> None:
        from servicegov.simulation import Stability, Summary

        assert serialization.json_schema(Stability)["properties"]["tau"]["anyOf"][1] == {"type": "null"}
        assert serialization.json_schema(Summary)["properties"]["sd"]["anyOf"][1] == {"type": "null"}

    @pytest.mark.parametrize("cls", [dict, int, Period.year, "Need", CommitmentItem.__init__])
    def test_anything_but_a_public_model_is_refused(self, cls: Any) -> None:
        with pytest.raises(InvalidValue, match="'cls' must be a public servicegov model"):
            serialization.json_schema(cls)

    def test_a_private_attrs_class_is_refused(self) -> None:
        from servicegov._trail import Trail

        with pytest.raises(InvalidValue) as info:
            serialization.json_schema(Trail)
        assert info.value.field == "cls"
        assert "Trail" in str(info.value)


# --------------------------------------------------------------------------- refusals

_D = dt.date(2025, 3, 1)
NEED = Need(id="N1", village="420117101201", kind=NeedKind.LIVELIHOOD, category="infrastructure",
            scope=Scope.COMMON, households=("h1", "h2"), good="street-lamps", collected=_D)


_MUTATIONS: dict[type, dict[str, Callable[[Doc], Doc]]] = {
    Need: {
        "drop a required key": _drop("kind"),
        "add an unknown key": _set("colour", "red"),
        "a string for a list": _set("households", "hh-1"),
        "a string for a set": _set("groups", "general"),
        "a number for a string": _set("village", 420117101201),
        "a string for an integer": _set("urgency", "3"),
        "a boolean for an integer": _set("urgency", True),
        "a string for a boolean": _set("policy_allows", "yes"),
        "an unknown enum value": _set("kind", "wish"),
        "an unknown enum value in a set": _set("groups", ["general", "aliens"]),
        "a non-date for a date": _set("collected", "last tuesday"),
        "a date that does not exist": _set("collected", "2025-02-30"),
        "a date-time for a date": _set("collected", "2025-03-01T10:00:00"),
        "a number for a date": _set("collected", 20250301),
        "null for a required string": _set("id", None),
    },
    Organisation: {
        "drop a required key": _drop("backstop"),
        "drop a nested required key": _drop("units.0.tier"),
        "add an unknown key": _set("colour", "red"),
        "add a nested unknown key": _set("units.0.colour", "red"),
        "a string for a list": _set("units", "u1"),
        "a number for a string": _set("backstop", 7),
        "an unknown enum value": _set("units.0.tier", "galaxy"),
    },
    Review: {
        "drop a required key": _drop("reviewer"),
        "add an unknown key": _set("colour", "red"),
        "a number for a string": _set("reviewee", 7),
        "an unknown enum value": _set("channel", "gossip"),
        "a non-date for a date": _set("on", "yesterday"),
        "a string for a number": _set("score", "good"),
    },
    Route: {
        "drop a required key": _drop("result"),
        "drop the union's tag": _drop("result.result"),
        "an unknown tag": _set("result.result", "lost"),
        "add an unknown key": _set("colour", "red"),
        "add an unknown key to the result": _set("result.colour", "red"),
        "a string for a list": _set("hops", "h1"),
        "a number for a string": _set("need_id", 7),
        "an unknown enum value": _set("result.tier", "galaxy"),
        "a non-date for a date": _set("result.due", "soon"),
    },
    RoutedEvent: {
        "drop a required key": _drop("unit"),
        "add an unknown key": _set("colour", "red"),
        "another event's tag": _set("event", "collected"),
        "a number for a string": _set("need_id", 7),
        "an unknown enum value": _set("tier", "galaxy"),
        "a non-date for a date": _set("due", "2025-13-01"),
    },
}


def _cases() -> list[tuple[type, str]]:
    return [(model, name) for model, muts in _MUTATIONS.items() for name in muts]


class TestRefusedByTheSchemaAndByStructure:
    """A mutated valid document is refused by the schema and by ``structure`` alike."""

    @pytest.mark.parametrize(("model", "mutation"), _cases(), ids=lambda v: getattr(v, "__name__", v))
    def test_a_drawn_document_mutated(self, model: type, mutation: str) -> None:
        schema = serialization.json_schema(model)
        validator = _validator(schema)

        @settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
        @given(st.from_type(model))
        def check(obj: object) -> None:
            data = _document(obj)
            assert validator.is_valid(data)
            try:
                bad = _MUTATIONS[model][mutation](data)
            except (KeyError, IndexError):
                return  # this example has no such field (no unit, an unroutable result)
            _refused(schema, bad, model)

        check()

    def test_the_contract_example(self) -> None:
        schema = serialization.json_schema(Need)
        data = serialization.unstructure(NEED)

        assert _validator(schema).is_valid(data)
        _refused(schema, dict(data, households="hh-1"), Need)

    def test_a_commitment_chain_nested_refusals(self) -> None:
        c1 = Commitment(id="C1", claimant="m1", period=Period.year(2025), fixed_on=dt.date(2025, 1, 10),
                        items=[CommitmentItem(ref="N1", due=dt.date(2025, 6, 30))])
        c2 = revise(c1, on=dt.date(2025, 3, 1),
                    items=[CommitmentItem(ref="N1", target=3, due=dt.date(2025, 9, 30))])
        schema = serialization.json_schema(Commitment)
        data = _document(c2)

        assert _validator(schema).is_valid(data)
        assert data["previous"]["version"] == 1
        for bad in (
            _set("previous.colour", "red")(data),
            _drop("previous.claimant")(data),
            _set("previous.fixed_on", "early")(data),
            _set("previous.items", "N1")(data),
            _set("previous.items.0.target", "three")(data),
            _set("items.0.colour", "red")(data),
            _set("period.start", "2025")(data),
            _set("version", 2.5)(data),
            _set("sharers", "m2")(data),
        ):
            _refused(schema, bad, Commitment)

    def test_a_collected_event_alone(self) -> None:
        schema = serialization.json_schema(Collected)
        data = serialization.unstructure(Collected(need_id="N1", on=_D))

        assert data["event"] == "collected"
        assert _validator(schema).is_valid(data)
        untagged = {k: v for k, v in data.items() if k != "event"}
        assert _validator(schema).is_valid(untagged)
        assert serialization.structure(untagged, Collected) == Collected(need_id="N1", on=_D)
        _refused(schema, dict(data, event="routed"), Collected)
        _refused(schema, dict(data, on="2025-03-01T10:00:00+08:00x"), Collected)
