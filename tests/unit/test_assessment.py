"""Tiered assessment: schemes, who rates whom, weighted totals, ranks, grades with quotas."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

import attrs
import pytest

from servicegov import serialization
from servicegov.assessment import (
    DEFAULT_BANDS,
    RATERS,
    Assessment,
    AssessmentScheme,
    Bands,
    Grade,
    Indicator,
    IndicatorSource,
    Rater,
    Source,
    Target,
    assess,
    hotline_12345_scheme,
    indicator_values,
    rank,
    reweighted,
    xinzhou_scheme,
    year_end,
)
from servicegov.calendar import Period
from servicegov.errors import (
    ConfigurationError,
    InvalidType,
    InvalidValue,
    NoRuleInEffect,
    ServicegovError,
    UnknownReference,
)
from servicegov.scoring import (
    DEFAULT_RULE,
    ChannelScore,
    Commitment,
    CommitmentItem,
    Review,
    ReviewChannel,
    Score,
    score,
)
from servicegov.weighting import ahp

from .assessment_cases import _BC, _CO, _EX, _IN, DAY, END, HOTLINE, _ind, _sc, flat, rates

# --------------------------------------------------------------------------- schemes


def test_who_rates_whom_follows_seed_001() -> None:
    """区直部门由街镇和村评分，街镇党员干部由村评分，村干部按照“一定双评”由群众评分."""
    assert {Rater.TOWN, Rater.VILLAGE} <= set(RATERS[Target.DISTRICT_DEPARTMENT])
    assert Rater.DISTRICT not in RATERS[Target.DISTRICT_DEPARTMENT]  # no superior on a bottom-up panel
    assert (Rater.VILLAGE,) == RATERS[Target.TOWN_CADRE]
    assert Rater.RESIDENTS == RATERS[Target.VILLAGE_CADRE][0]
    assert set(RATERS) == set(Target)


@pytest.mark.parametrize("target", list(Target))
def test_every_xinzhou_scheme_is_valid_and_round_trips(target: Target) -> None:
    s = xinzhou_scheme(target)
    assert target is s.target
    assert 1.0 == pytest.approx(sum(i.weight for i in s.indicators), abs=1e-12)
    assert s == serialization.structure(serialization.unstructure(s), AssessmentScheme)


def test_xinzhou_indicators_by_tier() -> None:
    codes = {t: [i.code for i in xinzhou_scheme(t).indicators] for t in Target}
    assert ["completion", "residents", "policy-projects", "work-groups"] == codes[Target.DISTRICT_DEPARTMENT]
    assert ["completion", "residents", "key-projects", "cadres-in-villages"] == codes[Target.TOWN_COMMITTEE]
    assert ["completion", "attitude-and-style"] == codes[Target.TOWN_CADRE]
    assert ["needs-survey", "docking", "residents"] == codes[Target.VILLAGE_ORGANISATION]
    assert ["one-set-two-reviews"] == codes[Target.VILLAGE_CADRE]
    assert Source.SCORE is xinzhou_scheme(Target.VILLAGE_CADRE).indicators[0].source


def test_a_scheme_that_draws_one_source_into_two_indicators_must_say_so() -> None:
    res = ReviewChannel.RESIDENTS
    two = [Indicator(code="attitude", zh="服务态度", en="attitude", weight=0.5, source=res),
           Indicator(code="style", zh="工作作风", en="style", weight=0.5, source=res)]
    with pytest.raises(ConfigurationError, match=r"'indicators\[1\].source'.*shared_sources"):
        AssessmentScheme(target=Target.VILLAGE_CADRE, indicators=two)

    said = AssessmentScheme(target=Target.VILLAGE_CADRE, indicators=two, shared_sources={res})
    assert said.shared_sources == frozenset({res})


def test_a_veto_caps_the_grade_whatever_the_total() -> None:
    values = flat({"a": 99, "b": 95, "c": 70})
    a = assess(HOTLINE, values, as_of=END, vetoed={"a"})
    lenient = assess(HOTLINE, values, as_of=END, vetoed={"a"}, veto_grade=Grade.BASICALLY_COMPETENT)

    assert (Grade.INCOMPETENT, True, 1) == (a.result("a").grade, a.result("a").vetoed, a.result("a").rank)
    assert Grade.BASICALLY_COMPETENT is lenient.result("a").grade
    assert not a.result("b").vetoed
    with pytest.raises(InvalidValue, match="'veto_grade'"):
        assess(HOTLINE, values, as_of=END, veto_grade="incompetent")  # type: ignore[arg-type]


def test_hotline_default_weights_are_the_documented_ones() -> None:
    assert [0.2, 0.4, 0.4] == [i.weight for i in HOTLINE.indicators]
    assert [0.25, 0.25, 0.5] == [i.weight for i in hotline_12345_scheme(weights=(1, 1, 2)).indicators]
    with pytest.raises(InvalidValue, match="weights"):
        hotline_12345_scheme(weights=(1, 1))


def test_scheme_weights_must_sum_to_one() -> None:
    def ind(code: str, w: float) -> Indicator:
        return Indicator(code=code, zh=code, en=code, weight=w)

    AssessmentScheme(target=Target.TOWN_CADRE, indicators=[ind("a", 0.5), ind("b", 0.5 + 1e-10)])
    with pytest.raises(InvalidValue, match="summing to 1"):
        AssessmentScheme(target=Target.TOWN_CADRE, indicators=[ind("a", 0.5), ind("b", 0.5 + 1e-8)])
    with pytest.raises(InvalidValue, match=r"indicators\[1\]\.code"):
        AssessmentScheme(target=Target.TOWN_CADRE, indicators=[ind("a", 0.5), ind("a", 0.5)])
    with pytest.raises(InvalidValue, match="'weight'"):
        ind("a", -0.0001)


def test_weights_from_ahp() -> None:
    s = reweighted(HOTLINE, ahp([[1, 1 / 3, 1 / 3], [3, 1, 1], [3, 1, 1]]))
    assert [1 / 7, 3 / 7, 3 / 7] == pytest.approx([i.weight for i in s.indicators], abs=1e-9)
    with pytest.raises(ConfigurationError, match="consistency_ratio"):
        reweighted(HOTLINE, ahp([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]))
    with pytest.raises(InvalidValue, match="weights"):
        reweighted(HOTLINE, [1, 1])


# --------------------------------------------------------------------------- assess


def test_totals_are_weighted_and_cost_indicators_reversed() -> None:
    a = assess(HOTLINE, {"d1": rates(100, 90, 95), "d2": rates(50, 50, 50)}, as_of=END)
    assert 94.0 == a.result("d1").total
    assert 50.0 == a.result("d2").total
    inds = [*HOTLINE.indicators[:2], attrs.evolve(HOTLINE.indicators[2], higher_is_better=False)]
    reverse = attrs.evolve(HOTLINE, indicators=inds)
    assert 88.0 == assess(reverse, {"d1": rates(100, 90, 20)}, as_of=END).result("d1").total  # 20 + 36 + 32


def test_values_are_checked() -> None:
    with pytest.raises(InvalidValue, match="satisfaction-rate"):
        assess(HOTLINE, {"d1": {"response-rate": 1, "resolution-rate": 1}}, as_of=END)
    with pytest.raises(InvalidValue, match="0 to 100"):
        assess(HOTLINE, {"d1": rates(100.5, 1, 1)}, as_of=END)
    with pytest.raises(UnknownReference, match="indicator"):
        assess(HOTLINE, {"d1": {**rates(1, 1, 1), "x": 1}}, as_of=END)
    with pytest.raises(InvalidValue, match="year_end_weight"):
        assess(HOTLINE, {}, as_of=END, year_end_weight=1.5)


def test_scheme_versions_by_date() -> None:
    old = hotline_12345_scheme(effective_from=dt.date(2024, 1, 1))
    new = hotline_12345_scheme(weights=(1, 0, 0), effective_from=dt.date(2025, 7, 1))
    v = {"d1": rates(100, 0, 0)}
    assert 20.0 == assess([old, new], v, as_of=dt.date(2025, 6, 30)).result("d1").total
    later = assess([old, new], v, as_of=END)
    assert (100.0, dt.date(2025, 7, 1)) == (later.result("d1").total, later.scheme_from)
    with pytest.raises(NoRuleInEffect):
        assess([old, new], v, as_of=dt.date(2023, 1, 1))
    with pytest.raises(ConfigurationError):
        assess([old, xinzhou_scheme(Target.TOWN_CADRE)], v, as_of=END)


def test_grade_thresholds_are_inclusive() -> None:
    a = assess(
        HOTLINE, flat({"a": 90, "b": 89.5, "c": 75, "d": 60, "e": 59.9}), as_of=END, bands=Bands(quotas={})
    )
    assert [
        Grade.EXCELLENT,
        Grade.COMPETENT,
        Grade.COMPETENT,
        Grade.BASICALLY_COMPETENT,
        Grade.INCOMPETENT,
    ] == [r.grade for r in a.results]


def test_excellent_at_most_one_third_demoting_the_lowest() -> None:
    # Exactly one third: 2 of 6 may be excellent.
    a = assess(HOTLINE, flat({"a": 99, "b": 95, "c": 91, "d": 80, "e": 70, "f": 50}), as_of=END)
    assert {"a", "b"} == {r.reviewee for r in a.results if r.grade is Grade.EXCELLENT}
    assert (Grade.COMPETENT, True) == (a.result("c").grade, a.result("c").demoted)
    assert not a.result("d").demoted
    # 5 reviewees: one third is 1.67, so one.
    a = assess(HOTLINE, flat({"a": 99, "b": 95, "c": 91, "d": 80, "e": 70}), as_of=END)
    assert 1 == a.counts()[Grade.EXCELLENT]


def test_quota_ties_are_broken_by_id() -> None:
    a = assess(HOTLINE, flat({"z": 95, "y": 95, "x": 95}), as_of=END)
    assert [("x", Grade.EXCELLENT), ("y", Grade.COMPETENT), ("z", Grade.COMPETENT)] == [
        (r.reviewee, r.grade) for r in a.results
    ]
    assert [1, 1, 1] == [r.rank for r in a.results]


def test_bands_are_validated() -> None:
    with pytest.raises(InvalidValue, match="thresholds"):
        Bands(thresholds={Grade.EXCELLENT: 90, Grade.COMPETENT: 90, Grade.BASICALLY_COMPETENT: 60})
    with pytest.raises(InvalidValue, match="thresholds"):
        Bands(thresholds={Grade.EXCELLENT: 90, Grade.COMPETENT: 75})
    with pytest.raises(InvalidValue, match="quotas"):
        Bands(quotas={Grade.EXCELLENT: 1.5})
    assert (2, None) == (DEFAULT_BANDS.limit(Grade.EXCELLENT, 6), DEFAULT_BANDS.limit(Grade.COMPETENT, 6))


def test_ranking_methods() -> None:
    t = {"a": 90.0, "b": 80.0, "c": 90.0, "d": 70.0}
    assert {"a": 1, "b": 3, "c": 1, "d": 4} == rank(t)
    assert {"a": 1, "b": 2, "c": 1, "d": 3} == rank(t, method="dense")
    a = assess(HOTLINE, flat(t), as_of=END, ranking="dense")
    assert [1, 1, 2, 3] == [r.rank for r in a.results]
    with pytest.raises(InvalidValue, match="method"):
        rank(t, method="fractional")


def test_year_end_share() -> None:
    a = assess(HOTLINE, {"d1": rates(100, 90, 95)}, as_of=END)
    assert (0.4, 37.6) == (a.year_end_weight, a.result("d1").year_end)
    assert {"d1": 85.6} == year_end(a, {"d1": 80})
    a = assess(HOTLINE, {"d1": rates(100, 90, 95)}, as_of=END, year_end_weight=1.0)
    assert {"d1": 94.0} == year_end(a, {"d1": 0})
    with pytest.raises(InvalidValue, match="rest"):
        year_end(a, {})


def test_indicator_values_come_from_two_review_scores() -> None:
    c = Commitment(
        id="C1",
        claimant="c1",
        period=Period.year(2025),
        fixed_on=dt.date(2025, 1, 5),
        items=[CommitmentItem(ref="N1", target=4, due=dt.date(2025, 6, 30))],
    )
    ballots = [
        Review(
            reviewer=f"r{i}", reviewee="c1", channel=ReviewChannel.RESIDENTS, on=dt.date(2025, 12, 1), score=s
        )
        for i, s in enumerate([80, 90, 100])
    ]
    sc = score(c, ballots, attrs.evolve(DEFAULT_RULE, renormalise=True), as_of=END, fulfilment={"N1": 3})
    v = indicator_values(xinzhou_scheme(Target.VILLAGE_CADRE), [sc])
    assert {"c1": {"one-set-two-reviews": sc.total}} == v
    assert sc.total == 84.0
    strict = score(c, ballots, DEFAULT_RULE, as_of=END, fulfilment={"N1": 3})
    with pytest.raises(InvalidValue, match="one-set-two-reviews"):
        indicator_values(xinzhou_scheme(Target.VILLAGE_CADRE), [strict])
    with pytest.raises(InvalidValue, match="organisational"):
        indicator_values(xinzhou_scheme(Target.TOWN_CADRE), [sc])
    with pytest.raises(InvalidValue, match="custom"):
        indicator_values(xinzhou_scheme(Target.DISTRICT_DEPARTMENT), [sc])
    dept = indicator_values(
        xinzhou_scheme(Target.DISTRICT_DEPARTMENT),
        [sc],
        custom={"c1": {"policy-projects": 70, "work-groups": 60}},
    )
    assert 60 == dept["c1"]["work-groups"]
    assert Source.CUSTOM is xinzhou_scheme(Target.DISTRICT_DEPARTMENT).indicator("work-groups").source


def test_assessments_round_trip() -> None:
    a = assess(HOTLINE, flat({"a": 99, "b": 95, "c": 70}), as_of=END)
    assert a == serialization.structure(serialization.unstructure(a), type(a))


# --------------------------------------------------------------------------- rejections


def _scheme(*inds: Indicator, shared: frozenset[IndicatorSource] = frozenset()) -> AssessmentScheme:
    return AssessmentScheme(target=Target.TOWN_CADRE, indicators=inds, shared_sources=shared)


_CODES = "one of 'response-rate', 'resolution-rate', 'satisfaction-rate'"
_ORDER = "grades above 不称职, each once"
_RES = ReviewChannel.RESIDENTS
_0_100 = "a number from 0 to 100"


def _one() -> Assessment:
    return assess(HOTLINE, {"d1": rates(1, 1, 1)}, as_of=END)


_INCONSISTENT = ahp([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]])


@pytest.mark.parametrize(
    ("call", "error", "field", "value", "allowed"),
    [
        (lambda: _ind("x", -1), InvalidValue, "weight", -1, "a non-negative number"),
        (lambda: _ind("x", "0.5"), InvalidValue, "weight", "0.5", "a non-negative number"),  # type: ignore[arg-type]
        (lambda: _ind("x", True), InvalidValue, "weight", True, "a non-negative number"),
        (lambda: _scheme(), InvalidValue, "indicators", (), "at least one Indicator"),
        (lambda: _scheme(_ind("a", 1), "b"), InvalidValue, "indicators[1]", "b", "an Indicator"),  # type: ignore[arg-type]
        (lambda: _scheme(_ind("a", 0.5), _ind("a", 0.5)), InvalidValue, "indicators[1].code", "a",
         "unique in the scheme"),
        (
            lambda: _scheme(_ind("a", 0.2), _ind("b", 0.4, _RES), _ind("c", 0.4, _RES)),
            ConfigurationError,
            "indicators[2].source",
            "residents",
            "a source no other indicator draws on ('b' draws on it), "
            "or the scheme must list it in 'shared_sources'",
        ),
        (lambda: _scheme(_ind("a", 0.5), _ind("b", 1.0)), InvalidValue, "indicators[].weight", 1.5,
         "weights summing to 1 (within 1e-9)"),
        (lambda: HOTLINE.indicator("x"), UnknownReference, "indicator", "x", _CODES),
        (lambda: reweighted(HOTLINE, _INCONSISTENT), ConfigurationError, "weights.consistency_ratio",
         _INCONSISTENT.consistency_ratio, "below 0.1"),
        (lambda: reweighted(HOTLINE, [1, 3]), InvalidValue, "weights", [1, 3],
         "3 weights, one per indicator"),
        (lambda: xinzhou_scheme("town-cadre"), InvalidType, "target", "town-cadre", "a Target"),  # type: ignore[arg-type]
        (lambda: hotline_12345_scheme(weights=(1, 1)), InvalidValue, "weights", (1, 1),
         "three weights: response, resolution, satisfaction"),
        (
            lambda: Bands(thresholds={Grade.EXCELLENT: 90, Grade.COMPETENT: 75}),
            InvalidValue,
            "thresholds",
            {"excellent": 90, "competent": 75},
            "one threshold for each grade above 不称职",
        ),
        (
            lambda: Bands(thresholds={_EX: 90, _CO: 60, _BC: 75}),
            InvalidValue,
            "thresholds",
            {"excellent": 90, "competent": 60, "basically-competent": 75},
            "numbers decreasing down the grades",
        ),
        (
            lambda: Bands(thresholds={_EX: 90, _CO: "75", _BC: 60}),  # type: ignore[arg-type]
            InvalidValue,
            "thresholds",
            {"excellent": 90, "competent": "75", "basically-competent": 60},
            "numbers decreasing down the grades",
        ),
        (lambda: Bands(quotas={Grade.INCOMPETENT: 0.1}), InvalidValue, "quotas", Grade.INCOMPETENT, _ORDER),
        (lambda: Bands(quotas={"excellent": 0.1}), InvalidValue, "quotas", "excellent", _ORDER),
        (
            lambda: Bands(quotas=[(Grade.COMPETENT, 0.5), (Grade.EXCELLENT, 0.1), (Grade.COMPETENT, 0.4)]),
            InvalidValue,
            "quotas",
            Grade.COMPETENT,
            _ORDER,
        ),
        (lambda: Bands(quotas={_CO: 1.5}), InvalidValue, "quotas[competent]", 1.5, "a share from 0 to 1"),
        (lambda: Bands(quotas={Grade.EXCELLENT: -0.1}), InvalidValue, "quotas[excellent]", -0.1,
         "a share from 0 to 1"),
        (lambda: Bands(quotas={Grade.EXCELLENT: "0.1"}), InvalidValue, "quotas[excellent]", "0.1",  # type: ignore[arg-type]
         "a share from 0 to 1"),
        (lambda: rank({"a": 1.0}, method="fractional"), InvalidValue, "method", "fractional",
         "'competition' or 'dense'"),
        (lambda: rank([("a", 1.0)]), InvalidType, "totals", [("a", 1.0)], "a mapping {reviewee: total}"),  # type: ignore[arg-type]
        (lambda: rank({"a": 1.0, "b": math.inf}), InvalidValue, "totals['b']", math.inf, "a finite number"),
        (
            lambda: assess([HOTLINE, xinzhou_scheme(Target.TOWN_CADRE, effective_from=DAY)], {}, as_of=END),
            ConfigurationError,
            "scheme",
            ["district-department", "town-cadre"],
            "one target",
        ),
        (lambda: assess(HOTLINE, {}, as_of=END, year_end_weight=1.5), InvalidValue, "year_end_weight", 1.5,
         "a number from 0 to 1"),
        (lambda: assess(HOTLINE, {}, as_of=END, year_end_weight=-0.1), InvalidValue, "year_end_weight", -0.1,
         "a number from 0 to 1"),
        (lambda: assess(HOTLINE, {}, as_of=END, year_end_weight=math.inf), InvalidValue, "year_end_weight",
         math.inf, "a number from 0 to 1"),
        (lambda: assess(HOTLINE, {}, as_of=END, veto_grade="incompetent"), InvalidType, "veto_grade",  # type: ignore[arg-type]
         "incompetent", "a Grade"),
        (lambda: assess(HOTLINE, {}, as_of=END, vetoed="d1"), InvalidType, "vetoed", "d1",
         "a collection of reviewee ids"),
        (
            lambda: assess(HOTLINE, {"d1": {"satisfaction-rate": 1, "response-rate": 1}}, as_of=END),
            InvalidValue,
            "values['d1']",
            ["response-rate", "satisfaction-rate"],
            "a value for 'resolution-rate'",
        ),
        (lambda: assess(HOTLINE, {"d1": rates(1, 100.5, 1)}, as_of=END), InvalidValue,
         "values['d1']['resolution-rate']", 100.5, "a number from 0 to 100"),
        (lambda: assess(HOTLINE, {"d1": rates(1, 1, -0.5)}, as_of=END), InvalidValue,
         "values['d1']['satisfaction-rate']", -0.5, "a number from 0 to 100"),
        (lambda: assess(HOTLINE, {"d1": rates(1, 1, math.inf)}, as_of=END), InvalidValue,
         "values['d1']['satisfaction-rate']", math.inf, "a number from 0 to 100"),
        (lambda: assess(HOTLINE, {"d1": {**rates(1, 1, 1), "x": 1}}, as_of=END), UnknownReference,
         "indicator", "x", _CODES),
        (lambda: _one().result("d2"), UnknownReference, "reviewee", "d2", "an assessed reviewee"),
        (lambda: year_end(_one(), {"d2": 50}), InvalidValue, "rest", ["d2"], "a value for 'd1'"),
        (lambda: year_end(_one(), {"d1": 100.5}), InvalidValue, "rest['d1']", 100.5, _0_100),
        (lambda: year_end(_one(), {"d1": -1}), InvalidValue, "rest['d1']", -1, _0_100),
    ],
)
def test_rejections_name_field_value_and_what_is_allowed(
    call: Callable[[], object], error: type[ServicegovError], field: str, value: object, allowed: str
) -> None:
    with pytest.raises(error) as info:
        call()

    assert (field, value, allowed) == (info.value.field, info.value.value, info.value.allowed)
    assert str(info.value).startswith(f"'{field}' must be {allowed} (got ")


# --------------------------------------------------------------------------- schemes, in detail


def test_a_zero_weight_is_a_weight() -> None:
    s = _scheme(_ind("a", 0), _ind("b", 1))
    assert [0, 1] == [i.weight for i in s.indicators]
    assert 100.0 == assess(s, {"x": {"a": 0, "b": 100}}, as_of=END).result("x").total


@pytest.mark.parametrize("off", [1e-10, -1e-10])
def test_weights_may_miss_one_by_rounding_only(off: float) -> None:
    _scheme(_ind("a", 0.5), _ind("b", 0.5 + off))
    with pytest.raises(InvalidValue, match="summing to 1"):
        _scheme(_ind("a", 0.5), _ind("b", 0.5 + 100 * off))


def test_only_the_sources_a_scheme_lists_may_be_drawn_twice() -> None:
    both = (_ind("a", 0.5, _RES), _ind("b", 0.5, _RES))
    with pytest.raises(ConfigurationError, match="shared_sources"):
        _scheme(*both, shared=frozenset({Source.SCORE}))
    # Custom indicators are the scheme's own numbers: any number of them.
    assert 2 == len(_scheme(_ind("a", 0.5), _ind("b", 0.5)).indicators)
    listed = AssessmentScheme(target=Target.TOWN_CADRE, indicators=both, shared_sources=[_RES, _RES])
    assert frozenset({_RES}) == listed.shared_sources


def test_reweighted_reports_an_ahp_result_of_the_wrong_order_as_judged() -> None:
    judged = ahp([[1, 2], [1 / 2, 1]])
    with pytest.raises(InvalidValue) as info:
        reweighted(HOTLINE, judged)
    assert ("weights", list(judged.weights)) == (info.value.field, info.value.value)


_XINZHOU_SOURCES = {
    "completion": Source.COMPLETION,
    "docking": Source.COMPLETION,
    "residents": ReviewChannel.RESIDENTS,
    "attitude-and-style": ReviewChannel.ORGANISATIONAL,
    "one-set-two-reviews": Source.SCORE,
}


@pytest.mark.parametrize("target", list(Target))
def test_a_xinzhou_scheme_draws_on_the_seeds_sources_from_the_date_given(target: Target) -> None:
    s = xinzhou_scheme(target, effective_from=DAY)
    assert (target, DAY) == (s.target, s.effective_from)
    sources = [i.source for i in s.indicators]
    assert [_XINZHOU_SOURCES.get(i.code, Source.CUSTOM) for i in s.indicators] == sources
    assert all(i.higher_is_better for i in s.indicators)
    # The description names the place, the target and the seed's principle (分类定标、分层考核).
    assert s.description.startswith(f"Xinzhou assessment of the {target.en} ")
    assert s.description.endswith("(分类定标、分层考核)")
    assert "seed 001" in s.reference


def test_xinzhou_indicators_keep_the_seeds_words() -> None:
    dept = xinzhou_scheme(Target.DISTRICT_DEPARTMENT).indicator("policy-projects")
    assert ("惠农强农政策项目到村落地情况", "agricultural policy projects landing in villages", 0.2) == (
        dept.zh, dept.en, dept.weight)
    cadre = xinzhou_scheme(Target.VILLAGE_CADRE).indicators[0]
    assert ("一定双评得分", 1.0) == (cadre.zh, cadre.weight)


def test_the_hotline_scheme_names_its_three_rates() -> None:
    s = hotline_12345_scheme(target=Target.TOWN_COMMITTEE, effective_from=DAY)
    assert (Target.TOWN_COMMITTEE, DAY) == (s.target, s.effective_from)
    assert ["响应率", "解决率", "满意率"] == [i.zh for i in s.indicators]
    assert ["response rate", "resolution rate", "satisfaction rate"] == [i.en for i in s.indicators]
    # Satisfaction is the residents' word; the other two rates are the hotline's own records.
    assert [Source.CUSTOM, Source.CUSTOM, ReviewChannel.RESIDENTS] == [i.source for i in s.indicators]
    assert s.description.startswith("12345 hotline")
    assert s.description.endswith("(illustrative weights)")
    assert s.reference.endswith("weights are servicegov's illustrative defaults")


# --------------------------------------------------------------------------- bands, in detail


def test_bands_take_grades_in_any_order_as_a_mapping_or_pairs() -> None:
    pairs = [(_BC, 50), (_EX, 80), (_CO, 65)]
    expected = ((_EX, 80), (_CO, 65), (_BC, 50))
    assert expected == Bands(thresholds=dict(pairs)).thresholds == Bands(thresholds=pairs).thresholds
    quotas = Bands(quotas=[(_CO, 0.5), (_EX, 0.2)]).quotas
    assert ((_EX, 0.2), (_CO, 0.5)) == quotas
    assert DEFAULT_BANDS == Bands(thresholds={_CO: 75, _BC: 60, _EX: 90}, quotas={_EX: 1 / 3})


def test_quotas_from_none_to_all_are_valid() -> None:
    b = Bands(quotas={_EX: 0, _CO: 1, _BC: 0.5})
    assert (0, 7, 3) == (b.limit(_EX, 7), b.limit(_CO, 7), b.limit(_BC, 7))
    assert None is b.limit(Grade.INCOMPETENT, 7)
    assert None is Bands(quotas={}).limit(_EX, 7)


def test_a_grade_is_the_best_whose_threshold_is_reached() -> None:
    b = Bands(thresholds={_EX: 80, _CO: 65, _BC: 50})
    assert [_EX, _EX, _CO, _CO, _BC, _BC, Grade.INCOMPETENT, Grade.INCOMPETENT] == [
        b.grade(t) for t in (100, 80, 79.99, 65, 64.5, 50, 49.99, 0)
    ]


def test_a_quota_of_29_percent_of_100_is_29() -> None:
    # 0.29 × 100 is 28.999999999999996 in binary floating point.
    assert 29 == Bands(quotas={_EX: 0.29}).limit(_EX, 100)
    assert [n // 3 for n in range(30)] == [DEFAULT_BANDS.limit(_EX, n) for n in range(30)]


# --------------------------------------------------------------------------- assess, in detail


def test_totals_are_rounded_to_nine_decimals() -> None:
    a = assess(HOTLINE, flat({"a": 12.3456789012, "b": 12.3456789009}), as_of=END)
    assert [12.345678901, 12.345678901] == [r.total for r in a.results]
    assert [1, 1] == [r.rank for r in a.results]


def test_values_and_weights_at_their_bounds_are_accepted() -> None:
    a = assess(HOTLINE, {"lo": rates(0, 0, 0), "hi": rates(100, 100, 100)}, as_of=END, year_end_weight=0)
    assert [("hi", 100.0, 0.0), ("lo", 0.0, 0.0)] == [(r.reviewee, r.total, r.year_end) for r in a.results]
    assert () == assess(HOTLINE, {}, as_of=END, year_end_weight=1).results


def test_a_vetoed_grade_already_worse_than_the_cap_stays() -> None:
    a = assess(HOTLINE, flat({"a": 95, "b": 50}), as_of=END, vetoed=["a", "b", "c"],
               veto_grade=Grade.BASICALLY_COMPETENT)
    assert [Grade.BASICALLY_COMPETENT, Grade.INCOMPETENT] == [r.grade for r in a.results]
    assert [True, True] == [r.vetoed for r in a.results]


def test_quotas_on_every_grade_move_the_lowest_down_one_grade_at_a_time() -> None:
    bands = Bands(quotas={_EX: 0.25, _CO: 0.25, _BC: 0.25})
    a = assess(HOTLINE, flat({"a": 95, "b": 92, "c": 91, "d": 80, "e": 78, "f": 65, "g": 62, "h": 10}),
               as_of=END, bands=bands)
    # Two of eight per grade: c comes down to 称职, which makes e one too many there, and so on down.
    assert [_EX, _EX, _CO, _CO, _BC, _BC, _IN, _IN] == [r.grade for r in a.results]
    assert ["a", "b", "c", "d", "e", "f", "g", "h"] == [r.reviewee for r in a.results]
    assert [False, False, True, False, True, False, True, False] == [r.demoted for r in a.results]
    assert {_EX: 2, _CO: 2, _BC: 2, _IN: 2} == a.counts()


def test_counts_list_every_grade() -> None:
    assert dict.fromkeys(Grade, 0) == assess(HOTLINE, {}, as_of=END).counts()
    a = assess(HOTLINE, flat({"a": 99, "b": 50, "c": 40}), as_of=END)
    assert {_EX: 1, _CO: 0, _BC: 0, Grade.INCOMPETENT: 2} == a.counts()
    assert ["a", "b", "c"] == [a.result(k).reviewee for k in "abc"]


def test_an_empty_totals_mapping_ranks_nobody() -> None:
    assert {} == rank({})
    assert {"a": 1, "b": 2} == rank({"a": 2, "b": 1})


# --------------------------------------------------------------------------- indicator values, in detail


def test_completion_counts_in_percent_without_binary_noise() -> None:
    # 100 × 0.29 is 28.999999999999996 in binary floating point.
    assert {"a": {"completion": 29.0, "attitude-and-style": 60.0}} == indicator_values(
        xinzhou_scheme(Target.TOWN_CADRE), [_sc("a", 0.29, organisational=60.0)]
    )


@pytest.mark.parametrize(
    ("target", "score", "custom", "field", "value", "allowed"),
    [
        (Target.VILLAGE_CADRE, _sc("a", 1.0), None, "scores['a'].one-set-two-reviews", None,
         "a one-set-two-reviews total (quorum met)"),
        (Target.VILLAGE_ORGANISATION, _sc("a", 1.0), {"a": {"needs-survey": 1}}, "scores['a'].residents",
         None, "a value of the residents' review (quorum met)"),
        (Target.TOWN_CADRE, _sc("a", 1.0, residents=80), None, "scores['a'].attitude-and-style", None,
         "a value of the organisational review (quorum met)"),
        (Target.VILLAGE_ORGANISATION, _sc("a", 1.0, residents=80), None, "custom['a']", [],
         "a value for 'needs-survey'"),
        (Target.VILLAGE_ORGANISATION, _sc("a", 1.0, residents=80), {"b": {"needs-survey": 1}},
         "custom['a']", [], "a value for 'needs-survey'"),
        (Target.TOWN_COMMITTEE, _sc("a", 1.0, residents=80), {"a": {"key-projects": 1, "other": 2}},
         "custom['a']", ["key-projects", "other"], "a value for 'cadres-in-villages'"),
    ],
)
def test_a_missing_indicator_value_is_named(
    target: Target,
    score: Score,
    custom: dict[str, dict[str, float]] | None,
    field: str,
    value: object,
    allowed: str,
) -> None:
    with pytest.raises(InvalidValue) as info:
        indicator_values(xinzhou_scheme(target), [score], custom=custom)
    assert (field, value, allowed) == (info.value.field, info.value.value, info.value.allowed)


def test_a_key_that_is_not_a_grade_is_named_before_any_grade_is_checked() -> None:
    """A key of the wrong kind is the caller's first mistake: reported before a bad share."""
    with pytest.raises(InvalidValue) as info:
        Bands(quotas=[(_CO, 1.5), (_EX, 0.5), ("excellent", 0.1)])
    assert ("quotas", "excellent") == (info.value.field, info.value.value)


def test_scheme_versions_are_named_when_missing_or_ambiguous() -> None:
    with pytest.raises(ConfigurationError) as info:
        assess([], {}, as_of=END)
    assert ("scheme", "at least one version") == (info.value.field, info.value.allowed)
    with pytest.raises(ConfigurationError) as info:
        assess([HOTLINE, hotline_12345_scheme(weights=(1, 1, 1))], {}, as_of=END)
    assert ("scheme[].effective_from", [HOTLINE.effective_from] * 2, "distinct dates") == (
        info.value.field, info.value.value, info.value.allowed)
    with pytest.raises(NoRuleInEffect) as missing:
        assess(hotline_12345_scheme(effective_from=DAY), {}, as_of=dt.date(2024, 12, 31))
    expected = "no assessment scheme in effect on 2024-12-31 (the first starts on 2025-01-01)"
    assert (expected, "as_of") == (str(missing.value), missing.value.field)


def test_a_quota_on_a_lower_grade_alone_applies() -> None:
    a = assess(HOTLINE, flat({"a": 95, "b": 92, "c": 80, "d": 78}), as_of=END,
               bands=Bands(quotas={_CO: 0.25}))
    assert [_EX, _EX, _CO, _BC] == [r.grade for r in a.results]
    assert [False, False, False, True] == [r.demoted for r in a.results]


def test_year_end_points_are_rounded_to_nine_decimals_like_the_totals() -> None:
    a = assess(HOTLINE, flat({"a": 12.3456789012}), as_of=END, year_end_weight=0.3)
    r = a.result("a")
    assert r.year_end == round(r.year_end, 9)
    assert abs(r.year_end - 0.3 * 12.345678901) <= 5e-10 + 1e-15
    out = year_end(a, {"a": 33.3333333333})["a"]
    assert out == round(out, 9)
    assert abs(out - (r.year_end + 0.7 * 33.3333333333)) <= 5e-10 + 1e-14
    assert {"a": 100.0} == year_end(assess(HOTLINE, flat({"a": 100}), as_of=END), {"a": 100})


def test_completion_in_percent_is_rounded_to_nine_decimals_like_the_totals() -> None:
    town = xinzhou_scheme(Target.TOWN_CADRE)
    scores = [_sc("a", 0.125, organisational=60.0), _sc("b", 0.1234567891234, organisational=60.0)]
    values = indicator_values(town, scores)
    assert [12.5, 12.345678912] == [values["a"]["completion"], values["b"]["completion"]]


# --------------------------------------------------------------------------- an indicator's source


@pytest.mark.parametrize("channel", list(ReviewChannel))
def test_an_indicator_takes_the_value_of_the_review_channel_it_names(channel: ReviewChannel) -> None:
    """Any review channel may feed an indicator: Zhifu's home unit and community as well as
    Xinzhou's residents and organisation."""
    scheme = AssessmentScheme(target=Target.VILLAGE_CADRE, indicators=[
        _ind("done", 0.5, Source.COMPLETION), _ind("said", 0.5, channel)])
    sc = Score(reviewee="m1", commitment="C1", version=1, rule_from=dt.date(2025, 1, 1), completion=0.25,
               channels=[ChannelScore(channel=c, weight=0.2, valid=3, invalid=0, value=10.0 * k,
                                      quorum_met=True) for k, c in enumerate(ReviewChannel, start=1)])
    assert {"m1": {"done": 25.0, "said": sc.channel(channel).value}} == indicator_values(scheme, [sc])


@pytest.mark.parametrize("name", ["RESIDENTS", "ORGANISATIONAL"])
def test_the_former_review_members_of_source_are_the_channels_with_a_warning(name: str) -> None:
    with pytest.warns(
        DeprecationWarning,
        match=rf"servicegov\.assessment\.Source\.{name} is deprecated; "
        rf"use servicegov\.scoring\.ReviewChannel\.{name}$",
    ):
        found = getattr(Source, name)
    assert found is ReviewChannel[name]
    assert name not in Source.__members__
    with pytest.raises(AttributeError, match="has no attribute 'HOME_UNIT'"):
        getattr(Source, "HOME_UNIT")  # noqa: B009
