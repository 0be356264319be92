"""Properties of `servicegov.divisions`: parents, children, levels and containment of division codes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from servicegov import divisions, strategies
from servicegov.divisions import Level, child_code, contains, level, parent


class TestDivisionProperties:
    @given(strategies.division_codes())
    def test_every_code_but_a_provinces_has_a_parent_one_level_up_that_contains_it(self, code: str) -> None:
        up = parent(code)
        if level(code) is Level.PROVINCE:
            assert None is up
        else:
            assert up is not None
            assert level(code).depth - 1 == level(up).depth
            assert contains(up, code)
            assert not contains(code, up)

    @given(
        strategies.division_codes().filter(lambda c: level(c) is not Level.VILLAGE),
        st.integers(1, 99),
    )
    def test_a_child_is_one_level_down_and_its_parent_is_the_code(self, code: str, index: int) -> None:
        child = child_code(code, index)

        assert level(code).depth + 1 == level(child).depth
        assert code == parent(child)
        assert contains(code, child)

    @given(strategies.division_codes(), strategies.division_codes())
    def test_containment_is_consistent_with_levels(self, outer: str, inner: str) -> None:
        if contains(outer, inner) and contains(inner, outer):
            assert outer == inner
        if contains(outer, inner):
            assert level(outer).depth <= level(inner).depth

    @given(strategies.division_codes(level=Level.VILLAGE))
    def test_a_village_is_contained_by_each_of_its_ancestors(self, village: str) -> None:
        chain = [village]
        while (up := divisions.parent(chain[-1])) is not None:
            chain.append(up)

        assert 5 == len(chain)
        assert all(contains(a, village) for a in chain)
