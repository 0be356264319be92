"""The lifecycle's checks: a record's and each event's own, and every rejection named in full.

Each names its field, the value and what is allowed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from servicegov.errors import (
    InvalidValue,
)
from servicegov.lifecycle import (
    Closed,
    Closure,
    Collected,
    FollowedUp,
    PartiallyFulfilled,
    Publicised,
    RecordStatus,
    Rejected,
    Reopened,
    Reviewed,
    Screened,
    replay,
    start,
)
from servicegov.screening import Reason, Verdict

from .lifecycle_cases import (
    C0,
    CLAIMED,
    ESCALATED,
    PUBLICISED,
    ROUTED,
    SCREENED,
    D,
    N,
    S,
    _house,
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


@pytest.mark.parametrize("events", [[], (), iter([])], ids=["list", "tuple", "iterator"])
def test_replay_of_no_events_names_what_it_needs(events: Any) -> None:
    with pytest.raises(InvalidValue) as info:
        replay(events)

    _house(info.value, "events", [], "at least one event, a Collected one first")
