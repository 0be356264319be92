"""Properties of `servicegov._privacy`: personal data is recognised, refused without echo and masked."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicegov import _privacy
from servicegov._privacy import looks_personal, masked
from servicegov.errors import DuplicateId, InvalidValue

from ..unit.privacy_cases import need

PROVINCES = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
             50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82]
SEPARATORS = st.sampled_from(["", " ", "-"])


def _check_digit(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of an 18-character ID-card number."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


@st.composite
def id_cards(draw: st.DrawFn) -> str:
    """ID-card numbers with a valid-looking structure: 18 or 15 digits, perhaps an X, perhaps separated."""
    area = f"{draw(st.sampled_from(PROVINCES))}{draw(st.integers(0, 9999)):04d}"
    old = draw(st.booleans())
    if old:
        born = draw(st.dates(dt.date(1900, 1, 1), dt.date(1999, 12, 31)))
        parts = [area, born.strftime("%y%m%d"), f"{draw(st.integers(0, 999)):03d}"]
    else:
        born = draw(st.dates(dt.date(1900, 1, 1), dt.date(2024, 12, 31)))
        seq = f"{draw(st.integers(0, 999)):03d}"
        first17 = area + born.strftime("%Y%m%d") + seq
        check = draw(st.sampled_from([_check_digit(first17), "X", "x", str(draw(st.integers(0, 9)))]))
        parts = [area, born.strftime("%Y%m%d"), seq + check]
    return draw(SEPARATORS).join(parts)


@st.composite
def mobiles(draw: st.DrawFn) -> str:
    """Mainland mobile numbers, with or without a country code and separators."""
    number = f"1{draw(st.integers(3, 9))}{draw(st.integers(0, 999_999_999)):09d}"
    sep = draw(SEPARATORS)
    body = sep.join([number[:3], number[3:7], number[7:]]) if draw(st.booleans()) else number
    prefix = draw(st.sampled_from(["", "+86", "+86 ", "86", "86-", "0086", "0086 "]))
    if prefix in ("86", "0086") and body != number:
        prefix += " "
    return prefix + body


SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁")
COMPOUND = ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫"]
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华玉兰萍红梅鑫宇浩然子轩欣怡建国志")


@st.composite
def names(draw: st.DrawFn) -> str:
    """Chinese personal names: a common surname and one or two given-name characters."""
    surname = draw(st.sampled_from(SURNAMES + COMPOUND))
    given = draw(st.lists(st.sampled_from(GIVEN), min_size=1, max_size=2))
    return surname + "".join(given)


PERSONAL = st.one_of(
    id_cards().map(lambda v: ("id-card number", v)),
    mobiles().map(lambda v: ("mobile number", v)),
    names().map(lambda v: ("name", v)),
)

PSEUDONYMS = st.one_of(
    st.integers(0, 99_999).map(lambda n: f"hh-{n:03d}"),
    st.tuples(st.integers(0, 999_999_999_999), st.integers(0, 999)).map(
        lambda t: f"V{t[0]:012d}-h{t[1]}"
    ),
    st.tuples(st.integers(100_000, 999_999), st.integers(1, 9999)).map(
        lambda t: f"hh-{t[0]}-{t[1]:04d}"
    ),
    st.uuids().map(lambda u: u.hex),
    st.uuids().map(str),
    st.sampled_from(["hh-001", "V420117001001-h12", "h10105194912310021", "household-7", "户-12"]),
)


def _digits(value: str) -> str:
    return re.sub(r"[^0-9Xx]", "", value)


class TestRefusedAndNeverEchoed:
    @given(PERSONAL)
    def test_personal_data_is_recognised(self, case: tuple[str, str]) -> None:
        kind, value = case
        assert kind == looks_personal(value)

    @given(PERSONAL, st.sampled_from(["", "hh-", "hh ", "备注:"]))
    def test_a_household_id_holding_personal_data_is_refused_without_echo(
        self, case: tuple[str, str], prefix: str
    ) -> None:
        kind, value = case
        with pytest.raises(InvalidValue) as info:
            need("hh-1", prefix + value)
        err = info.value
        text = str(err)
        words = _privacy.described(kind)
        assert f"'households[1]' must be a pseudonymous id, not {words}" in text
        assert f"(got <{words}, masked " in text
        assert value not in text
        assert value not in repr(err.value)
        assert value not in repr(err)
        if kind != "name":
            # Not even the digits without their separators.
            assert _digits(value) not in _digits(text)
        assert masked(prefix + value) == err.value
        assert "households[1]" == err.field

    @given(PERSONAL)
    def test_the_masked_form_keeps_a_little_and_hides_the_rest(self, case: tuple[str, str]) -> None:
        kind, value = case
        hidden = masked(value)
        assert len(hidden) == len(value)
        assert "*" in hidden
        assert value != hidden
        assert looks_personal(hidden) is None
        if kind == "name":
            assert hidden[0] == value[0]
            assert set(hidden[1:]) == {"*"}
        else:
            digits = re.sub(r"[^0-9Xx*]", "", hidden)
            assert digits.endswith(_digits(value)[-4:])

    @given(PERSONAL)
    def test_an_error_built_anywhere_masks_its_value(self, case: tuple[str, str]) -> None:
        _kind, value = case
        for err in (
            InvalidValue.for_field("x", value, "something else"),
            DuplicateId.for_field("ids", ("a", value), "unique"),
            InvalidValue("refused", field="x", value={"k": [value]}),
        ):
            assert value not in str(err)
            assert value not in repr(err.value)

    @given(PSEUDONYMS)
    def test_ordinary_pseudonyms_are_accepted(self, pseudonym: str) -> None:
        assert looks_personal(pseudonym) is None
        assert masked(pseudonym) == pseudonym
        assert (pseudonym,) == need(pseudonym).households


@given(st.floats(min_value=0, max_value=1, exclude_max=True))
def test_the_digits_of_a_fraction_are_never_masked(x: float) -> None:
    """A fraction's digits after the point are no number of a person, however many there are."""
    text = f"'quantity' must be a number with {x!r} <= quantity < 1"
    assert text == masked(text)
