"""Instances, peers and oracles shared by the tests of `servicegov.assignment`."""

import itertools
import random
import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np
import pytest
from hypothesis import strategies as st
from matching.games import HospitalResident
from scipy.optimize import linear_sum_assignment

from servicegov.assignment import optimal_assignment

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


def check_optimal(weights: dict[tuple[str, str], float], caps: Caps) -> dict[str, str]:
    result = optimal_assignment(weights, caps)

    assert all((n, c) in weights and weights[(n, c)] > 0 for n, c in result.items())
    assert all(k <= caps[c] for c, k in load(result).items())
    assert dense_optimum(weights, caps) == pytest.approx(total(weights, result), abs=1e-9)
    return result
