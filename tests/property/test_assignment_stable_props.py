"""Properties of `servicegov.assignment`: stable matchings agree with peers, are stable, ignore dict order."""

from collections.abc import Mapping
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from servicegov.assignment import blocking_pairs, stable_assignment

from ..unit.assignment_cases import (
    Caps,
    Prefs,
    all_stable,
    hr_instances,
    load,
    mutual,
    peer_solve,
    shuffled,
    stable_oracle,
)


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
