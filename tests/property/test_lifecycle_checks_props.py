"""Properties of `servicegov.lifecycle`'s checks: each rejection names its field, value and allowance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from servicegov.errors import (
    InvalidValue,
    UnknownReference,
)
from servicegov.lifecycle import (
    Claimed,
    Closure,
    Event,
    EventKind,
    FollowedUp,
    NeedRecord,
    PartiallyFulfilled,
    RecordStatus,
    Routed,
    allowed_events,
    apply,
    replay,
    replay_all,
    start,
)
from servicegov.strategies import lifecycle_events, need_records

from ..unit.lifecycle_cases import (
    _DATE_FIELDS,
    _NOT_A_DATETIME,
    _NOT_EVENTS,
    _RECORD_DATES,
    C0,
    D,
    K,
    N,
    _house,
    _names,
)


@given(event=lifecycle_events(), data=st.data())
def test_a_datetime_for_a_date_is_refused_naming_the_field(event: Event, data: st.DataObject) -> None:
    field = data.draw(st.sampled_from(_DATE_FIELDS.get(type(event), ("on",))), label="field")
    moment = data.draw(st.datetimes(), label="moment")
    changes: dict[str, Any] = {field: moment}

    with pytest.raises(InvalidValue) as info:
        attrs.evolve(event, **changes)

    _house(info.value, field, moment, _NOT_A_DATETIME)


@given(record=need_records(), field=st.sampled_from(_RECORD_DATES), moment=st.datetimes())
def test_a_record_refuses_a_datetime_for_a_date_naming_the_field(
    record: NeedRecord, field: str, moment: dt.datetime
) -> None:
    changes: dict[str, Any] = {field: moment}

    with pytest.raises(InvalidValue) as info:
        attrs.evolve(record, **changes)

    _house(info.value, field, moment, _NOT_A_DATETIME)


@given(
    event=lifecycle_events(kinds=[K.ROUTED, K.CLAIMED]),
    days=st.integers(1, 3650),
)
def test_a_due_date_before_the_event_is_refused_naming_it(event: Routed | Claimed, days: int) -> None:
    due = event.on - dt.timedelta(days=days)

    with pytest.raises(InvalidValue) as info:
        attrs.evolve(event, due=due)

    _names(info.value, "due", due, f"on or after {event.on}")
    assert f"'due' must be on or after 'on' ({event.on}) (got {due})" == str(info.value)


@given(
    share=st.floats(0.0, 1.0, exclude_min=True, exclude_max=True),
    count=st.integers(1, 10_000),
)
def test_a_share_and_a_count_together_are_refused_naming_the_share(share: float, count: int) -> None:
    with pytest.raises(InvalidValue) as info:
        PartiallyFulfilled(need_id=N, on=D(2025, 3, 1), share=share, count=count)

    _house(info.value, "share", share, "given, or 'count', but not both")


@given(satisfied=st.integers(-999, 999) | st.floats(allow_nan=False) | st.sampled_from(["yes", "no"]))
def test_a_follow_up_refuses_what_is_not_true_false_or_none(satisfied: object) -> None:
    with pytest.raises(InvalidValue) as info:
        FollowedUp(need_id=N, on=D(2025, 3, 1), satisfied=satisfied)  # type: ignore[arg-type]

    _house(info.value, "satisfied", satisfied, "true, false or None")


@given(record=need_records(), closure=st.sampled_from(Closure))
def test_a_record_has_a_closure_exactly_when_closed(record: NeedRecord, closure: Closure) -> None:
    wrong = None if record.status is RecordStatus.CLOSED else closure

    with pytest.raises(InvalidValue) as info:
        attrs.evolve(record, closure=wrong)

    _house(info.value, "closure", wrong, f"set exactly when closed (state {record.state.value!r})")


@given(event=lifecycle_events(kinds=[k for k in EventKind if k is not K.COLLECTED]))
def test_a_history_that_does_not_start_with_collection_names_the_need(event: Event) -> None:
    msg = (
        f"need {event.need_id!r} is unknown: its first event is {event.kind.value!r}, "
        "and a need's history must start with a 'collected' event"
    )
    calls: list[Callable[[], object]] = [
        lambda: start(event),  # type: ignore[arg-type]
        lambda: replay([event]),
        lambda: replay_all([event]),
    ]
    for call in calls:
        with pytest.raises(UnknownReference) as info:
            call()

        _names(info.value, "need_id", event.need_id, "a collected need")
        assert msg == str(info.value)


@given(record=need_records(), days=st.integers(1, 3650), data=st.data())
def test_an_event_dated_before_the_last_one_names_the_last_date(
    record: NeedRecord, days: int, data: st.DataObject
) -> None:
    # The date is checked before the guards: an event of any kind legal in the state will do.
    kinds = allowed_events(record.state)
    assume(kinds)
    early = data.draw(
        lifecycle_events(
            kinds=kinds,
            need_ids=st.just(record.need_id),
            dates=st.just(record.last_on - dt.timedelta(days=days)),
        ),
        label="event",
    )
    allowed = f"on or after {record.last_on}, the date of the last event"

    with pytest.raises(InvalidValue) as info:
        apply(record, early)

    _names(info.value, "on", early.on, allowed)
    assert f"'on' must be {allowed} (got {early.on})" == str(info.value)


@given(value=_NOT_EVENTS)
def test_what_is_not_an_event_is_named_as_the_event(value: object) -> None:
    calls: list[Callable[[], object]] = [
        lambda: start(value),  # type: ignore[arg-type]
        lambda: replay([value]),  # type: ignore[list-item]
        lambda: replay_all([C0, value]),  # type: ignore[list-item]
        lambda: apply(start(C0), value),  # type: ignore[arg-type]
    ]
    for call in calls:
        with pytest.raises(InvalidValue) as info:
            call()

        _house(info.value, "event", value, "a lifecycle event")
