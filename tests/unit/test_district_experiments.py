"""Whole district years as a Monte Carlo experiment: the same runs wherever they run."""

from __future__ import annotations

import json
import math
import pickle
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any

import attrs
import pytest

from servicegov import serialization, simulation
from servicegov.assessment import Target
from servicegov.errors import InvalidValue
from servicegov.simulation import (
    DistrictYear,
    DistrictYearResult,
    _district_experiments,
    generate,
    monte_carlo,
    replication_seeds,
    simulate_year,
)

from ..support import with_timeout

REPLICATIONS = 4
MASTER_SEED = 2025
# Start-up and a few quarter-second years on a busy two-core machine.
TIMEOUT = 300


@pytest.fixture(scope="module")
def here() -> simulation.MonteCarloResult[DistrictYearResult]:
    return monte_carlo(DistrictYear(preset="small"), REPLICATIONS, seed=MASTER_SEED)


def _wire(result: simulation.MonteCarloResult[DistrictYearResult]) -> str:
    """The runs as JSON: floats written with ``repr``, so equal text means equal bits."""
    return json.dumps(serialization.unstructure(result.runs))


# -- the summary -----------------------------------------------------------------


def test_a_replication_summarises_the_simulated_year() -> None:
    seed = replication_seeds(MASTER_SEED, 1)[0]
    got = DistrictYear(preset="small", district_seed=0, target="village-organisation")(seed)
    report = simulate_year(generate("small", seed=0), seed=seed)
    results = report.assessments["village-organisation"].results

    distinct = sum(report.by_status.values())
    assert report.by_status["resolved"] / distinct == got.resolved_share
    assert report.overdue == got.overdue
    assert sum(len(v) for v in report.breaches.values()) == got.breaches
    assert sum(report.ballots.values()) == got.ballots
    assert len(results) == got.assessed
    assert tuple(r.reviewee for r in results[:5]) == got.top
    assert got.mean_total is not None
    assert math.isclose(sum(r.total for r in results) / len(results), got.mean_total)
    assert report.channel_agreement == got.channel_agreement
    assert 5 == len(got.top)
    assert 0 < got.resolved_share < 1


def test_the_target_chooses_the_assessment_summarised() -> None:
    seed = 11
    report = simulate_year(generate("small", seed=0), seed=seed)
    for target in Target:
        got = DistrictYear(target=target.value)(seed)
        assessment = report.assessments.get(target.value)
        results = assessment.results if assessment is not None else ()
        assert len(results) == got.assessed
        assert tuple(r.reviewee for r in results[:5]) == got.top
        assert (got.mean_total is None) == (not results)


def test_a_target_member_is_taken_as_its_value() -> None:
    assert "town-cadre" == DistrictYear(target=Target.TOWN_CADRE).target


def test_replications_do_not_depend_on_order_or_on_the_cache() -> None:
    experiment = DistrictYear(preset="small", district_seed=3)
    seeds = replication_seeds(7, 3)
    forward = [experiment(s) for s in seeds]
    backward = [experiment(s) for s in reversed(seeds)][::-1]
    _district_experiments._district.cache_clear()
    fresh = [experiment(s) for s in seeds]
    assert forward == backward == fresh
    assert len(set(forward)) > 1


def test_the_district_is_generated_once_per_process() -> None:
    _district_experiments._district.cache_clear()
    experiment = DistrictYear(preset="small", district_seed=5)
    assert experiment.district() is experiment.district()
    assert experiment.district() is DistrictYear(district_seed=5, target="town-cadre").district()
    assert generate("small", seed=5) == experiment.district()
    info = _district_experiments._district.cache_info()
    assert (1, 4) == (info.misses, info.hits)


def test_the_experiment_pickles_small_and_the_district_seed_matters() -> None:
    experiment = DistrictYear(preset="small", district_seed=1)
    # Only the preset's name, the seed and the target travel to a worker.
    assert len(pickle.dumps(experiment)) < 500
    assert experiment == pickle.loads(pickle.dumps(experiment))
    assert experiment(4) != DistrictYear(preset="small", district_seed=2)(4)


def test_results_are_frozen_and_round_trip_through_json(
    here: simulation.MonteCarloResult[DistrictYearResult],
) -> None:
    run = here.runs[0]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        run.overdue = 0  # type: ignore[misc]
    text = json.dumps(serialization.unstructure(run))
    assert run == serialization.structure(json.loads(text), DistrictYearResult)
    whole = json.dumps(serialization.unstructure(here))
    back = serialization.structure(json.loads(whole), simulation.MonteCarloResult[DistrictYearResult])
    assert here == back


# -- validation ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"preset": "tiny"}, "preset"),
        ({"preset": 1}, "preset"),
        ({"preset": None}, "preset"),
        ({"target": "village"}, "target"),
        ({"target": "Village-Organisation"}, "target"),
        ({"target": 3}, "target"),
        ({"district_seed": 1.0}, "district_seed"),
        ({"district_seed": True}, "district_seed"),
        ({"district_seed": "0"}, "district_seed"),
    ],
)
def test_bad_fields_are_named(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidValue) as info:
        DistrictYear(**kwargs)
    assert field == info.value.field


@pytest.mark.parametrize("seed", [1.0, "1", None, False])
def test_a_seed_that_is_not_an_integer_is_named(seed: Any) -> None:
    with pytest.raises(InvalidValue) as info:
        DistrictYear()(seed)
    assert "seed" == info.value.field


def test_the_error_lists_the_allowed_values() -> None:
    with pytest.raises(InvalidValue, match="'small', 'xinzhou', 'zhifu'"):
        DistrictYear(preset="tiny")
    with pytest.raises(InvalidValue, match="'village-organisation'"):
        DistrictYear(target="nobody")


# -- executors -------------------------------------------------------------------


@pytest.mark.slow
def test_a_process_pool_gives_the_in_process_runs(
    here: simulation.MonteCarloResult[DistrictYearResult], process_pool: ProcessPoolExecutor
) -> None:
    experiment = DistrictYear(preset="small")
    there = with_timeout(
        TIMEOUT, monte_carlo, experiment, REPLICATIONS, seed=MASTER_SEED, executor=process_pool, chunksize=1
    )
    assert here == there
    assert _wire(here) == _wire(there)


@pytest.mark.slow
def test_dask_gives_the_in_process_runs(
    here: simulation.MonteCarloResult[DistrictYearResult], dask_executor: Executor
) -> None:
    experiment = DistrictYear(preset="small")
    there = with_timeout(
        TIMEOUT, monte_carlo, experiment, REPLICATIONS, seed=MASTER_SEED, executor=dask_executor
    )
    assert here == there
    assert _wire(here) == _wire(there)
    # Cut differently, run on both workers: still the same runs.
    again = with_timeout(
        TIMEOUT, monte_carlo, experiment, REPLICATIONS, seed=MASTER_SEED, executor=dask_executor, chunksize=3
    )
    assert here == again
