"""Properties of `servicegov.org`: chains to the root, children, branches and villages of an organisation."""

from __future__ import annotations

from hypothesis import given

from servicegov import divisions, strategies
from servicegov.org import Organisation


class TestOrganisationProperties:
    @given(strategies.organisations())
    def test_every_chain_ends_at_the_root_without_repeating(self, o: Organisation) -> None:
        for u in o.units:
            chain = [x.id for x in o.chain(u.id)]
            assert o.root.id == chain[-1]
            assert len(chain) == len(set(chain))

    @given(strategies.organisations())
    def test_children_are_exactly_the_units_naming_a_parent(self, o: Organisation) -> None:
        for u in o.units:
            assert sorted(c.id for c in o.children(u.id)) == sorted(x.id for x in o.units if x.parent == u.id)

    @given(strategies.organisations())
    def test_a_member_is_listed_under_each_of_their_branches_only(self, o: Organisation) -> None:
        for u in o.units:
            assert sorted(m.id for m in o.members_of(u.id)) == sorted(
                m.id for m in o.members if u.id in m.branches
            )

    @given(strategies.organisations())
    def test_villages_are_the_village_codes_of_the_units(self, o: Organisation) -> None:
        expected = sorted(
            {u.division for u in o.units if divisions.level(u.division) is divisions.Level.VILLAGE}
        )

        assert tuple(expected) == o.villages
