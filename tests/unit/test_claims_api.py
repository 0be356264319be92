"""Tests for the public calls of `servicegov.claims`: what each refuses, in its own words,
and what a wait list keeps.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from servicegov.claims import (
    ClaimBook,
    ClaimKind,
    ClaimRule,
    ClaimRules,
    ClaimRuleViolation,
    WaitList,
    claim,
    join_wait_list,
)
from servicegov.errors import InvalidValue, RuleViolation, ServicegovError
from servicegov.needs import Need, ServiceItem

from .claims_api_cases import _house
from .claims_cases import COMMON, DUE, HARD, ON, ORG, PLAIN


@pytest.mark.parametrize(("kind", "allowed"), [
    ("nope", "a ClaimKind: one of " + ", ".join(repr(k.value) for k in ClaimKind)),
    ("personal", "ClaimKind.PERSONAL, the member, not the string 'personal'"),
])
def test_a_claim_kind_that_is_not_one_is_refused_naming_the_kinds(kind: str, allowed: str) -> None:
    with pytest.raises(ServicegovError) as caught:
        claim(ClaimBook(), HARD, "c1", kind=kind, on=ON, due=DUE, organisation=ORG)  # type: ignore[arg-type]
    e = caught.value
    assert isinstance(e, InvalidValue)
    _house(e, "kind", kind, allowed)


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


# --------------------------------------------------------------------------- what a broken rule says

ITEM = ServiceItem(code="P1", category="culture", name_zh="合唱", skills={"music", "x"})
ONE_PLACE = ServiceItem(code="P2", category="culture", name_zh="合唱", capacity=1)
LAW_AND_COUNSELLING = ClaimRules(required_skills={"legal-aid": {"law", "counselling"}})
SHARING = ClaimRules(co_claimants=True)


def _claimed(book: ClaimBook, need: Need | ServiceItem, who: str, kind: ClaimKind, **kw: Any) -> ClaimBook:
    return claim(book, need, who, kind=kind, on=ON, due=DUE, organisation=ORG, **kw)


def _half(who: str = "DEPT", share: float = 0.5) -> ClaimBook:
    return _claimed(ClaimBook(), COMMON, who, ClaimKind.COLLECTIVE, share=share, rules=SHARING)


@pytest.mark.parametrize(("book", "need", "who", "kind", "kw", "rule", "detail"), [
    (ClaimBook(), PLAIN, "m1", ClaimKind.VOLUNTARY, {"through": "DEPT"}, ClaimRule.OWN_BRANCH,
     "'DEPT' is not one of their branches ('V1', 'V2')"),
    (ClaimBook(), PLAIN, "lost", ClaimKind.VOLUNTARY, {}, ClaimRule.IN_CONTACT,
     "the member is in lost contact (失联)"),
    (ClaimBook(), HARD, "c2", ClaimKind.PERSONAL, {"rules": LAW_AND_COUNSELLING}, ClaimRule.SKILLS,
     "missing ['counselling', 'law']"),
    (ClaimBook(), ITEM, "c2", ClaimKind.VOLUNTARY, {}, ClaimRule.SKILLS,
     "none of project 'P1''s skills ['music', 'x']"),
    (_claimed(ClaimBook(), HARD, "c1", ClaimKind.PERSONAL), HARD, "c2", ClaimKind.PERSONAL, {},
     ClaimRule.ONE_CLAIMANT, "need 'NH' is claimed by 'c1'"),
    (_half(), COMMON, "DEPT", ClaimKind.COLLECTIVE, {"share": 0.5, "rules": SHARING}, ClaimRule.ONE_CLAIMANT,
     "already holds a live claim on 'NC'"),
    (_claimed(_half(), COMMON, "OTHER", ClaimKind.COLLECTIVE, share=0.25, rules=SHARING), COMMON, "D",
     ClaimKind.COLLECTIVE, {"share": 0.5, "rules": SHARING}, ClaimRule.SHARES,
     "need 'NC' has shares 0.75 taken; 0.5 more exceeds 1"),
    (_claimed(ClaimBook(), ONE_PLACE, "m1", ClaimKind.VOLUNTARY), ONE_PLACE, "c1", ClaimKind.VOLUNTARY, {},
     ClaimRule.PROJECT_CAPACITY, "project 'P2' has 1 claimants of 1"),
], ids=["own-branch", "in-contact", "skills", "project-skills", "one-claimant", "once-each", "shares",
        "project-capacity"])
def test_a_broken_claim_rule_says_what_breaks_it(book: ClaimBook, need: Need | ServiceItem, who: str,
                                                 kind: ClaimKind, kw: dict[str, Any], rule: ClaimRule,
                                                 detail: str) -> None:
    with pytest.raises(ClaimRuleViolation) as caught:
        _claimed(book, need, who, kind, **kw)
    e = caught.value
    assert (e.claimant, e.rule, e.detail) == (who, rule, detail)
    assert str(e) == f"claimant {who!r} breaks rule {rule.value!r} ({rule.en}): {detail}"


def test_a_unit_naming_a_branch_is_refused_with_the_branch() -> None:
    with pytest.raises(ServicegovError) as caught:
        _claimed(ClaimBook(), COMMON, "DEPT", ClaimKind.COLLECTIVE, through="D")
    assert isinstance(caught.value, InvalidValue)
    _house(caught.value, "through", "D", "None when a unit claims")


def test_shares_that_sum_to_one_within_rounding_are_accepted() -> None:
    # 0.5 + (0.5 + 1e-9) is exactly 1 + 1e-9, the tolerance itself.
    book = _claimed(_half(), COMMON, "OTHER", ClaimKind.COLLECTIVE, share=0.5 + 1e-9, rules=SHARING)
    assert [c.claimant for c in book.live_on("NC")] == ["DEPT", "OTHER"]
