"""Benchmark servicegov.assignment against straightforward baselines.

Stable: a district of 260,000 needs and 26,000 claimants (capacity 7 to 13,
about 10), each need listing 8 claimants at random and each claimant ranking,
at random, the needs that listed it.  The baseline is a textbook deferred
acceptance loop written below, in both directions.

Optimal: Xinzhou's 651 villages, each with 400 needs and 40 local claimants
(capacity 8 to 12), each need weighing 5 claimants of its village.  The
baseline solves each village separately (the caller splitting the district by
hand) with scipy's dense ``linear_sum_assignment`` on the capacity-expanded
matrix, with one "stay unassigned" column per need.

Every timing is the best of ``--repeat`` runs of CPU time (``time.process_time``,
which a busy machine disturbs less than wall time; all the code timed here runs
on one thread), baseline and library in turn so that both see the same load.
Run from the repository root::

    python benchmarks/bench_assignment.py           # full size
    python benchmarks/bench_assignment.py --quick   # a tenth of it
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from servicegov.assignment import optimal_assignment, stable_assignment

Prefs = dict[str, list[str]]
Weights = dict[tuple[str, str], float]


# -- instances -----------------------------------------------------------------


def district(n_needs: int, n_claimants: int, choices: int, seed: int) -> tuple[Prefs, Prefs, dict[str, int]]:
    rng = random.Random(seed)
    claimants = [f"c{j:06d}" for j in range(n_claimants)]
    caps = {c: rng.randint(7, 13) for c in claimants}
    need_prefs: Prefs = {}
    listed: dict[str, list[str]] = {c: [] for c in claimants}
    for i in range(n_needs):
        need = f"n{i:07d}"
        ranked = rng.sample(claimants, choices)
        need_prefs[need] = ranked
        for c in ranked:
            listed[c].append(need)
    for ranked in listed.values():
        rng.shuffle(ranked)
    return need_prefs, listed, caps


def villages(
    n_villages: int, needs: int, claimants: int, choices: int, seed: int
) -> tuple[Weights, dict[str, int], list[tuple[list[str], list[str]]]]:
    rng = random.Random(seed)
    weights: Weights = {}
    caps: dict[str, int] = {}
    parts = []
    for v in range(n_villages):
        local = [f"v{v:03d}-c{j:02d}" for j in range(claimants)]
        caps.update({c: rng.randint(8, 12) for c in local})
        local_needs = [f"v{v:03d}-n{i:03d}" for i in range(needs)]
        for need in local_needs:
            for c in rng.sample(local, choices):
                weights[(need, c)] = round(rng.uniform(0.0, 10.0), 3)
        parts.append((local_needs, local))
    return weights, caps, parts


# -- baselines -----------------------------------------------------------------


def textbook_need_proposing(
    need_prefs: Mapping[str, Sequence[str]],
    claimant_prefs: Mapping[str, Sequence[str]],
    capacities: Mapping[str, int],
) -> dict[str, str]:
    """Deferred acceptance as in the textbooks: free needs propose down their lists."""
    rank = {c: {n: i for i, n in enumerate(ns)} for c, ns in claimant_prefs.items()}
    next_choice = dict.fromkeys(need_prefs, 0)
    held: dict[str, list[str]] = {c: [] for c in capacities}
    free = list(need_prefs)
    while free:
        need = free.pop()
        prefs = need_prefs[need]
        while next_choice[need] < len(prefs):
            c = prefs[next_choice[need]]
            next_choice[need] += 1
            r = rank.get(c, {}).get(need)
            if r is None:
                continue
            holding = held[c]
            if len(holding) < capacities[c]:
                holding.append(need)
                break
            worst = max(holding, key=rank[c].__getitem__)
            if r < rank[c][worst]:
                holding.remove(worst)
                holding.append(need)
                free.append(worst)
                break
    return {n: c for c, ns in held.items() for n in ns}


def textbook_claimant_proposing(
    need_prefs: Mapping[str, Sequence[str]],
    claimant_prefs: Mapping[str, Sequence[str]],
    capacities: Mapping[str, int],
) -> dict[str, str]:
    """Claimants with room propose down their lists; a need keeps its best offer."""
    rank = {n: {c: i for i, c in enumerate(cs)} for n, cs in need_prefs.items()}
    holder: dict[str, str] = {}
    taken = dict.fromkeys(claimant_prefs, 0)
    next_choice = dict.fromkeys(claimant_prefs, 0)
    free = [c for c in claimant_prefs if capacities[c] > 0]
    while free:
        c = free.pop()
        prefs = claimant_prefs[c]
        while taken[c] < capacities[c] and next_choice[c] < len(prefs):
            need = prefs[next_choice[c]]
            next_choice[c] += 1
            r = rank.get(need, {}).get(c)
            if r is None:
                continue
            current = holder.get(need)
            if current is None or r < rank[need][current]:
                holder[need] = c
                taken[c] += 1
                if current is not None:
                    taken[current] -= 1
                    free.append(current)
    return holder


def by_village(
    weights: Weights, parts: list[tuple[list[str], list[str]]]
) -> list[list[tuple[str, str, float]]]:
    """The caller's split of the pairs by village, done once, outside the timing."""
    village_of = {n: v for v, (needs, _) in enumerate(parts) for n in needs}
    grouped: list[list[tuple[str, str, float]]] = [[] for _ in parts]
    for (need, c), w in weights.items():
        grouped[village_of[need]].append((need, c, w))
    return grouped


def dense_by_village(
    grouped: list[list[tuple[str, str, float]]],
    caps: Mapping[str, int],
    parts: list[tuple[list[str], list[str]]],
) -> dict[str, str]:
    """One dense linear_sum_assignment per village on the capacity-expanded matrix.

    Rows are needs; columns are the claimants' places, then one "stay
    unassigned" column per need (weight 0); pairs without a weight get a large
    negative weight.
    """
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    forbidden = -1e9
    out: dict[str, str] = {}
    for (needs, local), edges in zip(parts, grouped, strict=True):
        row = {n: i for i, n in enumerate(needs)}
        slots = [c for c in local for _ in range(caps[c])]
        first_slot: dict[str, int] = {}
        for j, c in enumerate(slots):
            first_slot.setdefault(c, j)
        matrix = np.full((len(needs), len(slots) + len(needs)), forbidden)
        matrix[:, len(slots) :] = 0.0
        for need, c, w in edges:
            if w > 0:
                matrix[row[need], first_slot[c] : first_slot[c] + caps[c]] = w
        rows, cols = linear_sum_assignment(matrix, maximize=True)
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
            if j < len(slots) and matrix[i, j] > 0:
                out[needs[i]] = slots[j]
    return out


def dense_square_by_village(
    grouped: list[list[tuple[str, str, float]]],
    caps: Mapping[str, int],
    parts: list[tuple[list[str], list[str]]],
) -> dict[str, str]:
    """The leaner dense variant: no "unassigned" columns, weight 0 for a missing pair.

    A rectangular assignment matches min(needs, places) rows, and a row matched
    at weight 0 counts as unassigned, so the optimum is the same.
    """
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    out: dict[str, str] = {}
    for (needs, local), edges in zip(parts, grouped, strict=True):
        row = {n: i for i, n in enumerate(needs)}
        slots = [c for c in local for _ in range(caps[c])]
        first_slot: dict[str, int] = {}
        for j, c in enumerate(slots):
            first_slot.setdefault(c, j)
        matrix = np.zeros((len(needs), len(slots)))
        for need, c, w in edges:
            if w > 0:
                matrix[row[need], first_slot[c] : first_slot[c] + caps[c]] = w
        rows, cols = linear_sum_assignment(matrix, maximize=True)
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
            if matrix[i, j] > 0:
                out[needs[i]] = slots[j]
    return out


# -- timing --------------------------------------------------------------------


def best_of(repeat: int, runs: dict[str, Callable[[], Any]]) -> tuple[dict[str, float], dict[str, Any]]:
    times = dict.fromkeys(runs, float("inf"))
    results: dict[str, Any] = {}
    for _ in range(repeat):
        for name, run in runs.items():
            start = time.process_time()
            results[name] = run()
            times[name] = min(times[name], time.process_time() - start)
    return times, results


def report(title: str, n_needs: int, baseline: str, times: dict[str, float]) -> None:
    print(f"\n{title}")
    width = max(map(len, times))
    for name, seconds in times.items():
        ratio = times[baseline] / seconds
        per_need = seconds / n_needs * 1e6
        print(f"  {name:<{width}} {seconds:8.3f} s  {per_need:7.2f} us/need  {ratio:5.2f}x baseline")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="a tenth of the full size")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best is kept)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", choices=["stable", "optimal"], help="run one benchmark")
    args = parser.parse_args(argv)
    scale = 10 if args.quick else 1

    if args.only in (None, "stable"):
        n_needs, n_claimants = 260_000 // scale, 26_000 // scale
        need_prefs, claimant_prefs, caps = district(n_needs, n_claimants, 8, args.seed)
        for side, textbook in (
            ("need", textbook_need_proposing),
            ("claimant", textbook_claimant_proposing),
        ):
            times, results = best_of(
                args.repeat,
                {
                    f"textbook {side}-proposing": lambda t=textbook: t(need_prefs, claimant_prefs, caps),
                    f"stable_assignment(optimal={side!r})": lambda s=side: stable_assignment(
                        need_prefs, claimant_prefs, caps, optimal=s
                    ),
                },
            )
            first, second = results.values()
            assert first == second, f"{side}-optimal matchings differ"
            report(
                f"stable, {side}-optimal: {n_needs:,} needs, {n_claimants:,} claimants, "
                f"{len(second):,} assigned",
                n_needs,
                f"textbook {side}-proposing",
                times,
            )

    if args.only in (None, "optimal"):
        n_villages = 651 // scale
        weights, caps, parts = villages(n_villages, 400, 40, 5, args.seed)
        n_needs = n_villages * 400
        grouped = by_village(weights, parts)
        times, results = best_of(
            args.repeat,
            {
                "dense linear_sum_assignment/village": lambda: dense_by_village(grouped, caps, parts),
                "  same, square, no unassigned columns": lambda: dense_square_by_village(
                    grouped, caps, parts
                ),
                "optimal_assignment": lambda: optimal_assignment(weights, caps),
            },
        )
        *dense, ours = results.values()
        our_total = sum(weights[p] for p in ours.items())
        for other in dense:
            dense_total = sum(weights[p] for p in other.items())
            assert abs(dense_total - our_total) <= 1e-9 * abs(dense_total), (dense_total, our_total)
        report(
            f"optimal: {n_villages} villages, {n_needs:,} needs, {len(weights):,} weights, "
            f"{len(ours):,} assigned, total weight {our_total:,.3f}",
            n_needs,
            "dense linear_sum_assignment/village",
            times,
        )


if __name__ == "__main__":
    main()
