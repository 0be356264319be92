"""The lifecycle of one need: the transition table, its paths, apply and replay, labels and the wire.

DOMAIN.md §1-§6.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from typing import Any

import attrs
import pytest

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

from .lifecycle_cases import (
    C0,
    CLAIMED,
    CLOSED,
    ESCALATED,
    EXPECTED,
    HAPPY,
    KINDS,
    LISTED,
    PATHS,
    RESOLVED,
    RESOLVED_STATES,
    ROOT,
    ROUTED,
    SCREENED,
    STARTED,
    STATES,
    D,
    K,
    N,
    S,
    event_for,
    kinds_str,
    record_in,
)

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
