"""Rater models: each effect does what it says, alone and composed, from one seed."""

from __future__ import annotations

import datetime as dt
import math
import pickle
import random
import statistics
from typing import Any

import attrs
import pytest

from servicegov.assessment import Target, assess, xinzhou_scheme
from servicegov.calendar import Period
from servicegov.errors import InvalidValue
from servicegov.scoring import DEFAULT_RULE, Commitment, CommitmentItem, ReviewChannel, Satisfaction, score
from servicegov.simulation import (
    CentralTendency,
    Collusion,
    Halo,
    Leniency,
    Noise,
    NonResponse,
    RaterModel,
    Rating,
    Ratings,
    StrategicUnits,
    draw_true_scores,
    rated_values,
    to_satisfaction,
)

from .raters_cases import ALL_EFFECTS, RATERS, TRUTH, UNITS, cells

FLAT = {u: {"attitude": 50.0, "style": 50.0} for u in UNITS}


def by_key(r: Ratings) -> dict[tuple[str, str], tuple[float, ...] | None]:
    return {(x.rater, x.unit): x.scores for x in r.ratings}


# -- the sheet --------------------------------------------------------------------


def test_perfect_raters_give_the_truth() -> None:
    r = RaterModel().rate(TRUTH, RATERS[:3], random.Random(0))
    assert UNITS == r.units
    assert ("attitude", "style") == r.indicators
    assert [(rater, u) for u in UNITS for rater in RATERS[:3]] == [(x.rater, x.unit) for x in r.ratings]
    assert {u: dict(row) for u, row in TRUTH.items()} == r.values()
    assert 1.0 == r.response_rate


def test_panels_per_unit_rate_only_their_unit() -> None:
    truth = {"u1": {"x": 60.0}, "u2": {"x": 70.0}}
    r = RaterModel().rate(truth, {"u1": ["a", "b"], "u2": ["c"]}, random.Random(0))
    assert [("a", "u1"), ("b", "u1"), ("c", "u2")] == [(x.rater, x.unit) for x in r.ratings]
    assert ("a", "b") == tuple(x.rater for x in r.of("u1"))
    empty = RaterModel().rate(truth, {"u1": ["a"]}, random.Random(0))
    assert () == empty.of("u2")


def test_the_model_does_not_touch_global_random_state() -> None:
    random.seed(1)
    expected = random.random()
    random.seed(1)
    RaterModel(effects=ALL_EFFECTS).rate(TRUTH, RATERS, random.Random(3))
    assert expected == random.random()


def test_models_and_ratings_are_frozen_picklable_values() -> None:
    model = RaterModel(effects=ALL_EFFECTS)
    r = model.rate(TRUTH, RATERS, random.Random(3))
    assert model == pickle.loads(pickle.dumps(model))
    assert r == pickle.loads(pickle.dumps(r))
    assert hash(model) == hash(pickle.loads(pickle.dumps(model)))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        model.effects = ()  # type: ignore[misc]


def test_then_appends_effects_in_order() -> None:
    base = RaterModel(effects=[Noise(sd=1.0)])
    longer = base.then(Halo(weight=0.5), NonResponse(probability=0.1))
    assert (Noise(sd=1.0),) == base.effects
    assert (Noise(sd=1.0), Halo(weight=0.5), NonResponse(probability=0.1)) == longer.effects


def test_effects_apply_in_the_order_given() -> None:
    ring = Collusion(raters={"r1"}, units={"u1"})
    shrink = CentralTendency(strength=0.5)
    after = RaterModel(effects=[ring, shrink]).rate(FLAT, ["r1"], random.Random(0))
    before = RaterModel(effects=[shrink, ring]).rate(FLAT, ["r1"], random.Random(0))
    assert (75.0, 75.0) == after.of("u1")[0].scores
    assert (100.0, 100.0) == before.of("u1")[0].scores


# -- each effect ------------------------------------------------------------------------


def test_noise_has_the_given_spread_and_no_bias() -> None:
    r = RaterModel(effects=[Noise(sd=5.0)]).rate(FLAT, RATERS, random.Random(11))
    errors = [v - 50.0 for v in cells(r)]
    assert 320 == len(errors)
    assert abs(statistics.fmean(errors)) < 1.0
    assert 4.4 < statistics.stdev(errors) < 5.6


def test_noise_per_rater_overrides_the_default() -> None:
    model = RaterModel(effects=[Noise(sd=0.0, by_rater={"r2": 10.0})])
    r = model.rate(FLAT, ["r1", "r2"], random.Random(4))
    assert all(s == (50.0, 50.0) for (rater, _), s in by_key(r).items() if rater == "r1")
    assert any(s != (50.0, 50.0) for (rater, _), s in by_key(r).items() if rater == "r2")


def test_noise_only_touches_its_raters() -> None:
    r = RaterModel(effects=[Noise(sd=10.0, raters={"r2"})]).rate(FLAT, ["r1", "r2"], random.Random(4))
    assert all(s == (50.0, 50.0) for (rater, _), s in by_key(r).items() if rater == "r1")
    assert all(s != (50.0, 50.0) for (rater, _), s in by_key(r).items() if rater == "r2")


@pytest.mark.parametrize("bias", [-12.5, -3.0, 0.0, 7.25])
def test_leniency_shifts_means_by_the_bias(bias: float) -> None:
    # Mid-scale truth and small noise, so that no rating is clipped.
    truth = draw_true_scores(UNITS, ("attitude", "style"), random.Random(5), mean=50, sd=5, indicator_sd=2)
    plain = RaterModel(effects=[Noise(sd=4.0)])
    shifted = plain.then(Leniency(bias=bias))
    a = plain.rate(truth, RATERS, random.Random(9))
    b = shifted.rate(truth, RATERS, random.Random(9))
    # The same noise draws, so every unit's plain mean moves by exactly the bias.
    for unit in UNITS:
        for code in ("attitude", "style"):
            got = [x.scores for x in b.of(unit)]
            base = [x.scores for x in a.of(unit)]
            idx = a.indicators.index(code)
            mean_a = statistics.fmean(s[idx] for s in base if s is not None)
            mean_b = statistics.fmean(s[idx] for s in got if s is not None)
            assert mean_a + bias == pytest.approx(mean_b, abs=1e-9)


def test_leniency_spread_gives_each_rater_one_constant_shift() -> None:
    r = RaterModel(effects=[Leniency(spread=8.0)]).rate(FLAT, RATERS, random.Random(2))
    shifts: dict[str, set[float]] = {}
    for x in r.ratings:
        assert x.scores is not None
        shifts.setdefault(x.rater, set()).update(v - 50.0 for v in x.scores)
    assert all(1 == len(s) for s in shifts.values())
    assert 10 < len({next(iter(s)) for s in shifts.values()})


def test_leniency_of_some_raters_only_shifts_theirs() -> None:
    r = RaterModel(effects=[Leniency(bias=-10.0, raters={"r1"})]).rate(FLAT, ["r1", "r2"], random.Random(0))
    assert {"r1": (40.0, 40.0), "r2": (50.0, 50.0)} == {x.rater: x.scores for x in r.of("u1")}


def test_halo_of_one_gives_every_indicator_the_overall_impression() -> None:
    truth = {"u1": {"a": 90.0, "b": 50.0, "c": 40.0}}
    r = RaterModel(effects=[Halo(weight=1.0)]).rate(truth, ["r1"], random.Random(0))
    assert (60.0, 60.0, 60.0) == r.ratings[0].scores
    half = RaterModel(effects=[Halo(weight=0.5)]).rate(truth, ["r1"], random.Random(0))
    assert (75.0, 55.0, 50.0) == half.ratings[0].scores


def test_halo_correlates_the_errors_across_indicators() -> None:
    def error_correlation(model: RaterModel) -> float:
        r = model.rate(FLAT, RATERS, random.Random(8))
        xs = [x.scores[0] for x in r.ratings if x.scores is not None]
        ys = [x.scores[1] for x in r.ratings if x.scores is not None]
        return statistics.correlation(xs, ys)

    plain = RaterModel(effects=[Noise(sd=10.0)])
    assert abs(error_correlation(plain)) < 0.2
    # With two indicators, halo w makes each error (1 - w/2) e1 + (w/2) e2: for w = 0.4 a correlation of 0.47.
    assert 0.35 < error_correlation(plain.then(Halo(weight=0.4))) < 0.6
    assert error_correlation(plain.then(Halo(weight=0.8))) > 0.85


def test_central_tendency_shrinks_toward_the_midpoint() -> None:
    truth = {"u1": {"a": 90.0, "b": 10.0, "c": 50.0}}
    r = RaterModel(effects=[CentralTendency(strength=0.25)]).rate(truth, ["r1"], random.Random(0))
    assert (80.0, 20.0, 50.0) == r.ratings[0].scores
    other = RaterModel(effects=[CentralTendency(strength=1.0, midpoint=70.0)]).rate(
        truth, ["r1"], random.Random(0)
    )
    assert (70.0, 70.0, 70.0) == other.ratings[0].scores


def test_no_non_response_means_every_rater_rates() -> None:
    model = RaterModel(effects=[Noise(sd=5.0), NonResponse(probability=0.0)])
    r = model.rate(TRUTH, RATERS, random.Random(1))
    assert len(UNITS) * len(RATERS) == len(r.ratings)
    assert all(x.scores is not None for x in r.ratings)
    assert 1.0 == r.response_rate
    assert model.rate(TRUTH, RATERS, random.Random(1)) == RaterModel(effects=[Noise(sd=5.0)]).rate(
        TRUTH, RATERS, random.Random(1)
    )


def test_non_response_drops_about_its_share_of_ballots() -> None:
    r = RaterModel(effects=[NonResponse(probability=0.3)]).rate(TRUTH, RATERS, random.Random(1))
    assert 0.6 < r.response_rate < 0.8
    assert 0 == len(
        RaterModel(effects=[NonResponse(probability=1.0)])
        .rate(TRUTH, RATERS, random.Random(1))
        .reviews(on=dt.date(2025, 12, 1))
    )


def test_non_response_of_some_raters_only_loses_theirs() -> None:
    r = RaterModel(effects=[NonResponse(probability=1.0, raters={"r2"})]).rate(
        TRUTH, ["r1", "r2"], random.Random(0)
    )
    assert all((x.scores is None) == (x.rater == "r2") for x in r.ratings)


def test_a_unit_without_ballots_is_an_error_unless_missing_is_given() -> None:
    r = RaterModel(effects=[NonResponse(probability=1.0)]).rate(TRUTH, ["r1"], random.Random(0))
    with pytest.raises(InvalidValue) as info:
        r.values()
    assert "ratings['u1']" == info.value.field
    assert {"attitude": 0.0, "style": 0.0} == r.values(missing=0.0)["u1"]


def test_a_collusion_ring_gives_its_units_the_maximum() -> None:
    honest = RaterModel(effects=[Noise(sd=8.0), NonResponse(probability=0.5)])
    ring = honest.then(Collusion(raters={"r1", "r2", "r3"}, units={"u2", "u5"}))
    a = honest.rate(TRUTH, RATERS, random.Random(6))
    b = ring.rate(TRUTH, RATERS, random.Random(6))
    for (rater, unit), scores in by_key(b).items():
        if rater in {"r1", "r2", "r3"} and unit in {"u2", "u5"}:
            assert (100.0, 100.0) == scores
        else:
            assert by_key(a)[(rater, unit)] == scores
    for unit in UNITS:
        for code in a.indicators:
            before, after = a.values(trim=0)[unit][code], b.values(trim=0)[unit][code]
            assert (after > before) if unit in {"u2", "u5"} else (after == before)


def test_a_collusion_ring_can_give_another_score() -> None:
    r = RaterModel(effects=[Collusion(raters={"r1"}, units={"u1"}, score=0.0)]).rate(
        FLAT, ["r1"], random.Random(0)
    )
    assert (0.0, 0.0) == r.of("u1")[0].scores
    assert (50.0, 50.0) == r.of("u2")[0].scores


def test_strategic_units_inflate_only_the_gamed_indicator() -> None:
    truth = {"u1": {"completion": 60.0, "attitude": 60.0}, "u2": {"completion": 60.0, "attitude": 60.0}}
    model = RaterModel(effects=[StrategicUnits(units={"u1"}, inflation=0.5)])
    r = model.rate(truth, ["records"], random.Random(0))
    assert {
        "u1": {"completion": 80.0, "attitude": 60.0},
        "u2": {"completion": 60.0, "attitude": 60.0},
    } == r.values()
    # The truth itself is not changed: gaming is no real gain in quality.
    assert 60.0 == truth["u1"]["completion"]
    other = model.rate({"u1": {"attitude": 60.0}}, ["r1"], random.Random(0))
    assert (60.0,) == other.ratings[0].scores


def test_strategic_units_climb_the_assessment_without_real_quality() -> None:
    scheme = xinzhou_scheme(Target.TOWN_CADRE)
    truth = {
        "c1": {"completion": 70.0, "attitude-and-style": 80.0},
        "c2": {"completion": 80.0, "attitude-and-style": 80.0},
    }
    gamed = RaterModel(effects=[StrategicUnits(units={"c1"}, inflation=0.8)]).rate(
        truth, ["rec"], random.Random(0)
    )
    honest = assess(scheme, truth, as_of=dt.date(2025, 12, 31))
    seen = assess(scheme, gamed.values(), as_of=dt.date(2025, 12, 31))
    assert ["c2", "c1"] == [r.reviewee for r in honest.results]
    assert ["c1", "c2"] == [r.reviewee for r in seen.results]


# -- outputs for scoring and assessment -----------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (100.0, Satisfaction.SATISFIED),
        (85.0, Satisfaction.SATISFIED),
        (84.999, Satisfaction.BASICALLY_SATISFIED),
        (60.0, Satisfaction.BASICALLY_SATISFIED),
        (59.999, Satisfaction.DISSATISFIED),
        (0.0, Satisfaction.DISSATISFIED),
    ],
)
def test_scores_map_to_satisfaction_at_the_cuts(value: float, expected: Satisfaction) -> None:
    assert expected is to_satisfaction(value)


def test_satisfaction_cuts_can_be_moved_and_must_be_ordered() -> None:
    assert Satisfaction.SATISFIED is to_satisfaction(70, satisfied=70, basic=50)
    assert Satisfaction.DISSATISFIED is to_satisfaction(49, satisfied=70, basic=50)
    with pytest.raises(InvalidValue):
        to_satisfaction(70, satisfied=50, basic=70)
    with pytest.raises(InvalidValue) as info:
        to_satisfaction(math.nan)
    assert "score" == info.value.field


def test_values_trim_like_the_scoring_rule() -> None:
    ballots = [
        Rating(rater=f"r{i}", unit="u1", scores=(float(s), 50.0))
        for i, s in enumerate([0, 60, 70, 80, 90, 100])
    ]
    r = Ratings(
        indicators=["x", "y"], units=["u1"], ratings=[*ballots, Rating(rater="r9", unit="u1", scores=None)]
    )
    assert {"u1": {"x": 75.0, "y": 50.0}} == r.values()
    assert {"u1": {"x": 400 / 6, "y": 50.0}} == r.values(trim=0)
    assert {"u1": {"x": 75.0, "y": 50.0}} == r.values(trim=2, trim_above=4)
    assert {"u1": {"x": 400 / 6, "y": 50.0}} == r.values(trim=1, trim_above=6)


def test_values_feed_assess() -> None:
    scheme = xinzhou_scheme(Target.TOWN_CADRE)
    truth = draw_true_scores(UNITS, [i.code for i in scheme.indicators], random.Random(2))
    records = RaterModel().rate(
        {u: {"completion": row["completion"]} for u, row in truth.items()}, ["rec"], random.Random(0)
    )
    residents = RaterModel(effects=[Noise(sd=5.0)]).rate(
        {u: {k: v for k, v in row.items() if k != "completion"} for u, row in truth.items()},
        RATERS,
        random.Random(0),
    )
    values = rated_values(records, residents)
    result = assess(scheme, values, as_of=dt.date(2025, 12, 31))
    assert set(UNITS) == {r.reviewee for r in result.results}
    assert {u: truth[u]["completion"] for u in UNITS} == {u: values[u]["completion"] for u in UNITS}


def test_rated_values_refuse_an_indicator_rated_twice() -> None:
    r = RaterModel().rate(FLAT, ["r1"], random.Random(0))
    with pytest.raises(InvalidValue) as info:
        rated_values(r, r)
    assert "ratings[1].indicators" == info.value.field


def test_reviews_feed_the_two_review_score() -> None:
    truth = {"m1": {"attitude": 92.0, "style": 88.0}}
    r = RaterModel(effects=[NonResponse(probability=0.0)]).rate(truth, ["r1", "r2", "r3"], random.Random(0))
    on = dt.date(2025, 12, 1)
    ballots = r.reviews(on=on)
    assert [("r1", "m1", 90.0), ("r2", "m1", 90.0), ("r3", "m1", 90.0)] == [
        (b.reviewer, b.reviewee, b.score) for b in ballots
    ]
    assert all(b.channel is ReviewChannel.RESIDENTS and b.on == on for b in ballots)
    sat = r.reviews(on=on, channel=ReviewChannel.COMMUNITY, satisfaction=(85.0, 60.0))
    assert [Satisfaction.SATISFIED] * 3 == [b.satisfaction for b in sat]
    assert all(b.score is None and b.channel is ReviewChannel.COMMUNITY for b in sat)
    c = Commitment(
        id="C1",
        claimant="m1",
        period=Period.year(2025),
        fixed_on=dt.date(2025, 1, 10),
        items=[CommitmentItem(ref="N1", due=dt.date(2025, 6, 30))],
    )
    s = score(c, ballots, DEFAULT_RULE, as_of=dt.date(2025, 12, 31), fulfilment={"N1": 1})
    assert 90.0 == s.channel(ReviewChannel.RESIDENTS).value


# -- true scores and bad input ---------------------------------------------------------------


def test_true_scores_are_seeded_clipped_and_correlated_within_a_unit() -> None:
    units = [f"u{i}" for i in range(400)]
    t = draw_true_scores(units, ["a", "b"], random.Random(1), mean=70, sd=15, indicator_sd=3)
    assert t == draw_true_scores(units, ["a", "b"], random.Random(1), mean=70, sd=15, indicator_sd=3)
    values = [v for row in t.values() for v in row.values()]
    assert all(0 <= v <= 100 for v in values)
    assert 68 < statistics.fmean(values) < 72
    assert statistics.correlation([t[u]["a"] for u in units], [t[u]["b"] for u in units]) > 0.9
    clipped = draw_true_scores(["u"], ["a"], random.Random(0), mean=500.0)
    assert {"u": {"a": 100.0}} == clipped


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: Noise(sd=-1.0), "sd"),
        (lambda: Noise(sd=1.0, by_rater={"r1": -2.0}), "by_rater['r1']"),
        (lambda: Noise(sd=math.inf), "sd"),
        (lambda: Leniency(bias=math.nan), "bias"),
        (lambda: Leniency(spread=-1.0), "spread"),
        (lambda: Halo(weight=1.5), "weight"),
        (lambda: CentralTendency(strength=-0.1), "strength"),
        (lambda: CentralTendency(strength=0.1, midpoint=101.0), "midpoint"),
        (lambda: NonResponse(probability=1.01), "probability"),
        (lambda: NonResponse(probability=True), "probability"),
        (lambda: Collusion(raters=set(), units={"u1"}), "raters"),
        (lambda: Collusion(raters={"r1"}, units=set()), "units"),
        (lambda: Collusion(raters={"r1"}, units={"u1"}, score=120.0), "score"),
        (lambda: StrategicUnits(units={"u1"}, inflation=2.0), "inflation"),
        (lambda: StrategicUnits(units={""}), "units"),
        (lambda: Leniency(raters={1}), "raters"),
        (lambda: RaterModel(effects=["noise"]), "effects[0]"),
    ],
)
def test_bad_effects_name_the_field(make: Any, field: str) -> None:
    with pytest.raises(InvalidValue) as info:
        make()
    assert field == info.value.field


@pytest.mark.parametrize(
    ("truth", "raters", "rng", "field"),
    [
        ({"u1": {"x": 1.0}}, ["r1", "r1"], random.Random(0), "raters['u1']"),
        ({"u1": {"x": 1.0}}, ["r1", ""], random.Random(0), "raters['u1']"),
        ({"u1": {"x": 1.0}}, "r1", random.Random(0), "raters"),
        ({"u1": {"x": 1.0}}, {"u9": ["r1"]}, random.Random(0), "raters"),
        ({"u1": {"x": 1.0}, "u2": {"y": 1.0}}, ["r1"], random.Random(0), "true_scores['u2']"),
        ({"u1": {"x": math.nan}}, ["r1"], random.Random(0), "true_scores['u1']['x']"),
        ({"u1": {"x": "high"}}, ["r1"], random.Random(0), "true_scores['u1']['x']"),
        ({"u1": {}}, ["r1"], random.Random(0), "true_scores['u1']"),
        ({"": {"x": 1.0}}, ["r1"], random.Random(0), "true_scores"),
        ({"u1": {"x": 1.0}}, ["r1"], 7, "rng"),
    ],
)
def test_bad_rating_input_names_the_field(truth: Any, raters: Any, rng: Any, field: str) -> None:
    with pytest.raises(InvalidValue) as info:
        RaterModel().rate(truth, raters, rng)
    assert field == info.value.field


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"units": ["a", "a"], "indicators": ["x"]}, "units"),
        ({"units": ["a"], "indicators": ["x", "x"]}, "indicators"),
        ({"units": ["a"], "indicators": ["x"], "sd": -1.0}, "sd"),
        ({"units": ["a"], "indicators": ["x"], "indicator_sd": math.nan}, "indicator_sd"),
        ({"units": ["a"], "indicators": ["x"], "mean": math.inf}, "mean"),
    ],
)
def test_bad_true_score_parameters_name_the_field(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidValue) as info:
        draw_true_scores(rng=random.Random(0), **kwargs)
    assert field == info.value.field


def test_no_units_give_no_ratings() -> None:
    r = RaterModel(effects=[Noise(sd=1.0)]).rate({}, ["r1"], random.Random(0))
    assert ((), (), ()) == (r.units, r.indicators, r.ratings)
    assert math.isnan(r.response_rate)


@pytest.mark.parametrize(
    ("ratings", "field"),
    [
        ([Rating(rater="r1", unit="u9", scores=(1.0,))], "ratings[0].unit"),
        (
            [Rating(rater="r1", unit="u1", scores=(1.0,)), Rating(rater="r2", unit="u1", scores=(1.0, 2.0))],
            "ratings[1].scores",
        ),
        (["not a rating"], "ratings[0]"),
    ],
)
def test_inconsistent_ratings_name_the_field(ratings: Any, field: str) -> None:
    with pytest.raises(InvalidValue) as info:
        Ratings(indicators=["x"], units=["u1"], ratings=ratings)
    assert field == info.value.field
