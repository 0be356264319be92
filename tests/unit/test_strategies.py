"""The Hypothesis strategies: one per public model, sound, registered for ``st.from_type``."""

from __future__ import annotations

import datetime as dt
import os
import pkgutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from typing import Any

import attrs
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import servicegov
from servicegov import strategies
from servicegov.needs import Catalogue, Need

from .strategies_cases import MODELS, PUBLIC_MODULES, _model_id


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
