"""Tests for the public stages of `servicegov.pipeline`: what each passes on, refuses and agrees with.

A need driven with :func:`~servicegov.pipeline.advance` ends where the batch call
leaves it; :func:`~servicegov.pipeline.run` is the stages composed with the
same arguments; every stage names the argument it refuses.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any

import attrs
import pytest

from servicegov import lifecycle, pipeline
from servicegov.calendar import WorkCalendar
from servicegov.claims import ClaimMode
from servicegov.district import District
from servicegov.errors import InvalidValue, ServicegovError, UnknownReference
from servicegov.needs import Catalogue, Category, Group, Need, NeedKind, Scope
from servicegov.org import ProviderKind, Tier
from servicegov.routing import Channel, Competence, DeadlineRule, RoutingPolicy
from servicegov.screening import DEFAULT_RULES, ScreeningPolicy, ScreeningRules, Verdict, screen

from .claims_cases import COUNTY, V1, make_org
from .pipeline_stages_cases import AS_OF, DISTRICT, POLICY, _collected, _district, _need, _org


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


# --------------------------------------------------------------------------- advance


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


# --------------------------------------------------------------------------- advance: routing and passing up

# A need whose screening priority (0.4·1 + 0.35·5 + 0.25·5 = 3.4) is above 3 while its urgency (1) is not.
PRESSING: dict[str, Any] = {"urgency": 1, "necessity": 5, "aspiration": 5}
# The village and the town have one working day, and two, for a need of priority 3 or more.
BY_PRIORITY = attrs.evolve(POLICY, deadlines=(
    *POLICY.deadlines,
    DeadlineRule(tier=Tier.VILLAGE, min_priority=3.0, workdays=1),
    DeadlineRule(tier=Tier.TOWN, min_priority=3.0, workdays=2),
))
# Only the village can do the work, and nothing goes to the backstop.
VILLAGE_ONLY = RoutingPolicy(
    competence=(Competence(tier=Tier.VILLAGE, kind=ProviderKind.PARTY_ORGANISATION, categories=frozenset()),),
    use_backstop=False,
)
# Nobody can, and nothing goes to the backstop.
NOBODY = RoutingPolicy(competence=(), use_backstop=False)


def _routed_history(need: Need, d: District, policy: RoutingPolicy = POLICY,
                    **routed: Any) -> list[lifecycle.Event]:
    """The need's events up to its routing, to the unit the policy picks or to *routed* (unit, tier, due)."""
    events = _collected(need)
    events += pipeline.advance(d, events, today=need.collected, policy=policy)
    assert [type(e) for e in events][-1] is lifecycle.Publicised
    on = d.calendar.add_workdays(need.collected, 10)
    if routed:
        return [*events, lifecycle.Routed(need_id=need.id, on=on, **routed)]
    events += pipeline.advance(d, events, today=on, policy=policy)
    assert isinstance(events[-1], lifecycle.Routed)
    return events


def test_routing_and_passing_up_give_the_deadlines_of_the_screening_priority() -> None:
    need = _need(**PRESSING)
    d = _district(need)
    on = d.calendar.add_workdays(need.collected, 10)

    events = _routed_history(need, d, BY_PRIORITY)

    first = events[-1]
    assert isinstance(first, lifecycle.Routed)
    assert (first.unit, first.on, first.due) == ("V", on, d.calendar.add_workdays(on, 1))
    passes_on = d.calendar.next_workday(first.due)
    up = pipeline.advance(d, events, today=passes_on, policy=BY_PRIORITY)
    assert [type(e) for e in up] == [lifecycle.Escalated, lifecycle.Routed]
    received = up[1]
    assert isinstance(received, lifecycle.Routed)
    assert (received.unit, received.tier) == ("T", Tier.TOWN)
    assert (received.on, received.due) == (passes_on, d.calendar.add_workdays(passes_on, 2))
    # The batch call gives the same deadlines.
    assert pipeline.run(d, policy=BY_PRIORITY, as_of=passes_on).history(need.id) == (*events, *up)


def test_units_already_full_are_passed_over() -> None:
    need = _need()
    d = _district(need)
    on = d.calendar.add_workdays(need.collected, 10)
    events = _routed_history(need, d, POLICY)[:-1]

    routed = pipeline.advance(d, events, today=on, policy=POLICY, load={"V": 1_000_000})
    assert [(type(e), getattr(e, "unit", None)) for e in routed] == [
        (lifecycle.Routed, "V"), (lifecycle.Escalated, None), (lifecycle.Routed, "T")]
    assert routed[1] == lifecycle.Escalated(need_id=need.id, on=on, from_unit="V", to_unit="T",
                                            to_tier=Tier.TOWN, why=lifecycle.EscalationReason.NO_CAPACITY)

    held = _routed_history(need, d, POLICY)
    last = held[-1]
    assert isinstance(last, lifecycle.Routed)
    passes_on = d.calendar.next_workday(last.due)
    full = {"T": 1_000_000, "T-office": 1_000_000}
    up = pipeline.advance(d, held, today=passes_on, policy=POLICY, load=full)
    assert isinstance(up[-1], lifecycle.Routed)
    assert up[-1].tier is Tier.DISTRICT
    # Without that load, the town takes it.
    up = pipeline.advance(d, held, today=passes_on, policy=POLICY)
    assert isinstance(up[-1], lifecycle.Routed)
    assert (up[-1].unit, up[-1].tier) == ("T", Tier.TOWN)


def _publicised(need: Need, d: District) -> list[lifecycle.Event]:
    events = _collected(need)
    events += pipeline.advance(d, events, today=need.collected)
    assert isinstance(events[-1], lifecycle.Publicised)
    return events


@pytest.mark.parametrize("policy", [NOBODY, VILLAGE_ONLY], ids=["nobody", "village-only"])
def test_a_need_nobody_above_can_take_ends_with_its_escalations(policy: RoutingPolicy) -> None:
    need = _need()
    d = _district(need)
    on = d.calendar.add_workdays(need.collected, 10)
    events = _publicised(need, d)
    events += pipeline.advance(d, events, today=on, policy=policy)
    if policy is VILLAGE_ONLY:
        last = events[-1]
        assert isinstance(last, lifecycle.Routed)
        on = d.calendar.next_workday(last.due)
        events += pipeline.advance(d, events, today=on, policy=policy)

    why = (lifecycle.EscalationReason.NO_COMPETENCE if policy is NOBODY
           else lifecycle.EscalationReason.DEADLINE_PASSED)
    town = [e for e in events if isinstance(e, lifecycle.Escalated)]
    assert [(e.on, e.from_unit, e.to_unit, e.to_tier) for e in town] == [
        (on, "V", "T", Tier.TOWN), (on, "T", "D", Tier.DISTRICT)]
    assert town[0].why is why
    assert town[1].why is lifecycle.EscalationReason.NO_COMPETENCE
    assert not isinstance(events[-1], lifecycle.Routed)
    # Nobody holds it: nothing more happens.
    assert pipeline.advance(d, events, today=AS_OF, policy=policy) == ()
    # The batch call tells the same story, and charges the village whose deadline passed.
    batch = pipeline.run(d, policy=policy, as_of=on)
    assert batch.history(need.id) == tuple(events)
    assert batch.breaches == ({"V": (need.id,)} if policy is VILLAGE_ONLY else {})


def test_a_need_held_at_the_district_or_by_a_backstop_is_not_passed_up() -> None:
    need = _need()
    d = _district(need)
    due = dt.date(2025, 3, 31)
    at_district = _routed_history(need, d, unit="D-dept", tier=Tier.DISTRICT, due=due)
    assert pipeline.advance(d, at_district, today=AS_OF, policy=POLICY) == ()

    # A backstop below the district keeps what it holds too.
    org = attrs.evolve(_org(), backstop="T")
    town = District(name="test", division=DISTRICT, organisation=org, calendar=WorkCalendar(),
                    needs=(need,), as_of=AS_OF)
    at_backstop = _routed_history(need, town, unit="T", tier=Tier.TOWN, due=due)
    assert pipeline.advance(town, at_backstop, today=AS_OF, policy=POLICY) == ()
    # Any other town unit passes it up; the district has no unit of its own here, so the backstop
    # takes it back, and keeps it.
    at_office = _routed_history(need, town, unit="T-office", tier=Tier.TOWN, due=due)
    passes_on = town.calendar.next_workday(due)
    up = pipeline.advance(town, at_office, today=AS_OF, policy=POLICY)
    assert [(type(e), e.on) for e in up] == [
        (lifecycle.Escalated, passes_on), (lifecycle.Escalated, passes_on), (lifecycle.Routed, passes_on)]
    assert up[-1] == lifecycle.Routed(need_id=need.id, on=passes_on, unit="T", tier=Tier.TOWN,
                                      due=town.calendar.add_workdays(passes_on, 20))
    assert pipeline.advance(town, [*at_office, *up], today=AS_OF, policy=POLICY) == ()


def test_a_holder_the_organisation_does_not_have_is_named() -> None:
    need = _need()
    d = _district(need)
    events = _routed_history(need, d, unit="V-gone", tier=Tier.VILLAGE, due=dt.date(2025, 3, 31))
    with pytest.raises(ServicegovError) as caught:
        pipeline.advance(d, events, today=AS_OF, policy=POLICY)
    assert isinstance(caught.value, UnknownReference)
    assert (caught.value.field, caught.value.value) == ("current_unit", "V-gone")


def test_advance_screens_against_the_districts_own_catalogue() -> None:
    well = Category(code="well-repair", name_zh="修井", name_en="well repair", kind=NeedKind.LIVELIHOOD)
    need = _need(category="well-repair")
    d = District(name="test", division=DISTRICT, organisation=_org(), calendar=WorkCalendar(),
                 catalogue=Catalogue(categories=(well,)), needs=(need,), as_of=AS_OF)

    events = pipeline.advance(d, _collected(need), today=need.collected, policy=POLICY)

    assert [type(e) for e in events] == [lifecycle.Screened, lifecycle.Listed, lifecycle.Publicised]
    assert events[1] == lifecycle.Listed(need_id=need.id, on=need.collected, category="well-repair")


def test_a_need_claimed_after_it_was_passed_up_has_no_due_date_to_miss() -> None:
    need = _need()
    d = _district(need)
    held = _routed_history(need, d, unit="V", tier=Tier.VILLAGE, due=dt.date(2025, 3, 31))
    up = dt.date(2025, 4, 1)
    events = [
        *held,
        lifecycle.Escalated(need_id=need.id, on=up, from_unit="V", to_unit="T", to_tier=Tier.TOWN,
                            why=lifecycle.EscalationReason.DEADLINE_PASSED),
        lifecycle.Claimed(need_id=need.id, on=up, claimant="T-office", claim_kind="linked-department"),
    ]
    record = lifecycle.replay(events)
    assert (record.state, record.current_unit, record.due) == (lifecycle.State.CLAIMED, "T", None)

    assert pipeline.advance(d, events, today=AS_OF, policy=POLICY) == ()
    # With a due date of its own, the claim is passed up once that date has passed.
    claim = events[-1]
    assert isinstance(claim, lifecycle.Claimed)
    dated = [*events[:-1], attrs.evolve(claim, due=dt.date(2025, 4, 10))]
    passed = pipeline.advance(d, dated, today=AS_OF, policy=POLICY)
    assert [type(e) for e in passed] == [lifecycle.Escalated, lifecycle.Routed]
    assert passed[0].on == d.calendar.next_workday(dt.date(2025, 4, 10))


# --------------------------------------------------------------------------- follow_up and claiming


def test_a_need_held_for_deliberation_keeps_its_screening_reasons() -> None:
    need = _need(cost=500.0)
    d = _district(need)
    rules = ScreeningRules(deliberation_cost_individual=100.0)

    outcome = pipeline.run(d, screening=rules).outcomes[need.id]

    s = screen(need, rules, as_of=AS_OF, catalogue=d.catalogue)
    assert s.reasons
    assert (outcome.stage, outcome.unit, outcome.reasons) == (pipeline.Stage.DELIBERATION, "V", s.reasons)


def test_a_claiming_model_with_nothing_to_claim_claims_nothing() -> None:
    need = _need()
    followed = pipeline.follow_up(pipeline.intake(_district(need), as_of=dt.date(2025, 3, 20)), policy=POLICY)
    assert followed.outcomes[need.id].unit == "V"

    for mode in ClaimMode:
        got = pipeline.claiming(followed, mode=mode)
        assert got.counts == {"claims_by_kind": {}, "unclaimed": 0, "claimed": 0, "claim_capacity": 0}
        assert got.outcomes == followed.outcomes


@pytest.mark.parametrize("capacity", [1, 2])
def test_a_unit_takes_needs_up_to_its_capacity_and_the_rest_go_up(capacity: int) -> None:
    needs = [_need(f"N{i}", households=(f"h{i}",)) for i in range(1, 4)]
    units = [attrs.evolve(u, capacity=capacity) if u.id == "V" else u for u in _org().units]
    org = attrs.evolve(_org(), units=units)
    d = District(name="test", division=DISTRICT, organisation=org, calendar=WorkCalendar(), needs=needs,
                 as_of=dt.date(2025, 3, 20))

    followed = pipeline.follow_up(pipeline.intake(d), policy=POLICY)

    held = Counter(o.unit for o in followed.outcomes.values())
    assert held["V"] == capacity
    # The town's two units share the rest, least loaded first.
    tiers = Counter(o.tier for o in followed.outcomes.values())
    assert tiers == {Tier.VILLAGE: capacity, Tier.TOWN: 3 - capacity}
    assert held["T"] == 1
    assert followed.escalations == {lifecycle.EscalationReason.NO_CAPACITY: 3 - capacity}


@pytest.mark.parametrize("mode", list(ClaimMode))
def test_claimants_short_of_capacity_claim_the_needs_screening_puts_first(mode: ClaimMode) -> None:
    # Screening weighs urgency most (0.4·5 + 0.35 + 0.25 = 2.6 against 0.4 + 0.35·3 + 0.25·4 = 2.45);
    # the plain mean of the three scores would put the others first (7/15 against 8/15).
    def hardship(nid: str, urgency: int, necessity: int, aspiration: int) -> Need:
        return Need(id=nid, village=V1, kind=NeedKind.LIVELIHOOD, category="legal-aid",
                    scope=Scope.INDIVIDUAL, households=(f"h-{nid}",),
                    groups=frozenset({Group.SPECIAL_HARDSHIP}), urgency=urgency, necessity=necessity,
                    aspiration=aspiration, collected=dt.date(2025, 3, 3))

    needs = (hardship("NA", 5, 1, 1), hardship("NB", 1, 3, 4), hardship("NC", 1, 3, 4),
             hardship("ND", 5, 1, 1))
    # Two cadres of one claim each; the district department takes all four.
    d = District(name="test", division=COUNTY, organisation=make_org(cadre_capacity=1, dept_capacity=10),
                 calendar=WorkCalendar(), needs=needs, as_of=dt.date(2025, 4, 10))
    at_district = RoutingPolicy(competence=tuple(
        Competence(tier=Tier.DISTRICT, kind=k, categories=frozenset()) for k in ProviderKind))
    followed = pipeline.follow_up(pipeline.intake(d), policy=at_district)
    assert {o.channel for o in followed.outcomes.values()} == {Channel.PERSONAL_CLAIM}

    got = pipeline.claiming(followed, mode=mode)

    assert {k for k, o in got.outcomes.items() if o.claimant is not None} == {"NA", "ND"}
    assert got.counts == {"claims_by_kind": {"personal": 2}, "unclaimed": 2, "claimed": 2,
                          "claim_capacity": 2}


@pytest.mark.parametrize("screening", ["strict", DEFAULT_RULES.weights])
def test_intake_names_screening_that_is_neither_rules_nor_a_policy(screening: object) -> None:
    with pytest.raises(ServicegovError) as caught:
        pipeline.intake(_district(_need()), screening=screening)  # type: ignore[arg-type]
    e = caught.value
    assert isinstance(e, InvalidValue)
    assert (e.field, e.value, e.allowed) == ("screening", screening, "a ScreeningRules or ScreeningPolicy")


@pytest.mark.parametrize(("policy", "today", "where", "whys"), [
    (NOBODY, dt.date(2025, 3, 20), (Tier.DISTRICT, "D"),
     (lifecycle.EscalationReason.NO_COMPETENCE, lifecycle.EscalationReason.NO_COMPETENCE)),
    (attrs.evolve(NOBODY, start_tier=Tier.TOWN), dt.date(2025, 3, 20), (Tier.DISTRICT, "D"),
     (lifecycle.EscalationReason.NO_COMPETENCE,)),
    (attrs.evolve(NOBODY, start_tier=Tier.DISTRICT), dt.date(2025, 3, 20), (None, None), ()),
    (VILLAGE_ONLY, dt.date(2025, 4, 1), (Tier.DISTRICT, "D"),
     (lifecycle.EscalationReason.DEADLINE_PASSED, lifecycle.EscalationReason.NO_COMPETENCE)),
], ids=["nobody", "from-the-town", "at-the-district", "passed-up"])
def test_a_need_nobody_can_take_is_open_and_unroutable_where_its_escalations_ended(
    policy: RoutingPolicy, today: dt.date, where: tuple[Tier | None, str | None],
    whys: tuple[lifecycle.EscalationReason, ...],
) -> None:
    need = _need()
    followed = pipeline.follow_up(pipeline.intake(_district(need), as_of=today), policy=policy)

    assert followed.outcomes[need.id] == pipeline.Outcome(
        need_id=need.id, status=pipeline.Status.OPEN, stage=pipeline.Stage.UNROUTABLE, tier=where[0],
        unit=where[1], escalations=len(whys), escalated_because=whys)


def test_a_need_nobody_can_take_does_not_hold_up_the_needs_after_it() -> None:
    # The first in line (the most pressing) is of a category nobody takes; the next is routed as usual.
    stuck = _need("N1", urgency=5, category="legal-aid")
    fine = _need("N2", households=("h2",))
    only_care = RoutingPolicy(competence=(
        Competence(tier=Tier.VILLAGE, kind=ProviderKind.PARTY_ORGANISATION,
                   categories=frozenset({"elderly-care"})),
    ), use_backstop=False)
    taken = pipeline.intake(_district(stuck, fine, as_of=dt.date(2025, 3, 20)))
    assert [n.id for n in taken.order] == ["N1", "N2"]

    followed = pipeline.follow_up(taken, policy=only_care)

    assert followed.outcomes["N1"].stage is pipeline.Stage.UNROUTABLE
    assert (followed.outcomes["N2"].stage, followed.outcomes["N2"].unit) == (pipeline.Stage.ROUTED, "V")
