"""Properties of `servicegov.strategies`: every generated model round-trips, and each strategy is sound."""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicegov import divisions, serialization, strategies
from servicegov.divisions import Level
from servicegov.needs import DEFAULT_CATALOGUE, Catalogue, Need, Scope
from servicegov.org import Organisation
from servicegov.screening import Consolidation, Reason, Screening, Verdict

from ..unit.strategies_cases import MODELS, _model_id


@pytest.mark.parametrize("model", MODELS, ids=_model_id)
@given(data=st.data())
def test_every_generated_model_round_trips_through_json_and_validates(
    model: type, data: st.DataObject
) -> None:
    value = data.draw(st.from_type(model))
    attrs.validate(value)

    text = json.dumps(serialization.unstructure(value), ensure_ascii=False)
    back: object = serialization.structure(json.loads(text), model)

    assert value == back
    assert type(value) is type(back)
    # Entities (a Claim) compare by id alone; their wire form must survive too.
    assert serialization.unstructure(value) == serialization.unstructure(back)


class TestStrategiesAreSound:
    """Cross-field invariants hold by construction, never by filtering."""

    @given(strategies.organisations(min_villages=2, max_villages=3))
    def test_an_organisation_is_one_tree_whose_members_act_through_its_units(self, org: Organisation) -> None:
        ids = [u.id for u in org.units]

        assert len(ids) == len(set(ids))
        assert 1 == sum(u.parent is None for u in org.units)
        assert 2 <= len(org.villages) <= 3
        for u in org.units:
            assert org.chain(u.id)[-1] == org.root
        for m in org.members:
            assert all(org.has_unit(b) for b in m.branches)
        for u in org.units:
            for v in u.linked_villages:
                assert v in org.villages
            if u.parent is not None:
                assert divisions.contains(org.unit(u.parent).division, u.division)

    @given(strategies.districts(min_needs=1, max_needs=8))
    def test_a_districts_needs_name_its_villages_and_categories(self, district: Any) -> None:
        villages = set(district.organisation.villages)

        assert 1 <= len(district.needs) <= 8
        assert len({n.id for n in district.needs}) == len(district.needs)
        for n in district.needs:
            assert n.village in villages
            assert n.category in district.catalogue
        assert district.organisation.root.division == district.division

    @given(strategies.needs(catalogue=DEFAULT_CATALOGUE))
    def test_a_need_has_its_categorys_kind_and_an_individual_need_one_household(self, need: Need) -> None:
        assert DEFAULT_CATALOGUE.category(need.category).kind is need.kind
        if need.scope is Scope.INDIVIDUAL:
            assert 1 == len(need.households)
            assert need.good is None
        else:
            assert need.recurrence is None

    @given(strategies.screenings())
    def test_a_screenings_verdict_agrees_with_its_findings(self, s: Screening) -> None:
        reasons = s.reasons
        if any(r.rejects for r in reasons):
            assert Verdict.REJECTED is s.verdict
        elif reasons:
            assert Verdict.DELIBERATION is s.verdict
        else:
            assert Verdict.ACCEPTED is s.verdict

    @given(strategies.consolidations())
    def test_a_consolidation_lists_every_id_once(self, c: Consolidation) -> None:
        ids = [i for n in c.needs for i in n.ids]

        assert len(ids) == len(set(ids))
        assert {m for m, _ in c.merged} <= set(ids)
        assert {d for d, _ in c.duplicates} <= {n.id for n in c.needs}

    @given(strategies.division_codes(level=Level.TOWN))
    def test_division_codes_are_at_the_level_asked_for(self, code: str) -> None:
        assert Level.TOWN is divisions.level(code)

    @given(strategies.catalogues(min_size=2, max_size=2, max_items=0))
    def test_catalogue_sizes_are_respected(self, catalogue: Catalogue) -> None:
        assert 2 == len(catalogue.categories)
        assert () == catalogue.items

    @given(strategies.periods(min_value=dt.date(2025, 1, 1), max_value=dt.date(2025, 1, 31)))
    def test_periods_stay_within_their_bounds(self, period: Any) -> None:
        assert dt.date(2025, 1, 1) <= period.start <= period.end <= dt.date(2025, 1, 31)

    @given(strategies.members(branches=["V1", "V2"]))
    def test_a_members_activity_branches_differ_from_the_home_branch(self, m: Any) -> None:
        assert m.branches <= {"V1", "V2"}
        assert m.home_branch not in {r.branch for r in m.registrations}

    @settings(max_examples=20)
    @given(strategies.worlds(max_units=3), st.integers(0, 2**32 - 1))
    def test_a_worlds_panels_always_return_a_ballot_for_every_unit(self, world: Any, seed: int) -> None:
        values = world.values(world.rate(random.Random(seed)))

        assert set(values) == set(world.unit_ids)

    @settings(max_examples=20)
    @given(strategies.panel_ratings(max_units=2, max_raters=3))
    def test_panel_ratings_rate_every_unit_by_every_rater(self, sheet: Any) -> None:
        assert len(sheet.ratings) == len(sheet.units) * len({r.rater for r in sheet.ratings})
        for r in sheet.ratings:
            assert r.scores is None or all(0 <= v <= 100 for v in r.scores)

    @settings(max_examples=20)
    @given(strategies.findings())
    def test_findings_carry_a_reason(self, f: Any) -> None:
        assert isinstance(f.reason, Reason)
