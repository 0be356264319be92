"""Rater models: how true quality becomes ratings, and how raters and units distort it.

A :class:`RaterModel` is a tuple of *effects* applied in order to a sheet that
starts as every rater's perfect view of the units' true scores: one 0–100 score
per unit and indicator.  The effects are

* :class:`Noise` — independent error per rating (its sd, per rater if wanted);
* :class:`Leniency` — a rater's constant shift; a negative bias is severity;
* :class:`Halo` — each rating pulled toward the rater's overall impression of
  the unit, which correlates the indicators;
* :class:`CentralTendency` — ratings shrunk toward the scale's midpoint;
* :class:`NonResponse` — a ballot not returned, with a probability;
* :class:`Collusion` — a ring of raters who give chosen units the maximum;
* :class:`StrategicUnits` — units that claim easy needs and avoid hard ones, so
  their completion looks better while their true quality does not change.

In JSON (:mod:`servicegov.serialization`) each effect carries its kind under
``"effect"``: ``noise``, ``leniency``, ``halo``, ``central_tendency``,
``non_response``, ``collusion`` or ``strategic_units``.

Ratings are clipped to 0–100 at the end.  All randomness comes from the
``random.Random`` passed to :meth:`RaterModel.rate`, drawn in a fixed order
(units, then each unit's raters, then indicators), so one seed gives one result.

:meth:`Ratings.values` (or :func:`rated_values` over several panels) gives the
``reviewee → indicator → value`` mapping :func:`servicegov.assessment.assess`
takes, and :meth:`Ratings.reviews` gives :class:`servicegov.scoring.Review`
ballots, as 100-point scores or as 满意 / 基本满意 / 不满意.

Examples:
    >>> import random
    >>> truth = {"u1": {"attitude": 80.0, "style": 70.0}, "u2": {"attitude": 60.0, "style": 65.0}}
    >>> model = RaterModel(effects=[Noise(sd=5.0), Leniency(bias=3.0)])
    >>> ratings = model.rate(truth, ["r1", "r2", "r3"], random.Random(1))
    >>> len(ratings.ratings), ratings.indicators
    (6, ('attitude', 'style'))
    >>> {u: {k: round(v, 1) for k, v in row.items()} for u, row in ratings.values().items()}
    {'u1': {'attitude': 83.4, 'style': 74.2}, 'u2': {'attitude': 62.5, 'style': 64.3}}
    >>> ratings == model.rate(truth, ["r1", "r2", "r3"], random.Random(1))
    True
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from servicegov._arguments import checked
from servicegov._convert import to_frozenset, to_tuple
from servicegov._numbers import is_real
from servicegov._validators import real
from servicegov.errors import InvalidValue
from servicegov.scoring import Review, ReviewChannel, Satisfaction, trimmed_mean

__all__ = [
    "CentralTendency",
    "Collusion",
    "Halo",
    "Leniency",
    "Noise",
    "NonResponse",
    "RaterModel",
    "Rating",
    "Ratings",
    "StrategicUnits",
    "draw_true_scores",
    "rated_values",
    "to_satisfaction",
]


def __dir__() -> list[str]:
    return __all__


LOW, HIGH, MIDPOINT = 0.0, 100.0, 50.0


def _is_id(x: object) -> bool:
    return isinstance(x, str) and bool(x)


def _ids(field: str, *, non_empty: bool = False) -> Any:
    def check(_inst: object, _attr: attrs.Attribute[Any], value: frozenset[Any]) -> None:
        if non_empty and not value:
            raise InvalidValue.for_field(field, set(), "at least one id")
        for v in value:
            if not _is_id(v):
                raise InvalidValue.for_field(field, sorted(map(repr, value)), "a set of non-empty string ids")

    return check


def _clip(v: float) -> float:
    return HIGH if v > HIGH else LOW if v < LOW else v


class _Sheet:
    """The ratings being built: one row per (unit, rater), ``None`` for no response."""

    __slots__ = ("indicators", "rows")

    def __init__(self, indicators: tuple[str, ...], rows: list[list[Any]]) -> None:
        self.indicators = indicators
        # Each row is [rater, unit, list of scores or None], mutated in place by the effects.
        self.rows = rows

    def targeted(self, raters: frozenset[str]) -> list[list[Any]]:
        return self.rows if not raters else [r for r in self.rows if r[0] in raters]

    def raters_in_order(self, rows: Iterable[list[Any]]) -> list[str]:
        return list(dict.fromkeys(r[0] for r in rows))


# --------------------------------------------------------------------------- effects


def _to_pairs(value: Mapping[str, float] | Iterable[tuple[str, float]]) -> tuple[tuple[str, float], ...]:
    pairs = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted(pairs))


def _check_by_rater(inst: Noise, _attr: attrs.Attribute[Any], value: tuple[tuple[Any, Any], ...]) -> None:
    for rater, sd in value:
        if not is_real(sd) or sd < 0:
            raise InvalidValue.for_field(f"by_rater[{rater!r}]", sd, "a number of at least 0")


@attrs.frozen(kw_only=True)
class Noise:
    """Independent normal error on every rating.

    Attributes:
        sd: the standard deviation of the error, in points.
        by_rater: raters whose own sd differs, rater → sd.
        raters: the raters affected; empty means every rater.

    Examples:
        >>> Noise(sd=-1)
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'sd' must be a number of at least 0 (got -1)
    """

    sd: float = attrs.field(validator=real(0))
    by_rater: tuple[tuple[str, float], ...] = attrs.field(
        default=(), converter=_to_pairs, validator=_check_by_rater
    )
    raters: frozenset[str] = attrs.field(
        default=frozenset(), converter=to_frozenset, validator=_ids("raters")
    )

    def _apply(self, sheet: _Sheet, rng: random.Random) -> None:
        own = dict(self.by_rater)
        for row in sheet.targeted(self.raters):
            scores = row[2]
            sd = own.get(row[0], self.sd)
            if scores is None or sd == 0:
                continue
            for j in range(len(scores)):
                scores[j] += rng.gauss(0.0, sd)


@attrs.frozen(kw_only=True)
class Leniency:
    """A constant shift per rater: leniency when positive, severity when negative.

    Each affected rater's shift is ``bias + spread × N(0, 1)``, drawn once and
    added to every rating they give.

    Attributes:
        bias: the mean shift, in points.
        spread: the standard deviation of the shift across raters.
        raters: the raters affected; empty means every rater.

    Examples:
        >>> Leniency(bias=-10).bias
        -10
    """

    bias: float = attrs.field(default=0.0, validator=real())
    spread: float = attrs.field(default=0.0, validator=real(0))
    raters: frozenset[str] = attrs.field(
        default=frozenset(), converter=to_frozenset, validator=_ids("raters")
    )

    def _apply(self, sheet: _Sheet, rng: random.Random) -> None:
        rows = sheet.targeted(self.raters)
        shift = {
            rater: self.bias + (rng.gauss(0.0, self.spread) if self.spread else 0.0)
            for rater in sheet.raters_in_order(rows)
        }
        for row in rows:
            if row[2] is not None:
                row[2] = [v + shift[row[0]] for v in row[2]]


@attrs.frozen(kw_only=True)
class Halo:
    """Each rating pulled toward the rater's overall impression of the unit.

    A rating *v* becomes ``(1 − weight) × v + weight × m``, with *m* the mean of
    the rater's ratings of that unit over the indicators.  Place it after
    :class:`Noise`, so that a rater's error on one indicator spills over to the
    others, as a halo does.

    Attributes:
        weight: 0 (no halo) to 1 (every indicator gets the overall impression).
        raters: the raters affected; empty means every rater.
    """

    weight: float = attrs.field(validator=real(0, 1))
    raters: frozenset[str] = attrs.field(
        default=frozenset(), converter=to_frozenset, validator=_ids("raters")
    )

    def _apply(self, sheet: _Sheet, rng: random.Random) -> None:
        w = self.weight
        for row in sheet.targeted(self.raters):
            if row[2] is not None:
                m = math.fsum(row[2]) / len(row[2])
                row[2] = [(1 - w) * v + w * m for v in row[2]]


@attrs.frozen(kw_only=True)
class CentralTendency:
    """Ratings shrunk toward the midpoint: raters who avoid the extremes.

    A rating *v* becomes ``midpoint + (1 − strength) × (v − midpoint)``.

    Attributes:
        strength: 0 (none) to 1 (everything rated *midpoint*).
        midpoint: the point shrunk toward, 50 by default.
        raters: the raters affected; empty means every rater.
    """

    strength: float = attrs.field(validator=real(0, 1))
    midpoint: float = attrs.field(default=MIDPOINT, validator=real(LOW, HIGH))
    raters: frozenset[str] = attrs.field(
        default=frozenset(), converter=to_frozenset, validator=_ids("raters")
    )

    def _apply(self, sheet: _Sheet, rng: random.Random) -> None:
        keep, mid = 1 - self.strength, self.midpoint
        for row in sheet.targeted(self.raters):
            if row[2] is not None:
                row[2] = [mid + keep * (v - mid) for v in row[2]]


@attrs.frozen(kw_only=True)
class NonResponse:
    """Ballots not returned: each (rater, unit) ballot is lost with a probability.

    Attributes:
        probability: 0 (everyone rates) to 1 (nobody does).
        raters: the raters affected; empty means every rater.
    """

    probability: float = attrs.field(validator=real(0, 1))
    raters: frozenset[str] = attrs.field(
        default=frozenset(), converter=to_frozenset, validator=_ids("raters")
    )

    def _apply(self, sheet: _Sheet, rng: random.Random) -> None:
        if self.probability == 0:
            return
        for row in sheet.targeted(self.raters):
            # Drawn for every row, answered or not, so later draws do not depend on earlier effects.
            if rng.random() < self.probability:
                row[2] = None


@attrs.frozen(kw_only=True)
class Collusion:
    """A collusion ring: raters who give chosen units *score* on every indicator.

    The ring always returns its ballots for the chosen units, even after a
    :class:`NonResponse`; a later effect (noise, say) still applies to them.

    Attributes:
        raters: the ring, at least one rater.
        units: the units the ring favours, at least one.
        score: what they give, the maximum (100) by default.
    """

    raters: frozenset[str] = attrs.field(converter=to_frozenset, validator=_ids("raters", non_empty=True))
    units: frozenset[str] = attrs.field(converter=to_frozenset, validator=_ids("units", non_empty=True))
    score: float = attrs.field(default=HIGH, validator=real(LOW, HIGH))

    def _apply(self, sheet: _Sheet, rng: random.Random) -> None:
        width = len(sheet.indicators)
        for row in sheet.targeted(self.raters):
            if row[1] in self.units:
                row[2] = [float(self.score)] * width


@attrs.frozen(kw_only=True)
class StrategicUnits:
    """Units that game the indicators: they claim easy needs and avoid hard ones.

    Their completion rises without any real gain in quality: on the gamed
    *indicators* a value *v* becomes ``v + inflation × (100 − v)``, while the
    true scores are left as they were.  Apply it to the panel that reports the
    gamed indicators (the records, for completion); on a sheet without them it
    does nothing.

    Attributes:
        units: the strategic units, at least one.
        indicators: the gamed indicators, ``{"completion"}`` by default.
        inflation: the share of the gap to 100 closed by gaming, 0 to 1.
    """

    units: frozenset[str] = attrs.field(converter=to_frozenset, validator=_ids("units", non_empty=True))
    indicators: frozenset[str] = attrs.field(
        default=frozenset({"completion"}),
        converter=to_frozenset,
        validator=_ids("indicators", non_empty=True),
    )
    inflation: float = attrs.field(default=0.5, validator=real(0, 1))

    def _apply(self, sheet: _Sheet, rng: random.Random) -> None:
        gamed = [j for j, code in enumerate(sheet.indicators) if code in self.indicators]
        if not gamed:
            return
        for row in sheet.rows:
            if row[1] in self.units and row[2] is not None:
                for j in gamed:
                    row[2][j] += self.inflation * (HIGH - row[2][j])


Effect = Noise | Leniency | Halo | CentralTendency | NonResponse | Collusion | StrategicUnits
_EFFECTS = (Noise, Leniency, Halo, CentralTendency, NonResponse, Collusion, StrategicUnits)

# Each effect's tag on the wire, under the key ``"effect"``: stable, whatever the class is called.
_EFFECT_TAGS: dict[type, str] = {
    Noise: "noise",
    Leniency: "leniency",
    Halo: "halo",
    CentralTendency: "central_tendency",
    NonResponse: "non_response",
    Collusion: "collusion",
    StrategicUnits: "strategic_units",
}
_TAG = "effect"


def _configure(converter: Any) -> None:
    # Several effects have no required field, so the union cannot be told apart
    # by shape: every effect carries its tag, {"effect": "noise", "sd": 5.0, ...}.
    from cattrs.strategies import configure_tagged_union

    plain = {cl: converter.get_structure_hook(cl) for cl in _EFFECTS}
    configure_tagged_union(Effect, converter, tag_name=_TAG, tag_generator=_EFFECT_TAGS.__getitem__)
    tagged = converter.get_structure_hook(Effect)
    allowed = ", ".join(repr(t) for t in _EFFECT_TAGS.values())

    # Without this a missing or unknown tag surfaces as a bare KeyError
    # ("required field missing"), which says neither the field nor what is allowed.
    def structure_effect(value: Any, cl: Any) -> Any:
        if not isinstance(value, dict):
            raise ValueError(f"expected an effect object with an {_TAG!r} tag (got {value!r})")
        if value.get(_TAG) not in _EFFECT_TAGS.values():
            raise ValueError(f"{_TAG!r} must be one of {allowed} (got {value.get(_TAG)!r})")
        return tagged(value, cl)

    converter.register_structure_hook(Effect, structure_effect)

    # An effect written on its own carries its tag too, and reads it back
    # (or none): the same object has one wire shape wherever it appears.
    union_unstructure = converter.get_unstructure_hook(Effect)
    for cl in _EFFECTS:
        converter.register_unstructure_hook(cl, union_unstructure)
        converter.register_structure_hook(cl, _tag_checked(_EFFECT_TAGS[cl], plain[cl]))


def _tag_checked(tag: str, inner: Any) -> Any:
    def structure(value: Any, target: Any) -> Any:
        if isinstance(value, dict) and _TAG in value:
            if value[_TAG] != tag:
                raise ValueError(f"{_TAG!r} must be {tag!r} (got {value[_TAG]!r})")
            value = {k: v for k, v in value.items() if k != _TAG}
        return inner(value, target)

    return structure


# --------------------------------------------------------------------------- ratings


@attrs.frozen(kw_only=True)
class Rating:
    """One rater's ballot for one unit.

    Attributes:
        rater: who rated.
        unit: who was rated.
        scores: one 0–100 score per indicator, in the order of
            :attr:`Ratings.indicators`; ``None`` when the ballot was not returned.
    """

    rater: str
    unit: str
    scores: tuple[float, ...] | None

    @property
    def mean(self) -> float | None:
        """The mean of the scores over the indicators, or ``None`` without a ballot."""
        return None if self.scores is None else math.fsum(self.scores) / len(self.scores)


@checked
def to_satisfaction(score: float, *, satisfied: float = 85.0, basic: float = 60.0) -> Satisfaction:
    """A 100-point score as 满意 (at least *satisfied*), 基本满意 (at least *basic*) or 不满意.

    The default cuts match :func:`servicegov.scoring.channel_agreement`'s bands.

    Raises:
        InvalidValue: when the score is not a number or the cuts are not ``basic <= satisfied``.

    Examples:
        >>> [to_satisfaction(s).zh for s in (90, 85, 84.9, 60, 59.9)]
        ['满意', '满意', '基本满意', '基本满意', '不满意']
    """
    if not is_real(satisfied) or not is_real(basic) or basic > satisfied:
        raise InvalidValue.for_field("satisfied", (satisfied, basic), "cuts with basic <= satisfied")
    if not is_real(score):
        raise InvalidValue.for_field("score", score, "a finite number")
    if score >= satisfied:
        return Satisfaction.SATISFIED
    return Satisfaction.BASICALLY_SATISFIED if score >= basic else Satisfaction.DISSATISFIED


def _check_ratings(inst: Ratings, _attr: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    units = set(inst.units)
    for i, r in enumerate(value):
        if not isinstance(r, Rating):
            raise InvalidValue.for_field(f"ratings[{i}]", r, "a Rating")
        if r.unit not in units:
            raise InvalidValue.for_field(f"ratings[{i}].unit", r.unit, "one of the rated units")
        if r.scores is not None and len(r.scores) != len(inst.indicators):
            raise InvalidValue.for_field(
                f"ratings[{i}].scores", r.scores, f"one score per indicator ({len(inst.indicators)})"
            )


@attrs.frozen(kw_only=True)
class Ratings:
    """Every ballot of one panel: the output of :meth:`RaterModel.rate`.

    Attributes:
        indicators: the indicators rated, in the order of each :attr:`Rating.scores`.
        units: the units rated, in the order given.
        ratings: the ballots, unit by unit, each unit's raters in panel order.
    """

    indicators: tuple[str, ...] = attrs.field(converter=to_tuple)
    units: tuple[str, ...] = attrs.field(converter=to_tuple)
    ratings: tuple[Rating, ...] = attrs.field(converter=to_tuple, validator=_check_ratings)

    @checked
    def of(self, unit: str) -> tuple[Rating, ...]:
        """The ballots about *unit*."""
        return tuple(r for r in self.ratings if r.unit == unit)

    @property
    def response_rate(self) -> float:
        """The share of ballots returned (``nan`` for an empty panel)."""
        if not self.ratings:
            return math.nan
        return sum(r.scores is not None for r in self.ratings) / len(self.ratings)

    @checked
    def values(
        self, *, trim: int = 1, trim_above: int = 5, missing: float | None = None
    ) -> dict[str, dict[str, float]]:
        """Each unit's value per indicator: the trimmed mean of the returned ballots.

        The trimming is :func:`servicegov.scoring.trimmed_mean`'s: drop the *trim*
        highest and lowest when more than *trim_above* ballots came back.

        Args:
            trim: how many to drop at each end.
            trim_above: trim only above this many ballots.
            missing: the value of a unit with no ballot; by default that is an error.

        Raises:
            InvalidValue: when a unit has no ballot and *missing* is ``None``, or
                the trimming counts are inconsistent.

        Examples:
            >>> ballots = [Rating(rater=f"r{i}", unit="u1", scores=(s,))
            ...            for i, s in enumerate([0, 70, 80, 90, 100, 100])]
            >>> r = Ratings(indicators=["x"], units=["u1"], ratings=ballots)
            >>> r.values(), r.values(trim=0)
            ({'u1': {'x': 85.0}}, {'u1': {'x': 73.33333333333333}})
        """
        got: dict[str, list[tuple[float, ...]]] = {u: [] for u in self.units}
        for r in self.ratings:
            if r.scores is not None:
                got[r.unit].append(r.scores)
        out: dict[str, dict[str, float]] = {}
        for unit, ballots in got.items():
            if not ballots:
                if missing is None:
                    raise InvalidValue.for_field(
                        f"ratings[{unit!r}]", 0, "at least one returned ballot (or pass 'missing')"
                    )
                out[unit] = dict.fromkeys(self.indicators, float(missing))
                continue
            out[unit] = {
                code: trimmed_mean([b[j] for b in ballots], above=trim_above, trim=trim)
                for j, code in enumerate(self.indicators)
            }
        return out

    @checked
    def reviews(
        self,
        *,
        on: dt.date,
        channel: ReviewChannel = ReviewChannel.RESIDENTS,
        satisfaction: tuple[float, float] | None = None,
    ) -> tuple[Review, ...]:
        """The returned ballots as :class:`servicegov.scoring.Review` values, one per rater and unit.

        Each review carries the ballot's mean over the indicators, as a 100-point
        score, or with *satisfaction* ``(satisfied, basic)`` cuts as a
        :class:`~servicegov.scoring.Satisfaction` (:func:`to_satisfaction`).

        Examples:
            >>> r = Ratings(indicators=["x", "y"], units=["u1"],
            ...             ratings=[Rating(rater="r1", unit="u1", scores=(80.0, 70.0)),
            ...                      Rating(rater="r2", unit="u1", scores=None)])
            >>> [(v.reviewer, v.score) for v in r.reviews(on=dt.date(2025, 12, 1))]
            [('r1', 75.0)]
            >>> r.reviews(on=dt.date(2025, 12, 1), satisfaction=(85, 60))[0].satisfaction.zh
            '基本满意'
        """
        out = []
        for r in self.ratings:
            mean = r.mean
            if mean is None:
                continue
            if satisfaction is None:
                out.append(Review(reviewer=r.rater, reviewee=r.unit, channel=channel, on=on, score=mean))
            else:
                sat = to_satisfaction(mean, satisfied=satisfaction[0], basic=satisfaction[1])
                out.append(
                    Review(reviewer=r.rater, reviewee=r.unit, channel=channel, on=on, satisfaction=sat)
                )
        return tuple(out)


@checked
def rated_values(
    *ratings: Ratings, trim: int = 1, trim_above: int = 5, missing: float | None = None
) -> dict[str, dict[str, float]]:
    """Merge the :meth:`Ratings.values` of several panels, each rating its own indicators.

    The result is the *values* argument of :func:`servicegov.assessment.assess`.

    Raises:
        InvalidValue: when two panels rate the same indicator, or as :meth:`Ratings.values`.

    Examples:
        >>> records = Ratings(indicators=["completion"], units=["u1"],
        ...                   ratings=[Rating(rater="records", unit="u1", scores=(90.0,))])
        >>> residents = Ratings(indicators=["residents"], units=["u1"],
        ...                     ratings=[Rating(rater="r1", unit="u1", scores=(70.0,))])
        >>> rated_values(records, residents)
        {'u1': {'completion': 90.0, 'residents': 70.0}}
    """
    out: dict[str, dict[str, float]] = {}
    seen: set[str] = set()
    for i, panel in enumerate(ratings):
        twice = seen & set(panel.indicators)
        if twice:
            raise InvalidValue.for_field(f"ratings[{i}].indicators", sorted(twice), "rated by one panel only")
        seen.update(panel.indicators)
        for unit, row in panel.values(trim=trim, trim_above=trim_above, missing=missing).items():
            out.setdefault(unit, {}).update(row)
    return out


# --------------------------------------------------------------------------- the model


def _check_effects(_inst: object, _attr: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    for i, effect in enumerate(value):
        if not isinstance(effect, _EFFECTS):
            names = ", ".join(c.__name__ for c in _EFFECTS)
            raise InvalidValue.for_field(f"effects[{i}]", effect, f"an effect: one of {names}")


def _panels(
    raters: Sequence[str] | Mapping[str, Sequence[str]], units: tuple[str, ...]
) -> dict[str, tuple[str, ...]]:
    if isinstance(raters, str):
        raise InvalidValue.for_field("raters", raters, "a sequence of rater ids or a mapping unit → ids")
    if isinstance(raters, Mapping):
        unknown = set(raters) - set(units)
        if unknown:
            raise InvalidValue.for_field("raters", sorted(map(str, unknown)), "panels of rated units only")
        panels = {u: tuple(raters.get(u, ())) for u in units}
    else:
        shared = tuple(raters)
        panels = dict.fromkeys(units, shared)
    for unit, panel in panels.items():
        if len(set(panel)) != len(panel):
            raise InvalidValue.for_field(f"raters[{unit!r}]", list(panel), "distinct rater ids")
        for rater in panel:
            if not _is_id(rater):
                raise InvalidValue.for_field(f"raters[{unit!r}]", rater, "a non-empty string id")
    return panels


@attrs.frozen(kw_only=True)
class RaterModel:
    """How a panel turns true scores into ratings: effects applied in order.

    Attributes:
        effects: the effects, applied first to last; none means perfect raters.

    Examples:
        >>> import random
        >>> honest = RaterModel(effects=[Noise(sd=8.0)])
        >>> ring = honest.then(Collusion(raters={"r1", "r2"}, units={"u2"}))
        >>> [type(e).__name__ for e in ring.effects]
        ['Noise', 'Collusion']
        >>> truth = {"u1": {"x": 70.0}, "u2": {"x": 50.0}}
        >>> [round(r.scores[0], 1) for r in ring.rate(truth, ["r1", "r2", "r3"], random.Random(0)).of("u2")]
        [100.0, 100.0, 49.4]
    """

    effects: tuple[Effect, ...] = attrs.field(default=(), converter=to_tuple, validator=_check_effects)

    def then(self, *effects: Effect) -> RaterModel:
        """This model with *effects* appended."""
        return attrs.evolve(self, effects=(*self.effects, *effects))

    @checked
    def rate(
        self,
        true_scores: Mapping[str, Mapping[str, float]],
        raters: Sequence[str] | Mapping[str, Sequence[str]],
        rng: random.Random,
    ) -> Ratings:
        """Rate every unit on every indicator of *true_scores*.

        Args:
            true_scores: unit → indicator → true score (0–100); every unit has
                the same indicators.
            raters: the panel, either one sequence of rater ids who all rate
                every unit, or a mapping unit → that unit's raters (a unit left
                out has no raters).
            rng: the source of every random draw.

        Returns:
            The :class:`Ratings`, every score clipped to 0–100.

        Raises:
            InvalidValue: for a unit without indicators or with other indicators
                than the first, a score that is not a finite number, a repeated
                or empty rater id, or an *rng* that is not a ``random.Random``.
        """
        if not isinstance(rng, random.Random):
            raise InvalidValue.for_field("rng", rng, "a random.Random")
        units = tuple(true_scores)
        indicators: tuple[str, ...] = tuple(true_scores[units[0]]) if units else ()
        if units and not indicators:
            raise InvalidValue.for_field(f"true_scores[{units[0]!r}]", {}, "at least one indicator")
        truth: dict[str, list[float]] = {}
        for unit in units:
            if not _is_id(unit):
                raise InvalidValue.for_field("true_scores", unit, "keys that are non-empty unit ids")
            row = true_scores[unit]
            if set(row) != set(indicators):
                raise InvalidValue.for_field(
                    f"true_scores[{unit!r}]", sorted(row), f"the indicators {sorted(indicators)}"
                )
            for code in indicators:
                if not is_real(row[code]):
                    raise InvalidValue.for_field(
                        f"true_scores[{unit!r}][{code!r}]", row[code], "a finite number"
                    )
            truth[unit] = [float(row[code]) for code in indicators]
        panels = _panels(raters, units)
        sheet = _Sheet(
            indicators, [[rater, unit, list(truth[unit])] for unit in units for rater in panels[unit]]
        )
        for effect in self.effects:
            effect._apply(sheet, rng)
        return Ratings(
            indicators=indicators,
            units=units,
            ratings=tuple(
                Rating(
                    rater=rater, unit=unit, scores=None if scores is None else tuple(_clip(v) for v in scores)
                )
                for rater, unit, scores in sheet.rows
            ),
        )


@checked
def draw_true_scores(
    units: Sequence[str],
    indicators: Sequence[str],
    rng: random.Random,
    *,
    mean: float = 70.0,
    sd: float = 10.0,
    indicator_sd: float = 5.0,
) -> dict[str, dict[str, float]]:
    """Draw true scores: a unit's general quality plus a deviation per indicator.

    A unit's quality is ``N(mean, sd)``; each indicator adds ``N(0, indicator_sd)``;
    the result is clipped to 0–100.  The indicators of one unit are correlated
    when *sd* is large next to *indicator_sd*, as real quality is.

    Raises:
        InvalidValue: for repeated ids or a negative *sd*.

    Examples:
        >>> import random
        >>> t = draw_true_scores(["u1", "u2"], ["x", "y"], random.Random(3))
        >>> {u: [round(v, 1) for v in row.values()] for u, row in t.items()}
        {'u1': [77.2, 66.3], 'u2': [78.6, 78.6]}
    """
    us, codes = tuple(units), tuple(indicators)
    if len(set(us)) != len(us):
        raise InvalidValue.for_field("units", list(us), "distinct unit ids")
    if len(set(codes)) != len(codes):
        raise InvalidValue.for_field("indicators", list(codes), "distinct indicator codes")
    for name, value in (("sd", sd), ("indicator_sd", indicator_sd)):
        if not is_real(value) or value < 0:
            raise InvalidValue.for_field(name, value, "a number of at least 0")
    if not is_real(mean):
        raise InvalidValue.for_field("mean", mean, "a finite number")
    out: dict[str, dict[str, float]] = {}
    for unit in us:
        quality = rng.gauss(mean, sd)
        out[unit] = {code: _clip(quality + rng.gauss(0.0, indicator_sd)) for code in codes}
    return out
