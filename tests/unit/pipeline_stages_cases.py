"""The district, needs and routing policy shared by the tests of `servicegov.pipeline`'s stages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from servicegov import lifecycle
from servicegov.calendar import WorkCalendar
from servicegov.district import District
from servicegov.needs import Need, NeedKind, Scope
from servicegov.org import Organisation, ProviderKind, Tier, Unit
from servicegov.routing import Competence, RoutingPolicy

VILLAGE = "420117101201"


TOWN = "420117101000"


DISTRICT = "420117000000"


AS_OF = dt.date(2025, 6, 30)


def _org() -> Organisation:
    return Organisation(units=[
        Unit(id="D", name="区", tier=Tier.DISTRICT, division=DISTRICT, kind=ProviderKind.PARTY_ORGANISATION),
        Unit(id="D-dept", name="区直部门", tier=Tier.DISTRICT, division=DISTRICT, parent="D",
             kind=ProviderKind.GOVERNMENT_DEPARTMENT),
        Unit(id="T", name="街", tier=Tier.TOWN, division=TOWN, parent="D",
             kind=ProviderKind.PARTY_ORGANISATION),
        Unit(id="T-office", name="民政办", tier=Tier.TOWN, division=TOWN, parent="T",
             kind=ProviderKind.GOVERNMENT_DEPARTMENT),
        Unit(id="V", name="村党组织", tier=Tier.VILLAGE, division=VILLAGE, parent="T",
             kind=ProviderKind.PARTY_ORGANISATION),
    ], backstop="D")


def _need(nid: str = "N1", on: dt.date = dt.date(2025, 3, 3), **changes: Any) -> Need:
    need = Need(id=nid, village=VILLAGE, kind=NeedKind.LIVELIHOOD, category="elderly-care",
                scope=Scope.INDIVIDUAL, households=("h1",), urgency=3, necessity=3, aspiration=3,
                collected=on)
    return attrs.evolve(need, **changes)


def _district(*needs: Need, as_of: dt.date = AS_OF) -> District:
    return District(name="test", division=DISTRICT, organisation=_org(), calendar=WorkCalendar(),
                    needs=needs, as_of=as_of)


# Every tier can do the work: a need stays where it is routed unless its deadline passes.
POLICY = RoutingPolicy(competence=tuple(
    Competence(tier=t, kind=k, categories=frozenset())
    for t in (Tier.VILLAGE, Tier.TOWN, Tier.DISTRICT)
    for k in (ProviderKind.PARTY_ORGANISATION, ProviderKind.GOVERNMENT_DEPARTMENT)
))


def _collected(need: Need) -> list[lifecycle.Event]:
    return [lifecycle.Collected(need_id=need.id, on=need.collected)]
