"""The organisation: tiers, units, members and the tree that links them.

Xinzhou's structure runs from the district through the town Party committee and
the village Party organisation down to Party groups and grids (五级架构); district
departments are linked to villages (联系村).  Members belong to one home branch and
may register with any number of activity branches where they live or work
(双管双责, "one affiliation, multiple management").

Examples:
    >>> import datetime as dt
    >>> from servicegov.org import Member, Organisation, ProviderKind, Registration, Tier, Unit
    >>> district = Unit(id="D", name="区委", division="420117000000", tier=Tier.DISTRICT,
    ...                 kind=ProviderKind.PARTY_ORGANISATION)
    >>> town = Unit(id="T1", name="镇党委", division="420117101000", tier=Tier.TOWN,
    ...             parent="D", kind=ProviderKind.PARTY_ORGANISATION)
    >>> village = Unit(id="V1", name="村党支部", division="420117101201", tier=Tier.VILLAGE,
    ...                parent="T1", kind=ProviderKind.PARTY_ORGANISATION)
    >>> m = Member(id="m1", home_branch="V1", division="420117101201",
    ...            registrations=(Registration(branch="T1", registered=dt.date(2025, 1, 6)),))
    >>> org = Organisation(units=(district, town, village), members=(m,), backstop="D")
    >>> [u.id for u in org.chain("V1")]
    ['V1', 'T1', 'D']
    >>> sorted(org.branches_of("m1"))
    ['T1', 'V1']
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from servicegov import divisions
from servicegov._arguments import checked
from servicegov._convert import to_frozenset, to_tuple
from servicegov._enum import LabelledEnum
from servicegov._types import DivisionCode, Id
from servicegov._validators import division_code, enum_member, identifier, int_at_least, of_type
from servicegov.errors import ConfigurationError, DuplicateId, InvalidType, InvalidValue, UnknownReference

__all__ = [
    "ContactStatus",
    "Member",
    "Migration",
    "Organisation",
    "ProviderKind",
    "Registration",
    "Role",
    "Tier",
    "Unit",
]


def __dir__() -> list[str]:
    return __all__


class Tier(LabelledEnum):
    """The tiers a need climbs, lowest first."""

    GRID = ("grid", "网格", "grid")
    PARTY_GROUP = ("party-group", "党小组", "Party group")
    VILLAGE = ("village", "村级", "village")
    TOWN = ("town", "街镇", "town or sub-district")
    DISTRICT = ("district", "区级", "district")

    @property
    def rank(self) -> int:
        """0 for a grid, 4 for the district."""
        return _TIER_RANK[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Tier):
            return NotImplemented
        return _TIER_RANK[self] < _TIER_RANK[other]


_TIER_ORDER = (Tier.GRID, Tier.PARTY_GROUP, Tier.VILLAGE, Tier.TOWN, Tier.DISTRICT)
_TIER_RANK = {t: i for i, t in enumerate(_TIER_ORDER)}


class ProviderKind(LabelledEnum):
    """The kinds of service provider (seed 004)."""

    PARTY_ORGANISATION = ("party-organisation", "党组织", "Party organisation")
    GOVERNMENT_DEPARTMENT = ("government-department", "政府职能部门", "government department")
    VILLAGE_COMMITTEE = ("village-committee", "村(居)委会", "village committee")
    VOLUNTEER_TEAM = ("volunteer-team", "志愿服务队", "volunteer team")
    WORK_GROUP = ("work-group", "小康工作组", "work group")
    SOCIAL_ORGANISATION = ("social-organisation", "社会组织", "social organisation")
    ENTERPRISE = ("enterprise", "企业(市场服务)", "enterprise (market service)")
    CHARITY = ("charity", "慈善力量", "charity")
    MUTUAL_HELP = ("mutual-help", "群众互助组织", "residents' mutual-help group")


class Role(LabelledEnum):
    """A member's role."""

    CADRE = ("cadre", "党员干部", "cadre")
    MEMBER = ("member", "党员", "Party member")
    VOLUNTEER = ("volunteer", "志愿者", "volunteer")


class ContactStatus(LabelledEnum):
    """Whether the organisation is in contact with a member."""

    IN_CONTACT = ("in-contact", "正常联系", "in contact")
    LOST_CONTACT = ("lost-contact", "失联", "lost contact")


def _check_links(inst: Unit, _attr: attrs.Attribute[Any], value: frozenset[str]) -> None:
    for code in value:
        divisions.validate_code(code, field="linked_villages", at=divisions.Level.VILLAGE)


@attrs.frozen(kw_only=True)
class Unit:
    """A unit that can take on needs: a Party organisation, department, team or group.

    Attributes:
        id: unique in the organisation.
        name: its name.
        division: the division code it serves (a village's code for a village unit).
        tier: its tier.
        parent: the id of the unit above it, or ``None`` for the root.
        kind: the kind of provider.
        capacity: how many needs it can take on in one period.
        linked_villages: for district departments and work groups, the villages they
            are linked to (联系村).
    """

    id: Id = attrs.field(validator=identifier())
    name: str = attrs.field(validator=of_type(str, "a string"))
    division: DivisionCode = attrs.field(validator=division_code())
    tier: Tier = attrs.field(validator=enum_member(Tier))
    parent: str | None = attrs.field(default=None)
    kind: ProviderKind = attrs.field(
        default=ProviderKind.PARTY_ORGANISATION, validator=enum_member(ProviderKind)
    )
    capacity: int = attrs.field(default=1_000_000, validator=int_at_least(0))
    linked_villages: frozenset[str] = attrs.field(
        default=frozenset(), converter=to_frozenset, validator=_check_links
    )


@attrs.frozen(kw_only=True)
class Registration:
    """A member's registration with an activity branch (报到), with "one card, one letter, one form".

    Attributes:
        branch: the id of the activity branch.
        registered: the date of registration.
        card: the Party member card was shown (党员卡).
        letter: the letter of introduction was handed in (报到介绍信).
        form: the information form was filled in (信息登记表).
    """

    branch: Id = attrs.field(validator=identifier())
    registered: dt.date = attrs.field(validator=of_type(dt.date, "a datetime.date"))
    card: bool = True
    letter: bool = True
    form: bool = True

    @property
    def complete(self) -> bool:
        """Whether all of the card, the letter and the form are in (一卡一信一表)."""
        return self.card and self.letter and self.form


@attrs.frozen(kw_only=True)
class Migration:
    """A migrant member, managed by both the place they left and the place they live (双向管理)."""

    left: DivisionCode = attrs.field(validator=division_code())
    lives: DivisionCode = attrs.field(validator=division_code())


def _check_registrations(inst: Member, _attr: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    seen = {inst.home_branch}
    for i, r in enumerate(value):
        if not isinstance(r, Registration):
            raise InvalidValue.for_field(f"registrations[{i}]", r, "a Registration")
        if r.branch in seen:
            raise DuplicateId.for_field(
                f"registrations[{i}].branch", r.branch, "a branch not already held"
            )
        seen.add(r.branch)


@attrs.frozen(kw_only=True)
class Member:
    """A person who serves: a cadre, a Party member or a volunteer.

    Attributes:
        id: unique in the organisation.
        home_branch: the branch holding their membership (组织关系所在党支部).
        division: where they live.
        registrations: activity branches they registered with (登记活动党支部).
        skills: skills and hobbies (爱好特长) matched against needs and projects.
        capacity: how many needs or projects they can take on at once.
        role: cadre, member or volunteer.
        migration: where a migrant member left from and lives now.
        contact: in contact or lost contact (失联).
    """

    id: Id = attrs.field(validator=identifier())
    home_branch: Id = attrs.field(validator=identifier())
    division: DivisionCode = attrs.field(validator=division_code())
    registrations: tuple[Registration, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_check_registrations
    )
    skills: frozenset[str] = attrs.field(default=frozenset(), converter=to_frozenset)
    capacity: int = attrs.field(default=3, validator=int_at_least(0))
    role: Role = attrs.field(default=Role.MEMBER, validator=enum_member(Role))
    migration: Migration | None = None
    contact: ContactStatus = attrs.field(
        default=ContactStatus.IN_CONTACT, validator=enum_member(ContactStatus)
    )

    @property
    def branches(self) -> frozenset[str]:
        """The home branch and every activity branch."""
        return frozenset((self.home_branch, *(r.branch for r in self.registrations)))

    @property
    def dual_managed(self) -> bool:
        """Whether the member registered with at least one activity branch."""
        return bool(self.registrations)


def _id_arg(field: str, value: object) -> None:
    # The lookups below are the hottest calls of a district run: an inline
    # type test costs less than the argument checks' wrapper.
    if type(value) is not str and not isinstance(value, str):
        raise InvalidType.for_field(field, value, "an id (a string)")


@attrs.frozen(kw_only=True)
class Organisation:
    """The unit tree, the members and the backstop unit.

    The tree must have exactly one root, every parent must exist and there must be
    no cycle; every member's branches must be units; the backstop (the unit that
    takes what nobody else can, like the district government in 12345 rules) must
    be a unit.

    Raises:
        DuplicateId, UnknownReference, ConfigurationError: naming the field.
    """

    units: tuple[Unit, ...] = attrs.field(converter=to_tuple)
    members: tuple[Member, ...] = attrs.field(default=(), converter=to_tuple)
    backstop: Id = attrs.field(validator=identifier())

    def __attrs_post_init__(self) -> None:
        by_id: dict[str, Unit] = {}
        for i, u in enumerate(self.units):
            if u.id in by_id:
                raise DuplicateId.for_field(f"units[{i}].id", u.id, "unique")
            by_id[u.id] = u
        roots = [u.id for u in self.units if u.parent is None]
        for i, u in enumerate(self.units):
            if u.parent is not None and u.parent not in by_id:
                raise UnknownReference.for_field(f"units[{i}].parent", u.parent, "a unit id")
        if len(roots) != 1:
            raise ConfigurationError.for_field("units", roots, "a tree with exactly one root")
        self._check_acyclic(by_id)
        if self.backstop not in by_id:
            raise UnknownReference.for_field("backstop", self.backstop, "a unit id")
        member_ids: set[str] = set()
        for i, m in enumerate(self.members):
            if m.id in member_ids:
                raise DuplicateId.for_field(f"members[{i}].id", m.id, "unique")
            member_ids.add(m.id)
            if m.home_branch not in by_id:
                raise UnknownReference.for_field(
                    f"members[{i}].home_branch", m.home_branch, "a unit id"
                )
            for j, r in enumerate(m.registrations):
                if r.branch not in by_id:
                    raise UnknownReference.for_field(
                        f"members[{i}].registrations[{j}].branch", r.branch, "a unit id"
                    )

    def _check_acyclic(self, by_id: Mapping[str, Unit]) -> None:
        state: dict[str, int] = {}
        for start in by_id:
            path: list[str] = []
            node: str | None = start
            while node is not None and state.get(node, 0) == 0:
                state[node] = 1
                path.append(node)
                node = by_id[node].parent
            if node is not None and state[node] == 1:
                raise ConfigurationError.for_field(
                    f"units[{node!r}].parent", by_id[node].parent, "a tree without cycles"
                )
            for p in path:
                state[p] = 2

    @functools.cached_property
    def _units(self) -> Mapping[str, Unit]:
        return {u.id: u for u in self.units}

    @functools.cached_property
    def _members(self) -> Mapping[str, Member]:
        return {m.id: m for m in self.members}

    @functools.cached_property
    def _children(self) -> Mapping[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {u.id: [] for u in self.units}
        for u in self.units:
            if u.parent is not None:
                out[u.parent].append(u.id)
        return {k: tuple(v) for k, v in out.items()}

    @functools.cached_property
    def _by_division(self) -> Mapping[str, tuple[Unit, ...]]:
        out: dict[str, list[Unit]] = {}
        for u in self.units:
            out.setdefault(u.division, []).append(u)
        return {k: tuple(v) for k, v in out.items()}

    @functools.cached_property
    def _linked(self) -> Mapping[str, tuple[Unit, ...]]:
        out: dict[str, list[Unit]] = {}
        for u in self.units:
            for v in sorted(u.linked_villages):
                out.setdefault(v, []).append(u)
        return {k: tuple(v) for k, v in out.items()}

    @functools.cached_property
    def _members_by_branch(self) -> Mapping[str, tuple[Member, ...]]:
        out: dict[str, list[Member]] = {}
        for m in self.members:
            for b in sorted(m.branches):
                out.setdefault(b, []).append(m)
        return {k: tuple(v) for k, v in out.items()}

    @property
    def root(self) -> Unit:
        """The unit at the top of the tree."""
        return next(u for u in self.units if u.parent is None)

    def unit(self, unit_id: str, *, field: str = "unit") -> Unit:
        """The unit with *unit_id*.

        Raises:
            UnknownReference: naming *field* when there is none.
        """
        try:
            return self._units[unit_id]
        except (KeyError, TypeError):
            _id_arg(field, unit_id)
            raise UnknownReference.for_field(field, unit_id, "a unit id") from None

    def member(self, member_id: str, *, field: str = "member") -> Member:
        """The member with *member_id*.

        Raises:
            UnknownReference: naming *field* when there is none.
        """
        try:
            return self._members[member_id]
        except (KeyError, TypeError):
            _id_arg(field, member_id)
            raise UnknownReference.for_field(field, member_id, "a member id") from None

    def has_unit(self, unit_id: str) -> bool:
        """Whether a unit with this id exists."""
        _id_arg("unit_id", unit_id)
        return unit_id in self._units

    def has_member(self, member_id: str) -> bool:
        """Whether a member with this id exists."""
        _id_arg("member_id", member_id)
        return member_id in self._members

    def children(self, unit_id: str) -> tuple[Unit, ...]:
        """The units directly under *unit_id*."""
        self.unit(unit_id, field="unit_id")
        return tuple(self._units[c] for c in self._children[unit_id])

    def chain(self, unit_id: str) -> tuple[Unit, ...]:
        """The unit and its ancestors up to the root, lowest first."""
        out = [self.unit(unit_id, field="unit_id")]
        while (p := out[-1].parent) is not None:
            out.append(self._units[p])
        return tuple(out)

    def units_in(self, division: str) -> tuple[Unit, ...]:
        """The units whose division is exactly *division*, in the order given."""
        _id_arg("division", division)
        return self._by_division.get(division, ())

    def linked_to(self, village: str) -> tuple[Unit, ...]:
        """The units linked to *village* (联系村)."""
        _id_arg("village", village)
        return self._linked.get(village, ())

    def members_of(self, branch: str) -> tuple[Member, ...]:
        """Members whose home branch or an activity branch is *branch*."""
        _id_arg("branch", branch)
        return self._members_by_branch.get(branch, ())

    def branches_of(self, member_id: str) -> frozenset[str]:
        """The branches through which a member may act (home and activity branches)."""
        return self.member(member_id, field="member_id").branches

    @checked
    def iter_tier(self, tier: Tier) -> Iterator[Unit]:
        """The units of one tier."""
        return (u for u in self.units if u.tier is tier)

    @property
    def villages(self) -> tuple[str, ...]:
        """The village division codes that have at least one unit, sorted."""
        return tuple(
            sorted(
                d for d in self._by_division if divisions.level(d) is divisions.Level.VILLAGE
            )
        )
