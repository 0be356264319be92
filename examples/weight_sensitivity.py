"""A researcher's weight-sensitivity study: how much does a ranking of units depend on the weights?

Twenty district departments are assessed under Xinzhou's scheme
(``servicegov.assessment.xinzhou_scheme``: completion 0.3, residents 0.3,
two organisational indicators 0.2 each).  The study asks two questions:

1. *Which weighting method?*  It derives weights from the same data by AHP
   (from an expert's pairwise judgements), by entropy and by CRITIC
   (``servicegov.weighting``), assesses the units under each
   (``assessment.reweighted``, ``assessment.assess``) and compares each
   ranking with the scheme's by Kendall's tau and the top-5 overlap
   (``simulation.kendall_tau``, ``simulation.top_k_overlap``).
2. *How precise must the weights be?*  It draws weights around the scheme's
   from a Dirichlet distribution (``simulation.WeightSensitivity``) with
   ``simulation.monte_carlo`` at several concentrations, and reports the mean
   tau and each unit's 95 % rank interval (``simulation.rank_intervals``).
   For scale it also measures the raters' own error
   (``simulation.RankingStability``).

It draws a two-panel figure with matplotlib's ``Agg`` backend and writes it as
a PNG to the path given as the first argument (by default
``weight_sensitivity.png`` in a temporary directory).  Needs the ``plot``
extra: ``pip install 'servicegov[plot]'``.

Run it with ``python examples/weight_sensitivity.py [PNG]``.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
import tempfile
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # after choosing the backend

from servicegov.assessment import assess, reweighted
from servicegov.simulation import (
    RankingStability,
    WeightSensitivity,
    World,
    kendall_tau,
    monte_carlo,
    rank_intervals,
    top_k_overlap,
)
from servicegov.weighting import ahp, critic, entropy, pairwise_matrix

SEED = 2025
REPLICATIONS = 200
CONCENTRATIONS = (5.0, 20.0, 100.0, 500.0)
K = 5
YEAR_END = dt.date(2025, 12, 31)


def totals(world: World, weights: Sequence[float], values: dict[str, dict[str, float]]) -> dict[str, float]:
    """Each unit's total under *weights* (in the scheme's indicator order)."""
    result = assess(reweighted(world.scheme(), list(weights)), values, as_of=YEAR_END)
    return {r.reviewee: r.total for r in result.results}


def method_weights(world: World, values: dict[str, dict[str, float]]) -> dict[str, tuple[float, ...]]:
    """The scheme's weights and those of AHP, entropy and CRITIC, in the scheme's indicator order."""
    codes = [i.code for i in world.scheme().indicators]
    # An expert judged the indicators pairwise on Saaty's 1-9 scale.
    judgements: dict[tuple[Hashable, Hashable], float] = {
        ("residents", "completion"): 2,
        ("completion", "policy-projects"): 2,
        ("completion", "work-groups"): 3,
        ("residents", "policy-projects"): 3,
        ("residents", "work-groups"): 4,
        ("policy-projects", "work-groups"): 2,
    }
    judged = ahp(pairwise_matrix(judgements, codes))
    matrix = [[values[u][c] for c in codes] for u in world.unit_ids]
    return {
        "scheme": tuple(i.weight for i in world.scheme().indicators),
        f"AHP (CR {judged.consistency_ratio:.3f})": judged.weights,
        "entropy": entropy(matrix),
        "CRITIC": critic(matrix),
    }


def main(argv: Sequence[str] = ()) -> dict[str, Any]:
    """Run the study, print its tables, write the figure; return the figures printed."""
    out = Path(argv[0]) if argv else Path(tempfile.mkdtemp()) / "weight_sensitivity.png"
    world = World(units=20, truth_seed=7)
    values = world.truth()
    codes = [i.code for i in world.scheme().indicators]

    # 1. weighting methods against the scheme
    methods = method_weights(world, values)
    base = totals(world, methods["scheme"], values)
    by_method: dict[str, tuple[float, float]] = {}
    print(f"{'method':<18}" + "".join(f"{c:>16}" for c in codes) + f"{'tau':>8}{'top-5':>8}")
    for name, weights in methods.items():
        t = totals(world, weights, values)
        by_method[name] = (kendall_tau(base, t), top_k_overlap(base, t, K))
        cells = "".join(f"{w:>16.3f}" for w in weights)
        print(f"{name:<18}{cells}{by_method[name][0]:>8.3f}{by_method[name][1]:>8.2f}")

    # 2. Monte Carlo over weights drawn around the scheme's
    print(f"\n{REPLICATIONS} replications per concentration (master seed {SEED}):")
    mean_tau: dict[float, tuple[float, float, float]] = {}
    intervals = None
    for c in CONCENTRATIONS:
        result = monte_carlo(WeightSensitivity(world=world, concentration=c, k=K), REPLICATIONS, seed=SEED)
        s = result.summary(key=lambda run: run.stability.tau)
        mean_tau[c] = (s.mean, s.p2_5, s.p97_5)
        flips = result.summary(key=lambda run: run.stability.grade_flips).mean
        print(
            f"  concentration {c:>5g}: tau {s.mean:.3f} [{s.p2_5:.3f}, {s.p97_5:.3f}],",
            f"grade flips {flips:.3f}",
        )
        if c == 20.0:
            intervals = rank_intervals([run.stability.ranks for run in result.runs], units=world.unit_ids)
    assert intervals is not None
    raters = monte_carlo(RankingStability(world=world, k=K), REPLICATIONS, seed=SEED)
    rater_tau = raters.summary(key=lambda run: run.tau)
    print(f"  raters' error alone:  tau {rater_tau.mean:.3f} [{rater_tau.p2_5:.3f}, {rater_tau.p97_5:.3f}]")
    widest = max(intervals, key=lambda r: r.high - r.low)
    print(f"  widest 95 % rank interval at concentration 20: {widest.unit} [{widest.low:g}, {widest.high:g}]")

    # 3. the figure
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2), constrained_layout=True)
    xs = list(CONCENTRATIONS)
    ys = [mean_tau[c][0] for c in xs]
    err = [[mean_tau[c][0] - mean_tau[c][1] for c in xs], [mean_tau[c][2] - mean_tau[c][0] for c in xs]]
    left.errorbar(xs, ys, yerr=err, marker="o", capsize=3, label="Dirichlet around the scheme")
    left.axhline(rater_tau.mean, color="grey", linestyle="--", label="raters' error alone")
    for colour, (name, (tau, _)) in zip(("C1", "C2", "C3"), list(by_method.items())[1:], strict=True):
        left.axhline(tau, linestyle=":", color=colour, alpha=0.8)
        left.annotate(name, (xs[0], tau), fontsize=8, va="bottom")
    left.set_xscale("log")
    left.set_xlabel("concentration of the weights (higher = closer to the scheme)")
    left.set_ylabel("Kendall's tau with the scheme's ranking")
    left.set_title("How far the ranking moves")
    left.legend(loc="lower right", fontsize=8)
    order = sorted(intervals, key=lambda r: r.median)
    ypos = range(len(order))
    right.errorbar(
        [r.median for r in order],
        list(ypos),
        xerr=[[r.median - r.low for r in order], [r.high - r.median for r in order]],
        fmt="o",
        capsize=2,
    )
    right.set_yticks(list(ypos), [r.unit for r in order], fontsize=7)
    right.invert_yaxis()
    right.set_xlabel("rank (median and 95 % interval), concentration 20")
    right.set_title("Each unit's rank under uncertain weights")
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    print(f"\nfigure written to {out}")
    return {
        "png": out,
        "methods": by_method,
        "mean_tau": {c: v[0] for c, v in mean_tau.items()},
        "rater_tau": rater_tau.mean,
        "intervals": intervals,
        "finite": all(math.isfinite(v[0]) for v in mean_tau.values()),
    }


if __name__ == "__main__":
    main(sys.argv[1:])
