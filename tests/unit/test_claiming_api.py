"""Tests for the public calls of `servicegov.claiming`: what they refuse, in their own words,
and what each claim they make records.
"""

from __future__ import annotations

import datetime as dt

import pytest

from servicegov.claiming import assign_claims, catalogue_claims
from servicegov.claims import ClaimantKind, ClaimMode
from servicegov.errors import InvalidValue, ServicegovError
from servicegov.needs import DEFAULT_CATALOGUE

from .claims_cases import DUE, HARD, ON, ORG, PLAIN


@pytest.mark.parametrize(("mode", "allowed"), [
    ("nope", "a ClaimMode: one of " + ", ".join(repr(m.value) for m in ClaimMode)),
    ("greedy", "ClaimMode.GREEDY, the member, not the string 'greedy'"),
])
def test_a_claim_mode_that_is_not_one_is_refused_naming_the_modes(mode: str, allowed: str) -> None:
    with pytest.raises(ServicegovError) as caught:
        assign_claims([HARD], ORG, mode=mode, on=ON)  # type: ignore[arg-type]
    e = caught.value
    assert isinstance(e, InvalidValue)
    assert (e.field, e.value, e.allowed) == ("mode", mode, allowed)
    assert str(e) == f"'mode' must be {allowed} (got {mode!r})"


def test_a_catalogue_match_that_is_not_one_is_refused_in_its_own_words() -> None:
    with pytest.raises(ServicegovError) as caught:
        catalogue_claims(DEFAULT_CATALOGUE, ORG, on=ON, match="nope")  # type: ignore[arg-type]
    e = caught.value
    assert isinstance(e, InvalidValue)
    assert (e.field, e.value, e.allowed) == ("match", "nope", "'overlap' or 'subset'")


@pytest.mark.parametrize("mode", list(ClaimMode))
def test_a_member_claims_through_their_home_branch_and_a_unit_through_none(mode: ClaimMode) -> None:
    book = assign_claims([HARD, PLAIN], ORG, mode=mode, on=ON)

    by_need = {c.need_id: c for c in book.claims}
    member, unit = by_need["NH"], by_need["NP"]
    assert member.claimant_kind is ClaimantKind.MEMBER
    assert member.through_branch == ORG.member(member.claimant).home_branch == "DEPT"
    assert (unit.claimant, unit.claimant_kind, unit.through_branch) == ("DEPT", ClaimantKind.UNIT, None)
    assert {(c.claimed_on, c.due_on) for c in book.claims} == {(ON, DUE)}


def test_a_scheduled_need_is_claimed_over_its_own_days() -> None:
    start, end = dt.date(2025, 4, 3), dt.date(2025, 4, 20)
    book = assign_claims([HARD, PLAIN], ORG, mode=ClaimMode.GREEDY, on=ON, schedule={"NH": (start, end)})

    days = {c.need_id: (c.claimed_on, c.due_on) for c in book.claims}
    assert days == {"NH": (start, end), "NP": (ON, DUE)}
