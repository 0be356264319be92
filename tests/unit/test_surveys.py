"""Survey design: Wilson intervals, how many forms a village needs, and mixed panels (阳光测评)."""

from __future__ import annotations

import hashlib
from typing import Any

import attrs
import pytest
from statsmodels.stats.proportion import proportion_confint  # type: ignore[import-untyped]

from servicegov import serialization, surveys
from servicegov.errors import InvalidValue
from servicegov.scoring import Satisfaction
from servicegov.surveys import (
    Panel,
    Resident,
    SatisfactionInterval,
    draw_evaluators,
    draw_panel,
    forms_needed,
    satisfaction_interval,
    verify_draw,
    wilson_interval,
)

S = Satisfaction
# The bad-argument tests call through an untyped name: they pass what the signatures forbid.
loose: Any = surveys


# -- Wilson intervals --------------------------------------------------------------------------


def test_no_success_starts_the_interval_at_zero_and_all_successes_end_it_at_one() -> None:
    assert 0.0 == wilson_interval(0, 12)[0]
    assert 1.0 == wilson_interval(12, 12)[1]


def test_a_higher_confidence_gives_a_wider_interval() -> None:
    low90, high90 = wilson_interval(30, 50, confidence=0.90)
    low99, high99 = wilson_interval(30, 50, confidence=0.99)

    assert low99 < low90 < high90 < high99


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: loose.wilson_interval(True, 3), "successes"),
        (lambda: loose.wilson_interval(1.0, 3), "successes"),
        (lambda: loose.wilson_interval(1, False), "n"),
        (lambda: loose.wilson_interval(1, "3"), "n"),
        (lambda: loose.wilson_interval(0, 0), "n"),
        (lambda: loose.wilson_interval(4, 3), "successes"),
        (lambda: loose.wilson_interval(-1, 3), "successes"),
        (lambda: loose.wilson_interval(1, 3, confidence=1.0), "confidence"),
        (lambda: loose.wilson_interval(1, 3, confidence=float("nan")), "confidence"),
        (lambda: loose.wilson_interval(1, 3, confidence="0.95"), "confidence"),
    ],
)
def test_bad_counts_and_confidences_are_refused_by_name(call: Any, field: str) -> None:
    with pytest.raises(InvalidValue) as err:
        call()

    assert field == err.value.field


def test_types_are_checked_before_values() -> None:
    # 'successes' (5) is out of range for n=3, but 'n' is not even an integer: n is named.
    with pytest.raises(InvalidValue) as err:
        loose.wilson_interval(5, True)

    assert "n" == err.value.field


# -- satisfaction rates -----------------------------------------------------------------------


def test_with_basically_satisfied_counted_in_full_the_interval_is_wilsons() -> None:
    ratings = [S.SATISFIED] * 20 + [S.BASICALLY_SATISFIED] * 10 + [S.DISSATISFIED] * 10

    actual = satisfaction_interval(ratings, basic_weight=1)

    assert (
        SatisfactionInterval(
            rate=0.75, low=wilson_interval(30, 40)[0], high=wilson_interval(30, 40)[1], n=40, confidence=0.95
        )
        == actual
    )


def test_basically_satisfied_counts_as_a_fractional_success() -> None:
    ratings = [S.SATISFIED] * 3 + [S.BASICALLY_SATISFIED] * 2

    actual = satisfaction_interval(ratings, basic_weight=0.5)

    expected = proportion_confint(4, 5, alpha=0.05, method="wilson")
    assert 0.8 == actual.rate
    assert pytest.approx(tuple(float(x) for x in expected), abs=1e-12) == (actual.low, actual.high)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: loose.satisfaction_interval("satisfied"), "ratings"),
        (lambda: loose.satisfaction_interval(42), "ratings"),
        (lambda: loose.satisfaction_interval([]), "ratings"),
        (lambda: loose.satisfaction_interval([S.SATISFIED, "satisfied"]), "ratings[1]"),
        (lambda: loose.satisfaction_interval([S.SATISFIED], basic_weight=True), "basic_weight"),
        (lambda: loose.satisfaction_interval([S.SATISFIED], basic_weight=1.5), "basic_weight"),
        (lambda: loose.satisfaction_interval([S.SATISFIED], confidence=0), "confidence"),
        (lambda: loose.satisfaction_interval([], basic_weight="x"), "basic_weight"),
    ],
)
def test_bad_ballots_and_weights_are_refused_by_name(call: Any, field: str) -> None:
    with pytest.raises(InvalidValue) as err:
        call()

    assert field == err.value.field


def test_a_satisfaction_interval_must_hold_its_rate() -> None:
    with pytest.raises(InvalidValue, match="'rate' must be from 'low'"):
        SatisfactionInterval(rate=0.9, low=0.2, high=0.8, n=10, confidence=0.95)


# -- how many forms ------------------------------------------------------------------------------


def test_cochrans_textbook_figures() -> None:
    # Cochran (1977): ±5 points at 95 % for an unknown share needs 385 forms;
    # from 1,000 residents the finite-population correction brings it to 278.
    assert 385 == forms_needed(0.05)
    assert 278 == forms_needed(0.05, population=1000)
    assert 97 == forms_needed(0.1)


def test_a_small_village_never_needs_more_forms_than_it_has_residents() -> None:
    assert 20 == forms_needed(0.01, population=20)
    assert 1 == forms_needed(0.5, population=1)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: loose.forms_needed("0.05"), "margin"),
        (lambda: loose.forms_needed(float("nan")), "margin"),
        (lambda: loose.forms_needed(float("inf")), "margin"),
        (lambda: loose.forms_needed(True), "margin"),
        (lambda: loose.forms_needed(0), "margin"),
        (lambda: loose.forms_needed(1.0), "margin"),
        (lambda: loose.forms_needed(0.05, confidence=95), "confidence"),
        (lambda: loose.forms_needed(0.05, expected=0.0), "expected"),
        (lambda: loose.forms_needed(0.05, expected=None), "expected"),
        (lambda: loose.forms_needed(0.05, population=1000.0), "population"),
        (lambda: loose.forms_needed(0.05, population=True), "population"),
        (lambda: loose.forms_needed(0.05, population=0), "population"),
        # The type of the population is checked before the value of the margin.
        (lambda: loose.forms_needed(2.0, population="1000"), "population"),
    ],
)
def test_bad_survey_designs_are_refused_by_name(call: Any, field: str) -> None:
    with pytest.raises(InvalidValue) as err:
        call()

    assert field == err.value.field


def test_the_error_reads_in_the_house_style() -> None:
    with pytest.raises(InvalidValue) as err:
        loose.forms_needed("0.05")

    assert "'margin' must be a number between 0 and 1, both excluded (got '0.05')" == str(err.value)


# -- mixed panels --------------------------------------------------------------------------------


def test_a_larger_random_share_keeps_the_residents_a_smaller_one_drew() -> None:
    village = [f"h{i:02d}" for i in range(40)]
    friends = [f"f{i}" for i in range(10)]

    drawn = [draw_panel(friends, village, size=10, random_share=p, seed=99).random for p in (0.2, 0.5, 1.0)]

    assert drawn[0] == drawn[1][:2]
    assert drawn[1] == drawn[2][:5]


def test_a_designated_resident_who_is_seated_is_not_drawn_again() -> None:
    village = ["a", "b", "c"]

    panel = draw_panel(["a", "b"], village, size=3, random_share=1 / 3, seed=0)

    assert Panel(designated=("a", "b"), random=("c",), share=1 / 3, seed=0) == panel


def test_the_seed_changes_the_draw() -> None:
    village = [f"h{i:02d}" for i in range(40)]

    seats = {draw_panel([], village, size=5, random_share=1, seed=s).random for s in range(5)}

    assert 5 == len(seats)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: loose.draw_panel("abc", ["h1"], size=1, random_share=1, seed=0), "designated"),
        (lambda: loose.draw_panel([], "h1", size=1, random_share=1, seed=0), "population"),
        (lambda: loose.draw_panel(["a", "a"], ["h1"], size=1, random_share=0, seed=0), "designated[1]"),
        (lambda: loose.draw_panel([], ["h1", "h1"], size=1, random_share=1, seed=0), "population[1]"),
        (lambda: loose.draw_panel([], ["h1", 2], size=1, random_share=1, seed=0), "population[1]"),
        (lambda: loose.draw_panel([], ["h1"], size=True, random_share=1, seed=0), "size"),
        (lambda: loose.draw_panel([], ["h1"], size=0, random_share=1, seed=0), "size"),
        (lambda: loose.draw_panel([], ["h1"], size=2, random_share=1, seed=0), "size"),
        (lambda: loose.draw_panel(["a"], ["h1"], size=3, random_share=0, seed=0), "size"),
        (lambda: loose.draw_panel([], ["h1"], size=1, random_share=1.5, seed=0), "random_share"),
        (lambda: loose.draw_panel([], ["h1"], size=1, random_share=float("nan"), seed=0), "random_share"),
        (lambda: loose.draw_panel([], ["h1"], size=1, random_share="1", seed=0), "random_share"),
        (lambda: loose.draw_panel([], ["h1"], size=1, random_share=1, seed=-1), "seed"),
        (lambda: loose.draw_panel([], ["h1"], size=1, random_share=1, seed=1.0), "seed"),
        # A bad share's type is named before a size too large for the population.
        (lambda: loose.draw_panel([], ["h1"], size=9, random_share=None, seed=0), "random_share"),
    ],
)
def test_bad_panel_requests_are_refused_by_name(call: Any, field: str) -> None:
    with pytest.raises(InvalidValue) as err:
        call()

    assert field == err.value.field


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"designated": ["a"], "random": ["a"], "share": 0.5}, "random"),
        ({"designated": ["a", "a"], "random": [], "share": 0.0}, "designated[1]"),
        ({"designated": [], "random": [], "share": 0.0}, "random"),
        ({"designated": ["a"], "random": ["b"], "share": 0.25}, "share"),
    ],
)
def test_a_panel_is_consistent(fields: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidValue) as err:
        Panel(seed=0, **fields)

    assert field == err.value.field


# --------------------------------------------------------------------------- stratified draws of evaluators


def test_draw_by_share_rounds_up_per_stratum() -> None:
    roster = [Resident(id=f"h{i}", village="V1" if i < 5 else "V2") for i in range(8)]
    d = draw_evaluators(roster, seed=1, share=0.4, strata=("village",))
    assert 4 == len(d.selected)  # ceil(0.4 × 5) + ceil(0.4 × 3)
    assert 2 == sum(s.startswith("h") and int(s[1:]) >= 5 for s in d.selected)


def test_a_tampered_draw_fails_verification() -> None:
    roster = [Resident(id=f"h{i}", village="V1") for i in range(10)]
    d = draw_evaluators(roster, seed=42, per_stratum=3)
    assert verify_draw(roster, 42, d)
    others = tuple(sorted({p.id for p in roster} - set(d.selected)))[:3]
    assert not verify_draw(roster, 42, attrs.evolve(d, selected=others))
    assert not verify_draw(roster[:-1], 42, d)
    assert not verify_draw(roster, 43, d)
    assert d != draw_evaluators(roster, seed=43, per_stratum=3)


def test_draw_arguments_are_checked() -> None:
    roster = [Resident(id="h1", village="V1")]
    with pytest.raises(InvalidValue, match="per_stratum"):
        draw_evaluators(roster, seed=1)
    with pytest.raises(InvalidValue, match="per_stratum"):
        draw_evaluators(roster, seed=1, per_stratum=1, share=0.5)
    with pytest.raises(InvalidValue, match="share"):
        draw_evaluators(roster, seed=1, share=0)
    with pytest.raises(InvalidValue, match="strata"):
        draw_evaluators(roster, seed=1, per_stratum=1, strata=("town",))
    with pytest.raises(InvalidValue, match="id"):
        draw_evaluators([*roster, *roster], seed=1, per_stratum=1)


def test_a_draw_round_trips() -> None:
    d = draw_evaluators([Resident(id=f"h{i}", village="V1") for i in range(5)], seed=3, share=0.5)
    assert d == serialization.structure(serialization.unstructure(d), type(d))


def rejects(message: str, call: object, *args: object, **kw: object) -> InvalidValue:
    """Call and expect an InvalidValue whose whole message is *message* (a regex)."""
    with pytest.raises(InvalidValue, match=f"^{message}$") as info:
        call(*args, **kw)  # type: ignore[operator]
    return info.value


# --------------------------------------------------------------------------- draws, in detail


def test_the_digest_seals_every_part_of_the_draw() -> None:
    """The published digest is sha256 of the format tag, the seed, the strata, the counts, the sorted
    roster and the selection; changing any of them changes it."""
    roster = [Resident(id=f"h{i}", village="V1", group=str(i % 2)) for i in range(6)]
    d = draw_evaluators(roster, seed=5, per_stratum=2)
    lines = sorted("\x1f".join((p.id, p.village, p.group)) for p in roster)
    head = "servicegov-draw/1\x1e5\x1evillage,group\x1e2\x1eNone"
    text = "\x1e".join((head, "\x1d".join(lines), "\x1d".join(d.selected)))
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == d.digest
    by_share = draw_evaluators(roster, seed=5, share=0.5, strata=("group",))
    head = "servicegov-draw/1\x1e5\x1egroup\x1eNone\x1e0.5"
    text = "\x1e".join((head, "\x1d".join(lines), "\x1d".join(by_share.selected)))
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == by_share.digest
    assert not verify_draw(roster, 5, attrs.evolve(d, digest="0" * 64))
    assert not verify_draw(roster, 5, attrs.evolve(d, per_stratum=3))
    assert not verify_draw(roster, 5, attrs.evolve(d, strata=("village",)))
    assert verify_draw(list(reversed(roster)), 5, by_share)
    moved = [attrs.evolve(p, group="9") if p.id == "h0" else p for p in roster]
    assert not verify_draw(moved, 5, d)


def test_draw_arguments_name_what_they_refuse() -> None:
    roster = [Resident(id="h1", village="V1"), Resident(id="h2", village="V1")]
    for seed in (-1, True):
        rejects(rf"'seed' must be a non-negative integer \(got {seed!r}\)", draw_evaluators, roster,
                seed=seed,
                per_stratum=1)
    assert ("h1", "h2") == draw_evaluators(roster, seed=0, per_stratum=2).selected
    err = rejects(r"'strata' must be fields among 'village', 'group' \(got \('village', 'town'\)\)",
                  draw_evaluators, roster, seed=1, per_stratum=1, strata=("village", "town"))
    assert "strata" == err.field
    rejects(r"'per_stratum' must be given when 'share' is not, and not both \(got None\)", draw_evaluators,
            roster, seed=1)
    rejects(r"'per_stratum' must be given when 'share' is not, and not both \(got 1\)", draw_evaluators,
            roster, seed=1, per_stratum=1, share=0.5)
    for k in (0, -2, True):
        rejects(rf"'per_stratum' must be an integer of at least 1 \(got {k!r}\)", draw_evaluators, roster,
                seed=1, per_stratum=k)
    for share in (0, -0.5, 1.5, 1 + 1e-9, True):
        rejects(rf"'share' must be a number in \(0, 1\] \(got {share!r}\)", draw_evaluators, roster, seed=1,
                share=share)
    assert ("h1", "h2") == draw_evaluators(roster, seed=1, share=1).selected
    assert 1 == len(draw_evaluators(roster, seed=1, share=0.01).selected)
    err = rejects(r"'roster\[1\]' must be a Resident \(got 'h2'\)", draw_evaluators, [roster[0], "h2"],
                  seed=1,
                  per_stratum=1)
    assert ("roster[1]", "h2") == (err.field, err.value)
    err = rejects(r"'roster\[2\]\.id' must be unique in the roster \(got 'h1'\)", draw_evaluators,
                  [*roster, Resident(id="h1", village="V2")], seed=1, per_stratum=1)
    assert ("roster[2].id", "h1") == (err.field, err.value)
