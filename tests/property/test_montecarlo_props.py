"""Properties of `servicegov.simulation`: Monte Carlo seeds, chunk sizes and summaries."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicegov.simulation._montecarlo import monte_carlo, replication_seeds, summarise

from ..unit.montecarlo_cases import seed_and_mean


@given(seed=st.integers(-(2**70), 2**70), n=st.integers(0, 50))
def test_replication_seeds_are_distinct_63_bit_integers(seed: int, n: int) -> None:
    seeds = replication_seeds(seed, n)
    assert n == len(set(seeds))
    assert all(0 <= s < 2**63 for s in seeds)


@given(chunksize=st.integers(1, 30), n=st.integers(0, 30), seed=st.integers(-(10**6), 10**6))
def test_seeds_and_runs_do_not_depend_on_chunksize(chunksize: int, n: int, seed: int) -> None:
    with ThreadPoolExecutor(2) as pool:
        result = monte_carlo(seed_and_mean, n, seed=seed, executor=pool, chunksize=chunksize)
    assert replication_seeds(seed, n) == result.seeds
    assert tuple(r[0] for r in result.runs) == result.seeds


@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=60))
def test_summary_is_ordered_and_matches_numpy(values: list[float]) -> None:
    np = pytest.importorskip("numpy")
    s = summarise(values)
    assert s.min <= s.p2_5 <= s.p50 <= s.p97_5 <= s.max
    expected = np.percentile(values, [2.5, 50, 97.5])
    assert all(
        abs(a - b) <= 1e-9 * (1 + abs(b)) for a, b in zip((s.p2_5, s.p50, s.p97_5), expected, strict=True)
    )
    assert abs(float(np.mean(values)) - s.mean) <= 1e-9 * (1 + abs(s.mean))
    if len(values) > 1:
        assert abs(float(np.std(values, ddof=1)) - s.sd) <= 1e-6 * (1 + s.sd)
