"""The lifecycle's checks: a record's and each event's own, and every rejection named in full.

Each names its field, the value and what is allowed.
"""

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
    ServicegovError,
    UnknownReference,
)
from servicegov.lifecycle import (
    Claimed,
    Closed,
    Closure,
    Collected,
    Event,
    EventKind,
    FollowedUp,
    NeedRecord,
    PartiallyFulfilled,
    Publicised,
    RecordStatus,
    Rejected,
    Reopened,
    Reviewed,
    Routed,
    Screened,
    allowed_events,
    apply,
    replay,
    replay_all,
    start,
)
from servicegov.screening import Reason, Verdict
from servicegov.strategies import lifecycle_events, need_records

from .lifecycle_cases import (
    C0,
    CLAIMED,
    ESCALATED,
    PUBLICISED,
    ROUTED,
    SCREENED,
    D,
    K,
    N,
    S,
    record_in,
)

# -- the record's own checks -------------------------------------------------


def test_a_record_checks_its_status_against_its_state() -> None:
    r = record_in(S.CLOSED)

    with pytest.raises(InvalidValue) as info:
        attrs.evolve(r, status=RecordStatus.OPEN)
    assert "'status' must be 'closed' in state 'closed' (got 'open')" == str(info.value)
    with pytest.raises(InvalidValue, match="'status' must be 'open' in state 'routed'"):
        attrs.evolve(record_in(S.ROUTED), status=RecordStatus.CLOSED)
    with pytest.raises(InvalidValue, match="'closure' must be set exactly when closed"):
        attrs.evolve(r, closure=None)
    with pytest.raises(InvalidValue, match="'closure' must be set exactly when closed"):
        attrs.evolve(record_in(S.ROUTED), closure=Closure.DUPLICATE)


def test_a_record_checks_its_history() -> None:
    r = start(C0)

    with pytest.raises(
        InvalidValue, match=r"'history\[0\]' must be a Collected event \(got None\)"
    ):
        attrs.evolve(r, history=())
    with pytest.raises(InvalidValue, match=r"'history\[0\]' must be a Collected event"):
        attrs.evolve(r, history=(SCREENED,))
    with pytest.raises(InvalidValue, match=r"'history\[1\]' must be a lifecycle event"):
        attrs.evolve(r, history=(C0, "x"))  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match=r"'history\[1\].need_id' must be 'N1'"):
        attrs.evolve(r, history=(C0, attrs.evolve(SCREENED, need_id="N2")))
    assert isinstance(attrs.evolve(r, history=[C0]).history, tuple)


# -- the events' own checks --------------------------------------------------


def test_dates_must_be_plain_dates() -> None:
    with pytest.raises(InvalidValue, match=r"'on' must be a datetime\.date"):
        Collected(need_id=N, on=dt.datetime(2025, 3, 1, 9, 0))
    with pytest.raises(InvalidValue, match=r"'on' must be a datetime\.date"):
        Collected(need_id=N, on="2025-03-01")  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["", " N1", "N1 ", 7, None])
def test_ids_must_be_non_empty_and_trimmed(bad: object) -> None:
    with pytest.raises(InvalidValue, match="'need_id' must be a non-empty id"):
        Collected(need_id=bad, on=D(2025, 3, 1))  # type: ignore[arg-type]


def test_actor_is_optional_but_not_blank() -> None:
    assert Collected(need_id=N, on=D(2025, 3, 1)).actor is None
    with pytest.raises(InvalidValue, match="'actor'"):
        Collected(need_id=N, on=D(2025, 3, 1), actor="")


def test_due_dates_may_not_come_before_the_event() -> None:
    assert D(2025, 3, 8) == attrs.evolve(ROUTED, due=D(2025, 3, 8)).due
    with pytest.raises(InvalidValue) as info:
        attrs.evolve(ROUTED, due=D(2025, 3, 7))
    assert "'due' must be on or after 'on' (2025-03-08) (got 2025-03-07)" == str(info.value)
    with pytest.raises(InvalidValue, match="'due' must be on or after 'on'"):
        attrs.evolve(CLAIMED, due=D(2025, 3, 9))
    assert D(2025, 3, 10) == attrs.evolve(CLAIMED, due=D(2025, 3, 10)).due


@pytest.mark.parametrize("days", [0, -1, True, 2.0])
def test_the_objection_window_is_at_least_a_day(days: object) -> None:
    with pytest.raises(InvalidValue, match="'objection_days' must be an integer >= 1"):
        Publicised(need_id=N, on=D(2025, 3, 3), objection_days=days)  # type: ignore[arg-type]


def test_the_objection_window_defaults_to_five_days() -> None:
    assert 5 == PUBLICISED.objection_days
    assert D(2025, 3, 7) == PUBLICISED.objections_until
    assert D(2025, 3, 3) == attrs.evolve(PUBLICISED, objection_days=1).objections_until


@pytest.mark.parametrize("share", [1e-9, 0.5, 0.999999])
def test_a_share_lies_strictly_between_0_and_1(share: float) -> None:
    assert share == PartiallyFulfilled(need_id=N, on=D(2025, 3, 1), share=share).share


@pytest.mark.parametrize("share", [0, 0.0, 1, 1.0, -0.5, 1.5, True, "0.5", float("nan")])
def test_a_share_outside_0_1_is_refused(share: object) -> None:
    with pytest.raises(InvalidValue, match="'share' must be a number strictly between 0 and 1"):
        PartiallyFulfilled(need_id=N, on=D(2025, 3, 1), share=share)  # type: ignore[arg-type]


def test_a_count_is_at_least_one() -> None:
    assert 1 == PartiallyFulfilled(need_id=N, on=D(2025, 3, 1), count=1).count
    for bad in (0, -3, True, 1.0):
        with pytest.raises(InvalidValue, match="'count' must be an integer >= 1"):
            PartiallyFulfilled(need_id=N, on=D(2025, 3, 1), count=bad)  # type: ignore[arg-type]


def test_a_partial_fulfilment_has_a_share_or_a_count_not_both() -> None:
    with pytest.raises(InvalidValue, match="'share' must be given, or 'count', but not both"):
        PartiallyFulfilled(need_id=N, on=D(2025, 3, 1), share=0.5, count=2)
    with pytest.raises(InvalidValue, match="'share' must be given, or 'count', but not both"):
        PartiallyFulfilled(need_id=N, on=D(2025, 3, 1))


@pytest.mark.parametrize("score", [float("nan"), float("inf"), True, "90", None])
def test_a_score_is_a_finite_number(score: object) -> None:
    with pytest.raises(InvalidValue, match="'score' must be a finite number"):
        Reviewed(need_id=N, on=D(2025, 3, 1), channel="residents", score=score)  # type: ignore[arg-type]


def test_reviews_and_follow_ups_check_their_fields() -> None:
    assert 0 == Reviewed(need_id=N, on=D(2025, 3, 1), channel="residents", score=0).score
    with pytest.raises(InvalidValue, match="'channel' must be a non-empty string"):
        Reviewed(need_id=N, on=D(2025, 3, 1), channel=" ", score=1)
    with pytest.raises(InvalidValue, match="'satisfied' must be true, false or None"):
        FollowedUp(need_id=N, on=D(2025, 3, 1), satisfied=1)  # type: ignore[arg-type]
    assert FollowedUp(need_id=N, on=D(2025, 3, 1)).satisfied is None


def test_closing_as_rejected_is_refused() -> None:
    with pytest.raises(InvalidValue) as info:
        Closed(need_id=N, on=D(2025, 3, 1), closure=Closure.REJECTED)

    assert "closure" == info.value.field
    # A member's value string is told to pass the member, never listed as allowed.
    with pytest.raises(InvalidValue, match=r"'closure' must be Closure\.RESOLVED, the member, not"):
        Closed(need_id=N, on=D(2025, 3, 1), closure="resolved")  # type: ignore[arg-type]


def test_enum_fields_take_members_only() -> None:
    with pytest.raises(InvalidValue, match=r"'verdict' must be Verdict\.ACCEPTED, the member, not"):
        Screened(need_id=N, on=D(2025, 3, 1), verdict="accepted")  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match="'verdict' must be a Verdict: one of 'accepted'"):
        Screened(need_id=N, on=D(2025, 3, 1), verdict="approved")  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match=r"'reasons\[1\]' must be Reason\.EXCESSIVE, the member"):
        Screened(
            need_id=N,
            on=D(2025, 3, 1),
            verdict=Verdict.REJECTED,
            reasons=[Reason.DUPLICATE, "excessive"],  # type: ignore[list-item]
        )
    with pytest.raises(InvalidValue, match=r"'tier' must be Tier\.VILLAGE, the member"):
        attrs.evolve(ROUTED, tier="village")  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match=r"'why' must be EscalationReason\.NO_CAPACITY, the member"):
        attrs.evolve(ESCALATED, why="no-capacity")  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match=r"'reason' must be Reason\.EXCESSIVE, the member"):
        Rejected(need_id=N, on=D(2025, 3, 1), reason="excessive")  # type: ignore[arg-type]


def test_escalation_goes_to_another_unit() -> None:
    with pytest.raises(InvalidValue, match="'to_unit' must be another unit than 'from_unit'"):
        attrs.evolve(ESCALATED, to_unit="V1")


def test_claims_and_reopenings_say_what_and_why() -> None:
    with pytest.raises(InvalidValue, match="'claim_kind' must be a non-empty string"):
        attrs.evolve(CLAIMED, claim_kind="")
    with pytest.raises(InvalidValue, match="'reason' must be a non-empty string"):
        Reopened(need_id=N, on=D(2025, 3, 1), reason="  ")


def test_events_are_frozen_values() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        C0.on = D(2025, 1, 1)  # type: ignore[misc]
    assert C0 == Collected(need_id=N, on=D(2025, 3, 1), actor="grid-7")
    assert hash(C0) == hash(Collected(need_id=N, on=D(2025, 3, 1), actor="grid-7"))


# -- every rejection names its field, the value and what is allowed ----------

_DATE_FIELDS: dict[type[Event], tuple[str, ...]] = {Routed: ("on", "due"), Claimed: ("on", "due")}
_RECORD_DATES = ("opened_on", "closed_on", "due", "objections_until")
_NOT_A_DATETIME = "a datetime.date (not a datetime)"
# Values that are not events; short, so that none looks like personal data and is masked.
_NOT_EVENTS = (
    st.booleans()
    | st.integers(-999, 999)
    | st.text(alphabet="abcxyz-", max_size=8)
    | st.just(EventKind.COLLECTED)
)


def _names(err: ServicegovError, field: str, value: object, allowed: str) -> None:
    """*err* keeps the field, the value and what is allowed."""
    assert (field, value, allowed) == (err.field, err.value, err.allowed)


def _house(err: ServicegovError, field: str, value: object, allowed: str) -> None:
    """*err* names them in the house message ``'<field>' must be <allowed> (got <value>)``."""
    _names(err, field, value, allowed)
    assert str(InvalidValue.for_field(field, value, allowed)) == str(err)


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


@pytest.mark.parametrize("score", [float("inf"), float("-inf"), True, False, "90", None])
def test_a_score_that_is_not_a_finite_number_is_named(score: object) -> None:
    with pytest.raises(InvalidValue) as info:
        Reviewed(need_id=N, on=D(2025, 3, 1), channel="residents", score=score)  # type: ignore[arg-type]

    _house(info.value, "score", score, "a finite number")


def test_closing_as_rejected_is_refused_saying_what_to_record_instead() -> None:
    with pytest.raises(InvalidValue) as info:
        Closed(need_id=N, on=D(2025, 3, 1), closure=Closure.REJECTED)

    _house(
        info.value,
        "closure",
        "rejected",
        "a closure other than 'rejected' (record a Rejected event)",
    )


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


@pytest.mark.parametrize("events", [[], (), iter([])], ids=["list", "tuple", "iterator"])
def test_replay_of_no_events_names_what_it_needs(events: Any) -> None:
    with pytest.raises(InvalidValue) as info:
        replay(events)

    _house(info.value, "events", [], "at least one event, a Collected one first")


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
