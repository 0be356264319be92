"""Divisions, an organisation and needs shared by the tests of `servicegov.routing`."""

from __future__ import annotations

import datetime as dt

from servicegov.calendar import WorkCalendar
from servicegov.needs import Need, NeedKind, Scope
from servicegov.org import Organisation, ProviderKind, Tier, Unit

VILLAGE = "420117101201"
TOWN = "420117101000"
COUNTY = "420117000000"
DAY = dt.date(2025, 3, 3)  # a Monday with no holiday near
PLAIN = WorkCalendar()


def _org(*, dept_capacity: int = 10, linked: bool = True) -> Organisation:
    units = (
        Unit(id="D", name="区委", division=COUNTY, tier=Tier.DISTRICT),
        Unit(
            id="GOV",
            name="区政府",
            division=COUNTY,
            tier=Tier.DISTRICT,
            parent="D",
            kind=ProviderKind.GOVERNMENT_DEPARTMENT,
        ),
        Unit(
            id="DEPT",
            name="区直部门",
            division=COUNTY,
            tier=Tier.DISTRICT,
            parent="D",
            kind=ProviderKind.GOVERNMENT_DEPARTMENT,
            capacity=dept_capacity,
            linked_villages={VILLAGE} if linked else frozenset(),
        ),
        Unit(id="T", name="镇党委", division=TOWN, tier=Tier.TOWN, parent="D"),
        Unit(
            id="T-agri",
            name="农业服务中心",
            division=TOWN,
            tier=Tier.TOWN,
            parent="T",
            kind=ProviderKind.GOVERNMENT_DEPARTMENT,
            capacity=5,
        ),
        Unit(id="V", name="村党组织", division=VILLAGE, tier=Tier.VILLAGE, parent="T"),
        Unit(
            id="V-VC",
            name="村委会",
            division=VILLAGE,
            tier=Tier.VILLAGE,
            parent="V",
            kind=ProviderKind.VILLAGE_COMMITTEE,
            capacity=2,
        ),
        Unit(
            id="V-VT",
            name="志愿服务队",
            division=VILLAGE,
            tier=Tier.VILLAGE,
            parent="V",
            kind=ProviderKind.VOLUNTEER_TEAM,
            capacity=2,
        ),
        Unit(id="V-PG", name="党小组", division=VILLAGE, tier=Tier.PARTY_GROUP, parent="V", capacity=1),
        Unit(id="V-G", name="网格", division=VILLAGE, tier=Tier.GRID, parent="V-PG", capacity=1),
    )
    return Organisation(units=units, backstop="GOV")


def _need(**kw: object) -> Need:
    fields: dict[str, object] = {
        "id": "N1",
        "village": VILLAGE,
        "kind": NeedKind.LIVELIHOOD,
        "category": "infrastructure",
        "scope": Scope.INDIVIDUAL,
        "households": ("h1",),
        "cost": 100.0,
        "collected": DAY,
    }
    fields.update(kw)
    return Need(**fields)  # type: ignore[arg-type]


ORG = _org()
