"""Properties of `servicegov.weighting`: AHP, entropy, CRITIC and normalisation against their peers."""

from __future__ import annotations

import math
from collections.abc import Set

import ahpy
import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pymcdm import normalizations as pn
from pymcdm.helpers import normalize_matrix
from pymcdm.weights import critic_weights, entropy_weights
from scipy import stats

from servicegov.errors import InvalidValue
from servicegov.weighting import ahp, combine, critic, entropy, fixed, normalise

from ..unit.weighting_cases import Matrix, close, consistent, critic_reference

SCALE = [1 / 9, 1 / 8, 1 / 7, 1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2, 1, 2, 3, 4, 5, 6, 7, 8, 9]


@st.composite
def judgement_matrices(draw: st.DrawFn, min_n: int = 2, max_n: int = 9) -> Matrix:
    """Reciprocal matrices with upper entries on Saaty's scale or any ratio in [1/9, 9]."""
    n = draw(st.integers(min_n, max_n))
    entry = st.sampled_from(SCALE) | st.floats(1 / 9, 9)
    a = [[1.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            a[i][j] = draw(entry)
            a[j][i] = 1 / a[i][j]
    return a


@st.composite
def decision_matrices(draw: st.DrawFn, min_value: float = 1, min_rows: int = 2, max_cols: int = 6) -> Matrix:
    m = draw(st.integers(min_rows, 8))
    k = draw(st.integers(1, max_cols))
    # Three decimals keep away from subnormal spreads, where no formula is stable.
    value = st.integers(int(min_value), 50).map(float) | st.floats(min_value, 50).map(lambda x: round(x, 3))
    return [[draw(value) for _ in range(k)] for _ in range(m)]


def ahpy_compare(matrix: Matrix, random_index: str) -> ahpy.Compare:
    n = len(matrix)
    names = [f"c{i:02d}" for i in range(n)]
    pairs = {(names[i], names[j]): matrix[i][j] for i in range(n) for j in range(i + 1, n)}
    return ahpy.Compare("criteria", pairs, precision=10, random_index=random_index)


def permute(matrix: Matrix, order: list[int]) -> Matrix:
    return [[matrix[i][j] for j in order] for i in order]


class TestAHP:
    """Weights are the principal eigenvector; CR = CI / RI(n), consistent when CR < 0.1."""

    @given(judgement_matrices(max_n=9))
    def test_weights_and_cr_match_ahpy(self, matrix: Matrix) -> None:
        # AHPy squares the matrix, unscaled, until the eigenvector rounded to
        # `precision` places stops moving: 10 places is within the 1e-9 asked
        # here, and more overflows on cyclic judgements.  AHPy's default table is
        # Donegan and Dodd's ('dd'); its 'saaty' is Saaty's 2005 table.
        for ours, theirs in (("donegan-dodd", "dd"), ("saaty2005", "saaty")):
            peer = ahpy_compare(matrix, theirs)
            result = ahp(matrix, random_index=ours)
            names = [f"c{i:02d}" for i in range(len(matrix))]
            assert close([peer.local_weights[k] for k in names], result.weights, 1e-9)
            assert abs(peer.consistency_ratio - abs(result.consistency_ratio)) < 1e-9

    @given(judgement_matrices(min_n=1, max_n=12))
    def test_weights_are_positive_and_sum_to_one(self, matrix: Matrix) -> None:
        result = ahp(matrix, random_index="saaty2005")
        assert abs(1 - math.fsum(result.weights)) < 1e-12
        assert all(w > 0 for w in result.weights)
        assert result.lambda_max >= len(matrix) - 1e-9

    @given(judgement_matrices(min_n=3), st.data())
    def test_relabelling_criteria_relabels_weights(self, matrix: Matrix, data: st.DataObject) -> None:
        order = data.draw(st.permutations(range(len(matrix))))
        before = ahp(matrix).weights
        after = ahp(permute(matrix, order)).weights
        assert close([before[i] for i in order], after, 1e-12)
        assert abs(ahp(matrix).lambda_max - ahp(permute(matrix, order)).lambda_max) < 1e-12

    @given(consistent())
    def test_consistent_matrix_returns_its_weights_with_zero_cr(
        self, case: tuple[list[float], Matrix]
    ) -> None:
        w, matrix = case
        result = ahp(matrix, random_index="saaty2005")
        total = sum(w)
        assert close([x / total for x in w], result.weights, 1e-12)
        assert abs(len(w) - result.lambda_max) < 1e-9
        assert abs(result.consistency_ratio) < 1e-9
        assert result.is_consistent

    @given(st.floats(1 / 9, 9))
    def test_two_criteria_are_consistent_by_construction(self, a: float) -> None:
        result = ahp([[1, a], [1 / a, 1]])
        assert close((a / (1 + a), 1 / (1 + a)), result.weights, 1e-12)
        assert 2.0 == result.lambda_max
        assert 0.0 == result.consistency_index
        assert 0.0 == result.consistency_ratio
        assert result.is_consistent


class TestRandomIndex:
    """RI(n) comes from the published tables, cited in the module."""

    @given(judgement_matrices(min_n=3, max_n=9))
    def test_interpolation_matches_ahpy_beyond_twenty(self, matrix: Matrix) -> None:
        # Pad the matrix to 21-24 criteria with equal judgements to reach the
        # interpolated orders, then compare the CR with AHPy's.
        n = 21 + len(matrix) % 4
        big = [[1.0] * n for _ in range(n)]
        for i, row in enumerate(matrix):
            big[i][: len(row)] = row
        peer = ahpy_compare(big, "dd")
        assert abs(peer.consistency_ratio - ahp(big, random_index="donegan-dodd").consistency_ratio) < 1e-9


def entropy_reference(matrix: Matrix) -> npt.NDArray[np.float64]:
    """The entropy weight formula in numpy, with 0·ln 0 = 0."""
    x = np.array(matrix, dtype=float)
    p = x / x.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1)), 0.0)
    e = -plogp.sum(axis=0) / np.log(x.shape[0])
    d = 1 - e
    return np.asarray(d / d.sum(), dtype=np.float64)


def varies(matrix: Matrix) -> bool:
    return any(min(col) != max(col) for col in zip(*matrix, strict=True))


class TestEntropy:
    """w_j = (1 - e_j) / Σ(1 - e_k), e_j the normalised Shannon entropy of column j."""

    @given(decision_matrices(min_value=1))
    def test_matches_pymcdm_on_positive_matrices(self, matrix: Matrix) -> None:
        assume(varies(matrix))
        peer = entropy_weights(np.array(matrix))
        assert close(list(peer), entropy(matrix), 1e-9)

    @given(decision_matrices(min_value=0))
    def test_zero_entries_count_as_zero_log_zero(self, matrix: Matrix) -> None:
        # pymcdm refuses zeros (its sum normalisation needs positive values), so
        # zeros are checked against the formula written in numpy.
        assume(varies(matrix) and all(any(col) for col in zip(*matrix, strict=True)))
        assert close(list(entropy_reference(matrix)), entropy(matrix), 1e-9)

    @given(decision_matrices(), st.data())
    def test_properties(self, matrix: Matrix, data: st.DataObject) -> None:
        assume(varies(matrix))
        w = entropy(matrix)
        assert abs(1 - math.fsum(w)) < 1e-12
        assert all(x >= 0 for x in w)
        k = len(matrix[0])
        order = data.draw(st.permutations(range(k)))
        shuffled = [[row[j] for j in order] for row in matrix]
        assert close([w[j] for j in order], entropy(shuffled), 1e-12)
        rows = data.draw(st.permutations(matrix))
        assert close(w, entropy(rows), 1e-12)
        factors = data.draw(st.lists(st.sampled_from([0.5, 2.0, 10.0]), min_size=k, max_size=k))
        scaled = [[x * f for x, f in zip(row, factors, strict=True)] for row in matrix]
        assert close(w, entropy(scaled), 1e-12)


def all_columns_vary(matrix: Matrix) -> bool:
    return all(min(col) != max(col) for col in zip(*matrix, strict=True))


def critic_defined(matrix: Matrix, cost: frozenset[int] = frozenset()) -> bool:
    """Every column varies and, after reversing the cost columns, some pair of
    columns is not perfectly correlated."""
    if len(matrix[0]) < 2 or not all_columns_vary(matrix):
        return False
    x = np.array(matrix)
    z = (x - x.min(axis=0)) / (x.max(axis=0) - x.min(axis=0))
    z[:, sorted(cost)] = 1 - z[:, sorted(cost)]
    r = np.corrcoef(z, rowvar=False)
    return bool((1 - r).max() > 1e-6)


class TestCritic:
    """C_j = σ_j Σ_k (1 - r_jk) on min-max normalised columns; w = C / ΣC."""

    @given(decision_matrices(min_value=-50))
    def test_matches_pymcdm(self, matrix: Matrix) -> None:
        assume(critic_defined(matrix))
        assert close(list(critic_weights(np.array(matrix))), critic(matrix), 1e-9)

    @given(decision_matrices(min_value=-50), st.data())
    def test_cost_columns_match_the_formula(self, matrix: Matrix, data: st.DataObject) -> None:
        # pymcdm's critic_weights takes no criteria types (it treats every column as
        # a benefit), so cost columns are checked against the formula in numpy.
        assume(critic_defined(matrix))
        k = len(matrix[0])
        cost = data.draw(st.frozensets(st.integers(0, k - 1)))
        assume(critic_defined(matrix, cost))
        assert close(list(critic_reference(matrix, cost)), critic(matrix, cost=cost), 1e-9)

    @given(decision_matrices(min_value=-50), st.data())
    def test_properties(self, matrix: Matrix, data: st.DataObject) -> None:
        assume(critic_defined(matrix))
        w = critic(matrix)
        assert abs(1 - math.fsum(w)) < 1e-12
        assert all(x >= 0 for x in w)
        k = len(matrix[0])
        order = data.draw(st.permutations(range(k)))
        shuffled = [[row[j] for j in order] for row in matrix]
        assert close([w[j] for j in order], critic(shuffled), 1e-12)
        # Positive affine changes of a column vanish in the min-max normalisation.
        a = data.draw(st.lists(st.sampled_from([0.5, 2.0, 4.0]), min_size=k, max_size=k))
        b = data.draw(st.lists(st.sampled_from([-8.0, 0.0, 16.0]), min_size=k, max_size=k))
        moved = [[x * f + g for x, f, g in zip(row, a, b, strict=True)] for row in matrix]
        assert close(w, critic(moved), 1e-9)


def pymcdm_normalise(matrix: Matrix, method: str, cost: Set[int]) -> npt.NDArray[np.float64]:
    types = [-1 if j in cost else 1 for j in range(len(matrix[0]))]
    fn = {"minmax": pn.minmax_normalization, "sum": pn.sum_normalization}
    fn["vector"] = pn.vector_normalization
    return np.asarray(normalize_matrix(np.array(matrix, dtype=float), fn[method], types))


class TestNormalise:
    """Each column on a common scale; cost columns reversed."""

    @pytest.mark.parametrize("method", ["minmax", "sum", "vector"])
    @given(matrix=decision_matrices(min_value=1), data=st.data())
    def test_matches_pymcdm(self, method: str, matrix: Matrix, data: st.DataObject) -> None:
        assume(method != "minmax" or all_columns_vary(matrix))
        cost = data.draw(st.sets(st.integers(0, len(matrix[0]) - 1)))
        expected = pymcdm_normalise(matrix, method, cost)
        actual = normalise(matrix, method, cost=cost)
        assert np.allclose(expected, np.array(actual), rtol=0, atol=1e-12)

    @given(matrix=decision_matrices(min_value=-50), data=st.data())
    def test_zscore_matches_scipy(self, matrix: Matrix, data: st.DataObject) -> None:
        assume(all_columns_vary(matrix))
        cost = data.draw(st.sets(st.integers(0, len(matrix[0]) - 1)))
        expected = stats.zscore(np.array(matrix), axis=0)
        expected[:, sorted(cost)] *= -1
        actual = normalise(matrix, "zscore", cost=cost)
        assert np.allclose(expected, np.array(actual), rtol=0, atol=1e-9)


class TestFixed:
    @given(st.lists(st.floats(0, 1e6), min_size=1, max_size=20).filter(lambda w: sum(w) > 0))
    def test_sums_to_one(self, w: list[float]) -> None:
        out = fixed(w)
        assert abs(1 - math.fsum(out)) < 1e-12
        assert close([x / math.fsum(w) for x in w], out, 1e-15)


class TestCombine:
    """Linear: α s + (1 - α) o.  Multiplicative: s·o / Σ s·o."""

    @given(
        st.lists(st.floats(0.01, 10), min_size=1, max_size=8).flatmap(
            lambda s: st.tuples(st.just(s), st.lists(st.floats(0.01, 10), min_size=len(s), max_size=len(s)))
        ),
        st.floats(0, 1),
        st.sampled_from(["linear", "multiplicative"]),
    )
    def test_sums_to_one(self, pair: tuple[list[float], list[float]], alpha: float, method: str) -> None:
        s, o = pair
        w = combine(s, o, alpha=alpha if method == "linear" else 0.5, method=method)
        assert abs(1 - math.fsum(w)) < 1e-12
        assert all(x >= 0 for x in w)


@given(
    st.lists(st.lists(st.floats(1, 100), min_size=3, max_size=3), min_size=3, max_size=6).filter(
        lambda m: all(max(c) > min(c) for c in zip(*m, strict=True))
    )
)
def test_entropy_weights_keep_still_for_entries_near_the_largest_float(m: Matrix) -> None:
    huge = [[x * 1e305 for x in row] for row in m]

    assert entropy(m) == pytest.approx(entropy(huge), abs=1e-9)


@given(
    st.lists(st.lists(st.floats(-100, 100), min_size=3, max_size=3), min_size=3, max_size=6).filter(
        lambda m: all(max(c) - min(c) > 1e-3 for c in zip(*m, strict=True))
    )
)
def test_critic_treats_a_cost_as_the_benefit_of_its_negation(m: Matrix) -> None:
    negated = [[-row[0], *row[1:]] for row in m]
    try:
        expected = critic(negated)
    except InvalidValue:  # every column perfectly correlated: no weights either way
        with pytest.raises(InvalidValue):
            critic(m, cost=[0])
        return

    assert expected == pytest.approx(critic(m, cost=[0]), abs=1e-9)
