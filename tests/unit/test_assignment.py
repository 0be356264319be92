"""Tests for `servicegov.assignment` (DOMAIN.md §5: claiming).

Peers: the `matching` package for stable matchings, scipy's dense
`linear_sum_assignment` for the optimum value, and brute force on tiny instances.
"""

from __future__ import annotations

import itertools
import math
import random
import sys
import warnings
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matching.games import HospitalResident
from scipy.optimize import linear_sum_assignment

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
    MissingExtra,
    ServicegovError,
    UnknownReference,
)

Prefs = dict[str, list[str]]
Caps = dict[str, int]

CONTRACT_NEEDS: Prefs = {"n1": ["a", "b"], "n2": ["b", "a"]}
CONTRACT_CLAIMANTS: Prefs = {"a": ["n2", "n1"], "b": ["n1", "n2"]}
ONE_EACH: Caps = {"a": 1, "b": 1}
CONTRACT_WEIGHTS: dict[tuple[str, str], float] = {
    ("n1", "a"): 5,
    ("n1", "b"): 4,
    ("n2", "a"): 4,
    ("n3", "b"): 1,
}

# The README example of the `matching` package (residents A, S, D, J, L;
# hospitals M, C, G with two places each) and its published result.
README_RESIDENTS: Prefs = {
    "A": ["C"],
    "S": ["C", "M"],
    "D": ["C", "M", "G"],
    "J": ["C", "G", "M"],
    "L": ["M", "C", "G"],
}
README_HOSPITALS: Prefs = {
    "M": ["D", "L", "S", "J"],
    "C": ["D", "A", "S", "L", "J"],
    "G": ["D", "J", "L"],
}
README_CAPS: Caps = {"M": 2, "C": 2, "G": 2}

# Gale and Shapley (1962), example 2: three stable matchings, men's first
# choices, women's first choices, and everyone's second choice.
GS_MEN: Prefs = {"alpha": ["A", "B", "C"], "beta": ["B", "C", "A"], "gamma": ["C", "A", "B"]}
GS_WOMEN: Prefs = {
    "A": ["beta", "gamma", "alpha"],
    "B": ["gamma", "alpha", "beta"],
    "C": ["alpha", "beta", "gamma"],
}
GS_CAPS: Caps = {"A": 1, "B": 1, "C": 1}


# -- instances -----------------------------------------------------------------


@st.composite
def hr_instances(
    draw: st.DrawFn, *, max_needs: int = 7, max_claimants: int = 5, max_capacity: int = 3
) -> tuple[Prefs, Prefs, Caps]:
    """Preferences with unilateral entries, empty lists and zero capacities."""
    needs = [f"n{i}" for i in range(draw(st.integers(0, max_needs)))]
    claimants = [f"c{j}" for j in range(draw(st.integers(1, max_claimants)))]
    caps = {c: draw(st.integers(0, max_capacity)) for c in claimants}
    need_prefs: Prefs = {}
    for n in needs:
        ranked = draw(st.permutations(claimants))
        need_prefs[n] = ranked[: draw(st.integers(0, len(ranked)))]
    # Claimants rank most of the needs that listed them, and some that did not;
    # a few have no preference list at all.
    claimant_prefs: Prefs = {}
    for c in claimants:
        if not draw(st.integers(0, 5)):
            continue
        listed = [n for n in needs if c in need_prefs[n] and draw(st.integers(0, 5))]
        extra = [n for n in needs if n not in listed and not draw(st.integers(0, 3))]
        claimant_prefs[c] = draw(st.permutations(listed + extra))
    return need_prefs, claimant_prefs, caps


@st.composite
def weighted_instances(
    draw: st.DrawFn, *, max_needs: int = 8, max_claimants: int = 5, max_capacity: int = 3
) -> tuple[dict[tuple[str, str], float], Caps]:
    needs = [f"n{i}" for i in range(draw(st.integers(0, max_needs)))]
    claimants = [f"c{j}" for j in range(draw(st.integers(1, max_claimants)))]
    caps = {c: draw(st.integers(0, max_capacity)) for c in claimants}
    weight = st.one_of(
        st.integers(-5, 20),
        st.floats(-10, 100, allow_nan=False, allow_infinity=False),
        st.sampled_from([0.1, 0.2, 0.3, 1e-12, 7.0]),
    )
    weights = {(n, c): draw(weight) for n in needs for c in claimants if draw(st.integers(0, 2)) == 0}
    return weights, caps


def shuffled(mapping: Mapping[Any, Any], seed: int) -> dict[Any, Any]:
    items = list(mapping.items())
    random.Random(seed).shuffle(items)
    return dict(items)


def mutual(need_prefs: Prefs, claimant_prefs: Prefs) -> set[tuple[str, str]]:
    return {(n, c) for n, cs in need_prefs.items() for c in cs if n in claimant_prefs.get(c, [])}


def stable_oracle(matching: Mapping[str, str], need_prefs: Prefs, claimant_prefs: Prefs, caps: Caps) -> bool:
    """Straight from the definition, independent of `blocking_pairs`."""
    pairs = mutual(need_prefs, claimant_prefs)
    for n, c in pairs:
        current = matching.get(n)
        if current is not None and need_prefs[n].index(current) < need_prefs[n].index(c):
            continue
        if current == c:
            continue
        held = [m for m, d in matching.items() if d == c]
        if len(held) < caps[c]:
            return False
        if any(claimant_prefs[c].index(n) < claimant_prefs[c].index(m) for m in held):
            return False
    return True


def all_stable(need_prefs: Prefs, claimant_prefs: Prefs, caps: Caps) -> list[dict[str, str]]:
    """Every stable matching, by brute force over the acceptable pairs."""
    pairs = mutual(need_prefs, claimant_prefs)
    needs = list(need_prefs)
    options = [[None, *[c for c in need_prefs[n] if (n, c) in pairs]] for n in needs]
    out = []
    for choice in itertools.product(*options):
        m = {n: c for n, c in zip(needs, choice, strict=True) if c is not None}
        counts: dict[str, int] = {}
        for c in m.values():
            counts[c] = counts.get(c, 0) + 1
        if all(k <= caps[c] for c, k in counts.items()) and stable_oracle(
            m, need_prefs, claimant_prefs, caps
        ):
            out.append(m)
    return out


def peer_solve(need_prefs: Prefs, claimant_prefs: Prefs, caps: Caps, optimal: str) -> dict[str, str]:
    """The `matching` package on the same instance, cleaned the way it requires."""
    pairs = {(n, c) for n, c in mutual(need_prefs, claimant_prefs) if caps[c] > 0}
    residents = {n: [c for c in cs if (n, c) in pairs] for n, cs in need_prefs.items()}
    residents = {n: cs for n, cs in residents.items() if cs}
    hospitals = {c: [n for n in ns if (n, c) in pairs] for c, ns in claimant_prefs.items()}
    hospitals = {c: ns for c, ns in hospitals.items() if ns}
    if not residents:
        return {}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning would mean an unclean instance
        game = HospitalResident.create_from_dictionaries(
            residents, hospitals, {c: caps[c] for c in hospitals}
        )
        solved = game.solve(optimal="resident" if optimal == "need" else "hospital")
    return {r.name: h.name for h, rs in solved.items() for r in rs}


def dense_optimum(weights: Mapping[tuple[str, str], float], caps: Caps) -> float:
    """scipy's dense linear_sum_assignment on the capacity-expanded matrix."""
    needs = sorted({n for n, _ in weights})
    if not needs:
        return 0.0
    slots = [c for c in sorted(caps) for _ in range(caps[c])]
    forbidden = -1e9
    matrix = np.full((len(needs), len(slots) + len(needs)), forbidden)
    matrix[:, len(slots) :] = 0.0  # stay unassigned
    for i, n in enumerate(needs):
        for j, c in enumerate(slots):
            if (n, c) in weights:
                matrix[i, j] = weights[(n, c)]
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    return float(matrix[rows, cols].sum())


def total(weights: Mapping[tuple[str, str], float], result: Mapping[str, str]) -> float:
    return float(sum(weights[(n, c)] for n, c in result.items()))


def load(result: Mapping[str, str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for c in result.values():
        counts[c] = counts.get(c, 0) + 1
    return counts


# -- stable: examples ----------------------------------------------------------


def test_contract_need_optimal_gives_each_need_its_first_choice() -> None:
    assert {"n1": "a", "n2": "b"} == stable_assignment(CONTRACT_NEEDS, CONTRACT_CLAIMANTS, ONE_EACH)
    assert {"n1": "a", "n2": "b"} == stable_assignment(
        CONTRACT_NEEDS, CONTRACT_CLAIMANTS, ONE_EACH, optimal="need"
    )


def test_contract_claimant_optimal_gives_each_claimant_its_first_choice() -> None:
    assert {"n1": "b", "n2": "a"} == stable_assignment(
        CONTRACT_NEEDS, CONTRACT_CLAIMANTS, ONE_EACH, optimal="claimant"
    )


def test_result_is_a_plain_dict_in_need_order() -> None:
    result = stable_assignment({"z": ["a"], "y": ["a"], "x": ["a"]}, {"a": ["x", "y", "z"]}, {"a": 3})
    assert dict is type(result)
    assert ["z", "y", "x"] == list(result)
    result = stable_assignment(
        {"z": ["a"], "y": ["a"], "x": ["a"]}, {"a": ["x", "y", "z"]}, {"a": 3}, "claimant"
    )
    assert ["z", "y", "x"] == list(result)


def test_gale_shapley_example_has_men_and_women_optimal_matchings() -> None:
    assert {"alpha": "A", "beta": "B", "gamma": "C"} == stable_assignment(GS_MEN, GS_WOMEN, GS_CAPS)
    assert {"alpha": "C", "beta": "A", "gamma": "B"} == stable_assignment(
        GS_MEN, GS_WOMEN, GS_CAPS, optimal="claimant"
    )
    # The third stable matching gives everyone their second choice.
    second = {"alpha": "B", "beta": "C", "gamma": "A"}
    assert [] == blocking_pairs(second, GS_MEN, GS_WOMEN, GS_CAPS)
    assert 3 == len(all_stable(GS_MEN, GS_WOMEN, GS_CAPS))


def test_matching_readme_example_gives_the_published_result() -> None:
    expected = {"L": "M", "S": "M", "D": "C", "A": "C", "J": "G"}
    assert expected == stable_assignment(README_RESIDENTS, README_HOSPITALS, README_CAPS)
    assert expected == stable_assignment(README_RESIDENTS, README_HOSPITALS, README_CAPS, optimal="claimant")


def test_matching_issue_67_example_gives_the_published_result() -> None:
    groups = {
        "Group 1": ["Intellectual property", "Privacy"],
        "Group 2": ["Privacy", "Fairness in AI"],
        "Group 3": ["Privacy", "Social media"],
    }
    topics = {
        "Fairness in AI": ["Group 2"],
        "Intellectual property": ["Group 1"],
        "Privacy": ["Group 3", "Group 2", "Group 1"],
        "Social media": ["Group 3"],
    }
    caps = dict.fromkeys(topics, 2)
    expected = {"Group 1": "Intellectual property", "Group 2": "Privacy", "Group 3": "Privacy"}
    assert expected == stable_assignment(groups, topics, caps)
    assert expected == stable_assignment(groups, topics, caps, optimal="claimant")


def test_a_claimant_that_does_not_list_a_need_never_takes_it() -> None:
    need_prefs = {"n1": ["a", "b"], "n2": ["a"]}
    claimant_prefs = {"a": ["n2"], "b": ["n1", "n2"]}
    for optimal in ("need", "claimant"):
        assert {"n1": "b", "n2": "a"} == stable_assignment(
            need_prefs, claimant_prefs, {"a": 2, "b": 2}, optimal=optimal
        )


def test_a_need_that_does_not_list_a_claimant_never_gets_it() -> None:
    need_prefs = {"n1": ["b"], "n2": []}
    claimant_prefs = {"a": ["n1", "n2"], "b": ["n2", "n1"]}
    for optimal in ("need", "claimant"):
        assert {"n1": "b"} == stable_assignment(need_prefs, claimant_prefs, {"a": 2, "b": 2}, optimal=optimal)


def test_claimants_may_rank_needs_that_are_not_in_need_prefs() -> None:
    result = stable_assignment({"n1": ["a"]}, {"a": ["ghost", "n1"]}, {"a": 1})
    assert {"n1": "a"} == result
    result = stable_assignment({"n1": ["a"]}, {"a": ["ghost", "n1"]}, {"a": 1}, "claimant")
    assert {"n1": "a"} == result


def test_a_claimant_on_the_roster_without_preferences_accepts_no_one() -> None:
    assert {} == stable_assignment({"n1": ["a"]}, {}, {"a": 3})
    assert {} == stable_assignment({"n1": ["a"]}, {}, {"a": 3}, optimal="claimant")


def test_a_claimant_with_capacity_zero_takes_nothing() -> None:
    need_prefs = {"n1": ["a", "b"], "n2": ["a"]}
    claimant_prefs = {"a": ["n1", "n2"], "b": ["n1"]}
    for optimal in ("need", "claimant"):
        assert {"n1": "b"} == stable_assignment(need_prefs, claimant_prefs, {"a": 0, "b": 1}, optimal=optimal)


def test_a_full_claimant_keeps_its_best_needs() -> None:
    need_prefs = {"n1": ["a"], "n2": ["a"], "n3": ["a"], "n4": ["a", "b"]}
    claimant_prefs = {"a": ["n3", "n4", "n1", "n2"], "b": ["n4"]}
    caps = {"a": 2, "b": 1}
    assert {"n3": "a", "n4": "a"} == stable_assignment(need_prefs, claimant_prefs, caps)
    assert {"n3": "a", "n4": "a"} == stable_assignment(need_prefs, claimant_prefs, caps, "claimant")


def test_a_displaced_need_moves_down_its_list() -> None:
    # n1 is displaced from a by n2, then from b by n3, and ends at c.
    need_prefs = {"n1": ["a", "b", "c"], "n2": ["a"], "n3": ["b"]}
    claimant_prefs = {"a": ["n2", "n1"], "b": ["n3", "n1"], "c": ["n1"]}
    caps = {"a": 1, "b": 1, "c": 1}
    expected = {"n1": "c", "n2": "a", "n3": "b"}
    assert expected == stable_assignment(need_prefs, claimant_prefs, caps)
    assert expected == stable_assignment(need_prefs, claimant_prefs, caps, "claimant")


def test_a_claimant_that_loses_a_need_proposes_again() -> None:
    # Claimant-proposing: b is first refused by n1 (who holds a), then n1 is
    # taken by... a keeps n1; b must move on to n2.
    need_prefs = {"n1": ["a", "b"], "n2": ["b", "a"]}
    claimant_prefs = {"a": ["n1", "n2"], "b": ["n1", "n2"]}
    assert {"n1": "a", "n2": "b"} == stable_assignment(need_prefs, claimant_prefs, ONE_EACH, "claimant")
    # a prefers n2; n2 prefers a; b gets n1 after being freed.
    need_prefs = {"n1": ["b", "a"], "n2": ["a", "b"]}
    claimant_prefs = {"a": ["n1", "n2"], "b": ["n2", "n1"]}
    assert {"n1": "a", "n2": "b"} == stable_assignment(need_prefs, claimant_prefs, ONE_EACH, "claimant")
    assert {"n1": "b", "n2": "a"} == stable_assignment(need_prefs, claimant_prefs, ONE_EACH)


def test_a_need_that_displaces_another_stops_proposing() -> None:
    # n2 reaches a first; n1 then displaces it and must not also take b.
    need_prefs = {"n1": ["a", "b"], "n2": ["a"]}
    claimant_prefs = {"a": ["n1", "n2"], "b": ["n1"]}
    caps = {"a": 1, "b": 1}
    assert {"n1": "a"} == stable_assignment(need_prefs, claimant_prefs, caps)
    assert {"n1": "a"} == stable_assignment(dict(reversed(need_prefs.items())), claimant_prefs, caps)
    assert {"n1": "a"} == stable_assignment(need_prefs, claimant_prefs, caps, "claimant")


def test_claimant_proposing_refills_a_freed_place() -> None:
    # a first holds n1 and n2; n1 leaves for b, so a takes n3 with the freed place.
    need_prefs = {"n1": ["b", "a"], "n2": ["a"], "n3": ["a"]}
    claimant_prefs = {"a": ["n1", "n2", "n3"], "b": ["n1"]}
    caps = {"a": 2, "b": 1}
    expected = {"n1": "b", "n2": "a", "n3": "a"}
    assert expected == stable_assignment(need_prefs, claimant_prefs, caps, "claimant")
    assert expected == stable_assignment(need_prefs, claimant_prefs, caps)


def test_empty_inputs_give_an_empty_matching() -> None:
    assert {} == stable_assignment({}, {}, {})
    assert {} == stable_assignment({}, {}, {}, optimal="claimant")


def test_ids_can_be_any_hashable() -> None:
    result = stable_assignment({1: [("x", 1)], 2: [("x", 1)]}, {("x", 1): [2, 1]}, {("x", 1): 1})
    assert {2: ("x", 1)} == result


# -- stable: validation --------------------------------------------------------


@pytest.mark.parametrize(
    ("need_prefs", "claimant_prefs", "caps", "error", "field"),
    [
        ({}, {}, {"a": -1}, InvalidValue, "capacities['a']"),
        ({}, {}, {"a": 1.5}, InvalidValue, "capacities['a']"),
        ({}, {}, {"a": True}, InvalidValue, "capacities['a']"),
        ({}, {}, {"a": "2"}, InvalidValue, "capacities['a']"),
        ({}, {"a": ["n1"]}, {}, UnknownReference, "capacities['a']"),
        ({"n1": ["a", "x"]}, {}, {"a": 1}, UnknownReference, "need_prefs['n1'][1]"),
        ({"n1": ["a", "b", "a"]}, {}, ONE_EACH, DuplicateId, "need_prefs['n1'][2]"),
        ({"n1": ["a"]}, {"b": ["n1", "n1"]}, ONE_EACH, DuplicateId, "claimant_prefs['b'][1]"),
        ({"n1": "ab"}, {}, ONE_EACH, InvalidValue, "need_prefs['n1']"),
        ({"n1": {"a"}}, {}, ONE_EACH, InvalidValue, "need_prefs['n1']"),
        ({}, {"a": "n1"}, ONE_EACH, InvalidValue, "claimant_prefs['a']"),
    ],
)
@pytest.mark.parametrize("optimal", ["need", "claimant"])
def test_bad_input_is_rejected_naming_the_field(
    need_prefs: Any,
    claimant_prefs: Any,
    caps: Any,
    error: type[ServicegovError],
    field: str,
    optimal: Any,
) -> None:
    with pytest.raises(error) as info:
        stable_assignment(need_prefs, claimant_prefs, caps, optimal=optimal)

    assert field == info.value.field
    assert str(info.value).startswith(f"'{field}' must ")
    with pytest.raises(error) as info:
        blocking_pairs({}, need_prefs, claimant_prefs, caps)

    assert field == info.value.field


def test_error_messages_say_what_is_allowed() -> None:
    with pytest.raises(InvalidValue, match=r"^'capacities\['a'\]' must be an int >= 0 \(got -1\)$"):
        stable_assignment({}, {}, {"a": -1})
    with pytest.raises(
        DuplicateId,
        match=r"^'need_prefs\['n1'\]\[1\]' must be listed only once in a preference list "
        r"\(got 'a'\)$",
    ):
        stable_assignment({"n1": ["a", "a"]}, {}, {"a": 1})
    with pytest.raises(
        UnknownReference,
        match=r"^'need_prefs\['n1'\]\[0\]' must be a claimant named in 'capacities' \(got 'x'\)$",
    ):
        stable_assignment({"n1": ["x"]}, {}, {"a": 1})
    with pytest.raises(UnknownReference, match=r"got no entry for 'b'"):
        stable_assignment({}, {"a": [], "b": []}, {"a": 1})


def test_an_unknown_side_is_rejected() -> None:
    with pytest.raises(InvalidValue, match=r"^'optimal' must be 'need' or 'claimant' \(got 'x'\)"):
        stable_assignment({}, {}, {}, optimal="x")  # type: ignore[arg-type]


def test_capacities_accept_numpy_integers() -> None:
    assert {"n1": "a"} == stable_assignment({"n1": ["a"]}, {"a": ["n1"]}, {"a": np.int64(1)})


def test_preference_lists_may_be_tuples() -> None:
    assert {"n1": "a"} == stable_assignment({"n1": ("a",)}, {"a": ("n1",)}, {"a": 1})


# -- stable: peers and properties ----------------------------------------------


@given(hr_instances())
def test_need_optimal_matches_the_matching_package(
    instance: tuple[Prefs, Prefs, Caps],
) -> None:
    need_prefs, claimant_prefs, caps = instance
    assert peer_solve(need_prefs, claimant_prefs, caps, "need") == stable_assignment(
        need_prefs, claimant_prefs, caps
    )


@given(hr_instances())
def test_claimant_optimal_matches_the_matching_package(
    instance: tuple[Prefs, Prefs, Caps],
) -> None:
    need_prefs, claimant_prefs, caps = instance
    assert peer_solve(need_prefs, claimant_prefs, caps, "claimant") == stable_assignment(
        need_prefs, claimant_prefs, caps, optimal="claimant"
    )


@given(hr_instances(max_needs=12, max_claimants=3, max_capacity=2), st.sampled_from(["need", "claimant"]))
def test_crowded_instances_match_the_matching_package(
    instance: tuple[Prefs, Prefs, Caps], optimal: Any
) -> None:
    """Many needs for few places: long chains of displacement."""
    need_prefs, claimant_prefs, caps = instance
    assert peer_solve(need_prefs, claimant_prefs, caps, optimal) == stable_assignment(
        need_prefs, claimant_prefs, caps, optimal=optimal
    )


@given(hr_instances(max_needs=5, max_claimants=3, max_capacity=2))
def test_both_optima_match_brute_force(instance: tuple[Prefs, Prefs, Caps]) -> None:
    """The need-optimal matching is the stable one every need likes best; likewise claimants."""
    need_prefs, claimant_prefs, caps = instance
    stable = all_stable(need_prefs, claimant_prefs, caps)
    best_for_needs = stable_assignment(need_prefs, claimant_prefs, caps)
    best_for_claimants = stable_assignment(need_prefs, claimant_prefs, caps, "claimant")

    def need_rank(m: Mapping[str, str], n: str) -> int:
        return need_prefs[n].index(m[n]) if n in m else len(need_prefs[n])

    def claimant_ranks(m: Mapping[str, str], c: str) -> list[int]:
        return sorted(claimant_prefs[c].index(n) for n, d in m.items() if d == c)

    assert best_for_needs in stable
    assert best_for_claimants in stable
    for m in stable:
        assert all(need_rank(best_for_needs, n) <= need_rank(m, n) for n in need_prefs)
        # Responsive preferences: the claimant-optimal set is pointwise no worse.
        for c in claimant_prefs:
            assert all(
                a <= b
                for a, b in zip(claimant_ranks(best_for_claimants, c), claimant_ranks(m, c), strict=True)
            )


@given(hr_instances(), st.sampled_from(["need", "claimant"]))
def test_stable_results_are_valid_and_stable(instance: tuple[Prefs, Prefs, Caps], optimal: Any) -> None:
    need_prefs, claimant_prefs, caps = instance
    result = stable_assignment(need_prefs, claimant_prefs, caps, optimal=optimal)

    assert set(result.items()) <= mutual(need_prefs, claimant_prefs)
    assert all(k <= caps[c] for c, k in load(result).items())
    assert [] == blocking_pairs(result, need_prefs, claimant_prefs, caps)
    assert stable_oracle(result, need_prefs, claimant_prefs, caps)
    assert [n for n in need_prefs if n in result] == list(result)


@given(hr_instances(), st.sampled_from(["need", "claimant"]), st.integers(0, 2**32))
def test_stable_results_do_not_depend_on_dict_order(
    instance: tuple[Prefs, Prefs, Caps], optimal: Any, seed: int
) -> None:
    need_prefs, claimant_prefs, caps = instance
    first = stable_assignment(need_prefs, claimant_prefs, caps, optimal=optimal)
    again = stable_assignment(need_prefs, claimant_prefs, caps, optimal=optimal)
    permuted = stable_assignment(
        shuffled(need_prefs, seed),
        shuffled(claimant_prefs, seed + 1),
        shuffled(caps, seed + 2),
        optimal=optimal,
    )

    assert first == again
    assert list(first.items()) == list(again.items())
    assert first == permuted


@given(hr_instances())
def test_every_need_weakly_prefers_the_need_optimal_matching(
    instance: tuple[Prefs, Prefs, Caps],
) -> None:
    need_prefs, claimant_prefs, caps = instance
    for_needs = stable_assignment(need_prefs, claimant_prefs, caps)
    for_claimants = stable_assignment(need_prefs, claimant_prefs, caps, optimal="claimant")

    for n, cs in need_prefs.items():
        if n in for_claimants:
            assert n in for_needs
            assert cs.index(for_needs[n]) <= cs.index(for_claimants[n])
    # Rural hospitals theorem: the same needs are assigned, and every claimant
    # gets as many needs, in every stable matching.
    assert set(for_needs) == set(for_claimants)
    assert load(for_needs) == load(for_claimants)


# -- blocking pairs ------------------------------------------------------------


def test_blocking_pairs_lists_pairs_in_need_then_preference_order() -> None:
    assert [("n1", "a"), ("n1", "b"), ("n2", "b"), ("n2", "a")] == blocking_pairs(
        {}, CONTRACT_NEEDS, CONTRACT_CLAIMANTS, ONE_EACH
    )


def test_a_need_held_against_the_claimants_wishes_can_be_displaced() -> None:
    # b holds n2, whom b does not list: b prefers n1 to it.
    need_prefs = {"n1": ["b"], "n2": ["b"]}
    claimant_prefs = {"b": ["n1"]}
    assert [("n1", "b")] == blocking_pairs({"n2": "b"}, need_prefs, claimant_prefs, {"b": 1})


def test_a_need_matched_to_an_unlisted_claimant_prefers_any_listed_one() -> None:
    need_prefs = {"n1": ["a"]}
    claimant_prefs = {"a": ["n1"], "b": []}
    assert [("n1", "a")] == blocking_pairs({"n1": "b"}, need_prefs, claimant_prefs, {"a": 1, "b": 1})


def test_a_full_claimant_that_likes_its_needs_better_does_not_block() -> None:
    need_prefs = {"n1": ["a"], "n2": ["a"]}
    claimant_prefs = {"a": ["n1", "n2"]}
    assert [] == blocking_pairs({"n1": "a"}, need_prefs, claimant_prefs, {"a": 1})
    assert [("n1", "a")] == blocking_pairs({"n2": "a"}, need_prefs, claimant_prefs, {"a": 1})
    assert [("n2", "a")] == blocking_pairs({"n1": "a"}, need_prefs, claimant_prefs, {"a": 2})


def test_a_full_claimant_blocks_with_a_need_it_prefers_to_its_worst() -> None:
    need_prefs = {"n1": ["a"], "n2": ["a"], "n3": ["a"]}
    claimant_prefs = {"a": ["n1", "n2", "n3"]}
    assert [("n2", "a")] == blocking_pairs({"n1": "a", "n3": "a"}, need_prefs, claimant_prefs, {"a": 2})
    assert [] == blocking_pairs({"n1": "a", "n2": "a"}, need_prefs, claimant_prefs, {"a": 2})


def test_blocking_pairs_rejects_a_matching_to_an_unknown_claimant() -> None:
    with pytest.raises(UnknownReference) as info:
        blocking_pairs({"n1": "x"}, {"n1": ["a"]}, {"a": ["n1"]}, {"a": 1})

    assert "matching['n1']" == info.value.field


# -- greedy --------------------------------------------------------------------


def greedy_oracle(candidates: Prefs, caps: Caps, priority: Mapping[str, float] | None) -> dict[str, str]:
    urgency = priority or {}
    order = sorted(candidates, key=lambda n: (-urgency.get(n, 0), n))
    room = dict(caps)
    out = {}
    for n in order:
        free = [c for c in candidates[n] if room[c] > 0]
        if free:
            out[n] = free[0]
            room[free[0]] -= 1
    return out


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


@given(
    hr_instances(),
    st.dictionaries(st.sampled_from([f"n{i}" for i in range(7)]), st.integers(-2, 2)),
    st.integers(0, 2**32),
)
def test_greedy_matches_a_plain_reimplementation(
    instance: tuple[Prefs, Prefs, Caps], urgency: dict[str, int], seed: int
) -> None:
    candidates, _, caps = instance
    priority = {n: urgency.get(n, 0) for n in candidates}
    expected = greedy_oracle(candidates, caps, priority)
    result = greedy_assignment(candidates, caps, priority=priority)

    assert expected == result
    assert all(k <= caps[c] for c, k in load(result).items())
    assert result == greedy_assignment(
        shuffled(candidates, seed), shuffled(caps, seed), priority=shuffled(priority, seed)
    )
    assert greedy_oracle(candidates, caps, None) == greedy_assignment(candidates, caps)


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


def check_optimal(weights: dict[tuple[str, str], float], caps: Caps) -> dict[str, str]:
    result = optimal_assignment(weights, caps)

    assert all((n, c) in weights and weights[(n, c)] > 0 for n, c in result.items())
    assert all(k <= caps[c] for c, k in load(result).items())
    assert dense_optimum(weights, caps) == pytest.approx(total(weights, result), abs=1e-9)
    return result


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
