"""Claims (认领): every rule a claim must pass, status changes, wait lists and the book."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import attrs
import pytest

from servicegov.claims import (
    ClaimantKind,
    ClaimBook,
    ClaimKind,
    ClaimRule,
    ClaimRules,
    ClaimRuleViolation,
    ClaimStatus,
    Offer,
    begin,
    fulfil,
    join_wait_list,
    lapse,
    lapse_overdue,
    replace_claim,
    report_progress,
    withdraw,
)
from servicegov.errors import (
    IllegalTransition,
    InvalidValue,
    RuleViolation,
    UnknownReference,
)
from servicegov.needs import Need, ServiceItem

from .claims_cases import (
    COMMON,
    DUE,
    HARD,
    ON,
    PLAIN,
    V1,
    _claim,
    _house,
    _plain_claim,
    _unit_claim,
    make_need,
)


def _violates(rule: ClaimRule, claimant: str, fn: object, *args: object, **kw: object) -> None:
    assert callable(fn)
    with pytest.raises(ClaimRuleViolation) as info:
        fn(*args, **kw)
    assert rule is info.value.rule
    assert claimant == info.value.claimant
    assert f"claimant {claimant!r}" in str(info.value)
    assert repr(rule.value) in str(info.value)
    assert isinstance(info.value, RuleViolation)
    # the house attributes: the field is the claimant, what is allowed is the rule in words
    assert ("claimant", claimant, rule.en) == (info.value.field, info.value.value, info.value.allowed)


# --------------------------------------------------------------------------- scope rules


class TestWhoMayClaimWhat:
    """Personal claims: individual needs of special-hardship households, by members;
    collective claims: common needs, by units (DOMAIN.md §4, §5)."""

    def test_a_cadre_claims_a_hardship_individual_need_personally(self) -> None:
        book = _claim(ClaimBook(), HARD, "c1", ClaimKind.PERSONAL)
        c = book.claims[0]
        assert ("claim-1", "c1", ClaimantKind.MEMBER, "NH", None) == (
            c.id, c.claimant, c.claimant_kind, c.need_id, c.project)
        assert (ClaimKind.PERSONAL, ON, DUE, ClaimStatus.CLAIMED, "DEPT", 1.0) == (
            c.kind, c.claimed_on, c.due_on, c.status, c.through_branch, c.share)
        assert ((ON, ClaimStatus.CLAIMED),) == c.history

    def test_a_unit_cannot_claim_personally(self) -> None:
        _violates(ClaimRule.PERSONAL_SCOPE, "DEPT", _claim, ClaimBook(), HARD, "DEPT",
                  ClaimKind.PERSONAL)

    @pytest.mark.parametrize("need", [PLAIN, COMMON], ids=["not-hardship", "common"])
    def test_personal_claims_only_for_hardship_individual_needs(self, need: Need) -> None:
        _violates(ClaimRule.PERSONAL_SCOPE, "c1", _claim, ClaimBook(), need, "c1",
                  ClaimKind.PERSONAL)

    def test_a_unit_claims_a_common_need_collectively(self) -> None:
        book = _claim(ClaimBook(), COMMON, "DEPT", ClaimKind.COLLECTIVE)
        c = book.claims[0]
        assert (ClaimantKind.UNIT, None) == (c.claimant_kind, c.through_branch)

    def test_a_member_cannot_claim_collectively(self) -> None:
        _violates(ClaimRule.COLLECTIVE_SCOPE, "c1", _claim, ClaimBook(), COMMON, "c1",
                  ClaimKind.COLLECTIVE)

    def test_collective_claims_only_for_common_needs(self) -> None:
        _violates(ClaimRule.COLLECTIVE_SCOPE, "DEPT", _claim, ClaimBook(), PLAIN, "DEPT",
                  ClaimKind.COLLECTIVE)

    def test_a_linked_department_claims_an_individual_need_of_its_village(self) -> None:
        assert 1 == len(_claim(ClaimBook(), PLAIN, "DEPT", ClaimKind.LINKED).claims)

    def test_linked_claims_only_by_a_department_linked_to_the_village(self) -> None:
        _violates(ClaimRule.LINKED_SCOPE, "OTHER", _claim, ClaimBook(), PLAIN, "OTHER",
                  ClaimKind.LINKED)
        _violates(ClaimRule.LINKED_SCOPE, "DEPT", _claim, ClaimBook(), COMMON, "DEPT",
                  ClaimKind.LINKED)
        _violates(ClaimRule.LINKED_SCOPE, "c1", _claim, ClaimBook(), PLAIN, "c1",
                  ClaimKind.LINKED)

    def test_voluntary_claims_by_members_of_individual_needs(self) -> None:
        assert 1 == len(_claim(ClaimBook(), PLAIN, "c1", ClaimKind.VOLUNTARY).claims)
        _violates(ClaimRule.VOLUNTARY_SCOPE, "c1", _claim, ClaimBook(), COMMON, "c1",
                  ClaimKind.VOLUNTARY)
        _violates(ClaimRule.VOLUNTARY_SCOPE, "DEPT", _claim, ClaimBook(), PLAIN, "DEPT",
                  ClaimKind.VOLUNTARY)

    def test_projects_are_claimed_only_voluntarily_by_members(self) -> None:
        item = ServiceItem(code="P1", category="culture", name_zh="合唱", division=V1)
        _violates(ClaimRule.VOLUNTARY_SCOPE, "DEPT", _claim, ClaimBook(), item, "DEPT",
                  ClaimKind.VOLUNTARY)
        _violates(ClaimRule.VOLUNTARY_SCOPE, "m1", _claim, ClaimBook(), item, "m1",
                  ClaimKind.PERSONAL)

    def test_an_unknown_claimant_is_an_unknown_reference(self) -> None:
        with pytest.raises(UnknownReference, match="'claimant' must be a member id or unit id"):
            _claim(ClaimBook(), HARD, "nobody", ClaimKind.PERSONAL)

    def test_a_bad_kind_is_an_invalid_value(self) -> None:
        with pytest.raises(InvalidValue, match="'kind'"):
            _claim(ClaimBook(), HARD, "c1", "personal")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- members


class TestMembersClaimThroughTheirOwnBranches:
    """A member claims through their home branch or an activity branch (双管双责),
    never through a branch they do not belong to; a lost-contact member cannot claim."""

    def test_the_home_branch_is_the_default(self) -> None:
        assert "V1" == _claim(ClaimBook(), PLAIN, "m1", ClaimKind.VOLUNTARY).claims[0].through_branch

    def test_an_activity_branch_is_allowed(self) -> None:
        book = _claim(ClaimBook(), PLAIN, "m1", ClaimKind.VOLUNTARY, through="V2")
        assert "V2" == book.claims[0].through_branch

    def test_a_foreign_branch_is_not(self) -> None:
        _violates(ClaimRule.OWN_BRANCH, "m1", _claim, ClaimBook(), PLAIN, "m1",
                  ClaimKind.VOLUNTARY, through="DEPT")

    def test_a_unit_names_no_branch(self) -> None:
        with pytest.raises(InvalidValue, match="'through' must be None when a unit claims"):
            _claim(ClaimBook(), COMMON, "DEPT", ClaimKind.COLLECTIVE, through="D")

    def test_a_lost_contact_member_cannot_claim(self) -> None:
        _violates(ClaimRule.IN_CONTACT, "lost", _claim, ClaimBook(), PLAIN, "lost",
                  ClaimKind.VOLUNTARY)

    def test_required_skills_must_be_covered(self) -> None:
        rules = ClaimRules(required_skills={"legal-aid": {"law"}})
        assert 1 == len(_claim(ClaimBook(), HARD, "c1", ClaimKind.PERSONAL, rules=rules).claims)
        _violates(ClaimRule.SKILLS, "c2", _claim, ClaimBook(), HARD, "c2", ClaimKind.PERSONAL,
                  rules=rules)

    def test_all_required_skills_not_only_some(self) -> None:
        rules = ClaimRules(required_skills={"legal-aid": {"law", "counselling"}})
        _violates(ClaimRule.SKILLS, "c1", _claim, ClaimBook(), HARD, "c1", ClaimKind.PERSONAL,
                  rules=rules)

    def test_units_are_not_skill_checked(self) -> None:
        rules = ClaimRules(required_skills={"infrastructure": {"construction"}})
        assert 1 == len(_claim(ClaimBook(), COMMON, "DEPT", ClaimKind.COLLECTIVE,
                               rules=rules).claims)

    def test_a_project_needs_one_of_its_skills(self) -> None:
        item = ServiceItem(code="P1", category="culture", name_zh="合唱", skills={"music", "x"})
        assert 1 == len(_claim(ClaimBook(), item, "m1", ClaimKind.VOLUNTARY).claims)
        _violates(ClaimRule.SKILLS, "c2", _claim, ClaimBook(), item, "c2", ClaimKind.VOLUNTARY)


# --------------------------------------------------------------------------- one claimant, capacity


class TestOneClaimantAndCapacity:
    """One need is not silently claimed twice; a claimant never goes over capacity."""

    def test_a_second_claimant_is_refused(self) -> None:
        book = _claim(ClaimBook(), HARD, "c1", ClaimKind.PERSONAL)
        _violates(ClaimRule.ONE_CLAIMANT, "c2", _claim, book, HARD, "c2", ClaimKind.PERSONAL)

    def test_the_same_claimant_twice_is_refused(self) -> None:
        rules = ClaimRules(co_claimants=True)
        book = _claim(ClaimBook(), COMMON, "DEPT", ClaimKind.COLLECTIVE, share=0.5, rules=rules)
        _violates(ClaimRule.ONE_CLAIMANT, "DEPT", _claim, book, COMMON, "DEPT",
                  ClaimKind.COLLECTIVE, share=0.5, rules=rules)

    def test_co_claimants_share_a_common_need_up_to_exactly_one(self) -> None:
        rules = ClaimRules(co_claimants=True)
        book = _claim(ClaimBook(), COMMON, "DEPT", ClaimKind.COLLECTIVE, share=0.5, rules=rules)
        book = _claim(book, COMMON, "OTHER", ClaimKind.COLLECTIVE, share=0.5, rules=rules)
        assert [0.5, 0.5] == [c.share for c in book.live_on("NC")]
        _violates(ClaimRule.SHARES, "D", _claim, book, COMMON, "D", ClaimKind.COLLECTIVE,
                  share=0.01, rules=rules)

    def test_shares_over_one_are_refused(self) -> None:
        rules = ClaimRules(co_claimants=True)
        book = _claim(ClaimBook(), COMMON, "DEPT", ClaimKind.COLLECTIVE, share=0.6, rules=rules)
        _violates(ClaimRule.SHARES, "OTHER", _claim, book, COMMON, "OTHER",
                  ClaimKind.COLLECTIVE, share=0.5, rules=rules)

    def test_without_the_rule_a_common_need_has_one_claimant(self) -> None:
        book = _claim(ClaimBook(), COMMON, "DEPT", ClaimKind.COLLECTIVE, share=0.5)
        _violates(ClaimRule.ONE_CLAIMANT, "OTHER", _claim, book, COMMON, "OTHER",
                  ClaimKind.COLLECTIVE, share=0.5)

    def test_individual_needs_never_have_co_claimants(self) -> None:
        rules = ClaimRules(co_claimants=True)
        book = _claim(ClaimBook(), HARD, "c1", ClaimKind.PERSONAL, share=0.5, rules=rules)
        _violates(ClaimRule.ONE_CLAIMANT, "c2", _claim, book, HARD, "c2", ClaimKind.PERSONAL,
                  share=0.5, rules=rules)

    @pytest.mark.parametrize("share", [0, -0.1, 1.01, math.nan, True])
    def test_a_share_is_in_zero_to_one(self, share: float) -> None:
        with pytest.raises(InvalidValue, match="'share'"):
            _claim(ClaimBook(), COMMON, "DEPT", ClaimKind.COLLECTIVE, share=share)

    def test_capacity_exactly_reached_then_refused(self) -> None:
        book = _claim(ClaimBook(), HARD, "c1", ClaimKind.PERSONAL)
        book = _claim(book, make_need("NH2"), "c1", ClaimKind.PERSONAL)
        assert 2 == book.load("c1")
        _violates(ClaimRule.CAPACITY, "c1", _claim, book, make_need("NH3"), "c1", ClaimKind.PERSONAL)

    def test_unit_capacity_counts_live_claims(self) -> None:
        book = _claim(ClaimBook(), PLAIN, "DEPT", ClaimKind.LINKED)
        book = _claim(book, COMMON, "DEPT", ClaimKind.COLLECTIVE)
        _violates(ClaimRule.CAPACITY, "DEPT", _claim, book, make_need("NP2", hardship=False), "DEPT",
                  ClaimKind.LINKED)

    def test_a_fulfilled_claim_frees_capacity(self) -> None:
        book = _claim(ClaimBook(), HARD, "c2", ClaimKind.PERSONAL)
        _violates(ClaimRule.CAPACITY, "c2", _claim, book, make_need("NH2"), "c2", ClaimKind.PERSONAL)
        book = replace_claim(book, fulfil(book.claims[0], on=ON))
        assert 0 == book.load("c2")
        assert 2 == len(_claim(book, make_need("NH2"), "c2", ClaimKind.PERSONAL).claims)

    def test_a_withdrawn_claim_returns_the_need_to_the_pool(self) -> None:
        book = _claim(ClaimBook(), HARD, "c2", ClaimKind.PERSONAL)
        book = replace_claim(book, withdraw(book.claims[0], on=ON))
        book = _claim(book, HARD, "c1", ClaimKind.PERSONAL)
        assert ["c1"] == [c.claimant for c in book.live_on("NH")]
        assert "claim-2" == book.claims[1].id

    def test_project_capacity_is_respected(self) -> None:
        item = ServiceItem(code="P1", category="culture", name_zh="合唱", capacity=1)
        book = _claim(ClaimBook(), item, "m1", ClaimKind.VOLUNTARY)
        assert ("P1", None, "P1") == (book.claims[0].project, book.claims[0].need_id,
                                      book.claims[0].target)
        _violates(ClaimRule.PROJECT_CAPACITY, "c1", _claim, book, item, "c1", ClaimKind.VOLUNTARY)
        item2 = attrs.evolve(item, capacity=2)
        assert 2 == len(_claim(book, item2, "c1", ClaimKind.VOLUNTARY).claims)

    def test_the_message_names_claimant_rule_and_detail(self) -> None:
        book = _claim(ClaimBook(), HARD, "c2", ClaimKind.PERSONAL)
        with pytest.raises(ClaimRuleViolation) as info:
            _claim(book, make_need("NH2"), "c2", ClaimKind.PERSONAL)
        assert ("claimant 'c2' breaks rule 'capacity' (a claimant never goes over capacity): "
                "1 live claims of a capacity of 1") == str(info.value)
        assert ("claimant", "c2") == (info.value.field, info.value.value)


# --------------------------------------------------------------------------- status


class TestStatus:
    """Claims move claimed → in progress → partially fulfilled → fulfilled, or are withdrawn or lapse."""

    def test_a_full_history(self) -> None:
        c = begin(_plain_claim(), on=ON)
        c = report_progress(c, 0.3, on=dt.date(2025, 4, 2))
        c = report_progress(c, 0.3, on=dt.date(2025, 4, 3))
        c = fulfil(c, on=dt.date(2025, 4, 4))
        assert [(ON, ClaimStatus.CLAIMED), (ON, ClaimStatus.IN_PROGRESS),
                (dt.date(2025, 4, 2), ClaimStatus.PARTIAL), (dt.date(2025, 4, 3), ClaimStatus.PARTIAL),
                (dt.date(2025, 4, 4), ClaimStatus.FULFILLED)] == list(c.history)
        assert 1.0 == c.fulfilled

    @pytest.mark.parametrize("final", [fulfil, withdraw, lapse])
    def test_final_statuses_are_final(self, final: object) -> None:
        assert callable(final)
        c = final(_plain_claim(), on=ON)
        assert not c.live
        for move in (begin, fulfil, withdraw, lapse):
            with pytest.raises(IllegalTransition, match=r"claim 'c' cannot go from"):
                move(c, on=ON)

    def test_started_twice_names_claim_and_statuses(self) -> None:
        with pytest.raises(IllegalTransition) as info:
            begin(begin(_plain_claim(), on=ON), on=ON)
        assert "claim 'c' cannot go from 'in-progress' to 'in-progress'" == str(info.value)

    def test_partial_cannot_go_back_to_in_progress(self) -> None:
        with pytest.raises(IllegalTransition):
            begin(report_progress(_plain_claim(), 0.5, on=ON), on=ON)

    @pytest.mark.parametrize("q", [0, 0.0, 1, 1.0, -0.5, math.nan, True])
    def test_progress_is_strictly_between_zero_and_one(self, q: float) -> None:
        with pytest.raises(InvalidValue, match="'quantity'"):
            report_progress(_plain_claim(), q, on=ON)

    def test_progress_never_goes_down(self) -> None:
        c = report_progress(_plain_claim(), 0.5, on=ON)
        with pytest.raises(InvalidValue, match=r"0\.5 <= quantity < 1"):
            report_progress(c, 0.49, on=ON)

    def test_dates_never_go_back(self) -> None:
        c = begin(_plain_claim(), on=dt.date(2025, 4, 5))
        with pytest.raises(InvalidValue, match="'on' must be a date on or after 2025-04-05"):
            fulfil(c, on=dt.date(2025, 4, 4))
        assert ClaimStatus.FULFILLED is fulfil(c, on=dt.date(2025, 4, 5)).status

    def test_claims_are_entities(self) -> None:
        c = _plain_claim()
        assert c == begin(c, on=ON)
        assert hash(c) == hash(begin(c, on=ON))
        assert c != attrs.evolve(c, id="other")

    def test_need_or_project_not_both_not_neither(self) -> None:
        with pytest.raises(InvalidValue, match="'need_id'"):
            attrs.evolve(_plain_claim(), project="P1")
        with pytest.raises(InvalidValue, match="'need_id'"):
            attrs.evolve(_plain_claim(), need_id=None)

    def test_due_not_before_claimed(self) -> None:
        assert ON == attrs.evolve(_plain_claim(), due_on=ON).due_on
        with pytest.raises(InvalidValue, match="'due_on'"):
            attrs.evolve(_plain_claim(), due_on=ON - dt.timedelta(days=1))

    def test_claimant_kind_matches_the_claim_kind(self) -> None:
        with pytest.raises(InvalidValue, match="'claimant_kind' must be unit for a collective"):
            attrs.evolve(_plain_claim(), kind=ClaimKind.COLLECTIVE)

    def test_fulfilled_matches_status(self) -> None:
        with pytest.raises(InvalidValue, match="'fulfilled'"):
            attrs.evolve(_plain_claim(), fulfilled=1.5)
        with pytest.raises(InvalidValue, match="'history'"):
            attrs.evolve(_plain_claim(), status=ClaimStatus.IN_PROGRESS)


# --------------------------------------------------------------------------- lapse, wait lists


class TestLapseAndWaitLists:
    """A lapsed claim returns the need to the pool and escalates it; full claimants keep wait lists."""

    def test_due_day_itself_is_not_overdue(self) -> None:
        book = _claim(ClaimBook(), HARD, "c1", ClaimKind.PERSONAL)
        same, escalate = lapse_overdue(book, as_of=DUE)
        assert (same, ()) == (book, escalate)
        assert 1 == same.load("c1")

    def test_the_day_after_lapses_frees_and_escalates(self) -> None:
        book = _claim(ClaimBook(), HARD, "c1", ClaimKind.PERSONAL)
        book = _claim(book, COMMON, "DEPT", ClaimKind.COLLECTIVE)
        book = replace_claim(book, fulfil(book.claims[1], on=ON))
        after = DUE + dt.timedelta(days=1)
        book, escalate = lapse_overdue(book, as_of=after)
        assert ("NH",) == escalate
        assert (ClaimStatus.LAPSED, (after, ClaimStatus.LAPSED)) == (
            book.claims[0].status, book.claims[0].history[-1])
        assert ClaimStatus.FULFILLED is book.claims[1].status
        assert 0 == book.load("c1")
        assert 1 == len(_claim(book, HARD, "c2", ClaimKind.PERSONAL).live_on("NH"))

    def test_wait_lists_are_first_in_first_out(self) -> None:
        book = _claim(ClaimBook(), HARD, "c2", ClaimKind.PERSONAL)
        book = join_wait_list(book, "c2", "N-a", on=ON)
        book = join_wait_list(book, "c2", "N-b", on=ON)
        book = replace_claim(book, begin(book.claims[0], on=ON))
        assert () == book.offers
        book = replace_claim(book, fulfil(book.get("claim-1"), on=DUE))
        assert (Offer(target="c2", request="N-a", on=DUE),) == book.offers
        assert ["N-b"] == [e.request for e in book.wait_list("c2").entries]

    def test_a_project_wait_list_is_offered_too(self) -> None:
        item = ServiceItem(code="P1", category="culture", name_zh="合唱")
        book = _claim(ClaimBook(), item, "m1", ClaimKind.VOLUNTARY)
        book = join_wait_list(book, "P1", "c1", on=ON)
        book = replace_claim(book, withdraw(book.claims[0], on=ON))
        assert [Offer(target="P1", request="c1", on=ON)] == list(book.offers)
        assert () == book.wait_lists

    def test_joining_twice_is_refused(self) -> None:
        book = join_wait_list(ClaimBook(), "c2", "N-a", on=ON)
        with pytest.raises(RuleViolation, match="'N-a' already waits for 'c2'"):
            join_wait_list(book, "c2", "N-a", on=ON)

    def test_replace_needs_a_known_claim(self) -> None:
        with pytest.raises(UnknownReference):
            replace_claim(ClaimBook(), _plain_claim())
        with pytest.raises(UnknownReference):
            ClaimBook().get("nope")


# --------------------------------------------------------------------------- rejections, in detail


_TRANSITIONS = "transitions from (claimed_on, CLAIMED) to the current status"
_NEED_OR_PROJECT = "given, or 'project', but not both"


@pytest.mark.parametrize(
    ("build", "field", "value", "allowed"),
    [
        (lambda: attrs.evolve(_plain_claim(), project="P1"), "need_id", ("N", "P1"), _NEED_OR_PROJECT),
        (lambda: attrs.evolve(_plain_claim(), need_id=None), "need_id", (None, None), _NEED_OR_PROJECT),
        (lambda: attrs.evolve(_plain_claim(), due_on=dt.date(2025, 3, 31)), "due_on",
         dt.date(2025, 3, 31), "on or after 2025-04-01"),
        (lambda: attrs.evolve(_plain_claim(), claimant_kind=ClaimantKind.UNIT), "claimant_kind",
         "unit", "member for a voluntary claim"),
        (lambda: attrs.evolve(_plain_claim(), kind=ClaimKind.PERSONAL, claimant_kind=ClaimantKind.UNIT),
         "claimant_kind", "unit", "member for a personal claim"),
        (lambda: attrs.evolve(_unit_claim(), claimant_kind=ClaimantKind.MEMBER), "claimant_kind",
         "member", "unit for a collective claim"),
        (lambda: attrs.evolve(_plain_claim(), need_id=None, project="P1", kind=ClaimKind.PERSONAL),
         "kind", "personal", "'voluntary' for a project"),
        (lambda: attrs.evolve(_unit_claim(), through_branch="D"), "through_branch", "D",
         "None for a unit"),
        (lambda: attrs.evolve(_plain_claim(), status=ClaimStatus.FULFILLED, fulfilled=0.5,
                              history=[(ON, ClaimStatus.CLAIMED), (ON, ClaimStatus.FULFILLED)]),
         "fulfilled", 0.5, "1 when fulfilled"),
        (lambda: attrs.evolve(_plain_claim(), history=[]), "history", (), _TRANSITIONS),
        (lambda: attrs.evolve(_plain_claim(), history=[(DUE, ClaimStatus.CLAIMED)]), "history",
         ((DUE, ClaimStatus.CLAIMED),), _TRANSITIONS),
        (lambda: attrs.evolve(_plain_claim(), status=ClaimStatus.IN_PROGRESS,
                              history=[(ON, ClaimStatus.IN_PROGRESS)]), "history",
         ((ON, ClaimStatus.IN_PROGRESS),), _TRANSITIONS),
        (lambda: attrs.evolve(_plain_claim(), history=[(ON, ClaimStatus.CLAIMED),
                                                       (ON, ClaimStatus.IN_PROGRESS)]), "history",
         ((ON, ClaimStatus.CLAIMED), (ON, ClaimStatus.IN_PROGRESS)), _TRANSITIONS),
    ],
    ids=["both", "neither", "due-before-claimed", "unit-voluntary", "unit-personal",
         "member-collective", "project-not-voluntary", "unit-through", "fulfilled-not-one",
         "empty-history", "history-starts-late", "history-starts-elsewhere", "history-ends-elsewhere"],
)
def test_an_inconsistent_claim_is_refused_naming_field_value_and_what_is_allowed(
    build: Any, field: str, value: object, allowed: str
) -> None:
    with pytest.raises(InvalidValue) as info:
        build()
    _house(info.value, field, value, allowed)


def test_claims_with_different_ids_hash_apart() -> None:
    """Equal by id, hashed by id: a set of claims is not one long collision chain."""
    claims = [attrs.evolve(_plain_claim(), id=f"c{i}") for i in range(50)]
    assert 50 == len({hash(c) for c in claims}) == len(set(claims))


# --------------------------------------------------------------------------- moves, in detail


def test_a_move_dated_before_the_last_transition_names_that_transition() -> None:
    c = begin(_plain_claim(), on=ON)
    c = report_progress(c, 0.2, on=dt.date(2025, 4, 3))
    c = report_progress(c, 0.4, on=dt.date(2025, 4, 6))
    for move in (fulfil, withdraw, lapse):
        with pytest.raises(InvalidValue) as info:
            move(c, on=dt.date(2025, 4, 5))
        _house(info.value, "on", dt.date(2025, 4, 5), "a date on or after 2025-04-06")


# --------------------------------------------------------------------------- book, in detail


def test_a_claim_missing_from_the_book_is_named() -> None:
    with pytest.raises(UnknownReference) as info:
        ClaimBook().get("nope")
    _house(info.value, "claim_id", "nope", "a claim of the book")
    with pytest.raises(UnknownReference) as info:
        replace_claim(ClaimBook(), _plain_claim())
    _house(info.value, "claim.id", "c", "a claim of the book")


# --------------------------------------------------------------------------- claim, in detail


def test_an_unknown_claimant_is_named_with_what_is_allowed() -> None:
    with pytest.raises(UnknownReference) as info:
        _claim(ClaimBook(), HARD, "nobody", ClaimKind.PERSONAL)
    _house(info.value, "claimant", "nobody", "a member id or unit id")


_ITEM = ServiceItem(code="P1", category="culture", name_zh="合唱", division=V1)


@pytest.mark.parametrize(
    ("need", "who", "kind", "rule", "detail"),
    [
        (_ITEM, "DEPT", ClaimKind.VOLUNTARY, ClaimRule.VOLUNTARY_SCOPE,
         "project 'P1' can only be claimed voluntarily by a member"),
        (_ITEM, "m1", ClaimKind.PERSONAL, ClaimRule.VOLUNTARY_SCOPE,
         "project 'P1' can only be claimed voluntarily by a member"),
        (HARD, "DEPT", ClaimKind.PERSONAL, ClaimRule.PERSONAL_SCOPE, "a unit cannot claim personally"),
        (PLAIN, "c1", ClaimKind.PERSONAL, ClaimRule.PERSONAL_SCOPE,
         "need 'NP' is not an individual need of a special-hardship household"),
        (COMMON, "c1", ClaimKind.PERSONAL, ClaimRule.PERSONAL_SCOPE,
         "need 'NC' is not an individual need of a special-hardship household"),
        (COMMON, "c1", ClaimKind.COLLECTIVE, ClaimRule.COLLECTIVE_SCOPE,
         "a member cannot claim collectively"),
        (PLAIN, "DEPT", ClaimKind.COLLECTIVE, ClaimRule.COLLECTIVE_SCOPE,
         "need 'NP' is not a common need"),
        (PLAIN, "c1", ClaimKind.LINKED, ClaimRule.LINKED_SCOPE, "a member is not a linked department"),
        (PLAIN, "OTHER", ClaimKind.LINKED, ClaimRule.LINKED_SCOPE,
         "need 'NP' is not an individual need of a linked village"),
        (COMMON, "DEPT", ClaimKind.LINKED, ClaimRule.LINKED_SCOPE,
         "need 'NC' is not an individual need of a linked village"),
        (PLAIN, "DEPT", ClaimKind.VOLUNTARY, ClaimRule.VOLUNTARY_SCOPE,
         "a unit cannot claim voluntarily"),
        (COMMON, "c1", ClaimKind.VOLUNTARY, ClaimRule.VOLUNTARY_SCOPE,
         "need 'NC' is a common need; units claim those collectively"),
    ],
    ids=["project-by-unit", "project-personal", "unit-personal", "personal-not-hardship",
         "personal-common", "member-collective", "collective-individual", "member-linked",
         "linked-not-linked", "linked-common", "unit-voluntary", "voluntary-common"],
)
def test_a_scope_violation_says_which_side_or_which_need_is_wrong(
    need: Need | ServiceItem, who: str, kind: ClaimKind, rule: ClaimRule, detail: str
) -> None:
    """The detail names the need or project when the target is wrong, the side when the claimant is."""
    with pytest.raises(ClaimRuleViolation) as info:
        _claim(ClaimBook(), need, who, kind)
    assert f"claimant {who!r} breaks rule {rule.value!r} ({rule.en}): {detail}" == str(info.value)
    assert ("claimant", who, rule.en, rule) == (
        info.value.field, info.value.value, info.value.allowed, info.value.rule)
