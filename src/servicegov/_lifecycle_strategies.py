"""Hypothesis strategies for :mod:`servicegov.lifecycle`.

To be folded into :mod:`servicegov.strategies` by its owner; like it, this module
imports Hypothesis and the core package never imports it.  The strategies are
sound: every event they build is valid, every event :func:`next_events` builds is
legal in the record it is given, and every record :func:`need_records` builds is
the fold of its own history.

Examples:
    >>> from hypothesis import given, settings
    >>> from servicegov.lifecycle import replay
    >>> @settings(max_examples=5)
    ... @given(need_records(max_events=8))
    ... def check(record):
    ...     assert replay(record.history) == record
    >>> check()
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from servicegov import lifecycle as lc
from servicegov.org import Tier
from servicegov.screening import Reason, Verdict

__all__ = ["lifecycle_events", "need_records", "next_events"]


def __dir__() -> list[str]:
    return __all__


_DAY = dt.timedelta(days=1)
_TIERS = (Tier.GRID, Tier.PARTY_GROUP, Tier.VILLAGE, Tier.TOWN, Tier.DISTRICT)
_CLOSURES = tuple(c for c in lc.Closure if c is not lc.Closure.REJECTED)
_ENDINGS = frozenset({lc.EventKind.REJECTED, lc.EventKind.CLOSED})
_VERDICTS = (*[Verdict.ACCEPTED] * 7, Verdict.DELIBERATION, Verdict.DELIBERATION, Verdict.REJECTED)
_RESOLVED_STATES = frozenset({lc.State.RESOLVED, lc.State.FOLLOWED_UP, lc.State.REVIEWED})

ids = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=6)
_texts = st.text(alphabet="abcxyz 回访评价", max_size=12)
# Prefixing, not filtering, keeps every draw useful.
_words = _texts.map(lambda s: "r" + s)


def _event(
    draw: st.DrawFn, kind: lc.EventKind, need_id: str, on: dt.date, unit: str | None = None
) -> lc.Event:
    """Any valid event of *kind*, ignoring whether it is legal anywhere."""
    actor = draw(st.none() | ids)
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
        return lc.Rejected(**base, reason=draw(st.sampled_from(Reason)), note=draw(_texts))
    if kind is K.LISTED:
        return lc.Listed(**base, category=draw(st.none() | ids))
    if kind is K.PUBLICISED:
        return lc.Publicised(**base, objection_days=draw(st.integers(1, 7)))
    if kind is K.OBJECTED:
        return lc.Objected(**base, ground=draw(_texts))
    if kind is K.ROUTED:
        return lc.Routed(
            **base, unit=unit or draw(ids), tier=draw(st.sampled_from(_TIERS)), due=on + gap
        )
    if kind is K.ESCALATED:
        from_unit = unit or draw(ids)
        to_unit = draw(ids)
        return lc.Escalated(
            **base,
            from_unit=from_unit,
            to_unit=to_unit if to_unit != from_unit else to_unit + "-up",
            to_tier=draw(st.sampled_from(_TIERS)),
            why=draw(st.sampled_from(lc.EscalationReason)),
        )
    if kind is K.CLAIMED:
        return lc.Claimed(
            **base,
            claimant=draw(ids),
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
        return lc.Closed(**base, closure=draw(st.sampled_from(_CLOSURES)))
    return lc.Reopened(**base, reason=draw(_words))


@st.composite
def _any_event(
    draw: st.DrawFn,
    pool: tuple[lc.EventKind, ...],
    need_ids: st.SearchStrategy[str],
    dates: st.SearchStrategy[dt.date],
) -> lc.Event:
    return _event(draw, draw(st.sampled_from(pool)), draw(need_ids), draw(dates))


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
        InvalidArgument: when *kinds* is empty.
    """
    pool = tuple(lc.EventKind if kinds is None else kinds)
    if not pool:
        raise InvalidArgument("kinds must name at least one EventKind")
    return _any_event(
        pool,
        ids if need_ids is None else need_ids,
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
    onward = [k for k in kinds if k not in _ENDINGS] or kinds
    kind = draw(st.sampled_from(onward if draw(st.integers(0, 19)) else kinds))
    last = record.last_on
    until = record.objections_until
    gap = dt.timedelta(days=draw(st.integers(0, max_gap_days)))
    on = last + gap
    if record.state is lc.State.PUBLICISED and until is not None:
        if kind is lc.EventKind.OBJECTED:
            on = last + dt.timedelta(days=draw(st.integers(0, (until - last).days)))
        elif kind is lc.EventKind.ROUTED:
            on = until + _DAY + gap
    event = _event(draw, kind, record.need_id, on, record.current_unit)
    if isinstance(event, lc.Escalated) and record.tier is not None:
        higher = [t for t in _TIERS if not t < record.tier]
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
            verdict=draw(st.sampled_from(_VERDICTS)),
            reasons=event.reasons,
        )
    if isinstance(event, lc.Closed):
        resolved = record.state in _RESOLVED_STATES
        closures = [c for c in _CLOSURES if (c is lc.Closure.RESOLVED) == resolved]
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
    """
    if max_gap_days < 0:
        raise InvalidArgument(f"max_gap_days must be >= 0 (got {max_gap_days})")
    if not _legal_kinds(record):
        raise InvalidArgument(f"no event is legal in state {record.state.value!r}")
    return _next_event_strategy(record, max_gap_days)


@st.composite
def need_records(
    draw: st.DrawFn,
    *,
    need_ids: st.SearchStrategy[str] | None = None,
    min_events: int = 1,
    max_events: int = 20,
) -> lc.NeedRecord:
    """A record built by folding a random legal history of *min_events* to *max_events* events.

    A history stops early when nothing more is legal (a rejected need), so it may
    be shorter than *min_events*.  Shrinks towards a record with only its
    :class:`~servicegov.lifecycle.Collected` event.
    """
    if not 1 <= min_events <= max_events:
        raise InvalidArgument(
            f"need 1 <= min_events <= max_events (got {min_events}, {max_events})"
        )
    need_id = draw(ids if need_ids is None else need_ids)
    record = lc.start(
        lc.Collected(
            need_id=need_id,
            on=draw(st.dates(dt.date(2024, 1, 1), dt.date(2025, 12, 31))),
            actor=draw(st.none() | ids),
        )
    )
    for _ in range(draw(st.integers(min_events, max_events)) - 1):
        if not _legal_kinds(record):
            break
        record = lc.apply(record, _next_event(draw, record, 3))
    return record
