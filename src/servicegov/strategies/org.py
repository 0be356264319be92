"""Strategies for :mod:`servicegov.org`: units, registrations, migrations, members and organisations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from servicegov import divisions
from servicegov.divisions import Level
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
from servicegov.strategies._common import (
    _DATE,
    _ID,
    _SKILL_SETS,
    _YES,
    _check_size,
    _check_strategy,
    _check_type,
    _dates,
    _ids,
    _texts,
    division_codes,
)

__all__ = ["members", "migrations", "organisations", "registrations", "units"]


def __dir__() -> list[str]:
    return __all__


_ROLE = st.sampled_from(Role)


_CONTACT = st.sampled_from(ContactStatus)


_MEMBER_CAPACITY = st.integers(0, 10)


_UNIT_CAPACITY = st.just(1_000_000) | st.integers(0, 500)


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
