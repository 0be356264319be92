"""The district flow: stages an embedder calls one at a time, or :func:`run` for all.

:func:`run` composes five stages, each a pure function with a typed result:
:func:`intake` (consolidate, screen, list and publicise), :func:`follow_up`
(route tier by tier and follow every need against its deadlines, escalating what
is overdue), :func:`claiming`, :func:`judging` (the one set and the two reviews,
一定双评) and :func:`assessing` (分层考核).  The :class:`Report` holds exactly one
:class:`Outcome` for every need id that went in — rejected with its reasons,
resolved, or still open at a named unit — the lifecycle events behind each
(:meth:`Report.history`) and the breaches of every holder (:attr:`Report.breaches`).
Nothing is dropped, and the same input gives the same output.

The run uses only the facts it is given (resolution dates, claims, reviews) and
invents none; :func:`servicegov.simulation.simulate_year` feeds simulated facts
through the same stages.  :func:`advance` drives one need step by step from its
stored events, as a platform does day to day.

Examples:
    >>> from servicegov import pipeline, simulation
    >>> d = simulation.generate("small", seed=1)
    >>> report = pipeline.run(d, service=pipeline.SimulatedService(seed=1))
    >>> len(report.outcomes) == len(d.needs)
    True
    >>> sorted(report.by_status)
    ['open', 'rejected', 'resolved']
    >>> report.claimed, sum(report.ballots.values())
    (0, 0)

A model of claiming is used only when asked for (``claim_mode``):

    >>> report = pipeline.run(d, service=pipeline.SimulatedService(seed=1),
    ...                       claim_mode=pipeline.ClaimMode.GREEDY)
    >>> sorted(report.claims_by_kind)
    ['collective', 'linked', 'personal']
    >>> report.claimed == sum(report.claims_by_kind.values()), 0 < report.capacity_use < 1
    (True, True)
    >>> claimed = [o for o in report.outcomes.values() if o.claimant is not None]
    >>> all(o.channel.value.endswith(("claim", "department")) for o in claimed)
    True
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from statistics import NormalDist
from typing import Any, NamedTuple, ParamSpec, Protocol, TypeVar

import attrs

from servicegov import divisions, scoring
from servicegov._arguments import checked
from servicegov._convert import to_tuple
from servicegov._dated import check_versions, in_effect
from servicegov._enum import LabelledEnum
from servicegov._trail import ClaimFact, Leg, Trail, leg_events
from servicegov._validators import arg_enum, arg_of, enum_allowed
from servicegov.assessment import (
    RATERS,
    Assessment,
    AssessmentScheme,
    Rater,
    Source,
    Target,
    assess,
    indicator_values,
    rater_of,
    unit_of_analysis,
    xinzhou_scheme,
)
from servicegov.calendar import Period
from servicegov.claiming import assign_claims, eligible
from servicegov.claims import Claim, ClaimMode
from servicegov.district import District
from servicegov.errors import ConfigurationError, DuplicateId, InvalidValue, UnknownReference
from servicegov.lifecycle import (
    Closed,
    Closure,
    Event,
    Listed,
    Publicised,
    Resolved,
    Screened,
)
from servicegov.lifecycle import Routed as LRouted
from servicegov.lifecycle import State as LState
from servicegov.lifecycle import replay as lreplay
from servicegov.needs import Need
from servicegov.org import Organisation, Tier
from servicegov.routing import (
    Channel,
    EscalationReason,
    Route,
    RoutedTo,
    RoutingPolicy,
    _escalate,
    _route,
    default_policy,
    escalate,
    route,
)
from servicegov.scoring import (
    DEFAULT_RULE,
    Commitment,
    CommitmentItem,
    Review,
    ReviewChannel,
    Satisfaction,
    Score,
    ScoringRule,
    Statement,
)
from servicegov.screening import (
    DEFAULT_RULES,
    Consolidation,
    Reason,
    Screening,
    ScreeningPolicy,
    ScreeningRules,
    Verdict,
    _screen,
    consolidate,
    screen,
)
from servicegov.surveys import Resident, draw_evaluators

__all__ = [
    "Claiming",
    "FollowUp",
    "Intake",
    "Judging",
    "Outcome",
    "Report",
    "ServiceModel",
    "SimulatedService",
    "Stage",
    "Status",
    "advance",
    "assessing",
    "claiming",
    "commitments",
    "follow_up",
    "intake",
    "judging",
    "run",
    "simulated_reviews",
]


def __dir__() -> list[str]:
    return __all__


class Status(LabelledEnum):
    """The coarse outcome of a need."""

    REJECTED = ("rejected", "不予纳入", "rejected")
    OPEN = ("open", "办理中", "open")
    RESOLVED = ("resolved", "已办结", "resolved")


class Stage(LabelledEnum):
    """Where in the pipeline a need's outcome was decided."""

    SCREENING = ("screening", "筛选未通过", "rejected at screening")
    DELIBERATION = ("deliberation", "待村级议定", "awaiting the village's deliberation")
    LISTED = ("listed", "已列入清单待分办", "listed, not yet routed")
    ROUTED = ("routed", "已分办", "routed to a unit")
    UNROUTABLE = ("unroutable", "无单位可办", "no unit can take it")
    RESOLVED = ("resolved", "已办结", "resolved")


@attrs.frozen(kw_only=True)
class Outcome:
    """The one outcome of one need.

    Attributes:
        need_id: the need.
        status: rejected, open or resolved.
        stage: where it stands.
        tier, unit, channel: who holds (or resolved) it, if anyone.
        reasons: the screening reasons, for a rejected or referred need.
        merged_into: the need it was consolidated into, if any.
        due: its current due date, if routed.
        overdue: open past its due date on the report date.
        escalations: how many times it went up a level.
        resolved_on: when it was resolved.
        claimant: the member or unit that claimed it, for a need held in a claim
            channel (personal, collective, linked department) on the report date.
    """

    need_id: str
    status: Status
    stage: Stage
    tier: Tier | None = None
    unit: str | None = None
    channel: Channel | None = None
    reasons: tuple[Reason, ...] = attrs.field(default=(), converter=to_tuple)
    merged_into: str | None = None
    due: dt.date | None = None
    overdue: bool = False
    escalations: int = 0
    escalated_because: tuple[EscalationReason, ...] = attrs.field(default=(), converter=to_tuple)
    resolved_on: dt.date | None = None
    claimant: str | None = None


class ServiceModel(Protocol):
    """How long a tier takes to resolve a need, in working days (``None``: it cannot)."""

    def workdays(self, need: Need, tier: Tier, attempt: int) -> int | None: ...


@attrs.frozen(kw_only=True)
class SimulatedService:
    """A seeded service-time model for simulated districts.

    Each tier resolves a need in an exponentially distributed number of working
    days with the tier's mean, or fails to with the tier's failure share.  Draws
    come from a hash of the seed, the need, the tier and the attempt, so they do
    not depend on the order in which needs are processed.

    Examples:
        >>> import datetime as dt
        >>> from servicegov.needs import Need, NeedKind, Scope
        >>> n = Need(id="N1", village="420117101201", kind=NeedKind.EMOTIONAL,
        ...          category="culture", scope=Scope.INDIVIDUAL, households=("h",),
        ...          collected=dt.date(2025, 1, 6))
        >>> s = SimulatedService(seed=3)
        >>> s.workdays(n, Tier.VILLAGE, 0) == s.workdays(n, Tier.VILLAGE, 0)
        True
    """

    seed: int = 0
    mean_workdays: tuple[tuple[Tier, float], ...] = (
        (Tier.GRID, 2.0),
        (Tier.PARTY_GROUP, 3.0),
        (Tier.VILLAGE, 6.0),
        (Tier.TOWN, 9.0),
        (Tier.DISTRICT, 12.0),
    )
    failure_share: float = 0.08

    def _uniform(self, need_id: str, tier: Tier, attempt: int, salt: str) -> float:
        return _draw(f"{self.seed}:{need_id}:{tier.rank}:{attempt}:{salt}")

    def workdays(self, need: Need, tier: Tier, attempt: int) -> int | None:
        """Working days *tier* needs for *need* on its *attempt*-th try, or ``None``."""
        # Called for every tier of every need: inline checks, not the wrapper's.
        if type(tier) is not Tier or not isinstance(need, Need) or type(attempt) is not int:  # type: ignore[redundant-expr]
            _check_service_arguments(need, tier, attempt)
        prefix = f"{self.seed}:{need.id}:{tier.rank}:{attempt}:"
        if _draw(prefix + "fail") < self.failure_share:
            return None
        mean = next((m for t, m in self.mean_workdays if t is tier), 10.0)
        return int(-mean * math.log(_draw(prefix + "time")))


def _check_service_arguments(need: object, tier: object, attempt: object) -> None:
    arg_of("need", need, Need, "a servicegov.needs.Need")
    arg_enum(Tier, "tier", tier)
    arg_of("attempt", attempt, int, "an integer")


_BLAKE2B = hashlib.blake2b


def _draw(key: str) -> float:
    """A uniform draw in (0, 1) from a hash of *key*: independent of processing order."""
    digest = _BLAKE2B(key.encode(), digest_size=8).digest()
    return (int.from_bytes(digest, "big") + 0.5) / 2**64


@attrs.frozen(kw_only=True)
class Report:
    """What the pipeline found: one outcome per need and the counts a reader wants.

    Attributes:
        district, preset, seed, as_of: what was run.
        outcomes: ``{need id: Outcome}`` for every need that went in.
        needs: how many needs went in.
        service_list: accepted needs after consolidation (服务清单 items).
        merged, duplicates: requests merged into common needs; exact duplicates.
        by_verdict, by_reason: screening verdicts and reasons.
        by_status, by_stage, by_tier, by_channel, by_category, by_kind: counts of
            the outcomes of distinct needs (merged requests count once, with their
            common need).
        escalations: escalations by why.
        overdue: open needs past their due date.
        by_closure: closed needs by how they were closed
            (:class:`servicegov.lifecycle.Closure`): resolved, duplicate or rejected.
        claims_by_kind: claims made by the claiming stage, by kind.
        unclaimed: needs held in a claim channel that no claimant with room took.
        claimed, claim_capacity: claims made, and the capacity of every claimant
            that could take one of those needs; ``claimed / claim_capacity`` is
            the capacity use (:attr:`capacity_use`).
        commitments: the one set (一定) of every claimant, by claimant id: the
            needs it holds or claimed that fell due by the report date or were
            resolved, each with its due date (see :func:`run`).
        scores: the two-review score (一定双评) of every commitment, by claimant id.
        ballots: the ballots about the claimants, by review channel.
        invalid_ballots: the ballots the scoring rule set aside.
        assessments: the tiered assessment (分层考核), by target value
            (:class:`servicegov.assessment.Target`): totals, ranks and grades.
        grades_by_tier: how many of each target got each grade.
        top_units, bottom_units: the three best and the three worst assessed of
            each target, best first.
        unassessed: units of analysis with a score that could not be assessed,
            by target: a review channel their scheme draws on missed its quorum,
            or a custom indicator was not supplied.
        channel_agreement: Cohen's kappa (linear weights) between the
            organisational and the residents' review over the claimants both
            rated (:func:`servicegov.scoring.channel_agreement`); ``None`` when
            no claimant has both or kappa is undefined.
        period: the assessment period the one sets were fixed for.
        reviews: the ballots that were scored, each from a class of rater the
            seed allows for its target (:data:`servicegov.assessment.RATERS`).
        statements: the claimants' statements (述职) given to the run, as data.
        trail: the per-need audit trail behind :meth:`history` and
            :attr:`breaches`; kept off the wire.
    """

    district: str
    preset: str | None
    seed: int | None
    as_of: dt.date
    outcomes: dict[str, Outcome]
    needs: int
    service_list: int
    merged: int
    duplicates: int
    by_verdict: dict[str, int]
    by_reason: dict[str, int]
    by_status: dict[str, int]
    by_stage: dict[str, int]
    by_tier: dict[str, int]
    by_channel: dict[str, int]
    by_category: dict[str, int]
    by_kind: dict[str, int]
    escalations: dict[str, int]
    overdue: int
    by_closure: dict[str, int] = attrs.field(factory=dict)
    claims_by_kind: dict[str, int] = attrs.field(factory=dict)
    unclaimed: int = 0
    claimed: int = 0
    claim_capacity: int = 0
    commitments: dict[str, Commitment] = attrs.field(factory=dict, repr=False)
    scores: dict[str, Score] = attrs.field(factory=dict, repr=False)
    ballots: dict[str, int] = attrs.field(factory=dict)
    invalid_ballots: int = 0
    assessments: dict[str, Assessment] = attrs.field(factory=dict, repr=False)
    grades_by_tier: dict[str, dict[str, int]] = attrs.field(factory=dict)
    top_units: dict[str, tuple[str, ...]] = attrs.field(factory=dict)
    bottom_units: dict[str, tuple[str, ...]] = attrs.field(factory=dict)
    unassessed: dict[str, int] = attrs.field(factory=dict)
    channel_agreement: float | None = None
    period: Period | None = None
    reviews: tuple[Review, ...] = attrs.field(default=(), converter=to_tuple, repr=False)
    statements: tuple[Statement, ...] = attrs.field(default=(), converter=to_tuple, repr=False)
    trail: Trail = attrs.field(factory=Trail, repr=False, eq=False, metadata={"wire": False})

    @property
    def capacity_use(self) -> float:
        """Claims made over the claimants' capacity (0 when nobody could claim)."""
        return self.claimed / self.claim_capacity if self.claim_capacity else 0.0

    @checked
    def history(self, need_id: str) -> tuple[Event, ...]:
        """The lifecycle events of *need_id*, oldest first, as the run found them.

        :func:`servicegov.lifecycle.replay` accepts them and replays to the
        need's outcome: its status, its closure and the unit and claimant that
        hold it.  A request merged into a common need shares the common need's
        history.  The events are built on demand from the run's per-need trail.

        Raises:
            UnknownReference: for an id that did not go into the run.

        Examples:
            >>> from servicegov import lifecycle, simulation
            >>> d = simulation.generate("small", seed=1)
            >>> r = run(d, service=SimulatedService(seed=1))
            >>> nid = next(k for k, o in r.outcomes.items() if o.escalations and o.status.value == "resolved")
            >>> [e.kind.value for e in r.history(nid)][:6]
            ['collected', 'screened', 'listed', 'publicised', 'routed', 'escalated']
            >>> record = lifecycle.replay(r.history(nid))
            >>> record.closure.value, record.current_unit == r.outcomes[nid].unit
            ('resolved', True)
        """
        # A caller's argument: check the type before looking it up.
        known = isinstance(need_id, str) and (  # type: ignore[redundant-expr]
            self.trail.knows(need_id) or need_id in self.trail.merged)
        if not known:
            raise UnknownReference.for_field("need_id", need_id, "the id of a need of this report")
        return self.trail.events(need_id)

    @property
    def breaches(self) -> dict[str, tuple[str, ...]]:
        """``{holder id: need ids}``: each need whose own deadline passed while that
        unit or claimant held it (a request merged into a common need is listed
        with it, as it shares its history).

        A need escalated because its deadline passed is charged to the unit it
        left, never to the receiver, which gets a deadline of its own; a need
        resolved late is charged to whoever resolved it; an open need past its
        due date on the report date to its current holder (the claimant, if it
        was claimed).  See :mod:`servicegov.ledger` for the same rule over
        stored events.

        Examples:
            >>> from servicegov import simulation
            >>> r = run(simulation.generate("small", seed=1), service=SimulatedService(seed=1))
            >>> nid = next(k for k, o in r.outcomes.items() if "deadline-passed" in
            ...            [w.value for w in o.escalated_because])
            >>> left = next(e.from_unit for e in r.history(nid) if e.kind.value == "escalated"
            ...             and e.why.value == "deadline-passed")
            >>> nid in r.breaches[left]
            True
        """
        return self.trail.breaches(self.as_of)


def _follow(
    need: Need,
    first: Route,
    d: District,
    policy: RoutingPolicy,
    service: ServiceModel | None,
    recorded: dt.date | None,
    as_of: dt.date,
    priority: float,
    load: dict[str, int],
) -> tuple[Route, list[Leg], dt.date | None]:
    """Follow a routed need until it is resolved, still in time, or at the top.

    A recorded resolution date is the fact: the unit holding the need on that
    date resolved it.  A holder that has not resolved it by its own due date
    passes it up the next working day, and the receiver gets a deadline of its own.
    """
    current = first
    legs: list[Leg] = []
    seen = 0
    attempt = 0
    while isinstance(current.result, RoutedTo):
        r = current.result
        legs.append(Leg(current.hops[seen:], r))
        seen = len(current.hops)
        top = r.tier is Tier.DISTRICT or r.channel is Channel.BACKSTOP or not policy.escalate_overdue
        # A holder passes the need up on the first working day after its due date,
        # and only once that day has come.
        passes_on = d.calendar.next_workday(r.due)
        if recorded is not None:
            # Resolved no later than the day it would have been passed up: this holder did it.
            if recorded <= passes_on or top or passes_on > as_of:
                return current, legs, recorded
        else:
            done: dt.date | None = None
            if service is not None:
                days = service.workdays(need, r.tier, attempt)
                if days is not None:
                    done = d.calendar.add_workdays(r.since, days)
            if done is not None and (done <= r.due or top):
                return current, legs, done
            if passes_on > as_of or top:
                return current, legs, None
        attempt += 1
        current = _escalate(
            current, need, d.organisation, policy,
            as_of=passes_on, calendar=d.calendar, why=EscalationReason.DEADLINE_PASSED, priority=priority,
            load=load,
        )
        if isinstance(current.result, RoutedTo):
            load[current.result.unit] = load.get(current.result.unit, 0) + 1
    return current, legs, None


P = ParamSpec("P")
R = TypeVar("R")


def _gc_paused(fn: Callable[P, R]) -> Callable[P, R]:
    """Run *fn* with the cyclic garbage collector paused, restoring it whatever happens.

    A district allocates millions of short-lived objects and no reference cycles:
    the collector's passes over the growing heap cost a third of a run.
    """

    @functools.wraps(fn)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return paused


# --------------------------------------------------------------------------- the stages


class Intake(NamedTuple):
    """The first stage: the needs repository consolidated, screened, listed and publicised.

    A stage's result is an in-memory handle for the next stage (a named tuple),
    not a wire model: store the facts and the report, not the stages.

    Its fields:

    * ``district``: the district.
    * ``as_of``: the report date.
    * ``consolidation``: the needs after merging common requests and marking duplicates.
    * ``screenings``: the screening of every distinct need, by id.
    * ``order``: the distinct needs, most pressing first (最急、最需、最盼).
    * ``routed_on``: the day each accepted need is routed, after deliberation,
      listing and publicity (``listing_workdays`` working days after collection).
    """

    district: District
    as_of: dt.date
    consolidation: Consolidation
    screenings: Mapping[str, Screening]
    order: tuple[Need, ...]
    routed_on: Mapping[str, dt.date]


def _check_date(field: str, value: object) -> dt.date:
    if type(value) is not dt.date:
        raise InvalidValue.for_field(field, value, "a datetime.date (not a datetime or a string)")
    return value


@checked
def intake(
    district: District,
    *,
    screening: ScreeningRules | ScreeningPolicy = DEFAULT_RULES,
    as_of: dt.date | None = None,
    listing_workdays: int = 10,
) -> Intake:
    """Consolidate, screen and list the needs of *district* (the intake stage).

    Args:
        district: the district.
        screening: the screening rules or policy.
        as_of: the report date; the district's own by default.
        listing_workdays: working days from collection to routing (deliberation,
            listing and publicity, 公示); at least 1, as the list is publicised
            before anything is routed.

    Examples:
        >>> from servicegov import simulation
        >>> i = intake(simulation.generate("small", seed=1))
        >>> len(i.order) + len(i.consolidation.merged) == 4000
        True
    """
    if not isinstance(district, District):
        raise InvalidValue.for_field("district", district, "a servicegov.district.District")
    if not isinstance(screening, ScreeningRules | ScreeningPolicy):
        raise InvalidValue.for_field("screening", screening, "a ScreeningRules or ScreeningPolicy")
    if type(listing_workdays) is not int or listing_workdays < 1:
        raise InvalidValue.for_field("listing_workdays", listing_workdays, "an integer >= 1")
    day = district.as_of if as_of is None else _check_date("as_of", as_of)
    cons = consolidate(district.needs)
    duplicate_of = cons.duplicate_of()
    rules = screening.at(day)
    ordered = sorted(cons.needs, key=lambda n: (n.collected, n.id))
    screenings = {
        n.id: _screen(n, rules, day, district.catalogue, duplicate_of.get(n.id))
        for n in ordered
    }
    ordered.sort(key=lambda n: (-screenings[n.id].priority, n.collected, n.id))
    cal = district.calendar
    routed_on = {
        n.id: cal.add_workdays(n.collected, listing_workdays)
        for n in ordered if screenings[n.id].verdict is Verdict.ACCEPTED
    }
    return Intake(district=district, as_of=day, consolidation=cons, screenings=screenings,
                  order=tuple(ordered), routed_on=routed_on)


class FollowUp(NamedTuple):
    """The second stage: every need routed tier by tier and followed against its deadlines.

    Its fields:

    * ``intake``: the stage before.
    * ``outcomes``: one :class:`Outcome` per distinct need (merged requests are added
      by :func:`run`).
    * ``trail``: the per-need audit trail the report's histories are built from.
    * ``escalations``: escalations by why.
    * ``verdicts``, ``reasons``: screening verdicts and reasons, counted.
    """

    intake: Intake
    outcomes: dict[str, Outcome]
    trail: Trail
    escalations: Mapping[EscalationReason, int]
    verdicts: Mapping[Verdict, int]
    reasons: Mapping[Reason, int]


def _check_resolved(resolved: object, district: District, merged: Mapping[str, str]) -> dict[str, dt.date]:
    if resolved is None:
        return {}
    if not isinstance(resolved, Mapping):
        raise InvalidValue.for_field("resolved", resolved, "a mapping {need id: datetime.date}")
    known = {n.id: n for n in district.needs}
    out: dict[str, dt.date] = {}
    for nid, on in resolved.items():
        if not isinstance(nid, str) or nid not in known:
            raise UnknownReference.for_field("resolved", nid, "the id of a need of the district")
        if nid in merged:
            raise InvalidValue.for_field(
                "resolved", nid, f"the id of a need that was not merged ({nid!r} is part of "
                f"{merged[nid]!r}: record the resolution there)",
            )
        day = _check_date(f"resolved[{nid!r}]", on)
        if day < known[nid].collected:
            raise InvalidValue.for_field(
                f"resolved[{nid!r}]", day, f"on or after {known[nid].collected}, the day it was collected"
            )
        out[nid] = day
    return out


@checked
def follow_up(
    taken: Intake,
    *,
    policy: RoutingPolicy | None = None,
    service: ServiceModel | None = None,
    resolved: Mapping[str, dt.date] | None = None,
) -> FollowUp:
    """Route every accepted need and follow it against its deadlines (the routing stage).

    Each accepted need is routed on its ``routed_on`` day to the lowest competent
    tier with room.  A holder that has not resolved it by its own due date passes
    it up on the next working day (逾期上报), and the receiver gets a fresh deadline.

    Args:
        taken: the intake stage.
        policy: the routing policy (checked against the catalogue); by default
            :func:`servicegov.routing.default_policy` of the district's catalogue.
        service: a model of how long tiers take (e.g. :class:`SimulatedService`),
            for simulations; never used for a need with a recorded resolution.
        resolved: resolution dates a platform recorded, by need id: the holder
            on that date resolved it.  Without *service* and *resolved*, no need
            is known to be resolved.

    Raises:
        UnknownReference: for a resolution of a need the district does not have.
        InvalidValue: for a resolution before collection or before the need was
            routed, or of a need that was never routed.

    Examples:
        >>> from servicegov import simulation
        >>> f = follow_up(intake(simulation.generate("small", seed=1)))
        >>> sorted({o.status.value for o in f.outcomes.values()})
        ['open', 'rejected']
    """
    if not isinstance(taken, Intake):
        raise InvalidValue.for_field("taken", taken, "the Intake from servicegov.pipeline.intake()")
    d = taken.district
    if policy is not None and not isinstance(policy, RoutingPolicy):
        raise InvalidValue.for_field("policy", policy, "a RoutingPolicy or None")
    if service is not None and not callable(getattr(service, "workdays", None)):
        raise InvalidValue.for_field("service", service, "a ServiceModel (with workdays()) or None")
    policy = (policy or default_policy(d.catalogue)).check(d.catalogue)
    merged = taken.consolidation.merged_into()
    done_at = _check_resolved(resolved, d, merged)
    day = taken.as_of
    cal = d.calendar
    org = d.organisation
    trail = Trail()
    outcomes: dict[str, Outcome] = {}
    load: dict[str, int] = {}
    # Counted by member and labelled once at the end: enum .value is slow in a hot loop.
    by_verdict: Counter[Verdict] = Counter()
    by_reason: Counter[Reason] = Counter()
    escalations: Counter[EscalationReason] = Counter()
    heads = {v: _village_head(d, v) for v in org.villages}
    for need in taken.order:
        nid = need.id
        s = taken.screenings[nid]
        reasons = s.reasons  # derived on each access
        trail.collected[nid] = need.collected
        trail.category[nid] = need.category
        trail.screening[nid] = (s.verdict, reasons)
        by_verdict[s.verdict] += 1
        for r in reasons:
            by_reason[r] += 1
        recorded = done_at.get(nid)
        if s.verdict is Verdict.REJECTED or s.verdict is Verdict.DELIBERATION:
            if recorded is not None:
                raise InvalidValue.for_field(
                    f"resolved[{nid!r}]", recorded,
                    f"absent: need {nid!r} was never routed (screening: {s.verdict.value})",
                )
            if s.verdict is Verdict.REJECTED:
                outcomes[nid] = Outcome(need_id=nid, status=Status.REJECTED, stage=Stage.SCREENING,
                                        reasons=reasons)
            else:
                outcomes[nid] = Outcome(need_id=nid, status=Status.OPEN, stage=Stage.DELIBERATION,
                                        tier=Tier.VILLAGE, unit=heads[need.village], reasons=reasons)
            continue
        routed_on = taken.routed_on[nid]
        trail.routed_on[nid] = routed_on
        if recorded is not None and recorded < routed_on:
            raise InvalidValue.for_field(
                f"resolved[{nid!r}]", recorded,
                f"on or after {routed_on}, the day need {nid!r} was routed after listing and publicity",
            )
        if routed_on > day:
            outcomes[nid] = Outcome(need_id=nid, status=Status.OPEN, stage=Stage.LISTED,
                                    tier=Tier.VILLAGE, unit=heads[need.village])
            continue
        first = _route(need, org, policy, as_of=routed_on, calendar=cal, priority=s.priority,
                       load=load, start_tier=None)
        if isinstance(first.result, RoutedTo):
            load[first.result.unit] = load.get(first.result.unit, 0) + 1
        final, legs, done = _follow(need, first, d, policy, service, recorded, day, s.priority, load)
        for h in final.hops:
            escalations[h.why] += 1
        result = final.result
        whys = tuple(h.why for h in final.hops)
        if not isinstance(result, RoutedTo):
            # Those who held it before it was passed up to nobody keep their spans (and breaches).
            held = sum(len(leg.hops) for leg in legs)
            trail.loose[nid] = final.hops[held:]
            if legs:
                trail.passed[nid] = tuple(legs)
            last = final.hops[-1] if final.hops else None
            outcomes[nid] = Outcome(
                need_id=nid, status=Status.OPEN, stage=Stage.UNROUTABLE,
                tier=last.to_tier if last else None, unit=last.to_unit if last else None,
                escalations=len(final.hops), escalated_because=whys,
            )
            continue
        trail.legs[nid] = tuple(legs)
        if done is not None and done <= day:
            trail.resolved[nid] = done
            outcomes[nid] = Outcome(
                need_id=nid, status=Status.RESOLVED, stage=Stage.RESOLVED, tier=result.tier,
                unit=result.unit, channel=result.channel, due=result.due,
                escalations=len(final.hops), escalated_because=whys, resolved_on=done,
            )
        else:
            outcomes[nid] = Outcome(
                need_id=nid, status=Status.OPEN, stage=Stage.ROUTED, tier=result.tier,
                unit=result.unit, channel=result.channel, due=result.due,
                overdue=result.due < day, escalations=len(final.hops), escalated_because=whys,
            )
    trail.merged.update(merged)
    return FollowUp(intake=taken, outcomes=outcomes, trail=trail, escalations=escalations,
                    verdicts=by_verdict, reasons=by_reason)


class Claiming(NamedTuple):
    """The third stage: who claimed the needs held in a claim channel.

    Its fields:

    * ``follow``: the stage before.
    * ``outcomes``: the outcomes with their claimants filled in.
    * ``counts``: the :class:`Report` fields of the claiming stage.
    * ``trail``: the audit trail with the claims.
    """

    follow: FollowUp
    outcomes: dict[str, Outcome]
    counts: Mapping[str, Any]
    trail: Trail


_CLAIM_CHANNELS = frozenset({Channel.PERSONAL_CLAIM, Channel.COLLECTIVE_CLAIM,
                             Channel.LINKED_DEPARTMENT})


def _check_claims(claims: object, f: FollowUp) -> list[Claim]:
    if isinstance(claims, str | bytes | Mapping) or not isinstance(claims, Iterable):
        raise InvalidValue.for_field("claims", claims, "a sequence of servicegov.claims.Claim")
    org = f.intake.district.organisation
    out: list[Claim] = []
    seen: dict[str, int] = {}
    for i, c in enumerate(claims):
        where = f"claims[{i}]"
        if not isinstance(c, Claim):
            raise InvalidValue.for_field(where, c, "a servicegov.claims.Claim")
        if c.need_id is None:
            continue  # a catalogue project: not a need of the district's flow
        if not f.trail.knows(c.need_id) and c.need_id not in f.trail.merged:
            raise UnknownReference.for_field(f"{where}.need_id", c.need_id,
                                             "the id of a need of the district")
        if not (org.has_unit(c.claimant) or org.has_member(c.claimant)):
            raise UnknownReference.for_field(f"{where}.claimant", c.claimant,
                                             "a member or unit of the organisation")
        legs = f.trail.legs.get(c.need_id)
        if not legs:
            raise InvalidValue.for_field(f"{where}.need_id", c.need_id,
                                         "a need that was routed to a unit (claims follow routing)")
        since = legs[-1].at.since
        if c.claimed_on < since:
            raise InvalidValue.for_field(f"{where}.claimed_on", c.claimed_on,
                                         f"on or after {since}, the day the need reached its holder")
        if c.claimed_on > f.intake.as_of:
            raise InvalidValue.for_field(f"{where}.claimed_on", c.claimed_on,
                                         f"on or before the report date {f.intake.as_of}")
        done = f.trail.resolved.get(c.need_id)
        if done is not None and c.claimed_on > done:
            raise InvalidValue.for_field(f"{where}.claimed_on", c.claimed_on,
                                         f"on or before {done}, the day the need was resolved")
        if c.need_id in seen:
            raise DuplicateId.for_field(f"{where}.need_id", c.need_id,
                                        f"claimed once (also claims[{seen[c.need_id]}])")
        seen[c.need_id] = i
        out.append(c)
    return out


@checked
def claiming(
    follow: FollowUp,
    *,
    claims: Iterable[Claim] | None = None,
    mode: ClaimMode | None = None,
) -> Claiming:
    """Record who claimed the needs (the claiming stage).

    Args:
        follow: the routing stage.
        claims: the claims a platform recorded (认领): each names a routed need of
            the district and a member or unit, dated on or after the day the need
            reached its holder and not after the report date or its resolution.
        mode: instead of recorded claims, assign the needs that reached a claim
            channel (personal claim, collective claim, linked department) with a
            model of claiming (:func:`servicegov.claiming.assign_claims`): this
            decides who claims, so it is for simulations and what-if studies.
            Without *claims* and *mode*, nobody claimed anything.

    Raises:
        UnknownReference: for a claim of an unknown need or by an unknown claimant.
        InvalidValue: for a claim of a need that was never routed, or dated out of order.
        DuplicateId: for two claims of one need.

    Examples:
        >>> from servicegov import simulation
        >>> f = follow_up(intake(simulation.generate("small", seed=1)))
        >>> claiming(f).counts, claiming(f, mode=ClaimMode.GREEDY).counts["claimed"] > 0
        ({}, True)
    """
    if not isinstance(follow, FollowUp):
        raise InvalidValue.for_field("follow", follow, "the FollowUp from servicegov.pipeline.follow_up()")
    if mode is not None and type(mode) is not ClaimMode:
        raise InvalidValue.for_field("claim_mode", mode, f"{enum_allowed(ClaimMode, mode)}, or None")
    if claims is not None and mode is not None:
        raise InvalidValue.for_field("claim_mode", mode, "None when claims are recorded")
    outcomes = dict(follow.outcomes)
    trail = follow.trail
    if claims is None and mode is None:
        return Claiming(follow=follow, outcomes=outcomes, counts={}, trail=trail)
    d = follow.intake.district
    org = d.organisation
    by_need = {n.id: n for n in follow.intake.consolidation.needs}
    held = [by_need[nid] for nid, o in outcomes.items()
            if o.stage in (Stage.ROUTED, Stage.RESOLVED) and o.channel in _CLAIM_CHANNELS]
    facts: dict[str, ClaimFact] = {}
    if claims is not None:
        for c in _check_claims(claims, follow):
            assert c.need_id is not None
            facts[c.need_id] = ClaimFact(c.claimant, c.kind.value, c.claimed_on, c.due_on)
    else:
        assert mode is not None
        schedule: dict[str, tuple[dt.date, dt.date]] = {}
        for n in held:
            at = trail.legs[n.id][-1].at
            schedule[n.id] = (at.since, max(at.due, at.since))
        screenings = follow.intake.screenings
        book = assign_claims(
            held, org, mode=mode, on=min((s for s, _ in schedule.values()), default=dt.date.min),
            priority={n.id: screenings[n.id].priority for n in held}, schedule=schedule,
        )
        for c in book.claims:
            if c.need_id is not None:
                facts[c.need_id] = ClaimFact(c.claimant, c.kind.value, c.claimed_on, c.due_on)
    by_kind: Counter[str] = Counter()
    for nid, fact in facts.items():
        outcomes[nid] = attrs.evolve(outcomes[nid], claimant=fact.claimant)
        by_kind[fact.kind] += 1
    pool: dict[str, int] = {}
    for n in held:
        for who in eligible(n, org):
            pool[who.id] = who.capacity
    counts = {
        "claims_by_kind": dict(sorted(by_kind.items())),
        "unclaimed": sum(n.id not in facts for n in held),
        "claimed": len(facts),
        "claim_capacity": sum(pool.values()),
    }
    return Claiming(follow=follow, outcomes=outcomes, counts=counts, trail=trail.with_claims(facts))


class Judging(NamedTuple):
    """The fourth stage: the one set of every holder, scored by the two reviews.

    Its fields:

    * ``claimed``: the stage before.
    * ``period``: the assessment period.
    * ``commitments``: the one set (一定) of every holder, by id.
    * ``scores``: the two-review score (一定双评) of every commitment, by holder id.
    * ``reviews``: the ballots that were scored (about a holder with a commitment).
    * ``statements``: the claimants' statements (述职) given, as data.
    * ``counts``: the :class:`Report` fields of the judging stage.
    """

    claimed: Claiming
    period: Period
    commitments: dict[str, Commitment]
    scores: dict[str, Score]
    reviews: tuple[Review, ...]
    counts: Mapping[str, Any]
    statements: tuple[Statement, ...] = ()


R_ = TypeVar("R_")


def _facts(values: object, field: str, cls: type[R_], about: str, org: Organisation) -> list[R_]:
    """Recorded facts of type *cls*, each *about* someone of the organisation (checked)."""
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable):
        raise InvalidValue.for_field(field, values, f"a sequence of servicegov.scoring.{cls.__name__}")
    out = list(values)
    for i, v in enumerate(out):
        if not isinstance(v, cls):
            raise InvalidValue.for_field(f"{field}[{i}]", v, f"a servicegov.scoring.{cls.__name__}")
        who = getattr(v, about)
        if not (org.has_unit(who) or org.has_member(who)):
            raise UnknownReference.for_field(f"{field}[{i}].{about}", who,
                                             "a member or unit of the district's organisation")
    return out


def _check_reviews(reviews: object, org: Organisation) -> list[Review]:
    return _facts(reviews, "reviews", Review, "reviewee", org)


@checked
def judging(
    claimed: Claiming,
    *,
    reviews: Iterable[Review] | None = None,
    residence: Mapping[str, str] | None = None,
    scoring_rule: ScoringRule | Sequence[ScoringRule] = DEFAULT_RULE,
    period: Period | None = None,
    vetoes: Mapping[str, Collection[str]] | None = None,
    statements: Iterable[Statement] | None = None,
) -> Judging:
    """Fix every holder's one set and score it with the two reviews (the judging stage).

    The one set (一定) of a holder is fixed on the first day of *period*: the
    needs it claimed in the period's opening window (:data:`servicegov.scoring.OPENING_WINDOW`),
    with their due dates, and the standing promise to meet the deadline of
    whatever is routed to it.  Each need routed to it (or claimed later) joins
    that set as an item dated the day it arrived, due on the holder's own due
    date.  Only a holder's own spans count: a need it passed up after its
    deadline is its unfulfilled item; the unit that received it has a fresh
    item of its own.  Items that fell due by the report date or were resolved
    by the holder are scored; an item is fulfilled when the holder resolved it
    by its due date.

    Args:
        claimed: the claiming stage.
        reviews: the ballots of the two reviews a platform recorded.  Without
            them nobody has ballots, and no score has a reviewed part.
        residence: where reviewers live (reviewer id → division code), for the
            residents' channel; by default households live in their need's
            village and members where their record says.
        scoring_rule: the two-review rule, or its effective-dated versions.
        period: the assessment period; the calendar year of the report date by default.
        vetoes: the one-vote-veto items (一票否决: a safety accident, a breach of
            discipline …) found against an assessed unit or cadre, by id; its
            score is capped and its grade is no better than 不称职.
        statements: the claimants' own start- and end-of-period statements
            (述职), kept with the report as data (they score nothing); each by
            a unit or member of the district, about the assessment period.

    Raises:
        UnknownReference: for a ballot about someone who is not in the district.

    Examples:
        >>> from servicegov import simulation
        >>> f = follow_up(intake(simulation.generate("small", seed=1)))
        >>> j = judging(claiming(f))
        >>> j.reviews, sum(j.counts["ballots"].values())
        ((), 0)
    """
    if not isinstance(claimed, Claiming):
        raise InvalidValue.for_field("claimed", claimed, "the Claiming from servicegov.pipeline.claiming()")
    fixed = _period(period, claimed.follow.intake.as_of)
    said = _check_statements(statements, claimed.follow.intake.district.organisation, fixed)
    _check_vetoes(vetoes, claimed.follow.intake.district.organisation)  # before the commitments are built
    judged = _judge(claimed, _commitments(claimed, fixed), fixed, reviews=reviews, residence=residence,
                    scoring_rule=scoring_rule, vetoes=vetoes)
    return judged._replace(statements=said)


def _judge(
    claimed: Claiming,
    sets: tuple[dict[str, Commitment], dict[str, dict[str, float]]],
    period: Period,
    *,
    reviews: Iterable[Review] | None,
    residence: Mapping[str, str] | None,
    scoring_rule: ScoringRule | Sequence[ScoringRule],
    vetoes: Mapping[str, Collection[str]] | None = None,
) -> Judging:
    """Score the one set of every holder (*sets*: commitments and what each fulfilled)."""
    taken = claimed.follow.intake
    d = taken.district
    day = taken.as_of
    versions = (scoring_rule,) if isinstance(scoring_rule, ScoringRule) else tuple(scoring_rule)
    for i, v in enumerate(versions):
        if not isinstance(v, ScoringRule):
            raise InvalidValue.for_field(f"scoring_rule[{i}]", v, "a ScoringRule")
    check_versions(versions, "scoring_rule")
    in_force = in_effect(versions, day, "scoring rule")
    org = d.organisation
    ballots = [] if reviews is None else _check_reviews(reviews, org)
    vetoed = _check_vetoes(vetoes, org)
    commitments, fulfilled = sets
    home = _residence(d, residence)
    about: dict[str, list[Review]] = defaultdict(list)
    for b in ballots:
        about[b.reviewee].append(b)
    # score() spots straight-line ballots among the ballots it is given; find the
    # straight-liners once over all of them, and give score() their other ballots.
    liners = scoring._straight_liners(ballots, in_force.straight_line_min)
    liner_ballots: dict[tuple[str, ReviewChannel], list[Review]] = defaultdict(list)
    if liners:
        for b in ballots:
            if (b.reviewer, b.channel) in liners and b.score is not None and b.item is None:
                liner_ballots[(b.reviewer, b.channel)].append(b)
    scores: dict[str, Score] = {}
    ballots_by_channel: Counter[str] = Counter()
    scored: list[Review] = []
    invalid = 0
    for who, c in commitments.items():
        mine = about.get(who, [])
        extra = [b for key in sorted({(b.reviewer, b.channel) for b in mine} & liners, key=str)
                 for b in liner_ballots[key] if b.reviewee != who]
        theirs = {b.reviewer: commitments[b.reviewer] for b in mine
                  if b.reviewer in commitments and b.reviewer != who}
        check = _rater_check(who, org)
        sc = scoring.score(
            c, [*mine, *extra], versions, as_of=day, fulfilment=fulfilled[who],
            residence=home, commitments=theirs.values(), raters=check, vetoes=vetoed.get(who, ()),
        )
        scores[who] = sc
        allowed = [b for b in mine if check(b) is None]
        for b in allowed:
            ballots_by_channel[b.channel.value] += 1
        scored.extend(allowed)
        invalid += len(sc.invalid)
    counts: dict[str, Any] = {
        "ballots": dict(sorted(ballots_by_channel.items())),
        "invalid_ballots": invalid,
        "channel_agreement": _agreement(scores.values()),
    }
    return Judging(claimed=claimed, period=period, commitments=commitments, scores=scores,
                   reviews=tuple(scored), counts=counts)


@checked
def assessing(
    judged: Judging,
    *,
    assessment: bool | Mapping[Target, AssessmentScheme | Sequence[AssessmentScheme]] = True,
    custom_indicators: Mapping[str, Mapping[str, float]] | None = None,
) -> dict[str, Any]:
    """Assess the scored holders tier by tier (the assessing stage).

    Args:
        judged: the judging stage.
        assessment: ``True`` assesses every target with the Xinzhou scheme
            (:func:`servicegov.assessment.xinzhou_scheme`); a mapping
            ``{Target: scheme or its versions}`` only the targets it names;
            ``False`` nothing.
        custom_indicators: values (0 to 100) of the schemes' custom indicators
            by claimant id and indicator code.

    Returns:
        The :class:`Report` fields of the assessment: ``assessments``,
        ``grades_by_tier``, ``top_units``, ``bottom_units`` and ``unassessed``.

    Examples:
        >>> from servicegov import simulation
        >>> f = follow_up(intake(simulation.generate("small", seed=1)))
        >>> assessing(judging(claiming(f)))["assessments"]
        {}
    """
    if not isinstance(judged, Judging):
        raise InvalidValue.for_field("judged", judged, "the Judging from servicegov.pipeline.judging()")
    schemes = _schemes(assessment)
    if custom_indicators is not None and not isinstance(custom_indicators, Mapping):
        raise InvalidValue.for_field("custom_indicators", custom_indicators,
                                     "a mapping {claimant id: {indicator code: value}}")
    d = judged.claimed.follow.intake.district
    return _assess(d.organisation, judged.scores, schemes, custom_indicators or {},
                   judged.claimed.follow.intake.as_of)


@checked
@_gc_paused
def run(
    district: District,
    *,
    policy: RoutingPolicy | None = None,
    screening: ScreeningRules | ScreeningPolicy = DEFAULT_RULES,
    as_of: dt.date | None = None,
    service: ServiceModel | None = None,
    resolved: Mapping[str, dt.date] | None = None,
    listing_workdays: int = 10,
    claims: Iterable[Claim] | None = None,
    claim_mode: ClaimMode | None = None,
    reviews: Iterable[Review] | None = None,
    residence: Mapping[str, str] | None = None,
    scoring_rule: ScoringRule | Sequence[ScoringRule] | None = DEFAULT_RULE,
    period: Period | None = None,
    vetoes: Mapping[str, Collection[str]] | None = None,
    statements: Iterable[Statement] | None = None,
    assessment: bool | Mapping[Target, AssessmentScheme | Sequence[AssessmentScheme]] = True,
    custom_indicators: Mapping[str, Mapping[str, float]] | None = None,
) -> Report:
    """Run a district through every stage: :func:`intake`, :func:`follow_up`,
    :func:`claiming`, :func:`judging` and :func:`assessing`.

    The run uses only the facts it is given — resolution dates (*resolved*),
    claims (*claims*) and ballots (*reviews*) — and never invents any: a
    district run with no reviews has no ballots, whatever it was generated
    from.  To play a simulated year, use :func:`servicegov.simulation.simulate_year`,
    which feeds simulated facts through the same stages.

    Args:
        district: the district.
        policy, service, resolved: as :func:`follow_up`.
        screening, as_of, listing_workdays: as :func:`intake`.
        claims, claim_mode: as :func:`claiming` (*claim_mode* there is *mode*).
        reviews, residence, scoring_rule, period, vetoes, statements: as :func:`judging`;
            ``scoring_rule=None`` skips judging and assessing.
        assessment, custom_indicators: as :func:`assessing`.

    Returns:
        A :class:`Report` with one outcome per need id, the audit trail of every
        need (:meth:`Report.history`) and the breaches of every holder
        (:attr:`Report.breaches`).
    """
    # The arguments the later stages read are checked before the long stages.
    schemes = _schemes(assessment)
    _check_vetoes(vetoes, district.organisation)
    taken = intake(district, screening=screening, as_of=as_of, listing_workdays=listing_workdays)
    follow = follow_up(taken, policy=policy, service=service, resolved=resolved)
    claimed = claiming(follow, claims=claims, mode=claim_mode)
    judged: Judging | None = None
    assessed: dict[str, Any] = {}
    if scoring_rule is not None:
        judged = judging(claimed, reviews=reviews, residence=residence, scoring_rule=scoring_rule,
                         period=period, vetoes=vetoes, statements=statements)
        if schemes:
            assessed = assessing(judged, assessment=assessment, custom_indicators=custom_indicators)
    elif reviews is not None:
        _check_reviews(reviews, district.organisation)
    return _report(claimed, judged, assessed)


_OPEN_HELD = frozenset({LState.ROUTED, LState.CLAIMED})


@checked
def advance(
    district: District,
    events: Sequence[Event],
    *,
    today: dt.date,
    need: Need | None = None,
    policy: RoutingPolicy | None = None,
    screening: ScreeningRules | ScreeningPolicy = DEFAULT_RULES,
    listing_workdays: int = 10,
    load: Mapping[str, int] | None = None,
) -> tuple[Event, ...]:
    """The events a platform appends to one need's stored history as of *today*.

    A platform keeps each need's events and records the facts itself: the
    :class:`~servicegov.lifecycle.Collected` event when a need is registered,
    :class:`~servicegov.lifecycle.Claimed` when someone claims it,
    :class:`~servicegov.lifecycle.Started` and :class:`~servicegov.lifecycle.Resolved`
    when the work is done.  Each day (or whenever it likes) it asks what follows
    from them, and appends what this returns: screening, listing and publicity
    after collection; the routing once the publicity window has passed; an
    escalation on the first working day after a holder's due date, with the
    receiver's fresh due date; closing once resolved.  Driven this way, a need
    ends with the outcome :func:`run` gives it from the same facts (merging,
    duplicates and capacity shared with other needs are the batch call's to see).

    Args:
        district: the district (organisation, catalogue, calendar).
        events: the need's stored events, oldest first, a ``Collected`` first.
        today: the platform's date; nothing dated later is returned.
        need: the need, if it is not in ``district.needs``.
        policy, screening, listing_workdays: as :func:`run`.
        load: needs each unit already holds, for capacity.

    Raises:
        InvalidValue, IllegalTransition, UnknownReference: for stored events that
            do not replay (as :func:`servicegov.lifecycle.replay` says), or a need
            the district does not have.

    Examples:
        >>> import datetime as dt
        >>> from servicegov import lifecycle, simulation
        >>> d = simulation.generate("small", seed=1)
        >>> n = d.needs[0]
        >>> events = [lifecycle.Collected(need_id=n.id, on=n.collected)]
        >>> events += advance(d, events, today=n.collected)
        >>> [e.kind.value for e in events]
        ['collected', 'screened', 'listed', 'publicised']
        >>> events += advance(d, events, today=n.collected + dt.timedelta(days=30))
        >>> lifecycle.replay(events).state.value
        'routed'
    """
    if not isinstance(district, District):
        raise InvalidValue.for_field("district", district, "a servicegov.district.District")
    today = _check_date("today", today)
    if isinstance(events, str | bytes) or not isinstance(events, Sequence):  # type: ignore[redundant-expr]
        raise InvalidValue.for_field("events", events, "a sequence of lifecycle events")
    record = lreplay(events)
    if need is None:
        need = next((n for n in district.needs if n.id == record.need_id), None)
        if need is None:
            raise UnknownReference.for_field("need_id", record.need_id, "the id of a need of the district")
    elif not isinstance(need, Need) or need.id != record.need_id:  # type: ignore[redundant-expr]
        raise InvalidValue.for_field("need", need, f"the Need {record.need_id!r} of the events")
    if type(listing_workdays) is not int or listing_workdays < 1:
        raise InvalidValue.for_field("listing_workdays", listing_workdays, "an integer >= 1")
    if policy is not None and not isinstance(policy, RoutingPolicy):
        raise InvalidValue.for_field("policy", policy, "a RoutingPolicy or None")
    policy = (policy or default_policy(district.catalogue)).check(district.catalogue)
    cal = district.calendar
    org = district.organisation
    nid = need.id
    s = screen(need, screening.at(today), as_of=today, catalogue=district.catalogue)
    out: list[Event] = []
    state = record.state
    collected = record.opened_on
    routed_on = cal.add_workdays(collected, listing_workdays)
    if state is LState.COLLECTED:
        out.append(Screened(need_id=nid, on=collected, verdict=s.verdict, reasons=s.reasons))
        if s.verdict is not Verdict.ACCEPTED:
            return tuple(out)
        out.append(Listed(need_id=nid, on=collected, category=need.category))
        out.append(Publicised(need_id=nid, on=collected,
                              objection_days=max(1, (routed_on - collected).days)))
        state = LState.PUBLICISED
    used = dict(load or {})
    current: Route | None = None
    if state is LState.PUBLICISED and routed_on <= today:
        current = route(need, org, policy, as_of=routed_on, calendar=cal, priority=s.priority, load=used)
        if not isinstance(current.result, RoutedTo):
            leg_events(nid, current.hops, None, None, out)
            return tuple(out)
        leg_events(nid, current.hops, None, current.result, out)
        state = LState.ROUTED
    elif state in _OPEN_HELD and record.current_unit is not None and record.due is not None:
        unit = org.unit(record.current_unit, field="current_unit")
        channel = Channel.BACKSTOP if unit.id == org.backstop else Channel.TIER
        since = next(e.on for e in reversed(record.history) if isinstance(e, LRouted))
        current = Route(need_id=nid, result=RoutedTo(unit=unit.id, tier=unit.tier, due=record.due,
                                                    channel=channel, since=since))
    while current is not None and state in _OPEN_HELD and isinstance(current.result, RoutedTo):
        r = current.result
        passes_on = cal.next_workday(r.due)
        top = r.tier is Tier.DISTRICT or r.channel is Channel.BACKSTOP or not policy.escalate_overdue
        if top or passes_on > today:
            break
        before = len(current.hops)
        current = escalate(current, need, org, policy, as_of=passes_on, calendar=cal,
                           priority=s.priority, load=used)
        result = current.result if isinstance(current.result, RoutedTo) else None
        leg_events(nid, current.hops[before:], r.unit, result, out)
    if state is LState.RESOLVED:
        done = next(e.on for e in reversed(record.history) if isinstance(e, Resolved))
        out.append(Closed(need_id=nid, on=done, closure=Closure.RESOLVED))
    return tuple(out)


def _report(claimed: Claiming, judged: Judging | None, assessed: Mapping[str, Any]) -> Report:
    follow = claimed.follow
    taken = follow.intake
    district = taken.district
    cons = taken.consolidation
    outcomes = dict(claimed.outcomes)
    distinct = list(outcomes.values())
    by_need = {n.id: n for n in cons.needs}
    for old, into in cons.merged:
        outcomes[old] = _as_merged(outcomes[into], old, into)
    judged_fields: dict[str, Any] = {}
    if judged is not None:
        judged_fields = {"commitments": judged.commitments, "scores": judged.scores,
                         "reviews": judged.reviews, "period": judged.period,
                         "statements": judged.statements, **judged.counts}
    return Report(
        district=district.name,
        preset=district.preset,
        seed=district.seed,
        as_of=taken.as_of,
        outcomes={n.id: outcomes[n.id] for n in district.needs},
        needs=len(district.needs),
        service_list=follow.verdicts.get(Verdict.ACCEPTED, 0),
        merged=len(cons.merged),
        duplicates=len(cons.duplicates),
        by_verdict=_by_value(follow.verdicts),
        by_reason=_by_value(follow.reasons),
        **_counts(distinct, by_need),
        escalations=_by_value(follow.escalations),
        trail=claimed.trail,
        **claimed.counts,
        **judged_fields,
        **assessed,
    )


def _counts(distinct: Sequence[Outcome], by_need: Mapping[str, Need]) -> dict[str, Any]:
    """The report's counts of distinct outcomes, in one pass over them."""
    # Few distinct combinations: count them once, then split the counts by field.
    combos: Counter[tuple[Any, ...]] = Counter(
        (o.status, o.stage, o.tier, o.channel, by_need[o.need_id].category, by_need[o.need_id].kind,
         o.overdue, Reason.DUPLICATE in o.reasons)
        for o in distinct
    )
    fields: list[Counter[Any]] = [Counter() for _ in range(6)]
    overdue = 0
    closures: Counter[Closure] = Counter()
    for (status, stage, tier, channel, category, kind, late, duplicate), n in combos.items():
        for counter, key in zip(fields, (status, stage, tier, channel, category, kind), strict=True):
            if key is not None:
                counter[key] += n
        overdue += n if late else 0
        if status is Status.RESOLVED:
            closures[Closure.RESOLVED] += n
        elif status is Status.REJECTED:
            closures[Closure.DUPLICATE if duplicate else Closure.REJECTED] += n
    by_status, by_stage, by_tier, by_channel, by_category, by_kind = fields
    return {
        "by_status": _by_value(by_status),
        "by_stage": _by_value(by_stage),
        "by_tier": _by_value(by_tier),
        "by_channel": _by_value(by_channel),
        "by_category": dict(sorted(by_category.items())),
        "by_kind": _by_value(by_kind),
        "overdue": overdue,
        "by_closure": _by_value(closures),
    }


_OUTCOME_FIELDS = tuple(a.name for a in attrs.fields(Outcome))


def _as_merged(o: Outcome, need_id: str, into: str) -> Outcome:
    """*o* for a request merged into it (``attrs.evolve`` without its per-call introspection)."""
    values = {name: getattr(o, name) for name in _OUTCOME_FIELDS}
    values["need_id"], values["merged_into"] = need_id, into
    return Outcome(**values)


def _by_value(counts: Mapping[Any, int]) -> dict[str, int]:
    return dict(sorted((k.value, v) for k, v in counts.items()))


def _village_head(d: District, village: str) -> str | None:
    for u in d.organisation.units_in(village):
        if u.tier is Tier.VILLAGE:
            return u.id
    return None


# --------------------------------------------------------------------------- scoring and assessment

_NORMAL = NormalDist()


def _schemes(
    assessment: bool | Mapping[Target, AssessmentScheme | Sequence[AssessmentScheme]],
) -> dict[Target, tuple[AssessmentScheme, ...]]:
    """The scheme versions per target that *assessment* asks for (checked)."""
    if assessment is True:
        return {t: (xinzhou_scheme(t),) for t in Target}
    if assessment is False:
        return {}
    if not isinstance(assessment, Mapping):
        raise InvalidValue.for_field(
            "assessment", assessment, "True, False or a mapping {Target: scheme or its versions}"
        )
    out: dict[Target, tuple[AssessmentScheme, ...]] = {}
    for target, given in assessment.items():
        if type(target) is not Target:
            allowed = ", ".join(repr(t.value) for t in Target)
            raise InvalidValue.for_field("assessment", target, f"keys that are Targets: one of {allowed}")
        versions = (given,) if isinstance(given, AssessmentScheme) else tuple(given)
        where = f"assessment[{target.value}]"
        for i, v in enumerate(versions):
            if not isinstance(v, AssessmentScheme):
                raise InvalidValue.for_field(f"{where}[{i}]", v, "an AssessmentScheme")
            if v.target is not target:
                raise ConfigurationError.for_field(f"{where}[{i}].target", v.target.value, repr(target.value))
        check_versions(versions, where)
        out[target] = versions
    return out


def _area(villages: Iterable[str]) -> str:
    """The smallest division that contains every village."""
    codes = sorted(set(villages))
    area: str | None = codes[0]
    while area is not None and not all(divisions.contains(area, c) for c in codes):
        area = divisions.parent(area)
    assert area is not None  # every code is inside its province
    return area


def _period(period: object, day: dt.date) -> Period:
    if period is None:
        return Period.year(day.year)
    if not isinstance(period, Period):
        raise InvalidValue.for_field("period", period, "a servicegov.calendar.Period")
    if not period.contains(day):
        raise InvalidValue.for_field("period", str(period), f"a period that contains the report date {day}")
    return period


@checked
def commitments(claimed: Claiming, *, period: Period | None = None) -> dict[str, Commitment]:
    """The one set (一定) of every holder, as :func:`judging` fixes and scores it.

    Examples:
        >>> from servicegov import simulation
        >>> f = follow_up(intake(simulation.generate("small", seed=1)))
        >>> sets = commitments(claiming(f))
        >>> c = next(iter(sets.values()))
        >>> c.fixed_on, c.standing, all(i.joined is not None for i in c.items)
        (datetime.date(2025, 1, 1), True, True)
    """
    if not isinstance(claimed, Claiming):
        raise InvalidValue.for_field("claimed", claimed, "the Claiming from servicegov.pipeline.claiming()")
    return _commitments(claimed, _period(period, claimed.follow.intake.as_of))[0]


def _commitments(
    claimed: Claiming, period: Period,
) -> tuple[dict[str, Commitment], dict[str, dict[str, float]]]:
    """The one set of every unit of analysis, and what each fulfilled (see :func:`judging`).

    Each holder's own spans go to the unit assessed for its work
    (:func:`servicegov.assessment.unit_of_analysis`): a village's grids, groups,
    committee and teams to its Party organisation, a town's offices to its Party
    committee, a department's cadres who claim in person to the department.
    """
    trail = claimed.trail
    day = claimed.follow.intake.as_of
    by_need = {n.id: n for n in claimed.follow.intake.consolidation.needs}
    window = scoring.opening_window(period)
    items: dict[str, dict[str, CommitmentItem]] = defaultdict(dict)
    fulfilled: dict[str, dict[str, float]] = defaultdict(dict)
    villages: dict[str, set[str]] = defaultdict(set)
    start, end = period.start, period.end
    item = scoring._trusted_item
    org = claimed.follow.intake.district.organisation
    entity: dict[str, str | None] = {}
    for nid in trail.legs:
        claim = trail.claims.get(nid)
        village = by_need[nid].village
        for whose, _nid, received, due, left, resolved in trail.holdings(nid, day):
            if due > day and not resolved:
                continue  # not yet due: it belongs to a later assessment
            if left is not None and not resolved and left <= due:
                continue  # handed to a claimant in time: the claimant answers for it
            if whose not in entity:
                found = unit_of_analysis(whose, org)
                entity[whose] = None if found is None else found[1]
            holder = entity[whose]
            if holder is None:
                continue  # the district Party committee assesses; it is not assessed
            up_front = claim is not None and whose == claim.claimant and claim.on <= window
            joined = None if up_front else (start if received < start else end if received > end
                                            else received)
            # A unit that gets a need back (a backstop, say) answers for its last span.
            items[holder][nid] = item(nid, due, joined)
            villages[holder].add(village)
            if resolved and left is not None and left <= due:
                fulfilled[holder][nid] = 1.0
            else:
                fulfilled[holder].pop(nid, None)
    return {
        who: Commitment(
            id=f"C-{who}", claimant=who, period=period, fixed_on=period.start,
            items=sorted(items[who].values(), key=lambda i: i.ref), area=_area(villages[who]),
        )
        for who in sorted(items)
    }, fulfilled


def _uniform(*parts: object) -> float:
    key = ":".join(map(str, parts)).encode()
    return (int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big") + 0.5) / 2**64


def _normal(*parts: object) -> float:
    return _NORMAL.inv_cdf(_uniform(*parts))


def _clip(v: float) -> float:
    return 100.0 if v > 100 else 0.0 if v < 0 else v


def _organisational_panel(who: str, target: Target, villages: Iterable[str], org: Organisation) -> list[str]:
    """The units whose class may rate *who* (:data:`~servicegov.assessment.RATERS`), near its work.

    Towns and villages rate a department's work in the villages it served; the
    villages of a town cadre's town rate the cadre; the town's units give a
    village cadre's organisational review.  The district Party committee's own
    judgement of towns and village organisations is not a panel: it enters as
    the schemes' custom indicators.
    """
    allowed = RATERS[target]
    served = sorted(set(villages))
    towns = sorted({t for v in served if (t := divisions.parent(v)) is not None})
    out: dict[str, None] = {}
    # A town or a village rates through the body assessed for it (its Party committee or
    # Party organisation, as unit_of_analysis names it); a village cadre's town, through all its units.
    if Rater.TOWN in allowed:
        for t in towns:
            for u in org.units_in(t):
                if u.tier is Tier.TOWN:
                    found = None if target is Target.VILLAGE_CADRE else unit_of_analysis(u.id, org)
                    out[u.id if found is None else found[1]] = None
    if Rater.VILLAGE in allowed:
        rated = ([v for v in org.villages if divisions.parent(v) in towns]
                 if target is Target.TOWN_CADRE else served)
        for v in rated:
            local = org.units_in(v)
            found = unit_of_analysis(local[0].id, org) if local else None
            if found is not None:
                out[found[1]] = None
    out.pop(who, None)
    return list(out)


def _simulated_reviews(
    org: Organisation,
    commitments: Iterable[Commitment],
    by_need: Mapping[str, Need],
    resolved: frozenset[str],
    residence: Mapping[str, str],
    *,
    seed: int,
    on: dt.date,
    residents_per_village: int,
    organisational: int,
) -> list[Review]:
    out: list[Review] = []
    commitments = list(commitments)
    entity: dict[str, str | None] = {}

    def assessed_as(unit: str) -> str | None:
        if unit not in entity:
            found = unit_of_analysis(unit, org)
            entity[unit] = None if found is None else found[1]
        return entity[unit]

    windows = {c.claimant: {i.ref: (i.joined or c.period.start, i.due) for i in c.items}
               for c in commitments}

    def shares(reviewer: str, mine: Mapping[str, tuple[dt.date, dt.date]]) -> bool:
        # As check_reviews: holding one of the reviewee's needs over the same days.
        theirs = windows.get(reviewer, {})
        return any(ref in theirs and theirs[ref][0] <= due and start <= theirs[ref][1]
                   for ref, (start, due) in mine.items())

    for c in commitments:
        who = c.claimant
        found = unit_of_analysis(who, org)
        if found is None:
            continue
        target = found[0]
        mine = windows[who]
        quality = 8.0 * _normal(seed, who, "quality")
        done = [i.ref in resolved for i in c.items]
        completion = sum(done) / len(done) if done else 1.0
        villages = [by_need[i.ref].village for i in c.items]
        # Residents: households of the committed needs, drawn at random by village (阳光测评).
        homes: dict[str, str] = {}
        fates: dict[str, list[bool]] = defaultdict(list)
        # Only a target the residents rate gets a residents' panel.
        rated = c.items if Rater.RESIDENTS in RATERS[target] else ()
        for item, ok in zip(rated, done, strict=False):
            need = by_need[item.ref]
            for h in need.households:
                # Only households living in the served area review (a household id
                # that also appears elsewhere lives where the residence map says).
                home = residence.get(h)
                if home is not None and (home == need.village or divisions.contains(c.area or home, home)):
                    homes[h] = home
                    fates[h].append(ok)
        roster = [Resident(id=h, village=v) for h, v in homes.items()]
        draw = draw_evaluators(roster, seed=int(_uniform(seed, who, "draw") * 2**31),
                               per_stratum=residents_per_village, strata=("village",))
        for h in draw.selected:
            base = math.fsum(80.0 if ok else 40.0 for ok in fates[h]) / len(fates[h])
            felt = base + quality + 12.0 * _normal(seed, who, h, "residents")
            sat = (Satisfaction.SATISFIED if felt >= 85 else
                   Satisfaction.BASICALLY_SATISFIED if felt >= 60 else Satisfaction.DISSATISFIED)
            out.append(Review(reviewer=h, reviewee=who, channel=ReviewChannel.RESIDENTS, on=on,
                              satisfaction=sat))
        # The organisation: the classes of rater the seed allows, near the work, drawn at random.
        eligible_units = [r for r in _organisational_panel(who, target, villages, org)
                          if not shares(r, mine) and not shares(assessed_as(r) or r, mine)]
        panel = sorted(eligible_units, key=lambda r: _uniform(seed, who, r, "panel"))[:organisational]
        for r in sorted(panel):
            mark = 45.0 + 40.0 * completion + quality + 6.0 * _normal(seed, who, r, "organisation")
            out.append(Review(reviewer=r, reviewee=who, channel=ReviewChannel.ORGANISATIONAL, on=on,
                              score=round(_clip(mark), 1)))
    return out


@checked
def simulated_reviews(
    district: District,
    commitments: Iterable[Commitment],
    resolved: Iterable[str],
    *,
    seed: int,
    on: dt.date,
    residents_per_village: int = 5,
    organisational: int = 5,
) -> tuple[Review, ...]:
    """Ballots of the two reviews from a simple seeded rater model.

    Each claimant has a hidden quality, ``N(0, 8)`` points.  Residents'
    review: up to *residents_per_village* households per village of the
    committed needs, drawn with :func:`servicegov.surveys.draw_evaluators`
    (阳光测评), rate 满意 / 基本满意 / 不满意 by cutting at 85 and 60 a feeling of
    80 points for each of their needs resolved and 40 for each left open
    (averaged over their needs), plus the quality and ``N(0, 12)`` noise.
    Organisational review: up to *organisational* units of the classes that
    may rate the claimant (:data:`~servicegov.assessment.RATERS`), near its
    work, give a 100-point score of ``45 + 40 × completion`` plus the quality
    and ``N(0, 6)`` noise, clipped to 0-100.  Nobody reviews themselves, and residents review only claimants
    that served their village.  Every draw is a hash of the seed, the
    claimant and the reviewer, so the ballots do not depend on order.

    Args:
        district: the district (its organisation and needs).
        commitments: the commitments to review, e.g. ``report.commitments.values()``.
        resolved: the ids of the needs resolved.
        seed: the seed.
        on: the date the ballots are cast.
        residents_per_village, organisational: the sizes of the panels.

    Examples:
        >>> from servicegov import simulation
        >>> d = simulation.generate("small", seed=2)
        >>> r = run(d, service=SimulatedService(seed=2), assessment=False)
        >>> done = [o.need_id for o in r.outcomes.values() if o.status is Status.RESOLVED]
        >>> ballots = simulated_reviews(d, r.commitments.values(), done, seed=2, on=r.as_of)
        >>> all(b.reviewer != b.reviewee for b in ballots)
        True
        >>> ballots == simulated_reviews(d, reversed(list(r.commitments.values())), done,
        ...                              seed=2, on=r.as_of)[::-1] or "same ballots, other order"
        'same ballots, other order'
    """
    for name, value in (("residents_per_village", residents_per_village), ("organisational", organisational)):
        if type(value) is not int or value < 1:
            raise InvalidValue.for_field(name, value, "an integer of at least 1")
    if type(seed) is not int:
        raise InvalidValue.for_field("seed", seed, "an integer")
    by_need = {n.id: n for n in consolidate(district.needs).needs}
    commitments = list(commitments)
    for i, c in enumerate(commitments):
        for j, item in enumerate(c.items):
            if item.ref not in by_need:
                raise UnknownReference.for_field(
                    f"commitments[{i}].items[{j}].ref", item.ref,
                    "a need of the district (not a request merged into another)",
                )
    return tuple(_simulated_reviews(
        district.organisation, commitments, by_need, frozenset(resolved),
        _residence(district, None), seed=seed, on=on,
        residents_per_village=residents_per_village, organisational=organisational,
    ))


def _residence(district: District, given: Mapping[str, str] | None) -> dict[str, str]:
    home: dict[str, str] = {}
    for n in district.needs:
        for h in n.households:
            home.setdefault(h, n.village)
    for m in district.organisation.members:
        home[m.id] = m.migration.lives if m.migration is not None else m.division
    home.update(given or {})
    return home


def _check_statements(statements: object, org: Organisation, period: Period) -> tuple[Statement, ...]:
    if statements is None:
        return ()
    out = _facts(statements, "statements", Statement, "claimant", org)
    for i, st in enumerate(out):
        if st.period != period:
            raise InvalidValue.for_field(f"statements[{i}].period", str(st.period),
                                         f"the assessment period {period}")
    return tuple(out)


def _check_vetoes(vetoes: object, org: Organisation) -> dict[str, tuple[str, ...]]:
    if vetoes is None:
        return {}
    if not isinstance(vetoes, Mapping):
        raise InvalidValue.for_field("vetoes", vetoes, "a mapping {assessed id: veto items}")
    out: dict[str, tuple[str, ...]] = {}
    for who, items in vetoes.items():
        if not isinstance(who, str) or not (org.has_unit(who) or org.has_member(who)):
            raise UnknownReference.for_field("vetoes", who, "the id of a unit or member of the district")
        if isinstance(items, str) or not isinstance(items, Collection) \
                or not all(isinstance(i, str) and i.strip() for i in items):
            raise InvalidValue.for_field(f"vetoes[{who!r}]", items, "a collection of veto items in words")
        out[who] = tuple(sorted(items))
    return out


def _rater_check(reviewee: str, org: Organisation) -> Callable[[Review], str | None]:
    """Who may rate *reviewee* (:data:`servicegov.assessment.RATERS`): ``None``, or why not."""
    found = unit_of_analysis(reviewee, org)
    target = None if found is None else found[0]
    allowed = RATERS[target] if target is not None else ()

    def check(b: Review) -> str | None:
        if target is None:
            return f"{reviewee!r} is not assessed"
        rater = rater_of(b.reviewer, b.channel, org)
        if rater in allowed:
            return None
        who = "a reviewer outside the organisation" if rater is None else f"a rater of class {rater.value!r}"
        classes = ", ".join(repr(r.value) for r in allowed)
        return f"{who} may not rate a {target.en} (allowed: {classes})"

    return check


def _agreement(scores: Iterable[Score]) -> float | None:
    both = [s for s in scores
            if s.channel(ReviewChannel.ORGANISATIONAL).value is not None
            and s.channel(ReviewChannel.RESIDENTS).value is not None]
    if not both:
        return None
    kappa = scoring.channel_agreement(both)
    return kappa if math.isfinite(kappa) else None


def _assess(
    org: Organisation,
    scores: Mapping[str, Score],
    schemes: Mapping[Target, tuple[AssessmentScheme, ...]],
    custom: Mapping[str, Mapping[str, float]],
    day: dt.date,
) -> dict[str, Any]:
    """Assess the scored units of analysis by target with the scheme in effect.

    An assessed unit whose scheme needs a review channel that missed its quorum,
    a one-set-two-reviews total it does not have, or a custom indicator nobody
    supplied is counted as not assessable, never graded on a stand-in; a veto
    (一票否决) caps the grade.
    """
    by_target: dict[Target, list[Score]] = defaultdict(list)
    for who, sc in scores.items():
        found = unit_of_analysis(who, org)
        if found is not None:
            by_target[found[0]].append(sc)
    assessments: dict[str, Assessment] = {}
    grades: dict[str, dict[str, int]] = {}
    top: dict[str, tuple[str, ...]] = {}
    bottom: dict[str, tuple[str, ...]] = {}
    unassessed: dict[str, int] = {}
    for target in Target:
        if target not in schemes or not by_target.get(target):
            continue
        versions = schemes[target]
        scheme = in_effect(versions, day, "assessment scheme")
        needed = {i.source for i in scheme.indicators if isinstance(i.source, ReviewChannel)}
        wants_total = any(i.source is Source.SCORE for i in scheme.indicators)
        supplied = [i.code for i in scheme.indicators if i.source is Source.CUSTOM]
        ready = [sc for sc in by_target[target]
                 if all(sc.channel(ch).value is not None for ch in needed)
                 and (not wants_total or sc.total is not None)
                 and all(code in custom.get(sc.reviewee, {}) for code in supplied)]
        unassessed[target.value] = len(by_target[target]) - len(ready)
        if not ready:
            continue
        a = assess(versions, indicator_values(scheme, ready, custom=custom), as_of=day,
                   vetoed={sc.reviewee for sc in ready if sc.vetoes})
        key = target.value
        assessments[key] = a
        grades[key] = {g.value: n for g, n in a.counts().items()}
        top[key] = tuple(r.reviewee for r in a.results[:3])
        bottom[key] = tuple(r.reviewee for r in a.results[-3:])
    return {
        "assessments": assessments,
        "grades_by_tier": grades,
        "top_units": top,
        "bottom_units": bottom,
        "unassessed": unassessed,
    }
