"""Working days, deadlines and periods (DOMAIN.md §4: deadlines count working days)."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone

import attrs
import pytest

from servicegov import calendar as cal_module
from servicegov.calendar import (
    CHINA_2025,
    CHINA_2026,
    PERIOD_FORMATS,
    Period,
    WorkCalendar,
    china,
    parse_period,
)
from servicegov.errors import InvalidValue, ServicegovError

from .calendar_cases import ONE, D

SPRING_2025 = [D(2025, 1, 28) + timedelta(days=i) for i in range(8)]
SPRING_CAL = WorkCalendar(holidays=SPRING_2025, extra_workdays=[D(2025, 1, 26), D(2025, 2, 8)])


# -- the published 2025 Spring Festival --------------------------------------


def test_spring_festival_2025_make_up_sunday_is_a_workday() -> None:
    assert True is SPRING_CAL.is_workday(D(2025, 1, 26))
    assert True is SPRING_CAL.is_workday(D(2025, 2, 8))


def test_spring_festival_2025_holidays_are_off() -> None:
    assert [False] * 8 == [SPRING_CAL.is_workday(d) for d in SPRING_2025]
    assert False is SPRING_CAL.is_workday(D(2025, 1, 25))  # a plain Saturday
    assert True is SPRING_CAL.is_workday(D(2025, 1, 27))
    assert True is SPRING_CAL.is_workday(D(2025, 2, 5))


def test_spring_festival_2025_deadlines() -> None:
    assert D(2025, 1, 26) == SPRING_CAL.add_workdays(D(2025, 1, 24), 1)
    assert D(2025, 1, 27) == SPRING_CAL.add_workdays(D(2025, 1, 24), 2)
    assert D(2025, 2, 5) == SPRING_CAL.add_workdays(D(2025, 1, 27), 1)
    assert D(2025, 2, 8) == SPRING_CAL.add_workdays(D(2025, 2, 7), 1)
    assert D(2025, 2, 10) == SPRING_CAL.add_workdays(D(2025, 2, 8), 1)
    assert D(2025, 2, 5) == SPRING_CAL.add_workdays(D(2025, 1, 29), 1)
    assert D(2025, 2, 5) == SPRING_CAL.add_workdays(D(2025, 1, 29), 0)
    assert D(2025, 2, 10) == SPRING_CAL.add_workdays(D(2025, 1, 27), 5)
    assert D(2025, 2, 11) == SPRING_CAL.add_workdays(D(2025, 1, 27), 6)


def test_zero_workdays_keeps_a_workday_and_rolls_a_day_off_forward() -> None:
    assert D(2025, 1, 27) == SPRING_CAL.add_workdays(D(2025, 1, 27), 0)
    assert D(2025, 1, 26) == SPRING_CAL.add_workdays(D(2025, 1, 26), 0)
    assert D(2025, 1, 26) == SPRING_CAL.add_workdays(D(2025, 1, 25), 0)


def test_next_workday_is_strictly_after() -> None:
    assert D(2025, 2, 5) == SPRING_CAL.next_workday(D(2025, 1, 27))
    assert D(2025, 1, 26) == SPRING_CAL.next_workday(D(2025, 1, 25))
    assert D(2025, 1, 27) == SPRING_CAL.next_workday(D(2025, 1, 26))


def test_workdays_between_counts_after_start_up_to_end() -> None:
    assert 1 == SPRING_CAL.workdays_between(D(2025, 1, 24), D(2025, 1, 26))
    assert 0 == SPRING_CAL.workdays_between(D(2025, 1, 24), D(2025, 1, 25))
    assert 1 == SPRING_CAL.workdays_between(D(2025, 1, 27), D(2025, 2, 5))
    assert 4 == SPRING_CAL.workdays_between(D(2025, 1, 27), D(2025, 2, 8))
    assert 6 == SPRING_CAL.workdays_between(D(2025, 1, 24), D(2025, 2, 8))
    assert -6 == SPRING_CAL.workdays_between(D(2025, 2, 8), D(2025, 1, 24))
    assert 0 == SPRING_CAL.workdays_between(D(2025, 1, 27), D(2025, 1, 27))
    # A make-up day or holiday at either end: counted only at the end.
    assert 1 == SPRING_CAL.workdays_between(D(2025, 1, 26), D(2025, 1, 27))
    assert 0 == SPRING_CAL.workdays_between(D(2025, 1, 27), D(2025, 1, 28))
    assert 1 == SPRING_CAL.workdays_between(D(2025, 1, 28), D(2025, 2, 5))
    assert 1 == SPRING_CAL.workdays_between(D(2025, 2, 7), D(2025, 2, 8))
    assert 1 == SPRING_CAL.workdays_between(D(2025, 2, 8), D(2025, 2, 10))


def test_workdays_lists_both_ends() -> None:
    got = list(SPRING_CAL.workdays(D(2025, 1, 24), D(2025, 2, 10)))
    assert [
        D(2025, 1, 24),
        D(2025, 1, 26),
        D(2025, 1, 27),
        D(2025, 2, 5),
        D(2025, 2, 6),
        D(2025, 2, 7),
        D(2025, 2, 8),
        D(2025, 2, 10),
    ] == got
    assert [] == list(SPRING_CAL.workdays(D(2025, 2, 1), D(2025, 2, 1)))
    assert [D(2025, 2, 8)] == list(SPRING_CAL.workdays(D(2025, 2, 8), D(2025, 2, 8)))


def test_default_week_is_monday_to_friday() -> None:
    plain = WorkCalendar()
    assert (5, 6) == plain.weekend
    assert frozenset() == plain.holidays == plain.extra_workdays
    assert [True] * 5 + [False] * 2 == [plain.is_workday(D(2025, 3, 3) + ONE * i) for i in range(7)]


def test_custom_weekend() -> None:
    friday_off = WorkCalendar(weekend=[4, 4])
    assert (4,) == friday_off.weekend
    assert False is friday_off.is_workday(D(2025, 3, 7))
    assert True is friday_off.is_workday(D(2025, 3, 8))
    assert D(2025, 3, 8) == friday_off.add_workdays(D(2025, 3, 6), 1)
    assert 6 == friday_off.workdays_between(D(2025, 3, 2), D(2025, 3, 9))
    six_off = WorkCalendar(weekend=range(1, 7))
    assert D(2025, 3, 10) == six_off.add_workdays(D(2025, 3, 3), 1)
    assert 1 == six_off.workdays_between(D(2025, 3, 3), D(2025, 3, 10))


# -- the national presets ------------------------------------------------------


def test_china_2025_matches_the_published_schedule() -> None:
    off = [
        D(2025, 1, 1),
        *SPRING_2025,
        D(2025, 4, 4),
        *(D(2025, 5, 1) + ONE * i for i in range(5)),
        D(2025, 6, 2),
        *(D(2025, 10, 1) + ONE * i for i in range(8)),
    ]
    worked = [D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11)]
    assert not any(CHINA_2025.is_workday(d) for d in off)
    assert all(CHINA_2025.is_workday(d) for d in worked)
    assert frozenset(worked) == CHINA_2025.extra_workdays
    assert 28 == len(CHINA_2025.holidays)
    assert 248 == CHINA_2025.workdays_between(D(2024, 12, 31), D(2025, 12, 31))
    assert D(2025, 10, 9) == CHINA_2025.add_workdays(D(2025, 9, 30), 1)
    assert D(2025, 4, 7) == CHINA_2025.add_workdays(D(2025, 4, 3), 1)
    assert D(2025, 6, 3) == CHINA_2025.add_workdays(D(2025, 5, 30), 1)
    assert D(2025, 4, 27) == CHINA_2025.add_workdays(D(2025, 4, 25), 1)


def test_china_2026_matches_the_published_schedule() -> None:
    worked = [
        D(2026, 1, 4),
        D(2026, 2, 14),
        D(2026, 2, 28),
        D(2026, 5, 9),
        D(2026, 9, 20),
        D(2026, 10, 10),
    ]
    assert frozenset(worked) == CHINA_2026.extra_workdays
    assert 33 == len(CHINA_2026.holidays)
    assert 248 == CHINA_2026.workdays_between(D(2025, 12, 31), D(2026, 12, 31))
    assert D(2026, 2, 24) == CHINA_2026.add_workdays(D(2026, 2, 13), 2)
    assert D(2026, 9, 28) == CHINA_2026.add_workdays(D(2026, 9, 24), 1)
    assert D(2026, 10, 8) == CHINA_2026.add_workdays(D(2026, 9, 30), 1)


def test_china_of_several_years_crosses_new_year() -> None:
    both = china(2025, 2026)
    assert both.holidays == CHINA_2025.holidays | CHINA_2026.holidays
    assert both.extra_workdays == CHINA_2025.extra_workdays | CHINA_2026.extra_workdays
    assert D(2026, 1, 4) == both.add_workdays(D(2025, 12, 31), 1)
    assert D(2026, 1, 1) == CHINA_2025.add_workdays(D(2025, 12, 31), 1)


@pytest.mark.parametrize("years", [(), (2024,), (2025, 2027)])
def test_china_rejects_unknown_years(years: tuple[int, ...]) -> None:
    with pytest.raises(InvalidValue, match="'years' must be") as info:
        china(*years)
    assert "years" == info.value.field
    assert "2025, 2026" in str(info.value)


# -- validation ----------------------------------------------------------------


def test_a_day_both_holiday_and_make_up_day_is_named() -> None:
    with pytest.raises(InvalidValue) as info:
        WorkCalendar(
            holidays=[D(2025, 2, 8), D(2025, 1, 26), D(2025, 1, 28)],
            extra_workdays=[D(2025, 1, 26), D(2025, 2, 8)],
        )
    assert "'extra_workdays' must not also be holidays (got 2025-01-26, 2025-02-08, in both)" == str(
        info.value
    )
    assert "extra_workdays" == info.value.field
    assert (D(2025, 1, 26), D(2025, 2, 8)) == info.value.value


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"holidays": [D(2025, 1, 1), "2025-01-02"]}, "holidays[1]"),
        ({"holidays": [datetime(2025, 1, 1)]}, "holidays[0]"),
        ({"holidays": D(2025, 1, 1)}, "holidays"),
        ({"holidays": "2025-01-01"}, "holidays"),
        ({"holidays": 7}, "holidays"),
        ({"extra_workdays": [None]}, "extra_workdays[0]"),
        ({"weekend": [7]}, "weekend"),
        ({"weekend": [-1]}, "weekend"),
        ({"weekend": [True]}, "weekend"),
        ({"weekend": ["5"]}, "weekend"),
        ({"weekend": "56"}, "weekend"),
        ({"weekend": 5}, "weekend"),
        ({"weekend": range(7)}, "weekend"),
    ],
)
def test_bad_calendar_fields_are_named(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidValue) as info:
        WorkCalendar(**kwargs)  # type: ignore[arg-type]
    assert field == info.value.field
    assert str(info.value).startswith(f"'{field}' must be ")


@pytest.mark.parametrize("n", [-1, 1.0, True, "1", None])
def test_add_workdays_rejects_bad_counts(n: object) -> None:
    with pytest.raises(InvalidValue) as info:
        SPRING_CAL.add_workdays(D(2025, 1, 1), n)  # type: ignore[arg-type]
    assert f"'n' must be an integer >= 0 (got {n!r})" == str(info.value)


def test_add_workdays_past_the_last_date_is_an_error() -> None:
    with pytest.raises(InvalidValue, match="'n' must be small enough"):
        WorkCalendar().add_workdays(D(9999, 12, 30), 5)


@pytest.mark.parametrize("bad", [datetime(2025, 1, 28), "2025-01-28", None])
def test_day_arguments_must_be_dates(bad: object) -> None:
    for call in (
        lambda: SPRING_CAL.is_workday(bad),  # type: ignore[arg-type]
        lambda: SPRING_CAL.add_workdays(bad, 1),  # type: ignore[arg-type]
        lambda: SPRING_CAL.next_workday(bad),  # type: ignore[arg-type]
    ):
        with pytest.raises(InvalidValue, match=r"'day' must be a datetime\.date"):
            call()
    with pytest.raises(InvalidValue, match="'start' must be"):
        SPRING_CAL.workdays_between(bad, D(2025, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match="'end' must be"):
        SPRING_CAL.workdays_between(D(2025, 1, 1), bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match="'start' must be"):
        list(SPRING_CAL.workdays(bad, D(2025, 1, 1)))  # type: ignore[arg-type]


def test_workdays_needs_ordered_ends() -> None:
    with pytest.raises(InvalidValue, match=r"'end' must be on or after 'start' \(2025-02-02\)"):
        list(SPRING_CAL.workdays(D(2025, 2, 2), D(2025, 2, 1)))


def test_calendars_are_immutable_hashable_values() -> None:
    again = WorkCalendar(holidays=reversed(SPRING_2025), extra_workdays=(D(2025, 2, 8), D(2025, 1, 26)))
    assert again == SPRING_CAL
    assert hash(again) == hash(SPRING_CAL)
    assert again != WorkCalendar(holidays=SPRING_2025)
    assert pickle.loads(pickle.dumps(SPRING_CAL)) == SPRING_CAL
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        SPRING_CAL.weekend = (6,)  # type: ignore[misc]
    assert {"holidays", "extra_workdays", "weekend"} == {f.name for f in attrs.fields(WorkCalendar) if f.init}


# -- hours -----------------------------------------------------------------------


def test_emergency_hours_run_through_holidays() -> None:
    start = datetime(2025, 1, 27, 18, 0)
    assert datetime(2025, 1, 28, 18, 0) == SPRING_CAL.add_hours(start, 24)
    assert datetime(2025, 1, 30, 6, 0) == SPRING_CAL.add_hours(start, 60)
    assert start == SPRING_CAL.add_hours(start, 0)
    assert datetime(2025, 1, 27, 18, 45) == SPRING_CAL.add_hours(start, 0.75)
    aware = datetime(2025, 1, 27, 18, 0, tzinfo=timezone.utc)
    assert aware.tzinfo is SPRING_CAL.add_hours(aware, 1).tzinfo


@pytest.mark.parametrize(
    ("moment", "hours", "field"),
    [
        (datetime(2025, 1, 1), -0.5, "hours"),
        (datetime(2025, 1, 1), float("inf"), "hours"),
        (datetime(2025, 1, 1), float("nan"), "hours"),
        (datetime(2025, 1, 1), True, "hours"),
        (datetime(2025, 1, 1), "2", "hours"),
        (datetime(9999, 12, 31), 48, "hours"),
        (D(2025, 1, 1), 1, "moment"),
    ],
)
def test_add_hours_rejects_bad_input(moment: object, hours: object, field: str) -> None:
    with pytest.raises(InvalidValue) as info:
        SPRING_CAL.add_hours(moment, hours)  # type: ignore[arg-type]
    assert field == info.value.field


# -- properties ------------------------------------------------------------------


def test_deadlines_are_cached_per_calendar() -> None:
    cal_module._add_workdays.cache_clear()
    twin = WorkCalendar(holidays=SPRING_2025, extra_workdays=[D(2025, 1, 26), D(2025, 2, 8)])
    assert D(2025, 2, 5) == SPRING_CAL.add_workdays(D(2025, 1, 27), 1)
    assert D(2025, 2, 5) == twin.add_workdays(D(2025, 1, 27), 1)
    info = cal_module._add_workdays.cache_info()
    assert (1, 1) == (info.hits, info.misses)
    assert D(2025, 1, 28) == WorkCalendar().add_workdays(D(2025, 1, 27), 1)


# -- periods ---------------------------------------------------------------------


def test_period_constructors() -> None:
    assert Period(D(2025, 1, 1), D(2025, 12, 31)) == Period.year(2025)
    assert Period(D(2025, 4, 1), D(2025, 6, 30)) == Period.quarter(2025, 2)
    assert Period(D(2025, 7, 1), D(2025, 9, 30)) == Period.quarter(2025, 3)
    assert Period(D(2024, 2, 1), D(2024, 2, 29)) == Period.month(2024, 2)
    assert Period(D(2025, 2, 1), D(2025, 2, 28)) == Period.month(2025, 2)
    assert Period(D(2025, 12, 1), D(2025, 12, 31)) == Period.month(2025, 12)
    assert Period(D(2025, 3, 3), D(2025, 3, 3)) == Period.custom(D(2025, 3, 3), D(2025, 3, 3))
    assert Period(start=D(2025, 1, 1), end=D(2025, 1, 2)) == Period(D(2025, 1, 1), D(2025, 1, 2))


def test_period_contains_both_ends() -> None:
    q = Period.quarter(2025, 1)
    assert (False, True, True, True, False) == tuple(
        q.contains(d) for d in (D(2024, 12, 31), D(2025, 1, 1), D(2025, 2, 15), D(2025, 3, 31), D(2025, 4, 1))
    )
    assert D(2025, 3, 31) in q
    assert D(2025, 4, 1) not in q
    assert "2025-03-01" not in q
    assert datetime(2025, 3, 1) not in q
    with pytest.raises(InvalidValue, match="'day' must be"):
        q.contains(datetime(2025, 3, 1))


@pytest.mark.parametrize(
    ("period", "following"),
    [
        (Period.year(2025), Period.year(2026)),
        (Period.quarter(2025, 4), Period.quarter(2026, 1)),
        (Period.quarter(2025, 1), Period.quarter(2025, 2)),
        (Period.month(2024, 1), Period.month(2024, 2)),
        (Period.month(2025, 12), Period.month(2026, 1)),
        (Period(D(2025, 1, 1), D(2025, 6, 30)), Period(D(2025, 7, 1), D(2025, 12, 31))),
        (Period(D(2025, 2, 1), D(2025, 3, 31)), Period(D(2025, 4, 1), D(2025, 5, 31))),
        (Period(D(2025, 3, 10), D(2025, 3, 16)), Period(D(2025, 3, 17), D(2025, 3, 23))),
        (Period(D(2025, 1, 31), D(2025, 1, 31)), Period(D(2025, 2, 1), D(2025, 2, 1))),
        (Period(D(2025, 1, 15), D(2025, 2, 14)), Period(D(2025, 2, 15), D(2025, 3, 17))),
    ],
)
def test_next_period_keeps_the_shape(period: Period, following: Period) -> None:
    assert following == period.next()


def test_no_period_after_the_last_date() -> None:
    with pytest.raises(InvalidValue) as info:
        Period.year(9999).next()
    assert "period" == info.value.field
    with pytest.raises(InvalidValue):
        Period(D(9999, 12, 30), D(9999, 12, 31)).next()
    assert "9999" == str(Period.year(9999))
    assert "9999-12" == str(Period.month(9999, 12))
    assert Period.month(9999, 12) == Period.month(9999, 11).next()


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2025", Period.year(2025)),
        ("2025-Q1", Period.quarter(2025, 1)),
        ("2025-Q4", Period.quarter(2025, 4)),
        ("2025-03", Period.month(2025, 3)),
        ("2025-01-01/2025-06-30", Period(D(2025, 1, 1), D(2025, 6, 30))),
        (" 2025-02\n", Period.month(2025, 2)),
        ("2025-02-03/2025-02-03", Period(D(2025, 2, 3), D(2025, 2, 3))),
    ],
)
def test_parse_period_reads_every_format(text: str, period: Period) -> None:
    assert period == parse_period(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "25",
        "2025-Q0",
        "2025-Q5",
        "2025-q1",
        "2025-00",
        "2025-13",
        "2025-3",
        "2025-02-30/2025-03-01",
        "2025-01-01",
        "2025-01-01/",
        "0000",
        "2025/2026",
        "2025-Q1x",
        20250,
        None,
    ],
)
def test_parse_period_lists_the_accepted_formats(text: object) -> None:
    with pytest.raises(InvalidValue) as info:
        parse_period(text)  # type: ignore[arg-type]
    assert (
        "'period' must be text in one of the forms 'YYYY', 'YYYY-Qn', 'YYYY-MM', "
        f"'YYYY-MM-DD/YYYY-MM-DD' (got {text!r})"
    ) == str(info.value)
    assert "period" == info.value.field
    assert ("YYYY", "YYYY-Qn", "YYYY-MM", "YYYY-MM-DD/YYYY-MM-DD") == PERIOD_FORMATS


def test_parse_period_rejects_a_reversed_range() -> None:
    with pytest.raises(InvalidValue) as info:
        parse_period("2025-06-30/2025-01-01")
    assert "end" == info.value.field


@pytest.mark.parametrize(
    ("call", "field", "message"),
    [
        (lambda: Period.year(0), "year", "'year' must be an integer from 1 to 9999 (got 0)"),
        (
            lambda: Period.year(10000),
            "year",
            "'year' must be an integer from 1 to 9999 (got 10000)",
        ),
        (
            lambda: Period.quarter(2025, 0),
            "quarter",
            "'quarter' must be an integer from 1 to 4 (got 0)",
        ),
        (
            lambda: Period.quarter(2025, 5),
            "quarter",
            "'quarter' must be an integer from 1 to 4 (got 5)",
        ),
        (lambda: Period.month(2025, 0), "month", "'month' must be an integer from 1 to 12 (got 0)"),
        (
            lambda: Period.month(2025, 13),
            "month",
            "'month' must be an integer from 1 to 12 (got 13)",
        ),
        (
            lambda: Period.month(2025.0, 1),  # type: ignore[arg-type]
            "year",
            "'year' must be an integer from 1 to 9999 (got 2025.0)",
        ),
        (
            lambda: Period.month(2025, True),
            "month",
            "'month' must be an integer from 1 to 12 (got True)",
        ),
        (
            lambda: Period(D(2025, 1, 2), D(2025, 1, 1)),
            "end",
            "'end' must be on or after 'start' (2025-01-02) (got datetime.date(2025, 1, 1))",
        ),
        (
            lambda: Period("2025-01-01", D(2025, 1, 1)),  # type: ignore[arg-type]
            "start",
            "'start' must be a datetime.date (not a datetime) (got '2025-01-01')",
        ),
        (
            lambda: Period(D(2025, 1, 1), datetime(2025, 1, 2)),
            "end",
            "'end' must be a datetime.date (not a datetime) (got datetime.datetime(2025, 1, 2, 0, 0))",
        ),
    ],
)
def test_bad_periods_name_the_field(call: Callable[[], object], field: str, message: str) -> None:
    with pytest.raises(InvalidValue) as info:
        call()
    assert field == info.value.field
    assert message == str(info.value)
    assert isinstance(info.value, ServicegovError)


# The errors' structured parts (field, value, what is allowed) are part of the
# house formula (errors.py): each rejection names all three.
WEEKEND_ALLOWED = "weekday numbers 0 (Monday) to 6 (Sunday), leaving at least one working weekday"
_NOON = datetime(2025, 3, 3, 12, 0)


@pytest.mark.parametrize(
    ("call", "field", "value", "allowed"),
    [
        (
            lambda: WorkCalendar(holidays="2025-01-01"),  # type: ignore[arg-type]
            "holidays",
            "2025-01-01",
            "an iterable of datetime.date",
        ),
        (lambda: WorkCalendar(weekend=5), "weekend", 5, WEEKEND_ALLOWED),  # type: ignore[arg-type]
        (lambda: WorkCalendar(weekend=(5, 7)), "weekend", (5, 7), WEEKEND_ALLOWED),
        (
            lambda: WorkCalendar(weekend=(0, 1, 2, 3, 4, 5, 6)),
            "weekend",
            (0, 1, 2, 3, 4, 5, 6),
            WEEKEND_ALLOWED,
        ),
        (
            lambda: WorkCalendar(holidays=[D(2025, 1, 1)], extra_workdays=[D(2025, 1, 1)]),
            "extra_workdays",
            (D(2025, 1, 1),),
            "dates that are not holidays",
        ),
        (
            lambda: CHINA_2025.add_workdays(D(9999, 12, 20), 30),
            "n",
            30,
            "small enough for the deadline to fall by 9999-12-31",
        ),
        (
            lambda: list(CHINA_2025.workdays(D(2025, 2, 2), D(2025, 2, 1))),
            "end",
            D(2025, 2, 1),
            "on or after 'start' (2025-02-02)",
        ),
        (
            lambda: list(CHINA_2025.workdays(D(2025, 2, 2), "2025-02-03")),  # type: ignore[arg-type]
            "end",
            "2025-02-03",
            "a datetime.date (not a datetime)",
        ),
        (lambda: CHINA_2025.add_hours(D(2025, 3, 3), 1), "moment", D(2025, 3, 3), "a datetime.datetime"),  # type: ignore[arg-type]
        (lambda: CHINA_2025.add_hours(_NOON, float("inf")), "hours", float("inf"), "a finite number >= 0"),
        (
            lambda: CHINA_2025.add_hours(datetime(9999, 12, 31), 48),
            "hours",
            48,
            f"small enough for the deadline to fall by {datetime.max}",
        ),
        (lambda: china(), "years", (), "at least one of 2025, 2026"),
        (lambda: china(2025, 2024), "years", 2024, "years with a published schedule: 2025, 2026"),
        (lambda: Period.quarter(0, 1), "year", 0, "an integer from 1 to 9999"),
        (lambda: Period.quarter(10000, 1), "year", 10000, "an integer from 1 to 9999"),
        (
            lambda: Period.year(9999).next(),
            "period",
            Period.year(9999),
            "a period followed by one that ends by 9999-12-31",
        ),
    ],
)
def test_rejections_name_field_value_and_what_is_allowed(
    call: Callable[[], object], field: str, value: object, allowed: str
) -> None:
    with pytest.raises(InvalidValue) as info:
        call()

    assert (field, value, allowed) == (info.value.field, info.value.value, info.value.allowed)


def test_the_first_and_last_years_have_quarters() -> None:
    assert D(1, 1, 1) == Period.quarter(1, 1).start
    assert D(9999, 12, 31) == Period.quarter(9999, 4).end


def test_a_date_subclass_is_looked_up_like_a_date() -> None:
    class Day(date):
        pass

    assert CHINA_2025.is_workday(Day(2025, 1, 26))  # a make-up Sunday
    assert not CHINA_2025.is_workday(Day(2025, 1, 28))  # Spring Festival


@pytest.mark.parametrize("quarter", [1, 2, 3, 4])
def test_quarters_print_as_quarters(quarter: int) -> None:
    assert f"2025-Q{quarter}" == str(Period.quarter(2025, quarter))


def test_three_months_not_a_quarter_print_as_a_range() -> None:
    assert "2025-02-01/2025-04-30" == str(Period(D(2025, 2, 1), D(2025, 4, 30)))


@pytest.mark.parametrize(
    ("period", "following"),
    [
        (Period(D(2025, 11, 1), D(2026, 1, 31)), Period(D(2026, 2, 1), D(2026, 4, 30))),
        (Period(D(2025, 7, 1), D(2026, 6, 30)), Period(D(2026, 7, 1), D(2027, 6, 30))),
    ],
)
def test_whole_months_across_new_year_are_followed_by_as_many(period: Period, following: Period) -> None:
    assert following == period.next()
