"""Strategies for :mod:`servicegov.district`: whole districts."""

from __future__ import annotations

from hypothesis import strategies as st

from servicegov.district import District
from servicegov.needs import (
    DEFAULT_CATALOGUE,
)
from servicegov.strategies._common import _ID, _check_size, _dates, _texts
from servicegov.strategies.calendar import work_calendars
from servicegov.strategies.needs import _needs, catalogues
from servicegov.strategies.org import organisations

__all__ = ["districts"]


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
