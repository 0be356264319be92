"""Strategies for :mod:`servicegov.weighting`: AHP results."""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from servicegov import weighting
from servicegov.strategies._common import _check_size

__all__ = ["ahp_results"]


def __dir__() -> list[str]:
    return __all__


# Saaty's 1-9 scale and its reciprocals.
_SAATY = st.integers(1, 9) | st.integers(2, 9).map(lambda x: 1 / x)


@st.composite
def _ahp_results(draw: st.DrawFn, min_size: int, max_size: int) -> weighting.AHPResult:
    n = draw(st.integers(min_size, max_size))
    matrix = [[1.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            matrix[i][j] = float(draw(_SAATY))
            matrix[j][i] = 1 / matrix[i][j]
    return weighting.ahp(matrix)


def ahp_results(*, min_size: int = 1, max_size: int = 6) -> st.SearchStrategy[weighting.AHPResult]:
    """Results of :func:`~servicegov.weighting.ahp` on reciprocal pairwise matrices of
    order *min_size* to *max_size* with judgements on Saaty's 1-9 scale, so the
    weights sum to 1 and the consistency figures agree with them.

    Shrinks towards the order-1 matrix ``[[1]]``.

    Raises:
        InvalidArgument: when the sizes are below 1, above 10 or out of order.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(ahp_results(min_size=2, max_size=4))
        ... def check(result):
        ...     assert 2 <= len(result.weights) <= 4 and abs(sum(result.weights) - 1) < 1e-9
        >>> check()
    """
    _check_size("min_size", min_size, "max_size", max_size, floor=1)
    if max_size > 10:
        msg = f"max_size={max_size!r} must be at most 10 (the largest order of Saaty's random index)"
        raise InvalidArgument(msg)
    return _ahp_results(min_size, max_size)
