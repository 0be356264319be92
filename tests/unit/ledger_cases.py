"""Dates, reasons and a listed history shared by the tests of `servicegov.ledger`."""

from __future__ import annotations

import datetime as dt

from servicegov.lifecycle import Collected, EscalationReason, Event, Listed, Publicised, Screened
from servicegov.screening import Verdict

d = dt.date
WHY = EscalationReason

PUBLICISED_ON = dt.date(2025, 3, 5)


def _listed(need_id: str, publicised: dt.date = PUBLICISED_ON) -> list[Event]:
    """Collected, screened, listed and publicised; routable from 5 days after *publicised*."""
    return [
        Collected(need_id=need_id, on=publicised - dt.timedelta(days=4)),
        Screened(need_id=need_id, on=publicised - dt.timedelta(days=2), verdict=Verdict.ACCEPTED),
        Listed(need_id=need_id, on=publicised - dt.timedelta(days=1)),
        Publicised(need_id=need_id, on=publicised),
    ]
