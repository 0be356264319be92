"""Tests for `servicegov.claiming`: who is eligible, preferences and weights, and claiming whole lists."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import attrs
import pytest

from servicegov import pipeline, simulation
from servicegov.claiming import (
    assign_claims,
    catalogue_claims,
    default_priority,
    eligible,
    preferences,
    proximity,
    weights,
)
from servicegov.claims import (
    ClaimBook,
    ClaimKind,
    ClaimMode,
    ClaimRules,
    claim,
)
from servicegov.district import District
from servicegov.errors import InvalidValue
from servicegov.needs import DEFAULT_CATALOGUE, Group, Scope, ServiceItem

from .claims_cases import COMMON, DUE, HARD, ON, ORG, PLAIN, V1, V2, make_need, make_org

# --------------------------------------------------------------------------- builders


@pytest.fixture(scope="module")
def small() -> District:
    return simulation.generate("small", seed=3)


class TestBuilders:
    """Preferences and weights come from skill fit, distance, priority and stated preferences."""

    def test_proximity_levels(self) -> None:
        n = PLAIN
        assert 3 == proximity(n, ORG.unit("V1"), ORG)
        assert 2 == proximity(n, ORG.unit("DEPT"), ORG)
        assert 2 == proximity(n, ORG.member("c1"), ORG)
        assert 1 == proximity(n, ORG.unit("V2"), ORG)
        assert 0 == proximity(n, ORG.unit("OTHER"), ORG)

    def test_eligible_claimants_by_kind(self) -> None:
        assert ["c1", "c2"] == [w.id for w in eligible(HARD, ORG)]
        assert ["DEPT"] == [w.id for w in eligible(COMMON, ORG)]
        assert ["DEPT"] == [w.id for w in eligible(PLAIN, ORG)]
        rules = ClaimRules(required_skills={"legal-aid": {"law"}})
        assert ["c1"] == [w.id for w in eligible(HARD, ORG, rules)]

    def test_preferences_rank_by_priority_and_stated(self) -> None:
        urgent = make_need("NH-u", urgency=5)
        need_prefs, claimant_prefs = preferences([HARD, urgent], ORG)
        assert {"NH": ["c1", "c2"], "NH-u": ["c1", "c2"]} == need_prefs
        assert ["NH-u", "NH"] == claimant_prefs["c1"]
        _, stated = preferences([HARD, urgent], ORG, stated={"c1": ["NH", "N-unknown"]})
        assert ["NH", "NH-u"] == stated["c1"]
        assert ["NH-u", "NH"] == stated["c2"]

    def test_skill_fit_orders_need_preferences(self) -> None:
        org = attrs.evolve(ORG, members=[*ORG.members[:1], attrs.evolve(ORG.members[1], skills={
            "law", "counselling"})])
        rules = ClaimRules(required_skills={"legal-aid": set()})
        assert ["c1", "c2"] == preferences([HARD], org, rules=rules)[0]["NH"]
        weights_ = weights([HARD], org, rules=ClaimRules(required_skills={"legal-aid": {"law"}}))
        assert {("NH", "c1"), ("NH", "c2")} == set(weights_)

    def test_weight_formula(self) -> None:
        w = weights([HARD], ORG, priority={"NH": 0.5}, stated={"c2": ["NH"]})
        # 1 + 2 * 0.5 + fit 1 + proximity 2/3 (+ 0.5 stated)
        assert pytest.approx({("NH", "c1"): 3 + 2 / 3, ("NH", "c2"): 3.5 + 2 / 3}, abs=1e-12) == w
        assert 0.6 == default_priority(HARD)
        assert pytest.approx({("NH", "c1"): 1 + 1.2 + 1 + 2 / 3}, abs=1e-12) == {
            k: v for k, v in weights([HARD], ORG).items() if k[1] == "c1"}

    def test_builders_are_deterministic(self, small: District) -> None:
        needs = list(small.needs[:400])
        assert preferences(needs, small.organisation) == preferences(
            list(reversed(needs))[::-1], small.organisation)
        assert weights(needs, small.organisation) == weights(needs, small.organisation)


# --------------------------------------------------------------------------- modes


@pytest.mark.parametrize("mode", list(ClaimMode))
def test_assign_claims_respects_capacity_and_acceptability(
    mode: ClaimMode, small: District
) -> None:
    org = small.organisation
    needs = [n for n in small.needs if n.policy_allows][:600]
    book = assign_claims(needs, org, mode=mode, on=ON)
    assert book == assign_claims(needs, org, mode=mode, on=ON)
    load = Counter(c.claimant for c in book.claims)
    by_id = {n.id: n for n in needs}
    for cid, k in load.items():
        who = org.member(cid) if cid.startswith("C") else org.unit(cid)
        assert k <= who.capacity
    assert len({c.need_id for c in book.claims}) == len(book.claims)
    for c in book.claims:
        assert c.need_id is not None
        n = by_id[c.need_id]
        assert c.claimant in {w.id for w in eligible(n, org)}
        expected = (ClaimKind.COLLECTIVE if n.scope is Scope.COMMON else
                    ClaimKind.PERSONAL if Group.SPECIAL_HARDSHIP in n.groups else ClaimKind.LINKED)
        assert expected is c.kind
        assert (ON, ON + dt.timedelta(days=30)) == (c.claimed_on, c.due_on)


def test_assign_claims_greedy_takes_the_most_urgent_first() -> None:
    org = make_org(cadre_capacity=1)
    low, high = make_need("NH-low", urgency=1), make_need("NH-high", urgency=5)
    book = assign_claims([low, high, make_need("NH-mid")], org, mode=ClaimMode.GREEDY, on=ON)
    assert {"NH-high": "c1", "NH-mid": "c2"} == {c.need_id: c.claimant for c in book.claims}


def test_assign_claims_counts_existing_claims_against_capacity() -> None:
    org = make_org(cadre_capacity=1)
    book = claim(ClaimBook(), HARD, "c1", kind=ClaimKind.PERSONAL, on=ON, due=DUE, organisation=org)
    out = assign_claims([HARD, make_need("NH2"), make_need("NH3")], org, mode=ClaimMode.STABLE, on=ON,
                        book=book)
    assert ["claim-1", "NH2@c2"] == [c.id for c in out.claims]


def test_assign_claims_rejects_a_bad_mode() -> None:
    with pytest.raises(InvalidValue, match="'mode'"):
        assign_claims([HARD], ORG, mode="greedy", on=ON)  # type: ignore[arg-type]


def test_stable_claimant_optimal_differs_from_need_optimal() -> None:
    """Each need is nearest one cadre while each cadre stated the other need first."""
    dept = attrs.evolve(ORG.unit("DEPT"), linked_villages={V1, V2})
    org = attrs.evolve(
        ORG, units=[dept if u.id == "DEPT" else u for u in ORG.units],
        members=[attrs.evolve(ORG.member("c1"), division=V2, capacity=1),
                 attrs.evolve(ORG.member("c2"), division=V1, capacity=1)],
    )
    a, b = make_need("NH-a"), make_need("NH-b", village=V2)
    stated = {"c1": ["NH-a", "NH-b"], "c2": ["NH-b", "NH-a"]}
    need_side = assign_claims([a, b], org, mode=ClaimMode.STABLE, on=ON, stated=stated)
    claimant_side = assign_claims([a, b], org, mode=ClaimMode.STABLE, on=ON, stated=stated,
                                  optimal="claimant")
    assert {"NH-a": "c2", "NH-b": "c1"} == {c.need_id: c.claimant for c in need_side.claims}
    assert {"NH-a": "c1", "NH-b": "c2"} == {c.need_id: c.claimant for c in claimant_side.claims}


# --------------------------------------------------------------------------- catalogue


class TestCatalogueClaims:
    """Zhifu: members claim catalogue projects matching their skills, in their branches' divisions."""

    def test_a_dual_managed_member_claims_through_the_activity_branch(self) -> None:
        item = ServiceItem(code="P1", category="culture", name_zh="合唱", skills={"music"},
                           division=V2)
        book = catalogue_claims(DEFAULT_CATALOGUE.with_items([item]), ORG, on=ON)
        assert [("P1@m1", "m1", "P1", "V2", ClaimKind.VOLUNTARY, ON + dt.timedelta(days=90))] == [
            (c.id, c.claimant, c.project, c.through_branch, c.kind, c.due_on) for c in book.claims]

    def test_capacities_and_skills(self) -> None:
        items = [
            ServiceItem(code="P1", category="culture", name_zh="合唱", skills={"music"}, division=V1),
            ServiceItem(code="P2", category="culture", name_zh="舞蹈", skills={"music"}, division=V1),
            ServiceItem(code="P3", category="legal-aid", name_zh="法律", skills={"law", "x"},
                        division=V1, capacity=2),
        ]
        book = catalogue_claims(DEFAULT_CATALOGUE.with_items(items), ORG, on=ON)
        # m1 has capacity 1; c1 and c2 live in the county, not V1; lost is excluded.
        assert ["P1@m1"] == [c.id for c in book.claims]
        org = attrs.evolve(ORG, members=[attrs.evolve(ORG.members[2], capacity=5),
                                         attrs.evolve(ORG.members[0], home_branch="V1")])
        book = catalogue_claims(DEFAULT_CATALOGUE.with_items(items), org, on=ON)
        assert ["P1@m1", "P2@m1", "P3@c1"] == [c.id for c in book.claims]
        subset = catalogue_claims(DEFAULT_CATALOGUE.with_items(items), org, on=ON, match="subset")
        assert ["P1@m1", "P2@m1"] == [c.id for c in subset.claims]

    def test_project_capacity_and_stated_preferences(self) -> None:
        item = ServiceItem(code="P1", category="culture", name_zh="合唱", division=V1, capacity=1)
        other = ServiceItem(code="P0", category="culture", name_zh="书法", division=V1)
        cat = DEFAULT_CATALOGUE.with_items([item, other])
        org = attrs.evolve(ORG, members=[attrs.evolve(ORG.members[2], capacity=1),
                                         attrs.evolve(ORG.members[1], home_branch="V1")])
        book = catalogue_claims(cat, org, on=ON, stated={"m1": ["P1"]})
        assert {"P1": "m1", "P0": "c2"} == {c.project: c.claimant for c in book.claims}
        assert 1 == sum(c.project == "P1" for c in book.claims)

    def test_zhifu_preset(self) -> None:
        d = simulation.generate("zhifu", seed=0)
        book = catalogue_claims(d.catalogue, d.organisation, on=ON)
        items = {i.code: i for i in d.catalogue.items}
        per_item = Counter(c.project for c in book.claims)
        assert all(k <= items[p].capacity for p, k in per_item.items() if p is not None)
        per_member = Counter(c.claimant for c in book.claims)
        assert all(k <= d.organisation.member(m).capacity for m, k in per_member.items())
        for c in book.claims[:300]:
            m = d.organisation.member(c.claimant)
            assert c.through_branch in m.branches
            assert items[str(c.project)].skills & m.skills

    def test_bad_match(self) -> None:
        with pytest.raises(InvalidValue, match="'match'"):
            catalogue_claims(DEFAULT_CATALOGUE, ORG, on=ON, match="any")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- pipeline


@pytest.mark.parametrize("mode", [None, ClaimMode.GREEDY, ClaimMode.STABLE])
def test_pipeline_with_claiming_keeps_one_outcome_per_need(
    mode: ClaimMode | None, small: District
) -> None:
    report = pipeline.run(small, service=pipeline.SimulatedService(seed=3), claim_mode=mode)
    assert [n.id for n in small.needs] == list(report.outcomes)
    claimed = [o for o in report.outcomes.values() if o.claimant is not None and o.merged_into is None]
    assert report.claimed == len(claimed) == sum(report.claims_by_kind.values())
    if mode is None:
        assert ({}, 0, 0, 0, 0.0) == (report.claims_by_kind, report.claimed, report.unclaimed,
                                      report.claim_capacity, report.capacity_use)
    else:
        assert report.claimed > 0
        assert report.capacity_use == report.claimed / report.claim_capacity
        for o in claimed:
            assert o.stage in (pipeline.Stage.ROUTED, pipeline.Stage.RESOLVED)


def test_pipeline_rejects_a_bad_claim_mode(small: District) -> None:
    with pytest.raises(InvalidValue, match="'claim_mode'"):
        pipeline.run(small, claim_mode="greedy")  # type: ignore[arg-type]
