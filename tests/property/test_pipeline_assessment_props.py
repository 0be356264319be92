"""Properties of the district flow's assessment: commitments, ballots and refusals, over generated inputs."""

from __future__ import annotations

import functools

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicegov import pipeline, simulation
from servicegov.district import District
from servicegov.errors import UnknownReference
from servicegov.pipeline import SimulatedService, run, simulated_reviews


@functools.cache
def _small_run() -> tuple[District, pipeline.Report]:
    d = simulation.generate("small", seed=2)
    return d, run(d, service=SimulatedService(seed=2), assessment=False)


@given(ref=st.text(alphabet="xyz09", min_size=1, max_size=6), position=st.integers(0, 3))
def test_simulated_reviews_refuse_a_commitment_to_a_need_the_district_does_not_have(
    ref: str, position: int
) -> None:
    """A commitment is reviewed from the needs it promises; one that names no need of the
    district is refused by name, never a KeyError."""
    d, r = _small_run()
    commitments = sorted(r.commitments.values(), key=lambda c: c.claimant)[:4]
    i = min(position, len(commitments) - 1)
    bad = attrs.evolve(commitments[i], items=[
        *commitments[i].items, attrs.evolve(commitments[i].items[0], ref=f"no-such-{ref}")])
    commitments[i] = bad
    with pytest.raises(UnknownReference) as caught:
        simulated_reviews(d, commitments, [], seed=1, on=r.as_of)
    assert (f"commitments[{i}].items[{len(bad.items) - 1}].ref", f"no-such-{ref}") == (
        caught.value.field, caught.value.value)
    assert caught.value.allowed == "a need of the district (not a request merged into another)"
