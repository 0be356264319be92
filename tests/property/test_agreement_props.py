"""Properties of `servicegov.agreement`: percent agreement, kappa and alpha against their peers."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from servicegov.agreement import cohen_kappa, krippendorff_alpha, percent_agreement

from ..unit.agreement_cases import LEVELS, WEIGHTS, Data, LevelName, WeightName, peer_alpha


@st.composite
def rating_pairs(draw: st.DrawFn, max_category: int = 4) -> tuple[list[int], list[int]]:
    n = draw(st.integers(1, 30))
    ratings = st.lists(st.integers(0, max_category), min_size=n, max_size=n)
    return draw(ratings), draw(ratings)


def degenerate(a: Sequence[Hashable], b: Sequence[Hashable]) -> bool:
    """Both raters used one and the same category throughout: kappa is 0/0."""
    return len(set(a) | set(b)) == 1


class TestPercentAgreement:
    @given(rating_pairs())
    def test_matches_the_definition(self, pair: tuple[list[int], list[int]]) -> None:
        a, b = pair
        assert sum(x == y for x, y in zip(a, b, strict=True)) / len(a) == percent_agreement(a, b)


class TestCohenKappa:
    """κ = 1 - Σ w·O / Σ w·E, with w 0/1, |i - j| or (i - j)² over ordered categories."""

    @pytest.mark.parametrize("weights", WEIGHTS)
    @given(pair=rating_pairs())
    def test_matches_sklearn(self, weights: WeightName, pair: tuple[list[int], list[int]]) -> None:
        a, b = pair
        assume(not degenerate(a, b))
        labels = sorted(set(a) | set(b))
        expected = cohen_kappa_score(a, b, weights=weights, labels=labels)
        assert abs(expected - cohen_kappa(a, b, weights)) < 1e-9

    @pytest.mark.parametrize("weights", WEIGHTS)
    @given(pair=rating_pairs(), data=st.data())
    def test_matches_sklearn_with_labels_in_a_given_order(
        self, weights: WeightName, pair: tuple[list[int], list[int]], data: st.DataObject
    ) -> None:
        a, b = pair
        assume(not degenerate(a, b))
        labels = data.draw(st.permutations(range(6)))
        expected = cohen_kappa_score(a, b, weights=weights, labels=labels)
        actual = cohen_kappa(a, b, weights, labels=labels)
        assert abs(expected - actual) < 1e-9

    @given(rating_pairs())
    def test_is_symmetric_and_at_most_one(self, pair: tuple[list[int], list[int]]) -> None:
        a, b = pair
        for w in WEIGHTS:
            assert cohen_kappa(a, b, w) == cohen_kappa(b, a, w)
            assert cohen_kappa(a, b, w) <= 1.0
            assert 1.0 == cohen_kappa(a, a, w)


@st.composite
def reliability_data(draw: st.DrawFn, min_value: float = -3) -> Data:
    """Raters x units, values from a small pool so that categories repeat."""
    raters = draw(st.integers(2, 5))
    units = draw(st.integers(1, 15))
    pool: list[float | None] = draw(
        st.lists(
            st.integers(int(min_value), 9).map(float) | st.sampled_from([0.5, 2.25, 7.75]),
            min_size=1,
            max_size=6,
            unique=True,
        )
    )
    # Repeating None in the pool sets how often a rating is missing.
    pool += [None] * draw(st.integers(0, 3))
    row = st.lists(st.sampled_from(pool), min_size=units, max_size=units)
    return [draw(row) for _ in range(raters)]


def alpha_defined(data: Data) -> bool:
    """Some unit has two ratings, and the pairable ratings take two values or more."""
    pairable: set[float] = set()
    for unit in zip(*data, strict=True):
        rated = [v for v in unit if v is not None]
        if len(rated) >= 2:
            pairable.update(rated)
    return len(pairable) >= 2


class TestKrippendorffAlpha:
    """α = 1 - D_o / D_e over the coincidences of pairable ratings."""

    @pytest.mark.parametrize("level", LEVELS)
    @given(draw=st.data())
    def test_matches_the_krippendorff_package(self, level: LevelName, draw: st.DataObject) -> None:
        data = draw.draw(reliability_data(min_value=0 if level == "ratio" else -3))
        assume(alpha_defined(data))
        actual = krippendorff_alpha(data, level)
        assert abs(peer_alpha(data, level) - actual) < 1e-9

    @given(reliability_data(), st.data())
    def test_invariant_to_the_order_of_units_and_raters(self, data: Data, draw: st.DataObject) -> None:
        assume(alpha_defined(data))
        units = draw.draw(st.permutations(range(len(data[0]))))
        raters = draw.draw(st.permutations(data))
        shuffled = [[row[j] for j in units] for row in raters]
        for level in LEVELS[:3]:
            assert abs(krippendorff_alpha(data, level) - krippendorff_alpha(shuffled, level)) < 1e-12

    @given(reliability_data(min_value=0), st.sampled_from([0.5, 2.0, 3.0]), st.integers(-5, 5))
    def test_interval_ignores_affine_and_ratio_ignores_scale(self, data: Data, a: float, b: int) -> None:
        assume(alpha_defined(data))
        moved = [[None if v is None else a * v + b for v in row] for row in data]
        scaled = [[None if v is None else a * v for v in row] for row in data]
        assert abs(krippendorff_alpha(data, "interval") - krippendorff_alpha(moved, "interval")) < 1e-9
        assert abs(krippendorff_alpha(data, "ratio") - krippendorff_alpha(scaled, "ratio")) < 1e-9
        # Order is all the ordinal level sees; nominal sees only identity.
        assert abs(krippendorff_alpha(data, "ordinal") - krippendorff_alpha(moved, "ordinal")) < 1e-12
        assert abs(krippendorff_alpha(data) - krippendorff_alpha(moved)) < 1e-12
