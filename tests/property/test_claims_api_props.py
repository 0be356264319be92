"""Properties of `servicegov.claims`' public functions: progress refused with the range left."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicegov.claims import (
    report_progress,
)
from servicegov.errors import InvalidValue, ServicegovError

from ..unit.claims_api_cases import _house
from ..unit.claims_cases import ON, _plain_claim


@settings(max_examples=25, deadline=None)
@given(quantity=st.one_of(st.floats(-2.0, 0.0), st.floats(1.0, 3.0)))
def test_a_first_report_of_progress_out_of_range_is_refused_with_the_range(quantity: float) -> None:
    with pytest.raises(ServicegovError) as caught:
        report_progress(_plain_claim(), quantity, on=ON)
    assert isinstance(caught.value, InvalidValue)
    _house(caught.value, "quantity", quantity, "a number with 0 < quantity < 1")


@settings(max_examples=25, deadline=None)
@given(done=st.floats(0.1, 0.9), less=st.floats(0.01, 1.0))
def test_progress_below_the_last_report_is_refused_with_the_range_left(done: float, less: float) -> None:
    c = report_progress(_plain_claim(), done, on=ON)
    quantity = done * (1 - less)
    with pytest.raises(ServicegovError) as caught:
        report_progress(c, quantity, on=ON + dt.timedelta(days=1))
    assert isinstance(caught.value, InvalidValue)
    _house(caught.value, "quantity", quantity, f"a number with {done} <= quantity < 1")
