"""The lifecycle of one need: events, the transition table, apply and replay (DOMAIN.md §1-§6)."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from servicegov import lifecycle, serialization
from servicegov.errors import (
    IllegalTransition,
    InvalidValue,
    ServicegovError,
    StructureError,
    UnknownReference,
)
from servicegov.labels import label
from servicegov.lifecycle import (
    TRANSITIONS,
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
    RecordStatus,
    Rejected,
    Reopened,
    Resolved,
    Reviewed,
    Routed,
    Screened,
    Started,
    State,
    allowed_events,
    apply,
    replay,
    replay_all,
    start,
)
from servicegov.org import Tier
from servicegov.screening import Reason, Verdict
from servicegov.strategies import lifecycle_events, need_records

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


# -- the table ---------------------------------------------------------------


def test_the_table_is_the_documented_one() -> None:
    assert EXPECTED == {s: dict(t) for s, t in TRANSITIONS.items()}


def test_every_state_has_a_row_and_every_path_reaches_its_state() -> None:
    assert set(State) == set(TRANSITIONS)
    for state in State:
        assert state == record_in(state).state


def test_the_table_cannot_be_changed() -> None:
    with pytest.raises(TypeError):
        TRANSITIONS[S.REJECTED] = {}  # type: ignore[index]
    with pytest.raises(TypeError):
        TRANSITIONS[S.COLLECTED][K.RESOLVED] = S.RESOLVED  # type: ignore[index]


def test_allowed_events_follow_the_table_order() -> None:
    assert (K.OBJECTED, K.ROUTED, K.CLOSED) == allowed_events(S.PUBLICISED)
    assert () == allowed_events(S.REJECTED)
    assert (K.REOPENED,) == allowed_events(S.CLOSED)


LEGAL = [(s, k) for s in State for k in EXPECTED[s]]
ILLEGAL = [(s, k) for s in State for k in EventKind if k not in EXPECTED[s]]


def test_the_pairs_cover_the_whole_grid() -> None:
    assert len(State) * len(EventKind) == len(LEGAL) + len(ILLEGAL)
    assert 48 == len(LEGAL)


@pytest.mark.parametrize(("state", "kind"), LEGAL, ids=lambda x: str(x))
def test_every_legal_pair_leads_where_the_table_says(state: State, kind: EventKind) -> None:
    record = record_in(state)
    event = event_for(kind, record)

    after = apply(record, event)

    assert EXPECTED[state][kind] == after.state
    assert (*record.history, event) == after.history
    assert (RecordStatus.CLOSED if after.state in (S.CLOSED, S.REJECTED) else RecordStatus.OPEN) == (
        after.status
    )


@pytest.mark.parametrize(("state", "kind"), ILLEGAL, ids=lambda x: str(x))
def test_every_illegal_pair_raises_naming_state_and_event(state: State, kind: EventKind) -> None:
    record = record_in(state)
    event = event_for(kind, record)

    with pytest.raises(IllegalTransition) as info:
        apply(record, event)

    msg = (
        f"event '{kind.value}' is not allowed in state '{state.value}' of need 'N1' "
        f"(allowed: {kinds_str(state)})"
    )
    assert msg == str(info.value)
    assert "event" == info.value.field
    assert kind.value == info.value.value
    assert kinds_str(state) == info.value.allowed


def test_the_docs_table_is_the_table() -> None:
    text = (ROOT / "docs" / "lifecycle.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z-]+)` \| [^|]+ \|([^|]*)\|$", text, re.MULTILINE)
    documented = {
        STATES[s]: tuple(KINDS[k] for k in re.findall(r"`([a-z_]+)`", cell)) for s, cell in rows
    }
    assert {s: tuple(t) for s, t in TRANSITIONS.items()} == documented


def test_the_docs_list_where_every_event_leads() -> None:
    text = (ROOT / "docs" / "lifecycle.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z_]+)` \| [^|]+ \| → `([a-z-]+)`", text, re.MULTILINE)
    leads = {KINDS[k]: STATES[s] for k, s in rows}
    for state, targets in EXPECTED.items():
        for kind, target in targets.items():
            assert target == leads[kind], (state, kind)


# -- the paths ---------------------------------------------------------------


def test_happy_path_from_collection_to_closing() -> None:
    records = [start(C0)]
    for event in HAPPY[1:]:
        records.append(apply(records[-1], event))
    final = records[-1]

    assert [
        "collected",
        "screened",
        "listed",
        "publicised",
        "routed",
        "escalated",
        "claimed",
        "in-progress",
        "partially-fulfilled",
        "resolved",
        "followed-up",
        "reviewed",
        "closed",
    ] == [r.state.value for r in records]
    assert [RecordStatus.OPEN] * 12 + [RecordStatus.CLOSED] == [r.status for r in records]
    assert HAPPY == final.history
    assert D(2025, 3, 1) == final.opened_on
    assert D(2025, 3, 16) == final.closed_on
    assert Closure.RESOLVED == final.closure
    assert "T1" == final.current_unit
    assert Tier.TOWN == final.tier
    assert "m1" == final.claimant
    assert final.due is None  # escalation cleared it and the claim set none
    assert D(2025, 3, 7) == final.objections_until
    assert 1 == final.escalation_count
    assert 0 == final.reopen_count
    assert final == replay(HAPPY)
    assert not final.is_open
    assert D(2025, 3, 16) == final.last_on


def test_derived_fields_step_by_step() -> None:
    routed = record_in(S.ROUTED)
    assert ("V1", Tier.VILLAGE, D(2025, 3, 20), None) == (
        routed.current_unit,
        routed.tier,
        routed.due,
        routed.claimant,
    )
    claimed = apply(routed, CLAIMED)
    assert ("m1", D(2025, 3, 20)) == (claimed.claimant, claimed.due)  # no due: keeps the routed one
    promised = apply(routed, attrs.evolve(CLAIMED, due=D(2025, 3, 30)))
    assert D(2025, 3, 30) == promised.due
    escalated = apply(claimed, attrs.evolve(ESCALATED, on=D(2025, 3, 21)))
    assert ("T1", Tier.TOWN, None, None, 1) == (
        escalated.current_unit,
        escalated.tier,
        escalated.due,
        escalated.claimant,
        escalated.escalation_count,
    )
    rerouted = apply(
        escalated,
        Routed(need_id=N, on=D(2025, 3, 22), unit="T1-dept", tier=Tier.TOWN, due=D(2025, 4, 1)),
    )
    assert ("T1-dept", Tier.TOWN, D(2025, 4, 1), 1) == (
        rerouted.current_unit,
        rerouted.tier,
        rerouted.due,
        rerouted.escalation_count,
    )
    assert record_in(S.COLLECTED).current_unit is None
    assert record_in(S.LISTED).objections_until is None


def test_rejection_by_screening_closes_the_record() -> None:
    r = apply(
        start(C0),
        Screened(
            need_id=N, on=D(2025, 3, 2), verdict=Verdict.REJECTED, reasons=[Reason.INELIGIBLE]
        ),
    )

    assert (S.REJECTED, RecordStatus.CLOSED, Closure.REJECTED, D(2025, 3, 2)) == (
        r.state,
        r.status,
        r.closure,
        r.closed_on,
    )
    assert (Reason.INELIGIBLE,) == r.history[-1].reasons  # type: ignore[union-attr]


def test_rejection_after_deliberation_closes_the_record_for_good() -> None:
    deliberating = record_in(S.DELIBERATING)
    r = apply(
        deliberating, Rejected(need_id=N, on=D(2025, 3, 9), reason=Reason.COSTLY, note="议定")
    )

    assert (S.REJECTED, RecordStatus.CLOSED, Closure.REJECTED, D(2025, 3, 9)) == (
        r.state,
        r.status,
        r.closure,
        r.closed_on,
    )
    with pytest.raises(IllegalTransition) as info:
        apply(r, Reopened(need_id=N, on=D(2025, 3, 10), reason="appeal"))
    assert (
        "event 'reopened' is not allowed in state 'rejected' of need 'N1' (allowed: none)"
        == str(info.value)
    )


def test_deliberation_may_adjourn_then_accept() -> None:
    r = record_in(S.DELIBERATING)
    r = apply(r, Screened(need_id=N, on=D(2025, 3, 5), verdict=Verdict.DELIBERATION))
    assert S.DELIBERATING == r.state
    r = apply(r, Screened(need_id=N, on=D(2025, 3, 6), verdict=Verdict.ACCEPTED))
    assert S.SCREENED == r.state


# -- publicity ---------------------------------------------------------------


def test_objection_on_the_last_day_of_the_window_returns_to_deliberation() -> None:
    r = apply(record_in(S.PUBLICISED), Objected(need_id=N, on=D(2025, 3, 7), ground="不公平"))

    assert S.DELIBERATING == r.state
    assert RecordStatus.OPEN == r.status


def test_objection_on_the_publicity_day_is_in_the_window() -> None:
    r = apply(record_in(S.PUBLICISED), Objected(need_id=N, on=D(2025, 3, 3)))

    assert S.DELIBERATING == r.state


def test_objection_the_day_after_the_window_raises() -> None:
    with pytest.raises(IllegalTransition) as info:
        apply(record_in(S.PUBLICISED), Objected(need_id=N, on=D(2025, 3, 8)))

    assert (
        "event 'objected' is not allowed in state 'publicised' of need 'N1': "
        "the objection window closed on 2025-03-07 (got 2025-03-08)" == str(info.value)
    )


def test_routing_on_the_last_day_of_the_window_raises() -> None:
    with pytest.raises(IllegalTransition) as info:
        apply(record_in(S.PUBLICISED), attrs.evolve(ROUTED, on=D(2025, 3, 7)))

    assert (
        "event 'routed' is not allowed in state 'publicised' of need 'N1': "
        "the objection window is open until 2025-03-07 (got 2025-03-07)" == str(info.value)
    )


def test_routing_the_day_after_the_window_is_legal() -> None:
    assert S.ROUTED == apply(record_in(S.PUBLICISED), ROUTED).state


def test_a_one_day_window_is_the_publicity_day_only() -> None:
    r = replay((C0, SCREENED, LISTED, Publicised(need_id=N, on=D(2025, 3, 3), objection_days=1)))

    assert D(2025, 3, 3) == r.objections_until
    assert S.DELIBERATING == apply(r, Objected(need_id=N, on=D(2025, 3, 3))).state
    assert S.ROUTED == apply(r, attrs.evolve(ROUTED, on=D(2025, 3, 4))).state
    with pytest.raises(IllegalTransition):
        apply(r, Objected(need_id=N, on=D(2025, 3, 4)))


def test_an_objection_leads_to_a_second_screening_and_publicity() -> None:
    events = (
        *PATHS[S.PUBLICISED],
        Objected(need_id=N, on=D(2025, 3, 5)),
        Screened(need_id=N, on=D(2025, 3, 10), verdict=Verdict.ACCEPTED),
        Listed(need_id=N, on=D(2025, 3, 10)),
        Publicised(need_id=N, on=D(2025, 3, 11), objection_days=3),
        Routed(need_id=N, on=D(2025, 3, 14), unit="V1", tier=Tier.VILLAGE, due=D(2025, 3, 30)),
    )

    r = replay(events)

    assert S.ROUTED == r.state
    assert D(2025, 3, 13) == r.objections_until
    with pytest.raises(IllegalTransition):
        replay((*events[:-1], attrs.evolve(events[-1], on=D(2025, 3, 13))))


# -- escalation, closing and reopening ---------------------------------------


def test_escalation_must_start_from_the_unit_holding_the_need() -> None:
    with pytest.raises(InvalidValue) as info:
        apply(record_in(S.ROUTED), attrs.evolve(ESCALATED, from_unit="V9"))

    assert "'from_unit' must be 'V1', the unit holding need 'N1' (got 'V9')" == str(info.value)
    assert "from_unit" == info.value.field


def test_escalation_may_not_go_down_a_tier() -> None:
    with pytest.raises(InvalidValue) as info:
        apply(
            record_in(S.ESCALATED),
            attrs.evolve(ESCALATED, from_unit="T1", to_unit="V2", to_tier=Tier.VILLAGE),
        )

    assert (
        "'to_tier' must be at or above 'town', the tier holding need 'N1' (got 'village')"
        == str(info.value)
    )


def test_escalation_may_stay_at_the_same_tier_and_repeat() -> None:
    r = apply(
        record_in(S.ESCALATED),
        Escalated(
            need_id=N,
            on=D(2025, 3, 9),
            from_unit="T1",
            to_unit="T2",
            to_tier=Tier.TOWN,
            why=EscalationReason.NO_COMPETENCE,
        ),
    )

    assert (S.ESCALATED, "T2", Tier.TOWN, 2) == (
        r.state,
        r.current_unit,
        r.tier,
        r.escalation_count,
    )


def test_a_lapsed_claim_escalates_and_drops_the_claimant() -> None:
    r = apply(
        record_in(S.CLAIMED),
        attrs.evolve(ESCALATED, on=D(2025, 3, 21), why=EscalationReason.DEADLINE_PASSED),
    )

    assert (S.ESCALATED, None, None) == (r.state, r.claimant, r.due)


@pytest.mark.parametrize("state", [S.RESOLVED, S.FOLLOWED_UP, S.REVIEWED])
@pytest.mark.parametrize(
    "closure", [c for c in Closure if c not in (Closure.RESOLVED, Closure.REJECTED)]
)
def test_a_resolved_need_closes_only_as_resolved(state: State, closure: Closure) -> None:
    with pytest.raises(IllegalTransition) as info:
        apply(record_in(state), Closed(need_id=N, on=D(2025, 3, 30), closure=closure))

    assert (
        f"event 'closed' is not allowed in state '{state.value}' of need 'N1': "
        f"closure '{closure.value}' does not fit (allowed closures: 'resolved')" == str(info.value)
    )


@pytest.mark.parametrize(
    "state", [s for s in State if K.CLOSED in EXPECTED[s] and s not in RESOLVED_STATES]
)
def test_an_unresolved_need_never_closes_as_resolved(state: State) -> None:
    with pytest.raises(IllegalTransition) as info:
        apply(record_in(state), Closed(need_id=N, on=D(2025, 3, 30), closure=Closure.RESOLVED))

    assert (
        f"event 'closed' is not allowed in state '{state.value}' of need 'N1': "
        "closure 'resolved' does not fit (allowed closures: 'not-responsible', 'duplicate', "
        "'referred', 'withdrawn')" == str(info.value)
    )


@pytest.mark.parametrize(
    "closure", [Closure.NOT_RESPONSIBLE, Closure.DUPLICATE, Closure.REFERRED, Closure.WITHDRAWN]
)
def test_an_unresolved_need_closes_with_any_other_closure(closure: Closure) -> None:
    r = apply(record_in(S.IN_PROGRESS), Closed(need_id=N, on=D(2025, 3, 30), closure=closure))

    assert (S.CLOSED, RecordStatus.CLOSED, closure, D(2025, 3, 30)) == (
        r.state,
        r.status,
        r.closure,
        r.closed_on,
    )


def test_reopening_a_closed_need_returns_it_to_its_last_unit() -> None:
    closed = apply(record_in(S.CLAIMED), attrs.evolve(CLOSED, closure=Closure.REFERRED))
    r = apply(closed, Reopened(need_id=N, on=D(2025, 3, 20), reason="referral bounced"))

    assert (S.REOPENED, RecordStatus.OPEN, None, None) == (r.state, r.status, r.closure, r.closed_on)
    assert ("V1", Tier.VILLAGE, None, None, 1) == (
        r.current_unit,
        r.tier,
        r.due,
        r.claimant,
        r.reopen_count,
    )
    again = apply(r, attrs.evolve(ROUTED, on=D(2025, 3, 21), due=D(2025, 4, 1)))
    assert (S.ROUTED, D(2025, 4, 1), 1) == (again.state, again.due, again.reopen_count)


def test_reopening_after_a_follow_up_counts_each_time() -> None:
    r = record_in(S.FOLLOWED_UP)
    for i, day in enumerate((20, 25), start=1):
        r = apply(r, Reopened(need_id=N, on=D(2025, 3, day), reason="still dark"))
        assert i == r.reopen_count
        r = apply(r, Claimed(need_id=N, on=D(2025, 3, day), claimant="m2", claim_kind="personal"))
        r = apply(r, Started(need_id=N, on=D(2025, 3, day)))
        r = apply(r, Resolved(need_id=N, on=D(2025, 3, day + 1)))
    assert 2 == r.reopen_count
    assert S.RESOLVED == r.state


def test_a_need_never_routed_cannot_be_reopened() -> None:
    closed = apply(start(C0), Closed(need_id=N, on=D(2025, 3, 2), closure=Closure.DUPLICATE))

    with pytest.raises(IllegalTransition) as info:
        apply(closed, Reopened(need_id=N, on=D(2025, 3, 3), reason="not a duplicate"))

    assert (
        "event 'reopened' is not allowed in state 'closed' of need 'N1': "
        "it was never routed, so no unit can take it back (collect it again)" == str(info.value)
    )


# -- apply's other checks ----------------------------------------------------


def test_an_event_for_another_need_is_rejected_naming_need_id() -> None:
    with pytest.raises(InvalidValue) as info:
        apply(start(C0), attrs.evolve(SCREENED, need_id="N2"))

    assert "'need_id' must be 'N1', the need of this record (got 'N2')" == str(info.value)
    assert ("need_id", "N2") == (info.value.field, info.value.value)


def test_an_event_dated_before_the_last_one_is_rejected_naming_on() -> None:
    with pytest.raises(InvalidValue) as info:
        apply(record_in(S.SCREENED), Listed(need_id=N, on=D(2025, 3, 1)))

    assert (
        "'on' must be on or after 2025-03-02, the date of the last event (got 2025-03-01)"
        == str(info.value)
    )
    assert ("on", D(2025, 3, 1)) == (info.value.field, info.value.value)


def test_an_event_on_the_same_day_as_the_last_one_is_accepted() -> None:
    assert S.LISTED == apply(record_in(S.SCREENED), Listed(need_id=N, on=D(2025, 3, 2))).state


def test_collected_twice_is_illegal() -> None:
    with pytest.raises(
        IllegalTransition, match=r"event 'collected' is not allowed in state 'collected'"
    ):
        apply(start(C0), C0)


def test_apply_refuses_what_is_not_an_event() -> None:
    with pytest.raises(InvalidValue, match="'event' must be a lifecycle event"):
        apply(start(C0), "resolved")  # type: ignore[arg-type]


def test_apply_does_not_change_the_record() -> None:
    before = record_in(S.ROUTED)
    snapshot = serialization.unstructure(before)

    apply(before, STARTED)
    with pytest.raises(IllegalTransition):
        apply(before, RESOLVED)

    assert snapshot == serialization.unstructure(before)


# -- start, replay, replay_all -----------------------------------------------


def test_start_opens_a_record() -> None:
    r = start(C0)

    assert (
        NeedRecord(
            need_id=N, state=S.COLLECTED, status=RecordStatus.OPEN, history=(C0,), opened_on=D(2025, 3, 1)
        )
        == r
    )
    assert (None, None, None, None, 0, 0) == (
        r.closure,
        r.closed_on,
        r.due,
        r.tier,
        r.escalation_count,
        r.reopen_count,
    )


def test_start_needs_a_collected_event() -> None:
    with pytest.raises(UnknownReference) as info:
        start(SCREENED)  # type: ignore[arg-type]

    assert (
        "need 'N1' is unknown: its first event is 'screened', "
        "and a need's history must start with a 'collected' event" == str(info.value)
    )
    assert ("need_id", "N1") == (info.value.field, info.value.value)
    with pytest.raises(InvalidValue):
        start(None)  # type: ignore[arg-type]


def test_replay_needs_at_least_one_event() -> None:
    with pytest.raises(InvalidValue, match="'events' must be at least one event"):
        replay([])


def test_replay_is_apply_step_by_step_and_takes_any_iterable() -> None:
    assert record_in(S.CLOSED) == replay(iter(PATHS[S.CLOSED]))


def test_replay_refuses_a_history_of_two_needs() -> None:
    with pytest.raises(InvalidValue, match="'need_id' must be 'N1'"):
        replay([C0, attrs.evolve(SCREENED, need_id="N2")])


def test_replay_all_groups_by_need_in_order_of_first_event() -> None:
    c2 = Collected(need_id="N2", on=D(2025, 2, 1))
    stream: list[Event] = [
        c2,
        C0,
        Closed(need_id="N2", on=D(2025, 2, 2), closure=Closure.WITHDRAWN),
        SCREENED,
    ]

    records = replay_all(stream)

    assert ["N2", "N1"] == list(records)
    assert replay([C0, SCREENED]) == records["N1"]
    assert S.CLOSED == records["N2"].state
    assert {} == replay_all([])


def test_replay_all_names_a_need_that_was_never_collected() -> None:
    with pytest.raises(UnknownReference) as info:
        replay_all([C0, Started(need_id="N7", on=D(2025, 3, 1))])

    assert "N7" == info.value.value
    assert "need 'N7' is unknown: its first event is 'started'" in str(info.value)


def test_replay_all_checks_every_need_in_full() -> None:
    with pytest.raises(IllegalTransition, match="state 'collected' of need 'N1'"):
        replay_all([C0, Collected(need_id="N2", on=D(2025, 3, 1)), RESOLVED])
    with pytest.raises(InvalidValue, match="'event' must be a lifecycle event"):
        replay_all([C0, 42])  # type: ignore[list-item]


# -- the record's own checks -------------------------------------------------


def test_a_record_checks_its_status_against_its_state() -> None:
    r = record_in(S.CLOSED)

    with pytest.raises(InvalidValue) as info:
        attrs.evolve(r, status=RecordStatus.OPEN)
    assert "'status' must be 'closed' in state 'closed' (got 'open')" == str(info.value)
    with pytest.raises(InvalidValue, match="'status' must be 'open' in state 'routed'"):
        attrs.evolve(record_in(S.ROUTED), status=RecordStatus.CLOSED)
    with pytest.raises(InvalidValue, match="'closure' must be set exactly when closed"):
        attrs.evolve(r, closure=None)
    with pytest.raises(InvalidValue, match="'closure' must be set exactly when closed"):
        attrs.evolve(record_in(S.ROUTED), closure=Closure.DUPLICATE)


def test_a_record_checks_its_history() -> None:
    r = start(C0)

    with pytest.raises(
        InvalidValue, match=r"'history\[0\]' must be a Collected event \(got None\)"
    ):
        attrs.evolve(r, history=())
    with pytest.raises(InvalidValue, match=r"'history\[0\]' must be a Collected event"):
        attrs.evolve(r, history=(SCREENED,))
    with pytest.raises(InvalidValue, match=r"'history\[1\]' must be a lifecycle event"):
        attrs.evolve(r, history=(C0, "x"))  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match=r"'history\[1\].need_id' must be 'N1'"):
        attrs.evolve(r, history=(C0, attrs.evolve(SCREENED, need_id="N2")))
    assert isinstance(attrs.evolve(r, history=[C0]).history, tuple)


# -- the events' own checks --------------------------------------------------


def test_dates_must_be_plain_dates() -> None:
    with pytest.raises(InvalidValue, match=r"'on' must be a datetime\.date"):
        Collected(need_id=N, on=dt.datetime(2025, 3, 1, 9, 0))
    with pytest.raises(InvalidValue, match=r"'on' must be a datetime\.date"):
        Collected(need_id=N, on="2025-03-01")  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["", " N1", "N1 ", 7, None])
def test_ids_must_be_non_empty_and_trimmed(bad: object) -> None:
    with pytest.raises(InvalidValue, match="'need_id' must be a non-empty id"):
        Collected(need_id=bad, on=D(2025, 3, 1))  # type: ignore[arg-type]


def test_actor_is_optional_but_not_blank() -> None:
    assert Collected(need_id=N, on=D(2025, 3, 1)).actor is None
    with pytest.raises(InvalidValue, match="'actor'"):
        Collected(need_id=N, on=D(2025, 3, 1), actor="")


def test_due_dates_may_not_come_before_the_event() -> None:
    assert D(2025, 3, 8) == attrs.evolve(ROUTED, due=D(2025, 3, 8)).due
    with pytest.raises(InvalidValue) as info:
        attrs.evolve(ROUTED, due=D(2025, 3, 7))
    assert "'due' must be on or after 'on' (2025-03-08) (got 2025-03-07)" == str(info.value)
    with pytest.raises(InvalidValue, match="'due' must be on or after 'on'"):
        attrs.evolve(CLAIMED, due=D(2025, 3, 9))
    assert D(2025, 3, 10) == attrs.evolve(CLAIMED, due=D(2025, 3, 10)).due


@pytest.mark.parametrize("days", [0, -1, True, 2.0])
def test_the_objection_window_is_at_least_a_day(days: object) -> None:
    with pytest.raises(InvalidValue, match="'objection_days' must be an integer >= 1"):
        Publicised(need_id=N, on=D(2025, 3, 3), objection_days=days)  # type: ignore[arg-type]


def test_the_objection_window_defaults_to_five_days() -> None:
    assert 5 == PUBLICISED.objection_days
    assert D(2025, 3, 7) == PUBLICISED.objections_until
    assert D(2025, 3, 3) == attrs.evolve(PUBLICISED, objection_days=1).objections_until


@pytest.mark.parametrize("share", [1e-9, 0.5, 0.999999])
def test_a_share_lies_strictly_between_0_and_1(share: float) -> None:
    assert share == PartiallyFulfilled(need_id=N, on=D(2025, 3, 1), share=share).share


@pytest.mark.parametrize("share", [0, 0.0, 1, 1.0, -0.5, 1.5, True, "0.5", float("nan")])
def test_a_share_outside_0_1_is_refused(share: object) -> None:
    with pytest.raises(InvalidValue, match="'share' must be a number strictly between 0 and 1"):
        PartiallyFulfilled(need_id=N, on=D(2025, 3, 1), share=share)  # type: ignore[arg-type]


def test_a_count_is_at_least_one() -> None:
    assert 1 == PartiallyFulfilled(need_id=N, on=D(2025, 3, 1), count=1).count
    for bad in (0, -3, True, 1.0):
        with pytest.raises(InvalidValue, match="'count' must be an integer >= 1"):
            PartiallyFulfilled(need_id=N, on=D(2025, 3, 1), count=bad)  # type: ignore[arg-type]


def test_a_partial_fulfilment_has_a_share_or_a_count_not_both() -> None:
    with pytest.raises(InvalidValue, match="'share' must be given, or 'count', but not both"):
        PartiallyFulfilled(need_id=N, on=D(2025, 3, 1), share=0.5, count=2)
    with pytest.raises(InvalidValue, match="'share' must be given, or 'count', but not both"):
        PartiallyFulfilled(need_id=N, on=D(2025, 3, 1))


@pytest.mark.parametrize("score", [float("nan"), float("inf"), True, "90", None])
def test_a_score_is_a_finite_number(score: object) -> None:
    with pytest.raises(InvalidValue, match="'score' must be a finite number"):
        Reviewed(need_id=N, on=D(2025, 3, 1), channel="residents", score=score)  # type: ignore[arg-type]


def test_reviews_and_follow_ups_check_their_fields() -> None:
    assert 0 == Reviewed(need_id=N, on=D(2025, 3, 1), channel="residents", score=0).score
    with pytest.raises(InvalidValue, match="'channel' must be a non-empty string"):
        Reviewed(need_id=N, on=D(2025, 3, 1), channel=" ", score=1)
    with pytest.raises(InvalidValue, match="'satisfied' must be true, false or None"):
        FollowedUp(need_id=N, on=D(2025, 3, 1), satisfied=1)  # type: ignore[arg-type]
    assert FollowedUp(need_id=N, on=D(2025, 3, 1)).satisfied is None


def test_closing_as_rejected_is_refused() -> None:
    with pytest.raises(InvalidValue) as info:
        Closed(need_id=N, on=D(2025, 3, 1), closure=Closure.REJECTED)

    assert "closure" == info.value.field
    # A member's value string is told to pass the member, never listed as allowed.
    with pytest.raises(InvalidValue, match=r"'closure' must be Closure\.RESOLVED, the member, not"):
        Closed(need_id=N, on=D(2025, 3, 1), closure="resolved")  # type: ignore[arg-type]


def test_enum_fields_take_members_only() -> None:
    with pytest.raises(InvalidValue, match=r"'verdict' must be Verdict\.ACCEPTED, the member, not"):
        Screened(need_id=N, on=D(2025, 3, 1), verdict="accepted")  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match="'verdict' must be a Verdict: one of 'accepted'"):
        Screened(need_id=N, on=D(2025, 3, 1), verdict="approved")  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match=r"'reasons\[1\]' must be Reason\.EXCESSIVE, the member"):
        Screened(
            need_id=N,
            on=D(2025, 3, 1),
            verdict=Verdict.REJECTED,
            reasons=[Reason.DUPLICATE, "excessive"],  # type: ignore[list-item]
        )
    with pytest.raises(InvalidValue, match=r"'tier' must be Tier\.VILLAGE, the member"):
        attrs.evolve(ROUTED, tier="village")  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match=r"'why' must be EscalationReason\.NO_CAPACITY, the member"):
        attrs.evolve(ESCALATED, why="no-capacity")  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match=r"'reason' must be Reason\.EXCESSIVE, the member"):
        Rejected(need_id=N, on=D(2025, 3, 1), reason="excessive")  # type: ignore[arg-type]


def test_escalation_goes_to_another_unit() -> None:
    with pytest.raises(InvalidValue, match="'to_unit' must be another unit than 'from_unit'"):
        attrs.evolve(ESCALATED, to_unit="V1")


def test_claims_and_reopenings_say_what_and_why() -> None:
    with pytest.raises(InvalidValue, match="'claim_kind' must be a non-empty string"):
        attrs.evolve(CLAIMED, claim_kind="")
    with pytest.raises(InvalidValue, match="'reason' must be a non-empty string"):
        Reopened(need_id=N, on=D(2025, 3, 1), reason="  ")


def test_events_are_frozen_values() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        C0.on = D(2025, 1, 1)  # type: ignore[misc]
    assert C0 == Collected(need_id=N, on=D(2025, 3, 1), actor="grid-7")
    assert hash(C0) == hash(Collected(need_id=N, on=D(2025, 3, 1), actor="grid-7"))


# -- every rejection names its field, the value and what is allowed ----------

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


@given(event=lifecycle_events(), data=st.data())
def test_a_datetime_for_a_date_is_refused_naming_the_field(event: Event, data: st.DataObject) -> None:
    field = data.draw(st.sampled_from(_DATE_FIELDS.get(type(event), ("on",))), label="field")
    moment = data.draw(st.datetimes(), label="moment")
    changes: dict[str, Any] = {field: moment}

    with pytest.raises(InvalidValue) as info:
        attrs.evolve(event, **changes)

    _house(info.value, field, moment, _NOT_A_DATETIME)


@given(record=need_records(), field=st.sampled_from(_RECORD_DATES), moment=st.datetimes())
def test_a_record_refuses_a_datetime_for_a_date_naming_the_field(
    record: NeedRecord, field: str, moment: dt.datetime
) -> None:
    changes: dict[str, Any] = {field: moment}

    with pytest.raises(InvalidValue) as info:
        attrs.evolve(record, **changes)

    _house(info.value, field, moment, _NOT_A_DATETIME)


@given(
    event=lifecycle_events(kinds=[K.ROUTED, K.CLAIMED]),
    days=st.integers(1, 3650),
)
def test_a_due_date_before_the_event_is_refused_naming_it(event: Routed | Claimed, days: int) -> None:
    due = event.on - dt.timedelta(days=days)

    with pytest.raises(InvalidValue) as info:
        attrs.evolve(event, due=due)

    _names(info.value, "due", due, f"on or after {event.on}")
    assert f"'due' must be on or after 'on' ({event.on}) (got {due})" == str(info.value)


@given(
    share=st.floats(0.0, 1.0, exclude_min=True, exclude_max=True),
    count=st.integers(1, 10_000),
)
def test_a_share_and_a_count_together_are_refused_naming_the_share(share: float, count: int) -> None:
    with pytest.raises(InvalidValue) as info:
        PartiallyFulfilled(need_id=N, on=D(2025, 3, 1), share=share, count=count)

    _house(info.value, "share", share, "given, or 'count', but not both")


@given(satisfied=st.integers(-999, 999) | st.floats(allow_nan=False) | st.sampled_from(["yes", "no"]))
def test_a_follow_up_refuses_what_is_not_true_false_or_none(satisfied: object) -> None:
    with pytest.raises(InvalidValue) as info:
        FollowedUp(need_id=N, on=D(2025, 3, 1), satisfied=satisfied)  # type: ignore[arg-type]

    _house(info.value, "satisfied", satisfied, "true, false or None")


@pytest.mark.parametrize("score", [float("inf"), float("-inf"), True, False, "90", None])
def test_a_score_that_is_not_a_finite_number_is_named(score: object) -> None:
    with pytest.raises(InvalidValue) as info:
        Reviewed(need_id=N, on=D(2025, 3, 1), channel="residents", score=score)  # type: ignore[arg-type]

    _house(info.value, "score", score, "a finite number")


def test_closing_as_rejected_is_refused_saying_what_to_record_instead() -> None:
    with pytest.raises(InvalidValue) as info:
        Closed(need_id=N, on=D(2025, 3, 1), closure=Closure.REJECTED)

    _house(
        info.value,
        "closure",
        "rejected",
        "a closure other than 'rejected' (record a Rejected event)",
    )


@given(record=need_records(), closure=st.sampled_from(Closure))
def test_a_record_has_a_closure_exactly_when_closed(record: NeedRecord, closure: Closure) -> None:
    wrong = None if record.status is RecordStatus.CLOSED else closure

    with pytest.raises(InvalidValue) as info:
        attrs.evolve(record, closure=wrong)

    _house(info.value, "closure", wrong, f"set exactly when closed (state {record.state.value!r})")


@given(event=lifecycle_events(kinds=[k for k in EventKind if k is not K.COLLECTED]))
def test_a_history_that_does_not_start_with_collection_names_the_need(event: Event) -> None:
    msg = (
        f"need {event.need_id!r} is unknown: its first event is {event.kind.value!r}, "
        "and a need's history must start with a 'collected' event"
    )
    calls: list[Callable[[], object]] = [
        lambda: start(event),  # type: ignore[arg-type]
        lambda: replay([event]),
        lambda: replay_all([event]),
    ]
    for call in calls:
        with pytest.raises(UnknownReference) as info:
            call()

        _names(info.value, "need_id", event.need_id, "a collected need")
        assert msg == str(info.value)


@given(record=need_records(), days=st.integers(1, 3650), data=st.data())
def test_an_event_dated_before_the_last_one_names_the_last_date(
    record: NeedRecord, days: int, data: st.DataObject
) -> None:
    # The date is checked before the guards: an event of any kind legal in the state will do.
    kinds = allowed_events(record.state)
    assume(kinds)
    early = data.draw(
        lifecycle_events(
            kinds=kinds,
            need_ids=st.just(record.need_id),
            dates=st.just(record.last_on - dt.timedelta(days=days)),
        ),
        label="event",
    )
    allowed = f"on or after {record.last_on}, the date of the last event"

    with pytest.raises(InvalidValue) as info:
        apply(record, early)

    _names(info.value, "on", early.on, allowed)
    assert f"'on' must be {allowed} (got {early.on})" == str(info.value)


@pytest.mark.parametrize("events", [[], (), iter([])], ids=["list", "tuple", "iterator"])
def test_replay_of_no_events_names_what_it_needs(events: Any) -> None:
    with pytest.raises(InvalidValue) as info:
        replay(events)

    _house(info.value, "events", [], "at least one event, a Collected one first")


@given(value=_NOT_EVENTS)
def test_what_is_not_an_event_is_named_as_the_event(value: object) -> None:
    calls: list[Callable[[], object]] = [
        lambda: start(value),  # type: ignore[arg-type]
        lambda: replay([value]),  # type: ignore[list-item]
        lambda: replay_all([C0, value]),  # type: ignore[list-item]
        lambda: apply(start(C0), value),  # type: ignore[arg-type]
    ]
    for call in calls:
        with pytest.raises(InvalidValue) as info:
            call()

        _house(info.value, "event", value, "a lifecycle event")


# -- labels and the public surface -------------------------------------------


@pytest.mark.parametrize("enum_cls", [RecordStatus, State, EventKind, EscalationReason, Closure])
def test_every_member_has_a_chinese_and_an_english_label(enum_cls: Any) -> None:
    for member in enum_cls:
        assert re.search(r"[\u4e00-\u9fff]", label(member, "zh")), member
        assert re.fullmatch(r"[A-Za-z' ,-]+", label(member, "en")), member


def test_event_kinds_are_the_snake_case_tags_of_the_event_classes() -> None:
    classes: list[type[Event]] = [
        Collected,
        Screened,
        Rejected,
        Listed,
        Publicised,
        Objected,
        Routed,
        Escalated,
        Claimed,
        Started,
        PartiallyFulfilled,
        Resolved,
        FollowedUp,
        Reviewed,
        Closed,
        Reopened,
    ]
    assert [
        "collected",
        "screened",
        "rejected",
        "listed",
        "publicised",
        "objected",
        "routed",
        "escalated",
        "claimed",
        "started",
        "partially_fulfilled",
        "resolved",
        "followed_up",
        "reviewed",
        "closed",
        "reopened",
    ] == [c.kind.value for c in classes]
    assert list(EventKind) == [c.kind for c in classes]


def test_escalation_reasons_share_routings_wire_values() -> None:
    assert [
        "no-competence",
        "over-cost-ceiling",
        "no-capacity",
        "deadline-passed",
        "referred",
    ] == [w.value for w in EscalationReason]


def test_the_public_names_are_sorted_and_dir_shows_only_them() -> None:
    assert sorted(lifecycle.__all__) == dir(lifecycle)
    constants = [n for n in lifecycle.__all__ if n.isupper()]
    classes = [n for n in lifecycle.__all__ if n[0].isupper() and not n.isupper()]
    functions = [n for n in lifecycle.__all__ if n[0].islower()]
    assert constants + sorted(classes) + sorted(functions) == lifecycle.__all__


def test_errors_are_servicegov_errors() -> None:
    with pytest.raises(ServicegovError):
        apply(start(C0), RESOLVED)
    with pytest.raises(ValueError, match="not allowed"):
        apply(start(C0), RESOLVED)


# -- the wire format ---------------------------------------------------------


@pytest.mark.parametrize("state", list(State))
def test_every_record_round_trips_through_json(state: State) -> None:
    r = record_in(state)

    data = json.loads(json.dumps(serialization.unstructure(r)))

    assert r == serialization.structure(data, NeedRecord)


def test_the_wire_shape_of_a_record() -> None:
    data = serialization.unstructure(record_in(S.PARTIALLY_FULFILLED))

    assert {
        "need_id": "N1",
        "state": "partially-fulfilled",
        "status": "open",
        "opened_on": "2025-03-01",
        "closed_on": None,
        "closure": None,
        "current_unit": "V1",
        "tier": "village",
        "due": "2025-03-20",
        "claimant": None,
        "objections_until": "2025-03-07",
        "escalation_count": 0,
        "reopen_count": 0,
    } == {k: v for k, v in data.items() if k != "history"}
    assert {"event": "collected", "need_id": "N1", "on": "2025-03-01", "actor": "grid-7"} == (
        data["history"][0]
    )
    assert {
        "event": "partially_fulfilled",
        "need_id": "N1",
        "on": "2025-03-12",
        "actor": None,
        "share": 0.5,
        "count": None,
    } == data["history"][-1]
    assert [
        "collected",
        "screened",
        "listed",
        "publicised",
        "routed",
        "started",
        "partially_fulfilled",
    ] == [e["event"] for e in data["history"]]


def test_an_event_log_round_trips_event_by_event() -> None:
    data = json.loads(json.dumps(serialization.unstructure(list(HAPPY))))

    assert [e.kind.value for e in HAPPY] == [d["event"] for d in data]
    assert list(HAPPY) == serialization.structure(data, list[Event])


@pytest.mark.parametrize("event", HAPPY, ids=lambda e: e.kind.value)
def test_a_single_event_carries_its_tag_and_reads_back_as_its_class(event: Event) -> None:
    data = serialization.unstructure(event)

    assert event.kind.value == data["event"]
    assert event == serialization.structure(data, type(event))
    assert event == serialization.structure(data, Event)  # type: ignore[arg-type]
    untagged = {k: v for k, v in data.items() if k != "event"}
    assert event == serialization.structure(untagged, type(event))


def test_a_class_refuses_another_events_tag() -> None:
    data = dict(serialization.unstructure(ROUTED), event="claimed")

    with pytest.raises(StructureError, match="'event' must be 'routed' \\(got 'claimed'\\)"):
        serialization.structure(data, Routed)


def test_an_unknown_or_missing_tag_is_named() -> None:
    data = serialization.unstructure(record_in(S.SCREENED))
    data["history"][1]["event"] = "approved"

    with pytest.raises(StructureError) as info:
        serialization.structure(data, NeedRecord)

    assert "'event' must be one of 'collected', 'screened'," in str(info.value)
    assert "(got 'approved') @ $.history[1].event" in str(info.value)
    del data["history"][1]["event"]
    with pytest.raises(StructureError, match=r"\(got None\) @ \$.history\[1\].event"):
        serialization.structure(data, NeedRecord)
    data["history"][1] = 3
    with pytest.raises(StructureError, match=r"expected an event object .* @ \$.history\[1\]"):
        serialization.structure(data, NeedRecord)


def test_bad_event_data_is_named_by_path() -> None:
    data = serialization.unstructure(record_in(S.ROUTED))
    data["history"][4]["tier"] = "province"

    with pytest.raises(StructureError, match=r"'tier' must be one of .* @ \$.history\[4\].tier"):
        serialization.structure(data, NeedRecord)


def test_an_inconsistent_record_does_not_structure() -> None:
    data = serialization.unstructure(record_in(S.CLOSED))
    data["status"] = "open"

    with pytest.raises(StructureError, match=r"'status' must be 'closed' in state 'closed'"):
        serialization.structure(data, NeedRecord)


def test_records_structure_even_if_the_converter_was_built_before_the_import() -> None:
    script = """
import datetime as dt
from servicegov import serialization
serialization.structure("2025-03-01", dt.date)
from servicegov import lifecycle
r = lifecycle.start(lifecycle.Collected(need_id="N1", on=dt.date(2025, 3, 1)))
assert serialization.structure(serialization.unstructure(r), lifecycle.NeedRecord) == r
print(serialization.unstructure(r)["history"][0]["event"])
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )

    assert "collected" == out.stdout.strip()
