"""Matrices and reference weights shared by the tests of `servicegov.weighting`."""

from __future__ import annotations

from collections.abc import Sequence, Set

import numpy as np
import numpy.typing as npt
from hypothesis import strategies as st

Matrix = list[list[float]]


def close(expected: Sequence[float], actual: Sequence[float], tol: float) -> bool:
    return len(expected) == len(actual) and all(
        abs(x - y) <= tol for x, y in zip(expected, actual, strict=True)
    )


@st.composite
def consistent(draw: st.DrawFn) -> tuple[list[float], Matrix]:
    w = draw(st.lists(st.floats(0.01, 100), min_size=1, max_size=12))
    return w, [[x / y for y in w] for x in w]


def critic_reference(matrix: Matrix, cost: Set[int]) -> npt.NDArray[np.float64]:
    """CRITIC in numpy: min-max (reversed for cost), ddof=1, Pearson of normalised columns."""
    x = np.array(matrix, dtype=float)
    lo, hi = x.min(axis=0), x.max(axis=0)
    z = (x - lo) / (hi - lo)
    for j in cost:
        z[:, j] = (hi[j] - x[:, j]) / (hi[j] - lo[j])
    sigma = z.std(axis=0, ddof=1)
    r = np.corrcoef(z, rowvar=False)
    c = sigma * (1 - r).sum(axis=0)
    return np.asarray(c / c.sum(), dtype=np.float64)
