"""Properties of `servicegov.simulation`: Kendall tau with ties, rank intervals and the true assessment."""

from __future__ import annotations

import math
import statistics
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicegov.assessment import assess
from servicegov.simulation import World, kendall_tau, rank_intervals
from servicegov.simulation._experiments import AS_OF

tied_lists = st.integers(2, 40).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 5), min_size=n, max_size=n),
        st.lists(st.one_of(st.integers(0, 4), st.floats(-10, 10)), min_size=n, max_size=n),
    )
)


@given(tied_lists)
@settings(max_examples=300, deadline=None)
def test_kendall_tau_matches_scipy_with_ties(pair: tuple[list[int], list[float]]) -> None:
    scipy_stats = pytest.importorskip("scipy.stats")
    a, b = pair
    with warnings.catch_warnings():
        # SciPy warns about constant input, where τ is nan; that case is compared below.
        warnings.simplefilter("ignore")
        expected = float(scipy_stats.kendalltau(a, b).statistic)
    got = kendall_tau(a, b)
    if math.isnan(expected):
        assert math.isnan(got)
    else:
        assert abs(expected - got) <= 1e-12


@given(st.lists(st.lists(st.integers(1, 9), min_size=3, max_size=3), min_size=1, max_size=40))
@settings(max_examples=60, deadline=None)
def test_rank_intervals_match_numpy_percentiles(runs: list[list[int]]) -> None:
    np = pytest.importorskip("numpy")
    got = rank_intervals(runs, units=["a", "b", "c"])
    assert ["a", "b", "c"] == [r.unit for r in got]
    for j, r in enumerate(got):
        column = [run[j] for run in runs]
        low, med, high = np.percentile(column, [2.5, 50, 97.5])
        assert abs(low - r.low) < 1e-9
        assert abs(med - r.median) < 1e-9
        assert abs(high - r.high) < 1e-9
        assert abs(statistics.fmean(column) - r.mean) < 1e-9
        assert r.low <= r.median <= r.high


@settings(max_examples=10, deadline=None)
@given(units=st.integers(2, 12), truth_seed=st.integers(0, 2**32 - 1))
def test_the_true_assessment_ranks_the_true_scores_by_the_scheme(units: int, truth_seed: int) -> None:
    world = World(units=units, truth_seed=truth_seed)
    weights = {i.code: i.weight for i in world.scheme().indicators}
    expected = {u: sum(weights[c] * v for c, v in scores.items()) for u, scores in world.truth().items()}

    results = world.true_assessment().results

    assert [r.reviewee for r in results] == sorted(expected, key=lambda u: (-round(expected[u], 9), u))
    assert all(math.isclose(r.total, expected[r.reviewee], abs_tol=1e-6) for r in results)
    assert results == assess(world.scheme(), world.truth(), as_of=AS_OF, bands=world.bands).results
