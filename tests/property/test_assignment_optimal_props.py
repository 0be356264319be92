"""Properties of `servicegov.assignment`: optimal values match dense, brute-force and batched peers."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicegov import assignment
from servicegov.assignment import optimal_assignment

from ..unit.assignment_cases import Caps, check_optimal, load, shuffled, total, weighted_instances


@given(weighted_instances())
def test_optimal_value_matches_dense_linear_sum_assignment(
    instance: tuple[dict[tuple[str, str], float], Caps],
) -> None:
    check_optimal(*instance)


@given(st.lists(weighted_instances(max_needs=4, max_claimants=3), max_size=6), st.integers(1, 5))
def test_optimal_value_matches_across_components_and_batches(
    parts: list[tuple[dict[tuple[str, str], float], Caps]], batch: int
) -> None:
    """Many small components, packed into batches of a few rows, still give the optimum."""
    weights: dict[tuple[str, str], float] = {}
    caps: Caps = {}
    for k, (w, c) in enumerate(parts):
        weights.update({(f"{n}.{k}", f"{d}.{k}"): x for (n, d), x in w.items()})
        caps.update({f"{d}.{k}": x for d, x in c.items()})
    original = assignment._BATCH_ROWS
    assignment._BATCH_ROWS = batch
    try:
        small = check_optimal(weights, caps)
    finally:
        assignment._BATCH_ROWS = original
    assert total(weights, small) == pytest.approx(total(weights, optimal_assignment(weights, caps)), abs=1e-9)


@given(weighted_instances(), st.integers(0, 2**32))
def test_optimal_results_do_not_depend_on_dict_order(
    instance: tuple[dict[tuple[str, str], float], Caps], seed: int
) -> None:
    weights, caps = instance
    first = optimal_assignment(weights, caps)

    assert list(first.items()) == list(optimal_assignment(weights, caps).items())
    assert list(first.items()) == list(
        optimal_assignment(shuffled(weights, seed), shuffled(caps, seed + 1)).items()
    )


@given(weighted_instances(max_needs=5, max_claimants=3, max_capacity=2))
def test_optimal_value_matches_brute_force(
    instance: tuple[dict[tuple[str, str], float], Caps],
) -> None:
    weights, caps = instance
    needs = sorted({n for n, _ in weights})
    options = [[None, *[c for (m, c) in weights if m == n]] for n in needs]
    best = 0.0
    for choice in itertools.product(*options):
        m = {n: c for n, c in zip(needs, choice, strict=True) if c is not None}
        if all(k <= caps[c] for c, k in load(m).items()):
            best = max(best, total(weights, m))
    assert best == pytest.approx(total(weights, optimal_assignment(weights, caps)), abs=1e-9)
