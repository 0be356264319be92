"""Personal data: refused as a household id, and never repeated in an error."""

from __future__ import annotations

import pytest

from servicegov._privacy import looks_personal, masked, redacted
from servicegov.errors import InvalidValue, StructureError

from .privacy_cases import need

# --------------------------------------------------------------------------- examples


class TestExamples:
    @pytest.mark.parametrize(
        ("value", "kind", "hidden"),
        [
            ("110105194912310021", "id-card number", "110***********0021"),
            ("11010519491231002X", "id-card number", "110***********002X"),
            ("110105491231002", "id-card number", "110********1002"),
            ("110105-19491231-002x", "id-card number", "110***-********-002x"),
            ("13812345678", "mobile number", "138****5678"),
            ("+8613812345678", "mobile number", "+86138****5678"),
            ("0086 138 1234 5678", "mobile number", "0086 138 **** 5678"),
            ("１３８１２３４５６７８", "mobile number", "138****5678"),
            ("张三", "name", "张*"),
            ("诸葛孔明", "name", "诸***"),
            ("hh-张三, 13812345678", "mobile number", "hh-张*, 138****5678"),
        ],
    )
    def test_kind_and_mask(self, value: str, kind: str, hidden: str) -> None:
        assert kind == looks_personal(value)
        assert hidden == masked(value)

    @pytest.mark.parametrize(
        "value",
        [
            "11010519491231002",  # 17 digits
            "1101051949123100211",  # 19 digits
            "h10105194912310021",  # a letter touches it: a code
            "tel13812345678",
            "12812345678",  # no mobile number starts 12
            "420117101201",  # a village code
            "2025-03-01",
            "990105491231002",  # 15 digits, no such province
            "110105491331002",  # 15 digits, no 13th month
            "420117 10120 1000123",  # 18 digits in groups, no birth date
            "王家村",
            "张",
            "张三丰丰丰",
            "小明",
            "Zhang San",
            "hh-村户",
            "",
        ],
    )
    def test_not_personal(self, value: str) -> None:
        assert looks_personal(value) is None
        assert value == masked(value)

    def test_a_plain_run_of_18_digits_is_an_id_card_number_without_a_birth_date(self) -> None:
        assert "id-card number" == looks_personal("999999999999999999")

    def test_an_integer_that_looks_personal_is_masked(self) -> None:
        err = InvalidValue.for_field("households[0]", 13812345678, "a non-empty string")
        expected = "'households[0]' must be a non-empty string (got <a mobile number, masked 138****5678>)"
        assert expected == str(err)
        assert "138****5678" == err.value
        assert 7 == InvalidValue.for_field("urgency", 7, "from 1 to 5").value
        assert True is InvalidValue.for_field("x", True, "y").value

    def test_an_ordinary_value_is_kept_as_it_is(self) -> None:
        value = ("h1", "h2", "h1")
        err = InvalidValue.for_field("households", value, "without repeated ids")
        assert value is err.value
        assert "'households' must be without repeated ids (got ('h1', 'h2', 'h1'))" == str(err)

    def test_containers_keep_their_type(self) -> None:
        assert ["h", "138****5678"] == redacted(["h", "13812345678"])
        assert frozenset({"张*"}) == redacted(frozenset({"张三"}))
        assert {"138****5678": ("张*",)} == redacted({"13812345678": ("张三",)})

    def test_a_structure_error_masks_its_problems(self) -> None:
        err = StructureError(["expected a string (got 13812345678) @ $.households[0]"])
        assert ("expected a string (got 138****5678) @ $.households[0]",) == err.problems
        assert "13812345678" not in str(err)

    def test_the_households_message_names_the_kind(self) -> None:
        with pytest.raises(InvalidValue) as info:
            need("420117199001011234")
        assert (
            "'households[0]' must be a pseudonymous id, not an ID-card number "
            "(got <an ID-card number, masked 420***********1234>)"
        ) == str(info.value)


def test_a_fraction_is_shown_but_a_mobile_number_ending_a_sentence_is_masked() -> None:
    # 0.516751110912296's fraction reads as a 15-digit ID-card number on its own.
    assert "a number with 0.516751110912296 <= quantity < 1" == masked(
        "a number with 0.516751110912296 <= quantity < 1")
    assert "call 138****5678." == masked("call 13812345678.")
