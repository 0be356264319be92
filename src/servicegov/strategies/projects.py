"""Strategies for :mod:`servicegov.projects`: fundings, stages, projects,
panel rules, scores and selections.
"""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import strategies as st

from servicegov.projects import (
    Decision,
    Funding,
    PanelRule,
    Project,
    ProjectScore,
    ProjectStage,
    ProjectType,
    Selection,
    StageEntry,
    advance_stage,
    select,
)
from servicegov.strategies._common import _SC_DATES, _SC_IDS

__all__ = [
    "decisions",
    "fundings",
    "panel_rules",
    "project_scores",
    "projects",
    "selections",
    "stage_entries",
]


def __dir__() -> list[str]:
    return __all__


def fundings() -> st.SearchStrategy[Funding]:
    """Funding mixes in whole yuan."""
    amounts = st.integers(0, 200_000)
    return st.builds(Funding, budget=amounts, unit=amounts, party_fees=amounts)


def stage_entries() -> st.SearchStrategy[StageEntry]:
    """A stage after initiation and a date."""
    return st.builds(StageEntry, stage=st.sampled_from(list(ProjectStage)[1:]), on=_SC_DATES)


@st.composite
def _projects(draw: st.DrawFn) -> Project:
    day = draw(st.dates(dt.date(2020, 1, 1), dt.date(2029, 12, 31)))
    p = Project(
        code=draw(_SC_IDS),
        title=draw(st.text(max_size=10)),
        type=draw(st.sampled_from(list(ProjectType))),
        applicant=draw(_SC_IDS),
        funding=draw(fundings()),
        started=day,
        team=draw(st.frozensets(_SC_IDS, max_size=3)),
    )
    for stage in list(ProjectStage)[1 : 1 + draw(st.integers(0, 6))]:
        day = draw(st.dates(day, day + dt.timedelta(days=60)))
        p = advance_stage(p, stage, on=day)
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
        code=_SC_IDS,
        valid=st.integers(0, 10),
        invalid=st.integers(0, 5),
        mean=st.none() | st.floats(0, 100),
    )


@st.composite
def _selections(draw: st.DrawFn, min_size: int = 0) -> Selection:
    ps = draw(st.lists(projects(), min_size=min_size, max_size=6, unique_by=lambda p: p.code))
    results = {p.code: attrs.evolve(draw(project_scores()), code=p.code) for p in ps}
    return select(ps, results, budget=draw(st.integers(0, 400_000)))


def selections() -> st.SearchStrategy[Selection]:
    """Selections over generated projects and scores."""
    return _selections()


def decisions() -> st.SearchStrategy[Decision]:
    """One decision of a generated selection."""
    return _selections(1).flatmap(lambda s: st.sampled_from(s.decisions))
