"""Properties of `servicegov.serialization`: a report the schema refuses, structure refuses too."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from servicegov import serialization
from servicegov.pipeline import Report

from ..unit.serialization_cases import _FEW, _document, _drop, _refused, _set, _validator


class TestRefusedByTheSchemaAndByStructure:
    """A mutated valid document is refused by the schema and by ``structure`` alike."""

    @_FEW
    @given(st.from_type(Report))
    def test_a_report(self, report: Report) -> None:
        schema = serialization.json_schema(Report)
        data = _document(report)

        assert _validator(schema).is_valid(data)
        for bad in (
            _drop("as_of")(data),
            _set("colour", "red")(data),
            _set("district", 7)(data),
            _set("as_of", "the end of the year")(data),
            _set("by_kind", "livelihood")(data),
            _set("by_kind", {"livelihood": "three"})(data),
            _set("reviews", "r1")(data),
            _set("top_units", {"village": "u1"})(data),
            _set("seed", "42")(data),
        ):
            _refused(schema, bad, Report)
