"""Tests for `servicegov._arguments`: where a refusal's words come from, and what it costs."""

from __future__ import annotations

import sys

import pytest

from servicegov._arguments import _OWN_WORDS_BUDGET, checked
from servicegov.errors import InvalidType, InvalidValue

reached: list[str] = []


@checked
def _checks_first(n: int) -> int:
    if type(n) is not int or n < 1:
        raise InvalidValue.for_field("n", n, "a positive integer")
    return sum(abs(i) for i in range(n))


@checked
def _works_first(n: int, *, rounds: int = 3 * _OWN_WORDS_BUDGET) -> int:
    total = sum(abs(i) for i in range(rounds))
    reached.append("after the work")
    if type(n) is not int or n < 1:
        raise InvalidValue.for_field("n", n, "a positive integer")
    return total


def test_a_function_that_checks_first_gives_its_own_words_for_a_refused_type() -> None:
    with pytest.raises(InvalidType, match=r"^'n' must be a positive integer \(got True\)$"):
        _checks_first(True)


def test_a_careless_call_is_refused_before_the_work_in_the_annotations_words() -> None:
    """The function is run for its own words only until its checks are over: a call with a bad
    argument to a long function is refused at once, and its body never gets past the work."""
    reached.clear()
    with pytest.raises(InvalidType, match=r"^'n' must be an integer \(got 'x'\)$"):
        _works_first("x")  # type: ignore[arg-type]
    assert [] == reached
    # With little work before its check, the function's own words are found again.
    with pytest.raises(InvalidType, match=r"^'n' must be a positive integer \(got 'x'\)$"):
        _works_first("x", rounds=10)  # type: ignore[arg-type]
    assert ["after the work"] == reached


def test_the_profiler_in_place_is_put_back() -> None:
    seen: list[str] = []

    def mine(_frame: object, event: str, _arg: object) -> None:
        seen.append(event)

    sys.setprofile(mine)
    try:
        with pytest.raises(InvalidType):
            _works_first("x")  # type: ignore[arg-type]
        assert mine is sys.getprofile()
    finally:
        sys.setprofile(None)
    assert seen
