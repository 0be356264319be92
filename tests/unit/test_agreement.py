"""Agreement between raters: percent agreement, Cohen's kappa, Krippendorff's alpha.

Checked against scikit-learn's ``cohen_kappa_score`` and the ``krippendorff``
package on generated data, and against Krippendorff's published example.
"""

from __future__ import annotations

import math
import subprocess
import sys
from collections.abc import Hashable
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from servicegov import agreement
from servicegov.agreement import cohen_kappa, krippendorff_alpha, percent_agreement
from servicegov.errors import InvalidValue

from .agreement_cases import LEVELS, WEIGHTS, Data, LevelName, peer_alpha

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
# 4 observers, 12 units, values 1-5, with missing ratings.
PUBLISHED: Data = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]
PUBLISHED_ALPHA: dict[str, float] = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}


# --------------------------------------------------------------------------- kappa


class TestPercentAgreement:
    def test_share_of_units_rated_alike(self) -> None:
        assert 0.75 == percent_agreement([1, 2, 3, 4], [1, 2, 3, 5])
        assert 1.0 == percent_agreement(["a"], ["a"])
        assert 0.0 == percent_agreement(["a", "b"], ["b", "a"])

    @pytest.mark.parametrize(
        ("a", "b", "match"),
        [
            ([], [], r"'a' must be a non-empty sequence of ratings \(got \[\]\)"),
            ([1, 2], [1], r"'b' must be as long as 'a' \(2 ratings\) \(got 1\)"),
            ([1, None], [1, 2], r"'a\[1\]' must be a rating \(every unit needs both ratings"),
            ([1, 2], [None, 2], r"'b\[0\]' must be a rating"),
        ],
    )
    def test_rejects_bad_ratings(self, a: list[int], b: list[int], match: str) -> None:
        with pytest.raises(InvalidValue, match=match):
            percent_agreement(a, b)


class TestCohenKappa:
    """κ = 1 - Σ w·O / Σ w·E, with w 0/1, |i - j| or (i - j)² over ordered categories."""

    def test_worked_example(self) -> None:
        # Observed agreement 0.7; margins 35/15 and 30/20 give chance agreement
        # 0.7·0.6 + 0.3·0.4 = 0.54, so κ = (0.7 - 0.54) / (1 - 0.54) = 8/23.
        a = ["y"] * 35 + ["n"] * 15
        b = ["y"] * 25 + ["n"] * 10 + ["y"] * 5 + ["n"] * 10
        assert abs(8 / 23 - cohen_kappa(a, b)) < 1e-15
        assert abs(cohen_kappa_score(a, b) - cohen_kappa(a, b)) < 1e-15

    def test_weights_count_distance_in_label_positions(self) -> None:
        a, b = [1, 2, 3, 3, 2, 1], [1, 2, 3, 2, 2, 2]
        assert 0.5 == cohen_kappa(a, b)
        assert 4 / 7 == cohen_kappa(a, b, "linear")
        assert abs(2 / 3 - cohen_kappa(a, b, "quadratic")) < 1e-15
        # The values are ignored, only the order counts.
        assert 4 / 7 == cohen_kappa([x * 10 for x in a], [x * 10 for x in b], "linear")
        # Reordering the labels changes the distances: 2 < 1 < 3.
        assert 8 / 17 == cohen_kappa(a, b, "linear", labels=[2, 1, 3])
        assert 0.5 == cohen_kappa(a, b, labels=[2, 1, 3])

    def test_both_raters_constant_and_identical_agree_perfectly(self) -> None:
        # Chance disagreement is 0 and κ is 0/0; sklearn answers nan here.
        for w in WEIGHTS:
            assert 1.0 == cohen_kappa(["x"] * 3, ["x"] * 3, w)
            assert 1.0 == cohen_kappa([2, 2], [2, 2], w, labels=[1, 2, 3])

    def test_both_raters_constant_but_different_is_zero(self) -> None:
        assert 0.0 == cohen_kappa(["x"] * 3, ["y"] * 3)
        assert 0.0 == cohen_kappa([1] * 3, [3] * 3, "quadratic")
        assert cohen_kappa_score(["x"] * 3, ["y"] * 3) == cohen_kappa(["x"] * 3, ["y"] * 3)

    def test_systematic_disagreement_is_negative(self) -> None:
        assert -1.0 == cohen_kappa([1, 2, 1, 2], [2, 1, 2, 1])

    def test_strings_are_ordered_by_sorting(self) -> None:
        a, b = ["a", "b", "c", "c"], ["a", "c", "c", "b"]
        assert cohen_kappa_score(a, b, weights="linear") == cohen_kappa(a, b, "linear")

    def test_unsortable_ratings_need_labels_only_when_weighted(self) -> None:
        a: list[Hashable] = [1, "x", 1, "x"]
        b: list[Hashable] = [1, "x", "x", "x"]
        assert 0.5 == cohen_kappa(a, b)
        assert 0.5 == cohen_kappa(a, b, "linear", labels=[1, "x"])
        with pytest.raises(
            InvalidValue, match=r"'labels' must be given to order ratings that cannot be sorted"
        ):
            cohen_kappa(a, b, "linear")

    @pytest.mark.parametrize(
        ("a", "b", "kwargs", "match"),
        [
            ([], [], {}, r"'a' must be a non-empty sequence of ratings"),
            ([1, 2], [1, 2, 3], {}, r"'b' must be as long as 'a' \(2 ratings\) \(got 3\)"),
            ([1, 2], [1, None], {}, r"'b\[1\]' must be a rating"),
            (
                [1, 2],
                [1, 2],
                {"weights": "cubic"},
                r"'weights' must be one of None, 'linear', 'quadratic' \(got 'cubic'\)",
            ),
            ([1, 2], [1, 2], {"labels": [1, 2, 1]}, r"'labels\[2\]' must be unique \(got 1\)"),
            ([1, 2], [1, 3], {"labels": [1, 2]}, r"'b\[1\]' must be one of the labels \(got 3\)"),
            ([4, 2], [1, 2], {"labels": [1, 2]}, r"'a\[0\]' must be one of the labels \(got 4\)"),
        ],
    )
    def test_rejects_bad_input(
        self, a: list[int], b: list[int], kwargs: dict[str, object], match: str
    ) -> None:
        with pytest.raises(InvalidValue, match=match):
            cohen_kappa(a, b, **kwargs)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- alpha


class TestKrippendorffAlpha:
    """α = 1 - D_o / D_e over the coincidences of pairable ratings."""

    @pytest.mark.parametrize("level", LEVELS)
    def test_published_example(self, level: LevelName) -> None:
        alpha = krippendorff_alpha(PUBLISHED, level)
        assert PUBLISHED_ALPHA[level] == round(alpha, 3)
        assert abs(peer_alpha(PUBLISHED, level) - alpha) < 1e-12

    def test_required_perfect_agreement_is_exactly_one(self) -> None:
        assert 1.0 == krippendorff_alpha([[1, 2, 3, None], [1, 2, 3, 3]], level="nominal")
        for level in LEVELS:
            assert 1.0 == krippendorff_alpha([[1, 2, 3, None], [1, 2, 3, 3]], level)

    def test_default_level_is_nominal(self) -> None:
        assert krippendorff_alpha(PUBLISHED, "nominal") == krippendorff_alpha(PUBLISHED)

    def test_two_raters_nominal_by_hand(self) -> None:
        # Units (a,a), (a,b), (b,b), (b,b): o_ab = o_ba = 1, n_a = 3, n_b = 5, n = 8.
        # α = 1 - (n - 1)·(o_ab + o_ba) / (2·n_a·n_b) = 1 - 7·2 / 30.
        data: list[list[Hashable]] = [["a", "a", "b", "b"], ["a", "b", "b", "b"]]
        assert 1 - 14 / 30 == krippendorff_alpha(data)

    def test_ordinal_distance_by_hand(self) -> None:
        # Units (1,1), (1,2), (2,2), (2,3): n_1 = 3, n_2 = 4, n_3 = 1, n = 8.
        # δ(1,2) = (7 - 3.5)² = 12.25, δ(2,3) = (5 - 2.5)² = 6.25, δ(1,3) = (8 - 2)² = 36.
        data: Data = [[1, 1, 2, 2], [1, 2, 2, 3]]
        observed = 2 * 12.25 + 2 * 6.25
        chance = 3 * 4 * 12.25 + 4 * 1 * 6.25 + 3 * 1 * 36
        assert 0.5375 == 1 - 7 * observed / (2 * chance)
        assert abs(1 - 7 * observed / (2 * chance) - krippendorff_alpha(data, "ordinal")) < 1e-15
        assert abs(peer_alpha(data, "ordinal") - krippendorff_alpha(data, "ordinal")) < 1e-15

    def test_ratio_distance_by_hand(self) -> None:
        # δ(0,2) = ((0 - 2)/(0 + 2))² = 1 and δ(0,0) = 0, never 0/0.
        # n_0 = n_2 = 3: α = 1 - (6 - 1)·2 / (2·3·3·1).
        data: Data = [[0, 0, 2], [0, 2, 2]]
        assert 1 - 5 * 2 / (2 * 3 * 3) == krippendorff_alpha(data, "ratio")

    def test_units_rated_once_are_dropped(self) -> None:
        with_singles = [[*row, None, None] for row in PUBLISHED]
        with_singles[0][-2] = 7
        with_singles[1][-1] = 9
        for level in LEVELS:
            assert krippendorff_alpha(PUBLISHED, level) == krippendorff_alpha(
                with_singles,
                level,
            )

    def test_nan_is_missing_too(self) -> None:
        with_nan = [[math.nan if v is None else v for v in row] for row in PUBLISHED]
        np_nan = [[np.float64("nan") if v is None else v for v in row] for row in PUBLISHED]
        for level in LEVELS:
            expected = krippendorff_alpha(PUBLISHED, level)
            assert expected == krippendorff_alpha(with_nan, level)
            assert expected == krippendorff_alpha(np_nan, level)

    def test_ordinal_strings_take_their_order_from_values(self) -> None:
        names = {1: "very low", 2: "low", 3: "mid", 4: "high", 5: "very high"}
        words = [[None if v is None else names[int(v)] for v in row] for row in PUBLISHED]
        order = list(names.values())
        expected = krippendorff_alpha(PUBLISHED, "ordinal")
        assert expected == krippendorff_alpha(words, "ordinal", values=order)
        assert PUBLISHED_ALPHA["nominal"] == round(krippendorff_alpha(words), 3)
        assert krippendorff_alpha(PUBLISHED, "ordinal", values=[1, 2, 3, 4, 5]) == expected
        # A value nobody used adds no ratings between its neighbours: no change.
        gap = krippendorff_alpha(PUBLISHED, "ordinal", values=[1, 2, 2.5, 3, 4, 5])
        assert expected == gap
        # Interval and ratio take the distances from the values, not from the order.
        for level in ("interval", "ratio"):
            listed = krippendorff_alpha(PUBLISHED, level, values=[6, 5, 4, 3, 2, 1])
            assert krippendorff_alpha(PUBLISHED, level) == listed

    def test_other_real_numbers_are_accepted(self) -> None:
        as_fractions = [[None if v is None else Fraction(v) for v in row] for row in PUBLISHED]
        for level in LEVELS:
            assert abs(krippendorff_alpha(PUBLISHED, level) - krippendorff_alpha(as_fractions, level)) < 1e-15

    def test_many_identical_units_are_grouped_exactly(self) -> None:
        pattern: Data = [[1, 2, 2, 3, None, 1, 5], [1, 2, 3, 3, 4, None, 4], [2, 2, 3, None, 4, 1, 5]]
        data = [row * 500 for row in pattern]
        for level in LEVELS:
            assert abs(peer_alpha(data, level) - krippendorff_alpha(data, level)) < 1e-12

    @pytest.mark.parametrize(
        ("data", "kwargs", "match"),
        [
            (
                [[1, 2]],
                {"level": "binary"},
                r"'level' must be one of 'nominal', 'ordinal', 'interval', 'ratio' "
                r"\(got 'binary'\)",
            ),
            (
                [[1, 2, 3], [1, 2]],
                {},
                r"'data\[1\]' must be a row of 3 entries, like data\[0\] \(got 2\)",
            ),
            (
                [[1, None], [None, 2]],
                {},
                r"'data' must be data with at least one unit rated twice "
                r"\(got '2 rater\(s\) x 2 unit\(s\)'\)",
            ),
            ([[1, 2, 3]], {}, r"'data' must be data with at least one unit rated twice"),
            ([], {}, r"rated twice \(got '0 rater\(s\) x 0 unit\(s\)'\)"),
            (
                [[1, 1, 2], [1, 1, None]],
                {},
                r"'data' must be data whose pairable ratings take two or more values "
                r"\(got 'only the value 1'\)",
            ),
            (
                [[1, 2], [-1, 2]],
                {"level": "ratio"},
                r"'data\[1\]\[0\]' must be non-negative at the ratio level \(got -1\)",
            ),
            (
                [[1, 2], [1, "x"]],
                {"level": "interval"},
                r"'data\[1\]\[1\]' must be a finite number at the interval level \(got 'x'\)",
            ),
            (
                [[2, 3], [2, True]],
                {"level": "ratio"},
                r"'data\[1\]\[1\]' must be a finite number at the ratio level \(got True\)",
            ),
            (
                [[1, 2], [1, math.inf]],
                {"level": "interval"},
                r"'data\[1\]\[1\]' must be a finite number",
            ),
            (
                [[1, 2], [1, Decimal("2.5")]],
                {"level": "interval"},
                r"'data\[1\]\[1\]' must be a finite number",
            ),
            (
                [[1, "b"], ["a", "c"]],
                {"level": "ordinal"},
                r"'data\[0\]\[1\]' must be a number, or listed in 'values' to give the order "
                r"\(got 'b'\)",
            ),
            (
                [[1, 2], [1, 3]],
                {"values": [1, 2]},
                r"'data\[1\]\[1\]' must be one of the given values \(got 3\)",
            ),
            (
                [[1, 2], [1, 2]],
                {"level": "ratio", "values": [1, 2, -3]},
                r"'values\[2\]' must be non-negative at the ratio level \(got -3\)",
            ),
            (
                [[1, 2], [1, 2]],
                {"level": "interval", "values": [1, 2, "x"]},
                r"'values\[2\]' must be a finite number at the interval level \(got 'x'\)",
            ),
        ],
    )
    def test_rejects_bad_data(self, data: Data, kwargs: dict[str, object], match: str) -> None:
        with pytest.raises(InvalidValue, match=match):
            krippendorff_alpha(data, **kwargs)  # type: ignore[arg-type]


def test_public_names_are_exactly_all() -> None:
    assert sorted(agreement.__all__) == sorted(dir(agreement))


def test_importing_the_module_loads_no_numpy() -> None:
    """The core needs only the standard library, attrs, cattrs and dateutil."""
    code = "import sys, servicegov.agreement; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "False" == out.stdout.strip()


def test_nominal_categories_need_no_order_among_themselves() -> None:
    # Categories of different types (a code and a label) are still just categories.
    data: list[list[Hashable | None]] = [["a", 1, "a", 1], ["a", 1, 1, 1]]

    assert krippendorff_alpha(data) == pytest.approx(krippendorff_alpha([[0, 1, 0, 1], [0, 1, 1, 1]]))
