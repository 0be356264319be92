"""Properties of `servicegov.serialization`: keys named in errors, document schemas and types, round trips."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from servicegov import strategies
from servicegov.needs import Need, NeedKind
from servicegov.org import Organisation
from servicegov.serialization import SCHEMA_VERSION, from_document, structure, to_document, unstructure

from ..unit.serialization_cases import DATA, problem, problem_reading


class TestBadData:
    """Every problem names the path of the bad field."""

    @given(st.text(st.sampled_from("ab .[]'\"\\$"), max_size=12))
    def test_a_value_in_a_mapping_is_named_by_its_key_not_by_a_field(self, key: str) -> None:
        # At the top level there is no field to name, whatever dots or brackets the key holds.
        err = problem({key: "wish"}, dict[str, NeedKind])

        assert (f"must be one of 'development', 'livelihood', 'emotional' (got 'wish') @ $[{key!r}]",) == (
            err.problems
        )
        assert f"$[{key!r}]" == err.field


SCHEMAS = st.text(st.sampled_from("servicegov/12 x"), max_size=14).filter(lambda s: s != SCHEMA_VERSION)
NAMES = st.text(st.sampled_from("NeedCategoryx"), max_size=10).filter(lambda s: s != "Need")


class TestDocuments:
    """A document is an object with exactly a schema, a type and the data; each is checked."""

    @given(SCHEMAS)
    def test_another_schema_is_refused_naming_the_one_allowed_and_the_one_given(self, schema: str) -> None:
        err = problem_reading({"schema": schema, "type": "Need", "data": DATA}, Need)

        assert (f"schema must be 'servicegov/1' (got {schema!r}) @ $.schema",) == err.problems

    @given(NAMES)
    def test_another_type_is_refused_naming_the_one_allowed_and_the_one_given(self, name: str) -> None:
        err = problem_reading({"schema": SCHEMA_VERSION, "type": name, "data": DATA}, Need)

        assert (f"type must be 'Need' (got {name!r}) @ $.type",) == err.problems


class TestRoundTrips:
    @given(strategies.needs())
    def test_every_need_round_trips_as_a_document(self, need: Need) -> None:
        doc = json.loads(json.dumps(to_document(need)))

        assert need == from_document(doc, Need)

    @given(strategies.organisations())
    def test_unstructuring_is_stable(self, org: Organisation) -> None:
        data = unstructure(org)

        assert json.dumps(data, sort_keys=True) == json.dumps(
            unstructure(structure(data, Organisation)), sort_keys=True
        )
