"""Residents' needs (群众需求) and the service catalogue.

A :class:`Need` is one request collected from residents, door to door or by phone,
registered village by village into the needs repository (需求库).  Needs come in
three kinds (三个需求) and two scopes, carry the groups of the households they serve,
and are scored on urgency, necessity and aspiration (最急、最需、最盼).

Examples:
    >>> import datetime as dt
    >>> from servicegov.needs import CollectionChannel, Group, Need, NeedKind, Scope
    >>> need = Need(
    ...     id="N1", village="420117101201", kind=NeedKind.EMOTIONAL,
    ...     category="family-contact", scope=Scope.INDIVIDUAL, households=("h-0001",),
    ...     groups=frozenset({Group.LEFT_BEHIND_ELDER}), urgency=3, necessity=4,
    ...     aspiration=5, collected=dt.date(2025, 3, 7), channel=CollectionChannel.DOOR_TO_DOOR,
    ...     recurrence="FREQ=WEEKLY;BYDAY=FR", note="希望每周和孙子视频",
    ... )
    >>> "希望" in repr(need)
    False
    >>> need.occurrences(dt.date(2025, 3, 7), 3)
    (datetime.date(2025, 3, 7), datetime.date(2025, 3, 14), datetime.date(2025, 3, 21))
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
from dateutil import rrule

from servicegov import _privacy, divisions
from servicegov._arguments import checked
from servicegov._convert import to_frozenset, to_tuple
from servicegov._deprecation import renamed
from servicegov._enum import LabelledEnum
from servicegov._types import Id, Text, VillageCode
from servicegov._validators import (
    count,
    division_code,
    enum_allowed,
    enum_member,
    identifier,
    int_at_least,
    of_type,
    plain_date,
)
from servicegov.errors import DuplicateId, InvalidType, InvalidValue, UnknownReference

__all__ = [
    "DEFAULT_CATALOGUE",
    "Catalogue",
    "Category",
    "CollectionChannel",
    "Group",
    "Need",
    "NeedKind",
    "Scope",
    "ServiceItem",
    "default_catalogue",
]


def __dir__() -> list[str]:
    return __all__


class NeedKind(LabelledEnum):
    """The three kinds of need (三个需求)."""

    DEVELOPMENT = ("development", "发展需求", "development need")
    LIVELIHOOD = ("livelihood", "生活需求", "livelihood need")
    EMOTIONAL = ("emotional", "情感需求", "emotional need")


class Scope(LabelledEnum):
    """Whether a need serves one household or many."""

    INDIVIDUAL = ("individual", "个性需求", "individual need")
    COMMON = ("common", "共性需求", "common need")


class Group(LabelledEnum):
    """The groups a beneficiary household belongs to."""

    PROSPERITY_SEEKER = ("prosperity-seeker", "发展致富群体", "prosperity seekers")
    KEY_POVERTY = ("key-poverty", "重点贫困群体", "key poverty group")
    SPECIAL_HARDSHIP = ("special-hardship", "特困群体", "special hardship group")
    LEFT_BEHIND_CHILD = ("left-behind-child", "留守儿童", "left-behind child")
    LEFT_BEHIND_WOMAN = ("left-behind-woman", "留守妇女", "left-behind woman")
    LEFT_BEHIND_ELDER = ("left-behind-elder", "留守老人", "left-behind elder")
    GENERAL = ("general", "一般群众", "general residents")


class CollectionChannel(LabelledEnum):
    """How a need was collected."""

    DOOR_TO_DOOR = ("door-to-door", "入户走访", "door-to-door visit")
    MIGRANT_PHONE = ("migrant-phone", "电话联系外出务工群众", "phone call to a migrant worker")
    GRID_REPORT = ("grid-report", "网格上报", "grid report")
    HOTLINE = ("hotline", "热线", "hotline")
    MEETING = ("meeting", "群众会议", "residents' meeting")


# Old names stay importable for one minor release, with a warning (see the
# compatibility policy in docs/serialization.md).
__getattr__ = renamed(__name__, {"Channel": ("CollectionChannel", CollectionChannel)})


def _non_empty_str(field: str) -> Any:
    def check(_inst: object, _attr: attrs.Attribute[str], value: object) -> None:
        if not isinstance(value, str) or not value:
            raise InvalidValue.for_field(field, value, "a non-empty string")

    return check


def _check_merged_from(_inst: object, _attr: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    for i, v in enumerate(value):
        if not isinstance(v, str):
            raise InvalidValue.for_field(f"merged_from[{i}]", v, "a need id")


def _check_households(_inst: object, _attr: attrs.Attribute[Any], value: tuple[object, ...]) -> None:
    if not value:
        raise InvalidValue.for_field("households", value, "at least one pseudonymous household id")
    for i, h in enumerate(value):
        if not isinstance(h, str) or not h:
            raise InvalidValue.for_field(f"households[{i}]", h, "a non-empty string")
        kind = _privacy.looks_personal(h)
        if kind is not None:
            # Beneficiaries are kept by pseudonym so that a leaked repository names
            # nobody; the error names the kind and never repeats the value.
            raise InvalidValue.for_field(
                f"households[{i}]", h, f"a pseudonymous id, not {_privacy.described(kind)}"
            )
    if len(set(value)) != len(value):
        raise InvalidValue.for_field("households", value, "without repeated ids")


def _check_groups(_inst: object, _attr: attrs.Attribute[Any], value: frozenset[Group]) -> None:
    for g in value:
        if type(g) is not Group:
            raise InvalidValue.for_field("groups", g, enum_allowed(Group, g))


@functools.lru_cache(maxsize=1024)
def _parse_rrule(text: str) -> rrule.rrule:
    return rrule.rrulestr(text, dtstart=dt.datetime(2000, 1, 1))  # type: ignore[return-value]


def _check_recurrence(_inst: object, _attr: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    try:
        parsed = _parse_rrule(value) if isinstance(value, str) else None
    except (ValueError, TypeError):
        parsed = None
    if not isinstance(parsed, rrule.rrule) or "DTSTART" in str(value).upper():
        raise InvalidValue.for_field(
            "recurrence", value, "an RFC 5545 RRULE without DTSTART, e.g. 'FREQ=WEEKLY;BYDAY=FR'"
        )


def _check_cost(_inst: object, _attr: attrs.Attribute[float], value: object) -> None:
    if not isinstance(value, (int, float)) or type(value) is bool or not 0 <= value < float("inf"):
        raise InvalidValue.for_field("cost", value, "a finite number of yuan >= 0")


def _check_village(_inst: object, _attr: attrs.Attribute[str], value: str) -> None:
    divisions.validate_code(value, field="village", at=divisions.Level.VILLAGE)


@attrs.frozen(kw_only=True)
class Need:
    """One resident need in the needs repository.

    Attributes:
        id: unique within a district.
        village: the 12-digit division code of the village it was collected in.
        kind: development, livelihood or emotional.
        category: the code of a :class:`Category` of the catalogue.
        scope: individual (one household) or common (many; a road, street lamps).
        households: pseudonymous ids of the beneficiary households; never names,
            ID-card numbers or mobile numbers (see ``docs/needs.md`` for what the
            check catches and what it cannot).
        groups: the groups the beneficiaries belong to.
        urgency, necessity, aspiration: 1 (least) to 5 (most): 最急、最需、最盼.
        cost: the estimated cost in yuan.
        policy_allows: whether policy allows the need to be met at all.
        collected: the date it was collected.
        channel: how it was collected.
        good: for a common need, the common good asked for (``"street-lamps"``);
            requests for the same good in the same village are consolidated.
        recurrence: an RFC 5545 RRULE for a recurring service, e.g.
            ``"FREQ=WEEKLY;BYDAY=FR"`` for every Friday.
        merged_from: ids of the requests consolidated into this one.
        note: the surveyor's free text; kept out of ``repr`` because it may hold
            personal details.
    """

    id: Id = attrs.field(validator=identifier())
    village: VillageCode = attrs.field(validator=_check_village)
    kind: NeedKind = attrs.field(validator=enum_member(NeedKind))
    category: Id = attrs.field(validator=identifier())
    scope: Scope = attrs.field(validator=enum_member(Scope))
    households: tuple[str, ...] = attrs.field(converter=to_tuple, validator=_check_households)
    groups: frozenset[Group] = attrs.field(
        default=frozenset({Group.GENERAL}), converter=to_frozenset, validator=_check_groups
    )
    urgency: int = attrs.field(default=3, validator=count(1, 5))
    necessity: int = attrs.field(default=3, validator=count(1, 5))
    aspiration: int = attrs.field(default=3, validator=count(1, 5))
    cost: float = attrs.field(default=0.0, validator=_check_cost)
    policy_allows: bool = attrs.field(
        default=True, validator=of_type(bool, "true or false")
    )
    collected: dt.date = attrs.field(validator=plain_date())
    channel: CollectionChannel = attrs.field(
        default=CollectionChannel.DOOR_TO_DOOR, validator=enum_member(CollectionChannel)
    )
    good: str | None = attrs.field(
        default=None, validator=of_type(str, "a string or None", optional=True)
    )
    recurrence: str | None = attrs.field(default=None, validator=_check_recurrence)
    merged_from: tuple[str, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=_check_merged_from,
    )
    note: str = attrs.field(default="", repr=False, validator=of_type(str, "a string"))

    @property
    def ids(self) -> tuple[str, ...]:
        """This need's id followed by the ids consolidated into it."""
        return (self.id, *self.merged_from)

    @checked
    def recurrence_rule(self, start: dt.date) -> rrule.rrule | None:
        """The recurrence as a dateutil ``rrule`` starting on *start*, or ``None``."""
        if self.recurrence is None:
            return None
        base = dt.datetime.combine(start, dt.time())
        return rrule.rrulestr(self.recurrence, dtstart=base)  # type: ignore[return-value]

    @checked
    def occurrences(self, start: dt.date, count: int) -> tuple[dt.date, ...]:
        """The first *count* dates of a recurring service from *start* (none if not recurring)."""
        rule = self.recurrence_rule(start)
        if rule is None:
            return ()
        out: list[dt.date] = []
        for when in rule:
            if len(out) >= count:
                break
            out.append(when.date())
        return tuple(out)


@attrs.frozen(kw_only=True)
class Category:
    """A category of the service list (服务清单).

    Examples:
        >>> c = DEFAULT_CATALOGUE.category("family-contact")
        >>> c.name_zh, c.kind
        ('亲情联络', <NeedKind.EMOTIONAL>)
    """

    code: Id = attrs.field(validator=identifier())
    name_zh: Text = attrs.field(validator=_non_empty_str("name_zh"))
    name_en: Text = attrs.field(validator=_non_empty_str("name_en"))
    kind: NeedKind = attrs.field(validator=enum_member(NeedKind))


@attrs.frozen(kw_only=True)
class ServiceItem:
    """A service project of a catalogue that members and branches can claim (Zhifu's 便民服务项目).

    Attributes:
        code: unique within the catalogue.
        category: the code of its category.
        name_zh, name_en: its names.
        skills: skills a claimant needs (matched against members' skills and hobbies).
        division: where it is offered (a community or village code), if local.
        capacity: how many claimants it can take.
    """

    code: Id = attrs.field(validator=identifier())
    category: Id = attrs.field(validator=identifier())
    name_zh: Text = attrs.field(validator=_non_empty_str("name_zh"))
    name_en: str = attrs.field(default="", validator=of_type(str, "a string"))
    skills: frozenset[str] = attrs.field(default=frozenset(), converter=to_frozenset)
    division: str | None = attrs.field(default=None, validator=attrs.validators.optional(division_code()))
    capacity: int = attrs.field(default=1, validator=int_at_least(1))



@attrs.frozen(kw_only=True)
class Catalogue:
    """The categories of a service list and, optionally, the projects under them.

    Raises:
        DuplicateId: when two categories or items share a code.
        UnknownReference: when an item names a category that is not in the catalogue.

    Examples:
        >>> len(DEFAULT_CATALOGUE.categories)
        16
        >>> DEFAULT_CATALOGUE.category("no-such")
        Traceback (most recent call last):
            ...
        servicegov.errors.UnknownReference: 'category' must be a code of the catalogue (got 'no-such')
    """

    categories: tuple[Category, ...] = attrs.field(converter=to_tuple)
    items: tuple[ServiceItem, ...] = attrs.field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for i, c in enumerate(self.categories):
            if c.code in seen:
                raise DuplicateId.for_field(f"categories[{i}].code", c.code, "unique")
            seen.add(c.code)
        item_codes: set[str] = set()
        for i, item in enumerate(self.items):
            if item.code in item_codes:
                raise DuplicateId.for_field(f"items[{i}].code", item.code, "unique")
            item_codes.add(item.code)
            if item.category not in seen:
                raise UnknownReference.for_field(
                    f"items[{i}].category", item.category, "a code of the catalogue"
                )

    @functools.cached_property
    def _by_code(self) -> Mapping[str, Category]:
        return {c.code: c for c in self.categories}

    @property
    def codes(self) -> tuple[str, ...]:
        """The category codes in catalogue order."""
        return tuple(c.code for c in self.categories)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def category(self, code: str, *, field: str = "category") -> Category:
        """The category with *code*.

        Raises:
            UnknownReference: naming *field* when there is none.
        """
        try:
            return self._by_code[code]
        except (KeyError, TypeError):
            if not isinstance(code, str):
                raise InvalidType.for_field(field, code, "a category code (a string)") from None
            raise UnknownReference.for_field(field, code, "a code of the catalogue") from None

    @checked
    def items_in(self, code: str) -> tuple[ServiceItem, ...]:
        """The service items of one category."""
        self.category(code, field="code")
        return tuple(i for i in self.items if i.category == code)

    @checked
    def by_kind(self, kind: NeedKind) -> tuple[Category, ...]:
        """The categories whose default kind is *kind*."""
        return tuple(c for c in self.categories if c.kind is kind)

    @checked
    def with_items(self, items: Iterable[ServiceItem]) -> Catalogue:
        """A copy with *items* added."""
        return attrs.evolve(self, items=(*self.items, *items))


def _cat(code: str, zh: str, en: str, kind: NeedKind) -> Category:
    return Category(code=code, name_zh=zh, name_en=en, kind=kind)


_D, _L, _E = NeedKind.DEVELOPMENT, NeedKind.LIVELIHOOD, NeedKind.EMOTIONAL

DEFAULT_CATALOGUE = Catalogue(
    categories=(
        _cat("employment", "就业创业", "employment & entrepreneurship", _D),
        _cat("skills-training", "技能培训", "skills training", _D),
        _cat("agri-tech", "农业技术", "agricultural technology", _D),
        _cat("market-access", "产业与市场对接", "industry & market access", _D),
        _cat("microcredit", "小额信贷", "microcredit", _D),
        _cat("infrastructure", "基础设施(道路、路灯、饮水)", "infrastructure (roads, lamps, water)", _L),
        _cat("housing-safety", "住房安全", "housing safety", _L),
        _cat("health", "医疗卫生", "health", _L),
        _cat("elderly-care", "养老服务", "elderly care", _L),
        _cat("education", "助学支持", "education support", _L),
        _cat("social-security", "社会保障与政策咨询", "social security & policy advice", _L),
        _cat("sanitation", "环境卫生", "sanitation", _L),
        _cat("legal-aid", "法律援助与矛盾调解", "legal aid & mediation", _L),
        _cat("family-contact", "亲情联络", "family contact", _E),
        _cat("visits-comfort", "走访慰问与心理疏导", "visits & psychological comfort", _E),
        _cat("culture", "文化娱乐", "culture & recreation", _E),
    )
)
"""The default 16-category service list (5 development, 8 livelihood, 3 emotional)."""


@checked
def default_catalogue() -> Catalogue:
    """The default 16-category catalogue (see ``docs/needs.md`` for the reasoning).

    Examples:
        >>> [c.code for c in default_catalogue().by_kind(NeedKind.EMOTIONAL)]
        ['family-contact', 'visits-comfort', 'culture']
    """
    return DEFAULT_CATALOGUE
