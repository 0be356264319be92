"""Properties of `servicegov.lifecycle`'s events: their checks, seen over generated events and records."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicegov.errors import InvalidValue, ServicegovError
from servicegov.lifecycle import (
    Collected,
    Escalated,
    EscalationReason,
    EventKind,
    NeedRecord,
    PartiallyFulfilled,
    start,
)
from servicegov.org import Tier
from servicegov.strategies import lifecycle_events, need_records

D = dt.date(2025, 3, 1)


# Short ids that cannot look like personal data (which an error would mask).
_IDS = st.text(alphabet="ABCTUV0123-", min_size=1, max_size=6)


def _in_house_form(err: ServicegovError, field: str, value: object) -> str:
    """*err* keeps *field* and *value* and says what is allowed in the house message
    ``'<field>' must be <allowed> (got <value>)``; returns what is allowed."""
    assert (field, value) == (err.field, err.value)
    assert isinstance(err.allowed, str)
    assert err.allowed
    assert str(InvalidValue.for_field(field, value, err.allowed)) == str(err)
    return err.allowed


# Values that are not events; short, so that none looks like personal data either.
_NOT_EVENTS = st.booleans() | st.integers(-999, 999) | st.text(alphabet="abcxyz-", max_size=8)


@given(unit=_IDS, tier=st.sampled_from(Tier), why=st.sampled_from(EscalationReason))
def test_escalating_to_the_unit_it_comes_from_names_that_unit(
    unit: str, tier: Tier, why: EscalationReason
) -> None:
    with pytest.raises(InvalidValue) as info:
        Escalated(need_id="N1", on=D, from_unit=unit, to_unit=unit, to_tier=tier, why=why)

    assert "from_unit" in _in_house_form(info.value, "to_unit", unit)


@given(
    share=st.floats(allow_nan=False).filter(lambda x: not 0 < x < 1)
    | st.integers(-5, 5).filter(lambda x: not 0 < x < 1)
    | st.text(alphabet="0.5x", max_size=4)
)
def test_a_share_outside_zero_and_one_names_the_share(share: object) -> None:
    with pytest.raises(InvalidValue) as info:
        PartiallyFulfilled(need_id="N1", on=D, share=share)  # type: ignore[arg-type]

    assert "between 0 and 1" in _in_house_form(info.value, "share", share)


@given(count=st.integers(-999, 0) | st.floats(allow_nan=False) | st.sampled_from(["2", True, False]))
def test_a_count_that_is_not_a_positive_integer_names_the_count(count: object) -> None:
    with pytest.raises(InvalidValue) as info:
        PartiallyFulfilled(need_id="N1", on=D, count=count)  # type: ignore[arg-type]

    assert "integer" in _in_house_form(info.value, "count", count)


@given(data=st.data())
def test_a_history_starting_with_another_event_names_its_kind(data: st.DataObject) -> None:
    record = start(Collected(need_id="N1", on=D))
    first = data.draw(
        lifecycle_events(
            kinds=[k for k in EventKind if k is not EventKind.COLLECTED], need_ids=st.just("N1")
        ),
        label="first",
    )

    with pytest.raises(InvalidValue) as info:
        attrs.evolve(record, history=(first, *record.history))

    # The error says what the history starts with: the first event's kind.
    assert "Collected" in _in_house_form(info.value, "history[0]", first.kind)


@given(first=_NOT_EVENTS)
def test_a_history_starting_with_something_else_than_an_event_names_it(first: object) -> None:
    record = start(Collected(need_id="N1", on=D))

    with pytest.raises(InvalidValue) as info:
        attrs.evolve(record, history=(first, *record.history))  # type: ignore[arg-type]

    assert "Collected" in _in_house_form(info.value, "history[0]", first)


@given(record=need_records(max_events=8), value=_NOT_EVENTS)
def test_a_history_holding_something_else_than_an_event_names_where(
    record: NeedRecord, value: object
) -> None:
    where = len(record.history)

    with pytest.raises(InvalidValue) as info:
        attrs.evolve(record, history=(*record.history, value))  # type: ignore[arg-type]

    assert "event" in _in_house_form(info.value, f"history[{where}]", value)


@given(record=need_records(max_events=8), other=_IDS, data=st.data())
def test_a_history_holding_another_needs_event_names_that_need(
    record: NeedRecord, other: str, data: st.DataObject
) -> None:
    if other == record.need_id:
        other += "-2"
    stray = data.draw(lifecycle_events(need_ids=st.just(other)), label="stray")
    where = len(record.history)

    with pytest.raises(InvalidValue) as info:
        attrs.evolve(record, history=(*record.history, stray))

    allowed = _in_house_form(info.value, f"history[{where}].need_id", other)
    assert repr(record.need_id) in allowed
