"""Tests for `servicegov.routing`: tiers, escalation, deadlines and bad policies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import pytest

from servicegov import serialization
from servicegov.calendar import CHINA_2025
from servicegov.errors import ConfigurationError, InvalidValue, UnknownReference
from servicegov.needs import DEFAULT_CATALOGUE, Group, Need, NeedKind, Scope
from servicegov.org import Organisation, ProviderKind, Tier, Unit
from servicegov.routing import (
    DEFAULT_POLICY,
    Channel,
    Competence,
    CostCeiling,
    DeadlineRule,
    EscalationReason,
    Hop,
    Mode,
    Route,
    RoutedTo,
    RoutingPolicy,
    Unroutable,
    UnroutableReason,
    escalate,
    route,
)

from .routing_cases import COUNTY, DAY, ORG, PLAIN, TOWN, VILLAGE, _need, _org


def test_a_need_the_grid_can_solve_stays_at_the_grid() -> None:
    r = route(_need(category="family-contact", kind=NeedKind.EMOTIONAL), ORG, as_of=DAY, calendar=PLAIN)

    assert r.hops == ()
    assert RoutedTo(unit="V-G", tier=Tier.GRID, due=dt.date(2025, 3, 6), since=DAY) == r.result


def test_village_layers_are_tried_in_turn_without_counting_an_escalation() -> None:
    r = route(_need(), ORG, as_of=DAY, calendar=PLAIN)

    assert r.hops == ()
    assert isinstance(r.result, RoutedTo)
    assert (r.result.unit, r.result.tier) == ("V-VC", Tier.VILLAGE)
    assert dt.date(2025, 3, 17) == r.result.due  # ten working days


def test_a_need_over_the_village_ceiling_goes_to_the_town_naming_the_parent() -> None:
    r = route(_need(cost=30_000.01), ORG, as_of=DAY, calendar=PLAIN)

    assert len(r.hops) == 1
    hop = r.hops[0]
    expected = ("V", Tier.VILLAGE, "T", Tier.TOWN, EscalationReason.OVER_COST_CEILING)
    assert (hop.from_unit, hop.from_tier, hop.to_unit, hop.to_tier, hop.why) == expected
    assert isinstance(r.result, RoutedTo)
    assert (r.result.unit, r.result.tier) == ("T-agri", Tier.TOWN)


def test_cost_exactly_at_the_ceiling_stays_in_the_village() -> None:
    r = route(_need(cost=30_000.0), ORG, as_of=DAY, calendar=PLAIN)

    assert isinstance(r.result, RoutedTo)
    assert r.result.tier == Tier.VILLAGE


def test_what_the_town_cannot_fund_goes_to_the_linked_district_department() -> None:
    r = route(
        _need(cost=300_001.0, scope=Scope.COMMON, households=("a", "b")), ORG, as_of=DAY, calendar=PLAIN
    )

    assert [h.why for h in r.hops] == [EscalationReason.OVER_COST_CEILING, EscalationReason.OVER_COST_CEILING]
    assert [(h.from_unit, h.to_unit) for h in r.hops] == [("V", "T"), ("T", "D")]
    assert isinstance(r.result, RoutedTo)
    assert (r.result.unit, r.result.channel) == ("DEPT", Channel.COLLECTIVE_CLAIM)


@pytest.mark.parametrize(
    ("scope", "groups", "channel"),
    [
        (Scope.INDIVIDUAL, {Group.SPECIAL_HARDSHIP}, Channel.PERSONAL_CLAIM),
        (Scope.COMMON, {Group.SPECIAL_HARDSHIP}, Channel.COLLECTIVE_CLAIM),
        (Scope.INDIVIDUAL, {Group.KEY_POVERTY}, Channel.LINKED_DEPARTMENT),
    ],
)
def test_district_channels_follow_the_seed(scope: Scope, groups: set[Group], channel: Channel) -> None:
    """特困群体的个性需求 → 党员干部个人认领; 共性需求 → 单位集体认领."""
    hh = ("a", "b") if scope is Scope.COMMON else ("a",)
    r = route(
        _need(cost=400_000.0, scope=scope, groups=groups, households=hh), ORG, as_of=DAY, calendar=PLAIN
    )

    assert isinstance(r.result, RoutedTo)
    assert channel == r.result.channel


def test_no_capacity_escalates_and_the_backstop_takes_the_rest() -> None:
    full = {"V-VC": 2, "T-agri": 5, "DEPT": 10}
    r = route(_need(), ORG, as_of=DAY, calendar=PLAIN, load=full)

    assert [h.why for h in r.hops] == [EscalationReason.NO_CAPACITY] * 3
    assert r.hops[-1].to_unit == "GOV"
    assert isinstance(r.result, RoutedTo)
    assert (r.result.unit, r.result.channel) == ("GOV", Channel.BACKSTOP)


def test_capacity_can_be_ignored() -> None:
    policy = RoutingPolicy(respect_capacity=False)
    r = route(_need(), ORG, policy, as_of=DAY, calendar=PLAIN, load={"V-VC": 99})

    assert isinstance(r.result, RoutedTo)
    assert r.result.unit == "V-VC"


def test_without_a_backstop_an_unplaceable_need_is_unroutable_not_an_error() -> None:
    policy = RoutingPolicy(use_backstop=False, competence=())
    r = route(_need(), ORG, policy, as_of=DAY, calendar=PLAIN)

    assert isinstance(r.result, Unroutable)
    assert r.result.reason == UnroutableReason.NO_UNIT
    assert not r.routed


def test_first_receiver_keeps_the_need_at_the_village() -> None:
    policy = RoutingPolicy(mode=Mode.FIRST_RECEIVER)
    r = route(_need(cost=1e6), ORG, policy, as_of=DAY, calendar=PLAIN)

    assert isinstance(r.result, RoutedTo)
    assert (r.result.unit, r.result.channel) == ("V", Channel.FIRST_RECEIVER)


def test_the_least_loaded_competent_unit_takes_the_need() -> None:
    r = route(_need(category="sanitation"), ORG, as_of=DAY, calendar=PLAIN, load={"V-PG": 1, "V-VC": 1})

    assert isinstance(r.result, RoutedTo)
    assert r.result.unit == "V-VT"


def test_escalation_for_a_missed_deadline_names_the_parent_and_why() -> None:
    first = route(_need(), ORG, as_of=DAY, calendar=PLAIN)
    later = dt.date(2025, 3, 18)
    up = escalate(first, _need(), ORG, as_of=later, calendar=PLAIN)

    assert len(up.hops) == 1
    assert ("V-VC", "T", EscalationReason.DEADLINE_PASSED, later) == (
        up.hops[0].from_unit,
        up.hops[0].to_unit,
        up.hops[0].why,
        up.hops[0].on,
    )
    assert isinstance(up.result, RoutedTo)
    assert (Tier.TOWN, dt.date(2025, 4, 8)) == (up.result.tier, up.result.due)


def test_escalation_at_the_district_renews_the_deadline_in_place() -> None:
    r = route(_need(cost=400_000.0), ORG, as_of=DAY, calendar=PLAIN)
    again = escalate(r, _need(cost=400_000.0), ORG, as_of=dt.date(2025, 4, 1), calendar=PLAIN)

    assert r.hops == again.hops
    assert isinstance(again.result, RoutedTo)
    assert isinstance(r.result, RoutedTo)
    assert (r.result.unit, dt.date(2025, 4, 29)) == (again.result.unit, again.result.due)


def test_escalating_another_needs_route_is_rejected() -> None:
    r = route(_need(), ORG, as_of=DAY, calendar=PLAIN)
    with pytest.raises(InvalidValue, match="'need_id'"):
        escalate(r, _need(id="N2"), ORG, as_of=DAY)


def test_escalating_an_unroutable_need_is_rejected() -> None:
    r = Route(need_id="N1", result=Unroutable(reason=UnroutableReason.NO_UNIT))
    with pytest.raises(InvalidValue, match="'current'"):
        escalate(r, _need(), ORG, as_of=DAY)


def test_emergency_deadlines_run_in_hours_around_the_clock() -> None:
    rule = RoutingPolicy().deadline_rule(Tier.VILLAGE, "health", 5.5)
    due = RoutingPolicy().due(Tier.VILLAGE, "health", 5.5, dt.date(2025, 1, 31), CHINA_2025)

    assert rule.hours == 48
    assert dt.date(2025, 2, 2) == due  # a holiday weekend does not pause it


def test_the_most_specific_deadline_rule_wins() -> None:
    policy = RoutingPolicy(
        deadlines=(
            DeadlineRule(tier=Tier.TOWN, workdays=15),
            DeadlineRule(tier=Tier.TOWN, workdays=5, category="health"),
            DeadlineRule(tier=Tier.TOWN, workdays=2, min_priority=4.0),
        )
    )

    assert policy.deadline_rule(Tier.TOWN, "health", 4.5).workdays == 5
    assert policy.deadline_rule(Tier.TOWN, "culture", 4.0).workdays == 2
    assert policy.deadline_rule(Tier.TOWN, "culture", 3.99).workdays == 15


def test_deadlines_count_working_days_on_the_calendar() -> None:
    """Make-up working days count, holidays do not (seed 002: 明确办事时限)."""
    due = DEFAULT_POLICY.due(Tier.GRID, "culture", 3.0, dt.date(2025, 1, 24), CHINA_2025)

    assert dt.date(2025, 2, 5) == due  # Sun 26 and Mon 27 Jan, then Wed 5 Feb


def test_a_need_from_a_village_the_organisation_lacks_is_an_error_naming_village() -> None:
    with pytest.raises(UnknownReference, match="'village'"):
        route(_need(village="420117101299"), ORG, as_of=DAY)


def test_a_policy_naming_an_unknown_category_is_rejected() -> None:
    policy = RoutingPolicy(
        competence=(Competence(tier=Tier.TOWN, kind=ProviderKind.CHARITY, categories={"astrology"}),)
    )
    with pytest.raises(ConfigurationError, match=r"'competence\[0\]\.categories'.*'astrology'"):
        policy.check(DEFAULT_CATALOGUE)


def test_a_deadline_rule_for_an_unknown_category_is_rejected() -> None:
    policy = RoutingPolicy(deadlines=(DeadlineRule(tier=Tier.TOWN, category="astrology"),))
    with pytest.raises(ConfigurationError, match=r"'deadlines\[0\]\.category'"):
        policy.check(DEFAULT_CATALOGUE)


def test_a_negative_deadline_is_rejected() -> None:
    with pytest.raises(InvalidValue, match="'workdays' must be an integer from 0 to 3650 \\(got -1\\)"):
        DeadlineRule(tier=Tier.TOWN, workdays=-1)
    with pytest.raises(InvalidValue, match="'hours'"):
        DeadlineRule(tier=Tier.TOWN, hours=-2)


def test_a_negative_cost_ceiling_is_rejected() -> None:
    with pytest.raises(InvalidValue, match="'max_cost'"):
        CostCeiling(tier=Tier.TOWN, max_cost=-1.0)


def test_two_ceilings_or_two_same_deadline_rules_for_one_tier_are_rejected() -> None:
    with pytest.raises(ConfigurationError, match=r"'cost_ceilings\[1\]\.tier'"):
        RoutingPolicy(
            cost_ceilings=(
                CostCeiling(tier=Tier.TOWN, max_cost=1.0),
                CostCeiling(tier=Tier.TOWN, max_cost=2.0),
            )
        )
    with pytest.raises(ConfigurationError, match=r"'deadlines\[1\]'"):
        RoutingPolicy(deadlines=(DeadlineRule(tier=Tier.TOWN), DeadlineRule(tier=Tier.TOWN)))


def test_a_policy_without_a_rule_for_a_tier_says_so() -> None:
    policy = RoutingPolicy(deadlines=(DeadlineRule(tier=Tier.TOWN),))
    with pytest.raises(ConfigurationError, match="'deadlines'"):
        policy.deadline_rule(Tier.VILLAGE, "culture", 3.0)


def test_a_route_round_trips_through_json() -> None:
    r = route(
        _need(cost=300_001.0, scope=Scope.COMMON, households=("a", "b")), ORG, as_of=DAY, calendar=PLAIN
    )
    data = serialization.unstructure(r)

    assert data["result"]["result"] == "routed"
    assert r == serialization.structure(data, Route)


def test_policy_equality_ignores_its_memo() -> None:
    a = RoutingPolicy()
    a.due(Tier.TOWN, "culture", 3.0, DAY, PLAIN)

    assert RoutingPolicy() == a
    assert attrs.evolve(a, use_backstop=False) != a


# --- Behaviour pinned down by mutation testing -------------------------------------

LATER = dt.date(2025, 3, 6)  # a Thursday
FULL = {"V-VC": 2, "T-agri": 5, "DEPT": 10}
# Category rules shorter than the general ones, so that a due date shows which won.
BY_CATEGORY = RoutingPolicy(
    deadlines=(
        *RoutingPolicy().deadlines,
        DeadlineRule(tier=Tier.VILLAGE, category="infrastructure", workdays=2),
        DeadlineRule(tier=Tier.TOWN, category="infrastructure", workdays=3),
        DeadlineRule(tier=Tier.DISTRICT, category="infrastructure", workdays=4),
    )
)


def _org_without_village_units(backstop: str = "D") -> Organisation:
    """A village with only a grid: no village-level unit heads the escalation."""
    units = (
        Unit(id="D", name="区委", division=COUNTY, tier=Tier.DISTRICT),
        Unit(
            id="GOV",
            name="区政府",
            division=COUNTY,
            tier=Tier.DISTRICT,
            parent="D",
            kind=ProviderKind.GOVERNMENT_DEPARTMENT,
        ),
        Unit(id="T", name="镇党委", division=TOWN, tier=Tier.TOWN, parent="D"),
        Unit(
            id="T-agri",
            name="农业服务中心",
            division=TOWN,
            tier=Tier.TOWN,
            parent="T",
            kind=ProviderKind.GOVERNMENT_DEPARTMENT,
            capacity=5,
        ),
        Unit(id="V-G", name="网格", division=VILLAGE, tier=Tier.GRID, parent="T", capacity=1),
    )
    return Organisation(units=units, backstop=backstop)


def _family(**kw: object) -> Need:
    return _need(category="family-contact", kind=NeedKind.EMOTIONAL, **kw)


def test_an_explicit_priority_selects_the_emergency_deadline_rule() -> None:
    urgent = route(_need(urgency=3), ORG, as_of=DAY, calendar=PLAIN, priority=6.0)
    plain = route(_need(urgency=5), ORG, as_of=DAY, calendar=PLAIN)

    assert RoutedTo(unit="V-VC", tier=Tier.VILLAGE, due=dt.date(2025, 3, 5), since=DAY) == urgent.result
    assert RoutedTo(unit="V-VC", tier=Tier.VILLAGE, due=dt.date(2025, 3, 17), since=DAY) == plain.result


def test_start_tier_only_raises_the_policys_start_tier() -> None:
    policy = RoutingPolicy(start_tier=Tier.VILLAGE)

    def where(start: Tier | None) -> tuple[str, Tier, Channel]:
        r = route(_family(), ORG, policy, as_of=DAY, calendar=PLAIN, start_tier=start)
        assert r.hops == ()
        assert isinstance(r.result, RoutedTo)
        return r.result.unit, r.result.tier, r.result.channel

    assert ("V-VT", Tier.VILLAGE, Channel.TIER) == where(None)
    assert ("V-VT", Tier.VILLAGE, Channel.TIER) == where(Tier.GRID)  # below: ignored
    assert ("T-agri", Tier.TOWN, Channel.TIER) == where(Tier.TOWN)
    assert ("DEPT", Tier.DISTRICT, Channel.LINKED_DEPARTMENT) == where(Tier.DISTRICT)


def test_first_receiver_route_is_complete_and_uses_the_category_deadline() -> None:
    policy = attrs.evolve(BY_CATEGORY, mode=Mode.FIRST_RECEIVER)
    r = route(_need(), ORG, policy, as_of=DAY, calendar=PLAIN)

    expected = Route(
        need_id="N1",
        result=RoutedTo(
            unit="V", tier=Tier.VILLAGE, due=dt.date(2025, 3, 5), channel=Channel.FIRST_RECEIVER, since=DAY
        ),
    )
    assert expected == r


def test_first_receiver_keeps_a_need_that_starts_at_the_village() -> None:
    policy = RoutingPolicy(mode=Mode.FIRST_RECEIVER)
    r = route(_need(), ORG, policy, as_of=DAY, calendar=PLAIN, start_tier=Tier.VILLAGE)

    assert isinstance(r.result, RoutedTo)
    assert ("V", Channel.FIRST_RECEIVER) == (r.result.unit, r.result.channel)


def test_first_receiver_does_not_apply_to_a_need_starting_above_the_village() -> None:
    policy = RoutingPolicy(mode=Mode.FIRST_RECEIVER)
    r = route(_need(), ORG, policy, as_of=DAY, calendar=PLAIN, start_tier=Tier.TOWN)

    expected = Route(
        need_id="N1", result=RoutedTo(unit="T-agri", tier=Tier.TOWN, due=dt.date(2025, 3, 24), since=DAY)
    )
    assert expected == r


def test_a_need_no_village_unit_can_solve_leaves_with_no_competence() -> None:
    policy = RoutingPolicy(competence=(Competence(tier=Tier.TOWN, kind=ProviderKind.GOVERNMENT_DEPARTMENT),))
    r = route(_need(), ORG, policy, as_of=DAY, calendar=PLAIN)

    expected = Route(
        need_id="N1",
        hops=(
            Hop(
                from_unit="V",
                from_tier=Tier.VILLAGE,
                to_unit="T",
                to_tier=Tier.TOWN,
                why=EscalationReason.NO_COMPETENCE,
                on=DAY,
            ),
        ),
        result=RoutedTo(unit="T-agri", tier=Tier.TOWN, due=dt.date(2025, 3, 24), since=DAY),
    )
    assert expected == r


@pytest.mark.parametrize(
    ("load", "unit"),
    [
        ({"V-PG": 1, "V-VT": 1}, "V-VC"),  # the first unit is the least loaded
        ({"V-PG": 1, "V-VC": 2}, "V-VT"),  # a full unit is skipped, the next is tried
        ({"V-PG": 1, "V-VC": 1, "V-VT": 1}, "V-VC"),  # a tie goes to the smaller id
    ],
)
def test_the_least_loaded_unit_with_room_takes_the_need(load: dict[str, int], unit: str) -> None:
    r = route(_need(category="sanitation"), ORG, as_of=DAY, calendar=PLAIN, load=load)

    assert isinstance(r.result, RoutedTo)
    assert (unit, Tier.VILLAGE) == (r.result.unit, r.result.tier)


def test_a_unit_exactly_at_capacity_is_full_one_below_is_not() -> None:
    below = route(_need(), ORG, as_of=DAY, calendar=PLAIN, load={"V-VC": 1})
    at = route(_need(), ORG, as_of=DAY, calendar=PLAIN, load={"V-VC": 2})

    assert isinstance(below.result, RoutedTo)
    assert isinstance(at.result, RoutedTo)
    assert ("V-VC", "T-agri") == (below.result.unit, at.result.unit)
    assert [EscalationReason.NO_CAPACITY] == [h.why for h in at.hops]


@pytest.mark.parametrize(
    ("cost", "load", "unit", "due"),
    [
        (100.0, None, "V-VC", dt.date(2025, 3, 5)),
        (30_001.0, None, "T-agri", dt.date(2025, 3, 6)),
        (300_001.0, None, "DEPT", dt.date(2025, 3, 7)),
        (100.0, FULL, "GOV", dt.date(2025, 3, 7)),  # the backstop has the district's limit
    ],
)
def test_a_category_deadline_rule_applies_at_every_tier(
    cost: float, load: dict[str, int] | None, unit: str, due: dt.date
) -> None:
    r = route(_need(cost=cost), ORG, BY_CATEGORY, as_of=DAY, calendar=PLAIN, load=load)

    assert isinstance(r.result, RoutedTo)
    assert (unit, due) == (r.result.unit, r.result.due)


def test_the_backstop_route_is_complete() -> None:
    r = route(_need(), ORG, as_of=LATER, calendar=PLAIN, load=FULL)

    expected = Route(
        need_id="N1",
        hops=(
            Hop(
                from_unit="V",
                from_tier=Tier.VILLAGE,
                to_unit="T",
                to_tier=Tier.TOWN,
                why=EscalationReason.NO_CAPACITY,
                on=LATER,
            ),
            Hop(
                from_unit="T",
                from_tier=Tier.TOWN,
                to_unit="D",
                to_tier=Tier.DISTRICT,
                why=EscalationReason.NO_CAPACITY,
                on=LATER,
            ),
            Hop(
                from_unit="D",
                from_tier=Tier.DISTRICT,
                to_unit="GOV",
                to_tier=Tier.DISTRICT,
                why=EscalationReason.NO_CAPACITY,
                on=LATER,
            ),
        ),
        result=RoutedTo(
            unit="GOV", tier=Tier.DISTRICT, due=dt.date(2025, 4, 3), channel=Channel.BACKSTOP, since=LATER
        ),
    )
    assert expected == r


def test_no_hop_to_a_backstop_that_is_the_district_head_itself() -> None:
    r = route(_need(cost=1e7), _org_without_village_units(backstop="D"), as_of=DAY, calendar=PLAIN)

    expected = Route(
        need_id="N1",
        hops=(
            Hop(
                from_unit="T",
                from_tier=Tier.TOWN,
                to_unit="D",
                to_tier=Tier.DISTRICT,
                why=EscalationReason.OVER_COST_CEILING,
                on=DAY,
            ),
        ),
        result=RoutedTo(
            unit="D", tier=Tier.DISTRICT, due=dt.date(2025, 3, 31), channel=Channel.BACKSTOP, since=DAY
        ),
    )
    assert expected == r


def test_leaving_a_village_without_village_units_is_not_a_hop() -> None:
    r = route(_need(), _org_without_village_units(), as_of=DAY, calendar=PLAIN)

    expected = Route(
        need_id="N1", result=RoutedTo(unit="T-agri", tier=Tier.TOWN, due=dt.date(2025, 3, 24), since=DAY)
    )
    assert expected == r


def test_an_unroutable_route_keeps_its_hops_and_names_the_category() -> None:
    policy = RoutingPolicy(use_backstop=False, competence=())
    r = route(_need(), ORG, policy, as_of=DAY, calendar=PLAIN)

    expected = Route(
        need_id="N1",
        hops=(
            Hop(
                from_unit="V",
                from_tier=Tier.VILLAGE,
                to_unit="T",
                to_tier=Tier.TOWN,
                why=EscalationReason.NO_COMPETENCE,
                on=DAY,
            ),
            Hop(
                from_unit="T",
                from_tier=Tier.TOWN,
                to_unit="D",
                to_tier=Tier.DISTRICT,
                why=EscalationReason.NO_COMPETENCE,
                on=DAY,
            ),
        ),
        result=Unroutable(
            reason=UnroutableReason.NO_UNIT, detail="no unit can take category 'infrastructure'"
        ),
    )
    assert expected == r


def test_routes_use_each_policys_own_competence_on_one_organisation() -> None:
    org = _org()
    town_only = RoutingPolicy(
        competence=(Competence(tier=Tier.TOWN, kind=ProviderKind.GOVERNMENT_DEPARTMENT),)
    )
    first = route(_need(), org, as_of=DAY, calendar=PLAIN)
    second = route(_need(), org, town_only, as_of=DAY, calendar=PLAIN)

    assert isinstance(first.result, RoutedTo)
    assert isinstance(second.result, RoutedTo)
    assert ("V-VC", "T-agri") == (first.result.unit, second.result.unit)


def test_escalating_from_the_grid_goes_to_the_village_with_the_given_priority() -> None:
    first = route(_family(), ORG, as_of=DAY, calendar=PLAIN)
    up = escalate(first, _family(), ORG, as_of=LATER, calendar=PLAIN, priority=6.0)

    expected = Route(
        need_id="N1",
        hops=(
            Hop(
                from_unit="V-G",
                from_tier=Tier.GRID,
                to_unit="V",
                to_tier=Tier.VILLAGE,
                why=EscalationReason.DEADLINE_PASSED,
                on=LATER,
            ),
        ),
        result=RoutedTo(unit="V-VT", tier=Tier.VILLAGE, due=dt.date(2025, 3, 8), since=LATER),
    )
    assert expected == up


def test_escalating_from_a_party_group_goes_to_the_village() -> None:
    first = route(_need(category="sanitation"), ORG, as_of=DAY, calendar=PLAIN)
    up = escalate(
        first,
        _need(category="sanitation"),
        ORG,
        as_of=LATER,
        calendar=PLAIN,
        why=EscalationReason.NO_CAPACITY,
    )

    assert isinstance(first.result, RoutedTo)
    assert first.result.unit == "V-PG"
    expected = Route(
        need_id="N1",
        hops=(
            Hop(
                from_unit="V-PG",
                from_tier=Tier.PARTY_GROUP,
                to_unit="V",
                to_tier=Tier.VILLAGE,
                why=EscalationReason.NO_CAPACITY,
                on=LATER,
            ),
        ),
        result=RoutedTo(unit="V-VC", tier=Tier.VILLAGE, due=dt.date(2025, 3, 20), since=LATER),
    )
    assert expected == up


def test_escalation_respects_the_load() -> None:
    first = route(_family(), ORG, as_of=DAY, calendar=PLAIN)
    up = escalate(first, _family(), ORG, as_of=LATER, calendar=PLAIN, load={"V-VT": 2})

    assert [(h.from_unit, h.to_unit, h.why) for h in up.hops] == [
        ("V-G", "V", EscalationReason.DEADLINE_PASSED),
        ("V", "T", EscalationReason.NO_CAPACITY),
    ]
    assert isinstance(up.result, RoutedTo)
    assert up.result.unit == "T-agri"


def test_escalation_routes_onward_with_the_given_policy() -> None:
    first = route(_need(), ORG, BY_CATEGORY, as_of=DAY, calendar=PLAIN)
    up = escalate(first, _need(), ORG, BY_CATEGORY, as_of=LATER, calendar=PLAIN)

    assert isinstance(up.result, RoutedTo)
    assert ("T-agri", dt.date(2025, 3, 11)) == (up.result.unit, up.result.due)


def test_escalation_to_a_village_without_a_head_names_the_backstop() -> None:
    org = _org_without_village_units(backstop="GOV")
    first = route(_family(), org, as_of=DAY, calendar=PLAIN)
    up = escalate(first, _family(), org, as_of=LATER, calendar=PLAIN)

    assert [(h.from_unit, h.to_unit, h.to_tier) for h in up.hops] == [("V-G", "GOV", Tier.VILLAGE)]
    assert isinstance(up.result, RoutedTo)
    assert up.result.unit == "T-agri"


def test_renewing_at_the_district_sets_a_new_due_date_and_since() -> None:
    r = route(_need(cost=400_000.0), ORG, BY_CATEGORY, as_of=DAY, calendar=PLAIN)
    renewed = dt.date(2025, 4, 1)
    again = escalate(r, _need(cost=400_000.0), ORG, BY_CATEGORY, as_of=renewed, calendar=PLAIN)

    expected = Route(
        need_id="N1",
        hops=r.hops,
        result=RoutedTo(
            unit="DEPT",
            tier=Tier.DISTRICT,
            due=dt.date(2025, 4, 7),
            channel=Channel.LINKED_DEPARTMENT,
            since=renewed,
        ),
    )
    assert expected == again


def test_renewing_at_the_backstop_keeps_the_backstop() -> None:
    r = route(_need(), ORG, as_of=DAY, calendar=PLAIN, load=FULL)
    again = escalate(r, _need(), ORG, as_of=LATER, calendar=PLAIN, load=FULL)

    expected = Route(
        need_id="N1",
        hops=r.hops,
        result=RoutedTo(
            unit="GOV", tier=Tier.DISTRICT, due=dt.date(2025, 4, 3), channel=Channel.BACKSTOP, since=LATER
        ),
    )
    assert expected == again


def test_escalation_errors_name_the_field_and_the_value() -> None:
    r = route(_need(), ORG, as_of=DAY, calendar=PLAIN)
    with pytest.raises(InvalidValue) as other:
        escalate(r, _need(id="N2"), ORG, as_of=DAY)
    unroutable = Route(need_id="N1", result=Unroutable(reason=UnroutableReason.NO_UNIT))
    with pytest.raises(InvalidValue) as lost:
        escalate(unroutable, _need(), ORG, as_of=DAY)

    assert "'need_id' must be the need's id 'N2' (got 'N1')" == str(other.value)
    assert (
        "'current' must be a routed need (got Unroutable(reason=<UnroutableReason.NO_UNIT>, detail=''))"
    ) == str(lost.value)


def test_competences_of_one_kind_and_tier_are_merged() -> None:
    policy = RoutingPolicy(
        competence=(
            Competence(tier=Tier.TOWN, kind=ProviderKind.GOVERNMENT_DEPARTMENT, categories={"culture"}),
            Competence(tier=Tier.TOWN, kind=ProviderKind.GOVERNMENT_DEPARTMENT, categories={"health"}),
            Competence(tier=Tier.VILLAGE, kind=ProviderKind.VOLUNTEER_TEAM),
            Competence(tier=Tier.VILLAGE, kind=ProviderKind.VOLUNTEER_TEAM, categories={"culture"}),
        )
    )
    dept, team = ORG.unit("T-agri"), ORG.unit("V-VT")

    assert [True, True, False] == [policy.competent(dept, c) for c in ("culture", "health", "education")]
    assert [True, True] == [policy.competent(team, c) for c in ("education", "culture")]
    assert not policy.competent(ORG.unit("V-VC"), "culture")


def test_policy_errors_name_the_field_the_rule_and_the_value() -> None:
    def message(make: Callable[[], object]) -> str:
        with pytest.raises(ConfigurationError) as e:
            make()
        return str(e.value)

    assert "'cost_ceilings[1].tier' must be one ceiling per tier (got 'town')" == message(
        lambda: RoutingPolicy(
            cost_ceilings=(
                CostCeiling(tier=Tier.TOWN, max_cost=1.0),
                CostCeiling(tier=Tier.TOWN, max_cost=2.0),
            )
        )
    )
    assert (
        "'deadlines[1]' must be one rule per tier, category and priority (got (<Tier.TOWN>, None, 0.0))"
    ) == message(
        lambda: RoutingPolicy(deadlines=(DeadlineRule(tier=Tier.TOWN), DeadlineRule(tier=Tier.TOWN)))
    )
    assert "'competence[0].categories' must be a category of the catalogue (got 'astrology')" == message(
        lambda: RoutingPolicy(
            competence=(Competence(tier=Tier.TOWN, kind=ProviderKind.CHARITY, categories={"astrology"}),)
        ).check(DEFAULT_CATALOGUE)
    )
    assert "'deadlines[0].category' must be a category of the catalogue (got 'astrology')" == message(
        lambda: RoutingPolicy(deadlines=(DeadlineRule(tier=Tier.TOWN, category="astrology"),)).check(
            DEFAULT_CATALOGUE
        )
    )
    assert "'deadlines' must be a rule for every tier (got 'village')" == message(
        lambda: RoutingPolicy(deadlines=(DeadlineRule(tier=Tier.TOWN),)).deadline_rule(
            Tier.VILLAGE, "culture", 3.0
        )
    )


def test_a_fresh_default_policy_passes_its_check_and_has_ceilings() -> None:
    policy = RoutingPolicy()

    assert policy.check(DEFAULT_CATALOGUE) is policy
    assert [1_000.0, 30_000.0, None] == [policy.ceiling(t) for t in (Tier.GRID, Tier.VILLAGE, Tier.DISTRICT)]


def test_a_priority_rule_listed_first_does_not_hide_the_general_rule() -> None:
    policy = RoutingPolicy(
        deadlines=(
            DeadlineRule(tier=Tier.TOWN, workdays=2, min_priority=4.0),
            DeadlineRule(tier=Tier.TOWN, workdays=15),
        )
    )

    assert [15, 2] == [policy.deadline_rule(Tier.TOWN, "culture", p).workdays for p in (3.0, 4.0)]


def test_due_dates_from_a_fresh_policy() -> None:
    policy = RoutingPolicy(
        deadlines=(
            DeadlineRule(tier=Tier.TOWN, workdays=15),
            DeadlineRule(tier=Tier.TOWN, workdays=2, category="health"),
            DeadlineRule(tier=Tier.VILLAGE, hours=14),
        )
    )

    assert dt.date(2025, 3, 24) == policy.due(Tier.TOWN, "culture", 3.0, DAY, PLAIN)
    assert dt.date(2025, 3, 5) == policy.due(Tier.TOWN, "health", 3.0, DAY, PLAIN)
    # Emergency clocks start at 09:00: 14 hours later is still the same day.
    assert DAY == policy.due(Tier.VILLAGE, "culture", 3.0, DAY, PLAIN)


def test_the_old_name_why_is_the_escalation_reason_with_a_deprecation_warning() -> None:
    """One concept, one name: routing's Why folded into EscalationReason."""
    import servicegov.routing as routing_module
    from servicegov import lifecycle

    with pytest.warns(DeprecationWarning, match=r"routing\.Why is deprecated; use .*EscalationReason"):
        old = routing_module.Why
    assert old is EscalationReason is lifecycle.EscalationReason
    assert "Why" not in dir(routing_module)
    assert [m.value for m in EscalationReason][:4] == [
        "no-competence",
        "over-cost-ceiling",
        "no-capacity",
        "deadline-passed",
    ]
    with pytest.raises(AttributeError):
        routing_module.Whatever


_ARGUMENT_ALLOWED = {
    "need": "a servicegov.needs.Need",
    "organisation": "a servicegov.org.Organisation",
    "policy": "a RoutingPolicy",
    "as_of": "a datetime.date (not a datetime or a string)",
    "calendar": "a servicegov.calendar.WorkCalendar",
    "priority": "a finite number or None",
    "load": "a mapping {unit id: needs held} or None",
    "start_tier": "Tier.VILLAGE, the member, not the string 'village'",
    "current": "a Route",
    "why": "a EscalationReason: one of 'no-competence', 'over-cost-ceiling', 'no-capacity', "
    "'deadline-passed', 'referred'",
}


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("need", None),
        ("organisation", None),
        ("policy", None),
        ("as_of", "2025-03-03"),
        ("calendar", None),
        ("priority", "high"),
        ("load", []),
        ("start_tier", "village"),
    ],
)
def test_a_bad_argument_to_route_is_named_with_what_is_allowed(field: str, bad: object) -> None:
    arguments: dict[str, Any] = {"need": _need(), "organisation": ORG, "as_of": DAY, field: bad}
    with pytest.raises(InvalidValue) as info:
        route(**arguments)

    assert (field, bad, _ARGUMENT_ALLOWED[field]) == (info.value.field, info.value.value, info.value.allowed)


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("current", None),
        ("need", None),
        ("organisation", None),
        ("policy", None),
        ("as_of", "2025-03-03"),
        ("calendar", None),
        ("why", "late"),
        ("priority", "high"),
        ("load", []),
    ],
)
def test_a_bad_argument_to_escalate_is_named_with_what_is_allowed(field: str, bad: object) -> None:
    arguments: dict[str, Any] = {
        "current": route(_need(), ORG, as_of=DAY),
        "need": _need(),
        "organisation": ORG,
        "as_of": DAY,
        field: bad,
    }
    with pytest.raises(InvalidValue) as info:
        escalate(**arguments)

    allowed = _ARGUMENT_ALLOWED[field]
    assert (field, bad, allowed) == (info.value.field, info.value.value, info.value.allowed)
