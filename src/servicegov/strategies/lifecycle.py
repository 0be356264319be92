"""Strategies for :mod:`servicegov.lifecycle`: events and need records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from servicegov import lifecycle as lc
from servicegov.org import (
    Tier,
)
from servicegov.screening import (
    Reason,
    Verdict,
)
from servicegov.strategies._common import _check_size, _check_strategy

__all__ = ["lifecycle_events", "need_records", "next_events"]


def __dir__() -> list[str]:
    return __all__


_LC_DAY = dt.timedelta(days=1)


_LC_TIERS = (Tier.GRID, Tier.PARTY_GROUP, Tier.VILLAGE, Tier.TOWN, Tier.DISTRICT)


_LC_CLOSURES = tuple(c for c in lc.Closure if c is not lc.Closure.REJECTED)


_LC_ENDINGS = frozenset({lc.EventKind.REJECTED, lc.EventKind.CLOSED})


_LC_VERDICTS = (*[Verdict.ACCEPTED] * 7, Verdict.DELIBERATION, Verdict.DELIBERATION, Verdict.REJECTED)


_LC_RESOLVED_STATES = frozenset({lc.State.RESOLVED, lc.State.FOLLOWED_UP, lc.State.REVIEWED})


_LC_IDS = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=6)


_LC_TEXTS = st.text(alphabet="abcxyz 回访评价", max_size=12)


# Prefixing, not filtering, keeps every draw useful.
_LC_WORDS = _LC_TEXTS.map(lambda s: "r" + s)


def _lc_event(
    draw: st.DrawFn, kind: lc.EventKind, need_id: str, on: dt.date, unit: str | None = None
) -> lc.Event:
    """Any valid event of *kind*, ignoring whether it is legal anywhere."""
    actor = draw(st.none() | _LC_IDS)
    base: dict[str, Any] = {"need_id": need_id, "on": on, "actor": actor}
    gap = dt.timedelta(days=draw(st.integers(0, 30)))
    K = lc.EventKind
    if kind is K.COLLECTED:
        return lc.Collected(**base)
    if kind is K.SCREENED:
        return lc.Screened(
            **base,
            verdict=draw(st.sampled_from(Verdict)),
            reasons=draw(st.lists(st.sampled_from(Reason), max_size=2)),
        )
    if kind is K.REJECTED:
        return lc.Rejected(**base, reason=draw(st.sampled_from(Reason)), note=draw(_LC_TEXTS))
    if kind is K.LISTED:
        return lc.Listed(**base, category=draw(st.none() | _LC_IDS))
    if kind is K.PUBLICISED:
        return lc.Publicised(**base, objection_days=draw(st.integers(1, 7)))
    if kind is K.OBJECTED:
        return lc.Objected(**base, ground=draw(_LC_TEXTS))
    if kind is K.ROUTED:
        return lc.Routed(
            **base, unit=unit or draw(_LC_IDS), tier=draw(st.sampled_from(_LC_TIERS)), due=on + gap
        )
    if kind is K.ESCALATED:
        from_unit = unit or draw(_LC_IDS)
        to_unit = draw(_LC_IDS)
        return lc.Escalated(
            **base,
            from_unit=from_unit,
            to_unit=to_unit if to_unit != from_unit else to_unit + "-up",
            to_tier=draw(st.sampled_from(_LC_TIERS)),
            why=draw(st.sampled_from(lc.EscalationReason)),
        )
    if kind is K.CLAIMED:
        return lc.Claimed(
            **base,
            claimant=draw(_LC_IDS),
            claim_kind=draw(st.sampled_from(["personal", "collective"])),
            due=draw(st.none() | st.just(on + gap)),
        )
    if kind is K.STARTED:
        return lc.Started(**base)
    if kind is K.PARTIALLY_FULFILLED:
        if draw(st.booleans()):
            share = draw(st.floats(0, 1, exclude_min=True, exclude_max=True))
            return lc.PartiallyFulfilled(**base, share=share)
        return lc.PartiallyFulfilled(**base, count=draw(st.integers(1, 500)))
    if kind is K.RESOLVED:
        return lc.Resolved(**base)
    if kind is K.FOLLOWED_UP:
        return lc.FollowedUp(**base, satisfied=draw(st.none() | st.booleans()))
    if kind is K.REVIEWED:
        return lc.Reviewed(
            **base,
            channel=draw(st.sampled_from(["residents", "organisation", "home-unit"])),
            score=draw(st.floats(0, 100) | st.integers(0, 100)),
        )
    if kind is K.CLOSED:
        return lc.Closed(**base, closure=draw(st.sampled_from(_LC_CLOSURES)))
    return lc.Reopened(**base, reason=draw(_LC_WORDS))


@st.composite
def _lc_any_event(
    draw: st.DrawFn,
    pool: tuple[lc.EventKind, ...],
    need_ids: st.SearchStrategy[str],
    dates: st.SearchStrategy[dt.date],
) -> lc.Event:
    return _lc_event(draw, draw(st.sampled_from(pool)), draw(need_ids), draw(dates))


def lifecycle_events(
    *,
    kinds: Iterable[lc.EventKind] | None = None,
    need_ids: st.SearchStrategy[str] | None = None,
    dates: st.SearchStrategy[dt.date] | None = None,
) -> st.SearchStrategy[lc.Event]:
    """Any valid event of one of *kinds* (all, by default); not necessarily legal anywhere.

    Args:
        kinds: the kinds to draw from.
        need_ids: the need ids, by default short upper-case ids.
        dates: the dates, by default any in 2024-2026.

    Raises:
        InvalidArgument: when *kinds* is empty or names something else than an
            :class:`~servicegov.lifecycle.EventKind`, or *need_ids* or *dates* is
            not a strategy.

    Examples:
        >>> from hypothesis import given, settings
        >>> from servicegov.lifecycle import EventKind, Publicised
        >>> @settings(max_examples=5, deadline=None)
        ... @given(lifecycle_events(kinds=[EventKind.PUBLICISED]))
        ... def check(event):
        ...     assert isinstance(event, Publicised) and event.objection_days >= 1
        >>> check()
    """
    pool = tuple(lc.EventKind if kinds is None else kinds)
    if not pool or not all(isinstance(k, lc.EventKind) for k in pool):
        msg = f"kinds={kinds!r} must name at least one servicegov.lifecycle.EventKind"
        raise InvalidArgument(msg)
    _check_strategy("need_ids", need_ids)
    _check_strategy("dates", dates)
    return _lc_any_event(
        pool,
        _LC_IDS if need_ids is None else need_ids,
        st.dates(dt.date(2024, 1, 1), dt.date(2026, 12, 31)) if dates is None else dates,
    )


def _legal_kinds(record: lc.NeedRecord) -> list[lc.EventKind]:
    return [
        k
        for k in lc.allowed_events(record.state)
        if not (k is lc.EventKind.REOPENED and record.current_unit is None)
    ]


def _next_event(draw: st.DrawFn, record: lc.NeedRecord, max_gap_days: int) -> lc.Event:
    kinds = _legal_kinds(record)
    # Uniform choices end most histories at their first step (two of the three
    # events legal after collection close the record), so prefer moving on.
    onward = [k for k in kinds if k not in _LC_ENDINGS] or kinds
    kind = draw(st.sampled_from(onward if draw(st.integers(0, 19)) else kinds))
    last = record.last_on
    until = record.objections_until
    gap = dt.timedelta(days=draw(st.integers(0, max_gap_days)))
    on = last + gap
    if record.state is lc.State.PUBLICISED and until is not None:
        if kind is lc.EventKind.OBJECTED:
            on = last + dt.timedelta(days=draw(st.integers(0, (until - last).days)))
        elif kind is lc.EventKind.ROUTED:
            on = until + _LC_DAY + gap
    event = _lc_event(draw, kind, record.need_id, on, record.current_unit)
    if isinstance(event, lc.Escalated) and record.tier is not None:
        higher = [t for t in _LC_TIERS if not t < record.tier]
        return lc.Escalated(
            need_id=event.need_id,
            on=event.on,
            actor=event.actor,
            from_unit=event.from_unit,
            to_unit=event.to_unit,
            to_tier=draw(st.sampled_from(higher)),
            why=event.why,
        )
    if isinstance(event, lc.Screened):
        return lc.Screened(
            need_id=event.need_id,
            on=event.on,
            actor=event.actor,
            verdict=draw(st.sampled_from(_LC_VERDICTS)),
            reasons=event.reasons,
        )
    if isinstance(event, lc.Closed):
        resolved = record.state in _LC_RESOLVED_STATES
        closures = [c for c in _LC_CLOSURES if (c is lc.Closure.RESOLVED) == resolved]
        return lc.Closed(
            need_id=event.need_id,
            on=event.on,
            actor=event.actor,
            closure=draw(st.sampled_from(closures)),
        )
    return event


_next_event_strategy = st.composite(_next_event)


def next_events(record: lc.NeedRecord, *, max_gap_days: int = 3) -> st.SearchStrategy[lc.Event]:
    """An event legal in *record*: allowed in its state, dated in order, meeting every guard.

    Args:
        record: the record to extend; it must allow some event (not ``rejected``).
        max_gap_days: the most days between the last event and the new one.

    Raises:
        InvalidArgument: when nothing is legal in *record*, or *max_gap_days* < 0.

    Examples:
        >>> import datetime as dt
        >>> from hypothesis import given, settings
        >>> from servicegov.lifecycle import Collected, apply, start
        >>> record = start(Collected(need_id="N1", on=dt.date(2025, 3, 1)))
        >>> @settings(max_examples=5, deadline=None)
        ... @given(next_events(record))
        ... def check(event):
        ...     assert apply(record, event).history[-1] == event
        >>> check()
    """
    if not isinstance(record, lc.NeedRecord):
        msg = f"record={record!r} must be a servicegov.lifecycle.NeedRecord"
        raise InvalidArgument(msg)
    _check_size("max_gap_days", max_gap_days, "max_gap_days", None)
    if not _legal_kinds(record):
        msg = f"no event is legal in state {record.state.value!r}"
        raise InvalidArgument(msg)
    return _next_event_strategy(record, max_gap_days)


@st.composite
def _need_records(
    draw: st.DrawFn, need_ids: st.SearchStrategy[str], min_events: int, max_events: int
) -> lc.NeedRecord:
    record = lc.start(
        lc.Collected(
            need_id=draw(need_ids),
            on=draw(st.dates(dt.date(2024, 1, 1), dt.date(2025, 12, 31))),
            actor=draw(st.none() | _LC_IDS),
        )
    )
    for _ in range(draw(st.integers(min_events, max_events)) - 1):
        if not _legal_kinds(record):
            break
        record = lc.apply(record, _next_event(draw, record, 3))
    return record


def need_records(
    *,
    need_ids: st.SearchStrategy[str] | None = None,
    min_events: int = 1,
    max_events: int = 20,
) -> st.SearchStrategy[lc.NeedRecord]:
    """Records built by folding a random legal history of *min_events* to *max_events*
    events, so that ``replay(record.history) == record``.

    A history stops early when nothing more is legal (a rejected need), so it may
    be shorter than *min_events*.  Shrinks towards a record with only its
    :class:`~servicegov.lifecycle.Collected` event.

    Raises:
        InvalidArgument: when the sizes are below 1 or out of order, or *need_ids*
            is not a strategy.

    Examples:
        >>> from hypothesis import given, settings
        >>> from servicegov.lifecycle import replay
        >>> @settings(max_examples=5, deadline=None)
        ... @given(need_records(max_events=8))
        ... def check(record):
        ...     assert replay(record.history) == record
        >>> check()
    """
    _check_size("min_events", min_events, "max_events", max_events, floor=1)
    _check_strategy("need_ids", need_ids)
    return _need_records(_LC_IDS if need_ids is None else need_ids, min_events, max_events)
