"""The organisation, needs and dates shared by the tests of `servicegov.claims` and `servicegov.claiming`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from servicegov.claims import Claim, ClaimantKind, ClaimBook, ClaimKind, claim
from servicegov.errors import ServicegovError
from servicegov.needs import Group, Need, NeedKind, Scope, ServiceItem
from servicegov.org import ContactStatus, Member, Organisation, ProviderKind, Registration, Role, Tier, Unit

COUNTY = "420117000000"
TOWN = "420117101000"
V1 = "420117101201"
V2 = "420117101202"
ON = dt.date(2025, 4, 1)
DUE = dt.date(2025, 5, 1)


def make_org(*, cadre_capacity: int = 2, dept_capacity: int = 2) -> Organisation:
    return Organisation(
        units=[
            Unit(id="D", name="区委", division=COUNTY, tier=Tier.DISTRICT),
            Unit(id="DEPT", name="区直部门", division=COUNTY, tier=Tier.DISTRICT, parent="D",
                 kind=ProviderKind.GOVERNMENT_DEPARTMENT, capacity=dept_capacity,
                 linked_villages={V1}),
            Unit(id="OTHER", name="其他部门", division=COUNTY, tier=Tier.DISTRICT, parent="D",
                 kind=ProviderKind.GOVERNMENT_DEPARTMENT, linked_villages={V2}),
            Unit(id="T", name="镇党委", division=TOWN, tier=Tier.TOWN, parent="D"),
            Unit(id="V1", name="村1", division=V1, tier=Tier.VILLAGE, parent="T"),
            Unit(id="V2", name="村2", division=V2, tier=Tier.VILLAGE, parent="T"),
        ],
        members=[
            Member(id="c1", home_branch="DEPT", division=COUNTY, role=Role.CADRE,
                   capacity=cadre_capacity, skills={"law"}),
            Member(id="c2", home_branch="DEPT", division=COUNTY, role=Role.CADRE, capacity=1),
            Member(id="m1", home_branch="V1", division=V1, capacity=1, skills={"music"},
                   registrations=[Registration(branch="V2", registered=dt.date(2024, 5, 1))]),
            Member(id="lost", home_branch="V1", division=V1, contact=ContactStatus.LOST_CONTACT),
        ],
        backstop="D",
    )


def make_need(nid: str, *, scope: Scope = Scope.INDIVIDUAL, hardship: bool = True,
          village: str = V1, category: str = "legal-aid", urgency: int = 3) -> Need:
    groups = {Group.SPECIAL_HARDSHIP} if hardship else {Group.GENERAL}
    return Need(id=nid, village=village, kind=NeedKind.LIVELIHOOD, category=category,
                scope=scope, households=("h1",), groups=groups, urgency=urgency,
                collected=dt.date(2025, 3, 3))


HARD = make_need("NH")
PLAIN = make_need("NP", hardship=False)
COMMON = make_need("NC", scope=Scope.COMMON, hardship=False, category="infrastructure")
ORG = make_org()


def _claim(book: ClaimBook, need: Need | ServiceItem, who: str, kind: ClaimKind,
           **kw: Any) -> ClaimBook:
    return claim(book, need, who, kind=kind, on=ON, due=DUE, organisation=ORG, **kw)


def _plain_claim() -> Claim:
    return Claim(id="c", claimant="m1", claimant_kind=ClaimantKind.MEMBER, need_id="N",
                 kind=ClaimKind.VOLUNTARY, claimed_on=ON, due_on=DUE)


def _house(err: ServicegovError, field: str, value: object, allowed: str) -> None:
    """*err* keeps the field, the value and what is allowed, and names them in the house
    message ``'<field>' must be <allowed> (got <value>)``."""
    same = value == err.value or (value != value and err.value != err.value)  # NaN is kept too
    assert same, (value, err.value)
    assert (field, allowed) == (err.field, err.allowed)
    assert str(type(err).for_field(field, value, allowed)) == str(err)


def _unit_claim() -> Claim:
    return Claim(id="u", claimant="DEPT", claimant_kind=ClaimantKind.UNIT, need_id="NC",
                 kind=ClaimKind.COLLECTIVE, claimed_on=ON, due_on=DUE)
