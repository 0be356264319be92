"""Effective-dated lookups shared by every rule set (OpenFisca's "as of" lookup)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol, TypeVar

from servicegov.errors import ConfigurationError, InvalidType, NoRuleInEffect


class Dated(Protocol):
    @property
    def effective_from(self) -> dt.date: ...


D = TypeVar("D", bound=Dated)


def check_versions(versions: Sequence[Dated], field: str) -> None:
    """Versions must be non-empty with distinct start dates."""
    if not versions:
        raise ConfigurationError.for_field(field, versions, "at least one version")
    starts = [v.effective_from for v in versions]
    if len(set(starts)) != len(starts):
        raise ConfigurationError.for_field(
            f"{field}[].effective_from", sorted(starts), "distinct dates"
        )


def in_effect(versions: Sequence[D], as_of: dt.date, what: str) -> D:
    """The latest version that has started on *as_of*."""
    if type(as_of) is not dt.date:
        raise InvalidType.for_field("as_of", as_of, "a datetime.date (not a datetime or a string)")
    best: D | None = None
    for v in versions:
        if v.effective_from <= as_of and (best is None or v.effective_from > best.effective_from):
            best = v
    if best is None:
        first = min(v.effective_from for v in versions) if versions else None
        msg = f"no {what} in effect on {as_of.isoformat()} (the first starts on {first})"
        raise NoRuleInEffect(msg, field="as_of", value=as_of)
    return best
