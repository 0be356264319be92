"""Experiments for researchers: how stable is a ranking, and what distorts it.

Each experiment is a frozen, picklable callable of one integer seed, so it runs
under :func:`servicegov.simulation.monte_carlo` in-process, on a process pool or
on Dask, with identical results.  Each returns a small frozen result of numbers
and tuples.

They share a :class:`World`: units with true quality fixed by ``truth_seed``,
assessed under a Xinzhou scheme (:func:`servicegov.assessment.xinzhou_scheme`),
rated by three panels — the records (completion indicators), a residents'
panel (residents' indicators) and a panel of organisational reviewers (the
rest).  Each replication redraws only the raters' errors (and whatever the
experiment varies), so "the same unit" means the same thing in every
replication and per-unit rank intervals make sense.

The *truth* a ranking is compared with is the scheme applied to the true
scores: what perfect raters would give under the same scheme.

Examples:
    >>> from servicegov.simulation import monte_carlo
    >>> result = monte_carlo(RankingStability(world=World(units=12)), 5, seed=1)
    >>> [round(r.tau, 2) for r in result.runs]
    [0.97, 0.97, 0.91, 0.82, 0.91]
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from servicegov._arguments import checked
from servicegov._validators import count
from servicegov.assessment import (
    DEFAULT_BANDS,
    Assessment,
    AssessmentScheme,
    Bands,
    Source,
    Target,
    assess,
    reweighted,
    xinzhou_scheme,
)
from servicegov.errors import InvalidValue
from servicegov.scoring import ReviewChannel
from servicegov.simulation._metrics import grade_flip_rate, kendall_tau, top_k_overlap
from servicegov.simulation._montecarlo import _nan_as_null, _nan_key
from servicegov.simulation._raters import (
    Collusion,
    Effect,
    Halo,
    Leniency,
    Noise,
    NonResponse,
    RaterModel,
    Ratings,
    draw_true_scores,
    rated_values,
)
from servicegov.surveys import Resident, draw_evaluators

__all__ = [
    "RandomVsSelfChosen",
    "RandomVsSelfChosenResult",
    "RankingStability",
    "ResidentsWeight",
    "ResidentsWeightResult",
    "Sensitivity",
    "Stability",
    "Trimming",
    "TrimmingResult",
    "WeightSensitivity",
    "World",
    "with_residents_weight",
]


def __dir__() -> list[str]:
    return __all__


AS_OF = dt.date(2025, 12, 31)
"""The assessment date of every experiment (any date after the schemes' start)."""

_RESIDENTS_MODEL = RaterModel(
    effects=(Noise(sd=12.0), Leniency(spread=5.0), Halo(weight=0.3), NonResponse(probability=0.1))
)
_REVIEWERS_MODEL = RaterModel(effects=(Noise(sd=6.0), Leniency(spread=3.0)))


def _real(field: str, low: float | None = None, high: float | None = None, *, open_low: bool = False) -> Any:
    words = "a finite number"
    if low is not None:
        words = f"a number {'above' if open_low else 'of at least'} {low}"
    if high is not None:
        words += f" and at most {high}"

    def check(_inst: object, _attr: attrs.Attribute[Any], value: object) -> None:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        if ok and low is not None:
            ok = value > low if open_low else value >= low  # type: ignore[operator]
        if ok and high is not None:
            ok = value <= high  # type: ignore[operator]
        if not ok:
            raise InvalidValue.for_field(field, value, words)

    return check


def _instance(cls: type, field: str) -> Any:
    def check(_inst: object, _attr: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, cls):
            raise InvalidValue.for_field(field, value, f"a {cls.__name__}")

    return check


def _ids(prefix: str, n: int) -> tuple[str, ...]:
    width = len(str(n))
    return tuple(f"{prefix}{i:0{width}d}" for i in range(1, n + 1))


def _check_trim(inst: World, _attr: attrs.Attribute[Any], value: int) -> None:
    if value < 2 * inst.trim:
        raise InvalidValue.for_field("trim_above", value, f"at least twice 'trim' ({inst.trim})")


@attrs.frozen(kw_only=True)
class World:
    """The units, their true quality, the scheme and the panels that rate them.

    Attributes:
        target: whose Xinzhou scheme applies (default district departments:
            completion 0.3, residents 0.3, two organisational indicators 0.2 each).
        units: how many units (``u01``, ``u02``, …).
        residents: the residents' panel size (``r01``, …); every resident rates every unit.
        reviewers: the organisational panel size (``o1``, …).
        truth_seed: fixes the true scores, the same in every replication.
        quality_mean, quality_sd, indicator_sd: the true scores'
            distribution (:func:`~servicegov.simulation.draw_true_scores`).
        residents_model: how residents rate (default: noise sd 12, leniency
            spread 5, halo 0.3, 10 % non-response).
        reviewers_model: how organisational reviewers rate (noise sd 6, leniency spread 3).
        records_model: how the records report completion (default exact).
        trim, trim_above: the trimmed mean of each panel's ballots
            (:func:`servicegov.scoring.trimmed_mean`).
        bands: grade thresholds and quotas.

    Examples:
        >>> w = World(units=3)
        >>> w.unit_ids, [i.code for i in w.scheme().indicators]
        (('u1', 'u2', 'u3'), ['completion', 'residents', 'policy-projects', 'work-groups'])
    """

    target: Target = attrs.field(default=Target.DISTRICT_DEPARTMENT, validator=_instance(Target, "target"))
    units: int = attrs.field(default=30, validator=count(2, 100_000))
    residents: int = attrs.field(default=15, validator=count(1, 100_000))
    reviewers: int = attrs.field(default=5, validator=count(1, 10_000))
    truth_seed: int = attrs.field(default=0, validator=count(0))
    quality_mean: float = attrs.field(default=70.0, validator=_real("quality_mean"))
    quality_sd: float = attrs.field(default=10.0, validator=_real("quality_sd", 0))
    indicator_sd: float = attrs.field(default=5.0, validator=_real("indicator_sd", 0))
    residents_model: RaterModel = attrs.field(
        default=_RESIDENTS_MODEL, validator=_instance(RaterModel, "residents_model")
    )
    reviewers_model: RaterModel = attrs.field(
        default=_REVIEWERS_MODEL, validator=_instance(RaterModel, "reviewers_model")
    )
    records_model: RaterModel = attrs.field(
        default=RaterModel(), validator=_instance(RaterModel, "records_model")
    )
    trim: int = attrs.field(default=1, validator=count(0))
    trim_above: int = attrs.field(default=5, validator=[count(0), _check_trim])
    bands: Bands = attrs.field(default=DEFAULT_BANDS, validator=_instance(Bands, "bands"))

    @property
    def unit_ids(self) -> tuple[str, ...]:
        """The units' ids, in order."""
        return _ids("u", self.units)

    @property
    def resident_ids(self) -> tuple[str, ...]:
        """The residents' ids, in order."""
        return _ids("r", self.residents)

    @property
    def reviewer_ids(self) -> tuple[str, ...]:
        """The organisational reviewers' ids, in order."""
        return _ids("o", self.reviewers)

    def scheme(self) -> AssessmentScheme:
        """The Xinzhou scheme of :attr:`target`."""
        return xinzhou_scheme(self.target)

    def truth(self) -> dict[str, dict[str, float]]:
        """The true scores, unit → indicator → 0–100, fixed by :attr:`truth_seed`."""
        codes = [i.code for i in self.scheme().indicators]
        return draw_true_scores(
            self.unit_ids,
            codes,
            random.Random(self.truth_seed),
            mean=self.quality_mean,
            sd=self.quality_sd,
            indicator_sd=self.indicator_sd,
        )

    def true_assessment(self) -> Assessment:
        """The assessment of the true scores under the world's scheme and bands:
        the ranking every experiment measures its observed rankings against.

        Examples:
            >>> w = World(units=6)
            >>> [r.rank for r in w.true_assessment().results]
            [1, 2, 3, 4, 5, 6]
        """
        return _assess(self.scheme(), self.truth(), self.bands)

    @checked
    def rate(
        self,
        rng: random.Random,
        *,
        records: Sequence[Effect] = (),
        residents: Sequence[Effect] = (),
        reviewers: Sequence[Effect] = (),
        panels: Mapping[str, Sequence[str]] | None = None,
    ) -> tuple[Ratings, ...]:
        """One round of ratings by the three panels, in the order records, residents, reviewers.

        Args:
            rng: the source of every draw.
            records, residents, reviewers: effects appended to that panel's model.
            panels: each unit's own residents' panel, instead of the shared one.

        Returns:
            One :class:`~servicegov.simulation.Ratings` per panel that has indicators.
        """
        truth = self.truth()
        by_source: dict[str, list[str]] = {"records": [], "residents": [], "reviewers": []}
        for ind in self.scheme().indicators:
            if ind.source is Source.COMPLETION:
                by_source["records"].append(ind.code)
            elif ind.source in (ReviewChannel.RESIDENTS, Source.SCORE):
                # A village cadre's one-set-two-reviews score: 村干部由群众评分.
                by_source["residents"].append(ind.code)
            else:
                by_source["reviewers"].append(ind.code)
        plan: tuple[tuple[str, RaterModel, Sequence[str] | Mapping[str, Sequence[str]]], ...] = (
            ("records", self.records_model.then(*records), ("records",)),
            (
                "residents",
                self.residents_model.then(*residents),
                self.resident_ids if panels is None else panels,
            ),
            ("reviewers", self.reviewers_model.then(*reviewers), self.reviewer_ids),
        )
        out = []
        for name, model, raters in plan:
            codes = by_source[name]
            if codes:
                part = {u: {c: row[c] for c in codes} for u, row in truth.items()}
                out.append(model.rate(part, raters, rng))
        return tuple(out)

    @checked
    def values(self, ratings: Sequence[Ratings], *, trim: int | None = None) -> dict[str, dict[str, float]]:
        """The indicator values of a round of ratings, for :func:`servicegov.assessment.assess`.

        *trim* overrides :attr:`trim` (and raises ``trim_above`` to twice it when needed).
        """
        t = self.trim if trim is None else trim
        return rated_values(*ratings, trim=t, trim_above=max(self.trim_above, 2 * t))


@checked
def with_residents_weight(scheme: AssessmentScheme, factor: float) -> AssessmentScheme:
    """The scheme with its residents' indicators' weight multiplied by *factor*.

    The other indicators keep their proportions and share what is left, so the
    weights still sum to 1.

    Raises:
        InvalidValue: when the scheme has no residents' indicator, all its weight
            is residents', or the new residents' weight would exceed 1.

    Examples:
        >>> s = with_residents_weight(xinzhou_scheme(Target.DISTRICT_DEPARTMENT), 2)
        >>> [(i.code, round(i.weight, 4)) for i in s.indicators]
        [('completion', 0.1714), ('residents', 0.6), ('policy-projects', 0.1143), ('work-groups', 0.1143)]
    """
    given: object = factor
    if not isinstance(given, (int, float)) or isinstance(given, bool) or not given > 0:
        raise InvalidValue.for_field("factor", factor, "a number above 0")
    residents = math.fsum(i.weight for i in scheme.indicators if i.source is ReviewChannel.RESIDENTS)
    if not 0 < residents < 1:
        raise InvalidValue.for_field(
            "scheme",
            residents,
            "a scheme whose residents' indicators carry part, not none or all, of the weight",
        )
    target = residents * factor
    if target > 1 + 1e-12:
        raise InvalidValue.for_field("factor", factor, f"at most {1 / residents:g} for this scheme")
    rest = (1 - min(target, 1.0)) / (1 - residents)
    weights = [i.weight * (factor if i.source is ReviewChannel.RESIDENTS else rest)
               for i in scheme.indicators]
    return reweighted(scheme, weights)


# --------------------------------------------------------------------------- results


@attrs.frozen(kw_only=True)
class Stability:
    """How far an assessed ranking is from the truth.

    Attributes:
        tau: Kendall's τ-b between the true and the assessed totals; ``nan``
            (``null`` in JSON) when either gives every unit the same total.
        top_k: the share of the true top *k* that is also the assessed top *k*.
        grade_flips: the share of units whose grade (after quotas) differs from the true one.
        ranks: the assessed rank of each unit, in the world's unit order.
    """

    tau: float = attrs.field(eq=_nan_key)
    top_k: float
    grade_flips: float
    ranks: tuple[int, ...]


def _assess(scheme: AssessmentScheme, values: Mapping[str, Mapping[str, float]], bands: Bands) -> Assessment:
    return assess(scheme, values, as_of=AS_OF, bands=bands)


def _compare(true: Assessment, seen: Assessment, units: Sequence[str], k: int) -> Stability:
    true_totals = {r.reviewee: r.total for r in true.results}
    seen_totals = {r.reviewee: r.total for r in seen.results}
    ranks = {r.reviewee: r.rank for r in seen.results}
    return Stability(
        tau=kendall_tau(true_totals, seen_totals),
        top_k=top_k_overlap(true_totals, seen_totals, k),
        grade_flips=grade_flip_rate(
            {r.reviewee: r.grade.value for r in true.results},
            {r.reviewee: r.grade.value for r in seen.results},
        ),
        ranks=tuple(ranks[u] for u in units),
    )


def _gain(true: Assessment, seen: Assessment, units: frozenset[str]) -> float:
    """The mean number of places the *units* climbed from their true rank."""
    if not units:
        return 0.0
    before = {r.reviewee: r.rank for r in true.results}
    after = {r.reviewee: r.rank for r in seen.results}
    return math.fsum(before[u] - after[u] for u in sorted(units)) / len(units)


def _check_k(inst: Any, _attr: attrs.Attribute[Any], value: object) -> None:
    given = getattr(inst, "values", None)
    n = inst.world.units if given is None else len(given)
    if type(value) is not int or not 1 <= value <= n:
        raise InvalidValue.for_field("k", value, f"an integer from 1 to the number of units ({n})")


# --------------------------------------------------------------------------- ranking stability


@attrs.frozen(kw_only=True)
class RankingStability:
    """How stable is the ranking under the scheme, with honest but imperfect raters?

    Each replication rates the world once and compares the assessed ranking
    with the true one.

    Attributes:
        world: the units, the scheme and the raters.
        k: the size of the top compared by :attr:`Stability.top_k`.

    Examples:
        >>> r = RankingStability(world=World(units=8), k=3)(2025)
        >>> round(r.tau, 3), r.top_k, r.grade_flips, r.ranks
        (0.929, 1.0, 0.125, (2, 4, 1, 7, 5, 3, 8, 6))
    """

    world: World = attrs.field(default=World(), validator=_instance(World, "world"))
    k: int = attrs.field(default=5, validator=_check_k)

    def __call__(self, seed: int) -> Stability:
        rng = random.Random(seed)
        w = self.world
        scheme = w.scheme()
        true = _assess(scheme, w.truth(), w.bands)
        seen = _assess(scheme, w.values(w.rate(rng)), w.bands)
        return _compare(true, seen, w.unit_ids, self.k)


# --------------------------------------------------------------------------- weight sensitivity


@attrs.frozen(kw_only=True)
class Sensitivity:
    """The weights drawn and the ranking they give, against the scheme's own weights.

    Attributes:
        weights: the drawn weights, in the scheme's indicator order.
        stability: the ranking under them against the ranking under the scheme's weights.
    """

    weights: tuple[float, ...]
    stability: Stability


def _to_values(
    value: Mapping[str, Mapping[str, float]] | None,
) -> tuple[tuple[str, tuple[tuple[str, float], ...]], ...] | None:
    if value is None:
        return None
    if isinstance(value, tuple):
        return value
    return tuple((u, tuple((c, float(v)) for c, v in row.items())) for u, row in value.items())


@attrs.frozen(kw_only=True)
class WeightSensitivity:
    """How much does the ranking depend on the exact weights?

    Each replication draws weights from a Dirichlet distribution centred on
    the scheme's, ``Dirichlet(concentration × w)``: the larger the
    concentration, the closer to the scheme (each weight's sd is
    ``sqrt(w(1 − w) / (concentration + 1))``).  The values assessed stay fixed:
    the world's true scores, or *values*.

    Attributes:
        world: gives the scheme, the units and (by default) the values.
        concentration: above 0; 100 moves a weight of 0.3 by about 0.05.
        k: the size of the top compared.
        values: unit → indicator → value to assess instead of the true scores.

    Examples:
        >>> r = WeightSensitivity(world=World(units=6), concentration=50, k=2)(7)
        >>> [round(w, 3) for w in r.weights], round(r.stability.tau, 3)
        ([0.287, 0.37, 0.227, 0.116], 0.867)
    """

    world: World = attrs.field(default=World(), validator=_instance(World, "world"))
    concentration: float = attrs.field(default=100.0, validator=_real("concentration", 0, open_low=True))
    k: int = attrs.field(default=5, validator=_check_k)
    values: tuple[tuple[str, tuple[tuple[str, float], ...]], ...] | None = attrs.field(
        default=None, converter=_to_values
    )

    def __call__(self, seed: int) -> Sensitivity:
        rng = random.Random(seed)
        w = self.world
        scheme = w.scheme()
        base = [i.weight for i in scheme.indicators]
        draws = [rng.gammavariate(self.concentration * b, 1.0) if b > 0 else 0.0 for b in base]
        total = math.fsum(draws)
        weights = tuple(d / total for d in draws)
        values = w.truth() if self.values is None else {u: dict(row) for u, row in self.values}
        true = _assess(scheme, values, w.bands)
        seen = _assess(reweighted(scheme, weights), values, w.bands)
        return Sensitivity(weights=weights, stability=_compare(true, seen, tuple(values), self.k))


# --------------------------------------------------------------------------- collusion rings


def _check_ring(inst: Any, _attr: attrs.Attribute[Any], value: object) -> None:
    n = inst.world.residents
    if type(value) is not int or not 0 <= value <= n:
        raise InvalidValue.for_field(
            "ring_size", value, f"an integer from 0 to the residents' panel size ({n})"
        )


def _to_targets(value: int | Sequence[str]) -> int | tuple[str, ...]:
    return value if isinstance(value, int) else tuple(value)


def _structure_targets(value: Any, _cl: Any) -> int | tuple[str, ...]:
    # JSON gives a count or a list of unit ids; cattrs cannot pick between int and tuple alone.
    if type(value) is int:
        return value
    if isinstance(value, list | tuple) and all(isinstance(u, str) for u in value):
        return tuple(value)
    raise ValueError(f"expected a count or a list of unit ids (got {value!r})")


def _configure(converter: Any) -> None:
    converter.register_structure_hook(int | tuple[str, ...], _structure_targets)
    # τ is undefined when a side ties every unit: null in JSON.
    _nan_as_null(converter, Stability, "tau")


def _check_targets(inst: Any, _attr: attrs.Attribute[Any], value: object) -> None:
    units = inst.world.unit_ids
    if isinstance(value, bool) or (isinstance(value, int) and not 0 <= value <= len(units)):
        raise InvalidValue.for_field(
            "targets", value, f"a count from 0 to {len(units)} or a tuple of unit ids"
        )
    if isinstance(value, tuple):
        unknown = [u for u in value if u not in units]
        if unknown or len(set(value)) != len(value):
            raise InvalidValue.for_field("targets", value, "distinct unit ids of the world")


def _ring_targets(world: World, targets: int | tuple[str, ...]) -> frozenset[str]:
    if isinstance(targets, tuple):
        return frozenset(targets)
    order = [r.reviewee for r in world.true_assessment().results]
    n = len(order)
    # Spread over the true ranking, never the very top: a ring helps units that can climb.
    return frozenset(order[(i + 1) * n // (targets + 1)] for i in range(targets))


def _ring(world: World, ring_size: int, targets: frozenset[str]) -> tuple[Effect, ...]:
    if not ring_size or not targets:
        return ()
    return (Collusion(raters=world.resident_ids[:ring_size], units=targets),)


@attrs.frozen(kw_only=True)
class ResidentsWeightResult:
    """Rankings under the scheme's weights and under heavier residents' weight.

    Attributes:
        baseline: the scheme's weights against the truth under them.
        reweighted: the residents' weight multiplied, against the truth under it.
        baseline_gain: the mean places the ring's units climbed under the scheme's weights.
        reweighted_gain: the same under the heavier residents' weight.
    """

    baseline: Stability
    reweighted: Stability
    baseline_gain: float
    reweighted_gain: float


@attrs.frozen(kw_only=True)
class ResidentsWeight:
    """Does doubling the residents' weight keep rankings stable under a collusion ring?

    The first *ring_size* residents form a ring that gives the *targets* 100
    on every residents' indicator.  One round of ratings is assessed twice: with
    the scheme's weights and with the residents' weight multiplied by *factor*
    (:func:`with_residents_weight`); each is compared with the truth under the
    same weights.  ``ring_size=0`` is the control without a ring.

    Attributes:
        world: the units, the scheme and the raters.
        factor: what the residents' weight is multiplied by (2: doubled).
        ring_size: how many residents collude, from 0 to the panel size.
        targets: the units the ring favours, or how many, spread over the true
            ranking (see :meth:`ring_targets`).
        k: the size of the top compared.

    Examples:
        >>> e = ResidentsWeight(world=World(units=10))
        >>> sorted(e.ring_targets())
        ['u02', 'u03', 'u05']
        >>> r = e(1)
        >>> round(r.baseline.tau, 3), round(r.reweighted.tau, 3), r.baseline_gain, r.reweighted_gain
        (0.911, 0.867, 0.6666666666666666, 0.6666666666666666)
    """

    world: World = attrs.field(default=World(), validator=_instance(World, "world"))
    factor: float = attrs.field(default=2.0, validator=_real("factor", 0, open_low=True))
    ring_size: int = attrs.field(default=3, validator=_check_ring)
    targets: int | tuple[str, ...] = attrs.field(default=3, converter=_to_targets, validator=_check_targets)
    k: int = attrs.field(default=5, validator=_check_k)

    def __attrs_post_init__(self) -> None:
        # Fail at construction, not in the first replication on a worker.
        with_residents_weight(self.world.scheme(), self.factor)

    def ring_targets(self) -> frozenset[str]:
        """The units the ring favours: *targets*, or that many at even steps down the true ranking."""
        return _ring_targets(self.world, self.targets)

    def __call__(self, seed: int) -> ResidentsWeightResult:
        rng = random.Random(seed)
        w = self.world
        base = w.scheme()
        heavier = with_residents_weight(base, self.factor)
        targets = self.ring_targets()
        observed = w.values(w.rate(rng, residents=_ring(w, self.ring_size, targets)))
        truth = w.truth()
        true_b, seen_b = _assess(base, truth, w.bands), _assess(base, observed, w.bands)
        true_h, seen_h = _assess(heavier, truth, w.bands), _assess(heavier, observed, w.bands)
        return ResidentsWeightResult(
            baseline=_compare(true_b, seen_b, w.unit_ids, self.k),
            reweighted=_compare(true_h, seen_h, w.unit_ids, self.k),
            baseline_gain=_gain(true_b, seen_b, targets),
            reweighted_gain=_gain(true_h, seen_h, targets),
        )


@attrs.frozen(kw_only=True)
class TrimmingResult:
    """Rankings from untrimmed and trimmed means of the same ballots.

    Attributes:
        untrimmed: plain means against the truth.
        trimmed: trimmed means against the truth.
        untrimmed_gain: the mean places the ring's units climbed with plain means.
        trimmed_gain: the same with trimmed means.
    """

    untrimmed: Stability
    trimmed: Stability
    untrimmed_gain: float
    trimmed_gain: float


@attrs.frozen(kw_only=True)
class Trimming:
    """Does trimming the highest and lowest ballots blunt a collusion ring?

    One round of ratings, with the ring of :class:`ResidentsWeight`, is
    averaged twice: plainly and dropping the *trim* highest and lowest ballots
    of each panel.

    Attributes:
        world: the units, the scheme and the raters.
        trim: how many to drop at each end, at least 1.
        ring_size: how many residents collude.
        targets: the units the ring favours, or how many.
        k: the size of the top compared.

    Examples:
        >>> r = Trimming(world=World(units=10))(4)
        >>> r.untrimmed_gain, r.trimmed_gain
        (0.3333333333333333, 0.0)
    """

    world: World = attrs.field(default=World(), validator=_instance(World, "world"))
    trim: int = attrs.field(default=3, validator=count(1))
    ring_size: int = attrs.field(default=3, validator=_check_ring)
    targets: int | tuple[str, ...] = attrs.field(default=3, converter=_to_targets, validator=_check_targets)
    k: int = attrs.field(default=5, validator=_check_k)

    def ring_targets(self) -> frozenset[str]:
        """The units the ring favours (as :meth:`ResidentsWeight.ring_targets`)."""
        return _ring_targets(self.world, self.targets)

    def __call__(self, seed: int) -> TrimmingResult:
        rng = random.Random(seed)
        w = self.world
        scheme = w.scheme()
        targets = self.ring_targets()
        ratings = w.rate(rng, residents=_ring(w, self.ring_size, targets))
        true = _assess(scheme, w.truth(), w.bands)
        plain = _assess(scheme, w.values(ratings, trim=0), w.bands)
        trimmed = _assess(scheme, w.values(ratings, trim=self.trim), w.bands)
        return TrimmingResult(
            untrimmed=_compare(true, plain, w.unit_ids, self.k),
            trimmed=_compare(true, trimmed, w.unit_ids, self.k),
            untrimmed_gain=_gain(true, plain, targets),
            trimmed_gain=_gain(true, trimmed, targets),
        )


# --------------------------------------------------------------------------- random evaluators


@attrs.frozen(kw_only=True)
class RandomVsSelfChosenResult:
    """Rankings from randomly drawn and from self-chosen residents' panels.

    Attributes:
        random: evaluators drawn at random (阳光测评) against the truth.
        chosen: evaluators each unit chose itself against the truth.
    """

    random: Stability
    chosen: Stability


def _check_roster(inst: RandomVsSelfChosen, _attr: attrs.Attribute[Any], value: object) -> None:
    n = inst.world.residents
    if type(value) is not int or value < n:
        raise InvalidValue.for_field("roster", value, f"an integer of at least the panel size ({n})")


@attrs.frozen(kw_only=True)
class RandomVsSelfChosen:
    """Do randomly drawn evaluators (阳光测评) rank better than self-chosen ones?

    Each unit has its own roster of residents.  The random panel is drawn from
    it with :func:`servicegov.surveys.draw_evaluators` (stratified by unit,
    ``world.residents`` each, from a seed drawn per replication).  The
    self-chosen panel is that many friends the unit picks itself; how friendly
    they are differs between units (a bias drawn from 0 to *friendliness*
    points per unit), which is what distorts the ranking.  Both panels rate
    with the world's residents' model and the same random draws, so the only
    difference is who sits on the panel.

    Attributes:
        world: the units, the scheme and the raters.
        roster: residents on each unit's roster, at least ``world.residents``.
        friendliness: the most a unit's friends add to their ratings, in points.
        k: the size of the top compared.

    Examples:
        >>> r = RandomVsSelfChosen(world=World(units=10), roster=30)(3)
        >>> round(r.random.tau, 3), round(r.chosen.tau, 3)
        (1.0, 0.956)
    """

    world: World = attrs.field(default=World(), validator=_instance(World, "world"))
    roster: int = attrs.field(default=60, validator=_check_roster)
    friendliness: float = attrs.field(default=20.0, validator=_real("friendliness", 0))
    k: int = attrs.field(default=5, validator=_check_k)

    def __call__(self, seed: int) -> RandomVsSelfChosenResult:
        rng = random.Random(seed)
        w = self.world
        units = w.unit_ids
        width = len(str(self.roster))
        rosters = {u: [f"{u}-h{j:0{width}d}" for j in range(1, self.roster + 1)] for u in units}
        residents = [Resident(id=rid, village=u) for u, ids in rosters.items() for rid in ids]
        draw = draw_evaluators(
            residents, seed=rng.randrange(2**32), per_stratum=w.residents, strata=("village",)
        )
        home = {p.id: p.village for p in residents}
        drawn: dict[str, list[str]] = {u: [] for u in units}
        for rid in draw.selected:
            drawn[home[rid]].append(rid)
        friends = {u: rng.sample(rosters[u], w.residents) for u in units}
        bias = {u: rng.uniform(0.0, self.friendliness) for u in units}
        friendly = [Leniency(bias=bias[u], raters=friends[u]) for u in units]
        # The same draws for both panels, so that only the panel differs.
        state = rng.getstate()
        random_values = w.values(w.rate(rng, panels=drawn))
        rng.setstate(state)
        chosen_values = w.values(w.rate(rng, panels=friends, residents=friendly))
        scheme = w.scheme()
        true = _assess(scheme, w.truth(), w.bands)
        return RandomVsSelfChosenResult(
            random=_compare(true, _assess(scheme, random_values, w.bands), units, self.k),
            chosen=_compare(true, _assess(scheme, chosen_values, w.bands), units, self.k),
        )
