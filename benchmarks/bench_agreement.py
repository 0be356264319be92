"""Benchmark servicegov.agreement.krippendorff_alpha against the krippendorff package.

The instance is the scoring seed's size: 260,000 units (commitments) rated by
two reviewers on a 1-5 scale, about 5% of the ratings missing.  The library
takes rows of Python lists with ``None`` for missing; the package takes a
float array with ``nan``.  Each side gets its own input ready-made, so the
timings leave out building the array (reported separately, as a caller with
lists would pay it before calling the package).

Every timing is the best of ``--repeat`` runs, the package and the library
run in turn so that both see the same machine load.  The target is a ratio
(library / package) of at most 2.  Run from the repository root::

    python benchmarks/bench_agreement.py                  # 260,000 units
    python benchmarks/bench_agreement.py --units 26000    # a tenth of it
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

import krippendorff
import numpy as np

from servicegov.agreement import krippendorff_alpha

LEVELS = ("nominal", "ordinal", "interval", "ratio")


def ratings(units: int, raters: int, missing: float, seed: int) -> list[list[int | None]]:
    rng = random.Random(seed)
    truth = [rng.randint(1, 5) for _ in range(units)]
    # Each reviewer agrees with the unit's true score most of the time and is
    # off by one otherwise, so alpha is well away from 0 and 1.
    return [
        [None if rng.random() < missing else min(5, max(1, t + rng.choice((0, 0, 0, -1, 1)))) for t in truth]
        for _ in range(raters)
    ]


def timed(fn: Callable[[], float]) -> tuple[float, float]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=260_000, help="number of units (columns)")
    parser.add_argument("--raters", type=int, default=2, help="number of raters (rows)")
    parser.add_argument("--missing", type=float, default=0.05, help="share of missing ratings")
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing; the best counts")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--level", choices=(*LEVELS, "all"), default="all")
    args = parser.parse_args()

    data = ratings(args.units, args.raters, args.missing, args.seed)
    start = time.perf_counter()
    array = np.array([[np.nan if v is None else v for v in row] for row in data], dtype=float)
    to_array = time.perf_counter() - start

    print(
        f"{args.units:,} units x {args.raters} raters, ratings 1-5, "
        f"{args.missing:.0%} missing, best of {args.repeat}"
    )
    print(f"building the package's nan array from the lists: {to_array * 1e3:.1f} ms (not timed)")
    print(
        f"{'level':<9} {'package ms':>11} {'servicegov ms':>14} {'ratio':>6} "
        f"{'ns/unit':>8} {'|difference|':>13}"
    )
    worst = 0.0
    for level in LEVELS if args.level == "all" else (args.level,):
        peer_time = ours_time = float("inf")
        peer = ours = float("nan")
        for _ in range(args.repeat):
            t, peer = timed(
                lambda level=level: float(
                    krippendorff.alpha(reliability_data=array, level_of_measurement=level)
                )
            )
            peer_time = min(peer_time, t)
            t, ours = timed(lambda level=level: krippendorff_alpha(data, level))
            ours_time = min(ours_time, t)
        ratio = ours_time / peer_time
        worst = max(worst, ratio)
        print(
            f"{level:<9} {peer_time * 1e3:>11.1f} {ours_time * 1e3:>14.1f} {ratio:>6.2f} "
            f"{ours_time / args.units * 1e9:>8.1f} {abs(peer - ours):>13.2e}"
        )
    print(f"worst ratio {worst:.2f} (target: at most 2.00)")


if __name__ == "__main__":
    main()
