"""Experiments, ranking metrics and the ``simulate`` command.

The experiments are servicegov's own module-level classes, so process pools and
Dask workers import them from ``servicegov.simulation``.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import pickle
import random
import statistics
import sys
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import attrs
import pytest

from servicegov.assessment import Target, assess, xinzhou_scheme
from servicegov.cli import simulate as simulate_command
from servicegov.errors import InvalidValue
from servicegov.scoring import ReviewChannel
from servicegov.simulation import (
    Noise,
    RandomVsSelfChosen,
    RankingStability,
    RaterModel,
    ResidentsWeight,
    Stability,
    Trimming,
    WeightSensitivity,
    World,
    grade_flip_rate,
    kendall_tau,
    monte_carlo,
    rank_intervals,
    top_k_overlap,
    with_residents_weight,
)
from servicegov.simulation._experiments import AS_OF

from ..support import with_timeout

SMALL = World(units=12, residents=9, reviewers=3)
PERFECT = attrs.evolve(SMALL, residents_model=RaterModel(), reviewers_model=RaterModel())

EXPERIMENTS: list[Any] = [
    RankingStability(world=SMALL, k=3),
    WeightSensitivity(world=SMALL, k=3),
    ResidentsWeight(world=SMALL, k=3),
    Trimming(world=SMALL, k=3, trim=2),
    RandomVsSelfChosen(world=SMALL, k=3, roster=20),
]
IDS = [type(e).__name__ for e in EXPERIMENTS]


def true_ranks(world: World) -> tuple[int, ...]:
    a = assess(world.scheme(), world.truth(), as_of=AS_OF, bands=world.bands)
    ranks = {r.reviewee: r.rank for r in a.results}
    return tuple(ranks[u] for u in world.unit_ids)


# -- metrics ----------------------------------------------------------------------------


def test_kendall_tau_matches_scipy_on_thousands_of_units() -> None:
    scipy_stats = pytest.importorskip("scipy.stats")
    rng = random.Random(4)
    a = [rng.randrange(300) for _ in range(3000)]
    b = [x + rng.gauss(0, 60) for x in a]
    assert abs(float(scipy_stats.kendalltau(a, b).statistic) - kendall_tau(a, b)) <= 1e-12


def test_kendall_tau_exact_values() -> None:
    assert 1.0 == kendall_tau([1, 2, 3], [10, 20, 30])
    assert -1.0 == kendall_tau([1, 2, 3], [3, 2, 1])
    # One discordant pair of three: (C - D) / P = (2 - 1) / 3.
    assert 1 / 3 == pytest.approx(kendall_tau([1, 2, 3], [1, 3, 2]), abs=1e-15)
    # Ties: 6 pairs, x ties 1, y ties 1, joint 0; C = 4, D = 0 -> 4 / 5.
    assert 0.8 == pytest.approx(kendall_tau([1, 1, 2, 3], [1, 2, 3, 3]), abs=1e-15)
    assert kendall_tau({"a": 1, "b": 2, "c": 3}, {"c": 3, "b": 1, "a": 2}) == kendall_tau(
        [1, 2, 3], [2, 1, 3]
    )
    assert math.isnan(kendall_tau([1], [1]))
    assert math.isnan(kendall_tau([], []))
    assert math.isnan(kendall_tau([1, 2], [5, 5]))


@pytest.mark.parametrize(
    ("a", "b", "field"),
    [
        ([1, 2], [1], "b"),
        ({"x": 1}, {"y": 1}, "b"),
        ({"x": 1}, [1], "b"),
        ([1, math.nan], [1, 2], "a[1]"),
        ([1, 2], [1, "2"], "b[1]"),
        ([True, 2], [1, 2], "a[0]"),
    ],
)
def test_kendall_tau_rejects_bad_input(a: Any, b: Any, field: str) -> None:
    with pytest.raises(InvalidValue) as info:
        kendall_tau(a, b)
    assert field == info.value.field


def test_top_k_overlap_counts_shared_units_and_breaks_ties_by_key() -> None:
    assert 1.0 == top_k_overlap([9, 8, 7, 1], [8, 9, 1, 7], 2)
    assert 0.5 == top_k_overlap([9, 8, 7, 1], [9, 1, 8, 7], 2)
    assert 0.0 == top_k_overlap([9, 8, 1, 0], [0, 1, 8, 9], 2)
    assert 2 / 3 == top_k_overlap([9, 8, 7, 1], [9, 1, 8, 7], 3)
    assert 1.0 == top_k_overlap([1, 2, 3], [3, 2, 1], 3)
    # A tie at the cut goes to the smaller key: "a" before "b".
    assert 1.0 == top_k_overlap({"a": 5.0, "b": 5.0, "c": 1.0}, {"a": 9.0, "b": 1.0, "c": 0.0}, 1)
    assert 0.0 == top_k_overlap({"a": 5.0, "b": 5.0, "c": 1.0}, {"a": 1.0, "b": 9.0, "c": 0.0}, 1)
    for k in (0, 4, 1.0):
        with pytest.raises(InvalidValue) as info:
            top_k_overlap([1, 2, 3], [1, 2, 3], k)  # type: ignore[arg-type]
        assert "k" == info.value.field


def test_grade_flip_rate_is_the_share_of_changed_grades() -> None:
    assert 0.0 == grade_flip_rate(["A", "B"], ["A", "B"])
    assert 0.25 == grade_flip_rate(["A", "B", "C", "D"], ["A", "B", "C", "A"])
    assert 1.0 == grade_flip_rate({"x": "A", "y": "B"}, {"y": "A", "x": "B"})
    with pytest.raises(InvalidValue):
        grade_flip_rate([], [])
    with pytest.raises(InvalidValue):
        grade_flip_rate(["A"], ["A", "B"])


def test_rank_intervals_other_percentiles_and_default_names() -> None:
    got = rank_intervals([(1, 2), (3, 4), (5, 6)], low=0, high=100)
    assert [("0", 1.0, 3.0, 5.0, 3.0), ("1", 2.0, 4.0, 6.0, 4.0)] == [
        (r.unit, r.low, r.median, r.high, r.mean) for r in got
    ]


@pytest.mark.parametrize(
    ("runs", "kwargs", "field"),
    [
        ([], {}, "runs"),
        ([(1, 2), (1,)], {}, "runs[1]"),
        ([(1, 2)], {"units": ["a"]}, "units"),
        ([(1, 2)], {"low": 98}, "low"),
        ([(1, 2)], {"low": -1}, "low"),
        ([(1, 2)], {"high": 101}, "low"),
        ([(1, 2), (1, None)], {}, "runs[1][1]"),
    ],
)
def test_rank_intervals_reject_bad_input(runs: Any, kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidValue) as info:
        rank_intervals(runs, **kwargs)
    assert field == info.value.field


# -- the world and the schemes ----------------------------------------------------------------


def test_the_world_is_fixed_by_its_truth_seed() -> None:
    assert SMALL.truth() == SMALL.truth()
    assert SMALL.truth() != attrs.evolve(SMALL, truth_seed=1).truth()
    assert ("u01", "u02") == World(units=12).unit_ids[:2]
    assert ("r1", "r9") == (SMALL.resident_ids[0], SMALL.resident_ids[-1])
    assert ("o1", "o2", "o3") == SMALL.reviewer_ids


def test_the_world_rates_each_source_with_its_own_panel() -> None:
    records, residents, reviewers = SMALL.rate(random.Random(0))
    assert (("completion",), ("residents",), ("policy-projects", "work-groups")) == (
        records.indicators,
        residents.indicators,
        reviewers.indicators,
    )
    assert {"records"} == {r.rater for r in records.ratings}
    assert set(SMALL.resident_ids) == {r.rater for r in residents.ratings}
    assert set(SMALL.reviewer_ids) == {r.rater for r in reviewers.ratings}
    # Completion comes from the records as it is.
    truth = SMALL.truth()
    assert {u: truth[u]["completion"] for u in SMALL.unit_ids} == {
        u: v["completion"] for u, v in SMALL.values((records, residents, reviewers)).items()
    }


def test_a_village_cadre_world_has_no_organisational_panel() -> None:
    world = World(target=Target.VILLAGE_CADRE, units=4)
    panels = world.rate(random.Random(0))
    # Graded on the one-set-two-reviews score, which the residents give (村干部由群众评分).
    assert [("one-set-two-reviews",)] == [p.indicators for p in panels]


def test_doubling_the_residents_weight_keeps_the_others_in_proportion() -> None:
    base = xinzhou_scheme(Target.DISTRICT_DEPARTMENT)
    doubled = with_residents_weight(base, 2)
    w = {i.code: i.weight for i in doubled.indicators}
    assert 0.6 == pytest.approx(w["residents"], abs=1e-12)
    assert 1.0 == pytest.approx(math.fsum(w.values()), abs=1e-12)
    assert w["completion"] / w["policy-projects"] == pytest.approx(0.3 / 0.2, abs=1e-12)
    assert 0.4 * 0.3 / 0.7 == pytest.approx(w["completion"], abs=1e-12)
    same = with_residents_weight(base, 1)
    assert [i.weight for i in base.indicators] == pytest.approx(
        [i.weight for i in same.indicators], abs=1e-12
    )
    all_residents = with_residents_weight(base, 1 / 0.3)
    assert 1.0 == pytest.approx(
        sum(i.weight for i in all_residents.indicators if i.source is ReviewChannel.RESIDENTS)
    )


@pytest.mark.parametrize(
    ("target", "factor", "field"),
    [
        (Target.DISTRICT_DEPARTMENT, 3.5, "factor"),
        (Target.DISTRICT_DEPARTMENT, 0, "factor"),
        (Target.DISTRICT_DEPARTMENT, True, "factor"),
        (Target.TOWN_CADRE, 2, "scheme"),
    ],
)
def test_impossible_residents_weights_are_rejected(target: Target, factor: Any, field: str) -> None:
    with pytest.raises(InvalidValue) as info:
        with_residents_weight(xinzhou_scheme(target), factor)
    assert field == info.value.field


# -- experiments: properties -------------------------------------------------------------------


def test_perfect_raters_give_the_true_ranking() -> None:
    r = RankingStability(world=PERFECT, k=3)(99)
    assert Stability(tau=1.0, top_k=1.0, grade_flips=0.0, ranks=true_ranks(PERFECT)) == r


def test_noisier_raters_give_less_stable_rankings() -> None:
    def mean_tau(world: World) -> float:
        return statistics.fmean(RankingStability(world=world, k=3)(s).tau for s in range(15))

    noisy = attrs.evolve(SMALL, residents_model=RaterModel(effects=[Noise(sd=40.0)]))
    assert mean_tau(PERFECT) > mean_tau(SMALL) > mean_tau(noisy)


def test_a_huge_concentration_keeps_the_schemes_weights_and_ranking() -> None:
    r = WeightSensitivity(world=SMALL, concentration=1e12, k=3)(5)
    assert [0.3, 0.3, 0.2, 0.2] == pytest.approx(list(r.weights), abs=1e-4)
    assert (1.0, 1.0, 0.0) == (r.stability.tau, r.stability.top_k, r.stability.grade_flips)
    assert true_ranks(SMALL) == r.stability.ranks


def test_drawn_weights_sum_to_one_and_spread_with_low_concentration() -> None:
    wide = [WeightSensitivity(world=SMALL, concentration=5, k=3)(s) for s in range(30)]
    narrow = [WeightSensitivity(world=SMALL, concentration=500, k=3)(s) for s in range(30)]
    assert all(abs(math.fsum(r.weights) - 1) < 1e-12 for r in wide + narrow)
    assert statistics.stdev(r.weights[0] for r in wide) > 3 * statistics.stdev(r.weights[0] for r in narrow)
    assert statistics.fmean(r.stability.tau for r in wide) < statistics.fmean(r.stability.tau for r in narrow)


def test_weight_sensitivity_assesses_given_values() -> None:
    values = {
        "a": {"completion": 90, "residents": 10, "policy-projects": 50, "work-groups": 50},
        "b": {"completion": 10, "residents": 90, "policy-projects": 50, "work-groups": 50},
        "c": {"completion": 0, "residents": 0, "policy-projects": 0, "work-groups": 0},
    }
    e = WeightSensitivity(world=SMALL, values=values, k=1)
    runs = [e(s) for s in range(40)]
    assert {r.stability.ranks[2] for r in runs} == {3}
    # a and b swap whenever completion outweighs residents or the reverse.
    assert {(1, 2), (2, 1)} == {r.stability.ranks[:2] for r in runs}
    with pytest.raises(InvalidValue) as info:
        WeightSensitivity(world=SMALL, values=values, k=4)
    assert "k" == info.value.field


def test_the_ring_targets_spread_down_the_true_ranking() -> None:
    e = ResidentsWeight(world=SMALL)
    ranks = dict(zip(SMALL.unit_ids, true_ranks(SMALL), strict=True))
    assert [4, 7, 10] == sorted(ranks[u] for u in e.ring_targets())
    assert frozenset({"u01", "u02"}) == ResidentsWeight(world=SMALL, targets=["u01", "u02"]).ring_targets()
    assert frozenset() == ResidentsWeight(world=SMALL, targets=0).ring_targets()


def test_a_collusion_ring_lifts_its_units_more_under_a_heavier_residents_weight() -> None:
    perfect = World(residents_model=RaterModel(), reviewers_model=RaterModel())
    ring = [ResidentsWeight(world=perfect, ring_size=3)(s) for s in range(3)]
    # Perfect raters: the runs are all equal, and only the ring moves anyone.
    assert ring[0] == ring[1] == ring[2]
    r = ring[0]
    assert 0 < r.baseline_gain < r.reweighted_gain
    assert r.reweighted.tau < r.baseline.tau < 1.0
    control = ResidentsWeight(world=perfect, ring_size=0)(0)
    assert (0.0, 0.0, 1.0, 1.0) == (
        control.baseline_gain,
        control.reweighted_gain,
        control.baseline.tau,
        control.reweighted.tau,
    )


def test_factor_one_changes_nothing() -> None:
    r = ResidentsWeight(world=SMALL, factor=1.0)(3)
    assert r.baseline == r.reweighted
    assert r.baseline_gain == r.reweighted_gain


def test_trimming_blunts_a_ring_that_trimming_can_reach() -> None:
    r = Trimming(world=PERFECT, trim=3, ring_size=3)(0)
    assert r.untrimmed_gain > 0
    assert 0.0 == r.trimmed_gain
    assert 1.0 == r.trimmed.tau
    assert r.untrimmed.tau < 1.0


def test_self_chosen_friends_distort_the_ranking_more_than_random_evaluators() -> None:
    e = RandomVsSelfChosen(world=SMALL, roster=20, friendliness=25.0, k=3)
    runs = [e(s) for s in range(12)]
    assert statistics.fmean(r.chosen.tau for r in runs) < statistics.fmean(r.random.tau for r in runs) - 0.05
    # Without friendliness the two panels are alike: neither is systematically better.
    fair = RandomVsSelfChosen(world=PERFECT, roster=20, friendliness=0.0, k=3)(1)
    assert fair.random == fair.chosen


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: RankingStability(world=SMALL, k=13), "k"),
        (lambda: RankingStability(world=SMALL, k=0), "k"),
        (lambda: ResidentsWeight(world=SMALL, ring_size=10), "ring_size"),
        (lambda: ResidentsWeight(world=SMALL, targets=13), "targets"),
        (lambda: ResidentsWeight(world=SMALL, targets=["u99"]), "targets"),
        (lambda: ResidentsWeight(world=SMALL, targets=["u01", "u01"]), "targets"),
        (lambda: ResidentsWeight(world=SMALL, factor=4.0), "factor"),
        (lambda: ResidentsWeight(world=SMALL, factor=-1.0), "factor"),
        (lambda: Trimming(world=SMALL, trim=0), "trim"),
        (lambda: WeightSensitivity(world=SMALL, concentration=0), "concentration"),
        (lambda: RandomVsSelfChosen(world=SMALL, roster=8), "roster"),
        (lambda: RandomVsSelfChosen(world=SMALL, friendliness=-1.0), "friendliness"),
        (lambda: World(units=1), "units"),
        (lambda: World(residents=0), "residents"),
        (lambda: World(trim=3, trim_above=5), "trim_above"),
        (lambda: World(quality_sd=-1.0), "quality_sd"),
        (lambda: World(target="village-cadre"), "target"),  # type: ignore[arg-type]
        (lambda: World(residents_model=Noise(sd=1.0)), "residents_model"),  # type: ignore[arg-type]
        (lambda: World(bands=None), "bands"),  # type: ignore[arg-type]
        (lambda: RankingStability(world=None), "world"),  # type: ignore[arg-type]
    ],
)
def test_bad_experiment_parameters_name_the_field(make: Any, field: str) -> None:
    with pytest.raises(InvalidValue) as info:
        make()
    assert field == info.value.field


# -- experiments: seeds, pickling and executors ----------------------------------------------


@pytest.mark.parametrize("experiment", EXPERIMENTS, ids=IDS)
def test_experiments_and_results_are_picklable_frozen_values(experiment: Any) -> None:
    again = pickle.loads(pickle.dumps(experiment))
    assert experiment == again
    result = experiment(11)
    assert result == again(11)
    assert result == pickle.loads(pickle.dumps(result))
    assert result != experiment(12)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        experiment.k = 1


@pytest.mark.parametrize("experiment", EXPERIMENTS, ids=IDS)
def test_a_process_pool_gives_bit_identical_runs(experiment: Any, process_pool: ProcessPoolExecutor) -> None:
    here = monte_carlo(experiment, 10, seed=2025)
    there = monte_carlo(experiment, 10, seed=2025, executor=process_pool, chunksize=3)
    assert here == there
    assert pickle.dumps(here.runs) == pickle.dumps(there.runs)


@pytest.mark.slow
def test_a_dask_cluster_gives_bit_identical_runs(dask_executor: Executor) -> None:
    executor = dask_executor
    experiment = ResidentsWeight(world=SMALL, k=3)
    here = monte_carlo(experiment, 24, seed=7)
    there = with_timeout(120, monte_carlo, experiment, 24, seed=7, executor=executor, chunksize=4)
    assert here == there
    assert pickle.dumps(here.runs) == pickle.dumps(there.runs)


# -- the simulate command -----------------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="servicegov")
    simulate_command.add_parser(p.add_subparsers(dest="command", required=True))
    return p


def simulate(*argv: str) -> tuple[int, str, str]:
    args = parser().parse_args(["simulate", *argv])
    out, err = io.StringIO(), io.StringIO()
    code = args.func(args, out, err)
    return code, out.getvalue(), err.getvalue()


def test_simulate_prints_a_progress_bar_and_a_summary_table() -> None:
    code, out, err = simulate("--replications", "6", "--seed", "3")
    assert 0 == code
    assert err.startswith("residents-weight: 6 replications, seed 3, on one process\n")
    assert "\r[" + "#" * 30 + "] 6/6\n" == err[-len("\r[" + "#" * 30 + "] 6/6\n") :]
    assert "\r[#####" in err
    lines = out.splitlines()
    assert lines[0].startswith("residents-weight: does doubling the residents' weight")
    assert lines[1].startswith("6 replications, seed 3, 30 units; the ring favours ")
    assert ["mean", "sd", "2.5%", "50%", "97.5%"] == lines[3].split()
    expected = monte_carlo(ResidentsWeight(), 6, seed=3)
    tau = expected.summary(key=lambda r: r.baseline.tau)
    row = next(line for line in lines if line.startswith("Kendall tau, scheme's weights"))
    assert [f"{tau.mean:.3f}", f"{tau.sd:.3f}", f"{tau.p2_5:.3f}", f"{tau.p50:.3f}", f"{tau.p97_5:.3f}"] == (
        row.split()[-5:]
    )


def test_the_progress_bar_redraws_only_when_it_moves() -> None:
    err = io.StringIO()
    report = simulate_command._progress(err)
    for done in range(1, 1001):
        report(done, 1000)
    text = err.getvalue()
    assert 101 >= text.count("\r")
    assert text.endswith("\r[" + "#" * 30 + "] 1000/1000\n")
    assert "\r[" + "#" * 15 + "." * 15 + "] 500/1000" in text


@pytest.mark.parametrize("name", list(simulate_command.EXPERIMENTS))
def test_every_experiment_runs_from_the_command_line(name: str, tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    code, out, _ = simulate("--experiment", name, "--replications", "3", "--json", str(path))
    assert 0 == code
    report = json.loads(path.read_text(encoding="utf-8"))
    assert (name, 3, 2025) == (report["experiment"], report["replications"], report["seed"])
    assert 30 == len(report["units"]) == len(report["true_ranks"])
    for rows in report["rank_intervals"].values():
        assert [r["unit"] for r in rows] == report["units"]
    assert all(label in out for label in report["metrics"])


def test_the_json_summary_holds_the_monte_carlo_numbers(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    assert 0 == simulate("--experiment", "random-evaluators", "--replications", "5", "--json", str(path))[0]
    report = json.loads(path.read_text(encoding="utf-8"))
    runs = monte_carlo(RandomVsSelfChosen(), 5, seed=2025).runs
    chosen = report["metrics"]["Kendall tau, self-chosen evaluators"]
    assert statistics.fmean(r.chosen.tau for r in runs) == pytest.approx(chosen["mean"], abs=1e-12)
    flips = report["metrics"]["grade flips, random evaluators"]
    assert statistics.median(r.random.grade_flips for r in runs) == flips["p50"]
    assert min(r.random.grade_flips for r in runs) <= flips["p2_5"] <= flips["p50"]
    intervals = rank_intervals([r.chosen.ranks for r in runs], units=World().unit_ids)
    assert [attrs.asdict(i) for i in intervals] == report["rank_intervals"]["self-chosen evaluators"]


def test_workers_give_the_same_table(tmp_path: Path) -> None:
    here = simulate("--experiment", "ranking-stability", "--replications", "8")
    there = simulate("--experiment", "ranking-stability", "--replications", "8", "--workers", "2")
    assert 0 == there[0]
    assert here[1] == there[1]
    assert "on 2 processes" in there[2]


def test_the_plot_is_a_png(tmp_path: Path) -> None:
    path = tmp_path / "study.png"
    code, out, _ = simulate("--replications", "4", "--plot", str(path))
    assert 0 == code
    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert f"plot written to {path}" in out


def test_a_missing_plot_extra_is_one_line_before_any_work(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    path = tmp_path / "study.png"
    code, out, err = simulate("--replications", "4", "--plot", str(path))
    assert (2, "") == (code, out)
    assert [
        "servicegov: error: this feature needs the 'plot' extra: pip install 'servicegov[plot]' "
        "(matplotlib is missing)"
    ] == err.splitlines()
    assert not path.exists()


def test_a_missing_dask_extra_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    code, out, err = simulate("--replications", "4", "--scheduler", "tcp://127.0.0.1:8786")
    assert (2, "") == (code, out)
    assert 1 == len(err.splitlines())
    assert "'dask' extra" in err
    assert "distributed is missing" in err


def test_a_bad_scheduler_address_is_one_line() -> None:
    code, out, err = simulate("--replications", "4", "--scheduler", "nonsense:://x")
    assert (2, "") == (code, out)
    assert 1 == len(err.splitlines())
    assert err.startswith("servicegov: error: cannot reach the Dask scheduler at 'nonsense:://x'")


@pytest.mark.parametrize(
    ("namespace", "message"),
    [
        ({"experiment": "nope"}, "'--experiment' must be one of residents-weight,"),
        ({"replications": 0}, "'--replications' must be an integer of at least 1 (got 0)"),
        ({"replications": 2.5}, "'--replications' must be an integer of at least 1 (got 2.5)"),
        ({"seed": "x"}, "'--seed' must be an integer (got 'x')"),
        ({"workers": 0}, "'--workers' must be an integer of at least 1 (got 0)"),
        ({"workers": 2, "scheduler": "tcp://x:1"}, "'--scheduler' must be not given together with --workers"),
    ],
)
def test_bad_arguments_in_a_namespace_are_one_line(namespace: dict[str, Any], message: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = simulate_command.run(argparse.Namespace(**namespace), out, err)
    assert (2, "") == (code, out.getvalue())
    assert 1 == len(err.getvalue().splitlines())
    assert err.getvalue().startswith(f"servicegov: error: {message}")


@pytest.mark.parametrize(
    "argv",
    [
        ["--replications", "0"],
        ["--replications", "many"],
        ["--workers", "-1"],
        ["--workers", "2", "--scheduler", "tcp://x:1"],
        ["--experiment", "nope"],
    ],
)
def test_the_parser_rejects_bad_arguments(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        parser().parse_args(["simulate", *argv])
    assert 2 == info.value.code
    assert "error:" in capsys.readouterr().err


def test_an_unwritable_output_is_one_line(tmp_path: Path) -> None:
    code, _, err = simulate("--replications", "2", "--json", str(tmp_path / "missing" / "x.json"))
    assert 2 == code
    last = err.splitlines()[-1]
    assert last.startswith("servicegov: error: ")
    assert last.endswith("x.json")


@pytest.mark.slow
def test_simulate_runs_on_a_dask_scheduler(dask_cluster: tuple[Any, Any]) -> None:
    cluster, _ = dask_cluster
    here = simulate("--experiment", "trimming", "--replications", "6")
    there = with_timeout(
        120,
        simulate,
        "--experiment",
        "trimming",
        "--replications",
        "6",
        "--scheduler",
        cluster.scheduler_address,
    )
    assert 0 == there[0]
    assert here[1] == there[1]
    assert f"on Dask at {cluster.scheduler_address}" in there[2]
