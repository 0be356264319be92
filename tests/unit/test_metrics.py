"""Summaries of a metric over replications where it is sometimes undefined (``nan``)."""

from __future__ import annotations

import math

import pytest

from servicegov import simulation
from servicegov.errors import InvalidValue
from servicegov.simulation import Summary, monte_carlo, summarise, summarise_defined

from .metrics_cases import NAN


class TestSummariseDefined:
    def test_it_is_summarise_without_the_undefined_values(self) -> None:
        assert summarise([0.8, 0.6, 0.7]) == summarise_defined([0.8, NAN, 0.6, NAN, 0.7])

    def test_nothing_defined_is_no_summary(self) -> None:
        assert summarise_defined([NAN, NAN]) is None
        assert summarise_defined([]) is None

    def test_one_defined_value_has_no_sd(self) -> None:
        s = summarise_defined([NAN, 0.5])
        assert isinstance(s, Summary)
        assert (1, 0.5, 0.5) == (s.n, s.mean, s.p50)
        assert math.isnan(s.sd)

    def test_it_reads_any_iterable_once(self) -> None:
        assert summarise([1.0, 2.0]) == summarise_defined(x for x in (1.0, NAN, 2.0))

    @pytest.mark.parametrize(
        ("values", "message"),
        [
            ([0.5, math.inf], r"'values\[1\]' must be a finite real number or nan \(got inf\)"),
            ([NAN, NAN, -math.inf], r"'values\[2\]' must be a finite real number or nan \(got -inf\)"),
            ([NAN, "0.5"], r"'values\[1\]' must be a finite real number or nan \(got '0.5'\)"),
            ([None], r"'values\[0\]' must be a finite real number or nan \(got None\)"),
        ],
    )
    def test_anything_else_is_refused_by_its_index_among_all_values(
        self, values: list[object], message: str
    ) -> None:
        with pytest.raises(InvalidValue, match=message):
            summarise_defined(values)  # type: ignore[arg-type]

    def test_it_summarises_a_tau_that_is_undefined_in_some_replications(self) -> None:
        # The monte carlo summary refuses nan; the defined replications are what a study reports.
        result = monte_carlo(lambda seed: NAN if seed % 3 == 0 else (seed % 7) / 7, 30, seed=1)
        defined = [r for r in result.runs if not math.isnan(r)]
        assert 0 < len(defined) < 30
        with pytest.raises(InvalidValue, match=r"'runs\[\d+\]' must be a finite real number"):
            result.summary()
        s = summarise_defined(result.runs)
        assert s is not None
        assert len(defined) == s.n
        assert math.fsum(defined) / len(defined) == pytest.approx(s.mean)

    def test_it_is_public_in_simulation(self) -> None:
        assert "summarise_defined" in simulation.__all__
        assert simulation.summarise_defined is summarise_defined
