"""Chinese and English labels of every public enum member.

Examples:
    >>> from servicegov.labels import label
    >>> from servicegov.needs import NeedKind
    >>> label(NeedKind.EMOTIONAL, "zh"), label(NeedKind.EMOTIONAL, "en")
    ('情感需求', 'emotional need')
    >>> label(NeedKind.EMOTIONAL, "fr")
    Traceback (most recent call last):
        ...
    servicegov.errors.InvalidValue: 'lang' must be one of 'zh', 'en' (got 'fr')
"""

from __future__ import annotations

import enum
from typing import Literal

from servicegov._arguments import checked
from servicegov._enum import LabelledEnum
from servicegov.errors import InvalidValue

__all__ = ["Lang", "bilingual", "label"]

#: A label's language: ``"zh"`` (Chinese) or ``"en"`` (English).
Lang = Literal["zh", "en"]


def __dir__() -> list[str]:
    return __all__


@checked
def label(member: enum.Enum, lang: str = "zh") -> str:
    """Return the ``"zh"`` or ``"en"`` label of a public enum member.

    Args:
        member: a member of any servicegov enum.
        lang: ``"zh"`` (the default) or ``"en"``.

    Raises:
        InvalidValue: when *lang* is neither, or *member* carries no labels.
    """
    if lang not in ("zh", "en"):
        raise InvalidValue.for_field("lang", lang, "one of 'zh', 'en'")
    if not isinstance(member, LabelledEnum):
        raise InvalidValue.for_field("member", member, "a member of a servicegov enum")
    return member.zh if lang == "zh" else member.en


@checked
def bilingual(member: enum.Enum) -> str:
    """Return ``"中文 (English)"`` for a report.

    Examples:
        >>> from servicegov.needs import Scope
        >>> bilingual(Scope.COMMON)
        '共性需求 (common need)'
    """
    return f"{label(member, 'zh')} ({label(member, 'en')})"
