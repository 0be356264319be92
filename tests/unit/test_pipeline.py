"""Tests for `servicegov.pipeline`: one outcome per need, deterministic, with counts."""

from __future__ import annotations

import datetime as dt
import json

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicegov import pipeline, serialization, simulation, strategies
from servicegov.district import District
from servicegov.errors import InvalidValue
from servicegov.org import Tier
from servicegov.pipeline import SimulatedService, Stage, Status, run
from servicegov.routing import RoutingPolicy

SMALL = simulation.generate("small", seed=4)


@pytest.fixture(scope="module")
def report() -> pipeline.Report:
    return run(SMALL, service=SimulatedService(seed=4))


def test_every_need_that_goes_in_comes_out_with_one_outcome(report: pipeline.Report) -> None:
    assert [n.id for n in SMALL.needs] == list(report.outcomes)
    assert all(o.need_id == k for k, o in report.outcomes.items())


def test_the_same_input_gives_the_same_output(report: pipeline.Report) -> None:
    again = run(simulation.generate("small", seed=4), service=SimulatedService(seed=4))

    assert report == again


def test_counts_add_up(report: pipeline.Report) -> None:
    distinct = report.needs - report.merged

    assert distinct == sum(report.by_verdict.values())
    assert distinct == sum(report.by_status.values())
    assert distinct == sum(report.by_stage.values())
    assert distinct == sum(report.by_category.values())
    assert report.by_verdict["accepted"] == report.service_list
    assert report.by_reason["duplicate"] == report.duplicates
    routed = report.by_stage.get("routed", 0) + report.by_stage.get("resolved", 0)
    assert routed == sum(report.by_channel.values())
    assert sum(o.overdue for o in report.outcomes.values() if o.merged_into is None) == report.overdue


def test_closures_follow_the_lifecycle_names(report: pipeline.Report) -> None:
    closed = report.by_closure

    assert report.by_status["resolved"] == closed["resolved"]
    assert report.duplicates == closed["duplicate"]
    assert report.by_status["rejected"] == closed["rejected"] + closed["duplicate"]
    assert {"resolved", "duplicate", "rejected"} == set(closed)


def test_rejected_needs_carry_their_reasons(report: pipeline.Report) -> None:
    rejected = [o for o in report.outcomes.values() if o.status is Status.REJECTED]

    assert rejected
    assert all(o.reasons for o in rejected)
    assert all(o.stage is Stage.SCREENING for o in rejected)
    assert all(o.unit is None for o in rejected)


def test_merged_requests_share_the_outcome_of_their_common_need(report: pipeline.Report) -> None:
    merged = [o for o in report.outcomes.values() if o.merged_into is not None]

    assert report.merged == len(merged)
    for o in merged:
        target = report.outcomes[o.merged_into]  # type: ignore[index]
        assert (target.status, target.unit, target.due) == (o.status, o.unit, o.due)


def test_resolved_needs_were_resolved_by_the_report_date_late_only_at_the_top(
    report: pipeline.Report,
) -> None:
    late = 0
    for o in report.outcomes.values():
        if o.status is Status.RESOLVED:
            assert o.resolved_on is not None
            assert o.due is not None
            assert o.resolved_on <= report.as_of
            if o.resolved_on > o.due:
                # Only where no tier is above does a late need stay to be resolved late,
                # and the lateness is the resolver's breach.
                late += 1
                assert o.tier is Tier.DISTRICT
                # A merged request is charged as its common need.
                assert (o.merged_into or o.need_id) in report.breaches[o.claimant or o.unit or ""]
        if o.overdue:
            assert o.status is Status.OPEN
            assert o.due is not None
            assert o.due < report.as_of
    assert late > 0


def test_escalations_are_counted_by_why(report: pipeline.Report) -> None:
    distinct = [o for o in report.outcomes.values() if o.merged_into is None]

    assert sum(report.escalations.values()) == sum(o.escalations for o in distinct)
    assert report.escalations.get("deadline-passed", 0) > 0


def test_without_progress_nothing_is_resolved_and_overdue_needs_climb() -> None:
    r = run(SMALL)

    assert r.by_status.get("resolved", 0) == 0
    assert r.by_tier["district"] > 0


def test_recorded_resolutions_are_used() -> None:
    need = SMALL.needs[0]
    plain = run(SMALL, policy=RoutingPolicy(escalate_overdue=False))
    first = plain.outcomes[need.id]
    if first.status is not Status.OPEN or first.due is None:
        pytest.skip("the first need of this seed is not routed")
    r = run(SMALL, policy=RoutingPolicy(escalate_overdue=False), resolved={need.id: first.due})

    expected = attrs.evolve(first, status=Status.RESOLVED, stage=Stage.RESOLVED,
                            resolved_on=first.due, overdue=False)
    assert expected == r.outcomes[need.id]


def test_a_report_date_before_routing_leaves_needs_listed() -> None:
    r = run(SMALL, as_of=dt.date(2025, 1, 10))

    assert r.by_stage.get("listed", 0) > 0
    assert "routed" not in r.by_stage


def test_listing_days_must_be_a_non_negative_integer() -> None:
    with pytest.raises(InvalidValue, match="'listing_workdays'"):
        run(SMALL, listing_workdays=-1)


def test_the_report_is_json_ready(report: pipeline.Report) -> None:
    doc = serialization.to_document(report)
    text = json.dumps(doc, ensure_ascii=False)

    assert report == serialization.from_document(json.loads(text), pipeline.Report)


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
