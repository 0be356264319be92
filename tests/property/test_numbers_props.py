"""Properties of `servicegov._numbers`: a number is a finite real, and the checks and models agree."""

from __future__ import annotations

import json
import math
import numbers
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicegov import serialization
from servicegov._arguments import checked
from servicegov._numbers import is_real
from servicegov.assessment import Indicator
from servicegov.errors import InvalidType, InvalidValue

ANYTHING = st.one_of(
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(),
    st.booleans(),
    st.fractions(),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.sampled_from([np.int64(3), np.int8(-2), np.float32(0.5), np.float64("nan"), np.float16("inf"),
                     np.bool_(True), np.uint64(2**63)]),
    st.text(max_size=3),
    st.none(),
)


def _oracle(x: object) -> bool:
    """A finite real number, by definition: a numbers.Real that is not a bool and whose float is finite."""
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Real):
        return False
    try:
        return math.isfinite(float(x))
    except OverflowError:
        return False


@checked
def _half(x: float) -> float:
    return x / 2


@given(ANYTHING)
def test_a_number_is_a_finite_real_that_is_not_a_bool(x: object) -> None:
    assert _oracle(x) == is_real(x)


@given(ANYTHING)
def test_the_argument_checks_take_exactly_the_numbers(x: object) -> None:
    """What `is_real` takes, a `float` argument takes; what it refuses, the argument check refuses,
    as a wrong type when it is no real number at all."""
    if is_real(x):
        _half(x)  # type: ignore[arg-type]
        return
    with pytest.raises(InvalidValue) as info:
        _half(x)  # type: ignore[arg-type]
    assert ("x", "a finite number") == (info.value.field, info.value.allowed)
    no_real = isinstance(x, bool) or not isinstance(x, numbers.Real)
    assert no_real == isinstance(info.value, InvalidType)


@given(st.sampled_from([np.int64(90), np.float32(80.5), Fraction(161, 2), 70]))
def test_a_model_holds_any_real_and_writes_a_plain_json_number(weight: object) -> None:
    ind = Indicator(code="x", zh="x", en="x", weight=weight)  # type: ignore[arg-type]
    wire = serialization.unstructure(ind)
    assert type(wire["weight"]) in (int, float)
    assert wire["weight"] == weight
    assert json.loads(json.dumps(wire)) == wire
    assert ind == serialization.structure(wire, Indicator)
