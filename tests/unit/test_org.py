"""The organisation: tiers, units, members with dual management (双管双责), seeds 001 and 003."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from servicegov.errors import ConfigurationError, DuplicateId, InvalidValue, UnknownReference
from servicegov.org import (
    ContactStatus,
    Member,
    Migration,
    Organisation,
    ProviderKind,
    Registration,
    Role,
    Tier,
    Unit,
)

COUNTY = "420117000000"
TOWN = "420117101000"
V1 = "420117101201"
V2 = "420117101202"
DAY = dt.date(2025, 1, 6)


def unit(uid: str, division: str, tier: Tier, parent: str | None = None, **kw: Any) -> Unit:
    return Unit(id=uid, name=uid, division=division, tier=tier, parent=parent, **kw)


def tree() -> tuple[Unit, ...]:
    return (
        unit("D", COUNTY, Tier.DISTRICT),
        unit(
            "DEPT",
            COUNTY,
            Tier.DISTRICT,
            "D",
            kind=ProviderKind.GOVERNMENT_DEPARTMENT,
            linked_villages={V1, V2},
        ),
        unit("T1", TOWN, Tier.TOWN, "D"),
        unit("V1", V1, Tier.VILLAGE, "T1"),
        unit("V2", V2, Tier.VILLAGE, "T1"),
        unit("V1-PG", V1, Tier.PARTY_GROUP, "V1"),
        unit("V1-G", V1, Tier.GRID, "V1-PG"),
    )


def org(
    units: tuple[Unit, ...] | None = None, members: tuple[Member, ...] = (), backstop: str = "D"
) -> Organisation:
    return Organisation(units=tree() if units is None else units, members=members, backstop=backstop)


def member(mid: str = "m1", home: str = "V1", *branches: str, **kw: Any) -> Member:
    regs = tuple(Registration(branch=b, registered=DAY) for b in branches)
    return Member(id=mid, home_branch=home, division=V1, registrations=regs, **kw)


class TestTiers:
    def test_tiers_climb_from_grid_to_district(self) -> None:
        assert [0, 1, 2, 3, 4] == [
            t.rank for t in (Tier.GRID, Tier.PARTY_GROUP, Tier.VILLAGE, Tier.TOWN, Tier.DISTRICT)
        ]
        assert Tier.GRID < Tier.PARTY_GROUP < Tier.VILLAGE < Tier.TOWN < Tier.DISTRICT
        assert not Tier.DISTRICT < Tier.TOWN
        assert not Tier.TOWN < Tier.TOWN

    def test_tiers_sort_lowest_first(self) -> None:
        assert [Tier.GRID, Tier.VILLAGE, Tier.DISTRICT] == sorted([Tier.DISTRICT, Tier.GRID, Tier.VILLAGE])

    def test_a_tier_does_not_compare_with_other_things(self) -> None:
        with pytest.raises(TypeError):
            _ = Tier.GRID < 1


class TestTheTree:
    """Xinzhou's five levels: town committee, village organisation, Party group, grid, member."""

    def test_a_need_climbs_the_chain_from_the_grid_to_the_district(self) -> None:
        assert ["V1-G", "V1-PG", "V1", "T1", "D"] == [u.id for u in org().chain("V1-G")]

    def test_the_root_is_the_unit_without_a_parent(self) -> None:
        assert "D" == org().root.id

    def test_children_are_the_units_directly_below(self) -> None:
        o = org()

        assert ["DEPT", "T1"] == [u.id for u in o.children("D")]
        assert ["V1", "V2"] == [u.id for u in o.children("T1")]
        assert () == o.children("V1-G")

    def test_units_are_found_by_division_and_tier(self) -> None:
        o = org()

        assert ["V1", "V1-PG", "V1-G"] == [u.id for u in o.units_in(V1)]
        assert () == o.units_in("420117102001")
        assert ["D", "DEPT"] == [u.id for u in o.iter_tier(Tier.DISTRICT)]
        assert (V1, V2) == o.villages

    def test_a_district_department_is_linked_to_villages(self) -> None:
        """联系村: each of the 80+ departments claims the lists of its linked villages."""
        o = org()

        assert ["DEPT"] == [u.id for u in o.linked_to(V1)]
        assert () == o.linked_to("420117101203")

    def test_an_unknown_unit_or_member_names_the_field(self) -> None:
        with pytest.raises(UnknownReference, match="'unit' must be a unit id"):
            org().unit("X")
        with pytest.raises(UnknownReference, match="'claimant' must be a member id"):
            org().member("X", field="claimant")
        with pytest.raises(UnknownReference):
            org().children("X")
        assert not org().has_unit("X")
        assert org().has_unit("V1-G")

    def test_units_may_come_in_any_order(self) -> None:
        assert ["V1-G", "V1-PG", "V1", "T1", "D"] == [
            u.id for u in org(tuple(reversed(tree()))).chain("V1-G")
        ]


class TestInvalidTrees:
    def test_two_units_may_not_share_an_id(self) -> None:
        units = (*tree(), unit("V1", V2, Tier.VILLAGE, "T1"))
        with pytest.raises(DuplicateId, match=r"'units\[7\]\.id' must be unique \(got 'V1'\)"):
            org(units)

    def test_a_parent_must_exist(self) -> None:
        units = (*tree(), unit("V3", "420117101203", Tier.VILLAGE, "T9"))
        with pytest.raises(UnknownReference, match=r"'units\[7\]\.parent' must be a unit id \(got 'T9'\)"):
            org(units)

    def test_a_tree_has_exactly_one_root(self) -> None:
        units = (*tree(), unit("D2", COUNTY, Tier.DISTRICT))
        with pytest.raises(
            ConfigurationError, match=r"'units' must be a tree with exactly one root \(got \['D', 'D2'\]\)"
        ):
            org(units)

    def test_a_cycle_is_refused(self) -> None:
        units = (*tree(), unit("A", V1, Tier.GRID, "B"), unit("B", V1, Tier.GRID, "A"))
        with pytest.raises(ConfigurationError, match="must be a tree without cycles"):
            org(units)

    def test_a_unit_that_is_its_own_parent_is_a_cycle(self) -> None:
        units = (*tree(), unit("A", V1, Tier.GRID, "A"))
        with pytest.raises(ConfigurationError, match=r"'units\['A'\]\.parent' must be a tree without cycles"):
            org(units)

    def test_a_tree_with_no_root_is_refused(self) -> None:
        with pytest.raises(ConfigurationError, match="exactly one root"):
            org((unit("A", V1, Tier.GRID, "B"), unit("B", V1, Tier.GRID, "A")), backstop="A")

    def test_the_backstop_must_be_a_unit(self) -> None:
        with pytest.raises(UnknownReference, match=r"'backstop' must be a unit id \(got 'GOV'\)"):
            org(backstop="GOV")


class TestUnits:
    def test_a_unit_defaults_to_a_party_organisation_with_ample_capacity(self) -> None:
        u = unit("X", V1, Tier.VILLAGE)

        assert (ProviderKind.PARTY_ORGANISATION, 1_000_000, frozenset()) == (
            u.kind,
            u.capacity,
            u.linked_villages,
        )

    @pytest.mark.parametrize("capacity", [-1, True, 1.0])
    def test_capacity_is_a_non_negative_integer(self, capacity: object) -> None:
        with pytest.raises(InvalidValue, match="'capacity' must be an integer >= 0"):
            unit("X", V1, Tier.VILLAGE, capacity=capacity)

    def test_a_capacity_of_zero_is_allowed(self) -> None:
        assert 0 == unit("X", V1, Tier.VILLAGE, capacity=0).capacity

    def test_linked_villages_must_be_village_codes(self) -> None:
        with pytest.raises(InvalidValue, match="'linked_villages' must be a village-level division code"):
            unit("X", COUNTY, Tier.DISTRICT, linked_villages={TOWN})

    def test_the_division_must_be_a_code(self) -> None:
        with pytest.raises(InvalidValue, match="'division' must be a 12-digit division code"):
            unit("X", "42", Tier.DISTRICT)

    def test_the_tier_must_be_a_tier(self) -> None:
        with pytest.raises(InvalidValue, match=r"'tier' must be Tier\.VILLAGE, the member"):
            unit("X", V1, "village")  # type: ignore[arg-type]
        with pytest.raises(InvalidValue, match="'tier' must be a Tier"):
            unit("X", V1, "hamlet")  # type: ignore[arg-type]

    def test_the_name_must_be_a_string(self) -> None:
        with pytest.raises(InvalidValue, match="'name' must be a string"):
            Unit(id="X", name=None, division=V1, tier=Tier.VILLAGE)  # type: ignore[arg-type]


class TestDualManagement:
    """一方隶属、多重管理: one home branch, any number of activity branches."""

    def test_a_member_acts_through_the_home_branch_and_every_activity_branch(self) -> None:
        o = org(members=(member("m1", "V1", "T1", "V2"),))

        assert frozenset({"V1", "T1", "V2"}) == o.branches_of("m1")
        assert ["m1"] == [m.id for m in o.members_of("V2")]
        assert () == o.members_of("D")
        assert o.member("m1").dual_managed

    def test_a_member_without_registrations_is_not_dual_managed(self) -> None:
        m = member()

        assert not m.dual_managed
        assert frozenset({"V1"}) == m.branches

    def test_a_member_registered_with_a_branch_that_does_not_exist_is_refused(self) -> None:
        with pytest.raises(
            UnknownReference,
            match=r"'members\[0\]\.registrations\[1\]\.branch' must be a unit id \(got 'V9'\)",
        ):
            org(members=(member("m1", "V1", "V2", "V9"),))

    def test_a_home_branch_that_does_not_exist_is_refused(self) -> None:
        with pytest.raises(UnknownReference, match=r"'members\[1\]\.home_branch' must be a unit id"):
            org(members=(member("m1"), member("m2", "nowhere")))

    def test_two_members_may_not_share_an_id(self) -> None:
        with pytest.raises(DuplicateId, match=r"'members\[1\]\.id' must be unique \(got 'm1'\)"):
            org(members=(member("m1"), member("m1", "V2")))

    def test_a_member_may_not_register_with_the_home_branch(self) -> None:
        with pytest.raises(
            DuplicateId, match=r"'registrations\[0\]\.branch' must be a branch not already held"
        ):
            member("m1", "V1", "V1")

    def test_a_member_may_not_register_twice_with_one_branch(self) -> None:
        with pytest.raises(DuplicateId, match=r"'registrations\[1\]\.branch'"):
            member("m1", "V1", "T1", "T1")

    def test_a_registration_must_be_a_registration(self) -> None:
        with pytest.raises(InvalidValue, match=r"'registrations\[0\]' must be a Registration"):
            Member(id="m", home_branch="V1", division=V1, registrations=("T1",))

    def test_registration_takes_one_card_one_letter_one_form(self) -> None:
        """一卡一信一表: the registration is complete only with all three."""
        assert Registration(branch="T1", registered=DAY).complete
        assert not Registration(branch="T1", registered=DAY, card=False).complete
        assert not Registration(branch="T1", registered=DAY, letter=False).complete
        assert not Registration(branch="T1", registered=DAY, form=False).complete

    def test_the_registration_date_must_be_a_date(self) -> None:
        with pytest.raises(InvalidValue, match=r"'registered' must be a datetime\.date"):
            Registration(branch="T1", registered="2025-01-06")  # type: ignore[arg-type]

    def test_a_member_defaults_to_a_party_member_in_contact(self) -> None:
        m = member()

        assert (Role.MEMBER, ContactStatus.IN_CONTACT, 3, None) == (
            m.role,
            m.contact,
            m.capacity,
            m.migration,
        )

    def test_a_migrant_member_is_managed_where_they_left_and_where_they_live(self) -> None:
        m = member(migration=Migration(left=V1, lives="370602001001"))

        assert m.migration is not None
        assert (V1, "370602001001") == (m.migration.left, m.migration.lives)
        with pytest.raises(InvalidValue, match="'lives' must be a 12-digit division code"):
            Migration(left=V1, lives="37")


class TestRejectionsNameFieldValueAndWhatIsAllowed:
    """The house formula (errors.py): field, offending value and what is allowed."""

    @pytest.mark.parametrize(
        ("call", "field", "value", "allowed"),
        [
            (
                lambda: org(members=(member("m1"), member("m2", "nowhere"))),
                "members[1].home_branch",
                "nowhere",
                "a unit id",
            ),
            (
                lambda: org((*tree(), unit("A", V1, Tier.GRID, "A"))),
                "units['A'].parent",
                "A",
                "a tree without cycles",
            ),
            (lambda: org().unit("nowhere"), "unit", "nowhere", "a unit id"),
            (lambda: org().member("nobody"), "member", "nobody", "a member id"),
        ],
    )
    def test_each_rejection(self, call: Any, field: str, value: object, allowed: str) -> None:
        with pytest.raises((ConfigurationError, UnknownReference)) as info:
            call()

        assert (field, value, allowed) == (info.value.field, info.value.value, info.value.allowed)


def test_has_member_tells_members_from_strangers() -> None:
    o = org(members=(member("m1"),))

    assert (True, False) == (o.has_member("m1"), o.has_member("V1"))
