"""Strategies for :mod:`servicegov.surveys`: rosters, draws of evaluators, panels and intervals."""

from __future__ import annotations

from hypothesis import strategies as st

from servicegov import surveys
from servicegov.scoring import Satisfaction
from servicegov.strategies._common import _CLAIM_SHARE, _ID, _SC_IDS, _SEED, _check_size, _floats
from servicegov.surveys import Draw, Resident, draw_evaluators

__all__ = ["draws", "panels", "residents", "satisfaction_intervals"]


def __dir__() -> list[str]:
    return __all__


@st.composite
def _panels(draw: st.DrawFn, max_size: int) -> surveys.Panel:
    population = draw(st.lists(_ID, min_size=1, max_size=max_size, unique=True))
    designated = draw(st.lists(st.sampled_from(population) | _ID, max_size=max_size, unique=True))
    seats = draw(st.integers(0, len(designated)))
    seated = set(designated[:seats])
    pool = [r for r in population if r not in seated]
    drawn = draw(st.integers(0 if seats else 1, len(pool)))
    size = seats + drawn
    return surveys.draw_panel(designated, population, size=size, random_share=drawn / size, seed=draw(_SEED))


def panels(*, max_size: int = 8) -> st.SearchStrategy[surveys.Panel]:
    """:class:`~servicegov.surveys.Panel` values made by :func:`~servicegov.surveys.draw_panel`:
    a population of one to *max_size* ids, up to *max_size* designated ids (some of
    them residents, some not), and any feasible split of the seats between the
    designated and the drawn, with any seed.

    Shrinks towards a panel of one resident drawn at random.

    Raises:
        InvalidArgument: when *max_size* is below 1.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(panels())
        ... def check(panel):
        ...     assert not set(panel.designated) & set(panel.random)
        >>> check()
    """
    _check_size("min_size", 1, "max_size", max_size)
    return _panels(max_size)


def satisfaction_intervals(*, max_size: int = 50) -> st.SearchStrategy[surveys.SatisfactionInterval]:
    """:class:`~servicegov.surveys.SatisfactionInterval` values made by
    :func:`~servicegov.surveys.satisfaction_interval` from one to *max_size*
    ratings, any weight of 基本满意 and a confidence from 0.5 to 0.999.

    Shrinks towards one 满意 ballot.

    Raises:
        InvalidArgument: when *max_size* is below 1.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(satisfaction_intervals())
        ... def check(interval):
        ...     assert 0 <= interval.low <= interval.rate <= interval.high <= 1
        >>> check()
    """
    _check_size("min_size", 1, "max_size", max_size)
    return st.builds(
        surveys.satisfaction_interval,
        st.lists(st.sampled_from(list(Satisfaction)), min_size=1, max_size=max_size),
        basic_weight=_CLAIM_SHARE,
        confidence=_floats(0.5, 0.999),
    )


def residents(*, villages: tuple[str, ...] = ("V1", "V2", "V3")) -> st.SearchStrategy[Resident]:
    """Roster entries in one of *villages* and groups "1" to "4"."""
    return st.builds(Resident, id=_SC_IDS, village=st.sampled_from(villages), group=st.sampled_from("1234"))


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
