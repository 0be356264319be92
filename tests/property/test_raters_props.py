"""Properties of `servicegov.simulation`: simulated ratings stay within 0 and 100 and follow their seed."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from servicegov.simulation import Leniency, Noise, RaterModel

from ..unit.raters_cases import ALL_EFFECTS, RATERS, TRUTH, cells


@given(seed=st.integers(0, 2**32), effects=st.lists(st.sampled_from(ALL_EFFECTS), max_size=6))
@settings(max_examples=60, deadline=None)
def test_ratings_stay_within_0_and_100(seed: int, effects: list[Any]) -> None:
    model = RaterModel(effects=[Noise(sd=40.0), Leniency(bias=30.0, spread=30.0), *effects])
    r = model.rate(TRUTH, RATERS, random.Random(seed))
    values = cells(r)
    assert values
    assert all(0.0 <= v <= 100.0 for v in values)


@given(seed=st.integers(0, 2**32))
@settings(max_examples=20, deadline=None)
def test_same_seed_same_ratings_and_a_different_seed_differs(seed: int) -> None:
    model = RaterModel(effects=ALL_EFFECTS)
    first = model.rate(TRUTH, RATERS, random.Random(seed))
    assert first == model.rate(TRUTH, RATERS, random.Random(seed))
    assert first != model.rate(TRUTH, RATERS, random.Random(seed + 1))
