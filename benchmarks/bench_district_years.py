"""Whole simulated district years in one process versus on a two-worker Dask LocalCluster.

Run from the repository with the ``dask`` extra installed::

    pip install -e '.[dask]'
    python benchmarks/bench_district_years.py [--replications 100] [--workers 2] [--min-speedup 1.6]

Each replication is :class:`servicegov.simulation.DistrictYear`: one year of the
``small`` preset district (4,000 needs) played through ``simulate_year``.  The
experiment carries only the preset's name and seed; each worker generates the
district once and keeps it, so a task ships a few bytes, not the district.

It prints the wall time of each, the speedup and the cost of one replication,
and checks that both gave identical runs.  The cluster's start-up is timed
apart: it is paid once per session, not per call.  The exit status is 1 when
the runs differ, or when ``--min-speedup`` is given and not reached.  Run it
on an otherwise idle machine: it prints the load average, since anything else
running takes cores from the workers and lowers the speedup.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pickle
import sys
import time
from typing import Any

from servicegov import serialization
from servicegov.simulation import PRESETS, DistrictYear, monte_carlo


def _warm_up(preset: str, district_seed: int) -> int:
    """Generate the district in this worker and keep it; return its needs, not the district."""
    return len(DistrictYear(preset=preset, district_seed=district_seed).district().needs)


def _cpu_seconds() -> float:
    """The CPU time this process has used so far, user and system."""
    times = os.times()
    return times.user + times.system


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", choices=list(PRESETS), default="small")
    parser.add_argument("--district-seed", type=int, default=0)
    parser.add_argument("--replications", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--chunksize", type=int, default=None)
    parser.add_argument("--min-speedup", type=float, default=None)
    args = parser.parse_args(argv)

    # The benchmark's own dependency, never the library's; Any because
    # distributed's annotations are partial.
    distributed: Any = importlib.import_module("distributed")

    experiment = DistrictYear(preset=args.preset, district_seed=args.district_seed)
    n = args.replications

    # Generate the district here first, as each worker does during its warm-up,
    # so that both sides time only the years.
    experiment.district()
    load_before = os.getloadavg()[0]
    cpu = _cpu_seconds()
    started = time.perf_counter()
    here = monte_carlo(experiment, n, seed=args.seed)
    t_here = time.perf_counter() - started
    cpu_here = _cpu_seconds() - cpu

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
        client.wait_for_workers(args.workers, timeout=120)
        executor = client.get_executor()
        # Let every worker import servicegov and generate the district once.
        client.run(_warm_up, args.preset, args.district_seed)
        t_start = time.perf_counter() - started

        cpu_before = client.run(_cpu_seconds)
        started = time.perf_counter()
        there = monte_carlo(experiment, n, seed=args.seed, executor=executor, chunksize=args.chunksize)
        t_there = time.perf_counter() - started
        cpu_after = client.run(_cpu_seconds)
        cpu_there = sum(cpu_after[w] - cpu_before[w] for w in cpu_after)

    load_after = os.getloadavg()[0]
    # JSON writes floats with repr: equal text means bit-identical runs.
    identical = here == there and json.dumps(serialization.unstructure(here.runs)) == json.dumps(
        serialization.unstructure(there.runs)
    )
    speedup = t_here / t_there
    print(f"experiment:            district years ({args.preset}, district seed {args.district_seed})")
    print(f"task payload:          {len(pickle.dumps(experiment))} bytes of experiment")
    print(f"replications:          {n}")
    print(f"one process:           {t_here:8.3f} s  ({1000 * t_here / n:.1f} ms per replication)")
    print(f"dask, {args.workers} workers:        {t_there:8.3f} s  (cluster start-up {t_start:.2f} s)")
    print(f"speedup:               {speedup:8.2f}x")
    print(f"identical runs:        {identical}")
    # Other work on the machine takes cores from the workers: then they get less
    # than all of their cores' time, and the speedup says more about the machine.
    share_here = cpu_here / t_here
    share_there = cpu_there / (t_there * args.workers)
    print(f"cpu share:             {share_here:8.0%} one process, {share_there:.0%} per worker")
    print(f"load average (1 min):  {load_before:.2f} before, {load_after:.2f} after, {os.cpu_count()} cores")
    if not identical:
        return 1
    if args.min_speedup is not None and speedup < args.min_speedup:
        print(f"speedup below {args.min_speedup}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
