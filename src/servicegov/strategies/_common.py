"""The building blocks every strategy module shares: ids, texts, dates,
division codes, shares and seeds, and the argument checks that raise
:class:`~hypothesis.errors.InvalidArgument`.

The field types of :mod:`servicegov._types` name the strategies here that
``st.builds`` draws an id, a text or a division code from.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Sequence
from typing import TypeVar

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from servicegov.divisions import Level
from servicegov.needs import DEFAULT_CATALOGUE, Catalogue

__all__ = ["division_codes"]


def __dir__() -> list[str]:
    return __all__


T = TypeVar("T")


# Ids are short and free of spaces; a few CJK characters make sure nothing
# downstream assumes ASCII.
_ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_.:村户需"


_SKILLS = ("repairs", "medicine", "law", "teaching", "agronomy", "counselling", "driving")


_MIN_DATE = dt.date(2000, 1, 1)


_MAX_DATE = dt.date(2035, 12, 31)


# The widths of the province, city, county, town and village parts of a code.
_WIDTHS = (2, 2, 2, 3, 3)


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


# Built once: a composite that builds strategies on every draw spends most of
# its time validating them.
_ID = st.text(_ID_ALPHABET, min_size=1, max_size=8)


_TEXT = st.text(max_size=12)


# A name is checked like any text field: at least one character that is not a
# space ("a non-empty string"), so a name of one space is never drawn.
_NAME = st.tuples(st.characters(exclude_categories=("Z", "Cc", "Cs")), st.text(max_size=11)).map("".join)


_DATE = st.dates(min_value=_MIN_DATE, max_value=_MAX_DATE)


_YES = st.booleans().map(operator.not_)  # shrinks towards True


_SKILL_SETS = st.frozensets(st.sampled_from(_SKILLS) | _NAME, max_size=3)


_COST = st.floats(0.0, 5_000_000.0, allow_nan=False, allow_infinity=False)


def _ids() -> st.SearchStrategy[str]:
    return _ID


def _texts(*, min_size: int = 0) -> st.SearchStrategy[str]:
    return _NAME if min_size else _TEXT


# A text field's check wants a character that is not a space; prefixing one
# keeps every draw useful where a filter would throw some away.
_NONBLANK = st.tuples(st.characters(exclude_categories=("Z", "Cc", "Cs")), _TEXT).map("".join)


def _nonblank_texts() -> st.SearchStrategy[str]:
    return _NONBLANK


def _village_codes() -> st.SearchStrategy[str]:
    return _codes_at(Level.VILLAGE)


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
        >>> from servicegov import divisions
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


def _floats(min_value: float, max_value: float) -> st.SearchStrategy[float]:
    return st.floats(min_value, max_value, allow_nan=False, allow_infinity=False)


_POINTS = _floats(0.0, 100.0)


_SHARE = _floats(0.0, 1.0)


_SEED = st.integers(0, 2**32 - 1)


def _id_pool(name: str, ids: Sequence[str] | None) -> st.SearchStrategy[str]:
    if ids is None:
        return _ID
    given: Sequence[object] = ids
    if isinstance(given, str) or not all(isinstance(i, str) and i for i in given):
        msg = f"{name}={ids!r} must be a sequence of non-empty string ids or None"
        raise InvalidArgument(msg)
    if not ids:
        msg = f"{name} must name at least one id"
        raise InvalidArgument(msg)
    return st.sampled_from(sorted(ids))


def _some(pool: st.SearchStrategy[str], *, min_size: int = 0) -> st.SearchStrategy[frozenset[str]]:
    return st.frozensets(pool, min_size=min_size, max_size=3)


# Three id alphabets, kept so that the strategies draw what they always drew:
# _ID (with CJK and punctuation) for needs, units and members; _SC_IDS (lower
# case) for scoring, assessment and projects; _LC_IDS (upper case) for the
# lifecycle's need, unit and claimant ids.
_SC_IDS = st.text("abcdefghjkmnpqrstuvwxyz0123456789-", min_size=1, max_size=8)
_LC_IDS = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=6)


_SC_DATES_MIN = dt.date(2020, 1, 1)


_SC_DATES = st.dates(_SC_DATES_MIN, dt.date(2030, 12, 31))


_CLAIM_SHARE = st.just(1.0) | _floats(0.01, 1.0)
