"""Properties of `servicegov.needs`: equality and hashing of needs, and the categories of a catalogue."""

from __future__ import annotations

import attrs
from hypothesis import given

from servicegov import strategies
from servicegov.needs import Catalogue, Need


class TestNeedProperties:
    @given(strategies.needs())
    def test_a_need_is_equal_to_a_copy_and_hashes_alike(self, n: Need) -> None:
        copy = attrs.evolve(n)

        assert n == copy
        assert hash(n) == hash(copy)

    @given(strategies.needs(), strategies.needs())
    def test_needs_differ_when_any_field_differs(self, a: Need, b: Need) -> None:
        assert (a == b) == (attrs.astuple(a) == attrs.astuple(b))

    @given(strategies.catalogues())
    def test_every_item_of_a_catalogue_is_listed_under_its_category(self, cat: Catalogue) -> None:
        assert sorted(i.code for i in cat.items) == sorted(
            i.code for code in cat.codes for i in cat.items_in(code)
        )
