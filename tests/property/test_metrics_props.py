"""Properties of `servicegov.simulation`: the defined values alone decide a summary."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from servicegov.simulation import summarise, summarise_defined

from ..unit.metrics_cases import NAN

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


class TestSummariseDefined:
    @given(st.lists(st.one_of(finite, st.just(NAN)), max_size=30))
    def test_the_defined_values_alone_decide(self, values: list[float]) -> None:
        defined = [v for v in values if not math.isnan(v)]
        s = summarise_defined(values)
        assert (summarise(defined) if defined else None) == s
