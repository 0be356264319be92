"""Tests for the public stages of `servicegov.pipeline`: what each passes on, refuses and agrees with.

A need driven with :func:`~servicegov.pipeline.advance` ends where the batch call
leaves it; :func:`~servicegov.pipeline.run` is the stages composed with the
same arguments; every stage names the argument it refuses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicegov import lifecycle, pipeline
from servicegov.calendar import WorkCalendar
from servicegov.district import District
from servicegov.errors import InvalidValue, ServicegovError, UnknownReference
from servicegov.needs import Need, NeedKind, Scope
from servicegov.org import Organisation, ProviderKind, Tier, Unit
from servicegov.routing import Competence, RoutingPolicy
from servicegov.screening import DEFAULT_RULES, ScreeningPolicy, ScreeningRules, Verdict, screen

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


def _district(*needs: Need, as_of: dt.date = AS_OF) -> District:
    return District(name="test", division=DISTRICT, organisation=_org(), calendar=WorkCalendar(),
                    needs=needs, as_of=as_of)


def _need(nid: str = "N1", on: dt.date = dt.date(2025, 3, 3), **changes: Any) -> Need:
    need = Need(id=nid, village=VILLAGE, kind=NeedKind.LIVELIHOOD, category="elderly-care",
                scope=Scope.INDIVIDUAL, households=("h1",), urgency=3, necessity=3, aspiration=3,
                collected=on)
    return attrs.evolve(need, **changes)


# Every tier can do the work: a need stays where it is routed unless its deadline passes.
POLICY = RoutingPolicy(competence=tuple(
    Competence(tier=t, kind=k, categories=frozenset())
    for t in (Tier.VILLAGE, Tier.TOWN, Tier.DISTRICT)
    for k in (ProviderKind.PARTY_ORGANISATION, ProviderKind.GOVERNMENT_DEPARTMENT)
))


def _refused(
    error: type[ServicegovError], field: str, value: object, *words: str
) -> Callable[[pytest.ExceptionInfo[ServicegovError]], None]:
    """Check the house form: the error names the field, holds the value and says what is allowed."""

    def check(caught: pytest.ExceptionInfo[ServicegovError]) -> None:
        e = caught.value
        assert isinstance(e, error)
        assert e.field == field
        assert e.value == value or (e.value is value)
        assert e.allowed is not None
        assert e.allowed.startswith(words[0])
        for w in words:
            assert w in e.allowed
        assert f"'{field}' must be {e.allowed}" in str(e)

    return check


def _collected(need: Need) -> list[lifecycle.Event]:
    return [lifecycle.Collected(need_id=need.id, on=need.collected)]


# --------------------------------------------------------------------------- advance


@settings(max_examples=25, deadline=None)
@given(offset=st.integers(0, 150), days=st.integers(1, 25), late=st.integers(0, 120),
       every_tier=st.booleans())
def test_advancing_at_once_gives_the_events_of_the_batch_history(
    offset: int, days: int, late: int, every_tier: bool,
) -> None:
    need = _need(on=dt.date(2025, 1, 6) + dt.timedelta(days=offset))
    today = need.collected + dt.timedelta(days=late)
    d = _district(need, as_of=today)
    policy = POLICY if every_tier else None

    batch = pipeline.run(d, policy=policy, listing_workdays=days)
    got = pipeline.advance(d, _collected(need), today=today, policy=policy, listing_workdays=days)

    assert got == batch.history(need.id)[1:]
    assert all(e.on <= today for e in got)


@settings(max_examples=25, deadline=None)
@given(offset=st.integers(0, 100), first=st.integers(0, 80), second=st.integers(0, 80))
def test_advancing_in_two_steps_gives_what_advancing_once_gives(offset: int, first: int, second: int) -> None:
    need = _need(on=dt.date(2025, 1, 6) + dt.timedelta(days=offset))
    d = _district(need)
    midway = need.collected + dt.timedelta(days=first)
    end = midway + dt.timedelta(days=second)

    events = _collected(need)
    events += pipeline.advance(d, events, today=midway, policy=POLICY)
    events += pipeline.advance(d, events, today=end, policy=POLICY)

    at_once = pipeline.advance(d, _collected(need), today=end, policy=POLICY)
    assert tuple(events) == (*_collected(need), *at_once)
    # Caught up: nothing more to append on the same day.
    assert pipeline.advance(d, events, today=end, policy=POLICY) == ()


def test_an_accepted_need_is_screened_listed_and_publicised_on_the_day_it_was_collected() -> None:
    need = _need()
    d = _district(need)
    day = need.collected

    events = pipeline.advance(d, _collected(need), today=day, listing_workdays=3)

    s = screen(need, DEFAULT_RULES, as_of=day, catalogue=d.catalogue)
    routed_on = d.calendar.add_workdays(day, 3)
    assert events == (
        lifecycle.Screened(need_id=need.id, on=day, verdict=Verdict.ACCEPTED, reasons=s.reasons),
        lifecycle.Listed(need_id=need.id, on=day, category=need.category),
        lifecycle.Publicised(need_id=need.id, on=day, objection_days=(routed_on - day).days),
    )
    # Routed on the day the publicity ends, and not a day before.
    stored = [*_collected(need), *events]
    assert pipeline.advance(d, stored, today=routed_on - dt.timedelta(days=1), listing_workdays=3,
                            policy=POLICY) == ()
    routed = pipeline.advance(d, stored, today=routed_on, listing_workdays=3, policy=POLICY)
    assert [type(e) for e in routed] == [lifecycle.Routed]
    assert routed[0].on == routed_on


@pytest.mark.parametrize(("changes", "verdict"), [
    ({"policy_allows": False}, Verdict.REJECTED),
    ({"cost": 10_000_000.0}, Verdict.REJECTED),
])
def test_a_need_screening_does_not_accept_stops_at_its_screening(changes: dict[str, Any],
                                                                 verdict: Verdict) -> None:
    need = _need(**changes)
    d = _district(need)

    events = pipeline.advance(d, _collected(need), today=AS_OF)

    s = screen(need, DEFAULT_RULES, as_of=AS_OF, catalogue=d.catalogue)
    assert s.verdict is verdict
    assert events == (lifecycle.Screened(need_id=need.id, on=need.collected, verdict=verdict,
                                         reasons=s.reasons),)


def test_a_need_referred_for_deliberation_stops_at_its_screening() -> None:
    rules = ScreeningRules(deliberation_cost_individual=100.0)
    need = _need(cost=500.0)
    d = _district(need)

    events = pipeline.advance(d, _collected(need), today=AS_OF, screening=rules)

    assert [type(e) for e in events] == [lifecycle.Screened]
    assert isinstance(events[0], lifecycle.Screened)
    assert events[0].verdict is Verdict.DELIBERATION
    # The default rules accept it: the screening given is the one used.
    assert len(pipeline.advance(d, _collected(need), today=AS_OF)) > 1


def test_a_resolved_need_is_closed_on_the_day_it_was_resolved() -> None:
    need = _need()
    d = _district(need)
    events = _collected(need)
    events += pipeline.advance(d, events, today=dt.date(2025, 3, 20), policy=POLICY)
    record = lifecycle.replay(events)
    assert record.state is lifecycle.State.ROUTED
    done = dt.date(2025, 3, 21)
    events += [lifecycle.Started(need_id=need.id, on=done), lifecycle.Resolved(need_id=need.id, on=done)]

    closing = pipeline.advance(d, events, today=AS_OF, policy=POLICY)

    assert closing == (lifecycle.Closed(need_id=need.id, on=done, closure=lifecycle.Closure.RESOLVED),)
    batch = pipeline.run(d, policy=POLICY, resolved={need.id: done})
    assert lifecycle.replay([*events, *closing]).closure is lifecycle.replay(batch.history(need.id)).closure


def test_a_need_held_past_its_due_date_is_passed_up_the_working_day_after() -> None:
    need = _need()
    d = _district(need)
    events = _collected(need)
    events += pipeline.advance(d, events, today=dt.date(2025, 3, 20), policy=POLICY)
    due = lifecycle.replay(events).due
    assert due is not None
    passes_on = d.calendar.next_workday(due)

    assert pipeline.advance(d, events, today=passes_on - dt.timedelta(days=1), policy=POLICY) == ()
    up = pipeline.advance(d, events, today=passes_on, policy=POLICY)
    assert [type(e) for e in up] == [lifecycle.Escalated, lifecycle.Routed]
    escalated = up[0]
    assert isinstance(escalated, lifecycle.Escalated)
    assert escalated.on == passes_on
    assert (escalated.from_unit, escalated.why) == ("V", lifecycle.EscalationReason.DEADLINE_PASSED)
    # Without escalation the holder keeps it.
    keep = attrs.evolve(POLICY, escalate_overdue=False)
    assert pipeline.advance(d, events, today=AS_OF, policy=keep) == ()


def test_a_need_the_district_does_not_list_may_be_given() -> None:
    need = _need("N2")
    d = _district(_need())

    events = pipeline.advance(d, _collected(need), today=AS_OF, need=need, policy=POLICY)

    alone = _district(need)
    assert events == pipeline.advance(alone, _collected(need), today=AS_OF, policy=POLICY)
    with pytest.raises(ServicegovError) as caught:
        pipeline.advance(d, _collected(need), today=AS_OF)
    _refused(UnknownReference, "need_id", "N2", "the id of a need of the district")(caught)


@pytest.mark.parametrize(("kwargs", "field", "value", "words"), [
    ({"district": "test"}, "district", "test", ("a servicegov.district.District",)),
    ({"today": "2025-06-30"}, "today", "2025-06-30", ("a datetime.date",)),
    ({"today": dt.datetime(2025, 6, 30, 9)}, "today", dt.datetime(2025, 6, 30, 9), ("a datetime.date",)),
    ({"events": "collected"}, "events", "collected", ("a sequence of lifecycle events",)),
    ({"need": _need("N2")}, "need", _need("N2"), ("the Need 'N1' of the events",)),
    ({"need": "N1"}, "need", "N1", ("the Need 'N1' of the events",)),
    ({"listing_workdays": 0}, "listing_workdays", 0, ("an integer >= 1",)),
    ({"listing_workdays": -2}, "listing_workdays", -2, ("an integer >= 1",)),
    ({"policy": "default"}, "policy", "default", ("a RoutingPolicy or None",)),
])
def test_advance_names_a_bad_argument(kwargs: dict[str, Any], field: str, value: object,
                                      words: tuple[str, ...]) -> None:
    need = _need()
    call: dict[str, Any] = {"district": _district(need), "events": _collected(need), "today": AS_OF, **kwargs}
    with pytest.raises(ServicegovError) as caught:
        pipeline.advance(call.pop("district"), call.pop("events"), **call)
    _refused(InvalidValue, field, value, *words)(caught)


def test_advance_uses_the_screening_in_effect_today() -> None:
    need = _need(cost=500.0)
    d = _district(need)
    strict = ScreeningRules(deliberation_cost_individual=100.0, effective_from=dt.date(2025, 6, 1))
    both = ScreeningPolicy(versions=(DEFAULT_RULES, strict))

    early = pipeline.advance(d, _collected(need), today=dt.date(2025, 5, 30), screening=both)
    later = pipeline.advance(d, _collected(need), today=dt.date(2025, 6, 2), screening=both)

    assert isinstance(early[0], lifecycle.Screened)
    assert isinstance(later[0], lifecycle.Screened)
    assert early[0].verdict is Verdict.ACCEPTED
    assert later[0].verdict is Verdict.DELIBERATION
