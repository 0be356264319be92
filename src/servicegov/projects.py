"""Party-building service projects (党建服务项目, seed 000): stages, review, selection.

A project moves through seven stages, one at a time: initiation, application,
review, selection, incubation, evaluation, promotion (立项 → 申报 → 评审 → 遴选 →
培育 → 评估 → 推广).  It is of one of three types and funded by a mix of budget,
unit and returned Party fees (财政拨一点、单位筹措一点、党费回拨一点, seed 002).

Review reuses the scoring machinery: a panel's :class:`~servicegov.scoring.Review`
ballots, trimmed means, a quorum, and separation of duties (nobody on a
project's team reviews it).  :func:`select` then picks the set of projects with
the highest total review score whose budget requests fit the budget — exactly,
by dynamic programming over the Pareto front of (cost, score) — and says why
each project was or was not selected.

Examples:
    >>> import datetime as dt
    >>> p = Project(code="P1", title="留守老人周末陪伴", type=ProjectType.DEEP_EXTENSION,
    ...             applicant="V1", funding=Funding(budget=20_000, unit=5_000, party_fees=3_000),
    ...             started=dt.date(2025, 3, 1))
    >>> p.stage.zh, p.funding.total
    ('立项', 28000)
    >>> advance_stage(p, ProjectStage.APPLICATION, on=dt.date(2025, 3, 15)).stage.zh
    '申报'
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from servicegov._arguments import checked
from servicegov._convert import to_frozenset, to_tuple
from servicegov._deprecation import renamed
from servicegov._enum import LabelledEnum
from servicegov._types import Id
from servicegov._validators import identifier
from servicegov.errors import DuplicateId, IllegalTransition, InvalidValue, RuleViolation, UnknownReference
from servicegov.scoring import Review, trimmed_mean

__all__ = [
    "Decision",
    "Funding",
    "PanelRule",
    "Project",
    "ProjectScore",
    "ProjectStage",
    "ProjectType",
    "Selection",
    "SelectionReason",
    "StageEntry",
    "advance_stage",
    "review_projects",
    "select",
]


def __dir__() -> list[str]:
    return __all__


class ProjectType(LabelledEnum):
    """The three types of service project (seed 000)."""

    INNOVATIVE = ("innovative", "创新探索型", "innovative-exploratory")
    DEEP_EXTENSION = ("deep-extension", "深度拓展型", "deep-extension")
    INSTITUTION_BUILDING = ("institution-building", "制度规范型", "institution-building")


class ProjectStage(LabelledEnum):
    """The stages of a project, in order."""

    INITIATION = ("initiation", "立项", "initiation")
    APPLICATION = ("application", "申报", "application")
    REVIEW = ("review", "评审", "review")
    SELECTION = ("selection", "遴选", "selection")
    INCUBATION = ("incubation", "培育", "incubation")
    EVALUATION = ("evaluation", "评估", "evaluation")
    PROMOTION = ("promotion", "推广", "promotion")


_STAGES = tuple(ProjectStage)


def _amount(field: str) -> Any:
    def check(_inst: object, _attr: attrs.Attribute[Any], value: object) -> None:
        if type(value) is not int or value < 0:
            raise InvalidValue.for_field(field, value, "a non-negative whole number of yuan")

    return check


@attrs.frozen(kw_only=True)
class Funding:
    """The funding mix, in yuan: budget, unit and returned Party fees.

    Examples:
        >>> Funding(budget=10, unit=5).total
        15
    """

    budget: int = attrs.field(default=0, validator=_amount("budget"))
    unit: int = attrs.field(default=0, validator=_amount("unit"))
    party_fees: int = attrs.field(default=0, validator=_amount("party_fees"))

    @property
    def total(self) -> int:
        """All three parts."""
        return self.budget + self.unit + self.party_fees


@attrs.frozen(kw_only=True)
class StageEntry:
    """A project entered *stage* on *on*."""

    stage: ProjectStage
    on: dt.date


def _check_history(inst: Project, _attr: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    for i, e in enumerate(value):
        if not isinstance(e, StageEntry):
            raise InvalidValue.for_field(f"history[{i}]", e, "a StageEntry")
        if e.stage is not _STAGES[i + 1]:
            raise InvalidValue.for_field(f"history[{i}].stage", e.stage, f"{_STAGES[i + 1].value!r}")
        before = inst.started if i == 0 else value[i - 1].on
        if e.on < before:
            raise InvalidValue.for_field(f"history[{i}].on", e.on, f"on or after {before}")


@attrs.frozen(kw_only=True)
class Project:
    """A service project.

    Attributes:
        code: unique.
        title: in words.
        type: the project type.
        applicant: the unit that applies.
        funding: the funding mix; ``funding.budget`` is what selection must fit.
        started: the date of initiation (立项).
        team: members who run it (with the applicant, barred from reviewing it).
        history: the stages entered after initiation, in order.
    """

    code: Id = attrs.field(validator=identifier())
    title: str
    type: ProjectType
    applicant: Id = attrs.field(validator=identifier())
    funding: Funding
    started: dt.date
    team: frozenset[str] = attrs.field(default=frozenset(), converter=to_frozenset)
    history: tuple[StageEntry, ...] = attrs.field(default=(), converter=to_tuple, validator=_check_history)

    @property
    def stage(self) -> ProjectStage:
        """The current stage."""
        return self.history[-1].stage if self.history else ProjectStage.INITIATION

    @property
    def parties(self) -> frozenset[str]:
        """The applicant and the team."""
        return self.team | {self.applicant}


@checked
def advance_stage(project: Project, stage: ProjectStage, *, on: dt.date) -> Project:
    """Move *project* to the next stage.

    Raises:
        IllegalTransition: if *stage* is not the next one.
        InvalidValue: if *on* is before the current stage's date.

    Examples:
        >>> p = Project(code="P1", title="t", type=ProjectType.INNOVATIVE, applicant="V1",
        ...             funding=Funding(), started=dt.date(2025, 3, 1))
        >>> advance_stage(p, ProjectStage.REVIEW, on=dt.date(2025, 3, 2))
        Traceback (most recent call last):
            ...
        servicegov.errors.IllegalTransition: project 'P1' cannot move from 'initiation' to 'review'
        (next: 'application')
    """
    i = _STAGES.index(project.stage)
    if i + 1 >= len(_STAGES) or stage is not _STAGES[i + 1]:
        nxt = repr(_STAGES[i + 1].value) if i + 1 < len(_STAGES) else "none, promotion is the last"
        msg = (
            f"project {project.code!r} cannot move from {project.stage.value!r} "
            f"to {stage.value!r} (next: {nxt})"
        )
        raise IllegalTransition(msg, field="stage", value=stage)
    return attrs.evolve(project, history=(*project.history, StageEntry(stage=stage, on=on)))


# --------------------------------------------------------------------------- review


@attrs.frozen(kw_only=True)
class PanelRule:
    """How a panel's scores become a project score (our defaults).

    Attributes:
        quorum: the fewest valid scores (default 3).
        trim_above: trim when there are more than this many (default 5).
        trim: how many highest and lowest to drop (default 1).
        minimum: the lowest score a project may be selected with (default 60).
    """

    quorum: int = 3
    trim_above: int = 5
    trim: int = 1
    minimum: float = 60.0


@attrs.frozen(kw_only=True)
class ProjectScore:
    """A project's review result: the trimmed mean, or ``None`` without quorum."""

    code: str
    valid: int
    invalid: int
    mean: float | None


@checked
def review_projects(
    projects: Iterable[Project], reviews: Iterable[Review], *, rule: PanelRule = PanelRule()
) -> dict[str, ProjectScore]:
    """Score each project from its panel's ballots (``reviewee`` is the project code).

    Ballots must be 0 to 100 scores; others count as invalid.  A reviewer's
    second ballot on a project is invalid.

    Raises:
        RuleViolation: when a reviewer is the applicant or on the team
            (rule ``no-review-of-own-project``).
        UnknownReference: when a ballot names no known project.

    Examples:
        >>> p = Project(code="P1", title="t", type=ProjectType.INNOVATIVE, applicant="V1",
        ...             funding=Funding(), started=dt.date(2025, 3, 1), team={"m1"})
        >>> from servicegov.scoring import ReviewChannel
        >>> def b(who, s):
        ...     return Review(reviewer=who, reviewee="P1", channel=ReviewChannel.ORGANISATIONAL,
        ...                   on=dt.date(2025, 4, 1), score=s)
        >>> review_projects([p], [b("e1", 80), b("e2", 90), b("e3", 70)])["P1"].mean
        80.0
        >>> review_projects([p], [b("m1", 80)])
        Traceback (most recent call last):
            ...
        servicegov.errors.RuleViolation: reviewer 'm1' may not review project 'P1': they are its applicant
        or on its team (rule no-review-of-own-project, reviews[0])
    """
    by_code: dict[str, Project] = {}
    for proj in projects:
        if proj.code in by_code:
            raise DuplicateId.for_field("projects[].code", proj.code, "unique")
        by_code[proj.code] = proj
    valid: dict[str, list[float]] = {c: [] for c in by_code}
    invalid = dict.fromkeys(by_code, 0)
    seen: set[tuple[str, str]] = set()
    for i, r in enumerate(reviews):
        p = by_code.get(r.reviewee)
        if p is None:
            raise UnknownReference.for_field(f"reviews[{i}].reviewee", r.reviewee, "a project code")
        if r.reviewer in p.parties:
            msg = (
                f"reviewer {r.reviewer!r} may not review project {p.code!r}: they are its applicant "
                f"or on its team (rule no-review-of-own-project, reviews[{i}])"
            )
            raise RuleViolation(msg, field=f"reviews[{i}].reviewer", value=r.reviewer)
        key = (r.reviewer, p.code)
        if r.score is None or not 0 <= r.score <= 100 or key in seen:
            invalid[p.code] += 1
        else:
            valid[p.code].append(float(r.score))
        seen.add(key)
    out = {}
    for code, xs in valid.items():
        mean = trimmed_mean(xs, above=rule.trim_above, trim=rule.trim) if len(xs) >= rule.quorum else None
        out[code] = ProjectScore(code=code, valid=len(xs), invalid=invalid[code], mean=mean)
    return out


# --------------------------------------------------------------------------- selection


class SelectionReason(LabelledEnum):
    """Why a project was or was not selected."""

    SELECTED = ("selected", "入选", "selected: part of the best-scoring set within the budget")
    NO_QUORUM = ("no-quorum", "评审人数不足", "not enough valid review scores")
    BELOW_MINIMUM = ("below-minimum", "评审分低于门槛", "review score below the minimum")
    OVER_BUDGET = ("over-budget", "超出总预算", "its budget request alone exceeds the budget")
    OUTSCORED = ("outscored", "预算内有更优组合", "a better-scoring set used the budget")


# Old names stay importable for one minor release, with a warning (see the
# compatibility policy in docs/serialization.md): pipeline.Stage is where a
# need's outcome was decided, screening.Reason why a need was set aside.
__getattr__ = renamed(
    __name__,
    {
        "Stage": ("ProjectStage", ProjectStage),
        "Reason": ("SelectionReason", SelectionReason),
        # pipeline.advance gives the events that follow a need's stored history.
        "advance": ("advance_stage", advance_stage),
    },
)


@attrs.frozen(kw_only=True)
class Decision:
    """One project's outcome."""

    code: str
    selected: bool
    reason: SelectionReason
    score: float | None
    cost: int


@attrs.frozen(kw_only=True)
class Selection:
    """The projects selected within a budget, with a decision for every project."""

    budget: int
    selected: tuple[str, ...] = attrs.field(converter=to_tuple)
    spent: int
    total_score: float
    decisions: tuple[Decision, ...] = attrs.field(converter=to_tuple)


# Scores are compared in thousandths, as integers, so the optimum is exact.
_SCALE = 1000


@checked
def select(
    projects: Sequence[Project],
    scores: Mapping[str, ProjectScore],
    *,
    budget: int,
    rule: PanelRule = PanelRule(),
) -> Selection:
    """The best-scoring set of projects whose budget requests fit *budget*.

    Maximises the sum of review scores (to 0.001) over the eligible projects
    (quorum met, score at least ``rule.minimum``), subject to the sum of
    ``funding.budget`` being at most *budget*.  The search keeps, for each
    reachable cost, the best score (the Pareto front), so it is exact and its
    size is bounded by the number of distinct costs, not by the budget.  Among
    equal scores the cheaper set wins, then the set first in code order.

    Raises:
        InvalidValue: for a negative *budget*.
        UnknownReference: when a project has no score.

    Examples:
        >>> ps = [Project(code=c, title=c, type=ProjectType.INNOVATIVE, applicant="V1",
        ...               funding=Funding(budget=cost), started=dt.date(2025, 3, 1))
        ...       for c, cost in [("A", 60), ("B", 50), ("C", 50)]]
        >>> sc = {c: ProjectScore(code=c, valid=3, invalid=0, mean=m)
        ...       for c, m in [("A", 90), ("B", 80), ("C", 70)]}
        >>> s = select(ps, sc, budget=100)
        >>> s.selected, s.total_score, [(d.code, d.reason.value) for d in s.decisions]
        (('B', 'C'), 150.0, [('A', 'outscored'), ('B', 'selected'), ('C', 'selected')])
    """
    if type(budget) is not int or budget < 0:
        raise InvalidValue.for_field("budget", budget, "a non-negative whole number of yuan")
    ordered = sorted(projects, key=lambda p: p.code)
    reasons: dict[str, SelectionReason] = {}
    eligible: list[tuple[Project, int]] = []
    for p in ordered:
        if p.code not in scores:
            raise UnknownReference.for_field("scores", p.code, "a score for every project")
        m = scores[p.code].mean
        if m is None:
            reasons[p.code] = SelectionReason.NO_QUORUM
        elif m < rule.minimum:
            reasons[p.code] = SelectionReason.BELOW_MINIMUM
        elif p.funding.budget > budget:
            reasons[p.code] = SelectionReason.OVER_BUDGET
        else:
            eligible.append((p, round(m * _SCALE)))
    # front: cost -> (value, chosen codes); a state is kept only if no cheaper one scores as much.
    front: dict[int, tuple[int, tuple[str, ...]]] = {0: (0, ())}
    for p, value in eligible:
        cost = p.funding.budget
        grown = dict(front)
        for c, (v, chosen) in front.items():
            nc = c + cost
            if nc > budget:
                continue
            cand = (v + value, (*chosen, p.code))
            old = grown.get(nc)
            if old is None or cand[0] > old[0] or (cand[0] == old[0] and cand[1] < old[1]):
                grown[nc] = cand
        front = {}
        best = -1
        for c in sorted(grown):
            v, chosen = grown[c]
            if v > best:
                front[c] = (v, chosen)
                best = v
    value = max(v for v, _ in front.values())
    # Values rise with cost along the front, so the best value is held by one, cheapest, state.
    spent, chosen = min((c, ch) for c, (v, ch) in front.items() if v == value)
    picked = set(chosen)
    decisions = []
    for p in ordered:
        fallback = SelectionReason.SELECTED if p.code in picked else SelectionReason.OUTSCORED
        reason = reasons.get(p.code, fallback)
        decisions.append(
            Decision(
                code=p.code,
                selected=p.code in picked,
                reason=reason,
                score=scores[p.code].mean,
                cost=p.funding.budget,
            )
        )
    total = math.fsum(scores[c].mean or 0.0 for c in chosen)
    return Selection(
        budget=budget, selected=tuple(sorted(chosen)), spent=spent, total_score=total, decisions=decisions
    )
