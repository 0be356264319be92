"""Criteria weights: fixed, AHP, entropy weight, CRITIC, and their combination.

Subjective weights come from people, either stated outright (:func:`fixed`) or
derived from pairwise judgements by the analytic hierarchy process
(:func:`ahp`, with :func:`pairwise_matrix` to build the judgement matrix).
Objective weights come from the data itself: :func:`entropy` favours criteria
whose values are spread unevenly, :func:`critic` favours criteria that vary
a lot and disagree with the others.  :func:`combine` blends a subjective and an
objective weight vector, and :func:`normalise` brings a decision matrix onto a
common scale before scoring.

A decision matrix is a sequence of rows: one row per alternative (a unit, a
village, a member), one column per criterion.  Every function returns plain
tuples of floats, and none of them needs numpy.

Examples:
    >>> from servicegov.weighting import ahp, critic, entropy
    >>> result = ahp([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])
    >>> [round(w, 4) for w in result.weights]
    [0.637, 0.2583, 0.1047]
    >>> result.is_consistent
    True
    >>> m = [[7, 9, 9, 8], [8, 7, 8, 7], [9, 6, 8, 9], [6, 7, 8, 6]]
    >>> [round(w, 4) for w in entropy(m)]
    [0.322, 0.3171, 0.0389, 0.322]
    >>> [round(w, 4) for w in critic(m)]
    [0.2958, 0.2609, 0.2398, 0.2035]
"""

from __future__ import annotations

import bisect
import math
import sys
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Literal

import attrs

from servicegov._arguments import checked
from servicegov._numbers import is_real
from servicegov.errors import InvalidValue

__all__ = [
    "CONSISTENCY_THRESHOLD",
    "RANDOM_INDEX_TABLES",
    "AHPResult",
    "ahp",
    "combine",
    "critic",
    "entropy",
    "fixed",
    "normalise",
    "pairwise_matrix",
    "random_consistency_index",
]


def __dir__() -> list[str]:
    return __all__


Matrix = Sequence[Sequence[float]]
RandomIndexTable = Literal["saaty1980", "saaty2005", "donegan-dodd"]
NormalisationMethod = Literal["minmax", "sum", "zscore", "vector"]
CombinationMethod = Literal["linear", "multiplicative"]

#: A pairwise comparison matrix is accepted as consistent when its consistency
#: ratio is below this value (Saaty's 10% rule).
CONSISTENCY_THRESHOLD = 0.1

#: How far ``a_ij * a_ji`` may stray from 1 before a matrix counts as not reciprocal.
_RECIPROCAL_TOLERANCE = 1e-9

# Power iteration stops once no weight moves by more than this between two
# steps; the dominant eigenvalue of a positive matrix is simple and strictly
# largest in modulus (Perron), so the iteration always gets there.
_EIGEN_TOLERANCE = 1e-15
_EIGEN_MAX_STEPS = 100_000

# Saaty, T. L. (1980). The Analytic Hierarchy Process. McGraw-Hill: the table
# most Chinese studies quote.
_SAATY_1980 = (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)
# Saaty, T. L. (2005). Theory and Applications of the Analytic Network
# Process. RWS Publications, p. 31 (the page AHPy cites for the same values).
_SAATY_2005 = (
    0.0, 0.0, 0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59,
)  # fmt: skip
# Donegan, H. A. and Dodd, F. J. (1991). "A note on Saaty's random indexes",
# Mathematical and Computer Modelling 15(10), 135-137,
# doi:10.1016/0895-7177(91)90098-R.  Orders 1-20, then every fifth or tenth
# order up to 100; the dip at n = 90 is in the published table.
_DONEGAN_DODD = {
    1: 0.0, 2: 0.0, 3: 0.4914, 4: 0.8286, 5: 1.0591, 6: 1.1797, 7: 1.2519, 8: 1.3171,
    9: 1.3733, 10: 1.4055, 11: 1.4213, 12: 1.4497, 13: 1.4643, 14: 1.4822, 15: 1.4969,
    16: 1.5078, 17: 1.5153, 18: 1.5262, 19: 1.5313, 20: 1.5371, 25: 1.5619, 30: 1.5772,
    40: 1.5976, 50: 1.6102, 60: 1.6178, 70: 1.6237, 80: 1.6277, 90: 1.6213, 100: 1.6339,
}  # fmt: skip

#: The published random consistency indices, by table name, keyed by matrix order.
RANDOM_INDEX_TABLES: Mapping[str, Mapping[int, float]] = MappingProxyType(
    {
        "donegan-dodd": MappingProxyType(_DONEGAN_DODD),
        "saaty1980": MappingProxyType(dict(enumerate(_SAATY_1980, start=1))),
        "saaty2005": MappingProxyType(dict(enumerate(_SAATY_2005, start=1))),
    }
)


# --------------------------------------------------------------------------- helpers


def _finite(x: object, field: str, allowed: str) -> float:
    if not is_real(x):
        raise InvalidValue.for_field(field, x, allowed)
    return float(x)  # type: ignore[arg-type]


def _rows(matrix: Matrix, *, min_rows: int, field: str = "matrix") -> list[list[float]]:
    """Check *matrix* is rectangular, with at least *min_rows* rows of finite reals."""
    rows = list(matrix)
    if len(rows) < min_rows:
        plural = "row" if min_rows == 1 else "rows"
        raise InvalidValue.for_field(field, len(rows), f"a matrix with at least {min_rows} {plural}")
    width = len(rows[0])
    if width == 0:
        raise InvalidValue.for_field(f"{field}[0]", 0, "a non-empty row")
    out: list[list[float]] = []
    for i, row in enumerate(rows):
        if len(row) != width:
            raise InvalidValue.for_field(
                f"{field}[{i}]", len(row), f"a row of {width} entries, like {field}[0]"
            )
        out.append([_finite(x, f"{field}[{i}][{j}]", "a finite number") for j, x in enumerate(row)])
    return out


def _columns(rows: list[list[float]]) -> list[list[float]]:
    return [list(col) for col in zip(*rows, strict=True)]


def _is_index(x: object, stop: int) -> bool:
    return isinstance(x, int) and not isinstance(x, bool) and 0 <= x < stop


def _cost_set(cost: Collection[int], width: int) -> frozenset[int]:
    for i, j in enumerate(cost):
        if not _is_index(j, width):
            raise InvalidValue.for_field(f"cost[{i}]", j, f"a column index from 0 to {width - 1}")
    return frozenset(cost)


def _mean(xs: Sequence[float]) -> float:
    return math.fsum(xs) / len(xs)


# --------------------------------------------------------------------------- AHP


def _float_tuple(values: Iterable[float]) -> tuple[float, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True)
class AHPResult:
    """The priority weights and consistency of one pairwise comparison matrix.

    Attributes:
        weights: the principal right eigenvector, scaled to sum to 1.
        lambda_max: the principal eigenvalue (λmax, at least the order n).
        consistency_index: CI = (λmax - n) / (n - 1); 0 for n <= 2.
        random_index: the random index RI(n) taken from the chosen table.
        consistency_ratio: CR = CI / RI(n); 0 for n <= 2.

    Examples:
        >>> r = AHPResult(weights=(0.5, 0.5), lambda_max=2.0, consistency_index=0.0,
        ...               random_index=0.0, consistency_ratio=0.0)
        >>> r.is_consistent
        True
    """

    weights: tuple[float, ...] = attrs.field(
        converter=_float_tuple,
        validator=attrs.validators.deep_iterable(attrs.validators.instance_of(float)),
    )
    lambda_max: float = attrs.field(validator=attrs.validators.instance_of(float))
    consistency_index: float = attrs.field(validator=attrs.validators.instance_of(float))
    random_index: float = attrs.field(validator=attrs.validators.instance_of(float))
    consistency_ratio: float = attrs.field(validator=attrs.validators.instance_of(float))

    @property
    def is_consistent(self) -> bool:
        """Whether the consistency ratio is below :data:`CONSISTENCY_THRESHOLD` (0.1)."""
        return self.consistency_ratio < CONSISTENCY_THRESHOLD


def _random_index(n: int, table: str, field: str) -> float:
    try:
        values = RANDOM_INDEX_TABLES[table]
    except (KeyError, TypeError):
        names = ", ".join(repr(k) for k in sorted(RANDOM_INDEX_TABLES))
        raise InvalidValue.for_field(field, table, f"one of {names}") from None
    largest = max(values)
    if n > largest:
        raise InvalidValue.for_field(
            "matrix", n, f"of order at most {largest} for the {table!r} random index"
        )
    if n in values:
        return values[n]
    # Donegan and Dodd tabulate only some orders above 20; ahpy interpolates
    # linearly between neighbours, and so do we.
    orders = sorted(values)
    above = orders[bisect.bisect_left(orders, n)]
    below = orders[bisect.bisect_left(orders, n) - 1]
    slope = (values[above] - values[below]) / (above - below)
    return values[below] + slope * (n - below)


@checked
def random_consistency_index(n: int, *, table: RandomIndexTable | str = "saaty1980") -> float:
    """Return the random consistency index RI(n) from a published table.

    RI(n) is the mean consistency index of random reciprocal matrices of order
    *n*.  Three tables are available:

    * ``"saaty1980"`` (n = 1-10): Saaty, *The Analytic Hierarchy Process*
      (1980); the table most Chinese studies use, and the default.
    * ``"saaty2005"`` (n = 1-15): Saaty, *Theory and Applications of the
      Analytic Network Process* (2005), p. 31.
    * ``"donegan-dodd"`` (n = 1-100): Donegan and Dodd, "A note on Saaty's
      random indexes", *Mathematical and Computer Modelling* 15(10), 1991,
      doi:10.1016/0895-7177(91)90098-R.  Orders the paper skips above 20 are
      interpolated linearly, as AHPy does.

    Args:
        n: the order of the matrix, at least 1.
        table: the name of the table.

    Returns:
        RI(n); 0.0 for n = 1 and n = 2.

    Raises:
        InvalidValue: if *n* is not a positive integer or is beyond the table,
            or the table name is unknown.

    Examples:
        >>> random_consistency_index(3)
        0.58
        >>> random_consistency_index(3, table="saaty2005")
        0.52
        >>> round(random_consistency_index(22, table="donegan-dodd"), 5)
        1.54702
    """
    if not _is_index(n, sys.maxsize) or n == 0:
        raise InvalidValue.for_field("n", n, "a positive integer")
    return _random_index(n, table, "table")


def _judgement_matrix(matrix: Matrix) -> list[list[float]]:
    rows = list(matrix)
    n = len(rows)
    if n == 0:
        raise InvalidValue.for_field("matrix", matrix, "a non-empty square matrix")
    out: list[list[float]] = []
    for i, row in enumerate(rows):
        if len(row) != n:
            raise InvalidValue.for_field(
                f"matrix[{i}]", len(row), f"a row of {n} entries, as the matrix has {n} rows"
            )
        out.append([_finite(x, f"matrix[{i}][{j}]", "a positive finite number") for j, x in enumerate(row)])
        for j, x in enumerate(out[i]):
            if x <= 0:
                raise InvalidValue.for_field(f"matrix[{i}][{j}]", row[j], "a positive finite number")
    for i in range(n):
        if abs(out[i][i] - 1.0) > _RECIPROCAL_TOLERANCE:
            raise InvalidValue.for_field(f"matrix[{i}][{i}]", rows[i][i], "1 on the diagonal")
        for j in range(i + 1, n):
            if abs(out[i][j] * out[j][i] - 1.0) > _RECIPROCAL_TOLERANCE:
                raise InvalidValue.for_field(
                    f"matrix[{j}][{i}]",
                    rows[j][i],
                    f"1/matrix[{i}][{j}] = {1.0 / out[i][j]!r}",
                )
    return out


def _principal_eigen(a: list[list[float]]) -> tuple[list[float], float]:
    """Return the principal eigenvector (summing to 1) and eigenvalue of *a* (positive)."""
    n = len(a)
    # Row geometric means are the exact answer for a consistent matrix and a
    # close start otherwise, so few power steps are needed.
    w = [math.exp(math.fsum(math.log(x) for x in row) / n) for row in a]
    total = math.fsum(w)
    w = [x / total for x in w]
    lam = float(n)
    for _ in range(_EIGEN_MAX_STEPS):
        aw = [math.fsum(x * y for x, y in zip(row, w, strict=True)) for row in a]
        # w sums to 1, so the sum of A·w is the Rayleigh-style estimate of λ.
        lam = math.fsum(aw)
        new = [x / lam for x in aw]
        step = max(abs(x - y) for x, y in zip(new, w, strict=True))
        w = new
        if step <= _EIGEN_TOLERANCE:
            break
    return w, lam


@checked
def ahp(matrix: Matrix, *, random_index: RandomIndexTable | str = "saaty1980") -> AHPResult:
    """Weigh criteria from a pairwise comparison matrix (Saaty's eigenvector method).

    ``matrix[i][j]`` says how many times criterion *i* matters more than
    criterion *j* (Saaty's 1-9 scale, though any positive ratio is accepted), and
    the matrix must be reciprocal: ``matrix[j][i] == 1 / matrix[i][j]`` and ones
    on the diagonal, within 1e-9.

    The weights are the principal right eigenvector of the matrix, scaled to sum
    to 1, found by power iteration from the row geometric means until no weight
    moves by more than 1e-15.  Then λmax is the principal eigenvalue,
    CI = (λmax - n) / (n - 1) and CR = CI / RI(n), with RI from the table named by
    *random_index* (see :func:`random_consistency_index`).  A matrix of order 1
    or 2 is consistent by construction: its CI and CR are reported as exactly 0.

    The weights match AHPy's ``Compare`` and the consistency ratio matches it
    with the same random index table (AHPy's default is Donegan and Dodd's).

    Args:
        matrix: a square, positive, reciprocal matrix, as rows.
        random_index: ``"saaty1980"`` (the default), ``"saaty2005"`` or
            ``"donegan-dodd"``.

    Returns:
        The weights, λmax, CI, RI and CR; ``.is_consistent`` is ``CR < 0.1``.

    Raises:
        InvalidValue: if the matrix is empty, not square, has an entry that is
            not a positive finite number, is not reciprocal (the message names
            the entry, e.g. ``'matrix[1][0]'``), or is larger than the random
            index table; or if *random_index* is not a known table.

    Examples:
        >>> result = ahp([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])
        >>> [round(w, 5) for w in result.weights]
        [0.63699, 0.25828, 0.10473]
        >>> round(result.lambda_max, 4), round(result.consistency_ratio, 4)
        (3.0385, 0.0332)
        >>> ahp([[1, 2], [0.5, 1]]).consistency_ratio
        0.0
        >>> ahp([[1, 2], [2, 1]])
        Traceback (most recent call last):
            ...
        servicegov.errors.InvalidValue: 'matrix[1][0]' must be 1/matrix[0][1] = 0.5 (got 2)
    """
    a = _judgement_matrix(matrix)
    n = len(a)
    ri = _random_index(n, random_index, "random_index")
    weights, lam = _principal_eigen(a)
    if n <= 2:
        ci = cr = 0.0
        lam = float(n)
    else:
        ci = (lam - n) / (n - 1)
        cr = ci / ri
    return AHPResult(
        weights=tuple(weights),
        lambda_max=lam,
        consistency_index=ci,
        random_index=ri,
        consistency_ratio=cr,
    )


@checked
def pairwise_matrix(
    judgements: Mapping[tuple[Hashable, Hashable], float], items: Sequence[Hashable]
) -> tuple[tuple[float, ...], ...]:
    """Build a reciprocal pairwise comparison matrix from judgements on pairs.

    Each judgement ``(x, y): v`` says *x* matters *v* times as much as *y*.  Every
    unordered pair of *items* must be judged, in either direction; a pair judged
    both ways must be reciprocal within 1e-9.  The rows and columns follow the
    order of *items*, ready for :func:`ahp`.

    Args:
        judgements: positive ratios keyed by ordered pairs of items.
        items: the items being compared, in the order of the matrix.

    Returns:
        The matrix as a tuple of row tuples, with ones on the diagonal.

    Raises:
        InvalidValue: if *items* is empty or repeats an item; a key is not a
            pair of distinct listed items, a value is not a positive finite
            number, a pair is judged both ways inconsistently, or a pair is not
            judged at all.

    Examples:
        >>> items = ["safety", "cost", "speed"]
        >>> m = pairwise_matrix(
        ...     {("safety", "cost"): 3, ("safety", "speed"): 5, ("cost", "speed"): 3}, items
        ... )
        >>> m[2]
        (0.2, 0.3333333333333333, 1.0)
        >>> dict(zip(items, (round(w, 3) for w in ahp(m).weights)))
        {'safety': 0.637, 'cost': 0.258, 'speed': 0.105}
    """
    order = list(items)
    if not order:
        raise InvalidValue.for_field("items", items, "a non-empty sequence of items")
    index: dict[Hashable, int] = {}
    for i, item in enumerate(order):
        if item in index:
            raise InvalidValue.for_field(f"items[{i}]", item, "unique")
        index[item] = i
    n = len(order)
    a: list[list[float | None]] = [[1.0 if i == j else None for j in range(n)] for i in range(n)]
    for key, value in judgements.items():
        field = f"judgements[{key!r}]"
        raw: object = key
        pair = raw if isinstance(raw, tuple) else ()
        if len(pair) != 2 or pair[0] not in index or pair[1] not in index or pair[0] == pair[1]:
            raise InvalidValue.for_field("judgements", key, "keyed by pairs of two different listed items")
        v = _finite(value, field, "a positive finite number")
        if v <= 0:
            raise InvalidValue.for_field(field, value, "a positive finite number")
        i, j = index[pair[0]], index[pair[1]]
        earlier = a[i][j]
        if earlier is not None and abs(earlier - v) > _RECIPROCAL_TOLERANCE * max(earlier, v):
            raise InvalidValue.for_field(
                field, value, f"the reciprocal of the judgement on {(pair[1], pair[0])!r}"
            )
        a[i][j], a[j][i] = v, 1.0 / v
    missing = [(order[i], order[j]) for i in range(n) for j in range(i + 1, n) if a[i][j] is None]
    if missing:
        raise InvalidValue.for_field("judgements", missing[0], "complete, with every pair judged")
    return tuple(tuple(x for x in row if x is not None) for row in a)


# --------------------------------------------------------------------------- objective


@checked
def entropy(matrix: Matrix) -> tuple[float, ...]:
    """Weigh criteria by the entropy weight method.

    With *m* alternatives, ``p_ij = x_ij / Σ_i x_ij``, the entropy of criterion
    *j* is ``e_j = -(1 / ln m) Σ_i p_ij ln p_ij`` (taking ``0 · ln 0 = 0``), and
    ``w_j = (1 - e_j) / Σ_k (1 - e_k)``.  A criterion on which every alternative
    scores the same has ``e_j = 1`` and weight 0.  Rescaling a column by a
    positive factor leaves the weights unchanged.

    The weights match ``pymcdm.weights.entropy_weights`` on positive matrices;
    pymcdm refuses zeros, where this function uses ``0 · ln 0 = 0``.

    Args:
        matrix: rows of alternatives, columns of criteria; non-negative numbers,
            at least 2 rows.

    Returns:
        One non-negative weight per column, summing to 1.

    Raises:
        InvalidValue: if the matrix has fewer than 2 rows, ragged rows, a
            negative or non-finite entry, a column that is all zeros
            (``'matrix[*][j]'``), or if every column is constant.

    Examples:
        >>> m = [[7, 9, 9, 8], [8, 7, 8, 7], [9, 6, 8, 9], [6, 7, 8, 6]]
        >>> [round(w, 5) for w in entropy(m)]
        [0.322, 0.3171, 0.03891, 0.322]
        >>> entropy([[1, 5], [1, 0]])
        (0.0, 1.0)
    """
    rows = _rows(matrix, min_rows=2)
    for i, row in enumerate(rows):
        for j, x in enumerate(row):
            if x < 0:
                raise InvalidValue.for_field(f"matrix[{i}][{j}]", matrix[i][j], "non-negative")
    ln_m = math.log(len(rows))
    divergence: list[float] = []
    for j, col in enumerate(_columns(rows)):
        peak = max(col)
        if peak == 0:
            raise InvalidValue.for_field(f"matrix[*][{j}]", tuple(col), "a column with a positive sum")
        if min(col) == peak:
            divergence.append(0.0)
            continue
        # The weights do not change with a column's scale; scaling by its largest
        # entry first keeps a sum of huge entries (1e308) from overflowing.
        scaled = [x / peak for x in col]
        total = math.fsum(scaled)
        h = -math.fsum(p * math.log(p) for p in (x / total for x in scaled) if p > 0) / ln_m
        # Rounding can push the entropy of a nearly even column a hair above 1.
        divergence.append(max(0.0, 1.0 - h))
    total_divergence = math.fsum(divergence)
    if total_divergence <= 0:
        raise InvalidValue.for_field(
            "matrix", "every column constant", "a matrix with at least one non-constant column"
        )
    return tuple(d / total_divergence for d in divergence)


@checked
def critic(matrix: Matrix, *, cost: Collection[int] = ()) -> tuple[float, ...]:
    """Weigh criteria by CRITIC (Diakoulaki, Mavrotas and Papayannakis, 1995).

    Each column is min-max normalised, ``(x - min) / (max - min)``, or
    ``(max - x) / (max - min)`` for the cost criteria listed in *cost*.  With
    ``σ_j`` the sample standard deviation (n - 1 in the denominator) of
    normalised column *j* and ``r_jk`` the Pearson correlation of normalised
    columns *j* and *k*, the information of criterion *j* is
    ``C_j = σ_j Σ_k (1 - r_jk)`` and ``w_j = C_j / Σ_k C_k``.  A positive affine
    change of a column (``a·x + b``, ``a > 0``) leaves the weights unchanged.

    The weights match ``pymcdm.weights.critic_weights`` when *cost* is empty
    (pymcdm treats every criterion as a benefit).

    Args:
        matrix: rows of alternatives, columns of criteria; at least 2 rows.
        cost: indices of the columns where less is better.

    Returns:
        One non-negative weight per column, summing to 1.

    Raises:
        InvalidValue: if the matrix has fewer than 2 rows, ragged rows or a
            non-finite entry, a column is constant (``'matrix[*][j]'``), a cost
            index is out of range, or the columns are all perfectly correlated
            with each other (a single column, for instance), so that every
            ``C_j`` is 0.

    Examples:
        >>> m = [[7, 9, 9, 8], [8, 7, 8, 7], [9, 6, 8, 9], [6, 7, 8, 6]]
        >>> [round(w, 5) for w in critic(m)]
        [0.29581, 0.26088, 0.23978, 0.20354]
    """
    rows = _rows(matrix, min_rows=2)
    costs = _cost_set(cost, len(rows[0]))
    centred: list[list[float]] = []
    sigma: list[float] = []
    for j, col in enumerate(_columns(rows)):
        lo, hi = min(col), max(col)
        if lo == hi:
            raise InvalidValue.for_field(f"matrix[*][{j}]", tuple(col), "a column that varies")
        span = hi - lo
        z = [(hi - x) / span for x in col] if j in costs else [(x - lo) / span for x in col]
        mean = _mean(z)
        c = [x - mean for x in z]
        centred.append(c)
        sigma.append(math.sqrt(math.fsum(x * x for x in c) / (len(c) - 1)))
    squares = [math.fsum(x * x for x in c) for c in centred]
    info: list[float] = []
    for j, cj in enumerate(centred):
        conflict = []
        for k, ck in enumerate(centred):
            if k == j:
                conflict.append(0.0)
                continue
            r = math.fsum(x * y for x, y in zip(cj, ck, strict=True)) / math.sqrt(squares[j] * squares[k])
            conflict.append(1.0 - min(1.0, max(-1.0, r)))
        info.append(sigma[j] * math.fsum(conflict))
    total = math.fsum(info)
    # Columns that are all perfectly correlated leave only rounding noise.
    if total <= 1e-12:
        raise InvalidValue.for_field(
            "matrix",
            f"{len(info)} perfectly correlated column(s)",
            "a matrix whose columns are not all perfectly correlated (some C_j > 0)",
        )
    return tuple(c / total for c in info)


# --------------------------------------------------------------------------- others


@checked
def fixed(weights: Sequence[float]) -> tuple[float, ...]:
    """Validate stated weights and scale them to sum to 1.

    Args:
        weights: non-negative finite numbers, not all zero.

    Returns:
        The weights divided by their sum.

    Raises:
        InvalidValue: if *weights* is empty, has a negative or non-finite
            entry (``'weights[i]'``), or sums to 0.

    Examples:
        >>> fixed([2, 1, 1])
        (0.5, 0.25, 0.25)
    """
    return _fixed(weights, "weights")


def _fixed(weights: Sequence[float], field: str) -> tuple[float, ...]:
    values = list(weights)
    if not values:
        raise InvalidValue.for_field(field, weights, "a non-empty sequence of weights")
    allowed = "a non-negative finite number"
    out = [_finite(w, f"{field}[{i}]", allowed) for i, w in enumerate(values)]
    for i, w in enumerate(out):
        if w < 0:
            raise InvalidValue.for_field(f"{field}[{i}]", values[i], allowed)
    total = math.fsum(out)
    if total == 0:
        raise InvalidValue.for_field(field, weights, "weights with a positive sum")
    return tuple(w / total for w in out)


@checked
def normalise(
    matrix: Matrix,
    method: NormalisationMethod | str = "minmax",
    *,
    cost: Collection[int] = (),
) -> tuple[tuple[float, ...], ...]:
    """Bring each column of a decision matrix onto a common scale.

    For a benefit column *x* (more is better), and for a cost column listed in
    *cost* (less is better):

    ============  ==============================  =================================
    method        benefit                         cost
    ============  ==============================  =================================
    ``minmax``    ``(x - min) / (max - min)``     ``(max - x) / (max - min)``
    ``sum``       ``x / Σx``                      ``(1 / x) / Σ(1 / x)``
    ``zscore``    ``(x - mean) / sd``             ``(mean - x) / sd``
    ``vector``    ``x / √Σx²``                    ``1 - x / √Σx²``
    ============  ==============================  =================================

    ``sd`` is the population standard deviation (n in the denominator), as in
    ``scipy.stats.zscore``.  The ``minmax``, ``sum`` and ``vector`` rules are
    pymcdm's ``minmax_normalization``, ``sum_normalization`` and
    ``vector_normalization``.

    Args:
        matrix: rows of alternatives, columns of criteria.
        method: ``"minmax"``, ``"sum"``, ``"zscore"`` or ``"vector"``.
        cost: indices of the columns where less is better.

    Returns:
        The normalised matrix as a tuple of row tuples.

    Raises:
        InvalidValue: if the matrix is empty, ragged or has a non-finite entry;
            the method is unknown; a cost index is out of range; or a column
            cannot be scaled by the method: constant (``minmax``, ``zscore``),
            all zeros (``vector``), negative or summing to 0 (``sum``), or with
            a zero in a cost column (``sum``).

    Examples:
        >>> normalise([[1, 10], [3, 20], [5, 30]])
        ((0.0, 0.0), (0.5, 0.5), (1.0, 1.0))
        >>> normalise([[1, 10], [3, 20], [5, 30]], cost=[1])
        ((0.0, 1.0), (0.5, 0.5), (1.0, 0.0))
        >>> normalise([[1, 2], [3, 2]], "sum")
        ((0.25, 0.5), (0.75, 0.5))
    """
    scalers = {"minmax": _minmax, "sum": _sum, "zscore": _zscore, "vector": _vector}
    if method not in scalers:
        names = ", ".join(repr(k) for k in scalers)
        raise InvalidValue.for_field("method", method, f"one of {names}")
    rows = _rows(matrix, min_rows=1)
    costs = _cost_set(cost, len(rows[0]))
    scale = scalers[method]
    columns = [scale(col, j in costs, f"matrix[*][{j}]") for j, col in enumerate(_columns(rows))]
    return tuple(zip(*columns, strict=True))


def _minmax(col: list[float], is_cost: bool, field: str) -> list[float]:
    lo, hi = min(col), max(col)
    if lo == hi:
        raise InvalidValue.for_field(field, tuple(col), "a column that varies")
    span = hi - lo
    return [(hi - x) / span for x in col] if is_cost else [(x - lo) / span for x in col]


def _sum(col: list[float], is_cost: bool, field: str) -> list[float]:
    if is_cost:
        if min(col) <= 0:
            raise InvalidValue.for_field(field, tuple(col), "a positive column (cost, sum method)")
        inverse = [1.0 / x for x in col]
        total = math.fsum(inverse)
        return [x / total for x in inverse]
    total = math.fsum(col)
    if min(col) < 0 or total == 0:
        raise InvalidValue.for_field(field, tuple(col), "a non-negative column with a positive sum")
    return [x / total for x in col]


def _zscore(col: list[float], is_cost: bool, field: str) -> list[float]:
    if min(col) == max(col):
        raise InvalidValue.for_field(field, tuple(col), "a column that varies")
    mean = _mean(col)
    sd = math.sqrt(math.fsum((x - mean) ** 2 for x in col) / len(col))
    return [(mean - x) / sd for x in col] if is_cost else [(x - mean) / sd for x in col]


def _vector(col: list[float], is_cost: bool, field: str) -> list[float]:
    norm = math.sqrt(math.fsum(x * x for x in col))
    if norm == 0:
        raise InvalidValue.for_field(field, tuple(col), "a column that is not all zeros")
    return [1.0 - x / norm for x in col] if is_cost else [x / norm for x in col]


@checked
def combine(
    subjective: Sequence[float],
    objective: Sequence[float],
    *,
    alpha: float = 0.5,
    method: CombinationMethod | str = "linear",
) -> tuple[float, ...]:
    """Blend subjective weights (say from AHP) with objective ones (entropy, CRITIC).

    Both vectors are first scaled to sum to 1 (as by :func:`fixed`).  Then, for
    criterion *j*:

    * ``"linear"``: ``w_j = α s_j + (1 - α) o_j``, with *alpha* the share given
      to the subjective weights, from 0 to 1.
    * ``"multiplicative"``: ``w_j = s_j o_j / Σ_k s_k o_k``, the product rule
      (乘法合成归一法).  It has no parameter, so *alpha* must be left at 0.5.

    Args:
        subjective: the subjective weights.
        objective: the objective weights, one per criterion as well.
        alpha: the subjective share for the linear rule.
        method: ``"linear"`` or ``"multiplicative"``.

    Returns:
        The combined weights, summing to 1.

    Raises:
        InvalidValue: if a weight vector is invalid (see :func:`fixed`), the two
            differ in length, *alpha* is outside [0, 1] (or set for the
            multiplicative rule), the method is unknown, or the two vectors
            share no criterion with positive weight (multiplicative).

    Examples:
        >>> [round(w, 4) for w in combine([0.6, 0.4], [0.2, 0.8])]
        [0.4, 0.6]
        >>> [round(w, 4) for w in combine([0.6, 0.4], [0.2, 0.8], alpha=0.75)]
        [0.5, 0.5]
        >>> [round(w, 4) for w in combine([0.6, 0.4], [0.2, 0.8], method="multiplicative")]
        [0.2727, 0.7273]
    """
    if method not in ("linear", "multiplicative"):
        raise InvalidValue.for_field("method", method, "one of 'linear', 'multiplicative'")
    s = _fixed(subjective, "subjective")
    o = _fixed(objective, "objective")
    if len(o) != len(s):
        raise InvalidValue.for_field("objective", len(o), f"as long as 'subjective' ({len(s)} weights)")
    a = _finite(alpha, "alpha", "a number from 0 to 1")
    if not 0 <= a <= 1:
        raise InvalidValue.for_field("alpha", alpha, "a number from 0 to 1")
    if method == "linear":
        return tuple(a * x + (1 - a) * y for x, y in zip(s, o, strict=True))
    if a != 0.5:
        raise InvalidValue.for_field("alpha", alpha, "left at 0.5 for the multiplicative method")
    products = [x * y for x, y in zip(s, o, strict=True)]
    total = math.fsum(products)
    if total == 0:
        raise InvalidValue.for_field(
            "objective", o, "positive on at least one criterion where 'subjective' is positive"
        )
    return tuple(p / total for p in products)
