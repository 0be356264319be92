"""servicegov: grassroots public service as typed models and pure functions.

Needs are collected and screened, routed tier by tier with escalation and
deadlines, claimed by people and units, scored by "one set, two reviews"
(一定双评) and weighed in tiered assessments.  The library does no I/O.

The everyday names are re-exported here; everything else lives in the modules
named after the pipeline's stages (``servicegov.routing``, ``servicegov.scoring``…).

Examples:
    >>> import servicegov
    >>> isinstance(servicegov.__version__, str)
    True
    >>> servicegov.NeedKind.EMOTIONAL.zh
    '情感需求'
"""

from __future__ import annotations

__version__ = "0.1.0"

from servicegov.calendar import WorkCalendar
from servicegov.district import District
from servicegov.errors import ServicegovError
from servicegov.needs import DEFAULT_CATALOGUE, Catalogue, Category, Group, Need, NeedKind, Scope
from servicegov.org import Member, Organisation, Tier, Unit

__all__ = [
    "DEFAULT_CATALOGUE",
    "Catalogue",
    "Category",
    "District",
    "Group",
    "Member",
    "Need",
    "NeedKind",
    "Organisation",
    "Scope",
    "ServicegovError",
    "Tier",
    "Unit",
    "WorkCalendar",
    "__version__",
]
