"""Strategies for :mod:`servicegov.district`: whole districts."""

from __future__ import annotations

import random
from collections.abc import Collection

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from servicegov import simulation
from servicegov.district import District
from servicegov.divisions import Level
from servicegov.needs import DEFAULT_CATALOGUE, Catalogue, Group
from servicegov.org import Tier
from servicegov.strategies._common import (
    _ID,
    _SEED,
    _check_catalogue,
    _check_size,
    _codes_at,
    _dates,
    _floats,
    _texts,
)
from servicegov.strategies.calendar import work_calendars
from servicegov.strategies.needs import _needs, catalogues
from servicegov.strategies.org import organisations

__all__ = ["HARDSHIP", "districts", "realistic_districts"]


def __dir__() -> list[str]:
    return __all__


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


# ------------------------------------------------------------------ realistic districts

#: The groups that make a need a hardship need (困难群众).
HARDSHIP = frozenset({Group.KEY_POVERTY, Group.SPECIAL_HARDSHIP})
_ALWAYS = frozenset({Tier.DISTRICT, Tier.TOWN, Tier.VILLAGE})
_SHAPES = (
    frozenset(Tier),
    frozenset({Tier.DISTRICT, Tier.TOWN, Tier.VILLAGE, Tier.PARTY_GROUP}),
    _ALWAYS,
)


def _check_share(low_name: str, low: float, high_name: str, high: float) -> None:
    pairs: tuple[tuple[str, object], ...] = ((low_name, low), (high_name, high))
    for name, value in pairs:
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            msg = f"{name}={value!r} must be a number from 0 to 1"
            raise InvalidArgument(msg)
    if high < low:
        msg = f"{high_name}={high!r} must be at least {low_name}={low!r}"
        raise InvalidArgument(msg)


def _check_tiers(tiers: Collection[Tier] | None) -> tuple[frozenset[Tier], ...]:
    if tiers is None:
        return _SHAPES
    given: object = tiers
    if isinstance(given, str) or not isinstance(given, Collection) or not all(type(t) is Tier for t in given):
        msg = f"tiers={tiers!r} must be a collection of servicegov.org.Tier members or None"
        raise InvalidArgument(msg)
    shape = frozenset(tiers)
    if shape not in _SHAPES:
        msg = (
            f"tiers={sorted(t.value for t in shape)!r} must be the district, town and village tiers, "
            "with or without party groups, and grids only under party groups"
        )
        raise InvalidArgument(msg)
    return (shape,)


def _share(draw: st.DrawFn, low: float, high: float) -> float:
    return low if low == high else draw(_floats(low, high))


@st.composite
def _realistic_districts(
    draw: st.DrawFn,
    villages: tuple[int, int],
    towns: tuple[int, int],
    needs: tuple[int, int],
    common: tuple[float, float],
    hardship: tuple[float, float] | None,
    shapes: tuple[frozenset[Tier], ...],
    catalogue: Catalogue | None,
) -> District:
    n_villages = draw(st.integers(*villages))
    n_towns = draw(st.integers(towns[0], min(towns[1], n_villages)))
    preset = simulation.Preset(
        name="hypothesis",
        division=draw(_codes_at(Level.COUNTY)),
        towns=n_towns,
        villages=n_villages,
        needs=draw(st.integers(*needs)),
        departments=draw(st.integers(1, 3)),
        town_departments=draw(st.integers(0, 2)),
        members_per_village=draw(st.integers(0, 3)),
        volunteers_per_village=draw(st.integers(0, 2)),
        cadres_per_department=draw(st.integers(0, 2)),
        town_cadres=draw(st.integers(0, 2)),
        common_share=_share(draw, *common),
        duplicate_share=0.0,
        catalogue=catalogue,
    )
    seed = draw(_SEED)
    district = simulation.generate(preset, seed=seed)
    shape = draw(st.sampled_from(shapes))
    changed = False
    if shape != frozenset(Tier):
        org = district.organisation
        units = tuple(u for u in org.units if u.tier in shape)
        district = attrs.evolve(district, organisation=attrs.evolve(org, units=units))
        changed = True
    if hardship is not None:
        district = _with_hardship(district, _share(draw, *hardship), seed)
        changed = True
    if changed:
        # No longer what generate(preset, seed) gives: say so.
        district = attrs.evolve(district, preset=None, seed=None)
    return district


def _with_hardship(district: District, share: float, seed: int) -> District:
    """The district with exactly ``round(share * len(needs))`` hardship needs."""
    order = list(range(len(district.needs)))
    random.Random(seed).shuffle(order)
    chosen = set(order[: round(share * len(order))])
    needs = []
    for i, need in enumerate(district.needs):
        groups = need.groups - HARDSHIP
        if i in chosen:
            groups = (groups - {Group.GENERAL}) | (need.groups & HARDSHIP or {Group.KEY_POVERTY})
        needs.append(attrs.evolve(need, groups=groups or {Group.GENERAL}))
    return attrs.evolve(district, needs=needs)


def realistic_districts(
    *,
    min_villages: int = 1,
    max_villages: int = 6,
    min_towns: int = 1,
    max_towns: int = 2,
    min_needs: int = 0,
    max_needs: int = 60,
    min_common_share: float = 0.0,
    max_common_share: float = 0.5,
    min_hardship_share: float | None = None,
    max_hardship_share: float | None = None,
    tiers: Collection[Tier] | None = None,
    catalogue: Catalogue | None = None,
) -> st.SearchStrategy[District]:
    """Districts shaped like real ones, made by :func:`servicegov.simulation.generate`.

    Where :func:`districts` draws any valid tree and any needs, this draws the
    shape a platform or a study meets: a district committee with its backstop
    and departments linked to villages, *min_towns* to *max_towns* towns (never
    more than villages), *min_villages* to *max_villages* villages each with
    its committee, volunteer team, Party groups and grids, a few members, and
    *min_needs* to *max_needs* needs (the exact number) collected in those
    villages, in categories of *catalogue* (default: the 16 categories).

    Size and shape:

    * *min_common_share*, *max_common_share*: the generator's share of requests
      for a common good (a small district's realised share varies around it);
    * *min_hardship_share*, *max_hardship_share*: when given, exactly
      ``round(share * needs)`` needs come from hardship households
      (:data:`HARDSHIP`: key poverty or special hardship) and no other does;
      when ``None``, the generator's own mix of household groups;
    * *tiers*: the organisation's tiers, ``{DISTRICT, TOWN, VILLAGE}`` with or
      without ``PARTY_GROUP``, and ``GRID`` only with ``PARTY_GROUP``
      (default: any of these three shapes).

    The defaults make a district in a few milliseconds (the generator does the
    work; nothing is filtered), so a suite can draw hundreds.  A district the
    generator gave unchanged keeps its ``preset`` name and ``seed``; one whose
    tiers or hardship were changed has neither.  Shrinks towards one town, the
    fewest villages and needs, the lowest shares and the full five tiers.

    Raises:
        InvalidArgument: when a size is negative or out of order, a share is not
            from 0 to 1 or out of order, only one hardship bound is given, or
            *tiers* is not one of the shapes above.

    Examples:
        >>> from hypothesis import given, settings
        >>> from servicegov.org import Tier
        >>> @settings(max_examples=5, deadline=None)
        ... @given(realistic_districts(min_villages=2, max_villages=3, max_needs=20,
        ...                            min_hardship_share=0.5, max_hardship_share=0.5,
        ...                            tiers={Tier.DISTRICT, Tier.TOWN, Tier.VILLAGE}))
        ... def check(district):
        ...     assert 2 <= len(district.organisation.villages) <= 3
        ...     hardship = [n for n in district.needs if n.groups & HARDSHIP]
        ...     assert len(hardship) == round(0.5 * len(district.needs))
        ...     tiers = {u.tier for u in district.organisation.units}
        ...     assert tiers == {Tier.DISTRICT, Tier.TOWN, Tier.VILLAGE}
        >>> check()
    """
    _check_size("min_villages", min_villages, "max_villages", max_villages, floor=1)
    _check_size("min_towns", min_towns, "max_towns", max_towns, floor=1)
    if min_towns > max_villages:
        msg = f"min_towns={min_towns!r} must be at most max_villages={max_villages!r} (a town has a village)"
        raise InvalidArgument(msg)
    _check_size("min_needs", min_needs, "max_needs", max_needs)
    _check_share("min_common_share", min_common_share, "max_common_share", max_common_share)
    hardship: tuple[float, float] | None = None
    if (min_hardship_share is None) != (max_hardship_share is None):
        msg = "min_hardship_share and max_hardship_share must be given together, or neither"
        raise InvalidArgument(msg)
    if min_hardship_share is not None and max_hardship_share is not None:
        _check_share("min_hardship_share", min_hardship_share, "max_hardship_share", max_hardship_share)
        hardship = (min_hardship_share, max_hardship_share)
    cat = None if catalogue is None else _check_catalogue(catalogue)
    return _realistic_districts(
        (min_villages, max_villages),
        (min_towns, max_towns),
        (min_needs, max_needs),
        (min_common_share, max_common_share),
        hardship,
        _check_tiers(tiers),
        cat,
    )
