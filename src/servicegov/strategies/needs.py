"""Strategies for :mod:`servicegov.needs`: categories, service items, catalogues and needs."""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from servicegov import divisions
from servicegov.divisions import Level
from servicegov.needs import Catalogue, Category, CollectionChannel, Group, Need, NeedKind, Scope, ServiceItem
from servicegov.strategies._common import (
    _COST,
    _DATE,
    _ID_ALPHABET,
    _TEXT,
    _YES,
    _check_catalogue,
    _check_size,
    _check_strategy,
    _ids,
    _skills,
    _texts,
    division_codes,
)

__all__ = ["catalogues", "categories", "needs", "service_items"]


def __dir__() -> list[str]:
    return __all__


_GOODS = ("street-lamps", "tractor-road", "drinking-water", "public-toilet", "activity-room")


_RECURRENCES = (
    "FREQ=WEEKLY;BYDAY=FR",
    "FREQ=DAILY",
    "FREQ=MONTHLY;BYMONTHDAY=1",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
    "FREQ=WEEKLY;COUNT=4",
)


_HOUSEHOLD = st.text(_ID_ALPHABET, max_size=6).map("h-".__add__)


_ONE_HOUSEHOLD = st.lists(_HOUSEHOLD, min_size=1, max_size=1)


_HOUSEHOLDS = st.lists(_HOUSEHOLD, min_size=1, max_size=6, unique=True)


_GROUP_SETS = st.frozensets(st.sampled_from(Group), min_size=1, max_size=3)


_SCORE = st.integers(1, 5)


_CHANNEL = st.sampled_from(CollectionChannel)


_SCOPE = st.sampled_from(Scope)


_GOOD = st.none() | st.sampled_from(_GOODS)


_RECURRENCE = st.none() | st.sampled_from(_RECURRENCES)


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
        >>> from servicegov.needs import DEFAULT_CATALOGUE
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
