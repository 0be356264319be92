"""Tests for the scoring and assessment stage of `servicegov.pipeline`: one set, two reviews, grades."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import attrs
import pytest

from servicegov import cli, lifecycle, pipeline, serialization, simulation
from servicegov.assessment import DEFAULT_BANDS, Grade, Target, rank, unit_of_analysis, xinzhou_scheme
from servicegov.cli import _output
from servicegov.errors import ConfigurationError, InvalidValue, RuleViolation
from servicegov.pipeline import SimulatedService, Stage, Status, run, simulated_reviews
from servicegov.scoring import Review, ReviewChannel, Satisfaction
from servicegov.screening import consolidate

SMALL = simulation.generate("small", seed=3)


@pytest.fixture(scope="module")
def report() -> pipeline.Report:
    return simulation.simulate_year(SMALL, seed=3)


@pytest.fixture(scope="module")
def ballots(report: pipeline.Report) -> tuple[Review, ...]:
    return report.reviews


def test_every_claimant_with_commitments_has_a_score(report: pipeline.Report) -> None:
    assert report.commitments
    assert set(report.commitments) == set(report.scores)
    for who, c in report.commitments.items():
        assert c.claimant == who
        assert report.scores[who].reviewee == who
        assert report.scores[who].commitment == c.id


def test_commitments_hold_the_holders_own_spans_that_fell_due_or_were_resolved(
    report: pipeline.Report,
) -> None:
    assert report.period is not None
    for c in report.commitments.values():
        # The one set is fixed up front, with the standing promise; what arrives joins it.
        assert c.fixed_on == report.period.start
        assert c.standing
        for item in c.items:
            o = report.outcomes[item.ref]
            assert o.merged_into is None
            assert o.stage in (Stage.ROUTED, Stage.RESOLVED)
            assert item.due <= report.as_of or o.status is Status.RESOLVED
            holders = {e.unit for e in report.history(item.ref) if isinstance(e, lifecycle.Routed)}
            holders |= {e.claimant for e in report.history(item.ref) if isinstance(e, lifecycle.Claimed)}
            # Each holder's work rolls up into the unit assessed for it (分层考核).
            assessed = {found[1] for h in holders
                        if (found := unit_of_analysis(h, SMALL.organisation)) is not None}
            assert c.claimant in assessed
    for who, score in report.scores.items():
        items = report.commitments[who].items
        in_time = 0
        for i in items:
            o = report.outcomes[i.ref]
            resolver = unit_of_analysis(o.claimant or o.unit or "", SMALL.organisation)
            in_time += (o.status is Status.RESOLVED and resolver is not None and resolver[1] == who
                        and o.resolved_on is not None and o.resolved_on <= i.due)
        assert score.completion == pytest.approx(in_time / len(items))


def test_generated_reviews_keep_separation_of_duties(
    report: pipeline.Report, ballots: tuple[Review, ...]
) -> None:
    # Common needs hold the households of the requests merged into them.
    by_id = {n.id: n for n in consolidate(SMALL.needs).needs}
    assert {b.channel for b in ballots} == {ReviewChannel.RESIDENTS, ReviewChannel.ORGANISATIONAL}
    for b in ballots:
        assert b.reviewer != b.reviewee
        assert b.reviewer not in report.commitments[b.reviewee].parties
        if b.channel is ReviewChannel.RESIDENTS:
            villages = {by_id[i.ref].village for i in report.commitments[b.reviewee].items
                        if b.reviewer in by_id[i.ref].households}
            assert villages, f"{b.reviewer} had no need served by {b.reviewee}"
            assert b.satisfaction is not None
        else:
            assert SMALL.organisation.has_unit(b.reviewer)
            assert b.score is not None
            assert 0 <= b.score <= 100


def test_the_pipeline_scores_the_ballots_it_generates(
    report: pipeline.Report, ballots: tuple[Review, ...]
) -> None:
    assert report.ballots == {
        "organisational": sum(b.channel is ReviewChannel.ORGANISATIONAL for b in ballots),
        "residents": sum(b.channel is ReviewChannel.RESIDENTS for b in ballots),
    }
    follow = pipeline.follow_up(pipeline.intake(SMALL), service=SimulatedService(seed=3))
    claims = simulation.simulate_claims(follow)
    # The same facts through run() give the same report, bar the simulated assessors'
    # own findings (custom indicators), which run() does not invent.
    again = run(SMALL, service=SimulatedService(seed=3), claims=claims, reviews=ballots)
    assert again.scores == report.scores
    assert again.commitments == report.commitments
    assert attrs.evolve(again, assessments={}, grades_by_tier={}, top_units={}, bottom_units={},
                        unassessed={}) == attrs.evolve(report, assessments={}, grades_by_tier={},
                                                        top_units={}, bottom_units={}, unassessed={})


@pytest.mark.parametrize("part", ["trail", "intake"])
def test_simulated_claims_refuse_a_follow_up_whose_parts_do_not_belong_together(part: str) -> None:
    follow = pipeline.follow_up(pipeline.intake(SMALL), service=SimulatedService(seed=3))
    other = simulation.generate("small", seed=4)
    stranger = pipeline.follow_up(pipeline.intake(other), service=SimulatedService(seed=4))
    mixed = follow._replace(**{part: getattr(stranger, part)})
    refused = r"'follow\.outcomes\[N\d+\]' must be an outcome .*pipeline\.follow_up\(\)"
    with pytest.raises(InvalidValue, match=refused):
        simulation.simulate_claims(mixed)


def test_a_self_review_is_refused() -> None:
    r = run(SMALL, service=SimulatedService(seed=3), assessment=False)
    who = next(iter(r.commitments))
    mine = Review(reviewer=who, reviewee=who, channel=ReviewChannel.ORGANISATIONAL,
                  on=r.as_of, score=100)

    with pytest.raises(RuleViolation, match="no-self-review"):
        run(SMALL, service=SimulatedService(seed=3), reviews=[mine])


def test_a_resident_from_outside_the_served_area_is_refused() -> None:
    report = run(SMALL, service=SimulatedService(seed=3))
    villages = SMALL.organisation.villages
    who = next(c for c in report.commitments.values() if c.area in villages)
    elsewhere = next(v for v in villages if v != who.area)
    stranger = Review(reviewer="outsider", reviewee=who.claimant, channel=ReviewChannel.RESIDENTS,
                      on=report.as_of, satisfaction=Satisfaction.SATISFIED)

    with pytest.raises(RuleViolation, match="residents-live-in-area"):
        run(SMALL, service=SimulatedService(seed=3), reviews=[stranger],
            residence={"outsider": elsewhere})


def test_grades_respect_the_quotas(report: pipeline.Report) -> None:
    assert report.assessments
    for key, a in report.assessments.items():
        n = len(a.results)
        counts = a.counts()
        limit = DEFAULT_BANDS.limit(Grade.EXCELLENT, n)
        assert limit is not None
        assert counts[Grade.EXCELLENT] <= limit
        assert report.grades_by_tier[key] == {g.value: counts[g] for g in Grade}
        assert sum(report.grades_by_tier[key].values()) == n
        for r in a.results:
            assert r.grade is DEFAULT_BANDS.grade(r.total) or r.demoted


def test_rankings_agree_with_the_totals(report: pipeline.Report) -> None:
    for key, a in report.assessments.items():
        totals = {r.reviewee: r.total for r in a.results}
        assert {r.reviewee: r.rank for r in a.results} == rank(totals)
        assert [r.total for r in a.results] == sorted(totals.values(), reverse=True)
        assert report.top_units[key] == tuple(r.reviewee for r in a.results[:3])
        assert report.bottom_units[key] == tuple(r.reviewee for r in a.results[-3:])


def test_claimants_are_assessed_by_tier(report: pipeline.Report) -> None:
    org = SMALL.organisation
    assessed = {r.reviewee: key for key, a in report.assessments.items() for r in a.results}
    assert set(assessed) <= set(report.scores)
    for who, key in assessed.items():
        if org.has_unit(who):
            tier = org.unit(who).tier.value
            expected = {"district": "district-department", "town": "town-committee"}.get(
                tier, "village-organisation")
            assert key == expected
    assert sum(report.unassessed.values()) + len(assessed) == len(report.scores)


def test_the_two_channels_agree_somewhat(report: pipeline.Report) -> None:
    assert report.channel_agreement is not None
    assert -1 <= report.channel_agreement <= 1


def test_the_stage_is_deterministic(report: pipeline.Report) -> None:
    again = simulation.simulate_year(simulation.generate("small", seed=3), seed=3)

    assert again.scores == report.scores
    assert again.assessments == report.assessments
    assert again == report


def test_the_report_with_its_assessment_is_json_ready(report: pipeline.Report) -> None:
    doc = serialization.to_document(report)
    text = json.dumps(doc, ensure_ascii=False, allow_nan=False)

    assert serialization.from_document(json.loads(text), pipeline.Report) == report


def test_a_scheme_mapping_assesses_only_the_targets_it_names() -> None:
    r = simulation.simulate_year(
        SMALL, seed=3, assessment={Target.TOWN_COMMITTEE: xinzhou_scheme(Target.TOWN_COMMITTEE)})

    assert list(r.assessments) == ["town-committee"]
    assert r.scores


def test_without_assessment_or_scoring_the_stage_is_skipped() -> None:
    no_assessment = run(SMALL, service=SimulatedService(seed=3), assessment=False)
    nothing = run(SMALL, service=SimulatedService(seed=3), scoring_rule=None)

    assert no_assessment.scores
    assert not no_assessment.assessments
    assert not nothing.commitments
    assert not nothing.scores
    assert nothing.channel_agreement is None


def test_custom_indicators_are_used() -> None:
    base = simulation.simulate_year(SMALL, seed=3)
    dept = base.assessments["district-department"].results[-1].reviewee
    top = {dept: {"policy-projects": 100.0, "work-groups": 100.0}}
    r = simulation.simulate_year(SMALL, seed=3, custom_indicators=top)

    assert (r.assessments["district-department"].result(dept).total
            > base.assessments["district-department"].result(dept).total)


def test_a_district_run_without_reviews_is_scored_without_reviews() -> None:
    # A preset district too: the run invents no ballots.
    for district in (SMALL, attrs.evolve(SMALL, preset=None, seed=None)):
        r = run(district, service=SimulatedService(seed=3))

        assert r.scores
        assert r.reviews == ()
        assert sum(r.ballots.values()) == 0
        assert all(s.total is None for s in r.scores.values())
        assert not r.assessments
        assert r.channel_agreement is None
        assert sum(r.unassessed.values()) == len(r.scores)


def test_a_district_without_a_preset_plays_no_differently() -> None:
    plain = attrs.evolve(SMALL, preset=None, seed=None)
    r = run(plain, service=SimulatedService(seed=3))

    assert r.scores
    assert all(s.total is None for s in r.scores.values())
    assert not r.assessments
    assert r.channel_agreement is None
    assert sum(r.unassessed.values()) == len(r.scores)


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"assessment": "yes"}, InvalidValue, "'assessment'"),
        ({"assessment": {"village-cadre": xinzhou_scheme(Target.VILLAGE_CADRE)}}, InvalidValue,
         "'assessment'"),
        ({"assessment": {Target.TOWN_CADRE: xinzhou_scheme(Target.VILLAGE_CADRE)}}, ConfigurationError,
         r"'assessment\[town-cadre\]\[0\].target'"),
        ({"scoring_rule": ["rule"]}, InvalidValue, r"'scoring_rule\[0\]'"),
        ({"reviews": ["ballot"]}, InvalidValue, r"'reviews\[0\]'"),
    ],
)
def test_bad_arguments_name_the_field(kwargs: dict[str, object], error: type[Exception], field: str) -> None:
    with pytest.raises(error, match=field):
        run(SMALL, **kwargs)  # type: ignore[arg-type]


def test_simulated_reviews_check_their_arguments(report: pipeline.Report) -> None:
    with pytest.raises(InvalidValue, match="'organisational'"):
        simulated_reviews(SMALL, report.commitments.values(), [], seed=1, on=dt.date(2025, 4, 30),
                          organisational=0)


def test_the_demo_prints_the_assessment() -> None:
    out, err = StringIO(), StringIO()

    assert cli.main(["demo"], out=out, err=err) == 0
    text = out.getvalue()
    assert "一定双评 One set, two reviews" in text
    assert "Cohen's κ" in text
    assert "等次 Grades — 区直部门 (district department)" in text
    assert "优秀 (excellent)" in text
    assert "前三 Top three" in text
    assert "后三 Bottom three" in text


def test_the_demo_json_holds_the_assessment(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    assert cli.main(["demo", "--json", str(path)], out=StringIO(), err=StringIO()) == 0
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    assert {"assessments", "grades_by_tier", "top_units", "bottom_units", "channel_agreement",
            "scores", "commitments"} <= set(data)
    assert data["grades_by_tier"]["village-organisation"]


def test_demo_tables_align_chinese_text_by_display_width() -> None:
    out = StringIO()
    _output.table(out, "t", [("优秀 (excellent)", 1), ("基本称职 (basically competent)", 22)])
    lines = out.getvalue().splitlines()[2:]

    assert _output.display_width("优秀") == 4
    assert _output.display_width("ab") == 2
    ends = {_output.display_width(line) for line in lines}
    assert len(ends) == 1


