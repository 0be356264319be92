"""RandomShare: handing more evaluation forms out at random (阳光测评) blunts gaming."""

from __future__ import annotations

import json
import math
import pickle
import statistics
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import attrs
import pytest

from servicegov import serialization
from servicegov.errors import InvalidValue
from servicegov.simulation import (
    RandomShare,
    RandomShareResult,
    RaterModel,
    World,
    monte_carlo,
)

from ..support import with_timeout

SMALL = World(units=12, residents=9, reviewers=3)
EXPERIMENT = RandomShare(world=SMALL, roster=30)


def test_each_share_gets_a_tau_and_a_gain_in_the_experiments_order() -> None:
    experiment = attrs.evolve(EXPERIMENT, shares=(1.0, 0.0, 0.5))

    result = experiment(5)

    assert (1.0, 0.0, 0.5) == result.shares
    assert 3 == len(result.tau) == len(result.gain)
    assert all(-1.0 <= t <= 1.0 for t in result.tau)


def test_the_default_grid_is_none_a_quarter_half_three_quarters_all() -> None:
    assert (0.0, 0.25, 0.5, 0.75, 1.0) == RandomShare().shares


def test_higher_random_shares_give_the_gaming_units_fewer_places_on_average() -> None:
    n = 60
    result = monte_carlo(EXPERIMENT, n, seed=2025)
    gains = [[r.gain[i] for r in result.runs] for i in range(len(EXPERIMENT.shares))]
    means = [statistics.fmean(g) for g in gains]

    # The mean gain falls from each share to the next.
    assert sorted(means, reverse=True) == means
    # Self-chosen against wholly random panels, paired by replication: far beyond chance.
    differences = [a - b for a, b in zip(gains[0], gains[-1], strict=True)]
    standard_error = statistics.stdev(differences) / math.sqrt(n)
    assert statistics.fmean(differences) > 4 * standard_error
    assert means[0] > 1.0


def test_wholly_random_panels_rank_closer_to_the_truth_than_self_chosen_ones() -> None:
    result = monte_carlo(EXPERIMENT, 60, seed=2025)

    tau_chosen = statistics.fmean(r.tau[0] for r in result.runs)
    tau_random = statistics.fmean(r.tau[-1] for r in result.runs)

    assert tau_random > tau_chosen


def test_without_inflation_the_gaming_units_gain_nothing_whatever_the_share() -> None:
    perfect = attrs.evolve(SMALL, residents_model=RaterModel(), reviewers_model=RaterModel())
    experiment = RandomShare(world=perfect, roster=30, inflation=0)

    result = experiment(11)

    assert (0.0,) * 5 == result.gain
    assert (1.0,) * 5 == result.tau


def test_named_gaming_units_are_the_ones_that_game() -> None:
    experiment = attrs.evolve(EXPERIMENT, targets=("u07", "u09"))

    assert frozenset({"u07", "u09"}) == experiment.gaming_units()
    assert 3 == len(EXPERIMENT.gaming_units())


def test_the_experiment_and_its_result_are_picklable_frozen_values() -> None:
    again = pickle.loads(pickle.dumps(EXPERIMENT))
    result = EXPERIMENT(11)

    assert EXPERIMENT == again
    assert result == again(11)
    assert result == pickle.loads(pickle.dumps(result))
    assert result != EXPERIMENT(12)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        EXPERIMENT.roster = 10  # type: ignore[misc]


def test_the_same_seed_gives_the_same_runs_in_process_and_on_a_process_pool(
    process_pool: ProcessPoolExecutor,
) -> None:
    here = monte_carlo(EXPERIMENT, 10, seed=2025)
    there = with_timeout(300, monte_carlo, EXPERIMENT, 10, seed=2025, executor=process_pool, chunksize=3)

    assert here == there
    assert pickle.dumps(here.runs) == pickle.dumps(there.runs)


def test_an_undefined_tau_is_null_in_json_and_comes_back_as_nan() -> None:
    result = RandomShareResult(shares=(0.0, 1.0), tau=(math.nan, 0.5), gain=(0.0, 0.0))

    text = json.dumps(serialization.unstructure(result))
    back = serialization.structure(json.loads(text), RandomShareResult)

    assert '"tau": [null, 0.5]' in text
    assert result == back


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"world": "small"}, "world"),
        ({"shares": ()}, "shares"),
        ({"shares": "0.5"}, "shares"),
        ({"shares": (0.5, 1.5)}, "shares[1]"),
        ({"shares": (True,)}, "shares[0]"),
        ({"shares": (math.nan,)}, "shares[0]"),
        ({"roster": 8}, "roster"),
        ({"roster": 30.0}, "roster"),
        ({"inflation": -1}, "inflation"),
        ({"inflation": "15"}, "inflation"),
        ({"targets": 13}, "targets"),
        ({"targets": ("u99",)}, "targets"),
    ],
)
def test_bad_experiments_are_refused_by_name(fields: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidValue) as err:
        RandomShare(**{"world": SMALL, "roster": 30, **fields})

    assert field == err.value.field
