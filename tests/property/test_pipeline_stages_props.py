"""Properties of `servicegov.pipeline`'s stages: advance agrees with the batch call, in one step or two."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from servicegov import pipeline

from ..unit.pipeline_stages_cases import POLICY, _collected, _district, _need


@settings(max_examples=25, deadline=None)
@given(offset=st.integers(0, 150), days=st.integers(1, 25), late=st.integers(0, 120),
       every_tier=st.booleans())
def test_advancing_at_once_gives_the_events_of_the_batch_history(
    offset: int, days: int, late: int, every_tier: bool,
) -> None:
    need = _need(on=dt.date(2025, 1, 6) + dt.timedelta(days=offset))
    today = need.collected + dt.timedelta(days=late)
    d = _district(need, as_of=today)
    policy = POLICY if every_tier else None

    batch = pipeline.run(d, policy=policy, listing_workdays=days)
    got = pipeline.advance(d, _collected(need), today=today, policy=policy, listing_workdays=days)

    assert got == batch.history(need.id)[1:]
    assert all(e.on <= today for e in got)


@settings(max_examples=25, deadline=None)
@given(offset=st.integers(0, 100), first=st.integers(0, 80), second=st.integers(0, 80))
def test_advancing_in_two_steps_gives_what_advancing_once_gives(offset: int, first: int, second: int) -> None:
    need = _need(on=dt.date(2025, 1, 6) + dt.timedelta(days=offset))
    d = _district(need)
    midway = need.collected + dt.timedelta(days=first)
    end = midway + dt.timedelta(days=second)

    events = _collected(need)
    events += pipeline.advance(d, events, today=midway, policy=POLICY)
    events += pipeline.advance(d, events, today=end, policy=POLICY)

    at_once = pipeline.advance(d, _collected(need), today=end, policy=POLICY)
    assert tuple(events) == (*_collected(need), *at_once)
    # Caught up: nothing more to append on the same day.
    assert pipeline.advance(d, events, today=end, policy=POLICY) == ()
