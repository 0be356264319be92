"""Properties of `servicegov.serialization`: each bad element of a list is named by its index."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicegov import serialization
from servicegov.errors import StructureError
from servicegov.needs import NeedKind


@given(st.lists(st.sampled_from(["development", "livelihood", "emotional", "wish", 3, None]), max_size=8))
def test_each_bad_element_of_a_list_is_named_by_its_index(values: list[object]) -> None:
    # A list was read without cattrs's per-element notes, so every problem in it
    # was placed at the list itself (@ $), whichever element was bad.
    bad = [i for i, v in enumerate(values) if v not in ("development", "livelihood", "emotional")]
    if not bad:
        assert [k.value for k in serialization.structure(values, list[NeedKind])] == values
        return
    with pytest.raises(StructureError) as info:
        serialization.structure(values, list[NeedKind])
    assert [p.rsplit(" @ ", 1)[1] for p in info.value.problems] == [f"$[{i}]" for i in bad]
