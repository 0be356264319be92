"""Tests for `servicegov.assignment` (DOMAIN.md §5: claiming): the greedy assignment, the module's
surface and its rejections; stable and optimal matchings have files of their own.
"""

import math
import sys
from fractions import Fraction
from typing import Any

import numpy as np
import pytest

from servicegov import assignment
from servicegov.assignment import (
    blocking_pairs,
    greedy_assignment,
    optimal_assignment,
    stable_assignment,
)
from servicegov.errors import (
    DuplicateId,
    InvalidValue,
    ServicegovError,
    UnknownReference,
)

from .assignment_cases import (
    CONTRACT_CLAIMANTS,
    CONTRACT_NEEDS,
    CONTRACT_WEIGHTS,
    ONE_EACH,
)

# -- greedy --------------------------------------------------------------------


def test_greedy_serves_the_most_urgent_need_first() -> None:
    candidates = {"n1": ["a", "b"], "n2": ["a"], "n3": ["a", "b"]}
    result = greedy_assignment(candidates, ONE_EACH, priority={"n1": 1, "n2": 5, "n3": 1, "other": 9})

    assert {"n2": "a", "n1": "b"} == result
    assert ["n2", "n1"] == list(result)


def test_greedy_breaks_ties_by_need_id() -> None:
    candidates = {"n3": ["a"], "n1": ["a"], "n2": ["a"]}
    assert {"n1": "a"} == greedy_assignment(candidates, {"a": 1}, priority=dict.fromkeys(candidates, 2.5))
    assert {"n1": "a", "n2": "a"} == greedy_assignment(candidates, {"a": 2})


def test_greedy_keeps_the_given_order_when_ids_do_not_sort() -> None:
    candidates: dict[Any, list[str]] = {2: ["a"], "one": ["a"]}
    assert {2: "a"} == greedy_assignment(candidates, {"a": 1})
    assert {"one": "a"} == greedy_assignment(candidates, {"a": 1}, priority={2: 0, "one": 1})


def test_greedy_takes_the_best_fitting_claimant_with_room() -> None:
    candidates = {"n1": ["a", "b", "c"], "n2": ["a", "b", "c"], "n3": ["a", "b", "c"]}
    result = greedy_assignment(candidates, {"a": 1, "b": 0, "c": 2}, priority={"n1": 3, "n2": 2, "n3": 1})
    assert {"n1": "a", "n2": "c", "n3": "c"} == result


def test_greedy_priority_may_be_any_real_number() -> None:
    candidates = {"n1": ["a"], "n2": ["a"]}
    priority = {"n1": Fraction(1, 3), "n2": np.float64(0.5)}
    assert {"n2": "a"} == greedy_assignment(candidates, {"a": 1}, priority=priority)


@pytest.mark.parametrize(
    ("candidates", "caps", "priority", "error", "field"),
    [
        ({"n1": ["a"]}, {"a": -2}, None, InvalidValue, "capacities['a']"),
        ({"n1": ["x"]}, {"a": 1}, None, UnknownReference, "candidates['n1'][0]"),
        ({"n1": ["a", "a"]}, {"a": 1}, None, DuplicateId, "candidates['n1'][1]"),
        ({"n1": "a"}, {"a": 1}, None, InvalidValue, "candidates['n1']"),
        ({"n1": ["a"]}, {"a": 1}, {}, UnknownReference, "priority['n1']"),
        ({"n1": ["a"]}, {"a": 1}, {"n1": float("nan")}, InvalidValue, "priority['n1']"),
        ({"n1": ["a"]}, {"a": 1}, {"n1": "high"}, InvalidValue, "priority['n1']"),
        ({"n1": ["a"]}, {"a": 1}, {"n1": True}, InvalidValue, "priority['n1']"),
    ],
)
def test_greedy_rejects_bad_input_naming_the_field(
    candidates: Any, caps: Any, priority: Any, error: type[ServicegovError], field: str
) -> None:
    with pytest.raises(error) as info:
        greedy_assignment(candidates, caps, priority=priority)

    assert field == info.value.field


# -- module surface ------------------------------------------------------------


def test_dir_lists_the_public_names() -> None:
    assert sorted(assignment.__all__) == assignment.__all__
    assert assignment.__all__ == dir(assignment)


def test_every_solver_returns_a_plain_dict() -> None:
    results: list[object] = [
        stable_assignment(CONTRACT_NEEDS, CONTRACT_CLAIMANTS, ONE_EACH),
        greedy_assignment(CONTRACT_NEEDS, ONE_EACH),
        optimal_assignment(CONTRACT_WEIGHTS, ONE_EACH),
    ]
    assert [dict, dict, dict] == [type(r) for r in results]


_PREFS: dict[str, Any] = {"n1": ["a"], "n2": ["a", "b"]}
_CLAIMANTS: dict[str, Any] = {"a": ["n1", "n2"], "b": ["n2"]}


class TestRejectionsNameFieldValueAndWhatIsAllowed:
    """The house formula (errors.py): field, offending value and what is allowed."""

    @pytest.mark.parametrize(
        ("call", "field", "value", "allowed"),
        [
            (
                lambda: stable_assignment({**_PREFS, "n2": "ab"}, _CLAIMANTS, {"a": 1, "b": 1}),
                "need_prefs['n2']",
                "ab",
                "a sequence of claimant ids (a list or tuple)",
            ),
            (
                lambda: stable_assignment(_PREFS, {**_CLAIMANTS, "b": "n2"}, {"a": 1, "b": 1}),
                "claimant_prefs['b']",
                "n2",
                "a sequence of need ids (a list or tuple)",
            ),
            (
                lambda: stable_assignment(_PREFS, _CLAIMANTS, {"a": 1}),
                "capacities['b']",
                "b",
                "an entry for every claimant",
            ),
            (
                lambda: blocking_pairs({"n1": "z"}, _PREFS, _CLAIMANTS, {"a": 1, "b": 1}),
                "matching['n1']",
                "z",
                "a claimant named in 'capacities'",
            ),
            (
                lambda: blocking_pairs({"n1": "a", "n2": "a"}, _PREFS, _CLAIMANTS, {"a": 1, "b": 1}),
                "matching",
                "2 needs for 'a'",
                "at most capacities['a'] = 1 needs per claimant",
            ),
            (
                lambda: greedy_assignment({"n1": "a"}, {"a": 1}),
                "candidates['n1']",
                "a",
                "a sequence of claimant ids (a list or tuple)",
            ),
            (
                lambda: greedy_assignment(_PREFS, {"a": 1, "b": 1}, priority={"n1": 1}),
                "priority['n2']",
                None,
                "given for every need in 'candidates'",
            ),
            (
                lambda: greedy_assignment(_PREFS, {"a": 1, "b": 1}, priority={"n1": 1, "n2": "high"}),  # type: ignore[dict-item]
                "priority['n2']",
                "high",
                "a real number, not NaN",
            ),
            (
                lambda: optimal_assignment({("n1", "a"): 1.0, ("n2", "a", "x"): 2.0}, {"a": 1}),  # type: ignore[arg-type]
                "weights",
                ("n2", "a", "x"),
                "keyed by (need, claimant) pairs",
            ),
            (
                lambda: optimal_assignment({("n1", "a"): 1.0, ("n2", "a"): "2"}, {"a": 1}),  # type: ignore[dict-item]
                "weights[('n2', 'a')]",
                "2",
                "a real number",
            ),
            (
                lambda: optimal_assignment({("n1", "a"): 1.0, ("n2", "a"): 10**400}, {"a": 1}),
                "weights[('n2', 'a')]",
                10**400,
                "a finite number",
            ),
            (
                lambda: optimal_assignment({("n1", "a"): 1.0, ("n2", "a"): math.inf}, {"a": 1}),
                "weights[('n2', 'a')]",
                math.inf,
                "a finite number",
            ),
        ],
    )
    def test_each_rejection(self, call: Any, field: str, value: object, allowed: str) -> None:
        with pytest.raises(ServicegovError) as info:
            call()

        assert (field, value, allowed) == (info.value.field, info.value.value, info.value.allowed)


def test_weights_near_the_largest_float_are_scaled_not_lost() -> None:
    big = sys.float_info.max
    weights = {("n1", "a"): big, ("n1", "b"): big / 2, ("n2", "a"): big / 2, ("n2", "b"): big / 8}

    assert {"n1": "a", "n2": "b"} == optimal_assignment(weights, {"a": 1, "b": 1})
