"""Stable matchings of `servicegov.assignment` (DOMAIN.md §5: claiming): examples, validation,
the `matching` package and brute force as peers, and blocking pairs.
"""

from typing import Any

import numpy as np
import pytest

from servicegov.assignment import (
    blocking_pairs,
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
    GS_CAPS,
    GS_MEN,
    GS_WOMEN,
    ONE_EACH,
    README_CAPS,
    README_HOSPITALS,
    README_RESIDENTS,
    all_stable,
)

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
