"""Properties of `servicegov.surveys`: Wilson intervals, the forms a margin needs, panel draws from a seed."""

from __future__ import annotations

import hashlib
import math
import random
from fractions import Fraction
from statistics import NormalDist
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportion_confint  # type: ignore[import-untyped]

from servicegov import serialization, strategies
from servicegov.scoring import Satisfaction, satisfaction_rate
from servicegov.surveys import (
    Resident,
    draw_evaluators,
    draw_panel,
    forms_needed,
    satisfaction_interval,
    verify_draw,
    wilson_interval,
)


def z(confidence: float) -> float:
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def margin_achieved(
    n: int, *, confidence: float = 0.95, p: float = 0.5, population: int | None = None
) -> float:
    """The half-width of the normal interval of a share from *n* forms (finite-population corrected)."""
    if n == 0:
        return math.inf
    if population is not None and n >= population:
        return 0.0  # a census has no sampling error
    fpc = 1.0 if population is None else (population - n) / (population - 1)
    return z(confidence) * math.sqrt(p * (1 - p) / n * fpc)


counts_and_confidence = st.integers(1, 2000).flatmap(
    lambda n: st.tuples(st.integers(0, n), st.just(n), st.floats(0.5, 0.999))
)


@given(counts_and_confidence)
def test_the_wilson_interval_is_the_one_statsmodels_computes(case: tuple[int, int, float]) -> None:
    successes, n, confidence = case
    expected = proportion_confint(successes, n, alpha=1 - confidence, method="wilson")

    actual = wilson_interval(successes, n, confidence=confidence)

    assert pytest.approx(tuple(float(x) for x in expected), abs=1e-9) == actual


@given(counts_and_confidence)
def test_the_wilson_interval_holds_the_observed_share_within_zero_and_one(
    case: tuple[int, int, float],
) -> None:
    successes, n, confidence = case

    low, high = wilson_interval(successes, n, confidence=confidence)

    assert 0.0 <= low <= successes / n <= high <= 1.0


ballots = st.lists(st.sampled_from(list(Satisfaction)), min_size=1, max_size=80)


@given(ballots, st.floats(0, 1), st.floats(0.5, 0.999))
def test_the_interval_is_around_the_rate_the_scoring_module_computes(
    ratings: list[Satisfaction], basic_weight: float, confidence: float
) -> None:
    actual = satisfaction_interval(ratings, basic_weight=basic_weight, confidence=confidence)

    assert satisfaction_rate(ratings, basic_weight=basic_weight) == actual.rate
    assert len(ratings) == actual.n
    assert confidence == actual.confidence
    assert 0.0 <= actual.low <= actual.rate <= actual.high <= 1.0


@given(
    st.floats(0.005, 0.5),
    st.floats(0.5, 0.999),
    st.none() | st.integers(1, 100_000),
)
def test_the_forms_needed_are_the_fewest_that_achieve_the_margin(
    margin: float, confidence: float, population: int | None
) -> None:
    n = forms_needed(margin, confidence=confidence, population=population)

    assert 1 <= n
    assert population is None or n <= population
    assert margin_achieved(n, confidence=confidence, population=population) <= margin * (1 + 1e-9)
    if n > 1:
        assert margin_achieved(n - 1, confidence=confidence, population=population) > margin * (1 - 1e-9)


@given(st.floats(0.01, 0.3), st.floats(0.01, 0.99))
def test_an_even_split_is_the_safe_guess(margin: float, expected: float) -> None:
    assert forms_needed(margin, expected=expected) <= forms_needed(margin)


@st.composite
def panel_requests(draw: st.DrawFn) -> dict[str, Any]:
    population = [f"h{i:03d}" for i in range(draw(st.integers(1, 60)))]
    designated = [f"f{i}" for i in range(draw(st.integers(0, 15)))]
    share = draw(st.sampled_from([0.0, 0.1, 0.25, 1 / 3, 0.5, 0.75, 1.0]) | st.floats(0, 1))
    sizes = [
        s
        for s in range(1, len(population) + len(designated) + 1)
        if s - round(share * s) <= len(designated) and round(share * s) <= len(population)
    ]
    if not sizes:
        share, sizes = 1.0, [1]
    return {
        "designated": designated,
        "population": population,
        "size": draw(st.sampled_from(sizes)),
        "random_share": share,
        "seed": draw(st.integers(0, 2**32)),
    }


@given(panel_requests())
def test_a_panel_has_the_size_asked_and_exactly_the_rounded_share_drawn_at_random(
    request: dict[str, Any],
) -> None:
    panel = draw_panel(**request)
    size = request["size"]

    assert size == panel.size == len(panel.members)
    assert round(request["random_share"] * size) == len(panel.random)
    assert len(panel.random) / size == panel.share
    assert tuple(request["designated"][: size - len(panel.random)]) == panel.designated


@given(panel_requests())
def test_the_random_seats_come_from_the_population_and_never_repeat_a_designated_one(
    request: dict[str, Any],
) -> None:
    panel = draw_panel(**request)

    assert set(panel.random) <= set(request["population"])
    assert not set(panel.random) & set(panel.designated)
    assert len(set(panel.members)) == len(panel.members)


@given(panel_requests(), st.randoms(use_true_random=False))
def test_the_draw_depends_on_the_seed_not_on_the_populations_order(
    request: dict[str, Any], rng: random.Random
) -> None:
    shuffled = list(request["population"])
    rng.shuffle(shuffled)

    assert draw_panel(**request) == draw_panel(**request)
    assert draw_panel(**request) == draw_panel(**{**request, "population": shuffled})


residents = st.lists(
    st.builds(
        Resident,
        id=st.text("abcdefgh", min_size=1, max_size=4),
        village=st.sampled_from(["V1", "V2"]),
        group=st.sampled_from(["", "1", "2"]),
    ),
    unique_by=lambda p: p.id,
    max_size=25,
)


@given(residents, st.integers(0, 10**6), st.integers(1, 4), st.randoms())
def test_draw_is_reproducible_and_independent_of_roster_order(
    roster: list[Resident], seed: int, k: int, rnd: random.Random
) -> None:
    d = draw_evaluators(roster, seed=seed, per_stratum=k)
    shuffled = list(roster)
    rnd.shuffle(shuffled)
    assert d == draw_evaluators(shuffled, seed=seed, per_stratum=k)
    assert verify_draw(shuffled, seed, d)
    strata: dict[tuple[str, str], int] = {}
    for p in roster:
        strata[(p.village, p.group)] = strata.get((p.village, p.group), 0) + 1
    assert sum(min(k, n) for n in strata.values()) == len(d.selected)


@given(st.one_of(strategies.residents(), strategies.draws()))
def test_generated_rosters_and_draws_are_valid_and_round_trip(model: object) -> None:
    attrs.validate(model)  # type: ignore[arg-type]
    assert model == serialization.structure(serialization.unstructure(model), type(model))


def rederived(roster: list[Resident], seed: int, strata: tuple[str, ...], k_of: object) -> tuple[str, ...]:
    """The draw as anyone re-derives it from the published seed (draw format 1): in each stratum,
    residents in order of sha256 of the seed, the stratum's values and the id, joined by U+001F."""
    groups: dict[tuple[str, ...], list[Resident]] = {}
    for p in roster:
        groups.setdefault(tuple(getattr(p, f) for f in strata), []).append(p)
    chosen = []
    for stratum, members in groups.items():
        def place(p: Resident, stratum: tuple[str, ...] = stratum) -> tuple[str, str]:
            text = "\x1f".join((str(seed), *stratum, p.id))
            return hashlib.sha256(text.encode("utf-8")).hexdigest(), p.id
        k = k_of(len(members))  # type: ignore[operator]
        chosen += [p.id for p in sorted(members, key=place)[:k]]
    return tuple(sorted(chosen))


@given(residents, st.integers(0, 10**6), st.integers(1, 4),
       st.sampled_from([("village", "group"), ("village",), ("group",), ()]))
def test_a_draw_is_what_anyone_rederives_from_the_seed(
    roster: list[Resident], seed: int, k: int, strata: tuple[str, ...]
) -> None:
    d = draw_evaluators(roster, seed=seed, per_stratum=k, strata=strata)
    assert rederived(roster, seed, strata, lambda n: k) == d.selected
    assert (seed, strata, k, None) == (d.seed, d.strata, d.per_stratum, d.share)


@given(residents, st.integers(0, 10**6), st.sampled_from([0.1, 0.3, 0.5, 0.7, 0.9, 1.0]))
def test_a_draw_by_share_takes_the_share_rounded_up(roster: list[Resident], seed: int, share: float) -> None:
    d = draw_evaluators(roster, seed=seed, share=share)
    # ceil of share × size, where share × size is taken as the decimal it stands for (0.7 × 10 is 7).
    expected = rederived(roster, seed, ("village", "group"),
                         lambda n: math.ceil(Fraction(str(share)) * n))
    assert expected == d.selected
    assert (None, share) == (d.per_stratum, d.share)
