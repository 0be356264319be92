"""Tests for the public calls of `servicegov.claims`: what each refuses, in its own words,
and what a wait list keeps.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicegov.claims import ClaimBook, ClaimKind, WaitList, claim, join_wait_list, report_progress
from servicegov.errors import InvalidValue, RuleViolation, ServicegovError

from .claims_cases import DUE, HARD, ON, ORG, _plain_claim


def _house(err: ServicegovError, field: str, value: object, allowed: str) -> None:
    """*err* keeps the field, the value and what is allowed, and names them in the house message."""
    assert (err.field, err.value, err.allowed) == (field, value, allowed)
    assert str(err) == str(type(err).for_field(field, value, allowed))
    assert str(err).startswith(f"'{field}' must be ")


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


def test_a_claim_kind_that_is_not_one_is_refused_naming_the_kinds() -> None:
    with pytest.raises(ServicegovError) as caught:
        claim(ClaimBook(), HARD, "c1", kind="nope", on=ON, due=DUE, organisation=ORG)  # type: ignore[arg-type]
    e = caught.value
    assert isinstance(e, InvalidValue)
    allowed = "a ClaimKind: one of " + ", ".join(repr(k.value) for k in ClaimKind)
    _house(e, "kind", "nope", allowed)


def test_the_wait_list_of_a_target_nobody_waits_for_is_its_own_and_empty() -> None:
    assert ClaimBook().wait_list("m1") == WaitList(target="m1")
    assert ClaimBook().wait_list("m1").target == "m1"
    assert ClaimBook().wait_list("m1").entries == ()


def test_a_wait_list_keeps_each_request_once_with_the_day_it_joined() -> None:
    first, second = dt.date(2025, 3, 1), dt.date(2025, 3, 4)
    book = join_wait_list(ClaimBook(), "m1", "N1", on=first)
    book = join_wait_list(book, "m1", "N2", on=second)

    assert [(e.request, e.joined) for e in book.wait_list("m1").entries] == [("N1", first), ("N2", second)]
    with pytest.raises(RuleViolation) as caught:
        join_wait_list(book, "m1", "N1", on=second)
    e = caught.value
    assert (e.field, e.value, e.allowed) == ("request", "N1", "one place per wait list")
    assert str(e) == "request 'N1' already waits for 'm1'"
