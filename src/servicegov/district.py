"""A district: everything the pipeline needs to run in one value.

Examples:
    >>> from servicegov.simulation import generate
    >>> d = generate("small", seed=1)
    >>> d.preset, len(d.needs) > 1000, len(d.organisation.villages)
    ('small', True, 10)
"""

from __future__ import annotations

import datetime as dt

import attrs

from servicegov._convert import to_tuple
from servicegov._types import DivisionCode
from servicegov._validators import division_code
from servicegov.calendar import CHINA_2025, WorkCalendar
from servicegov.errors import DuplicateId, UnknownReference
from servicegov.needs import DEFAULT_CATALOGUE, Catalogue, Need
from servicegov.org import Organisation

__all__ = ["District"]


def __dir__() -> list[str]:
    return __all__


@attrs.frozen(kw_only=True)
class District:
    """A district's organisation, catalogue, calendar and needs repository.

    Attributes:
        name: a display name.
        division: the district's division code.
        organisation: the unit tree and members.
        catalogue: the service-list categories (and projects, if any).
        calendar: the working calendar deadlines are counted on.
        needs: the needs repository (需求库).
        as_of: the date the district is looked at (the report date).
        preset: the preset it was generated from, if any.
        seed: the seed it was generated with, if any.

    Raises:
        DuplicateId: when two needs share an id.
        UnknownReference: when a need's category is not in the catalogue, or its
            village has no unit in the organisation.
    """

    name: str
    division: DivisionCode = attrs.field(validator=division_code())
    organisation: Organisation
    catalogue: Catalogue = DEFAULT_CATALOGUE
    calendar: WorkCalendar = CHINA_2025
    needs: tuple[Need, ...] = attrs.field(converter=to_tuple, repr=lambda v: f"<{len(v)} needs>")
    as_of: dt.date
    preset: str | None = None
    seed: int | None = None

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        codes = set(self.catalogue.codes)
        villages = set(self.organisation.villages)
        for i, n in enumerate(self.needs):
            if n.id in seen:
                raise DuplicateId.for_field(f"needs[{i}].id", n.id, "unique")
            seen.add(n.id)
            if n.category not in codes:
                raise UnknownReference.for_field(
                    f"needs[{i}].category", n.category, "a code of the catalogue"
                )
            if n.village not in villages:
                raise UnknownReference.for_field(
                    f"needs[{i}].village", n.village, "a village of the organisation"
                )
