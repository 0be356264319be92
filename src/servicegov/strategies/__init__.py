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
a legal history, :func:`scores` calls :func:`~servicegov.scoring.score`.  The
strategies of :mod:`servicegov.lifecycle`, :mod:`servicegov.scoring`,
:mod:`servicegov.assessment` and :mod:`servicegov.projects` were first written
in private modules, which now re-export them from here.

:func:`register` registers every strategy with
:func:`hypothesis.strategies.register_type_strategy`; Hypothesis calls it
through servicegov's entry point, so ``st.from_type(Need)`` works with no
setup (unless ``HYPOTHESIS_NO_PLUGINS`` is set).

This module, like ``servicegov._hypothesis_plugin``, imports Hypothesis; the
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

from __future__ import annotations

import datetime as dt
import functools
import operator
import random
import typing
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import attrs

from servicegov import claims as claims_mod
from servicegov import divisions, ledger, pipeline, routing, simulation, weighting
from servicegov import lifecycle as lc
from servicegov.assessment import (
    Assessment,
    AssessmentResult,
    AssessmentScheme,
    Bands,
    Grade,
    Indicator,
    Source,
    Target,
    assess,
    xinzhou_scheme,
)
from servicegov.calendar import CHINA_2025, Period, WorkCalendar
from servicegov.district import District
from servicegov.divisions import Level
from servicegov.needs import (
    DEFAULT_CATALOGUE,
    Catalogue,
    Category,
    Channel,
    Group,
    Need,
    NeedKind,
    Scope,
    ServiceItem,
)
from servicegov.org import (
    ContactStatus,
    Member,
    Migration,
    Organisation,
    ProviderKind,
    Registration,
    Role,
    Tier,
    Unit,
)
from servicegov.projects import (
    Decision,
    Funding,
    PanelRule,
    Project,
    ProjectScore,
    ProjectType,
    Selection,
    Stage,
    StageEntry,
    advance,
    select,
)
from servicegov.scoring import (
    BallotProblem,
    ChannelScore,
    Commitment,
    CommitmentItem,
    Draw,
    InvalidBallot,
    Resident,
    Review,
    ReviewChannel,
    Satisfaction,
    Score,
    ScoringRule,
    Statement,
    StatementKind,
    draw_evaluators,
    join,
    opening_window,
    revise,
    score,
)
from servicegov.screening import (
    DEFAULT_RULES,
    Candidate,
    Consolidation,
    Eligibility,
    Emphasis,
    Finding,
    KeywordTable,
    Reason,
    Screening,
    ScreeningPolicy,
    ScreeningRules,
    Verdict,
    consolidate,
    screen,
)
from servicegov.simulation import (
    PRESETS,
    CentralTendency,
    Collusion,
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
    monte_carlo,
    summarise,
)
from servicegov.simulation._raters import Effect

# register() comes before Hypothesis is imported: when this module is imported
# first, importing Hypothesis runs servicegov's entry point, which calls
# register() on this half-built module.  It then only notes the call, and the
# end of the module registers.
_BUILT = False
_REGISTER_PENDING = False


def register() -> None:
    """Register every model's default strategy with Hypothesis, for ``st.from_type``.

    Hypothesis calls this through servicegov's entry point when it is imported;
    calling it again is harmless.

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


from hypothesis import strategies as st  # noqa: E402
from hypothesis.errors import InvalidArgument  # noqa: E402

__all__ = [
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

# Ids are short and free of spaces; a few CJK characters make sure nothing
# downstream assumes ASCII.
_ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_.:村户需"
_KEYWORD_ALPHABET = "路灯水电房医药学老人孩子打电话视频补贴培训就业垃圾调解文化看望"
_SKILLS = ("repairs", "medicine", "law", "teaching", "agronomy", "counselling", "driving")
_GOODS = ("street-lamps", "tractor-road", "drinking-water", "public-toilet", "activity-room")
_RECURRENCES = (
    "FREQ=WEEKLY;BYDAY=FR",
    "FREQ=DAILY",
    "FREQ=MONTHLY;BYMONTHDAY=1",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
    "FREQ=WEEKLY;COUNT=4",
)
_MIN_DATE = dt.date(2000, 1, 1)
_MAX_DATE = dt.date(2035, 12, 31)
# The widths of the province, city, county, town and village parts of a code.
_WIDTHS = (2, 2, 2, 3, 3)


# ------------------------------------------------------------------ argument checks


def _check_type(name: str, value: object, kind: type, what: str) -> None:
    # bool is an int to isinstance, but True is no size.
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        msg = f"{name}={value!r} must be {what}"
        raise InvalidArgument(msg)


def _check_size(min_name: str, min_size: int, max_name: str, max_size: int | None, *, floor: int = 0) -> None:
    _check_type(min_name, min_size, int, "an integer")
    if min_size < floor:
        msg = f"{min_name}={min_size!r} must be at least {floor}"
        raise InvalidArgument(msg)
    if max_size is not None:
        _check_type(max_name, max_size, int, "an integer or None")
        if max_size < min_size:
            msg = f"{max_name}={max_size!r} must be at least {min_name}={min_size!r}"
            raise InvalidArgument(msg)


def _check_dates(min_value: dt.date, max_value: dt.date) -> None:
    for name, value in (("min_value", min_value), ("max_value", max_value)):
        if type(value) is not dt.date:
            msg = f"{name}={value!r} must be a datetime.date"
            raise InvalidArgument(msg)
    if max_value < min_value:
        msg = f"max_value={max_value!r} must not be before min_value={min_value!r}"
        raise InvalidArgument(msg)


def _check_catalogue(catalogue: Catalogue | None, *, need_categories: bool = True) -> Catalogue:
    if catalogue is None:
        return DEFAULT_CATALOGUE
    if not isinstance(catalogue, Catalogue):
        msg = f"catalogue={catalogue!r} must be a servicegov.needs.Catalogue or None"
        raise InvalidArgument(msg)
    if need_categories and not catalogue.categories:
        msg = "catalogue must have at least one category"
        raise InvalidArgument(msg)
    return catalogue


def _check_strategy(name: str, value: object) -> None:
    if value is not None and not isinstance(value, st.SearchStrategy):
        msg = f"{name}={value!r} must be a Hypothesis strategy or None"
        raise InvalidArgument(msg)


# ------------------------------------------------------------------ small pieces


# Built once: a composite that builds strategies on every draw spends most of
# its time validating them.
_ID = st.text(_ID_ALPHABET, min_size=1, max_size=8)
_TEXT = st.text(max_size=12)
_NAME = st.text(min_size=1, max_size=12)
_DATE = st.dates(min_value=_MIN_DATE, max_value=_MAX_DATE)
_YES = st.booleans().map(operator.not_)  # shrinks towards True
_SKILL_SETS = st.frozensets(st.sampled_from(_SKILLS) | _NAME, max_size=3)
_HOUSEHOLD = st.text(_ID_ALPHABET, max_size=6).map("h-".__add__)
_ONE_HOUSEHOLD = st.lists(_HOUSEHOLD, min_size=1, max_size=1)
_HOUSEHOLDS = st.lists(_HOUSEHOLD, min_size=1, max_size=6, unique=True)
_GROUP_SETS = st.frozensets(st.sampled_from(Group), min_size=1, max_size=3)
_SCORE = st.integers(1, 5)
_COST = st.floats(0.0, 5_000_000.0, allow_nan=False, allow_infinity=False)
_CHANNEL = st.sampled_from(Channel)
_SCOPE = st.sampled_from(Scope)
_GOOD = st.none() | st.sampled_from(_GOODS)
_RECURRENCE = st.none() | st.sampled_from(_RECURRENCES)
_ROLE = st.sampled_from(Role)
_CONTACT = st.sampled_from(ContactStatus)
_MEMBER_CAPACITY = st.integers(0, 10)
_UNIT_CAPACITY = st.just(1_000_000) | st.integers(0, 500)


def _ids() -> st.SearchStrategy[str]:
    return _ID


def _texts(*, min_size: int = 0) -> st.SearchStrategy[str]:
    return _NAME if min_size else _TEXT


def _dates() -> st.SearchStrategy[dt.date]:
    return _DATE


def _skills() -> st.SearchStrategy[frozenset[str]]:
    return _SKILL_SETS


def _code(parts: Sequence[int]) -> str:
    digits = "".join(str(p).zfill(w) for p, w in zip(parts, _WIDTHS, strict=False))
    return digits.ljust(12, "0")


def _codes_at(level: Level) -> st.SearchStrategy[str]:
    # A province part of 00 is not a code; every lower part must be non-zero too.
    parts = [st.integers(11, 99)] + [st.integers(1, 10**w - 1) for w in _WIDTHS[1 : level.depth + 1]]
    return st.tuples(*parts).map(_code)


def division_codes(*, level: Level | None = None) -> st.SearchStrategy[str]:
    """Valid 12-digit division codes, at *level* if given, else at any level.

    Shrinks towards province 11 with every lower part 1: ``"110000000000"`` for a
    province, ``"110101001001"`` for a village.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(division_codes(level=Level.VILLAGE))
        ... def check(code):
        ...     assert divisions.level(code) is Level.VILLAGE
        >>> check()
    """
    if level is not None and not isinstance(level, Level):
        msg = f"level={level!r} must be a servicegov.divisions.Level or None"
        raise InvalidArgument(msg)
    if level is not None:
        return _codes_at(level)
    return st.sampled_from(Level).flatmap(_codes_at)


# ------------------------------------------------------------------ needs


def categories(*, kind: NeedKind | None = None) -> st.SearchStrategy[Category]:
    """Catalogue categories, of *kind* if given.

    Shrinks towards a development category with a one-character code and names.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(categories(kind=NeedKind.EMOTIONAL))
        ... def check(category):
        ...     assert category.kind is NeedKind.EMOTIONAL
        >>> check()
    """
    if kind is not None and not isinstance(kind, NeedKind):
        msg = f"kind={kind!r} must be a servicegov.needs.NeedKind or None"
        raise InvalidArgument(msg)
    return st.builds(
        Category,
        code=_ids(),
        name_zh=_texts(min_size=1),
        name_en=_texts(min_size=1),
        kind=st.just(kind) if kind is not None else st.sampled_from(NeedKind),
    )


def service_items(*, catalogue: Catalogue | None = None) -> st.SearchStrategy[ServiceItem]:
    """Service projects (便民服务项目) in a category of *catalogue* (default: the 16 categories).

    Shrinks towards a project in the catalogue's first category, with no skills,
    no division and a capacity of 1.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(service_items())
        ... def check(item):
        ...     assert item.category in DEFAULT_CATALOGUE and item.capacity >= 1
        >>> check()
    """
    cat = _check_catalogue(catalogue)
    return st.builds(
        ServiceItem,
        code=_ids(),
        category=st.sampled_from(cat.codes),
        name_zh=_texts(min_size=1),
        name_en=_texts(),
        skills=_skills(),
        division=st.none() | division_codes(),
        capacity=st.integers(1, 20),
    )


@st.composite
def _catalogues(draw: st.DrawFn, min_size: int, max_size: int, max_items: int) -> Catalogue:
    cats = draw(st.lists(categories(), min_size=min_size, max_size=max_size, unique_by=lambda c: c.code))
    items: list[ServiceItem] = []
    if cats and max_items:
        holder = Catalogue(categories=cats)
        items = draw(
            st.lists(service_items(catalogue=holder), max_size=max_items, unique_by=lambda i: i.code)
        )
    return Catalogue(categories=cats, items=items)


def catalogues(*, min_size: int = 1, max_size: int = 6, max_items: int = 4) -> st.SearchStrategy[Catalogue]:
    """Catalogues of *min_size* to *max_size* categories with unique codes, and up to
    *max_items* projects, each in one of those categories.

    Shrinks towards one development category and no projects.

    Raises:
        InvalidArgument: when the sizes are negative or out of order.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(catalogues(min_size=2, max_size=3))
        ... def check(catalogue):
        ...     assert 2 <= len(catalogue.categories) <= 3
        ...     assert all(i.category in catalogue for i in catalogue.items)
        >>> check()
    """
    _check_size("min_size", min_size, "max_size", max_size)
    _check_size("max_items", max_items, "max_items", None)
    return _catalogues(min_size, max_size, max_items)


@st.composite
def _needs(
    draw: st.DrawFn,
    villages: st.SearchStrategy[str],
    cats: st.SearchStrategy[Category],
    ids: st.SearchStrategy[str],
    scopes: st.SearchStrategy[Scope] = _SCOPE,
    goods: st.SearchStrategy[str | None] = _GOOD,
) -> Need:
    category = draw(cats)
    scope = draw(scopes)
    common = scope is Scope.COMMON
    # An individual need serves one household; screening would flag more as incomplete.
    households = draw(_HOUSEHOLDS if common else _ONE_HOUSEHOLD)
    return Need(
        id=draw(ids),
        village=draw(villages),
        kind=category.kind,
        category=category.code,
        scope=scope,
        households=households,
        groups=draw(_GROUP_SETS),
        urgency=draw(_SCORE),
        necessity=draw(_SCORE),
        aspiration=draw(_SCORE),
        cost=draw(_COST),
        policy_allows=draw(_YES),
        collected=draw(_DATE),
        channel=draw(_CHANNEL),
        good=draw(goods) if common else None,
        recurrence=None if common else draw(_RECURRENCE),
        note=draw(_TEXT),
    )


def needs(
    *,
    village: str | None = None,
    catalogue: Catalogue | None = None,
    ids: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Need]:
    """Needs collected in *village* (default: any village code), in a category of
    *catalogue* (default: the 16 categories), with ids from *ids* (default: short ids).

    A need's kind is its category's kind; an individual need names one household,
    a common need one to six, and may ask for a common good; only individual needs
    recur.  ``merged_from`` is left empty: :func:`consolidations` covers merged needs.

    Shrinks towards an individual need in the catalogue's first category, urgency,
    necessity and aspiration 1, cost 0, allowed by policy, not recurring.

    Raises:
        InvalidArgument: for a malformed village code, an empty catalogue or an
            *ids* that is not a strategy.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(needs(village="420117101201"))
        ... def check(need):
        ...     assert need.village == "420117101201"
        ...     assert need.scope is Scope.COMMON or len(need.households) == 1
        >>> check()
    """
    if village is not None and not (
        divisions.is_valid_code(village) and divisions.level(village) is Level.VILLAGE
    ):
        msg = f"village={village!r} must be a village-level division code or None"
        raise InvalidArgument(msg)
    cat = _check_catalogue(catalogue)
    _check_strategy("ids", ids)
    return _needs(
        st.just(village) if village is not None else division_codes(level=Level.VILLAGE),
        st.sampled_from(cat.categories),
        ids if ids is not None else _ids(),
    )


# ------------------------------------------------------------------ organisation


def units() -> st.SearchStrategy[Unit]:
    """Single units of any tier, kind and division, with or without a parent id.

    A unit on its own is valid whatever its parent id names; :func:`organisations`
    makes trees.  Shrinks towards a grid-tier Party organisation with no parent,
    capacity 0 and no linked villages.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(units())
        ... def check(unit):
        ...     assert divisions.is_valid_code(unit.division)
        >>> check()
    """
    return st.builds(
        Unit,
        id=_ids(),
        name=_texts(),
        division=division_codes(),
        tier=st.sampled_from(Tier),
        parent=st.none() | _ids(),
        kind=st.sampled_from(ProviderKind),
        capacity=st.integers(0, 1000),
        linked_villages=st.frozensets(division_codes(level=Level.VILLAGE), max_size=3),
    )


def registrations(*, branches: Sequence[str] | None = None) -> st.SearchStrategy[Registration]:
    """Registrations with an activity branch from *branches* (default: any id).

    Shrinks towards the first branch, registered on 2000-01-01 with card, letter
    and form all in.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(registrations(branches=["V1", "V2"]))
        ... def check(registration):
        ...     assert registration.branch in ("V1", "V2")
        >>> check()
    """
    branch = _branches(branches)
    return st.builds(
        Registration,
        branch=branch,
        registered=_dates(),
        card=st.booleans().map(lambda b: not b),
        letter=st.booleans().map(lambda b: not b),
        form=st.booleans().map(lambda b: not b),
    )


def _branches(branches: Sequence[str] | None) -> st.SearchStrategy[str]:
    if branches is None:
        return _ids()
    given: Sequence[object] = branches
    if isinstance(given, str) or not all(isinstance(b, str) and b for b in given):
        msg = f"branches={branches!r} must be a sequence of unit ids or None"
        raise InvalidArgument(msg)
    if not branches:
        msg = "branches must name at least one unit"
        raise InvalidArgument(msg)
    return st.sampled_from(list(branches))


def migrations() -> st.SearchStrategy[Migration]:
    """Migrations: the division a member left and the one they live in (双向管理).

    Shrinks towards two province codes ``"110000000000"``.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(migrations())
        ... def check(migration):
        ...     assert divisions.is_valid_code(migration.left)
        >>> check()
    """
    return st.builds(Migration, left=division_codes(), lives=division_codes())


@st.composite
def _members(
    draw: st.DrawFn,
    branches: st.SearchStrategy[str],
    ids: st.SearchStrategy[str],
    places: st.SearchStrategy[str],
    activity: st.SearchStrategy[list[str]],
    moves: st.SearchStrategy[Migration | None],
) -> Member:
    home = draw(branches)
    regs = [
        Registration(branch=b, registered=draw(_DATE), card=draw(_YES), letter=draw(_YES), form=draw(_YES))
        for b in draw(activity)
        if b != home
    ]
    return Member(
        id=draw(ids),
        home_branch=home,
        division=draw(places),
        registrations=regs,
        skills=draw(_SKILL_SETS),
        capacity=draw(_MEMBER_CAPACITY),
        role=draw(_ROLE),
        migration=draw(moves),
        contact=draw(_CONTACT),
    )


def _member_strategy(
    branches: st.SearchStrategy[str], ids: st.SearchStrategy[str], places: st.SearchStrategy[str]
) -> st.SearchStrategy[Member]:
    activity = st.lists(branches, max_size=2, unique=True)
    moves = st.none() | st.builds(Migration, left=places, lives=places)
    return _members(branches, ids, places, activity, moves)


def members(
    *, branches: Sequence[str] | None = None, ids: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[Member]:
    """Members whose home branch and activity branches come from *branches*
    (default: any id), with ids from *ids*.

    Activity branches are distinct and never the home branch.  Shrinks towards a
    Party member of the first branch, in contact, with no registrations, skills
    or migration and capacity 0.

    Raises:
        InvalidArgument: for an empty *branches* or an *ids* that is not a strategy.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(members(branches=["V1", "V2", "T1"]))
        ... def check(member):
        ...     assert member.branches <= {"V1", "V2", "T1"}
        ...     assert member.home_branch not in [r.branch for r in member.registrations]
        >>> check()
    """
    _check_strategy("ids", ids)
    return _member_strategy(_branches(branches), ids or _ids(), division_codes())


_VILLAGE_SUBUNITS = (
    (Tier.PARTY_GROUP, ProviderKind.PARTY_ORGANISATION, "党小组"),
    (Tier.VILLAGE, ProviderKind.VILLAGE_COMMITTEE, "村委会"),
    (Tier.VILLAGE, ProviderKind.VOLUNTEER_TEAM, "村志愿服务队"),
    (Tier.GRID, ProviderKind.PARTY_ORGANISATION, "网格"),
)


@st.composite
def _organisations(draw: st.DrawFn, min_villages: int, max_villages: int, with_members: bool) -> Organisation:
    county = draw(division_codes(level=Level.COUNTY))
    n_villages = draw(st.integers(min_villages, max_villages))
    n_towns = draw(st.integers(1, max(1, n_villages)))
    town_codes = [divisions.child_code(county, t + 1) for t in range(n_towns)]
    town_of = draw(st.lists(st.integers(0, n_towns - 1), min_size=n_villages, max_size=n_villages))
    village_codes: list[str] = []
    per_town = [0] * n_towns
    for t in town_of:
        per_town[t] += 1
        village_codes.append(divisions.child_code(town_codes[t], per_town[t]))
    subunits = [draw(st.lists(st.sampled_from(_VILLAGE_SUBUNITS), max_size=2)) for _ in village_codes]
    n_departments = draw(st.integers(0, 2))
    n_units = 1 + n_departments + n_towns + n_villages + sum(len(s) for s in subunits)
    ids = iter(draw(st.lists(_ids(), min_size=n_units, max_size=n_units, unique=True)))

    def unit(**fields: Any) -> Unit:
        return Unit(id=next(ids), capacity=draw(_UNIT_CAPACITY), **fields)

    # Breadth-first: the root, the district departments, the towns, the villages.
    root = unit(name="区委", division=county, tier=Tier.DISTRICT)
    unit_list = [root]
    for d in range(n_departments):
        kind = draw(st.sampled_from((ProviderKind.GOVERNMENT_DEPARTMENT, ProviderKind.WORK_GROUP)))
        links = draw(st.frozensets(st.sampled_from(village_codes), max_size=3)) if n_villages else ()
        unit_list.append(
            unit(
                name=f"区直部门{d + 1}",
                division=county,
                tier=Tier.DISTRICT,
                parent=root.id,
                kind=kind,
                linked_villages=links,
            )
        )
    towns = [unit(name="镇党委", division=c, tier=Tier.TOWN, parent=root.id) for c in town_codes]
    unit_list += towns
    for code, t, subs in zip(village_codes, town_of, subunits, strict=True):
        village = unit(name="村党组织", division=code, tier=Tier.VILLAGE, parent=towns[t].id)
        unit_list.append(village)
        for tier, kind, name in subs:
            unit_list.append(unit(name=name, division=code, tier=tier, kind=kind, parent=village.id))
    unit_ids = [u.id for u in unit_list]
    member_list: list[Member] = []
    if with_members:
        places = st.sampled_from(sorted({u.division for u in unit_list}))
        member_list = draw(
            st.lists(
                _member_strategy(st.sampled_from(unit_ids), _ID, places),
                max_size=6,
                unique_by=lambda m: m.id,
            )
        )
    return Organisation(
        # Units come in any order: parents need not precede their children.
        units=draw(st.permutations(unit_list)),
        members=member_list,
        backstop=draw(st.sampled_from(unit_ids)),
    )


def organisations(
    *, min_villages: int = 1, max_villages: int = 4, members: bool = True
) -> st.SearchStrategy[Organisation]:
    """Organisations: a district Party committee over one or more towns, each over
    its villages, with village committees, volunteer teams, Party groups and grids
    under some villages, and up to two district departments linked to villages (联系村).

    Unit ids are unique and the units come in any order; division codes follow the
    tree (a village's code is inside its town's).  With *members*, up to six members
    whose home and activity branches are units of the tree, living in one of its
    divisions.  The backstop is any unit.

    Shrinks towards the district committee, one town and *min_villages* villages
    in the first town, no departments and no members, with the root as backstop.

    Raises:
        InvalidArgument: when the village bounds are negative or out of order.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(organisations(min_villages=2))
        ... def check(org):
        ...     assert org.root.tier is Tier.DISTRICT and len(org.villages) >= 2
        ...     assert all(org.has_unit(b) for m in org.members for b in m.branches)
        >>> check()
    """
    _check_size("min_villages", min_villages, "max_villages", max_villages)
    _check_type("members", members, bool, "True or False")
    return _organisations(min_villages, max_villages, members)


# ------------------------------------------------------------------ calendar


@st.composite
def _periods(draw: st.DrawFn, min_value: dt.date, max_value: dt.date) -> Period:
    start = draw(st.dates(min_value=min_value, max_value=max_value))
    return Period(start, draw(st.dates(min_value=start, max_value=max_value)))


def periods(*, min_value: dt.date = _MIN_DATE, max_value: dt.date = _MAX_DATE) -> st.SearchStrategy[Period]:
    """Periods from *min_value* to *max_value* (both included), start never after end.

    Shrinks towards the one-day period on *min_value*.

    Raises:
        InvalidArgument: when the bounds are not dates or out of order.

    Examples:
        >>> import datetime as dt
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(periods(min_value=dt.date(2025, 1, 1)))
        ... def check(period):
        ...     assert dt.date(2025, 1, 1) <= period.start <= period.end
        >>> check()
    """
    _check_dates(min_value, max_value)
    return _periods(min_value, max_value)


@st.composite
def _work_calendars(draw: st.DrawFn, min_value: dt.date, max_value: dt.date, max_size: int) -> WorkCalendar:
    # One flag per special day keeps holidays and make-up days disjoint by construction.
    special = draw(
        st.dictionaries(st.dates(min_value=min_value, max_value=max_value), st.booleans(), max_size=max_size)
    )
    weekend = draw(st.just((5, 6)) | st.sets(st.integers(0, 6), max_size=6).map(sorted))
    return WorkCalendar(
        holidays=[d for d, off in special.items() if not off],
        extra_workdays=[d for d, off in special.items() if off],
        weekend=weekend,
    )


def work_calendars(
    *, min_value: dt.date = _MIN_DATE, max_value: dt.date = _MAX_DATE, max_size: int = 20
) -> st.SearchStrategy[WorkCalendar]:
    """Working calendars with up to *max_size* holidays and make-up working days
    between *min_value* and *max_value*, never the same day both, and a weekend of
    zero to six weekdays.

    Shrinks towards the plain Monday-to-Friday week with no special days.

    Raises:
        InvalidArgument: when the bounds are out of order or *max_size* is negative.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(work_calendars())
        ... def check(calendar):
        ...     assert not calendar.holidays & calendar.extra_workdays
        >>> check()
    """
    _check_dates(min_value, max_value)
    _check_size("max_size", max_size, "max_size", None)
    return _work_calendars(min_value, max_value, max_size)


# ------------------------------------------------------------------ screening


def findings() -> st.SearchStrategy[Finding]:
    """Findings: a reason and its detail text.

    Shrinks towards an "unrealistic" finding with an empty detail.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(findings())
        ... def check(finding):
        ...     assert isinstance(finding.reason, Reason)
        >>> check()
    """
    return st.builds(Finding, reason=st.sampled_from(Reason), detail=_texts())


def emphases() -> st.SearchStrategy[Emphasis]:
    """Emphases: a kind of need and the groups it emphasises (possibly none).

    Shrinks towards development needs emphasising no group.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(emphases())
        ... def check(emphasis):
        ...     assert emphasis.groups <= set(Group)
        >>> check()
    """
    return st.builds(Emphasis, kind=st.sampled_from(NeedKind), groups=st.frozensets(st.sampled_from(Group)))


def eligibilities(*, catalogue: Catalogue | None = None) -> st.SearchStrategy[Eligibility]:
    """Eligibility rules: a category of *catalogue* (default: the 16) open to one or
    more groups.

    Shrinks towards the first category open to prosperity seekers.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(eligibilities())
        ... def check(eligibility):
        ...     assert eligibility.category in DEFAULT_CATALOGUE and eligibility.groups
        >>> check()
    """
    cat = _check_catalogue(catalogue)
    return st.builds(
        Eligibility,
        category=st.sampled_from(cat.codes),
        groups=st.frozensets(st.sampled_from(Group), min_size=1),
    )


def _floats(min_value: float, max_value: float) -> st.SearchStrategy[float]:
    return st.floats(min_value, max_value, allow_nan=False, allow_infinity=False)


@st.composite
def _screening_rules(draw: st.DrawFn, cat: Catalogue) -> ScreeningRules:
    weights = draw(st.tuples(_floats(0.0, 1.0), _floats(0.0, 1.0), _floats(0.0, 1.0)))
    if sum(weights) < 1e-3:
        # Near-zero weights would make the weighted mean meaningless; urgency alone decides.
        weights = (1.0, *weights[1:])
    max_ind = draw(_floats(0.0, 1e6))
    max_com = draw(_floats(0.0, 1e8))
    return ScreeningRules(
        effective_from=draw(_dates()),
        description=draw(_texts()),
        reference=draw(_texts()),
        weights=weights,
        emphasis=draw(st.lists(emphases(), max_size=3, unique_by=lambda e: e.kind)),
        emphasis_boost=draw(_floats(0.0, 5.0)),
        max_cost_individual=max_ind,
        max_cost_common=max_com,
        deliberation_cost_individual=draw(_floats(0.0, max_ind)),
        deliberation_cost_common=draw(_floats(0.0, max_com)),
        min_common_households=draw(st.integers(1, 10)),
        eligibility=draw(st.lists(eligibilities(catalogue=cat), max_size=3, unique_by=lambda e: e.category)),
    )


def screening_rules(*, catalogue: Catalogue | None = None) -> st.SearchStrategy[ScreeningRules]:
    """Screening rules: the default rules, or any weights (three non-negative
    numbers with a positive sum), one emphasis per kind at most, cost thresholds
    with each deliberation threshold at most its ceiling, and eligibility rules on
    distinct categories of *catalogue* (default: the 16).

    Shrinks towards :data:`~servicegov.screening.DEFAULT_RULES`.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(screening_rules())
        ... def check(rules):
        ...     assert rules.deliberation_cost_individual <= rules.max_cost_individual
        ...     assert sum(rules.weights) > 0
        >>> check()
    """
    cat = _check_catalogue(catalogue)
    return st.just(DEFAULT_RULES) | _screening_rules(cat)


def screening_policies(
    *, min_size: int = 1, max_size: int = 3, catalogue: Catalogue | None = None
) -> st.SearchStrategy[ScreeningPolicy]:
    """Policies of *min_size* to *max_size* versions of :func:`screening_rules`, each
    starting on a different day.

    Shrinks towards a policy of the default rules alone.

    Raises:
        InvalidArgument: when *min_size* is below 1 or the sizes are out of order.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(screening_policies(min_size=2))
        ... def check(policy):
        ...     assert len({v.effective_from for v in policy.versions}) >= 2
        >>> check()
    """
    _check_size("min_size", min_size, "max_size", max_size, floor=1)
    return st.lists(
        screening_rules(catalogue=catalogue),
        min_size=min_size,
        max_size=max_size,
        unique_by=lambda r: r.effective_from,
    ).map(lambda vs: ScreeningPolicy(versions=vs))


@st.composite
def _screenings(draw: st.DrawFn, rules: ScreeningRules | None) -> Screening:
    active = rules if rules is not None else draw(screening_rules())
    need = draw(needs())
    as_of = active.effective_from + dt.timedelta(days=draw(st.integers(0, 3650)))
    duplicate_of = draw(st.none() | _ids())
    return screen(need, active, as_of=as_of, duplicate_of=duplicate_of)


def screenings(*, rules: ScreeningRules | None = None) -> st.SearchStrategy[Screening]:
    """Screenings produced by :func:`~servicegov.screening.screen` on a generated need
    under *rules* (default: :func:`screening_rules`), sometimes as a duplicate, so
    the verdict always agrees with the findings and the priority with the rules.

    Shrinks towards the accepted screening of the simplest need.

    Examples:
        >>> from hypothesis import given, settings
        >>> from servicegov.screening import Verdict
        >>> @settings(max_examples=5, deadline=None)
        ... @given(screenings())
        ... def check(screening):
        ...     assert (screening.verdict is Verdict.ACCEPTED) == (not screening.findings)
        >>> check()
    """
    if rules is not None and not isinstance(rules, ScreeningRules):
        msg = f"rules={rules!r} must be servicegov.screening.ScreeningRules or None"
        raise InvalidArgument(msg)
    return _screenings(rules)


def _keywords(*, min_size: int = 0) -> st.SearchStrategy[list[str]]:
    return st.lists(
        st.text(_KEYWORD_ALPHABET, min_size=1, max_size=4), min_size=min_size, max_size=4, unique=True
    )


def keyword_tables(*, catalogue: Catalogue | None = None) -> st.SearchStrategy[KeywordTable]:
    """Keyword tables for distinct categories of *catalogue* (default: the 16), each
    with distinct non-empty Chinese keywords.

    Shrinks towards the empty table.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(keyword_tables())
        ... def check(table):
        ...     codes = [code for code, _ in table.entries]
        ...     assert len(set(codes)) == len(codes)
        >>> check()
    """
    cat = _check_catalogue(catalogue)
    return st.lists(
        st.tuples(st.sampled_from(cat.codes), _keywords().map(tuple)),
        max_size=len(cat.codes),
        unique_by=lambda e: e[0],
    ).map(lambda es: KeywordTable(entries=es))


def candidates(*, catalogue: Catalogue | None = None) -> st.SearchStrategy[Candidate]:
    """Candidates of :func:`~servicegov.screening.classify_text`: a category of
    *catalogue* (default: the 16), one to four distinct keywords found, and the
    score they give (the sum of their lengths).

    Shrinks towards the first category with one one-character keyword.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(candidates())
        ... def check(candidate):
        ...     assert candidate.score == sum(len(w) for w in candidate.matched)
        >>> check()
    """
    cat = _check_catalogue(catalogue)
    return st.builds(
        lambda code, words: Candidate(category=code, score=float(sum(len(w) for w in words)), matched=words),
        st.sampled_from(cat.codes),
        _keywords(min_size=1),
    )


_COMMON_FIRST = st.sampled_from((Scope.COMMON, Scope.INDIVIDUAL))
_TWO_GOODS: st.SearchStrategy[str | None] = st.sampled_from(_GOODS[:2])


@st.composite
def _consolidations(draw: st.DrawFn, max_size: int) -> Consolidation:
    # Few villages, categories and goods, so that merges and duplicates are common.
    villages = draw(st.lists(division_codes(level=Level.VILLAGE), min_size=1, max_size=2))
    cats = st.sampled_from(
        draw(st.lists(st.sampled_from(DEFAULT_CATALOGUE.categories), min_size=1, max_size=2, unique=True))
    )
    make = _needs(st.sampled_from(villages), cats, _ID, _COMMON_FIRST, _TWO_GOODS)
    n = draw(st.integers(0, max_size))
    ids = draw(st.lists(_ids(), min_size=n, max_size=n, unique=True))
    out: list[Need] = []
    for nid in ids:
        if out and draw(st.integers(0, 4)) == 0:
            # The same request registered again on another day through another channel.
            src = draw(st.sampled_from(out))
            out.append(
                attrs.evolve(src, id=nid, collected=draw(_dates()), channel=draw(st.sampled_from(Channel)))
            )
        else:
            out.append(attrs.evolve(draw(make), id=nid))
    return consolidate(out)


def consolidations(*, max_size: int = 10) -> st.SearchStrategy[Consolidation]:
    """Consolidations produced by :func:`~servicegov.screening.consolidate` on up to
    *max_size* needs from one or two villages and categories, some of them exact
    duplicates, so that merged common needs and duplicates both occur.

    Shrinks towards the consolidation of no needs.

    Raises:
        InvalidArgument: when *max_size* is negative.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(consolidations())
        ... def check(c):
        ...     ids = [i for n in c.needs for i in n.ids]
        ...     assert len(set(ids)) == len(ids)
        >>> check()
    """
    _check_size("max_size", max_size, "max_size", None)
    return _consolidations(max_size)


# ------------------------------------------------------------------ district


@st.composite
def _districts(draw: st.DrawFn, min_needs: int, max_needs: int) -> District:
    organisation = draw(organisations(min_villages=1, max_villages=3))
    catalogue = draw(st.just(DEFAULT_CATALOGUE) | catalogues())
    need_list = draw(
        st.lists(
            _needs(st.sampled_from(organisation.villages), st.sampled_from(catalogue.categories), _ID),
            min_size=min_needs,
            max_size=max_needs,
            unique_by=lambda n: n.id,
        )
    )
    return District(
        name=draw(_texts()),
        division=organisation.root.division,
        organisation=organisation,
        catalogue=catalogue,
        calendar=draw(work_calendars(max_size=6)),
        needs=need_list,
        as_of=draw(_dates()),
        preset=draw(st.none() | st.sampled_from(("small", "xinzhou", "zhifu"))),
        seed=draw(st.none() | st.integers(0, 2**32 - 1)),
    )


def districts(*, min_needs: int = 0, max_needs: int = 30) -> st.SearchStrategy[District]:
    """Districts: an :func:`organisations` tree of one to three villages, the
    default catalogue or a generated one, a working calendar, and *min_needs* to
    *max_needs* needs with unique ids, each in one of the district's villages and
    a category of its catalogue.  The district's code is the root unit's.

    Shrinks towards a district of one village, the default catalogue, no needs
    and the plain weekly calendar.

    Raises:
        InvalidArgument: when the sizes are negative or out of order.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(districts(max_needs=5))
        ... def check(district):
        ...     villages = set(district.organisation.villages)
        ...     assert all(n.village in villages and n.category in district.catalogue for n in district.needs)
        >>> check()
    """
    _check_size("min_needs", min_needs, "max_needs", max_needs)
    return _districts(min_needs, max_needs)


# ------------------------------------------------------------------ routing


def competences(*, catalogue: Catalogue | None = None) -> st.SearchStrategy[routing.Competence]:
    """Competence entries: units of a kind at a tier solve some categories of
    *catalogue* (default: the 16), or every category when the set is empty.

    Shrinks towards grid-tier Party organisations competent for every category.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(competences())
        ... def check(competence):
        ...     assert competence.categories <= set(DEFAULT_CATALOGUE.codes)
        >>> check()
    """
    cat = _check_catalogue(catalogue)
    return st.builds(
        routing.Competence,
        tier=st.sampled_from(Tier),
        kind=st.sampled_from(ProviderKind),
        categories=st.frozensets(st.sampled_from(cat.codes), max_size=4),
    )


def cost_ceilings() -> st.SearchStrategy[routing.CostCeiling]:
    """Cost ceilings: a tier and the most it funds for one need, in yuan (at least 0).

    Shrinks towards a grid ceiling of 0 yuan.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(cost_ceilings())
        ... def check(ceiling):
        ...     assert ceiling.max_cost >= 0
        >>> check()
    """
    return st.builds(routing.CostCeiling, tier=st.sampled_from(Tier), max_cost=_COST)


_WORKDAYS = st.integers(0, 30)
_HOURS = st.none() | st.integers(0, 96)


@st.composite
def _deadline_rules(draw: st.DrawFn, cat: Catalogue, general: bool) -> routing.DeadlineRule:
    category = draw(st.none() | st.sampled_from(cat.codes))
    # With general=False the rule is never (tier, no category, priority 0), the
    # key of the general rule every generated policy has for each tier.
    low = 0.0 if general or category is not None else 0.5
    return routing.DeadlineRule(
        tier=draw(st.sampled_from(Tier)),
        workdays=draw(_WORKDAYS),
        category=category,
        min_priority=draw(_floats(low, 10.0)),
        hours=draw(_HOURS),
    )


def deadline_rules(*, catalogue: Catalogue | None = None) -> st.SearchStrategy[routing.DeadlineRule]:
    """Deadline rules: a tier's time limit in working days (or hours, for
    emergencies), for every category or one of *catalogue* (default: the 16),
    from a priority up.

    Shrinks towards a general grid rule of 0 working days from priority 0.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(deadline_rules())
        ... def check(rule):
        ...     assert rule.workdays >= 0 and (rule.hours is None or rule.hours >= 0)
        >>> check()
    """
    return _deadline_rules(_check_catalogue(catalogue), True)


@st.composite
def _routing_policies(draw: st.DrawFn, cat: Catalogue) -> routing.RoutingPolicy:
    general = [routing.DeadlineRule(tier=t, workdays=draw(_WORKDAYS), hours=draw(_HOURS)) for t in Tier]
    specific = draw(
        st.lists(
            _deadline_rules(cat, False), max_size=4, unique_by=lambda d: (d.tier, d.category, d.min_priority)
        )
    )
    return routing.RoutingPolicy(
        competence=draw(st.lists(competences(catalogue=cat), max_size=8)),
        cost_ceilings=draw(st.lists(cost_ceilings(), max_size=len(Tier), unique_by=lambda c: c.tier)),
        deadlines=draw(st.permutations(general + specific)),
        mode=draw(st.sampled_from(routing.Mode)),
        use_backstop=draw(_YES),
        respect_capacity=draw(_YES),
        escalate_overdue=draw(_YES),
        start_tier=draw(st.sampled_from(Tier)),
    )


def routing_policies(*, catalogue: Catalogue | None = None) -> st.SearchStrategy[routing.RoutingPolicy]:
    """Routing policies: the default policy of *catalogue* (default: the 16), or
    generated competence, at most one cost ceiling per tier, and deadline rules
    with a general rule for every tier (so every tier has a time limit) and at
    most one rule per tier, category and priority; every category named is in
    *catalogue*.

    Shrinks towards :func:`~servicegov.routing.default_policy` of *catalogue*.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(routing_policies())
        ... def check(policy):
        ...     assert policy.check(DEFAULT_CATALOGUE) is policy
        >>> check()
    """
    cat = _check_catalogue(catalogue)
    return st.just(routing.default_policy(cat)) | _routing_policies(cat)


@st.composite
def _hops(draw: st.DrawFn) -> routing.Hop:
    low, high = sorted(draw(st.lists(st.sampled_from(Tier), min_size=2, max_size=2, unique=True)))
    return routing.Hop(
        from_unit=draw(_ID),
        from_tier=low,
        to_unit=draw(_ID),
        to_tier=high,
        why=draw(st.sampled_from(routing.EscalationReason)),
        on=draw(_DATE),
    )


def hops() -> st.SearchStrategy[routing.Hop]:
    """Escalations from a unit at one tier to a unit at a higher tier, with a reason and a date.

    Shrinks towards a grid-to-Party-group hop for want of a competent unit.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(hops())
        ... def check(hop):
        ...     assert hop.from_tier < hop.to_tier
        >>> check()
    """
    return _hops()


@st.composite
def _routed_results(draw: st.DrawFn) -> routing.Routed:
    since = draw(_DATE)
    return routing.Routed(
        unit=draw(_ID),
        tier=draw(st.sampled_from(Tier)),
        due=since + dt.timedelta(days=draw(st.integers(0, 60))),
        channel=draw(st.sampled_from(routing.Channel)),
        since=since,
    )


def routed_results() -> st.SearchStrategy[routing.Routed]:
    """Routing results in which a unit holds a need, due on or after the day it got it.

    Shrinks towards a grid unit that got the need on 2000-01-01, due the same day.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(routed_results())
        ... def check(routed):
        ...     assert routed.since <= routed.due
        >>> check()
    """
    return _routed_results()


def unroutable_results() -> st.SearchStrategy[routing.Unroutable]:
    """Routing results in which no unit can take a need, with a detail text.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(unroutable_results())
        ... def check(result):
        ...     assert result.reason is routing.UnroutableReason.NO_UNIT
        >>> check()
    """
    return st.builds(
        routing.Unroutable, reason=st.sampled_from(routing.UnroutableReason), detail=_texts()
    )


@st.composite
def _routes(draw: st.DrawFn, max_escalations: int) -> routing.Route:
    organisation = draw(organisations(min_villages=1, max_villages=2, members=False))
    villages = st.sampled_from(organisation.villages)
    need = draw(_needs(villages, st.sampled_from(DEFAULT_CATALOGUE.categories), _ID))
    policy = draw(routing_policies())
    calendar = draw(st.just(CHINA_2025) | work_calendars(max_size=4))
    load = draw(
        st.dictionaries(st.sampled_from([u.id for u in organisation.units]), st.integers(0, 3), max_size=3)
    )
    as_of = draw(_DATE)
    priority = draw(st.none() | _floats(0.0, 10.0))
    result = routing.route(
        need, organisation, policy, as_of=as_of, calendar=calendar, priority=priority, load=load
    )
    for _ in range(draw(st.integers(0, max_escalations))):
        if not isinstance(result.result, routing.Routed):
            break
        as_of = result.result.due + dt.timedelta(days=1)
        result = routing.escalate(
            result, need, organisation, policy, as_of=as_of, calendar=calendar, priority=priority, load=load
        )
    return result


def routes(*, max_escalations: int = 2) -> st.SearchStrategy[routing.Route]:
    """Routes produced by :func:`~servicegov.routing.route` for a need of a generated
    organisation under :func:`routing_policies`, with a working calendar and some
    units already loaded, then escalated up to *max_escalations* times with
    :func:`~servicegov.routing.escalate` when a unit holds it.  Every hop, due date
    and channel is therefore one routing really gives; a policy without a
    backstop makes some needs :class:`~servicegov.routing.Unroutable`.

    Shrinks towards the default policy routing the simplest need of a
    one-village organisation, with no escalation.

    Raises:
        InvalidArgument: when *max_escalations* is negative.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(routes())
        ... def check(route):
        ...     assert route.routed == isinstance(route.result, routing.Routed)
        >>> check()
    """
    _check_size("max_escalations", max_escalations, "max_escalations", None)
    return _routes(max_escalations)


# ------------------------------------------------------------------ pipeline


@st.composite
def _simulated_services(draw: st.DrawFn) -> pipeline.SimulatedService:
    tiers = draw(st.lists(st.sampled_from(Tier), max_size=len(Tier), unique=True))
    return pipeline.SimulatedService(
        seed=draw(st.integers(0, 2**32 - 1)),
        mean_workdays=tuple((t, draw(_floats(0.5, 30.0))) for t in tiers),
        failure_share=draw(_floats(0.0, 1.0)),
    )


def simulated_services() -> st.SearchStrategy[pipeline.SimulatedService]:
    """Seeded service-time models: a positive mean number of working days for some
    tiers (the others default to 10) and a failure share between 0 and 1.

    Shrinks towards seed 0 with no per-tier means and no failures.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(simulated_services())
        ... def check(service):
        ...     assert 0 <= service.failure_share <= 1
        >>> check()
    """
    return _simulated_services()


@st.composite
def _reports(draw: st.DrawFn, min_needs: int, max_needs: int) -> pipeline.Report:
    district = draw(districts(min_needs=min_needs, max_needs=max_needs))
    service = draw(st.none() | simulated_services())
    as_of = district.as_of + dt.timedelta(days=draw(st.integers(0, 120)))
    return pipeline.run(district, service=service, as_of=as_of)


def reports(*, min_needs: int = 0, max_needs: int = 10) -> st.SearchStrategy[pipeline.Report]:
    """Reports produced by :func:`~servicegov.pipeline.run` on a generated district of
    *min_needs* to *max_needs* needs, with or without a :func:`simulated_services`
    model, on the district's date or up to 120 days later; so every report has
    one outcome per need and counts that agree with them.

    Shrinks towards the report of a district with no needs.

    Raises:
        InvalidArgument: when the sizes are negative or out of order.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(reports(max_needs=5))
        ... def check(report):
        ...     assert report.needs == len(report.outcomes)
        >>> check()
    """
    _check_size("min_needs", min_needs, "max_needs", max_needs)
    return _reports(min_needs, max_needs)


@st.composite
def _outcomes(draw: st.DrawFn) -> pipeline.Outcome:
    report = draw(reports(min_needs=1, max_needs=6))
    return draw(st.sampled_from(sorted(report.outcomes.values(), key=lambda o: o.need_id)))


def outcomes() -> st.SearchStrategy[pipeline.Outcome]:
    """One outcome of a :func:`reports` report of at least one need, so that its
    status, stage, unit and dates are ones the pipeline really gives.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(outcomes())
        ... def check(outcome):
        ...     assert (outcome.status is pipeline.Status.RESOLVED) == (outcome.resolved_on is not None)
        >>> check()
    """
    return _outcomes()


# ------------------------------------------------------------------ weighting

# Saaty's 1-9 scale and its reciprocals.
_SAATY = st.integers(1, 9) | st.integers(2, 9).map(lambda x: 1 / x)


@st.composite
def _ahp_results(draw: st.DrawFn, min_size: int, max_size: int) -> weighting.AHPResult:
    n = draw(st.integers(min_size, max_size))
    matrix = [[1.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            matrix[i][j] = float(draw(_SAATY))
            matrix[j][i] = 1 / matrix[i][j]
    return weighting.ahp(matrix)


def ahp_results(*, min_size: int = 1, max_size: int = 6) -> st.SearchStrategy[weighting.AHPResult]:
    """Results of :func:`~servicegov.weighting.ahp` on reciprocal pairwise matrices of
    order *min_size* to *max_size* with judgements on Saaty's 1-9 scale, so the
    weights sum to 1 and the consistency figures agree with them.

    Shrinks towards the order-1 matrix ``[[1]]``.

    Raises:
        InvalidArgument: when the sizes are below 1, above 10 or out of order.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(ahp_results(min_size=2, max_size=4))
        ... def check(result):
        ...     assert 2 <= len(result.weights) <= 4 and abs(sum(result.weights) - 1) < 1e-9
        >>> check()
    """
    _check_size("min_size", min_size, "max_size", max_size, floor=1)
    if max_size > 10:
        msg = f"max_size={max_size!r} must be at most 10 (the largest order of Saaty's random index)"
        raise InvalidArgument(msg)
    return _ahp_results(min_size, max_size)


# ------------------------------------------------------------------ simulation


def _count_experiment(seed: int) -> int:
    return random.Random(seed).randrange(1000)


def _share_experiment(seed: int) -> float:
    return random.Random(seed).random()


def _mapping_experiment(seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    return {"served": rng.randrange(100), "escalated": rng.randrange(10)}


_EXPERIMENTS: tuple[Callable[[int], object], ...] = (
    _count_experiment,
    _share_experiment,
    _mapping_experiment,
)


@st.composite
def _monte_carlo_results(draw: st.DrawFn, max_size: int) -> MonteCarloResult[object]:
    experiment = draw(st.sampled_from(_EXPERIMENTS))
    return monte_carlo(experiment, draw(st.integers(0, max_size)), seed=draw(st.integers(0, 2**32 - 1)))


def monte_carlo_results(*, max_size: int = 8) -> st.SearchStrategy[MonteCarloResult[object]]:
    """Results of :func:`~servicegov.simulation.monte_carlo` over up to *max_size*
    replications of a seeded experiment returning a count, a share or a small
    mapping of counts, so each run is the experiment of its seed.

    Shrinks towards no replications of the counting experiment.

    Raises:
        InvalidArgument: when *max_size* is negative.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(monte_carlo_results())
        ... def check(result):
        ...     assert len(result.seeds) == len(result.runs)
        >>> check()
    """
    _check_size("max_size", max_size, "max_size", None)
    return _monte_carlo_results(max_size)


@st.composite
def _presets(draw: st.DrawFn) -> Preset:
    towns = draw(st.integers(1, 4))
    first = draw(_DATE)
    last = first + dt.timedelta(days=draw(st.integers(0, 180)))
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=2, max_size=2)))
    catalogue = draw(st.none() | catalogues(max_items=0))
    return Preset(
        name=draw(_texts(min_size=1)),
        division=draw(division_codes(level=Level.COUNTY)),
        towns=towns,
        villages=draw(st.integers(towns, 30)),
        needs=draw(st.integers(0, 2000)),
        departments=draw(st.integers(1, 10)),
        town_departments=draw(st.integers(0, 6)),
        members_per_village=draw(st.integers(0, 30)),
        volunteers_per_village=draw(st.integers(0, 10)),
        cadres_per_department=draw(st.integers(0, 12)),
        dual_share=draw(_floats(0.0, 1.0)),
        kind_shares=(cuts[0] / 100, (cuts[1] - cuts[0]) / 100, (100 - cuts[1]) / 100),
        common_share=draw(_floats(0.0, 1.0)),
        duplicate_share=draw(_floats(0.0, 0.2)),
        unrealistic_share=draw(_floats(0.0, 0.2)),
        catalogue=catalogue,
        projects=draw(st.integers(0, 50)) if catalogue is not None else 0,
        collected_from=first,
        collected_to=last,
        as_of=last + dt.timedelta(days=draw(st.integers(0, 90))),
    )


def presets() -> st.SearchStrategy[Preset]:
    """Simulation presets: one of :data:`~servicegov.simulation.PRESETS`, or one of
    one to four towns over at least as many villages (up to 30), shares between 0
    and 1 with the three kind shares summing to 1, a collection window that ends
    on or before the report date, and projects only with a catalogue of its own.

    Shrinks towards the ``small`` preset.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(presets())
        ... def check(preset):
        ...     assert preset.towns <= preset.villages and preset.collected_to <= preset.as_of
        >>> check()
    """
    return st.sampled_from(list(PRESETS.values())) | _presets()


# ------------------------------------------------------------------ rater models and experiments

_POINTS = _floats(0.0, 100.0)
_SHARE = _floats(0.0, 1.0)
_SEED = st.integers(0, 2**32 - 1)
# Targets whose scheme gives the residents part, not all, of the weight (ResidentsWeight needs one).
_RESIDENTS_SHARE = {
    t: share
    for t in Target
    for share in [sum(i.weight for i in xinzhou_scheme(t).indicators if i.source is Source.RESIDENTS)]
    if 0 < share < 1
}


def _id_pool(name: str, ids: Sequence[str] | None) -> st.SearchStrategy[str]:
    if ids is None:
        return _ID
    given: Sequence[object] = ids
    if isinstance(given, str) or not all(isinstance(i, str) and i for i in given):
        msg = f"{name}={ids!r} must be a sequence of non-empty string ids or None"
        raise InvalidArgument(msg)
    if not ids:
        msg = f"{name} must name at least one id"
        raise InvalidArgument(msg)
    return st.sampled_from(sorted(ids))


def _some(pool: st.SearchStrategy[str], *, min_size: int = 0) -> st.SearchStrategy[frozenset[str]]:
    return st.frozensets(pool, min_size=min_size, max_size=3)


def noises(*, raters: Sequence[str] | None = None) -> st.SearchStrategy[Noise]:
    """:class:`~servicegov.simulation.Noise` of sd 0 to 30 points, for every rater or
    some of *raters* (default: any id), with up to two raters' own sd.

    Shrinks towards no noise on every rater.

    Raises:
        InvalidArgument: when *raters* is not a non-empty sequence of ids.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(noises(raters=["r1", "r2"]))
        ... def check(noise):
        ...     assert noise.raters <= {"r1", "r2"} and noise.sd >= 0
        >>> check()
    """
    pool = _id_pool("raters", raters)
    sd = _floats(0.0, 30.0)
    return st.builds(Noise, sd=sd, by_rater=st.dictionaries(pool, sd, max_size=2), raters=_some(pool))


def leniencies(*, raters: Sequence[str] | None = None) -> st.SearchStrategy[Leniency]:
    """:class:`~servicegov.simulation.Leniency` of bias −30 to 30 points and spread 0 to 10,
    for every rater or some of *raters* (default: any id).

    Shrinks towards no shift on every rater.

    Raises:
        InvalidArgument: when *raters* is not a non-empty sequence of ids.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(leniencies())
        ... def check(effect):
        ...     assert -30 <= effect.bias <= 30
        >>> check()
    """
    pool = _id_pool("raters", raters)
    return st.builds(Leniency, bias=_floats(-30.0, 30.0), spread=_floats(0.0, 10.0), raters=_some(pool))


def halos(*, raters: Sequence[str] | None = None) -> st.SearchStrategy[Halo]:
    """:class:`~servicegov.simulation.Halo` of weight 0 to 1, for every rater or some of
    *raters* (default: any id).

    Shrinks towards no halo on every rater.

    Raises:
        InvalidArgument: when *raters* is not a non-empty sequence of ids.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(halos())
        ... def check(effect):
        ...     assert 0 <= effect.weight <= 1
        >>> check()
    """
    return st.builds(Halo, weight=_SHARE, raters=_some(_id_pool("raters", raters)))


def central_tendencies(*, raters: Sequence[str] | None = None) -> st.SearchStrategy[CentralTendency]:
    """:class:`~servicegov.simulation.CentralTendency` of strength 0 to 1 toward a midpoint
    from 0 to 100, for every rater or some of *raters* (default: any id).

    Shrinks towards no shrinking toward 0 on every rater.

    Raises:
        InvalidArgument: when *raters* is not a non-empty sequence of ids.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(central_tendencies())
        ... def check(effect):
        ...     assert 0 <= effect.midpoint <= 100
        >>> check()
    """
    return st.builds(
        CentralTendency, strength=_SHARE, midpoint=_POINTS, raters=_some(_id_pool("raters", raters))
    )


def non_responses(*, raters: Sequence[str] | None = None) -> st.SearchStrategy[NonResponse]:
    """:class:`~servicegov.simulation.NonResponse` of probability 0 to 1, for every rater
    or some of *raters* (default: any id).

    Shrinks towards nobody losing a ballot.

    Raises:
        InvalidArgument: when *raters* is not a non-empty sequence of ids.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(non_responses())
        ... def check(effect):
        ...     assert 0 <= effect.probability <= 1
        >>> check()
    """
    return st.builds(NonResponse, probability=_SHARE, raters=_some(_id_pool("raters", raters)))


def collusions(
    *, raters: Sequence[str] | None = None, units: Sequence[str] | None = None
) -> st.SearchStrategy[Collusion]:
    """:class:`~servicegov.simulation.Collusion` rings of one to three of *raters* (default:
    any id) favouring one to three of *units* (default: any id) with a score from 0 to 100.

    Shrinks towards a ring of one rater giving one unit 0.

    Raises:
        InvalidArgument: when *raters* or *units* is not a non-empty sequence of ids.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(collusions(raters=["r1", "r2"], units=["u1"]))
        ... def check(ring):
        ...     assert ring.raters and ring.units == {"u1"}
        >>> check()
    """
    return st.builds(
        Collusion,
        raters=_some(_id_pool("raters", raters), min_size=1),
        units=_some(_id_pool("units", units), min_size=1),
        score=_POINTS,
    )


def strategic_units(
    *, units: Sequence[str] | None = None, indicators: Sequence[str] | None = None
) -> st.SearchStrategy[StrategicUnits]:
    """:class:`~servicegov.simulation.StrategicUnits`: one to three of *units* (default: any
    id) gaming one or two of *indicators* (default: ``completion`` or any id) by an
    inflation from 0 to 1.

    Shrinks towards one unit gaming by nothing.

    Raises:
        InvalidArgument: when *units* or *indicators* is not a non-empty sequence of ids.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(strategic_units(indicators=["completion"]))
        ... def check(effect):
        ...     assert effect.indicators == {"completion"}
        >>> check()
    """
    codes = st.just("completion") | _ID if indicators is None else _id_pool("indicators", indicators)
    return st.builds(
        StrategicUnits,
        units=_some(_id_pool("units", units), min_size=1),
        indicators=st.frozensets(codes, min_size=1, max_size=2),
        inflation=_SHARE,
    )


def rater_effects(
    *, raters: Sequence[str] | None = None, units: Sequence[str] | None = None
) -> st.SearchStrategy[Effect]:
    """Any rater effect: one of :func:`noises`, :func:`leniencies`, :func:`halos`,
    :func:`central_tendencies`, :func:`non_responses`, :func:`collusions` and
    :func:`strategic_units`, over *raters* and *units* (default: any id).

    Shrinks towards no noise.

    Raises:
        InvalidArgument: when *raters* or *units* is not a non-empty sequence of ids.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(rater_effects())
        ... def check(effect):
        ...     assert attrs.has(type(effect))
        >>> check()
    """
    return st.one_of(
        noises(raters=raters),
        leniencies(raters=raters),
        halos(raters=raters),
        central_tendencies(raters=raters),
        non_responses(raters=raters),
        collusions(raters=raters, units=units),
        strategic_units(units=units),
    )


def rater_models(
    *, max_effects: int = 3, raters: Sequence[str] | None = None, units: Sequence[str] | None = None
) -> st.SearchStrategy[RaterModel]:
    """:class:`~servicegov.simulation.RaterModel` of up to *max_effects* :func:`rater_effects`
    over *raters* and *units* (default: any id), in any order.

    Shrinks towards perfect raters (no effect).

    Raises:
        InvalidArgument: when *max_effects* is negative, or *raters* or *units* is
            not a non-empty sequence of ids.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(rater_models(max_effects=2))
        ... def check(model):
        ...     assert len(model.effects) <= 2
        >>> check()
    """
    _check_size("max_effects", max_effects, "max_effects", None)
    effects = rater_effects(raters=raters, units=units)
    return st.builds(RaterModel, effects=st.lists(effects, max_size=max_effects))


def ratings() -> st.SearchStrategy[Rating]:
    """Single ballots: a rater, a unit and one to four scores from 0 to 100, or no
    ballot (``None``).

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(ratings())
        ... def check(rating):
        ...     assert rating.scores is None or rating.mean is not None
        >>> check()
    """
    scores = st.none() | st.lists(_POINTS, min_size=1, max_size=4).map(tuple)
    return st.builds(Rating, rater=_ID, unit=_ID, scores=scores)


@st.composite
def _panel_ratings(draw: st.DrawFn, max_units: int, max_raters: int) -> Ratings:
    codes = draw(st.lists(_ID, min_size=1, max_size=3, unique=True))
    units = draw(st.lists(_ID, max_size=max_units, unique=True))
    raters = draw(st.lists(_ID, max_size=max_raters, unique=True))
    truth = {u: {c: draw(_POINTS) for c in codes} for u in units}
    model = draw(rater_models(raters=raters or None, units=units or None))
    return model.rate(truth, raters, random.Random(draw(_SEED)))


def panel_ratings(*, max_units: int = 3, max_raters: int = 4) -> st.SearchStrategy[Ratings]:
    """:class:`~servicegov.simulation.Ratings` made by :meth:`~servicegov.simulation.RaterModel.rate`:
    a :func:`rater_models` model over up to *max_raters* raters rating up to
    *max_units* units on one to three indicators, from a seed.

    Shrinks towards no units.

    Raises:
        InvalidArgument: when *max_units* or *max_raters* is negative.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(panel_ratings())
        ... def check(sheet):
        ...     assert {r.unit for r in sheet.ratings} <= set(sheet.units)
        >>> check()
    """
    _check_size("max_units", max_units, "max_units", None)
    _check_size("max_raters", max_raters, "max_raters", None)
    return _panel_ratings(max_units, max_raters)


# Rater models of a world: everything but lost ballots, so that every
# replication of an experiment on the world runs (a unit whose ballots were all
# lost has no value, and the experiment raises).
def _world_effects(raters: Sequence[str], units: Sequence[str]) -> st.SearchStrategy[Effect]:
    return st.one_of(
        noises(raters=raters),
        leniencies(raters=raters),
        halos(raters=raters),
        central_tendencies(raters=raters),
        collusions(raters=raters, units=units),
        strategic_units(units=units),
    )


def _world_models(raters: Sequence[str], units: Sequence[str]) -> st.SearchStrategy[RaterModel]:
    return st.builds(RaterModel, effects=st.lists(_world_effects(raters, units), max_size=2))


@st.composite
def _worlds(draw: st.DrawFn, max_units: int, max_residents: int, target: st.SearchStrategy[Target]) -> World:
    shape = World(
        target=draw(target),
        units=draw(st.integers(2, max_units)),
        residents=draw(st.integers(1, max_residents)),
        reviewers=draw(st.integers(1, 3)),
    )
    units = shape.unit_ids
    trim = draw(st.integers(0, 2))
    return attrs.evolve(
        shape,
        truth_seed=draw(_SEED),
        quality_mean=draw(_POINTS),
        quality_sd=draw(st.just(0.0) | _floats(0.0, 20.0)),
        indicator_sd=draw(st.just(0.0) | _floats(0.0, 10.0)),
        residents_model=draw(_world_models(shape.resident_ids, units)),
        reviewers_model=draw(_world_models(shape.reviewer_ids, units)),
        records_model=draw(_world_models(["records"], units)),
        trim=trim,
        trim_above=draw(st.integers(2 * trim, 2 * trim + 5)),
        bands=draw(bands()),
    )


def _check_world_sizes(max_units: int, max_residents: int) -> None:
    _check_size("min_units", 2, "max_units", max_units)
    _check_size("min_residents", 1, "max_residents", max_residents)


def worlds(*, max_units: int = 6, max_residents: int = 4) -> st.SearchStrategy[World]:
    """Simulation :class:`~servicegov.simulation.World` values of 2 to *max_units* units,
    1 to *max_residents* residents and one to three reviewers, under any target's
    scheme, with any true-score distribution, bands and trimming.

    The panels' rater models are up to two effects over the world's own raters
    and units, never a :class:`~servicegov.simulation.NonResponse`, so every
    replication of an experiment on the world runs.

    Shrinks towards two units, one resident and one reviewer, all perfect.

    Raises:
        InvalidArgument: when *max_units* is below 2 or *max_residents* below 1.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(worlds(max_units=3))
        ... def check(world):
        ...     assert 2 <= world.units <= 3 and world.trim_above >= 2 * world.trim
        >>> check()
    """
    _check_world_sizes(max_units, max_residents)
    return _worlds(max_units, max_residents, st.sampled_from(list(Target)))


@st.composite
def _ranking_stability_experiments(draw: st.DrawFn, max_units: int) -> RankingStability:
    world = draw(_worlds(max_units, 4, st.sampled_from(list(Target))))
    return RankingStability(world=world, k=draw(st.integers(1, world.units)))


def ranking_stability_experiments(*, max_units: int = 6) -> st.SearchStrategy[RankingStability]:
    """:class:`~servicegov.simulation.RankingStability` experiments on :func:`worlds` of up
    to *max_units* units, comparing a top of 1 to all units.

    Shrinks towards a top of one in a world of two units.

    Raises:
        InvalidArgument: when *max_units* is below 2.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(ranking_stability_experiments())
        ... def check(experiment):
        ...     assert len(experiment(0).ranks) == experiment.world.units
        >>> check()
    """
    _check_world_sizes(max_units, 1)
    return _ranking_stability_experiments(max_units)


@st.composite
def _weight_sensitivity_experiments(draw: st.DrawFn, max_units: int) -> WeightSensitivity:
    world = draw(_worlds(max_units, 4, st.sampled_from(list(Target))))
    values = None
    n = world.units
    if draw(st.booleans()):
        n = draw(st.integers(2, world.units))
        codes = [i.code for i in world.scheme().indicators]
        values = {u: {c: draw(_POINTS) for c in codes} for u in world.unit_ids[:n]}
    return WeightSensitivity(
        world=world,
        concentration=draw(_floats(0.5, 1000.0)),
        k=draw(st.integers(1, n)),
        values=values,
    )


def weight_sensitivity_experiments(*, max_units: int = 6) -> st.SearchStrategy[WeightSensitivity]:
    """:class:`~servicegov.simulation.WeightSensitivity` experiments on :func:`worlds` of up
    to *max_units* units, with a concentration from 0.5 to 1000 and either the
    world's true scores or values of their own for some of its units.

    Shrinks towards the true scores of a world of two units.

    Raises:
        InvalidArgument: when *max_units* is below 2.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(weight_sensitivity_experiments())
        ... def check(experiment):
        ...     assert abs(sum(experiment(0).weights) - 1) < 1e-9
        >>> check()
    """
    _check_world_sizes(max_units, 1)
    return _weight_sensitivity_experiments(max_units)


def _ring_fields(draw: st.DrawFn, world: World) -> dict[str, Any]:
    ids = world.unit_ids
    targets = draw(
        st.integers(0, len(ids)) | st.lists(st.sampled_from(ids), max_size=len(ids), unique=True).map(tuple)
    )
    return {
        "ring_size": draw(st.integers(0, world.residents)),
        "targets": targets,
        "k": draw(st.integers(1, world.units)),
    }


@st.composite
def _residents_weight_experiments(draw: st.DrawFn, max_units: int) -> ResidentsWeight:
    world = draw(_worlds(max_units, 4, st.sampled_from(list(_RESIDENTS_SHARE))))
    factor = draw(_floats(0.25, 1 / _RESIDENTS_SHARE[world.target]))
    return ResidentsWeight(world=world, factor=factor, **_ring_fields(draw, world))


def residents_weight_experiments(*, max_units: int = 6) -> st.SearchStrategy[ResidentsWeight]:
    """:class:`~servicegov.simulation.ResidentsWeight` experiments on :func:`worlds` of up
    to *max_units* units whose scheme gives the residents part of the weight, a
    factor from 0.25 to as much as the scheme allows, a ring of none to every
    resident, and targets given as a count or as unit ids.

    Shrinks towards a factor of 0.25 and no ring in a world of two units.

    Raises:
        InvalidArgument: when *max_units* is below 2.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(residents_weight_experiments())
        ... def check(experiment):
        ...     assert experiment.ring_targets() <= set(experiment.world.unit_ids)
        >>> check()
    """
    _check_world_sizes(max_units, 1)
    return _residents_weight_experiments(max_units)


@st.composite
def _trimming_experiments(draw: st.DrawFn, max_units: int) -> Trimming:
    world = draw(_worlds(max_units, 4, st.sampled_from(list(Target))))
    return Trimming(world=world, trim=draw(st.integers(1, 3)), **_ring_fields(draw, world))


def trimming_experiments(*, max_units: int = 6) -> st.SearchStrategy[Trimming]:
    """:class:`~servicegov.simulation.Trimming` experiments on :func:`worlds` of up to
    *max_units* units, trimming one to three ballots at each end, with a ring and
    targets as in :func:`residents_weight_experiments`.

    Shrinks towards trimming one ballot with no ring in a world of two units.

    Raises:
        InvalidArgument: when *max_units* is below 2.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(trimming_experiments())
        ... def check(experiment):
        ...     assert 0 <= experiment.ring_size <= experiment.world.residents
        >>> check()
    """
    _check_world_sizes(max_units, 1)
    return _trimming_experiments(max_units)


@st.composite
def _random_vs_self_chosen_experiments(draw: st.DrawFn, max_units: int) -> RandomVsSelfChosen:
    world = draw(_worlds(max_units, 4, st.sampled_from(list(Target))))
    return RandomVsSelfChosen(
        world=world,
        roster=draw(st.integers(world.residents, world.residents + 6)),
        friendliness=draw(_floats(0.0, 30.0)),
        k=draw(st.integers(1, world.units)),
    )


def random_vs_self_chosen_experiments(*, max_units: int = 6) -> st.SearchStrategy[RandomVsSelfChosen]:
    """:class:`~servicegov.simulation.RandomVsSelfChosen` experiments on :func:`worlds` of up
    to *max_units* units, with rosters of the panel size to six more and
    friendliness from 0 to 30 points.

    Shrinks towards rosters of the panel size in a world of two units.

    Raises:
        InvalidArgument: when *max_units* is below 2.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(random_vs_self_chosen_experiments())
        ... def check(experiment):
        ...     assert experiment.roster >= experiment.world.residents
        >>> check()
    """
    _check_world_sizes(max_units, 1)
    return _random_vs_self_chosen_experiments(max_units)


# The results are what the experiments give, one replication on a small world.


def _run(experiments: st.SearchStrategy[Callable[[int], T]]) -> st.SearchStrategy[T]:
    return st.tuples(experiments, _SEED).map(lambda pair: pair[0](pair[1]))


def stabilities() -> st.SearchStrategy[Stability]:
    """:class:`~servicegov.simulation.Stability` results: one replication of
    :func:`ranking_stability_experiments` on up to four units (τ is ``nan`` when
    every unit has the same total).

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(stabilities())
        ... def check(result):
        ...     assert sorted(result.ranks)[0] == 1
        >>> check()
    """
    return _run(ranking_stability_experiments(max_units=4))


def sensitivities() -> st.SearchStrategy[Sensitivity]:
    """:class:`~servicegov.simulation.Sensitivity` results: one replication of
    :func:`weight_sensitivity_experiments` on up to four units.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(sensitivities())
        ... def check(result):
        ...     assert abs(sum(result.weights) - 1) < 1e-9
        >>> check()
    """
    return _run(weight_sensitivity_experiments(max_units=4))


def residents_weight_results() -> st.SearchStrategy[ResidentsWeightResult]:
    """:class:`~servicegov.simulation.ResidentsWeightResult` values: one replication of
    :func:`residents_weight_experiments` on up to four units.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(residents_weight_results())
        ... def check(result):
        ...     assert len(result.baseline.ranks) == len(result.reweighted.ranks)
        >>> check()
    """
    return _run(residents_weight_experiments(max_units=4))


def trimming_results() -> st.SearchStrategy[TrimmingResult]:
    """:class:`~servicegov.simulation.TrimmingResult` values: one replication of
    :func:`trimming_experiments` on up to four units.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(trimming_results())
        ... def check(result):
        ...     assert len(result.trimmed.ranks) == len(result.untrimmed.ranks)
        >>> check()
    """
    return _run(trimming_experiments(max_units=4))


def random_vs_self_chosen_results() -> st.SearchStrategy[RandomVsSelfChosenResult]:
    """:class:`~servicegov.simulation.RandomVsSelfChosenResult` values: one replication of
    :func:`random_vs_self_chosen_experiments` on up to four units.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(random_vs_self_chosen_results())
        ... def check(result):
        ...     assert len(result.random.ranks) == len(result.chosen.ranks)
        >>> check()
    """
    return _run(random_vs_self_chosen_experiments(max_units=4))


@st.composite
def _rank_intervals(draw: st.DrawFn, max_units: int, max_runs: int) -> RankInterval:
    n = draw(st.integers(1, max_units))
    runs = draw(st.lists(st.permutations(range(1, n + 1)), min_size=1, max_size=max_runs))
    names = draw(st.none() | st.lists(_ID, min_size=n, max_size=n, unique=True))
    low, high = sorted(draw(st.lists(_POINTS, min_size=2, max_size=2)))
    intervals = simulation.rank_intervals(runs, units=names, low=low, high=high)
    return draw(st.sampled_from(intervals))


def rank_intervals(*, max_units: int = 5, max_runs: int = 6) -> st.SearchStrategy[RankInterval]:
    """:class:`~servicegov.simulation.RankInterval` values made by
    :func:`~servicegov.simulation.rank_intervals`: one unit's interval over one to
    *max_runs* rankings of up to *max_units* units, at any two percentiles.

    Shrinks towards the one unit of one ranking.

    Raises:
        InvalidArgument: when *max_units* or *max_runs* is below 1.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(rank_intervals())
        ... def check(interval):
        ...     assert 1 <= interval.low <= interval.high and 1 <= interval.median
        >>> check()
    """
    _check_size("min_units", 1, "max_units", max_units)
    _check_size("min_runs", 1, "max_runs", max_runs)
    return _rank_intervals(max_units, max_runs)


def summaries(*, max_size: int = 8) -> st.SearchStrategy[Summary]:
    """:class:`~servicegov.simulation.Summary` values made by
    :func:`~servicegov.simulation.summarise` from one to *max_size* numbers
    between −10⁶ and 10⁶ (one number gives an sd of ``nan``).

    Shrinks towards the summary of one 0.

    Raises:
        InvalidArgument: when *max_size* is below 1.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(summaries())
        ... def check(summary):
        ...     assert summary.min <= summary.p50 <= summary.max
        >>> check()
    """
    _check_size("min_size", 1, "max_size", max_size)
    return st.lists(_floats(-1e6, 1e6), min_size=1, max_size=max_size).map(summarise)


# ------------------------------------------------------------------ lifecycle


_LC_DAY = dt.timedelta(days=1)
_LC_TIERS = (Tier.GRID, Tier.PARTY_GROUP, Tier.VILLAGE, Tier.TOWN, Tier.DISTRICT)
_LC_CLOSURES = tuple(c for c in lc.Closure if c is not lc.Closure.REJECTED)
_LC_ENDINGS = frozenset({lc.EventKind.REJECTED, lc.EventKind.CLOSED})
_LC_VERDICTS = (*[Verdict.ACCEPTED] * 7, Verdict.DELIBERATION, Verdict.DELIBERATION, Verdict.REJECTED)
_LC_RESOLVED_STATES = frozenset({lc.State.RESOLVED, lc.State.FOLLOWED_UP, lc.State.REVIEWED})

_LC_IDS = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=6)
_LC_TEXTS = st.text(alphabet="abcxyz 回访评价", max_size=12)
# Prefixing, not filtering, keeps every draw useful.
_LC_WORDS = _LC_TEXTS.map(lambda s: "r" + s)


def _lc_event(
    draw: st.DrawFn, kind: lc.EventKind, need_id: str, on: dt.date, unit: str | None = None
) -> lc.Event:
    """Any valid event of *kind*, ignoring whether it is legal anywhere."""
    actor = draw(st.none() | _LC_IDS)
    base: dict[str, Any] = {"need_id": need_id, "on": on, "actor": actor}
    gap = dt.timedelta(days=draw(st.integers(0, 30)))
    K = lc.EventKind
    if kind is K.COLLECTED:
        return lc.Collected(**base)
    if kind is K.SCREENED:
        return lc.Screened(
            **base,
            verdict=draw(st.sampled_from(Verdict)),
            reasons=draw(st.lists(st.sampled_from(Reason), max_size=2)),
        )
    if kind is K.REJECTED:
        return lc.Rejected(**base, reason=draw(st.sampled_from(Reason)), note=draw(_LC_TEXTS))
    if kind is K.LISTED:
        return lc.Listed(**base, category=draw(st.none() | _LC_IDS))
    if kind is K.PUBLICISED:
        return lc.Publicised(**base, objection_days=draw(st.integers(1, 7)))
    if kind is K.OBJECTED:
        return lc.Objected(**base, ground=draw(_LC_TEXTS))
    if kind is K.ROUTED:
        return lc.Routed(
            **base, unit=unit or draw(_LC_IDS), tier=draw(st.sampled_from(_LC_TIERS)), due=on + gap
        )
    if kind is K.ESCALATED:
        from_unit = unit or draw(_LC_IDS)
        to_unit = draw(_LC_IDS)
        return lc.Escalated(
            **base,
            from_unit=from_unit,
            to_unit=to_unit if to_unit != from_unit else to_unit + "-up",
            to_tier=draw(st.sampled_from(_LC_TIERS)),
            why=draw(st.sampled_from(lc.EscalationReason)),
        )
    if kind is K.CLAIMED:
        return lc.Claimed(
            **base,
            claimant=draw(_LC_IDS),
            claim_kind=draw(st.sampled_from(["personal", "collective"])),
            due=draw(st.none() | st.just(on + gap)),
        )
    if kind is K.STARTED:
        return lc.Started(**base)
    if kind is K.PARTIALLY_FULFILLED:
        if draw(st.booleans()):
            share = draw(st.floats(0, 1, exclude_min=True, exclude_max=True))
            return lc.PartiallyFulfilled(**base, share=share)
        return lc.PartiallyFulfilled(**base, count=draw(st.integers(1, 500)))
    if kind is K.RESOLVED:
        return lc.Resolved(**base)
    if kind is K.FOLLOWED_UP:
        return lc.FollowedUp(**base, satisfied=draw(st.none() | st.booleans()))
    if kind is K.REVIEWED:
        return lc.Reviewed(
            **base,
            channel=draw(st.sampled_from(["residents", "organisation", "home-unit"])),
            score=draw(st.floats(0, 100) | st.integers(0, 100)),
        )
    if kind is K.CLOSED:
        return lc.Closed(**base, closure=draw(st.sampled_from(_LC_CLOSURES)))
    return lc.Reopened(**base, reason=draw(_LC_WORDS))


@st.composite
def _lc_any_event(
    draw: st.DrawFn,
    pool: tuple[lc.EventKind, ...],
    need_ids: st.SearchStrategy[str],
    dates: st.SearchStrategy[dt.date],
) -> lc.Event:
    return _lc_event(draw, draw(st.sampled_from(pool)), draw(need_ids), draw(dates))


def lifecycle_events(
    *,
    kinds: Iterable[lc.EventKind] | None = None,
    need_ids: st.SearchStrategy[str] | None = None,
    dates: st.SearchStrategy[dt.date] | None = None,
) -> st.SearchStrategy[lc.Event]:
    """Any valid event of one of *kinds* (all, by default); not necessarily legal anywhere.

    Args:
        kinds: the kinds to draw from.
        need_ids: the need ids, by default short upper-case ids.
        dates: the dates, by default any in 2024-2026.

    Raises:
        InvalidArgument: when *kinds* is empty or names something else than an
            :class:`~servicegov.lifecycle.EventKind`, or *need_ids* or *dates* is
            not a strategy.

    Examples:
        >>> from hypothesis import given, settings
        >>> from servicegov.lifecycle import EventKind, Publicised
        >>> @settings(max_examples=5, deadline=None)
        ... @given(lifecycle_events(kinds=[EventKind.PUBLICISED]))
        ... def check(event):
        ...     assert isinstance(event, Publicised) and event.objection_days >= 1
        >>> check()
    """
    pool = tuple(lc.EventKind if kinds is None else kinds)
    if not pool or not all(isinstance(k, lc.EventKind) for k in pool):
        msg = f"kinds={kinds!r} must name at least one servicegov.lifecycle.EventKind"
        raise InvalidArgument(msg)
    _check_strategy("need_ids", need_ids)
    _check_strategy("dates", dates)
    return _lc_any_event(
        pool,
        _LC_IDS if need_ids is None else need_ids,
        st.dates(dt.date(2024, 1, 1), dt.date(2026, 12, 31)) if dates is None else dates,
    )


def _legal_kinds(record: lc.NeedRecord) -> list[lc.EventKind]:
    return [
        k
        for k in lc.allowed_events(record.state)
        if not (k is lc.EventKind.REOPENED and record.current_unit is None)
    ]


def _next_event(draw: st.DrawFn, record: lc.NeedRecord, max_gap_days: int) -> lc.Event:
    kinds = _legal_kinds(record)
    # Uniform choices end most histories at their first step (two of the three
    # events legal after collection close the record), so prefer moving on.
    onward = [k for k in kinds if k not in _LC_ENDINGS] or kinds
    kind = draw(st.sampled_from(onward if draw(st.integers(0, 19)) else kinds))
    last = record.last_on
    until = record.objections_until
    gap = dt.timedelta(days=draw(st.integers(0, max_gap_days)))
    on = last + gap
    if record.state is lc.State.PUBLICISED and until is not None:
        if kind is lc.EventKind.OBJECTED:
            on = last + dt.timedelta(days=draw(st.integers(0, (until - last).days)))
        elif kind is lc.EventKind.ROUTED:
            on = until + _LC_DAY + gap
    event = _lc_event(draw, kind, record.need_id, on, record.current_unit)
    if isinstance(event, lc.Escalated) and record.tier is not None:
        higher = [t for t in _LC_TIERS if not t < record.tier]
        return lc.Escalated(
            need_id=event.need_id,
            on=event.on,
            actor=event.actor,
            from_unit=event.from_unit,
            to_unit=event.to_unit,
            to_tier=draw(st.sampled_from(higher)),
            why=event.why,
        )
    if isinstance(event, lc.Screened):
        return lc.Screened(
            need_id=event.need_id,
            on=event.on,
            actor=event.actor,
            verdict=draw(st.sampled_from(_LC_VERDICTS)),
            reasons=event.reasons,
        )
    if isinstance(event, lc.Closed):
        resolved = record.state in _LC_RESOLVED_STATES
        closures = [c for c in _LC_CLOSURES if (c is lc.Closure.RESOLVED) == resolved]
        return lc.Closed(
            need_id=event.need_id,
            on=event.on,
            actor=event.actor,
            closure=draw(st.sampled_from(closures)),
        )
    return event


_next_event_strategy = st.composite(_next_event)


def next_events(record: lc.NeedRecord, *, max_gap_days: int = 3) -> st.SearchStrategy[lc.Event]:
    """An event legal in *record*: allowed in its state, dated in order, meeting every guard.

    Args:
        record: the record to extend; it must allow some event (not ``rejected``).
        max_gap_days: the most days between the last event and the new one.

    Raises:
        InvalidArgument: when nothing is legal in *record*, or *max_gap_days* < 0.

    Examples:
        >>> import datetime as dt
        >>> from hypothesis import given, settings
        >>> from servicegov.lifecycle import Collected, apply, start
        >>> record = start(Collected(need_id="N1", on=dt.date(2025, 3, 1)))
        >>> @settings(max_examples=5, deadline=None)
        ... @given(next_events(record))
        ... def check(event):
        ...     assert apply(record, event).history[-1] == event
        >>> check()
    """
    if not isinstance(record, lc.NeedRecord):
        msg = f"record={record!r} must be a servicegov.lifecycle.NeedRecord"
        raise InvalidArgument(msg)
    _check_size("max_gap_days", max_gap_days, "max_gap_days", None)
    if not _legal_kinds(record):
        msg = f"no event is legal in state {record.state.value!r}"
        raise InvalidArgument(msg)
    return _next_event_strategy(record, max_gap_days)


@st.composite
def _need_records(
    draw: st.DrawFn, need_ids: st.SearchStrategy[str], min_events: int, max_events: int
) -> lc.NeedRecord:
    record = lc.start(
        lc.Collected(
            need_id=draw(need_ids),
            on=draw(st.dates(dt.date(2024, 1, 1), dt.date(2025, 12, 31))),
            actor=draw(st.none() | _LC_IDS),
        )
    )
    for _ in range(draw(st.integers(min_events, max_events)) - 1):
        if not _legal_kinds(record):
            break
        record = lc.apply(record, _next_event(draw, record, 3))
    return record


def need_records(
    *,
    need_ids: st.SearchStrategy[str] | None = None,
    min_events: int = 1,
    max_events: int = 20,
) -> st.SearchStrategy[lc.NeedRecord]:
    """Records built by folding a random legal history of *min_events* to *max_events*
    events, so that ``replay(record.history) == record``.

    A history stops early when nothing more is legal (a rejected need), so it may
    be shorter than *min_events*.  Shrinks towards a record with only its
    :class:`~servicegov.lifecycle.Collected` event.

    Raises:
        InvalidArgument: when the sizes are below 1 or out of order, or *need_ids*
            is not a strategy.

    Examples:
        >>> from hypothesis import given, settings
        >>> from servicegov.lifecycle import replay
        >>> @settings(max_examples=5, deadline=None)
        ... @given(need_records(max_events=8))
        ... def check(record):
        ...     assert replay(record.history) == record
        >>> check()
    """
    _check_size("min_events", min_events, "max_events", max_events, floor=1)
    _check_strategy("need_ids", need_ids)
    return _need_records(_LC_IDS if need_ids is None else need_ids, min_events, max_events)


# ------------------------------------------------------------------ scoring, assessment, projects


_SC_IDS = st.text("abcdefghjkmnpqrstuvwxyz0123456789-", min_size=1, max_size=8)
_SC_DATES_MIN = dt.date(2020, 1, 1)
_SC_DATES = st.dates(_SC_DATES_MIN, dt.date(2030, 12, 31))


def commitment_items() -> st.SearchStrategy[CommitmentItem]:
    """Items with a positive target, fixed up front or joined on a date; shrinks towards
    a target of 1 fixed up front."""
    return st.builds(
        CommitmentItem,
        ref=_SC_IDS,
        due=_SC_DATES,
        target=st.integers(1, 50).map(float),
        standard=st.text(max_size=10),
        joined=st.none() | _SC_DATES,
    )


def _fixed_up_front() -> st.SearchStrategy[CommitmentItem]:
    return st.builds(
        CommitmentItem,
        ref=_SC_IDS,
        due=_SC_DATES,
        target=st.integers(1, 50).map(float),
        standard=st.text(max_size=10),
    )


def _fresh(draw: st.DrawFn, taken: set[str], min_size: int = 0) -> list[CommitmentItem]:
    # Refs already in the commitment are skipped, not filtered out by Hypothesis.
    more = draw(st.lists(_fixed_up_front(), min_size=min_size, max_size=4, unique_by=lambda i: i.ref))
    return [i for i in more if i.ref not in taken]


@st.composite
def _revised_items(draw: st.DrawFn, c: Commitment, on: dt.date) -> list[CommitmentItem]:
    # What fell due by *on* is kept, its target never lowered and its due date never put off;
    # the rest may be kept as is, changed or dropped.
    out: list[CommitmentItem] = []
    for item in c.items:
        if item.due <= on:
            out.append(
                attrs.evolve(
                    item,
                    target=item.target + draw(st.integers(0, 5)),
                    due=draw(st.just(item.due) | st.dates(min(item.due, _SC_DATES_MIN), item.due)),
                )
            )
        elif draw(st.booleans()):
            out.append(attrs.evolve(item, target=float(draw(st.integers(1, 50))), due=draw(_SC_DATES)))
    taken = {i.ref for i in out}
    return out + _fresh(draw, taken, min_size=0 if out or c.standing else 1)


@st.composite
def _commitments(draw: st.DrawFn, max_versions: int) -> Commitment:
    year = draw(st.integers(2020, 2030))
    period = Period.year(year)
    window_ends = opening_window(period, draw(st.integers(1, 3)))
    standing = draw(st.booleans())
    min_items = 0 if standing else 1
    items = draw(st.lists(_fixed_up_front(), min_size=min_items, max_size=4, unique_by=lambda i: i.ref))
    fixed = draw(st.dates(period.start, window_ends))
    c = Commitment(
        id=draw(_SC_IDS),
        claimant=draw(_SC_IDS),
        period=period,
        window_ends=window_ends,
        standing=standing,
        items=items,
        fixed_on=fixed,
        sharers=draw(st.frozensets(_SC_IDS, max_size=2)),
    )
    for version in range(draw(st.integers(0, max_versions - 1)) + 1):
        if standing and draw(st.booleans()):
            # Needs routed to the claimant join the current version under the standing promise.
            on = draw(st.dates(period.start, period.end))
            c = join(c, _fresh(draw, {i.ref for i in c.items}), on=on)
        if version == 0:
            continue
        fixed = draw(st.dates(fixed, period.end))
        c = revise(c, on=fixed, items=draw(_revised_items(c, fixed)))
    return c


def commitments(*, max_versions: int = 3) -> st.SearchStrategy[Commitment]:
    """Commitments of one to *max_versions* versions, with no served area.

    Version 1 is fixed in an opening window of one to three months; a standing
    commitment may have no items and may gain items that joined during the
    period (:func:`~servicegov.scoring.join`).  Revisions are made by
    :func:`~servicegov.scoring.revise`, within the period, some after the window,
    keeping every item that fell due with its target and due date no worse.
    Shrinks towards one version, fixed on 1 January, without the standing promise.
    """
    return _commitments(max_versions)


@st.composite
def _statements(draw: st.DrawFn) -> Statement:
    period = draw(periods(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31)))
    return Statement(
        claimant=draw(_SC_IDS),
        period=period,
        kind=draw(st.sampled_from(list(StatementKind))),
        on=draw(st.dates(period.start, period.end)),
        text=draw(st.sampled_from(["完成", "done", "述职"])) + draw(st.text(max_size=20)),
        refs=draw(st.lists(_SC_IDS, max_size=4)),
    )


def statements() -> st.SearchStrategy[Statement]:
    """A claimant's opening or closing statements (述职), made within their period.

    Shrinks towards an opening statement on the first day of a one-day period.
    """
    return _statements()


def reviews(
    *, reviewees: st.SearchStrategy[str] | None = None, min_score: float = 0, max_score: float = 100
) -> st.SearchStrategy[Review]:
    """Ballots with either a satisfaction rating or a score in [*min_score*, *max_score*]."""
    rating: st.SearchStrategy[dict[str, Any]] = st.one_of(
        st.sampled_from(list(Satisfaction)).map(lambda s: {"satisfaction": s}),
        st.floats(min_score, max_score).map(lambda x: {"score": x}),
    )
    return st.builds(
        lambda reviewer, reviewee, channel, on, kw: Review(
            reviewer=reviewer, reviewee=reviewee, channel=channel, on=on, **kw
        ),
        _SC_IDS,
        reviewees if reviewees is not None else _SC_IDS,
        st.sampled_from(list(ReviewChannel)),
        _SC_DATES,
        rating,
    )


@st.composite
def _scoring_rules(draw: st.DrawFn) -> ScoringRule:
    org = draw(st.integers(0, 50))
    others = draw(st.integers(0, 100 - 2 * org))
    res = 100 - org - others
    weights = {ReviewChannel.ORGANISATIONAL: org / 100, ReviewChannel.RESIDENTS: res / 100}
    if others:
        weights[ReviewChannel.ORGANISATION_DEPARTMENT] = others / 100
    # Integer hundredths sum to exactly 1 after division only within rounding; rescale to be safe.
    total = sum(weights.values())
    weights = {k: v / total for k, v in weights.items()}
    trim_above = draw(st.integers(2, 10))
    return ScoringRule(
        effective_from=draw(_SC_DATES),
        channel_weights=weights,
        completion_weight=draw(st.integers(0, 10)) / 10,
        basic_weight=draw(st.integers(0, 10)) / 10,
        trim_above=trim_above,
        trim=draw(st.integers(0, trim_above // 2)),
        quorum=draw(st.integers(1, 5)),
        straight_line_min=draw(st.none() | st.integers(2, 5)),
        veto_cap=float(draw(st.integers(0, 60))),
    )


def scoring_rules() -> st.SearchStrategy[ScoringRule]:
    """Rules whose residents' weight is at least the organisation's."""
    return _scoring_rules()


def residents(*, villages: tuple[str, ...] = ("V1", "V2", "V3")) -> st.SearchStrategy[Resident]:
    """Roster entries in one of *villages* and groups "1" to "4"."""
    return st.builds(Resident, id=_SC_IDS, village=st.sampled_from(villages), group=st.sampled_from("1234"))


def indicators() -> st.SearchStrategy[Indicator]:
    """Indicators with a weight in [0, 1] (not normalised; see :func:`assessment_schemes`)."""
    return st.builds(
        Indicator,
        code=_SC_IDS,
        zh=st.just("指标"),
        en=st.just("indicator"),
        weight=st.floats(0, 1),
        source=st.sampled_from(list(Source)),
        higher_is_better=st.booleans(),
    )


@st.composite
def _schemes(draw: st.DrawFn, max_size: int) -> AssessmentScheme:
    inds = draw(st.lists(indicators(), min_size=1, max_size=max_size, unique_by=lambda i: i.code))
    raw = draw(st.lists(st.integers(1, 10), min_size=len(inds), max_size=len(inds)))
    total = sum(raw)
    weighted = [attrs.evolve(i, weight=w / total) for i, w in zip(inds, raw, strict=True)]
    # A source drawn into two indicators must be declared shared (or the scheme is refused).
    drawn = [i.source for i in weighted if i.source is not Source.CUSTOM]
    repeated = {src for src in drawn if drawn.count(src) > 1}
    return AssessmentScheme(
        target=draw(st.sampled_from(list(Target))), indicators=weighted, effective_from=draw(_SC_DATES),
        shared_sources=repeated | draw(st.frozensets(st.sampled_from(list(Source)), max_size=1)),
    )


def assessment_schemes(*, max_size: int = 5) -> st.SearchStrategy[AssessmentScheme]:
    """Schemes of one to *max_size* indicators whose weights sum to 1."""
    return _schemes(max_size)


@st.composite
def _bands(draw: st.DrawFn) -> Bands:
    low = draw(st.integers(0, 70))
    mid = draw(st.integers(low + 1, 85))
    top = draw(st.integers(mid + 1, 100))
    quota = draw(st.none() | st.sampled_from([0.1, 0.2, 0.25, 1 / 3, 0.5]))
    return Bands(
        thresholds={Grade.EXCELLENT: top, Grade.COMPETENT: mid, Grade.BASICALLY_COMPETENT: low},
        quotas={} if quota is None else {Grade.EXCELLENT: quota},
    )


def bands() -> st.SearchStrategy[Bands]:
    """Increasing thresholds and an optional quota on 优秀."""
    return _bands()


# --------------------------------------------------------------------------- results
# Results are built by the functions that produce them, so they are sound by construction.


@st.composite
def _scores(draw: st.DrawFn) -> Score:
    c = draw(commitments(max_versions=1))
    rule = draw(scoring_rules())
    ballots = draw(
        st.lists(reviews(reviewees=st.just(c.claimant), min_score=-10, max_score=110), max_size=12)
    )
    ballots = [b for b in ballots if b.reviewer not in c.parties]
    done = {i.ref: draw(st.integers(0, 60)) for i in c.items}
    as_of = draw(st.dates(max(rule.effective_from, dt.date(2020, 1, 1)), dt.date(2031, 12, 31)))
    vetoes = draw(st.lists(st.sampled_from(["safety", "discipline"]), max_size=1, unique=True))
    return score(c, ballots, rule, as_of=as_of, fulfilment=done, vetoes=vetoes)


def scores() -> st.SearchStrategy[Score]:
    """Scores of generated commitments and ballots under a generated rule."""
    return _scores()


@st.composite
def _channel_scores(draw: st.DrawFn) -> ChannelScore:
    # Every generated rule weights at least one channel, so every score has one.
    return draw(st.sampled_from(draw(_scores()).channels))


def channel_scores() -> st.SearchStrategy[ChannelScore]:
    """The channel results of generated scores."""
    return _channel_scores()


def invalid_ballots() -> st.SearchStrategy[InvalidBallot]:
    """Ballots set aside, with any reason."""
    return st.builds(
        InvalidBallot,
        reviewer=_SC_IDS,
        reviewee=_SC_IDS,
        channel=st.sampled_from(list(ReviewChannel)),
        reason=st.sampled_from(list(BallotProblem)),
        detail=st.text(max_size=10),
    )


@st.composite
def _draws(draw: st.DrawFn) -> Draw:
    roster = draw(st.lists(residents(), max_size=15, unique_by=lambda p: p.id))
    seed = draw(st.integers(0, 2**32))
    if draw(st.booleans()):
        return draw_evaluators(roster, seed=seed, per_stratum=draw(st.integers(1, 4)))
    return draw_evaluators(roster, seed=seed, share=draw(st.sampled_from([0.1, 0.25, 0.5, 1.0])))


def draws() -> st.SearchStrategy[Draw]:
    """Draws of generated rosters, by count or by share."""
    return _draws()


@st.composite
def _assessments(draw: st.DrawFn, min_size: int = 0) -> Assessment:
    scheme = draw(assessment_schemes())
    who = draw(st.lists(_SC_IDS, min_size=min_size, max_size=8, unique=True))
    values = {w: {i.code: float(draw(st.integers(0, 100))) for i in scheme.indicators} for w in who}
    return assess(
        scheme,
        values,
        as_of=scheme.effective_from,
        bands=draw(bands()),
        ranking=draw(st.sampled_from(["competition", "dense"])),
        year_end_weight=draw(st.integers(0, 10)) / 10,
    )


def assessments() -> st.SearchStrategy[Assessment]:
    """Assessments of generated schemes and values."""
    return _assessments()


def assessment_results() -> st.SearchStrategy[AssessmentResult]:
    """One result of a generated assessment."""
    return _assessments(1).flatmap(lambda a: st.sampled_from(a.results))


# --------------------------------------------------------------------------- projects


def fundings() -> st.SearchStrategy[Funding]:
    """Funding mixes in whole yuan."""
    amounts = st.integers(0, 200_000)
    return st.builds(Funding, budget=amounts, unit=amounts, party_fees=amounts)


def stage_entries() -> st.SearchStrategy[StageEntry]:
    """A stage after initiation and a date."""
    return st.builds(StageEntry, stage=st.sampled_from(list(Stage)[1:]), on=_SC_DATES)


@st.composite
def _projects(draw: st.DrawFn) -> Project:
    day = draw(st.dates(dt.date(2020, 1, 1), dt.date(2029, 12, 31)))
    p = Project(
        code=draw(_SC_IDS),
        title=draw(st.text(max_size=10)),
        type=draw(st.sampled_from(list(ProjectType))),
        applicant=draw(_SC_IDS),
        funding=draw(fundings()),
        started=day,
        team=draw(st.frozensets(_SC_IDS, max_size=3)),
    )
    for stage in list(Stage)[1 : 1 + draw(st.integers(0, 6))]:
        day = draw(st.dates(day, day + dt.timedelta(days=60)))
        p = advance(p, stage, on=day)
    return p


def projects() -> st.SearchStrategy[Project]:
    """Projects at any stage, their stages in order and dated forwards."""
    return _projects()


def panel_rules() -> st.SearchStrategy[PanelRule]:
    """Panel rules with a trim of at most half the threshold."""
    return st.integers(2, 10).flatmap(
        lambda above: st.builds(
            PanelRule,
            quorum=st.integers(1, 5),
            trim_above=st.just(above),
            trim=st.integers(0, above // 2),
            minimum=st.integers(0, 100).map(float),
        )
    )


def project_scores() -> st.SearchStrategy[ProjectScore]:
    """Project review results, with or without quorum."""
    return st.builds(
        ProjectScore,
        code=_SC_IDS,
        valid=st.integers(0, 10),
        invalid=st.integers(0, 5),
        mean=st.none() | st.floats(0, 100),
    )


@st.composite
def _selections(draw: st.DrawFn, min_size: int = 0) -> Selection:
    ps = draw(st.lists(projects(), min_size=min_size, max_size=6, unique_by=lambda p: p.code))
    results = {p.code: attrs.evolve(draw(project_scores()), code=p.code) for p in ps}
    return select(ps, results, budget=draw(st.integers(0, 400_000)))


def selections() -> st.SearchStrategy[Selection]:
    """Selections over generated projects and scores."""
    return _selections()


def decisions() -> st.SearchStrategy[Decision]:
    """One decision of a generated selection."""
    return _selections(1).flatmap(lambda s: st.sampled_from(s.decisions))


# ------------------------------------------------------------------ claims

_MEMBER_CLAIMS = (claims_mod.ClaimKind.PERSONAL, claims_mod.ClaimKind.VOLUNTARY)
_SHARE = st.just(1.0) | _floats(0.01, 1.0)


@st.composite
def _claims(draw: st.DrawFn, ids: st.SearchStrategy[str], max_steps: int) -> claims_mod.Claim:
    kind = draw(st.sampled_from(claims_mod.ClaimKind))
    member = kind in _MEMBER_CLAIMS
    # Only a voluntary claim may be of a catalogue project rather than a need.
    project = draw(_ID) if kind is claims_mod.ClaimKind.VOLUNTARY and draw(st.booleans()) else None
    claimed_on = draw(_DATE)
    c = claims_mod.Claim(
        id=draw(ids),
        claimant=draw(_ID),
        claimant_kind=claims_mod.ClaimantKind.MEMBER if member else claims_mod.ClaimantKind.UNIT,
        need_id=None if project is not None else draw(_ID),
        project=project,
        kind=kind,
        claimed_on=claimed_on,
        due_on=claimed_on + dt.timedelta(days=draw(st.integers(0, 90))),
        through_branch=draw(st.none() | _ID) if member else None,
        share=draw(_SHARE),
    )
    # Then a few legal moves, each dated on or after the one before.
    on = claimed_on
    for _ in range(draw(st.integers(0, max_steps))):
        if not c.live:
            break
        on += dt.timedelta(days=draw(st.integers(0, 30)))
        step = draw(st.sampled_from(("start", "progress", "fulfil", "withdraw", "lapse")))
        if step == "start" and c.status is claims_mod.ClaimStatus.CLAIMED:
            c = claims_mod.start(c, on=on)
        elif step in ("start", "progress"):
            # A share done at least as large as the last one reported, below 1.
            done = c.fulfilled + (1 - c.fulfilled) * draw(st.integers(1, 9)) / 10
            c = claims_mod.report_progress(c, done if done < 1 else c.fulfilled, on=on)
        elif step == "fulfil":
            c = claims_mod.fulfil(c, on=on)
        elif step == "withdraw":
            c = claims_mod.withdraw(c, on=on)
        else:
            c = claims_mod.lapse(c, on=on)
    return c


def claims(
    *, ids: st.SearchStrategy[str] | None = None, max_steps: int = 3
) -> st.SearchStrategy[claims_mod.Claim]:
    """Claims of a need, or for a voluntary claim sometimes of a catalogue project,
    by a member (personal and voluntary claims, perhaps through a branch) or a unit
    (collective and linked claims), due on or after the day they were claimed,
    with ids from *ids* (default: short ids), then moved on up to *max_steps*
    times by :func:`~servicegov.claims.start`,
    :func:`~servicegov.claims.report_progress`, :func:`~servicegov.claims.fulfil`,
    :func:`~servicegov.claims.withdraw` or :func:`~servicegov.claims.lapse`, so
    the status, the share done and the history always agree.

    Shrinks towards a personal claim, claimed and due on 2000-01-01, never moved on.

    Raises:
        InvalidArgument: when *max_steps* is negative or *ids* is not a strategy.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(claims())
        ... def check(claim):
        ...     assert claim.history[0] == (claim.claimed_on, claims_mod.ClaimStatus.CLAIMED)
        ...     assert claim.history[-1][1] is claim.status
        >>> check()
    """
    _check_strategy("ids", ids)
    _check_size("max_steps", max_steps, "max_steps", None)
    return _claims(ids if ids is not None else _ID, max_steps)


def claim_rules(*, catalogue: Catalogue | None = None) -> st.SearchStrategy[claims_mod.ClaimRules]:
    """Claim rules: the skills a member needs for some categories of *catalogue*
    (default: the 16), one to three skills each, and whether common needs may
    have co-claimants.

    Shrinks towards no required skills and no co-claimants.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(claim_rules())
        ... def check(rules):
        ...     assert all(code in DEFAULT_CATALOGUE and skills for code, skills in rules.required_skills)
        >>> check()
    """
    cat = _check_catalogue(catalogue)
    return st.builds(
        claims_mod.ClaimRules,
        required_skills=st.dictionaries(
            st.sampled_from(cat.codes),
            st.frozensets(st.sampled_from(_SKILLS), min_size=1, max_size=3),
            max_size=3,
        ),
        co_claimants=st.booleans(),
    )


def wait_entries() -> st.SearchStrategy[claims_mod.WaitEntry]:
    """Wait-list entries: a request (a need id, project code or claimant id) and the day it joined.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(wait_entries())
        ... def check(entry):
        ...     assert entry.request
        >>> check()
    """
    return st.builds(claims_mod.WaitEntry, request=_ID, joined=_DATE)


@st.composite
def _wait_lists(draw: st.DrawFn, max_size: int) -> claims_mod.WaitList:
    requests = draw(st.lists(_ID, max_size=max_size, unique=True))
    days = sorted(draw(st.lists(_DATE, min_size=len(requests), max_size=len(requests))))
    return claims_mod.WaitList(
        target=draw(_ID),
        entries=[claims_mod.WaitEntry(request=r, joined=d) for r, d in zip(requests, days, strict=True)],
    )


def wait_lists(*, max_size: int = 4) -> st.SearchStrategy[claims_mod.WaitList]:
    """Wait lists of a full claimant or project: up to *max_size* distinct requests,
    first in first out, so they joined in order.

    Shrinks towards an empty wait list.

    Raises:
        InvalidArgument: when *max_size* is negative.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(wait_lists())
        ... def check(w):
        ...     assert [e.joined for e in w.entries] == sorted(e.joined for e in w.entries)
        >>> check()
    """
    _check_size("max_size", max_size, "max_size", None)
    return _wait_lists(max_size)


def offers() -> st.SearchStrategy[claims_mod.Offer]:
    """Offers of a freed place: a target, the request offered it and the day.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(offers())
        ... def check(offer):
        ...     assert offer.target and offer.request
        >>> check()
    """
    return st.builds(claims_mod.Offer, target=_ID, request=_ID, on=_DATE)


@st.composite
def _claim_books(draw: st.DrawFn, max_size: int) -> claims_mod.ClaimBook:
    n = draw(st.integers(0, max_size))
    ids = draw(st.lists(_ID, min_size=n, max_size=n, unique=True))
    return claims_mod.ClaimBook(
        claims=[draw(_claims(st.just(i), 2)) for i in ids],
        wait_lists=draw(st.lists(wait_lists(max_size=3), max_size=2, unique_by=lambda w: w.target)),
        offers=draw(st.lists(offers(), max_size=2)),
    )


def claim_books(*, max_size: int = 6) -> st.SearchStrategy[claims_mod.ClaimBook]:
    """Claim books of up to *max_size* :func:`claims` with unique ids, wait lists
    of distinct targets, and offers.

    Shrinks towards the empty book.

    Raises:
        InvalidArgument: when *max_size* is negative.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(claim_books())
        ... def check(book):
        ...     assert len({c.id for c in book.claims}) == len(book.claims)
        >>> check()
    """
    _check_size("max_size", max_size, "max_size", None)
    return _claim_books(max_size)


# ------------------------------------------------------------------ surveys and random shares

from servicegov import surveys  # noqa: E402


@st.composite
def _panels(draw: st.DrawFn, max_size: int) -> surveys.Panel:
    population = draw(st.lists(_ID, min_size=1, max_size=max_size, unique=True))
    designated = draw(st.lists(st.sampled_from(population) | _ID, max_size=max_size, unique=True))
    seats = draw(st.integers(0, len(designated)))
    seated = set(designated[:seats])
    pool = [r for r in population if r not in seated]
    drawn = draw(st.integers(0 if seats else 1, len(pool)))
    size = seats + drawn
    return surveys.draw_panel(designated, population, size=size, random_share=drawn / size, seed=draw(_SEED))


def panels(*, max_size: int = 8) -> st.SearchStrategy[surveys.Panel]:
    """:class:`~servicegov.surveys.Panel` values made by :func:`~servicegov.surveys.draw_panel`:
    a population of one to *max_size* ids, up to *max_size* designated ids (some of
    them residents, some not), and any feasible split of the seats between the
    designated and the drawn, with any seed.

    Shrinks towards a panel of one resident drawn at random.

    Raises:
        InvalidArgument: when *max_size* is below 1.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(panels())
        ... def check(panel):
        ...     assert not set(panel.designated) & set(panel.random)
        >>> check()
    """
    _check_size("min_size", 1, "max_size", max_size)
    return _panels(max_size)


def satisfaction_intervals(*, max_size: int = 50) -> st.SearchStrategy[surveys.SatisfactionInterval]:
    """:class:`~servicegov.surveys.SatisfactionInterval` values made by
    :func:`~servicegov.surveys.satisfaction_interval` from one to *max_size*
    ratings, any weight of 基本满意 and a confidence from 0.5 to 0.999.

    Shrinks towards one 满意 ballot.

    Raises:
        InvalidArgument: when *max_size* is below 1.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(satisfaction_intervals())
        ... def check(interval):
        ...     assert 0 <= interval.low <= interval.rate <= interval.high <= 1
        >>> check()
    """
    _check_size("min_size", 1, "max_size", max_size)
    return st.builds(
        surveys.satisfaction_interval,
        st.lists(st.sampled_from(list(Satisfaction)), min_size=1, max_size=max_size),
        basic_weight=_SHARE,
        confidence=_floats(0.5, 0.999),
    )


@st.composite
def _random_share_experiments(draw: st.DrawFn, max_units: int) -> simulation.RandomShare:
    world = draw(_worlds(max_units, 4, st.sampled_from(list(Target))))
    ids = world.unit_ids
    return simulation.RandomShare(
        world=world,
        shares=tuple(draw(st.lists(_SHARE, min_size=1, max_size=5))),
        roster=draw(st.integers(world.residents, world.residents + 6)),
        inflation=draw(_floats(0.0, 30.0)),
        targets=draw(
            st.integers(0, len(ids))
            | st.lists(st.sampled_from(ids), max_size=len(ids), unique=True).map(tuple)
        ),
    )


def random_share_experiments(*, max_units: int = 6) -> st.SearchStrategy[simulation.RandomShare]:
    """:class:`~servicegov.simulation.RandomShare` experiments on :func:`worlds` of up to
    *max_units* units, trying one to five random shares, with populations of the
    panel size to six more, inflation from 0 to 30 points, and gaming units given
    as a count or as unit ids.

    Shrinks towards one share of 0 and populations of the panel size in a world of two units.

    Raises:
        InvalidArgument: when *max_units* is below 2.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(random_share_experiments())
        ... def check(experiment):
        ...     assert experiment.gaming_units() <= set(experiment.world.unit_ids)
        >>> check()
    """
    _check_world_sizes(max_units, 1)
    return _random_share_experiments(max_units)


def random_share_results() -> st.SearchStrategy[simulation.RandomShareResult]:
    """:class:`~servicegov.simulation.RandomShareResult` values: one replication of
    :func:`random_share_experiments` on up to four units (τ is ``nan`` where every
    unit has the same total).

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(random_share_results())
        ... def check(result):
        ...     assert len(result.shares) == len(result.tau) == len(result.gain)
        >>> check()
    """
    return _run(random_share_experiments(max_units=4))


# ------------------------------------------------------------------ ledger


@st.composite
def _ledgers(draw: st.DrawFn, max_needs: int) -> ledger.Ledger:
    report = draw(reports(max_needs=max_needs))
    histories = [report.history(n) for n, o in report.outcomes.items()
                 if o.merged_into is None and report.history(n)[0].on <= report.as_of]
    return ledger.ledger(histories, as_of=report.as_of)


def ledgers(*, max_needs: int = 10) -> st.SearchStrategy[ledger.Ledger]:
    """Ledgers of the histories of a :func:`reports` report of up to *max_needs* needs,
    so every span comes from a history that replays.

    Shrinks towards the ledger of a district with no needs.

    Raises:
        InvalidArgument: when *max_needs* is negative.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(ledgers(max_needs=5))
        ... def check(book):
        ...     assert all(s.received <= (s.left or book.as_of) or s.is_open for s in book.spans)
        >>> check()
    """
    _check_size("max_needs", max_needs, "max_needs", None)
    return _ledgers(max_needs)


@st.composite
def _spans(draw: st.DrawFn) -> ledger.Span:
    received = draw(_DATE)
    left = draw(st.none() | st.integers(0, 60).map(lambda k: received + dt.timedelta(days=k)))
    how = ledger.Left.OPEN if left is None else draw(
        st.sampled_from([h for h in ledger.Left if h is not ledger.Left.OPEN]))
    return ledger.Span(
        need_id=draw(_ID), holder=draw(_ID), holder_kind=draw(st.sampled_from(list(ledger.HolderKind))),
        tier=draw(st.none() | st.sampled_from(list(Tier))), received=received,
        due=draw(st.none() | st.integers(0, 60).map(lambda k: received + dt.timedelta(days=k))),
        left=left, how=how,
        why=draw(st.sampled_from(list(lc.EscalationReason))) if how is ledger.Left.PASSED_UP else None,
    )


def spans() -> st.SearchStrategy[ledger.Span]:
    """Holding spans: open, or left on or after they were received, with a why
    exactly when passed up, and any due date.

    Shrinks towards an open span without a due date.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(spans())
        ... def check(s):
        ...     assert s.is_open == (s.left is None)
        >>> check()
    """
    return _spans()


@st.composite
def _case_mixes(draw: st.DrawFn) -> ledger.CaseMix:
    book = draw(ledgers(max_needs=8))
    strata = {s.need_id: draw(st.sampled_from(["a", "b"])) for s in book.spans}
    mixes = book.case_mix(strata)
    if not mixes:
        return ledger.CaseMix(spans=0, breaches=0, expected=0.0, ratio=None)
    return draw(st.sampled_from([mixes[k] for k in sorted(mixes)]))


def case_mixes() -> st.SearchStrategy[ledger.CaseMix]:
    """One holder's :meth:`~servicegov.ledger.Ledger.case_mix` in a :func:`ledgers`
    ledger whose needs fall in two strata at random.

    Shrinks towards the empty case mix.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(case_mixes())
        ... def check(mix):
        ...     assert mix.breaches <= mix.spans
        >>> check()
    """
    return _case_mixes()


# ------------------------------------------------------------------ district years

from servicegov.simulation import DistrictYear, DistrictYearResult  # noqa: E402


def district_year_experiments() -> st.SearchStrategy[DistrictYear]:
    """:class:`~servicegov.simulation.DistrictYear` experiments: any preset of
    :data:`~servicegov.simulation.PRESETS`, any district seed and any assessed
    target.  Nothing is generated or run: the district is made only when the
    experiment is called.

    Shrinks towards the ``small`` preset, district seed 0 and the first target.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(district_year_experiments())
        ... def check(experiment):
        ...     assert experiment.preset in PRESETS
        >>> check()
    """
    return st.builds(
        DistrictYear,
        preset=st.sampled_from(sorted(PRESETS, key=lambda name: name != "small")),
        district_seed=_SEED,
        target=st.sampled_from([t.value for t in Target]),
    )


@st.composite
def _district_year_results(draw: st.DrawFn) -> DistrictYearResult:
    assessed = draw(st.integers(0, 80))
    top = draw(st.lists(_ID, max_size=min(5, assessed), unique=True))
    return DistrictYearResult(
        resolved_share=draw(_SHARE),
        overdue=draw(st.integers(0, 10_000)),
        breaches=draw(st.integers(0, 10_000)),
        ballots=draw(st.integers(0, 10_000)),
        assessed=assessed,
        top=tuple(top),
        mean_total=draw(_POINTS) if assessed else None,
        channel_agreement=draw(st.none() | _floats(-1.0, 1.0)),
    )


def district_year_results() -> st.SearchStrategy[DistrictYearResult]:
    """:class:`~servicegov.simulation.DistrictYearResult` values built directly, without
    simulating a year: shares from 0 to 1, counts from 0, up to five distinct top ids
    (never more than were assessed), a mean total from 0 to 100 exactly when some
    were assessed, and an agreement from -1 to 1 or ``None``.

    Shrinks towards an empty year: nothing assessed, no agreement.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(district_year_results())
        ... def check(result):
        ...     assert len(result.top) <= min(5, result.assessed)
        ...     assert (result.mean_total is None) == (result.assessed == 0)
        >>> check()
    """
    return _district_year_results()


# ------------------------------------------------------------------ calibration


@st.composite
def _calibrations(draw: st.DrawFn) -> simulation.Calibration:
    preset = draw(presets())
    common = draw(st.floats(0, 0.95))
    target = float(draw(st.integers(1, 10_000)))
    achieved = float(draw(st.integers(1, 10_000)))
    return simulation.Calibration(
        preset=attrs.evolve(preset, common_share=common),
        parameters=(("common_share", common),),
        residuals=(("service_list", target, achieved, (achieved - target) / target),),
    )


def calibrations() -> st.SearchStrategy[simulation.Calibration]:
    """Calibration results: a preset with its fitted share of common needs and the
    service-list residual, built directly (nothing is fitted while drawing).

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(calibrations())
        ... def check(c):
        ...     assert dict(c.parameters)["common_share"] == c.preset.common_share
        >>> check()
    """
    return _calibrations()


# ------------------------------------------------------------------ registration

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
    routing.Competence: competences,
    routing.CostCeiling: cost_ceilings,
    routing.DeadlineRule: deadline_rules,
    routing.RoutingPolicy: routing_policies,
    routing.Hop: hops,
    routing.Routed: routed_results,
    routing.Unroutable: unroutable_results,
    routing.Route: routes,
    pipeline.SimulatedService: simulated_services,
    pipeline.Report: reports,
    pipeline.Outcome: outcomes,
    simulation.Calibration: calibrations,
    DistrictYear: district_year_experiments,
    DistrictYearResult: district_year_results,
    ledger.Span: spans,
    ledger.Ledger: ledgers,
    ledger.CaseMix: case_mixes,
    surveys.Panel: panels,
    surveys.SatisfactionInterval: satisfaction_intervals,
    simulation.RandomShare: random_share_experiments,
    simulation.RandomShareResult: random_share_results,
    weighting.AHPResult: ahp_results,
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
    Resident: residents,
    Score: scores,
    ChannelScore: channel_scores,
    InvalidBallot: invalid_ballots,
    Draw: draws,
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
