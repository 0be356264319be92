"""Properties of `servicegov.assignment`: the greedy assignment matches a plain reimplementation."""

from collections.abc import Mapping

from hypothesis import given
from hypothesis import strategies as st

from servicegov.assignment import greedy_assignment

from ..unit.assignment_cases import Caps, Prefs, hr_instances, load, shuffled


def greedy_oracle(candidates: Prefs, caps: Caps, priority: Mapping[str, float] | None) -> dict[str, str]:
    urgency = priority or {}
    order = sorted(candidates, key=lambda n: (-urgency.get(n, 0), n))
    room = dict(caps)
    out = {}
    for n in order:
        free = [c for c in candidates[n] if room[c] > 0]
        if free:
            out[n] = free[0]
            room[free[0]] -= 1
    return out


@given(
    hr_instances(),
    st.dictionaries(st.sampled_from([f"n{i}" for i in range(7)]), st.integers(-2, 2)),
    st.integers(0, 2**32),
)
def test_greedy_matches_a_plain_reimplementation(
    instance: tuple[Prefs, Prefs, Caps], urgency: dict[str, int], seed: int
) -> None:
    candidates, _, caps = instance
    priority = {n: urgency.get(n, 0) for n in candidates}
    expected = greedy_oracle(candidates, caps, priority)
    result = greedy_assignment(candidates, caps, priority=priority)

    assert expected == result
    assert all(k <= caps[c] for c, k in load(result).items())
    assert result == greedy_assignment(
        shuffled(candidates, seed), shuffled(caps, seed), priority=shuffled(priority, seed)
    )
    assert greedy_oracle(candidates, caps, None) == greedy_assignment(candidates, caps)
