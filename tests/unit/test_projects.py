"""Service projects: stages, panel review with separation of duties, exact selection within a budget."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from servicegov import serialization
from servicegov.errors import (
    IllegalTransition,
    InvalidValue,
    RuleViolation,
    ServicegovError,
    UnknownReference,
)
from servicegov.projects import (
    Decision,
    Funding,
    PanelRule,
    Project,
    ProjectStage,
    SelectionReason,
    StageEntry,
    advance_stage,
    review_projects,
    select,
)
from servicegov.scoring import Review, ReviewChannel

from .projects_cases import DAY, project, scored


def ballot(reviewer: str, code: str, value: float) -> Review:
    return Review(reviewer=reviewer, reviewee=code, channel=ReviewChannel.ORGANISATIONAL, on=DAY, score=value)


def test_stages_advance_one_at_a_time() -> None:
    p = project("P1")
    for i, stage in enumerate(list(ProjectStage)[1:]):
        p = advance_stage(p, stage, on=DAY + dt.timedelta(days=i))
    assert ProjectStage.PROMOTION is p.stage
    assert 6 == len(p.history)
    with pytest.raises(IllegalTransition, match="promotion is the last"):
        advance_stage(p, ProjectStage.PROMOTION, on=dt.date(2026, 1, 1))
    with pytest.raises(IllegalTransition, match="next: 'application'"):
        advance_stage(project("P2"), ProjectStage.SELECTION, on=DAY)
    with pytest.raises(InvalidValue, match="history"):
        advance_stage(project("P3"), ProjectStage.APPLICATION, on=DAY - dt.timedelta(days=1))
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
        "A": SelectionReason.OUTSCORED,
        "B": SelectionReason.SELECTED,
        "C": SelectionReason.SELECTED,
        "D": SelectionReason.NO_QUORUM,
        "E": SelectionReason.BELOW_MINIMUM,
        "F": SelectionReason.OVER_BUDGET,
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


@pytest.mark.parametrize(
    ("call", "field", "value", "allowed"),
    [
        (lambda: Funding(budget=-1), "budget", -1, "a non-negative whole number of yuan"),
        (lambda: Funding(unit=1.5), "unit", 1.5, "a non-negative whole number of yuan"),  # type: ignore[arg-type]
        (lambda: project("P1", history=("review",)), "history[0]", "review", "a StageEntry"),
        (
            lambda: project("P1", history=(StageEntry(stage=ProjectStage.REVIEW, on=DAY),)),
            "history[0].stage",
            ProjectStage.REVIEW,
            "'application'",
        ),
        (
            lambda: project(
                "P1",
                history=(
                    StageEntry(stage=ProjectStage.APPLICATION, on=DAY + dt.timedelta(days=5)),
                    StageEntry(stage=ProjectStage.REVIEW, on=DAY + dt.timedelta(days=2)),
                ),
            ),
            "history[1].on",
            DAY + dt.timedelta(days=2),
            "on or after 2025-03-06",
        ),
        (lambda: review_projects([project("P1"), project("P1")], []), "projects[].code", "P1", "unique"),
        (
            lambda: review_projects([project("P1")], [ballot("e1", "P9", 80)]),
            "reviews[0].reviewee",
            "P9",
            "a project code",
        ),
        (lambda: select([], {}, budget=-1), "budget", -1, "a non-negative whole number of yuan"),
        (
            lambda: select([project("B"), project("A")], {"B": scored(80)}, budget=10),
            "scores",
            "A",
            "a score for every project",
        ),
    ],
)
def test_rejections_name_field_value_and_what_is_allowed(
    call: Callable[[], object], field: str, value: object, allowed: str
) -> None:
    with pytest.raises(ServicegovError) as info:
        call()

    assert (field, value, allowed) == (info.value.field, info.value.value, info.value.allowed)


def test_free_funding_is_allowed() -> None:
    assert 0 == Funding(budget=0, unit=0, party_fees=0).total


def test_a_stage_out_of_turn_names_the_next_one() -> None:
    p = project("P1")
    for i, stage in enumerate(list(ProjectStage)[1:-1]):
        p = advance_stage(p, stage, on=DAY + dt.timedelta(days=i))
    with pytest.raises(IllegalTransition) as info:
        advance_stage(p, ProjectStage.APPLICATION, on=DAY + dt.timedelta(days=9))
    assert ("stage", ProjectStage.APPLICATION) == (info.value.field, info.value.value)
    assert str(info.value).endswith("(next: 'promotion')")

    p = advance_stage(p, ProjectStage.PROMOTION, on=DAY + dt.timedelta(days=9))
    with pytest.raises(IllegalTransition) as info:
        advance_stage(p, ProjectStage.PROMOTION, on=DAY + dt.timedelta(days=10))
    assert str(info.value).endswith("(next: none, promotion is the last)")


def test_a_reviewer_of_their_own_project_is_named() -> None:
    with pytest.raises(RuleViolation) as info:
        review_projects([project("P1", team={"m1"})], [ballot("e1", "P1", 80), ballot("m1", "P1", 80)])

    assert ("reviews[1].reviewer", "m1") == (info.value.field, info.value.value)


def test_a_zero_score_is_a_valid_ballot() -> None:
    out = review_projects([project("P1")], [ballot("e1", "P1", 0), ballot("e2", "P1", 100)])

    assert ("P1", 2, 0) == (out["P1"].code, out["P1"].valid, out["P1"].invalid)


def test_the_panel_rule_sets_when_and_how_much_to_trim() -> None:
    ballots = [ballot(f"e{i}", "P1", v) for i, v in enumerate([0, 10, 20, 80, 100])]
    out = review_projects([project("P1")], ballots, rule=PanelRule(quorum=1, trim_above=4, trim=2))

    assert 20.0 == out["P1"].mean


def test_equal_scores_at_equal_cost_prefer_the_set_first_in_code_order() -> None:
    ps = [project("A", 10), project("B", 10)]
    assert ("A",) == select(ps, {"A": scored(80), "B": scored(80)}, budget=10).selected

    ps = [project("A", 5), project("B", 10), project("C", 10), project("D", 15)]
    sc = {"A": scored(60), "B": scored(70), "C": scored(70), "D": scored(80)}
    assert ("A", "D") == select(ps, sc, budget=20).selected


def test_a_better_set_is_not_replaced_by_a_worse_one_first_in_code_order() -> None:
    ps = [project(code, 10) for code in "ABCD"]
    sc = {"A": scored(60), "B": scored(70), "C": scored(70), "D": scored(60)}

    assert ("B", "C") == select(ps, sc, budget=20).selected


def test_each_decision_records_selection_score_and_cost() -> None:
    ps = [project("A", 30), project("B", 20)]
    s = select(ps, {"A": scored(90), "B": scored(None)}, budget=40)

    assert (40, ("A",), 30, 90.0) == (s.budget, s.selected, s.spent, s.total_score)
    assert (
        Decision(code="A", selected=True, reason=SelectionReason.SELECTED, score=90.0, cost=30),
        Decision(code="B", selected=False, reason=SelectionReason.NO_QUORUM, score=None, cost=20),
    ) == s.decisions
