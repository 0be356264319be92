"""A need shared by the tests of `servicegov._privacy`."""

from __future__ import annotations

import datetime as dt

from servicegov.needs import Need, NeedKind, Scope


def need(*households: str) -> Need:
    return Need(
        id="N1",
        village="420117101201",
        kind=NeedKind.LIVELIHOOD,
        category="health",
        scope=Scope.COMMON,
        households=households,
        collected=dt.date(2025, 3, 1),
    )
