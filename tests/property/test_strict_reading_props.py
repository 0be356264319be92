"""Properties of `servicegov.serialization`: a string for a list is one error, not one per character."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicegov import serialization
from servicegov.errors import StructureError
from servicegov.needs import Need

from ..unit.strict_reading_cases import DOC


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=1, max_size=300))
def test_a_string_where_a_list_belongs_is_one_error_not_its_characters(text: str) -> None:
    with pytest.raises(StructureError) as info:
        serialization.structure(dict(DOC, households=text), Need)

    assert ("expected an array (got a string) @ $.households",) == tuple(info.value.problems)
