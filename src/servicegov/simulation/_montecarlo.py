"""Monte Carlo replications over any ``concurrent.futures.Executor``.

An *experiment* is a function of one integer seed.  :func:`monte_carlo` runs it
once per replication, each with its own seed derived from a master seed, and
returns the outputs in replication order.  The seeds depend only on the master
seed and the replication's index, never on the executor, the number of
workers or the chunk size, so the runs are identical in-process, on a thread
or process pool, and on a Dask cluster through ``Client.get_executor()``.

The library never imports Dask: pass its executor in.

Examples:
    >>> import random
    >>> from servicegov.simulation import monte_carlo
    >>> def coin_flips(seed):
    ...     rng = random.Random(seed)
    ...     return sum(rng.random() < 0.5 for _ in range(100))
    >>> result = monte_carlo(coin_flips, 20, seed=7)
    >>> len(result.runs), result.replications, result.master_seed
    (20, 20, 7)
    >>> result.runs == monte_carlo(coin_flips, 20, seed=7).runs
    True
    >>> 40 < result.summary().mean < 60
    True
"""

from __future__ import annotations

import hashlib
import math
import statistics
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, Future, as_completed
from numbers import Real
from typing import Any, Generic, TypeVar

import attrs

from servicegov._arguments import checked
from servicegov.errors import InvalidValue

__all__ = [
    "MonteCarloResult",
    "Summary",
    "monte_carlo",
    "replication_seeds",
    "summarise",
]


MAX_REPLICATIONS = 10_000_000
"""The most replications one call runs: ten million, each with its own seed held
in memory; a larger study is run in batches (their seeds stay apart, see
:func:`replication_seeds`)."""


def __dir__() -> list[str]:
    return __all__


T = TypeVar("T")

# Domain separation for the seed hash: another library hashing "5:0" with
# blake2b gets different seeds.
_PERSON = b"servicegov.mc"

# With no chunk size given, the replications are cut into about this many
# tasks: enough to balance the load over a few dozen workers, few enough that
# per-task overhead (pickling, scheduling) stays small next to the work.
_TARGET_TASKS = 64


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@checked
def replication_seeds(seed: int, n: int) -> tuple[int, ...]:
    """Return the seeds of replications ``0 .. n-1`` under the master *seed*.

    Seed *i* is the first 8 bytes of ``blake2b(f"{seed}:{i}", digest_size=8,
    person=b"servicegov.mc")`` read big-endian and shifted right by one bit: a
    63-bit non-negative integer, so it also suits APIs that want a signed
    64-bit seed.  It depends on nothing but *seed* and *i*: the first *k*
    seeds of ``n`` replications are the seeds of ``k`` replications, and
    neighbouring master seeds give unrelated streams.

    Args:
        seed: the master seed, any integer.
        n: the number of replications, ``>= 0``.

    Raises:
        InvalidValue: when *seed* is not an integer or *n* is not an integer
            ``>= 0``.

    Examples:
        >>> replication_seeds(5, 3)
        (449659495545453937, 3459573245990562944, 5640791155882353429)
        >>> replication_seeds(5, 5)[:3] == replication_seeds(5, 3)
        True
        >>> replication_seeds(5, 0)
        ()
    """
    if not _is_int(seed):
        raise InvalidValue.for_field("seed", seed, "an integer")
    if not _is_int(n) or not 0 <= n <= MAX_REPLICATIONS:
        raise InvalidValue.for_field("n", n, f"an integer from 0 to {MAX_REPLICATIONS:,}")
    return tuple(_derive(seed, i) for i in range(n))


def _derive(master: int, index: int) -> int:
    digest = hashlib.blake2b(f"{master}:{index}".encode("ascii"), digest_size=8, person=_PERSON).digest()
    return int.from_bytes(digest, "big") >> 1


def _nan_key(value: object) -> object:
    """Compare ``nan`` equal to ``nan``: a statistic that is undefined is the same on both sides."""
    return "nan" if isinstance(value, float) and math.isnan(value) else value


@attrs.frozen(kw_only=True)
class Summary:
    """Summary statistics of numeric replication outputs.

    Percentiles interpolate linearly between order statistics (the
    ``"linear"`` method of NumPy and R's type 7), so ``p50`` is the median.

    Attributes:
        n: how many values.
        mean: their arithmetic mean.
        sd: the sample standard deviation (``n - 1`` in the denominator);
            ``nan`` (``null`` in JSON) when ``n == 1``.
        min: the smallest value.
        max: the largest value.
        p2_5: the 2.5th percentile.
        p50: the median.
        p97_5: the 97.5th percentile.

    Examples:
        >>> summarise([1, 2, 3, 4])
        Summary(n=4, mean=2.5, sd=1.2909944487358056, min=1.0, max=4.0,
                p2_5=1.075, p50=2.5, p97_5=3.925)
    """

    n: int
    mean: float
    sd: float = attrs.field(eq=_nan_key)
    min: float
    max: float
    p2_5: float
    p50: float
    p97_5: float


def _percentile(ordered: Sequence[float], q: float) -> float:
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _numbers(values: Iterable[object], field: str) -> list[float]:
    numbers: list[float] = []
    for i, value in enumerate(values):
        if not isinstance(value, Real) or not math.isfinite(value):
            raise InvalidValue.for_field(f"{field}[{i}]", value, "a finite real number")
        numbers.append(float(value))
    if not numbers:
        raise InvalidValue.for_field(field, [], "at least one number")
    return numbers


@checked
def summarise(values: Iterable[float | bool]) -> Summary:
    """Return the mean, standard deviation, extremes and 2.5/50/97.5 percentiles.

    Pure Python (the :mod:`statistics` module); booleans count as 0 and 1, so
    the mean of success flags is a rate.

    Args:
        values: finite real numbers, at least one.

    Raises:
        InvalidValue: when *values* is empty or holds something that is not a
            finite real number (the message names its index).

    Examples:
        >>> s = summarise(range(101))
        >>> s.mean, s.min, s.max, s.p2_5, s.p50, s.p97_5
        (50.0, 0.0, 100.0, 2.5, 50.0, 97.5)
        >>> summarise([3.0]).sd
        nan
        >>> summarise([1, "2"])
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidType: 'values[1]' must be a finite real number (got '2')
    """
    numbers = _numbers(values, "values")
    ordered = sorted(numbers)
    try:
        mean = statistics.fmean(numbers)
        sd = statistics.stdev(numbers) if len(numbers) > 1 else math.nan
    except OverflowError:
        allowed = "numbers whose mean and spread a float can hold (below about 1e154)"
        raise InvalidValue.for_field("values", numbers, allowed) from None
    return Summary(
        n=len(numbers),
        mean=mean,
        sd=sd,
        min=ordered[0],
        max=ordered[-1],
        p2_5=_percentile(ordered, 2.5),
        p50=_percentile(ordered, 50),
        p97_5=_percentile(ordered, 97.5),
    )


def _check_lengths(instance: MonteCarloResult[object], attribute: object, value: object) -> None:
    if len(instance.seeds) != len(instance.runs):
        raise InvalidValue.for_field("seeds", instance.seeds, f"one seed per run ({len(instance.runs)})")


def _int_tuple(values: Iterable[int]) -> tuple[int, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True)
class MonteCarloResult(Generic[T]):
    """The outputs of a Monte Carlo experiment, in replication order.

    Attributes:
        runs: the experiment's output for each replication.
        seeds: the seed each replication was given (see
            :func:`replication_seeds`); rerun one with ``experiment(seeds[i])``.
        master_seed: the seed the replication seeds were derived from.

    Examples:
        >>> result = monte_carlo(lambda s: s % 10, 3, seed=5)
        >>> result.runs, result.replications
        ((7, 4, 9), 3)
        >>> result.runs == tuple(s % 10 for s in result.seeds)
        True
    """

    runs: tuple[T, ...] = attrs.field(converter=tuple)
    seeds: tuple[int, ...] = attrs.field(converter=_int_tuple, validator=_check_lengths)
    master_seed: int

    @property
    def replications(self) -> int:
        """The number of replications."""
        return len(self.runs)

    @checked
    def summary(self, key: Callable[[T], float] | None = None) -> Summary:
        """Summarise the runs, or ``key(run)`` of each run, with :func:`summarise`.

        Args:
            key: turns a run into a number; by default the runs themselves
                must be numbers.

        Raises:
            InvalidValue: when there are no runs or a value is not a finite
                real number (the message names ``runs[i]``).

        Examples:
            >>> result = monte_carlo(lambda s: {"served": s % 4}, 8, seed=1)
            >>> [r["served"] for r in result.runs]
            [2, 3, 3, 3, 3, 3, 1, 2]
            >>> result.summary(key=lambda r: r["served"]).mean
            2.5
            >>> result.summary()
            Traceback (most recent call last):
                ...
            servicegov.errors.InvalidValue: 'runs[0]' must be a finite real number
            (got {'served': 2})
        """
        values = self.runs if key is None else [key(run) for run in self.runs]
        numbers = _numbers(values, "runs")
        return summarise(numbers)


def _nan_as_null(converter: Any, cl: type, *fields: str) -> None:
    """Write the *fields* of *cl* as ``null`` when they are ``nan``, and read ``null`` back as ``nan``.

    JSON has no ``nan``; ``null`` is what strict parsers accept, and it compares equal.
    """
    from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

    from servicegov._strict import objects_only

    def unstructure(value: Any) -> Any:
        return None if isinstance(value, float) and math.isnan(value) else value

    def structure(value: Any, _cl: Any) -> float:
        return math.nan if value is None else float(converter.structure(value, float))

    writes: Any = {f: override(unstruct_hook=unstructure) for f in fields}
    reads: Any = {f: override(struct_hook=structure) for f in fields}
    converter.register_unstructure_hook(cl, make_dict_unstructure_fn(cl, converter, **writes))
    converter.register_structure_hook(cl, objects_only(make_dict_structure_fn(cl, converter, **reads)))


def _configure(converter: Any) -> None:
    # A summary of one value has no sd.
    _nan_as_null(converter, Summary, "sd")
    # A result read back without saying what its runs are (``structure(data,
    # MonteCarloResult)``) keeps them as JSON gave them; cattrs would refuse the
    # unbound type variable.  ``MonteCarloResult[int]`` and the like still check them.
    converter.register_structure_hook(
        MonteCarloResult, lambda value, _cl: converter.structure(value, MonteCarloResult[Any])
    )


def _run_chunk(experiment: Callable[[int], T], seeds: Sequence[int], first: int = 0) -> list[T]:
    """Run *experiment* once per seed; the unit of work sent to an executor.

    Module-level so that process pools and Dask can pickle it by reference.
    *first* is the index of the chunk's first replication, for the error note.
    """
    outputs: list[T] = []
    for offset, seed in enumerate(seeds):
        try:
            outputs.append(experiment(seed))
        except Exception as exc:
            # PEP 678 notes travel with the exception back from a worker.
            if hasattr(exc, "add_note"):
                exc.add_note(f"in Monte Carlo replication {first + offset} (seed {seed})")
            raise
    return outputs


@checked
def monte_carlo(
    experiment: Callable[[int], T],
    replications: int,
    *,
    seed: int,
    executor: Executor | None = None,
    progress: Callable[[int, int], object] | None = None,
    chunksize: int | None = None,
) -> MonteCarloResult[T]:
    """Run *experiment* once per replication and collect the outputs in order.

    Replication *i* calls ``experiment(replication_seeds(seed, n)[i])``.  The
    experiment should draw all its randomness from that seed (a
    ``random.Random(seed)``, say) and touch no shared state; then the runs are
    the same whatever runs them.

    With no *executor* the replications run one after another in this
    process.  With one, they are cut into chunks of *chunksize* replications
    and each chunk is submitted as one task, which keeps the per-task cost of
    pickling and scheduling small.  The experiment and its outputs must then
    be picklable (for a process pool or Dask: a module-level function, or a
    ``functools.partial`` of one), and the executor may be any
    ``concurrent.futures.Executor``: a ``ThreadPoolExecutor``, a
    ``ProcessPoolExecutor``, or Dask's ``Client.get_executor()``.

    Args:
        experiment: a callable taking one ``int`` seed.
        replications: how many times to run it, ``>= 0``.
        seed: the master seed the replication seeds are derived from.
        executor: where to run the replications; ``None`` runs them here.
        progress: called as ``progress(done, total)`` once for every finished
            replication, with ``done`` going up 1, 2, ..., *total*, in the
            calling thread.  In-process it follows each replication; with an
            executor the calls come in a burst when a chunk finishes, chunks
            in the order they finish.
        chunksize: replications per task, ``>= 1``; by default about
            ``replications / 64`` rounded up.  It changes how the work is cut,
            never the results.  Ignored without an executor.

    Returns:
        A :class:`MonteCarloResult` with ``runs[i]`` the output of replication
        *i*, whatever order they finished in.

    Raises:
        InvalidValue: when *experiment* or *progress* is not callable,
            *replications* is not an integer ``>= 0``, *seed* is not an
            integer, *chunksize* is not an integer ``>= 1``, or *executor*
            has no ``submit`` method.
        Exception: whatever the experiment raised, with a note naming the
            replication and its seed (Python 3.11+); the tasks not yet
            started are cancelled.

    Examples:
        >>> from concurrent.futures import ThreadPoolExecutor
        >>> def square(seed):
        ...     return (seed % 1000) ** 2
        >>> here = monte_carlo(square, 10, seed=3)
        >>> with ThreadPoolExecutor(2) as pool:
        ...     there = monte_carlo(square, 10, seed=3, executor=pool, chunksize=3)
        >>> here.runs == there.runs
        True
        >>> monte_carlo(square, -1, seed=3)
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'replications' must be an integer from 0 to 10,000,000 (got -1)
    """
    if not callable(experiment):
        raise InvalidValue.for_field("experiment", experiment, "a callable taking one integer seed")
    if not _is_int(replications) or not 0 <= replications <= MAX_REPLICATIONS:
        allowed = f"an integer from 0 to {MAX_REPLICATIONS:,}"
        raise InvalidValue.for_field("replications", replications, allowed)
    if not _is_int(seed):
        raise InvalidValue.for_field("seed", seed, "an integer")
    if progress is not None and not callable(progress):
        raise InvalidValue.for_field("progress", progress, "None or a callable (done, total)")
    if chunksize is not None and (not _is_int(chunksize) or chunksize < 1):
        raise InvalidValue.for_field("chunksize", chunksize, "None or an integer >= 1")
    if executor is not None and not callable(getattr(executor, "submit", None)):
        raise InvalidValue.for_field("executor", executor, "None or a concurrent.futures.Executor")

    seeds = replication_seeds(seed, replications)
    if executor is None:
        runs: list[T] = []
        for index, replication_seed in enumerate(seeds):
            runs.extend(_run_chunk(experiment, (replication_seed,), index))
            if progress is not None:
                progress(index + 1, replications)
    else:
        size = chunksize if chunksize is not None else max(1, -(-replications // _TARGET_TASKS))
        runs = _run_on(executor, experiment, seeds, size, progress)
    return MonteCarloResult(runs=runs, seeds=seeds, master_seed=seed)


def _run_on(
    executor: Executor,
    experiment: Callable[[int], T],
    seeds: tuple[int, ...],
    size: int,
    progress: Callable[[int, int], object] | None,
) -> list[T]:
    total = len(seeds)
    starts = range(0, total, size)
    chunks: list[list[T]] = [[] for _ in starts]
    pending: dict[Future[list[T]], int] = {}
    try:
        for number, start in enumerate(starts):
            chunk = seeds[start : start + size]
            pending[executor.submit(_run_chunk, experiment, chunk, start)] = number
        done = 0
        for future in as_completed(pending):
            number = pending[future]
            chunks[number] = future.result()
            for _ in chunks[number]:
                done += 1
                if progress is not None:
                    progress(done, total)
    finally:
        # On an error (or an interrupt) stop what has not started yet.
        for future in pending:
            future.cancel()
    return [run for chunk in chunks for run in chunk]
