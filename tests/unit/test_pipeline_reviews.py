"""Tests for `servicegov.pipeline`: run is its stages composed, with every argument passed on;
a resident's stated home is the one used; the simulated reviews follow their seed and panel sizes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import attrs
import pytest

from servicegov import pipeline, simulation
from servicegov.assessment import Target, xinzhou_scheme
from servicegov.calendar import Period
from servicegov.claims import ClaimKind, ClaimMode
from servicegov.errors import ServicegovError, UnknownReference
from servicegov.pipeline import SimulatedService, Status
from servicegov.scoring import DEFAULT_RULE, Commitment, Review, ReviewChannel, Satisfaction
from servicegov.screening import ScreeningRules, Verdict
from servicegov.simulation import PRESETS

SMALL = simulation.generate("small", seed=3)
SERVICE = SimulatedService(seed=3)


@pytest.fixture
def report() -> pipeline.Report:
    return pipeline.run(SMALL, service=SERVICE)


def test_run_passes_every_argument_to_its_stage() -> None:
    screening = ScreeningRules(deliberation_cost_individual=2_000.0)
    period = Period(dt.date(2025, 1, 1), SMALL.as_of)
    rule = attrs.evolve(DEFAULT_RULE, effective_from=dt.date(2024, 1, 1), basic_weight=0.9)
    t = Target.VILLAGE_ORGANISATION
    assessment = {t: xinzhou_scheme(t)}

    got = pipeline.run(SMALL, service=SERVICE, screening=screening, period=period, scoring_rule=rule,
                       assessment=assessment)

    taken = pipeline.intake(SMALL, screening=screening)
    judged = pipeline.judging(pipeline.claiming(pipeline.follow_up(taken, service=SERVICE)),
                              period=period, scoring_rule=rule)
    assessed = pipeline.assessing(judged, assessment=assessment)
    verdicts = Counter(s.verdict for s in taken.screenings.values())
    assert got.by_verdict == {v.value: n for v, n in verdicts.items()}
    assert verdicts[Verdict.DELIBERATION] > 0
    assert got.period == period
    assert pipeline.run(SMALL, service=SERVICE, assessment=False).period != period
    assert got.commitments == judged.commitments
    assert got.scores == judged.scores
    assert got.scores != pipeline.judging(judged.claimed, period=period).scores
    # Without ballots nobody is assessable: only the target named is counted as not assessed.
    assert list(got.unassessed) == [t.value]
    assert got.unassessed == assessed["unassessed"]
    assert got.assessments == assessed["assessments"]


def _served(report: pipeline.Report) -> tuple[str, str]:
    """A claimant serving one village, and that village."""
    villages = SMALL.organisation.villages
    c = next(c for c in report.commitments.values() if c.area in villages)
    assert c.area is not None
    return c.claimant, c.area


@pytest.mark.parametrize("through", ["run", "judging"])
def test_a_residents_stated_home_is_the_one_used(report: pipeline.Report, through: str) -> None:
    who, village = _served(report)
    ballot = Review(reviewer="newcomer", reviewee=who, channel=ReviewChannel.RESIDENTS,
                    on=report.as_of, satisfaction=Satisfaction.SATISFIED)

    if through == "run":
        got = pipeline.run(SMALL, service=SERVICE, reviews=[ballot], residence={"newcomer": village})
        ballots, reviews = got.ballots, got.reviews
    else:
        claimed = pipeline.claiming(pipeline.follow_up(pipeline.intake(SMALL), service=SERVICE))
        judged = pipeline.judging(claimed, reviews=[ballot], residence={"newcomer": village})
        ballots, reviews = judged.counts["ballots"], judged.reviews

    assert ballots == {ReviewChannel.RESIDENTS.value: 1}
    assert reviews == (ballot,)


def test_the_history_of_an_unknown_need_is_refused_in_the_reports_words(report: pipeline.Report) -> None:
    with pytest.raises(ServicegovError) as caught:
        report.history("N-NOPE")
    e = caught.value
    assert isinstance(e, UnknownReference)
    assert (e.field, e.value, e.allowed) == ("need_id", "N-NOPE", "the id of a need of this report")
    assert str(e) == "'need_id' must be the id of a need of this report (got 'N-NOPE')"


def test_custom_indicators_that_are_not_a_mapping_are_refused_in_the_stages_words(
    report: pipeline.Report,
) -> None:
    claimed = pipeline.claiming(pipeline.follow_up(pipeline.intake(SMALL), service=SERVICE))
    judged = pipeline.judging(claimed)
    with pytest.raises(ServicegovError) as caught:
        pipeline.assessing(judged, custom_indicators=[("V1", 80.0)])  # type: ignore[arg-type]
    e = caught.value
    assert (e.field, e.value) == ("custom_indicators", [("V1", 80.0)])
    assert e.allowed == "a mapping {claimant id: {indicator code: value}}"


# --------------------------------------------------------------------------- simulated reviews


def _reviewed(report: pipeline.Report) -> tuple[list[str], list[Commitment]]:
    done = [o.need_id for o in report.outcomes.values() if o.status is Status.RESOLVED]
    return done, list(report.commitments.values())


def test_simulated_reviews_follow_their_seed(report: pipeline.Report) -> None:
    done, sets = _reviewed(report)
    one = pipeline.simulated_reviews(SMALL, sets, done, seed=1, on=report.as_of)
    again = pipeline.simulated_reviews(SMALL, sets, done, seed=1, on=report.as_of)
    other = pipeline.simulated_reviews(SMALL, sets, done, seed=2, on=report.as_of)

    assert one == again
    assert one != other
    # The seed draws the marks, not only who gives them.
    marks = {(b.reviewer, b.reviewee): b.score for b in one if b.score is not None}
    others = {(b.reviewer, b.reviewee): b.score for b in other if b.score is not None}
    shared = marks.keys() & others.keys()
    assert shared
    assert any(marks[k] != others[k] for k in shared)


def test_simulated_panels_are_five_strong_by_default() -> None:
    # One department serving ten villages: more than five units may rate it.
    d = simulation.generate(attrs.evolve(PRESETS["small"], needs=1_000, departments=1), seed=3)
    done, sets = _reviewed(pipeline.run(d, service=SERVICE, assessment=False))
    default = pipeline.simulated_reviews(d, sets, done, seed=1, on=d.as_of)
    five = pipeline.simulated_reviews(d, sets, done, seed=1, on=d.as_of,
                                      residents_per_village=5, organisational=5)
    assert default == five

    homes = {h: n.village for n in d.needs for h in n.households}
    residents = Counter((b.reviewee, homes[b.reviewer]) for b in default
                        if b.channel is ReviewChannel.RESIDENTS)
    panels = Counter(b.reviewee for b in default if b.channel is ReviewChannel.ORGANISATIONAL)
    assert max(residents.values()) == 5
    assert max(panels.values()) == 5
    wider = pipeline.simulated_reviews(d, sets, done, seed=1, on=d.as_of,
                                       residents_per_village=6, organisational=6)
    assert max(Counter(b.reviewee for b in wider if b.channel is ReviewChannel.ORGANISATIONAL).values()) == 6
    assert max(Counter((b.reviewee, homes[b.reviewer]) for b in wider
                       if b.channel is ReviewChannel.RESIDENTS).values()) == 6


def test_simulated_claims_are_counted_by_their_kind() -> None:
    followed = pipeline.follow_up(pipeline.intake(SMALL), service=SERVICE)
    got = pipeline.claiming(followed, mode=ClaimMode.GREEDY)

    by_kind = got.counts["claims_by_kind"]
    assert by_kind
    assert set(by_kind) <= {k.value for k in ClaimKind}
    assert sum(by_kind.values()) == got.counts["claimed"] == sum(
        o.claimant is not None for o in got.outcomes.values())


# --------------------------------------------------------------------------- rules and schemes in effect


@pytest.fixture
def claimed() -> pipeline.Claiming:
    return pipeline.claiming(pipeline.follow_up(pipeline.intake(SMALL), service=SERVICE))


def test_judging_uses_the_scoring_rule_in_effect_and_names_a_missing_one(claimed: pipeline.Claiming) -> None:
    later = attrs.evolve(DEFAULT_RULE, effective_from=SMALL.as_of + dt.timedelta(days=1))
    judged = pipeline.judging(claimed, scoring_rule=[DEFAULT_RULE, later])
    assert judged.scores == pipeline.judging(claimed, scoring_rule=DEFAULT_RULE).scores

    with pytest.raises(ServicegovError) as caught:
        pipeline.judging(claimed, scoring_rule=later)
    assert str(caught.value) == (
        f"no scoring rule in effect on {SMALL.as_of} (the first starts on {later.effective_from})")

    with pytest.raises(ServicegovError) as caught:
        pipeline.judging(claimed, scoring_rule=[DEFAULT_RULE, DEFAULT_RULE])
    assert (caught.value.field, caught.value.allowed) == ("scoring_rule[].effective_from", "distinct dates")


def test_assessing_names_a_scheme_not_yet_in_effect(claimed: pipeline.Claiming) -> None:
    t = Target.VILLAGE_ORGANISATION
    later = xinzhou_scheme(t, effective_from=SMALL.as_of + dt.timedelta(days=1))
    with pytest.raises(ServicegovError) as caught:
        pipeline.assessing(pipeline.judging(claimed), assessment={t: later})
    assert str(caught.value) == (
        f"no assessment scheme in effect on {SMALL.as_of} (the first starts on {later.effective_from})")


def test_a_member_reviews_as_a_resident_of_the_village_they_live_in(report: pipeline.Report) -> None:
    who, village = _served(report)
    member = next(m for m in SMALL.organisation.members if m.migration is None and m.division == village)
    ballot = Review(reviewer=member.id, reviewee=who, channel=ReviewChannel.RESIDENTS, on=report.as_of,
                    satisfaction=Satisfaction.SATISFIED)

    got = pipeline.run(SMALL, service=SERVICE, reviews=[ballot])

    assert got.ballots == {ReviewChannel.RESIDENTS.value: 1}
    assert got.reviews == (ballot,)


@pytest.mark.parametrize(("mark", "clipped"), [
    (-5.0, 0.0), (-0.5, 0.0), (0.0, 0.0), (0.5, 0.5), (55.5, 55.5), (99.5, 99.5), (100.0, 100.0),
    (100.5, 100.0), (150.0, 100.0),
])
def test_a_simulated_mark_stays_on_the_hundred_point_scale(mark: float, clipped: float) -> None:
    assert pipeline._clip(mark) == clipped


def test_a_reviewer_giving_everyone_one_mark_has_those_ballots_set_aside(report: pipeline.Report) -> None:
    done, sets = _reviewed(report)
    simulated = pipeline.simulated_reviews(SMALL, sets, done, seed=1, on=report.as_of)
    panels = Counter(b.reviewer for b in simulated if b.channel is ReviewChannel.ORGANISATIONAL)
    who, n = panels.most_common(1)[0]
    minimum = DEFAULT_RULE.straight_line_min
    assert minimum is not None
    assert n >= minimum
    rated = sorted({b.reviewee for b in simulated if b.reviewer == who})

    def ballots(marks: list[float]) -> list[Review]:
        return [Review(reviewer=who, reviewee=t, channel=ReviewChannel.ORGANISATIONAL, on=report.as_of,
                       score=m) for t, m in zip(rated, marks, strict=True)]

    same = pipeline.run(SMALL, service=SERVICE, reviews=ballots([80.0] * len(rated)))
    varied = pipeline.run(SMALL, service=SERVICE, reviews=ballots([80.0 + i for i in range(len(rated))]))

    assert same.invalid_ballots == len(rated)
    assert all(len(same.scores[t].invalid) == 1 for t in rated)
    assert varied.invalid_ballots == 0
    assert all(not varied.scores[t].invalid for t in rated)
