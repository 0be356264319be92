"""Preset districts generated at the seeds' scale.

Every assumption a preset makes — the shares of kinds, groups, channels and
scopes, the cost distributions, the organisation's shape — is a field of
:class:`Preset`, documented in ``docs/simulation.md``.  The figures that come from
the seeds are the number of needs (259,650), of villages (651), of categories (16)
and of district departments (80) in Xinzhou, and Zhifu's 10-category,
4,500-project catalogue.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from collections.abc import Sequence
from typing import Any

import attrs

from servicegov import divisions
from servicegov._arguments import checked
from servicegov._numbers import is_real
from servicegov._types import DivisionCode, Text
from servicegov._validators import count, division_code, of_type, plain_date, real, text
from servicegov.calendar import china
from servicegov.district import District
from servicegov.errors import InvalidValue
from servicegov.needs import (
    DEFAULT_CATALOGUE,
    Catalogue,
    Category,
    CollectionChannel,
    Group,
    Need,
    NeedKind,
    Scope,
    ServiceItem,
)
from servicegov.org import (
    ContactStatus,
    Member,
    Migration,
    Organisation,
    ProviderKind,
    Registration,
    Role,
    Tier,
    Unit,
)

__all__ = ["PRESETS", "Preset", "generate"]


_TOWN_DEPTS = (
    ("agri", "农业服务中心"),
    ("civil", "民政办"),
    ("social", "社会保障所"),
    ("build", "规划建设办"),
    ("culture", "文化站"),
    ("health", "卫生院"),
)


def _check_kind_shares(inst: Preset, _attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple) or len(value) != 3 or not all(is_real(v) and v >= 0 for v in value) \
            or not sum(value) > 0:
        raise InvalidValue.for_field("kind_shares", value, "three non-negative shares, not all zero")


@attrs.frozen(kw_only=True)
class Preset:
    """The parameters of a generated district.

    Attributes:
        name, division: display name and district code.
        towns, villages: how many towns and villages (villages spread evenly).
        needs: the exact number of needs generated.
        departments: district departments, each linked to villages (联系村).
        town_departments: functional departments per town.
        members_per_village, volunteers_per_village: people per village branch.
        cadres_per_department: cadres of each district department.
        town_cadres: Party cadres at home in each town's Party committee
            (街镇党员干部); the first of each town is stationed in a village (驻村).
        dual_share: the share of members registered with a second branch.
        kind_shares: development, livelihood, emotional.
        common_share: the share of requests for a common good.
        duplicate_share: the share of needs registered twice.
        unrealistic_share: the share of needs policy does not allow.
        catalogue: the catalogue; ``None`` for the default 16 categories.
        projects: catalogue projects to generate (Zhifu: 4,500).
        collected_from, collected_to, as_of: the collection window and report date.
    """

    name: Text = attrs.field(validator=text())
    division: DivisionCode = attrs.field(validator=division_code())
    # Every count drives an allocation, so each has an upper bound.
    towns: int = attrs.field(validator=count(1, 999))
    villages: int = attrs.field(validator=count(1, 100_000))
    needs: int = attrs.field(validator=count(0, 10_000_000))
    departments: int = attrs.field(validator=count(1, 10_000))
    town_departments: int = attrs.field(default=4, validator=count(0, len(_TOWN_DEPTS)))
    members_per_village: int = attrs.field(default=15, validator=count(0, 1_000))
    volunteers_per_village: int = attrs.field(default=3, validator=count(0, 1_000))
    cadres_per_department: int = attrs.field(default=8, validator=count(0, 1_000))
    town_cadres: int = attrs.field(default=3, validator=count(0, 100))
    dual_share: float = attrs.field(default=0.1, validator=real(0, 1))
    kind_shares: tuple[float, float, float] = attrs.field(
        default=(0.30, 0.50, 0.20), validator=_check_kind_shares
    )
    common_share: float = attrs.field(default=0.25, validator=real(0, 1))
    duplicate_share: float = attrs.field(default=0.01, validator=real(0, 1))
    unrealistic_share: float = attrs.field(default=0.03, validator=real(0, 1))
    catalogue: Catalogue | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(of_type(Catalogue, "a Catalogue or None")),
    )
    projects: int = attrs.field(default=0, validator=count(0, 1_000_000))
    collected_from: dt.date = attrs.field(default=dt.date(2025, 1, 6), validator=plain_date())
    collected_to: dt.date = attrs.field(default=dt.date(2025, 3, 28), validator=plain_date())
    as_of: dt.date = attrs.field(default=dt.date(2025, 4, 30), validator=plain_date())

    def __attrs_post_init__(self) -> None:
        if self.villages < self.towns:
            raise InvalidValue.for_field("villages", self.villages, f"at least one per town ({self.towns})")
        if self.collected_to < self.collected_from:
            raise InvalidValue.for_field("collected_to", self.collected_to,
                                         f"on or after 'collected_from' ({self.collected_from})")


_ZHIFU_CATALOGUE = Catalogue(
    categories=tuple(
        Category(code=code, name_zh=zh, name_en=en, kind=kind)
        for code, zh, en, kind in (
            ("policy-advice", "政策咨询", "policy advice", NeedKind.LIVELIHOOD),
            ("repairs", "家电维修", "household repairs", NeedKind.LIVELIHOOD),
            ("health-care", "医疗保健", "health care", NeedKind.LIVELIHOOD),
            ("legal-aid", "法律援助", "legal aid", NeedKind.LIVELIHOOD),
            ("culture-sports", "文体活动", "culture & sports", NeedKind.EMOTIONAL),
            ("elderly-disabled", "助老助残", "help for the elderly and disabled", NeedKind.LIVELIHOOD),
            ("tutoring", "教育辅导", "tutoring", NeedKind.DEVELOPMENT),
            ("environment", "环境美化", "environment", NeedKind.LIVELIHOOD),
            ("counselling", "心理疏导", "counselling", NeedKind.EMOTIONAL),
            ("employment-help", "就业帮扶", "employment help", NeedKind.DEVELOPMENT),
        )
    )
)

PRESETS: dict[str, Preset] = {
    "small": Preset(
        name="新洲区·示范镇 (small)",
        division=divisions.XINZHOU,
        towns=1,
        villages=10,
        needs=4000,
        departments=4,
    ),
    "xinzhou": Preset(
        name="新洲区 (Xinzhou)",
        division=divisions.XINZHOU,
        towns=15,
        villages=651,
        needs=259_650,
        departments=80,
        # Fitted by calibrate(..., {"service_list": 102_311}) so that 259,650 needs give
        # the seed's 102,311 service-list items (within 2 %).
        common_share=0.5177,
    ),
    "zhifu": Preset(
        name="芝罘区 (Zhifu)",
        division="370602000000",
        towns=10,
        villages=100,
        needs=20_000,
        departments=20,
        dual_share=0.6,
        catalogue=_ZHIFU_CATALOGUE,
        projects=4500,
        kind_shares=(0.2, 0.5, 0.3),
        common_share=0.15,
    ),
}
"""The presets by name: ``small`` (the default), ``xinzhou`` and ``zhifu``."""

_GOODS: dict[str, tuple[str, ...]] = {
    "infrastructure": ("street-lamps", "tractor-road", "drinking-water", "bridge-repair"),
    "sanitation": ("public-toilet", "garbage-station", "sewage-ditch"),
    "culture": ("activity-room", "square-dance-venue", "reading-room"),
    "agri-tech": ("irrigation-channel", "pest-control"),
    "elderly-care": ("canteen-for-elders",),
    "health": ("village-clinic-hours",),
    "environment": ("greening", "courtyard-cleanup"),
    "culture-sports": ("fitness-equipment", "community-choir"),
}
_SKILLS = (
    "repairs", "medicine", "law", "teaching", "agronomy", "counselling", "driving",
    "cooking", "music", "computers", "accounting", "construction",
)
# (groups, weight): the household profiles of the generated needs.
_PROFILES: tuple[tuple[frozenset[Group], float], ...] = (
    (frozenset({Group.GENERAL}), 0.45),
    (frozenset({Group.PROSPERITY_SEEKER}), 0.14),
    (frozenset({Group.KEY_POVERTY}), 0.14),
    (frozenset({Group.KEY_POVERTY, Group.SPECIAL_HARDSHIP}), 0.05),
    (frozenset({Group.LEFT_BEHIND_ELDER}), 0.12),
    (frozenset({Group.LEFT_BEHIND_CHILD}), 0.06),
    (frozenset({Group.LEFT_BEHIND_WOMAN}), 0.04),
)
_CHANNELS = (
    (CollectionChannel.DOOR_TO_DOOR, 0.70),
    (CollectionChannel.MIGRANT_PHONE, 0.15),
    (CollectionChannel.GRID_REPORT, 0.09),
    (CollectionChannel.HOTLINE, 0.04),
    (CollectionChannel.MEETING, 0.02),
)


class _Picker:
    """Weighted choice by bisection over cumulative weights (faster than choices())."""

    def __init__(self, items: Sequence[object], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cum = list(itertools.accumulate(weights))
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random) -> object:
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


def _organisation(p: Preset, rng: random.Random) -> Organisation:
    county = p.division
    units: list[Unit] = [
        Unit(id="D", name="区委", division=county, tier=Tier.DISTRICT),
        Unit(
            id="D-GOV", name="区政府(兜底)", division=county, tier=Tier.DISTRICT, parent="D",
            kind=ProviderKind.GOVERNMENT_DEPARTMENT,
        ),
    ]
    members: list[Member] = []
    village_codes: list[str] = []
    per_town, extra = divmod(p.villages, p.towns)
    for t in range(1, p.towns + 1):
        town = divisions.child_code(county, t)
        tid = f"T{t:02d}"
        units.append(Unit(id=tid, name=f"第{t}镇党委", division=town, tier=Tier.TOWN, parent="D"))
        for key, zh in _TOWN_DEPTS[: p.town_departments]:
            units.append(
                Unit(
                    id=f"{tid}-{key}", name=zh, division=town, tier=Tier.TOWN, parent=tid,
                    kind=ProviderKind.GOVERNMENT_DEPARTMENT, capacity=400,
                )
            )
        for v in range(1, per_town + (1 if t <= extra else 0) + 1):
            code = divisions.child_code(town, v)
            village_codes.append(code)
            vid = f"V{code}"
            units += [
                Unit(id=vid, name="村党组织", division=code, tier=Tier.VILLAGE, parent=tid),
                Unit(
                    id=f"{vid}-VC", name="村委会", division=code, tier=Tier.VILLAGE, parent=vid,
                    kind=ProviderKind.VILLAGE_COMMITTEE, capacity=120,
                ),
                Unit(
                    id=f"{vid}-VT", name="村志愿服务队", division=code, tier=Tier.VILLAGE,
                    parent=vid, kind=ProviderKind.VOLUNTEER_TEAM, capacity=80,
                ),
            ]
            for g in (1, 2):
                gid = f"{vid}-PG{g}"
                units.append(
                    Unit(id=gid, name=f"第{g}党小组", division=code, tier=Tier.PARTY_GROUP,
                         parent=vid, capacity=30)
                )
                units.append(
                    Unit(id=f"{gid}-G", name=f"第{g}网格", division=code, tier=Tier.GRID,
                         parent=gid, capacity=20)
                )
    # District departments, each linked to an even share of the villages (联系村).
    links: list[list[str]] = [[] for _ in range(p.departments)]
    for i, code in enumerate(village_codes):
        links[i % p.departments].append(code)
    for d in range(p.departments):
        units.append(
            Unit(
                id=f"D-DEPT-{d + 1:02d}", name=f"区直部门{d + 1}", division=county,
                tier=Tier.DISTRICT, parent="D", kind=ProviderKind.GOVERNMENT_DEPARTMENT,
                capacity=600, linked_villages=frozenset(links[d]),
            )
        )
    start = dt.date(2024, 3, 1)
    for code in village_codes:
        vid = f"V{code}"
        for k in range(p.members_per_village + p.volunteers_per_village):
            role = Role.VOLUNTEER if k >= p.members_per_village else (
                Role.CADRE if k < 2 else Role.MEMBER
            )
            regs: tuple[Registration, ...] = ()
            migration = None
            if rng.random() < p.dual_share:
                other = village_codes[rng.randrange(len(village_codes))]
                if other != code:
                    regs = (
                        Registration(
                            branch=f"V{other}",
                            registered=start + dt.timedelta(days=rng.randrange(300)),
                            letter=rng.random() < 0.95,
                        ),
                    )
                    if rng.random() < 0.3:
                        migration = Migration(left=code, lives=other)
            members.append(
                Member(
                    id=f"M{code}-{k:02d}", home_branch=vid, division=code, registrations=regs,
                    skills=frozenset(rng.sample(_SKILLS, 2)), capacity=rng.choice((2, 3, 4)),
                    role=role, migration=migration,
                    contact=ContactStatus.LOST_CONTACT if rng.random() < 0.01
                    else ContactStatus.IN_CONTACT,
                )
            )
    for d in range(p.departments):
        for k in range(p.cadres_per_department):
            members.append(
                Member(
                    id=f"C{d + 1:02d}-{k:02d}", home_branch=f"D-DEPT-{d + 1:02d}",
                    division=county, role=Role.CADRE, capacity=5,
                    skills=frozenset(rng.sample(_SKILLS, 3)),
                )
            )
    # Town cadres (街镇党员干部) at home in their town's Party committee; the first of each
    # town is stationed in one of its villages (驻村), registered with that village's branch.
    for t in range(1, p.towns + 1):
        town = divisions.child_code(county, t)
        local = [c for c in village_codes if divisions.parent(c) == town]
        for k in range(p.town_cadres):
            stationed = (
                (Registration(branch=f"V{local[t % len(local)]}", registered=start, letter=True),)
                if k == 0 and local else ()
            )
            members.append(
                Member(
                    id=f"TC{t:02d}-{k:02d}", home_branch=f"T{t:02d}", division=town,
                    role=Role.CADRE, capacity=4, registrations=stationed,
                    # Drawn without the generator, so adding town cadres leaves every need as it was.
                    skills=frozenset(_SKILLS[(t + k + j * 4) % len(_SKILLS)] for j in range(3)),
                )
            )
    return Organisation(units=tuple(units), members=tuple(members), backstop="D-GOV")


def _projects(p: Preset, catalogue: Catalogue, villages: Sequence[str], rng: random.Random) -> Catalogue:
    if not p.projects:
        return catalogue
    items = []
    codes = catalogue.codes
    for i in range(p.projects):
        cat = codes[i % len(codes)]
        items.append(
            ServiceItem(
                code=f"P{i + 1:04d}", category=cat,
                name_zh=f"{catalogue.category(cat).name_zh}项目{i + 1}",
                name_en=f"{catalogue.category(cat).name_en} project {i + 1}",
                skills=frozenset(rng.sample(_SKILLS, 1)),
                division=villages[i % len(villages)], capacity=rng.choice((1, 2, 3)),
            )
        )
    return catalogue.with_items(items)


def _key_of(p: Preset) -> str:
    """The name a preset value goes by: a named preset's own name, so that
    ``generate(PRESETS["small"])`` is ``generate("small")``; else its display name."""
    for name, known in PRESETS.items():
        if known == p:
            return name
    return p.name


@checked
def generate(preset: str | Preset = "small", *, seed: int = 0) -> District:
    """Generate a preset district; the same preset and seed give the same district.

    Args:
        preset: a :class:`Preset`, or the name of one of :data:`PRESETS`:
            ``"small"`` (one town, 10 villages, 4,000 needs), ``"xinzhou"``
            (259,650 needs over 651 villages in 15 towns, 80 linked departments) or
            ``"zhifu"`` (100 communities, a 10-category catalogue of 4,500 projects,
            dual-managed members).
        seed: the random seed.

    Raises:
        InvalidValue: for an unknown preset or a seed that is not an integer.

    Examples:
        >>> d = generate("small", seed=7)
        >>> len(d.needs), d.needs[0] == generate("small", seed=7).needs[0]
        (4000, True)
        >>> generate("nowhere")
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'preset' must be one of 'small', 'xinzhou', 'zhifu', or a Preset
        (got 'nowhere')
    """
    if isinstance(preset, Preset):
        p, key = preset, _key_of(preset)
    elif isinstance(preset, str) and preset in PRESETS:  # type: ignore[redundant-expr]
        p, key = PRESETS[preset], preset
    else:
        allowed = ", ".join(repr(k) for k in PRESETS)
        raise InvalidValue.for_field("preset", preset, f"one of {allowed}, or a Preset")
    if type(seed) is not int:
        raise InvalidValue.for_field("seed", seed, "an integer")
    rng = random.Random(f"servicegov:{key}:{seed}")
    organisation = _organisation(p, rng)
    villages = organisation.villages
    catalogue = _projects(p, p.catalogue or DEFAULT_CATALOGUE, villages, rng)
    needs = _needs(p, catalogue, villages, rng)
    return District(
        name=p.name, division=p.division, organisation=organisation, catalogue=catalogue,
        calendar=china(2025, 2026), needs=needs, as_of=p.as_of, preset=key, seed=seed,
    )


def _needs(
    p: Preset, catalogue: Catalogue, villages: Sequence[str], rng: random.Random
) -> tuple[Need, ...]:
    kinds = (NeedKind.DEVELOPMENT, NeedKind.LIVELIHOOD, NeedKind.EMOTIONAL)
    kind_pick = _Picker(kinds, p.kind_shares)
    by_kind = {k: [c.code for c in catalogue.by_kind(k)] or list(catalogue.codes) for k in kinds}
    profile_pick = _Picker([g for g, _ in _PROFILES], [w for _, w in _PROFILES])
    channel_pick = _Picker([c for c, _ in _CHANNELS], [w for _, w in _CHANNELS])
    goods = {c: _GOODS.get(c, ()) for c in catalogue.codes}
    common_codes = [c for c in catalogue.codes if goods[c]]
    days = (p.collected_to - p.collected_from).days + 1
    dates = [p.collected_from + dt.timedelta(days=i) for i in range(days)]
    households_per_village = 300
    out: list[Need] = []
    per_village, extra = divmod(p.needs, len(villages))
    serial = 0
    for vi, village in enumerate(villages):
        count = per_village + (1 if vi < extra else 0)
        hh_prefix = f"hh-{village[6:]}-"
        local: list[Need] = []
        for _ in range(count):
            serial += 1
            nid = f"N{serial:06d}"
            collected = dates[int(rng.random() * days)]
            if local and rng.random() < p.duplicate_share:
                # The same household's request registered again through another channel.
                src = local[int(rng.random() * len(local))]
                dup = attrs.evolve(
                    src, id=nid, channel=channel_pick(rng), collected=collected  # type: ignore[arg-type]
                )
                local.append(dup)
                continue
            house = hh_prefix + f"{int(rng.random() * households_per_village) + 1:04d}"
            if common_codes and rng.random() < p.common_share:
                cat = common_codes[int(rng.random() * len(common_codes))]
                good_list = goods[cat]
                good = good_list[int(rng.random() * len(good_list))]
                kind = catalogue.category(cat).kind
                local.append(
                    Need(
                        id=nid, village=village, kind=kind, category=cat, scope=Scope.COMMON,
                        households=(house,), groups=profile_pick(rng),  # type: ignore[arg-type]
                        urgency=1 + int(rng.random() * 5), necessity=1 + int(rng.random() * 5),
                        aspiration=2 + int(rng.random() * 4),
                        cost=float(round(rng.lognormvariate(10.5, 1.0), -2)),
                        policy_allows=rng.random() >= p.unrealistic_share, collected=collected,
                        channel=channel_pick(rng), good=good,  # type: ignore[arg-type]
                    )
                )
                continue
            kind = kind_pick(rng)  # type: ignore[assignment]
            groups = profile_pick(rng)
            if kind is NeedKind.EMOTIONAL and rng.random() < 0.6:
                groups = frozenset({Group.LEFT_BEHIND_ELDER})
            cats = by_kind[kind]
            cat = cats[int(rng.random() * len(cats))]
            recurrence = (
                "FREQ=WEEKLY;BYDAY=FR"
                if cat == "family-contact" and rng.random() < 0.3
                else None
            )
            local.append(
                Need(
                    id=nid, village=village, kind=kind, category=cat,
                    scope=Scope.INDIVIDUAL, households=(house,), groups=groups,  # type: ignore[arg-type]
                    urgency=1 + int(rng.random() * 5), necessity=1 + int(rng.random() * 5),
                    aspiration=1 + int(rng.random() * 5),
                    cost=float(round(rng.lognormvariate(7.5, 1.2), -1)),
                    policy_allows=rng.random() >= p.unrealistic_share, collected=collected,
                    channel=channel_pick(rng), recurrence=recurrence,  # type: ignore[arg-type]
                )
            )
        out.extend(local)
    return tuple(out)
