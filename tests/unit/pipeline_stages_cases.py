"""The district, needs and routing policy shared by the tests of `servicegov.pipeline`'s stages.

The district is accountability's hand-made one (`accountability_cases`): a village,
a town with an office, and the district with a department.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from servicegov import lifecycle
from servicegov.calendar import WorkCalendar
from servicegov.district import District
from servicegov.needs import Need, NeedKind, Scope

from .accountability_cases import DISTRICT as DISTRICT
from .accountability_cases import POLICY as POLICY
from .accountability_cases import VILLAGE as VILLAGE
from .accountability_cases import _org as _org

AS_OF = dt.date(2025, 6, 30)


def _need(nid: str = "N1", on: dt.date = dt.date(2025, 3, 3), **changes: Any) -> Need:
    need = Need(id=nid, village=VILLAGE, kind=NeedKind.LIVELIHOOD, category="elderly-care",
                scope=Scope.INDIVIDUAL, households=("h1",), urgency=3, necessity=3, aspiration=3,
                collected=on)
    return attrs.evolve(need, **changes)


def _district(*needs: Need, as_of: dt.date = AS_OF) -> District:
    return District(name="test", division=DISTRICT, organisation=_org(), calendar=WorkCalendar(),
                    needs=needs, as_of=as_of)


def _collected(need: Need) -> list[lifecycle.Event]:
    return [lifecycle.Collected(need_id=need.id, on=need.collected)]
