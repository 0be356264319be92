"""Hypothesis strategies for every public model of servicegov.

Each strategy is named with the plural of its model (:func:`needs` for
:class:`~servicegov.needs.Need`, :func:`organisations` for
:class:`~servicegov.org.Organisation`, ...), takes only keyword arguments, and
is *sound*: it never generates a model that its own validators, or the
cross-field rules of the model that holds it, would refuse.  An organisation
is a tree with one root, unique ids and members whose branches exist; a
district's needs name its catalogue's categories and its villages.  Soundness
comes first, so some valid but odd shapes are never generated (an individual
need always names exactly one household, for instance); each docstring says
what is covered and what a failing example shrinks towards.

Results are made by the functions that produce them, so they are ones
servicegov really gives: :func:`routes` calls :func:`~servicegov.routing.route`,
:func:`reports` runs :func:`~servicegov.pipeline.run`, :func:`need_records` folds
a legal history, :func:`scores` calls :func:`~servicegov.scoring.score`.

Beyond one strategy per model, three draw what studies and platforms are fed:
:func:`realistic_districts` (generated districts of a chosen size and shape),
:func:`histories` (a need's events, valid by construction, ending in the states
asked for) and :func:`reviews` with an *organisation* (ballots that respect who
rates whom).

The package is laid out like the library: the strategies for
:mod:`servicegov.needs` are in ``servicegov.strategies.needs``, those for
:mod:`servicegov.routing` in ``servicegov.strategies.routing``, and so on, with
the building blocks they share (ids, texts, dates, division codes, the argument
checks) in one private module, ``servicegov.strategies._common``.  Import them
from here: every strategy is a name of this package.

:func:`register` registers every strategy with
:func:`hypothesis.strategies.register_type_strategy`; Hypothesis calls it
through servicegov's entry point, so ``st.from_type(Need)`` works with no
setup (unless ``HYPOTHESIS_NO_PLUGINS`` is set).

This package, like ``servicegov._hypothesis_plugin``, imports Hypothesis; the
rest of servicegov never imports either, so Hypothesis stays an optional extra.

Examples:
    >>> from hypothesis import given, settings
    >>> from servicegov import strategies
    >>> from servicegov.screening import screen
    >>> @settings(max_examples=10, deadline=None)
    ... @given(strategies.needs(), strategies.screening_rules())
    ... def test_every_need_gets_one_verdict(need, rules):
    ...     as_of = rules.effective_from
    ...     assert screen(need, rules, as_of=as_of) == screen(need, rules, as_of=as_of)
    >>> test_every_need_gets_one_verdict()
"""

# ruff: noqa: E402 (register() must exist before Hypothesis, and the strategies, are imported)

from __future__ import annotations

import functools
import typing
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

from servicegov import claims as claims_mod
from servicegov import ledger as ledger_mod
from servicegov import lifecycle as lc
from servicegov import pipeline as pipeline_mod
from servicegov import routing as routing_mod
from servicegov import simulation as simulation_mod
from servicegov import surveys as surveys_mod
from servicegov import weighting as weighting_mod
from servicegov.assessment import Assessment, AssessmentResult, AssessmentScheme, Bands, Indicator
from servicegov.calendar import Period, WorkCalendar
from servicegov.district import District
from servicegov.needs import Catalogue, Category, Need, ServiceItem
from servicegov.org import Member, Migration, Organisation, Registration, Unit
from servicegov.projects import Decision, Funding, PanelRule, Project, ProjectScore, Selection, StageEntry
from servicegov.scoring import (
    ChannelScore,
    Commitment,
    CommitmentItem,
    InvalidBallot,
    Review,
    Score,
    ScoringRule,
    Statement,
)
from servicegov.screening import (
    Candidate,
    Consolidation,
    Eligibility,
    Emphasis,
    Finding,
    KeywordTable,
    Screening,
    ScreeningPolicy,
    ScreeningRules,
)
from servicegov.simulation import (
    CentralTendency,
    Collusion,
    DistrictYear,
    DistrictYearResult,
    Halo,
    Leniency,
    MonteCarloResult,
    Noise,
    NonResponse,
    Preset,
    RandomVsSelfChosen,
    RandomVsSelfChosenResult,
    RankingStability,
    RankInterval,
    RaterModel,
    Rating,
    Ratings,
    ResidentsWeight,
    ResidentsWeightResult,
    Sensitivity,
    Stability,
    StrategicUnits,
    Summary,
    Trimming,
    TrimmingResult,
    WeightSensitivity,
    World,
)

# register() comes before Hypothesis is imported: when this module is imported
# first, importing Hypothesis runs servicegov's entry point, which calls
# register() on this half-built module.  It then only notes the call, and the
# end of the module registers.
_BUILT = False
_REGISTER_PENDING = False


def register() -> None:
    """Register every model's default strategy with Hypothesis, for ``st.from_type``,
    and resolve every model's field annotations, for ``st.builds``.

    Hypothesis calls this through servicegov's entry point when it is imported;
    calling it again is harmless.  servicegov's modules postpone their
    annotations (``from __future__ import annotations``), and Hypothesis infers
    an attrs field from its annotation only once :func:`attrs.resolve_types`
    has turned the string into a type; cattrs does the same the first time it
    reads a model, so resolving them here changes nothing else.

    Examples:
        >>> from hypothesis import given, settings, strategies as st
        >>> register()
        >>> @settings(max_examples=5, deadline=None)
        ... @given(st.from_type(Need))
        ... def check(need):
        ...     assert isinstance(need, Need)
        >>> check()
    """
    global _REGISTER_PENDING
    if not _BUILT:
        _REGISTER_PENDING = True
        return
    for model in _DEFAULTS:
        st.register_type_strategy(model, strategy_for(model))
        attrs.resolve_types(model)


from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from servicegov.strategies.assessment import (
    assessment_results,
    assessment_schemes,
    assessments,
    bands,
    indicators,
)
from servicegov.strategies.calendar import periods, work_calendars
from servicegov.strategies.claims import claim_books, claim_rules, claims, offers, wait_entries, wait_lists
from servicegov.strategies.district import HARDSHIP, districts, realistic_districts
from servicegov.strategies.divisions import division_codes
from servicegov.strategies.ledger import case_mixes, ledgers, spans
from servicegov.strategies.lifecycle import histories, lifecycle_events, need_records, next_events
from servicegov.strategies.needs import catalogues, categories, needs, service_items
from servicegov.strategies.org import members, migrations, organisations, registrations, units
from servicegov.strategies.pipeline import outcomes, reports, simulated_services
from servicegov.strategies.projects import (
    decisions,
    fundings,
    panel_rules,
    project_scores,
    projects,
    selections,
    stage_entries,
)
from servicegov.strategies.routing import (
    competences,
    cost_ceilings,
    deadline_rules,
    hops,
    routed_results,
    routes,
    routing_policies,
    unroutable_results,
)
from servicegov.strategies.scoring import (
    channel_scores,
    commitment_items,
    commitments,
    invalid_ballots,
    reviews,
    scores,
    scoring_rules,
    statements,
)
from servicegov.strategies.screening import (
    candidates,
    consolidations,
    eligibilities,
    emphases,
    findings,
    keyword_tables,
    screening_policies,
    screening_rules,
    screenings,
)
from servicegov.strategies.simulation import (
    calibrations,
    central_tendencies,
    collusions,
    district_year_experiments,
    district_year_results,
    halos,
    leniencies,
    monte_carlo_results,
    noises,
    non_responses,
    panel_ratings,
    presets,
    random_share_experiments,
    random_share_results,
    random_vs_self_chosen_experiments,
    random_vs_self_chosen_results,
    rank_intervals,
    ranking_stability_experiments,
    rater_effects,
    rater_models,
    ratings,
    residents_weight_experiments,
    residents_weight_results,
    sensitivities,
    stabilities,
    strategic_units,
    summaries,
    trimming_experiments,
    trimming_results,
    weight_sensitivity_experiments,
    worlds,
)
from servicegov.strategies.surveys import draws, panels, residents, satisfaction_intervals
from servicegov.strategies.weighting import ahp_results

__all__ = [
    "HARDSHIP",
    "ahp_results",
    "assessment_results",
    "assessment_schemes",
    "assessments",
    "bands",
    "calibrations",
    "candidates",
    "case_mixes",
    "catalogues",
    "categories",
    "central_tendencies",
    "channel_scores",
    "claim_books",
    "claim_rules",
    "claims",
    "collusions",
    "commitment_items",
    "commitments",
    "competences",
    "consolidations",
    "cost_ceilings",
    "deadline_rules",
    "decisions",
    "district_year_experiments",
    "district_year_results",
    "districts",
    "division_codes",
    "draws",
    "eligibilities",
    "emphases",
    "findings",
    "fundings",
    "halos",
    "histories",
    "hops",
    "indicators",
    "invalid_ballots",
    "keyword_tables",
    "ledgers",
    "leniencies",
    "lifecycle_events",
    "members",
    "migrations",
    "monte_carlo_results",
    "need_records",
    "needs",
    "next_events",
    "noises",
    "non_responses",
    "offers",
    "organisations",
    "outcomes",
    "panel_ratings",
    "panel_rules",
    "panels",
    "periods",
    "presets",
    "project_scores",
    "projects",
    "random_share_experiments",
    "random_share_results",
    "random_vs_self_chosen_experiments",
    "random_vs_self_chosen_results",
    "rank_intervals",
    "ranking_stability_experiments",
    "rater_effects",
    "rater_models",
    "ratings",
    "realistic_districts",
    "register",
    "registrations",
    "reports",
    "residents",
    "residents_weight_experiments",
    "residents_weight_results",
    "reviews",
    "routed_results",
    "routes",
    "routing_policies",
    "satisfaction_intervals",
    "scores",
    "scoring_rules",
    "screening_policies",
    "screening_rules",
    "screenings",
    "selections",
    "sensitivities",
    "service_items",
    "simulated_services",
    "spans",
    "stabilities",
    "stage_entries",
    "statements",
    "strategic_units",
    "strategy_for",
    "summaries",
    "trimming_experiments",
    "trimming_results",
    "units",
    "unroutable_results",
    "wait_entries",
    "wait_lists",
    "weight_sensitivity_experiments",
    "work_calendars",
    "worlds",
]


def __dir__() -> list[str]:
    return __all__


T = TypeVar("T")

_DEFAULTS: dict[type, Callable[[], st.SearchStrategy[Any]]] = {
    Candidate: candidates,
    Catalogue: catalogues,
    Category: categories,
    Consolidation: consolidations,
    District: districts,
    Eligibility: eligibilities,
    Emphasis: emphases,
    Finding: findings,
    KeywordTable: keyword_tables,
    Member: members,
    Migration: migrations,
    Need: needs,
    Organisation: organisations,
    Period: periods,
    Registration: registrations,
    Screening: screenings,
    ScreeningPolicy: screening_policies,
    ScreeningRules: screening_rules,
    ServiceItem: service_items,
    Unit: units,
    WorkCalendar: work_calendars,
    routing_mod.Competence: competences,
    routing_mod.CostCeiling: cost_ceilings,
    routing_mod.DeadlineRule: deadline_rules,
    routing_mod.RoutingPolicy: routing_policies,
    routing_mod.Hop: hops,
    routing_mod.RoutedTo: routed_results,
    routing_mod.Unroutable: unroutable_results,
    routing_mod.Route: routes,
    pipeline_mod.SimulatedService: simulated_services,
    pipeline_mod.Report: reports,
    pipeline_mod.Outcome: outcomes,
    simulation_mod.Calibration: calibrations,
    DistrictYear: district_year_experiments,
    DistrictYearResult: district_year_results,
    ledger_mod.Span: spans,
    ledger_mod.Ledger: ledgers,
    ledger_mod.CaseMix: case_mixes,
    surveys_mod.Panel: panels,
    surveys_mod.SatisfactionInterval: satisfaction_intervals,
    simulation_mod.RandomShare: random_share_experiments,
    simulation_mod.RandomShareResult: random_share_results,
    weighting_mod.AHPResult: ahp_results,
    MonteCarloResult: monte_carlo_results,
    Preset: presets,
    Summary: summaries,
    RankInterval: rank_intervals,
    Noise: noises,
    Leniency: leniencies,
    Halo: halos,
    CentralTendency: central_tendencies,
    NonResponse: non_responses,
    Collusion: collusions,
    StrategicUnits: strategic_units,
    RaterModel: rater_models,
    Rating: ratings,
    Ratings: panel_ratings,
    World: worlds,
    RankingStability: ranking_stability_experiments,
    WeightSensitivity: weight_sensitivity_experiments,
    ResidentsWeight: residents_weight_experiments,
    Trimming: trimming_experiments,
    RandomVsSelfChosen: random_vs_self_chosen_experiments,
    Stability: stabilities,
    Sensitivity: sensitivities,
    ResidentsWeightResult: residents_weight_results,
    TrimmingResult: trimming_results,
    RandomVsSelfChosenResult: random_vs_self_chosen_results,
    lc.NeedRecord: need_records,
    CommitmentItem: commitment_items,
    Commitment: commitments,
    Statement: statements,
    Review: reviews,
    ScoringRule: scoring_rules,
    surveys_mod.Resident: residents,
    Score: scores,
    ChannelScore: channel_scores,
    InvalidBallot: invalid_ballots,
    surveys_mod.Draw: draws,
    Indicator: indicators,
    AssessmentScheme: assessment_schemes,
    Bands: bands,
    Assessment: assessments,
    AssessmentResult: assessment_results,
    Funding: fundings,
    StageEntry: stage_entries,
    Project: projects,
    PanelRule: panel_rules,
    ProjectScore: project_scores,
    Selection: selections,
    Decision: decisions,
    claims_mod.Claim: claims,
    claims_mod.ClaimBook: claim_books,
    claims_mod.ClaimRules: claim_rules,
    claims_mod.Offer: offers,
    claims_mod.WaitEntry: wait_entries,
    claims_mod.WaitList: wait_lists,
}
# One entry per event class: lifecycle_events() limited to the class's kind.
for _event_class in typing.get_args(lc.Event):
    _DEFAULTS[_event_class] = functools.partial(lifecycle_events, kinds=[_event_class.kind])

_BUILT_DEFAULTS: dict[type, st.SearchStrategy[Any]] = {}


def strategy_for(model: type[T]) -> st.SearchStrategy[T]:
    """The default strategy for a public model (what ``st.from_type(model)`` draws from).

    Raises:
        InvalidArgument: when *model* is not a public servicegov model.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(strategy_for(Need))
        ... def check(need):
        ...     assert isinstance(need, Need)
        >>> check()
        >>> strategy_for(int)
        Traceback (most recent call last):
            ...
        hypothesis.errors.InvalidArgument: int is not a public servicegov model; ...
    """
    try:
        factory = _DEFAULTS[model]
    except (KeyError, TypeError):
        name = getattr(model, "__name__", repr(model))
        known = ", ".join(sorted(t.__name__ for t in _DEFAULTS))
        msg = f"{name} is not a public servicegov model; strategies exist for {known}"
        raise InvalidArgument(msg) from None
    # One object per model, so that what from_type resolves to can be checked.
    if model not in _BUILT_DEFAULTS:
        _BUILT_DEFAULTS[model] = factory()
    strategy: st.SearchStrategy[T] = _BUILT_DEFAULTS[model]
    return strategy


_BUILT = True
if _REGISTER_PENDING:
    register()
