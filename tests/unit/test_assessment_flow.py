"""Assessment in the district flow as seed 001 prescribes: the right units, rated by the right raters."""

from __future__ import annotations

from collections import Counter

import attrs
import pytest

from servicegov import divisions, pipeline, simulation
from servicegov.assessment import RATERS, Grade, Rater, Target, rater_of, unit_of_analysis
from servicegov.errors import InvalidValue, UnknownReference
from servicegov.org import Member, Organisation, ProviderKind, Role, Tier, Unit
from servicegov.scoring import BallotProblem, Review, ReviewChannel
from servicegov.simulation import PRESETS, calibrate, generate, service_list

SMALL = generate("small", seed=3)
ORG = SMALL.organisation


@pytest.fixture(scope="module")
def year() -> pipeline.Report:
    return simulation.simulate_year(SMALL, seed=3)


class TestUnitsOfAnalysis:
    """分层考核: one village Party organisation per village, one town Party committee per town,
    departments with their cadres, town cadres and village cadres."""

    def test_every_village_unit_rolls_up_into_its_one_party_organisation(self) -> None:
        heads: dict[str, set[str]] = {}
        for u in ORG.units:
            if u.tier in (Tier.VILLAGE, Tier.PARTY_GROUP, Tier.GRID):
                found = unit_of_analysis(u.id, ORG)
                assert found is not None
                assert found[0] is Target.VILLAGE_ORGANISATION
                heads.setdefault(u.division, set()).add(found[1])
        assert dict.fromkeys(ORG.villages, 1) == {v: len(h) for v, h in heads.items()}

    def test_every_town_office_rolls_up_into_its_party_committee(self) -> None:
        towns = {unit_of_analysis(u.id, ORG) for u in ORG.units if u.tier is Tier.TOWN}
        assert {(Target.TOWN_COMMITTEE, "T01")} == towns

    def test_people_are_assessed_by_where_they_are_at_home(self) -> None:
        by_target = Counter(found[0] for m in ORG.members if (found := unit_of_analysis(m.id, ORG)))
        assert by_target[Target.TOWN_CADRE] == 3
        village_cadres = [m for m in ORG.members if m.role is Role.CADRE and m.home_branch.startswith("V")]
        assert by_target[Target.VILLAGE_CADRE] == len(village_cadres)
        # A department's cadres who claim in person count toward the department.
        assert unit_of_analysis("C02-03", ORG) == (Target.DISTRICT_DEPARTMENT, "D-DEPT-02")

    def test_the_district_party_committee_assesses_and_is_not_assessed(self) -> None:
        assert unit_of_analysis(ORG.root.id, ORG) is None
        with pytest.raises(UnknownReference):
            unit_of_analysis("nobody", ORG)

    def test_a_simulated_year_assesses_one_result_per_unit_of_analysis(self, year: pipeline.Report) -> None:
        villages = year.assessments["village-organisation"].results
        assert len(villages) == len({r.reviewee for r in villages}) == len(ORG.villages)
        assert all(divisions.level(ORG.unit(r.reviewee).division) is divisions.Level.VILLAGE
                   for r in villages)
        assert [r.reviewee for r in year.assessments["town-committee"].results] == ["T01"]
        assert year.assessments["village-cadre"].results
        assert year.assessments["town-cadre"].results
        assert {r.reviewee for r in year.assessments["district-department"].results} <= {
            u.id for u in ORG.units if u.tier is Tier.DISTRICT}


class TestWhoRatesWhom:
    """区直部门由街镇和村评分，街镇党员干部由村评分，村干部按照“一定双评”由群众评分."""

    def test_every_scored_ballot_comes_from_a_class_the_seed_allows(self, year: pipeline.Report) -> None:
        assert year.reviews
        for b in year.reviews:
            found = unit_of_analysis(b.reviewee, ORG)
            assert found is not None
            assert rater_of(b.reviewer, b.channel, ORG) in RATERS[found[0]]

    def test_a_superior_on_a_bottom_up_panel_is_set_aside(self, year: pipeline.Report) -> None:
        dept = year.assessments["district-department"].results[0].reviewee
        boss = Review(reviewer=ORG.root.id, reviewee=dept, channel=ReviewChannel.ORGANISATIONAL,
                      on=year.as_of, score=100)
        r = pipeline.run(SMALL, service=pipeline.SimulatedService(seed=3), reviews=[*year.reviews, boss])

        set_aside = [i for i in r.scores[dept].invalid if i.reviewer == ORG.root.id]
        assert [BallotProblem.RATER_NOT_ALLOWED] == [i.reason for i in set_aside]
        assert "'district'" in set_aside[0].detail
        assert boss not in r.reviews

    def test_a_village_cadre_is_rated_by_residents_and_the_town(self, year: pipeline.Report) -> None:
        cadre = year.assessments["village-cadre"].results[0].reviewee
        raters = {rater_of(b.reviewer, b.channel, ORG) for b in year.reviews if b.reviewee == cadre}
        assert raters == {Rater.RESIDENTS, Rater.TOWN}


class TestTheScoreReachesTheGrade:
    def test_a_village_cadre_is_graded_on_the_one_set_two_reviews_score(self, year: pipeline.Report) -> None:
        for r in year.assessments["village-cadre"].results:
            assert r.total == year.scores[r.reviewee].total

    def test_a_veto_caps_the_grade(self, year: pipeline.Report) -> None:
        best = year.assessments["village-cadre"].results[0]
        follow = pipeline.follow_up(pipeline.intake(SMALL), service=pipeline.SimulatedService(seed=3))
        claims = simulation.simulate_claims(follow)
        vetoed = pipeline.run(SMALL, service=pipeline.SimulatedService(seed=3), claims=claims,
                              reviews=year.reviews, vetoes={best.reviewee: ["安全生产事故"]})

        result = vetoed.assessments["village-cadre"].result(best.reviewee)
        assert (Grade.INCOMPETENT, True) == (result.grade, result.vetoed)
        assert vetoed.scores[best.reviewee].vetoes == ("安全生产事故",)

    def test_without_the_residents_quorum_a_cadre_is_not_assessable(self, year: pipeline.Report) -> None:
        follow = pipeline.follow_up(pipeline.intake(SMALL), service=pipeline.SimulatedService(seed=3))
        claims = simulation.simulate_claims(follow)
        no_residents = [b for b in year.reviews if b.channel is not ReviewChannel.RESIDENTS]
        r = pipeline.run(SMALL, service=pipeline.SimulatedService(seed=3), claims=claims,
                         reviews=no_residents)

        assert "village-cadre" not in r.assessments
        assert r.unassessed["village-cadre"] == sum(
            1 for w in r.scores if (found := unit_of_analysis(w, ORG)) and found[0] is Target.VILLAGE_CADRE)

    def test_custom_indicators_never_stand_in_for_a_review(self) -> None:
        r = pipeline.run(SMALL, service=pipeline.SimulatedService(seed=3))
        # No custom indicators and no reviews: nobody is graded on a stand-in.
        assert r.assessments == {}

    def test_vetoes_name_someone_in_the_district(self) -> None:
        with pytest.raises(UnknownReference, match="'vetoes'"):
            pipeline.run(SMALL, vetoes={"nobody": ["x"]})
        with pytest.raises(InvalidValue, match=r"'vetoes\['T01'\]'"):
            pipeline.run(SMALL, vetoes={"T01": "accident"})


class TestCalibration:
    def test_the_xinzhou_preset_gives_the_seeds_service_list_within_three_percent(self) -> None:
        """Seed 001: 259,650 needs, 102,311 service-list items, 651 villages, 80+ departments."""
        p = PRESETS["xinzhou"]
        assert (259_650, 651, 80) == (p.needs, p.villages, p.departments)
        assert abs(service_list("xinzhou") - 102_311) / 102_311 < 0.03

    def test_calibrate_fits_the_share_of_common_needs_and_reports_the_residual(self) -> None:
        target = 1_600
        c = calibrate("small", {"service_list": target}, fit_villages=10)

        assert dict(c.parameters)["common_share"] > PRESETS["small"].common_share
        ((figure, wanted, achieved, error),) = c.residuals
        assert (figure, wanted) == ("service_list", target)
        assert achieved == service_list(c.preset)
        assert abs(error) == c.worst < 0.03

    def test_generate_takes_a_preset_value_as_well_as_a_name(self) -> None:
        assert generate(PRESETS["small"], seed=2).needs == generate("small", seed=2).needs
        varied = generate(attrs.evolve(PRESETS["small"], needs=40), seed=2)
        assert len(varied.needs) == 40

    @pytest.mark.parametrize(
        ("targets", "field"),
        [({"households": 10}, "'targets'"), ({"service_list": -1}, r"'targets\['service_list'\]'"),
         ({"service_list": 1}, r"'targets\['service_list'\]'")],
    )
    def test_calibrate_refuses_what_it_cannot_fit(self, targets: dict[str, float], field: str) -> None:
        with pytest.raises(InvalidValue, match=field):
            calibrate("small", targets, fit_villages=5)

    def test_a_bad_preset_is_refused(self) -> None:
        with pytest.raises(InvalidValue, match="'preset'"):
            generate(["small"])  # type: ignore[arg-type]
        with pytest.raises(InvalidValue, match="'preset'"):
            calibrate(3, {"service_list": 10})  # type: ignore[arg-type]




# --------------------------------------------------------------------------- a hand-built district

_D, _T1, _T2 = "420117000000", "420117101000", "420117102000"
_V1, _V2 = "420117101201", "420117101202"


def _unit(uid: str, division: str, tier: Tier, parent: str | None, kind: ProviderKind | None = None) -> Unit:
    return Unit(id=uid, name=uid, division=division, tier=tier, parent=parent,
                kind=kind or ProviderKind.PARTY_ORGANISATION)


HAND = Organisation(
    units=(
        _unit("D", _D, Tier.DISTRICT, None),
        _unit("DEPT", _D, Tier.DISTRICT, "D", ProviderKind.GOVERNMENT_DEPARTMENT),
        _unit("DEPT-WG", _D, Tier.DISTRICT, "DEPT", ProviderKind.WORK_GROUP),
        _unit("DEPT-TEAM", _D, Tier.DISTRICT, "DEPT", ProviderKind.VOLUNTEER_TEAM),
        _unit("WG", _D, Tier.DISTRICT, "D", ProviderKind.WORK_GROUP),
        _unit("T1", _T1, Tier.TOWN, "D"),
        _unit("T1-OFFICE", _T1, Tier.TOWN, "T1", ProviderKind.GOVERNMENT_DEPARTMENT),
        _unit("T1-DESK", _T1, Tier.TOWN, "T1-OFFICE", ProviderKind.GOVERNMENT_DEPARTMENT),
        _unit("T2", _T2, Tier.TOWN, "D"),
        _unit("V1", _V1, Tier.VILLAGE, "T1"),
        _unit("V1-PG", _V1, Tier.PARTY_GROUP, "V1"),
        _unit("V1-G", _V1, Tier.GRID, "V1-PG"),
        _unit("V1-VC", _V1, Tier.VILLAGE, "V1", ProviderKind.VILLAGE_COMMITTEE),
        # A village split off from V1, its Party organisation still hung under V1's.
        _unit("V2", _V2, Tier.VILLAGE, "V1"),
        _unit("V2-G", _V2, Tier.GRID, "V2"),
    ),
    members=(
        Member(id="m-root", home_branch="D", division=_V1, role=Role.CADRE),
        Member(id="m-dept", home_branch="DEPT", division=_V1, role=Role.CADRE),
        Member(id="m-wg", home_branch="DEPT-WG", division=_V1, role=Role.CADRE),
        Member(id="m-t1", home_branch="T1-DESK", division=_T1),
        Member(id="m-t1c", home_branch="T1", division=_T1, role=Role.CADRE),
        Member(id="m-vc", home_branch="V1-G", division=_V1, role=Role.CADRE),
        Member(id="m-vm", home_branch="V1-G", division=_V1),
        Member(id="m-vol", home_branch="V2-G", division=_V2, role=Role.VOLUNTEER),
    ),
    backstop="D",
)


@pytest.mark.parametrize(
    ("holder", "expected"),
    [
        ("D", None),
        ("DEPT", (Target.DISTRICT_DEPARTMENT, "DEPT")),
        ("DEPT-WG", (Target.DISTRICT_DEPARTMENT, "DEPT")),
        ("DEPT-TEAM", (Target.DISTRICT_DEPARTMENT, "DEPT-TEAM")),
        ("WG", (Target.DISTRICT_DEPARTMENT, "WG")),  # a work group of the district committee itself
        ("T1", (Target.TOWN_COMMITTEE, "T1")),
        ("T1-OFFICE", (Target.TOWN_COMMITTEE, "T1")),
        ("T1-DESK", (Target.TOWN_COMMITTEE, "T1")),
        ("T2", (Target.TOWN_COMMITTEE, "T2")),
        ("V1", (Target.VILLAGE_ORGANISATION, "V1")),
        ("V1-PG", (Target.VILLAGE_ORGANISATION, "V1")),
        ("V1-G", (Target.VILLAGE_ORGANISATION, "V1")),
        ("V1-VC", (Target.VILLAGE_ORGANISATION, "V1")),
        ("V2", (Target.VILLAGE_ORGANISATION, "V2")),
        ("V2-G", (Target.VILLAGE_ORGANISATION, "V2")),
        ("m-root", None),
        ("m-dept", (Target.DISTRICT_DEPARTMENT, "DEPT")),
        ("m-wg", (Target.DISTRICT_DEPARTMENT, "DEPT")),
        ("m-t1", (Target.TOWN_CADRE, "m-t1")),
        ("m-t1c", (Target.TOWN_CADRE, "m-t1c")),
        ("m-vc", (Target.VILLAGE_CADRE, "m-vc")),
        ("m-vm", (Target.VILLAGE_ORGANISATION, "V1")),
        ("m-vol", (Target.VILLAGE_ORGANISATION, "V2")),
    ],
)
def test_units_of_analysis_in_a_hand_built_district(holder: str, expected: tuple[Target, str] | None) -> None:
    """A village's units roll up into its own Party organisation, never across villages;
    a town's into the town committee; a department's work group into the department."""
    assert expected == unit_of_analysis(holder, HAND)


def test_a_holder_that_is_neither_unit_nor_member_is_named() -> None:
    with pytest.raises(UnknownReference) as info:
        unit_of_analysis("nobody", HAND)
    assert ("holder", "nobody") == (info.value.field, info.value.value)


@pytest.mark.parametrize(
    ("reviewer", "expected"),
    [("D", Rater.DISTRICT), ("DEPT", Rater.DISTRICT), ("DEPT-WG", Rater.DISTRICT), ("T1", Rater.TOWN),
     ("T1-DESK", Rater.TOWN), ("V1", Rater.VILLAGE), ("V1-PG", Rater.VILLAGE), ("V1-G", Rater.VILLAGE),
     ("m-vc", None), ("nobody", None)],
)
def test_an_organisational_ballot_comes_from_the_reviewing_units_tier(
    reviewer: str, expected: Rater | None
) -> None:
    assert expected is rater_of(reviewer, ReviewChannel.ORGANISATIONAL, HAND)
    assert Rater.RESIDENTS is rater_of(reviewer, ReviewChannel.RESIDENTS, HAND)
