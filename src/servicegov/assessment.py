"""Tiered, category-weighted assessment (分类定标、分层考核) with grades and ranking.

Seed 001 sets the standards by category and the focus by tier, says who rates
whom (:data:`RATERS`), and makes the result an important part of the year-end
Party-building assessment (年终党建考评).  The seed gives no weights, grade
thresholds or quotas: **every number in this module is our illustrative
default**, to be replaced by a local scheme with its *reference*.

Examples:
    >>> import datetime as dt
    >>> scheme = xinzhou_scheme(Target.TOWN_CADRE)
    >>> [i.code for i in scheme.indicators]
    ['completion', 'attitude-and-style']
    >>> a = assess(scheme, {
    ...     "c1": {"completion": 95, "attitude-and-style": 91},
    ...     "c2": {"completion": 80, "attitude-and-style": 77.5},
    ...     "c3": {"completion": 50, "attitude-and-style": 57.5},
    ... }, as_of=dt.date(2025, 12, 31))
    >>> [(r.reviewee, r.total, r.rank, r.grade.zh) for r in a.results]
    [('c1', 92.6, 1, '优秀'), ('c2', 78.5, 2, '称职'), ('c3', 54.5, 3, '不称职')]
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import math
import warnings
from collections.abc import Collection, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, TypeAlias

import attrs

from servicegov import weighting
from servicegov._arguments import checked
from servicegov._convert import to_tuple
from servicegov._dated import check_versions, in_effect
from servicegov._enum import LabelledEnum
from servicegov._numbers import is_real
from servicegov._types import Text
from servicegov._validators import real, text
from servicegov.errors import ConfigurationError, InvalidValue, UnknownReference
from servicegov.org import Organisation, ProviderKind, Role, Tier, Unit
from servicegov.scoring import ReviewChannel, Score

__all__ = [
    "DEFAULT_BANDS",
    "RATERS",
    "Assessment",
    "AssessmentResult",
    "AssessmentScheme",
    "Bands",
    "Grade",
    "Indicator",
    "IndicatorSource",
    "Rater",
    "Source",
    "Target",
    "assess",
    "hotline_12345_scheme",
    "indicator_values",
    "rank",
    "rater_of",
    "reweighted",
    "unit_of_analysis",
    "xinzhou_scheme",
    "year_end",
]


def __dir__() -> list[str]:
    return __all__


class Target(LabelledEnum):
    """Who is assessed: the tiers and categories of seed 001."""

    DISTRICT_DEPARTMENT = ("district-department", "区直部门", "district department")
    TOWN_COMMITTEE = ("town-committee", "街镇党(工)委", "town Party committee")
    TOWN_CADRE = ("town-cadre", "街镇党员干部", "town cadre")
    VILLAGE_ORGANISATION = ("village-organisation", "村级党组织", "village Party organisation")
    VILLAGE_CADRE = ("village-cadre", "村干部", "village cadre")


class Rater(LabelledEnum):
    """Who gives the ratings: a class of rater."""

    DISTRICT = ("district", "区委", "the district Party committee")
    TOWN = ("town", "街镇", "towns")
    VILLAGE = ("village", "村", "villages")
    RESIDENTS = ("residents", "群众", "residents")


RATERS: Mapping[Target, tuple[Rater, ...]] = MappingProxyType({
    Target.DISTRICT_DEPARTMENT: (Rater.TOWN, Rater.VILLAGE, Rater.RESIDENTS),
    Target.TOWN_COMMITTEE: (Rater.DISTRICT, Rater.RESIDENTS),
    Target.TOWN_CADRE: (Rater.VILLAGE,),
    Target.VILLAGE_ORGANISATION: (Rater.DISTRICT, Rater.RESIDENTS),
    Target.VILLAGE_CADRE: (Rater.RESIDENTS, Rater.TOWN),
})
"""Who rates whom: the rater classes whose ballots count for each target.

Seed 001: 区委将各单位落实“三个需求”成效作为年终党建考评的重要内容，
区直部门由街镇和村评分，街镇党员干部由村评分，村干部按照“一定双评”由群众评分.
The seed's own pairs are: departments by towns and villages, town cadres by
villages, village cadres by residents.  The rest follow the seed's other
sentences and are our reading: departments and towns are assessed on their
lists "及群众评价", so residents rate them too; the district Party committee
(区委) assesses town Party committees and village Party organisations directly;
and the second review of a village cadre's 一定双评 is the town's organisational
review.  A ballot from any other class is set aside (``rater-not-allowed``),
so a superior never sits on a bottom-up panel.

Examples:
    >>> [r.value for r in RATERS[Target.DISTRICT_DEPARTMENT]]
    ['town', 'village', 'residents']
"""


# The review channels are one concept, named once, in servicegov.scoring: an
# indicator that takes a channel's value names the ReviewChannel itself.  The
# two members Source had for them stay reachable, with a warning, for one minor
# release (docs/serialization.md's policy); their wire values are the
# channels' own, so stored schemes read unchanged.
_FORMER_MEMBERS = {"RESIDENTS": ReviewChannel.RESIDENTS, "ORGANISATIONAL": ReviewChannel.ORGANISATIONAL}


class _SourceType(enum.EnumMeta):
    def __getattr__(cls, name: str) -> Any:
        if name in _FORMER_MEMBERS:
            warnings.warn(
                f"servicegov.assessment.Source.{name} is deprecated; "
                f"use servicegov.scoring.ReviewChannel.{name}",
                DeprecationWarning,
                stacklevel=2,
            )
            return _FORMER_MEMBERS[name]
        raise AttributeError(f"type object {cls.__name__!r} has no attribute {name!r}")


class Source(LabelledEnum, metaclass=_SourceType):
    """Where an indicator's value comes from, when it is not a review channel.

    An indicator that takes one channel's value of the two reviews names that
    :class:`~servicegov.scoring.ReviewChannel` as its source instead
    (:data:`IndicatorSource`): ``ReviewChannel.RESIDENTS`` for the residents'
    evaluation (群众评价), ``ReviewChannel.ORGANISATIONAL`` for the
    organisational one, and so on.

    Examples:
        >>> [s.value for s in Source]
        ['completion', 'score', 'custom']
        >>> Indicator(code="r", zh="群众评价", en="residents", weight=1,
        ...           source=ReviewChannel.RESIDENTS).source.zh
        '群众评价'
    """

    COMPLETION = ("completion", "需求清单完成情况", "completion of the commitments")
    SCORE = ("score", "一定双评得分", "the one-set-two-reviews score")
    CUSTOM = ("custom", "其他", "other (supplied by the scheme's user)")


#: Where an indicator's value comes from: a :class:`Source`, or the
#: :class:`~servicegov.scoring.ReviewChannel` whose value it takes.
IndicatorSource: TypeAlias = Source | ReviewChannel


class Grade(LabelledEnum):
    """The grades of the year-end assessment, best first."""

    EXCELLENT = ("excellent", "优秀", "excellent")
    COMPETENT = ("competent", "称职", "competent")
    BASICALLY_COMPETENT = ("basically-competent", "基本称职", "basically competent")
    INCOMPETENT = ("incompetent", "不称职", "incompetent")


_GRADES = tuple(Grade)


_SOURCES = (*Source, *ReviewChannel)


def _check_source(_inst: object, _attr: attrs.Attribute[Any], value: object) -> None:
    if type(value) not in (Source, ReviewChannel):
        allowed = ", ".join(repr(s.value) for s in _SOURCES)
        raise InvalidValue.for_field("source", value, f"a Source or a ReviewChannel: one of {allowed}")


@attrs.frozen(kw_only=True)
class Indicator:
    """One indicator of a scheme.

    Attributes:
        code: unique in the scheme.
        zh: the Chinese name.
        en: the English name.
        weight: non-negative; the weights of a scheme sum to 1.
        source: where the value comes from: a :class:`Source`, or the review
            channel whose value it takes.
        higher_is_better: when ``False``, a value *v* counts as ``100 - v``.

    Examples:
        >>> Indicator(code="x", zh="甲", en="x", weight=-1)
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'weight' must be a non-negative number (got -1)
    """

    code: Text = attrs.field(validator=text())
    zh: Text = attrs.field(validator=text())
    en: Text = attrs.field(validator=text())
    weight: float = attrs.field(validator=real(0, allowed="a non-negative number"))
    source: IndicatorSource = attrs.field(default=Source.CUSTOM, validator=_check_source)
    higher_is_better: bool = True



def _check_indicators(inst: AssessmentScheme, _attr: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    if not value:
        raise InvalidValue.for_field("indicators", value, "at least one Indicator")
    codes = set()
    drawn: dict[IndicatorSource, str] = {}
    for i, ind in enumerate(value):
        if not isinstance(ind, Indicator):
            raise InvalidValue.for_field(f"indicators[{i}]", ind, "an Indicator")
        if ind.code in codes:
            raise InvalidValue.for_field(f"indicators[{i}].code", ind.code, "unique in the scheme")
        codes.add(ind.code)
        # One number drawn into two indicators counts its weight twice: only on purpose.
        if ind.source is not Source.CUSTOM and ind.source not in inst.shared_sources:
            if ind.source in drawn:
                raise ConfigurationError.for_field(
                    f"indicators[{i}].source", ind.source.value,
                    f"a source no other indicator draws on ({drawn[ind.source]!r} draws on it), "
                    "or the scheme must list it in 'shared_sources'",
                )
            drawn[ind.source] = ind.code
    total = math.fsum(ind.weight for ind in value)
    if abs(total - 1) > 1e-9:
        raise InvalidValue.for_field("indicators[].weight", total, "weights summing to 1 (within 1e-9)")


def _sources(value: Iterable[IndicatorSource]) -> frozenset[IndicatorSource]:
    return frozenset(value)


@attrs.frozen(kw_only=True)
class AssessmentScheme:
    """One version of the scheme for one target, in effect from a date.

    Indicator values are on a 0 to 100 scale.  Two indicators may draw on the
    same source (one review's number in two indicators counts its weight twice)
    only when the scheme says so in *shared_sources*; otherwise it is refused.

    Examples:
        >>> s = hotline_12345_scheme()
        >>> [(i.code, i.weight) for i in s.indicators]
        [('response-rate', 0.2), ('resolution-rate', 0.4), ('satisfaction-rate', 0.4)]
    """

    target: Target
    shared_sources: frozenset[IndicatorSource] = attrs.field(default=frozenset(), converter=_sources)
    indicators: tuple[Indicator, ...] = attrs.field(converter=to_tuple, validator=_check_indicators)
    effective_from: dt.date = dt.date(2000, 1, 1)
    description: str = ""
    reference: str = ""

    @checked
    def indicator(self, code: str) -> Indicator:
        """The indicator *code*.

        Raises:
            UnknownReference: if the scheme has no such indicator.
        """
        for ind in self.indicators:
            if ind.code == code:
                return ind
        codes = ", ".join(repr(i.code) for i in self.indicators)
        raise UnknownReference.for_field("indicator", code, f"one of {codes}")


@checked
def reweighted(scheme: AssessmentScheme, weights: Sequence[float] | weighting.AHPResult) -> AssessmentScheme:
    """The scheme with new weights, in indicator order, e.g. from :func:`servicegov.weighting.ahp`.

    Plain weights are scaled to sum to 1 (:func:`servicegov.weighting.fixed`).

    Raises:
        InvalidValue: if the number of weights differs from the indicators'.
        ConfigurationError: if an AHP judgement matrix is not consistent (CR ≥ 0.1).

    Examples:
        >>> from servicegov.weighting import ahp
        >>> s = reweighted(hotline_12345_scheme(), ahp([[1, 1/2, 1/2], [2, 1, 1], [2, 1, 1]]))
        >>> [round(i.weight, 6) for i in s.indicators]
        [0.2, 0.4, 0.4]
    """
    if isinstance(weights, weighting.AHPResult):
        if not weights.is_consistent:
            raise ConfigurationError.for_field(
                "weights.consistency_ratio", weights.consistency_ratio, "below 0.1"
            )
        values: tuple[float, ...] = tuple(weights.weights)
    else:
        values = weighting.fixed(weights)
    if len(values) != len(scheme.indicators):
        given = weights.weights if isinstance(weights, weighting.AHPResult) else weights
        raise InvalidValue.for_field(
            "weights", list(given), f"{len(scheme.indicators)} weights, one per indicator"
        )
    total = math.fsum(values)
    inds = [attrs.evolve(i, weight=w / total) for i, w in zip(scheme.indicators, values, strict=True)]
    return attrs.evolve(scheme, indicators=inds)


# --------------------------------------------------------------------------- presets


_SEED_001 = "seed 001 (新洲区, 建立考核机制); weights are servicegov's illustrative defaults"
_XINZHOU: dict[Target, tuple[tuple[str, str, str, float, IndicatorSource], ...]] = {
    Target.DISTRICT_DEPARTMENT: (
        (
            "completion",
            "认领需求清单完成情况",
            "completion of the claimed needs lists",
            0.3,
            Source.COMPLETION,
        ),
        ("residents", "群众评价", "residents' evaluation", 0.3, ReviewChannel.RESIDENTS),
        (
            "policy-projects",
            "惠农强农政策项目到村落地情况",
            "agricultural policy projects landing in villages",
            0.2,
            Source.CUSTOM,
        ),
        (
            "work-groups",
            "小康工作组到村认领需求清单情况",
            "work groups claiming village needs lists",
            0.2,
            Source.CUSTOM,
        ),
    ),
    Target.TOWN_COMMITTEE: (
        (
            "completion",
            "认领需求清单完成情况",
            "completion of the claimed needs lists",
            0.3,
            Source.COMPLETION,
        ),
        ("residents", "群众评价", "residents' evaluation", 0.3, ReviewChannel.RESIDENTS),
        (
            "key-projects",
            "党建重点项目推进和落实情况",
            "progress of key Party-building projects",
            0.2,
            Source.CUSTOM,
        ),
        (
            "cadres-in-villages",
            "街镇干部驻村塆解决实际问题情况",
            "town cadres solving problems in villages",
            0.2,
            Source.CUSTOM,
        ),
    ),
    Target.TOWN_CADRE: (
        ("completion", "需求清单完成情况", "completion of the needs lists", 0.4, Source.COMPLETION),
        # The villages' one review judges both; one indicator, so it counts once.
        ("attitude-and-style", "服务态度、工作作风", "service attitude and work style", 0.6,
         ReviewChannel.ORGANISATIONAL),
    ),
    Target.VILLAGE_ORGANISATION: (
        ("needs-survey", "“三个需求”摸排情况", "the three-needs survey", 0.3, Source.CUSTOM),
        ("docking", "落实的对接情况", "docking of supply with demand", 0.3, Source.COMPLETION),
        ("residents", "服务工作的群众评价", "residents' evaluation of the service", 0.4,
         ReviewChannel.RESIDENTS),
    ),
    # 村干部按照“一定双评”由群众评分: the one-set-two-reviews score is the grade's basis.
    Target.VILLAGE_CADRE: (
        ("one-set-two-reviews", "一定双评得分", "the one-set-two-reviews score", 1.0, Source.SCORE),
    ),
}


@checked
def xinzhou_scheme(target: Target, *, effective_from: dt.date = dt.date(2000, 1, 1)) -> AssessmentScheme:
    """The Xinzhou scheme of seed 001 for *target*: the seed's indicators, our weights.

    Examples:
        >>> s = xinzhou_scheme(Target.DISTRICT_DEPARTMENT)
        >>> [(i.zh, i.weight) for i in s.indicators][2]
        ('惠农强农政策项目到村落地情况', 0.2)
    """
    if type(target) is not Target:
        raise InvalidValue.for_field("target", target, "a Target")
    inds = [Indicator(code=c, zh=zh, en=en, weight=w, source=src) for c, zh, en, w, src in _XINZHOU[target]]
    return AssessmentScheme(
        target=target,
        indicators=inds,
        effective_from=effective_from,
        description=f"Xinzhou assessment of the {target.en} (分类定标、分层考核)",
        reference=_SEED_001,
    )


@checked
def hotline_12345_scheme(
    *,
    weights: Sequence[float] = (0.2, 0.4, 0.4),
    target: Target = Target.DISTRICT_DEPARTMENT,
    effective_from: dt.date = dt.date(2000, 1, 1),
) -> AssessmentScheme:
    """The three-rate composite of 12345 hotlines: response, resolution, satisfaction (三率).

    The default weights 0.2 / 0.4 / 0.4 are **illustrative**, not any city's;
    pass the local ones.  Rates are given in percent.

    Examples:
        >>> [i.zh for i in hotline_12345_scheme(weights=(1, 1, 2)).indicators]
        ['响应率', '解决率', '满意率']
        >>> hotline_12345_scheme(weights=(1, 1, 2)).indicators[2].weight
        0.5
    """
    w = weighting.fixed(weights)
    if len(w) != 3:
        raise InvalidValue.for_field(
            "weights", tuple(weights), "three weights: response, resolution, satisfaction"
        )
    inds = [
        Indicator(code="response-rate", zh="响应率", en="response rate", weight=w[0]),
        Indicator(code="resolution-rate", zh="解决率", en="resolution rate", weight=w[1]),
        Indicator(
            code="satisfaction-rate",
            zh="满意率",
            en="satisfaction rate",
            weight=w[2],
            source=ReviewChannel.RESIDENTS,
        ),
    ]
    return AssessmentScheme(
        target=target,
        indicators=inds,
        effective_from=effective_from,
        description="12345 hotline three rates (illustrative weights)",
        reference="common 12345 hotline practice; weights are servicegov's illustrative defaults",
    )


# --------------------------------------------------------------------------- grades and ranks


def _to_pairs(value: Mapping[Any, float] | Iterable[tuple[Any, float]]) -> tuple[tuple[Any, float], ...]:
    pairs = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted(pairs, key=lambda kv: _GRADES.index(kv[0]) if kv[0] in _GRADES else -1))


def _check_thresholds(inst: Bands, _attr: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    shown = {str(g): t for g, t in value}
    grades = [g for g, _ in value]
    if grades != list(_GRADES[:3]):
        raise InvalidValue.for_field("thresholds", shown, "one threshold for each grade above 不称职")
    ts = [t for _, t in value]
    if not all(is_real(t) for t in ts) or any(a <= b for a, b in itertools.pairwise(ts)):
        raise InvalidValue.for_field("thresholds", shown, "numbers decreasing down the grades")


def _check_quotas(inst: Bands, _attr: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    seen = set()
    for g, q in value:
        if type(g) is not Grade or g in seen or g is Grade.INCOMPETENT:
            raise InvalidValue.for_field("quotas", g, "grades above 不称职, each once")
        if not is_real(q) or not 0 <= q <= 1:
            raise InvalidValue.for_field(f"quotas[{g.value}]", q, "a share from 0 to 1")
        seen.add(g)


@attrs.frozen(kw_only=True)
class Bands:
    """Grade thresholds and quotas.

    Attributes:
        thresholds: the lowest total for each grade above 不称职, decreasing
            down the grades (default 优秀 90, 称职 75, 基本称职 60).
        quotas: the largest share of the assessed a grade may hold (default
            优秀 at most one third); the over-quota ones with the lowest totals
            move down a grade, ties broken by reviewee id.

    Examples:
        >>> DEFAULT_BANDS.grade(90), DEFAULT_BANDS.grade(89.99).zh
        (<Grade.EXCELLENT>, '称职')
    """

    thresholds: tuple[tuple[Grade, float], ...] = attrs.field(
        default=((Grade.EXCELLENT, 90.0), (Grade.COMPETENT, 75.0), (Grade.BASICALLY_COMPETENT, 60.0)),
        converter=_to_pairs,
        validator=_check_thresholds,
    )
    quotas: tuple[tuple[Grade, float], ...] = attrs.field(
        default=((Grade.EXCELLENT, 1 / 3),), converter=_to_pairs, validator=_check_quotas
    )

    @checked
    def grade(self, total: float) -> Grade:
        """The grade of *total* by threshold alone."""
        for g, t in self.thresholds:
            if total >= t:
                return g
        return Grade.INCOMPETENT

    @checked
    def limit(self, grade: Grade, n: int) -> int | None:
        """The most of *n* assessed that may hold *grade*, or ``None`` without a quota.

        Examples:
            >>> DEFAULT_BANDS.limit(Grade.EXCELLENT, 6), DEFAULT_BANDS.limit(Grade.EXCELLENT, 5)
            (2, 1)
        """
        share = dict(self.quotas).get(grade)
        # The epsilon keeps 1/3 × 6 at 2 despite binary rounding.
        return None if share is None else math.floor(share * n + 1e-9)


DEFAULT_BANDS = Bands()
"""Our default bands: 90 / 75 / 60, 优秀 at most one third."""


@checked
def rank(totals: Mapping[str, float], *, method: str = "competition") -> dict[str, int]:
    """Rank reviewees by total, highest first, ties sharing a rank.

    Args:
        totals: reviewee → total.
        method: ``"competition"`` ("1224": after a tie, ranks are skipped) or
            ``"dense"`` ("1223").

    Examples:
        >>> t = {"a": 90, "b": 80, "c": 90, "d": 70}
        >>> rank(t), rank(t, method="dense")
        ({'a': 1, 'b': 3, 'c': 1, 'd': 4}, {'a': 1, 'b': 2, 'c': 1, 'd': 3})
    """
    if method not in ("competition", "dense"):
        raise InvalidValue.for_field("method", method, "'competition' or 'dense'")
    if not isinstance(totals, Mapping):
        raise InvalidValue.for_field("totals", totals, "a mapping {reviewee: total}")
    for who, v in totals.items():
        # NaN compares false with everything and would rank first.
        if not is_real(v):
            raise InvalidValue.for_field(f"totals[{who!r}]", v, "a finite number")
    values = sorted(totals.values(), reverse=True)
    distinct = sorted(set(values), reverse=True)
    first: dict[float, int] = {}
    for i, v in enumerate(values):
        first.setdefault(v, i + 1)
    if method == "dense":
        first = {v: i + 1 for i, v in enumerate(distinct)}
    return {k: first[v] for k, v in totals.items()}


# --------------------------------------------------------------------------- assessment


@attrs.frozen(kw_only=True)
class AssessmentResult:
    """One reviewee's result.

    Attributes:
        reviewee: who was assessed.
        total: the weighted total, 0 to 100 (rounded to 9 decimals).
        rank: the rank among the assessed.
        grade: the grade after quotas.
        demoted: whether a quota moved the grade down.
        year_end: the points this assessment contributes to the year-end
            assessment: ``year_end_weight × total``.
        vetoed: whether a one-vote veto (一票否决) capped the grade.
    """

    reviewee: str
    total: float
    rank: int
    grade: Grade
    demoted: bool = False
    year_end: float = 0.0
    vetoed: bool = False


@attrs.frozen(kw_only=True)
class Assessment:
    """The results of one scheme over the assessed, best first.

    Attributes:
        target: who was assessed.
        scheme_from: the ``effective_from`` of the scheme version applied.
        year_end_weight: the assessment's share of the year-end assessment.
        results: one per reviewee, by rank then id.
    """

    target: Target
    scheme_from: dt.date
    year_end_weight: float
    results: tuple[AssessmentResult, ...] = attrs.field(converter=to_tuple)

    @checked
    def result(self, reviewee: str) -> AssessmentResult:
        """The result of *reviewee*."""
        for r in self.results:
            if r.reviewee == reviewee:
                return r
        raise UnknownReference.for_field("reviewee", reviewee, "an assessed reviewee")

    def counts(self) -> dict[Grade, int]:
        """How many got each grade, every grade listed."""
        out = dict.fromkeys(Grade, 0)
        for r in self.results:
            out[r.grade] += 1
        return out


@checked
def assess(
    scheme: AssessmentScheme | Sequence[AssessmentScheme],
    values: Mapping[str, Mapping[str, float]],
    *,
    as_of: dt.date,
    bands: Bands = DEFAULT_BANDS,
    ranking: str = "competition",
    year_end_weight: float = 0.4,
    vetoed: Collection[str] = (),
    veto_grade: Grade = Grade.INCOMPETENT,
) -> Assessment:
    """Weight, rank and grade the assessed under the scheme in effect.

    Args:
        scheme: a scheme or its effective-dated versions (one target).
        values: reviewee → indicator code → value on 0 to 100, every indicator given.
        as_of: picks the scheme version.
        bands: thresholds and quotas.
        ranking: ``"competition"`` or ``"dense"``.
        year_end_weight: the share of the year-end Party-building assessment
            (年终党建考评) this result carries, 0 to 1; 0.4 is our illustrative
            default (the seed says only "an important part").
        vetoed: the reviewees with a one-vote veto (一票否决, e.g. a safety
            accident or a breach of discipline): their grade is no better than
            *veto_grade*, whatever their total.
        veto_grade: the best grade a vetoed reviewee may get; 不称职 by default,
            as the practice of 一票否决 has it ("年度考核评为不称职等次"); a local
            rule may say 基本称职.

    Raises:
        InvalidValue: for a missing or out-of-range value.
        UnknownReference: for a value of an indicator the scheme does not have.
        NoRuleInEffect: when no version has started on *as_of*.

    Examples:
        >>> s = hotline_12345_scheme()
        >>> a = assess(s, {"d1": {"response-rate": 100, "resolution-rate": 90, "satisfaction-rate": 95}},
        ...            as_of=dt.date(2025, 12, 31))
        >>> a.results[0].total, a.results[0].year_end
        (94.0, 37.6)
    """
    versions = (scheme,) if isinstance(scheme, AssessmentScheme) else tuple(scheme)
    check_versions(versions, "scheme")
    if len({v.target for v in versions}) != 1:
        raise ConfigurationError.for_field("scheme", [v.target.value for v in versions], "one target")
    s = in_effect(versions, as_of, "assessment scheme")
    if not is_real(year_end_weight) or not 0 <= year_end_weight <= 1:
        raise InvalidValue.for_field("year_end_weight", year_end_weight, "a number from 0 to 1")
    if type(veto_grade) is not Grade:
        raise InvalidValue.for_field("veto_grade", veto_grade, "a Grade")
    if isinstance(vetoed, str) or not isinstance(vetoed, Collection):
        raise InvalidValue.for_field("vetoed", vetoed, "a collection of reviewee ids")
    capped = set(vetoed)
    totals: dict[str, float] = {}
    for who, given in values.items():
        for code in given:
            s.indicator(code)
        parts = []
        for ind in s.indicators:
            if ind.code not in given:
                raise InvalidValue.for_field(f"values[{who!r}]", sorted(given), f"a value for {ind.code!r}")
            v = given[ind.code]
            if not is_real(v) or not 0 <= v <= 100:
                raise InvalidValue.for_field(f"values[{who!r}][{ind.code!r}]", v, "a number from 0 to 100")
            parts.append(ind.weight * (v if ind.higher_is_better else 100 - v))
        # Rounded so that ties are ties whatever the summation order.
        totals[who] = round(math.fsum(parts), 9)
    ranks = rank(totals, method=ranking)
    order = sorted(totals, key=lambda k: (-totals[k], k))
    grades = {k: bands.grade(totals[k]) for k in order}
    demoted: set[str] = set()
    for i, g in enumerate(_GRADES[:-1]):
        limit = bands.limit(g, len(order))
        if limit is None:
            continue
        holders = [k for k in order if grades[k] is g]
        for k in holders[limit:]:
            grades[k] = _GRADES[i + 1]
            demoted.add(k)
    cap = _GRADES.index(veto_grade)
    for k in capped & grades.keys():
        if _GRADES.index(grades[k]) < cap:
            grades[k] = veto_grade
    results = [
        AssessmentResult(
            reviewee=k,
            total=totals[k],
            rank=ranks[k],
            grade=grades[k],
            demoted=k in demoted,
            year_end=round(year_end_weight * totals[k], 9),
            vetoed=k in capped,
        )
        for k in order
    ]
    return Assessment(
        target=s.target, scheme_from=s.effective_from, year_end_weight=year_end_weight, results=results
    )


@checked
def year_end(assessment: Assessment, rest: Mapping[str, float]) -> dict[str, float]:
    """The year-end total: this assessment's share plus the rest of the year-end score.

    ``year_end_weight × total + (1 − year_end_weight) × rest[reviewee]``, with
    *rest* on 0 to 100.

    Examples:
        >>> a = assess(hotline_12345_scheme(), {"d1": {"response-rate": 100, "resolution-rate": 90,
        ...            "satisfaction-rate": 95}}, as_of=dt.date(2025, 12, 31))
        >>> year_end(a, {"d1": 80})
        {'d1': 85.6}
    """
    out = {}
    for r in assessment.results:
        if r.reviewee not in rest:
            raise InvalidValue.for_field("rest", sorted(rest), f"a value for {r.reviewee!r}")
        other = rest[r.reviewee]
        if not is_real(other) or not 0 <= other <= 100:
            raise InvalidValue.for_field(f"rest[{r.reviewee!r}]", other, "a number from 0 to 100")
        out[r.reviewee] = round(r.year_end + (1 - assessment.year_end_weight) * other, 9)
    return out


@checked
def indicator_values(
    scheme: AssessmentScheme,
    scores: Iterable[Score],
    *,
    custom: Mapping[str, Mapping[str, float]] | None = None,
) -> dict[str, dict[str, float]]:
    """Indicator values from two-review :class:`~servicegov.scoring.Score` values.

    Completion indicators take ``100 × completion``, score indicators the
    score's total (一定双评); one whose source is a review channel takes
    that channel's value; custom ones come from
    *custom* (reviewee → code → value).

    Raises:
        InvalidValue: when a channel has no value (no quorum) or a custom value is missing.

    Examples:
        >>> from servicegov.scoring import ChannelScore, Score
        >>> sc = Score(reviewee="c1", commitment="C1", version=1, rule_from=dt.date(2025, 1, 1),
        ...            completion=0.9, channels=[ChannelScore(channel=ReviewChannel.RESIDENTS,
        ...            weight=0.6, valid=5, invalid=0, value=88.0, quorum_met=True)])
        >>> indicator_values(xinzhou_scheme(Target.VILLAGE_ORGANISATION), [sc],
        ...                  custom={"c1": {"needs-survey": 80}})
        {'c1': {'needs-survey': 80, 'docking': 90.0, 'residents': 88.0}}
    """
    out: dict[str, dict[str, float]] = {}
    for sc in scores:
        row: dict[str, float] = {}
        for ind in scheme.indicators:
            where = f"scores[{sc.reviewee!r}].{ind.code}"
            if ind.source is Source.COMPLETION:
                row[ind.code] = round(100 * sc.completion, 9)
            elif ind.source is Source.SCORE:
                if sc.total is None:
                    raise InvalidValue.for_field(where, None, "a one-set-two-reviews total (quorum met)")
                row[ind.code] = sc.total
            elif isinstance(ind.source, ReviewChannel):
                v = sc.channel(ind.source).value
                if v is None:
                    raise InvalidValue.for_field(where, None, f"a value of the {ind.source.en} (quorum met)")
                row[ind.code] = v
            else:
                extra = (custom or {}).get(sc.reviewee, {})
                if ind.code not in extra:
                    raise InvalidValue.for_field(
                        f"custom[{sc.reviewee!r}]", sorted(extra), f"a value for {ind.code!r}"
                    )
                row[ind.code] = extra[ind.code]
        out[sc.reviewee] = row
    return out


# --------------------------------------------------------------------------- who is assessed, by whom

_TIER_RATER = {Tier.DISTRICT: Rater.DISTRICT, Tier.TOWN: Rater.TOWN, Tier.VILLAGE: Rater.VILLAGE,
               Tier.PARTY_GROUP: Rater.VILLAGE, Tier.GRID: Rater.VILLAGE}
_VILLAGE_TIERS = frozenset({Tier.VILLAGE, Tier.PARTY_GROUP, Tier.GRID})


def _head(unit: Unit, organisation: Organisation, tiers: frozenset[Tier]) -> Unit:
    """The top unit of *unit*'s tier group in its own division: the village's or town's Party body."""
    top = unit
    while top.parent is not None:
        parent = organisation.unit(top.parent)
        if parent.tier not in tiers or parent.division != unit.division:
            break
        top = parent
    return top


@checked
def unit_of_analysis(holder: str, organisation: Organisation) -> tuple[Target, str] | None:
    """Who is assessed for the work of *holder* (a unit or member id), and as what.

    Seed 001's units of analysis (分层考核):

    * a village's units — its Party groups, grids, committee and teams — roll up
      into the village Party organisation (村级党组织), one per village;
    * a town's offices roll up into the town Party committee (街镇党(工)委);
    * a district department (区直部门) is assessed itself, with its work groups
      (小康工作组) and the cadres who claim needs in person, as 分层考核 says;
    * a member at home in a town unit is a town cadre (街镇党员干部, those stationed
      in villages, 驻村, included);
    * a cadre at home in a village unit is a village cadre (村干部); a village
      member who is not a cadre works through the village Party organisation.

    The district Party committee (the organisation's root) assesses and is not
    assessed: ``None``.

    Raises:
        UnknownReference: for an id that is neither a unit nor a member.

    Examples:
        >>> from servicegov.simulation import generate
        >>> org = generate("small", seed=0).organisation
        >>> unit_of_analysis("V420117001001-PG1-G", org)
        (<Target.VILLAGE_ORGANISATION>, 'V420117001001')
        >>> unit_of_analysis("T01-civil", org), unit_of_analysis("C01-00", org)
        ((<Target.TOWN_COMMITTEE>, 'T01'), (<Target.DISTRICT_DEPARTMENT>, 'D-DEPT-01'))
        >>> unit_of_analysis("D", org) is None
        True
    """
    if organisation.has_unit(holder):
        unit = organisation.unit(holder)
        if unit.parent is None:
            return None
        if unit.tier in _VILLAGE_TIERS:
            return Target.VILLAGE_ORGANISATION, _head(unit, organisation, _VILLAGE_TIERS).id
        if unit.tier is Tier.TOWN:
            return Target.TOWN_COMMITTEE, _head(unit, organisation, frozenset({Tier.TOWN})).id
        # A work group counts toward the department it belongs to.
        parent = organisation.unit(unit.parent)
        if unit.kind is ProviderKind.WORK_GROUP and parent.parent is not None:
            return Target.DISTRICT_DEPARTMENT, parent.id
        return Target.DISTRICT_DEPARTMENT, unit.id
    member = organisation.member(holder, field="holder")
    if not organisation.has_unit(member.home_branch):
        return None
    home = organisation.unit(member.home_branch)
    if home.tier is Tier.DISTRICT:
        return unit_of_analysis(home.id, organisation)
    if home.tier is Tier.TOWN:
        return Target.TOWN_CADRE, member.id
    if member.role is Role.CADRE:
        return Target.VILLAGE_CADRE, member.id
    return Target.VILLAGE_ORGANISATION, _head(home, organisation, _VILLAGE_TIERS).id


@checked
def rater_of(reviewer: str, channel: ReviewChannel, organisation: Organisation) -> Rater | None:
    """The class of rater a ballot comes from, or ``None`` when it fits none.

    A residents'-channel ballot is the residents'; an organisational one is the
    class of the reviewing unit's tier (a village's Party groups and grids are
    the village), or ``None`` for a reviewer that is not a unit.

    Examples:
        >>> from servicegov.simulation import generate
        >>> org = generate("small", seed=0).organisation
        >>> rater_of("T01", ReviewChannel.ORGANISATIONAL, org), rater_of("hh-1", ReviewChannel.RESIDENTS, org)
        (<Rater.TOWN>, <Rater.RESIDENTS>)
    """
    if channel is ReviewChannel.RESIDENTS:
        return Rater.RESIDENTS
    if not organisation.has_unit(reviewer):
        return None
    return _TIER_RATER[organisation.unit(reviewer).tier]
