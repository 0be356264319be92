"""Criteria weights: AHP, entropy, CRITIC, normalisation and combination.

The formulas are checked against the published worked examples and against peer
libraries (AHPy, pymcdm, scipy) on generated data.
"""

from __future__ import annotations

import math
import subprocess
import sys

import attrs
import numpy as np
import pytest
from pymcdm.weights import critic_weights, entropy_weights

from servicegov import weighting
from servicegov.errors import InvalidValue
from servicegov.weighting import (
    AHPResult,
    ahp,
    combine,
    critic,
    entropy,
    fixed,
    normalise,
    pairwise_matrix,
    random_consistency_index,
)

from .weighting_cases import Matrix, close, critic_reference

SAATY: Matrix = [[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]]
# The decision matrix of the worked example used for entropy and CRITIC.
EXAMPLE = [[7, 9, 9, 8], [8, 7, 8, 7], [9, 6, 8, 9], [6, 7, 8, 6]]


# --------------------------------------------------------------------------- AHP


class TestAHP:
    """Weights are the principal eigenvector; CR = CI / RI(n), consistent when CR < 0.1."""

    def test_saatys_three_criteria_example(self) -> None:
        result = ahp(SAATY)
        assert close((0.63699, 0.25828, 0.10473), result.weights, 5e-6)
        assert abs(3.03851 - result.lambda_max) < 5e-6
        assert abs(0.01926 - result.consistency_index) < 5e-6
        assert 0.58 == result.random_index
        assert abs(0.03320 - result.consistency_ratio) < 5e-6
        assert result.consistency_ratio == result.consistency_index / 0.58
        assert result.is_consistent

    def test_saatys_example_against_numpy_eigen(self) -> None:
        values, vectors = np.linalg.eig(np.array(SAATY))
        top = int(np.argmax(values.real))
        w = vectors[:, top].real / vectors[:, top].real.sum()
        result = ahp(SAATY)
        assert close(list(w), result.weights, 1e-12)
        assert abs(values[top].real - result.lambda_max) < 1e-12

    @pytest.mark.parametrize(
        ("table", "ri"), [("saaty1980", 0.58), ("saaty2005", 0.52), ("donegan-dodd", 0.4914)]
    )
    def test_consistency_ratio_uses_the_chosen_table(self, table: str, ri: float) -> None:
        result = ahp(SAATY, random_index=table)
        assert ri == result.random_index
        assert result.consistency_index / ri == result.consistency_ratio

    def test_one_criterion(self) -> None:
        result = ahp([[1]])
        assert (1.0,) == result.weights
        assert 1.0 == result.lambda_max
        assert 0.0 == result.consistency_index == result.consistency_ratio == result.random_index

    def test_fifty_criteria_with_donegan_dodd(self) -> None:
        n = 50
        m = [[1.0 if i == j else 2.0 if i < j else 0.5 for j in range(n)] for i in range(n)]
        result = ahp(m, random_index="donegan-dodd")
        values = np.linalg.eigvals(np.array(m))
        assert abs(max(values.real) - result.lambda_max) < 1e-9
        assert 1.6102 == result.random_index

    @pytest.mark.parametrize(
        ("ratio", "consistent"), [(0.0, True), (0.0999999, True), (0.1, False), (0.2, False)]
    )
    def test_consistent_means_cr_strictly_below_a_tenth(self, ratio: float, consistent: bool) -> None:
        result = AHPResult(
            weights=[1.0],
            lambda_max=1.0,
            consistency_index=0.0,
            random_index=0.0,
            consistency_ratio=ratio,
        )
        assert consistent is result.is_consistent
        assert 0.1 == weighting.CONSISTENCY_THRESHOLD

    def test_result_is_frozen_with_tuple_weights(self) -> None:
        result = ahp(SAATY)
        assert isinstance(result.weights, tuple)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            result.lambda_max = 3.0  # type: ignore[misc]

    def test_inconsistent_matrix_is_flagged(self) -> None:
        result = ahp([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]])
        assert not result.is_consistent
        assert close((1 / 3, 1 / 3, 1 / 3), result.weights, 1e-12)

    def test_reciprocity_tolerance_is_one_in_a_billion(self) -> None:
        ahp([[1, 3], [1 / 3 * (1 + 0.9e-9), 1]])
        with pytest.raises(InvalidValue, match=r"'matrix\[1\]\[0\]'"):
            ahp([[1, 3], [1 / 3 * (1 + 1.1e-9), 1]])
        ahp([[1 + 0.9e-9, 1], [1, 1]])
        with pytest.raises(InvalidValue, match=r"'matrix\[0\]\[0\]' must be 1 on the diagonal"):
            ahp([[1 + 1.1e-9, 1], [1, 1]])

    @pytest.mark.parametrize(
        ("matrix", "match"),
        [
            ([], r"'matrix' must be a non-empty square matrix \(got \[\]\)"),
            (
                [[1, 2], [0.5]],
                r"'matrix\[1\]' must be a row of 2 entries, as the matrix has 2 rows",
            ),
            ([[1, 2, 3], [0.5, 1, 1]], r"'matrix\[0\]' must be a row of 2 entries"),
            (
                [[1, -2], [-0.5, 1]],
                r"'matrix\[0\]\[1\]' must be a positive finite number \(got -2\)",
            ),
            ([[1, 0], [0, 1]], r"'matrix\[0\]\[1\]' must be a positive finite number \(got 0\)"),
            ([[1, math.inf], [0, 1]], r"'matrix\[0\]\[1\]' must be a positive finite number"),
            ([[1, math.nan], [1, 1]], r"'matrix\[0\]\[1\]' must be a positive finite number"),
            ([[1, "3"], [1 / 3, 1]], r"'matrix\[0\]\[1\]' must be a positive finite number"),
            ([[True, 1], [1, 1]], r"'matrix\[0\]\[0\]' must be a positive finite number"),
            ([[1, 2], [2, 1]], r"'matrix\[1\]\[0\]' must be 1/matrix\[0\]\[1\] = 0.5 \(got 2\)"),
            ([[1, 2, 1], [0.5, 1, 1], [1, 2, 1]], r"'matrix\[2\]\[1\]' must be 1/matrix\[1\]\[2\]"),
            ([[1, 1], [1, 2]], r"'matrix\[1\]\[1\]' must be 1 on the diagonal \(got 2\)"),
        ],
    )
    def test_rejects_bad_matrices(self, matrix: Matrix, match: str) -> None:
        with pytest.raises(InvalidValue, match=match):
            ahp(matrix)

    def test_rejects_unknown_random_index(self) -> None:
        with pytest.raises(
            InvalidValue,
            match=r"'random_index' must be one of 'donegan-dodd', 'saaty1980', 'saaty2005' "
            r"\(got 'saaty'\)",
        ):
            ahp(SAATY, random_index="saaty")

    @pytest.mark.parametrize(("table", "largest"), [("saaty1980", 10), ("saaty2005", 15)])
    def test_rejects_matrices_beyond_the_table(self, table: str, largest: int) -> None:
        ok = [[1.0] * largest for _ in range(largest)]
        assert abs(largest - ahp(ok, random_index=table).lambda_max) < 1e-12
        big = [[1.0] * (largest + 1) for _ in range(largest + 1)]
        with pytest.raises(
            InvalidValue,
            match=rf"'matrix' must be of order at most {largest} for the '{table}' random index "
            rf"\(got {largest + 1}\)",
        ):
            ahp(big, random_index=table)


class TestRandomIndex:
    """RI(n) comes from the published tables, cited in the module."""

    def test_saaty_1980(self) -> None:
        expected = [0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49]
        assert expected == [random_consistency_index(n) for n in range(1, 11)]

    def test_saaty_2005(self) -> None:
        expected = [0, 0, 0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49]
        expected += [1.52, 1.54, 1.56, 1.58, 1.59]
        assert expected == [random_consistency_index(n, table="saaty2005") for n in range(1, 16)]

    def test_donegan_dodd_published_orders(self) -> None:
        table = {3: 0.4914, 10: 1.4055, 20: 1.5371, 25: 1.5619, 90: 1.6213, 100: 1.6339}
        for n, ri in table.items():
            assert ri == random_consistency_index(n, table="donegan-dodd")
        assert 0.0 == random_consistency_index(2, table="donegan-dodd")

    @pytest.mark.parametrize(
        ("n", "ri"),
        [(22, 1.5371 + 2 * (1.5619 - 1.5371) / 5), (35, (1.5772 + 1.5976) / 2), (99, 1.63264)],
    )
    def test_donegan_dodd_interpolates_between_published_orders(self, n: int, ri: float) -> None:
        assert abs(ri - random_consistency_index(n, table="donegan-dodd")) < 1e-12

    @pytest.mark.parametrize(("table", "n"), [("saaty1980", 11), ("saaty2005", 16), ("donegan-dodd", 101)])
    def test_rejects_orders_beyond_the_table(self, table: str, n: int) -> None:
        with pytest.raises(InvalidValue, match=rf"'matrix' must be of order at most {n - 1}"):
            random_consistency_index(n, table=table)

    @pytest.mark.parametrize("n", [0, -1, True, 2.0, "3"])
    def test_rejects_orders_that_are_not_positive_integers(self, n: object) -> None:
        with pytest.raises(InvalidValue, match=r"'n' must be a positive integer"):
            random_consistency_index(n)  # type: ignore[arg-type]

    def test_rejects_unknown_table(self) -> None:
        with pytest.raises(InvalidValue, match=r"'table' must be one of 'donegan-dodd'"):
            random_consistency_index(3, table="dd")
        with pytest.raises(InvalidValue, match=r"'table' must be one of"):
            random_consistency_index(3, table=["saaty1980"])  # type: ignore[arg-type]

    def test_tables_are_read_only(self) -> None:
        with pytest.raises(TypeError):
            weighting.RANDOM_INDEX_TABLES["saaty1980"][3] = 0.5  # type: ignore[index]


class TestPairwiseMatrix:
    """Judgements on pairs fill a reciprocal matrix in the order of the items."""

    def test_builds_the_reciprocal_matrix(self) -> None:
        m = pairwise_matrix({("a", "b"): 3, ("c", "a"): 0.2, ("b", "c"): 3}, ["a", "b", "c"])
        assert ((1.0, 3.0, 5.0), (1 / 3, 1.0, 3.0), (0.2, 1 / 3, 1.0)) == m
        assert close(ahp(SAATY).weights, ahp(m).weights, 1e-15)

    def test_a_pair_may_be_judged_both_ways_if_reciprocal(self) -> None:
        m = pairwise_matrix({("a", "b"): 4, ("b", "a"): 0.25}, ["a", "b"])
        assert ((1.0, 4.0), (0.25, 1.0)) == m

    def test_single_item(self) -> None:
        assert ((1.0,),) == pairwise_matrix({}, ["only"])

    @pytest.mark.parametrize(
        ("judgements", "items", "match"),
        [
            ({}, [], r"'items' must be a non-empty sequence of items"),
            ({}, ["a", "b", "a"], r"'items\[2\]' must be unique \(got 'a'\)"),
            ({("a", "b"): 2}, ["a", "b", "c"],
             r"'judgements' must be complete, with every pair judged \(got \('a', 'c'\)\)"),
            ({("a", "x"): 2}, ["a", "b"],
             r"'judgements' must be keyed by pairs of two different listed items \(got \('a', 'x'\)\)"),
            ({("x", "a"): 2}, ["a", "b"], r"'judgements' must be keyed by pairs"),
            ({("a", "a"): 1}, ["a", "b"], r"'judgements' must be keyed by pairs"),
            ({("a", "b", "c"): 1}, ["a", "b", "c"], r"'judgements' must be keyed by pairs"),
            ({"ab": 1}, ["a", "b"], r"'judgements' must be keyed by pairs"),
            ({("a", "b"): 0}, ["a", "b"],
             r"'judgements\[\('a', 'b'\)\]' must be a positive finite number \(got 0\)"),
            ({("a", "b"): "2"}, ["a", "b"], r"'judgements\[\('a', 'b'\)\]' must be a positive"),
            ({("a", "b"): 2, ("b", "a"): 2}, ["a", "b"],
             r"'judgements\[\('b', 'a'\)\]' must be the reciprocal of the judgement on "
             r"\('a', 'b'\) \(got 2\)"),
        ],
    )  # fmt: skip
    def test_rejects_bad_judgements(self, judgements: dict, items: list[str], match: str) -> None:  # type: ignore[type-arg]
        with pytest.raises(InvalidValue, match=match):
            pairwise_matrix(judgements, items)


# --------------------------------------------------------------------------- entropy


class TestEntropy:
    """w_j = (1 - e_j) / Σ(1 - e_k), e_j the normalised Shannon entropy of column j."""

    def test_worked_example(self) -> None:
        assert close((0.32200, 0.31710, 0.03891, 0.32200), entropy(EXAMPLE), 5e-6)
        w = entropy(EXAMPLE)
        assert w[0] == w[3]  # columns 0 and 3 hold the same multiset

    def test_worked_example_matches_pymcdm_exactly(self) -> None:
        # 1 - e_3 is small, so the last places differ with the order of summation.
        assert close(list(entropy_weights(np.array(EXAMPLE, float))), entropy(EXAMPLE), 1e-13)

    def test_constant_column_weighs_exactly_zero(self) -> None:
        w = entropy([[3, 1], [3, 2], [3, 9]])
        assert (0.0, 1.0) == w

    def test_rounding_never_makes_a_weight_negative(self) -> None:
        # This column's entropy rounds to a hair above 1; its weight is 0, not -2e-16.
        assert (0.0, 1.0) == entropy([[0.1, 1], [0.10000000000000012, 2]])

    def test_two_rows(self) -> None:
        # e = -(0.25 ln 0.25 + 0.75 ln 0.75) / ln 2 for the first column, 1 for the second.
        assert (1.0, 0.0) == entropy([[1, 5], [3, 5]])
        assert (0.0, 1.0) == entropy([[1, 5], [1, 0]])

    @pytest.mark.parametrize(
        ("matrix", "match"),
        [
            ([[1, 2]], r"'matrix' must be a matrix with at least 2 rows \(got 1\)"),
            ([], r"'matrix' must be a matrix with at least 2 rows \(got 0\)"),
            ([[], []], r"'matrix\[0\]' must be a non-empty row \(got 0\)"),
            ([[1, 2], [3]], r"'matrix\[1\]' must be a row of 2 entries, like matrix\[0\] \(got 1\)"),
            ([[1, 2], [3, -1]], r"'matrix\[1\]\[1\]' must be non-negative \(got -1\)"),
            ([[1, 2], [3, math.nan]], r"'matrix\[1\]\[1\]' must be a finite number"),
            ([[1, 0], [3, 0]],
             r"'matrix\[\*\]\[1\]' must be a column with a positive sum \(got \(0.0, 0.0\)\)"),
            ([[1, 2], [1, 2]], r"'matrix' must be a matrix with at least one non-constant column"),
        ],
    )  # fmt: skip
    def test_rejects_bad_matrices(self, matrix: Matrix, match: str) -> None:
        with pytest.raises(InvalidValue, match=match):
            entropy(matrix)


# --------------------------------------------------------------------------- CRITIC


class TestCritic:
    """C_j = σ_j Σ_k (1 - r_jk) on min-max normalised columns; w = C / ΣC."""

    def test_worked_example(self) -> None:
        assert close((0.29581, 0.26088, 0.23978, 0.20354), critic(EXAMPLE), 5e-6)
        assert close(list(critic_weights(np.array(EXAMPLE, float))), critic(EXAMPLE), 1e-15)

    def test_cost_reversal_changes_correlations_not_spread(self) -> None:
        m: Matrix = [[1, 1, 5], [2, 3, 1], [3, 2, 2], [4, 5, 3]]
        assert close(list(critic_reference(m, {1})), critic(m, cost=[1]), 1e-15)
        assert critic(m, cost=[1]) != critic(m)
        # Reversing every column flips every correlation twice: nothing changes.
        assert close(critic(m), critic(m, cost=(0, 1, 2)), 1e-15)

    @pytest.mark.parametrize(
        ("matrix", "cost", "match"),
        [
            ([[1, 2]], (), r"'matrix' must be a matrix with at least 2 rows \(got 1\)"),
            ([[1, 2], [1, 3]], (), r"'matrix\[\*\]\[0\]' must be a column that varies \(got \(1.0, 1.0\)\)"),
            ([[1, 2], [2, 3]], (2,), r"'cost\[0\]' must be a column index from 0 to 1 \(got 2\)"),
            ([[1, 2], [2, 3]], (0, -1), r"'cost\[1\]' must be a column index from 0 to 1 \(got -1\)"),
            ([[1, 2], [2, 3]], (True,), r"'cost\[0\]' must be a column index"),
            ([[1], [2], [4]], (), r"'matrix' must be a matrix whose columns are not all perfectly"),
            ([[1, 2], [2, 4], [3, 6]], (), r"whose columns are not all perfectly correlated "
             r"\(some C_j > 0\) \(got '2 perfectly correlated column\(s\)'\)"),
        ],
    )  # fmt: skip
    def test_rejects_bad_matrices(self, matrix: Matrix, cost: tuple[int, ...], match: str) -> None:
        with pytest.raises(InvalidValue, match=match):
            critic(matrix, cost=cost)

    def test_rounding_noise_of_a_perfect_correlation_is_not_information(self) -> None:
        # The second column is 0.1·x + 1.7: r rounds a hair below 1, and the
        # C_j left over are noise, not a 50/50 split.
        with pytest.raises(InvalidValue, match=r"'matrix' must be a matrix whose columns"):
            critic([[3.3, 2.03], [1.1, 1.81], [0.7, 1.77]])

    def test_anticorrelated_pair_is_not_perfectly_correlated(self) -> None:
        # r = -1 gives 1 - r = 2: full conflict, and equal weights.
        assert close((0.5, 0.5), critic([[1, 6], [2, 4], [3, 2], [4, 0]]), 1e-15)


# --------------------------------------------------------------------------- normalise


class TestNormalise:
    """Each column on a common scale; cost columns reversed."""

    def test_examples(self) -> None:
        m = [[1, 4], [3, 0], [5, 2]]
        assert ((0.0, 1.0), (0.5, 0.0), (1.0, 0.5)) == normalise(m)
        assert ((1.0, 1.0), (0.5, 0.0), (0.0, 0.5)) == normalise(m, cost={0})
        assert ((1 / 9, 4 / 6), (3 / 9, 0.0), (5 / 9, 2 / 6)) == normalise(m, "sum")
        inv = 1 + 1 / 3 + 1 / 5
        assert close(
            [1 / inv, 1 / 3 / inv, 1 / 5 / inv],
            [r[0] for r in normalise(m, "sum", cost=[0])],
            1e-15,
        )
        norm = math.sqrt(35)
        assert close([1 / norm, 3 / norm, 5 / norm], [r[0] for r in normalise(m, "vector")], 1e-15)
        assert close(
            [1 - 1 / norm, 1 - 3 / norm, 1 - 5 / norm],
            [r[0] for r in normalise(m, "vector", cost=[0])],
            1e-15,
        )
        sd = math.sqrt(8 / 3)
        assert close([-2 / sd, 0, 2 / sd], [r[0] for r in normalise(m, "zscore")], 1e-15)
        assert close([2 / sd, 0, -2 / sd], [r[0] for r in normalise(m, "zscore", cost=[0])], 1e-15)
        assert ((0.0,), (1.0,)) == normalise([[0], [1]], "sum")

    @pytest.mark.parametrize(
        ("matrix", "method", "cost", "match"),
        [
            ([[1]], "max", (), r"'method' must be one of 'minmax', 'sum', 'zscore', 'vector' \(got 'max'\)"),
            ([], "minmax", (), r"'matrix' must be a matrix with at least 1 row \(got 0\)"),
            ([[1, 2], [1, 3]], "minmax", (), r"'matrix\[\*\]\[0\]' must be a column that varies"),
            ([[1, 2], [1, 3]], "zscore", (), r"'matrix\[\*\]\[0\]' must be a column that varies"),
            ([[0, 2], [0, 3]], "vector", (), r"'matrix\[\*\]\[0\]' must be a column that is not all zeros"),
            ([[0, 2], [0, 3]], "sum", (),
             r"'matrix\[\*\]\[0\]' must be a non-negative column with a positive sum"),
            ([[-1, 2], [2, 3]], "sum", (), r"'matrix\[\*\]\[0\]' must be a non-negative column"),
            ([[0, 2], [1, 3]], "sum", (0,),
             r"'matrix\[\*\]\[0\]' must be a positive column \(cost, sum method\)"),
            ([[1, 2], [2, 3]], "sum", (5,), r"'cost\[0\]' must be a column index from 0 to 1"),
            ([[1, 2], [2, math.inf]], "sum", (), r"'matrix\[1\]\[1\]' must be a finite number"),
        ],
    )  # fmt: skip
    def test_rejects_what_a_method_cannot_scale(
        self, matrix: Matrix, method: str, cost: tuple[int, ...], match: str
    ) -> None:
        with pytest.raises(InvalidValue, match=match):
            normalise(matrix, method, cost=cost)


# --------------------------------------------------------------------------- fixed, combine


class TestFixed:
    def test_scales_to_sum_one(self) -> None:
        assert (0.5, 0.25, 0.25) == fixed([2, 1, 1])
        assert (0.0, 1.0) == fixed([0, 3.5])

    @pytest.mark.parametrize(
        ("weights", "match"),
        [
            ([], r"'weights' must be a non-empty sequence of weights \(got \[\]\)"),
            ([1, -1], r"'weights\[1\]' must be a non-negative finite number \(got -1\)"),
            ([1, math.nan], r"'weights\[1\]' must be a non-negative finite number"),
            ([0, 0], r"'weights' must be weights with a positive sum \(got \[0, 0\]\)"),
            ([1, None], r"'weights\[1\]' must be a non-negative finite number \(got None\)"),
        ],
    )
    def test_rejects_bad_weights(self, weights: list[float], match: str) -> None:
        with pytest.raises(InvalidValue, match=match):
            fixed(weights)


class TestCombine:
    """Linear: α s + (1 - α) o.  Multiplicative: s·o / Σ s·o."""

    def test_linear(self) -> None:
        assert close((0.4, 0.6), combine([0.6, 0.4], [0.2, 0.8]), 1e-15)
        assert close((0.5, 0.5), combine([6, 4], [2, 8], alpha=0.75), 1e-15)
        assert (0.6, 0.4) == combine([0.6, 0.4], [0.2, 0.8], alpha=1)
        assert (0.2, 0.8) == combine([0.6, 0.4], [0.2, 0.8], alpha=0)

    def test_multiplicative(self) -> None:
        assert close(
            (0.12 / 0.44, 0.32 / 0.44),
            combine([0.6, 0.4], [0.2, 0.8], method="multiplicative"),
            1e-15,
        )
        assert (0.0, 1.0) == combine([0, 1], [0.5, 0.5], method="multiplicative")

    @pytest.mark.parametrize(
        ("s", "o", "kwargs", "match"),
        [
            ([1, 1], [1], {}, r"'objective' must be as long as 'subjective' \(2 weights\) \(got 1\)"),
            ([1, -1], [1, 1], {}, r"'subjective\[1\]' must be a non-negative finite number"),
            ([1, 1], [0, 0], {}, r"'objective' must be weights with a positive sum"),
            ([1, 1], [1, 1], {"alpha": 1.5}, r"'alpha' must be a number from 0 to 1 \(got 1.5\)"),
            ([1, 1], [1, 1], {"alpha": -0.1}, r"'alpha' must be a number from 0 to 1"),
            ([1, 1], [1, 1], {"alpha": math.nan}, r"'alpha' must be a number from 0 to 1"),
            ([1, 1], [1, 1], {"method": "geometric"},
             r"'method' must be one of 'linear', 'multiplicative' \(got 'geometric'\)"),
            ([1, 1], [1, 1], {"method": "multiplicative", "alpha": 0.3},
             r"'alpha' must be left at 0.5 for the multiplicative method \(got 0.3\)"),
            ([1, 0], [0, 1], {"method": "multiplicative"},
             r"'objective' must be positive on at least one criterion"),
        ],
    )  # fmt: skip
    def test_rejects_bad_input(
        self, s: list[float], o: list[float], kwargs: dict[str, object], match: str
    ) -> None:
        with pytest.raises(InvalidValue, match=match):
            combine(s, o, **kwargs)  # type: ignore[arg-type]


def test_public_names_are_exactly_all() -> None:
    assert sorted(weighting.__all__) == sorted(dir(weighting))


def test_importing_the_module_loads_no_numpy() -> None:
    """The core needs only the standard library, attrs, cattrs and dateutil."""
    code = "import sys, servicegov.weighting; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "False" == out.stdout.strip()


class TestRejectionsNameFieldValueAndWhatIsAllowed:
    """The house formula (errors.py): field, offending value and what is allowed."""

    @pytest.mark.parametrize(
        ("call", "field", "value", "allowed"),
        [
            (lambda: entropy([[1.0, "2"], [1.0, 3.0]]), "matrix[0][1]", "2", "a finite number"),  # type: ignore[list-item]
            (lambda: entropy([[1.0, math.inf], [1.0, 3.0]]), "matrix[0][1]", math.inf, "a finite number"),
            (lambda: random_consistency_index(0), "n", 0, "a positive integer"),
            (
                lambda: ahp([[1, 2], [0.5]]),
                "matrix[1]",
                1,
                "a row of 2 entries, as the matrix has 2 rows",
            ),
            (lambda: pairwise_matrix({}, []), "items", [], "a non-empty sequence of items"),
            (
                lambda: entropy([[1, 2], [1, 2]]),
                "matrix",
                "every column constant",
                "a matrix with at least one non-constant column",
            ),
            (lambda: normalise([[1, 2], [1, 3]]), "matrix[*][0]", (1.0, 1.0), "a column that varies"),
            (
                lambda: normalise([[1, 2], [1, 3]], "zscore"),
                "matrix[*][0]",
                (1.0, 1.0),
                "a column that varies",
            ),
            (
                lambda: normalise([[0, 2], [1, 3]], "sum", cost=[0]),
                "matrix[*][0]",
                (0.0, 1.0),
                "a positive column (cost, sum method)",
            ),
            (
                lambda: normalise([[0, 2], [0, 3]], "sum"),
                "matrix[*][0]",
                (0.0, 0.0),
                "a non-negative column with a positive sum",
            ),
            (
                lambda: normalise([[0, 2], [0, 3]], "vector"),
                "matrix[*][0]",
                (0.0, 0.0),
                "a column that is not all zeros",
            ),
            (
                lambda: combine([1, 0], [0, 1], method="multiplicative"),
                "objective",
                (0.0, 1.0),
                "positive on at least one criterion where 'subjective' is positive",
            ),
        ],
    )
    def test_each_rejection(self, call: object, field: str, value: object, allowed: str) -> None:
        with pytest.raises(InvalidValue) as info:
            call()  # type: ignore[operator]

        assert (field, value, allowed) == (info.value.field, info.value.value, info.value.allowed)


def test_an_unjudged_neighbouring_pair_is_named() -> None:
    with pytest.raises(InvalidValue) as info:
        pairwise_matrix({("a", "c"): 2, ("b", "c"): 3}, ["a", "b", "c"])

    assert ("judgements", ("a", "b")) == (info.value.field, info.value.value)


def test_a_pair_judged_both_ways_may_differ_by_a_relative_1e_9() -> None:
    within = pairwise_matrix({("b", "a"): 0.001, ("a", "b"): 1000.0000005}, ["a", "b"])

    assert 1000.0000005 == within[0][1]
    with pytest.raises(InvalidValue, match="must be the reciprocal of the judgement on"):
        pairwise_matrix({("b", "a"): 0.001, ("a", "b"): 1000.00001}, ["a", "b"])
