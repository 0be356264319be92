"""Whole simulated district years in one process versus on a two-worker Dask LocalCluster.

Run from the repository with the ``dask`` extra installed::

    pip install -e '.[dask]'
    python benchmarks/bench_district_years.py [--replications 100] [--rounds 3] [--min-speedup 1.6]

Each replication is :class:`servicegov.simulation.DistrictYear`: one year of the
``small`` preset district (4,000 needs) played through ``simulate_year``.  The
experiment carries only the preset's name and seed; each worker generates the
district once and keeps it, so a task ships a few bytes, not the district.

The two sides alternate for ``--rounds`` rounds and the best round of each is
compared (the speedup of the medians is printed too).  It prints the wall time
of each, the speedup and the cost of one replication, and checks that both
gave identical runs.  The cluster's start-up is timed
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
import statistics
import sys
import time
from typing import Any

from servicegov import serialization
from servicegov.simulation import PRESETS, DistrictYear, monte_carlo

# A batch run needs no live diagnostics: the workers' sampling profiler (every
# 10 ms) and GIL monitor (every 1 ms) take a tenth of a core on a two-core
# machine, and the one-process run pays for neither.
_QUIET_WORKERS = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.gil.enabled": False,
}


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
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--min-speedup", type=float, default=None)
    args = parser.parse_args(argv)

    # The benchmark's own dependency, never the library's; Any because
    # distributed's annotations are partial.
    distributed: Any = importlib.import_module("distributed")
    dask_config: Any = importlib.import_module("dask.config")

    experiment = DistrictYear(preset=args.preset, district_seed=args.district_seed)
    n = args.replications

    # Generate the district here first, as each worker does during its warm-up,
    # so that both sides time only the years.
    experiment.district()
    load_before = os.getloadavg()[0]
    cluster_kwargs: dict[str, Any] = {
        "n_workers": args.workers,
        "threads_per_worker": 1,
        "processes": True,
        "dashboard_address": None,
    }
    times_here: list[float] = []
    times_there: list[float] = []
    cpu_here = cpu_there = 0.0
    identical = True
    started = time.perf_counter()
    with (
        dask_config.set(_QUIET_WORKERS),
        distributed.LocalCluster(**cluster_kwargs) as cluster,
        distributed.Client(cluster) as client,
    ):
        client.wait_for_workers(args.workers, timeout=120)
        executor = client.get_executor()
        # Let every worker import servicegov and generate the district once.
        client.run(_warm_up, args.preset, args.district_seed)
        t_start = time.perf_counter() - started

        # The sides alternate, round after round, so that a slow spell of a
        # shared machine falls on both; the best round of each is compared,
        # as timeit does, since noise only ever adds time.
        for _ in range(args.rounds):
            cpu = _cpu_seconds()
            started = time.perf_counter()
            here = monte_carlo(experiment, n, seed=args.seed)
            times_here.append(time.perf_counter() - started)
            cpu_here += _cpu_seconds() - cpu

            cpu_before = client.run(_cpu_seconds)
            started = time.perf_counter()
            there = monte_carlo(experiment, n, seed=args.seed, executor=executor, chunksize=args.chunksize)
            times_there.append(time.perf_counter() - started)
            cpu_after = client.run(_cpu_seconds)
            cpu_there += sum(cpu_after[w] - cpu_before[w] for w in cpu_after)

            # JSON writes floats with repr: equal text means bit-identical runs.
            identical = (
                identical
                and here == there
                and json.dumps(serialization.unstructure(here.runs))
                == json.dumps(serialization.unstructure(there.runs))
            )

    load_after = os.getloadavg()[0]
    t_here, t_there = min(times_here), min(times_there)
    speedup = t_here / t_there
    median_speedup = statistics.median(times_here) / statistics.median(times_there)
    print(f"experiment:            district years ({args.preset}, district seed {args.district_seed})")
    print(f"task payload:          {len(pickle.dumps(experiment))} bytes of experiment")
    print(f"replications:          {n}, best of {args.rounds} alternating rounds")
    print(f"one process:           {t_here:8.3f} s  ({1000 * t_here / n:.1f} ms per replication)")
    print(f"dask, {args.workers} workers:        {t_there:8.3f} s  (cluster start-up {t_start:.2f} s)")
    print(f"speedup:               {speedup:8.2f}x  (of the medians {median_speedup:.2f}x)")
    print(f"identical runs:        {identical}")
    # Other work on the machine takes cores from the workers: then they get less
    # than all of their cores' time, and the speedup says more about the machine.
    share_here = cpu_here / sum(times_here)
    share_there = cpu_there / (sum(times_there) * args.workers)
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
