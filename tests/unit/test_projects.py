"""Service projects: stages, panel review with separation of duties, exact selection within a budget."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicegov import serialization
from servicegov.errors import IllegalTransition, InvalidValue, RuleViolation, UnknownReference
from servicegov.projects import (
    Funding,
    PanelRule,
    Project,
    ProjectScore,
    ProjectType,
    Reason,
    Stage,
    advance,
    review_projects,
    select,
)
from servicegov.scoring import Review, ReviewChannel

DAY = dt.date(2025, 3, 1)


def project(code: str, cost: int = 0, **kw: object) -> Project:
    args: dict[str, object] = {
        "code": code,
        "title": code,
        "type": ProjectType.INNOVATIVE,
        "applicant": "V1",
        "funding": Funding(budget=cost),
        "started": DAY,
    }
    args.update(kw)
    return Project(**args)  # type: ignore[arg-type]


def ballot(reviewer: str, code: str, value: float) -> Review:
    return Review(reviewer=reviewer, reviewee=code, channel=ReviewChannel.ORGANISATIONAL, on=DAY, score=value)


def scored(mean: float | None) -> ProjectScore:
    return ProjectScore(code="x", valid=3, invalid=0, mean=mean)


def test_stages_advance_one_at_a_time() -> None:
    p = project("P1")
    for i, stage in enumerate(list(Stage)[1:]):
        p = advance(p, stage, on=DAY + dt.timedelta(days=i))
    assert Stage.PROMOTION is p.stage
    assert 6 == len(p.history)
    with pytest.raises(IllegalTransition, match="promotion is the last"):
        advance(p, Stage.PROMOTION, on=dt.date(2026, 1, 1))
    with pytest.raises(IllegalTransition, match="next: 'application'"):
        advance(project("P2"), Stage.SELECTION, on=DAY)
    with pytest.raises(InvalidValue, match="history"):
        advance(project("P3"), Stage.APPLICATION, on=DAY - dt.timedelta(days=1))
    assert p == serialization.structure(serialization.unstructure(p), Project)


def test_funding_mix() -> None:
    f = Funding(budget=20_000, unit=5_000, party_fees=3_000)
    assert 28_000 == f.total
    with pytest.raises(InvalidValue, match="party_fees"):
        Funding(party_fees=-1)


def test_panel_review_uses_trimmed_means_and_quorum() -> None:
    ps = [project("P1"), project("P2")]
    ballots = [ballot(f"e{i}", "P1", v) for i, v in enumerate([40, 80, 80, 80, 80, 100])]
    ballots += [
        ballot("e1", "P2", 90),
        ballot("e2", "P2", 90),
        ballot("e3", "P2", 101),
        ballot("e1", "P2", 50),
    ]
    out = review_projects(ps, ballots)
    assert (6, 0, 80.0) == (out["P1"].valid, out["P1"].invalid, out["P1"].mean)
    assert (2, 2, None) == (out["P2"].valid, out["P2"].invalid, out["P2"].mean)
    assert 90.0 == review_projects(ps, ballots, rule=PanelRule(quorum=2))["P2"].mean


def test_nobody_reviews_their_own_project() -> None:
    ps = [project("P1", team={"m1"}, applicant="V9")]
    for who in ("m1", "V9"):
        with pytest.raises(RuleViolation, match=f"'{who}'.*no-review-of-own-project"):
            review_projects(ps, [ballot("e1", "P1", 80), ballot(who, "P1", 80)])
    with pytest.raises(UnknownReference):
        review_projects(ps, [ballot("e1", "P9", 80)])


def test_selection_says_why() -> None:
    ps = [
        project("A", 60),
        project("B", 50),
        project("C", 50),
        project("D", 10),
        project("E", 10),
        project("F", 200),
    ]
    sc = {
        "A": scored(90),
        "B": scored(80),
        "C": scored(70),
        "D": scored(None),
        "E": scored(59.99),
        "F": scored(99),
    }
    s = select(ps, sc, budget=100)
    assert ("B", "C") == s.selected
    assert (100, 150.0) == (s.spent, s.total_score)
    assert {
        "A": Reason.OUTSCORED,
        "B": Reason.SELECTED,
        "C": Reason.SELECTED,
        "D": Reason.NO_QUORUM,
        "E": Reason.BELOW_MINIMUM,
        "F": Reason.OVER_BUDGET,
    } == {d.code: d.reason for d in s.decisions}
    assert ("A",) == select(ps, sc, budget=99).selected
    assert () == select(ps, sc, budget=0).selected
    with pytest.raises(InvalidValue, match="budget"):
        select(ps, sc, budget=-1)
    with pytest.raises(UnknownReference):
        select(ps, {}, budget=10)


def test_equal_scores_prefer_the_cheaper_set() -> None:
    ps = [project("A", 30), project("B", 20)]
    s = select(ps, {"A": scored(80), "B": scored(80)}, budget=40)
    assert (("B",), 20) == (s.selected, s.spent)


@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(60, 100)), min_size=0, max_size=9),
    st.integers(0, 200),
)
def test_selection_is_optimal_and_within_budget(items: list[tuple[int, int]], budget: int) -> None:
    ps = [project(f"P{i}", cost) for i, (cost, _) in enumerate(items)]
    sc = {f"P{i}": scored(float(m)) for i, (_, m) in enumerate(items)}
    s = select(ps, sc, budget=budget)
    costs = {p.code: p.funding.budget for p in ps}
    assert s.spent == sum(costs[c] for c in s.selected) <= budget
    best = max(
        sum(sc[c].mean or 0 for c in combo)
        for r in range(len(ps) + 1)
        for combo in itertools.combinations(sorted(costs), r)
        if sum(costs[c] for c in combo) <= budget
    )
    assert best == s.total_score
