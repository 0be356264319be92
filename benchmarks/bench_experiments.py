"""A simulation experiment in one process versus on a two-worker Dask LocalCluster.

Run from the repository with the ``dask`` extra installed::

    pip install -e '.[dask]'
    python benchmarks/bench_experiments.py [--experiment residents-weight] [--replications 200]

It prints the wall time of each, the speedup and the cost of one replication,
and checks that both gave identical runs.  The cluster's start-up is timed
apart: it is paid once per session, not per call.  The exit status is 1 when
the runs differ, or when ``--min-speedup`` is given and not reached.
"""

from __future__ import annotations

import argparse
import importlib
import pickle
import sys
import time
from typing import Any

import attrs

from servicegov.cli.simulate import EXPERIMENTS
from servicegov.simulation import World, monte_carlo


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experiment", choices=list(EXPERIMENTS), default="residents-weight")
    parser.add_argument("--replications", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2025)
    # A study-sized world: the default 30 units rate in a few milliseconds, too little
    # work per replication for any cluster to pay off.
    parser.add_argument("--units", type=int, default=80)
    parser.add_argument("--residents", type=int, default=40)
    parser.add_argument("--chunksize", type=int, default=None)
    parser.add_argument("--min-speedup", type=float, default=None)
    args = parser.parse_args(argv)

    # The benchmark's own dependency, never the library's; Any because
    # distributed's annotations are partial.
    distributed: Any = importlib.import_module("distributed")

    world = World(units=args.units, residents=args.residents)
    experiment = attrs.evolve(EXPERIMENTS[args.experiment].make(), world=world)

    n = args.replications
    started = time.perf_counter()
    here = monte_carlo(experiment, n, seed=args.seed)
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
        monte_carlo(experiment, args.workers, seed=0, executor=executor, chunksize=1)
        t_start = time.perf_counter() - started

        started = time.perf_counter()
        there = monte_carlo(experiment, n, seed=args.seed, executor=executor, chunksize=args.chunksize)
        t_there = time.perf_counter() - started

    identical = here == there and pickle.dumps(here.runs) == pickle.dumps(there.runs)
    speedup = t_here / t_there
    print(f"experiment:            {args.experiment} ({args.units} units, {args.residents} residents)")
    print(f"replications:          {n}")
    print(f"one process:           {t_here:8.3f} s  ({1000 * t_here / n:.1f} ms per replication)")
    print(f"dask, {args.workers} workers:        {t_there:8.3f} s  (cluster start-up {t_start:.2f} s)")
    print(f"speedup:               {speedup:8.2f}x")
    print(f"identical runs:        {identical}")
    if not identical:
        return 1
    if args.min_speedup is not None and speedup < args.min_speedup:
        print(f"speedup below {args.min_speedup}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
