"""Tools for the designer of a residents' evaluation: intervals, sample sizes and mixed panels.

The seeds ask that evaluation forms be handed out increasingly at random
(提高测评表随机发放比重, "阳光测评", seed 002), so that a unit cannot fill its
own panel with friends.  Someone has to decide how many forms a village
needs, how precise a satisfaction rate from them is, and how a panel mixes
the evaluators a unit names with ones drawn at random:

* :func:`wilson_interval` and :func:`satisfaction_interval` give the Wilson
  score interval of a share (of 满意 ballots, say);
* :func:`forms_needed` gives the number of forms for a margin of error
  (Cochran's formula, with the finite-population correction);
* :func:`draw_panel` seats a panel of which a share is drawn at random from
  the whole served population, reproducibly from a published seed;
* :func:`draw_evaluators` draws evaluators from a roster of :class:`Resident`
  s, stratified by village and group, as a :class:`Draw` that anyone can
  check with :func:`verify_draw`.

Everything is pure Python (:class:`statistics.NormalDist` gives the normal
quantiles), so no numerical library is needed.

Examples:
    >>> forms_needed(0.05), forms_needed(0.05, population=1000)
    (385, 278)
    >>> low, high = wilson_interval(45, 60)
    >>> round(low, 3), round(high, 3)
    (0.628, 0.842)
    >>> p = draw_panel(["a", "b", "c"], [f"h{i}" for i in range(20)], size=4, random_share=0.5, seed=7)
    >>> p.designated, len(p.random), p.share
    (('a', 'b'), 2, 0.5)
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from statistics import NormalDist
from typing import Any

import attrs

from servicegov._arguments import checked
from servicegov._convert import to_tuple
from servicegov._numbers import is_real
from servicegov._types import Id
from servicegov._validators import count, identifier
from servicegov.errors import InvalidValue
from servicegov.scoring import Satisfaction, satisfaction_rate

__all__ = [
    "Draw",
    "Panel",
    "Resident",
    "SatisfactionInterval",
    "draw_evaluators",
    "draw_panel",
    "forms_needed",
    "satisfaction_interval",
    "verify_draw",
    "wilson_interval",
]


def __dir__() -> list[str]:
    return __all__


_OPEN_UNIT = "a number between 0 and 1, both excluded"
_SHARE = "a number from 0 to 1"


def _is_int(value: object) -> bool:
    return type(value) is int


def _check_real(field: str, value: object, allowed: str) -> None:
    if not is_real(value):
        raise InvalidValue.for_field(field, value, allowed)


def _check_open_unit(field: str, value: float, allowed: str) -> None:
    if not 0 < value < 1:
        raise InvalidValue.for_field(field, value, allowed)


def _z(confidence: float) -> float:
    """The two-sided normal quantile: ``P(|Z| <= z) = confidence``."""
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def _wilson(successes: float, n: int, z: float) -> tuple[float, float]:
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    # The interval ends at 0 (or 1) exactly when nothing (or everything) succeeded.
    low = 0.0 if successes <= 0 else max(0.0, centre - half)
    high = 1.0 if successes >= n else min(1.0, centre + half)
    return low, high


# --------------------------------------------------------------------------- intervals


@checked
def wilson_interval(successes: int, n: int, *, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval of a binomial proportion, ``successes / n``.

    With ``p = successes / n`` and *z* the two-sided normal quantile of
    *confidence*, the interval is ``(p + z²/2n ± z·sqrt(p(1−p)/n + z²/4n²)) /
    (1 + z²/n)``.  Unlike the textbook ``p ± z·sqrt(p(1−p)/n)`` it stays within
    [0, 1] and does not collapse to a point when every ballot says the same:
    it is the interval to report for a village's share of 满意 ballots.

    Args:
        successes: how many successes (满意 ballots, say), from 0 to *n*.
        n: how many trials (ballots), at least 1.
        confidence: the coverage, strictly between 0 and 1.

    Returns:
        ``(low, high)``, with ``low`` exactly 0 when *successes* is 0 and
        ``high`` exactly 1 when it is *n*.

    Raises:
        InvalidValue: when an argument is not of its type (a ``bool`` is not
            an integer; ``nan`` is not a number), *n* is below 1, *successes*
            is outside 0 to *n*, or *confidence* is outside (0, 1).

    Examples:
        >>> [round(x, 4) for x in wilson_interval(8, 10)]
        [0.4902, 0.9433]
        >>> wilson_interval(0, 5)[0], wilson_interval(5, 5)[1]
        (0.0, 1.0)
        >>> wilson_interval(3, 0)
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'n' must be an integer of at least 1 (got 0)
    """
    if not _is_int(successes):
        raise InvalidValue.for_field("successes", successes, "an integer from 0 to 'n'")
    if not _is_int(n):
        raise InvalidValue.for_field("n", n, "an integer of at least 1")
    _check_real("confidence", confidence, _OPEN_UNIT)
    if n < 1:
        raise InvalidValue.for_field("n", n, "an integer of at least 1")
    if not 0 <= successes <= n:
        raise InvalidValue.for_field("successes", successes, f"an integer from 0 to 'n' ({n})")
    _check_open_unit("confidence", confidence, _OPEN_UNIT)
    return _wilson(successes, n, _z(confidence))


def _check_interval(inst: SatisfactionInterval, _attr: attrs.Attribute[Any], value: float) -> None:
    if not inst.low <= inst.rate <= inst.high:
        raise InvalidValue.for_field("rate", inst.rate, f"from 'low' ({inst.low}) to 'high' ({inst.high})")


def _check_confidence(_inst: object, _attr: attrs.Attribute[Any], value: object) -> None:
    _check_real("confidence", value, _OPEN_UNIT)
    _check_open_unit("confidence", value, _OPEN_UNIT)  # type: ignore[arg-type]


def _share(field: str) -> Any:
    def check(_inst: object, _attr: attrs.Attribute[Any], value: object) -> None:
        if not is_real(value) or not 0 <= value <= 1:  # type: ignore[operator]
            raise InvalidValue.for_field(field, value, _SHARE)

    return check


@attrs.frozen(kw_only=True)
class SatisfactionInterval:
    """A satisfaction rate and its Wilson interval (see :func:`satisfaction_interval`).

    Attributes:
        rate: the satisfaction rate, as :func:`servicegov.scoring.satisfaction_rate` gives it.
        low: the lower end of the interval, from 0 to *rate*.
        high: the upper end, from *rate* to 1.
        n: how many ballots, at least 1.
        confidence: the interval's coverage, strictly between 0 and 1.

    Examples:
        >>> SatisfactionInterval(rate=0.8, low=0.5, high=0.95, n=10, confidence=0.95).high
        0.95
        >>> SatisfactionInterval(rate=0.4, low=0.5, high=0.95, n=10, confidence=0.95)
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'rate' must be from 'low' (0.5) to 'high' (0.95) (got 0.4)
    """

    rate: float = attrs.field(validator=_share("rate"))
    low: float = attrs.field(validator=_share("low"))
    high: float = attrs.field(validator=[_share("high"), _check_interval])
    n: int = attrs.field(validator=count(1))
    confidence: float = attrs.field(validator=_check_confidence)


@checked
def satisfaction_interval(
    ratings: Iterable[Satisfaction], *, basic_weight: float = 0.5, confidence: float = 0.95
) -> SatisfactionInterval:
    """The satisfaction rate of *ratings* with a Wilson interval around it.

    The rate is :func:`servicegov.scoring.satisfaction_rate`'s: ``(满意 +
    basic_weight × 基本满意) / n``.  The interval is :func:`wilson_interval`
    with that numerator as the number of successes.  This is an approximation:
    each 基本满意 ballot counts as a *fractional* success of *basic_weight*,
    whereas the Wilson interval assumes each ballot is a success or not.  A
    ballot worth ``w`` varies less than a coin, so the interval is, if
    anything, a little wide (conservative).  With ``basic_weight`` 0 or 1 it is
    exact: 基本满意 counts as not satisfied, or as satisfied.

    Args:
        ratings: one :class:`~servicegov.scoring.Satisfaction` per ballot, at least one.
        basic_weight: what a 基本满意 ballot counts for, from 0 to 1.
        confidence: the interval's coverage, strictly between 0 and 1.

    Raises:
        InvalidValue: when *ratings* is not an iterable of ``Satisfaction``
            (a string is not), is empty, or *basic_weight* or *confidence* is
            not a number in its range; the message names the argument (or the
            rating, as ``ratings[i]``).

    Examples:
        >>> S = Satisfaction
        >>> ballots = [S.SATISFIED] * 30 + [S.BASICALLY_SATISFIED] * 10 + [S.DISSATISFIED] * 10
        >>> r = satisfaction_interval(ballots)
        >>> r.rate, r.n, round(r.low, 3), round(r.high, 3)
        (0.7, 50, 0.562, 0.809)
        >>> satisfaction_interval("satisfied")
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidType: 'ratings' must be an iterable of Satisfaction, not a string
        (got 'satisfied')
    """
    supplied: object = ratings
    if isinstance(supplied, str | bytes) or not isinstance(supplied, Iterable):
        raise InvalidValue.for_field("ratings", ratings, "an iterable of Satisfaction, not a string")
    given = tuple(supplied)
    for i, rating in enumerate(given):
        if type(rating) is not Satisfaction:
            raise InvalidValue.for_field(f"ratings[{i}]", rating, "a Satisfaction")
    _check_real("basic_weight", basic_weight, _SHARE)
    _check_real("confidence", confidence, _OPEN_UNIT)
    if not 0 <= basic_weight <= 1:
        raise InvalidValue.for_field("basic_weight", basic_weight, _SHARE)
    _check_open_unit("confidence", confidence, _OPEN_UNIT)
    if not given:
        raise InvalidValue.for_field("ratings", [], "at least one rating")
    counts = Counter(given)
    n = len(given)
    rate = satisfaction_rate(given, basic_weight=basic_weight)
    good = min(
        float(n), counts[Satisfaction.SATISFIED] + basic_weight * counts[Satisfaction.BASICALLY_SATISFIED]
    )
    low, high = _wilson(good, n, _z(confidence))
    # Rounding must not leave the rate a hair outside its own interval.
    return SatisfactionInterval(
        rate=rate, low=min(low, rate), high=max(high, rate), n=n, confidence=confidence
    )


# --------------------------------------------------------------------------- sample size


@checked
def forms_needed(
    margin: float, *, confidence: float = 0.95, expected: float = 0.5, population: int | None = None
) -> int:
    """How many evaluation forms give a share within ±*margin* at the given confidence.

    Cochran's sample size for a proportion (Cochran, *Sampling Techniques*,
    3rd ed., 1977, §4.4): ``n₀ = z² p (1 − p) / margin²``, with *z* the
    two-sided normal quantile of *confidence* and *p* the *expected* share.
    For a village of *population* residents the finite-population correction
    gives ``n = n₀ / (1 + (n₀ − 1) / N)``.  The result is rounded up, is at
    least 1 and never more than the population.  ``expected=0.5`` (the
    default) is the safe choice: it needs the most forms whatever the true share.

    Args:
        margin: the half-width of the interval wanted, strictly between 0 and 1
            (0.05 for ±5 points).
        confidence: the coverage, strictly between 0 and 1.
        expected: the share expected, strictly between 0 and 1.
        population: how many residents the forms are drawn from, at least 1;
            ``None`` for a population much larger than the sample.

    Raises:
        InvalidValue: when an argument is not of its type (a string or a
            ``bool`` is not a number; ``nan`` and infinities are refused) or
            outside its range.

    Examples:
        >>> forms_needed(0.05), forms_needed(0.05, population=1000)
        (385, 278)
        >>> forms_needed(0.1, confidence=0.9, expected=0.8, population=50)
        24
        >>> forms_needed("0.05")
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidType: 'margin' must be a number between 0 and 1, both excluded
        (got '0.05')
    """
    _check_real("margin", margin, _OPEN_UNIT)
    _check_real("confidence", confidence, _OPEN_UNIT)
    _check_real("expected", expected, _OPEN_UNIT)
    if population is not None and not _is_int(population):
        raise InvalidValue.for_field("population", population, "None or an integer of at least 1")
    _check_open_unit("margin", margin, _OPEN_UNIT)
    _check_open_unit("confidence", confidence, _OPEN_UNIT)
    _check_open_unit("expected", expected, _OPEN_UNIT)
    if population is not None and population < 1:
        raise InvalidValue.for_field("population", population, "None or an integer of at least 1")
    z = _z(confidence)
    ratio = z / margin
    n = ratio * ratio * expected * (1 - expected)
    if not math.isfinite(n):  # a margin so fine that no finite sample reaches it
        if population is None:
            raise InvalidValue.for_field("margin", margin, "a margin a finite number of forms can reach")
        return population
    if population is not None:
        n = n / (1 + (n - 1) / population)
    needed = max(1, math.ceil(n))
    return needed if population is None else min(needed, population)


# --------------------------------------------------------------------------- mixed panels


def _check_ids(field: str, ids: tuple[object, ...]) -> None:
    for i, v in enumerate(ids):
        identifier(field=f"{field}[{i}]")(None, None, v)


def _ids(field: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise InvalidValue.for_field(field, value, "a sequence of ids, not a string")
    ids = tuple(value)
    _check_ids(field, ids)
    return ids


def _check_unique(field: str, ids: tuple[str, ...]) -> None:
    seen: set[str] = set()
    for i, v in enumerate(ids):
        if v in seen:
            raise InvalidValue.for_field(f"{field}[{i}]", v, f"unique in '{field}'")
        seen.add(v)


def _unique_ids(field: str) -> Any:
    def check(_inst: object, _attr: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
        _check_ids(field, value)
        _check_unique(field, value)

    return check


def _check_random(inst: Panel, _attr: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    both = sorted(set(value) & set(inst.designated))
    if both:
        raise InvalidValue.for_field("random", both, "ids not among the designated")
    if not inst.designated and not value:
        raise InvalidValue.for_field("random", value, "at least one evaluator, with 'designated'")


def _check_share(inst: Panel, _attr: attrs.Attribute[Any], value: object) -> None:
    drawn = len(inst.random) / (len(inst.designated) + len(inst.random))
    if not is_real(value) or abs(value - drawn) > 1e-12:  # type: ignore[operator]
        raise InvalidValue.for_field("share", value, f"the share of random seats ({drawn!r})")


@attrs.frozen(kw_only=True)
class Panel:
    """A panel of evaluators: some named by the unit, the rest drawn at random (阳光测评).

    Attributes:
        designated: the evaluators the unit named itself, in its order of preference.
        random: the evaluators drawn at random from the served population,
            in the order drawn; none of them designated.
        share: the share of the panel that was drawn at random,
            ``len(random) / size`` (the random share actually used, after rounding
            the seats).
        seed: the published seed of the draw, a non-negative integer.

    Examples:
        >>> p = Panel(designated=["a"], random=["h3", "h1"], share=2 / 3, seed=1)
        >>> p.members, p.size
        (('a', 'h3', 'h1'), 3)
        >>> Panel(designated=["a"], random=["a"], share=0.5, seed=1)
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'random' must be ids not among the designated (got ['a'])
    """

    designated: tuple[str, ...] = attrs.field(converter=to_tuple, validator=_unique_ids("designated"))
    random: tuple[str, ...] = attrs.field(
        converter=to_tuple, validator=[_unique_ids("random"), _check_random]
    )
    share: float = attrs.field(validator=_check_share)
    seed: int = attrs.field(validator=count(0))

    @property
    def members(self) -> tuple[str, ...]:
        """Everyone on the panel: the designated, then the drawn."""
        return self.designated + self.random

    @property
    def size(self) -> int:
        """How many evaluators sit on the panel."""
        return len(self.designated) + len(self.random)


def _place(seed: int, rid: str) -> str:
    text = "\x1f".join(("servicegov-panel/1", str(seed), rid))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@checked
def draw_panel(
    designated: Sequence[str], population: Sequence[str], *, size: int, random_share: float, seed: int
) -> Panel:
    """Seat a panel of *size* evaluators, ``round(random_share × size)`` of them drawn at random.

    The random seats are drawn uniformly from the *population*: every
    resident of the area the unit serves, not only the households it served,
    so that a unit cannot steer the draw by choosing whom to serve.  The
    designated evaluators already seated are left out of the draw.  Each
    resident's place in the draw is ``sha256(seed, id)``, as in
    :func:`draw_evaluators`: the draw depends only on the
    population's ids and the published seed, not on their order, anyone can
    redo it, and a larger random share keeps everyone a smaller one drew.
    The other seats go to the first of *designated*, in the unit's order.

    The number of random seats is Python's ``round``: halves go to the even
    number (``round(2.5) == 2``).

    Args:
        designated: the evaluators the unit names, in its order of preference;
            ids unique.
        population: the residents of the served area, ids unique; the
            designated may be among them or not.
        size: the panel's size, at least 1.
        random_share: the share of seats drawn at random, from 0 (a
            self-chosen panel) to 1 (a wholly random one).
        seed: the published seed, a non-negative integer.

    Raises:
        InvalidValue: when an argument is not of its type (a string is not a
            sequence of ids; a ``bool`` is not a number), an id repeats, the
            share is outside [0, 1], or *size* needs more designated
            evaluators, or more residents to draw, than there are.

    Examples:
        >>> village = [f"h{i:02d}" for i in range(30)]
        >>> p = draw_panel(["f1", "f2", "f3", "f4"], village, size=5, random_share=0.4, seed=2025)
        >>> p.designated, p.random
        (('f1', 'f2', 'f3'), ('h05', 'h13'))
        >>> draw_panel(["f1", "f2", "f3", "f4"], village[::-1], size=5, random_share=0.4, seed=2025) == p
        True
        >>> draw_panel(["f1"], village, size=5, random_share=0.4, seed=2025)
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'size' must be a size whose 3 designated seats the 1
        designated evaluator(s) can fill (got 5)
    """
    chosen = _ids("designated", designated)
    residents = _ids("population", population)
    if not _is_int(size):
        raise InvalidValue.for_field("size", size, "an integer of at least 1")
    _check_real("random_share", random_share, _SHARE)
    if not _is_int(seed):
        raise InvalidValue.for_field("seed", seed, "a non-negative integer")
    _check_unique("designated", chosen)
    _check_unique("population", residents)
    if size < 1:
        raise InvalidValue.for_field("size", size, "an integer of at least 1")
    if not 0 <= random_share <= 1:
        raise InvalidValue.for_field("random_share", random_share, _SHARE)
    if seed < 0:
        raise InvalidValue.for_field("seed", seed, "a non-negative integer")
    drawn = round(random_share * size)
    seats = size - drawn
    if seats > len(chosen):
        raise InvalidValue.for_field(
            "size",
            size,
            f"a size whose {seats} designated seats the {len(chosen)} designated evaluator(s) can fill",
        )
    seated = chosen[:seats]
    excluded = set(seated)
    pool = sorted((r for r in residents if r not in excluded), key=lambda r: (_place(seed, r), r))
    if drawn > len(pool):
        raise InvalidValue.for_field(
            "size",
            size,
            f"a size whose {drawn} random seats the {len(pool)} residents not designated can fill",
        )
    return Panel(designated=seated, random=pool[:drawn], share=drawn / size, seed=seed)


# --------------------------------------------------------------------------- stratified draws of evaluators


@attrs.frozen(kw_only=True)
class Resident:
    """A resident on the roster from which evaluators are drawn.

    Examples:
        >>> Resident(id="h1", village="420117101201", group="3").group
        '3'
    """

    id: Id = attrs.field(validator=identifier())
    village: Id = attrs.field(validator=identifier())
    group: str = ""


@attrs.frozen(kw_only=True)
class Draw:
    """A reproducible random draw of evaluators (阳光测评).

    Attributes:
        seed: the published seed.
        strata: the roster fields the draw is stratified by.
        per_stratum: how many drawn per stratum, or ``None`` when *share* is used.
        share: the share drawn per stratum (rounded up), or ``None``.
        selected: the ids drawn, sorted.
        digest: SHA-256 of the roster, the parameters and the selection, to verify.
    """

    seed: int
    strata: tuple[str, ...] = attrs.field(converter=to_tuple)
    per_stratum: int | None
    share: float | None
    selected: tuple[str, ...] = attrs.field(converter=to_tuple)
    digest: str


_STRATA = ("village", "group")


def _key(seed: int, stratum: tuple[str, ...], rid: str) -> str:
    text = "\x1f".join((str(seed), *stratum, rid))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _digest(
    roster: Sequence[Resident],
    seed: int,
    strata: tuple[str, ...],
    per: int | None,
    share: float | None,
    selected: Sequence[str],
) -> str:
    lines = sorted("\x1f".join((p.id, p.village, p.group)) for p in roster)
    head = f"servicegov-draw/1\x1e{seed}\x1e{','.join(strata)}\x1e{per}\x1e{share!r}"
    text = "\x1e".join((head, "\x1d".join(lines), "\x1d".join(selected)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@checked
def draw_evaluators(
    roster: Iterable[Resident],
    *,
    seed: int,
    per_stratum: int | None = None,
    share: float | None = None,
    strata: Sequence[str] = _STRATA,
) -> Draw:
    """Draw residents to evaluate, stratified, from a published seed.

    Each resident's place in their stratum is ``sha256(seed, stratum, id)``,
    so the draw depends only on the roster's content and the seed, not on its
    order, and anyone can re-derive it (:func:`verify_draw`).  Each stratum
    gives its first *per_stratum* residents (all, if fewer), or
    ``ceil(share × size)`` of them.

    Args:
        roster: the served population, ids unique.
        seed: the published seed, a non-negative integer.
        per_stratum: how many per stratum; give this or *share*.
        share: the share per stratum, in (0, 1].
        strata: roster fields to stratify by, from ``"village"`` and ``"group"``.

    Raises:
        InvalidValue: for duplicate ids, an unknown stratum field, or not exactly
            one of *per_stratum* and *share*.

    Examples:
        >>> roster = [Resident(id=f"h{i}", village="V1", group=str(i % 2)) for i in range(6)]
        >>> d = draw_evaluators(roster, seed=2025, per_stratum=1)
        >>> len(d.selected), verify_draw(list(reversed(roster)), 2025, d)
        (2, True)
    """
    people = tuple(roster)
    fields = tuple(strata)
    if type(seed) is not int or seed < 0:
        raise InvalidValue.for_field("seed", seed, "a non-negative integer")
    for f in fields:
        if f not in _STRATA:
            raise InvalidValue.for_field("strata", fields, "fields among 'village', 'group'")
    if (per_stratum is None) == (share is None):
        raise InvalidValue.for_field("per_stratum", per_stratum, "given when 'share' is not, and not both")
    if per_stratum is not None and (type(per_stratum) is not int or per_stratum < 1):
        raise InvalidValue.for_field("per_stratum", per_stratum, "an integer of at least 1")
    if share is not None and (not is_real(share) or not 0 < share <= 1):
        raise InvalidValue.for_field("share", share, "a number in (0, 1]")
    groups: dict[tuple[str, ...], list[Resident]] = defaultdict(list)
    ids: set[str] = set()
    for i, p in enumerate(people):
        if not isinstance(p, Resident):
            raise InvalidValue.for_field(f"roster[{i}]", p, "a Resident")
        if p.id in ids:
            raise InvalidValue.for_field(f"roster[{i}].id", p.id, "unique in the roster")
        ids.add(p.id)
        groups[tuple(getattr(p, f) for f in fields)].append(p)
    chosen: list[str] = []
    for stratum, members in groups.items():
        k = per_stratum if per_stratum is not None else math.ceil((share or 0) * len(members) - 1e-9)
        ranked = sorted(members, key=lambda p: (_key(seed, stratum, p.id), p.id))
        chosen.extend(p.id for p in ranked[:k])
    selected = tuple(sorted(chosen))
    return Draw(
        seed=seed,
        strata=fields,
        per_stratum=per_stratum,
        share=share,
        selected=selected,
        digest=_digest(people, seed, fields, per_stratum, share, selected),
    )


@checked
def verify_draw(roster: Iterable[Resident], seed: int, draw: Draw) -> bool:
    """Whether *draw* is exactly what *roster* and *seed* give.

    Examples:
        >>> roster = [Resident(id=f"h{i}", village="V1") for i in range(5)]
        >>> d = draw_evaluators(roster, seed=7, share=0.4)
        >>> verify_draw(roster, 7, d), verify_draw(roster, 8, d)
        (True, False)
    """
    again = draw_evaluators(
        roster, seed=seed, per_stratum=draw.per_stratum, share=draw.share, strata=draw.strata
    )
    return again == draw
