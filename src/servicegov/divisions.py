"""Statistical division codes: 12 digits for province, city, county, town and village.

A code is ``PP CC DD TTT VVV``: two digits each for province, city and county,
three each for town and village, zero-filled below its own level (the scheme of the
national statistical division codes).  Xinzhou district of Wuhan is ``420117``.

Examples:
    >>> from servicegov.divisions import Level, level, parent, validate_code
    >>> level("420117000000")
    <Level.COUNTY>
    >>> level("420117101201")
    <Level.VILLAGE>
    >>> parent("420117101201")
    '420117101000'
    >>> validate_code("4201", field="village")
    Traceback (most recent call last):
        ...
    servicegov.errors.InvalidValue: 'village' must be a 12-digit division code (got '4201')
"""

from __future__ import annotations

import functools

from servicegov._arguments import checked
from servicegov._enum import LabelledEnum
from servicegov.errors import InvalidValue

__all__ = [
    "XINZHOU",
    "Level",
    "child_code",
    "contains",
    "is_valid_code",
    "level",
    "pad",
    "parent",
    "validate_code",
]


def __dir__() -> list[str]:
    return __all__


XINZHOU = "420117000000"
"""Xinzhou district, Wuhan, Hubei (新洲区)."""


class Level(LabelledEnum):
    """The five levels of a division code, largest first."""

    PROVINCE = ("province", "省级", "province")
    CITY = ("city", "地级", "city")
    COUNTY = ("county", "县级", "county or district")
    TOWN = ("town", "乡级", "town or sub-district")
    VILLAGE = ("village", "村级", "village or community")

    @property
    def depth(self) -> int:
        """0 for a province, 4 for a village."""
        return _ORDER.index(self)


_ORDER = (Level.PROVINCE, Level.CITY, Level.COUNTY, Level.TOWN, Level.VILLAGE)
# (start, end) of the digits each level adds.
_SPANS = ((0, 2), (2, 4), (4, 6), (6, 9), (9, 12))


def _level_of(code: str) -> Level | None:
    # Only 12-digit strings reach the cache, so junk input (a huge string, say)
    # is refused at once and never kept alive by it.
    if len(code) != 12 or not code.isascii() or not code.isdigit():
        return None
    return _level_of_digits(code)


@functools.lru_cache(maxsize=65536)
def _level_of_digits(code: str) -> Level | None:
    if code[0:2] == "00":
        return None
    deepest = 0
    for i, (start, end) in enumerate(_SPANS):
        if code[start:end].strip("0"):
            deepest = i
    # A lower level may not be set while a higher one is zero (e.g. 42 00 17 ...).
    for start, end in _SPANS[1 : deepest + 1]:
        if not code[start:end].strip("0"):
            return None
    return _ORDER[deepest]


@checked
def is_valid_code(code: object) -> bool:
    """Whether *code* is a well-formed 12-digit division code.

    Examples:
        >>> is_valid_code("420117000000"), is_valid_code("420017000000"), is_valid_code(420117)
        (True, False, False)
    """
    return isinstance(code, str) and _level_of(code) is not None


@checked
def validate_code(code: object, *, field: str = "code", at: Level | None = None) -> str:
    """Return *code* if it is a valid division code (at level *at*, if given).

    Raises:
        InvalidValue: naming *field* when the code is malformed or at another level.

    Examples:
        >>> validate_code("420117101201", at=Level.VILLAGE)
        '420117101201'
        >>> validate_code("420117000000", field="village", at=Level.VILLAGE)
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'village' must be a village-level division code (got '420117000000')
    """
    if not isinstance(code, str) or (found := _level_of(code)) is None:
        raise InvalidValue.for_field(field, code, "a 12-digit division code")
    if at is not None and found is not at:
        raise InvalidValue.for_field(field, code, f"a {at.value}-level division code")
    return code


@checked
def level(code: str) -> Level:
    """The level of a division code.

    Raises:
        InvalidValue: when the code is malformed.
    """
    found = _level_of(validate_code(code))
    assert found is not None
    return found


@checked
def parent(code: str) -> str | None:
    """The code of the division one level up, or ``None`` for a province.

    Examples:
        >>> parent("420117000000"), parent("420000000000")
        ('420100000000', None)
    """
    depth = level(code).depth
    if depth == 0:
        return None
    start, _ = _SPANS[depth]
    return code[:start] + "0" * (12 - start)


@checked
def contains(outer: str, inner: str) -> bool:
    """Whether division *outer* contains (or is) division *inner*.

    Examples:
        >>> contains("420117000000", "420117101201"), contains("420117101000", "420117102001")
        (True, False)
    """
    depth = level(outer).depth
    validate_code(inner, field="inner")
    end = _SPANS[depth][1]
    return inner[:end] == outer[:end]


@checked
def child_code(code: str, index: int) -> str:
    """The code of the *index*-th child (1-based) of *code*.

    Examples:
        >>> child_code("420117000000", 3), child_code("420117003000", 12)
        ('420117003000', '420117003012')
    """
    depth = level(code).depth
    if depth == 4:
        raise InvalidValue.for_field("code", code, "a division above village level")
    start, end = _SPANS[depth + 1]
    width = end - start
    if not 1 <= index < 10**width:
        raise InvalidValue.for_field("index", index, f"an integer from 1 to {10**width - 1}")
    return code[:start] + str(index).zfill(width) + "0" * (12 - end)


@checked
def pad(prefix: str) -> str:
    """Zero-fill a 2-, 4-, 6- or 9-digit prefix to a 12-digit code.

    Examples:
        >>> pad("420117")
        '420117000000'
    """
    return validate_code(prefix.ljust(12, "0"), field="prefix")
