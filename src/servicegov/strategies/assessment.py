"""Strategies for :mod:`servicegov.assessment`: indicators, schemes, bands and assessments."""

from __future__ import annotations

import attrs
from hypothesis import strategies as st

from servicegov.assessment import (
    Assessment,
    AssessmentResult,
    AssessmentScheme,
    Bands,
    Grade,
    Indicator,
    IndicatorSource,
    Source,
    Target,
    assess,
)
from servicegov.scoring import ReviewChannel
from servicegov.strategies._common import _SC_DATES, _SC_IDS

__all__ = ["assessment_results", "assessment_schemes", "assessments", "bands", "indicators"]


def __dir__() -> list[str]:
    return __all__


_SOURCES: list[IndicatorSource] = [*Source, *ReviewChannel]


def indicators() -> st.SearchStrategy[Indicator]:
    """Indicators with a weight in [0, 1] (not normalised; see :func:`assessment_schemes`)."""
    return st.builds(
        Indicator,
        code=_SC_IDS,
        zh=st.just("指标"),
        en=st.just("indicator"),
        weight=st.floats(0, 1),
        source=st.sampled_from(_SOURCES),
        higher_is_better=st.booleans(),
    )


@st.composite
def _schemes(draw: st.DrawFn, max_size: int) -> AssessmentScheme:
    inds = draw(st.lists(indicators(), min_size=1, max_size=max_size, unique_by=lambda i: i.code))
    raw = draw(st.lists(st.integers(1, 10), min_size=len(inds), max_size=len(inds)))
    total = sum(raw)
    weighted = [attrs.evolve(i, weight=w / total) for i, w in zip(inds, raw, strict=True)]
    # A source drawn into two indicators must be declared shared (or the scheme is refused).
    drawn = [i.source for i in weighted if i.source is not Source.CUSTOM]
    repeated = {src for src in drawn if drawn.count(src) > 1}
    return AssessmentScheme(
        target=draw(st.sampled_from(list(Target))),
        indicators=weighted,
        effective_from=draw(_SC_DATES),
        shared_sources=repeated | draw(st.frozensets(st.sampled_from(_SOURCES), max_size=1)),
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


@st.composite
def _assessments(draw: st.DrawFn, min_size: int = 0) -> Assessment:
    scheme = draw(assessment_schemes())
    who = draw(st.lists(_SC_IDS, min_size=min_size, max_size=8, unique=True))
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
    return _assessments(1).flatmap(lambda a: st.sampled_from(a.results))
