"""Hypothesis strategies for the models of ``scoring`` and ``assessment``.

Meant to be re-exported by :mod:`servicegov.strategies` and registered by its
``register()``; kept apart until then.  Like ``strategies``, this module imports
Hypothesis, and nothing in the core package imports it.

Every strategy is sound: it never generates a model its validators refuse.

Examples:
    >>> from hypothesis import given, settings
    >>> import attrs
    >>> @settings(max_examples=10, deadline=None)
    ... @given(commitments(), scoring_rules(), assessment_schemes())
    ... def test_generated_models_are_valid(c, rule, scheme):
    ...     attrs.validate(c); attrs.validate(rule); attrs.validate(scheme)
    >>> test_generated_models_are_valid()
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from hypothesis import strategies as st

from servicegov.assessment import (
    Assessment,
    AssessmentResult,
    AssessmentScheme,
    Bands,
    Grade,
    Indicator,
    Source,
    Target,
    assess,
)
from servicegov.calendar import Period
from servicegov.projects import (
    Decision,
    Funding,
    PanelRule,
    Project,
    ProjectScore,
    ProjectType,
    Selection,
    Stage,
    StageEntry,
    advance,
    select,
)
from servicegov.scoring import (
    BallotProblem,
    ChannelScore,
    Commitment,
    CommitmentItem,
    Draw,
    InvalidBallot,
    Resident,
    Review,
    ReviewChannel,
    Satisfaction,
    Score,
    ScoringRule,
    draw_evaluators,
    revise,
    score,
)

__all__ = [
    "assessment_results",
    "assessment_schemes",
    "assessments",
    "bands",
    "channel_scores",
    "commitment_items",
    "commitments",
    "decisions",
    "draws",
    "fundings",
    "indicators",
    "invalid_ballots",
    "panel_rules",
    "project_scores",
    "projects",
    "register",
    "residents",
    "reviews",
    "scores",
    "scoring_rules",
    "selections",
    "stage_entries",
]


def __dir__() -> list[str]:
    return __all__


_IDS = st.text("abcdefghjkmnpqrstuvwxyz0123456789-", min_size=1, max_size=8)
_DATES = st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))


def commitment_items() -> st.SearchStrategy[CommitmentItem]:
    """Items with a positive target, shrinking towards a target of 1."""
    return st.builds(
        CommitmentItem,
        ref=_IDS,
        due=_DATES,
        target=st.integers(1, 50).map(float),
        standard=st.text(max_size=10),
    )


@st.composite
def _commitments(draw: st.DrawFn, max_versions: int) -> Commitment:
    year = draw(st.integers(2020, 2030))
    items = draw(st.lists(commitment_items(), min_size=1, max_size=4, unique_by=lambda i: i.ref))
    fixed = draw(st.dates(dt.date(year, 1, 1), dt.date(year, 6, 30)))
    c = Commitment(
        id=draw(_IDS),
        claimant=draw(_IDS),
        period=Period.year(year),
        items=items,
        fixed_on=fixed,
        sharers=draw(st.frozensets(_IDS, max_size=2)),
    )
    for _ in range(draw(st.integers(0, max_versions - 1))):
        fixed = draw(st.dates(fixed, dt.date(year, 12, 31)))
        more = draw(st.lists(commitment_items(), min_size=1, max_size=4, unique_by=lambda i: i.ref))
        c = revise(c, on=fixed, items=more)
    return c


def commitments(*, max_versions: int = 3) -> st.SearchStrategy[Commitment]:
    """Commitments of one to *max_versions* versions, with no served area."""
    return _commitments(max_versions)


def reviews(
    *, reviewees: st.SearchStrategy[str] | None = None, min_score: float = 0, max_score: float = 100
) -> st.SearchStrategy[Review]:
    """Ballots with either a satisfaction rating or a score in [*min_score*, *max_score*]."""
    rating: st.SearchStrategy[dict[str, Any]] = st.one_of(
        st.sampled_from(list(Satisfaction)).map(lambda s: {"satisfaction": s}),
        st.floats(min_score, max_score).map(lambda x: {"score": x}),
    )
    return st.builds(
        lambda reviewer, reviewee, channel, on, kw: Review(
            reviewer=reviewer, reviewee=reviewee, channel=channel, on=on, **kw
        ),
        _IDS,
        reviewees if reviewees is not None else _IDS,
        st.sampled_from(list(ReviewChannel)),
        _DATES,
        rating,
    )


@st.composite
def _scoring_rules(draw: st.DrawFn) -> ScoringRule:
    org = draw(st.integers(0, 50))
    others = draw(st.integers(0, 100 - 2 * org))
    res = 100 - org - others
    weights = {ReviewChannel.ORGANISATIONAL: org / 100, ReviewChannel.RESIDENTS: res / 100}
    if others:
        weights[ReviewChannel.ORGANISATION_DEPARTMENT] = others / 100
    # Integer hundredths sum to exactly 1 after division only within rounding; rescale to be safe.
    total = sum(weights.values())
    weights = {k: v / total for k, v in weights.items()}
    trim_above = draw(st.integers(2, 10))
    return ScoringRule(
        effective_from=draw(_DATES),
        channel_weights=weights,
        completion_weight=draw(st.integers(0, 10)) / 10,
        basic_weight=draw(st.integers(0, 10)) / 10,
        trim_above=trim_above,
        trim=draw(st.integers(0, trim_above // 2)),
        quorum=draw(st.integers(1, 5)),
        straight_line_min=draw(st.none() | st.integers(2, 5)),
        veto_cap=float(draw(st.integers(0, 60))),
    )


def scoring_rules() -> st.SearchStrategy[ScoringRule]:
    """Rules whose residents' weight is at least the organisation's."""
    return _scoring_rules()


def residents(*, villages: tuple[str, ...] = ("V1", "V2", "V3")) -> st.SearchStrategy[Resident]:
    """Roster entries in one of *villages* and groups "1" to "4"."""
    return st.builds(Resident, id=_IDS, village=st.sampled_from(villages), group=st.sampled_from("1234"))


def indicators() -> st.SearchStrategy[Indicator]:
    """Indicators with a weight in [0, 1] (not normalised; see :func:`assessment_schemes`)."""
    return st.builds(
        Indicator,
        code=_IDS,
        zh=st.just("指标"),
        en=st.just("indicator"),
        weight=st.floats(0, 1),
        source=st.sampled_from(list(Source)),
        higher_is_better=st.booleans(),
    )


@st.composite
def _schemes(draw: st.DrawFn, max_size: int) -> AssessmentScheme:
    inds = draw(st.lists(indicators(), min_size=1, max_size=max_size, unique_by=lambda i: i.code))
    raw = draw(st.lists(st.integers(1, 10), min_size=len(inds), max_size=len(inds)))
    total = sum(raw)
    weighted = [attrs.evolve(i, weight=w / total) for i, w in zip(inds, raw, strict=True)]
    return AssessmentScheme(
        target=draw(st.sampled_from(list(Target))), indicators=weighted, effective_from=draw(_DATES)
    )


def assessment_schemes(*, max_size: int = 5) -> st.SearchStrategy[AssessmentScheme]:
    """Schemes of one to *max_size* indicators whose weights sum to 1."""
    return _schemes(max_size)


@st.composite
def _bands(draw: st.DrawFn) -> Bands:
    low = draw(st.integers(0, 70))
    mid = draw(st.integers(low + 1, 85))
    top = draw(st.integers(mid + 1, 100))
    quota = draw(st.none() | st.sampled_from([0.1, 0.2, 0.25, 1 / 3, 0.5]))
    return Bands(
        thresholds={Grade.EXCELLENT: top, Grade.COMPETENT: mid, Grade.BASICALLY_COMPETENT: low},
        quotas={} if quota is None else {Grade.EXCELLENT: quota},
    )


def bands() -> st.SearchStrategy[Bands]:
    """Increasing thresholds and an optional quota on 优秀."""
    return _bands()


# --------------------------------------------------------------------------- results
# Results are built by the functions that produce them, so they are sound by construction.


@st.composite
def _scores(draw: st.DrawFn) -> Score:
    c = draw(commitments(max_versions=1))
    rule = draw(scoring_rules())
    ballots = draw(
        st.lists(reviews(reviewees=st.just(c.claimant), min_score=-10, max_score=110), max_size=12)
    )
    ballots = [b for b in ballots if b.reviewer not in c.parties]
    done = {i.ref: draw(st.integers(0, 60)) for i in c.items}
    as_of = draw(st.dates(max(rule.effective_from, dt.date(2020, 1, 1)), dt.date(2031, 12, 31)))
    vetoes = draw(st.lists(st.sampled_from(["safety", "discipline"]), max_size=1, unique=True))
    return score(c, ballots, rule, as_of=as_of, fulfilment=done, vetoes=vetoes)


def scores() -> st.SearchStrategy[Score]:
    """Scores of generated commitments and ballots under a generated rule."""
    return _scores()


def channel_scores() -> st.SearchStrategy[ChannelScore]:
    """The channel results of generated scores."""
    return scores().filter(lambda s: bool(s.channels)).flatmap(lambda s: st.sampled_from(s.channels))


def invalid_ballots() -> st.SearchStrategy[InvalidBallot]:
    """Ballots set aside, with any reason."""
    return st.builds(
        InvalidBallot,
        reviewer=_IDS,
        reviewee=_IDS,
        channel=st.sampled_from(list(ReviewChannel)),
        reason=st.sampled_from(list(BallotProblem)),
        detail=st.text(max_size=10),
    )


@st.composite
def _draws(draw: st.DrawFn) -> Draw:
    roster = draw(st.lists(residents(), max_size=15, unique_by=lambda p: p.id))
    seed = draw(st.integers(0, 2**32))
    if draw(st.booleans()):
        return draw_evaluators(roster, seed=seed, per_stratum=draw(st.integers(1, 4)))
    return draw_evaluators(roster, seed=seed, share=draw(st.sampled_from([0.1, 0.25, 0.5, 1.0])))


def draws() -> st.SearchStrategy[Draw]:
    """Draws of generated rosters, by count or by share."""
    return _draws()


@st.composite
def _assessments(draw: st.DrawFn) -> Assessment:
    scheme = draw(assessment_schemes())
    who = draw(st.lists(_IDS, max_size=8, unique=True))
    values = {w: {i.code: float(draw(st.integers(0, 100))) for i in scheme.indicators} for w in who}
    return assess(
        scheme,
        values,
        as_of=scheme.effective_from,
        bands=draw(bands()),
        ranking=draw(st.sampled_from(["competition", "dense"])),
        year_end_weight=draw(st.integers(0, 10)) / 10,
    )


def assessments() -> st.SearchStrategy[Assessment]:
    """Assessments of generated schemes and values."""
    return _assessments()


def assessment_results() -> st.SearchStrategy[AssessmentResult]:
    """One result of a generated assessment."""
    return assessments().filter(lambda a: bool(a.results)).flatmap(lambda a: st.sampled_from(a.results))


# --------------------------------------------------------------------------- projects


def fundings() -> st.SearchStrategy[Funding]:
    """Funding mixes in whole yuan."""
    amounts = st.integers(0, 200_000)
    return st.builds(Funding, budget=amounts, unit=amounts, party_fees=amounts)


def stage_entries() -> st.SearchStrategy[StageEntry]:
    """A stage after initiation and a date."""
    return st.builds(StageEntry, stage=st.sampled_from(list(Stage)[1:]), on=_DATES)


@st.composite
def _projects(draw: st.DrawFn) -> Project:
    day = draw(st.dates(dt.date(2020, 1, 1), dt.date(2029, 12, 31)))
    p = Project(
        code=draw(_IDS),
        title=draw(st.text(max_size=10)),
        type=draw(st.sampled_from(list(ProjectType))),
        applicant=draw(_IDS),
        funding=draw(fundings()),
        started=day,
        team=draw(st.frozensets(_IDS, max_size=3)),
    )
    for stage in list(Stage)[1 : 1 + draw(st.integers(0, 6))]:
        day = draw(st.dates(day, day + dt.timedelta(days=60)))
        p = advance(p, stage, on=day)
    return p


def projects() -> st.SearchStrategy[Project]:
    """Projects at any stage, their stages in order and dated forwards."""
    return _projects()


def panel_rules() -> st.SearchStrategy[PanelRule]:
    """Panel rules with a trim of at most half the threshold."""
    return st.integers(2, 10).flatmap(
        lambda above: st.builds(
            PanelRule,
            quorum=st.integers(1, 5),
            trim_above=st.just(above),
            trim=st.integers(0, above // 2),
            minimum=st.integers(0, 100).map(float),
        )
    )


def project_scores() -> st.SearchStrategy[ProjectScore]:
    """Project review results, with or without quorum."""
    return st.builds(
        ProjectScore,
        code=_IDS,
        valid=st.integers(0, 10),
        invalid=st.integers(0, 5),
        mean=st.none() | st.floats(0, 100),
    )


@st.composite
def _selections(draw: st.DrawFn) -> Selection:
    ps = draw(st.lists(projects(), max_size=6, unique_by=lambda p: p.code))
    results = {p.code: attrs.evolve(draw(project_scores()), code=p.code) for p in ps}
    return select(ps, results, budget=draw(st.integers(0, 400_000)))


def selections() -> st.SearchStrategy[Selection]:
    """Selections over generated projects and scores."""
    return _selections()


def decisions() -> st.SearchStrategy[Decision]:
    """One decision of a generated selection."""
    return selections().filter(lambda s: bool(s.decisions)).flatmap(lambda s: st.sampled_from(s.decisions))


def register() -> None:
    """Register these strategies for ``st.from_type``."""
    for cls, strategy in (
        (CommitmentItem, commitment_items()),
        (Commitment, commitments()),
        (Review, reviews()),
        (ScoringRule, scoring_rules()),
        (Resident, residents()),
        (Score, scores()),
        (ChannelScore, channel_scores()),
        (InvalidBallot, invalid_ballots()),
        (Draw, draws()),
        (Indicator, indicators()),
        (AssessmentScheme, assessment_schemes()),
        (Bands, bands()),
        (Assessment, assessments()),
        (AssessmentResult, assessment_results()),
        (Funding, fundings()),
        (StageEntry, stage_entries()),
        (Project, projects()),
        (PanelRule, panel_rules()),
        (ProjectScore, project_scores()),
        (Selection, selections()),
        (Decision, decisions()),
    ):
        st.register_type_strategy(cls, strategy)
