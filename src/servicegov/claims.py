"""Claiming (认领): who may claim which need or project, capacity, wait lists.

Needs are not dispatched like parcels: people and units *claim* them.  In
Xinzhou an individual need of a special-hardship household is claimed by an
individual cadre (党员干部个人进村认领), a common need collectively by a unit
(单位集体认领), and the district departments claim the lists of their linked
villages (联系村).  In Zhifu members voluntarily claim the convenience-service
projects of their communities' catalogues that match their hobbies and skills
(爱好特长).

* :class:`Claim` -- one claim, its status and its history; the pure functions
  :func:`begin`, :func:`report_progress`, :func:`fulfil`, :func:`withdraw` and
  :func:`lapse` move it on.
* :class:`ClaimBook` -- the claims of a district; :func:`claim` adds one after
  checking every rule (:class:`ClaimRule`), :func:`replace_claim` records a status
  change, :func:`lapse_overdue` lapses what is past due, :func:`join_wait_list`
  queues a request for a full claimant or project.
* Claiming whole lists -- who is eligible, preferences and weights, and the
  drivers ``assign_claims`` (in one of three :class:`ClaimMode` s) and
  ``catalogue_claims`` (Zhifu's voluntary catalogue) -- is
  :mod:`servicegov.claiming`; the names stay importable from here, with a
  warning, for one minor release.

Examples:
    >>> import datetime as dt
    >>> from servicegov.claims import ClaimBook, ClaimKind, claim, fulfil, replace_claim
    >>> from servicegov.needs import Group, Need, NeedKind, Scope
    >>> from servicegov.org import Member, Organisation, Role, Tier, Unit
    >>> org = Organisation(
    ...     units=[Unit(id="D", name="区委", division="420117000000", tier=Tier.DISTRICT)],
    ...     members=[Member(id="m1", home_branch="D", division="420117000000",
    ...                     role=Role.CADRE, capacity=1)],
    ...     backstop="D",
    ... )
    >>> need = Need(id="N1", village="420117101201", kind=NeedKind.LIVELIHOOD,
    ...             category="elderly-care", scope=Scope.INDIVIDUAL, households=("h1",),
    ...             groups={Group.SPECIAL_HARDSHIP}, collected=dt.date(2025, 3, 3))
    >>> book = claim(ClaimBook(), need, "m1", kind=ClaimKind.PERSONAL,
    ...              on=dt.date(2025, 3, 10), due=dt.date(2025, 4, 10), organisation=org)
    >>> c = book.claims[0]
    >>> c.claimant, c.need_id, c.status.value, c.through_branch
    ('m1', 'N1', 'claimed', 'D')
    >>> book.load("m1")
    1
    >>> book = replace_claim(book, fulfil(c, on=dt.date(2025, 3, 20)))
    >>> book.load("m1"), book.get(c.id).status.value
    (0, 'fulfilled')
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from servicegov._arguments import checked
from servicegov._convert import to_tuple
from servicegov._deprecation import renamed
from servicegov._enum import LabelledEnum
from servicegov._numbers import is_real
from servicegov._types import Id
from servicegov._validators import arg_enum, enum_member, identifier, plain_date
from servicegov.errors import DuplicateId, IllegalTransition, InvalidValue, RuleViolation, UnknownReference
from servicegov.needs import Group, Need, Scope, ServiceItem
from servicegov.org import ContactStatus, Member, Organisation, Unit

__all__ = [
    "Claim",
    "ClaimBook",
    "ClaimKind",
    "ClaimMode",
    "ClaimRule",
    "ClaimRuleViolation",
    "ClaimRules",
    "ClaimStatus",
    "ClaimantKind",
    "Offer",
    "WaitEntry",
    "WaitList",
    "begin",
    "claim",
    "fulfil",
    "join_wait_list",
    "lapse",
    "lapse_overdue",
    "replace_claim",
    "report_progress",
    "withdraw",
]


def __dir__() -> list[str]:
    return __all__


class ClaimKind(LabelledEnum):
    """How a need or project is claimed.

    * ``PERSONAL`` -- a member (a cadre) claims an individual need of a
      special-hardship household (个人认领).
    * ``COLLECTIVE`` -- a unit claims a common need (集体认领).
    * ``LINKED`` -- a unit claims an individual need of a village it is linked to
      (联系部门认领); what is neither personal nor collective in Xinzhou.
    * ``VOLUNTARY`` -- a member voluntarily claims a catalogue project or an
      ordinary individual need (自愿认领, Zhifu).
    """

    PERSONAL = ("personal", "个人认领", "personal claim")
    COLLECTIVE = ("collective", "集体认领", "collective claim")
    LINKED = ("linked", "联系部门认领", "claim by a linked department")
    VOLUNTARY = ("voluntary", "自愿认领", "voluntary claim")


class ClaimantKind(LabelledEnum):
    """Whether a person or a unit claims."""

    MEMBER = ("member", "党员个人", "member")
    UNIT = ("unit", "单位", "unit")


class ClaimStatus(LabelledEnum):
    """Where a claim stands; the last three are final."""

    CLAIMED = ("claimed", "已认领", "claimed")
    IN_PROGRESS = ("in-progress", "办理中", "in progress")
    PARTIAL = ("partial", "部分完成", "partially fulfilled")
    FULFILLED = ("fulfilled", "已完成", "fulfilled")
    WITHDRAWN = ("withdrawn", "已撤回", "withdrawn")
    LAPSED = ("lapsed", "逾期失效", "lapsed")

    @property
    def live(self) -> bool:
        """Whether a claim in this status holds its need and its claimant's capacity."""
        return self in _LIVE


_LIVE = frozenset({ClaimStatus.CLAIMED, ClaimStatus.IN_PROGRESS, ClaimStatus.PARTIAL})
_NEXT: dict[ClaimStatus, frozenset[ClaimStatus]] = {
    ClaimStatus.CLAIMED: frozenset(
        {ClaimStatus.IN_PROGRESS, ClaimStatus.PARTIAL, ClaimStatus.FULFILLED,
         ClaimStatus.WITHDRAWN, ClaimStatus.LAPSED}
    ),
    ClaimStatus.IN_PROGRESS: frozenset(
        {ClaimStatus.PARTIAL, ClaimStatus.FULFILLED, ClaimStatus.WITHDRAWN, ClaimStatus.LAPSED}
    ),
    ClaimStatus.PARTIAL: frozenset(
        {ClaimStatus.PARTIAL, ClaimStatus.FULFILLED, ClaimStatus.WITHDRAWN, ClaimStatus.LAPSED}
    ),
    ClaimStatus.FULFILLED: frozenset(),
    ClaimStatus.WITHDRAWN: frozenset(),
    ClaimStatus.LAPSED: frozenset(),
}


class ClaimMode(LabelledEnum):
    """How :func:`assign_claims` matches needs and claimants."""

    GREEDY = ("greedy", "按轻重缓急认领", "greedy by priority")
    STABLE = ("stable", "稳定匹配", "stable matching")
    OPTIMAL = ("optimal", "最优匹配", "maximum-weight matching")


class ClaimRule(LabelledEnum):
    """The rules a claim must keep; a broken one raises :class:`ClaimRuleViolation`."""

    ONE_CLAIMANT = ("one-claimant", "一项需求只由一方认领", "one live claimant per need")
    SHARES = ("shares", "共同认领份额之和不超过1", "co-claimants' shares sum to at most 1")
    CAPACITY = ("capacity", "不超出认领能力", "a claimant never goes over capacity")
    PROJECT_CAPACITY = ("project-capacity", "不超出项目名额", "a project never goes over capacity")
    SKILLS = ("skills", "具备所需技能", "the claimant has the required skills")
    PERSONAL_SCOPE = (
        "personal-scope", "个人认领限特困群体个性需求",
        "personal claims: individual needs of special-hardship households, by members",
    )
    COLLECTIVE_SCOPE = (
        "collective-scope", "集体认领限共性需求", "collective claims: common needs, by units",
    )
    LINKED_SCOPE = (
        "linked-scope", "联系部门认领限联系村个性需求",
        "linked claims: individual needs of a linked village, by units",
    )
    VOLUNTARY_SCOPE = (
        "voluntary-scope", "自愿认领限党员认领项目或个性需求",
        "voluntary claims: projects or individual needs, by members",
    )
    OWN_BRANCH = ("own-branch", "通过所属支部认领", "a member claims through their own branches")
    IN_CONTACT = ("in-contact", "失联党员不能认领", "a lost-contact member cannot claim")


class ClaimRuleViolation(RuleViolation):
    """A claim would break a :class:`ClaimRule`; names the claimant and the rule.

    Attributes:
        claimant: the claimant's id.
        rule: the rule broken.
        detail: what breaks it, in words.

    Examples:
        >>> e = ClaimRuleViolation("m1", ClaimRule.CAPACITY, "3 live claims of 3")
        >>> print(e)
        claimant 'm1' breaks rule 'capacity' (a claimant never goes over capacity): 3 live claims of 3
        >>> e.claimant, e.rule
        ('m1', <ClaimRule.CAPACITY>)
    """

    claimant: str
    rule: ClaimRule
    detail: str

    def __init__(self, claimant: str, rule: ClaimRule, detail: str) -> None:
        msg = f"claimant {claimant!r} breaks rule {rule.value!r} ({rule.en}): {detail}"
        super().__init__(msg, field="claimant", value=claimant, allowed=rule.en)
        self.claimant = claimant
        self.rule = rule
        self.detail = detail

    def __reduce__(self) -> Any:
        # The detail is kept as given: read back from the message, it would be cut at a
        # claimant id that holds "): " itself.
        return (type(self), (self.claimant, self.rule, self.detail))


# --------------------------------------------------------------------------- Claim


def _check_share(value: object, field: str = "share") -> float:
    if not is_real(value) or not 0 < value <= 1:  # type: ignore[operator]
        raise InvalidValue.for_field(field, value, "a number with 0 < share <= 1")
    return float(value)  # type: ignore[arg-type]


_MEMBER_KINDS = frozenset({ClaimKind.PERSONAL, ClaimKind.VOLUNTARY})


def _first_history(self: Claim) -> tuple[tuple[dt.date, ClaimStatus], ...]:
    return ((self.claimed_on, ClaimStatus.CLAIMED),)


@attrs.frozen(kw_only=True, eq=False)
class Claim:
    """One claim of a need or a catalogue project (an entity: equal by ``id``).

    Attributes:
        id: unique in a :class:`ClaimBook`.
        claimant: the member id or unit id that claims.
        claimant_kind: member or unit.
        need_id: the need claimed, or ``None`` for a project.
        project: the catalogue project (``ServiceItem.code``) claimed, or ``None``.
        kind: personal, collective, linked or voluntary.
        claimed_on, due_on: when it was claimed and when it is due.
        status: where it stands.
        fulfilled: the share done, 0 to 1 (strictly between for ``PARTIAL``,
            1 for ``FULFILLED``).
        through_branch: the branch a member claims through (home or activity
            branch); ``None`` for a unit.
        share: this claimant's share of a common need with co-claimants.
        history: the ``(date, status)`` transitions, first ``(claimed_on, CLAIMED)``.

    Raises:
        InvalidValue: naming the field, for any inconsistent value.

    Examples:
        >>> import datetime as dt
        >>> c = Claim(id="c1", claimant="U1", claimant_kind=ClaimantKind.UNIT,
        ...           need_id="N1", kind=ClaimKind.COLLECTIVE,
        ...           claimed_on=dt.date(2025, 3, 1), due_on=dt.date(2025, 4, 1))
        >>> c.history
        ((datetime.date(2025, 3, 1), <ClaimStatus.CLAIMED>),)
        >>> c == attrs.evolve(c, share=0.5), c.target
        (True, 'N1')
        >>> Claim(id="c2", claimant="U1", claimant_kind=ClaimantKind.UNIT, need_id="N1",
        ...       project="P1", kind=ClaimKind.COLLECTIVE, claimed_on=dt.date(2025, 3, 1),
        ...       due_on=dt.date(2025, 4, 1))
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'need_id' must be given, or 'project', but not both (got ('N1', 'P1'))
    """

    id: Id = attrs.field(validator=identifier())
    claimant: Id = attrs.field(validator=identifier())
    claimant_kind: ClaimantKind = attrs.field(validator=enum_member(ClaimantKind))
    need_id: str | None = None
    project: str | None = None
    kind: ClaimKind = attrs.field(validator=enum_member(ClaimKind))
    claimed_on: dt.date = attrs.field(validator=plain_date())
    due_on: dt.date = attrs.field(validator=plain_date())
    status: ClaimStatus = attrs.field(
        default=ClaimStatus.CLAIMED, validator=enum_member(ClaimStatus)
    )
    fulfilled: float = 0.0
    through_branch: str | None = None
    share: float = 1.0
    history: tuple[tuple[dt.date, ClaimStatus], ...] = attrs.field(
        default=attrs.Factory(_first_history, takes_self=True), converter=to_tuple
    )

    def __attrs_post_init__(self) -> None:
        if (self.need_id is None) == (self.project is None):
            raise InvalidValue.for_field(
                "need_id", (self.need_id, self.project), "given, or 'project', but not both"
            )
        if self.due_on < self.claimed_on:
            raise InvalidValue.for_field("due_on", self.due_on, f"on or after {self.claimed_on}")
        member_kind = self.kind in _MEMBER_KINDS
        if member_kind != (self.claimant_kind is ClaimantKind.MEMBER):
            raise InvalidValue.for_field(
                "claimant_kind", self.claimant_kind.value,
                f"{'member' if member_kind else 'unit'} for a {self.kind.value} claim",
            )
        if self.project is not None and self.kind is not ClaimKind.VOLUNTARY:
            raise InvalidValue.for_field("kind", self.kind.value, "'voluntary' for a project")
        if self.through_branch is not None and not member_kind:
            raise InvalidValue.for_field("through_branch", self.through_branch, "None for a unit")
        _check_share(self.share)
        q: float = self.fulfilled
        if not is_real(q) or not 0 <= q <= 1:
            raise InvalidValue.for_field("fulfilled", q, "a number from 0 to 1")
        if self.status is ClaimStatus.PARTIAL and not 0 < q < 1:
            raise InvalidValue.for_field("fulfilled", q, "strictly between 0 and 1 when partial")
        if self.status is ClaimStatus.FULFILLED and q != 1:
            raise InvalidValue.for_field("fulfilled", q, "1 when fulfilled")
        h = self.history
        if not h or h[0] != (self.claimed_on, ClaimStatus.CLAIMED) or h[-1][1] is not self.status:
            raise InvalidValue.for_field(
                "history", h, "transitions from (claimed_on, CLAIMED) to the current status"
            )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Claim):
            return NotImplemented
        return self.id == other.id

    def __hash__(self) -> int:
        return hash(self.id)

    @property
    def target(self) -> str:
        """The need id or project code claimed."""
        return self.need_id if self.need_id is not None else str(self.project)

    @property
    def live(self) -> bool:
        """Whether it still holds its need and its claimant's capacity."""
        return self.status in _LIVE


def _check_move(c: Claim, to: ClaimStatus) -> None:
    if to not in _NEXT[c.status]:
        raise IllegalTransition(
            f"claim {c.id!r} cannot go from {c.status.value!r} to {to.value!r}",
            field="status", value=c.status.value,
            allowed=", ".join(sorted(s.value for s in _NEXT[c.status])) or "nothing (final)",
        )


def _move(c: Claim, to: ClaimStatus, on: dt.date, fulfilled: float | None = None) -> Claim:
    _check_move(c, to)
    if type(on) is not dt.date or on < c.history[-1][0]:
        raise InvalidValue.for_field("on", on, f"a date on or after {c.history[-1][0]}")
    return attrs.evolve(
        c, status=to, fulfilled=c.fulfilled if fulfilled is None else fulfilled,
        history=(*c.history, (on, to)),
    )


@checked
def begin(c: Claim, *, on: dt.date) -> Claim:
    """Start work on a claim: ``claimed`` → ``in progress``.

    Raises:
        IllegalTransition: naming the claim and both statuses.
        InvalidValue: when *on* is before the last transition.

    Examples:
        >>> import datetime as dt
        >>> c = Claim(id="c1", claimant="m1", claimant_kind=ClaimantKind.MEMBER, need_id="N1",
        ...           kind=ClaimKind.VOLUNTARY, claimed_on=dt.date(2025, 3, 1),
        ...           due_on=dt.date(2025, 4, 1))
        >>> begin(c, on=dt.date(2025, 3, 2)).status.value
        'in-progress'
        >>> begin(begin(c, on=dt.date(2025, 3, 2)), on=dt.date(2025, 3, 3))
        Traceback (most recent call last):
            ...
        servicegov.errors.IllegalTransition: claim 'c1' cannot go from 'in-progress' to 'in-progress'
    """
    return _move(c, ClaimStatus.IN_PROGRESS, on)


@checked
def report_progress(c: Claim, quantity: float, *, on: dt.date) -> Claim:
    """Record partial fulfilment: the share done, ``0 < quantity < 1``, never less than before.

    Raises:
        InvalidValue: for a quantity out of range or below the last one reported.
        IllegalTransition: from a final status.

    Examples:
        >>> import datetime as dt
        >>> c = Claim(id="c1", claimant="m1", claimant_kind=ClaimantKind.MEMBER, need_id="N1",
        ...           kind=ClaimKind.VOLUNTARY, claimed_on=dt.date(2025, 3, 1),
        ...           due_on=dt.date(2025, 4, 1))
        >>> c = report_progress(c, 0.4, on=dt.date(2025, 3, 5))
        >>> c.status.value, c.fulfilled
        ('partial', 0.4)
        >>> report_progress(c, 1.0, on=dt.date(2025, 3, 6))
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'quantity' must be a number with 0.4 <= quantity < 1 (got 1.0)
    """
    # A final claim takes no more progress: say so, not that no quantity would do.
    _check_move(c, ClaimStatus.PARTIAL)
    q = quantity
    if not is_real(q) or not (c.fulfilled <= q < 1 and q > 0):
        raise InvalidValue.for_field(
            "quantity", q, f"a number with {max(c.fulfilled, 0.0)} <= quantity < 1"
            if c.fulfilled > 0 else "a number with 0 < quantity < 1",
        )
    return _move(c, ClaimStatus.PARTIAL, on, float(q))


@checked
def fulfil(c: Claim, *, on: dt.date) -> Claim:
    """Mark a live claim fulfilled (``fulfilled`` becomes 1).

    Examples:
        >>> import datetime as dt
        >>> c = Claim(id="c1", claimant="m1", claimant_kind=ClaimantKind.MEMBER, need_id="N1",
        ...           kind=ClaimKind.VOLUNTARY, claimed_on=dt.date(2025, 3, 1),
        ...           due_on=dt.date(2025, 4, 1))
        >>> [s.value for _, s in fulfil(c, on=dt.date(2025, 3, 9)).history]
        ['claimed', 'fulfilled']
    """
    return _move(c, ClaimStatus.FULFILLED, on, 1.0)


@checked
def withdraw(c: Claim, *, on: dt.date) -> Claim:
    """Withdraw a live claim; the need goes back to the pool.

    Examples:
        >>> import datetime as dt
        >>> c = Claim(id="c1", claimant="m1", claimant_kind=ClaimantKind.MEMBER, need_id="N1",
        ...           kind=ClaimKind.VOLUNTARY, claimed_on=dt.date(2025, 3, 1),
        ...           due_on=dt.date(2025, 4, 1))
        >>> withdraw(c, on=dt.date(2025, 3, 2)).live
        False
    """
    return _move(c, ClaimStatus.WITHDRAWN, on)


@checked
def lapse(c: Claim, *, on: dt.date) -> Claim:
    """Lapse a live claim that missed its due date; the need goes back to the pool.

    Examples:
        >>> import datetime as dt
        >>> c = Claim(id="c1", claimant="m1", claimant_kind=ClaimantKind.MEMBER, need_id="N1",
        ...           kind=ClaimKind.VOLUNTARY, claimed_on=dt.date(2025, 3, 1),
        ...           due_on=dt.date(2025, 4, 1))
        >>> lapse(c, on=dt.date(2025, 4, 2)).status.value
        'lapsed'
    """
    return _move(c, ClaimStatus.LAPSED, on)


# --------------------------------------------------------------------------- rules


def _skill_pairs(value: Mapping[str, Iterable[str]] | Iterable[tuple[str, Iterable[str]]]) -> Any:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((str(k), frozenset(v)) for k, v in items))


@attrs.frozen(kw_only=True)
class ClaimRules:
    """Policy knobs for claiming.

    Attributes:
        required_skills: ``{category: skills}``; a member claiming a need of that
            category must have every one of them (units are not checked).
        co_claimants: whether a common need may have several live claimants,
            each with a share (shares summing to at most 1).

    Examples:
        >>> r = ClaimRules(required_skills={"legal-aid": {"law"}})
        >>> sorted(r.skills_for("legal-aid")), sorted(r.skills_for("culture"))
        (['law'], [])
    """

    required_skills: tuple[tuple[str, frozenset[str]], ...] = attrs.field(
        default=(), converter=_skill_pairs
    )
    co_claimants: bool = False

    @checked
    def skills_for(self, category: str) -> frozenset[str]:
        """The skills a member needs to claim a need of *category*."""
        for k, v in self.required_skills:
            if k == category:
                return v
        return frozenset()


# --------------------------------------------------------------------------- book


@attrs.frozen(kw_only=True)
class WaitEntry:
    """One queued request: a need or project waiting for a claimant, or a claimant for a project."""

    request: str
    joined: dt.date


@attrs.frozen(kw_only=True)
class WaitList:
    """First in, first out: the requests waiting for a full claimant or project (*target*)."""

    target: str
    entries: tuple[WaitEntry, ...] = attrs.field(default=(), converter=to_tuple)


@attrs.frozen(kw_only=True)
class Offer:
    """A freed place offered to the first waiting request: *request* may now claim with *target*."""

    target: str
    request: str
    on: dt.date


@attrs.frozen(kw_only=True)
class ClaimBook:
    """The claims of a district, its wait lists and the offers of freed places.

    Raises:
        DuplicateId: when two claims share an id.

    Examples:
        >>> ClaimBook().claims, ClaimBook().load("m1")
        ((), 0)
    """

    claims: tuple[Claim, ...] = attrs.field(default=(), converter=to_tuple)
    wait_lists: tuple[WaitList, ...] = attrs.field(default=(), converter=to_tuple)
    offers: tuple[Offer, ...] = attrs.field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for i, c in enumerate(self.claims):
            if c.id in seen:
                raise DuplicateId.for_field(f"claims[{i}].id", c.id, "unique")
            seen.add(c.id)

    @functools.cached_property
    def _by_id(self) -> dict[str, int]:
        return {c.id: i for i, c in enumerate(self.claims)}

    @functools.cached_property
    def _live_by_claimant(self) -> Counter[str]:
        return Counter(c.claimant for c in self.claims if c.live)

    @functools.cached_property
    def _live_by_target(self) -> dict[str, tuple[Claim, ...]]:
        out: dict[str, list[Claim]] = {}
        for c in self.claims:
            if c.live:
                out.setdefault(c.target, []).append(c)
        return {k: tuple(v) for k, v in out.items()}

    @checked
    def get(self, claim_id: str) -> Claim:
        """The claim with *claim_id*.

        Raises:
            UnknownReference: when there is none.
        """
        try:
            return self.claims[self._by_id[claim_id]]
        except KeyError:
            raise UnknownReference.for_field("claim_id", claim_id, "a claim of the book") from None

    @checked
    def load(self, claimant: str) -> int:
        """How many live claims *claimant* holds."""
        return self._live_by_claimant.get(claimant, 0)

    @checked
    def live_on(self, target: str) -> tuple[Claim, ...]:
        """The live claims of a need id or project code."""
        return self._live_by_target.get(target, ())

    @checked
    def wait_list(self, target: str) -> WaitList:
        """The wait list of a claimant or project (empty if none)."""
        for w in self.wait_lists:
            if w.target == target:
                return w
        return WaitList(target=target)

    def by_kind(self) -> dict[str, int]:
        """Counts of claims by kind value, sorted by kind value."""
        return dict(sorted(Counter(c.kind.value for c in self.claims).items()))


def _violation(claimant: str, rule: ClaimRule, detail: str) -> ClaimRuleViolation:
    return ClaimRuleViolation(claimant, rule, detail)


def _resolve(organisation: Organisation, claimant: Member | Unit | str) -> Member | Unit:
    if isinstance(claimant, (Member, Unit)):
        return claimant
    try:
        return organisation.member(claimant, field="claimant")
    except UnknownReference:
        if organisation.has_unit(claimant):
            return organisation.unit(claimant)
        raise UnknownReference.for_field("claimant", claimant, "a member id or unit id") from None


def _check_scope(who: Member | Unit, target: Need | ServiceItem, kind: ClaimKind,
                 organisation: Organisation) -> None:
    is_member = isinstance(who, Member)
    if isinstance(target, ServiceItem):
        if kind is not ClaimKind.VOLUNTARY or not is_member:
            raise _violation(who.id, ClaimRule.VOLUNTARY_SCOPE,
                             f"project {target.code!r} can only be claimed voluntarily by a member")
        return
    need = target
    if kind is ClaimKind.PERSONAL:
        if not is_member:
            raise _violation(who.id, ClaimRule.PERSONAL_SCOPE, "a unit cannot claim personally")
        if need.scope is not Scope.INDIVIDUAL or Group.SPECIAL_HARDSHIP not in need.groups:
            raise _violation(who.id, ClaimRule.PERSONAL_SCOPE,
                             f"need {need.id!r} is not an individual need of a special-hardship "
                             "household")
    elif kind is ClaimKind.COLLECTIVE:
        if is_member:
            raise _violation(who.id, ClaimRule.COLLECTIVE_SCOPE,
                             "a member cannot claim collectively")
        if need.scope is not Scope.COMMON:
            raise _violation(who.id, ClaimRule.COLLECTIVE_SCOPE,
                             f"need {need.id!r} is not a common need")
    elif kind is ClaimKind.LINKED:
        if is_member:
            raise _violation(who.id, ClaimRule.LINKED_SCOPE, "a member is not a linked department")
        assert isinstance(who, Unit)
        if need.scope is not Scope.INDIVIDUAL or need.village not in who.linked_villages:
            raise _violation(who.id, ClaimRule.LINKED_SCOPE,
                             f"need {need.id!r} is not an individual need of a linked village")
    else:
        if not is_member:
            raise _violation(who.id, ClaimRule.VOLUNTARY_SCOPE, "a unit cannot claim voluntarily")
        if need.scope is not Scope.INDIVIDUAL:
            raise _violation(who.id, ClaimRule.VOLUNTARY_SCOPE,
                             f"need {need.id!r} is a common need; units claim those collectively")


@checked
def claim(
    book: ClaimBook,
    need: Need | ServiceItem,
    claimant: Member | Unit | str,
    *,
    kind: ClaimKind,
    on: dt.date,
    due: dt.date,
    organisation: Organisation,
    through: str | None = None,
    share: float = 1.0,
    rules: ClaimRules = ClaimRules(),
    claim_id: str | None = None,
) -> ClaimBook:
    """Add a claim to *book* after checking every :class:`ClaimRule`.

    Args:
        book: the claims so far.
        need: the need, or a catalogue project (:class:`~servicegov.needs.ServiceItem`).
        claimant: a member or unit, or its id in *organisation*.
        kind: personal, collective, linked or voluntary.
        on, due: the claim date and the due date.
        organisation: where the claimant belongs.
        through: the branch a member claims through (their home branch by
            default); must be ``None`` for a unit.
        share: the claimant's share of a common need with co-claimants.
        rules: required skills and whether co-claimants are allowed.
        claim_id: the new claim's id; ``"claim-<n>"`` with n = claims so far + 1.

    Returns:
        A new book with the claim added.

    Raises:
        ClaimRuleViolation: naming the claimant and the rule broken.
        InvalidValue: for a share outside (0, 1] or a due date before *on*.
        UnknownReference: for an unknown claimant.

    Examples:
        >>> import datetime as dt
        >>> from servicegov.needs import Need, NeedKind, Scope
        >>> from servicegov.org import Member, Organisation, Tier, Unit
        >>> org = Organisation(
        ...     units=[Unit(id="D", name="区委", division="420117000000", tier=Tier.DISTRICT),
        ...            Unit(id="B", name="支部", division="420117000000", tier=Tier.DISTRICT,
        ...                 parent="D")],
        ...     members=[Member(id="m1", home_branch="D", division="420117000000")],
        ...     backstop="D")
        >>> need = Need(id="N1", village="420117101201", kind=NeedKind.LIVELIHOOD,
        ...             category="culture", scope=Scope.INDIVIDUAL, households=("h1",),
        ...             collected=dt.date(2025, 3, 3))
        >>> claim(ClaimBook(), need, "m1", kind=ClaimKind.VOLUNTARY, on=dt.date(2025, 3, 4),
        ...       due=dt.date(2025, 4, 4), organisation=org, through="B")
        Traceback (most recent call last):
            ...
        servicegov.claims.ClaimRuleViolation: claimant 'm1' breaks rule 'own-branch' ...:
        'B' is not one of their branches ('D')
    """
    who = _resolve(organisation, claimant)
    arg_enum(ClaimKind, "kind", kind)
    share = _check_share(share)
    _check_scope(who, need, kind, organisation)
    branch: str | None = None
    if isinstance(who, Member):
        if who.contact is ContactStatus.LOST_CONTACT:
            raise _violation(who.id, ClaimRule.IN_CONTACT, "the member is in lost contact (失联)")
        branch = who.home_branch if through is None else through
        if branch not in who.branches:
            mine = ", ".join(repr(b) for b in sorted(who.branches))
            raise _violation(who.id, ClaimRule.OWN_BRANCH,
                             f"{branch!r} is not one of their branches ({mine})")
        required = need.skills if isinstance(need, ServiceItem) else rules.skills_for(need.category)
        missing = required - who.skills
        if isinstance(need, ServiceItem) and need.skills and not need.skills & who.skills:
            raise _violation(who.id, ClaimRule.SKILLS,
                             f"none of project {need.code!r}'s skills {sorted(need.skills)}")
        if not isinstance(need, ServiceItem) and missing:
            raise _violation(who.id, ClaimRule.SKILLS, f"missing {sorted(missing)}")
    elif through is not None:
        raise InvalidValue.for_field("through", through, "None when a unit claims")
    target = need.code if isinstance(need, ServiceItem) else need.id
    live = book.live_on(target)
    if any(c.claimant == who.id for c in live):
        raise _violation(who.id, ClaimRule.ONE_CLAIMANT, f"already holds a live claim on {target!r}")
    if isinstance(need, ServiceItem):
        if len(live) >= need.capacity:
            raise _violation(who.id, ClaimRule.PROJECT_CAPACITY,
                             f"project {target!r} has {len(live)} claimants of {need.capacity}")
    elif live and not (rules.co_claimants and need.scope is Scope.COMMON):
        raise _violation(who.id, ClaimRule.ONE_CLAIMANT,
                         f"need {target!r} is claimed by {live[0].claimant!r}")
    if not isinstance(need, ServiceItem):
        taken = math.fsum(c.share for c in live)
        if taken + share > 1 + 1e-9:
            raise _violation(who.id, ClaimRule.SHARES,
                             f"need {target!r} has shares {taken:g} taken; {share:g} more exceeds 1")
    if book.load(who.id) >= who.capacity:
        raise _violation(who.id, ClaimRule.CAPACITY,
                         f"{book.load(who.id)} live claims of a capacity of {who.capacity}")
    new = Claim(
        id=claim_id or f"claim-{len(book.claims) + 1}",
        claimant=who.id,
        claimant_kind=ClaimantKind.MEMBER if isinstance(who, Member) else ClaimantKind.UNIT,
        need_id=None if isinstance(need, ServiceItem) else need.id,
        project=need.code if isinstance(need, ServiceItem) else None,
        kind=kind, claimed_on=on, due_on=due, through_branch=branch, share=share,
    )
    return attrs.evolve(book, claims=(*book.claims, new))


def _offer(book: ClaimBook, target: str, on: dt.date) -> ClaimBook:
    w = book.wait_list(target)
    if not w.entries:
        return book
    first, rest = w.entries[0], w.entries[1:]
    lists = tuple(
        x for x in (WaitList(target=target, entries=rest) if x.target == target else x
                    for x in book.wait_lists) if x.entries
    )
    return attrs.evolve(book, wait_lists=lists,
                        offers=(*book.offers, Offer(target=target, request=first.request, on=on)))


@checked
def replace_claim(book: ClaimBook, updated: Claim) -> ClaimBook:
    """Record a status change of a claim of *book* (from :func:`fulfil` and the rest).

    When the change frees capacity (a live claim became fulfilled, withdrawn or
    lapsed), the first request waiting for the claimant, then the first waiting
    for the project, is offered the place: it leaves its wait list and goes to
    ``book.offers``.

    Raises:
        UnknownReference: when *book* holds no claim with that id.

    Examples:
        >>> import datetime as dt
        >>> c = Claim(id="c1", claimant="m1", claimant_kind=ClaimantKind.MEMBER, need_id="N1",
        ...           kind=ClaimKind.VOLUNTARY, claimed_on=dt.date(2025, 3, 1),
        ...           due_on=dt.date(2025, 4, 1))
        >>> book = join_wait_list(ClaimBook(claims=[c]), "m1", "N2", on=dt.date(2025, 3, 2))
        >>> book = replace_claim(book, withdraw(c, on=dt.date(2025, 3, 3)))
        >>> book.offers, book.wait_lists
        ((Offer(target='m1', request='N2', on=datetime.date(2025, 3, 3)),), ())
    """
    i = book._by_id.get(updated.id)
    if i is None:
        raise UnknownReference.for_field("claim.id", updated.id, "a claim of the book")
    old = book.claims[i]
    out = attrs.evolve(book, claims=(*book.claims[:i], updated, *book.claims[i + 1:]))
    if old.live and not updated.live:
        on = updated.history[-1][0]
        out = _offer(out, updated.claimant, on)
        if updated.project is not None:
            out = _offer(out, updated.project, on)
    return out


@checked
def join_wait_list(book: ClaimBook, target: str, request: str, *, on: dt.date) -> ClaimBook:
    """Queue *request* (a need id, project code or member id) for a full *target*.

    Raises:
        RuleViolation: when *request* already waits for *target*.

    Examples:
        >>> import datetime as dt
        >>> b = join_wait_list(ClaimBook(), "m1", "N1", on=dt.date(2025, 3, 1))
        >>> b = join_wait_list(b, "m1", "N2", on=dt.date(2025, 3, 1))
        >>> [e.request for e in b.wait_list("m1").entries]
        ['N1', 'N2']
    """
    w = book.wait_list(target)
    if any(e.request == request for e in w.entries):
        msg = f"request {request!r} already waits for {target!r}"
        raise RuleViolation(msg, field="request", value=request, allowed="one place per wait list")
    new = WaitList(target=target, entries=(*w.entries, WaitEntry(request=request, joined=on)))
    lists = [x for x in book.wait_lists if x.target != target]
    return attrs.evolve(book, wait_lists=(*lists, new))


@checked
def lapse_overdue(book: ClaimBook, *, as_of: dt.date) -> tuple[ClaimBook, tuple[str, ...]]:
    """Lapse every live claim due before *as_of*.

    A lapsed claim returns its need to the pool and frees its claimant's
    capacity (offering the place to the first waiting request).  The caller
    escalates the returned needs (:func:`servicegov.routing.escalate`).

    Returns:
        The new book and the ids of the needs to escalate, sorted, each once.

    Examples:
        >>> import datetime as dt
        >>> c = Claim(id="c1", claimant="m1", claimant_kind=ClaimantKind.MEMBER, need_id="N1",
        ...           kind=ClaimKind.VOLUNTARY, claimed_on=dt.date(2025, 3, 1),
        ...           due_on=dt.date(2025, 4, 1))
        >>> lapse_overdue(ClaimBook(claims=[c]), as_of=dt.date(2025, 4, 1))[1]
        ()
        >>> book, escalate = lapse_overdue(ClaimBook(claims=[c]), as_of=dt.date(2025, 4, 2))
        >>> escalate, book.load("m1"), book.get("c1").status.value
        (('N1',), 0, 'lapsed')
    """
    needs: set[str] = set()
    out = book
    for c in book.claims:
        if c.live and c.due_on < as_of:
            out = replace_claim(out, lapse(c, on=max(as_of, c.history[-1][0])))
            if c.need_id is not None:
                needs.add(c.need_id)
    return out, tuple(sorted(needs))


# Old names stay importable for one minor release, with a warning (see the
# compatibility policy in docs/serialization.md): lifecycle.start opens a
# need's record, and ``replace`` read as the built-in string method.  The
# builders and drivers of whole lists moved to servicegov.claiming, which
# imports this module, so they are looked up there only when asked for.
__getattr__ = renamed(
    __name__,
    {"start": ("begin", begin), "replace": ("replace_claim", replace_claim)},
    moved=dict.fromkeys(
        (
            "assign_claims", "catalogue_claims", "default_priority", "eligible",
            "preferences", "proximity", "weights",
        ),
        "servicegov.claiming",
    ),
)
