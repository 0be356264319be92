"""Properties of `servicegov.projects`: a selection is optimal and within budget."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from servicegov.projects import select

from ..unit.projects_cases import project, scored


@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(60, 100)), min_size=0, max_size=9),
    st.integers(0, 200),
)
def test_selection_is_optimal_and_within_budget(items: list[tuple[int, int]], budget: int) -> None:
    ps = [project(f"P{i}", cost) for i, (cost, _) in enumerate(items)]
    sc = {f"P{i}": scored(float(m)) for i, (_, m) in enumerate(items)}
    s = select(ps, sc, budget=budget)
    costs = {p.code: p.funding.budget for p in ps}
    assert s.spent == sum(costs[c] for c in s.selected) <= budget
    best = max(
        sum(sc[c].mean or 0 for c in combo)
        for r in range(len(ps) + 1)
        for combo in itertools.combinations(sorted(costs), r)
        if sum(costs[c] for c in combo) <= budget
    )
    assert best == s.total_score
