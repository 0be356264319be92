"""Properties of `servicegov.pipeline`: every need kept, and service times that are a hash of their inputs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from servicegov import simulation, strategies
from servicegov.district import District
from servicegov.org import Tier
from servicegov.pipeline import SimulatedService, Stage, Status, run

from ..unit.pipeline_cases import _need


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**31 - 1))
def test_the_pipeline_conserves_every_need_of_every_generated_preset(seed: int) -> None:
    d = simulation.generate("small", seed=seed)
    r = run(d, service=SimulatedService(seed=seed))

    assert {n.id for n in d.needs} == set(r.outcomes)
    assert len(d.needs) == len(r.outcomes)


@settings(max_examples=30, deadline=None)
@given(d=strategies.districts(max_needs=25))
def test_the_pipeline_conserves_every_need_of_any_district(d: District) -> None:
    r = run(d, service=SimulatedService(seed=1))

    assert [n.id for n in d.needs] == list(r.outcomes)
    for o in r.outcomes.values():
        assert (o.status is Status.REJECTED) == (o.stage is Stage.SCREENING)
        if o.status is Status.OPEN and o.stage in (Stage.ROUTED, Stage.DELIBERATION, Stage.LISTED):
            assert o.tier is not None
            assert o.unit is not None
        assert o.tier is None or isinstance(o.tier, Tier)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), i=st.integers(0, 99), tier=st.sampled_from(list(Tier)),
       attempt=st.integers(0, 5))
def test_a_service_draw_is_a_hash_of_seed_need_tier_and_attempt(seed: int, i: int, tier: Tier,
                                                                 attempt: int) -> None:
    s = SimulatedService(seed=seed)
    days = s.workdays(_need(i), tier, attempt)

    assert days == SimulatedService(seed=seed).workdays(_need(i), tier, attempt)
    assert days is None or (type(days) is int and days >= 0)
