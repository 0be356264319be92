"""The lifecycle of one need: its events, its states and its audit trail.

Every step a need takes, from collection (入库) through screening, the service list
(服务清单), publicity (公示), routing, escalation, claiming (认领), work, follow-up
visits (回访) and reviews to closing, is recorded as an *event*: a frozen value
naming the need, the date and who acted.  :func:`apply` folds one event into a
:class:`NeedRecord` and returns a new record; :func:`replay` folds a whole
history.  Nothing is mutated and nothing is dropped: the record keeps every event
it accepted, and an event that does not fit raises.

A record has a coarse :class:`RecordStatus` (open or closed) and a fine :class:`State`.
Which event is legal in which state is data, :data:`TRANSITIONS`; the state an
event leads to depends only on the event (a :class:`Screened` event on its
verdict: accepted leads to ``screened``, deliberation to ``deliberating``,
rejected to ``rejected``).  The table, state by state, lists the events allowed:

* ``collected``: screened, rejected, closed
* ``screened``: listed, rejected, closed
* ``deliberating``: screened, rejected, closed
* ``listed``: publicised, closed
* ``publicised``: objected (within the window), routed (after it), closed
* ``routed``: escalated, claimed, started, closed
* ``escalated``: routed, escalated, claimed, closed
* ``claimed``: started, escalated (the claim lapsed), closed
* ``in-progress``: partially_fulfilled, resolved, closed
* ``partially-fulfilled``: partially_fulfilled, resolved, closed
* ``resolved``, ``followed-up``, ``reviewed``: followed_up, reviewed, closed, reopened
* ``reopened``: routed, escalated, claimed, closed
* ``closed``: reopened
* ``rejected``: nothing (a rejected need is collected again as a new need)

Three guards refine the table, each raising :class:`~servicegov.errors.IllegalTransition`:

* publicity: an :class:`Objected` event is legal up to and including the last day
  of the objection window (``objection_days`` calendar days, the publicity day
  counting as the first), and a :class:`Routed` event only after that day;
* closing: a need that was resolved (``resolved``, ``followed-up``, ``reviewed``)
  closes only with :attr:`Closure.RESOLVED`, any other need only with another
  closure; nothing closes with :attr:`Closure.REJECTED` — a rejection is a
  :class:`Rejected` event or a rejecting :class:`Screened` verdict, and it closes
  the record by itself;
* reopening: a need that was never routed has no unit to go back to, so it
  cannot be reopened.

An escalation must also start from the unit holding the need and go to a tier
not below it; otherwise :class:`~servicegov.errors.InvalidValue` names
``from_unit`` or ``to_tier``.

A reopened need is back with the unit that last held it, waiting to be routed
again (state ``reopened``): its due date and claimant are cleared.

On the wire (:mod:`servicegov.serialization`), every event, alone or in a
record's history, carries its kind as ``"event": "<kind>"``, e.g.
``"partially_fulfilled"``; import this module before structuring events.

Examples:
    >>> import datetime as dt
    >>> from servicegov.lifecycle import (Collected, Listed, Publicised, Routed, Screened,
    ...                                   apply, start)
    >>> from servicegov.org import Tier
    >>> from servicegov.screening import Verdict
    >>> d = dt.date
    >>> r = start(Collected(need_id="N1", on=d(2025, 3, 1), actor="grid-7"))
    >>> for event in (Screened(need_id="N1", on=d(2025, 3, 3), verdict=Verdict.ACCEPTED),
    ...               Listed(need_id="N1", on=d(2025, 3, 4)),
    ...               Publicised(need_id="N1", on=d(2025, 3, 5)),
    ...               Routed(need_id="N1", on=d(2025, 3, 10), unit="V1", tier=Tier.VILLAGE,
    ...                      due=d(2025, 3, 20))):
    ...     r = apply(r, event)
    >>> r.state.value, r.status.value, r.current_unit, r.due, len(r.history)
    ('routed', 'open', 'V1', datetime.date(2025, 3, 20), 5)
"""

from __future__ import annotations

import datetime as dt
import math
import typing
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, ClassVar, TypeAlias

import attrs

from servicegov._arguments import checked
from servicegov._deprecation import renamed
from servicegov._enum import LabelledEnum
from servicegov._types import Id, Text
from servicegov._validators import enum_member, identifier, int_at_least, plain_date, real, text
from servicegov.errors import IllegalTransition, InvalidValue, UnknownReference
from servicegov.org import Tier
from servicegov.routing import EscalationReason
from servicegov.screening import Reason, Verdict

__all__ = [
    "TRANSITIONS",
    "Claimed",
    "Closed",
    "Closure",
    "Collected",
    "Escalated",
    "EscalationReason",
    "Event",
    "EventKind",
    "FollowedUp",
    "Listed",
    "NeedRecord",
    "Objected",
    "PartiallyFulfilled",
    "Publicised",
    "RecordStatus",
    "Rejected",
    "Reopened",
    "Resolved",
    "Reviewed",
    "Routed",
    "Screened",
    "Started",
    "State",
    "allowed_events",
    "apply",
    "replay",
    "replay_all",
    "start",
]


def __dir__() -> list[str]:
    return __all__


class RecordStatus(LabelledEnum):
    """Whether a need is still open."""

    OPEN = ("open", "未办结", "open")
    CLOSED = ("closed", "已关闭", "closed")


# Old names stay importable for one minor release, with a warning (see the
# compatibility policy in docs/serialization.md): pipeline.Status is a need's
# coarse outcome in a report.
__getattr__ = renamed(__name__, {"Status": ("RecordStatus", RecordStatus)})


class State(LabelledEnum):
    """Where a need stands in its lifecycle."""

    COLLECTED = ("collected", "已入库", "collected")
    SCREENED = ("screened", "已筛选", "screened and accepted")
    DELIBERATING = ("deliberating", "待议定", "referred for deliberation")
    REJECTED = ("rejected", "不予纳入", "rejected")
    LISTED = ("listed", "已列入服务清单", "on the service list")
    PUBLICISED = ("publicised", "公示中", "publicised")
    ROUTED = ("routed", "已交办", "routed to a unit")
    ESCALATED = ("escalated", "已上报", "escalated, waiting to be routed")
    CLAIMED = ("claimed", "已认领", "claimed")
    IN_PROGRESS = ("in-progress", "办理中", "in progress")
    PARTIALLY_FULFILLED = ("partially-fulfilled", "部分办结", "partially fulfilled")
    RESOLVED = ("resolved", "已办结", "resolved")
    FOLLOWED_UP = ("followed-up", "已回访", "followed up")
    REVIEWED = ("reviewed", "已评价", "reviewed")
    REOPENED = ("reopened", "重新办理", "reopened, waiting to be routed")
    CLOSED = ("closed", "已关闭", "closed")


class EventKind(LabelledEnum):
    """The kind of an event; its value is the event's tag on the wire."""

    COLLECTED = ("collected", "收集入库", "collected")
    SCREENED = ("screened", "筛选", "screened")
    REJECTED = ("rejected", "不予纳入", "rejected")
    LISTED = ("listed", "列入服务清单", "put on the service list")
    PUBLICISED = ("publicised", "公示", "publicised")
    OBJECTED = ("objected", "公示异议", "objected to during publicity")
    ROUTED = ("routed", "交办", "routed")
    ESCALATED = ("escalated", "上报", "escalated")
    CLAIMED = ("claimed", "认领", "claimed")
    STARTED = ("started", "开始办理", "started")
    PARTIALLY_FULFILLED = ("partially_fulfilled", "部分办结", "partially fulfilled")
    RESOLVED = ("resolved", "办结", "resolved")
    FOLLOWED_UP = ("followed_up", "回访", "followed up")
    REVIEWED = ("reviewed", "评价", "reviewed")
    CLOSED = ("closed", "关闭", "closed")
    REOPENED = ("reopened", "重新打开", "reopened")


class Closure(LabelledEnum):
    """How a need was closed."""

    RESOLVED = ("resolved", "办结", "resolved")
    NOT_RESPONSIBLE = ("not-responsible", "非职责范围", "not our responsibility")
    DUPLICATE = ("duplicate", "重复诉求", "duplicate")
    REFERRED = ("referred", "转其他渠道办理", "referred to another channel")
    WITHDRAWN = ("withdrawn", "群众撤回", "withdrawn by the resident")
    REJECTED = ("rejected", "不予纳入", "rejected")


# -- validators ---------------------------------------------------------------


def _optional_id() -> Any:
    return attrs.validators.optional(identifier())


def _day() -> Any:
    # A datetime is a date too, but it would lose its time on the wire and
    # cannot be compared with a plain date.
    return plain_date("a datetime.date (not a datetime)")


def _optional_day() -> Any:
    return attrs.validators.optional(_day())


def _not_before_on(field: str) -> Any:
    def check(inst: Any, _attr: attrs.Attribute[Any], value: dt.date | None) -> None:
        if value is not None and value < inst.on:
            msg = f"'{field}' must be on or after 'on' ({inst.on}) (got {value})"
            raise InvalidValue(msg, field=field, value=value, allowed=f"on or after {inst.on}")

    return check


def _reason_tuple(value: Iterable[Reason]) -> tuple[Reason, ...]:
    return tuple(value)


def _reasons(_inst: object, _attr: attrs.Attribute[Any], value: tuple[object, ...]) -> None:
    for i, r in enumerate(value):
        enum_member(Reason, field=f"reasons[{i}]")(_inst, _attr, r)


# -- events -------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _EventBase:
    """What every event carries: the need, the date and who acted."""

    kind: ClassVar[EventKind]

    need_id: Id = attrs.field(validator=identifier())
    on: dt.date = attrs.field(validator=_day())
    actor: str | None = attrs.field(default=None, validator=_optional_id())


@attrs.frozen(kw_only=True)
class Collected(_EventBase):
    """The need was collected and registered in the needs repository (需求库); always first."""

    kind: ClassVar[EventKind] = EventKind.COLLECTED


@attrs.frozen(kw_only=True)
class Screened(_EventBase):
    """The need was screened (定准群众需求), or a deliberation decided on it.

    Attributes:
        verdict: accepted leads to ``screened``, deliberation to ``deliberating``,
            rejected to ``rejected`` (which closes the record).
        reasons: the reasons of a rejection or referral, as found by screening.
    """

    kind: ClassVar[EventKind] = EventKind.SCREENED

    verdict: Verdict = attrs.field(validator=enum_member(Verdict))
    reasons: tuple[Reason, ...] = attrs.field(default=(), converter=_reason_tuple, validator=_reasons)


@attrs.frozen(kw_only=True)
class Rejected(_EventBase):
    """The need was rejected (不予纳入); this closes the record for good.

    Attributes:
        reason: why.
        note: details, e.g. the deliberation's minutes.
    """

    kind: ClassVar[EventKind] = EventKind.REJECTED

    reason: Reason = attrs.field(validator=enum_member(Reason))
    note: str = attrs.field(default="", validator=attrs.validators.instance_of(str))


@attrs.frozen(kw_only=True)
class Listed(_EventBase):
    """The need was put on the village's service list (服务清单).

    Attributes:
        category: the code of its category in the catalogue, if known.
    """

    kind: ClassVar[EventKind] = EventKind.LISTED

    category: str | None = attrs.field(default=None, validator=_optional_id())


@attrs.frozen(kw_only=True)
class Publicised(_EventBase):
    """The decided list was published in the village (公示) for residents to object to.

    The window opens on the publicity day and lasts ``objection_days`` calendar
    days, the publicity day counting as the first.

    Attributes:
        objection_days: the length of the window; 5 unless the village says otherwise.

    Examples:
        >>> import datetime as dt
        >>> p = Publicised(need_id="N1", on=dt.date(2025, 3, 3))
        >>> p.objection_days, p.objections_until
        (5, datetime.date(2025, 3, 7))
        >>> Publicised(need_id="N1", on=dt.date(2025, 3, 3), objection_days=0)
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'objection_days' must be an integer >= 1 (got 0)
    """

    kind: ClassVar[EventKind] = EventKind.PUBLICISED

    objection_days: int = attrs.field(default=5, validator=int_at_least(1))

    @property
    def objections_until(self) -> dt.date:
        """The last day an objection is accepted."""
        return self.on + dt.timedelta(days=self.objection_days - 1)


@attrs.frozen(kw_only=True)
class Objected(_EventBase):
    """A resident objected during publicity; the need goes back to deliberation.

    Attributes:
        ground: what the objection says.
    """

    kind: ClassVar[EventKind] = EventKind.OBJECTED

    ground: str = attrs.field(default="", validator=attrs.validators.instance_of(str))


@attrs.frozen(kw_only=True)
class Routed(_EventBase):
    """A unit took the need on, with a due date (交办).

    Attributes:
        unit: the id of the unit.
        tier: the unit's tier.
        due: the date the work is due, on or after ``on``.
    """

    kind: ClassVar[EventKind] = EventKind.ROUTED

    unit: Id = attrs.field(validator=identifier())
    tier: Tier = attrs.field(validator=enum_member(Tier))
    due: dt.date = attrs.field(validator=[_day(), _not_before_on("due")])


def _check_to_unit(inst: Escalated, _attr: attrs.Attribute[Any], value: str) -> None:
    if value == inst.from_unit:
        raise InvalidValue.for_field("to_unit", value, "another unit than 'from_unit'")


@attrs.frozen(kw_only=True)
class Escalated(_EventBase):
    """The unit holding the need passed it to another, at the same tier or higher (上报).

    The new unit holds the need without a due date until it is routed or claimed.

    Attributes:
        from_unit: the unit that held the need; it must be the record's current unit.
        to_unit: the unit that holds it now.
        to_tier: the tier of *to_unit*; not below the record's tier.
        why: why the need left *from_unit*.

    Examples:
        >>> import datetime as dt
        >>> Escalated(need_id="N1", on=dt.date(2025, 3, 3), from_unit="V1", to_unit="V1",
        ...           to_tier=Tier.TOWN, why=EscalationReason.NO_CAPACITY)
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'to_unit' must be another unit than 'from_unit' (got 'V1')
    """

    kind: ClassVar[EventKind] = EventKind.ESCALATED

    from_unit: Id = attrs.field(validator=identifier())
    to_unit: Id = attrs.field(validator=[identifier(), _check_to_unit])
    to_tier: Tier = attrs.field(validator=enum_member(Tier))
    why: EscalationReason = attrs.field(validator=enum_member(EscalationReason))


@attrs.frozen(kw_only=True)
class Claimed(_EventBase):
    """A person or unit claimed the need (认领).

    Attributes:
        claimant: the id of the member or unit.
        claim_kind: how it was claimed, e.g. ``"personal"`` or ``"collective"``.
        due: the date the claimant promised, if it replaces the routed due date.
    """

    kind: ClassVar[EventKind] = EventKind.CLAIMED

    claimant: Id = attrs.field(validator=identifier())
    claim_kind: Text = attrs.field(validator=text())
    due: dt.date | None = attrs.field(
        default=None, validator=[_optional_day(), _not_before_on("due")]
    )


@attrs.frozen(kw_only=True)
class Started(_EventBase):
    """Work on the need started, by the routed unit or the claimant."""

    kind: ClassVar[EventKind] = EventKind.STARTED


@attrs.frozen(kw_only=True)
class PartiallyFulfilled(_EventBase):
    """Part of the need was met: a share strictly between 0 and 1, or a count of items.

    Attributes:
        share: the part met so far, ``0 < share < 1``.
        count: the number of items delivered so far, at least 1.

    Examples:
        >>> import datetime as dt
        >>> PartiallyFulfilled(need_id="N1", on=dt.date(2025, 3, 3), share=0.5).share
        0.5
        >>> PartiallyFulfilled(need_id="N1", on=dt.date(2025, 3, 3), share=1.0)
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'share' must be a number strictly between 0 and 1 (got 1.0)
        >>> PartiallyFulfilled(need_id="N1", on=dt.date(2025, 3, 3))
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'share' must be given, or 'count', but not both (got None)
    """

    kind: ClassVar[EventKind] = EventKind.PARTIALLY_FULFILLED

    share: float | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(real(0, 1, open_bounds=True)),
    )
    count: int | None = attrs.field(default=None, validator=attrs.validators.optional(int_at_least(1)))

    def __attrs_post_init__(self) -> None:
        if (self.share is None) == (self.count is None):
            raise InvalidValue.for_field("share", self.share, "given, or 'count', but not both")


@attrs.frozen(kw_only=True)
class Resolved(_EventBase):
    """The need was met (办结)."""

    kind: ClassVar[EventKind] = EventKind.RESOLVED


def _optional_bool(_inst: object, _attr: attrs.Attribute[Any], value: object) -> None:
    if value is not None and type(value) is not bool:
        raise InvalidValue.for_field("satisfied", value, "true, false or None")


@attrs.frozen(kw_only=True)
class FollowedUp(_EventBase):
    """Someone visited or called the resident after the work (回访).

    Attributes:
        satisfied: whether the resident was satisfied, or ``None`` if not asked.
    """

    kind: ClassVar[EventKind] = EventKind.FOLLOWED_UP

    satisfied: bool | None = attrs.field(default=None, validator=_optional_bool)


def _finite(_inst: object, _attr: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidValue.for_field("score", value, "a finite number")


@attrs.frozen(kw_only=True)
class Reviewed(_EventBase):
    """A review channel scored the work (one set, two reviews: 一定双评).

    Attributes:
        channel: the channel, e.g. ``"residents"`` or ``"organisation"``.
        score: the score on the channel's own scale.
    """

    kind: ClassVar[EventKind] = EventKind.REVIEWED

    channel: Text = attrs.field(validator=text())
    score: float = attrs.field(validator=_finite)


def _closure(_inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    enum_member(Closure)(_inst, attr, value)
    if value is Closure.REJECTED:
        raise InvalidValue.for_field(
            "closure", value.value, "a closure other than 'rejected' (record a Rejected event)"
        )


@attrs.frozen(kw_only=True)
class Closed(_EventBase):
    """The record was closed, with how.

    A rejection is not closed with this event but with :class:`Rejected`, which
    closes the record by itself.

    Attributes:
        closure: how the need ended.

    Examples:
        >>> import datetime as dt
        >>> Closed(need_id="N1", on=dt.date(2025, 3, 3), closure=Closure.REJECTED)
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'closure' must be a closure other than 'rejected'
        (record a Rejected event) (got 'rejected')
    """

    kind: ClassVar[EventKind] = EventKind.CLOSED

    closure: Closure = attrs.field(validator=_closure)


@attrs.frozen(kw_only=True)
class Reopened(_EventBase):
    """A resolved or closed need was reopened, back with the unit that last held it.

    Attributes:
        reason: why, e.g. the resident was not satisfied at the follow-up visit.
    """

    kind: ClassVar[EventKind] = EventKind.REOPENED

    reason: Text = attrs.field(validator=text())


Event: TypeAlias = (
    Collected
    | Screened
    | Rejected
    | Listed
    | Publicised
    | Objected
    | Routed
    | Escalated
    | Claimed
    | Started
    | PartiallyFulfilled
    | Resolved
    | FollowedUp
    | Reviewed
    | Closed
    | Reopened
)
"""Any lifecycle event; on the wire, tagged with ``"event": "<kind>"``."""

_EVENT_TYPES: tuple[type[_EventBase], ...] = typing.get_args(Event)


# -- the transition table -----------------------------------------------------

_K = EventKind
_RESOLVED_STATES = frozenset({State.RESOLVED, State.FOLLOWED_UP, State.REVIEWED})
_AFTER_RESOLUTION = (_K.FOLLOWED_UP, _K.REVIEWED, _K.CLOSED, _K.REOPENED)
_ALLOWED: dict[State, tuple[EventKind, ...]] = {
    State.COLLECTED: (_K.SCREENED, _K.REJECTED, _K.CLOSED),
    State.SCREENED: (_K.LISTED, _K.REJECTED, _K.CLOSED),
    State.DELIBERATING: (_K.SCREENED, _K.REJECTED, _K.CLOSED),
    State.REJECTED: (),
    State.LISTED: (_K.PUBLICISED, _K.CLOSED),
    State.PUBLICISED: (_K.OBJECTED, _K.ROUTED, _K.CLOSED),
    State.ROUTED: (_K.ESCALATED, _K.CLAIMED, _K.STARTED, _K.CLOSED),
    State.ESCALATED: (_K.ROUTED, _K.ESCALATED, _K.CLAIMED, _K.CLOSED),
    State.CLAIMED: (_K.STARTED, _K.ESCALATED, _K.CLOSED),
    State.IN_PROGRESS: (_K.PARTIALLY_FULFILLED, _K.RESOLVED, _K.CLOSED),
    State.PARTIALLY_FULFILLED: (_K.PARTIALLY_FULFILLED, _K.RESOLVED, _K.CLOSED),
    State.RESOLVED: _AFTER_RESOLUTION,
    State.FOLLOWED_UP: _AFTER_RESOLUTION,
    State.REVIEWED: _AFTER_RESOLUTION,
    State.REOPENED: (_K.ROUTED, _K.ESCALATED, _K.CLAIMED, _K.CLOSED),
    State.CLOSED: (_K.REOPENED,),
}
_LEADS_TO: dict[EventKind, State] = {
    _K.SCREENED: State.SCREENED,
    _K.REJECTED: State.REJECTED,
    _K.LISTED: State.LISTED,
    _K.PUBLICISED: State.PUBLICISED,
    _K.OBJECTED: State.DELIBERATING,
    _K.ROUTED: State.ROUTED,
    _K.ESCALATED: State.ESCALATED,
    _K.CLAIMED: State.CLAIMED,
    _K.STARTED: State.IN_PROGRESS,
    _K.PARTIALLY_FULFILLED: State.PARTIALLY_FULFILLED,
    _K.RESOLVED: State.RESOLVED,
    _K.FOLLOWED_UP: State.FOLLOWED_UP,
    _K.REVIEWED: State.REVIEWED,
    _K.CLOSED: State.CLOSED,
    _K.REOPENED: State.REOPENED,
}
_BY_VERDICT: dict[Verdict, State] = {
    Verdict.ACCEPTED: State.SCREENED,
    Verdict.DELIBERATION: State.DELIBERATING,
    Verdict.REJECTED: State.REJECTED,
}

TRANSITIONS: Mapping[State, Mapping[EventKind, State]] = MappingProxyType(
    {
        state: MappingProxyType({kind: _LEADS_TO[kind] for kind in kinds})
        for state, kinds in _ALLOWED.items()
    }
)
"""For each state, the events legal in it and the state each leads to.

A :class:`Screened` event leads where its verdict says (see the module's docs).

Examples:
    >>> TRANSITIONS[State.CLAIMED][EventKind.STARTED]
    <State.IN_PROGRESS>
    >>> EventKind.RESOLVED in TRANSITIONS[State.COLLECTED]
    False
"""

_CLOSED_STATES = frozenset({State.CLOSED, State.REJECTED})
_CLOSURES_RESOLVED = (Closure.RESOLVED,)
_CLOSURES_UNRESOLVED = (
    Closure.NOT_RESPONSIBLE,
    Closure.DUPLICATE,
    Closure.REFERRED,
    Closure.WITHDRAWN,
)


@checked
def allowed_events(state: State) -> tuple[EventKind, ...]:
    """The kinds of event legal in *state*, in the order of the table.

    Examples:
        >>> [k.value for k in allowed_events(State.PUBLICISED)]
        ['objected', 'routed', 'closed']
        >>> allowed_events(State.REJECTED)
        ()
    """
    return tuple(TRANSITIONS[state])


# -- the record ---------------------------------------------------------------


def _events(value: Iterable[Event]) -> tuple[Event, ...]:
    return tuple(value)


def _check_history(inst: NeedRecord, _attr: attrs.Attribute[Any], value: tuple[object, ...]) -> None:
    if not value or not isinstance(value[0], Collected):
        first = getattr(value[0], "kind", value[0]) if value else None
        raise InvalidValue.for_field("history[0]", first, "a Collected event")
    for i, event in enumerate(value):
        if not isinstance(event, _EVENT_TYPES):
            raise InvalidValue.for_field(f"history[{i}]", event, "a lifecycle event")
        if event.need_id != inst.need_id:
            raise InvalidValue.for_field(
                f"history[{i}].need_id", event.need_id, f"{inst.need_id!r}, the record's need"
            )


@attrs.frozen(kw_only=True)
class NeedRecord:
    """The audit trail of one need and what follows from it.

    Build one with :func:`start` or :func:`replay` and change it with :func:`apply`;
    every field but ``need_id`` and ``history`` is derived from the history, and
    ``replay(record.history) == record`` holds for every record built this way
    (use it to check a record read from storage).

    Attributes:
        need_id: the need.
        state: where the need stands.
        status: open, or closed (``closed`` and ``rejected`` states).
        history: every accepted event, oldest first; the first is :class:`Collected`.
        opened_on: the date of collection.
        closed_on: the date of closing or rejection while closed, else ``None``.
        closure: how the need was closed while closed, else ``None``.
        current_unit: the unit holding the need, from the last routing or escalation.
        tier: that unit's tier.
        due: the due date from the last routing or claim; cleared by escalation
            and reopening.
        claimant: the current claimant; cleared by escalation and reopening.
        objections_until: the last day of the latest publicity's objection window.
        escalation_count: the number of :class:`Escalated` events.
        reopen_count: the number of :class:`Reopened` events.

    Examples:
        >>> import datetime as dt
        >>> from servicegov.screening import Reason
        >>> r = start(Collected(need_id="N9", on=dt.date(2025, 3, 1)))
        >>> r = apply(r, Rejected(need_id="N9", on=dt.date(2025, 3, 2), reason=Reason.EXCESSIVE))
        >>> r.state.value, r.status.value, r.closure.value, r.closed_on
        ('rejected', 'closed', 'rejected', datetime.date(2025, 3, 2))
        >>> r.is_open, r.last_on
        (False, datetime.date(2025, 3, 2))
    """

    need_id: Id = attrs.field(validator=identifier())
    state: State = attrs.field(validator=enum_member(State))
    status: RecordStatus = attrs.field(validator=enum_member(RecordStatus))
    history: tuple[Event, ...] = attrs.field(converter=_events, validator=_check_history)
    opened_on: dt.date = attrs.field(validator=_day())
    closed_on: dt.date | None = attrs.field(default=None, validator=_optional_day())
    closure: Closure | None = None
    current_unit: str | None = attrs.field(default=None, validator=_optional_id())
    tier: Tier | None = None
    due: dt.date | None = attrs.field(default=None, validator=_optional_day())
    claimant: str | None = attrs.field(default=None, validator=_optional_id())
    objections_until: dt.date | None = attrs.field(
        default=None, validator=_optional_day()
    )
    escalation_count: int = 0
    reopen_count: int = 0

    def __attrs_post_init__(self) -> None:
        closed = self.state in _CLOSED_STATES
        if (self.status is RecordStatus.CLOSED) != closed:
            expected = RecordStatus.CLOSED if closed else RecordStatus.OPEN
            raise InvalidValue.for_field(
                "status", self.status.value, f"{expected.value!r} in state {self.state.value!r}"
            )
        if closed != (self.closure is not None):
            raise InvalidValue.for_field(
                "closure", self.closure, f"set exactly when closed (state {self.state.value!r})"
            )

    @property
    def is_open(self) -> bool:
        """Whether the need is still open."""
        return self.status is RecordStatus.OPEN

    @property
    def last_on(self) -> dt.date:
        """The date of the last event; the next event may not be dated earlier."""
        return self.history[-1].on


# -- folding events -----------------------------------------------------------


def _illegal(record: NeedRecord, kind: EventKind, detail: str = "") -> IllegalTransition:
    allowed = ", ".join(repr(k.value) for k in allowed_events(record.state)) or "none"
    msg = (
        f"event {kind.value!r} is not allowed in state {record.state.value!r} "
        f"of need {record.need_id!r}"
    )
    msg += f": {detail}" if detail else f" (allowed: {allowed})"
    return IllegalTransition(msg, field="event", value=kind.value, allowed=allowed)


def _effects(record: NeedRecord, event: Event) -> dict[str, Any]:
    """The derived fields an event changes, after checking the guards it is subject to."""
    match event:
        case Screened() if event.verdict is Verdict.REJECTED:
            return {"closure": Closure.REJECTED, "closed_on": event.on}
        case Rejected():
            return {"closure": Closure.REJECTED, "closed_on": event.on}
        case Publicised():
            return {"objections_until": event.objections_until}
        case Objected():
            until = record.objections_until
            if until is not None and event.on > until:
                raise _illegal(
                    record, event.kind, f"the objection window closed on {until} (got {event.on})"
                )
            return {}
        case Routed():
            # Checked in every state, but it can only bite in 'publicised': any
            # later event is dated after the window, as the routing out of it was.
            until = record.objections_until
            if until is not None and event.on <= until:
                raise _illegal(
                    record,
                    event.kind,
                    f"the objection window is open until {until} (got {event.on})",
                )
            return {
                "current_unit": event.unit,
                "tier": event.tier,
                "due": event.due,
            }
        case Escalated():
            if event.from_unit != record.current_unit:
                raise InvalidValue.for_field(
                    "from_unit",
                    event.from_unit,
                    f"{record.current_unit!r}, the unit holding need {record.need_id!r}",
                )
            if record.tier is not None and event.to_tier < record.tier:
                raise InvalidValue.for_field(
                    "to_tier",
                    event.to_tier.value,
                    f"at or above {record.tier.value!r}, the tier holding need {record.need_id!r}",
                )
            return {
                "current_unit": event.to_unit,
                "tier": event.to_tier,
                "due": None,
                "claimant": None,
                "escalation_count": record.escalation_count + 1,
            }
        case Claimed():
            changes: dict[str, Any] = {"claimant": event.claimant}
            if event.due is not None:
                changes["due"] = event.due
            return changes
        case Closed():
            allowed = (
                _CLOSURES_RESOLVED if record.state in _RESOLVED_STATES else _CLOSURES_UNRESOLVED
            )
            if event.closure not in allowed:
                names = ", ".join(repr(c.value) for c in allowed)
                raise _illegal(
                    record,
                    event.kind,
                    f"closure {event.closure.value!r} does not fit (allowed closures: {names})",
                )
            return {"closure": event.closure, "closed_on": event.on}
        case Reopened():
            if record.current_unit is None:
                raise _illegal(
                    record,
                    event.kind,
                    "it was never routed, so no unit can take it back (collect it again)",
                )
            return {
                "closure": None,
                "closed_on": None,
                "due": None,
                "claimant": None,
                "reopen_count": record.reopen_count + 1,
            }
        case _:
            return {}


@checked
def apply(record: NeedRecord, event: Event) -> NeedRecord:
    """Fold one event into a record, returning a new record.

    The checks run in this order: the event's need, whether its kind is legal in
    the record's state (:data:`TRANSITIONS`), its date, then the guards of
    publicity, closing, reopening and escalation.

    Args:
        record: the need so far.
        event: the next event of the same need, dated on or after the last one.

    Returns:
        A new record with the event appended and the derived fields updated.

    Raises:
        InvalidValue: naming ``need_id`` when the event is for another need, ``on``
            when it is dated before the last event, and ``from_unit``/``to_tier``
            when an escalation does not start where the need is.
        IllegalTransition: naming the state, the event and what is allowed, when
            the event is not legal in the record's state or breaks a guard.

    Examples:
        >>> import datetime as dt
        >>> r = start(Collected(need_id="N1", on=dt.date(2025, 3, 1)))
        >>> apply(r, Resolved(need_id="N1", on=dt.date(2025, 3, 2)))
        Traceback (most recent call last):
            ...
        servicegov.errors.IllegalTransition: event 'resolved' is not allowed in state 'collected'
        of need 'N1' (allowed: 'screened', 'rejected', 'closed')
        >>> apply(r, Closed(need_id="N2", on=dt.date(2025, 3, 2), closure=Closure.DUPLICATE))
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'need_id' must be 'N1', the need of this record (got 'N2')
        >>> apply(r, Closed(need_id="N1", on=dt.date(2025, 2, 28), closure=Closure.DUPLICATE))
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'on' must be on or after 2025-03-01,
        the date of the last event (got 2025-02-28)
        >>> apply(r, Closed(need_id="N1", on=dt.date(2025, 3, 1), closure=Closure.DUPLICATE)).state
        <State.CLOSED>
    """
    if not isinstance(event, _EVENT_TYPES):
        raise InvalidValue.for_field("event", event, "a lifecycle event")
    if event.need_id != record.need_id:
        raise InvalidValue.for_field(
            "need_id", event.need_id, f"{record.need_id!r}, the need of this record"
        )
    targets = TRANSITIONS[record.state]
    if event.kind not in targets:
        raise _illegal(record, event.kind)
    last = record.last_on
    if event.on < last:
        allowed = f"on or after {last}, the date of the last event"
        msg = f"'on' must be {allowed} (got {event.on})"
        raise InvalidValue(msg, field="on", value=event.on, allowed=allowed)
    target = _BY_VERDICT[event.verdict] if isinstance(event, Screened) else targets[event.kind]
    changes = _effects(record, event)
    return attrs.evolve(
        record,
        state=target,
        status=RecordStatus.CLOSED if target in _CLOSED_STATES else RecordStatus.OPEN,
        history=(*record.history, event),
        **changes,
    )


def _unknown_need(event: _EventBase) -> UnknownReference:
    msg = (
        f"need {event.need_id!r} is unknown: its first event is {event.kind.value!r}, "
        "and a need's history must start with a 'collected' event"
    )
    return UnknownReference(msg, field="need_id", value=event.need_id, allowed="a collected need")


@checked
def start(event: Collected) -> NeedRecord:
    """Open the record of a newly collected need.

    Raises:
        UnknownReference: naming the need when *event* is not :class:`Collected`.

    Examples:
        >>> import datetime as dt
        >>> r = start(Collected(need_id="N1", on=dt.date(2025, 3, 1), actor="grid-7"))
        >>> r.state, r.status, r.opened_on
        (<State.COLLECTED>, <RecordStatus.OPEN>, datetime.date(2025, 3, 1))
    """
    return _open(event)


def _open(event: object) -> NeedRecord:
    if not isinstance(event, _EVENT_TYPES):
        raise InvalidValue.for_field("event", event, "a lifecycle event")
    if not isinstance(event, Collected):
        raise _unknown_need(event)
    return NeedRecord(
        need_id=event.need_id,
        state=State.COLLECTED,
        status=RecordStatus.OPEN,
        history=(event,),
        opened_on=event.on,
    )


@checked
def replay(events: Iterable[Event]) -> NeedRecord:
    """Rebuild the record of one need from its history, oldest event first.

    Raises:
        InvalidValue: when there are no events, or as :func:`apply` does.
        UnknownReference: naming the need when the first event is not :class:`Collected`.
        IllegalTransition: as :func:`apply` does.

    Examples:
        >>> import datetime as dt
        >>> events = [Collected(need_id="N1", on=dt.date(2025, 3, 1)),
        ...           Closed(need_id="N1", on=dt.date(2025, 3, 2), closure=Closure.WITHDRAWN)]
        >>> r = replay(events)
        >>> r.state, r.closure, r.history == tuple(events)
        (<State.CLOSED>, <Closure.WITHDRAWN>, True)
        >>> replay(events[1:])
        Traceback (most recent call last):
            ...
        servicegov.errors.UnknownReference: need 'N1' is unknown: its first event is 'closed',
        and a need's history must start with a 'collected' event
    """
    it = iter(events)
    first = next(it, None)
    if first is None:
        raise InvalidValue.for_field("events", [], "at least one event, a Collected one first")
    record = _open(first)
    for event in it:
        record = apply(record, event)
    return record


@checked
def replay_all(events: Iterable[Event]) -> dict[str, NeedRecord]:
    """Rebuild the records of many needs from one stream of events.

    The events are grouped by need, keeping their order within each need; the
    needs come in the order of their first event.

    Raises:
        UnknownReference: naming the need whose first event is not :class:`Collected`.
        InvalidValue, IllegalTransition: as :func:`apply` does.

    Examples:
        >>> import datetime as dt
        >>> d = dt.date(2025, 3, 1)
        >>> records = replay_all([
        ...     Collected(need_id="N1", on=d), Collected(need_id="N2", on=d),
        ...     Closed(need_id="N1", on=d, closure=Closure.DUPLICATE)])
        >>> {k: r.state.value for k, r in records.items()}
        {'N1': 'closed', 'N2': 'collected'}
        >>> replay_all([Started(need_id="N3", on=d)])
        Traceback (most recent call last):
            ...
        servicegov.errors.UnknownReference: need 'N3' is unknown: its first event is 'started',
        and a need's history must start with a 'collected' event
    """
    records: dict[str, NeedRecord] = {}
    for event in events:
        record = records.get(event.need_id) if isinstance(event, _EVENT_TYPES) else None
        records[event.need_id] = _open(event) if record is None else apply(record, event)
    return records


# -- the wire format ----------------------------------------------------------


_TAGS = tuple(cl.kind.value for cl in _EVENT_TYPES)


def _tag(cl: Any) -> str:
    return str(cl.kind.value)


def _configure(converter: Any) -> None:
    from cattrs.strategies import configure_tagged_union

    plain = {cl: converter.get_structure_hook(cl) for cl in _EVENT_TYPES}
    configure_tagged_union(Event, converter, tag_name="event", tag_generator=_tag)
    tagged = converter.get_structure_hook(Event)

    # Without this, a missing or unknown tag surfaces as a bare KeyError
    # ("required field missing"), which does not say which field or what is allowed.
    def structure_event(value: Any, cl: Any) -> Any:
        if not isinstance(value, dict):
            raise ValueError(f"expected an event object with an 'event' tag (got {value!r})")
        tag = value.get("event")
        if tag not in _TAGS:
            allowed = ", ".join(repr(t) for t in _TAGS)
            raise ValueError(f"'event' must be one of {allowed} (got {tag!r})")
        return tagged(value, cl)

    converter.register_structure_hook(Event, structure_event)

    # An event log stores events one by one, so a single event carries its tag
    # too, and a class reads its own tag back.
    union_unstructure = converter.get_unstructure_hook(Event)
    for cl in _EVENT_TYPES:
        converter.register_unstructure_hook(cl, union_unstructure)
        converter.register_structure_hook(cl, _tag_checked(cl, plain[cl]))


def _tag_checked(cl: type[_EventBase], inner: Any) -> Any:
    tag = cl.kind.value

    def structure(value: Any, target: Any) -> Any:
        if isinstance(value, dict) and "event" in value:
            if value["event"] != tag:
                raise ValueError(f"'event' must be {tag!r} (got {value['event']!r})")
            value = {k: v for k, v in value.items() if k != "event"}
        return inner(value, target)

    return structure
