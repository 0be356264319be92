"""Metrics for comparing rankings: Kendall's τ-b, top-k overlap, grade flips and rank intervals,
and summaries of a metric over replications in which it is sometimes undefined.

Scores are "higher is better" throughout.  The functions take either two
sequences in the same unit order or two mappings keyed by unit (with the same
keys); they are pure Python, so they run wherever servicegov runs.

Examples:
    >>> truth = {"a": 90.0, "b": 80.0, "c": 70.0, "d": 60.0}
    >>> seen = {"a": 85.0, "b": 88.0, "c": 70.0, "d": 50.0}
    >>> round(kendall_tau(truth, seen), 4), top_k_overlap(truth, seen, 2)
    (0.6667, 1.0)
    >>> grade_flip_rate({"a": "A", "b": "B"}, {"a": "A", "b": "A"})
    0.5
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from numbers import Real
from typing import Any

import attrs

from servicegov._arguments import FloatOrNaN, checked
from servicegov._convert import to_tuple
from servicegov._numbers import is_real
from servicegov.errors import InvalidValue
from servicegov.simulation._montecarlo import Summary, _percentile, summarise

__all__ = [
    "RankInterval",
    "grade_flip_rate",
    "kendall_tau",
    "rank_intervals",
    "summarise_defined",
    "top_k_overlap",
]


def __dir__() -> list[str]:
    return __all__


def _aligned(a: Any, b: Any, field: str = "b") -> tuple[list[Any], list[Any], list[Any]]:
    """The values of *a* and *b* in one unit order, and the units (keys or indices)."""
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        if set(a) != set(b):
            raise InvalidValue.for_field(field, sorted(map(str, b)), f"the same units as 'a' ({len(a)})")
        keys = list(a)
        return keys, [a[k] for k in keys], [b[k] for k in keys]
    if isinstance(a, Mapping) or isinstance(b, Mapping):
        raise InvalidValue.for_field(
            field, type(b).__name__, "the same kind as 'a': two mappings or two sequences"
        )
    xs, ys = list(a), list(b)
    if len(xs) != len(ys):
        raise InvalidValue.for_field(field, len(ys), f"as long as 'a' ({len(xs)})")
    return list(range(len(xs))), xs, ys


def _reals(values: Sequence[object], field: str) -> list[float]:
    out: list[float] = []
    for i, v in enumerate(values):
        if not is_real(v):
            raise InvalidValue.for_field(f"{field}[{i}]", v, "a finite real number")
        out.append(float(v))  # type: ignore[arg-type]
    return out


def _tied_pairs(ordered: Sequence[Any]) -> int:
    """Pairs of equal neighbours' runs in an already sorted sequence: Σ t(t−1)/2."""
    pairs = 0
    run = 1
    for i in range(1, len(ordered)):
        if ordered[i] == ordered[i - 1]:
            run += 1
        else:
            pairs += run * (run - 1) // 2
            run = 1
    return pairs + run * (run - 1) // 2


def _sort_counting_swaps(ys: list[float]) -> tuple[list[float], int]:
    """Merge sort *ys*, counting pairs i < j with ys[i] > ys[j] (equal values are not swaps)."""
    n = len(ys)
    if n < 2:
        return ys, 0
    left, swaps_left = _sort_counting_swaps(ys[: n // 2])
    right, swaps_right = _sort_counting_swaps(ys[n // 2 :])
    merged: list[float] = []
    swaps = swaps_left + swaps_right
    i = j = 0
    while i < len(left) and j < len(right):
        if right[j] < left[i]:
            merged.append(right[j])
            swaps += len(left) - i
            j += 1
        else:
            merged.append(left[i])
            i += 1
    merged.extend(left[i:])
    merged.extend(right[j:])
    return merged, swaps


@checked
def kendall_tau(a: Sequence[float] | Mapping[Any, float], b: Sequence[float] | Mapping[Any, float]) -> float:
    """Kendall's τ-b between two scorings of the same units, ties allowed.

    ``τ_b = (C − D) / sqrt((P − X)(P − Y))`` with *C* and *D* the concordant
    and discordant pairs, *P* = n(n−1)/2 and *X*, *Y* the pairs tied in *a*
    and in *b*: the statistic of ``scipy.stats.kendalltau`` (variant ``"b"``),
    computed with Knight's O(n log n) algorithm.  Ranks and scores give the
    same τ as long as both are in the same direction.

    Args:
        a: scores (or ranks) of the units, a sequence or a mapping unit → score.
        b: the other scores, the same kind as *a*, for the same units.

    Returns:
        τ-b in [−1, 1]; ``nan`` when fewer than two units or when either side
        gives every unit the same score (τ is undefined then, as in SciPy).

    Raises:
        InvalidValue: when the lengths or keys differ or a score is not a finite number.

    Examples:
        >>> kendall_tau([1, 2, 3, 4], [1, 2, 3, 4]), kendall_tau([1, 2, 3], [3, 2, 1])
        (1.0, -1.0)
        >>> round(kendall_tau([1, 2, 2, 3], [1, 3, 2, 2]), 6)
        0.4
        >>> kendall_tau([1, 1, 1], [1, 2, 3])
        nan
    """
    _, raw_x, raw_y = _aligned(a, b)
    xs, ys = _reals(raw_x, "a"), _reals(raw_y, "b")
    n = len(xs)
    total = n * (n - 1) // 2
    pairs = sorted(zip(xs, ys, strict=True))
    x_ties = _tied_pairs([x for x, _ in pairs])
    joint_ties = _tied_pairs(pairs)
    ordered_y, discordant = _sort_counting_swaps([y for _, y in pairs])
    y_ties = _tied_pairs(ordered_y)
    if total == 0 or x_ties == total or y_ties == total:
        return math.nan
    concordant_minus_discordant = total - x_ties - y_ties + joint_ties - 2 * discordant
    # The product is an exact integer, so identical rankings give exactly 1.0.
    tau = concordant_minus_discordant / math.sqrt((total - x_ties) * (total - y_ties))
    return min(1.0, max(-1.0, tau))


def _top(keys: Sequence[Any], scores: Sequence[float], k: int) -> set[Any]:
    order = sorted(range(len(keys)), key=lambda i: (-scores[i], str(keys[i])))
    return {keys[i] for i in order[:k]}


@checked
def top_k_overlap(
    a: Sequence[float] | Mapping[Any, float], b: Sequence[float] | Mapping[Any, float], k: int
) -> float:
    """The share of *a*'s top *k* units that are also in *b*'s top *k*.

    The top *k* are the *k* highest scores; ties at the cut are broken by the
    unit's key (or index) as text, so the answer is always a multiple of 1/k.

    Raises:
        InvalidValue: when *k* is not an integer from 1 to the number of units,
            or the scorings do not match.

    Examples:
        >>> top_k_overlap([9, 8, 7, 1], [9, 1, 8, 7], 2)
        0.5
        >>> top_k_overlap({"x": 1.0, "y": 2.0}, {"x": 2.0, "y": 1.0}, 2)
        1.0
    """
    keys, raw_x, raw_y = _aligned(a, b)
    xs, ys = _reals(raw_x, "a"), _reals(raw_y, "b")
    if type(k) is not int or not 1 <= k <= len(keys):
        raise InvalidValue.for_field("k", k, f"an integer from 1 to the number of units ({len(keys)})")
    return len(_top(keys, xs, k) & _top(keys, ys, k)) / k


@checked
def grade_flip_rate(
    a: Sequence[Hashable] | Mapping[Any, Hashable], b: Sequence[Hashable] | Mapping[Any, Hashable]
) -> float:
    """The share of units whose grade in *b* differs from their grade in *a*.

    Raises:
        InvalidValue: when there are no units or the gradings do not match.

    Examples:
        >>> grade_flip_rate(["优秀", "称职", "称职"], ["优秀", "优秀", "称职"])
        0.3333333333333333
    """
    _, xs, ys = _aligned(a, b)
    if not xs:
        raise InvalidValue.for_field("a", [], "at least one unit")
    flips: int = sum(x != y for x, y in zip(xs, ys, strict=True))
    return flips / len(xs)


@attrs.frozen(kw_only=True)
class RankInterval:
    """The spread of one unit's rank over replications.

    Attributes:
        unit: the unit's name (or its index, as text, when none was given).
        low: the lower percentile of its rank (2.5th by default).
        median: the median rank.
        high: the upper percentile (97.5th by default).
        mean: the mean rank.
    """

    unit: str
    low: float
    median: float
    high: float
    mean: float


@checked
def rank_intervals(
    runs: Sequence[Sequence[float]],
    *,
    units: Sequence[str] | None = None,
    low: float = 2.5,
    high: float = 97.5,
) -> tuple[RankInterval, ...]:
    """Per-unit rank percentiles over replications, linear interpolation (NumPy's default).

    Args:
        runs: one rank vector per replication, all in the same unit order.
        units: the units' names in that order; by default their indices.
        low: the lower percentile, from 0 to *high*.
        high: the upper percentile, from *low* to 100.

    Returns:
        One :class:`RankInterval` per unit, in the runs' unit order.

    Raises:
        InvalidValue: when there are no runs, the runs differ in length, a
            rank is not a finite number, or *units* or the percentiles do not fit.

    Examples:
        >>> runs = [(1, 2, 3), (2, 1, 3), (1, 2, 3), (1, 3, 2)]
        >>> [(r.unit, r.low, r.median, r.high) for r in rank_intervals(runs, units=["a", "b", "c"])]
        [('a', 1.0, 1.0, 1.9249999999999998), ('b', 1.075, 2.0, 2.925), ('c', 2.075, 3.0, 3.0)]
    """
    rows = [to_tuple(r) for r in runs]
    if not rows:
        raise InvalidValue.for_field("runs", [], "at least one rank vector")
    width = len(rows[0])
    for i, row in enumerate(rows):
        if len(row) != width:
            raise InvalidValue.for_field(f"runs[{i}]", len(row), f"{width} ranks, as runs[0]")
    names = [str(i) for i in range(width)] if units is None else [str(u) for u in units]
    if len(names) != width:
        raise InvalidValue.for_field("units", len(names), f"one name per rank ({width})")
    ok = all(isinstance(p, Real) and not isinstance(p, bool) for p in (low, high))
    if not ok or not 0 <= low <= high <= 100:
        raise InvalidValue.for_field("low", (low, high), "percentiles with 0 <= low <= high <= 100")
    out = []
    for i, row in enumerate(rows):
        for j, rank in enumerate(row):
            if not is_real(rank):
                raise InvalidValue.for_field(f"runs[{i}][{j}]", rank, "a finite real number")
    for j, name in enumerate(names):
        column = sorted(float(row[j]) for row in rows)
        out.append(
            RankInterval(
                unit=name,
                low=_percentile(column, low),
                median=_percentile(column, 50),
                high=_percentile(column, high),
                mean=math.fsum(column) / len(column),
            )
        )
    return tuple(out)


@checked
def summarise_defined(values: Iterable[FloatOrNaN]) -> Summary | None:
    """Summarise the values that are defined: ``nan`` is left out, as an undefined τ is.

    Kendall's τ is undefined (``nan``) in a replication whose assessed ranking
    ties every unit, and :func:`summarise` refuses ``nan``; this summarises the
    replications where a metric is defined, and says how many they are
    (``Summary.n``).

    Args:
        values: finite real numbers or ``nan``.

    Returns:
        The :class:`Summary` of the values that are not ``nan``, or ``None``
        when there is none.

    Raises:
        InvalidValue: when a value is neither a finite real number nor ``nan``
            (the message names its index among all the values).

    Examples:
        >>> s = summarise_defined([0.8, float("nan"), 0.6, 0.7])
        >>> s.n, round(s.mean, 3), s.p50
        (3, 0.7, 0.7)
        >>> print(summarise_defined([float("nan"), float("nan")]))
        None
        >>> summarise_defined([0.5, float("inf")])
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'values[1]' must be a finite real number or nan (got inf)
    """
    given: Iterable[object] = values  # checked one by one: callers pass what they have
    defined: list[float] = []
    for i, value in enumerate(given):
        if isinstance(value, float) and math.isnan(value):
            continue
        if not is_real(value):
            raise InvalidValue.for_field(f"values[{i}]", value, "a finite real number or nan")
        defined.append(float(value))  # type: ignore[arg-type]
    return summarise(defined) if defined else None
