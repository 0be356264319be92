"""Strategies for :mod:`servicegov.simulation`: presets, rater models, worlds,
experiments and their results.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from typing import Any

import attrs
from hypothesis import strategies as st

from servicegov import simulation
from servicegov.assessment import Target, xinzhou_scheme
from servicegov.divisions import Level
from servicegov.scoring import ReviewChannel
from servicegov.simulation import (
    PRESETS,
    CentralTendency,
    Collusion,
    DistrictYear,
    DistrictYearResult,
    Halo,
    Leniency,
    MonteCarloResult,
    Noise,
    NonResponse,
    Preset,
    RandomVsSelfChosen,
    RandomVsSelfChosenResult,
    RankingStability,
    RankInterval,
    RaterModel,
    Rating,
    Ratings,
    ResidentsWeight,
    ResidentsWeightResult,
    Sensitivity,
    Stability,
    StrategicUnits,
    Summary,
    Trimming,
    TrimmingResult,
    WeightSensitivity,
    World,
    monte_carlo,
    summarise,
)
from servicegov.simulation._raters import Effect
from servicegov.strategies._common import (
    _CLAIM_SHARE,
    _DATE,
    _ID,
    _POINTS,
    _SEED,
    _SHARE,
    T,
    _check_size,
    _floats,
    _id_pool,
    _some,
    _texts,
    division_codes,
)
from servicegov.strategies.assessment import bands
from servicegov.strategies.needs import catalogues

__all__ = [
    "calibrations",
    "central_tendencies",
    "collusions",
    "district_year_experiments",
    "district_year_results",
    "halos",
    "leniencies",
    "monte_carlo_results",
    "noises",
    "non_responses",
    "panel_ratings",
    "presets",
    "random_share_experiments",
    "random_share_results",
    "random_vs_self_chosen_experiments",
    "random_vs_self_chosen_results",
    "rank_intervals",
    "ranking_stability_experiments",
    "rater_effects",
    "rater_models",
    "ratings",
    "residents_weight_experiments",
    "residents_weight_results",
    "sensitivities",
    "stabilities",
    "strategic_units",
    "summaries",
    "trimming_experiments",
    "trimming_results",
    "weight_sensitivity_experiments",
    "worlds",
]


def __dir__() -> list[str]:
    return __all__


def _count_experiment(seed: int) -> int:
    return random.Random(seed).randrange(1000)


def _share_experiment(seed: int) -> float:
    return random.Random(seed).random()


def _mapping_experiment(seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    return {"served": rng.randrange(100), "escalated": rng.randrange(10)}


_EXPERIMENTS: tuple[Callable[[int], object], ...] = (
    _count_experiment,
    _share_experiment,
    _mapping_experiment,
)


@st.composite
def _monte_carlo_results(draw: st.DrawFn, max_size: int) -> MonteCarloResult[object]:
    experiment = draw(st.sampled_from(_EXPERIMENTS))
    return monte_carlo(experiment, draw(st.integers(0, max_size)), seed=draw(st.integers(0, 2**32 - 1)))


def monte_carlo_results(*, max_size: int = 8) -> st.SearchStrategy[MonteCarloResult[object]]:
    """Results of :func:`~servicegov.simulation.monte_carlo` over up to *max_size*
    replications of a seeded experiment returning a count, a share or a small
    mapping of counts, so each run is the experiment of its seed.

    Shrinks towards no replications of the counting experiment.

    Raises:
        InvalidArgument: when *max_size* is negative.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(monte_carlo_results())
        ... def check(result):
        ...     assert len(result.seeds) == len(result.runs)
        >>> check()
    """
    _check_size("max_size", max_size, "max_size", None)
    return _monte_carlo_results(max_size)


@st.composite
def _presets(draw: st.DrawFn) -> Preset:
    towns = draw(st.integers(1, 4))
    first = draw(_DATE)
    last = first + dt.timedelta(days=draw(st.integers(0, 180)))
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=2, max_size=2)))
    catalogue = draw(st.none() | catalogues(max_items=0))
    return Preset(
        name=draw(_texts(min_size=1)),
        division=draw(division_codes(level=Level.COUNTY)),
        towns=towns,
        villages=draw(st.integers(towns, 30)),
        needs=draw(st.integers(0, 2000)),
        departments=draw(st.integers(1, 10)),
        town_departments=draw(st.integers(0, 6)),
        members_per_village=draw(st.integers(0, 30)),
        volunteers_per_village=draw(st.integers(0, 10)),
        cadres_per_department=draw(st.integers(0, 12)),
        dual_share=draw(_floats(0.0, 1.0)),
        kind_shares=(cuts[0] / 100, (cuts[1] - cuts[0]) / 100, (100 - cuts[1]) / 100),
        common_share=draw(_floats(0.0, 1.0)),
        duplicate_share=draw(_floats(0.0, 0.2)),
        unrealistic_share=draw(_floats(0.0, 0.2)),
        catalogue=catalogue,
        projects=draw(st.integers(0, 50)) if catalogue is not None else 0,
        collected_from=first,
        collected_to=last,
        as_of=last + dt.timedelta(days=draw(st.integers(0, 90))),
    )


def presets() -> st.SearchStrategy[Preset]:
    """Simulation presets: one of :data:`~servicegov.simulation.PRESETS`, or one of
    one to four towns over at least as many villages (up to 30), shares between 0
    and 1 with the three kind shares summing to 1, a collection window that ends
    on or before the report date, and projects only with a catalogue of its own.

    Shrinks towards the ``small`` preset.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(presets())
        ... def check(preset):
        ...     assert preset.towns <= preset.villages and preset.collected_to <= preset.as_of
        >>> check()
    """
    return st.sampled_from(list(PRESETS.values())) | _presets()


# Targets whose scheme gives the residents part, not all, of the weight (ResidentsWeight needs one).
_RESIDENTS_SHARE = {
    t: share
    for t in Target
    for share in [sum(i.weight for i in xinzhou_scheme(t).indicators if i.source is ReviewChannel.RESIDENTS)]
    if 0 < share < 1
}


def noises(*, raters: Sequence[str] | None = None) -> st.SearchStrategy[Noise]:
    """:class:`~servicegov.simulation.Noise` of sd 0 to 30 points, for every rater or
    some of *raters* (default: any id), with up to two raters' own sd.

    Shrinks towards no noise on every rater.

    Raises:
        InvalidArgument: when *raters* is not a non-empty sequence of ids.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(noises(raters=["r1", "r2"]))
        ... def check(noise):
        ...     assert noise.raters <= {"r1", "r2"} and noise.sd >= 0
        >>> check()
    """
    pool = _id_pool("raters", raters)
    sd = _floats(0.0, 30.0)
    return st.builds(Noise, sd=sd, by_rater=st.dictionaries(pool, sd, max_size=2), raters=_some(pool))


def leniencies(*, raters: Sequence[str] | None = None) -> st.SearchStrategy[Leniency]:
    """:class:`~servicegov.simulation.Leniency` of bias −30 to 30 points and spread 0 to 10,
    for every rater or some of *raters* (default: any id).

    Shrinks towards no shift on every rater.

    Raises:
        InvalidArgument: when *raters* is not a non-empty sequence of ids.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(leniencies())
        ... def check(effect):
        ...     assert -30 <= effect.bias <= 30
        >>> check()
    """
    pool = _id_pool("raters", raters)
    return st.builds(Leniency, bias=_floats(-30.0, 30.0), spread=_floats(0.0, 10.0), raters=_some(pool))


def halos(*, raters: Sequence[str] | None = None) -> st.SearchStrategy[Halo]:
    """:class:`~servicegov.simulation.Halo` of weight 0 to 1, for every rater or some of
    *raters* (default: any id).

    Shrinks towards no halo on every rater.

    Raises:
        InvalidArgument: when *raters* is not a non-empty sequence of ids.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(halos())
        ... def check(effect):
        ...     assert 0 <= effect.weight <= 1
        >>> check()
    """
    return st.builds(Halo, weight=_SHARE, raters=_some(_id_pool("raters", raters)))


def central_tendencies(*, raters: Sequence[str] | None = None) -> st.SearchStrategy[CentralTendency]:
    """:class:`~servicegov.simulation.CentralTendency` of strength 0 to 1 toward a midpoint
    from 0 to 100, for every rater or some of *raters* (default: any id).

    Shrinks towards no shrinking toward 0 on every rater.

    Raises:
        InvalidArgument: when *raters* is not a non-empty sequence of ids.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(central_tendencies())
        ... def check(effect):
        ...     assert 0 <= effect.midpoint <= 100
        >>> check()
    """
    return st.builds(
        CentralTendency, strength=_SHARE, midpoint=_POINTS, raters=_some(_id_pool("raters", raters))
    )


def non_responses(*, raters: Sequence[str] | None = None) -> st.SearchStrategy[NonResponse]:
    """:class:`~servicegov.simulation.NonResponse` of probability 0 to 1, for every rater
    or some of *raters* (default: any id).

    Shrinks towards nobody losing a ballot.

    Raises:
        InvalidArgument: when *raters* is not a non-empty sequence of ids.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(non_responses())
        ... def check(effect):
        ...     assert 0 <= effect.probability <= 1
        >>> check()
    """
    return st.builds(NonResponse, probability=_SHARE, raters=_some(_id_pool("raters", raters)))


def collusions(
    *, raters: Sequence[str] | None = None, units: Sequence[str] | None = None
) -> st.SearchStrategy[Collusion]:
    """:class:`~servicegov.simulation.Collusion` rings of one to three of *raters* (default:
    any id) favouring one to three of *units* (default: any id) with a score from 0 to 100.

    Shrinks towards a ring of one rater giving one unit 0.

    Raises:
        InvalidArgument: when *raters* or *units* is not a non-empty sequence of ids.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(collusions(raters=["r1", "r2"], units=["u1"]))
        ... def check(ring):
        ...     assert ring.raters and ring.units == {"u1"}
        >>> check()
    """
    return st.builds(
        Collusion,
        raters=_some(_id_pool("raters", raters), min_size=1),
        units=_some(_id_pool("units", units), min_size=1),
        score=_POINTS,
    )


def strategic_units(
    *, units: Sequence[str] | None = None, indicators: Sequence[str] | None = None
) -> st.SearchStrategy[StrategicUnits]:
    """:class:`~servicegov.simulation.StrategicUnits`: one to three of *units* (default: any
    id) gaming one or two of *indicators* (default: ``completion`` or any id) by an
    inflation from 0 to 1.

    Shrinks towards one unit gaming by nothing.

    Raises:
        InvalidArgument: when *units* or *indicators* is not a non-empty sequence of ids.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(strategic_units(indicators=["completion"]))
        ... def check(effect):
        ...     assert effect.indicators == {"completion"}
        >>> check()
    """
    codes = st.just("completion") | _ID if indicators is None else _id_pool("indicators", indicators)
    return st.builds(
        StrategicUnits,
        units=_some(_id_pool("units", units), min_size=1),
        indicators=st.frozensets(codes, min_size=1, max_size=2),
        inflation=_SHARE,
    )


def rater_effects(
    *, raters: Sequence[str] | None = None, units: Sequence[str] | None = None
) -> st.SearchStrategy[Effect]:
    """Any rater effect: one of :func:`noises`, :func:`leniencies`, :func:`halos`,
    :func:`central_tendencies`, :func:`non_responses`, :func:`collusions` and
    :func:`strategic_units`, over *raters* and *units* (default: any id).

    Shrinks towards no noise.

    Raises:
        InvalidArgument: when *raters* or *units* is not a non-empty sequence of ids.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(rater_effects())
        ... def check(effect):
        ...     assert attrs.has(type(effect))
        >>> check()
    """
    return st.one_of(
        noises(raters=raters),
        leniencies(raters=raters),
        halos(raters=raters),
        central_tendencies(raters=raters),
        non_responses(raters=raters),
        collusions(raters=raters, units=units),
        strategic_units(units=units),
    )


def rater_models(
    *, max_effects: int = 3, raters: Sequence[str] | None = None, units: Sequence[str] | None = None
) -> st.SearchStrategy[RaterModel]:
    """:class:`~servicegov.simulation.RaterModel` of up to *max_effects* :func:`rater_effects`
    over *raters* and *units* (default: any id), in any order.

    Shrinks towards perfect raters (no effect).

    Raises:
        InvalidArgument: when *max_effects* is negative, or *raters* or *units* is
            not a non-empty sequence of ids.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(rater_models(max_effects=2))
        ... def check(model):
        ...     assert len(model.effects) <= 2
        >>> check()
    """
    _check_size("max_effects", max_effects, "max_effects", None)
    effects = rater_effects(raters=raters, units=units)
    return st.builds(RaterModel, effects=st.lists(effects, max_size=max_effects))


def ratings() -> st.SearchStrategy[Rating]:
    """Single ballots: a rater, a unit and one to four scores from 0 to 100, or no
    ballot (``None``).

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(ratings())
        ... def check(rating):
        ...     assert rating.scores is None or rating.mean is not None
        >>> check()
    """
    scores = st.none() | st.lists(_POINTS, min_size=1, max_size=4).map(tuple)
    return st.builds(Rating, rater=_ID, unit=_ID, scores=scores)


@st.composite
def _panel_ratings(draw: st.DrawFn, max_units: int, max_raters: int) -> Ratings:
    codes = draw(st.lists(_ID, min_size=1, max_size=3, unique=True))
    units = draw(st.lists(_ID, max_size=max_units, unique=True))
    raters = draw(st.lists(_ID, max_size=max_raters, unique=True))
    truth = {u: {c: draw(_POINTS) for c in codes} for u in units}
    model = draw(rater_models(raters=raters or None, units=units or None))
    return model.rate(truth, raters, random.Random(draw(_SEED)))


def panel_ratings(*, max_units: int = 3, max_raters: int = 4) -> st.SearchStrategy[Ratings]:
    """:class:`~servicegov.simulation.Ratings` made by :meth:`~servicegov.simulation.RaterModel.rate`:
    a :func:`rater_models` model over up to *max_raters* raters rating up to
    *max_units* units on one to three indicators, from a seed.

    Shrinks towards no units.

    Raises:
        InvalidArgument: when *max_units* or *max_raters* is negative.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(panel_ratings())
        ... def check(sheet):
        ...     assert {r.unit for r in sheet.ratings} <= set(sheet.units)
        >>> check()
    """
    _check_size("max_units", max_units, "max_units", None)
    _check_size("max_raters", max_raters, "max_raters", None)
    return _panel_ratings(max_units, max_raters)


# Rater models of a world: everything but lost ballots, so that every
# replication of an experiment on the world runs (a unit whose ballots were all
# lost has no value, and the experiment raises).
def _world_effects(raters: Sequence[str], units: Sequence[str]) -> st.SearchStrategy[Effect]:
    return st.one_of(
        noises(raters=raters),
        leniencies(raters=raters),
        halos(raters=raters),
        central_tendencies(raters=raters),
        collusions(raters=raters, units=units),
        strategic_units(units=units),
    )


def _world_models(raters: Sequence[str], units: Sequence[str]) -> st.SearchStrategy[RaterModel]:
    return st.builds(RaterModel, effects=st.lists(_world_effects(raters, units), max_size=2))


@st.composite
def _worlds(draw: st.DrawFn, max_units: int, max_residents: int, target: st.SearchStrategy[Target]) -> World:
    shape = World(
        target=draw(target),
        units=draw(st.integers(2, max_units)),
        residents=draw(st.integers(1, max_residents)),
        reviewers=draw(st.integers(1, 3)),
    )
    units = shape.unit_ids
    trim = draw(st.integers(0, 2))
    return attrs.evolve(
        shape,
        truth_seed=draw(_SEED),
        quality_mean=draw(_POINTS),
        quality_sd=draw(st.just(0.0) | _floats(0.0, 20.0)),
        indicator_sd=draw(st.just(0.0) | _floats(0.0, 10.0)),
        residents_model=draw(_world_models(shape.resident_ids, units)),
        reviewers_model=draw(_world_models(shape.reviewer_ids, units)),
        records_model=draw(_world_models(["records"], units)),
        trim=trim,
        trim_above=draw(st.integers(2 * trim, 2 * trim + 5)),
        bands=draw(bands()),
    )


def _check_world_sizes(max_units: int, max_residents: int) -> None:
    _check_size("min_units", 2, "max_units", max_units)
    _check_size("min_residents", 1, "max_residents", max_residents)


def worlds(*, max_units: int = 6, max_residents: int = 4) -> st.SearchStrategy[World]:
    """Simulation :class:`~servicegov.simulation.World` values of 2 to *max_units* units,
    1 to *max_residents* residents and one to three reviewers, under any target's
    scheme, with any true-score distribution, bands and trimming.

    The panels' rater models are up to two effects over the world's own raters
    and units, never a :class:`~servicegov.simulation.NonResponse`, so every
    replication of an experiment on the world runs.

    Shrinks towards two units, one resident and one reviewer, all perfect.

    Raises:
        InvalidArgument: when *max_units* is below 2 or *max_residents* below 1.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(worlds(max_units=3))
        ... def check(world):
        ...     assert 2 <= world.units <= 3 and world.trim_above >= 2 * world.trim
        >>> check()
    """
    _check_world_sizes(max_units, max_residents)
    return _worlds(max_units, max_residents, st.sampled_from(list(Target)))


@st.composite
def _ranking_stability_experiments(draw: st.DrawFn, max_units: int) -> RankingStability:
    world = draw(_worlds(max_units, 4, st.sampled_from(list(Target))))
    return RankingStability(world=world, k=draw(st.integers(1, world.units)))


def ranking_stability_experiments(*, max_units: int = 6) -> st.SearchStrategy[RankingStability]:
    """:class:`~servicegov.simulation.RankingStability` experiments on :func:`worlds` of up
    to *max_units* units, comparing a top of 1 to all units.

    Shrinks towards a top of one in a world of two units.

    Raises:
        InvalidArgument: when *max_units* is below 2.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(ranking_stability_experiments())
        ... def check(experiment):
        ...     assert len(experiment(0).ranks) == experiment.world.units
        >>> check()
    """
    _check_world_sizes(max_units, 1)
    return _ranking_stability_experiments(max_units)


@st.composite
def _weight_sensitivity_experiments(draw: st.DrawFn, max_units: int) -> WeightSensitivity:
    world = draw(_worlds(max_units, 4, st.sampled_from(list(Target))))
    values = None
    n = world.units
    if draw(st.booleans()):
        n = draw(st.integers(2, world.units))
        codes = [i.code for i in world.scheme().indicators]
        values = {u: {c: draw(_POINTS) for c in codes} for u in world.unit_ids[:n]}
    return WeightSensitivity(
        world=world,
        concentration=draw(_floats(0.5, 1000.0)),
        k=draw(st.integers(1, n)),
        values=values,
    )


def weight_sensitivity_experiments(*, max_units: int = 6) -> st.SearchStrategy[WeightSensitivity]:
    """:class:`~servicegov.simulation.WeightSensitivity` experiments on :func:`worlds` of up
    to *max_units* units, with a concentration from 0.5 to 1000 and either the
    world's true scores or values of their own for some of its units.

    Shrinks towards the true scores of a world of two units.

    Raises:
        InvalidArgument: when *max_units* is below 2.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(weight_sensitivity_experiments())
        ... def check(experiment):
        ...     assert abs(sum(experiment(0).weights) - 1) < 1e-9
        >>> check()
    """
    _check_world_sizes(max_units, 1)
    return _weight_sensitivity_experiments(max_units)


def _ring_fields(draw: st.DrawFn, world: World) -> dict[str, Any]:
    ids = world.unit_ids
    targets = draw(
        st.integers(0, len(ids)) | st.lists(st.sampled_from(ids), max_size=len(ids), unique=True).map(tuple)
    )
    return {
        "ring_size": draw(st.integers(0, world.residents)),
        "targets": targets,
        "k": draw(st.integers(1, world.units)),
    }


@st.composite
def _residents_weight_experiments(draw: st.DrawFn, max_units: int) -> ResidentsWeight:
    world = draw(_worlds(max_units, 4, st.sampled_from(list(_RESIDENTS_SHARE))))
    factor = draw(_floats(0.25, 1 / _RESIDENTS_SHARE[world.target]))
    return ResidentsWeight(world=world, factor=factor, **_ring_fields(draw, world))


def residents_weight_experiments(*, max_units: int = 6) -> st.SearchStrategy[ResidentsWeight]:
    """:class:`~servicegov.simulation.ResidentsWeight` experiments on :func:`worlds` of up
    to *max_units* units whose scheme gives the residents part of the weight, a
    factor from 0.25 to as much as the scheme allows, a ring of none to every
    resident, and targets given as a count or as unit ids.

    Shrinks towards a factor of 0.25 and no ring in a world of two units.

    Raises:
        InvalidArgument: when *max_units* is below 2.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(residents_weight_experiments())
        ... def check(experiment):
        ...     assert experiment.ring_targets() <= set(experiment.world.unit_ids)
        >>> check()
    """
    _check_world_sizes(max_units, 1)
    return _residents_weight_experiments(max_units)


@st.composite
def _trimming_experiments(draw: st.DrawFn, max_units: int) -> Trimming:
    world = draw(_worlds(max_units, 4, st.sampled_from(list(Target))))
    return Trimming(world=world, trim=draw(st.integers(1, 3)), **_ring_fields(draw, world))


def trimming_experiments(*, max_units: int = 6) -> st.SearchStrategy[Trimming]:
    """:class:`~servicegov.simulation.Trimming` experiments on :func:`worlds` of up to
    *max_units* units, trimming one to three ballots at each end, with a ring and
    targets as in :func:`residents_weight_experiments`.

    Shrinks towards trimming one ballot with no ring in a world of two units.

    Raises:
        InvalidArgument: when *max_units* is below 2.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(trimming_experiments())
        ... def check(experiment):
        ...     assert 0 <= experiment.ring_size <= experiment.world.residents
        >>> check()
    """
    _check_world_sizes(max_units, 1)
    return _trimming_experiments(max_units)


@st.composite
def _random_vs_self_chosen_experiments(draw: st.DrawFn, max_units: int) -> RandomVsSelfChosen:
    world = draw(_worlds(max_units, 4, st.sampled_from(list(Target))))
    return RandomVsSelfChosen(
        world=world,
        roster=draw(st.integers(world.residents, world.residents + 6)),
        friendliness=draw(_floats(0.0, 30.0)),
        k=draw(st.integers(1, world.units)),
    )


def random_vs_self_chosen_experiments(*, max_units: int = 6) -> st.SearchStrategy[RandomVsSelfChosen]:
    """:class:`~servicegov.simulation.RandomVsSelfChosen` experiments on :func:`worlds` of up
    to *max_units* units, with rosters of the panel size to six more and
    friendliness from 0 to 30 points.

    Shrinks towards rosters of the panel size in a world of two units.

    Raises:
        InvalidArgument: when *max_units* is below 2.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(random_vs_self_chosen_experiments())
        ... def check(experiment):
        ...     assert experiment.roster >= experiment.world.residents
        >>> check()
    """
    _check_world_sizes(max_units, 1)
    return _random_vs_self_chosen_experiments(max_units)


def _run(experiments: st.SearchStrategy[Callable[[int], T]]) -> st.SearchStrategy[T]:
    return st.tuples(experiments, _SEED).map(lambda pair: pair[0](pair[1]))


def stabilities() -> st.SearchStrategy[Stability]:
    """:class:`~servicegov.simulation.Stability` results: one replication of
    :func:`ranking_stability_experiments` on up to four units (τ is ``nan`` when
    every unit has the same total).

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(stabilities())
        ... def check(result):
        ...     assert sorted(result.ranks)[0] == 1
        >>> check()
    """
    return _run(ranking_stability_experiments(max_units=4))


def sensitivities() -> st.SearchStrategy[Sensitivity]:
    """:class:`~servicegov.simulation.Sensitivity` results: one replication of
    :func:`weight_sensitivity_experiments` on up to four units.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(sensitivities())
        ... def check(result):
        ...     assert abs(sum(result.weights) - 1) < 1e-9
        >>> check()
    """
    return _run(weight_sensitivity_experiments(max_units=4))


def residents_weight_results() -> st.SearchStrategy[ResidentsWeightResult]:
    """:class:`~servicegov.simulation.ResidentsWeightResult` values: one replication of
    :func:`residents_weight_experiments` on up to four units.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(residents_weight_results())
        ... def check(result):
        ...     assert len(result.baseline.ranks) == len(result.reweighted.ranks)
        >>> check()
    """
    return _run(residents_weight_experiments(max_units=4))


def trimming_results() -> st.SearchStrategy[TrimmingResult]:
    """:class:`~servicegov.simulation.TrimmingResult` values: one replication of
    :func:`trimming_experiments` on up to four units.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(trimming_results())
        ... def check(result):
        ...     assert len(result.trimmed.ranks) == len(result.untrimmed.ranks)
        >>> check()
    """
    return _run(trimming_experiments(max_units=4))


def random_vs_self_chosen_results() -> st.SearchStrategy[RandomVsSelfChosenResult]:
    """:class:`~servicegov.simulation.RandomVsSelfChosenResult` values: one replication of
    :func:`random_vs_self_chosen_experiments` on up to four units.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(random_vs_self_chosen_results())
        ... def check(result):
        ...     assert len(result.random.ranks) == len(result.chosen.ranks)
        >>> check()
    """
    return _run(random_vs_self_chosen_experiments(max_units=4))


@st.composite
def _rank_intervals(draw: st.DrawFn, max_units: int, max_runs: int) -> RankInterval:
    n = draw(st.integers(1, max_units))
    runs = draw(st.lists(st.permutations(range(1, n + 1)), min_size=1, max_size=max_runs))
    names = draw(st.none() | st.lists(_ID, min_size=n, max_size=n, unique=True))
    low, high = sorted(draw(st.lists(_POINTS, min_size=2, max_size=2)))
    intervals = simulation.rank_intervals(runs, units=names, low=low, high=high)
    return draw(st.sampled_from(intervals))


def rank_intervals(*, max_units: int = 5, max_runs: int = 6) -> st.SearchStrategy[RankInterval]:
    """:class:`~servicegov.simulation.RankInterval` values made by
    :func:`~servicegov.simulation.rank_intervals`: one unit's interval over one to
    *max_runs* rankings of up to *max_units* units, at any two percentiles.

    Shrinks towards the one unit of one ranking.

    Raises:
        InvalidArgument: when *max_units* or *max_runs* is below 1.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(rank_intervals())
        ... def check(interval):
        ...     assert 1 <= interval.low <= interval.high and 1 <= interval.median
        >>> check()
    """
    _check_size("min_units", 1, "max_units", max_units)
    _check_size("min_runs", 1, "max_runs", max_runs)
    return _rank_intervals(max_units, max_runs)


def summaries(*, max_size: int = 8) -> st.SearchStrategy[Summary]:
    """:class:`~servicegov.simulation.Summary` values made by
    :func:`~servicegov.simulation.summarise` from one to *max_size* numbers
    between −10⁶ and 10⁶ (one number gives an sd of ``nan``).

    Shrinks towards the summary of one 0.

    Raises:
        InvalidArgument: when *max_size* is below 1.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(summaries())
        ... def check(summary):
        ...     assert summary.min <= summary.p50 <= summary.max
        >>> check()
    """
    _check_size("min_size", 1, "max_size", max_size)
    return st.lists(_floats(-1e6, 1e6), min_size=1, max_size=max_size).map(summarise)


@st.composite
def _random_share_experiments(draw: st.DrawFn, max_units: int) -> simulation.RandomShare:
    world = draw(_worlds(max_units, 4, st.sampled_from(list(Target))))
    ids = world.unit_ids
    return simulation.RandomShare(
        world=world,
        shares=tuple(draw(st.lists(_CLAIM_SHARE, min_size=1, max_size=5))),
        roster=draw(st.integers(world.residents, world.residents + 6)),
        inflation=draw(_floats(0.0, 30.0)),
        targets=draw(
            st.integers(0, len(ids))
            | st.lists(st.sampled_from(ids), max_size=len(ids), unique=True).map(tuple)
        ),
    )


def random_share_experiments(*, max_units: int = 6) -> st.SearchStrategy[simulation.RandomShare]:
    """:class:`~servicegov.simulation.RandomShare` experiments on :func:`worlds` of up to
    *max_units* units, trying one to five random shares, with populations of the
    panel size to six more, inflation from 0 to 30 points, and gaming units given
    as a count or as unit ids.

    Shrinks towards one share of 0 and populations of the panel size in a world of two units.

    Raises:
        InvalidArgument: when *max_units* is below 2.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(random_share_experiments())
        ... def check(experiment):
        ...     assert experiment.gaming_units() <= set(experiment.world.unit_ids)
        >>> check()
    """
    _check_world_sizes(max_units, 1)
    return _random_share_experiments(max_units)


def random_share_results() -> st.SearchStrategy[simulation.RandomShareResult]:
    """:class:`~servicegov.simulation.RandomShareResult` values: one replication of
    :func:`random_share_experiments` on up to four units (τ is ``nan`` where every
    unit has the same total).

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(random_share_results())
        ... def check(result):
        ...     assert len(result.shares) == len(result.tau) == len(result.gain)
        >>> check()
    """
    return _run(random_share_experiments(max_units=4))


def district_year_experiments() -> st.SearchStrategy[DistrictYear]:
    """:class:`~servicegov.simulation.DistrictYear` experiments: any preset of
    :data:`~servicegov.simulation.PRESETS`, any district seed and any assessed
    target.  Nothing is generated or run: the district is made only when the
    experiment is called.

    Shrinks towards the ``small`` preset, district seed 0 and the first target.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(district_year_experiments())
        ... def check(experiment):
        ...     assert experiment.preset in PRESETS
        >>> check()
    """
    return st.builds(
        DistrictYear,
        preset=st.sampled_from(sorted(PRESETS, key=lambda name: name != "small")),
        district_seed=_SEED,
        target=st.sampled_from([t.value for t in Target]),
    )


@st.composite
def _district_year_results(draw: st.DrawFn) -> DistrictYearResult:
    assessed = draw(st.integers(0, 80))
    top = draw(st.lists(_ID, max_size=min(5, assessed), unique=True))
    return DistrictYearResult(
        resolved_share=draw(_CLAIM_SHARE),
        overdue=draw(st.integers(0, 10_000)),
        breaches=draw(st.integers(0, 10_000)),
        ballots=draw(st.integers(0, 10_000)),
        assessed=assessed,
        top=tuple(top),
        mean_total=draw(_POINTS) if assessed else None,
        channel_agreement=draw(st.none() | _floats(-1.0, 1.0)),
    )


def district_year_results() -> st.SearchStrategy[DistrictYearResult]:
    """:class:`~servicegov.simulation.DistrictYearResult` values built directly, without
    simulating a year: shares from 0 to 1, counts from 0, up to five distinct top ids
    (never more than were assessed), a mean total from 0 to 100 exactly when some
    were assessed, and an agreement from -1 to 1 or ``None``.

    Shrinks towards an empty year: nothing assessed, no agreement.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(district_year_results())
        ... def check(result):
        ...     assert len(result.top) <= min(5, result.assessed)
        ...     assert (result.mean_total is None) == (result.assessed == 0)
        >>> check()
    """
    return _district_year_results()


@st.composite
def _calibrations(draw: st.DrawFn) -> simulation.Calibration:
    preset = draw(presets())
    common = draw(st.floats(0, 0.95))
    target = float(draw(st.integers(1, 10_000)))
    achieved = float(draw(st.integers(1, 10_000)))
    return simulation.Calibration(
        preset=attrs.evolve(preset, common_share=common),
        parameters=(("common_share", common),),
        residuals=(("service_list", target, achieved, (achieved - target) / target),),
    )


def calibrations() -> st.SearchStrategy[simulation.Calibration]:
    """Calibration results: a preset with its fitted share of common needs and the
    service-list residual, built directly (nothing is fitted while drawing).

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(calibrations())
        ... def check(c):
        ...     assert dict(c.parameters)["common_share"] == c.preset.common_share
        >>> check()
    """
    return _calibrations()
