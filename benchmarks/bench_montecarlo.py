"""Monte Carlo in one process versus on a two-worker Dask LocalCluster.

Run from the repository with the ``dask`` extra installed::

    pip install -e '.[dask]'
    python benchmarks/bench_montecarlo.py [--replications 200] [--workers 2]

It prints the wall time of each, the speedup, the cost of one replication,
and checks that both gave identical runs.  The cluster's start-up is timed
apart: it is paid once per session, not per call.  The exit status is 1 when
the runs differ, or when ``--min-speedup`` is given and not reached.
"""

from __future__ import annotations

import argparse
import importlib
import random
import sys
import time
from typing import Any

from servicegov.simulation._montecarlo import monte_carlo


def queue_experiment(seed: int) -> float:
    """A two-counter service hall, ~30 ms of pure Python: the mean wait of 36,000 visitors."""
    rng = random.Random(seed)
    free_at = [0.0, 0.0]
    clock = waited = 0.0
    visitors = 36_000
    for _ in range(visitors):
        clock += rng.expovariate(1.0)
        counter = 0 if free_at[0] <= free_at[1] else 1
        start = max(clock, free_at[counter])
        waited += start - clock
        free_at[counter] = start + rng.expovariate(0.55)
    return waited / visitors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--chunksize", type=int, default=None)
    parser.add_argument("--min-speedup", type=float, default=None)
    args = parser.parse_args(argv)

    # The benchmark's own dependency, never the library's; Any because
    # distributed's annotations are partial.
    distributed: Any = importlib.import_module("distributed")

    n = args.replications
    started = time.perf_counter()
    here = monte_carlo(queue_experiment, n, seed=args.seed)
    t_here = time.perf_counter() - started

    started = time.perf_counter()
    cluster_kwargs: dict[str, Any] = {
        "n_workers": args.workers,
        "threads_per_worker": 1,
        "processes": True,
        "dashboard_address": None,
    }
    with (
        distributed.LocalCluster(**cluster_kwargs) as cluster,
        distributed.Client(cluster) as client,
    ):
        client.wait_for_workers(args.workers, timeout=60)
        executor = client.get_executor()
        # Let every worker import servicegov and unpickle the experiment once.
        monte_carlo(queue_experiment, args.workers, seed=0, executor=executor, chunksize=1)
        t_start = time.perf_counter() - started

        started = time.perf_counter()
        there = monte_carlo(queue_experiment, n, seed=args.seed, executor=executor, chunksize=args.chunksize)
        t_there = time.perf_counter() - started

    identical = here == there
    speedup = t_here / t_there
    print(f"replications:          {n}")
    print(f"one process:           {t_here:8.3f} s  ({1000 * t_here / n:.1f} ms per replication)")
    print(f"dask, {args.workers} workers:        {t_there:8.3f} s  (cluster start-up {t_start:.2f} s)")
    print(f"speedup:               {speedup:8.2f}x")
    print(f"identical runs:        {identical}")
    print(f"mean wait (summary):   {here.summary().mean:.4f}")
    if not identical:
        return 1
    if args.min_speedup is not None and speedup < args.min_speedup:
        print(f"speedup below {args.min_speedup}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
