"""Properties of `servicegov.ledger`: contiguous spans, and late escalations charged to the right holder."""

from __future__ import annotations

import datetime as dt
import itertools

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicegov.ledger import HolderKind, Left, breaches, ledger, spans
from servicegov.lifecycle import (
    Claimed,
    Closed,
    Closure,
    Escalated,
    EscalationReason,
    Event,
    Resolved,
    Routed,
    Started,
)
from servicegov.org import Tier

from ..unit.ledger_cases import WHY, _listed, d

_TIERS = list(Tier)


@st.composite
def histories(draw: st.DrawFn, need_id: str = "N1") -> tuple[list[Event], dt.date]:
    """A legal history, built step by step, and an as-of date on or after its last event."""
    start = d(2025, 1, 1) + dt.timedelta(days=draw(st.integers(0, 60)))
    events: list[Event] = _listed(need_id, start + dt.timedelta(days=4))
    on = start + dt.timedelta(days=9 + draw(st.integers(0, 5)))
    names = iter(f"U{i}" for i in range(100))

    def later() -> dt.date:
        return on + dt.timedelta(days=draw(st.integers(0, 10)))

    def due_from(day: dt.date) -> dt.date:
        return day + dt.timedelta(days=draw(st.integers(0, 15)))

    unit, tier = next(names), draw(st.sampled_from(_TIERS))
    events.append(Routed(need_id=need_id, on=on, unit=unit, tier=tier, due=due_from(on)))
    state = "routed"
    for _ in range(draw(st.integers(0, 6))):
        moves = {
            "routed": ["escalate", "claim"],
            "escalated": ["route", "escalate", "claim"],
            "claimed": ["escalate"],
        }[state]
        move = draw(st.sampled_from(moves))
        on = later()
        if move == "escalate":
            to_unit = next(names)
            to_tier = draw(st.sampled_from([t for t in _TIERS if t.rank >= tier.rank]))
            why = draw(st.sampled_from(list(EscalationReason)))
            events.append(
                Escalated(need_id=need_id, on=on, from_unit=unit, to_unit=to_unit, to_tier=to_tier, why=why)
            )
            unit, tier, state = to_unit, to_tier, "escalated"
        elif move == "route":
            unit = draw(st.sampled_from([unit, next(names)]))
            events.append(Routed(need_id=need_id, on=on, unit=unit, tier=tier, due=due_from(on)))
            state = "routed"
        else:
            due = draw(st.none() | st.just(due_from(on)))
            events.append(
                Claimed(need_id=need_id, on=on, claimant=next(names), claim_kind="personal", due=due)
            )
            state = "claimed"
    if state in ("routed", "claimed") and draw(st.booleans()):
        on = later()
        events.append(Started(need_id=need_id, on=on))
        on = later()
        events.append(Resolved(need_id=need_id, on=on))
    elif draw(st.booleans()):
        on = later()
        events.append(Closed(need_id=need_id, on=on, closure=Closure.WITHDRAWN))
    return events, on + dt.timedelta(days=draw(st.integers(0, 30)))


@given(histories())
def test_spans_are_contiguous_and_at_most_the_last_is_open(case: tuple[list[Event], dt.date]) -> None:
    events, as_of = case

    result = spans(events, as_of=as_of)

    assert 1 <= len(result)
    for before, after in itertools.pairwise(result):
        assert before.left == after.received
    assert [] == [s for s in result[:-1] if s.is_open]


@given(histories())
def test_every_late_escalation_is_charged_to_the_holder_it_left(case: tuple[list[Event], dt.date]) -> None:
    events, as_of = case
    result = spans(events, as_of=as_of)
    charged = breaches(result, as_of=as_of)
    passed_up = [s for s in result if s.how is Left.PASSED_UP]
    escalations = [e for e in events if isinstance(e, Escalated)]

    assert len(escalations) == len(passed_up)
    for event, span in zip(escalations, passed_up, strict=True):
        assert event.on == span.left
        assert event.why is span.why
        if span.holder_kind is HolderKind.UNIT:
            assert event.from_unit == span.holder
        if event.why is WHY.DEADLINE_PASSED and span.due is not None and span.due < event.on:
            assert "N1" in charged.get(span.holder, ())


@given(histories())
def test_no_holder_is_charged_for_a_deadline_that_passed_elsewhere(case: tuple[list[Event], dt.date]) -> None:
    events, as_of = case
    result = spans(events, as_of=as_of)

    for span in result:
        end = span.left if span.left is not None else as_of
        own_deadline_passed = span.due is not None and end > span.due
        assert own_deadline_passed == span.breached(as_of)
    for span, receiver in itertools.pairwise(result):
        if span.how is Left.PASSED_UP:
            assert receiver.due is None
            assert not receiver.breached(as_of)
    holders_charged = breaches(result, as_of=as_of)
    for holder in holders_charged:
        assert any(s.breached(as_of) for s in result if s.holder == holder)


@given(st.lists(histories(), min_size=1, max_size=6), st.data())
def test_expected_breaches_sum_to_observed_breaches_over_all_holders(
    cases: list[tuple[list[Event], dt.date]], data: st.DataObject
) -> None:
    renamed = [[attrs.evolve(e, need_id=f"N{i}") for e in events] for i, (events, _as_of) in enumerate(cases)]
    as_of = max(as_of for _events, as_of in cases)
    labels = {f"N{i}": data.draw(st.sampled_from(["a", "b", "c"])) for i in range(len(cases))}
    book = ledger(renamed, as_of=as_of)

    mix = book.case_mix(labels)

    assert sum(m.breaches for m in mix.values()) == pytest.approx(sum(m.expected for m in mix.values()))
    assert sum(m.spans for m in mix.values()) == sum(1 for s in book.spans if s.due is not None)
