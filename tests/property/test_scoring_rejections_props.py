"""Properties of `servicegov.scoring`: channel weights, trimmed means, rates and the order of ballots."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicegov.errors import InvalidValue
from servicegov.scoring import (
    DEFAULT_RULE,
    ReviewChannel,
    Satisfaction,
    satisfaction_rate,
    score,
    trimmed_mean,
)

from ..unit.scoring_cases import END, ORG, RES, B, D, S, ballot, commitment, rule


@given(st.permutations([(ORG, 0.25), (RES, 0.5), (ReviewChannel.COMMUNITY, 0.25)]))
def test_channel_weights_are_the_same_however_given(pairs: list[tuple[ReviewChannel, float]]) -> None:
    r = rule(channel_weights=pairs)
    assert r == rule(channel_weights=dict(pairs))
    assert [(ReviewChannel.COMMUNITY, 0.25), (ORG, 0.25), (RES, 0.5)] == list(r.channel_weights)
    assert (0.25, 0.5, 0.25, 0.0) == (r.weight(ORG), r.weight(RES), r.weight(ReviewChannel.COMMUNITY),
                                      r.weight(ReviewChannel.HOME_UNIT))


@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=20), st.integers(0, 12), st.integers(0, 6))
def test_trimmed_mean_is_the_mean_of_what_is_kept(xs: list[float], above: int, trim: int) -> None:
    if above < 2 * trim:
        with pytest.raises(InvalidValue,
                           match=rf"^'trim' must be a count from 0 to half of 'above' \({above}\)"):
            trimmed_mean(xs, above=above, trim=trim)
        return
    kept = sorted(xs)
    if len(xs) > above and trim:
        kept = kept[trim : len(kept) - trim]
    expected = math.fsum(kept) / len(kept)
    m = trimmed_mean(xs, above=above, trim=trim)
    assert expected == pytest.approx(m, rel=1e-12, abs=1e-9)
    assert kept[0] <= m <= kept[-1]


@given(st.lists(st.sampled_from(list(Satisfaction)), min_size=1, max_size=30), st.floats(0, 1))
def test_satisfaction_rate_is_the_weighted_share(ratings: list[Satisfaction], w: float) -> None:
    good = ratings.count(S) + w * ratings.count(B)
    assert good / len(ratings) == pytest.approx(satisfaction_rate(ratings, basic_weight=w), rel=1e-12,
                                                abs=1e-15)
    # A one-shot iterator counts the same.
    assert satisfaction_rate(ratings, basic_weight=w) == satisfaction_rate(iter(ratings), basic_weight=w)


@given(st.lists(st.integers(0, 100), min_size=3, max_size=9), st.lists(st.sampled_from([S, B, D]), min_size=3,
       max_size=9), st.randoms())
def test_the_total_does_not_depend_on_the_order_of_ballots(
    org: list[int], res: list[Satisfaction], rnd: random.Random
) -> None:
    ballots = [ballot(f"o{i}", value=v) for i, v in enumerate(org)]
    ballots += [ballot(f"r{i}", RES, value=v) for i, v in enumerate(res)]
    s = score(commitment(), ballots, DEFAULT_RULE, as_of=END, fulfilment={"N1": 1})
    rnd.shuffle(ballots)
    again = score(commitment(), ballots, DEFAULT_RULE, as_of=END, fulfilment={"N1": 1})
    assert s.total == again.total
    assert s.total is not None
    rate = (res.count(S) + 0.5 * res.count(B)) / len(res)
    kept = sorted(org)[1:-1] if len(org) > 5 else org
    expected = 100 * 0.4 * 0.25 + 0.6 * (0.6 * 100 * rate + 0.4 * math.fsum(kept) / len(kept))
    assert expected == pytest.approx(s.total, abs=1e-8)
