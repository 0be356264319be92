"""Strategies for :mod:`servicegov.pipeline`: simulated services, reports and outcomes."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from servicegov import pipeline
from servicegov.org import Tier
from servicegov.strategies._common import _check_size, _floats
from servicegov.strategies.district import districts

__all__ = ["outcomes", "reports", "simulated_services"]


def __dir__() -> list[str]:
    return __all__


@st.composite
def _simulated_services(draw: st.DrawFn) -> pipeline.SimulatedService:
    tiers = draw(st.lists(st.sampled_from(Tier), max_size=len(Tier), unique=True))
    return pipeline.SimulatedService(
        seed=draw(st.integers(0, 2**32 - 1)),
        mean_workdays=tuple((t, draw(_floats(0.5, 30.0))) for t in tiers),
        failure_share=draw(_floats(0.0, 1.0)),
    )


def simulated_services() -> st.SearchStrategy[pipeline.SimulatedService]:
    """Seeded service-time models: a positive mean number of working days for some
    tiers (the others default to 10) and a failure share between 0 and 1.

    Shrinks towards seed 0 with no per-tier means and no failures.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(simulated_services())
        ... def check(service):
        ...     assert 0 <= service.failure_share <= 1
        >>> check()
    """
    return _simulated_services()


@st.composite
def _reports(draw: st.DrawFn, min_needs: int, max_needs: int) -> pipeline.Report:
    district = draw(districts(min_needs=min_needs, max_needs=max_needs))
    service = draw(st.none() | simulated_services())
    as_of = district.as_of + dt.timedelta(days=draw(st.integers(0, 120)))
    return pipeline.run(district, service=service, as_of=as_of)


def reports(*, min_needs: int = 0, max_needs: int = 10) -> st.SearchStrategy[pipeline.Report]:
    """Reports produced by :func:`~servicegov.pipeline.run` on a generated district of
    *min_needs* to *max_needs* needs, with or without a :func:`simulated_services`
    model, on the district's date or up to 120 days later; so every report has
    one outcome per need and counts that agree with them.

    Shrinks towards the report of a district with no needs.

    Raises:
        InvalidArgument: when the sizes are negative or out of order.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(reports(max_needs=5))
        ... def check(report):
        ...     assert report.needs == len(report.outcomes)
        >>> check()
    """
    _check_size("min_needs", min_needs, "max_needs", max_needs)
    return _reports(min_needs, max_needs)


@st.composite
def _outcomes(draw: st.DrawFn) -> pipeline.Outcome:
    report = draw(reports(min_needs=1, max_needs=6))
    return draw(st.sampled_from(sorted(report.outcomes.values(), key=lambda o: o.need_id)))


def outcomes() -> st.SearchStrategy[pipeline.Outcome]:
    """One outcome of a :func:`reports` report of at least one need, so that its
    status, stage, unit and dates are ones the pipeline really gives.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(outcomes())
        ... def check(outcome):
        ...     assert (outcome.status is pipeline.Status.RESOLVED) == (outcome.resolved_on is not None)
        >>> check()
    """
    return _outcomes()
