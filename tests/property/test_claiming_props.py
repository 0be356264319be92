"""Properties of `servicegov.claiming`: fits of units and members, and the number of a repeated claim."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicegov.claiming import assign_claims, weights
from servicegov.claims import ClaimBook, ClaimMode, ClaimRules, fulfil, replace_claim

from ..unit.claims_cases import COMMON, HARD, ON, ORG


@given(p=st.floats(min_value=0, max_value=1))
def test_a_unit_weighs_with_a_fit_of_one(p: float) -> None:
    """``w = 1 + 2p + fit + proximity / 3``; a unit's fit is 1 and DEPT is linked to the village (2)."""
    assert {("NC", "DEPT"): pytest.approx(1 + 2 * p + 1 + 2 / 3, abs=1e-12)} == weights(
        [COMMON], ORG, priority={"NC": p})


@given(skills=st.lists(st.sampled_from(["law", "counselling", "mediation", "first-aid"]),
                       min_size=1, unique=True))
def test_a_member_holding_every_required_skill_fits_one(skills: list[str]) -> None:
    """Only members holding all of a category's skills are eligible, and their fit is 1."""
    org = attrs.evolve(ORG, members=[attrs.evolve(ORG.member("c1"), skills=set(skills)),
                                     *ORG.members[1:]])
    rules = ClaimRules(required_skills={"legal-aid": skills})
    assert {("NH", "c1"): pytest.approx(1 + 2 * 0.5 + 1 + 2 / 3, abs=1e-12)} == weights(
        [HARD], org, priority={"NH": 0.5}, rules=rules)


@given(rounds=st.integers(1, 5))
def test_claiming_a_need_again_numbers_the_new_claim(rounds: int) -> None:
    """Each time a need is claimed again by the same claimant after a finished claim,
    its id takes the next number: ``NH@c1``, ``NH@c1#2``, ``NH@c1#3``..."""
    book = ClaimBook()
    for _ in range(rounds):
        book = assign_claims([HARD], ORG, mode=ClaimMode.GREEDY, on=ON, book=book)
        book = replace_claim(book, fulfil(book.claims[-1], on=ON))
    assert ["NH@c1", *(f"NH@c1#{k}" for k in range(2, rounds + 1))] == [c.id for c in book.claims]
