"""Personal data that must never be stored as an id nor repeated in a message.

Beneficiaries are kept by pseudonym so that a leaked needs repository names
nobody (see ``docs/needs.md``).  :func:`looks_personal` says whether a string
holds an ID-card number, a mobile number or a Chinese personal name, and
:func:`masked` hides it, keeping just enough to find the entry again.

What is caught:

* ID-card numbers (居民身份证号码): 18 characters (17 digits and a check digit,
  which may be ``X``) or the old 15 digits.  A plain run of 18 digits is always
  one; one broken up by spaces or hyphens, and every 15-digit one, must also
  start with a province code and hold a birth date that exists.  The check
  digit is not verified: a mistyped number is personal data too.
* mainland mobile numbers: 11 digits, ``1`` then ``3``-``9``, with or
  without ``+86``, ``86`` or ``0086`` in front, and with or without spaces or
  hyphens between groups of digits.
* Chinese personal names: a run of 2 to 4 Han characters that begins with one
  of the common surnames in :data:`SURNAMES` (or a compound surname such as
  欧阳 followed by one or two characters) and does not end in a character
  that names a place or a unit (村, 组, 户 ...).

A number counts wherever it stands, unless a Latin letter or a digit touches it
(``h10105194912310021`` is a code, not a number); full-width digits count as
digits.  What is not caught: names in Latin letters or pinyin, names of five
or more characters, names with a rare surname or none, nicknames (小明), names
of minorities written with a middle dot, addresses, and numbers written with
other separators or in words.  The check is a safety net, not a guarantee: a
platform must still collect pseudonyms, not personal details.

Examples:
    >>> looks_personal("13812345678"), masked("13812345678")
    ('mobile number', '138****5678')
    >>> looks_personal("110105194912310021"), masked("110105194912310021")
    ('id-card number', '110***********0021')
    >>> looks_personal("张三"), masked("张三")
    ('name', '张*')
    >>> looks_personal("hh-001"), masked("hh-001")
    (None, 'hh-001')
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

__all__ = ["KINDS", "SURNAMES", "described", "looks_personal", "masked", "redacted", "shown"]

KINDS = ("id-card number", "mobile number", "name")
"""The kinds of personal data :func:`looks_personal` names, in the order it looks for them."""

SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚"
    "邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳"
    "甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解"
    "牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边"
    "卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
) | frozenset({
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
    "宇文", "司徒", "夏侯", "令狐", "独孤", "端木", "南宫", "西门", "轩辕", "呼延",
})
"""Common Chinese surnames, single and compound, that start a run read as a name."""

_PLACE_ENDINGS = frozenset("村镇乡街巷路组户队区县市省庄屯寨委站所局")

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"[{_HAN}]+")
# Groups of digits joined by single spaces or hyphens, perhaps after a '+' and
# perhaps ending in an ID card's check digit X; no Latin letter or digit may touch it,
# and the digits after a decimal point are a fraction ("0.516751110912296"), not a number of a person.
_NUMBER = re.compile(r"(?<![0-9A-Za-z+])(?<![0-9]\.)\+?[0-9]+(?:[ \-][0-9]+)*(?:[ \-]?[Xx])?(?![0-9A-Za-z])")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
# The first two digits of an ID-card number: the province, region or municipality.
_PROVINCES = frozenset(
    str(code)
    for code in (11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
                 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91)
)


def _date_ok(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _id_structure(digits: str) -> bool:
    """A province code and an existing birth date where an ID-card number has them."""
    if digits[:2] not in _PROVINCES:
        return False
    if len(digits) == 15:
        return _date_ok(1900 + int(digits[6:8]), int(digits[8:10]), int(digits[10:12]))
    year = int(digits[6:10])
    return 1900 <= year <= 2099 and _date_ok(year, int(digits[10:12]), int(digits[12:14]))


def _number_kind(digits: str, *, check_x: bool, plus: bool, joined: bool) -> tuple[str, int] | None:
    """The kind of one run of digits, and where its personal part starts (after a country code)."""
    if check_x:
        return ("id-card number", 0) if len(digits) == 17 and _id_structure(digits) else None
    if len(digits) == 18 and (not joined or _id_structure(digits)):
        return "id-card number", 0
    if len(digits) == 15 and _id_structure(digits):
        return "id-card number", 0
    start = 0
    if plus:
        if not digits.startswith("86"):
            return None
        start = 2
    elif digits.startswith("0086") and len(digits) == 15:
        start = 4
    elif digits.startswith("86") and len(digits) == 13:
        start = 2
    if _MOBILE.fullmatch(digits, start):
        return "mobile number", start
    return None


_LONGEST = 22


def _numbers(text: str) -> Iterator[tuple[str, list[int]]]:
    """Each personal number in *text*: its kind and the positions of its digits (not a country code's)."""
    for m in _NUMBER.finditer(text):
        span = m.group()
        plus = span.startswith("+")
        check_x = span[-1] in "Xx"
        # The groups of digits, with the position of each digit in *text*.
        groups: list[list[int]] = []
        current: list[int] = []
        for offset, ch in enumerate(span):
            if ch.isdigit():
                current.append(m.start() + offset)
            elif current:
                groups.append(current)
                current = []
        if current:
            groups.append(current)
        # Any run of whole groups may be the number: "hh 001 13812345678" holds one.
        # No personal number is longer than 18 digits (22 with a +0086 prefix), so a run
        # is widened only that far: the work stays linear in the number of groups.
        cum = [0]
        for g in groups:
            cum.append(cum[-1] + len(g))
        found: list[tuple[str, list[int]]] = []
        for i in range(len(groups)):
            widest = i + 1
            while widest < len(groups) and cum[widest + 1] - cum[i] <= _LONGEST:
                widest += 1
            for j in range(widest, i, -1):
                positions = [p for g in groups[i:j] for p in g]
                digits = "".join(text[p] for p in positions)
                kind = _number_kind(
                    digits,
                    check_x=check_x and j == len(groups),
                    plus=plus and i == 0,
                    joined=j - i > 1,
                )
                if kind is not None:
                    name, start = kind
                    kept = positions[start:]
                    if check_x and j == len(groups):
                        kept.append(m.end() - 1)
                    found.append((name, kept))
                    break
        yield from found


def _surname(run: str) -> str | None:
    if run[:2] in SURNAMES and 3 <= len(run) <= 4:
        return run[:2]
    if run[0] in SURNAMES and 2 <= len(run) <= 4:
        return run[0]
    return None


def _names(text: str) -> Iterator[tuple[int, int]]:
    """The start and end of each run of Han characters that reads as a personal name."""
    for m in _HAN_RUN.finditer(text):
        run = m.group()
        if _surname(run) is not None and run[-1] not in _PLACE_ENDINGS:
            yield m.start(), m.end()


def _normal(value: str) -> str:
    # Full-width digits and letters (from a Chinese input method) are digits and letters.
    return unicodedata.normalize("NFKC", value)


def looks_personal(value: str) -> str | None:
    """The kind of personal data *value* holds, or ``None`` (also for a non-string).

    The kinds are ``"id-card number"``, ``"mobile number"`` and ``"name"``
    (see the module's description for what is and is not caught).

    Examples:
        >>> looks_personal("420117 19900101 123X"), looks_personal("+86 138-1234-5678")
        ('id-card number', 'mobile number')
        >>> looks_personal("hh-13812345678"), looks_personal("欧阳娜娜")
        ('mobile number', 'name')
        >>> looks_personal("V420117001001-h12"), looks_personal("王家村"), looks_personal("Zhang San")
        (None, None, None)
    """
    if not isinstance(value, str):
        return None
    if value.isascii() and (len(value) < 11 or sum(map(value.count, "0123456789")) < 11):
        # Nothing to find: no Han characters, and too few digits for any number.
        return None
    text = _normal(value)
    kinds = {kind for kind, _ in _numbers(text)}
    for kind in KINDS[:2]:
        if kind in kinds:
            return kind
    return "name" if any(True for _ in _names(text)) else None


def masked(value: str, *, names: bool = True) -> str:
    """*value* with its personal data hidden: an ID-card number keeps its first three
    and last four characters, a mobile number its first three and last four digits,
    a name its first character; everything else is kept.

    A value with no personal data is returned as it is.  With ``names=False``
    only numbers are hidden: for free text, where a Chinese word that begins
    with a common surname is more likely a word than a name.

    Examples:
        >>> masked("110105194912310021")
        '110***********0021'
        >>> masked("+86 138 1234 5678"), masked("V420117001001-13812345678")
        ('+86 138 **** 5678', 'V420117001001-138****5678')
        >>> masked("欧阳娜娜, 11010519491231002X")
        '欧***, 110***********002X'
    """
    if not isinstance(value, str):
        return value
    if looks_personal(value) is None:
        return value
    chars = list(_normal(value))
    text = "".join(chars)
    for _kind, positions in _numbers(text):
        for p in positions[3:-4]:
            chars[p] = "*"
    if names:
        for start, end in _names(text):
            for p in range(start + 1, end):
                chars[p] = "*"
    return "".join(chars)


_ARTICLE = {
    "id-card number": "an ID-card number",
    "mobile number": "a mobile number",
    "name": "a personal name",
}


def described(kind: str) -> str:
    """The kind in words with its article: ``"a mobile number"``.

    Examples:
        >>> described("id-card number"), described("name")
        ('an ID-card number', 'a personal name')
    """
    return _ARTICLE[kind]


_LONGEST = 200
"""The longest value a message repeats in full."""


def shown(value: Any) -> str:
    """How an error message shows *value*: its ``repr``, or for a string (or an
    integer) that looks personal, its kind and masked form.

    A value whose ``repr`` is longer than 200 characters is shown by its kind
    and size (a string by its start and length).

    Examples:
        >>> print(shown("13812345678"), shown("hh-1"), shown(("h1", "张三")))
        <a mobile number, masked 138****5678> 'hh-1' ('h1', '张*')
        >>> print(shown(list(range(1000))), shown("x" * 5000)[-19:])
        <a list of 1,000> (5,000 characters)
    """
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        kind = looks_personal(str(value))
        if kind is not None:
            return f"<{described(kind)}, masked {masked(str(value))}>"
    text = repr(redacted(value))
    if len(text) <= _LONGEST:
        return text
    # A message is read by a person: a whole district or a long text in it
    # hides the point, so only its kind and size are shown.
    if isinstance(value, str):
        return f"{repr(redacted(value[:_LONGEST // 2]))[:-1]}...' ({len(value):,} characters)"
    name = type(value).__name__
    size = f" of {len(value):,}" if isinstance(value, (tuple, list, set, frozenset, dict)) else ""
    return f"<{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}{size}>"


def redacted(value: Any) -> Any:
    """*value* with every string (or integer) that looks personal replaced by its
    masked form, inside tuples, lists, sets and dicts too; *value* itself when
    there is nothing to hide.

    Examples:
        >>> redacted(["h1", "13812345678"]), redacted(13812345678), redacted(7)
        (['h1', '138****5678'], '138****5678', 7)
    """
    if isinstance(value, str):
        return masked(value)
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
        return masked(text) if looks_personal(text) is not None else value
    if isinstance(value, dict):
        pairs = [(redacted(k), redacted(v)) for k, v in value.items()]
        changed = any(
            a is not k or b is not v for (a, b), (k, v) in zip(pairs, value.items(), strict=True)
        )
        return dict(pairs) if changed else value
    if isinstance(value, (tuple, list, set, frozenset)):
        items = [redacted(v) for v in value]
        if all(a is b for a, b in zip(items, value, strict=True)):
            return value
        return type(value)(items) if not _is_named_tuple(value) else type(value)(*items)
    return value


def _is_named_tuple(value: Any) -> bool:
    return isinstance(value, tuple) and hasattr(value, "_fields")
