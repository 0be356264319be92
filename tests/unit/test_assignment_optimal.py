"""Optimal assignments of `servicegov.assignment` (DOMAIN.md §5: claiming): examples, validation,
scipy's dense `linear_sum_assignment` and brute force as peers.
"""

import math
import random
import sys
from fractions import Fraction
from typing import Any

import numpy as np
import pytest

from servicegov import assignment
from servicegov.assignment import (
    greedy_assignment,
    optimal_assignment,
    stable_assignment,
)
from servicegov.errors import (
    InvalidValue,
    MissingExtra,
    ServicegovError,
    UnknownReference,
)

from .assignment_cases import (
    CONTRACT_CLAIMANTS,
    CONTRACT_NEEDS,
    CONTRACT_WEIGHTS,
    ONE_EACH,
    check_optimal,
    total,
)

# -- optimal: examples and validation -----------------------------------------


def test_contract_optimal_assignment_reaches_total_weight_8() -> None:
    result = optimal_assignment(CONTRACT_WEIGHTS, ONE_EACH)

    assert {"n1": "b", "n2": "a"} == result
    assert 8 == total(CONTRACT_WEIGHTS, result)


def test_more_capacity_lets_more_needs_in() -> None:
    result = optimal_assignment(CONTRACT_WEIGHTS, {"a": 2, "b": 1})
    assert {"n1": "a", "n2": "a", "n3": "b"} == result
    assert 10 == total(CONTRACT_WEIGHTS, result)


def test_pairs_that_cannot_raise_the_total_are_never_taken() -> None:
    weights = {("n1", "a"): -1.0, ("n2", "a"): 0.0, ("n3", "a"): 0.5, ("n4", "b"): 2}
    assert {"n3": "a"} == optimal_assignment(weights, {"a": 3, "b": 0})


def test_maximum_weight_is_not_maximum_cardinality() -> None:
    weights = {("n1", "a"): 10, ("n1", "b"): 1, ("n2", "a"): 1}
    assert {"n1": "a"} == optimal_assignment(weights, ONE_EACH)


def test_empty_weights_give_an_empty_assignment() -> None:
    assert {} == optimal_assignment({}, {})
    assert {} == optimal_assignment({}, {"a": 2})


def test_huge_and_tiny_weights_keep_their_order() -> None:
    assert {"n2": "a"} == optimal_assignment({("n1", "a"): 1e308, ("n2", "a"): 1.5e308}, {"a": 1})
    assert {"n2": "a"} == optimal_assignment({("n1", "a"): 1e-300, ("n2", "a"): 2e-300}, {"a": 1})
    assert {"n2": "a"} == optimal_assignment({("n1", "a"): 5e-324, ("n2", "a"): 1e-323}, {"a": 1})
    assert {"n1": "a", "n2": "b"} == optimal_assignment(
        {("n1", "a"): 5e-324, ("n2", "b"): 1.0, ("n3", "b"): 0.5}, ONE_EACH
    )
    weights = {("n1", "a"): 1.7e308, ("n1", "b"): 1.6e308, ("n2", "a"): 1.65e308, ("n3", "b"): 1.0}
    assert {"n1": "b", "n2": "a"} == optimal_assignment(weights, ONE_EACH)
    weights = {("n1", "a"): 3e-300, ("n1", "b"): 1e-300, ("n2", "a"): 1.0}
    assert {"n1": "b", "n2": "a"} == optimal_assignment(weights, ONE_EACH)


def test_weights_may_be_any_real_number() -> None:
    weights = {("n1", "a"): Fraction(1, 2), ("n2", "a"): np.float32(0.75), ("n3", "a"): 1}
    assert {"n3": "a"} == optimal_assignment(weights, {"a": 1})


def test_result_lists_needs_in_sorted_order() -> None:
    weights = {("z", "a"): 1, ("x", "a"): 1, ("y", "b"): 1}
    assert ["x", "y", "z"] == list(optimal_assignment(weights, {"a": 2, "b": 1}))


def test_unsortable_ids_still_solve() -> None:
    weights: dict[tuple[Any, Any], float] = {(1, "a"): 2, ("n", "a"): 3, ("n", 2): 2}
    result = optimal_assignment(weights, {"a": 1, 2: 1})
    assert [(1, "a"), ("n", 2)] == list(result.items())


@pytest.mark.parametrize(
    ("weights", "caps", "error", "field"),
    [
        ({("n1", "a"): 1}, {"a": -1}, InvalidValue, "capacities['a']"),
        ({("n1", "x"): 1}, {"a": 1}, UnknownReference, "weights[('n1', 'x')]"),
        ({("n1", "a"): float("nan")}, {"a": 1}, InvalidValue, "weights[('n1', 'a')]"),
        ({("n1", "a"): 1, ("n2", "a"): float("inf")}, {"a": 1}, InvalidValue, "weights[('n2', 'a')]"),
        (
            {("n0", "a"): sys.float_info.max, ("n1", "a"): -sys.float_info.max, ("n2", "a"): -math.inf},
            {"a": 1},
            InvalidValue,
            "weights[('n2', 'a')]",
        ),
        ({("n1", "a"): "3"}, {"a": 1}, InvalidValue, "weights[('n1', 'a')]"),
        ({("n1", "a"): 1, ("n2", "a"): 10**400}, {"a": 1}, InvalidValue, "weights[('n2', 'a')]"),
        ({("n1", "a"): 1, ("n2", "a"): -(10**400)}, {"a": 1}, InvalidValue, "weights[('n2', 'a')]"),
        ({("n1", "a"): None}, {"a": 1}, InvalidValue, "weights[('n1', 'a')]"),
        ({("n1", "a"): True}, {"a": 1}, InvalidValue, "weights[('n1', 'a')]"),
        ({"n1": 1}, {"a": 1}, InvalidValue, "weights"),
        ({("n1", "a", "x"): 1}, {"a": 1}, InvalidValue, "weights"),
        ({("n1", "a"): 1, "ab": 1}, {"a": 1}, InvalidValue, "weights"),
    ],
)
def test_optimal_rejects_bad_input_naming_the_field(
    weights: Any, caps: Any, error: type[ServicegovError], field: str
) -> None:
    with pytest.raises(error) as info:
        optimal_assignment(weights, caps)

    assert field == info.value.field


def test_an_unknown_claimant_message_names_the_pair() -> None:
    with pytest.raises(
        UnknownReference,
        match=r"^'weights\[\('n1', 'x'\)\]' must be a pair whose claimant is named in "
        r"'capacities' \(got 'x'\)$",
    ):
        optimal_assignment({("n1", "a"): 1, ("n1", "x"): 1}, {"a": 1})


@pytest.mark.parametrize(
    ("hidden", "package"),
    [(("scipy", "scipy.sparse", "scipy.sparse.csgraph"), "scipy"), (("numpy",), "numpy")],
)
def test_optimal_needs_the_optimal_extra(
    monkeypatch: pytest.MonkeyPatch, hidden: tuple[str, ...], package: str
) -> None:
    for name in hidden:
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(MissingExtra) as info:
        optimal_assignment(CONTRACT_WEIGHTS, ONE_EACH)

    assert "optimal" == info.value.field
    assert package == info.value.value
    assert "pip install 'servicegov[optimal]'" in str(info.value)


def test_the_core_functions_do_not_import_numpy_or_scipy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("numpy", "scipy", "scipy.sparse", "scipy.sparse.csgraph"):
        monkeypatch.setitem(sys.modules, name, None)
    assert {"n1": "a", "n2": "b"} == stable_assignment(CONTRACT_NEEDS, CONTRACT_CLAIMANTS, ONE_EACH)
    assert {"n1": "a"} == greedy_assignment(CONTRACT_NEEDS, {"a": 1, "b": 0})


# -- optimal: peers and properties ---------------------------------------------


@pytest.mark.parametrize(
    ("ends", "n_rows", "limit", "cuts"),
    [
        ([3, 5, 9], 12, 5, [0, 5, 9, 12]),
        ([3, 5, 9], 12, 4, [0, 3, 5, 9, 12]),
        ([3, 5, 9], 12, 12, [0, 12]),
        ([3, 5, 9], 12, 11, [0, 9, 12]),
        ([10], 12, 4, [0, 10, 12]),
        ([2], 12, 4, [0, 2, 12]),
        ([], 5, 4, [0, 5]),
        ([], 5, 5, [0, 5]),
    ],
)
def test_batches_hold_whole_components_up_to_the_limit(
    ends: list[int], n_rows: int, limit: int, cuts: list[int]
) -> None:
    assert cuts == assignment._batch_cuts(ends, n_rows, limit)


def test_a_village_sized_component_matches_the_dense_optimum() -> None:
    rng = random.Random(7)
    claimants = [f"c{j}" for j in range(12)]
    caps = {c: rng.randint(0, 4) for c in claimants}
    weights = {
        (f"n{i}", c): round(rng.uniform(-1, 10), 3) for i in range(60) for c in rng.sample(claimants, 4)
    }
    check_optimal(weights, caps)
