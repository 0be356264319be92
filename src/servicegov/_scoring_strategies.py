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

from servicegov.assessment import AssessmentScheme, Bands, Grade, Indicator, Source, Target
from servicegov.calendar import Period
from servicegov.scoring import (
    Commitment,
    CommitmentItem,
    Resident,
    Review,
    ReviewChannel,
    Satisfaction,
    ScoringRule,
    revise,
)

__all__ = [
    "assessment_schemes",
    "bands",
    "commitment_items",
    "commitments",
    "indicators",
    "register",
    "residents",
    "reviews",
    "scoring_rules",
]


def __dir__() -> list[str]:
    return __all__


_IDS = st.text("abcdefghjkmnpqrstuvwxyz0123456789-", min_size=1, max_size=8).filter(lambda s: s == s.strip())
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
        reviewees or _IDS,
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


def register() -> None:
    """Register these strategies for ``st.from_type``."""
    for cls, strategy in (
        (CommitmentItem, commitment_items()),
        (Commitment, commitments()),
        (Review, reviews()),
        (ScoringRule, scoring_rules()),
        (Resident, residents()),
        (Indicator, indicators()),
        (AssessmentScheme, assessment_schemes()),
        (Bands, bands()),
    ):
        st.register_type_strategy(cls, strategy)
