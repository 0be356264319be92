"""Properties of `servicegov.scoring`: trimmed means, satisfaction rates, self-reviews, generated models."""

from __future__ import annotations

import random

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicegov import serialization, strategies
from servicegov.errors import RuleViolation
from servicegov.scoring import (
    DEFAULT_RULE,
    ReviewChannel,
    Satisfaction,
    check_reviews,
    satisfaction_rate,
    score,
    trimmed_mean,
)

from ..unit.scoring_cases import END, ballot, commitment


@given(st.lists(st.floats(0, 100), min_size=1, max_size=30), st.integers(0, 10), st.randoms())
def test_trimmed_mean_is_between_min_and_max_and_order_free(
    xs: list[float], above: int, rnd: random.Random
) -> None:
    m = trimmed_mean(xs, above=above, trim=min(1, above // 2))
    assert min(xs) <= m <= max(xs)
    shuffled = list(xs)
    rnd.shuffle(shuffled)
    assert m == trimmed_mean(shuffled, above=above, trim=min(1, above // 2))


@given(st.lists(st.sampled_from(list(Satisfaction)), min_size=1), st.floats(0, 1), st.floats(0, 1))
def test_satisfaction_rate_is_monotone_in_the_basic_weight(
    ratings: list[Satisfaction], w1: float, w2: float
) -> None:
    lo, hi = sorted((w1, w2))
    assert satisfaction_rate(ratings, basic_weight=lo) <= satisfaction_rate(ratings, basic_weight=hi)
    assert 0.0 <= satisfaction_rate(ratings, basic_weight=lo) <= 1.0


people = st.sampled_from(["m1", "m2", "m3", "m4"])


@given(st.lists(st.tuples(people, people, st.sampled_from(list(ReviewChannel))), min_size=1, max_size=12))
def test_any_self_review_is_rejected(triples: list[tuple[str, str, ReviewChannel]]) -> None:
    ballots = [ballot(a, ch, reviewee=b) for a, b, ch in triples]
    if any(a == b for a, b, _ in triples):
        with pytest.raises(RuleViolation, match="no-self-review"):
            check_reviews(ballots, commitments=[])
    else:
        check_reviews(ballots, commitments=[])
    if any(a == "m1" == b for a, b, _ in triples):
        with pytest.raises(RuleViolation):
            score(commitment(), ballots, DEFAULT_RULE, as_of=END, fulfilment={})


@given(
    st.one_of(
        strategies.commitments(),
        strategies.reviews(),
        strategies.scoring_rules(),
        strategies.indicators(),
        strategies.assessment_schemes(),
        strategies.bands(),
        strategies.scores(),
        strategies.channel_scores(),
        strategies.invalid_ballots(),
        strategies.assessments(),
        strategies.assessment_results(),
        strategies.projects(),
        strategies.stage_entries(),
        strategies.panel_rules(),
        strategies.project_scores(),
        strategies.selections(),
        strategies.decisions(),
        strategies.statements(),
    )
)
def test_generated_models_are_valid_and_round_trip(model: object) -> None:
    attrs.validate(model)  # type: ignore[arg-type]
    assert model == serialization.structure(serialization.unstructure(model), type(model))
