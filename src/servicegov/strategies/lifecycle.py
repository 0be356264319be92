"""Strategies for :mod:`servicegov.lifecycle`: events and need records."""

from __future__ import annotations

import datetime as dt
import functools
import math
import operator
from collections.abc import Collection, Iterable
from typing import Any

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from servicegov import lifecycle as lc
from servicegov.org import Tier
from servicegov.screening import Reason, Verdict
from servicegov.strategies._common import _LC_IDS, _check_size, _check_strategy

__all__ = ["histories", "lifecycle_events", "need_records", "next_events"]


def __dir__() -> list[str]:
    return __all__


_LC_DAY = dt.timedelta(days=1)


_LC_TIERS = (Tier.GRID, Tier.PARTY_GROUP, Tier.VILLAGE, Tier.TOWN, Tier.DISTRICT)


_LC_CLOSURES = tuple(c for c in lc.Closure if c is not lc.Closure.REJECTED)


_LC_ENDINGS = frozenset({lc.EventKind.REJECTED, lc.EventKind.CLOSED})


_LC_VERDICTS = (*[Verdict.ACCEPTED] * 7, Verdict.DELIBERATION, Verdict.DELIBERATION, Verdict.REJECTED)


_LC_RESOLVED_STATES = frozenset({lc.State.RESOLVED, lc.State.FOLLOWED_UP, lc.State.REVIEWED})


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


def _next_event(
    draw: st.DrawFn, record: lc.NeedRecord, max_gap_days: int, kinds: list[lc.EventKind] | None = None
) -> lc.Event:
    kinds = _legal_kinds(record) if kinds is None else kinds
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


# ------------------------------------------------------------------ histories

# A node of the walk is a state and whether the need has a unit yet (routing
# gives it one, and only a need with a unit can be reopened).
_Node = tuple[lc.State, bool]
_STOP = st.booleans().map(operator.not_)  # shrinks towards stopping: shorter histories


def _successor(node: _Node, kind: lc.EventKind) -> _Node | None:
    state, has_unit = node
    if kind is lc.EventKind.REOPENED and not has_unit:
        return None
    # A Screened event is steered to an acceptance, which TRANSITIONS lists.
    return lc.TRANSITIONS[state][kind], has_unit or kind is lc.EventKind.ROUTED


@functools.cache
def _distances(targets: frozenset[lc.State]) -> dict[_Node, int]:
    """The fewest events from each node to a state of *targets*."""
    nodes = [(s, u) for s in lc.State for u in (False, True)]
    dist: dict[_Node, int] = {n: 0 for n in nodes if n[0] in targets}
    changed = True
    while changed:
        changed = False
        for node in nodes:
            steps = [dist[m] + 1 for k in lc.TRANSITIONS[node[0]] if (m := _successor(node, k)) in dist]
            if steps and min(steps) < dist.get(node, math.inf):
                dist[node] = min(steps)
                changed = True
    return dist


def _node(record: lc.NeedRecord) -> _Node:
    return record.state, record.current_unit is not None


@st.composite
def _histories(
    draw: st.DrawFn,
    need_ids: st.SearchStrategy[str],
    min_size: int,
    max_size: int,
    targets: frozenset[lc.State],
    max_gap_days: int,
) -> tuple[lc.Event, ...]:
    dist = _distances(targets)
    record = lc.start(
        lc.Collected(
            need_id=draw(need_ids),
            on=draw(st.dates(dt.date(2024, 1, 1), dt.date(2025, 12, 31))),
            actor=draw(st.none() | _LC_IDS),
        )
    )
    while True:
        budget = max_size - len(record.history)
        if record.state in targets and (budget == 0 or (len(record.history) >= min_size and draw(_STOP))):
            break
        node = _node(record)
        kinds = [
            k
            for k in _legal_kinds(record)
            if (m := _successor(node, k)) is not None and dist.get(m, math.inf) <= budget - 1
        ]
        if not kinds:  # only in a state of targets: nothing legal leads back in time
            break
        event = _next_event(draw, record, max_gap_days, kinds)
        after = lc.apply(record, event)
        if dist.get(_node(after), math.inf) > budget - 1 and isinstance(event, lc.Screened):
            event = attrs.evolve(event, verdict=Verdict.ACCEPTED)
            after = lc.apply(record, event)
        record = after
    return record.history


def histories(
    *,
    need_ids: st.SearchStrategy[str] | None = None,
    min_size: int = 1,
    max_size: int = 12,
    ends_in: Collection[lc.State] | None = None,
    max_gap_days: int = 3,
) -> st.SearchStrategy[tuple[lc.Event, ...]]:
    """Histories of one need, oldest event first, valid by construction: each is
    a legal walk through :data:`~servicegov.lifecycle.TRANSITIONS` from a
    :class:`~servicegov.lifecycle.Collected` event, dated in order and meeting
    every guard, so :func:`~servicegov.lifecycle.replay` accepts it, and its
    last state is one of *ends_in* (default: any state).

    Size and shape:

    * *min_size*, *max_size*: the number of events, the first included.  The
      walk is steered: it takes only events after which a state of *ends_in*
      can still be reached within *max_size*.  A history stops early, shorter
      than *min_size*, only in a state of *ends_in* from which nothing legal
      returns to one in time (a rejected need, for instance);
    * *ends_in*: the states a history may end in, e.g. ``{State.RESOLVED,
      State.CLOSED}``;
    * *max_gap_days*: the most days between two events (the objection window
      of a publicised need may add more);
    * *need_ids*: the need's id (default: short ids).

    Shrinks towards the shortest history that ends in *ends_in*.

    Raises:
        InvalidArgument: when the sizes are below 1 or out of order, *ends_in*
            is empty or not made of :class:`~servicegov.lifecycle.State`
            members, or every history that ends in it is longer than *max_size*.

    Examples:
        >>> from hypothesis import given, settings
        >>> from servicegov.lifecycle import State, replay
        >>> @settings(max_examples=10, deadline=None)
        ... @given(histories(max_size=10, ends_in={State.RESOLVED, State.REVIEWED}))
        ... def check(history):
        ...     assert replay(history).state in {State.RESOLVED, State.REVIEWED}
        >>> check()
        >>> histories(max_size=3, ends_in={State.RESOLVED})
        Traceback (most recent call last):
            ...
        hypothesis.errors.InvalidArgument: max_size=3 is too small: a history ending in 'resolved'
        takes 7 events
    """
    _check_size("min_size", min_size, "max_size", max_size, floor=1)
    _check_size("max_gap_days", max_gap_days, "max_gap_days", None)
    _check_strategy("need_ids", need_ids)
    if ends_in is None:
        targets = frozenset(lc.State)
    else:
        given: object = ends_in
        if isinstance(given, str) or not isinstance(given, Collection) or not given:
            msg = f"ends_in={ends_in!r} must be a non-empty collection of servicegov.lifecycle.State members"
            raise InvalidArgument(msg)
        if not all(type(s) is lc.State for s in ends_in):
            msg = f"ends_in={ends_in!r} must hold only servicegov.lifecycle.State members"
            raise InvalidArgument(msg)
        targets = frozenset(ends_in)
    least = _distances(targets).get((lc.State.COLLECTED, False), math.inf) + 1
    if least > max_size:
        names = ", ".join(repr(s.value) for s in sorted(targets, key=lambda s: s.value))
        msg = f"max_size={max_size} is too small: a history ending in {names} takes {least} events"
        raise InvalidArgument(msg)
    return _histories(_LC_IDS if need_ids is None else need_ids, min_size, max_size, targets, max_gap_days)
