"""Monte Carlo replications: the same runs whatever executes them.

The experiments are module-level functions so that process pools and Dask
workers can import them as ``tests.unit.test_montecarlo.<name>``, or as
``tests.unit.montecarlo_cases.<name>`` for those the properties share.
"""

from __future__ import annotations

import functools
import math
import sys
import threading
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

import attrs
import pytest

from servicegov.errors import InvalidValue
from servicegov.simulation._montecarlo import (
    MonteCarloResult,
    Summary,
    _run_chunk,
    monte_carlo,
    replication_seeds,
    summarise,
)

from ..support import with_timeout
from .montecarlo_cases import noisy_mean, seed_and_mean


def scaled(factor: int, seed: int) -> int:
    return factor * (seed % 1000)


def fails_on_odd(seed: int) -> int:
    if seed % 2:
        msg = f"odd seed {seed}"
        raise ArithmeticError(msg)
    return seed


SEEDS_5_3 = (449659495545453937, 3459573245990562944, 5640791155882353429)


# -- seeds -----------------------------------------------------------------------


def test_replication_seeds_are_fixed_by_the_master_seed() -> None:
    assert SEEDS_5_3 == replication_seeds(5, 3)
    assert SEEDS_5_3 == replication_seeds(5, 10)[:3]
    assert () == replication_seeds(5, 0)
    assert replication_seeds(6, 3) != replication_seeds(5, 3)
    assert replication_seeds(-5, 3) != replication_seeds(5, 3)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"seed": 1.0, "n": 3}, "seed"),
        ({"seed": True, "n": 3}, "seed"),
        ({"seed": "1", "n": 3}, "seed"),
        ({"seed": 1, "n": -1}, "n"),
        ({"seed": 1, "n": 2.0}, "n"),
        ({"seed": 1, "n": False}, "n"),
    ],
)
def test_replication_seeds_reject_bad_input(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidValue) as info:
        replication_seeds(**kwargs)
    assert field == info.value.field


# -- in process ----------------------------------------------------------------


def test_in_process_runs_each_seed_in_order() -> None:
    result = monte_carlo(seed_and_mean, 3, seed=5)
    assert SEEDS_5_3 == result.seeds
    assert tuple((s, noisy_mean(s)) for s in SEEDS_5_3) == result.runs
    assert 3 == result.replications
    assert 5 == result.master_seed


def test_zero_replications_give_an_empty_result() -> None:
    calls: list[tuple[int, int]] = []
    result = monte_carlo(noisy_mean, 0, seed=1, progress=lambda d, t: calls.append((d, t)))
    assert ((), (), 0) == (result.runs, result.seeds, result.replications)
    assert [] == calls


def test_in_process_progress_follows_each_replication() -> None:
    seen: list[tuple[int, int]] = []
    finished: list[int] = []

    def experiment(seed: int) -> int:
        finished.append(seed)
        return seed

    def progress(done: int, total: int) -> None:
        assert done == len(finished)
        seen.append((done, total))

    monte_carlo(experiment, 4, seed=0, progress=progress)
    assert [(1, 4), (2, 4), (3, 4), (4, 4)] == seen


def test_an_experiment_error_names_the_replication() -> None:
    seeds = replication_seeds(2, 6)
    first_odd = next(i for i, s in enumerate(seeds) if s % 2)
    with pytest.raises(ArithmeticError, match=f"odd seed {seeds[first_odd]}") as info:
        monte_carlo(fails_on_odd, 6, seed=2)
    if sys.version_info >= (3, 11):
        note = f"in Monte Carlo replication {first_odd} (seed {seeds[first_odd]})"
        assert [note] == info.value.__notes__


def test_run_chunk_runs_in_order_and_notes_the_global_index() -> None:
    assert [2, 4, 6] == _run_chunk(functools.partial(scaled, 2), [1, 2, 3], 10)
    with pytest.raises(ArithmeticError) as info:
        _run_chunk(fails_on_odd, [2, 4, 7], 10)
    if sys.version_info >= (3, 11):
        assert ["in Monte Carlo replication 12 (seed 7)"] == info.value.__notes__


# -- executors -------------------------------------------------------------------


@pytest.mark.parametrize("chunksize", [None, 1, 3, 7, 100])
def test_thread_pool_gives_the_in_process_runs(chunksize: int | None) -> None:
    here = monte_carlo(noisy_mean, 23, seed=11)
    with ThreadPoolExecutor(3) as pool:
        there = monte_carlo(noisy_mean, 23, seed=11, executor=pool, chunksize=chunksize)
    assert here == there
    assert here.seeds == there.seeds


@pytest.mark.parametrize("chunksize", [None, 1, 4])
def test_process_pool_gives_the_in_process_runs(
    process_pool: ProcessPoolExecutor, chunksize: int | None
) -> None:
    here = monte_carlo(seed_and_mean, 17, seed=42)
    there = monte_carlo(seed_and_mean, 17, seed=42, executor=process_pool, chunksize=chunksize)
    assert here.runs == there.runs
    assert [math.copysign(1, r[1]) for r in here.runs] == [math.copysign(1, r[1]) for r in there.runs]
    assert here == there


def test_process_pool_takes_a_partial(process_pool: ProcessPoolExecutor) -> None:
    result = monte_carlo(functools.partial(scaled, 3), 5, seed=1, executor=process_pool)
    assert tuple(3 * (s % 1000) for s in replication_seeds(1, 5)) == result.runs


class RecordingExecutor(Executor):
    """Runs tasks inline, keeping the size of every chunk it was given."""

    def __init__(self) -> None:
        self.sizes: list[int] = []
        self.inner = ThreadPoolExecutor(1)

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        self.sizes.append(len(args[1]))
        return self.inner.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.inner.shutdown(wait, cancel_futures=cancel_futures)


@pytest.mark.parametrize(
    ("replications", "chunksize", "sizes"),
    [
        (10, 3, [3, 3, 3, 1]),
        (10, 10, [10]),
        (10, 11, [10]),
        (10, 1, [1] * 10),
        (64, None, [1] * 64),
        (65, None, [2] * 32 + [1]),
        (200, None, [4] * 50),
        (1, None, [1]),
        (0, None, []),
    ],
)
def test_replications_are_sent_in_chunks(replications: int, chunksize: int | None, sizes: list[int]) -> None:
    with RecordingExecutor() as executor:
        result = monte_carlo(noisy_mean, replications, seed=3, executor=executor, chunksize=chunksize)
    assert sizes == executor.sizes
    assert monte_carlo(noisy_mean, replications, seed=3) == result


def test_executor_progress_counts_every_replication_up_to_total() -> None:
    calls: list[tuple[int, int, int]] = []
    main = threading.get_ident()
    with ThreadPoolExecutor(3) as pool:
        monte_carlo(
            noisy_mean,
            10,
            seed=0,
            executor=pool,
            chunksize=3,
            progress=lambda d, t: calls.append((d, t, threading.get_ident())),
        )
    assert [(d, 10, main) for d in range(1, 11)] == calls


def test_an_executor_error_propagates_and_cancels_the_rest() -> None:
    seeds = replication_seeds(2, 40)
    first_odd = next(i for i, s in enumerate(seeds) if s % 2)
    with RecordingExecutor() as executor, pytest.raises(ArithmeticError) as info:
        monte_carlo(fails_on_odd, 40, seed=2, executor=executor, chunksize=1)
    assert 40 == len(executor.sizes)
    if sys.version_info >= (3, 11):
        assert f"in Monte Carlo replication {first_odd}" in info.value.__notes__[0]


# -- bad input -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (
            ("not callable", 3),
            {"seed": 1},
            "'experiment' must be a callable taking one integer seed",
        ),
        ((noisy_mean, -1), {"seed": 1}, "'replications' must be an integer from 0 to 10,000,000 (got -1)"),
        ((noisy_mean, 2.0), {"seed": 1}, "'replications' must be an integer from 0 to 10,000,000 (got 2.0)"),
        (
            (noisy_mean, True),
            {"seed": 1},
            "'replications' must be an integer from 0 to 10,000,000 (got True)",
        ),
        ((noisy_mean, "3"), {"seed": 1}, "'replications' must be an integer from 0 to 10,000,000 (got '3')"),
        ((noisy_mean, 3), {"seed": 1.5}, "'seed' must be an integer (got 1.5)"),
        ((noisy_mean, 3), {"seed": None}, "'seed' must be an integer (got None)"),
        ((noisy_mean, 3), {"seed": 1, "chunksize": 0}, "'chunksize' must be None or an integer"),
        ((noisy_mean, 3), {"seed": 1, "chunksize": 2.0}, "'chunksize' must be None or an integer"),
        ((noisy_mean, 3), {"seed": 1, "progress": 5}, "'progress' must be None or a callable"),
        ((noisy_mean, 3), {"seed": 1, "executor": object()}, "'executor' must be None or a"),
    ],
)
def test_bad_arguments_name_the_field(args: tuple[Any, ...], kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidValue) as info:
        monte_carlo(*args, **kwargs)
    assert str(info.value).startswith(message)
    assert message.split("'")[1] == info.value.field


# -- results and summaries -----------------------------------------------------------


def test_summarise_exact_values() -> None:
    assert Summary(
        n=4, mean=2.5, sd=math.sqrt(5 / 3), min=1.0, max=4.0, p2_5=1.075, p50=2.5, p97_5=3.925
    ) == summarise([4, 1, 3, 2])
    odd = summarise([10, 0, 5])
    assert (5.0, 5.0, 0.0, 10.0) == (odd.mean, odd.p50, odd.min, odd.max)
    assert 0.25 == odd.p2_5
    assert 9.75 == odd.p97_5
    assert 2 / 3 == summarise([True, False, True]).mean
    assert math.sqrt(2) == summarise([1, 3]).sd
    assert (1.05, 2.0, 2.95) == (summarise([3, 1]).p2_5, summarise([3, 1]).p50, summarise([3, 1]).p97_5)


def test_summarise_single_value_has_no_spread() -> None:
    one = summarise([7])
    assert (1, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0) == (
        one.n,
        one.mean,
        one.min,
        one.max,
        one.p2_5,
        one.p50,
        one.p97_5,
    )
    assert math.isnan(one.sd)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ([], "values"),
        ([1, None], "values[1]"),
        ([1, 2, float("nan")], "values[2]"),
        ([float("inf")], "values[0]"),
        (["1"], "values[0]"),
        ([1j], "values[0]"),
    ],
)
def test_summarise_rejects_non_numbers(values: list[Any], field: str) -> None:
    with pytest.raises(InvalidValue) as info:
        summarise(values)
    assert field == info.value.field


def test_result_summary_uses_the_key() -> None:
    result = monte_carlo(seed_and_mean, 5, seed=9)
    assert summarise([m for _, m in result.runs]) == result.summary(key=lambda r: r[1])
    assert summarise(r % 7 for r in result.seeds) == monte_carlo(lambda s: s % 7, 5, seed=9).summary()
    with pytest.raises(InvalidValue) as info:
        result.summary()
    assert "runs[0]" == info.value.field
    with pytest.raises(InvalidValue) as info:
        monte_carlo(noisy_mean, 0, seed=9).summary()
    assert "runs" == info.value.field


def test_result_is_a_frozen_value() -> None:
    result = MonteCarloResult(runs=[1, 2], seeds=[10, 20], master_seed=3)
    assert ((1, 2), (10, 20), 2, 3) == (
        result.runs,
        result.seeds,
        result.replications,
        result.master_seed,
    )
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        result.runs = ()  # type: ignore[misc]
    with pytest.raises(InvalidValue) as info:
        MonteCarloResult(runs=[1, 2], seeds=[10], master_seed=3)
    assert "seeds" == info.value.field


# -- Dask ------------------------------------------------------------------------


@pytest.mark.slow
def test_dask_executor_gives_the_in_process_runs(dask_executor: Executor) -> None:
    here = monte_carlo(seed_and_mean, 40, seed=2025)
    calls: list[int] = []
    there = with_timeout(
        120,
        monte_carlo,
        seed_and_mean,
        40,
        seed=2025,
        executor=dask_executor,
        chunksize=3,
        progress=lambda done, total: calls.append(done),
    )
    assert here == there
    assert list(range(1, 41)) == calls
    default_chunks = with_timeout(120, monte_carlo, seed_and_mean, 40, seed=2025, executor=dask_executor)
    assert here == default_chunks


@pytest.mark.slow
def test_dask_executor_passes_experiment_errors_back(dask_executor: Executor) -> None:
    with pytest.raises(ArithmeticError, match="odd seed"):
        with_timeout(120, monte_carlo, fails_on_odd, 8, seed=2, executor=dask_executor)
