"""Agreement between raters: percent agreement, Cohen's kappa, Krippendorff's alpha.

When two reviews score the same commitment (一定双评), or several assessors grade
the same units, these numbers say how far the ratings can be trusted: 1 is
perfect agreement, 0 is what chance alone would give, below 0 is systematic
disagreement.

* :func:`percent_agreement`: the share of units on which two raters agree.
* :func:`cohen_kappa`: two raters, every unit rated by both, chance-corrected;
  weighted variants for ordered categories.
* :func:`krippendorff_alpha`: any number of raters, missing ratings allowed,
  nominal, ordinal, interval or ratio data.

Everything is pure Python and needs no numpy.

Examples:
    >>> from servicegov.agreement import cohen_kappa, krippendorff_alpha
    >>> round(cohen_kappa(["yes", "yes", "no", "no"], ["yes", "no", "no", "no"]), 4)
    0.5
    >>> krippendorff_alpha([[1, 2, 3, None], [1, 2, 3, 3]])
    1.0
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Sequence
from typing import Literal

from servicegov._arguments import checked
from servicegov._numbers import is_real
from servicegov.errors import InvalidValue

__all__ = [
    "cohen_kappa",
    "krippendorff_alpha",
    "percent_agreement",
]


def __dir__() -> list[str]:
    return __all__


KappaWeights = Literal["linear", "quadratic"]
Level = Literal["nominal", "ordinal", "interval", "ratio"]

_LEVELS = ("nominal", "ordinal", "interval", "ratio")


def _ratings(a: Sequence[Hashable], b: Sequence[Hashable]) -> tuple[list[Hashable], list[Hashable]]:
    first, second = list(a), list(b)
    if not first:
        raise InvalidValue.for_field("a", first, "a non-empty sequence of ratings")
    if len(second) != len(first):
        raise InvalidValue.for_field("b", len(second), f"as long as 'a' ({len(first)} ratings)")
    for name, ratings in (("a", first), ("b", second)):
        for i, x in enumerate(ratings):
            if x is None:
                raise InvalidValue.for_field(
                    f"{name}[{i}]", x, "a rating (every unit needs both ratings here)"
                )
    return first, second


@checked
def percent_agreement(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Return the share of units that two raters put in the same category.

    Args:
        a: the first rater's ratings, one per unit.
        b: the second rater's ratings, for the same units in the same order.

    Returns:
        The number of units with ``a[i] == b[i]``, divided by the number of units.

    Raises:
        InvalidValue: if *a* is empty, *b* differs from it in length, or a
            rating is ``None``.

    Examples:
        >>> percent_agreement([1, 2, 3, 4], [1, 2, 3, 5])
        0.75
    """
    first, second = _ratings(a, b)
    agree = sum(1 for x, y in zip(first, second, strict=True) if x == y)
    return agree / len(first)


def _kappa_order(
    first: list[Hashable],
    second: list[Hashable],
    labels: Sequence[Hashable] | None,
    weighted: bool,
) -> dict[Hashable, int]:
    if labels is None:
        seen = list(dict.fromkeys(first + second))
        try:
            seen = sorted(seen)  # type: ignore[type-var]
        except TypeError:
            if weighted:
                raise InvalidValue.for_field(
                    "labels", None, "given to order ratings that cannot be sorted"
                ) from None
        return {x: i for i, x in enumerate(seen)}
    index: dict[Hashable, int] = {}
    for i, label in enumerate(labels):
        if label in index:
            raise InvalidValue.for_field(f"labels[{i}]", label, "unique")
        index[label] = i
    for name, ratings in (("a", first), ("b", second)):
        for i, x in enumerate(ratings):
            if x not in index:
                raise InvalidValue.for_field(f"{name}[{i}]", x, "one of the labels")
    return index


@checked
def cohen_kappa(
    a: Sequence[Hashable],
    b: Sequence[Hashable],
    weights: KappaWeights | None = None,
    *,
    labels: Sequence[Hashable] | None = None,
) -> float:
    """Return Cohen's kappa for two raters, optionally weighted.

    With ``O`` the observed confusion counts, ``E`` the counts expected by
    chance from each rater's margins, and ``w_ij`` the disagreement weight of
    categories *i* and *j*, ``κ = 1 - Σ w_ij O_ij / Σ w_ij E_ij``.  Unweighted,
    ``w_ij`` is 1 off the diagonal; ``"linear"`` uses ``|i - j|`` and
    ``"quadratic"`` ``(i - j)²``, where *i* and *j* are positions in the order of
    *labels* (default: the ratings sorted).  The arithmetic is done on integer
    counts, so there is a single rounding at the end.

    When chance disagreement is 0, that is both raters used one and the same
    category for every unit, kappa is 0/0; this function returns 1.0, as the
    raters agree perfectly.  Everywhere else the result matches
    ``sklearn.metrics.cohen_kappa_score`` (which returns ``nan`` in that case).

    Args:
        a: the first rater's ratings (hashable, not ``None``), one per unit.
        b: the second rater's ratings, for the same units.
        weights: ``None``, ``"linear"`` or ``"quadratic"``.
        labels: the categories in order; every rating must be one of them.
            Needed for weighted kappa on ratings that cannot be sorted, and to
            order ratings whose sorted order is not their meaning.

    Returns:
        Kappa, at most 1.

    Raises:
        InvalidValue: if *a* is empty, *b* differs from it in length, a rating
            is ``None`` or (with *labels*) not a label, *labels* repeats itself,
            *weights* is unknown, or weighted ratings cannot be sorted.

    Examples:
        >>> a = [1, 2, 3, 3, 2, 1]
        >>> b = [1, 2, 3, 2, 2, 2]
        >>> round(cohen_kappa(a, b), 4)
        0.5
        >>> round(cohen_kappa(a, b, "linear"), 4)
        0.5714
        >>> round(cohen_kappa(a, b, "quadratic"), 4)
        0.6667
        >>> cohen_kappa(["x", "x"], ["x", "x"])
        1.0
    """
    if weights not in (None, "linear", "quadratic"):
        raise InvalidValue.for_field("weights", weights, "one of None, 'linear', 'quadratic'")
    first, second = _ratings(a, b)
    index = _kappa_order(first, second, labels, weights is not None)

    def w(x: Hashable, y: Hashable) -> int:
        d = abs(index[x] - index[y])
        if weights is None:
            return 1 if d else 0
        return d if weights == "linear" else d * d

    n = len(first)
    observed = sum(c * w(x, y) for (x, y), c in Counter(zip(first, second, strict=True)).items())
    row, col = Counter(first), Counter(second)
    # Σ w·E times n: an integer, so the ratio below is rounded once.
    expected = sum(rx * cy * w(x, y) for x, rx in row.items() for y, cy in col.items())
    if expected == 0:
        return 1.0
    return 1.0 - observed * n / expected


# --------------------------------------------------------------------------- alpha


def _missing(v: object) -> bool:
    # v != v is the NaN test that works for float, numpy floats and Decimal.
    return v is None or v != v


def _first(data: Sequence[Sequence[Hashable]], bad: set[Hashable]) -> tuple[str, Hashable]:
    """Return the position and value of the first rating, row by row, that is in *bad*."""
    for i, row in enumerate(data):
        for j, v in enumerate(row):
            if not _missing(v) and v in bad:
                return f"data[{i}][{j}]", v
    raise AssertionError("unreachable: every value checked comes from data")  # pragma: no cover


def _fault(v: Hashable, level: str) -> str | None:
    """Say what *v* must be at *level*, or None if it is fine."""
    if level == "nominal" or (level == "ordinal" and is_real(v)):
        return None
    if level == "ordinal":
        return "a number, or listed in 'values' to give the order"
    if not is_real(v):
        return f"a finite number at the {level} level"
    if level == "ratio" and v < 0:  # type: ignore[operator]
        return "non-negative at the ratio level"
    return None


def _check_values(
    data: Sequence[Sequence[Hashable]],
    seen: set[Hashable],
    level: str,
    values: Sequence[Hashable] | None,
) -> list[Hashable]:
    """Validate the non-missing ratings for *level*; return the value domain in order.

    Errors name the first offending rating row by row, so they do not depend
    on set order.
    """
    if values is not None:
        domain = list(dict.fromkeys(values))
        outside = seen.difference(domain)
        if outside:
            field, v = _first(data, outside)
            raise InvalidValue.for_field(field, v, "one of the given values")
        if level in ("interval", "ratio"):
            for k, v in enumerate(values):
                why = _fault(v, level)
                if why is not None:
                    raise InvalidValue.for_field(f"values[{k}]", v, why)
        # The given order is the order, whatever the values are.
        return domain
    bad = {v for v in seen if _fault(v, level) is not None}
    if bad:
        field, v = _first(data, bad)
        raise InvalidValue.for_field(field, v, str(_fault(v, level)))
    if level == "nominal":
        return list(seen)
    return sorted(seen)  # type: ignore[type-var]


def _distance(
    level: str, domain: list[Hashable], n_c: dict[Hashable, int]
) -> Callable[[Hashable, Hashable], float]:
    """Return the squared difference function δ² of the level."""
    if level == "nominal":
        return lambda c, k: 0.0 if c == k else 1.0
    if level == "interval":
        return lambda c, k: (c - k) ** 2  # type: ignore[operator]
    if level == "ratio":

        def ratio(c: Hashable, k: Hashable) -> float:
            total = c + k  # type: ignore[operator]
            return 0.0 if total == 0 else ((c - k) / total) ** 2  # type: ignore[operator]

        return ratio
    # Ordinal: the ranks between c and k, counting c and k as half each.
    rank: dict[Hashable, int] = {}
    cumulative: list[int] = [0]
    for i, v in enumerate(domain):
        rank[v] = i
        cumulative.append(cumulative[-1] + n_c.get(v, 0))

    def ordinal(c: Hashable, k: Hashable) -> float:
        i, j = sorted((rank[c], rank[k]))
        between = cumulative[j + 1] - cumulative[i] - (n_c[c] + n_c[k]) / 2
        return between * between

    return ordinal


@checked
def krippendorff_alpha(
    data: Sequence[Sequence[Hashable | None]],
    level: Level = "nominal",
    *,
    values: Sequence[Hashable] | None = None,
) -> float:
    """Return Krippendorff's alpha for rows of raters by columns of units.

    Follows Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability":
    a unit rated by fewer than two raters is dropped; each remaining unit *u*
    with *m_u* ratings adds ``n_uc · n_uk / (m_u - 1)`` to the coincidence of
    values *c* and *k*; with ``n_c`` the number of pairable ratings of value *c*
    and ``n`` their total, ``α = 1 - (n - 1) Σ o_ck δ²_ck / Σ n_c n_k δ²_ck``.
    The difference δ² is:

    * nominal: 0 when ``c == k``, else 1;
    * ordinal: ``(Σ_{g=c..k} n_g - (n_c + n_k) / 2)²``, over values in order;
    * interval: ``(c - k)²``;
    * ratio: ``((c - k) / (c + k))²``.

    The result matches the ``krippendorff`` package's ``alpha`` (missing
    ratings as ``nan``) and the published example: nominal 0.743, ordinal
    0.815, interval 0.849, ratio 0.797.  Identical units are grouped before
    counting, so rating scales with few values run fast at any size.

    When all the pairable ratings have one and the same value, alpha is 0/0:
    such data show no variation against which to judge agreement, so this
    raises rather than guess.

    Args:
        data: one row per rater, one column per unit; ``None`` (or a float
            NaN) marks a missing rating.
        level: ``"nominal"``, ``"ordinal"``, ``"interval"`` or ``"ratio"``.
        values: optionally, every value a rating may take, in order.  Needed
            for ordinal ratings that are not numbers (``["low", "mid",
            "high"]``); any other rating then raises.

    Returns:
        Alpha, at most 1.

    Raises:
        InvalidValue: if the level is unknown, rows differ in length
            (``'data[i]'``), no unit has two ratings, all pairable ratings are
            equal, or a rating does not suit the level (``'data[i][j]'``): not a
            finite number (interval, ratio, or ordinal without *values*),
            negative (ratio), or not among *values*.

    Examples:
        >>> data = [
        ...     [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        ...     [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        ...     [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        ...     [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
        ... ]
        >>> [round(krippendorff_alpha(data, level), 3)
        ...  for level in ("nominal", "ordinal", "interval", "ratio")]
        [0.743, 0.815, 0.849, 0.797]
    """
    if level not in _LEVELS:
        names = ", ".join(repr(x) for x in _LEVELS)
        raise InvalidValue.for_field("level", level, f"one of {names}")
    rows = list(data)
    width = len(rows[0]) if rows else 0
    for i, row in enumerate(rows):
        if len(row) != width:
            raise InvalidValue.for_field(f"data[{i}]", len(row), f"a row of {width} entries, like data[0]")

    # Units with the same ratings contribute the same, so count each pattern once.
    patterns = Counter(zip(*rows, strict=True))
    seen: set[Hashable] = set()
    # pairs[m][(c, k)]: Σ over units with m ratings of n_uc·n_uk, for c != k.
    pairs: dict[int, defaultdict[tuple[Hashable, Hashable], int]] = {}
    n_c: defaultdict[Hashable, int] = defaultdict(int)
    for pattern, count in patterns.items():
        # Inlined _missing: this loop runs once per distinct unit.
        rated = [v for v in pattern if v is not None and v == v]
        seen.update(rated)
        m = len(rated)
        if m < 2:
            continue
        bucket = pairs.setdefault(m, defaultdict(int))
        if m == 2:
            # The common case of two raters, without building a Counter.
            c, k = rated
            n_c[c] += count
            n_c[k] += count
            if c != k:
                bucket[c, k] += count
                bucket[k, c] += count
            continue
        per_value = Counter(rated)
        for c, nc in per_value.items():
            n_c[c] += count * nc
            for k, nk in per_value.items():
                if c != k:
                    bucket[c, k] += count * nc * nk

    domain = _check_values(rows, seen, level, values)
    if not n_c:
        raise InvalidValue.for_field(
            "data",
            f"{len(rows)} rater(s) x {width} unit(s)",
            "data with at least one unit rated twice",
        )
    if len(n_c) < 2:
        raise InvalidValue.for_field(
            "data",
            f"only the value {next(iter(n_c))!r}",
            "data whose pairable ratings take two or more values",
        )
    delta = _distance(level, domain, n_c)
    n = sum(n_c.values())
    disagreement = math.fsum(
        num * delta(c, k) / (m - 1) for m, bucket in pairs.items() for (c, k), num in bucket.items()
    )
    chance = _chance(level, n_c, n, delta)
    # chance counts each unordered pair once; disagreement counts both orders.
    return 1.0 - (n - 1) * disagreement / (2 * chance)


def _chance(
    level: str,
    n_c: dict[Hashable, int],
    n: int,
    delta: Callable[[Hashable, Hashable], float],
) -> float:
    """Return Σ n_c·n_k·δ²_ck over unordered pairs of distinct values."""
    if level == "nominal":
        return (n * n - sum(x * x for x in n_c.values())) / 2
    if level == "interval":
        # Σ_{c<k} n_c n_k (c - k)² = n Σ_c n_c (c - mean)², in O(V) and without
        # the cancellation of the raw-moment form.
        mean = math.fsum(c * nc for c, nc in n_c.items()) / n  # type: ignore[operator]
        return n * math.fsum(nc * (c - mean) ** 2 for c, nc in n_c.items())  # type: ignore[operator]
    counts = list(n_c.items())
    return math.fsum(nc * nk * delta(c, k) for i, (c, nc) in enumerate(counts) for k, nk in counts[:i])
