"""servicegov: grassroots public service as typed models and pure functions.

Needs are collected and screened, routed tier by tier with escalation and
deadlines, claimed by people and units, scored by "one set, two reviews"
(一定双评) and weighed in tiered assessments.  The library does no I/O.

Examples:
    >>> import servicegov
    >>> isinstance(servicegov.__version__, str)
    True
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
