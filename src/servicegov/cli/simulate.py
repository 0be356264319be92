"""The ``simulate`` command: a Monte Carlo experiment with a progress bar, a table and a plot.

``python -m servicegov simulate [--experiment NAME] [--replications N] [--seed N]
[--workers N | --scheduler ADDRESS] [--plot PATH] [--json PATH]``

Like the rest of the command line, this is a place that prints and writes
files; the experiments themselves are pure (:mod:`servicegov.simulation`).
Matplotlib (the ``plot`` extra) and Dask (the ``dask`` extra) are imported only
when ``--plot`` or ``--scheduler`` asks for them; a missing one is reported in
one line, with exit status 2, before any work is done.  So is an output path
that cannot be written (checked as for ``demo``) and a ``--plot`` path whose
suffix names no format matplotlib can write (:func:`plot_format`).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import math
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path
from typing import Any, TextIO

import attrs

from servicegov.cli._output import fail, output_problem
from servicegov.errors import InvalidValue, MissingExtra, ServicegovError
from servicegov.simulation import (
    MonteCarloResult,
    RandomVsSelfChosen,
    RankingStability,
    ResidentsWeight,
    Stability,
    Trimming,
    WeightSensitivity,
    World,
    monte_carlo,
    rank_intervals,
    summarise_defined,
)

__all__ = ["EXPERIMENTS", "add_parser", "plot_format", "run"]

_CONNECT_TIMEOUT = "10s"
_BAR = 30


@attrs.frozen
class _Spec:
    """What the command needs to know about one experiment: how to build and read it."""

    question: str
    make: Callable[[], Any]
    conditions: tuple[tuple[str, Callable[[Any], Stability]], ...]
    extras: Callable[[Any], tuple[tuple[str, Callable[[Any], float]], ...]] = lambda _e: ()


def _weights(e: Any) -> tuple[tuple[str, Callable[[Any], float]], ...]:
    codes = [i.code for i in e.world.scheme().indicators]
    return tuple((f"weight of {code}", _nth_weight(j)) for j, code in enumerate(codes))


def _nth_weight(j: int) -> Callable[[Any], float]:
    return lambda r: float(r.weights[j])


EXPERIMENTS: dict[str, _Spec] = {
    "residents-weight": _Spec(
        question="does doubling the residents' weight keep rankings stable under a collusion ring?",
        make=ResidentsWeight,
        conditions=(
            ("scheme's weights", lambda r: r.baseline),
            ("residents' weight x2", lambda r: r.reweighted),
        ),
        extras=lambda e: (
            ("ring's gain (places), scheme's weights", lambda r: r.baseline_gain),
            ("ring's gain (places), residents' weight x2", lambda r: r.reweighted_gain),
        ),
    ),
    "weight-sensitivity": _Spec(
        question="how much does the ranking depend on the exact weights?",
        make=WeightSensitivity,
        conditions=(("weights drawn around the scheme's", lambda r: r.stability),),
        extras=_weights,
    ),
    "ranking-stability": _Spec(
        question="how stable is the ranking with honest but imperfect raters?",
        make=RankingStability,
        conditions=(("assessed", lambda r: r),),
    ),
    "random-evaluators": _Spec(
        question="do randomly drawn evaluators (阳光测评) rank better than self-chosen ones?",
        make=RandomVsSelfChosen,
        conditions=(
            ("random evaluators", lambda r: r.random),
            ("self-chosen evaluators", lambda r: r.chosen),
        ),
    ),
    "trimming": _Spec(
        question="does trimming the highest and lowest ballots blunt a collusion ring?",
        make=Trimming,
        conditions=(
            ("plain mean", lambda r: r.untrimmed),
            ("trimmed mean", lambda r: r.trimmed),
        ),
        extras=lambda e: (
            ("ring's gain (places), plain mean", lambda r: r.untrimmed_gain),
            ("ring's gain (places), trimmed mean", lambda r: r.trimmed_gain),
        ),
    ),
}
"""The experiments ``--experiment`` can name, each with its default parameters."""


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        msg = f"must be an integer of at least 1 (got {text!r})"
        raise argparse.ArgumentTypeError(msg)
    return value


def add_parser(subparsers: Any) -> None:
    """Add the ``simulate`` command to an ``argparse`` sub-parser collection.

    The command's ``func`` default is :func:`run`.
    """
    p = subparsers.add_parser(
        "simulate",
        help="run a Monte Carlo experiment on an assessment scheme",
        description="Run a Monte Carlo experiment: a progress bar on stderr, a summary table, "
        "and optionally a plot of rank intervals per unit and a JSON summary.",
    )
    p.add_argument(
        "--experiment",
        default="residents-weight",
        choices=list(EXPERIMENTS),
        help="which experiment (default residents-weight)",
    )
    p.add_argument("--replications", type=_positive, default=200, metavar="N", help="default 200")
    p.add_argument("--seed", type=int, default=2025, metavar="N", help="master seed (default 2025)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--workers", type=_positive, metavar="N", help="run on a pool of N processes")
    where.add_argument("--scheduler", metavar="ADDRESS", help="run on a Dask cluster (needs the dask extra)")
    p.add_argument(
        "--plot",
        metavar="PATH",
        help="write a plot of rank intervals in the format its suffix names: .png, .svg, .pdf ... "
        "(needs the plot extra)",
    )
    p.add_argument("--json", metavar="PATH", help="write the summary as JSON")
    p.set_defaults(func=run)


def _progress(err: TextIO) -> Callable[[int, int], None]:
    shown: list[int] = []

    def report(done: int, total: int) -> None:
        percent = done * 100 // total
        # Redraw only when the percentage moves: a million replications must not flood stderr.
        if shown and percent == shown[-1] and done != total:
            return
        shown[:] = [percent]
        filled = percent * _BAR // 100
        err.write(f"\r[{'#' * filled}{'.' * (_BAR - filled)}] {done}/{total}")
        if done == total:
            err.write("\n")
        err.flush()

    return report


def _matplotlib() -> Any:
    try:
        # Imported only here: matplotlib is the optional 'plot' extra.
        return importlib.import_module("matplotlib.figure")
    except ImportError:
        raise MissingExtra.for_extra("plot", "matplotlib") from None


# PGF is LaTeX source that matplotlib can only write with a LaTeX installation.
_NOT_PLOTTED = frozenset({"pgf"})


def plot_format(figure: Any, path: str) -> str:
    """The format a plot at *path* is written in: its suffix, if matplotlib writes it.

    *figure* is the ``matplotlib.figure`` module.

    Raises:
        InvalidValue: for a path without a suffix or with one matplotlib cannot write.
    """
    formats = sorted(set(figure.Figure().canvas.get_supported_filetypes()) - _NOT_PLOTTED)
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in formats:
        allowed = "a path ending in one of " + ", ".join(f".{f}" for f in formats)
        raise InvalidValue.for_field("--plot", path, allowed)
    return suffix


def _distributed() -> Any:
    try:
        return importlib.import_module("distributed")
    except ImportError:
        raise MissingExtra.for_extra("dask", "distributed") from None


def _check(args: argparse.Namespace) -> tuple[str, int, int, int | None, str | None]:
    name = getattr(args, "experiment", "residents-weight")
    if name not in EXPERIMENTS:
        raise InvalidValue.for_field("--experiment", name, "one of " + ", ".join(EXPERIMENTS))
    n = getattr(args, "replications", 200)
    if type(n) is not int or n < 1:
        raise InvalidValue.for_field("--replications", n, "an integer of at least 1")
    seed = getattr(args, "seed", 2025)
    if type(seed) is not int:
        raise InvalidValue.for_field("--seed", seed, "an integer")
    workers = getattr(args, "workers", None)
    scheduler = getattr(args, "scheduler", None)
    if workers is not None and (type(workers) is not int or workers < 1):
        raise InvalidValue.for_field("--workers", workers, "an integer of at least 1")
    if workers is not None and scheduler is not None:
        raise InvalidValue.for_field("--scheduler", scheduler, "not given together with --workers")
    return name, n, seed, workers, scheduler


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``simulate``; returns the exit status (0, or 2 with one line on *err*)."""
    try:
        name, n, seed, workers, scheduler = _check(args)
        plot_path = getattr(args, "plot", None)
        json_path = getattr(args, "json", None)
        for option, path in (("--json", json_path), ("--plot", plot_path)):
            problem = output_problem(path, option) if path is not None else None
            if problem is not None:
                return fail(err, problem)
        figure = _matplotlib() if plot_path else None
        plot_as = plot_format(figure, plot_path) if plot_path else "png"
        distributed = _distributed() if scheduler else None
    except ServicegovError as exc:
        return fail(err, str(exc))
    spec = EXPERIMENTS[name]
    experiment = spec.make()
    with contextlib.ExitStack() as stack:
        executor: Executor | None = None
        if workers is not None:
            executor = stack.enter_context(ProcessPoolExecutor(workers))
        elif distributed is not None:
            try:
                client = stack.enter_context(distributed.Client(scheduler, timeout=_CONNECT_TIMEOUT))
            except (OSError, ValueError, TypeError) as exc:
                return fail(err, f"cannot reach the Dask scheduler at {scheduler!r}: {exc}")
            executor = client.get_executor()
        where = f"{workers} processes" if workers else f"Dask at {scheduler}" if scheduler else "one process"
        err.write(f"{name}: {n} replications, seed {seed}, on {where}\n")
        result = monte_carlo(experiment, n, seed=seed, executor=executor, progress=_progress(err))
    report = _report(name, spec, experiment, result)
    _table(out, report)
    try:
        if json_path:
            Path(json_path).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
            out.write(f"\nJSON summary written to {json_path}\n")
        if plot_path:
            _plot(figure, report, plot_path, plot_as)
            out.write(f"plot written to {plot_path}\n")
    except OSError as exc:
        return fail(err, f"{exc.strerror or exc}: {exc.filename or ''}")
    except (ValueError, RuntimeError, KeyError) as exc:
        # A format matplotlib lists but cannot write here (a Pillow without that plugin).
        return fail(err, f"cannot write the plot {plot_path!r}: {exc}")
    return 0


# --------------------------------------------------------------------------- the report


def _summary(values: Iterable[float]) -> dict[str, float | None]:
    """A metric's summary as the JSON report and the table show it: ``None`` where undefined."""
    s = summarise_defined(values)
    if s is None:
        return {"n": 0, "mean": None, "sd": None, "p2_5": None, "p50": None, "p97_5": None}
    return {
        "n": s.n,
        "mean": s.mean,
        "sd": None if math.isnan(s.sd) else s.sd,
        "p2_5": s.p2_5,
        "p50": s.p50,
        "p97_5": s.p97_5,
    }


def _report(name: str, spec: _Spec, experiment: Any, result: MonteCarloResult[Any]) -> dict[str, Any]:
    world: World = experiment.world
    k: int = experiment.k
    units = world.unit_ids
    true_rank = {r.reviewee: r.rank for r in world.true_assessment().results}
    metrics: dict[str, dict[str, float | None]] = {}
    intervals: dict[str, list[dict[str, Any]]] = {}
    for label, get in spec.conditions:
        runs = [get(r) for r in result.runs]
        metrics[f"Kendall tau, {label}"] = _summary([s.tau for s in runs])
        metrics[f"top-{k} overlap, {label}"] = _summary([s.top_k for s in runs])
        metrics[f"grade flips, {label}"] = _summary([s.grade_flips for s in runs])
        intervals[label] = [attrs.asdict(i) for i in rank_intervals([s.ranks for s in runs], units=units)]
    for label, number in spec.extras(experiment):
        metrics[label] = _summary([number(r) for r in result.runs])
    targets = sorted(experiment.ring_targets()) if hasattr(experiment, "ring_targets") else []
    return {
        "experiment": name,
        "question": spec.question,
        "replications": result.replications,
        "seed": result.master_seed,
        "units": list(units),
        "true_ranks": [true_rank[u] for u in units],
        "ring_targets": targets,
        "metrics": metrics,
        "rank_intervals": intervals,
    }


def _table(out: TextIO, report: dict[str, Any]) -> None:
    out.write(f"{report['experiment']}: {report['question']}\n")
    out.write(f"{report['replications']} replications, seed {report['seed']}, {len(report['units'])} units")
    if report["ring_targets"]:
        out.write(f"; the ring favours {', '.join(report['ring_targets'])}")
    out.write("\n\n")
    width = max(len(k) for k in report["metrics"])
    heads = ("mean", "sd", "2.5%", "50%", "97.5%")
    out.write(f"{'':<{width}}  " + "  ".join(f"{h:>7}" for h in heads) + "\n")
    for label, s in report["metrics"].items():
        cells = [s[key] for key in ("mean", "sd", "p2_5", "p50", "p97_5")]
        shown = "  ".join("      -" if v is None else f"{v:7.3f}" for v in cells)
        out.write(f"{label:<{width}}  {shown}\n")


def _plot(figure: Any, report: dict[str, Any], path: str, fmt: str = "png") -> None:
    units: list[str] = report["units"]
    true_ranks: list[int] = report["true_ranks"]
    order = sorted(range(len(units)), key=lambda i: (true_ranks[i], units[i]))
    fig = figure.Figure(figsize=(max(6.0, 0.3 * len(units) + 2), 4.8), dpi=120)
    ax = fig.subplots()
    xs = list(range(len(order)))
    ax.plot(xs, [true_ranks[i] for i in order], "k_", markersize=10, label="true rank (scheme's weights)")
    conditions = list(report["rank_intervals"].items())
    for c, (label, rows) in enumerate(conditions):
        offset = (c - (len(conditions) - 1) / 2) * 0.25
        med = [rows[i]["median"] for i in order]
        low = [rows[i]["median"] - rows[i]["low"] for i in order]
        high = [rows[i]["high"] - rows[i]["median"] for i in order]
        ax.errorbar(
            [x + offset for x in xs], med, yerr=[low, high], fmt="o", markersize=3, capsize=2, label=label
        )
    ax.set_xticks(xs)
    ax.set_xticklabels([units[i] for i in order], rotation=90, fontsize=7)
    for tick, i in zip(ax.get_xticklabels(), order, strict=True):
        if units[i] in report["ring_targets"]:
            tick.set_color("tab:red")
            tick.set_fontweight("bold")
    ax.invert_yaxis()
    ax.set_xlabel(
        "unit, by true rank (ring's units in red)" if report["ring_targets"] else "unit, by true rank"
    )
    ax.set_ylabel("rank (median, 2.5-97.5%)")
    ax.set_title(f"{report['experiment']}: {report['replications']} replications, seed {report['seed']}")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, format=fmt)
