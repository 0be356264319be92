"""Properties of `servicegov.calendar`: deadlines against day-by-day counting, and periods."""

from __future__ import annotations

from datetime import date

import attrs
from hypothesis import given
from hypothesis import strategies as st

from servicegov.calendar import Period, WorkCalendar, parse_period

from ..unit.calendar_cases import ONE, D

LOW, HIGH = D(2024, 1, 1), D(2026, 12, 31)
days_ = st.dates(min_value=LOW, max_value=HIGH)


@st.composite
def calendars(draw: st.DrawFn) -> WorkCalendar:
    """Any calendar whose special days lie in 2024-2026, holidays and make-up days disjoint."""
    special = draw(st.dictionaries(days_, st.booleans(), max_size=40))
    weekend = draw(st.sets(st.integers(0, 6), max_size=6))
    return WorkCalendar(
        holidays=[d for d, is_holiday in special.items() if is_holiday],
        extra_workdays=[d for d, is_holiday in special.items() if not is_holiday],
        weekend=weekend,
    )


def oracle_is_workday(c: WorkCalendar, d: date) -> bool:
    return d in c.extra_workdays or (d.weekday() not in c.weekend and d not in c.holidays)


def oracle_add(c: WorkCalendar, d: date, n: int) -> date:
    """Day by day, straight from the definition."""
    if n == 0:
        while not oracle_is_workday(c, d):
            d += ONE
        return d
    while n > 0:
        d += ONE
        n -= oracle_is_workday(c, d)
    return d


class TestDeadlineProperties:
    """Deadlines count working days: make-up working days count, holidays do not."""

    @given(c=calendars(), d=days_, n=st.integers(0, 60))
    def test_a_deadline_is_a_workday(self, c: WorkCalendar, d: date, n: int) -> None:
        assert c.is_workday(c.add_workdays(d, n))

    @given(c=calendars(), d=days_, n=st.integers(0, 60))
    def test_deadline_agrees_with_counting_day_by_day(self, c: WorkCalendar, d: date, n: int) -> None:
        assert oracle_add(c, d, n) == c.add_workdays(d, n)

    @given(d=days_, n=st.integers(0, 400), weekend=st.sets(st.integers(0, 6), max_size=6))
    def test_plain_weeks_agree_with_a_brute_force_loop(self, d: date, n: int, weekend: set[int]) -> None:
        expected = d
        if n == 0:
            while expected.weekday() in weekend:
                expected += ONE
        left = n
        while left:
            expected += ONE
            if expected.weekday() not in weekend:
                left -= 1
        assert expected == WorkCalendar(weekend=weekend).add_workdays(d, n)

    @given(c=calendars(), d=days_, n=st.integers(1, 60))
    def test_counting_back_gives_n(self, c: WorkCalendar, d: date, n: int) -> None:
        assert n == c.workdays_between(d, c.add_workdays(d, n))
        assert -n == c.workdays_between(c.add_workdays(d, n), d)

    @given(c=calendars(), d=days_)
    def test_zero_counts_zero_on_a_workday_and_one_otherwise(self, c: WorkCalendar, d: date) -> None:
        expected = 0 if c.is_workday(d) else 1
        assert expected == c.workdays_between(d, c.add_workdays(d, 0))

    @given(c=calendars(), d=days_, n=st.integers(0, 60))
    def test_deadlines_grow_with_n(self, c: WorkCalendar, d: date, n: int) -> None:
        assert c.add_workdays(d, n) <= c.add_workdays(d, n + 1)
        if n or c.is_workday(d):
            assert c.add_workdays(d, n) < c.add_workdays(d, n + 1)
            assert c.add_workdays(d, n + 1) == c.next_workday(c.add_workdays(d, n))
        else:
            assert c.add_workdays(d, 0) == c.add_workdays(d, 1)

    @given(c=calendars(), d=days_, n=st.integers(1, 60))
    def test_holidays_never_count_and_make_up_days_always_do(self, c: WorkCalendar, d: date, n: int) -> None:
        deadline = c.add_workdays(d, n)
        assert deadline not in c.holidays
        passed = {d + ONE * i for i in range(1, (deadline - d).days + 1)}
        listed = set(c.workdays(d + ONE, deadline))
        assert n == len(listed)
        assert passed & c.extra_workdays <= listed
        assert set() == passed & c.holidays & listed

    @given(c=calendars(), h=days_)
    def test_a_holiday_is_off_and_a_make_up_day_is_on(self, c: WorkCalendar, h: date) -> None:
        off = attrs.evolve(c, holidays=c.holidays | {h}, extra_workdays=c.extra_workdays - {h})
        on = attrs.evolve(c, holidays=c.holidays - {h}, extra_workdays=c.extra_workdays | {h})
        assert False is off.is_workday(h)
        assert True is on.is_workday(h)
        later = h + ONE * 3
        assert off.workdays_between(h - ONE, later) + 1 == on.workdays_between(h - ONE, later)

    @given(c=calendars(), a=days_, b=days_, m=days_)
    def test_counts_add_up(self, c: WorkCalendar, a: date, b: date, m: date) -> None:
        assert c.workdays_between(a, b) == c.workdays_between(a, m) + c.workdays_between(m, b)

    @given(c=calendars(), a=days_, b=days_)
    def test_count_matches_the_rruleset_listing(self, c: WorkCalendar, a: date, b: date) -> None:
        a, b = min(a, b), max(a, b)
        listed = list(c.workdays(a, b))
        assert [
            x for x in (a + ONE * i for i in range((b - a).days + 1)) if oracle_is_workday(c, x)
        ] == listed
        assert len(listed) - c.is_workday(a) == c.workdays_between(a, b)


periods_ = st.one_of(
    st.integers(1900, 2100).map(Period.year),
    st.builds(Period.quarter, st.integers(1900, 2100), st.integers(1, 4)),
    st.builds(Period.month, st.integers(1900, 2100), st.integers(1, 12)),
    st.tuples(days_, days_).map(lambda ab: Period(min(ab), max(ab))),
)


class TestPeriodProperties:
    """Periods are closed ranges; the next one starts the day after this one ends."""

    @given(p=periods_)
    def test_text_round_trips(self, p: Period) -> None:
        assert p == parse_period(str(p))

    @given(p=periods_)
    def test_next_follows_without_gap(self, p: Period) -> None:
        following = p.next()
        assert p.end + ONE == following.start
        if p.start.day == 1 and (p.end + ONE).day == 1:
            assert 1 == (following.end + ONE).day
            months = (p.end.year - p.start.year) * 12 + p.end.month - p.start.month
            assert months == (following.end.year - following.start.year) * 12 + (
                following.end.month - following.start.month
            )
        else:
            assert p.end - p.start == following.end - following.start

    @given(p=periods_, d=days_)
    def test_contains_is_the_closed_range(self, p: Period, d: date) -> None:
        assert (p.start <= d <= p.end) == p.contains(d) == (d in p)
