"""Benchmark: the pipeline over a preset district, against the floor of building its needs.

The floor is the time it takes merely to construct the same ``Need`` objects:
nothing can process a need faster than it can be built.  The target is a ratio
of at most 5 (aim: 3) on the ``xinzhou`` preset (259,650 needs), with peak memory
for the whole district under 1.5 GB (aim: 500 MB).

Run:  python benchmarks/bench_pipeline.py [--preset xinzhou] [--seed 0] [--repeat 1]
"""

from __future__ import annotations

import argparse
import gc
import resource
import time

import attrs

from servicegov import pipeline, simulation
from servicegov.needs import Need


def _floor(needs: tuple[Need, ...]) -> float:
    kwargs = [attrs.asdict(n, recurse=False) for n in needs]
    gc.collect()
    start = time.perf_counter()
    built = [Need(**k) for k in kwargs]
    elapsed = time.perf_counter() - start
    assert len(built) == len(needs)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="xinzhou")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()

    start = time.perf_counter()
    district = simulation.generate(args.preset, seed=args.seed)
    generated = time.perf_counter() - start
    n = len(district.needs)
    floor = min(_floor(district.needs) for _ in range(args.repeat))
    service = pipeline.SimulatedService(seed=args.seed)
    print(f"preset {args.preset!r}: {n:,} needs, generated in {generated:.2f} s")
    print(f"floor (construct the needs): {floor:.2f} s, {1e6 * floor / n:.1f} µs per need")
    stages = {
        # consolidation, screening, routing, deadlines and escalation: the target's scope
        "routing stages": {"claim_mode": None, "scoring_rule": None, "assessment": False},
        "whole pipeline": {},
    }
    for name, options in stages.items():
        times = []
        for _ in range(args.repeat):
            gc.collect()
            start = time.perf_counter()
            report = pipeline.run(district, service=service, **options)  # type: ignore[arg-type]
            times.append(time.perf_counter() - start)
        assert len(report.outcomes) == n
        best = min(times)
        print(f"{name + ':':<28} {best:.2f} s, {1e6 * best / n:.1f} µs per need, "
              f"ratio to the floor {best / floor:.2f}")
    print("target for the routing stages: ratio <= 5 (aim 3)")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS):       {peak_mb:,.0f} MB  (target < 1,500, aim 500)")


if __name__ == "__main__":
    main()
