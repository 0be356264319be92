"""Benchmark: the pipeline over a preset district, against the floor of building its needs.

The floor is the time it takes merely to construct the same ``Need`` objects:
nothing can process a need faster than it can be built.  Targets on the
``xinzhou`` preset (259,650 needs), as ratios to that floor:

* the default call with no recorded facts — the worst case: nothing is
  resolved, so every need escalates as far as it can — at most 5 (aim 3);
* a simulated year (``simulation.simulate_year``) at most 6 (aim 4);
* peak memory for the whole district under 1 GB (aim 500 MB).

It also times building every need's history (``Report.history``) and the
breaches, which are made on demand.

The floor and the cases alternate for ``--rounds`` rounds, so that whatever
else loads a shared machine falls on all of them alike; the best round of
each is compared (as ``timeit`` advises), and the ratio of the medians is
printed beside it as a check on the noise.

Run:  python benchmarks/bench_pipeline.py [--preset xinzhou] [--seed 0] [--rounds 3]
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import time
from collections.abc import Callable

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
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    start = time.perf_counter()
    district = simulation.generate(args.preset, seed=args.seed)
    generated = time.perf_counter() - start
    n = len(district.needs)
    service = pipeline.SimulatedService(seed=args.seed)
    print(f"preset {args.preset!r}: {n:,} needs, generated in {generated:.2f} s; "
          f"best of {args.rounds} alternating rounds")
    cases: dict[str, Callable[[], pipeline.Report]] = {
        "default call, no facts (worst)": lambda: pipeline.run(district),
        "with a service model": lambda: pipeline.run(district, service=service),
        "simulated year": lambda: simulation.simulate_year(district, seed=args.seed),
    }
    floors: list[float] = []
    times: dict[str, list[float]] = {name: [] for name in cases}
    report = None
    for _ in range(args.rounds):
        floors.append(_floor(district.needs))
        for name, call in cases.items():
            report = None  # let the last round's report go before the next is built
            gc.collect()
            start = time.perf_counter()
            report = call()
            times[name].append(time.perf_counter() - start)
            assert len(report.outcomes) == n
    floor, floor_median = min(floors), statistics.median(floors)
    print(f"floor (construct the needs): {floor:.2f} s, {1e6 * floor / n:.1f} µs per need "
          f"(rounds: {', '.join(f'{t:.2f}' for t in floors)})")
    for name, taken in times.items():
        best = min(taken)
        medians = statistics.median(taken) / floor_median
        print(f"{name + ':':<34} {best:6.2f} s, {1e6 * best / n:5.1f} µs per need, "
              f"ratio to the floor {best / floor:.2f} (of the medians {medians:.2f})")
    assert report is not None
    start = time.perf_counter()
    events = sum(len(report.history(nid)) for nid in report.outcomes)
    walked = time.perf_counter() - start
    start = time.perf_counter()
    charged = sum(len(v) for v in report.breaches.values())
    breached = time.perf_counter() - start
    print(f"{'every history (' + format(events, ',') + ' events):':<34} {walked:6.2f} s, "
          f"{1e6 * walked / n:5.1f} µs per need")
    print(f"{'breaches (' + format(charged, ',') + ' charged):':<34} {breached:6.2f} s")
    print("targets: default call <= 5 (aim 3), simulated year <= 6 (aim 4)")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak_mb:,.0f} MB  (target < 1,000, aim 500)")


if __name__ == "__main__":
    main()
