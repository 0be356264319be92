"""Properties of `servicegov.claims`: capacity and shares, statuses, books and wait lists of claims."""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import pickle
from collections import Counter
from typing import Any

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from servicegov.claims import (
    Claim,
    ClaimantKind,
    ClaimBook,
    ClaimKind,
    ClaimRule,
    ClaimRules,
    ClaimRuleViolation,
    ClaimStatus,
    Offer,
    begin,
    claim,
    fulfil,
    join_wait_list,
    lapse,
    lapse_overdue,
    replace_claim,
    report_progress,
    withdraw,
)
from servicegov.errors import DuplicateId, IllegalTransition, InvalidType, InvalidValue, RuleViolation
from servicegov.needs import Need, Scope

from ..unit.claims_cases import (
    COMMON,
    DUE,
    HARD,
    ON,
    ORG,
    PLAIN,
    _claim,
    _house,
    _plain_claim,
    _unit_claim,
    make_need,
)

_NEEDS = [HARD, make_need("NH2"), make_need("NH3"), PLAIN, COMMON, make_need("NC2", scope=Scope.COMMON,
                                                                  hardship=False)]
_WHO = ["c1", "c2", "m1", "DEPT", "OTHER", "D"]
_STEP = st.tuples(st.sampled_from(_NEEDS), st.sampled_from(_WHO), st.sampled_from(list(ClaimKind)),
                  st.sampled_from([0.25, 0.5, 1.0]), st.sampled_from(["claim", "fulfil", "lapse"]))


@given(steps=st.lists(_STEP, max_size=25), co=st.booleans())
def test_no_sequence_of_claims_breaks_capacity_or_shares(
    steps: list[tuple[Need, str, ClaimKind, float, str]], co: bool
) -> None:
    """Whatever is attempted, no claimant is over capacity and no need's shares exceed 1."""
    book = ClaimBook()
    rules = ClaimRules(co_claimants=co)
    for need, who, kind, share, action in steps:
        if action == "claim" or not book.claims:
            with contextlib.suppress(ClaimRuleViolation):
                book = _claim(book, need, who, kind, share=share, rules=rules)
        else:
            live = [c for c in book.claims if c.live]
            if live:
                move = fulfil if action == "fulfil" else lapse
                book = replace_claim(book, move(live[0], on=ON))
        for w in _WHO:
            cap = (ORG.member(w).capacity if w in {"c1", "c2", "m1"} else ORG.unit(w).capacity)
            assert sum(c.live and c.claimant == w for c in book.claims) <= cap
        for n in _NEEDS:
            assert math.fsum(c.share for c in book.live_on(n.id)) <= 1 + 1e-9


@given(st.integers(min_value=0, max_value=3))
def test_a_lapsed_claim_frees_capacity(extra_days: int) -> None:
    book = _claim(ClaimBook(), HARD, "c2", ClaimKind.PERSONAL)
    book, _ = lapse_overdue(book, as_of=DUE + dt.timedelta(days=1 + extra_days))
    assert 0 == book.load("c2")


def _changes(**values: object) -> dict[str, Any]:
    """Field values of any type, for a claim's own checks to refuse."""
    return values


_NOT_A_NUMBER = st.booleans() | st.none() | st.text(alphabet="0.5ab-", max_size=5)


@given(share=_NOT_A_NUMBER | st.floats().filter(lambda x: not 0 < x <= 1))
@example(share=0.0)
@example(share=math.nan)
@example(share="0.5")
@example(share=True)
def test_a_claim_with_a_share_outside_zero_to_one_is_refused(share: object) -> None:
    with pytest.raises(InvalidValue) as info:
        attrs.evolve(_unit_claim(), **_changes(share=share))
    _house(info.value, "share", share, "a number with 0 < share <= 1")


@given(share=st.floats(min_value=0, max_value=1, exclude_min=True))
def test_a_share_in_zero_to_one_is_kept(share: float) -> None:
    assert share == attrs.evolve(_unit_claim(), share=share).share


@given(done=_NOT_A_NUMBER | st.floats().filter(lambda x: not 0 <= x <= 1))
@example(done=True)
@example(done="0.5")
@example(done=math.nan)
def test_a_claim_fulfilled_outside_zero_to_one_is_refused(done: object) -> None:
    with pytest.raises(InvalidValue) as info:
        attrs.evolve(_plain_claim(), **_changes(fulfilled=done))
    _house(info.value, "fulfilled", done, "a number from 0 to 1")


@given(done=st.floats(min_value=0, max_value=1))
@example(done=0.0)
@example(done=1.0)
def test_a_partial_claim_is_done_strictly_between_zero_and_one(done: float) -> None:
    history = [(ON, ClaimStatus.CLAIMED), (ON, ClaimStatus.PARTIAL)]
    if 0 < done < 1:
        c = attrs.evolve(_plain_claim(), status=ClaimStatus.PARTIAL, fulfilled=done, history=history)
        assert (ClaimStatus.PARTIAL, done) == (c.status, c.fulfilled)
    else:
        with pytest.raises(InvalidValue) as info:
            attrs.evolve(_plain_claim(), status=ClaimStatus.PARTIAL, fulfilled=done, history=history)
        _house(info.value, "fulfilled", done, "strictly between 0 and 1 when partial")


_LEGAL = {  # the status changes a claim may make, as TestStatus describes them
    ClaimStatus.CLAIMED: {ClaimStatus.IN_PROGRESS, ClaimStatus.PARTIAL, ClaimStatus.FULFILLED,
                          ClaimStatus.WITHDRAWN, ClaimStatus.LAPSED},
    ClaimStatus.IN_PROGRESS: {ClaimStatus.PARTIAL, ClaimStatus.FULFILLED, ClaimStatus.WITHDRAWN,
                              ClaimStatus.LAPSED},
    ClaimStatus.PARTIAL: {ClaimStatus.PARTIAL, ClaimStatus.FULFILLED, ClaimStatus.WITHDRAWN,
                          ClaimStatus.LAPSED},
    ClaimStatus.FULFILLED: set(),
    ClaimStatus.WITHDRAWN: set(),
    ClaimStatus.LAPSED: set(),
}
_MOVES: dict[str, tuple[Any, ClaimStatus]] = {
    "begin": (begin, ClaimStatus.IN_PROGRESS),
    "fulfil": (fulfil, ClaimStatus.FULFILLED),
    "withdraw": (withdraw, ClaimStatus.WITHDRAWN),
    "lapse": (lapse, ClaimStatus.LAPSED),
    "progress": (None, ClaimStatus.PARTIAL),
}


@given(steps=st.lists(st.tuples(st.sampled_from(sorted(_MOVES)), st.integers(0, 3),
                                st.floats(min_value=0.01, max_value=0.99)), max_size=8))
def test_a_claim_moves_only_as_its_status_allows(steps: list[tuple[str, int, float]]) -> None:
    """A legal move appends ``(on, status)``; an illegal one names the status and the legal moves."""
    c = _plain_claim()
    on = ON
    for name, days, q in steps:
        move, to = _MOVES[name]
        on += dt.timedelta(days=days)
        if name == "progress" and not c.live:
            continue  # from a final status the quantity is checked first
        q = max(q, c.fulfilled)
        before = c
        if to in _LEGAL[c.status]:
            c = report_progress(c, q, on=on) if move is None else move(c, on=on)
            assert (to, (*before.history, (on, to))) == (c.status, c.history)
            continue
        with pytest.raises(IllegalTransition) as info:
            report_progress(c, q, on=on) if move is None else move(c, on=on)
        names = ", ".join(sorted(s.value for s in _LEGAL[c.status])) or "nothing (final)"
        assert ("status", c.status.value, names) == (info.value.field, info.value.value, info.value.allowed)
        assert f"claim 'c' cannot go from {c.status.value!r} to {to.value!r}" == str(info.value)


@given(ids=st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=2, max_size=6).filter(
    lambda ids: len(set(ids)) < len(ids)))
def test_a_book_refuses_a_repeated_claim_id_naming_where(ids: list[str]) -> None:
    first = next(i for i, x in enumerate(ids) if x in ids[:i])
    with pytest.raises(DuplicateId) as info:
        ClaimBook(claims=[attrs.evolve(_plain_claim(), id=x) for x in ids])
    _house(info.value, f"claims[{first}].id", ids[first], "unique")


@given(ids=st.lists(st.sampled_from(["a", "b", "c", "d"]), unique=True))
def test_a_book_of_distinct_ids_finds_each_claim(ids: list[str]) -> None:
    book = ClaimBook(claims=[attrs.evolve(_plain_claim(), id=x) for x in ids])
    assert ids == [book.get(x).id for x in ids]


@given(kinds=st.lists(st.sampled_from([ClaimKind.PERSONAL, ClaimKind.VOLUNTARY,
                                       ClaimKind.COLLECTIVE, ClaimKind.LINKED]), max_size=8))
def test_by_kind_counts_claims_by_kind_value_in_order(kinds: list[ClaimKind]) -> None:
    claims = [
        attrs.evolve(_plain_claim() if k in (ClaimKind.PERSONAL, ClaimKind.VOLUNTARY) else _unit_claim(),
                     id=f"c{i}", kind=k)
        for i, k in enumerate(kinds)
    ]
    counts = ClaimBook(claims=claims).by_kind()
    assert Counter(k.value for k in kinds) == counts
    assert sorted(counts) == list(counts)


@given(joins=st.lists(st.tuples(st.sampled_from(["c2", "X", "Y"]), st.sampled_from(["N-a", "N-b", "N-c"])),
                      max_size=9))
def test_a_freed_place_is_offered_from_its_own_wait_list_only(joins: list[tuple[str, str]]) -> None:
    book = _claim(ClaimBook(), HARD, "c2", ClaimKind.PERSONAL)
    for target, request in joins:
        with contextlib.suppress(RuleViolation):
            book = join_wait_list(book, target, request, on=ON)
    before = {t: book.wait_list(t).entries for t in ("c2", "X", "Y")}
    book = replace_claim(book, fulfil(book.claims[0], on=DUE))
    assert {"X": before["X"], "Y": before["Y"], "c2": before["c2"][1:]} == {
        t: book.wait_list(t).entries for t in ("c2", "X", "Y")}
    assert all(w.entries for w in book.wait_lists)
    expected = [Offer(target="c2", request=before["c2"][0].request, on=DUE)] if before["c2"] else []
    assert expected == list(book.offers)


@given(claimant=st.sampled_from(["c1", "DEPT", "m-2", "a): b"]), rule=st.sampled_from(list(ClaimRule)),
       detail=st.lists(st.sampled_from(["): ", ")", ":", " ", "x", "7", "名额"]), min_size=1).map("".join))
@example(claimant="DEPT", rule=ClaimRule.SHARES, detail="need 'N' (common): 0.6 more exceeds 1")
@example(claimant="a): b", rule=ClaimRule.CAPACITY, detail="1 live claims of a capacity of 1")
def test_a_rule_violation_survives_pickling(claimant: str, rule: ClaimRule, detail: str) -> None:
    """Errors cross process boundaries (parallel runs) whole: class, claimant, rule and message,
    whatever the claimant id and the detail hold."""
    e = ClaimRuleViolation(claimant, rule, detail)
    back = pickle.loads(pickle.dumps(e))
    assert type(back) is ClaimRuleViolation
    assert (str(e), claimant, rule, detail, "claimant", claimant, rule.en) == (
        str(back), back.claimant, back.rule, back.detail, back.field, back.value, back.allowed)
    assert str(e).endswith(f": {detail}")


@given(who=st.integers(-999, 999) | st.none() | st.booleans()
       | st.floats(allow_nan=False, allow_infinity=False)
       | st.lists(st.text(alphabet="abc", max_size=2), max_size=2))
def test_a_claimant_that_is_not_an_id_is_named_in_claims_own_words(who: object) -> None:
    """Neither a member, a unit nor an id: the lookup names the argument ``claimant``."""
    with pytest.raises(InvalidType) as info:
        claim(ClaimBook(), HARD, who, kind=ClaimKind.PERSONAL, on=ON, due=DUE,  # type: ignore[arg-type]
              organisation=ORG)
    _house(info.value, "claimant", who, "an id (a string)")
    assert isinstance(info.value, TypeError)


@given(final=st.sampled_from(["fulfil", "withdraw", "lapse"]),
       quantity=st.floats(allow_nan=False) | st.integers(-5, 5))
def test_a_final_claim_takes_no_progress_whatever_the_quantity(final: str, quantity: float) -> None:
    """Progress on a fulfilled, withdrawn or lapsed claim is an illegal move, named as such,
    never a range of quantities that no number could meet."""
    c = Claim(id="c1", claimant="m1", claimant_kind=ClaimantKind.MEMBER, need_id="N1",
              kind=ClaimKind.VOLUNTARY, claimed_on=ON, due_on=DUE)
    done = {"fulfil": fulfil, "withdraw": withdraw, "lapse": lapse}[final](c, on=DUE)
    with pytest.raises(IllegalTransition) as caught:
        report_progress(done, quantity, on=DUE)
    assert ("status", done.status.value, "nothing (final)") == (
        caught.value.field, caught.value.value, caught.value.allowed)
