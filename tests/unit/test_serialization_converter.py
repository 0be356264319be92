"""What ``make_converter`` configures: date-times and dates, enums, sets, fields off the wire, objects only.

Each test builds its own converter with ``make_converter()``, so it checks what a
fresh converter is configured to do, not a converter built once and kept.
"""

from __future__ import annotations

import datetime as dt
import warnings
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicegov import serialization
from servicegov.errors import InvalidValue, StructureError
from servicegov.needs import Catalogue, Category, Group, NeedKind, Scope
from servicegov.org import Tier
from servicegov.serialization import make_converter, structure, unstructure

from .serialization_cases import WORDS, problems

# Fixed offsets in whole minutes, as ISO 8601 writes them, and naive date-times.
OFFSETS = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: dt.timezone(dt.timedelta(minutes=m)))
MOMENTS = st.datetimes(timezones=st.none() | OFFSETS)
MEMBERS = st.sampled_from([*NeedKind, *Group, *Scope, *Tier])
CATEGORIES = st.builds(
    Category, code=WORDS, name_zh=st.just("类"), name_en=WORDS, kind=st.sampled_from(NeedKind)
)
# Integers and strings (not booleans: True is 1 in a set).
SCALARS = st.integers(-5, 5) | st.text(st.sampled_from("ab'\"\\ 1"), max_size=3)
# A value where a model belongs, with JSON's word for what it is.
NOT_OBJECTS = st.one_of(
    st.tuples(st.just("null"), st.none()),
    st.tuples(st.just("a boolean"), st.booleans()),
    st.tuples(st.just("an integer"), st.integers()),
    st.tuples(st.just("a number"), st.floats(allow_nan=False)),
    st.tuples(st.just("a string"), WORDS),
    st.tuples(st.just("an array"), st.lists(st.integers(), max_size=3)),
)


class TestScalars:
    @pytest.mark.parametrize(
        ("kind", "label", "values"),
        [
            (str, "a string", [7, 1.5, True, None, ["a"]]),
            (int, "an integer", ["3", 3.0, True, None]),
            (float, "a number", ["100", True, False, None]),
            (bool, "true or false", ["yes", 1, 0, None]),
        ],
    )
    def test_a_value_of_another_json_type_is_refused_with_what_is_allowed(
        self, kind: type, label: str, values: list[Any]
    ) -> None:
        conv = make_converter()

        for value in values:
            assert (f"expected {label} (got {value!r}) @ $",) == problems(value, kind, conv)

    def test_a_value_of_its_own_type_is_kept(self) -> None:
        conv = make_converter()

        @given(
            st.text(max_size=5),
            st.integers(),
            st.booleans(),
            st.floats(allow_nan=False, allow_infinity=False),
        )
        def check(text: str, number: int, flag: bool, real: float) -> None:
            assert text == structure(text, str, converter=conv)
            assert number == structure(number, int, converter=conv)
            assert flag is structure(flag, bool, converter=conv)
            assert real == structure(real, float, converter=conv)

        check()

    def test_an_integer_is_read_as_a_number(self) -> None:
        conv = make_converter()

        @given(st.integers(-(2**53), 2**53))
        def check(number: int) -> None:
            read = structure(number, float, converter=conv)

            assert float is type(read)
            assert float(number) == read

        check()


class TestDateTimes:
    def test_a_date_time_is_written_in_iso_8601_with_its_offset_and_read_back(self) -> None:
        conv = make_converter()

        @given(MOMENTS)
        def check(moment: dt.datetime) -> None:
            text = unstructure(moment, converter=conv)
            back = structure(text, dt.datetime, converter=conv)

            assert moment.isoformat() == text
            assert moment == back
            assert moment.utcoffset() == back.utcoffset()

        check()

    def test_a_date_time_that_is_not_a_string_is_refused_with_its_value(self) -> None:
        conv = make_converter()

        assert ("expected an ISO 8601 date-time string (got 20250301) @ $",) == problems(
            20250301, dt.datetime, conv
        )

    def test_a_malformed_date_time_is_refused_with_its_value(self) -> None:
        conv = make_converter()

        assert ("expected an ISO 8601 date-time (got 'noon on Friday') @ $",) == problems(
            "noon on Friday", dt.datetime, conv
        )


class TestDates:
    def test_a_date_is_written_in_iso_8601_and_read_back(self) -> None:
        conv = make_converter()

        @given(st.dates())
        def check(day: dt.date) -> None:
            text = unstructure(day, converter=conv)

            assert day.isoformat() == text
            assert day == structure(text, dt.date, converter=conv)

        check()

    @pytest.mark.parametrize("text", ["2025-03", "2025", "2025-3-1"])
    def test_a_date_must_name_the_day(self, text: str) -> None:
        conv = make_converter()

        assert (f"expected an ISO 8601 date such as '2025-03-01' (got {text!r}) @ $",) == problems(
            text, dt.date, conv
        )


class TestEnums:
    def test_a_member_is_written_as_its_value_and_read_back_from_it(self) -> None:
        conv = make_converter()

        @given(MEMBERS)
        def check(member: Any) -> None:
            assert member.value == unstructure(member, converter=conv)
            assert member is structure(member.value, type(member), converter=conv)

        check()

    def test_a_value_that_is_no_member_is_refused_with_the_allowed_ones(self) -> None:
        conv = make_converter()

        assert ("must be one of 'development', 'livelihood', 'emotional' (got 'wish') @ $",) == problems(
            "wish", NeedKind, conv
        )
        assert ("'kind' must be one of 'development', 'livelihood', 'emotional' (got 'wish') @ $.kind",) == (
            problems({"code": "c", "name_zh": "类", "name_en": "c", "kind": "wish"}, Category, conv)
        )

    def test_values_read_as_any_are_kept_as_they_came(self) -> None:
        conv = make_converter()
        data = {"a": [1, "x", None], "b": {"c": True}}

        assert data == structure(data, dict[str, Any], converter=conv)


class TestSets:
    def test_a_set_of_models_is_the_same_list_whatever_order_it_was_built_in(self) -> None:
        conv = make_converter()

        @given(st.lists(CATEGORIES, min_size=2, max_size=5, unique=True))
        def check(categories: list[Category]) -> None:
            written = unstructure(frozenset(categories), converter=conv)

            assert written == unstructure(frozenset(reversed(categories)), converter=conv)
            assert isinstance(written, list)
            each = [unstructure(c, converter=conv) for c in categories]
            assert sorted(map(repr, written)) == sorted(map(repr, each))

        check()

    def test_a_set_of_mixed_values_is_one_list_whatever_order_it_was_built_in(self) -> None:
        conv = make_converter()

        @given(st.lists(SCALARS, min_size=1, max_size=6))
        def check(values: list[Any]) -> None:
            backwards: set[Any] = set()
            for value in reversed(values):
                backwards.add(value)
            written = unstructure(set(values), converter=conv)

            assert written == unstructure(backwards, converter=conv)
            assert set(values) == set(written)
            assert len(set(values)) == len(written)

        check()


@attrs.frozen
class Audited:
    """A model with a field kept off the wire (like a report's audit trail) and one marked on it."""

    name: str
    trail: tuple[str, ...] = attrs.field(default=(), eq=False, metadata={"wire": False})
    note: str = attrs.field(default="", metadata={"wire": True})


@attrs.frozen
class Scratch:
    """A model whose only field stays off the wire."""

    cache: tuple[str, ...] = attrs.field(default=(), metadata={"wire": False})


class TestFieldsOffTheWire:
    def test_a_field_off_the_wire_is_not_written(self) -> None:
        conv = make_converter()

        assert {"name": "a", "note": "n"} == unstructure(Audited("a", ("x",), "n"), converter=conv)
        assert {} == unstructure(Scratch(("x",)), converter=conv)

    def test_reading_gives_a_field_off_the_wire_its_default(self) -> None:
        conv = make_converter()

        read = structure({"name": "a", "note": "n"}, Audited, converter=conv)
        assert Audited("a", note="n") == read
        assert () == read.trail
        assert Scratch() == structure({}, Scratch, converter=conv)

    def test_a_field_off_the_wire_is_an_unknown_key_in_a_document(self) -> None:
        conv = make_converter()

        assert ("unknown keys ['trail'] (allowed: the model's fields) @ $",) == problems(
            {"name": "a", "trail": ["x"]}, Audited, conv
        )

    def test_a_loose_converter_ignores_a_field_off_the_wire_in_a_document(self) -> None:
        loose = make_converter(forbid_extra_keys=False)

        read = structure({"name": "a", "trail": ["x"]}, Audited, converter=loose)
        assert () == read.trail
        assert {"name": "a", "note": ""} == unstructure(read, converter=loose)


class TestAPlatformsOwnHooks:
    """A platform adds its own hooks to the converter ``make_converter`` returns, and passes it on."""

    def test_the_converter_passed_is_the_one_that_writes_and_reads(self) -> None:
        conv = make_converter()
        conv.register_unstructure_hook(Category, lambda c: c.code)
        conv.register_structure_hook(
            Category,
            lambda code, _cl: Category(code=code, name_zh="类", name_en=code, kind=NeedKind.EMOTIONAL),
        )
        category = Category(code="c", name_zh="类", name_en="c", kind=NeedKind.EMOTIONAL)

        assert "c" == unstructure(category, converter=conv)
        assert category == structure("c", Category, converter=conv)
        assert "c" != unstructure(category, converter=make_converter())

    def test_a_hooks_own_error_names_its_field_in_the_path_and_keeps_it(self) -> None:
        conv = make_converter()

        def refuse(code: Any, _cl: Any) -> Category:
            raise InvalidValue.for_field("code", code, "a code of the catalogue")

        conv.register_structure_hook(Category, refuse)
        with pytest.raises(StructureError) as info:
            structure("zz", Category, converter=conv)

        assert ("'code' must be a code of the catalogue (got 'zz') @ $.code",) == info.value.problems
        assert "code" == info.value.field
        assert ("'code' must be a code of the catalogue (got 'zz') @ $.categories[0].code",) == problems(
            {"categories": ["zz"], "items": []}, Catalogue, conv
        )


class TestModelsAreReadFromObjects:
    def test_anything_but_an_object_where_a_model_belongs_is_refused_by_its_shape(self) -> None:
        conv = make_converter()

        @given(NOT_OBJECTS)
        def check(shaped: tuple[str, Any]) -> None:
            shape, value = shaped

            assert (f"expected an object (got {shape}) @ $",) == problems(value, Category, conv)
            assert (f"expected an object (got {shape}) @ $.categories[0]",) == problems(
                {"categories": [value], "items": []}, Catalogue, conv
            )

        check()


class TestTheOldNameForAddingHooks:
    def test_the_warning_points_at_the_code_that_used_the_old_name(self) -> None:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            serialization.register_union

        assert [DeprecationWarning] == [w.category for w in caught]
        assert serialization.__file__ != caught[0].filename
