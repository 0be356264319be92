"""The Hypothesis strategies: one per public model, sound, registered for ``st.from_type``."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import pkgutil
import random
import subprocess
import sys
from collections.abc import Callable, Iterable
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import servicegov
from servicegov import divisions, serialization, strategies
from servicegov.divisions import Level
from servicegov.needs import DEFAULT_CATALOGUE, Catalogue, Need, Scope
from servicegov.org import Organisation
from servicegov.screening import Consolidation, Reason, Screening, Verdict

# Every public module: ``servicegov.<name>`` without a leading underscore, and the
# ``simulation`` package; not the command line, the strategies themselves or
# ``__main__``.  Modules without attrs classes simply contribute no model.
_NOT_MODELS = {"servicegov.cli", "servicegov.strategies", "servicegov.__main__"}


def public_module_names() -> tuple[str, ...]:
    """Every public servicegov module that may define public models."""
    return tuple(
        sorted(
            m.name
            for m in pkgutil.iter_modules(servicegov.__path__, "servicegov.")
            if not m.name.rsplit(".", 1)[-1].startswith("_") and m.name not in _NOT_MODELS
        )
    )


PUBLIC_MODULES = public_module_names()


def public_models(module_names: Iterable[str] = PUBLIC_MODULES) -> list[type]:
    """Every attrs class named in the ``__all__`` of the given modules."""
    out: list[type] = []
    for name in module_names:
        module = importlib.import_module(name)
        for attr in module.__all__:
            obj = getattr(module, attr)
            if isinstance(obj, type) and attrs.has(obj):
                out.append(obj)
    return out


def missing_strategies(models: Iterable[type]) -> list[type]:
    """The models that have no registered strategy."""
    missing: list[type] = []
    for model in models:
        try:
            strategies.strategy_for(model)
        except InvalidArgument:
            missing.append(model)
    return missing


def _unwrap(strategy: st.SearchStrategy[Any]) -> object:
    # Lazy strategies (and from_type) resolve to the strategy they stand for.
    return getattr(strategy, "wrapped_strategy", strategy)


MODELS = public_models()


def _model_id(model: type) -> str:
    # routing's result (RoutedTo) and lifecycle's event (Routed) are told apart by module.
    return f"{model.__module__.rsplit('.', 1)[-1].lstrip('_')}.{model.__name__}"


class TestEveryPublicModelHasAStrategy:
    """Every attrs class in a public ``__all__`` has a strategy, so nobody forgets one."""

    def test_the_discovery_finds_the_models_of_every_public_module(self) -> None:
        names = {f"{m.__module__.rsplit('.', 1)[-1]}.{m.__name__}" for m in MODELS}

        assert {
            "servicegov.needs",
            "servicegov.routing",
            "servicegov.pipeline",
            "servicegov.lifecycle",
            "servicegov.scoring",
            "servicegov.assessment",
            "servicegov.projects",
            "servicegov.weighting",
            "servicegov.simulation",
        } <= set(PUBLIC_MODULES)
        assert {
            "needs.Need",
            "org.Organisation",
            "screening.Screening",
            "calendar.WorkCalendar",
            "district.District",
            "routing.Route",
            "routing.RoutedTo",
            "routing.Unroutable",
            "pipeline.Report",
            "lifecycle.Routed",
            "lifecycle.NeedRecord",
            "scoring.Score",
            "assessment.Assessment",
            "projects.Selection",
            "weighting.AHPResult",
            "_montecarlo.MonteCarloResult",
            "_presets.Preset",
        } <= names
        assert 73 <= len(MODELS)

    def test_every_public_model_has_a_registered_strategy(self) -> None:
        assert [] == missing_strategies(MODELS)

    def test_a_public_model_without_a_strategy_is_reported(self) -> None:
        @attrs.frozen
        class Forgotten:
            x: int

        assert [Forgotten] == missing_strategies([Need, Forgotten])

    def test_an_unknown_type_has_no_strategy(self) -> None:
        with pytest.raises(InvalidArgument, match="int is not a public servicegov model"):
            strategies.strategy_for(int)

    @pytest.mark.parametrize("model", MODELS, ids=_model_id)
    def test_from_type_uses_the_registered_strategy_not_a_guess(self, model: type) -> None:
        # An unregistered attrs class would resolve to Hypothesis's own guess, builds(model).
        resolved = _unwrap(st.from_type(model))

        assert _unwrap(strategies.strategy_for(model)) is resolved


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


def test_the_core_never_imports_hypothesis() -> None:
    """Hypothesis is an optional extra: importing every core module must not load it."""
    names = sorted(
        m.name
        for m in pkgutil.walk_packages(servicegov.__path__, "servicegov.")
        if not m.name.endswith(("strategies", "_hypothesis_plugin", "__main__"))
        and not m.name.startswith("servicegov.strategies.")
    )
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "print('hypothesis' in sys.modules)\n"
    )
    env = dict(os.environ, HYPOTHESIS_NO_PLUGINS="1")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)

    assert "servicegov.pipeline" in names
    assert "False" == out.stdout.strip()


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


BAD_ARGUMENTS: list[tuple[str, Callable[[], Any]]] = [
    ("min_size=-1", lambda: strategies.catalogues(min_size=-1)),
    ("max_size=1 must be at least min_size=2", lambda: strategies.catalogues(min_size=2, max_size=1)),
    ("min_size=True", lambda: strategies.catalogues(min_size=True)),
    ("max_villages=0 must be at least min_villages=1", lambda: strategies.organisations(max_villages=0)),
    ("members=1", lambda: strategies.organisations(members=1)),  # type: ignore[arg-type]
    ("village='4201'", lambda: strategies.needs(village="4201")),
    ("village='420117101000'", lambda: strategies.needs(village="420117101000")),
    (
        "catalogue must have at least one category",
        lambda: strategies.needs(catalogue=Catalogue(categories=())),
    ),
    ("catalogue=", lambda: strategies.needs(catalogue="default")),  # type: ignore[arg-type]
    ("ids=", lambda: strategies.needs(ids=["a"])),  # type: ignore[arg-type]
    ("level=", lambda: strategies.division_codes(level="town")),  # type: ignore[arg-type]
    ("max_value=", lambda: strategies.periods(min_value=dt.date(2025, 1, 2), max_value=dt.date(2025, 1, 1))),
    ("min_value=", lambda: strategies.periods(min_value=dt.datetime(2025, 1, 1))),
    ("max_size=-1", lambda: strategies.work_calendars(max_size=-1)),
    ("min_size=0 must be at least 1", lambda: strategies.screening_policies(min_size=0)),
    ("branches must name at least one unit", lambda: strategies.members(branches=[])),
    ("branches='V1'", lambda: strategies.registrations(branches="V1")),
    ("rules=", lambda: strategies.screenings(rules="default")),  # type: ignore[arg-type]
    ("kind=", lambda: strategies.categories(kind="emotional")),  # type: ignore[arg-type]
    ("max_needs=0 must be at least min_needs=1", lambda: strategies.districts(min_needs=1, max_needs=0)),
    ("max_size=-1", lambda: strategies.consolidations(max_size=-1)),
    ("max_escalations=-1", lambda: strategies.routes(max_escalations=-1)),
    ("max_needs=1 must be at least min_needs=2", lambda: strategies.reports(min_needs=2, max_needs=1)),
    ("max_size=11 must be at most 10", lambda: strategies.ahp_results(max_size=11)),
    ("min_size=0 must be at least 1", lambda: strategies.ahp_results(min_size=0)),
    ("max_size=-1", lambda: strategies.monte_carlo_results(max_size=-1)),
    ("min_events=0 must be at least 1", lambda: strategies.need_records(min_events=0)),
    ("kinds=[] must name at least one", lambda: strategies.lifecycle_events(kinds=[])),
    ("max_steps=-1", lambda: strategies.claims(max_steps=-1)),
    ("max_size=-1", lambda: strategies.claim_books(max_size=-1)),
    ("catalogue=", lambda: strategies.routing_policies(catalogue="default")),  # type: ignore[arg-type]
    ("raters must name at least one id", lambda: strategies.noises(raters=[])),
    ("units='u1'", lambda: strategies.collusions(units="u1")),
    ("max_effects=-1", lambda: strategies.rater_models(max_effects=-1)),
    ("max_units=1 must be at least min_units=2", lambda: strategies.worlds(max_units=1)),
    ("max_units=1 must be at least min_units=2", lambda: strategies.trimming_experiments(max_units=1)),
    ("max_runs=0 must be at least min_runs=1", lambda: strategies.rank_intervals(max_runs=0)),
    ("max_size=0 must be at least min_size=1", lambda: strategies.summaries(max_size=0)),
]


@pytest.mark.parametrize(("message", "make"), BAD_ARGUMENTS, ids=[m for m, _ in BAD_ARGUMENTS])
def test_bad_arguments_raise_invalid_argument_at_once(message: str, make: Callable[[], Any]) -> None:
    with pytest.raises(InvalidArgument) as info:
        make()

    assert message in str(info.value)


def test_register_can_be_called_again() -> None:
    strategies.register()
    strategies.register()

    assert [] == missing_strategies(MODELS)


def test_a_name_drawn_is_never_blank() -> None:
    # Every name field is checked as "a non-empty string" (a character that is
    # not a space): the building block all name strategies share must never
    # draw one of spaces alone ("\r" was), or st.from_type(Preset) raises mid-test.
    from hypothesis import find
    from hypothesis.errors import NoSuchExample

    from servicegov.strategies._common import _texts

    with pytest.raises(NoSuchExample):
        find(_texts(min_size=1), lambda name: not name.strip(), settings=settings(max_examples=3000))
