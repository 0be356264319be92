"""Whole district years as a Monte Carlo experiment.

:class:`DistrictYear` plays one preset district's year through
:func:`~servicegov.simulation.simulate_year` once per replication and keeps a
small summary of the report: how many needs were resolved, how many are
overdue, the breaches, the ballots, and the ranking of one assessed target.

The experiment holds only the preset's name and the district's seed, never the
district itself: pickling it for a process pool or a Dask worker costs a few
bytes, not the hundreds of kilobytes of a generated district.  Each process
generates the district the first time it needs it and keeps it (up to four
districts per process, most recently used first), so a replication only
replays the year.  The district is a frozen value and :func:`simulate_year`
does not change it, so every replication depends on its seed alone: not on
which replications ran before it in the same process, nor on where it ran.

Examples:
    >>> from servicegov.simulation import DistrictYear, monte_carlo
    >>> result = monte_carlo(DistrictYear(preset="small"), 2, seed=2025)
    >>> [len(r.top) for r in result.runs]
    [5, 5]
    >>> all(0 < r.resolved_share < 1 for r in result.runs)
    True
"""

from __future__ import annotations

import functools
import math
from typing import Any

import attrs

from servicegov.assessment import Target
from servicegov.district import District
from servicegov.errors import InvalidValue
from servicegov.pipeline import Status
from servicegov.simulation._presets import PRESETS, generate
from servicegov.simulation._year import simulate_year

__all__ = ["DistrictYear", "DistrictYearResult"]


def __dir__() -> list[str]:
    return __all__


_TARGETS = tuple(t.value for t in Target)
_TOP = 5
"""How many of the target's best are listed in :attr:`DistrictYearResult.top`."""


@functools.lru_cache(maxsize=4)
def _district(preset: str, seed: int) -> District:
    """The preset district of *seed*, generated once per process."""
    return generate(preset, seed=seed)


def _check_preset(_inst: object, _attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or value not in PRESETS:
        allowed = ", ".join(repr(k) for k in PRESETS)
        raise InvalidValue.for_field("preset", value, f"one of {allowed}")


def _check_district_seed(_inst: object, _attr: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int:
        raise InvalidValue.for_field("district_seed", value, "an integer")


def _to_target_value(value: str | Target) -> str:
    return value.value if isinstance(value, Target) else value


def _check_target(_inst: object, _attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or value not in _TARGETS:
        allowed = ", ".join(repr(t) for t in _TARGETS)
        raise InvalidValue.for_field("target", value, f"one of {allowed}")


def _str_tuple(values: Any) -> tuple[str, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True)
class DistrictYearResult:
    """The summary of one simulated district year (plain numbers, ready for JSON).

    Attributes:
        resolved_share: resolved needs over distinct needs (merged requests
            count once, with their common need; 0 when there are none).
        overdue: open needs past their due date on the report date.
        breaches: the needs charged with a breach, summed over the holders
            (:attr:`servicegov.pipeline.Report.breaches`): a need breached by
            two holders counts twice.
        ballots: the ballots about the claimants, over both review channels.
        assessed: how many of the target were assessed.
        top: the ids of the target's best (up to five), best first.
        mean_total: the mean of the target's totals; ``None`` when none was assessed.
        channel_agreement: the agreement of the two reviews
            (:attr:`servicegov.pipeline.Report.channel_agreement`), or ``None``.
    """

    resolved_share: float
    overdue: int
    breaches: int
    ballots: int
    assessed: int
    top: tuple[str, ...] = attrs.field(converter=_str_tuple)
    mean_total: float | None
    channel_agreement: float | None


@attrs.frozen(kw_only=True)
class DistrictYear:
    """One year of a preset district, replayed with the replication's seed.

    The district is generated from *preset* and *district_seed* once per
    process and cached (see the module's description), so the same district
    is played in every replication; only the year's simulated facts — service
    times, claims, ballots — are drawn from the replication's seed, by
    ``simulate_year(district, seed=seed)``.

    Attributes:
        preset: a name in :data:`~servicegov.simulation.PRESETS`; ``"small"``
            plays a year in about a quarter of a second.
        district_seed: the seed the district is generated from.
        target: the :class:`servicegov.assessment.Target` value whose
            assessment is summarised (a ``Target`` is taken as its value).

    Raises:
        InvalidValue: for an unknown preset or target, or a district seed
            that is not an integer; calling it with a seed that is not an
            integer names ``seed``.

    Examples:
        >>> e = DistrictYear(target="town-cadre")
        >>> r = e(7)
        >>> len(r.top) == min(5, r.assessed), r == e(7), e.district() is e.district()
        (True, True, True)
        >>> DistrictYear(preset="tiny")
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'preset' must be one of 'small', 'xinzhou', 'zhifu' (got 'tiny')
    """

    preset: str = attrs.field(default="small", validator=_check_preset)
    district_seed: int = attrs.field(default=0, validator=_check_district_seed)
    target: str = attrs.field(
        default=Target.VILLAGE_ORGANISATION.value, converter=_to_target_value, validator=_check_target
    )

    def district(self) -> District:
        """The district every replication plays (generated once per process)."""
        return _district(self.preset, self.district_seed)

    def __call__(self, seed: int) -> DistrictYearResult:
        if type(seed) is not int:
            raise InvalidValue.for_field("seed", seed, "an integer")
        report = simulate_year(self.district(), seed=seed)
        distinct = sum(report.by_status.values())
        assessment = report.assessments.get(self.target)
        results = assessment.results if assessment is not None else ()
        return DistrictYearResult(
            resolved_share=report.by_status.get(Status.RESOLVED.value, 0) / distinct if distinct else 0.0,
            overdue=report.overdue,
            breaches=sum(len(needs) for needs in report.breaches.values()),
            ballots=sum(report.ballots.values()),
            assessed=len(results),
            top=tuple(r.reviewee for r in results[:_TOP]),
            mean_total=math.fsum(r.total for r in results) / len(results) if results else None,
            channel_agreement=report.channel_agreement,
        )
