"""One set, two reviews (一定双评): commitments, reviews and scores.

*One set* is a :class:`Commitment`: what a claimant promised for a period (the
claimed needs and projects, with targets, due dates and standards), fixed on a
date; a change is a new version (:func:`revise`), never a silent edit.  *Two
reviews* are :class:`Review` ballots through independent channels
(:class:`ReviewChannel`): organisational and residents' review, or, for
dual-managed members, the home unit and the community, with the organisation
department as an optional third (seeds 001, 002, 003).

:func:`score` combines completion against the commitment with the channels'
results under an effective-dated :class:`ScoringRule`.  The seeds fix the shape
(completion plus evaluation, residents' evaluation as the yardstick, more weight
on satisfaction, random hand-out of forms); every number is a parameter whose
default is ours, documented on :class:`ScoringRule`.

Examples:
    >>> import datetime as dt
    >>> from servicegov.calendar import Period
    >>> c = Commitment(id="C1", claimant="m1", period=Period.year(2025),
    ...                fixed_on=dt.date(2025, 1, 10),
    ...                items=[CommitmentItem(ref="N1", target=2, due=dt.date(2025, 6, 30))])
    >>> reviews = [Review(reviewer=f"r{i}", reviewee="m1", channel=ReviewChannel.RESIDENTS,
    ...                   on=dt.date(2025, 12, 1), satisfaction=Satisfaction.SATISFIED)
    ...            for i in range(3)]
    >>> reviews += [Review(reviewer=f"o{i}", reviewee="m1", channel=ReviewChannel.ORGANISATIONAL,
    ...                    on=dt.date(2025, 12, 1), score=80) for i in range(3)]
    >>> s = score(c, reviews, DEFAULT_RULE, as_of=dt.date(2025, 12, 31), fulfilment={"N1": 1})
    >>> s.completion, s.channel(ReviewChannel.RESIDENTS).value, s.total
    (0.5, 100.0, 75.2)
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from servicegov import divisions
from servicegov._arguments import checked
from servicegov._convert import to_frozenset, to_tuple
from servicegov._dated import check_versions, in_effect
from servicegov._deprecation import renamed
from servicegov._enum import LabelledEnum
from servicegov._numbers import is_real
from servicegov._types import Id, Text
from servicegov._validators import (
    arg_enum,
    arg_reals,
    count,
    division_code,
    enum_member,
    identifier,
    int_at_least,
    of_type,
    plain_date,
    real,
)
from servicegov._validators import text as nonblank
from servicegov.agreement import cohen_kappa
from servicegov.calendar import Period
from servicegov.errors import InvalidValue, RuleViolation

__all__ = [
    "DEFAULT_RULE",
    "OPENING_WINDOW",
    "BallotProblem",
    "ChannelScore",
    "Commitment",
    "CommitmentItem",
    "InvalidBallot",
    "Review",
    "ReviewChannel",
    "Satisfaction",
    "Score",
    "ScoringRule",
    "Statement",
    "StatementKind",
    "channel_agreement",
    "check_reviews",
    "join",
    "opening_window",
    "revise",
    "satisfaction_rate",
    "score",
    "trimmed_mean",
]


def __dir__() -> list[str]:
    return __all__


class ReviewChannel(LabelledEnum):
    """The channels that review a commitment (seeds 002 and 003)."""

    ORGANISATIONAL = ("organisational", "组织评价", "organisational review")
    RESIDENTS = ("residents", "群众评价", "residents' review")
    HOME_UNIT = ("home-unit", "原单位", "home unit")
    COMMUNITY = ("community", "社区", "community")
    ORGANISATION_DEPARTMENT = ("organisation-department", "组织部门", "organisation department")


class Satisfaction(LabelledEnum):
    """A three-level satisfaction rating, best first."""

    SATISFIED = ("satisfied", "满意", "satisfied")
    BASICALLY_SATISFIED = ("basically-satisfied", "基本满意", "basically satisfied")
    DISSATISFIED = ("dissatisfied", "不满意", "dissatisfied")


class BallotProblem(LabelledEnum):
    """Why a ballot was set aside."""

    OUT_OF_RANGE = ("out-of-range", "分数超出范围", "score out of range")
    STRAIGHT_LINE = ("straight-line", "对所有人打同分", "the same score for everyone")
    DUPLICATE = ("duplicate", "重复投票", "duplicate ballot")
    UNKNOWN_ITEM = ("unknown-item", "承诺事项不存在", "no such committed item")
    OUT_OF_PERIOD = ("out-of-period", "不在考核期", "cast after the assessment date")
    RATER_NOT_ALLOWED = ("rater-not-allowed", "评价主体不符", "a rater the scheme does not allow")


# --------------------------------------------------------------------------- the one set


OPENING_WINDOW = relativedelta(months=1)
"""The default length of a period's opening window, in which the one set is fixed: one month.

The seeds say the set is fixed up front (年初); the length is our default.
See :func:`opening_window` for another length.
"""

_ONE_DAY = dt.timedelta(days=1)


def _window_end(period: Period, length: relativedelta) -> dt.date:
    try:
        last = period.start + length - _ONE_DAY
    except (OverflowError, ValueError):  # a window running past date.max ends with the period
        return period.end
    return min(period.end, last)


@checked
def opening_window(period: Period, months: int = 1) -> dt.date:
    """The last day of *period*'s opening window, in which the one set is fixed.

    The window runs from the period's start for *months* months, less a day
    (``start + months − 1 day``), cut at the period's end.  One month
    (:data:`OPENING_WINDOW`) is our default and what :class:`Commitment`
    uses unless given ``window_ends``; pass this function's result to pick
    another length.

    Raises:
        InvalidValue: if *period* is not a Period or *months* is not an integer of at least 1.

    Examples:
        >>> opening_window(Period.year(2025))
        datetime.date(2025, 1, 31)
        >>> opening_window(Period.year(2025), months=3)
        datetime.date(2025, 3, 31)
        >>> opening_window(Period(dt.date(2025, 1, 20), dt.date(2025, 2, 5)))
        datetime.date(2025, 2, 5)
    """
    if not isinstance(period, Period):
        raise InvalidValue.for_field("period", period, "a Period")
    if type(months) is not int or months < 1:
        raise InvalidValue.for_field("months", months, "an integer of at least 1")
    return _window_end(period, relativedelta(months=months))


@attrs.frozen(kw_only=True)
class CommitmentItem:
    """One promise: a claimed need or project, its target, due date and standard.

    An item is either in the set fixed up front (``joined`` is ``None``) or a
    need routed to the claimant during the period that joined the set under
    the standing promise, on the date ``joined`` (see :func:`join`).

    Attributes:
        ref: the need id or project code.
        target: the promised quantity (households served, lamps installed), > 0.
        due: the date it is due.
        standard: the service standard, in words (服务标准).
        joined: ``None`` for an item fixed up front; the date it joined otherwise.

    Examples:
        >>> CommitmentItem(ref="N1", due=dt.date(2025, 6, 30)).target
        1.0
        >>> CommitmentItem(ref="N9", due=dt.date(2025, 6, 30), joined=dt.date(2025, 5, 2)).joined
        datetime.date(2025, 5, 2)
    """

    ref: Id = attrs.field(validator=identifier())
    due: dt.date = attrs.field(validator=plain_date())
    target: float = attrs.field(default=1.0, converter=float, validator=real(1e-12))
    standard: str = ""
    joined: dt.date | None = attrs.field(
        default=None, validator=attrs.validators.optional(plain_date("None or a datetime.date"))
    )


def _trusted_item(ref: str, due: dt.date, joined: dt.date | None) -> CommitmentItem:
    """A :class:`CommitmentItem` from values the library has already checked.

    The district flow builds hundreds of thousands of items from need ids and
    dates it validated on the way in; running the field validators again on
    each is most of the judging stage's time.
    """
    item = object.__new__(CommitmentItem)
    object.__setattr__(item, "ref", ref)
    object.__setattr__(item, "due", due)
    object.__setattr__(item, "target", 1.0)
    object.__setattr__(item, "standard", "")
    object.__setattr__(item, "joined", joined)
    return item


def _within(period: Period) -> str:
    return f"a date within the period, {period.start} to {period.end}"


def _default_window(inst: Commitment) -> dt.date:
    # A bad period is reported by its own validator, which runs first.
    period: object = inst.period
    return _window_end(period, OPENING_WINDOW) if isinstance(period, Period) else dt.date.min


def _check_window(inst: Commitment, _attr: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not dt.date or value not in inst.period:
        raise InvalidValue.for_field("window_ends", value, _within(inst.period))


def _check_standing(inst: Commitment, _attr: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not bool:
        raise InvalidValue.for_field("standing", value, "True or False")


def _check_items(inst: Commitment, _attr: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    if not value and inst.standing is not True:
        raise InvalidValue.for_field(
            "items", value, "at least one CommitmentItem when there is no standing promise"
        )
    seen: set[str] = set()
    for i, item in enumerate(value):
        if not isinstance(item, CommitmentItem):
            raise InvalidValue.for_field(f"items[{i}]", item, "a CommitmentItem")
        if item.ref in seen:
            raise InvalidValue.for_field(f"items[{i}].ref", item.ref, "unique within the commitment")
        seen.add(item.ref)
        if item.joined is not None:
            if inst.standing is not True:
                raise InvalidValue.for_field(
                    f"items[{i}].joined", item.joined, "None when there is no standing promise to join under"
                )
            if item.joined not in inst.period:
                raise InvalidValue.for_field(f"items[{i}].joined", item.joined, _within(inst.period))


def _check_fixed_on(inst: Commitment, _attr: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not dt.date:
        raise InvalidValue.for_field("fixed_on", value, "a datetime.date")
    p = inst.period
    if value not in p:
        raise InvalidValue.for_field(
            "fixed_on", value, f"{_within(p)}: a commitment fixed outside its period is refused"
        )
    if inst.version == 1 and value > inst.window_ends:
        raise InvalidValue.for_field(
            "fixed_on",
            value,
            f"fixed in the opening window from {p.start} to {inst.window_ends}: the one set is fixed "
            "up front, and a later change is a revision",
        )


def _check_previous(inst: Commitment, _attr: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        if inst.version != 1:
            raise InvalidValue.for_field("previous", None, f"the version before {inst.version}")
        return
    if not isinstance(value, Commitment) or value.version != inst.version - 1 or value.id != inst.id:
        raise InvalidValue.for_field(
            "previous", value, f"version {inst.version - 1} of commitment {inst.id!r}"
        )
    if inst.fixed_on < value.fixed_on:
        raise InvalidValue.for_field(
            "fixed_on", inst.fixed_on, f"on or after the previous version's ({value.fixed_on})"
        )


@attrs.frozen(kw_only=True)
class Commitment:
    """The one set (一定): a claimant's public commitments for a period (服务承诺).

    The set is fixed up front: version 1 is fixed in the period's opening
    window, from its start to *window_ends* (by default the end of its first
    month, :func:`opening_window`).  A change is a new version
    (:func:`revise`), fixed within the period; one fixed after the window is
    *late*, kept and marked so (:attr:`late`, :attr:`revised_late`).  Under
    the *standing* promise the claimant also meets the deadlines of the needs
    routed to it during the period: they join the same version as dated items
    (:func:`join`), so a standing commitment may start with no items at all.

    Attributes:
        id: the commitment's id, shared by all its versions.
        claimant: the member or unit that made it.
        period: the period it covers.
        window_ends: the last day of the opening window, within the period.
        standing: whether the claimant promises to meet the deadlines of what
            is routed to it during the period.
        items: what was promised, one :class:`CommitmentItem` per need or
            project; at least one unless *standing*.
        fixed_on: the date this version was fixed: within the opening window
            for version 1, within the period for every version.
        sharers: others who share the claim (co-claimants); they may not review it.
        area: the division code of the served area; residents' reviewers must live in it.
        version: 1 for the first, one more for each revision.
        previous: the version this one revised, kept so no change is silent.

    Examples:
        >>> c = Commitment(id="C1", claimant="m1", period=Period.year(2025),
        ...                fixed_on=dt.date(2025, 1, 10),
        ...                items=[CommitmentItem(ref="N1", due=dt.date(2025, 6, 30))])
        >>> c.version, c.parties, c.window_ends, c.late
        (1, frozenset({'m1'}), datetime.date(2025, 1, 31), False)
        >>> Commitment(id="C2", claimant="m2", period=Period.year(2025),
        ...            fixed_on=dt.date(2025, 3, 1), items=[])
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'fixed_on' must be fixed in the opening window from 2025-01-01
        to 2025-01-31: the one set is fixed up front, and a later change is a revision
        (got datetime.date(2025, 3, 1))
    """

    id: Id = attrs.field(validator=identifier())
    claimant: Id = attrs.field(validator=identifier())
    period: Period = attrs.field(validator=attrs.validators.instance_of(Period))
    window_ends: dt.date = attrs.field(
        default=attrs.Factory(_default_window, takes_self=True), validator=_check_window
    )
    standing: bool = attrs.field(default=True, validator=_check_standing)
    items: tuple[CommitmentItem, ...] = attrs.field(converter=to_tuple, validator=_check_items)
    fixed_on: dt.date = attrs.field(validator=_check_fixed_on)
    sharers: frozenset[str] = attrs.field(default=frozenset(), converter=to_frozenset)
    area: str | None = attrs.field(default=None, validator=attrs.validators.optional(division_code()))
    version: int = attrs.field(default=1, validator=count(1))
    previous: Commitment | None = attrs.field(default=None, validator=_check_previous)

    @property
    def parties(self) -> frozenset[str]:
        """The claimant and the sharers."""
        return self.sharers | {self.claimant}

    @property
    def history(self) -> tuple[Commitment, ...]:
        """Every version, first to this one."""
        out: list[Commitment] = []
        c: Commitment | None = self
        while c is not None:
            out.append(c)
            c = c.previous
        return tuple(reversed(out))

    @property
    def late(self) -> bool:
        """Whether this version was fixed after the opening window (only a revision can be)."""
        return self.fixed_on > self.window_ends

    @property
    def revised_late(self) -> bool:
        """Whether any version in :attr:`history` is :attr:`late`."""
        return any(c.late for c in self.history)


@checked
def join(commitment: Commitment, items: Iterable[CommitmentItem], *, on: dt.date) -> Commitment:
    """Add needs routed to the claimant during the period to its commitment.

    Under the standing promise what is routed to the claimant joins the same
    version as dated items: not a new version, and the items already there
    are kept as they are.  Each joining item gets ``joined=on`` unless it
    already carries a ``joined`` date.

    Args:
        commitment: the current version; its ``standing`` must be True.
        items: the items joining, with refs not already in *commitment*.
        on: the date they joined, within the period.

    Returns:
        *commitment* with the items appended, same version and ``fixed_on``.

    Raises:
        InvalidValue: without the standing promise, for *on* outside the
            period, or for a ref already in the commitment (or given twice).

    Examples:
        >>> c = Commitment(id="C1", claimant="m1", period=Period.year(2025),
        ...                fixed_on=dt.date(2025, 1, 10), items=[])
        >>> c = join(c, [CommitmentItem(ref="N7", due=dt.date(2025, 5, 20))], on=dt.date(2025, 5, 6))
        >>> c.version, [(i.ref, i.joined) for i in c.items]
        (1, [('N7', datetime.date(2025, 5, 6))])
        >>> join(c, [CommitmentItem(ref="N7", due=dt.date(2025, 6, 1))], on=dt.date(2025, 5, 9))
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'items[0].ref' must be not already in commitment 'C1' (got 'N7')
    """
    if commitment.standing is not True:
        raise InvalidValue.for_field(
            "standing", commitment.standing, "True to join items: without the standing promise, revise"
        )
    p = commitment.period
    if type(on) is not dt.date or on not in p:
        raise InvalidValue.for_field("on", on, _within(p))
    have = {i.ref for i in commitment.items}
    given: set[str] = set()
    new: list[CommitmentItem] = []
    for i, item in enumerate(items):
        if not isinstance(item, CommitmentItem):
            raise InvalidValue.for_field(f"items[{i}]", item, "a CommitmentItem")
        if item.ref in have:
            raise InvalidValue.for_field(
                f"items[{i}].ref", item.ref, f"not already in commitment {commitment.id!r}"
            )
        if item.ref in given:
            raise InvalidValue.for_field(f"items[{i}].ref", item.ref, "unique among the items joining")
        given.add(item.ref)
        new.append(item if item.joined is not None else attrs.evolve(item, joined=on))
    return attrs.evolve(commitment, items=(*commitment.items, *new))


@checked
def revise(commitment: Commitment, *, on: dt.date, items: Iterable[CommitmentItem]) -> Commitment:
    """Record a change to a commitment as its next version.

    A revision is fixed within the period, on or after the current version.
    What has fallen due by *on* (``item.due <= on``) is settled: the new
    items must keep it, with the same or a higher target and the same or an
    earlier due date, so that a revision cannot lift completion by dropping,
    lowering or postponing what was already missed.  A revision after the
    opening window is allowed and marked :attr:`~Commitment.late` (and the
    score's ``late_revision``).

    Args:
        commitment: the current version.
        on: the date the new version is fixed, not before the current one's
            and not after the period's end.
        items: the new items.

    Returns:
        Version ``commitment.version + 1``, whose ``previous`` is *commitment*.

    Raises:
        InvalidValue: if *on* is before ``commitment.fixed_on`` or after the
            period, if an item that fell due is dropped, lowered or postponed,
            or if *items* is invalid.

    Examples:
        >>> c1 = Commitment(id="C1", claimant="m1", period=Period.year(2025),
        ...                 fixed_on=dt.date(2025, 1, 10),
        ...                 items=[CommitmentItem(ref="N1", due=dt.date(2025, 6, 30))])
        >>> c2 = revise(c1, on=dt.date(2025, 3, 1),
        ...             items=[CommitmentItem(ref="N1", target=3, due=dt.date(2025, 9, 30))])
        >>> c2.version, c2.previous is c1, [c.items[0].target for c in c2.history], c2.late
        (2, True, [1.0, 3.0], True)
        >>> revise(c2, on=dt.date(2025, 10, 1),
        ...        items=[CommitmentItem(ref="N1", target=1, due=dt.date(2025, 9, 30))])
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'items[0].target' must be at least 3.0 for 'N1': lowering a target
        after it fell due on 2025-09-30 is refused (got 1.0)
    """
    if type(on) is not dt.date:
        raise InvalidValue.for_field("on", on, "a datetime.date")
    end = commitment.period.end
    if on > end:
        raise InvalidValue.for_field(
            "on", on, f"on or before the period's end, {end}: a revision after the period ended is refused"
        )
    if on < commitment.fixed_on:
        raise InvalidValue.for_field(
            "fixed_on", on, f"on or after the previous version's ({commitment.fixed_on})"
        )
    new = to_tuple(items)
    by_ref = {item.ref: (k, item) for k, item in enumerate(new) if isinstance(item, CommitmentItem)}
    for old in commitment.items:
        if old.due > on:
            continue
        found = by_ref.get(old.ref)
        if found is None:
            raise InvalidValue.for_field(
                "items",
                tuple(by_ref),
                f"to keep {old.ref!r}: dropping an item after it fell due on {old.due} is refused",
            )
        k, item = found
        if item.target < old.target:
            raise InvalidValue.for_field(
                f"items[{k}].target",
                item.target,
                f"at least {old.target} for {old.ref!r}: lowering a target after it fell due on "
                f"{old.due} is refused",
            )
        if type(item.due) is dt.date and item.due > old.due:
            raise InvalidValue.for_field(
                f"items[{k}].due",
                item.due,
                f"on or before {old.due} for {old.ref!r}: postponing an item after it fell due on "
                f"{old.due} is refused",
            )
    return attrs.evolve(
        commitment, items=new, fixed_on=on, version=commitment.version + 1, previous=commitment
    )


# --------------------------------------------------------------------------- statements


class StatementKind(LabelledEnum):
    """Which of a claimant's two statements (双述): at the start or at the end of the period.

    Examples:
        >>> StatementKind("closing").zh, StatementKind.OPENING.en
        ('年终述职', 'start-of-period statement')
    """

    OPENING = ("opening", "年初述职", "start-of-period statement")
    CLOSING = ("closing", "年终述职", "end-of-period statement")


def _check_statement_on(inst: Statement, _attr: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not dt.date or value not in inst.period:
        raise InvalidValue.for_field("on", value, _within(inst.period))


def _check_refs(inst: Statement, _attr: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    for i, ref in enumerate(value):
        if not isinstance(ref, str) or not ref or ref != ref.strip():
            raise InvalidValue.for_field(f"refs[{i}]", ref, "a non-empty id without surrounding spaces")


@attrs.frozen(kw_only=True)
class Statement:
    """A claimant's own report on its commitments (述职), kept as data.

    In "双述双评" a claimant states at the start of the period what it will
    do and at its end what it did, before the two reviews.  A statement is
    what the claimant says, not evidence: completion is still scored from
    the fulfilment of the :class:`Commitment`.

    Attributes:
        claimant: the member or unit that made it.
        period: the period it speaks of.
        kind: :attr:`StatementKind.OPENING` or :attr:`StatementKind.CLOSING`.
        on: the date it was made, within the period (an opening statement
            need not fall in the opening window).
        text: what was said.
        refs: the committed items it speaks of, by ref.

    Examples:
        >>> s = Statement(claimant="m1", period=Period.year(2025), kind=StatementKind.CLOSING,
        ...               on=dt.date(2025, 12, 20), text="12 lamps installed", refs=["N1"])
        >>> s.kind.zh, s.refs
        ('年终述职', ('N1',))
        >>> Statement(claimant="m1", period=Period.year(2025), kind=StatementKind.OPENING,
        ...           on=dt.date(2026, 1, 5), text="…")
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'on' must be a date within the period, 2025-01-01 to 2025-12-31
        (got datetime.date(2026, 1, 5))
    """

    claimant: Id = attrs.field(validator=identifier())
    period: Period = attrs.field(validator=attrs.validators.instance_of(Period))
    kind: StatementKind = attrs.field(validator=enum_member(StatementKind))
    on: dt.date = attrs.field(validator=_check_statement_on)
    text: Text = attrs.field(validator=nonblank())
    refs: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=_check_refs)


# --------------------------------------------------------------------------- reviews


def _check_score(inst: Review, _attr: attrs.Attribute[Any], value: object) -> None:
    if (value is None) == (inst.satisfaction is None):
        raise InvalidValue.for_field("score", value, "given when 'satisfaction' is not, and not both")
    if value is not None and not is_real(value):
        raise InvalidValue.for_field("score", value, "a finite number")


@attrs.frozen(kw_only=True)
class Review:
    """One ballot: a reviewer's rating of a reviewee through one channel.

    Exactly one of *satisfaction* and *score* is given.  A score outside the
    rule's scale is accepted here and set aside by :func:`score` as an invalid
    ballot, so that the reason is kept as data.

    Attributes:
        reviewer: who rates.
        reviewee: the claimant rated.
        channel: the channel the ballot came through.
        on: the date it was cast.
        satisfaction: a 满意 / 基本满意 / 不满意 rating, or ``None``.
        score: a 100-point score, or ``None``.
        item: the committed item rated, or ``None`` for the whole commitment.

    Examples:
        >>> Review(reviewer="r1", reviewee="m1", channel=ReviewChannel.RESIDENTS,
        ...        on=dt.date(2025, 12, 1))
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'score' must be given when 'satisfaction' is not, and not both
        (got None)
    """

    reviewer: Id = attrs.field(validator=identifier())
    reviewee: Id = attrs.field(validator=identifier())
    channel: ReviewChannel = attrs.field(validator=enum_member(ReviewChannel))
    on: dt.date = attrs.field(validator=plain_date())
    satisfaction: Satisfaction | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(enum_member(Satisfaction, allowed="a Satisfaction or None")),
    )
    score: float | None = attrs.field(default=None, validator=_check_score)
    item: str | None = None


# --------------------------------------------------------------------------- the rule


def _to_weights(value: Mapping[Any, float] | Iterable[tuple[Any, float]]) -> tuple[tuple[Any, float], ...]:
    pairs = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted(((k, v) for k, v in pairs), key=lambda kv: str(kv[0])))


_NONE_OR_TWO_OR_MORE: Any = attrs.validators.optional(int_at_least(2, "None or an integer of at least 2"))


def _check_weights(inst: ScoringRule, _attr: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    shown = {str(k): v for k, v in value}
    if not value or len({k for k, _ in value}) != len(value):
        raise InvalidValue.for_field("channel_weights", shown, "one weight per channel")
    for k, w in value:
        if type(k) is not ReviewChannel:
            raise InvalidValue.for_field("channel_weights", shown, "keyed by ReviewChannel")
        if not is_real(w) or w < 0:
            raise InvalidValue.for_field(f"channel_weights[{k.value}]", w, "a non-negative number")
    if abs(math.fsum(w for _, w in value) - 1) > 1e-9:
        raise InvalidValue.for_field("channel_weights", shown, "weights summing to 1")
    d = dict(value)
    if inst.residents_first and d.get(ReviewChannel.RESIDENTS, 0.0) < d.get(
        ReviewChannel.ORGANISATIONAL, 0.0
    ):
        raise InvalidValue.for_field(
            "channel_weights",
            shown,
            "weights giving residents at least the organisational weight (residents_first)",
        )


def _check_trim(inst: ScoringRule, _attr: attrs.Attribute[Any], value: int) -> None:
    if inst.trim_above < 2 * value:
        raise InvalidValue.for_field("trim", value, f"at most half of 'trim_above' ({inst.trim_above})")


def _check_scale(inst: ScoringRule, _attr: attrs.Attribute[Any], value: object) -> None:
    ok = (
        isinstance(value, tuple)
        and len(value) == 2
        and all(is_real(x) for x in value)
        and value[0] < value[1]
    )
    if not ok:
        raise InvalidValue.for_field("scale", value, "a pair (low, high) with low < high")


@attrs.frozen(kw_only=True)
class ScoringRule:
    """One version of the two-review scoring rule, in effect from a date.

    The seeds fix the shape: completion of the claimed list plus evaluation
    (seed 001), organisational and residents' review "organically unified" with
    more weight on satisfaction (seed 002), and the three-in-one review of
    dual-managed members (seed 003).  **Every number below is our default**, not
    the seeds'; change it per scheme and cite the local rule in *reference*.

    Attributes:
        effective_from: the first day the version applies.
        description: what the version is, in words.
        reference: where it comes from (a URL or a document number).
        channel_weights: weight of each channel; non-negative, summing to 1.
            Default: residents 0.6, organisational 0.4.
        residents_first: require residents' weight ≥ organisational's
            (default ``True``; seed 002: 加大满意度测评在考核得分中的权重比).
        completion_weight: the share of completion in the total (default 0.4);
            the channels share the rest.
        basic_weight: what a 基本满意 counts for in the satisfaction rate, from
            0 to 1 (default 0.5: half of 满意; rules that count it fully use 1).
        trim_above: trim when there are *more than* this many valid scores
            (default 5).
        trim: how many of the highest and of the lowest scores to drop (default 1).
        quorum: the minimum number of valid ballots for a channel to count (default 3).
        scale: the lowest and highest valid score (default 0 to 100).
        straight_line_min: a reviewer who gives one and the same overall
            100-point score to at least this many reviewees in a channel casts
            invalid ballots (default 3; ``None`` turns the check off).  Satisfaction
            ratings are exempt: rating everyone 满意 is a plausible honest ballot.
        veto_cap: the most a vetoed total may be (一票否决; default 0).
        renormalise: when a weighted channel misses its quorum, share its
            weight among the channels that met theirs (``True``), or report the
            score as not assessable, ``total=None`` (``False``, the default:
            以群众评价为根本标尺 — residents' evaluation is the yardstick, so a
            score without it is no score).

    Examples:
        >>> DEFAULT_RULE.weight(ReviewChannel.RESIDENTS), DEFAULT_RULE.basic_weight
        (0.6, 0.5)
        >>> ScoringRule(effective_from=dt.date(2025, 1, 1), channel_weights={
        ...     ReviewChannel.RESIDENTS: 0.3, ReviewChannel.ORGANISATIONAL: 0.7})
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'channel_weights' must be weights giving residents at least
        the organisational weight (residents_first) (got {'organisational': 0.7, 'residents': 0.3})
    """

    effective_from: dt.date = attrs.field(validator=plain_date())
    description: str = ""
    reference: str = ""
    channel_weights: tuple[tuple[ReviewChannel, float], ...] = attrs.field(
        default=((ReviewChannel.ORGANISATIONAL, 0.4), (ReviewChannel.RESIDENTS, 0.6)),
        converter=_to_weights,
        validator=_check_weights,
    )
    residents_first: bool = True
    completion_weight: float = attrs.field(default=0.4, validator=real(0, 1))
    basic_weight: float = attrs.field(default=0.5, validator=real(0, 1))
    trim_above: int = attrs.field(default=5, validator=count())
    trim: int = attrs.field(default=1, validator=[count(), _check_trim])
    quorum: int = attrs.field(default=3, validator=count(1))
    scale: tuple[float, float] = attrs.field(default=(0.0, 100.0), validator=_check_scale)
    straight_line_min: int | None = attrs.field(default=3, validator=_NONE_OR_TWO_OR_MORE)
    veto_cap: float = attrs.field(default=0.0, validator=real(0))
    renormalise: bool = attrs.field(default=False, validator=of_type(bool, "True or False"))

    @checked
    def weight(self, channel: ReviewChannel) -> float:
        """The weight of *channel* (0 when the rule does not use it)."""
        return dict(self.channel_weights).get(channel, 0.0)


DEFAULT_RULE = ScoringRule(
    effective_from=dt.date(2000, 1, 1),
    description="servicegov default: completion 40%, residents 60% / organisation 40% of the rest",
    reference="DOMAIN.md §6; seeds 001-003 (shape); numbers are servicegov defaults",
)
"""Our default rule, in effect from 2000-01-01; see :class:`ScoringRule`."""


# --------------------------------------------------------------------------- statistics


@checked
def trimmed_mean(values: Sequence[float], *, above: int = 5, trim: int = 1) -> float:
    """The mean after dropping the *trim* highest and lowest, when there are more than *above*.

    Args:
        values: the scores, at least one.
        above: trim only when ``len(values) > above``.
        trim: how many to drop at each end; ``2 * trim`` must not exceed *above*.

    Raises:
        InvalidValue: if *values* is empty or the counts are inconsistent.

    Examples:
        >>> trimmed_mean([60, 80, 80, 80, 80, 100], above=5)
        80.0
        >>> trimmed_mean([60, 80, 80, 80, 100], above=5)
        80.0
        >>> trimmed_mean([50, 80, 80, 80, 80], above=5)
        74.0
    """
    xs = sorted(arg_reals("values", values))
    if not xs:
        raise InvalidValue.for_field("values", values, "at least one score")
    if type(trim) is not int or trim < 0 or type(above) is not int or above < 2 * trim:
        raise InvalidValue.for_field("trim", trim, f"a count from 0 to half of 'above' ({above})")
    if len(xs) > above and trim:
        xs = xs[trim:-trim]
    # fsum then clamping keeps the mean inside [min, max] despite rounding;
    # scores near the float's limit are divided first, lest their sum overflow.
    try:
        mean = math.fsum(xs) / len(xs)
    except OverflowError:
        mean = math.fsum(x / len(xs) for x in xs)
    return min(max(mean, xs[0]), xs[-1])


@checked
def satisfaction_rate(ratings: Iterable[Satisfaction], *, basic_weight: float = 0.5) -> float:
    """The share satisfied: ``(满意 + basic_weight × 基本满意) / all``.

    Examples:
        >>> S = Satisfaction
        >>> satisfaction_rate([S.SATISFIED, S.BASICALLY_SATISFIED, S.DISSATISFIED, S.SATISFIED])
        0.625
        >>> satisfaction_rate([S.BASICALLY_SATISFIED], basic_weight=1)
        1.0
    """
    if not is_real(basic_weight) or not 0 <= basic_weight <= 1:
        raise InvalidValue.for_field("basic_weight", basic_weight, "a number from 0 to 1")
    if isinstance(ratings, str | bytes) or not isinstance(ratings, Iterable):  # type: ignore[redundant-expr]
        raise InvalidValue.for_field("ratings", ratings, "a sequence of Satisfaction ratings")
    ratings = list(ratings)
    for i, r in enumerate(ratings):
        # A string such as "satisfied" would count as neither rating and drag the rate to 0.
        arg_enum(Satisfaction, f"ratings[{i}]", r)
    counts = Counter(ratings)
    n = sum(counts.values())
    if not n:
        raise InvalidValue.for_field("ratings", [], "at least one rating")
    good = counts[Satisfaction.SATISFIED] + basic_weight * counts[Satisfaction.BASICALLY_SATISFIED]
    return min(1.0, good / n)


# --------------------------------------------------------------------------- separation of duties


_WINDOWS: dict[int, tuple[Commitment, dict[str, tuple[dt.date, dt.date]]]] = {}


def _windows(c: Commitment) -> dict[str, tuple[dt.date, dt.date]]:
    """Each item's days held, from joining (or the period's start) to its due date.

    A district's reviewers' commitments come up again for every reviewee they
    rate, so they are kept for the next call (by identity, a bounded few).
    """
    found = _WINDOWS.get(id(c))
    if found is not None and found[0] is c:
        return found[1]
    spans = {item.ref: (item.joined or c.period.start, item.due) for item in c.items}
    if len(_WINDOWS) >= 512:
        _WINDOWS.clear()
    _WINDOWS[id(c)] = (c, spans)
    return spans


@checked
def check_reviews(
    reviews: Iterable[Review],
    *,
    commitments: Iterable[Commitment],
    residence: Mapping[str, str] | None = None,
) -> None:
    """Enforce separation of duties on a set of ballots.

    Rules, each named in the error: ``no-self-review`` (nobody reviews
    themselves); ``no-review-of-own-claim`` (nobody reviews a commitment they
    made or share, nor one that holds an item a commitment of theirs holds over
    overlapping days — from the day it joined, or the period's start, to its due
    date; a unit that held a need before or after the reviewee, as a village
    that passed it up to a department, is not a party to the reviewee's claim);
    ``residents-live-in-area`` (a residents'-channel reviewer of a commitment
    with an *area* must live in it, by division containment).

    Args:
        reviews: the ballots.
        commitments: the commitments in play (the reviewees' and any others,
            to find shared claims).
        residence: reviewer id → division code where they live.

    Raises:
        RuleViolation: at the first broken rule, naming the reviewer and the rule.

    Examples:
        >>> r = Review(reviewer="m1", reviewee="m1", channel=ReviewChannel.RESIDENTS,
        ...            on=dt.date(2025, 12, 1), score=90)
        >>> check_reviews([r], commitments=[])
        Traceback (most recent call last):
            ...
        servicegov.errors.RuleViolation: reviewer 'm1' may not review themselves
        (rule no-self-review, reviews[0])
    """
    commitments = tuple(commitments)
    # Each commitment's items and parties are computed once here, not per ballot,
    # so the cost grows with ballots plus items, not with their product.
    by_claimant: dict[str, list[tuple[Commitment, dict[str, tuple[dt.date, dt.date]], frozenset[str]]]]
    by_claimant = defaultdict(list)
    held_by: dict[str, list[dict[str, tuple[dt.date, dt.date]]]] = defaultdict(list)
    for c in commitments:
        spans = _windows(c)
        parties = c.parties
        by_claimant[c.claimant].append((c, spans, parties))
        for p in parties:
            held_by[p].append(spans)
    for i, r in enumerate(reviews):
        where = f"reviews[{i}]"
        if r.reviewer == r.reviewee:
            msg = f"reviewer {r.reviewer!r} may not review themselves (rule no-self-review, {where})"
            raise RuleViolation(msg, field=f"{where}.reviewer", value=r.reviewer)
        theirs = held_by.get(r.reviewer, ())
        for c, spans, parties in by_claimant.get(r.reviewee, ()):
            # Holding the same need over the same days is a shared claim; holding it
            # before or after (a village that passed it up to a department) is not.
            shared = {ref for ref, (start, due) in spans.items() for other in theirs
                      if (held := other.get(ref)) is not None and held[0] <= due and start <= held[1]}
            if r.reviewer in parties or shared:
                why = "made or shares it" if r.reviewer in parties else f"shares {sorted(shared)}"
                msg = (
                    f"reviewer {r.reviewer!r} may not review commitment {c.id!r} of {r.reviewee!r}: "
                    f"they {why} (rule no-review-of-own-claim, {where})"
                )
                raise RuleViolation(msg, field=f"{where}.reviewer", value=r.reviewer)
            if r.channel is ReviewChannel.RESIDENTS and c.area is not None:
                home = (residence or {}).get(r.reviewer)
                if home is None or not divisions.contains(c.area, home):
                    lives = "has no known residence" if home is None else f"lives in {home}"
                    msg = (
                        f"reviewer {r.reviewer!r} {lives}, outside the served area {c.area} of "
                        f"commitment {c.id!r} (rule residents-live-in-area, {where})"
                    )
                    raise RuleViolation(msg, field=f"{where}.reviewer", value=r.reviewer)


# --------------------------------------------------------------------------- scores


@attrs.frozen(kw_only=True)
class InvalidBallot:
    """A ballot set aside, with the reason as data.

    Examples:
        >>> InvalidBallot(reviewer="o1", reviewee="m1", channel=ReviewChannel.ORGANISATIONAL,
        ...               reason=BallotProblem.OUT_OF_RANGE, detail="120 > 100").reason.zh
        '分数超出范围'
    """

    reviewer: str
    reviewee: str
    channel: ReviewChannel
    reason: BallotProblem
    detail: str = ""


@attrs.frozen(kw_only=True)
class ChannelScore:
    """One channel's result for one reviewee.

    Attributes:
        channel: the channel.
        weight: its weight in the rule.
        valid: the number of valid ballots.
        invalid: the number of ballots set aside.
        invited: how many were asked to review, when known.
        participation: ``(valid + invalid) / invited``, when *invited* is known.
        satisfaction_rate: over the satisfaction ballots, or ``None``.
        mean: the trimmed mean of the score ballots, or ``None``.
        value: the channel's score on the rule's scale: the satisfaction rate
            scaled to it, the trimmed mean, or their average weighted by the
            number of ballots of each kind; ``None`` without quorum.
        quorum_met: whether *valid* reached the rule's quorum.
    """

    channel: ReviewChannel
    weight: float
    valid: int
    invalid: int
    invited: int | None = None
    participation: float | None = None
    satisfaction_rate: float | None = None
    mean: float | None = None
    value: float | None = None
    quorum_met: bool = False


@attrs.frozen(kw_only=True)
class Score:
    """The score of one commitment, with every part kept.

    Attributes:
        reviewee: the claimant.
        commitment: the commitment's id.
        version: the commitment version scored.
        rule_from: the ``effective_from`` of the rule applied.
        completion: the share of the items fulfilled, 0 to 1 (partial pro rata);
            1 for a standing commitment with no items.
        channels: one :class:`ChannelScore` per channel that has a weight or ballots.
        invalid: the ballots set aside, with reasons.
        vetoes: the veto items (一票否决) that apply.
        total: completion and the channels combined, capped when vetoed;
            ``None`` when no weighted channel met its quorum.
        late_revision: whether any version of the commitment was fixed after
            the opening window (:attr:`Commitment.revised_late`); such a
            revision is allowed but shown, not hidden in the total.

    Examples:
        >>> s = Score(reviewee="m1", commitment="C1", version=2, rule_from=dt.date(2000, 1, 1),
        ...           completion=0.75, channels=[], late_revision=True)
        >>> s.late_revision, s.total
        (True, None)
    """

    reviewee: str
    commitment: str
    version: int
    rule_from: dt.date
    completion: float
    channels: tuple[ChannelScore, ...] = attrs.field(converter=to_tuple)
    invalid: tuple[InvalidBallot, ...] = attrs.field(default=(), converter=to_tuple)
    vetoes: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    total: float | None = None
    late_revision: bool = False

    @checked
    def channel(self, channel: ReviewChannel) -> ChannelScore:
        """The result of *channel* (an empty one when it had no weight and no ballots)."""
        for c in self.channels:
            if c.channel is channel:
                return c
        return ChannelScore(channel=channel, weight=0.0, valid=0, invalid=0)


def _completion(commitment: Commitment, fulfilment: Mapping[str, float]) -> float:
    refs = {item.ref for item in commitment.items}
    for ref, done in fulfilment.items():
        if ref not in refs:
            raise InvalidValue.for_field("fulfilment", ref, f"a committed item: one of {sorted(refs)}")
        if not is_real(done) or done < 0:
            raise InvalidValue.for_field(f"fulfilment[{ref!r}]", done, "a non-negative number")
    shares = [min(1.0, fulfilment.get(i.ref, 0.0) / i.target) for i in commitment.items]
    # A standing commitment with nothing claimed and nothing routed to it has nothing unmet.
    return math.fsum(shares) / len(shares) if shares else 1.0


def _straight_liners(reviews: Sequence[Review], minimum: int | None) -> set[tuple[str, ReviewChannel]]:
    if minimum is None:
        return set()
    given: dict[tuple[str, ReviewChannel], dict[str, set[float]]] = defaultdict(lambda: defaultdict(set))
    for r in reviews:
        if r.score is not None and r.item is None:
            given[(r.reviewer, r.channel)][r.reviewee].add(float(r.score))
    out = set()
    for key, per_reviewee in given.items():
        values = set().union(*per_reviewee.values())
        if len(per_reviewee) >= minimum and len(values) == 1:
            out.add(key)
    return out


@checked
def score(
    commitment: Commitment,
    reviews: Iterable[Review],
    rule: ScoringRule | Sequence[ScoringRule],
    *,
    as_of: dt.date,
    fulfilment: Mapping[str, float],
    residence: Mapping[str, str] | None = None,
    commitments: Iterable[Commitment] = (),
    invited: Mapping[ReviewChannel, int] | None = None,
    vetoes: Collection[str] = (),
    raters: Callable[[Review], str | None] | None = None,
) -> Score:
    """Score one commitment: completion plus the channels' reviews.

    *reviews* may hold ballots about other reviewees too: they are used to
    spot straight-line ballots (one reviewer, one score for everyone) and
    otherwise ignored.  Separation of duties (:func:`check_reviews`) is
    enforced on the ballots about this commitment's claimant first.

    The total is ``100 × completion_weight × completion + (1 − completion_weight)
    × Σ w_c × value_c / Σ w_c`` over the weighted channels, with the values on a
    0–100 scale, then capped at ``veto_cap`` when a veto applies.  When a
    weighted channel misses its quorum the total is ``None`` (not assessable),
    unless the rule says ``renormalise=True``: then the sum runs over the
    channels that met theirs.

    Args:
        commitment: the version of the commitment to score.
        reviews: the ballots.
        rule: one rule or its effective-dated versions.
        as_of: the assessment date; ballots cast after it are set aside.
        fulfilment: item ref → quantity delivered (missing items count 0).
        residence: reviewer id → division code, for residents'-channel reviewers.
        commitments: other commitments, to find reviewers who share a claim.
        invited: how many were asked per channel, for the participation rate.
        vetoes: the veto items (一票否决) found, in words.
        raters: who may rate this claimant: a function of a ballot giving
            ``None`` for an allowed rater, or why not, in words; a ballot it
            refuses is set aside as ``rater-not-allowed`` (see
            :data:`servicegov.assessment.RATERS`).

    Returns:
        A :class:`Score`.

    Raises:
        RuleViolation: when a ballot breaks separation of duties.
        NoRuleInEffect: when no version of *rule* has started on *as_of*.
        InvalidValue: for a fulfilment of an unknown item or a negative quantity.

    Examples:
        >>> c = Commitment(id="C1", claimant="m1", period=Period.year(2025),
        ...                fixed_on=dt.date(2025, 1, 10),
        ...                items=[CommitmentItem(ref="N1", due=dt.date(2025, 6, 30))])
        >>> ballots = [Review(reviewer=f"r{i}", reviewee="m1", channel=ReviewChannel.RESIDENTS,
        ...                   on=dt.date(2025, 12, 1), score=s) for i, s in enumerate([70, 90, 90])]
        >>> s = score(c, ballots, DEFAULT_RULE, as_of=dt.date(2025, 12, 31), fulfilment={"N1": 1})
        >>> s.channel(ReviewChannel.ORGANISATIONAL).quorum_met, s.total
        (False, None)
        >>> lenient = attrs.evolve(DEFAULT_RULE, renormalise=True)
        >>> score(c, ballots, lenient, as_of=dt.date(2025, 12, 31), fulfilment={"N1": 1}).total
        90.0
        >>> score(c, ballots, lenient, as_of=dt.date(2025, 12, 31), fulfilment={"N1": 1},
        ...       vetoes=["safety accident"]).total
        0.0
    """
    versions = (rule,) if isinstance(rule, ScoringRule) else tuple(rule)
    check_versions(versions, "rule")
    r = in_effect(versions, as_of, "scoring rule")
    everything = tuple(reviews)
    mine = [b for b in everything if b.reviewee == commitment.claimant]
    check_reviews(mine, commitments=(commitment, *commitments), residence=residence)
    completion = _completion(commitment, fulfilment)

    liners = _straight_liners(everything, r.straight_line_min)
    refs = {item.ref for item in commitment.items}
    low, high = r.scale
    invalid: list[InvalidBallot] = []
    valid: dict[ReviewChannel, list[Review]] = defaultdict(list)
    bad: Counter[ReviewChannel] = Counter()
    seen: set[tuple[str, ReviewChannel, str | None]] = set()

    def reject(b: Review, reason: BallotProblem, detail: str) -> None:
        invalid.append(
            InvalidBallot(
                reviewer=b.reviewer, reviewee=b.reviewee, channel=b.channel, reason=reason, detail=detail
            )
        )
        bad[b.channel] += 1

    for b in mine:
        key = (b.reviewer, b.channel, b.item)
        why_not = raters(b) if raters is not None else None
        if why_not is not None:
            reject(b, BallotProblem.RATER_NOT_ALLOWED, why_not)
        elif b.on > as_of:
            reject(b, BallotProblem.OUT_OF_PERIOD, f"cast {b.on} after {as_of}")
        elif b.item is not None and b.item not in refs:
            reject(b, BallotProblem.UNKNOWN_ITEM, f"item {b.item!r}")
        elif key in seen:
            reject(b, BallotProblem.DUPLICATE, "a second ballot from the same reviewer")
        elif b.score is not None and not low <= b.score <= high:
            reject(b, BallotProblem.OUT_OF_RANGE, f"{b.score} outside {low} to {high}")
        elif b.score is not None and (b.reviewer, b.channel) in liners:
            reject(b, BallotProblem.STRAIGHT_LINE, f"{b.score} for every reviewee")
        else:
            valid[b.channel].append(b)
        seen.add(key)

    channels: list[ChannelScore] = []
    used = {c for c, w in r.channel_weights} | set(valid) | set(bad)
    for ch in sorted(used, key=lambda c: list(ReviewChannel).index(c)):
        ballots = valid.get(ch, [])
        ratings = [b.satisfaction for b in ballots if b.satisfaction is not None]
        scores = [float(b.score) for b in ballots if b.score is not None]
        rate = satisfaction_rate(ratings, basic_weight=r.basic_weight) if ratings else None
        mean = trimmed_mean(scores, above=r.trim_above, trim=r.trim) if scores else None
        parts = []
        if rate is not None:
            parts.append((low + rate * (high - low), len(ratings)))
        if mean is not None:
            parts.append((mean, len(scores)))
        met = len(ballots) >= r.quorum
        value = math.fsum(v * n for v, n in parts) / len(ballots) if parts and met else None
        asked = None if invited is None else invited.get(ch)
        cast = len(ballots) + bad[ch]
        participation = cast / asked if asked else None
        channels.append(
            ChannelScore(
                channel=ch,
                weight=r.weight(ch),
                valid=len(ballots),
                invalid=bad[ch],
                invited=asked,
                participation=participation,
                satisfaction_rate=rate,
                mean=mean,
                value=value,
                quorum_met=met,
            )
        )

    counted = [(c.weight, c.value) for c in channels if c.weight > 0 and c.value is not None]
    weighted = [c for c in channels if c.weight > 0]
    total: float | None = None
    if counted and (r.renormalise or len(counted) == len(weighted)):
        weight = math.fsum(w for w, _ in counted)
        to_100 = 100.0 / (high - low)
        reviewed = math.fsum(w * (v - low) * to_100 for w, v in counted) / weight
        total = 100.0 * r.completion_weight * completion + (1 - r.completion_weight) * reviewed
        # Rounded so that equal work gives equal totals whatever the summation order.
        total = round(total, 9)
        if vetoes:
            total = min(total, r.veto_cap)
    return Score(
        reviewee=commitment.claimant,
        commitment=commitment.id,
        version=commitment.version,
        rule_from=r.effective_from,
        completion=completion,
        channels=channels,
        invalid=invalid,
        vetoes=tuple(sorted(vetoes)),
        total=total,
        late_revision=commitment.revised_late,
    )


# --------------------------------------------------------------------------- agreement


@checked
def channel_agreement(
    scores: Iterable[Score],
    *,
    first: ReviewChannel = ReviewChannel.ORGANISATIONAL,
    second: ReviewChannel = ReviewChannel.RESIDENTS,
    cuts: Sequence[float] = (60.0, 85.0),
    weights: str | None = "linear",
) -> float:
    """Cohen's kappa between two channels over reviewees.

    Each channel value is banded by *cuts* (default: below 60, 60 to below 85,
    85 and above — our default bands, matching 不满意 / 基本满意 / 满意), and the
    bands compared with :func:`servicegov.agreement.cohen_kappa`.  Reviewees
    where either channel has no value are left out.

    Raises:
        InvalidValue: if no reviewee has both values.

    Examples:
        >>> def s(o, r):
        ...     return Score(reviewee="x", commitment="c", version=1, rule_from=dt.date(2025, 1, 1),
        ...                  completion=1, channels=[
        ...         ChannelScore(channel=ReviewChannel.ORGANISATIONAL, weight=.4, valid=3,
        ...                      invalid=0, value=o),
        ...         ChannelScore(channel=ReviewChannel.RESIDENTS, weight=.6, valid=3,
        ...                      invalid=0, value=r)])
        >>> channel_agreement([s(90, 95), s(70, 80), s(50, 40)])
        1.0
    """
    cut = sorted(float(c) for c in cuts)

    def band(v: float) -> int:
        return sum(v >= c for c in cut)

    a: list[int] = []
    b: list[int] = []
    for sc in scores:
        x, y = sc.channel(first).value, sc.channel(second).value
        if x is not None and y is not None:
            a.append(band(x))
            b.append(band(y))
    if not a:
        raise InvalidValue.for_field(
            "scores", "none with both channels", "at least one reviewee rated by both"
        )
    w = weights if weights in ("linear", "quadratic") else None
    if weights is not None and w is None:
        raise InvalidValue.for_field("weights", weights, "one of None, 'linear', 'quadratic'")
    return cohen_kappa(a, b, w, labels=list(range(len(cut) + 1)))  # type: ignore[arg-type]


# The draw of evaluators moved to servicegov.surveys with the other draws of
# the people who evaluate; the old names are served from there, with a
# warning, for one minor release (docs/serialization.md's policy).
__getattr__ = renamed(
    __name__,
    {},
    moved=dict.fromkeys(("Draw", "Resident", "draw_evaluators", "verify_draw"), "servicegov.surveys"),
)
