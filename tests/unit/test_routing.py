"""Tests for `servicegov.routing`: tiers, escalation, deadlines and bad policies."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicegov import serialization
from servicegov.calendar import CHINA_2025, WorkCalendar
from servicegov.errors import ConfigurationError, InvalidValue, UnknownReference
from servicegov.needs import DEFAULT_CATALOGUE, Group, Need, NeedKind, Scope
from servicegov.org import Organisation, ProviderKind, Tier, Unit
from servicegov.routing import (
    DEFAULT_POLICY,
    Channel,
    Competence,
    CostCeiling,
    DeadlineRule,
    Mode,
    Route,
    Routed,
    RoutingPolicy,
    Unroutable,
    UnroutableReason,
    Why,
    escalate,
    route,
)

VILLAGE = "420117101201"
TOWN = "420117101000"
COUNTY = "420117000000"
DAY = dt.date(2025, 3, 3)  # a Monday with no holiday near
PLAIN = WorkCalendar()


def _org(*, dept_capacity: int = 10, linked: bool = True) -> Organisation:
    units = (
        Unit(id="D", name="区委", division=COUNTY, tier=Tier.DISTRICT),
        Unit(id="GOV", name="区政府", division=COUNTY, tier=Tier.DISTRICT, parent="D",
             kind=ProviderKind.GOVERNMENT_DEPARTMENT),
        Unit(id="DEPT", name="区直部门", division=COUNTY, tier=Tier.DISTRICT, parent="D",
             kind=ProviderKind.GOVERNMENT_DEPARTMENT, capacity=dept_capacity,
             linked_villages={VILLAGE} if linked else frozenset()),
        Unit(id="T", name="镇党委", division=TOWN, tier=Tier.TOWN, parent="D"),
        Unit(id="T-agri", name="农业服务中心", division=TOWN, tier=Tier.TOWN, parent="T",
             kind=ProviderKind.GOVERNMENT_DEPARTMENT, capacity=5),
        Unit(id="V", name="村党组织", division=VILLAGE, tier=Tier.VILLAGE, parent="T"),
        Unit(id="V-VC", name="村委会", division=VILLAGE, tier=Tier.VILLAGE, parent="V",
             kind=ProviderKind.VILLAGE_COMMITTEE, capacity=2),
        Unit(id="V-VT", name="志愿服务队", division=VILLAGE, tier=Tier.VILLAGE, parent="V",
             kind=ProviderKind.VOLUNTEER_TEAM, capacity=2),
        Unit(id="V-PG", name="党小组", division=VILLAGE, tier=Tier.PARTY_GROUP, parent="V",
             capacity=1),
        Unit(id="V-G", name="网格", division=VILLAGE, tier=Tier.GRID, parent="V-PG", capacity=1),
    )
    return Organisation(units=units, backstop="GOV")


def _need(**kw: object) -> Need:
    fields: dict[str, object] = {
        "id": "N1", "village": VILLAGE, "kind": NeedKind.LIVELIHOOD, "category": "infrastructure",
        "scope": Scope.INDIVIDUAL, "households": ("h1",), "cost": 100.0, "collected": DAY,
    }
    fields.update(kw)
    return Need(**fields)  # type: ignore[arg-type]


ORG = _org()


def test_a_need_the_grid_can_solve_stays_at_the_grid() -> None:
    r = route(_need(category="family-contact", kind=NeedKind.EMOTIONAL), ORG, as_of=DAY,
              calendar=PLAIN)

    assert r.hops == ()
    assert Routed(unit="V-G", tier=Tier.GRID, due=dt.date(2025, 3, 6), since=DAY) == r.result


def test_village_layers_are_tried_in_turn_without_counting_an_escalation() -> None:
    r = route(_need(), ORG, as_of=DAY, calendar=PLAIN)

    assert r.hops == ()
    assert isinstance(r.result, Routed)
    assert (r.result.unit, r.result.tier) == ("V-VC", Tier.VILLAGE)
    assert dt.date(2025, 3, 17) == r.result.due  # ten working days


def test_a_need_over_the_village_ceiling_goes_to_the_town_naming_the_parent() -> None:
    r = route(_need(cost=30_000.01), ORG, as_of=DAY, calendar=PLAIN)

    assert len(r.hops) == 1
    hop = r.hops[0]
    expected = ("V", Tier.VILLAGE, "T", Tier.TOWN, Why.OVER_COST_CEILING)
    assert (hop.from_unit, hop.from_tier, hop.to_unit, hop.to_tier, hop.why) == expected
    assert isinstance(r.result, Routed)
    assert (r.result.unit, r.result.tier) == ("T-agri", Tier.TOWN)


def test_cost_exactly_at_the_ceiling_stays_in_the_village() -> None:
    r = route(_need(cost=30_000.0), ORG, as_of=DAY, calendar=PLAIN)

    assert isinstance(r.result, Routed)
    assert r.result.tier == Tier.VILLAGE


def test_what_the_town_cannot_fund_goes_to_the_linked_district_department() -> None:
    r = route(_need(cost=300_001.0, scope=Scope.COMMON, households=("a", "b")), ORG, as_of=DAY,
              calendar=PLAIN)

    assert [h.why for h in r.hops] == [Why.OVER_COST_CEILING, Why.OVER_COST_CEILING]
    assert [(h.from_unit, h.to_unit) for h in r.hops] == [("V", "T"), ("T", "D")]
    assert isinstance(r.result, Routed)
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
    r = route(_need(cost=400_000.0, scope=scope, groups=groups, households=hh), ORG, as_of=DAY,
              calendar=PLAIN)

    assert isinstance(r.result, Routed)
    assert channel == r.result.channel


def test_no_capacity_escalates_and_the_backstop_takes_the_rest() -> None:
    full = {"V-VC": 2, "T-agri": 5, "DEPT": 10}
    r = route(_need(), ORG, as_of=DAY, calendar=PLAIN, load=full)

    assert [h.why for h in r.hops] == [Why.NO_CAPACITY, Why.NO_CAPACITY, Why.NO_CAPACITY]
    assert r.hops[-1].to_unit == "GOV"
    assert isinstance(r.result, Routed)
    assert (r.result.unit, r.result.channel) == ("GOV", Channel.BACKSTOP)


def test_capacity_can_be_ignored() -> None:
    policy = RoutingPolicy(respect_capacity=False)
    r = route(_need(), ORG, policy, as_of=DAY, calendar=PLAIN, load={"V-VC": 99})

    assert isinstance(r.result, Routed)
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

    assert isinstance(r.result, Routed)
    assert (r.result.unit, r.result.channel) == ("V", Channel.FIRST_RECEIVER)


def test_the_least_loaded_competent_unit_takes_the_need() -> None:
    r = route(_need(category="sanitation"), ORG, as_of=DAY, calendar=PLAIN,
              load={"V-PG": 1, "V-VC": 1})

    assert isinstance(r.result, Routed)
    assert r.result.unit == "V-VT"


def test_escalation_for_a_missed_deadline_names_the_parent_and_why() -> None:
    first = route(_need(), ORG, as_of=DAY, calendar=PLAIN)
    later = dt.date(2025, 3, 18)
    up = escalate(first, _need(), ORG, as_of=later, calendar=PLAIN)

    assert len(up.hops) == 1
    assert ("V-VC", "T", Why.DEADLINE_PASSED, later) == (
        up.hops[0].from_unit, up.hops[0].to_unit, up.hops[0].why, up.hops[0].on)
    assert isinstance(up.result, Routed)
    assert (Tier.TOWN, dt.date(2025, 4, 8)) == (up.result.tier, up.result.due)


def test_escalation_at_the_district_renews_the_deadline_in_place() -> None:
    r = route(_need(cost=400_000.0), ORG, as_of=DAY, calendar=PLAIN)
    again = escalate(r, _need(cost=400_000.0), ORG, as_of=dt.date(2025, 4, 1), calendar=PLAIN)

    assert r.hops == again.hops
    assert isinstance(again.result, Routed)
    assert isinstance(r.result, Routed)
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
    policy = RoutingPolicy(deadlines=(
        DeadlineRule(tier=Tier.TOWN, workdays=15),
        DeadlineRule(tier=Tier.TOWN, workdays=5, category="health"),
        DeadlineRule(tier=Tier.TOWN, workdays=2, min_priority=4.0),
    ))

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
    policy = RoutingPolicy(competence=(Competence(tier=Tier.TOWN, kind=ProviderKind.CHARITY,
                                                  categories={"astrology"}),))
    with pytest.raises(ConfigurationError, match=r"'competence\[0\]\.categories'.*'astrology'"):
        policy.check(DEFAULT_CATALOGUE)


def test_a_deadline_rule_for_an_unknown_category_is_rejected() -> None:
    policy = RoutingPolicy(deadlines=(DeadlineRule(tier=Tier.TOWN, category="astrology"),))
    with pytest.raises(ConfigurationError, match=r"'deadlines\[0\]\.category'"):
        policy.check(DEFAULT_CATALOGUE)


def test_a_negative_deadline_is_rejected() -> None:
    with pytest.raises(InvalidValue, match="'workdays' must be an integer >= 0 \\(got -1\\)"):
        DeadlineRule(tier=Tier.TOWN, workdays=-1)
    with pytest.raises(InvalidValue, match="'hours'"):
        DeadlineRule(tier=Tier.TOWN, hours=-2)


def test_a_negative_cost_ceiling_is_rejected() -> None:
    with pytest.raises(InvalidValue, match="'max_cost'"):
        CostCeiling(tier=Tier.TOWN, max_cost=-1.0)


def test_two_ceilings_or_two_same_deadline_rules_for_one_tier_are_rejected() -> None:
    with pytest.raises(ConfigurationError, match=r"'cost_ceilings\[1\]\.tier'"):
        RoutingPolicy(cost_ceilings=(CostCeiling(tier=Tier.TOWN, max_cost=1.0),
                                     CostCeiling(tier=Tier.TOWN, max_cost=2.0)))
    with pytest.raises(ConfigurationError, match=r"'deadlines\[1\]'"):
        RoutingPolicy(deadlines=(DeadlineRule(tier=Tier.TOWN), DeadlineRule(tier=Tier.TOWN)))


def test_a_policy_without_a_rule_for_a_tier_says_so() -> None:
    policy = RoutingPolicy(deadlines=(DeadlineRule(tier=Tier.TOWN),))
    with pytest.raises(ConfigurationError, match="'deadlines'"):
        policy.deadline_rule(Tier.VILLAGE, "culture", 3.0)


def test_a_route_round_trips_through_json() -> None:
    r = route(_need(cost=300_001.0, scope=Scope.COMMON, households=("a", "b")), ORG, as_of=DAY,
              calendar=PLAIN)
    data = serialization.unstructure(r)

    assert data["result"]["result"] == "routed"
    assert r == serialization.structure(data, Route)


@given(
    cost=st.floats(min_value=0, max_value=5e6, allow_nan=False),
    category=st.sampled_from(DEFAULT_CATALOGUE.codes),
    scope=st.sampled_from(Scope),
    hardship=st.booleans(),
    load=st.dictionaries(st.sampled_from(["V-VC", "V-VT", "V-PG", "V-G", "T-agri", "DEPT"]),
                         st.integers(0, 12)),
)
def test_every_need_is_placed_and_each_hop_climbs(
    cost: float, category: str, scope: Scope, hardship: bool, load: dict[str, int]
) -> None:
    hh = ("a", "b") if scope is Scope.COMMON else ("a",)
    groups = {Group.SPECIAL_HARDSHIP} if hardship else {Group.GENERAL}
    need = _need(cost=cost, category=category, scope=scope, households=hh, groups=groups)
    r = route(need, ORG, as_of=DAY, calendar=PLAIN, load=load)

    assert isinstance(r.result, Routed)
    assert r.result.due >= DAY
    tiers = [h.from_tier.rank for h in r.hops] + [r.result.tier.rank]
    assert sorted(tiers) == tiers
    unit = ORG.unit(r.result.unit)
    assert unit.tier == r.result.tier
    if r.result.channel is not Channel.BACKSTOP:
        assert load.get(unit.id, 0) < unit.capacity
        assert DEFAULT_POLICY.competent(unit, category)
    ceiling = DEFAULT_POLICY.ceiling(r.result.tier)
    assert ceiling is None or cost <= ceiling
    assert r == route(need, ORG, as_of=DAY, calendar=PLAIN, load=load)


def test_policy_equality_ignores_its_memo() -> None:
    a = RoutingPolicy()
    a.due(Tier.TOWN, "culture", 3.0, DAY, PLAIN)

    assert RoutingPolicy() == a
    assert attrs.evolve(a, use_backstop=False) != a
