"""Statistical division codes: 12 digits, province 2, city 2, county 2, town 3, village 3."""

from __future__ import annotations

import pytest

from servicegov.divisions import (
    XINZHOU,
    Level,
    child_code,
    contains,
    is_valid_code,
    level,
    pad,
    parent,
    validate_code,
)
from servicegov.errors import InvalidValue, ServicegovError

VILLAGE = "420117101201"
TOWN = "420117101000"
COUNTY = XINZHOU
CITY = "420100000000"
PROVINCE = "420000000000"


class TestLevels:
    @pytest.mark.parametrize(
        ("code", "expected"),
        [
            (PROVINCE, Level.PROVINCE),
            (CITY, Level.CITY),
            (COUNTY, Level.COUNTY),
            (TOWN, Level.TOWN),
            (VILLAGE, Level.VILLAGE),
            ("420117001000", Level.TOWN),
            ("010000000000", Level.PROVINCE),
        ],
    )
    def test_the_level_is_the_deepest_non_zero_part(self, code: str, expected: Level) -> None:
        assert expected is level(code)

    def test_xinzhou_is_a_county_level_district_of_wuhan(self) -> None:
        assert "420117000000" == XINZHOU
        assert Level.COUNTY is level(XINZHOU)

    def test_depth_counts_from_the_province(self) -> None:
        assert [0, 1, 2, 3, 4] == [lv.depth for lv in Level]

    @pytest.mark.parametrize(
        "code",
        [
            "4201171012",  # too short
            "4201171012010",  # too long
            "000000000000",  # no province
            "001234000000",  # province 00
            "420017000000",  # a county under city 00
            "420100101000",  # a town under county 00
            "420117000201",  # a village under town 000
            "42011710120a",
            "４２０１１７１０１２０１",  # full-width digits are not ASCII
            " 20117101201",
        ],
    )
    def test_malformed_codes_are_not_valid(self, code: str) -> None:
        assert not is_valid_code(code)
        with pytest.raises(InvalidValue, match="'code' must be a 12-digit division code"):
            level(code)

    def test_a_code_must_be_a_string(self) -> None:
        assert not is_valid_code(420117101201)
        assert not is_valid_code(None)

    def test_validate_code_names_the_field_and_the_level(self) -> None:
        assert VILLAGE == validate_code(VILLAGE, field="village", at=Level.VILLAGE)
        with pytest.raises(InvalidValue, match="'village' must be a 12-digit division code") as info:
            validate_code("4201", field="village")
        assert "village" == info.value.field
        assert "4201" == info.value.value
        with pytest.raises(InvalidValue, match="'village' must be a village-level division code") as info:
            validate_code(TOWN, field="village", at=Level.VILLAGE)
        assert ("village", TOWN, "a village-level division code") == (
            info.value.field,
            info.value.value,
            info.value.allowed,
        )
        assert f"'village' must be a village-level division code (got '{TOWN}')" == str(info.value)

    def test_a_malformed_code_is_a_servicegov_error_and_a_value_error(self) -> None:
        with pytest.raises(ServicegovError):
            validate_code("x")
        with pytest.raises(ValueError, match="12-digit"):
            validate_code("x")


class TestParentsAndChildren:
    def test_each_parent_is_one_level_up(self) -> None:
        assert TOWN == parent(VILLAGE)
        assert COUNTY == parent(TOWN)
        assert CITY == parent(COUNTY)
        assert PROVINCE == parent(CITY)
        assert None is parent(PROVINCE)

    def test_child_codes_fill_the_next_part(self) -> None:
        assert "420100000000" == child_code(PROVINCE, 1)
        assert "429900000000" == child_code(PROVINCE, 99)
        assert "420117003000" == child_code(COUNTY, 3)
        assert "420117003012" == child_code("420117003000", 12)
        assert "420117003999" == child_code("420117003000", 999)

    @pytest.mark.parametrize(("code", "index"), [(COUNTY, 0), (COUNTY, 1000), (PROVINCE, 100), (CITY, -1)])
    def test_a_child_index_out_of_range_is_refused(self, code: str, index: int) -> None:
        with pytest.raises(InvalidValue, match="'index' must be an integer from 1 to") as info:
            child_code(code, index)
        assert ("index", index) == (info.value.field, info.value.value)
        assert str(info.value).endswith(f"(got {index})")

    def test_the_bounds_of_the_index_are_its_width(self) -> None:
        with pytest.raises(InvalidValue, match="from 1 to 99 "):
            child_code(CITY, 100)
        with pytest.raises(InvalidValue, match="from 1 to 999 "):
            child_code(COUNTY, 1000)

    def test_a_village_has_no_children(self) -> None:
        with pytest.raises(InvalidValue, match="'code' must be a division above village level") as info:
            child_code(VILLAGE, 1)
        assert ("code", VILLAGE) == (info.value.field, info.value.value)
        assert f"'code' must be a division above village level (got '{VILLAGE}')" == str(info.value)

    def test_contains_compares_the_outer_codes_prefix(self) -> None:
        assert contains(COUNTY, VILLAGE)
        assert contains(TOWN, VILLAGE)
        assert contains(VILLAGE, VILLAGE)
        assert contains(PROVINCE, COUNTY)
        assert not contains(TOWN, "420117102001")
        assert not contains(VILLAGE, TOWN)
        assert not contains(COUNTY, "420118101201")

    def test_contains_validates_both_codes(self) -> None:
        with pytest.raises(InvalidValue, match="'inner'"):
            contains(COUNTY, "42")
        with pytest.raises(InvalidValue, match="'code'"):
            contains("42", COUNTY)

    def test_pad_zero_fills_a_prefix(self) -> None:
        assert COUNTY == pad("420117")
        assert TOWN == pad("420117101")
        with pytest.raises(InvalidValue, match="'prefix'"):
            pad("0042")
