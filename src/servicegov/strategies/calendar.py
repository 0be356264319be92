"""Strategies for :mod:`servicegov.calendar`: periods and working calendars."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from servicegov.calendar import Period, WorkCalendar
from servicegov.strategies._common import _MAX_DATE, _MIN_DATE, _check_dates, _check_size

__all__ = ["periods", "work_calendars"]


def __dir__() -> list[str]:
    return __all__


@st.composite
def _periods(draw: st.DrawFn, min_value: dt.date, max_value: dt.date) -> Period:
    start = draw(st.dates(min_value=min_value, max_value=max_value))
    return Period(start, draw(st.dates(min_value=start, max_value=max_value)))


def periods(*, min_value: dt.date = _MIN_DATE, max_value: dt.date = _MAX_DATE) -> st.SearchStrategy[Period]:
    """Periods from *min_value* to *max_value* (both included), start never after end.

    Shrinks towards the one-day period on *min_value*.

    Raises:
        InvalidArgument: when the bounds are not dates or out of order.

    Examples:
        >>> import datetime as dt
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(periods(min_value=dt.date(2025, 1, 1)))
        ... def check(period):
        ...     assert dt.date(2025, 1, 1) <= period.start <= period.end
        >>> check()
    """
    _check_dates(min_value, max_value)
    return _periods(min_value, max_value)


@st.composite
def _work_calendars(draw: st.DrawFn, min_value: dt.date, max_value: dt.date, max_size: int) -> WorkCalendar:
    # One flag per special day keeps holidays and make-up days disjoint by construction.
    special = draw(
        st.dictionaries(st.dates(min_value=min_value, max_value=max_value), st.booleans(), max_size=max_size)
    )
    weekend = draw(st.just((5, 6)) | st.sets(st.integers(0, 6), max_size=6).map(sorted))
    return WorkCalendar(
        holidays=[d for d, off in special.items() if not off],
        extra_workdays=[d for d, off in special.items() if off],
        weekend=weekend,
    )


def work_calendars(
    *, min_value: dt.date = _MIN_DATE, max_value: dt.date = _MAX_DATE, max_size: int = 20
) -> st.SearchStrategy[WorkCalendar]:
    """Working calendars with up to *max_size* holidays and make-up working days
    between *min_value* and *max_value*, never the same day both, and a weekend of
    zero to six weekdays.

    Shrinks towards the plain Monday-to-Friday week with no special days.

    Raises:
        InvalidArgument: when the bounds are out of order or *max_size* is negative.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(work_calendars())
        ... def check(calendar):
        ...     assert not calendar.holidays & calendar.extra_workdays
        >>> check()
    """
    _check_dates(min_value, max_value)
    _check_size("max_size", max_size, "max_size", None)
    return _work_calendars(min_value, max_value, max_size)
