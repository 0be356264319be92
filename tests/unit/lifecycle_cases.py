"""The documented transition table and a canonical history, shared by the tests of `servicegov.lifecycle`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from servicegov.errors import InvalidValue, ServicegovError
from servicegov.lifecycle import (
    Claimed,
    Closed,
    Closure,
    Collected,
    Escalated,
    EscalationReason,
    Event,
    EventKind,
    FollowedUp,
    Listed,
    NeedRecord,
    Objected,
    PartiallyFulfilled,
    Publicised,
    Rejected,
    Reopened,
    Resolved,
    Reviewed,
    Routed,
    Screened,
    Started,
    State,
    replay,
)
from servicegov.org import Tier
from servicegov.screening import Reason, Verdict

ROOT = Path(__file__).resolve().parents[2]
D = dt.date
K = EventKind
S = State
N = "N1"

# The table as the docs state it, written out independently of the module.
EXPECTED: dict[State, dict[EventKind, State]] = {
    S.COLLECTED: {K.SCREENED: S.SCREENED, K.REJECTED: S.REJECTED, K.CLOSED: S.CLOSED},
    S.SCREENED: {K.LISTED: S.LISTED, K.REJECTED: S.REJECTED, K.CLOSED: S.CLOSED},
    S.DELIBERATING: {K.SCREENED: S.SCREENED, K.REJECTED: S.REJECTED, K.CLOSED: S.CLOSED},
    S.REJECTED: {},
    S.LISTED: {K.PUBLICISED: S.PUBLICISED, K.CLOSED: S.CLOSED},
    S.PUBLICISED: {K.OBJECTED: S.DELIBERATING, K.ROUTED: S.ROUTED, K.CLOSED: S.CLOSED},
    S.ROUTED: {
        K.ESCALATED: S.ESCALATED,
        K.CLAIMED: S.CLAIMED,
        K.STARTED: S.IN_PROGRESS,
        K.CLOSED: S.CLOSED,
    },
    S.ESCALATED: {
        K.ROUTED: S.ROUTED,
        K.ESCALATED: S.ESCALATED,
        K.CLAIMED: S.CLAIMED,
        K.CLOSED: S.CLOSED,
    },
    S.CLAIMED: {K.STARTED: S.IN_PROGRESS, K.ESCALATED: S.ESCALATED, K.CLOSED: S.CLOSED},
    S.IN_PROGRESS: {
        K.PARTIALLY_FULFILLED: S.PARTIALLY_FULFILLED,
        K.RESOLVED: S.RESOLVED,
        K.CLOSED: S.CLOSED,
    },
    S.PARTIALLY_FULFILLED: {
        K.PARTIALLY_FULFILLED: S.PARTIALLY_FULFILLED,
        K.RESOLVED: S.RESOLVED,
        K.CLOSED: S.CLOSED,
    },
    **{
        s: {
            K.FOLLOWED_UP: S.FOLLOWED_UP,
            K.REVIEWED: S.REVIEWED,
            K.CLOSED: S.CLOSED,
            K.REOPENED: S.REOPENED,
        }
        for s in (S.RESOLVED, S.FOLLOWED_UP, S.REVIEWED)
    },
    S.REOPENED: {
        K.ROUTED: S.ROUTED,
        K.ESCALATED: S.ESCALATED,
        K.CLAIMED: S.CLAIMED,
        K.CLOSED: S.CLOSED,
    },
    S.CLOSED: {K.REOPENED: S.REOPENED},
}

# -- a canonical history that reaches every state -----------------------------

C0 = Collected(need_id=N, on=D(2025, 3, 1), actor="grid-7")
SCREENED = Screened(need_id=N, on=D(2025, 3, 2), verdict=Verdict.ACCEPTED)
LISTED = Listed(need_id=N, on=D(2025, 3, 2), category="infrastructure")
PUBLICISED = Publicised(need_id=N, on=D(2025, 3, 3))  # window 3-7 March
ROUTED = Routed(need_id=N, on=D(2025, 3, 8), unit="V1", tier=Tier.VILLAGE, due=D(2025, 3, 20))
ESCALATED = Escalated(
    need_id=N,
    on=D(2025, 3, 9),
    from_unit="V1",
    to_unit="T1",
    to_tier=Tier.TOWN,
    why=EscalationReason.OVER_COST_CEILING,
)
CLAIMED = Claimed(need_id=N, on=D(2025, 3, 10), claimant="m1", claim_kind="personal")
STARTED = Started(need_id=N, on=D(2025, 3, 11))
PARTIAL = PartiallyFulfilled(need_id=N, on=D(2025, 3, 12), share=0.5)
RESOLVED = Resolved(need_id=N, on=D(2025, 3, 13))
FOLLOWED = FollowedUp(need_id=N, on=D(2025, 3, 14), satisfied=True, actor="v-3")
REVIEWED = Reviewed(need_id=N, on=D(2025, 3, 15), channel="residents", score=92.5)
CLOSED = Closed(need_id=N, on=D(2025, 3, 16), closure=Closure.RESOLVED)
HAPPY = (
    C0,
    SCREENED,
    LISTED,
    PUBLICISED,
    ROUTED,
    ESCALATED,
    CLAIMED,
    STARTED,
    PARTIAL,
    RESOLVED,
    FOLLOWED,
    REVIEWED,
    CLOSED,
)

PATHS: dict[State, tuple[Event, ...]] = {
    S.COLLECTED: (C0,),
    S.SCREENED: (C0, SCREENED),
    S.DELIBERATING: (C0, Screened(need_id=N, on=D(2025, 3, 2), verdict=Verdict.DELIBERATION)),
    S.REJECTED: (C0, Rejected(need_id=N, on=D(2025, 3, 2), reason=Reason.EXCESSIVE)),
    S.LISTED: (C0, SCREENED, LISTED),
    S.PUBLICISED: (C0, SCREENED, LISTED, PUBLICISED),
    S.ROUTED: (C0, SCREENED, LISTED, PUBLICISED, ROUTED),
    S.ESCALATED: (C0, SCREENED, LISTED, PUBLICISED, ROUTED, ESCALATED),
    S.CLAIMED: (C0, SCREENED, LISTED, PUBLICISED, ROUTED, CLAIMED),
    S.IN_PROGRESS: (C0, SCREENED, LISTED, PUBLICISED, ROUTED, STARTED),
    S.PARTIALLY_FULFILLED: (C0, SCREENED, LISTED, PUBLICISED, ROUTED, STARTED, PARTIAL),
    S.RESOLVED: (C0, SCREENED, LISTED, PUBLICISED, ROUTED, STARTED, RESOLVED),
    S.FOLLOWED_UP: (C0, SCREENED, LISTED, PUBLICISED, ROUTED, STARTED, RESOLVED, FOLLOWED),
    S.REVIEWED: (C0, SCREENED, LISTED, PUBLICISED, ROUTED, STARTED, RESOLVED, REVIEWED),
    S.REOPENED: (
        C0,
        SCREENED,
        LISTED,
        PUBLICISED,
        ROUTED,
        STARTED,
        RESOLVED,
        Reopened(need_id=N, on=D(2025, 3, 17), reason="the lamp went out again"),
    ),
    S.CLOSED: (C0, SCREENED, LISTED, PUBLICISED, ROUTED, STARTED, RESOLVED, CLOSED),
}
RESOLVED_STATES = {S.RESOLVED, S.FOLLOWED_UP, S.REVIEWED}
STATES = {s.value: s for s in State}
KINDS = {k.value: k for k in EventKind}


def record_in(state: State) -> NeedRecord:
    return replay(PATHS[state])


def event_for(kind: EventKind, record: NeedRecord) -> Event:
    """An event of *kind* for *record* that meets every guard where the kind is legal."""
    later = record.last_on + dt.timedelta(days=10)
    base: dict[str, Any] = {"need_id": record.need_id, "on": later}
    unit = record.current_unit or "V1"
    builders: dict[EventKind, Callable[[], Event]] = {
        K.COLLECTED: lambda: Collected(**base),
        K.SCREENED: lambda: Screened(**base, verdict=Verdict.ACCEPTED),
        K.REJECTED: lambda: Rejected(**base, reason=Reason.UNREALISTIC),
        K.LISTED: lambda: Listed(**base),
        K.PUBLICISED: lambda: Publicised(**base),
        K.OBJECTED: lambda: Objected(need_id=record.need_id, on=record.last_on, ground="unfair"),
        K.ROUTED: lambda: Routed(**base, unit="V2", tier=Tier.VILLAGE, due=later),
        K.ESCALATED: lambda: Escalated(
            **base,
            from_unit=unit,
            to_unit=unit + "-up",
            to_tier=Tier.DISTRICT,
            why=EscalationReason.NO_CAPACITY,
        ),
        K.CLAIMED: lambda: Claimed(**base, claimant="m9", claim_kind="collective"),
        K.STARTED: lambda: Started(**base),
        K.PARTIALLY_FULFILLED: lambda: PartiallyFulfilled(**base, count=2),
        K.RESOLVED: lambda: Resolved(**base),
        K.FOLLOWED_UP: lambda: FollowedUp(**base),
        K.REVIEWED: lambda: Reviewed(**base, channel="organisation", score=80),
        K.CLOSED: lambda: Closed(
            **base,
            closure=Closure.RESOLVED if record.state in RESOLVED_STATES else Closure.WITHDRAWN,
        ),
        K.REOPENED: lambda: Reopened(**base, reason="not satisfied"),
    }
    return builders[kind]()


def kinds_str(state: State) -> str:
    return ", ".join(repr(k.value) for k in EXPECTED[state]) or "none"


_DATE_FIELDS: dict[type[Event], tuple[str, ...]] = {Routed: ("on", "due"), Claimed: ("on", "due")}


_RECORD_DATES = ("opened_on", "closed_on", "due", "objections_until")


_NOT_A_DATETIME = "a datetime.date (not a datetime)"


# Values that are not events; short, so that none looks like personal data and is masked.
_NOT_EVENTS = (
    st.booleans()
    | st.integers(-999, 999)
    | st.text(alphabet="abcxyz-", max_size=8)
    | st.just(EventKind.COLLECTED)
)


def _names(err: ServicegovError, field: str, value: object, allowed: str) -> None:
    """*err* keeps the field, the value and what is allowed."""
    assert (field, value, allowed) == (err.field, err.value, err.allowed)


def _house(err: ServicegovError, field: str, value: object, allowed: str) -> None:
    """*err* names them in the house message ``'<field>' must be <allowed> (got <value>)``."""
    _names(err, field, value, allowed)
    assert str(InvalidValue.for_field(field, value, allowed)) == str(err)
