"""The JSON boundary: strict structuring, the path of every bad field, versioned documents."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from servicegov import serialization, simulation
from servicegov._strict import MAX_DEPTH
from servicegov.district import District
from servicegov.errors import StructureError
from servicegov.needs import DEFAULT_CATALOGUE, Catalogue, Category, Need, NeedKind
from servicegov.org import Organisation
from servicegov.routing import Route, route
from servicegov.serialization import (
    SCHEMA_VERSION,
    from_document,
    make_converter,
    structure,
    to_document,
    unstructure,
)

from .serialization_cases import DATA, NEED, problem, problem_reading


def org_data() -> dict[str, Any]:
    unit = {"name": "u", "division": "420117000000", "tier": "district"}
    return {
        "units": [
            dict(unit, id="D"),
            dict(unit, id="T", parent="D", division="420117101000", tier="town"),
            dict(unit, id="V", parent="T", division="420117101201", tier="village"),
        ],
        "members": [{"id": "m1", "home_branch": "T", "division": "420117000000"}],
        "backstop": "D",
    }


class TestWireShape:
    def test_enums_dates_and_sets_become_json_values(self) -> None:
        assert "livelihood" == DATA["kind"]
        assert "2025-03-01" == DATA["collected"]
        assert ["general", "left-behind-elder"] == DATA["groups"]
        assert ["h2", "h1"] == DATA["households"]
        assert NEED == structure(json.loads(json.dumps(DATA)), Need)

    def test_a_document_carries_the_schema_and_the_type(self) -> None:
        doc = to_document(NEED)

        assert {"schema": "servicegov/1", "type": "Need", "data": DATA} == doc
        assert "servicegov/1" == SCHEMA_VERSION
        assert NEED == from_document(json.loads(json.dumps(doc)), Need)

    def test_a_float_field_accepts_an_integer(self) -> None:
        assert 5.0 == structure(dict(DATA, cost=5), Need).cost
        assert float is type(structure(dict(DATA, cost=5), Need).cost)

    def test_a_converter_may_allow_unknown_keys(self) -> None:
        loose = make_converter(forbid_extra_keys=False)

        assert NEED == structure(dict(DATA, extra=1), Need, converter=loose)
        assert make_converter() is not make_converter()


class TestBadData:
    """Every problem names the path of the bad field."""

    def test_an_unknown_enum_value_lists_the_allowed_ones(self) -> None:
        err = problem(dict(DATA, kind="wish"), Need)

        assert (
            "'kind' must be one of 'development', 'livelihood', 'emotional' (got 'wish') @ $.kind",
        ) == err.problems
        assert "$.kind" == err.field

    def test_an_urgency_of_nine_is_out_of_range(self) -> None:
        with pytest.raises(
            StructureError, match=r"'urgency' must be an integer from 1 to 5 \(got 9\) @ \$\.urgency"
        ):
            structure(dict(DATA, urgency=9), Need)

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("urgency", "3", r"expected an integer \(got '3'\) @ \$\.urgency"),
            ("urgency", True, r"expected an integer \(got True\) @ \$\.urgency"),
            ("cost", "100", r"expected a number \(got '100'\) @ \$\.cost"),
            ("id", 7, r"expected a string \(got 7\) @ \$\.id"),
            ("policy_allows", "yes", r"expected true or false \(got 'yes'\) @ \$\.policy_allows"),
            ("collected", "2025-13-01", r"expected an ISO 8601 date such as '2025-03-01' .* @ \$\.collected"),
            ("collected", 20250301, r"expected an ISO 8601 date string .* @ \$\.collected"),
        ],
    )
    def test_wrong_json_types_are_refused(self, field: str, value: object, message: str) -> None:
        with pytest.raises(StructureError, match=message):
            structure(dict(DATA, **{field: value}), Need)

    def test_unknown_keys_are_refused_by_name(self) -> None:
        with pytest.raises(StructureError, match=r"unknown keys \['colour'\] .* @ \$"):
            structure(dict(DATA, colour="red"), Need)

    def test_a_missing_field_is_named(self) -> None:
        data = {k: v for k, v in DATA.items() if k != "village"}
        with pytest.raises(StructureError, match=r"required field missing @ \$\.village"):
            structure(data, Need)

    def test_a_bad_recurrence_rule_is_refused(self) -> None:
        with pytest.raises(
            StructureError, match=r"'recurrence' must be an RFC 5545 RRULE .* @ \$\.recurrence"
        ):
            structure(dict(DATA, recurrence="every friday"), Need)

    def test_an_id_card_number_as_a_household_id_is_refused(self) -> None:
        with pytest.raises(StructureError, match=r"not an ID-card number .* @ \$\.households\[1\]"):
            structure(dict(DATA, households=["h1", "42011719800101123X"]), Need)

    def test_a_bad_group_names_its_index(self) -> None:
        with pytest.raises(
            StructureError, match=r"'groups' must be one of .* \(got 'rich'\) @ \$\.groups\[0\]"
        ):
            structure(dict(DATA, groups=["rich"]), Need)

    def test_a_malformed_division_code_is_refused(self) -> None:
        with pytest.raises(
            StructureError, match=r"'village' must be a 12-digit division code .* @ \$\.village"
        ):
            structure(dict(DATA, village="4201"), Need)

    def test_several_problems_are_all_reported(self) -> None:
        err = problem(dict(DATA, kind="wish", urgency="3"), Need)

        assert 2 == len(err.problems)

    def test_a_nested_problem_names_the_whole_path(self) -> None:
        data = org_data()
        data["units"][1]["tier"] = "county"
        with pytest.raises(StructureError, match=r"'tier' must be one of .* @ \$\.units\[1\]\.tier"):
            structure(data, Organisation)

    def test_duplicate_unit_ids_in_an_organisation_are_refused(self) -> None:
        data = org_data()
        data["units"][1]["id"] = "D"
        with pytest.raises(StructureError, match=r"'units\[1\]\.id' must be unique \(got 'D'\)"):
            structure(data, Organisation)

    def test_a_member_of_a_branch_that_does_not_exist_is_refused(self) -> None:
        data = org_data()
        data["members"][0]["home_branch"] = "V9"
        with pytest.raises(StructureError, match=r"'members\[0\]\.home_branch' must be a unit id"):
            structure(data, Organisation)

    def test_an_unknown_category_in_a_catalogue_item_is_refused(self) -> None:
        data = {
            "categories": [
                unstructure(Category(code="c", name_zh="类", name_en="c", kind=NeedKind.EMOTIONAL))
            ],
            "items": [{"code": "P1", "category": "x", "name_zh": "项目"}],
        }
        with pytest.raises(StructureError, match=r"'items\[0\]\.category' must be a code of the catalogue"):
            structure(data, Catalogue)

    def test_a_district_need_in_an_unknown_category_is_refused(self) -> None:
        district = District(
            name="d",
            division="420117000000",
            organisation=structure(org_data(), Organisation),
            needs=(NEED,),
            as_of=dt.date(2025, 4, 30),
        )
        data = unstructure(district)
        data["needs"][0]["category"] = "nowhere"
        with pytest.raises(StructureError, match=r"'needs\[0\]\.category' must be a code of the catalogue"):
            structure(data, District)
        data["needs"][0]["category"] = "infrastructure"
        data["needs"].append(data["needs"][0])
        with pytest.raises(StructureError, match=r"'needs\[1\]\.id' must be unique"):
            structure(data, District)

    @pytest.mark.parametrize(
        ("doc", "message"),
        [
            ({"schema": "servicegov/2", "type": "Need", "data": DATA}, r"schema must be 'servicegov/1'"),
            ({"schema": "servicegov/1", "type": "Category", "data": DATA}, r"type must be 'Need'"),
            ({"schema": "servicegov/1", "data": DATA}, r"exactly 'schema', 'type' and 'data'"),
            ([], r"exactly 'schema', 'type' and 'data'"),
        ],
    )
    def test_a_document_of_another_version_or_type_is_refused(self, doc: Any, message: str) -> None:
        with pytest.raises(StructureError, match=message):
            from_document(doc, Need)

    def test_not_an_object_at_all_is_refused(self) -> None:
        assert ("expected an object (got a string) @ $",) == problem("N1", Need).problems

    def test_a_field_named_by_its_own_check_is_not_named_twice_in_the_path(self) -> None:
        err = problem(dict(DATA, village="4201"), Need)

        assert ("'village' must be a 12-digit division code (got '4201') @ $.village",) == err.problems
        assert "$.village" == err.field

    def test_a_tag_under_a_field_of_its_own_name_is_not_named_twice(self) -> None:
        # A route's "result" field holds an object tagged "result": the message names the tag.
        district = simulation.generate("small", seed=0)
        routed = route(
            district.needs[0], district.organisation, as_of=dt.date(2025, 4, 1), calendar=district.calendar
        )
        data = unstructure(routed)
        data["result"] = dict(data["result"], result="lost")

        assert (
            "'result' must be one of 'routed', 'unroutable' (got 'lost') @ $.result",
        ) == problem(data, Route).problems

    def test_a_value_that_looks_like_a_path_does_not_change_the_field(self) -> None:
        bad = "x @ $.village["

        in_model = problem(dict(DATA, kind=bad), Need)
        in_mapping = problem({"a": bad}, dict[str, NeedKind])

        assert (
            f"'kind' must be one of 'development', 'livelihood', 'emotional' (got {bad!r}) @ $.kind",
        ) == in_model.problems
        assert "$.kind" == in_model.field
        assert (
            f"must be one of 'development', 'livelihood', 'emotional' (got {bad!r}) @ $['a']",
        ) == in_mapping.problems
        assert "$['a']" == in_mapping.field

    def test_the_field_of_several_problems_is_the_path_of_the_first(self) -> None:
        err = problem(dict(DATA, urgency="3", cost="100"), Need)

        assert 2 == len(err.problems)
        assert err.problems[0].endswith(f" @ {err.field}")
        assert {"$.urgency", "$.cost"} == {p.rsplit(" @ ", 1)[1] for p in err.problems}


def nested(levels: int) -> Any:
    """A string *levels* arrays deep."""
    value: Any = "x"
    for _ in range(levels):
        value = [value]
    return value


class TestDepth:
    """A document may nest ``MAX_DEPTH`` levels; one level more is refused as a whole."""

    def test_a_value_as_deep_as_the_limit_is_read(self) -> None:
        data = {"a": nested(MAX_DEPTH - 1)}

        assert data == structure(data, dict[str, Any])

    def test_a_value_one_level_deeper_is_refused_naming_the_limit(self) -> None:
        err = problem({"a": nested(MAX_DEPTH)}, dict[str, Any])

        assert (f"the document nests deeper than {MAX_DEPTH} levels @ $",) == err.problems


class TestDocuments:
    """A document is an object with exactly a schema, a type and the data; each is checked."""

    @pytest.mark.parametrize(
        "doc",
        [
            ["schema", "type", "data"],
            ("schema", "type", "data"),
            {"schema": SCHEMA_VERSION, "type": "Need"},
            {"schema": SCHEMA_VERSION, "type": "Need", "data": DATA, "extra": 1},
            "schema",
            None,
        ],
    )
    def test_anything_but_an_object_of_the_three_keys_is_refused_naming_them(self, doc: Any) -> None:
        err = problem_reading(doc, Need)

        assert ("a document must have exactly 'schema', 'type' and 'data' @ $",) == err.problems

    def test_the_data_is_read_as_the_type_named(self) -> None:
        category = Category(code="c", name_zh="类", name_en="c", kind=NeedKind.EMOTIONAL)
        doc = to_document(category)

        assert {"schema": SCHEMA_VERSION, "type": "Category", "data": unstructure(category)} == doc
        assert category == from_document(doc, Category)
        bad = dict(doc, data=dict(doc["data"], kind="wish"))
        assert (
            "'kind' must be one of 'development', 'livelihood', 'emotional' (got 'wish') @ $.kind",
        ) == problem_reading(bad, Category).problems


class TestRoundTrips:
    def test_the_default_catalogue_round_trips(self) -> None:
        assert DEFAULT_CATALOGUE == structure(
            json.loads(json.dumps(unstructure(DEFAULT_CATALOGUE))), Catalogue
        )

    def test_serialization_exports_its_public_names(self) -> None:
        assert sorted(serialization.__all__) == serialization.__all__


class TestTheConverterIsConfiguredInOnePlace:
    """``make_converter`` configures every union itself; no domain module registers one."""

    def test_a_fresh_converter_knows_every_tagged_union(self) -> None:
        from servicegov.lifecycle import Collected, Event
        from servicegov.routing import RoutedTo, Unroutable, UnroutableReason
        from servicegov.simulation import Noise, RaterModel

        conv = make_converter()
        # Unions are not classes: mypy cannot read them as ``type[T]``.
        event_union: Any = Event
        result_union: Any = RoutedTo | Unroutable
        event = {"event": "collected", "need_id": "N1", "on": "2025-03-01", "actor": None}
        unroutable = {"reason": "no-unit", "detail": "", "result": "unroutable"}

        assert Collected(need_id="N1", on=dt.date(2025, 3, 1)) == conv.structure(event, event_union)
        assert event == conv.unstructure(Collected(need_id="N1", on=dt.date(2025, 3, 1)))
        assert Unroutable(reason=UnroutableReason.NO_UNIT) == conv.structure(unroutable, result_union)
        model = RaterModel(effects=[Noise(sd=5.0)])
        assert "noise" == conv.unstructure(model)["effects"][0]["effect"]
        assert model == conv.structure(conv.unstructure(model), RaterModel)

    def test_no_domain_module_imports_serialization(self) -> None:
        import ast
        import pathlib

        import servicegov

        root = pathlib.Path(servicegov.__file__).parent
        boundary = {"serialization.py", "_schema.py", "cli.py", "cli", "__main__.py"}
        importers = []
        for path in sorted(root.rglob("*.py")):
            if boundary & set(path.relative_to(root).parts):
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = (
                    [f"{node.module}.{a.name}" for a in node.names]
                    if isinstance(node, ast.ImportFrom)
                    else [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else []
                )
                if any(n.startswith("servicegov.serialization") for n in names):
                    importers.append(str(path.relative_to(root)))

        assert [] == importers

    def test_register_union_is_deprecated_but_still_configures_new_converters(self) -> None:
        seen: list[Any] = []

        with pytest.deprecated_call(match="register_union is deprecated; make_converter"):
            register_union = serialization.register_union
        register_union(seen.append)
        try:
            conv = make_converter()
            assert [conv] == seen
            assert NEED == structure(DATA, Need)
            assert [conv, serialization._converter()] == seen
        finally:
            serialization._ADDED.remove(seen.append)
            serialization._CONVERTER = None
        assert "register_union" not in serialization.__all__
        assert "register_union" not in dir(serialization)
        with pytest.raises(AttributeError, match="has no attribute 'unregister_union'"):
            serialization.unregister_union
