"""The one set (一定), fixed up front: commitments, versions, joining, revising and statements."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from servicegov import serialization
from servicegov.calendar import Period
from servicegov.errors import InvalidValue, RuleViolation
from servicegov.scoring import (
    DEFAULT_RULE,
    BallotProblem,
    Statement,
    StatementKind,
    check_reviews,
    join,
    opening_window,
    revise,
    score,
)

from .scoring_cases import (
    DAY,
    END,
    ORG,
    YEAR,
    ballot,
    commitment,
    four_items,
    item,
)

# --------------------------------------------------------------------------- the one set, fixed up front


def test_the_opening_window_is_the_periods_first_month_by_default() -> None:
    c = commitment()
    assert dt.date(2025, 1, 31) == c.window_ends == opening_window(YEAR)
    assert dt.date(2025, 3, 31) == opening_window(YEAR, months=3)
    assert dt.date(2025, 2, 28) == opening_window(Period(dt.date(2025, 2, 1), dt.date(2025, 3, 31)))
    assert dt.date(2025, 2, 5) == opening_window(Period(dt.date(2025, 1, 20), dt.date(2025, 2, 5)))
    assert dt.date(9999, 12, 31) == opening_window(Period(dt.date(9999, 12, 20), dt.date(9999, 12, 31)))
    with pytest.raises(InvalidValue, match=r"^'months' must be an integer of at least 1 \(got 0\)$"):
        opening_window(YEAR, months=0)
    with pytest.raises(InvalidValue, match="'period' must be a Period"):
        opening_window("2025", months=1)  # type: ignore[arg-type]


def test_version_one_is_fixed_in_the_opening_window() -> None:
    assert dt.date(2025, 1, 31) == commitment(fixed_on=dt.date(2025, 1, 31)).fixed_on
    assert not commitment(fixed_on=dt.date(2025, 1, 1)).late
    with pytest.raises(
        InvalidValue,
        match=r"^'fixed_on' must be fixed in the opening window from 2025-01-01 to 2025-01-31: "
        r"the one set is fixed up front, and a later change is a revision "
        r"\(got datetime.date\(2025, 2, 1\)\)$",
    ):
        commitment(fixed_on=dt.date(2025, 2, 1))
    wider = commitment(fixed_on=dt.date(2025, 3, 31), window_ends=opening_window(YEAR, months=3))
    assert not wider.late


def test_a_commitment_fixed_outside_its_period_is_refused() -> None:
    for day in (dt.date(2026, 1, 5), dt.date(2024, 12, 31)):
        with pytest.raises(
            InvalidValue,
            match=r"^'fixed_on' must be a date within the period, 2025-01-01 to 2025-12-31: "
            r"a commitment fixed outside its period is refused",
        ):
            commitment(fixed_on=day)
    with pytest.raises(InvalidValue, match=r"'fixed_on' must be a datetime\.date"):
        commitment(fixed_on=dt.datetime(2025, 1, 10))


def test_the_window_lies_within_the_period() -> None:
    with pytest.raises(InvalidValue, match=r"^'window_ends' must be a date within the period"):
        commitment(window_ends=dt.date(2026, 1, 31))
    with pytest.raises(InvalidValue, match="'window_ends'"):
        commitment(window_ends=dt.datetime(2025, 1, 31))


def test_standing_is_a_real_bool() -> None:
    assert commitment().standing is True
    with pytest.raises(InvalidValue, match=r"^'standing' must be True or False \(got 1\)$"):
        commitment(standing=1)


def test_a_standing_commitment_may_start_with_no_items() -> None:
    c = commitment(items=[])
    assert () == c.items
    s = score(c, [], DEFAULT_RULE, as_of=END, fulfilment={})
    assert 1.0 == s.completion
    with pytest.raises(
        InvalidValue,
        match=r"^'items' must be at least one CommitmentItem when there is no standing promise \(got \(\)\)$",
    ):
        commitment(items=[], standing=False)


def test_a_joined_item_needs_the_standing_promise_and_a_date_in_the_period() -> None:
    joined = item("N9", dt.date(2025, 6, 1), joined=dt.date(2025, 5, 2))
    assert joined == commitment(items=[joined]).items[0]
    with pytest.raises(InvalidValue, match=r"^'items\[0\]\.joined' must be None when there is no standing"):
        commitment(items=[joined], standing=False)
    with pytest.raises(InvalidValue, match=r"^'items\[1\]\.joined' must be a date within the period"):
        commitment(items=[item("N1", END), attrs.evolve(joined, joined=dt.date(2026, 1, 2))])
    with pytest.raises(InvalidValue, match=r"^'joined' must be None or a datetime.date"):
        item("N9", END, joined=dt.datetime(2025, 5, 2))


def test_join_adds_dated_items_to_the_same_version() -> None:
    c1 = commitment()
    routed = [item("N7", dt.date(2025, 5, 20)), item("N8", END, joined=dt.date(2025, 4, 30))]
    c = join(c1, routed, on=dt.date(2025, 5, 6))
    assert (1, c1.fixed_on, None) == (c.version, c.fixed_on, c.previous)
    assert c1.items == c.items[:2]
    assert [("N7", dt.date(2025, 5, 6)), ("N8", dt.date(2025, 4, 30))] == [
        (i.ref, i.joined) for i in c.items[2:]
    ]
    assert not c.late
    assert c == join(c, [], on=END)


def test_join_refuses_duplicates_dates_outside_the_period_and_no_standing_promise() -> None:
    c = commitment()
    with pytest.raises(
        InvalidValue, match=r"^'items\[0\]\.ref' must be not already in commitment 'C-m1' \(got 'N2'\)$"
    ):
        join(c, [item("N2", END)], on=DAY)
    with pytest.raises(InvalidValue, match=r"^'items\[1\]\.ref' must be unique among the items joining"):
        join(c, [item("N7", END), item("N7", END)], on=DAY)
    for day in (dt.date(2026, 1, 1), dt.date(2024, 12, 31)):
        with pytest.raises(InvalidValue, match=r"^'on' must be a date within the period, 2025-01-01 to"):
            join(c, [item("N7", END)], on=day)
    with pytest.raises(InvalidValue, match=r"^'standing' must be True to join items"):
        join(commitment(standing=False), [item("N7", END)], on=DAY)
    with pytest.raises(InvalidValue, match=r"^'items\[0\]' must be a CommitmentItem"):
        join(c, ["N7"], on=DAY)  # type: ignore[list-item]


def test_a_revision_after_the_period_is_refused() -> None:
    with pytest.raises(
        InvalidValue,
        match=r"^'on' must be on or before the period's end, 2025-12-31: "
        r"a revision after the period ended is refused \(got datetime.date\(2026, 1, 1\)\)$",
    ):
        revise(commitment(), on=dt.date(2026, 1, 1), items=commitment().items)
    with pytest.raises(InvalidValue, match=r"'on' must be a datetime\.date"):
        revise(commitment(), on=dt.datetime(2025, 3, 1), items=commitment().items)



def test_dropping_or_lowering_an_item_after_it_fell_due_cannot_lift_completion() -> None:
    c = four_items()
    done = {"N1": 1, "N2": 1, "N3": 1}
    assert 0.75 == score(c, [], DEFAULT_RULE, as_of=END, fulfilment=done).completion
    after = dt.date(2025, 10, 1)
    with pytest.raises(
        InvalidValue,
        match=r"^'items' must be to keep 'N4': dropping an item after it fell due on 2025-06-30 is refused "
        r"\(got \('N1', 'N2', 'N3'\)\)$",
    ):
        revise(c, on=after, items=c.items[:3])
    with pytest.raises(InvalidValue, match="dropping an item after it fell due on 2025-06-30"):
        revise(c, on=after, items=[*c.items[:3], item("N5", END)])
    with pytest.raises(
        InvalidValue,
        match=r"^'items\[3\]\.target' must be at least 4.0 for 'N4': lowering a target after it fell due "
        r"on 2025-06-30 is refused \(got 1.0\)$",
    ):
        revise(c, on=after, items=[*c.items[:3], attrs.evolve(c.items[3], target=1.0)])
    # Due on the day of the revision counts as fallen due.
    with pytest.raises(InvalidValue, match="lowering a target"):
        revise(c, on=dt.date(2025, 6, 30), items=[*c.items[:3], attrs.evolve(c.items[3], target=3.0)])
    # Before it falls due it is not settled yet.
    early = revise(c, on=dt.date(2025, 6, 29), items=c.items[:3])
    assert 1.0 == score(early, [], DEFAULT_RULE, as_of=END, fulfilment=done).completion


def test_postponing_an_item_after_it_fell_due_is_refused() -> None:
    c = four_items()
    moved = attrs.evolve(c.items[3], due=dt.date(2025, 12, 31))
    with pytest.raises(
        InvalidValue,
        match=r"^'items\[0\]\.due' must be on or before 2025-06-30 for 'N4': postponing an item after it "
        r"fell due on 2025-06-30 is refused \(got datetime.date\(2025, 12, 31\)\)$",
    ):
        revise(c, on=dt.date(2025, 7, 1), items=[moved, *c.items[:3]])


def test_a_revision_may_raise_a_fallen_due_target_or_bring_its_date_forward() -> None:
    c = four_items()
    kept = attrs.evolve(c.items[3], target=5.0, due=dt.date(2025, 6, 1))
    c2 = revise(c, on=dt.date(2025, 7, 1), items=[kept])
    assert (2, (kept,)) == (c2.version, c2.items)


def test_a_revision_after_the_window_is_allowed_and_marked_late() -> None:
    c1 = commitment()
    on_time = revise(c1, on=dt.date(2025, 1, 31), items=c1.items)
    assert not on_time.late
    assert not on_time.revised_late
    c2 = revise(on_time, on=dt.date(2025, 3, 1), items=c1.items)
    c3 = revise(c2, on=dt.date(2025, 4, 1), items=c1.items)
    assert [False, False, True, True] == [c.late for c in (c1, on_time, c2, c3)]
    assert [False, False, True, True] == [c.revised_late for c in (c1, on_time, c2, c3)]
    assert score(c3, [], DEFAULT_RULE, as_of=END, fulfilment={}).late_revision
    assert not score(on_time, [], DEFAULT_RULE, as_of=END, fulfilment={}).late_revision
    s = score(c2, [], DEFAULT_RULE, as_of=END, fulfilment={"N1": 2})
    assert s == serialization.structure(serialization.unstructure(s), type(s))


def test_check_reviews_checks_every_version_of_a_commitment_with_many_items_and_ballots() -> None:
    refs = [f"N{i}" for i in range(300)]
    c1 = commitment(items=[item(r, END) for r in refs[:150]])
    c2 = revise(c1, on=dt.date(2025, 2, 1), items=[item(r, END) for r in refs[150:]])
    ballots = [ballot(f"r{i}") for i in range(300)]
    check_reviews(ballots, commitments=[c1, c2])
    # A reviewer sharing an item of the first version only is still caught, by name of that version.
    theirs = commitment("r7", items=[item("N3", END)])
    with pytest.raises(
        RuleViolation,
        match=r"^reviewer 'r7' may not review commitment 'C-m1' of 'm1': they shares \['N3'\] "
        r"\(rule no-review-of-own-claim, reviews\[7\]\)$",
    ):
        check_reviews(ballots, commitments=[c1, c2, theirs])
    theirs = commitment("r9", items=[item("N299", END)])
    with pytest.raises(RuleViolation, match=r"they shares \['N299'\] .*reviews\[9\]"):
        check_reviews(ballots, commitments=[c1, c2, theirs])


def test_a_statement_is_a_claimants_own_report() -> None:
    s = Statement(
        claimant="m1",
        period=YEAR,
        kind=StatementKind.OPENING,
        on=dt.date(2025, 3, 2),
        text="我将…",
        refs=["N1"],
    )
    assert (("N1",), "年初述职", "start-of-period statement") == (s.refs, s.kind.zh, s.kind.en)
    assert ["opening", "closing"] == [k.value for k in StatementKind]
    assert s == serialization.structure(serialization.unstructure(s), Statement)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("on", dt.date(2026, 1, 1), r"^'on' must be a date within the period, 2025-01-01 to 2025-12-31"),
        ("on", dt.datetime(2025, 3, 1), "'on' must be a date within the period"),
        ("kind", "opening", r"^'kind' must be StatementKind\.OPENING, the member, not the string 'opening'"),
        ("kind", "start", r"^'kind' must be a StatementKind: one of 'opening', 'closing'"),
        ("text", "  ", r"^'text' must be a non-empty string"),
        ("claimant", "", r"^'claimant' must be a non-empty id"),
        ("refs", ["N1", " N2"], r"^'refs\[1\]' must be a non-empty id without surrounding spaces"),
    ],
)
def test_statements_are_validated(field: str, value: object, message: str) -> None:
    args: dict[str, object] = {
        "claimant": "m1",
        "period": YEAR,
        "kind": StatementKind.CLOSING,
        "on": dt.date(2025, 12, 20),
        "text": "done",
    }
    args[field] = value
    with pytest.raises(InvalidValue, match=message):
        Statement(**args)  # type: ignore[arg-type]


def test_a_missing_residents_quorum_leaves_the_score_not_assessable() -> None:
    """以群众评价为根本标尺: without the residents' review there is no score, unless asked."""
    ballots = [ballot(f"o{i}", value=90) for i in range(3)]
    strict = score(commitment(), ballots, DEFAULT_RULE, as_of=END, fulfilment={"N1": 2, "N2": 4})
    lenient = score(commitment(), ballots, attrs.evolve(DEFAULT_RULE, renormalise=True), as_of=END,
                    fulfilment={"N1": 2, "N2": 4})

    assert strict.total is None
    assert 94.0 == lenient.total
    with pytest.raises(InvalidValue, match="'renormalise' must be True or False"):
        attrs.evolve(DEFAULT_RULE, renormalise=1)  # type: ignore[arg-type]


def test_a_ballot_from_a_rater_the_scheme_does_not_allow_is_set_aside() -> None:
    ballots = [ballot(f"o{i}", value=90) for i in range(3)] + [ballot("boss", value=100)]
    s = score(commitment(), ballots, DEFAULT_RULE, as_of=END, fulfilment={},
              raters=lambda b: "a superior" if b.reviewer == "boss" else None)

    assert (3, 1) == (s.channel(ORG).valid, s.channel(ORG).invalid)
    assert [("boss", BallotProblem.RATER_NOT_ALLOWED, "a superior")] == [
        (i.reviewer, i.reason, i.detail) for i in s.invalid]
