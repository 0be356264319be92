"""The lifecycle strategies, kept under their first name for older imports.

They now live in :mod:`servicegov.strategies`, which registers them; import them
from there.  ``ids`` is the need-id strategy they use by default.
"""

from __future__ import annotations

from hypothesis import strategies as st

from servicegov import strategies
from servicegov.strategies import lifecycle_events, need_records, next_events

__all__ = ["ids", "lifecycle_events", "need_records", "next_events"]


def __dir__() -> list[str]:
    return __all__


ids: st.SearchStrategy[str] = strategies._LC_IDS
