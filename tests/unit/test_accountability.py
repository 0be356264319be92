"""Tests for accountability in the district flow: histories, breaches, facts, stages."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from servicegov import ledger, lifecycle, pipeline, simulation
from servicegov.claims import Claim, ClaimantKind, ClaimKind, ClaimMode
from servicegov.errors import DuplicateId, InvalidValue, UnknownReference
from servicegov.org import Tier
from servicegov.pipeline import SimulatedService, Stage, Status, run
from servicegov.scoring import Review, ReviewChannel

from .accountability_cases import (
    POLICY,
    SMALL,
    VILLAGE_ONLY,
    _district,
    _need,
    agrees,
    distinct_breaches,
)


class TestResponsibility:
    """分层解决、明确办事时限: a tier that does not act within its limit escalates, and
    the missed deadline is that tier's; the receiver gets a deadline of its own."""

    def test_an_escalated_need_is_charged_to_the_unit_it_left_never_the_receiver(self) -> None:
        d = _district(_need())
        r = run(d, policy=POLICY)

        escalations = [e for e in r.history("N1") if isinstance(e, lifecycle.Escalated)]
        assert [e.why.value for e in escalations] == ["deadline-passed", "deadline-passed"]
        first_holder = escalations[0].from_unit
        assert first_holder == "V"
        assert "N1" in r.breaches["V"]
        # The town unit that received it breached its own fresh deadline too, and the
        # district holds it, overdue on the report date.
        town = escalations[1].from_unit
        assert d.organisation.unit(town).tier is Tier.TOWN
        assert "N1" in r.breaches[town]
        assert r.outcomes["N1"].overdue
        assert "N1" in r.breaches[r.outcomes["N1"].unit or ""]

    def test_a_receiver_that_resolves_in_time_is_not_charged(self) -> None:
        d = _district(_need())
        first = run(d, policy=POLICY)
        town_routed = next(e for e in first.history("N1")
                           if isinstance(e, lifecycle.Routed) and e.tier is Tier.TOWN)

        r = run(d, policy=POLICY, resolved={"N1": town_routed.due})

        assert r.outcomes["N1"].status is Status.RESOLVED
        assert r.outcomes["N1"].unit == town_routed.unit
        assert r.breaches == {"V": ("N1",)}

    def test_a_need_resolved_in_time_charges_nobody(self) -> None:
        d = _district(_need())
        routed = next(e for e in run(d, policy=POLICY).history("N1") if isinstance(e, lifecycle.Routed))

        r = run(d, policy=POLICY, resolved={"N1": routed.due})

        assert r.breaches == {}
        assert r.outcomes["N1"].escalations == 0

    def test_a_claimant_that_misses_its_promise_is_charged_not_the_unit(self) -> None:
        d = _district(_need(), as_of=dt.date(2025, 3, 31))
        f = pipeline.follow_up(pipeline.intake(d), policy=POLICY)
        at = f.trail.legs["N1"][-1].at
        claim = Claim(id="c1", claimant="T-office", claimant_kind=ClaimantKind.UNIT, need_id="N1",
                      kind=ClaimKind.COLLECTIVE, claimed_on=at.since, due_on=at.since)
        r = run(d, policy=POLICY, claims=[claim], as_of=at.due)

        assert r.outcomes["N1"].claimant == "T-office"
        assert r.breaches == {"T-office": ("N1",)}
        record = lifecycle.replay(r.history("N1"))
        assert record.claimant == "T-office"


def test_a_need_passed_up_to_nobody_is_charged_to_the_unit_that_missed_its_deadline() -> None:
    """The village held it with a deadline of its own and passed it up when it missed it;
    that nobody above could take it does not wipe out the village's span or its breach."""
    need = _need()
    d = _district(need)
    r = run(d, policy=VILLAGE_ONLY)
    history = r.history("N1")

    routed = [e for e in history if isinstance(e, lifecycle.Routed)]
    passed = [e for e in history if isinstance(e, lifecycle.Escalated)]
    assert ("V", True) == (routed[0].unit, routed[0].due > routed[0].on)
    assert (passed[0].from_unit, passed[0].why, passed[0].on) == (
        "V", lifecycle.EscalationReason.DEADLINE_PASSED, d.calendar.next_workday(routed[0].due))
    assert Stage.UNROUTABLE is r.outcomes["N1"].stage
    assert {"V": ("N1",)} == r.breaches
    assert r.breaches == ledger.ledger([history], as_of=d.as_of).breaches()
    # A platform that drove the need day by day stored the same history.
    events: list[lifecycle.Event] = [lifecycle.Collected(need_id="N1", on=need.collected)]
    day = need.collected
    while day <= d.as_of:
        events += pipeline.advance(d, events, today=day, policy=VILLAGE_ONLY)
        day += dt.timedelta(days=1)
    assert history == tuple(events)


class TestHistories:
    """Every outcome is backed by events that replay to it."""

    def test_a_simulated_year_replays_and_agrees_with_the_ledger(self) -> None:
        r = simulation.simulate_year(SMALL, seed=5)

        for nid in r.outcomes:
            agrees(r, nid)
        distinct = [r.history(n) for n in r.outcomes if r.outcomes[n].merged_into is None]
        assert ledger.ledger(distinct, as_of=r.as_of).breaches() == distinct_breaches(r)
        for nid in r.outcomes:
            for e in r.history(nid):
                if isinstance(e, lifecycle.Escalated) and e.why is lifecycle.EscalationReason.DEADLINE_PASSED:
                    assert nid in r.breaches[e.from_unit] or r.outcomes[nid].merged_into

    def test_a_merged_request_shares_its_common_needs_history(self) -> None:
        r = run(SMALL)
        old, o = next((k, o) for k, o in r.outcomes.items() if o.merged_into is not None)

        assert r.history(old) == r.history(o.merged_into or "")

    def test_an_unknown_id_has_no_history(self) -> None:
        with pytest.raises(UnknownReference, match="'need_id'"):
            run(_district(_need())).history("N404")


class TestFacts:
    """The run uses only the facts it is given, and refuses facts that cannot be."""

    def test_a_preset_district_gets_no_invented_ballots_or_claims(self) -> None:
        r = run(SMALL)

        assert sum(r.ballots.values()) == 0
        assert r.reviews == ()
        assert r.claimed == 0
        assert all(o.claimant is None for o in r.outcomes.values())

    def test_a_resolution_before_collection_is_refused(self) -> None:
        with pytest.raises(InvalidValue, match=r"'resolved\['N1'\]' must be on or after 2025-03-03"):
            run(_district(_need()), resolved={"N1": dt.date(2025, 3, 1)})

    def test_a_resolution_before_routing_is_refused(self) -> None:
        with pytest.raises(InvalidValue, match="the day need 'N1' was routed"):
            run(_district(_need()), resolved={"N1": dt.date(2025, 3, 4)})

    def test_a_resolution_of_an_unknown_need_is_refused(self) -> None:
        with pytest.raises(UnknownReference, match="'resolved' must be the id of a need"):
            run(_district(_need()), resolved={"N9": dt.date(2025, 4, 1)})

    @pytest.mark.parametrize("bad", ["2025-04-01", dt.datetime(2025, 4, 1, 12), 20250401])
    def test_a_resolution_date_must_be_a_date(self, bad: object) -> None:
        with pytest.raises(InvalidValue, match=r"'resolved\['N1'\]' must be a datetime.date"):
            run(_district(_need()), resolved={"N1": bad})  # type: ignore[dict-item]

    def test_resolved_must_be_a_mapping(self) -> None:
        with pytest.raises(InvalidValue, match="'resolved' must be a mapping"):
            run(_district(_need()), resolved=["N1"])  # type: ignore[arg-type]

    def test_a_review_about_nobody_in_the_district_is_refused(self) -> None:
        ballot = Review(reviewer="h1", reviewee="nobody", channel=ReviewChannel.RESIDENTS,
                        on=dt.date(2025, 6, 1), score=90)
        with pytest.raises(UnknownReference, match=r"'reviews\[0\].reviewee'"):
            run(_district(_need()), reviews=[ballot])

    def test_a_claim_of_an_unknown_need_or_by_a_stranger_is_refused(self) -> None:
        d = _district(_need())
        claim = Claim(id="c1", claimant="T-office", claimant_kind=ClaimantKind.UNIT, need_id="N9",
                      kind=ClaimKind.COLLECTIVE, claimed_on=dt.date(2025, 4, 1),
                      due_on=dt.date(2025, 4, 30))
        with pytest.raises(UnknownReference, match=r"'claims\[0\].need_id'"):
            run(d, policy=POLICY, claims=[claim])
        with pytest.raises(UnknownReference, match=r"'claims\[0\].claimant'"):
            run(d, policy=POLICY, claims=[attrs.evolve(claim, need_id="N1", claimant="X")])
        early = Claim(id="c1", claimant="T-office", claimant_kind=ClaimantKind.UNIT, need_id="N1",
                      kind=ClaimKind.COLLECTIVE, claimed_on=dt.date(2025, 3, 4),
                      due_on=dt.date(2025, 4, 30))
        with pytest.raises(InvalidValue, match=r"'claims\[0\].claimed_on'"):
            run(d, policy=POLICY, claims=[early])
        f = pipeline.follow_up(pipeline.intake(d), policy=POLICY)
        since = f.trail.legs["N1"][-1].at.since
        ok = Claim(id="c1", claimant="T-office", claimant_kind=ClaimantKind.UNIT, need_id="N1",
                   kind=ClaimKind.COLLECTIVE, claimed_on=since, due_on=since)
        with pytest.raises(DuplicateId, match=r"'claims\[1\].need_id'"):
            run(d, policy=POLICY, claims=[ok, attrs.evolve(ok, id="c2")])

    def test_recorded_claims_and_a_claim_model_do_not_mix(self) -> None:
        with pytest.raises(InvalidValue, match=r"'claim_mode' must be None when claims are recorded"):
            run(SMALL, claims=[], claim_mode=ClaimMode.GREEDY)

    def test_listing_takes_at_least_a_working_day_of_publicity(self) -> None:
        with pytest.raises(InvalidValue, match="'listing_workdays' must be an integer >= 1"):
            run(SMALL, listing_workdays=0)

    def test_nothing_is_lost_whatever_the_facts(self) -> None:
        r = run(SMALL, resolved={})

        assert list(r.outcomes) == [n.id for n in SMALL.needs]


class TestStages:
    """The stages an embedder calls one at a time give what the batch call gives."""

    def test_the_stages_compose_to_run(self) -> None:
        taken = pipeline.intake(SMALL)
        f = pipeline.follow_up(taken, service=SimulatedService(seed=1))
        c = pipeline.claiming(f, mode=ClaimMode.GREEDY)
        j = pipeline.judging(c)
        a = pipeline.assessing(j)

        batch = run(SMALL, service=SimulatedService(seed=1), claim_mode=ClaimMode.GREEDY)
        assert dict(c.outcomes) == {
            k: v for k, v in batch.outcomes.items() if v.merged_into is None}
        assert j.scores == batch.scores
        assert a["assessments"] == batch.assessments

    def test_a_stage_refuses_what_is_not_the_stage_before(self) -> None:
        with pytest.raises(InvalidValue, match="'taken' must be the Intake"):
            pipeline.follow_up(SMALL)  # type: ignore[arg-type]
        with pytest.raises(InvalidValue, match=r"'district' must be a servicegov\.district\.District"):
            pipeline.intake("small")  # type: ignore[arg-type]


class TestStepByStep:
    """A platform that drives each need day by day ends where the batch call does."""

    def test_advance_refuses_a_history_that_does_not_replay(self) -> None:
        d = _district(_need())
        with pytest.raises(UnknownReference, match="must start with a 'collected' event"):
            pipeline.advance(d, [lifecycle.Started(need_id="N1", on=dt.date(2025, 3, 3))],
                             today=dt.date(2025, 3, 3))
        with pytest.raises(InvalidValue, match=r"'today' must be a datetime\.date"):
            pipeline.advance(d, [lifecycle.Collected(need_id="N1", on=dt.date(2025, 3, 3))],
                             today="2025-03-03")  # type: ignore[arg-type]


class TestStatements:
    """双述: a claimant's own start- and end-of-period statements are kept as data."""

    def test_statements_are_kept_with_the_report_and_score_nothing(self) -> None:
        from servicegov.calendar import Period
        from servicegov.scoring import Statement, StatementKind

        said = Statement(claimant="V", period=Period.year(2025), kind=StatementKind.OPENING,
                         on=dt.date(2025, 1, 20), text="今年解决本村养老需求")
        d = _district(_need())
        with_statement = run(d, policy=POLICY, statements=[said])
        without = run(d, policy=POLICY)

        assert with_statement.statements == (said,)
        assert with_statement.scores == without.scores

    def test_a_statement_by_a_stranger_or_for_another_period_is_refused(self) -> None:
        from servicegov.calendar import Period
        from servicegov.scoring import Statement, StatementKind

        d = _district(_need())
        stranger = Statement(claimant="nobody", period=Period.year(2025), kind=StatementKind.CLOSING,
                             on=dt.date(2025, 6, 1), text="done")
        with pytest.raises(UnknownReference, match=r"'statements\[0\].claimant'"):
            run(d, statements=[stranger])
        other = attrs.evolve(stranger, claimant="V", period=Period.year(2024), on=dt.date(2024, 6, 1))
        with pytest.raises(InvalidValue, match=r"'statements\[0\].period'"):
            run(d, statements=[other])


def test_a_merged_request_is_charged_with_its_common_need() -> None:
    r = simulation.simulate_year(SMALL, seed=5)
    for holder, ids in r.breaches.items():
        charged = set(ids)
        for nid in ids:
            into = r.outcomes[nid].merged_into
            assert into is None or into in charged
        for nid, o in r.outcomes.items():
            if o.merged_into in charged:
                assert nid in charged, (holder, nid)
