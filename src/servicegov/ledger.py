"""The responsibility ledger (责任台账): who held each need, until when, and who is late.

A need passes from holder to holder: a unit it was routed to, a unit it was
passed up to (上报), a claimant (认领).  Each stay is a :class:`Span`: the holder,
the day it received the need, its *own* due date, the day it let go and how it
let go (:class:`Left`).  :func:`spans` reads them off one need's lifecycle
events; :func:`ledger` does so for many needs.

The breach rule follows the published time limits (明确办事时限): a tier that
does not act within its limit passes the need up, and the lateness is that
tier's.  A breach is charged to whoever held the need when *its own* deadline
passed, never to the receiver of an escalation, which gets a fresh deadline of
its own when it routes the need on or a claimant takes it.  Precisely, a span
with a due date is breached when it was left after the due date (leaving on
the due day is in time) or is still open on an as-of date after it; a span
without a due date never breaches.  So an escalation because the deadline passed
is charged to the unit it came from, and an overdue open need to its current
holder.

:meth:`Ledger.case_mix` compares holders fairly when some take harder needs
than others: indirect standardisation, as for hospital standardised mortality
ratios, gives each holder its expected breaches from the district-wide breach
rate of each stratum (e.g. ``"category|priority-band"``) and the ratio of
observed to expected breaches.

Examples:
    >>> import datetime as dt
    >>> from servicegov.lifecycle import (Collected, Escalated, EscalationReason, Listed,
    ...                                   Publicised, Routed, Screened)
    >>> from servicegov.org import Tier
    >>> from servicegov.screening import Verdict
    >>> d = dt.date
    >>> history = [
    ...     Collected(need_id="N1", on=d(2025, 3, 1)),
    ...     Screened(need_id="N1", on=d(2025, 3, 3), verdict=Verdict.ACCEPTED),
    ...     Listed(need_id="N1", on=d(2025, 3, 4)),
    ...     Publicised(need_id="N1", on=d(2025, 3, 5)),
    ...     Routed(need_id="N1", on=d(2025, 3, 10), unit="V1", tier=Tier.VILLAGE,
    ...            due=d(2025, 3, 20)),
    ...     Escalated(need_id="N1", on=d(2025, 3, 21), from_unit="V1", to_unit="T1",
    ...               to_tier=Tier.TOWN, why=EscalationReason.DEADLINE_PASSED)]
    >>> [(s.holder, s.due, s.left, s.how.value) for s in spans(history, as_of=d(2025, 3, 25))]
    [('V1', datetime.date(2025, 3, 20), datetime.date(2025, 3, 21), 'passed-up'),
     ('T1', None, None, 'open')]
    >>> ledger([history], as_of=d(2025, 3, 25)).breaches()
    {'V1': ('N1',)}
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from servicegov._arguments import checked
from servicegov._enum import LabelledEnum
from servicegov._numbers import is_real
from servicegov._types import Id
from servicegov._validators import enum_member, identifier, plain_date
from servicegov.errors import DuplicateId, InvalidValue, UnknownReference
from servicegov.lifecycle import (
    Claimed,
    Closed,
    Escalated,
    EscalationReason,
    Event,
    Reopened,
    Resolved,
    Routed,
    replay,
)
from servicegov.needs import Need
from servicegov.org import Tier

__all__ = [
    "CaseMix",
    "HolderKind",
    "Ledger",
    "Left",
    "Span",
    "breaches",
    "ledger",
    "priority_band",
    "spans",
    "strata",
]


def __dir__() -> list[str]:
    return __all__


class Left(LabelledEnum):
    """How a holder let go of a need: how a :class:`Span` ended."""

    RESOLVED = ("resolved", "办结", "resolved")
    PASSED_UP = ("passed-up", "上报", "passed up")
    CLAIMED = ("claimed", "交认领人办理", "handed to a claimant")
    REROUTED = ("rerouted", "重新交办", "routed again")
    CLOSED = ("closed", "关闭", "closed")
    OPEN = ("open", "仍在办理", "still held")


class HolderKind(LabelledEnum):
    """Who holds a need: a unit it was routed or passed up to, or a claimant."""

    UNIT = ("unit", "单位", "unit")
    CLAIMANT = ("claimant", "认领人", "claimant")


def _as_of(value: object, field: str = "as_of") -> dt.date:
    if type(value) is not dt.date:
        raise InvalidValue.for_field(field, value, "a datetime.date (not a datetime)")
    return value


def _day(field: str) -> Any:
    return plain_date("a datetime.date (not a datetime)", field=field)


def _optional(check: Any) -> Any:
    return attrs.validators.optional(check)


@attrs.frozen(kw_only=True)
class Span:
    """One holder's stay with one need.

    Attributes:
        need_id: the need.
        holder: the id of the unit or claimant.
        holder_kind: a unit or a claimant.
        tier: the unit's tier; for a claimant, the tier of the unit it claimed from.
        received: the day the holder received the need.
        due: the holder's own deadline; ``None`` while a unit waits to route a need
            passed up to it (or reopened), and for a claimant of such a unit that
            promised no date.
        left: the day the holder let go; ``None`` while it still holds the need.
        how: how the span ended, :attr:`Left.OPEN` while it is still held.
        why: why the need was passed up, for :attr:`Left.PASSED_UP`; else ``None``.

    Examples:
        >>> import datetime as dt
        >>> s = Span(need_id="N1", holder="V1", holder_kind=HolderKind.UNIT, tier=Tier.VILLAGE,
        ...          received=dt.date(2025, 3, 10), due=dt.date(2025, 3, 20), left=None,
        ...          how=Left.OPEN)
        >>> s.is_open, s.breached(dt.date(2025, 3, 20)), s.breached(dt.date(2025, 3, 21))
        (True, False, True)
        >>> Span(need_id="N1", holder="V1", holder_kind=HolderKind.UNIT, tier=Tier.VILLAGE,
        ...      received=dt.date(2025, 3, 10), due=None, left=dt.date(2025, 3, 12),
        ...      how=Left.OPEN)
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'left' must be None exactly when 'how' is 'open'
        (got datetime.date(2025, 3, 12))
    """

    need_id: Id = attrs.field(validator=identifier())
    holder: Id = attrs.field(validator=identifier())
    holder_kind: HolderKind = attrs.field(validator=enum_member(HolderKind))
    tier: Tier | None = attrs.field(validator=_optional(enum_member(Tier)))
    received: dt.date = attrs.field(validator=_day("received"))
    due: dt.date | None = attrs.field(default=None, validator=_optional(_day("due")))
    left: dt.date | None = attrs.field(default=None, validator=_optional(_day("left")))
    how: Left = attrs.field(default=Left.OPEN, validator=enum_member(Left))
    why: EscalationReason | None = attrs.field(
        default=None, validator=_optional(enum_member(EscalationReason))
    )

    def __attrs_post_init__(self) -> None:
        if (self.left is None) != (self.how is Left.OPEN):
            raise InvalidValue.for_field("left", self.left, "None exactly when 'how' is 'open'")
        if self.left is not None and self.left < self.received:
            raise InvalidValue.for_field("left", self.left, f"on or after 'received' ({self.received})")
        if (self.why is not None) != (self.how is Left.PASSED_UP):
            raise InvalidValue.for_field("why", self.why, "given exactly when 'how' is 'passed-up'")

    @property
    def is_open(self) -> bool:
        """Whether the holder still holds the need."""
        return self.how is Left.OPEN

    @checked
    def breached(self, as_of: dt.date) -> bool:
        """Whether the holder missed its own deadline, as known on *as_of*.

        Breached when the span has a due date and was left after it, or is still
        open on an *as_of* after it.  Leaving on the due day is in time; a span
        without a due date never breaches.

        Raises:
            InvalidValue: naming ``as_of`` when it is not a plain date.

        Examples:
            >>> import datetime as dt
            >>> s = Span(need_id="N1", holder="V1", holder_kind=HolderKind.UNIT,
            ...          tier=Tier.VILLAGE, received=dt.date(2025, 3, 10),
            ...          due=dt.date(2025, 3, 20), left=dt.date(2025, 3, 20), how=Left.RESOLVED)
            >>> s.breached(dt.date(2025, 6, 1))
            False
            >>> attrs.evolve(s, left=dt.date(2025, 3, 21)).breached(dt.date(2025, 6, 1))
            True
        """
        _as_of(as_of)
        if self.due is None:
            return False
        end = as_of if self.left is None else self.left
        return end > self.due


# -- folding one need's history ---------------------------------------------------


def _check_dates(events: Sequence[Event], as_of: dt.date) -> None:
    for i, event in enumerate(events):
        if event.on > as_of:
            raise InvalidValue.for_field(f"events[{i}].on", event.on, f"on or before as_of ({as_of})")


@checked
def spans(events: Iterable[Event], *, as_of: dt.date) -> tuple[Span, ...]:
    """The spans of one need, in order, from its history (oldest event first).

    The history is first checked with :func:`servicegov.lifecycle.replay`, so an
    illegal one raises the lifecycle's own error.  Then:

    * :class:`~servicegov.lifecycle.Routed` opens a unit span with its due date,
      closing the open span, if any, as :attr:`Left.REROUTED`;
    * :class:`~servicegov.lifecycle.Escalated` closes the open span as
      :attr:`Left.PASSED_UP` (with ``why``) and opens one for ``to_unit`` at
      ``to_tier`` without a due date;
    * :class:`~servicegov.lifecycle.Claimed` closes the unit span as
      :attr:`Left.CLAIMED` and opens a claimant span, due on the claim's date or
      else the unit's;
    * :class:`~servicegov.lifecycle.Resolved` closes the open span as
      :attr:`Left.RESOLVED`, :class:`~servicegov.lifecycle.Closed` as :attr:`Left.CLOSED`;
    * :class:`~servicegov.lifecycle.Reopened` opens a span for the unit that last
      held the need, without a due date;
    * every other event changes nothing.

    A span still open at the end is :attr:`Left.OPEN`.  A claim that lapses
    (escalated from the claimed state) ends the claimant's span, so a late
    claimant, not the unit, is charged.

    Raises:
        InvalidValue: naming ``as_of`` when it is not a plain date, ``events[i].on``
            when an event is dated after *as_of*, or as ``replay`` does.
        UnknownReference, IllegalTransition: as ``replay`` does.

    Examples:
        >>> import datetime as dt
        >>> from servicegov.lifecycle import (Claimed, Collected, Listed, Publicised, Resolved,
        ...                                   Routed, Screened, Started)
        >>> from servicegov.screening import Verdict
        >>> d = dt.date
        >>> history = [
        ...     Collected(need_id="N2", on=d(2025, 3, 1)),
        ...     Screened(need_id="N2", on=d(2025, 3, 3), verdict=Verdict.ACCEPTED),
        ...     Listed(need_id="N2", on=d(2025, 3, 4)),
        ...     Publicised(need_id="N2", on=d(2025, 3, 5)),
        ...     Routed(need_id="N2", on=d(2025, 3, 10), unit="V1", tier=Tier.VILLAGE,
        ...            due=d(2025, 3, 20)),
        ...     Claimed(need_id="N2", on=d(2025, 3, 11), claimant="cadre-5",
        ...             claim_kind="personal", due=d(2025, 3, 31)),
        ...     Started(need_id="N2", on=d(2025, 3, 12)),
        ...     Resolved(need_id="N2", on=d(2025, 4, 2))]
        >>> [(s.holder, s.holder_kind.value, s.due, s.how.value)
        ...  for s in spans(history, as_of=d(2025, 4, 30))]
        [('V1', 'unit', datetime.date(2025, 3, 20), 'claimed'),
         ('cadre-5', 'claimant', datetime.date(2025, 3, 31), 'resolved')]
        >>> spans(history, as_of=d(2025, 4, 1))
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'events[7].on' must be on or before as_of (2025-04-01)
        (got datetime.date(2025, 4, 2))
    """
    _as_of(as_of)
    history = replay(events).history
    _check_dates(history, as_of)

    done: list[Span] = []
    current: dict[str, Any] | None = None  # the fields of the open span
    unit: str | None = None
    tier: Tier | None = None

    def close(on: dt.date, how: Left, why: EscalationReason | None = None) -> None:
        nonlocal current
        if current is not None:
            done.append(Span(**current, left=on, how=how, why=why))
            current = None

    # A routing or an escalation always comes before a reopening, so *unit* is set.
    def open_unit(on: dt.date, due: dt.date | None) -> dict[str, Any]:
        return {
            "need_id": history[0].need_id,
            "holder": unit,
            "holder_kind": HolderKind.UNIT,
            "tier": tier,
            "received": on,
            "due": due,
        }

    for event in history:
        match event:
            case Routed():
                close(event.on, Left.REROUTED)
                unit, tier = event.unit, event.tier
                current = open_unit(event.on, event.due)
            case Escalated():
                close(event.on, Left.PASSED_UP, event.why)
                unit, tier = event.to_unit, event.to_tier
                current = open_unit(event.on, None)
            case Claimed():
                due = event.due
                if current is not None:
                    due = due if due is not None else current["due"]
                close(event.on, Left.CLAIMED)
                current = {
                    "need_id": event.need_id,
                    "holder": event.claimant,
                    "holder_kind": HolderKind.CLAIMANT,
                    "tier": tier,
                    "received": event.on,
                    "due": due,
                }
            case Resolved():
                close(event.on, Left.RESOLVED)
            case Closed():
                close(event.on, Left.CLOSED)
            case Reopened():
                current = open_unit(event.on, None)
            case _:
                pass
    if current is not None:
        done.append(Span(**current))
    return tuple(done)


def _charges(items: Iterable[Span], as_of: dt.date) -> dict[str, tuple[str, ...]]:
    found: dict[str, set[str]] = defaultdict(set)
    for s in items:
        if s.breached(as_of):
            found[s.holder].add(s.need_id)
    return {holder: tuple(sorted(found[holder])) for holder in sorted(found)}


def _span_tuple(value: Iterable[Span], field: str = "spans") -> tuple[Span, ...]:
    out = tuple(value)
    for i, s in enumerate(out):
        if not isinstance(s, Span):
            raise InvalidValue.for_field(f"{field}[{i}]", s, "a Span")
    return out


@checked
def breaches(spans: Iterable[Span], *, as_of: dt.date) -> dict[str, tuple[str, ...]]:
    """Each holder that breached, with the needs it breached: holders and needs sorted.

    A need counts once per holder, however many of its spans the holder breached.

    Raises:
        InvalidValue: naming ``as_of`` when it is not a plain date, or ``spans[i]``
            when an item is not a :class:`Span`.

    Examples:
        >>> import datetime as dt
        >>> late = Span(need_id="N2", holder="V1", holder_kind=HolderKind.UNIT, tier=Tier.VILLAGE,
        ...             received=dt.date(2025, 3, 1), due=dt.date(2025, 3, 5))
        >>> breaches([late, attrs.evolve(late, need_id="N1")], as_of=dt.date(2025, 3, 6))
        {'V1': ('N1', 'N2')}
        >>> breaches([late], as_of=dt.date(2025, 3, 5))
        {}
    """
    _as_of(as_of)
    return _charges(_span_tuple(spans), as_of)


# -- case mix ---------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class CaseMix:
    """One holder's breaches against those expected from the needs it held.

    Attributes:
        spans: the holder's spans with a due date (only those can breach).
        breaches: how many of them were breached (observed).
        expected: the breaches expected at the district-wide rate of each stratum.
        ratio: observed / expected; ``None`` when nothing was expected.
        by_stratum: ``(stratum, spans, breaches)`` for each stratum the holder
            held a span with a due date in, strata sorted.

    Examples:
        >>> CaseMix(spans=4, breaches=3, expected=2.0, ratio=1.5,
        ...         by_stratum=(("roads|high", 4, 3),)).ratio
        1.5
    """

    spans: int
    breaches: int
    expected: float
    ratio: float | None
    by_stratum: tuple[tuple[str, int, int], ...] = ()


@attrs.frozen(kw_only=True)
class Ledger:
    """The spans of many needs, as known on one date.

    Build one with :func:`ledger`.

    Attributes:
        spans: the spans, need by need, each need's in order.
        as_of: the date the ledger describes; open spans are judged on it.

    Examples:
        >>> import datetime as dt
        >>> s = Span(need_id="N1", holder="V1", holder_kind=HolderKind.UNIT, tier=Tier.VILLAGE,
        ...          received=dt.date(2025, 3, 1), due=dt.date(2025, 3, 5))
        >>> book = Ledger(spans=(s,), as_of=dt.date(2025, 3, 9))
        >>> book.breaches(), list(book.by_holder())
        ({'V1': ('N1',)}, ['V1'])
    """

    spans: tuple[Span, ...] = attrs.field(converter=_span_tuple)
    as_of: dt.date = attrs.field(validator=_day("as_of"))

    def by_holder(self) -> dict[str, tuple[Span, ...]]:
        """Each holder's spans, holders sorted, spans in ledger order.

        Examples:
            >>> import datetime as dt
            >>> s = Span(need_id="N1", holder="V2", holder_kind=HolderKind.UNIT,
            ...          tier=Tier.VILLAGE, received=dt.date(2025, 3, 1))
            >>> book = Ledger(spans=(s, attrs.evolve(s, holder="V1")), as_of=dt.date(2025, 3, 9))
            >>> {h: len(v) for h, v in book.by_holder().items()}
            {'V1': 1, 'V2': 1}
        """
        grouped: dict[str, list[Span]] = defaultdict(list)
        for s in self.spans:
            grouped[s.holder].append(s)
        return {holder: tuple(grouped[holder]) for holder in sorted(grouped)}

    def breaches(self) -> dict[str, tuple[str, ...]]:
        """Each holder that breached, with the needs it breached (see :func:`breaches`).

        Examples:
            >>> import datetime as dt
            >>> Ledger(spans=(), as_of=dt.date(2025, 3, 9)).breaches()
            {}
        """
        return _charges(self.spans, self.as_of)

    def _strata_of(self, strata: Mapping[str, str]) -> list[tuple[Span, str, bool]]:
        if not isinstance(strata, Mapping):
            raise InvalidValue.for_field("strata", strata, "a mapping of need ids to strata")
        out: list[tuple[Span, str, bool]] = []
        for s in self.spans:
            if s.due is None:
                continue
            if s.need_id not in strata:
                raise UnknownReference.for_field("strata", s.need_id, "a stratum for every need")
            label = strata[s.need_id]
            if not isinstance(label, str):
                raise InvalidValue.for_field(f"strata[{s.need_id!r}]", label, "a string")
            out.append((s, label, s.breached(self.as_of)))
        return out

    @checked
    def stratum_rates(self, strata: Mapping[str, str]) -> dict[str, float]:
        """The district-wide breach rate of each stratum: breaches / spans with a due date.

        Args:
            strata: need id → stratum label, for every need with a span with a due date.

        Raises:
            UnknownReference: naming ``strata`` when a need has no stratum.

        Examples:
            >>> import datetime as dt
            >>> s = Span(need_id="N1", holder="V1", holder_kind=HolderKind.UNIT,
            ...          tier=Tier.VILLAGE, received=dt.date(2025, 3, 1), due=dt.date(2025, 3, 5))
            >>> book = Ledger(spans=(s, attrs.evolve(s, need_id="N2", holder="V2",
            ...                                        due=dt.date(2025, 3, 30))),
            ...               as_of=dt.date(2025, 3, 9))
            >>> book.stratum_rates({"N1": "roads", "N2": "roads"})
            {'roads': 0.5}
            >>> book.stratum_rates({"N1": "roads"})
            Traceback (most recent call last):
                ...
            servicegov.errors.UnknownReference: 'strata' must be a stratum for every need (got 'N2')
        """
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for _s, label, breached in self._strata_of(strata):
            counts[label][0] += 1
            counts[label][1] += breached
        return {label: counts[label][1] / counts[label][0] for label in sorted(counts)}

    @checked
    def case_mix(self, strata: Mapping[str, str]) -> dict[str, CaseMix]:
        """Each holder's observed and expected breaches, by indirect standardisation.

        The rate of a stratum is its breaches over its spans with a due date,
        over all holders (:meth:`stratum_rates`); a holder's expected breaches
        are the sum, over its spans with a due date, of their strata's rates.
        A holder that takes the hard needs is so compared with what any holder
        would have done with them.  Summed over all holders, expected equals
        observed.  Spans are counted, not needs.  Every holder of the ledger is
        reported, holders sorted.

        Args:
            strata: need id → stratum label, e.g. from :func:`strata`.

        Raises:
            UnknownReference: naming ``strata`` when a need has no stratum.

        Examples:
            >>> import datetime as dt
            >>> s = Span(need_id="N1", holder="V1", holder_kind=HolderKind.UNIT,
            ...          tier=Tier.VILLAGE, received=dt.date(2025, 3, 1), due=dt.date(2025, 3, 5))
            >>> book = Ledger(spans=(s, attrs.evolve(s, need_id="N2", holder="V2",
            ...                                        due=dt.date(2025, 3, 30))),
            ...               as_of=dt.date(2025, 3, 9))
            >>> mix = book.case_mix({"N1": "roads", "N2": "roads"})
            >>> mix["V1"].breaches, mix["V1"].expected, mix["V1"].ratio
            (1, 0.5, 2.0)
            >>> mix["V2"].by_stratum
            (('roads', 1, 0),)
        """
        rows = self._strata_of(strata)
        totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        per: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
        for s, label, breached in rows:
            totals[label][0] += 1
            totals[label][1] += breached
            per[s.holder][label][0] += 1
            per[s.holder][label][1] += breached
        rate = {label: b / n for label, (n, b) in totals.items()}
        out: dict[str, CaseMix] = {}
        for holder in sorted({s.holder for s in self.spans}):
            mine = per.get(holder, {})
            by_stratum = tuple((label, mine[label][0], mine[label][1]) for label in sorted(mine))
            n = sum(row[1] for row in by_stratum)
            observed = sum(row[2] for row in by_stratum)
            expected = math.fsum(row[1] * rate[row[0]] for row in by_stratum)
            out[holder] = CaseMix(
                spans=n,
                breaches=observed,
                expected=expected,
                ratio=observed / expected if expected > 0 else None,
                by_stratum=by_stratum,
            )
        return out


@checked
def ledger(histories: Iterable[Sequence[Event]] | Mapping[str, Sequence[Event]], *, as_of: dt.date) -> Ledger:
    """The ledger of many needs: the :func:`spans` of each history, as of one date.

    Args:
        histories: one event sequence per need (oldest event first), or a mapping
            need id → its events.
        as_of: the date the ledger describes; no event may be dated after it.

    Raises:
        InvalidValue: naming ``as_of``, or ``histories[k]`` when a mapping's key is
            not the need of its events, or as :func:`spans` does.
        DuplicateId: naming ``histories[i]`` when two histories are of one need.

    Examples:
        >>> import datetime as dt
        >>> from servicegov.lifecycle import Closed, Closure, Collected
        >>> d = dt.date(2025, 3, 1)
        >>> book = ledger({"N1": [Collected(need_id="N1", on=d),
        ...                       Closed(need_id="N1", on=d, closure=Closure.WITHDRAWN)]}, as_of=d)
        >>> book.spans, book.as_of
        ((), datetime.date(2025, 3, 1))
        >>> ledger([[Collected(need_id="N1", on=d)], [Collected(need_id="N1", on=d)]], as_of=d)
        Traceback (most recent call last):
            ...
        servicegov.errors.DuplicateId: 'histories[1]' must be the history of another need
        than an earlier one (got 'N1')
    """
    _as_of(as_of)
    keyed = isinstance(histories, Mapping)
    items: list[tuple[object, Sequence[Event]]] = (
        list(histories.items()) if isinstance(histories, Mapping) else list(enumerate(histories))
    )
    seen: set[str] = set()
    out: list[Span] = []
    for key, events in items:
        name = f"histories[{key!r}]"
        history = tuple(events)
        need_id = replay(history).need_id
        if keyed and key != need_id:
            raise InvalidValue.for_field(name, need_id, "the history of the need it is keyed by")
        if need_id in seen:
            raise DuplicateId.for_field(name, need_id, "the history of another need than an earlier one")
        seen.add(need_id)
        out.extend(spans(history, as_of=as_of))
    return Ledger(spans=tuple(out), as_of=as_of)


# -- strata -----------------------------------------------------------------------


def _number(value: object, field: str) -> float:
    if not is_real(value):
        raise InvalidValue.for_field(field, value, "a finite number")
    return float(value)  # type: ignore[arg-type]


@checked
def priority_band(priority: float, *, medium: float = 3.0, high: float = 4.0) -> str:
    """The band of a priority: ``"low"`` below *medium*, ``"high"`` from *high*, else ``"medium"``.

    The default cut points, 3 and 4, split the 1-5 scale of
    :func:`servicegov.screening.priority` into the needs below the middle score,
    those up to "needed" and the most urgent.

    Raises:
        InvalidValue: naming ``priority`` when it is not a finite number, or
            ``high`` when it is below *medium*.

    Examples:
        >>> [priority_band(p) for p in (1.0, 2.99, 3.0, 3.99, 4.0, 5.0)]
        ['low', 'low', 'medium', 'medium', 'high', 'high']
        >>> priority_band(3.5, medium=2.0, high=3.5)
        'high'
    """
    p = _number(priority, "priority")
    lo = _number(medium, "medium")
    hi = _number(high, "high")
    if hi < lo:
        raise InvalidValue.for_field("high", high, f"at least 'medium' ({medium})")
    if p < lo:
        return "low"
    return "medium" if p < hi else "high"


@checked
def strata(
    needs: Iterable[Need],
    priorities: Mapping[str, float],
    *,
    medium: float = 3.0,
    high: float = 4.0,
) -> dict[str, str]:
    """The stratum of each need, ``"<category>|<priority band>"``, for :meth:`Ledger.case_mix`.

    Args:
        needs: the needs.
        priorities: need id → priority, e.g. from :func:`servicegov.screening.priority`.
        medium, high: the cut points of :func:`priority_band`.

    Raises:
        UnknownReference: naming ``priorities`` when a need has no priority.
        InvalidValue: naming ``needs[i]`` when an item is not a
            :class:`~servicegov.needs.Need`, or as :func:`priority_band` does.

    Examples:
        >>> import datetime as dt
        >>> from servicegov.needs import NeedKind, Scope
        >>> n = Need(id="N1", village="420117101201", kind=NeedKind.LIVELIHOOD,
        ...          category="street-lamps", scope=Scope.COMMON, households=("h-1",),
        ...          urgency=4, necessity=4, aspiration=4, collected=dt.date(2025, 3, 1))
        >>> strata([n], {"N1": 4.0})
        {'N1': 'street-lamps|high'}
    """
    out: dict[str, str] = {}
    for i, need in enumerate(needs):
        if not isinstance(need, Need):
            raise InvalidValue.for_field(f"needs[{i}]", need, "a Need")
        if need.id not in priorities:
            raise UnknownReference.for_field("priorities", need.id, "a priority for every need")
        band = priority_band(priorities[need.id], medium=medium, high=high)
        out[need.id] = f"{need.category}|{band}"
    return out
