"""Properties of `servicegov.assessment`: quotas, ranks, weighted totals, vetoes and indicator sources."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicegov import serialization
from servicegov.assessment import (
    AssessmentScheme,
    Bands,
    Grade,
    Indicator,
    IndicatorSource,
    Rater,
    Source,
    Target,
    assess,
    indicator_values,
    rank,
    reweighted,
    xinzhou_scheme,
    year_end,
)
from servicegov.errors import InvalidValue
from servicegov.scoring import ReviewChannel
from servicegov.strategies.assessment import assessment_schemes
from servicegov.weighting import AHPResult

from ..unit.assessment_cases import _EX, END, HOTLINE, _ind, _sc, flat

totals_st = st.dictionaries(
    st.text("abcdef", min_size=1, max_size=3), st.integers(0, 20).map(lambda x: 5.0 * x), max_size=20
)


@given(totals_st, st.sampled_from([1 / 3, 0.2, 0.5, 0.0]))
def test_quota_is_never_exceeded(totals: dict[str, float], share: float) -> None:
    bands = Bands(quotas={Grade.EXCELLENT: share, Grade.COMPETENT: share})
    a = assess(HOTLINE, flat(totals), as_of=END, bands=bands)
    counts = a.counts()
    for g in (Grade.EXCELLENT, Grade.COMPETENT):
        limit = bands.limit(g, len(totals))
        assert limit is not None
        assert counts[g] <= limit
    for r in a.results:
        # A quota only ever moves a grade down from the threshold's.
        assert list(Grade).index(bands.grade(r.total)) <= list(Grade).index(r.grade)
        assert r.demoted == (bands.grade(r.total) is not r.grade)


@given(totals_st)
def test_ranks_are_consistent_with_totals(totals: dict[str, float]) -> None:
    comp, dense = rank(totals), rank(totals, method="dense")
    for a in totals:
        assert 1 + sum(v > totals[a] for v in totals.values()) == comp[a]
        assert 1 + len({v for v in totals.values() if v > totals[a]}) == dense[a]
        for b in totals:
            assert (totals[a] > totals[b]) == (comp[a] < comp[b])
            assert (totals[a] == totals[b]) == (dense[a] == dense[b])


@given(assessment_schemes())
def test_a_scheme_finds_each_of_its_indicators_by_code(scheme: AssessmentScheme) -> None:
    for ind in scheme.indicators:
        assert ind is scheme.indicator(ind.code)


@given(st.lists(st.integers(1, 1000), min_size=3, max_size=3))
def test_reweighted_scales_weights_to_sum_to_one_in_indicator_order(raw: list[int]) -> None:
    """Weights are proportions: plain ones and an AHP result's alike."""
    judged = AHPResult(weights=tuple(float(w) for w in raw), lambda_max=3.0, consistency_index=0.0,
                       random_index=0.58, consistency_ratio=0.0)
    for weights in (raw, judged):
        s = reweighted(HOTLINE, weights)
        assert [w / sum(raw) for w in raw] == pytest.approx([i.weight for i in s.indicators], rel=1e-12)
        assert [(i.code, i.source) for i in HOTLINE.indicators] == [(i.code, i.source) for i in s.indicators]
        assert (s.target, s.effective_from) == (HOTLINE.target, HOTLINE.effective_from)


@given(st.integers(0, 100), st.integers(0, 2000))
def test_a_quota_of_p_percent_admits_p_percent_rounded_down(p: int, n: int) -> None:
    """Exactly p·n/100, rounded down, however the share is rounded in binary."""
    assert p * n // 100 == Bands(quotas={_EX: p / 100}).limit(_EX, n)


@st.composite
def _scored(draw: st.DrawFn) -> tuple[AssessmentScheme, dict[str, dict[str, float]]]:
    scheme = draw(assessment_schemes())
    who = draw(st.lists(st.text("abcdef", min_size=1, max_size=3), max_size=8, unique=True))
    value = st.integers(0, 100) | st.floats(0, 100)
    return scheme, {w: {i.code: draw(value) for i in scheme.indicators} for w in who}


@given(_scored(), st.integers(0, 10), st.sampled_from(["competition", "dense"]))
def test_results_are_weighted_totals_best_first(
    scored: tuple[AssessmentScheme, dict[str, dict[str, float]]], tenths: int, ranking: str
) -> None:
    scheme, values = scored
    a = assess(scheme, values, as_of=scheme.effective_from, ranking=ranking, year_end_weight=tenths / 10)

    assert (scheme.target, scheme.effective_from, tenths / 10) == (a.target, a.scheme_from, a.year_end_weight)
    assert sorted(values) == sorted(r.reviewee for r in a.results)
    totals = {r.reviewee: r.total for r in a.results}
    assert sorted(totals, key=lambda k: (-totals[k], k)) == [r.reviewee for r in a.results]
    assert rank(totals, method=ranking) == {r.reviewee: r.rank for r in a.results}
    for r in a.results:
        given_ = values[r.reviewee]
        exact = math.fsum(
            i.weight * (given_[i.code] if i.higher_is_better else 100 - given_[i.code])
            for i in scheme.indicators
        )
        # Rounded to 9 decimals, so that ties are ties whatever the order of summation.
        assert r.total == round(r.total, 9)
        assert abs(r.total - exact) <= 1e-9
        assert abs(r.year_end - tenths / 10 * r.total) <= 1e-9
        assert r.year_end == round(r.year_end, 9)
        assert not r.vetoed
        assert 0 <= r.total <= 100 + 1e-9


@given(totals_st, st.sets(st.text("abcdefg", min_size=1, max_size=3)), st.sampled_from(list(Grade)))
def test_a_veto_caps_the_grade_and_touches_nobody_else(
    totals: dict[str, float], vetoed: set[str], cap: Grade
) -> None:
    """Vetoed ids that were not assessed are ignored; a worse grade than the cap stays."""
    free = assess(HOTLINE, flat(totals), as_of=END)
    capped = assess(HOTLINE, flat(totals), as_of=END, vetoed=vetoed, veto_grade=cap)
    order = list(Grade)
    for r, f in zip(capped.results, free.results, strict=True):
        assert (r.reviewee, r.total, r.rank, r.demoted, r.year_end) == (
            f.reviewee, f.total, f.rank, f.demoted, f.year_end)
        assert r.vetoed == (r.reviewee in vetoed)
        expected = order[max(order.index(f.grade), order.index(cap))] if r.vetoed else f.grade
        assert expected is r.grade


@given(st.dictionaries(st.text("abc", min_size=1, max_size=2), st.integers(0, 100), min_size=1),
       st.integers(0, 10))
def test_year_end_adds_the_rest_of_the_year_end_score(rest: dict[str, int], tenths: int) -> None:
    a = assess(HOTLINE, flat(dict.fromkeys(rest, 70.0)), as_of=END, year_end_weight=tenths / 10)
    out = year_end(a, {**rest, "zzz": 100})
    assert sorted(rest) == sorted(out)
    for k, v in out.items():
        assert abs(v - (tenths / 10 * 70 + (1 - tenths / 10) * rest[k])) <= 1e-9
        assert v == round(v, 9)


@given(st.lists(st.tuples(st.integers(0, 100), st.integers(0, 100), st.integers(0, 100)), max_size=5))
def test_each_indicator_takes_the_number_its_source_names(rows: list[tuple[int, int, int]]) -> None:
    scores = [
        _sc(f"c{i}", c / 100, total=t, residents=r, organisational=t) for i, (c, r, t) in enumerate(rows)
    ]
    custom = {f"c{i}": {"needs-survey": r, "key-projects": c} for i, (c, r, _) in enumerate(rows)}
    village = indicator_values(xinzhou_scheme(Target.VILLAGE_ORGANISATION), iter(scores), custom=custom)
    cadre = indicator_values(xinzhou_scheme(Target.VILLAGE_CADRE), scores)
    town = indicator_values(xinzhou_scheme(Target.TOWN_CADRE), scores)
    for i, (c, r, t) in enumerate(rows):
        assert {"needs-survey": r, "docking": c, "residents": r} == village[f"c{i}"]
        assert {"one-set-two-reviews": t} == cadre[f"c{i}"]
        assert {"completion": c, "attitude-and-style": t} == town[f"c{i}"]
    assert [f"c{i}" for i in range(len(rows))] == list(village)


@given(source=st.sampled_from([*Source, *ReviewChannel]))
def test_an_indicator_source_reads_back_from_its_wire_value(source: IndicatorSource) -> None:
    """The wire values of Source and ReviewChannel are distinct, so a stored scheme reads back
    exactly, and a scheme stored with the former Source members reads as the channels."""
    ind = _ind("x", 1.0, source)
    assert ind == serialization.structure(serialization.unstructure(ind), Indicator)
    assert source is serialization.structure({**serialization.unstructure(ind), "source": source.value},
                                             Indicator).source
    assert not {s.value for s in Source} & {c.value for c in ReviewChannel}


@given(source=st.sampled_from(["residents", "custom", None, 3, Target.TOWN_CADRE, Rater.RESIDENTS]))
def test_an_indicator_source_that_is_neither_a_source_nor_a_channel_is_refused(source: object) -> None:
    with pytest.raises(InvalidValue) as info:
        Indicator(code="x", zh="x", en="x", weight=1, source=source)  # type: ignore[arg-type]
    assert ("source", source) == (info.value.field, info.value.value)
    allowed = "a Source or a ReviewChannel: one of 'completion', 'score', 'custom', 'organisational', "
    assert (info.value.allowed or "").startswith(allowed)
