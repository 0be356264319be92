"""Properties of accountability in the district flow: outcomes backed by events, step by step."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from servicegov import ledger, lifecycle, strategies
from servicegov.district import District
from servicegov.pipeline import SimulatedService, run

from ..unit.accountability_cases import (
    POLICY,
    _district,
    _need,
    agrees,
    distinct_breaches,
    drive,
)


class TestHistories:
    """Every outcome is backed by events that replay to it."""

    @settings(max_examples=40, deadline=None)
    @given(strategies.districts(max_needs=25), st.integers(0, 3), st.booleans())
    def test_every_history_replays_to_its_outcome(self, d: District, seed: int, served: bool) -> None:
        r = run(d, service=SimulatedService(seed=seed) if served else None)

        for nid in r.outcomes:
            agrees(r, nid)
        # A need collected after the report date has no span yet.
        known = [r.history(n) for n, o in r.outcomes.items()
                 if o.merged_into is None and r.history(n)[0].on <= r.as_of]
        spans = ledger.ledger(known, as_of=r.as_of)
        assert spans.breaches() == distinct_breaches(r)


class TestStepByStep:
    """A platform that drives each need day by day ends where the batch call does."""

    @settings(max_examples=15, deadline=None)
    @given(st.integers(0, 120), st.one_of(st.none(), st.integers(10, 110)))
    def test_driving_a_need_day_by_day_gives_the_batch_outcome(
        self, offset: int, resolved: int | None
    ) -> None:
        need = _need(on=dt.date(2025, 1, 6) + dt.timedelta(days=offset))
        d = _district(need)
        done = None if resolved is None else need.collected + dt.timedelta(days=resolved)
        batch = run(d, policy=POLICY)
        routed = [e for e in batch.history("N1") if isinstance(e, lifecycle.Routed)]
        if done is not None and (not routed or done < routed[0].on or done > d.as_of):
            done = None  # a resolution must fall while someone holds it, by the report date
        if done is not None:
            batch = run(d, policy=POLICY, resolved={"N1": done})

        stepped = drive(d, need, done, d.as_of)

        expected = lifecycle.replay(batch.history("N1"))
        got = lifecycle.replay(stepped)
        assert (got.state, got.current_unit, got.due, got.closure) == (
            expected.state, expected.current_unit, expected.due, expected.closure)
        assert ledger.ledger([stepped], as_of=d.as_of).breaches() == batch.breaches
