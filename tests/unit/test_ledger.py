"""The responsibility ledger: holding spans, the breach rule and case-mix ratios (DOMAIN.md §4).

A breach is charged to whoever held a need when its own deadline passed: the unit
an escalation left, never the receiver, which gets a fresh deadline of its own.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import pytest

from servicegov.errors import DuplicateId, IllegalTransition, InvalidValue, UnknownReference
from servicegov.ledger import (
    CaseMix,
    HolderKind,
    Ledger,
    Left,
    Span,
    breaches,
    ledger,
    priority_band,
    spans,
    strata,
)
from servicegov.lifecycle import (
    Claimed,
    Closed,
    Closure,
    Collected,
    Escalated,
    Event,
    FollowedUp,
    Rejected,
    Reopened,
    Resolved,
    Routed,
    Started,
)
from servicegov.needs import Need, NeedKind, Scope
from servicegov.org import Tier
from servicegov.screening import Reason

from .ledger_cases import WHY, _listed, d


def _routed(need_id: str, unit: str, on: dt.date, due: dt.date, tier: Tier = Tier.VILLAGE) -> Routed:
    return Routed(need_id=need_id, on=on, unit=unit, tier=tier, due=due)


def _escalation_n1() -> list[Event]:
    """N1: V1 misses its 20 March limit, T1 takes it and its department T1-a resolves it in time."""
    return [
        *_listed("N1"),
        _routed("N1", "V1", d(2025, 3, 10), d(2025, 3, 20)),
        Escalated(
            need_id="N1",
            on=d(2025, 3, 21),
            from_unit="V1",
            to_unit="T1",
            to_tier=Tier.TOWN,
            why=WHY.DEADLINE_PASSED,
        ),
        _routed("N1", "T1-a", d(2025, 3, 22), d(2025, 4, 10), Tier.TOWN),
        Started(need_id="N1", on=d(2025, 3, 25)),
        Resolved(need_id="N1", on=d(2025, 4, 1)),
    ]


def _summary(items: Sequence[Span], as_of: dt.date) -> list[tuple[object, ...]]:
    return [(s.holder, s.received, s.due, s.left, s.how, s.breached(as_of)) for s in items]


# -- hand-built histories ------------------------------------------------------------


def test_an_escalated_need_is_charged_to_the_unit_it_left_never_to_the_receiver() -> None:
    as_of = d(2025, 4, 30)
    expected = [
        ("V1", d(2025, 3, 10), d(2025, 3, 20), d(2025, 3, 21), Left.PASSED_UP, True),
        ("T1", d(2025, 3, 21), None, d(2025, 3, 22), Left.REROUTED, False),
        ("T1-a", d(2025, 3, 22), d(2025, 4, 10), d(2025, 4, 1), Left.RESOLVED, False),
    ]

    result = spans(_escalation_n1(), as_of=as_of)

    assert expected == _summary(result, as_of)
    assert {"V1": ("N1",)} == breaches(result, as_of=as_of)


def test_spans_record_the_holder_kind_the_tier_and_why_a_need_was_passed_up() -> None:
    v1, t1, t1a = spans(_escalation_n1(), as_of=d(2025, 4, 30))

    assert (HolderKind.UNIT, Tier.VILLAGE, WHY.DEADLINE_PASSED) == (v1.holder_kind, v1.tier, v1.why)
    assert (HolderKind.UNIT, Tier.TOWN, None) == (t1.holder_kind, t1.tier, t1.why)
    assert (HolderKind.UNIT, Tier.TOWN, None) == (t1a.holder_kind, t1a.tier, t1a.why)
    assert {"N1"} == {s.need_id for s in (v1, t1, t1a)}


def test_passing_a_need_up_for_no_competence_on_the_routing_day_is_not_a_breach() -> None:
    history = [
        *_listed("N2"),
        _routed("N2", "V1", d(2025, 3, 10), d(2025, 3, 10)),
        Escalated(
            need_id="N2",
            on=d(2025, 3, 10),
            from_unit="V1",
            to_unit="T1",
            to_tier=Tier.TOWN,
            why=WHY.NO_COMPETENCE,
        ),
    ]

    result = spans(history, as_of=d(2025, 3, 12))

    assert [Left.PASSED_UP, Left.OPEN] == [s.how for s in result]
    assert WHY.NO_COMPETENCE is result[0].why
    assert {} == breaches(result, as_of=d(2025, 3, 12))


def test_a_need_resolved_late_is_charged_to_the_unit_that_resolved_it() -> None:
    history = [
        *_listed("N3"),
        _routed("N3", "V1", d(2025, 3, 10), d(2025, 3, 20)),
        Started(need_id="N3", on=d(2025, 3, 11)),
        Resolved(need_id="N3", on=d(2025, 3, 24)),
    ]

    assert {"V1": ("N3",)} == breaches(spans(history, as_of=d(2025, 4, 1)), as_of=d(2025, 4, 1))


def test_resolving_on_the_due_day_is_in_time() -> None:
    history = [
        *_listed("N3"),
        _routed("N3", "V1", d(2025, 3, 10), d(2025, 3, 20)),
        Started(need_id="N3", on=d(2025, 3, 11)),
        Resolved(need_id="N3", on=d(2025, 3, 20)),
    ]

    assert {} == breaches(spans(history, as_of=d(2025, 4, 1)), as_of=d(2025, 4, 1))


def test_an_open_overdue_need_is_charged_to_its_current_holder() -> None:
    history = [*_listed("N4"), _routed("N4", "V2", d(2025, 3, 10), d(2025, 3, 20))]

    result = spans(history, as_of=d(2025, 3, 21))

    assert [("V2", d(2025, 3, 10), d(2025, 3, 20), None, Left.OPEN, True)] == _summary(result, d(2025, 3, 21))
    assert {"V2": ("N4",)} == breaches(result, as_of=d(2025, 3, 21))


def test_an_open_need_not_yet_due_is_no_breach() -> None:
    history = [*_listed("N4"), _routed("N4", "V2", d(2025, 3, 10), d(2025, 3, 20))]

    assert {} == breaches(spans(history, as_of=d(2025, 3, 20)), as_of=d(2025, 3, 20))


def test_a_unit_holding_a_passed_up_need_without_a_due_date_never_breaches() -> None:
    history = [
        *_listed("N5"),
        _routed("N5", "V1", d(2025, 3, 10), d(2025, 3, 20)),
        Escalated(
            need_id="N5",
            on=d(2025, 3, 12),
            from_unit="V1",
            to_unit="T1",
            to_tier=Tier.TOWN,
            why=WHY.OVER_COST_CEILING,
        ),
    ]

    result = spans(history, as_of=d(2026, 1, 1))

    assert [None, Left.OPEN] == [result[1].due, result[1].how]
    assert {} == breaches(result, as_of=d(2026, 1, 1))


def test_a_claimed_need_is_held_by_the_claimant_until_the_claims_due_date() -> None:
    history = [
        *_listed("N6"),
        _routed("N6", "T1", d(2025, 3, 10), d(2025, 3, 20), Tier.TOWN),
        Claimed(
            need_id="N6", on=d(2025, 3, 11), claimant="cadre-5", claim_kind="personal", due=d(2025, 3, 31)
        ),
        Started(need_id="N6", on=d(2025, 3, 12)),
        Resolved(need_id="N6", on=d(2025, 3, 30)),
    ]

    unit, claimant = spans(history, as_of=d(2025, 4, 30))

    assert ("T1", HolderKind.UNIT, Left.CLAIMED, d(2025, 3, 11)) == (
        unit.holder,
        unit.holder_kind,
        unit.how,
        unit.left,
    )
    assert ("cadre-5", HolderKind.CLAIMANT, Tier.TOWN, d(2025, 3, 11), d(2025, 3, 31), Left.RESOLVED) == (
        claimant.holder,
        claimant.holder_kind,
        claimant.tier,
        claimant.received,
        claimant.due,
        claimant.how,
    )
    assert {} == breaches((unit, claimant), as_of=d(2025, 4, 30))


def test_a_claim_without_a_date_of_its_own_keeps_the_units_due_date() -> None:
    history = [
        *_listed("N6"),
        _routed("N6", "T1", d(2025, 3, 10), d(2025, 3, 20), Tier.TOWN),
        Claimed(need_id="N6", on=d(2025, 3, 11), claimant="unit-9", claim_kind="collective"),
    ]

    assert d(2025, 3, 20) == spans(history, as_of=d(2025, 3, 12))[-1].due


def test_a_late_claimant_is_charged_not_the_unit_it_claimed_from() -> None:
    history = [
        *_listed("N7"),
        _routed("N7", "T1", d(2025, 3, 10), d(2025, 3, 20), Tier.TOWN),
        Claimed(
            need_id="N7", on=d(2025, 3, 11), claimant="cadre-5", claim_kind="personal", due=d(2025, 3, 25)
        ),
        Started(need_id="N7", on=d(2025, 3, 12)),
        Resolved(need_id="N7", on=d(2025, 4, 2)),
    ]

    assert {"cadre-5": ("N7",)} == breaches(spans(history, as_of=d(2025, 4, 30)), as_of=d(2025, 4, 30))


def test_a_lapsed_claim_passed_up_late_is_charged_to_the_claimant() -> None:
    history = [
        *_listed("N7"),
        _routed("N7", "T1", d(2025, 3, 10), d(2025, 3, 20), Tier.TOWN),
        Claimed(need_id="N7", on=d(2025, 3, 11), claimant="cadre-5", claim_kind="personal"),
        Escalated(
            need_id="N7",
            on=d(2025, 3, 24),
            from_unit="T1",
            to_unit="D1",
            to_tier=Tier.DISTRICT,
            why=WHY.DEADLINE_PASSED,
        ),
    ]

    result = spans(history, as_of=d(2025, 4, 30))

    assert [("T1", Left.CLAIMED), ("cadre-5", Left.PASSED_UP), ("D1", Left.OPEN)] == [
        (s.holder, s.how) for s in result
    ]
    assert {"cadre-5": ("N7",)} == breaches(result, as_of=d(2025, 4, 30))


def test_a_rejected_need_has_no_spans() -> None:
    history: list[Event] = [
        Collected(need_id="N8", on=d(2025, 3, 1)),
        Rejected(need_id="N8", on=d(2025, 3, 2), reason=Reason.EXCESSIVE),
    ]

    assert () == spans(history, as_of=d(2025, 3, 2))


def test_a_need_closed_before_routing_has_no_spans() -> None:
    history = [*_listed("N8"), Closed(need_id="N8", on=d(2025, 3, 6), closure=Closure.WITHDRAWN)]

    assert () == spans(history, as_of=d(2025, 3, 6))


def test_closing_an_open_need_ends_its_span_as_closed() -> None:
    history = [
        *_listed("N8"),
        _routed("N8", "V1", d(2025, 3, 10), d(2025, 3, 20)),
        Closed(need_id="N8", on=d(2025, 3, 22), closure=Closure.DUPLICATE),
    ]

    result = spans(history, as_of=d(2025, 4, 1))

    assert [("V1", d(2025, 3, 22), Left.CLOSED, True)] == [
        (s.holder, s.left, s.how, s.breached(d(2025, 4, 1))) for s in result
    ]


def test_a_reopened_need_goes_back_to_the_unit_that_last_held_it_with_a_fresh_deadline() -> None:
    history = [
        *_listed("N9"),
        _routed("N9", "V1", d(2025, 3, 10), d(2025, 3, 20)),
        Started(need_id="N9", on=d(2025, 3, 11)),
        Resolved(need_id="N9", on=d(2025, 3, 15)),
        FollowedUp(need_id="N9", on=d(2025, 3, 18), satisfied=False),
        Reopened(need_id="N9", on=d(2025, 3, 19), reason="the lamp went out"),
        _routed("N9", "V1", d(2025, 3, 20), d(2025, 3, 27)),
    ]
    as_of = d(2025, 3, 28)
    expected = [
        ("V1", d(2025, 3, 10), d(2025, 3, 20), d(2025, 3, 15), Left.RESOLVED, False),
        ("V1", d(2025, 3, 19), None, d(2025, 3, 20), Left.REROUTED, False),
        ("V1", d(2025, 3, 20), d(2025, 3, 27), None, Left.OPEN, True),
    ]

    assert expected == _summary(spans(history, as_of=as_of), as_of)


# -- arguments ----------------------------------------------------------------------


def test_an_event_after_the_as_of_date_is_named() -> None:
    with pytest.raises(InvalidValue, match=r"'events\[8\].on' must be on or before as_of \(2025-03-31\)"):
        spans(_escalation_n1(), as_of=d(2025, 3, 31))


@pytest.mark.parametrize("as_of", [dt.datetime(2025, 5, 1, 12, 0), "2025-05-01", None])
def test_as_of_must_be_a_plain_date(as_of: object) -> None:
    with pytest.raises(InvalidValue, match=r"'as_of' must be a datetime\.date") as err:
        spans(_escalation_n1(), as_of=as_of)  # type: ignore[arg-type]
    assert "as_of" == err.value.field
    with pytest.raises(InvalidValue, match="'as_of' must be"):
        breaches((), as_of=as_of)  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match="'as_of' must be"):
        ledger([], as_of=as_of)  # type: ignore[arg-type]


def test_an_illegal_history_raises_the_lifecycles_own_error() -> None:
    history = [*_listed("N1"), Resolved(need_id="N1", on=d(2025, 3, 12))]

    with pytest.raises(IllegalTransition, match="event 'resolved' is not allowed in state 'publicised'"):
        spans(history, as_of=d(2025, 4, 1))


def test_breaches_refuses_what_is_not_a_span() -> None:
    with pytest.raises(InvalidValue, match=r"'spans\[0\]' must be a Span"):
        breaches(["V1"], as_of=d(2025, 4, 1))  # type: ignore[list-item]


def test_a_span_is_open_exactly_when_it_has_not_been_left() -> None:
    with pytest.raises(InvalidValue, match="'left' must be None exactly when 'how' is 'open'"):
        Span(
            need_id="N1",
            holder="V1",
            holder_kind=HolderKind.UNIT,
            tier=None,
            received=d(2025, 3, 1),
            how=Left.RESOLVED,
        )


def test_only_a_span_passed_up_says_why() -> None:
    with pytest.raises(InvalidValue, match="'why' must be given exactly when 'how' is 'passed-up'"):
        Span(
            need_id="N1",
            holder="V1",
            holder_kind=HolderKind.UNIT,
            tier=None,
            received=d(2025, 3, 1),
            left=d(2025, 3, 2),
            how=Left.PASSED_UP,
        )


# -- the ledger ---------------------------------------------------------------------


def test_a_ledger_groups_spans_by_holder_and_charges_each_need_once() -> None:
    late_twice = [
        *_listed("N2"),
        _routed("N2", "V1", d(2025, 3, 10), d(2025, 3, 12)),
        Started(need_id="N2", on=d(2025, 3, 11)),
        Resolved(need_id="N2", on=d(2025, 3, 13)),
        Reopened(need_id="N2", on=d(2025, 3, 14), reason="not done"),
        _routed("N2", "V1", d(2025, 3, 14), d(2025, 3, 15)),
    ]

    book = ledger({"N1": _escalation_n1(), "N2": late_twice}, as_of=d(2025, 4, 30))

    assert ["T1", "T1-a", "V1"] == list(book.by_holder())
    assert 4 == len(book.by_holder()["V1"])
    assert {"V1": ("N1", "N2")} == book.breaches()
    assert book.breaches() == breaches(book.spans, as_of=book.as_of)


def test_a_ledger_refuses_two_histories_of_one_need() -> None:
    with pytest.raises(DuplicateId, match=r"'histories\[1\]' must be the history of another need"):
        ledger([_escalation_n1(), _escalation_n1()], as_of=d(2025, 4, 30))


def test_a_ledger_refuses_a_history_keyed_by_another_need() -> None:
    with pytest.raises(InvalidValue, match=r"'histories\['N2'\]' must be the history of the need"):
        ledger({"N2": _escalation_n1()}, as_of=d(2025, 4, 30))


# -- case mix -----------------------------------------------------------------------


def _simple(need_id: str, unit: str, late: bool) -> list[Event]:
    return [
        *_listed(need_id),
        _routed(need_id, unit, d(2025, 3, 10), d(2025, 3, 20)),
        Started(need_id=need_id, on=d(2025, 3, 11)),
        Resolved(need_id=need_id, on=d(2025, 3, 21) if late else d(2025, 3, 19)),
    ]


def _two_strata_ledger() -> tuple[Ledger, dict[str, str]]:
    """Hard needs breach at 5/10, easy ones at 1/10; A takes 8 hard, B takes 8 easy.

    A: 8 hard (4 late) + 2 easy (0 late); B: 2 hard (1 late) + 8 easy (1 late).
    """
    plan = [("A", "hard", 8, 4), ("A", "easy", 2, 0), ("B", "hard", 2, 1), ("B", "easy", 8, 1)]
    histories: list[list[Event]] = []
    labels: dict[str, str] = {}
    for unit, stratum, n, late in plan:
        for i in range(n):
            need_id = f"{unit}-{stratum}-{i}"
            histories.append(_simple(need_id, unit, late=i < late))
            labels[need_id] = stratum
    return ledger(histories, as_of=d(2025, 4, 30)), labels


def test_the_stratum_rates_are_breaches_over_spans_with_a_due_date_across_all_holders() -> None:
    book, labels = _two_strata_ledger()

    assert {"easy": 0.1, "hard": 0.5} == book.stratum_rates(labels)


def test_case_mix_ratios_reward_the_unit_that_takes_the_hard_needs() -> None:
    # Crude rates say A (4/10) is worse than B (2/10).  Standardised:
    # A expects 8 * 0.5 + 2 * 0.1 = 4.2 and had 4 (ratio 0.952...);
    # B expects 2 * 0.5 + 8 * 0.1 = 1.8 and had 2 (ratio 1.111...).
    book, labels = _two_strata_ledger()

    mix = book.case_mix(labels)

    assert ["A", "B"] == list(mix)
    assert (10, 4, (("easy", 2, 0), ("hard", 8, 4))) == (
        mix["A"].spans,
        mix["A"].breaches,
        mix["A"].by_stratum,
    )
    assert (10, 2, (("easy", 8, 1), ("hard", 2, 1))) == (
        mix["B"].spans,
        mix["B"].breaches,
        mix["B"].by_stratum,
    )
    assert pytest.approx(4.2) == mix["A"].expected
    assert pytest.approx(1.8) == mix["B"].expected
    assert pytest.approx(4 / 4.2) == mix["A"].ratio
    assert pytest.approx(2 / 1.8) == mix["B"].ratio


def test_a_holder_with_no_span_at_risk_has_no_ratio() -> None:
    book = ledger([_escalation_n1()], as_of=d(2025, 4, 30))

    mix = book.case_mix({"N1": "roads|high"})

    assert CaseMix(spans=0, breaches=0, expected=0.0, ratio=None, by_stratum=()) == mix["T1"]
    assert (
        CaseMix(spans=1, breaches=1, expected=0.5, ratio=2.0, by_stratum=(("roads|high", 1, 1),))
        == (mix["V1"])
    )


def test_case_mix_needs_a_stratum_for_every_need_at_risk() -> None:
    book, labels = _two_strata_ledger()
    del labels["A-hard-0"]

    with pytest.raises(UnknownReference, match="'strata' must be a stratum for every need"):
        book.case_mix(labels)


@pytest.mark.parametrize(
    ("priority", "band"),
    [(1.0, "low"), (2.999, "low"), (3.0, "medium"), (3.999, "medium"), (4.0, "high"), (5.0, "high")],
)
def test_priority_bands_cut_at_three_and_four_by_default(priority: float, band: str) -> None:
    assert band == priority_band(priority)


@pytest.mark.parametrize("priority", [math.nan, math.inf, True, "4"])
def test_a_priority_band_needs_a_finite_number(priority: object) -> None:
    with pytest.raises(InvalidValue, match="'priority' must be a finite number"):
        priority_band(priority)  # type: ignore[arg-type]


def test_strata_label_each_need_by_category_and_priority_band() -> None:
    def need(need_id: str, category: str) -> Need:
        return Need(
            id=need_id,
            village="420117101201",
            kind=NeedKind.LIVELIHOOD,
            category=category,
            scope=Scope.COMMON,
            households=("h-1",),
            urgency=3,
            necessity=3,
            aspiration=3,
            collected=d(2025, 3, 1),
        )

    needs = [need("N1", "street-lamps"), need("N2", "tractor-road")]

    assert {"N1": "street-lamps|low", "N2": "tractor-road|high"} == strata(needs, {"N1": 2.5, "N2": 4.5})
    with pytest.raises(UnknownReference, match="'priorities' must be a priority for every need"):
        strata(needs, {"N1": 2.5})
