"""Hypothesis strategies for every public model of servicegov.

Each strategy is named with the plural of its model (:func:`needs` for
:class:`~servicegov.needs.Need`, :func:`organisations` for
:class:`~servicegov.org.Organisation`, ...), takes only keyword arguments, and
is *sound*: it never generates a model that its own validators, or the
cross-field rules of the model that holds it, would refuse.  An organisation
is a tree with one root, unique ids and members whose branches exist; a
district's needs name its catalogue's categories and its villages.  Soundness
comes first, so some valid but odd shapes are never generated (an individual
need always names exactly one household, for instance); each docstring says
what is covered and what a failing example shrinks towards.

:func:`register` registers every strategy with
:func:`hypothesis.strategies.register_type_strategy`; Hypothesis calls it
through servicegov's entry point, so ``st.from_type(Need)`` works with no
setup (unless ``HYPOTHESIS_NO_PLUGINS`` is set).

This module, like ``servicegov._hypothesis_plugin``, imports Hypothesis; the
rest of servicegov never imports either, so Hypothesis stays an optional extra.

Examples:
    >>> from hypothesis import given, settings
    >>> from servicegov import strategies
    >>> from servicegov.screening import screen
    >>> @settings(max_examples=10, deadline=None)
    ... @given(strategies.needs(), strategies.screening_rules())
    ... def test_every_need_gets_one_verdict(need, rules):
    ...     as_of = rules.effective_from
    ...     assert screen(need, rules, as_of=as_of) == screen(need, rules, as_of=as_of)
    >>> test_every_need_gets_one_verdict()
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import attrs

from servicegov import divisions
from servicegov.calendar import Period, WorkCalendar
from servicegov.district import District
from servicegov.divisions import Level
from servicegov.needs import (
    DEFAULT_CATALOGUE,
    Catalogue,
    Category,
    Channel,
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
from servicegov.screening import (
    DEFAULT_RULES,
    Candidate,
    Consolidation,
    Eligibility,
    Emphasis,
    Finding,
    KeywordTable,
    Reason,
    Screening,
    ScreeningPolicy,
    ScreeningRules,
    consolidate,
    screen,
)

# register() comes before Hypothesis is imported: when this module is imported
# first, importing Hypothesis runs servicegov's entry point, which calls
# register() on this half-built module.  It then only notes the call, and the
# end of the module registers.
_BUILT = False
_REGISTER_PENDING = False


def register() -> None:
    """Register every model's default strategy with Hypothesis, for ``st.from_type``.

    Hypothesis calls this through servicegov's entry point when it is imported;
    calling it again is harmless.

    Examples:
        >>> from hypothesis import given, settings, strategies as st
        >>> register()
        >>> @settings(max_examples=5, deadline=None)
        ... @given(st.from_type(Need))
        ... def check(need):
        ...     assert isinstance(need, Need)
        >>> check()
    """
    global _REGISTER_PENDING
    if not _BUILT:
        _REGISTER_PENDING = True
        return
    for model in _DEFAULTS:
        st.register_type_strategy(model, strategy_for(model))


from hypothesis import strategies as st  # noqa: E402
from hypothesis.errors import InvalidArgument  # noqa: E402

__all__ = [
    "candidates",
    "catalogues",
    "categories",
    "consolidations",
    "districts",
    "division_codes",
    "eligibilities",
    "emphases",
    "findings",
    "keyword_tables",
    "members",
    "migrations",
    "needs",
    "organisations",
    "periods",
    "register",
    "registrations",
    "screening_policies",
    "screening_rules",
    "screenings",
    "service_items",
    "strategy_for",
    "units",
    "work_calendars",
]


def __dir__() -> list[str]:
    return __all__


T = TypeVar("T")

# Ids are short and free of spaces; a few CJK characters make sure nothing
# downstream assumes ASCII.
_ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_.:村户需"
_KEYWORD_ALPHABET = "路灯水电房医药学老人孩子打电话视频补贴培训就业垃圾调解文化看望"
_SKILLS = ("repairs", "medicine", "law", "teaching", "agronomy", "counselling", "driving")
_GOODS = ("street-lamps", "tractor-road", "drinking-water", "public-toilet", "activity-room")
_RECURRENCES = (
    "FREQ=WEEKLY;BYDAY=FR",
    "FREQ=DAILY",
    "FREQ=MONTHLY;BYMONTHDAY=1",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
    "FREQ=WEEKLY;COUNT=4",
)
_MIN_DATE = dt.date(2000, 1, 1)
_MAX_DATE = dt.date(2035, 12, 31)
# The widths of the province, city, county, town and village parts of a code.
_WIDTHS = (2, 2, 2, 3, 3)


# ------------------------------------------------------------------ argument checks


def _check_type(name: str, value: object, kind: type, what: str) -> None:
    # bool is an int to isinstance, but True is no size.
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        msg = f"{name}={value!r} must be {what}"
        raise InvalidArgument(msg)


def _check_size(min_name: str, min_size: int, max_name: str, max_size: int | None, *, floor: int = 0) -> None:
    _check_type(min_name, min_size, int, "an integer")
    if min_size < floor:
        msg = f"{min_name}={min_size!r} must be at least {floor}"
        raise InvalidArgument(msg)
    if max_size is not None:
        _check_type(max_name, max_size, int, "an integer or None")
        if max_size < min_size:
            msg = f"{max_name}={max_size!r} must be at least {min_name}={min_size!r}"
            raise InvalidArgument(msg)


def _check_dates(min_value: dt.date, max_value: dt.date) -> None:
    for name, value in (("min_value", min_value), ("max_value", max_value)):
        if type(value) is not dt.date:
            msg = f"{name}={value!r} must be a datetime.date"
            raise InvalidArgument(msg)
    if max_value < min_value:
        msg = f"max_value={max_value!r} must not be before min_value={min_value!r}"
        raise InvalidArgument(msg)


def _check_catalogue(catalogue: Catalogue | None, *, need_categories: bool = True) -> Catalogue:
    if catalogue is None:
        return DEFAULT_CATALOGUE
    if not isinstance(catalogue, Catalogue):
        msg = f"catalogue={catalogue!r} must be a servicegov.needs.Catalogue or None"
        raise InvalidArgument(msg)
    if need_categories and not catalogue.categories:
        msg = "catalogue must have at least one category"
        raise InvalidArgument(msg)
    return catalogue


def _check_strategy(name: str, value: object) -> None:
    if value is not None and not isinstance(value, st.SearchStrategy):
        msg = f"{name}={value!r} must be a Hypothesis strategy or None"
        raise InvalidArgument(msg)


# ------------------------------------------------------------------ small pieces


# Built once: a composite that builds strategies on every draw spends most of
# its time validating them.
_ID = st.text(_ID_ALPHABET, min_size=1, max_size=8)
_TEXT = st.text(max_size=12)
_NAME = st.text(min_size=1, max_size=12)
_DATE = st.dates(min_value=_MIN_DATE, max_value=_MAX_DATE)
_YES = st.booleans().map(operator.not_)  # shrinks towards True
_SKILL_SETS = st.frozensets(st.sampled_from(_SKILLS) | _NAME, max_size=3)
_HOUSEHOLD = st.text(_ID_ALPHABET, max_size=6).map("h-".__add__)
_ONE_HOUSEHOLD = st.lists(_HOUSEHOLD, min_size=1, max_size=1)
_HOUSEHOLDS = st.lists(_HOUSEHOLD, min_size=1, max_size=6, unique=True)
_GROUP_SETS = st.frozensets(st.sampled_from(Group), min_size=1, max_size=3)
_SCORE = st.integers(1, 5)
_COST = st.floats(0.0, 5_000_000.0, allow_nan=False, allow_infinity=False)
_CHANNEL = st.sampled_from(Channel)
_SCOPE = st.sampled_from(Scope)
_GOOD = st.none() | st.sampled_from(_GOODS)
_RECURRENCE = st.none() | st.sampled_from(_RECURRENCES)
_ROLE = st.sampled_from(Role)
_CONTACT = st.sampled_from(ContactStatus)
_MEMBER_CAPACITY = st.integers(0, 10)
_UNIT_CAPACITY = st.just(1_000_000) | st.integers(0, 500)


def _ids() -> st.SearchStrategy[str]:
    return _ID


def _texts(*, min_size: int = 0) -> st.SearchStrategy[str]:
    return _NAME if min_size else _TEXT


def _dates() -> st.SearchStrategy[dt.date]:
    return _DATE


def _skills() -> st.SearchStrategy[frozenset[str]]:
    return _SKILL_SETS


def _code(parts: Sequence[int]) -> str:
    digits = "".join(str(p).zfill(w) for p, w in zip(parts, _WIDTHS, strict=False))
    return digits.ljust(12, "0")


def _codes_at(level: Level) -> st.SearchStrategy[str]:
    # A province part of 00 is not a code; every lower part must be non-zero too.
    parts = [st.integers(11, 99)] + [st.integers(1, 10**w - 1) for w in _WIDTHS[1 : level.depth + 1]]
    return st.tuples(*parts).map(_code)


def division_codes(*, level: Level | None = None) -> st.SearchStrategy[str]:
    """Valid 12-digit division codes, at *level* if given, else at any level.

    Shrinks towards province 11 with every lower part 1: ``"110000000000"`` for a
    province, ``"110101001001"`` for a village.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(division_codes(level=Level.VILLAGE))
        ... def check(code):
        ...     assert divisions.level(code) is Level.VILLAGE
        >>> check()
    """
    if level is not None and not isinstance(level, Level):
        msg = f"level={level!r} must be a servicegov.divisions.Level or None"
        raise InvalidArgument(msg)
    if level is not None:
        return _codes_at(level)
    return st.sampled_from(Level).flatmap(_codes_at)


# ------------------------------------------------------------------ needs


def categories(*, kind: NeedKind | None = None) -> st.SearchStrategy[Category]:
    """Catalogue categories, of *kind* if given.

    Shrinks towards a development category with a one-character code and names.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(categories(kind=NeedKind.EMOTIONAL))
        ... def check(category):
        ...     assert category.kind is NeedKind.EMOTIONAL
        >>> check()
    """
    if kind is not None and not isinstance(kind, NeedKind):
        msg = f"kind={kind!r} must be a servicegov.needs.NeedKind or None"
        raise InvalidArgument(msg)
    return st.builds(
        Category,
        code=_ids(),
        name_zh=_texts(min_size=1),
        name_en=_texts(min_size=1),
        kind=st.just(kind) if kind is not None else st.sampled_from(NeedKind),
    )


def service_items(*, catalogue: Catalogue | None = None) -> st.SearchStrategy[ServiceItem]:
    """Service projects (便民服务项目) in a category of *catalogue* (default: the 16 categories).

    Shrinks towards a project in the catalogue's first category, with no skills,
    no division and a capacity of 1.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(service_items())
        ... def check(item):
        ...     assert item.category in DEFAULT_CATALOGUE and item.capacity >= 1
        >>> check()
    """
    cat = _check_catalogue(catalogue)
    return st.builds(
        ServiceItem,
        code=_ids(),
        category=st.sampled_from(cat.codes),
        name_zh=_texts(min_size=1),
        name_en=_texts(),
        skills=_skills(),
        division=st.none() | division_codes(),
        capacity=st.integers(1, 20),
    )


@st.composite
def _catalogues(draw: st.DrawFn, min_size: int, max_size: int, max_items: int) -> Catalogue:
    cats = draw(st.lists(categories(), min_size=min_size, max_size=max_size, unique_by=lambda c: c.code))
    items: list[ServiceItem] = []
    if cats and max_items:
        holder = Catalogue(categories=cats)
        items = draw(
            st.lists(service_items(catalogue=holder), max_size=max_items, unique_by=lambda i: i.code)
        )
    return Catalogue(categories=cats, items=items)


def catalogues(*, min_size: int = 1, max_size: int = 6, max_items: int = 4) -> st.SearchStrategy[Catalogue]:
    """Catalogues of *min_size* to *max_size* categories with unique codes, and up to
    *max_items* projects, each in one of those categories.

    Shrinks towards one development category and no projects.

    Raises:
        InvalidArgument: when the sizes are negative or out of order.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(catalogues(min_size=2, max_size=3))
        ... def check(catalogue):
        ...     assert 2 <= len(catalogue.categories) <= 3
        ...     assert all(i.category in catalogue for i in catalogue.items)
        >>> check()
    """
    _check_size("min_size", min_size, "max_size", max_size)
    _check_size("max_items", max_items, "max_items", None)
    return _catalogues(min_size, max_size, max_items)


@st.composite
def _needs(
    draw: st.DrawFn,
    villages: st.SearchStrategy[str],
    cats: st.SearchStrategy[Category],
    ids: st.SearchStrategy[str],
    scopes: st.SearchStrategy[Scope] = _SCOPE,
    goods: st.SearchStrategy[str | None] = _GOOD,
) -> Need:
    category = draw(cats)
    scope = draw(scopes)
    common = scope is Scope.COMMON
    # An individual need serves one household; screening would flag more as incomplete.
    households = draw(_HOUSEHOLDS if common else _ONE_HOUSEHOLD)
    return Need(
        id=draw(ids),
        village=draw(villages),
        kind=category.kind,
        category=category.code,
        scope=scope,
        households=households,
        groups=draw(_GROUP_SETS),
        urgency=draw(_SCORE),
        necessity=draw(_SCORE),
        aspiration=draw(_SCORE),
        cost=draw(_COST),
        policy_allows=draw(_YES),
        collected=draw(_DATE),
        channel=draw(_CHANNEL),
        good=draw(goods) if common else None,
        recurrence=None if common else draw(_RECURRENCE),
        note=draw(_TEXT),
    )


def needs(
    *,
    village: str | None = None,
    catalogue: Catalogue | None = None,
    ids: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Need]:
    """Needs collected in *village* (default: any village code), in a category of
    *catalogue* (default: the 16 categories), with ids from *ids* (default: short ids).

    A need's kind is its category's kind; an individual need names one household,
    a common need one to six, and may ask for a common good; only individual needs
    recur.  ``merged_from`` is left empty: :func:`consolidations` covers merged needs.

    Shrinks towards an individual need in the catalogue's first category, urgency,
    necessity and aspiration 1, cost 0, allowed by policy, not recurring.

    Raises:
        InvalidArgument: for a malformed village code, an empty catalogue or an
            *ids* that is not a strategy.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(needs(village="420117101201"))
        ... def check(need):
        ...     assert need.village == "420117101201"
        ...     assert need.scope is Scope.COMMON or len(need.households) == 1
        >>> check()
    """
    if village is not None and not (
        divisions.is_valid_code(village) and divisions.level(village) is Level.VILLAGE
    ):
        msg = f"village={village!r} must be a village-level division code or None"
        raise InvalidArgument(msg)
    cat = _check_catalogue(catalogue)
    _check_strategy("ids", ids)
    return _needs(
        st.just(village) if village is not None else division_codes(level=Level.VILLAGE),
        st.sampled_from(cat.categories),
        ids if ids is not None else _ids(),
    )


# ------------------------------------------------------------------ organisation


def units() -> st.SearchStrategy[Unit]:
    """Single units of any tier, kind and division, with or without a parent id.

    A unit on its own is valid whatever its parent id names; :func:`organisations`
    makes trees.  Shrinks towards a grid-tier Party organisation with no parent,
    capacity 0 and no linked villages.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(units())
        ... def check(unit):
        ...     assert divisions.is_valid_code(unit.division)
        >>> check()
    """
    return st.builds(
        Unit,
        id=_ids(),
        name=_texts(),
        division=division_codes(),
        tier=st.sampled_from(Tier),
        parent=st.none() | _ids(),
        kind=st.sampled_from(ProviderKind),
        capacity=st.integers(0, 1000),
        linked_villages=st.frozensets(division_codes(level=Level.VILLAGE), max_size=3),
    )


def registrations(*, branches: Sequence[str] | None = None) -> st.SearchStrategy[Registration]:
    """Registrations with an activity branch from *branches* (default: any id).

    Shrinks towards the first branch, registered on 2000-01-01 with card, letter
    and form all in.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(registrations(branches=["V1", "V2"]))
        ... def check(registration):
        ...     assert registration.branch in ("V1", "V2")
        >>> check()
    """
    branch = _branches(branches)
    return st.builds(
        Registration,
        branch=branch,
        registered=_dates(),
        card=st.booleans().map(lambda b: not b),
        letter=st.booleans().map(lambda b: not b),
        form=st.booleans().map(lambda b: not b),
    )


def _branches(branches: Sequence[str] | None) -> st.SearchStrategy[str]:
    if branches is None:
        return _ids()
    given: Sequence[object] = branches
    if isinstance(given, str) or not all(isinstance(b, str) and b for b in given):
        msg = f"branches={branches!r} must be a sequence of unit ids or None"
        raise InvalidArgument(msg)
    if not branches:
        msg = "branches must name at least one unit"
        raise InvalidArgument(msg)
    return st.sampled_from(list(branches))


def migrations() -> st.SearchStrategy[Migration]:
    """Migrations: the division a member left and the one they live in (双向管理).

    Shrinks towards two province codes ``"110000000000"``.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(migrations())
        ... def check(migration):
        ...     assert divisions.is_valid_code(migration.left)
        >>> check()
    """
    return st.builds(Migration, left=division_codes(), lives=division_codes())


@st.composite
def _members(
    draw: st.DrawFn,
    branches: st.SearchStrategy[str],
    ids: st.SearchStrategy[str],
    places: st.SearchStrategy[str],
    activity: st.SearchStrategy[list[str]],
    moves: st.SearchStrategy[Migration | None],
) -> Member:
    home = draw(branches)
    regs = [
        Registration(branch=b, registered=draw(_DATE), card=draw(_YES), letter=draw(_YES), form=draw(_YES))
        for b in draw(activity)
        if b != home
    ]
    return Member(
        id=draw(ids),
        home_branch=home,
        division=draw(places),
        registrations=regs,
        skills=draw(_SKILL_SETS),
        capacity=draw(_MEMBER_CAPACITY),
        role=draw(_ROLE),
        migration=draw(moves),
        contact=draw(_CONTACT),
    )


def _member_strategy(
    branches: st.SearchStrategy[str], ids: st.SearchStrategy[str], places: st.SearchStrategy[str]
) -> st.SearchStrategy[Member]:
    activity = st.lists(branches, max_size=2, unique=True)
    moves = st.none() | st.builds(Migration, left=places, lives=places)
    return _members(branches, ids, places, activity, moves)


def members(
    *, branches: Sequence[str] | None = None, ids: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[Member]:
    """Members whose home branch and activity branches come from *branches*
    (default: any id), with ids from *ids*.

    Activity branches are distinct and never the home branch.  Shrinks towards a
    Party member of the first branch, in contact, with no registrations, skills
    or migration and capacity 0.

    Raises:
        InvalidArgument: for an empty *branches* or an *ids* that is not a strategy.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(members(branches=["V1", "V2", "T1"]))
        ... def check(member):
        ...     assert member.branches <= {"V1", "V2", "T1"}
        ...     assert member.home_branch not in [r.branch for r in member.registrations]
        >>> check()
    """
    _check_strategy("ids", ids)
    return _member_strategy(_branches(branches), ids or _ids(), division_codes())


_VILLAGE_SUBUNITS = (
    (Tier.PARTY_GROUP, ProviderKind.PARTY_ORGANISATION, "党小组"),
    (Tier.VILLAGE, ProviderKind.VILLAGE_COMMITTEE, "村委会"),
    (Tier.VILLAGE, ProviderKind.VOLUNTEER_TEAM, "村志愿服务队"),
    (Tier.GRID, ProviderKind.PARTY_ORGANISATION, "网格"),
)


@st.composite
def _organisations(draw: st.DrawFn, min_villages: int, max_villages: int, with_members: bool) -> Organisation:
    county = draw(division_codes(level=Level.COUNTY))
    n_villages = draw(st.integers(min_villages, max_villages))
    n_towns = draw(st.integers(1, max(1, n_villages)))
    town_codes = [divisions.child_code(county, t + 1) for t in range(n_towns)]
    town_of = draw(st.lists(st.integers(0, n_towns - 1), min_size=n_villages, max_size=n_villages))
    village_codes: list[str] = []
    per_town = [0] * n_towns
    for t in town_of:
        per_town[t] += 1
        village_codes.append(divisions.child_code(town_codes[t], per_town[t]))
    subunits = [draw(st.lists(st.sampled_from(_VILLAGE_SUBUNITS), max_size=2)) for _ in village_codes]
    n_departments = draw(st.integers(0, 2))
    n_units = 1 + n_departments + n_towns + n_villages + sum(len(s) for s in subunits)
    ids = iter(draw(st.lists(_ids(), min_size=n_units, max_size=n_units, unique=True)))

    def unit(**fields: Any) -> Unit:
        return Unit(id=next(ids), capacity=draw(_UNIT_CAPACITY), **fields)

    # Breadth-first: the root, the district departments, the towns, the villages.
    root = unit(name="区委", division=county, tier=Tier.DISTRICT)
    unit_list = [root]
    for d in range(n_departments):
        kind = draw(st.sampled_from((ProviderKind.GOVERNMENT_DEPARTMENT, ProviderKind.WORK_GROUP)))
        links = draw(st.frozensets(st.sampled_from(village_codes), max_size=3)) if n_villages else ()
        unit_list.append(
            unit(
                name=f"区直部门{d + 1}",
                division=county,
                tier=Tier.DISTRICT,
                parent=root.id,
                kind=kind,
                linked_villages=links,
            )
        )
    towns = [unit(name="镇党委", division=c, tier=Tier.TOWN, parent=root.id) for c in town_codes]
    unit_list += towns
    for code, t, subs in zip(village_codes, town_of, subunits, strict=True):
        village = unit(name="村党组织", division=code, tier=Tier.VILLAGE, parent=towns[t].id)
        unit_list.append(village)
        for tier, kind, name in subs:
            unit_list.append(unit(name=name, division=code, tier=tier, kind=kind, parent=village.id))
    unit_ids = [u.id for u in unit_list]
    member_list: list[Member] = []
    if with_members:
        places = st.sampled_from(sorted({u.division for u in unit_list}))
        member_list = draw(
            st.lists(
                _member_strategy(st.sampled_from(unit_ids), _ID, places),
                max_size=6,
                unique_by=lambda m: m.id,
            )
        )
    return Organisation(
        # Units come in any order: parents need not precede their children.
        units=draw(st.permutations(unit_list)),
        members=member_list,
        backstop=draw(st.sampled_from(unit_ids)),
    )


def organisations(
    *, min_villages: int = 1, max_villages: int = 4, members: bool = True
) -> st.SearchStrategy[Organisation]:
    """Organisations: a district Party committee over one or more towns, each over
    its villages, with village committees, volunteer teams, Party groups and grids
    under some villages, and up to two district departments linked to villages (联系村).

    Unit ids are unique and the units come in any order; division codes follow the
    tree (a village's code is inside its town's).  With *members*, up to six members
    whose home and activity branches are units of the tree, living in one of its
    divisions.  The backstop is any unit.

    Shrinks towards the district committee, one town and *min_villages* villages
    in the first town, no departments and no members, with the root as backstop.

    Raises:
        InvalidArgument: when the village bounds are negative or out of order.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(organisations(min_villages=2))
        ... def check(org):
        ...     assert org.root.tier is Tier.DISTRICT and len(org.villages) >= 2
        ...     assert all(org.has_unit(b) for m in org.members for b in m.branches)
        >>> check()
    """
    _check_size("min_villages", min_villages, "max_villages", max_villages)
    _check_type("members", members, bool, "True or False")
    return _organisations(min_villages, max_villages, members)


# ------------------------------------------------------------------ calendar


@st.composite
def _periods(draw: st.DrawFn, min_value: dt.date, max_value: dt.date) -> Period:
    start = draw(st.dates(min_value=min_value, max_value=max_value))
    return Period(start, draw(st.dates(min_value=start, max_value=max_value)))


def periods(*, min_value: dt.date = _MIN_DATE, max_value: dt.date = _MAX_DATE) -> st.SearchStrategy[Period]:
    """Periods from *min_value* to *max_value* (both included), start never after end.

    Shrinks towards the one-day period on *min_value*.

    Raises:
        InvalidArgument: when the bounds are not dates or out of order.

    Examples:
        >>> import datetime as dt
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(periods(min_value=dt.date(2025, 1, 1)))
        ... def check(period):
        ...     assert dt.date(2025, 1, 1) <= period.start <= period.end
        >>> check()
    """
    _check_dates(min_value, max_value)
    return _periods(min_value, max_value)


@st.composite
def _work_calendars(draw: st.DrawFn, min_value: dt.date, max_value: dt.date, max_size: int) -> WorkCalendar:
    # One flag per special day keeps holidays and make-up days disjoint by construction.
    special = draw(
        st.dictionaries(st.dates(min_value=min_value, max_value=max_value), st.booleans(), max_size=max_size)
    )
    weekend = draw(st.just((5, 6)) | st.sets(st.integers(0, 6), max_size=6).map(sorted))
    return WorkCalendar(
        holidays=[d for d, off in special.items() if not off],
        extra_workdays=[d for d, off in special.items() if off],
        weekend=weekend,
    )


def work_calendars(
    *, min_value: dt.date = _MIN_DATE, max_value: dt.date = _MAX_DATE, max_size: int = 20
) -> st.SearchStrategy[WorkCalendar]:
    """Working calendars with up to *max_size* holidays and make-up working days
    between *min_value* and *max_value*, never the same day both, and a weekend of
    zero to six weekdays.

    Shrinks towards the plain Monday-to-Friday week with no special days.

    Raises:
        InvalidArgument: when the bounds are out of order or *max_size* is negative.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(work_calendars())
        ... def check(calendar):
        ...     assert not calendar.holidays & calendar.extra_workdays
        >>> check()
    """
    _check_dates(min_value, max_value)
    _check_size("max_size", max_size, "max_size", None)
    return _work_calendars(min_value, max_value, max_size)


# ------------------------------------------------------------------ screening


def findings() -> st.SearchStrategy[Finding]:
    """Findings: a reason and its detail text.

    Shrinks towards an "unrealistic" finding with an empty detail.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(findings())
        ... def check(finding):
        ...     assert isinstance(finding.reason, Reason)
        >>> check()
    """
    return st.builds(Finding, reason=st.sampled_from(Reason), detail=_texts())


def emphases() -> st.SearchStrategy[Emphasis]:
    """Emphases: a kind of need and the groups it emphasises (possibly none).

    Shrinks towards development needs emphasising no group.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(emphases())
        ... def check(emphasis):
        ...     assert emphasis.groups <= set(Group)
        >>> check()
    """
    return st.builds(Emphasis, kind=st.sampled_from(NeedKind), groups=st.frozensets(st.sampled_from(Group)))


def eligibilities(*, catalogue: Catalogue | None = None) -> st.SearchStrategy[Eligibility]:
    """Eligibility rules: a category of *catalogue* (default: the 16) open to one or
    more groups.

    Shrinks towards the first category open to prosperity seekers.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(eligibilities())
        ... def check(eligibility):
        ...     assert eligibility.category in DEFAULT_CATALOGUE and eligibility.groups
        >>> check()
    """
    cat = _check_catalogue(catalogue)
    return st.builds(
        Eligibility,
        category=st.sampled_from(cat.codes),
        groups=st.frozensets(st.sampled_from(Group), min_size=1),
    )


def _floats(min_value: float, max_value: float) -> st.SearchStrategy[float]:
    return st.floats(min_value, max_value, allow_nan=False, allow_infinity=False)


@st.composite
def _screening_rules(draw: st.DrawFn, cat: Catalogue) -> ScreeningRules:
    weights = draw(st.tuples(_floats(0.0, 1.0), _floats(0.0, 1.0), _floats(0.0, 1.0)))
    if sum(weights) < 1e-3:
        # Near-zero weights would make the weighted mean meaningless; urgency alone decides.
        weights = (1.0, *weights[1:])
    max_ind = draw(_floats(0.0, 1e6))
    max_com = draw(_floats(0.0, 1e8))
    return ScreeningRules(
        effective_from=draw(_dates()),
        description=draw(_texts()),
        reference=draw(_texts()),
        weights=weights,
        emphasis=draw(st.lists(emphases(), max_size=3, unique_by=lambda e: e.kind)),
        emphasis_boost=draw(_floats(0.0, 5.0)),
        max_cost_individual=max_ind,
        max_cost_common=max_com,
        deliberation_cost_individual=draw(_floats(0.0, max_ind)),
        deliberation_cost_common=draw(_floats(0.0, max_com)),
        min_common_households=draw(st.integers(1, 10)),
        eligibility=draw(st.lists(eligibilities(catalogue=cat), max_size=3, unique_by=lambda e: e.category)),
    )


def screening_rules(*, catalogue: Catalogue | None = None) -> st.SearchStrategy[ScreeningRules]:
    """Screening rules: the default rules, or any weights (three non-negative
    numbers with a positive sum), one emphasis per kind at most, cost thresholds
    with each deliberation threshold at most its ceiling, and eligibility rules on
    distinct categories of *catalogue* (default: the 16).

    Shrinks towards :data:`~servicegov.screening.DEFAULT_RULES`.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(screening_rules())
        ... def check(rules):
        ...     assert rules.deliberation_cost_individual <= rules.max_cost_individual
        ...     assert sum(rules.weights) > 0
        >>> check()
    """
    cat = _check_catalogue(catalogue)
    return st.just(DEFAULT_RULES) | _screening_rules(cat)


def screening_policies(
    *, min_size: int = 1, max_size: int = 3, catalogue: Catalogue | None = None
) -> st.SearchStrategy[ScreeningPolicy]:
    """Policies of *min_size* to *max_size* versions of :func:`screening_rules`, each
    starting on a different day.

    Shrinks towards a policy of the default rules alone.

    Raises:
        InvalidArgument: when *min_size* is below 1 or the sizes are out of order.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(screening_policies(min_size=2))
        ... def check(policy):
        ...     assert len({v.effective_from for v in policy.versions}) >= 2
        >>> check()
    """
    _check_size("min_size", min_size, "max_size", max_size, floor=1)
    return st.lists(
        screening_rules(catalogue=catalogue),
        min_size=min_size,
        max_size=max_size,
        unique_by=lambda r: r.effective_from,
    ).map(lambda vs: ScreeningPolicy(versions=vs))


@st.composite
def _screenings(draw: st.DrawFn, rules: ScreeningRules | None) -> Screening:
    active = rules if rules is not None else draw(screening_rules())
    need = draw(needs())
    as_of = active.effective_from + dt.timedelta(days=draw(st.integers(0, 3650)))
    duplicate_of = draw(st.none() | _ids())
    return screen(need, active, as_of=as_of, duplicate_of=duplicate_of)


def screenings(*, rules: ScreeningRules | None = None) -> st.SearchStrategy[Screening]:
    """Screenings produced by :func:`~servicegov.screening.screen` on a generated need
    under *rules* (default: :func:`screening_rules`), sometimes as a duplicate, so
    the verdict always agrees with the findings and the priority with the rules.

    Shrinks towards the accepted screening of the simplest need.

    Examples:
        >>> from hypothesis import given, settings
        >>> from servicegov.screening import Verdict
        >>> @settings(max_examples=5, deadline=None)
        ... @given(screenings())
        ... def check(screening):
        ...     assert (screening.verdict is Verdict.ACCEPTED) == (not screening.findings)
        >>> check()
    """
    if rules is not None and not isinstance(rules, ScreeningRules):
        msg = f"rules={rules!r} must be servicegov.screening.ScreeningRules or None"
        raise InvalidArgument(msg)
    return _screenings(rules)


def _keywords(*, min_size: int = 0) -> st.SearchStrategy[list[str]]:
    return st.lists(
        st.text(_KEYWORD_ALPHABET, min_size=1, max_size=4), min_size=min_size, max_size=4, unique=True
    )


def keyword_tables(*, catalogue: Catalogue | None = None) -> st.SearchStrategy[KeywordTable]:
    """Keyword tables for distinct categories of *catalogue* (default: the 16), each
    with distinct non-empty Chinese keywords.

    Shrinks towards the empty table.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(keyword_tables())
        ... def check(table):
        ...     codes = [code for code, _ in table.entries]
        ...     assert len(set(codes)) == len(codes)
        >>> check()
    """
    cat = _check_catalogue(catalogue)
    return st.lists(
        st.tuples(st.sampled_from(cat.codes), _keywords().map(tuple)),
        max_size=len(cat.codes),
        unique_by=lambda e: e[0],
    ).map(lambda es: KeywordTable(entries=es))


def candidates(*, catalogue: Catalogue | None = None) -> st.SearchStrategy[Candidate]:
    """Candidates of :func:`~servicegov.screening.classify_text`: a category of
    *catalogue* (default: the 16), one to four distinct keywords found, and the
    score they give (the sum of their lengths).

    Shrinks towards the first category with one one-character keyword.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(candidates())
        ... def check(candidate):
        ...     assert candidate.score == sum(len(w) for w in candidate.matched)
        >>> check()
    """
    cat = _check_catalogue(catalogue)
    return st.builds(
        lambda code, words: Candidate(category=code, score=float(sum(len(w) for w in words)), matched=words),
        st.sampled_from(cat.codes),
        _keywords(min_size=1),
    )


_COMMON_FIRST = st.sampled_from((Scope.COMMON, Scope.INDIVIDUAL))
_TWO_GOODS: st.SearchStrategy[str | None] = st.sampled_from(_GOODS[:2])


@st.composite
def _consolidations(draw: st.DrawFn, max_size: int) -> Consolidation:
    # Few villages, categories and goods, so that merges and duplicates are common.
    villages = draw(st.lists(division_codes(level=Level.VILLAGE), min_size=1, max_size=2))
    cats = st.sampled_from(
        draw(st.lists(st.sampled_from(DEFAULT_CATALOGUE.categories), min_size=1, max_size=2, unique=True))
    )
    make = _needs(st.sampled_from(villages), cats, _ID, _COMMON_FIRST, _TWO_GOODS)
    n = draw(st.integers(0, max_size))
    ids = draw(st.lists(_ids(), min_size=n, max_size=n, unique=True))
    out: list[Need] = []
    for nid in ids:
        if out and draw(st.integers(0, 4)) == 0:
            # The same request registered again on another day through another channel.
            src = draw(st.sampled_from(out))
            out.append(
                attrs.evolve(src, id=nid, collected=draw(_dates()), channel=draw(st.sampled_from(Channel)))
            )
        else:
            out.append(attrs.evolve(draw(make), id=nid))
    return consolidate(out)


def consolidations(*, max_size: int = 10) -> st.SearchStrategy[Consolidation]:
    """Consolidations produced by :func:`~servicegov.screening.consolidate` on up to
    *max_size* needs from one or two villages and categories, some of them exact
    duplicates, so that merged common needs and duplicates both occur.

    Shrinks towards the consolidation of no needs.

    Raises:
        InvalidArgument: when *max_size* is negative.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(consolidations())
        ... def check(c):
        ...     ids = [i for n in c.needs for i in n.ids]
        ...     assert len(set(ids)) == len(ids)
        >>> check()
    """
    _check_size("max_size", max_size, "max_size", None)
    return _consolidations(max_size)


# ------------------------------------------------------------------ district


@st.composite
def _districts(draw: st.DrawFn, min_needs: int, max_needs: int) -> District:
    organisation = draw(organisations(min_villages=1, max_villages=3))
    catalogue = draw(st.just(DEFAULT_CATALOGUE) | catalogues())
    need_list = draw(
        st.lists(
            _needs(st.sampled_from(organisation.villages), st.sampled_from(catalogue.categories), _ID),
            min_size=min_needs,
            max_size=max_needs,
            unique_by=lambda n: n.id,
        )
    )
    return District(
        name=draw(_texts()),
        division=organisation.root.division,
        organisation=organisation,
        catalogue=catalogue,
        calendar=draw(work_calendars(max_size=6)),
        needs=need_list,
        as_of=draw(_dates()),
        preset=draw(st.none() | st.sampled_from(("small", "xinzhou", "zhifu"))),
        seed=draw(st.none() | st.integers(0, 2**32 - 1)),
    )


def districts(*, min_needs: int = 0, max_needs: int = 30) -> st.SearchStrategy[District]:
    """Districts: an :func:`organisations` tree of one to three villages, the
    default catalogue or a generated one, a working calendar, and *min_needs* to
    *max_needs* needs with unique ids, each in one of the district's villages and
    a category of its catalogue.  The district's code is the root unit's.

    Shrinks towards a district of one village, the default catalogue, no needs
    and the plain weekly calendar.

    Raises:
        InvalidArgument: when the sizes are negative or out of order.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(districts(max_needs=5))
        ... def check(district):
        ...     villages = set(district.organisation.villages)
        ...     assert all(n.village in villages and n.category in district.catalogue for n in district.needs)
        >>> check()
    """
    _check_size("min_needs", min_needs, "max_needs", max_needs)
    return _districts(min_needs, max_needs)


# ------------------------------------------------------------------ registration

_DEFAULTS: dict[type, Callable[[], st.SearchStrategy[Any]]] = {
    Candidate: candidates,
    Catalogue: catalogues,
    Category: categories,
    Consolidation: consolidations,
    District: districts,
    Eligibility: eligibilities,
    Emphasis: emphases,
    Finding: findings,
    KeywordTable: keyword_tables,
    Member: members,
    Migration: migrations,
    Need: needs,
    Organisation: organisations,
    Period: periods,
    Registration: registrations,
    Screening: screenings,
    ScreeningPolicy: screening_policies,
    ScreeningRules: screening_rules,
    ServiceItem: service_items,
    Unit: units,
    WorkCalendar: work_calendars,
}

_BUILT_DEFAULTS: dict[type, st.SearchStrategy[Any]] = {}


def strategy_for(model: type[T]) -> st.SearchStrategy[T]:
    """The default strategy for a public model (what ``st.from_type(model)`` draws from).

    Raises:
        InvalidArgument: when *model* is not a public servicegov model.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(strategy_for(Need))
        ... def check(need):
        ...     assert isinstance(need, Need)
        >>> check()
        >>> strategy_for(int)
        Traceback (most recent call last):
            ...
        hypothesis.errors.InvalidArgument: int is not a public servicegov model; ...
    """
    try:
        factory = _DEFAULTS[model]
    except (KeyError, TypeError):
        name = getattr(model, "__name__", repr(model))
        known = ", ".join(sorted(t.__name__ for t in _DEFAULTS))
        msg = f"{name} is not a public servicegov model; strategies exist for {known}"
        raise InvalidArgument(msg) from None
    # One object per model, so that what from_type resolves to can be checked.
    if model not in _BUILT_DEFAULTS:
        _BUILT_DEFAULTS[model] = factory()
    strategy: st.SearchStrategy[T] = _BUILT_DEFAULTS[model]
    return strategy


_BUILT = True
if _REGISTER_PENDING:
    register()
