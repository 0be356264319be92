"""The lifecycle as a state machine, driven by random legal and illegal events."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import hypothesis
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
)

from servicegov import serialization
from servicegov.errors import IllegalTransition, InvalidValue
from servicegov.lifecycle import (
    TRANSITIONS,
    Closed,
    Closure,
    Collected,
    Escalated,
    EscalationReason,
    Event,
    EventKind,
    NeedRecord,
    Objected,
    RecordStatus,
    Reopened,
    Routed,
    Screened,
    State,
    apply,
    replay,
    start,
)
from servicegov.org import Tier
from servicegov.screening import Verdict
from servicegov.strategies import lifecycle_events, next_events
from servicegov.strategies._common import _LC_IDS as ids

DAY = dt.timedelta(days=1)
TIERS = (Tier.GRID, Tier.PARTY_GROUP, Tier.VILLAGE, Tier.TOWN, Tier.DISTRICT)
RESOLVED_STATES = {State.RESOLVED, State.FOLLOWED_UP, State.REVIEWED}
CLOSED_STATES = {State.CLOSED, State.REJECTED}
# What the docs say an event leads to, written out apart from the module.
LEADS_TO = {
    EventKind.REJECTED: State.REJECTED,
    EventKind.LISTED: State.LISTED,
    EventKind.PUBLICISED: State.PUBLICISED,
    EventKind.OBJECTED: State.DELIBERATING,
    EventKind.ROUTED: State.ROUTED,
    EventKind.ESCALATED: State.ESCALATED,
    EventKind.CLAIMED: State.CLAIMED,
    EventKind.STARTED: State.IN_PROGRESS,
    EventKind.PARTIALLY_FULFILLED: State.PARTIALLY_FULFILLED,
    EventKind.RESOLVED: State.RESOLVED,
    EventKind.FOLLOWED_UP: State.FOLLOWED_UP,
    EventKind.REVIEWED: State.REVIEWED,
    EventKind.CLOSED: State.CLOSED,
    EventKind.REOPENED: State.REOPENED,
}
BY_VERDICT = {
    Verdict.ACCEPTED: State.SCREENED,
    Verdict.DELIBERATION: State.DELIBERATING,
    Verdict.REJECTED: State.REJECTED,
}


class LifecycleMachine(RuleBasedStateMachine):
    """One need's record under random events.

    The rules under test (docs/lifecycle.md): an event is accepted only if its
    kind is allowed in the record's state, it is for the record's need, it is not
    dated before the last event, and it meets the guards of publicity, closing,
    reopening and escalation; a refused event raises and leaves the record as it
    was.  Whatever was accepted, the record is the fold of its history.
    """

    def __init__(self) -> None:
        super().__init__()
        self.record: NeedRecord | None = None
        self.accepted = 0

    @property
    def r(self) -> NeedRecord:
        assert self.record is not None
        return self.record

    def refused(self, event: Event, error: type[Exception], *fragments: str) -> None:
        """Apply *event*, expecting *error* whose message holds every fragment."""
        before = self.r
        snapshot = serialization.unstructure(before)
        with pytest.raises(error) as info:
            apply(before, event)
        for fragment in fragments:
            assert fragment in str(info.value), (fragment, str(info.value))
        assert self.r is before
        assert snapshot == serialization.unstructure(self.r)

    @initialize(
        event=lifecycle_events(
            kinds=[EventKind.COLLECTED], dates=st.dates(dt.date(2024, 1, 1), dt.date(2025, 12, 31))
        )
    )
    def collect(self, event: Event) -> None:
        assert isinstance(event, Collected)
        self.record = start(event)
        self.accepted = 1

    def can_go_on(self) -> bool:
        return any(
            k is not EventKind.REOPENED or self.r.current_unit is not None
            for k in TRANSITIONS[self.r.state]
        )

    @rule(data=st.data())
    def legal_event(self, data: st.DataObject) -> None:
        # A precondition would make Hypothesis give up on some runs of a rejected
        # need; doing nothing there keeps every run.
        if not self.can_go_on():
            return
        before = self.r
        event = data.draw(next_events(before))

        after = apply(before, event)

        expected = (
            BY_VERDICT[event.verdict] if isinstance(event, Screened) else LEADS_TO[event.kind]
        )
        assert expected == after.state
        assert (*before.history, event) == after.history
        hypothesis.event(f"reached {after.state.value}")
        self.record = after
        self.accepted += 1

    @rule(data=st.data())
    def illegal_event(self, data: st.DataObject) -> None:
        # One rule for every kind of refusal, so that legal steps keep about half
        # of the steps and histories grow long enough to reach the late states.
        r = self.r
        allowed = TRANSITIONS[r.state]
        refusals: list[Callable[[st.DataObject], None]] = [
            self.event_not_in_the_table,
            self.event_for_another_need,
        ]
        if allowed:
            refusals.append(self.event_dated_too_early)
        if r.state is State.PUBLICISED:
            refusals += [self.objection_after_the_window, self.routing_within_the_window]
        if EventKind.CLOSED in allowed:
            refusals.append(self.closing_with_the_wrong_closure)
        if EventKind.ESCALATED in allowed:
            refusals.append(self.escalating_from_elsewhere)
            if r.tier is not Tier.GRID:
                refusals.append(self.escalating_downwards)
        if r.state is State.CLOSED and r.current_unit is None:
            refusals.append(self.reopening_what_was_never_routed)
        refusal = data.draw(st.sampled_from(refusals))
        hypothesis.event(f"refused: {refusal.__name__}")
        refusal(data)

    def event_not_in_the_table(self, data: st.DataObject) -> None:
        state = self.r.state
        illegal = [k for k in EventKind if k not in TRANSITIONS[state]]
        event = data.draw(
            lifecycle_events(
                kinds=illegal,
                need_ids=st.just(self.r.need_id),
                dates=st.dates(self.r.last_on, self.r.last_on + 30 * DAY),
            )
        )
        self.refused(
            event,
            IllegalTransition,
            f"event '{event.kind.value}' is not allowed in state '{state.value}'",
            f"of need '{self.r.need_id}'",
        )

    def event_for_another_need(self, data: st.DataObject) -> None:
        other = data.draw(ids)
        if other == self.r.need_id:
            other += "-other"
        event = data.draw(lifecycle_events(need_ids=st.just(other)))
        self.refused(event, InvalidValue, "'need_id' must be", f"(got '{other}')")

    def event_dated_too_early(self, data: st.DataObject) -> None:
        days = data.draw(st.integers(1, 400))
        event = data.draw(
            lifecycle_events(
                kinds=TRANSITIONS[self.r.state],
                need_ids=st.just(self.r.need_id),
                dates=st.just(self.r.last_on - days * DAY),
            )
        )
        self.refused(event, InvalidValue, "'on' must be on or after", str(self.r.last_on))

    def objection_after_the_window(self, data: st.DataObject) -> None:
        until = self.r.objections_until
        assert until is not None
        event = Objected(need_id=self.r.need_id, on=until + data.draw(st.integers(1, 10)) * DAY)
        self.refused(event, IllegalTransition, f"the objection window closed on {until}")

    def routing_within_the_window(self, data: st.DataObject) -> None:
        until = self.r.objections_until
        assert until is not None
        on = data.draw(st.dates(self.r.last_on, until))
        event = Routed(need_id=self.r.need_id, on=on, unit="V1", tier=Tier.VILLAGE, due=until)
        self.refused(event, IllegalTransition, f"the objection window is open until {until}")

    def closing_with_the_wrong_closure(self, data: st.DataObject) -> None:
        resolved = self.r.state in RESOLVED_STATES
        wrong = [
            c for c in Closure if c is not Closure.REJECTED and (c is Closure.RESOLVED) != resolved
        ]
        closure = data.draw(st.sampled_from(wrong))
        event = Closed(need_id=self.r.need_id, on=self.r.last_on, closure=closure)
        self.refused(event, IllegalTransition, f"closure '{closure.value}' does not fit")

    def escalating_from_elsewhere(self, data: st.DataObject) -> None:
        unit = data.draw(ids)
        if unit == self.r.current_unit:
            unit += "-x"
        event = Escalated(
            need_id=self.r.need_id,
            on=self.r.last_on,
            from_unit=unit,
            to_unit=unit + "-up",
            to_tier=Tier.DISTRICT,
            why=EscalationReason.REFERRED,
        )
        self.refused(event, InvalidValue, "'from_unit' must be", f"(got '{unit}')")

    def escalating_downwards(self, data: st.DataObject) -> None:
        tier = self.r.tier
        assert tier is not None
        assert self.r.current_unit is not None
        lower = data.draw(st.sampled_from([t for t in TIERS if t < tier]))
        event = Escalated(
            need_id=self.r.need_id,
            on=self.r.last_on,
            from_unit=self.r.current_unit,
            to_unit=self.r.current_unit + "-down",
            to_tier=lower,
            why=EscalationReason.NO_CAPACITY,
        )
        self.refused(event, InvalidValue, "'to_tier' must be at or above", f"(got '{lower.value}')")

    def reopening_what_was_never_routed(self, data: st.DataObject) -> None:
        event = Reopened(need_id=self.r.need_id, on=self.r.last_on, reason="asked again")
        self.refused(event, IllegalTransition, "it was never routed")

    # -- invariants -----------------------------------------------------------

    @invariant()
    def history_counts_the_accepted_events(self) -> None:
        assert self.accepted == len(self.r.history)
        assert isinstance(self.r.history[0], Collected)

    @invariant()
    def status_is_closed_exactly_in_closed_states(self) -> None:
        assert (self.r.status is RecordStatus.CLOSED) == (self.r.state in CLOSED_STATES)

    @invariant()
    def the_record_is_the_fold_of_its_history(self) -> None:
        assert self.r == replay(self.r.history)

    @invariant()
    def counters_count_their_events(self) -> None:
        kinds = [e.kind for e in self.r.history]
        assert kinds.count(EventKind.ESCALATED) == self.r.escalation_count
        assert kinds.count(EventKind.REOPENED) == self.r.reopen_count

    @invariant()
    def dates_never_go_back(self) -> None:
        days = [e.on for e in self.r.history]
        assert sorted(days) == days
        assert days[0] == self.r.opened_on

    @invariant()
    def a_closed_record_says_how_and_when(self) -> None:
        if self.r.status is RecordStatus.CLOSED:
            assert self.r.closure is not None
            assert self.r.last_on == self.r.closed_on
            rejected = self.r.state is State.REJECTED
            assert rejected == (self.r.closure is Closure.REJECTED)
        else:
            assert self.r.closure is None
            assert self.r.closed_on is None

    @invariant()
    def the_record_round_trips_through_json(self) -> None:
        data: Any = json.loads(json.dumps(serialization.unstructure(self.r)))
        assert self.r == serialization.structure(data, NeedRecord)

    @invariant()
    def a_holder_is_known_from_routing_on(self) -> None:
        if self.r.state in {
            State.ROUTED,
            State.ESCALATED,
            State.CLAIMED,
            State.IN_PROGRESS,
            State.PARTIALLY_FULFILLED,
            State.RESOLVED,
            State.FOLLOWED_UP,
            State.REVIEWED,
            State.REOPENED,
        }:
            assert self.r.current_unit is not None
            assert self.r.tier is not None
        if self.r.state is State.CLAIMED:
            assert self.r.claimant is not None


LifecycleMachine.TestCase.settings = settings(
    max_examples=40, stateful_step_count=40, deadline=None
)
TestLifecycle = LifecycleMachine.TestCase
