"""Working days, deadlines and reporting periods.

Offices publish time limits in *working days* (DOMAIN.md §4): public holidays
do not count, and the make-up working days (调休) that the State Council
schedules on weekends do.  A :class:`WorkCalendar` holds both as data, so any
year's schedule, national or local, can be expressed without code.

:class:`Period` is a closed range of dates (a year, a quarter, a month or any
custom range) for assessments and reports; :func:`parse_period` reads one from
text.

Examples:
    >>> from datetime import date
    >>> from servicegov.calendar import CHINA_2025, parse_period
    >>> CHINA_2025.add_workdays(date(2025, 9, 30), 1)
    datetime.date(2025, 10, 9)
    >>> parse_period("2025-Q3").next()
    Period(start=datetime.date(2025, 10, 1), end=datetime.date(2025, 12, 31))
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from numbers import Real
from typing import TypeGuard

import attrs
from dateutil.relativedelta import relativedelta
from dateutil.rrule import DAILY, rrule, rruleset

from servicegov._arguments import checked
from servicegov.errors import InvalidValue

__all__ = [
    "CHINA_2025",
    "CHINA_2026",
    "PERIOD_FORMATS",
    "Period",
    "WorkCalendar",
    "china",
    "parse_period",
]


def __dir__() -> list[str]:
    return __all__


_ONE_DAY = timedelta(days=1)


def _is_plain_date(value: object) -> TypeGuard[date]:
    # datetime subclasses date but never compares equal to one, so a datetime
    # would silently miss every holiday lookup.
    return isinstance(value, date) and not isinstance(value, datetime)


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_date(field: str, value: object) -> date:
    if not _is_plain_date(value):
        raise InvalidValue.for_field(field, value, "a datetime.date (not a datetime)")
    return value


def _date_set(field: str, values: Iterable[date]) -> frozenset[date]:
    if isinstance(values, (str, bytes, date)) or not isinstance(values, Iterable):
        raise InvalidValue.for_field(field, values, "an iterable of datetime.date")
    items = list(values)
    for i, item in enumerate(items):
        _check_date(f"{field}[{i}]", item)
    return frozenset(items)


def _to_holidays(values: Iterable[date]) -> frozenset[date]:
    return _date_set("holidays", values)


def _to_extra_workdays(values: Iterable[date]) -> frozenset[date]:
    return _date_set("extra_workdays", values)


def _to_weekend(values: Iterable[int]) -> tuple[int, ...]:
    allowed = "weekday numbers 0 (Monday) to 6 (Sunday), leaving at least one working weekday"
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise InvalidValue.for_field("weekend", values, allowed)
    days: set[int] = set()
    for item in values:
        if not _is_int(item) or not 0 <= item <= 6:
            raise InvalidValue.for_field("weekend", values, allowed)
        days.add(item)
    if len(days) == 7:
        raise InvalidValue.for_field("weekend", values, allowed)
    return tuple(sorted(days))


@attrs.frozen(kw_only=True, cache_hash=True)
class WorkCalendar:
    """Which days are working days: weekdays, minus holidays, plus make-up working days.

    A day is a working day when it is a make-up working day (调休上班), or when it
    is neither a weekend day nor a holiday.  Holidays that fall on a weekend
    change nothing, and neither do make-up days that fall on a weekday, so a
    schedule can list whole holiday ranges as published.

    The calendar is hashable and caches its hash, and deadlines computed by
    :meth:`add_workdays` are cached per ``(calendar, date, n)``, so calling it
    hundreds of thousands of times over a district's needs stays cheap.

    Attributes:
        holidays: days off that would otherwise be working days.
        extra_workdays: make-up working days (调休) that would otherwise be off.
        weekend: the weekday numbers (Monday is 0) that are normally off;
            stored sorted and without repeats.

    Raises:
        InvalidValue: when a field holds something other than dates, a
            weekend number is outside 0-6 or all seven days are weekend, or a
            date is both a holiday and an extra working day (the message
            names the dates).

    Examples:
        >>> from datetime import date, timedelta
        >>> spring = [date(2025, 1, 28) + timedelta(days=i) for i in range(8)]
        >>> cal = WorkCalendar(holidays=spring,
        ...                    extra_workdays=[date(2025, 1, 26), date(2025, 2, 8)])
        >>> cal.is_workday(date(2025, 1, 26)), cal.is_workday(date(2025, 1, 29))
        (True, False)
        >>> cal.add_workdays(date(2025, 1, 27), 1)
        datetime.date(2025, 2, 5)
        >>> WorkCalendar(holidays=[date(2025, 2, 8)], extra_workdays=[date(2025, 2, 8)])
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'extra_workdays' must not also be holidays
        (got 2025-02-08, in both)
    """

    holidays: frozenset[date] = attrs.field(factory=frozenset, converter=_to_holidays)
    extra_workdays: frozenset[date] = attrs.field(factory=frozenset, converter=_to_extra_workdays)
    weekend: tuple[int, ...] = attrs.field(default=(5, 6), converter=_to_weekend)

    # Derived lookup tables, kept out of equality, hashing and serialisation.
    _off: tuple[bool, ...] = attrs.field(init=False, repr=False, eq=False)
    _bonus: tuple[int, ...] = attrs.field(init=False, repr=False, eq=False)
    _malus: tuple[int, ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        both = self.holidays & self.extra_workdays
        if both:
            names = ", ".join(d.isoformat() for d in sorted(both))
            msg = f"'extra_workdays' must not also be holidays (got {names}, in both)"
            raise InvalidValue(
                msg,
                field="extra_workdays",
                value=tuple(sorted(both)),
                allowed="dates that are not holidays",
            )
        off = tuple(day in self.weekend for day in range(7))
        object.__setattr__(self, "_off", off)
        # Only the days that change the plain weekly pattern matter for counting.
        bonus = sorted(d.toordinal() for d in self.extra_workdays if off[d.weekday()])
        malus = sorted(d.toordinal() for d in self.holidays if not off[d.weekday()])
        object.__setattr__(self, "_bonus", tuple(bonus))
        object.__setattr__(self, "_malus", tuple(malus))

    def is_workday(self, day: date) -> bool:
        """Return whether *day* is a working day.

        Args:
            day: the date to look up.

        Raises:
            InvalidValue: when *day* is not a ``datetime.date``.

        Examples:
            >>> from datetime import date
            >>> cal = WorkCalendar(holidays=[date(2025, 5, 1)], extra_workdays=[date(2025, 4, 27)])
            >>> [cal.is_workday(date(2025, 4, d)) for d in (25, 26, 27)]
            [True, False, True]
            >>> cal.is_workday(date(2025, 5, 1))
            False
        """
        if type(day) is not date:
            _check_date("day", day)
        if day in self.extra_workdays:
            return True
        return not self._off[day.weekday()] and day not in self.holidays

    def add_workdays(self, day: date, n: int) -> date:
        """Return the date *n* working days after *day*: a deadline.

        Only working days after *day* are counted, so the result of ``n >= 1``
        is the *n*-th working day strictly after *day*, whether or not *day*
        itself is a working day.  Make-up working days count; holidays and
        weekends do not.

        ``n == 0`` rolls forward: it returns *day* itself when it is a working
        day, else the next working day.

        Args:
            day: the start date (for example, the date a need was received).
            n: the number of working days, ``>= 0``.

        Returns:
            A working day.

        Raises:
            InvalidValue: when *day* is not a date, *n* is not an integer
                ``>= 0``, or the deadline would fall after ``date.max``.

        Examples:
            >>> from datetime import date
            >>> cal = WorkCalendar()
            >>> cal.add_workdays(date(2025, 3, 7), 1)  # Friday -> Monday
            datetime.date(2025, 3, 10)
            >>> cal.add_workdays(date(2025, 3, 8), 0)  # Saturday rolls to Monday
            datetime.date(2025, 3, 10)
            >>> cal.add_workdays(date(2025, 3, 7), 0)
            datetime.date(2025, 3, 7)
            >>> cal.add_workdays(date(2025, 3, 7), -1)
            Traceback (most recent call last):
                ...
            servicegov.errors.InvalidValue: 'n' must be an integer >= 0 (got -1)
        """
        _check_date("day", day)
        if not _is_int(n) or n < 0:
            raise InvalidValue.for_field("n", n, "an integer >= 0")
        try:
            return _add_workdays(self, day, n)
        except OverflowError:
            raise InvalidValue.for_field(
                "n", n, f"small enough for the deadline to fall by {date.max.isoformat()}"
            ) from None

    def next_workday(self, day: date) -> date:
        """Return the first working day strictly after *day*.

        This is ``add_workdays(day, 1)``; use ``add_workdays(day, 0)`` for the
        first working day on or after *day*.

        Examples:
            >>> from datetime import date
            >>> from servicegov.calendar import CHINA_2025
            >>> CHINA_2025.next_workday(date(2025, 4, 30))
            datetime.date(2025, 5, 6)
        """
        return self.add_workdays(day, 1)

    def workdays_between(self, start: date, end: date) -> int:
        """Count the working days after *start* up to and including *end*.

        The interval is half-open, ``(start, end]``, so that
        ``workdays_between(d, add_workdays(d, n)) == n`` for every ``n >= 1``,
        and counts add up: ``between(a, b) + between(b, c) == between(a, c)``.
        When *end* is before *start* the count is negative (working days
        overdue, say).

        Args:
            start: the day counting starts after.
            end: the last day counted.

        Raises:
            InvalidValue: when either is not a ``datetime.date``.

        Examples:
            >>> from datetime import date
            >>> from servicegov.calendar import CHINA_2025
            >>> CHINA_2025.workdays_between(date(2025, 1, 24), date(2025, 2, 8))
            6
            >>> CHINA_2025.workdays_between(date(2025, 2, 8), date(2025, 1, 24))
            -6
            >>> CHINA_2025.workdays_between(date(2025, 1, 24), date(2025, 1, 24))
            0
        """
        _check_date("start", start)
        _check_date("end", end)
        if end < start:
            return -self.workdays_between(end, start)
        weeks, rest = divmod((end - start).days, 7)
        first = start.weekday()
        off = self._off
        count = weeks * off.count(False)
        count += sum(1 for i in range(1, rest + 1) if not off[(first + i) % 7])
        lo, hi = start.toordinal(), end.toordinal()
        count += bisect_right(self._bonus, hi) - bisect_right(self._bonus, lo)
        count -= bisect_right(self._malus, hi) - bisect_right(self._malus, lo)
        return count

    def workdays(self, start: date, end: date) -> Iterator[date]:
        """Iterate over the working days from *start* to *end*, both included.

        Built on a dateutil ``rruleset``: a daily rule on the normal weekdays,
        plus the make-up working days as ``rdate``, minus the holidays as
        ``exdate``.

        Raises:
            InvalidValue: when either is not a date, or *end* is before *start*.

        Examples:
            >>> from datetime import date
            >>> from servicegov.calendar import CHINA_2025
            >>> [d.day for d in CHINA_2025.workdays(date(2025, 9, 26), date(2025, 10, 12))]
            [26, 28, 29, 30, 9, 10, 11]
        """
        _check_date("start", start)
        _check_date("end", end)
        if end < start:
            raise InvalidValue.for_field("end", end, f"on or after 'start' ({start.isoformat()})")
        first = datetime(start.year, start.month, start.day)
        last = datetime(end.year, end.month, end.day)
        rules = rruleset()
        weekdays = tuple(i for i in range(7) if not self._off[i])
        rules.rrule(rrule(DAILY, dtstart=first, until=last, byweekday=weekdays))
        for extra in sorted(self.extra_workdays):
            if start <= extra <= end:
                rules.rdate(datetime(extra.year, extra.month, extra.day))
        for holiday in self.holidays:
            if start <= holiday <= end:
                rules.exdate(datetime(holiday.year, holiday.month, holiday.day))
        for moment in rules:
            yield moment.date()

    def add_hours(self, moment: datetime, hours: float) -> datetime:
        """Return the deadline *hours* clock hours after *moment*.

        Emergency time limits (for example "handled within 24 hours") run
        around the clock: nights, weekends and holidays all count, so this is
        plain ``moment + timedelta(hours=hours)`` and the calendar's holidays do
        not pause it.  It lives here so that callers have one place to compute
        every kind of deadline.  Time zones, if any, are kept as given.

        Args:
            moment: when the clock starts.
            hours: a finite number of hours, ``>= 0``.

        Raises:
            InvalidValue: when *moment* is not a datetime or *hours* is
                negative, not finite or not a number.

        Examples:
            >>> from datetime import datetime
            >>> from servicegov.calendar import CHINA_2025
            >>> CHINA_2025.add_hours(datetime(2025, 1, 27, 18, 0), 24)
            datetime.datetime(2025, 1, 28, 18, 0)
            >>> CHINA_2025.add_hours(datetime(2025, 1, 27, 18, 0), 1.5)
            datetime.datetime(2025, 1, 27, 19, 30)
        """
        if not isinstance(moment, datetime):
            raise InvalidValue.for_field("moment", moment, "a datetime.datetime")
        if isinstance(hours, bool) or not isinstance(hours, Real) or not 0 <= hours < float("inf"):
            raise InvalidValue.for_field("hours", hours, "a finite number >= 0")
        try:
            return moment + timedelta(hours=float(hours))
        except OverflowError:
            raise InvalidValue.for_field(
                "hours", hours, f"small enough for the deadline to fall by {datetime.max}"
            ) from None


@functools.lru_cache(maxsize=1 << 16)
def _add_workdays(calendar: WorkCalendar, day: date, n: int) -> date:
    # Module-level and keyed by the (hash-cached) calendar so that the cache is
    # shared by equal calendars and survives across calls; a pipeline asks for
    # the same few (date, n) pairs over and over.
    holidays = calendar.holidays
    extra = calendar.extra_workdays
    off = calendar._off
    if n == 0:
        while not (day in extra or (not off[day.weekday()] and day not in holidays)):
            day += _ONE_DAY
        return day
    while n:
        day += _ONE_DAY
        if day in extra or (not off[day.weekday()] and day not in holidays):
            n -= 1
    return day


def _span(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# The State Council General Office's notices on the arrangement of public
# holidays (国务院办公厅关于 20xx 年部分节假日安排的通知): holidays as the
# published ranges (weekend days inside a range are harmless), then the
# make-up working days (上班).
_CHINA_SCHEDULES: dict[int, tuple[list[date], list[date]]] = {
    # Notice of 2024-11-12 (国办发明电〔2024〕12号).
    2025: (
        [
            date(2025, 1, 1),  # 元旦 New Year's Day
            *_span(date(2025, 1, 28), date(2025, 2, 4)),  # 春节 Spring Festival
            *_span(date(2025, 4, 4), date(2025, 4, 6)),  # 清明节 Qingming
            *_span(date(2025, 5, 1), date(2025, 5, 5)),  # 劳动节 Labour Day
            *_span(date(2025, 5, 31), date(2025, 6, 2)),  # 端午节 Dragon Boat
            *_span(date(2025, 10, 1), date(2025, 10, 8)),  # 国庆节、中秋节
        ],
        [
            date(2025, 1, 26),
            date(2025, 2, 8),
            date(2025, 4, 27),
            date(2025, 9, 28),
            date(2025, 10, 11),
        ],
    ),
    # Notice of 2025-11-04.
    2026: (
        [
            *_span(date(2026, 1, 1), date(2026, 1, 3)),  # 元旦 New Year's Day
            *_span(date(2026, 2, 15), date(2026, 2, 23)),  # 春节 Spring Festival
            *_span(date(2026, 4, 4), date(2026, 4, 6)),  # 清明节 Qingming
            *_span(date(2026, 5, 1), date(2026, 5, 5)),  # 劳动节 Labour Day
            *_span(date(2026, 6, 19), date(2026, 6, 21)),  # 端午节 Dragon Boat
            *_span(date(2026, 9, 25), date(2026, 9, 27)),  # 中秋节 Mid-Autumn
            *_span(date(2026, 10, 1), date(2026, 10, 7)),  # 国庆节 National Day
        ],
        [
            date(2026, 1, 4),
            date(2026, 2, 14),
            date(2026, 2, 28),
            date(2026, 5, 9),
            date(2026, 9, 20),
            date(2026, 10, 10),
        ],
    ),
}


@checked
def china(*years: int) -> WorkCalendar:
    """Return the national working calendar of mainland China for the given years.

    The data are the State Council General Office's published notices
    (国务院办公厅关于部分节假日安排的通知): for 2025 the notice of
    12 November 2024 (国办发明电〔2024〕12号), for 2026 the notice of
    4 November 2025, as released by Xinhua and on www.gov.cn.  Dates outside
    the given years follow the plain Monday-to-Friday week, so pass every year
    a deadline may cross: ``china(2025, 2026)``.

    Args:
        years: one or more of the years with a published schedule here.

    Raises:
        InvalidValue: when no year is given or a year has no schedule here.

    Examples:
        >>> from datetime import date
        >>> both = china(2025, 2026)
        >>> both.add_workdays(date(2025, 12, 31), 1)  # New Year 2026 off, Sun 4 Jan worked
        datetime.date(2026, 1, 4)
        >>> china(2024)
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'years' must be years with a published schedule:
        2025, 2026 (got 2024)
    """
    known = ", ".join(str(y) for y in sorted(_CHINA_SCHEDULES))
    if not years:
        raise InvalidValue.for_field("years", years, f"at least one of {known}")
    holidays: list[date] = []
    extra: list[date] = []
    for year in years:
        if year not in _CHINA_SCHEDULES:
            raise InvalidValue.for_field("years", year, f"years with a published schedule: {known}")
        holidays += _CHINA_SCHEDULES[year][0]
        extra += _CHINA_SCHEDULES[year][1]
    return WorkCalendar(holidays=holidays, extra_workdays=extra)


CHINA_2025: WorkCalendar = china(2025)
"""Mainland China's 2025 holidays and make-up working days (see :func:`china`)."""

CHINA_2026: WorkCalendar = china(2026)
"""Mainland China's 2026 holidays and make-up working days (see :func:`china`)."""


# -- periods -----------------------------------------------------------------

PERIOD_FORMATS: tuple[str, ...] = ("YYYY", "YYYY-Qn", "YYYY-MM", "YYYY-MM-DD/YYYY-MM-DD")
"""The text forms :func:`parse_period` accepts: a year, a quarter, a month, a range."""


def _check_period_end(instance: Period, attribute: attrs.Attribute[date], value: date) -> None:
    _check_date("end", value)
    if value < instance.start:
        raise InvalidValue.for_field("end", value, f"on or after 'start' ({instance.start.isoformat()})")


def _check_period_start(instance: Period, attribute: attrs.Attribute[date], value: date) -> None:
    _check_date("start", value)


def _whole_months(start: date, end: date) -> int:
    """The number of calendar months the range covers exactly, or 0 if it does not."""
    # date.max is a month's last day, and the day after it does not exist.
    if start.day != 1 or (end != date.max and (end + _ONE_DAY).day != 1):
        return 0
    return (end.year - start.year) * 12 + end.month - start.month + 1


@attrs.frozen
class Period:
    """A closed range of dates, from *start* to *end*, both included.

    Unlike most servicegov models a period may be built positionally,
    ``Period(start, end)``, as the order is the natural one.  The usual
    periods have constructors: :meth:`year`, :meth:`quarter`, :meth:`month`
    and :meth:`custom`; ``str(period)`` gives the text :func:`parse_period`
    reads back.

    Raises:
        InvalidValue: when *start* or *end* is not a date, or *end* is before
            *start*.

    Examples:
        >>> from datetime import date
        >>> q1 = Period.quarter(2025, 1)
        >>> q1
        Period(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 3, 31))
        >>> q1.contains(date(2025, 3, 31)), date(2025, 4, 1) in q1
        (True, False)
        >>> str(q1), str(q1.next())
        ('2025-Q1', '2025-Q2')
        >>> Period(date(2025, 2, 1), date(2025, 1, 1))
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'end' must be on or after 'start' (2025-02-01)
        (got datetime.date(2025, 1, 1))
    """

    start: date = attrs.field(validator=_check_period_start)
    end: date = attrs.field(validator=_check_period_end)

    @classmethod
    @checked
    def year(cls, year: int) -> Period:
        """The calendar year *year*.

        Examples:
            >>> str(Period.year(2025)), Period.year(2025).end
            ('2025', datetime.date(2025, 12, 31))
        """
        _check_int("year", year, 1, 9999)
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    @checked
    def quarter(cls, year: int, quarter: int) -> Period:
        """Quarter *quarter* (1-4) of *year*.

        Examples:
            >>> Period.quarter(2025, 4).start, Period.quarter(2025, 4).end
            (datetime.date(2025, 10, 1), datetime.date(2025, 12, 31))
            >>> Period.quarter(2025, 5)
            Traceback (most recent call last):
                ...
            servicegov.errors.InvalidValue: 'quarter' must be an integer from 1 to 4 (got 5)
        """
        _check_int("year", year, 1, 9999)
        _check_int("quarter", quarter, 1, 4)
        start = date(year, 3 * quarter - 2, 1)
        return cls(start, start + relativedelta(months=2, day=31))

    @classmethod
    @checked
    def month(cls, year: int, month: int) -> Period:
        """Month *month* (1-12) of *year*.

        Examples:
            >>> Period.month(2024, 2).end
            datetime.date(2024, 2, 29)
        """
        _check_int("year", year, 1, 9999)
        _check_int("month", month, 1, 12)
        start = date(year, month, 1)
        return cls(start, start + relativedelta(day=31))

    @classmethod
    @checked
    def custom(cls, start: date, end: date) -> Period:
        """Any range from *start* to *end*, both included.

        Examples:
            >>> from datetime import date
            >>> str(Period.custom(date(2025, 1, 1), date(2025, 6, 30)))
            '2025-01-01/2025-06-30'
        """
        return cls(start, end)

    def contains(self, day: date) -> bool:
        """Return whether *day* falls within the period (``day in period`` also works).

        Examples:
            >>> from datetime import date
            >>> Period.month(2025, 3).contains(date(2025, 3, 1))
            True
        """
        _check_date("day", day)
        return self.start <= day <= self.end

    def __contains__(self, day: object) -> bool:
        return _is_plain_date(day) and self.start <= day <= self.end

    def next(self) -> Period:
        """Return the period of the same shape that follows this one.

        A period made of whole calendar months (a year, a half-year, a
        quarter, a month) is followed by the same number of whole months;
        any other period by one of the same number of days.

        Raises:
            InvalidValue: when the next period would end after ``date.max``.

        Examples:
            >>> from datetime import date
            >>> str(Period.year(2025).next()), str(Period.month(2025, 12).next())
            ('2026', '2026-01')
            >>> str(Period(date(2025, 1, 1), date(2025, 6, 30)).next())
            '2025-07-01/2025-12-31'
            >>> str(Period(date(2025, 3, 10), date(2025, 3, 16)).next())
            '2025-03-17/2025-03-23'
        """
        months = _whole_months(self.start, self.end)
        try:
            if months:
                start = self.start + relativedelta(months=months)
                # day=31 clamps to the month's last day, and never steps past date.max.
                return Period(start, start + relativedelta(months=months - 1, day=31))
            length = self.end - self.start + _ONE_DAY
            return Period(self.start + length, self.end + length)
        except (OverflowError, ValueError):
            raise InvalidValue.for_field(
                "period", self, f"a period followed by one that ends by {date.max.isoformat()}"
            ) from None

    def __str__(self) -> str:
        start, end = self.start, self.end
        months = _whole_months(start, end)
        if months == 12 and start.month == 1:
            return f"{start.year:04d}"
        if months == 3 and start.month % 3 == 1:
            return f"{start.year:04d}-Q{start.month // 3 + 1}"
        if months == 1:
            return f"{start.year:04d}-{start.month:02d}"
        return f"{start.isoformat()}/{end.isoformat()}"


def _check_int(field: str, value: object, low: int, high: int) -> None:
    if not _is_int(value) or not low <= value <= high:
        raise InvalidValue.for_field(field, value, f"an integer from {low} to {high}")


_PERIOD_RE = re.compile(
    r"(?P<year>\d{4})"
    r"|(?P<qyear>\d{4})-Q(?P<quarter>\d)"
    r"|(?P<myear>\d{4})-(?P<month>\d{2})"
    r"|(?P<start>\d{4}-\d{2}-\d{2})/(?P<end>\d{4}-\d{2}-\d{2})"
)


@checked
def parse_period(text: str) -> Period:
    """Read a period from text such as ``"2025-Q1"``.

    The forms are listed in :data:`PERIOD_FORMATS`; a range includes both of
    its dates.  Surrounding whitespace is ignored, and ``str(period)`` gives
    text this function reads back to the same period.

    Raises:
        InvalidValue: when the text has none of the accepted forms or names
            an impossible date; the message lists the accepted forms.

    Examples:
        >>> parse_period("2025-03")
        Period(start=datetime.date(2025, 3, 1), end=datetime.date(2025, 3, 31))
        >>> str(parse_period(" 2025-01-01/2025-06-30 "))
        '2025-01-01/2025-06-30'
        >>> parse_period("2025-13")
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'period' must be text in one of the forms
        'YYYY', 'YYYY-Qn', 'YYYY-MM', 'YYYY-MM-DD/YYYY-MM-DD' (got '2025-13')
    """
    allowed = "text in one of the forms " + ", ".join(f"'{f}'" for f in PERIOD_FORMATS)
    given: object = text
    match = _PERIOD_RE.fullmatch(given.strip()) if isinstance(given, str) else None
    if match is None:
        raise InvalidValue.for_field("period", text, allowed)
    groups = match.groupdict()
    try:
        if groups["year"] is not None:
            return Period.year(int(groups["year"]))
        if groups["qyear"] is not None:
            return Period.quarter(int(groups["qyear"]), int(groups["quarter"]))
        if groups["myear"] is not None:
            return Period.month(int(groups["myear"]), int(groups["month"]))
        start = date.fromisoformat(groups["start"])
        end = date.fromisoformat(groups["end"])
    except (InvalidValue, ValueError):
        raise InvalidValue.for_field("period", text, allowed) from None
    return Period(start, end)
