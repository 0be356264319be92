"""One pure call that runs a whole district through every stage.

:func:`run` consolidates and screens the needs repository, routes every accepted
need tier by tier, follows it against its deadlines (escalating what is
overdue), and returns a :class:`Report` whose ``outcomes`` hold exactly one
:class:`Outcome` for every need id that went in — rejected with its reasons,
resolved, or still open at a named tier.  Nothing is dropped.  The same input
gives the same output.

Examples:
    >>> from servicegov import pipeline, simulation
    >>> d = simulation.generate("small", seed=1)
    >>> report = pipeline.run(d, service=pipeline.SimulatedService(seed=1))
    >>> len(report.outcomes) == len(d.needs)
    True
    >>> sorted(report.by_status)
    ['open', 'rejected', 'resolved']

Claiming runs after routing (greedy by default; ``claim_mode=None`` skips it):

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
from collections.abc import Callable, Iterable, Mapping, Sequence
from statistics import NormalDist
from typing import Any, ParamSpec, Protocol, TypeVar

import attrs

from servicegov import divisions, scoring
from servicegov._convert import to_tuple
from servicegov._dated import check_versions, in_effect
from servicegov._enum import LabelledEnum
from servicegov.assessment import (
    Assessment,
    AssessmentScheme,
    Source,
    Target,
    assess,
    indicator_values,
    xinzhou_scheme,
)
from servicegov.calendar import Period
from servicegov.claims import ClaimMode, assign_claims, eligible
from servicegov.district import District
from servicegov.errors import ConfigurationError, InvalidValue
from servicegov.lifecycle import Closure
from servicegov.needs import Need
from servicegov.org import Organisation, Tier
from servicegov.routing import (
    Channel,
    Route,
    Routed,
    RoutingPolicy,
    Why,
    default_policy,
    escalate,
    route,
)
from servicegov.scoring import (
    DEFAULT_RULE,
    Commitment,
    CommitmentItem,
    Resident,
    Review,
    ReviewChannel,
    Satisfaction,
    Score,
    ScoringRule,
    draw_evaluators,
)
from servicegov.screening import (
    DEFAULT_RULES,
    Reason,
    Screening,
    ScreeningPolicy,
    ScreeningRules,
    Verdict,
    consolidate,
    screen,
)

__all__ = [
    "Outcome",
    "Report",
    "ServiceModel",
    "SimulatedService",
    "Stage",
    "Status",
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
    escalated_because: tuple[Why, ...] = attrs.field(default=(), converter=to_tuple)
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
        prefix = f"{self.seed}:{need.id}:{tier.rank}:{attempt}:"
        if _draw(prefix + "fail") < self.failure_share:
            return None
        mean = next((m for t, m in self.mean_workdays if t is tier), 10.0)
        return int(-mean * math.log(_draw(prefix + "time")))


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
        unassessed: claimants with a score that could not be assessed, by
            target, because a review channel their scheme draws on missed its quorum.
        channel_agreement: Cohen's kappa (linear weights) between the
            organisational and the residents' review over the claimants both
            rated (:func:`servicegov.scoring.channel_agreement`); ``None`` when
            no claimant has both or kappa is undefined.
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

    @property
    def capacity_use(self) -> float:
        """Claims made over the claimants' capacity (0 when nobody could claim)."""
        return self.claimed / self.claim_capacity if self.claim_capacity else 0.0


def _follow(
    need: Need,
    first: Route,
    d: District,
    policy: RoutingPolicy,
    service: ServiceModel | None,
    resolved: Mapping[str, dt.date],
    as_of: dt.date,
    priority: float,
    load: dict[str, int],
) -> tuple[Route, dt.date | None]:
    """Follow a routed need until it is resolved, still in time, or at the top."""
    current = first
    attempt = 0
    while isinstance(current.result, Routed):
        r = current.result
        recorded = resolved.get(need.id)
        if recorded is not None:
            # A platform's record is the fact: the unit holding the need resolved it.
            return current, recorded
        done: dt.date | None = None
        if service is not None:
            days = service.workdays(need, r.tier, attempt)
            if days is not None:
                done = d.calendar.add_workdays(r.since, days)
        if done is not None and done <= r.due:
            return current, done
        if r.due >= as_of or not policy.escalate_overdue:
            return current, None
        if r.tier is Tier.DISTRICT or r.channel is Channel.BACKSTOP:
            return current, None
        attempt += 1
        current = escalate(
            current, need, d.organisation, policy,
            as_of=d.calendar.next_workday(r.due),
            calendar=d.calendar, priority=priority, load=load,
        )
        if isinstance(current.result, Routed):
            load[current.result.unit] = load.get(current.result.unit, 0) + 1
    return current, None


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
    claim_mode: ClaimMode | None = ClaimMode.GREEDY,
    reviews: Iterable[Review] | None = None,
    residence: Mapping[str, str] | None = None,
    scoring_rule: ScoringRule | Sequence[ScoringRule] | None = DEFAULT_RULE,
    assessment: bool | Mapping[Target, AssessmentScheme | Sequence[AssessmentScheme]] = True,
    custom_indicators: Mapping[str, Mapping[str, float]] | None = None,
) -> Report:
    """Run a district through consolidation, screening, routing and follow-up.

    Args:
        district: the district.
        policy: the routing policy (checked against the district's catalogue);
            by default :func:`servicegov.routing.default_policy` of that catalogue.
        screening: the screening rules or policy.
        as_of: the report date; the district's own by default.
        service: how long tiers take (e.g. :class:`SimulatedService`); without it,
            and without *resolved*, no need is known to be resolved.
        resolved: resolution dates a platform recorded, by need id.
        listing_workdays: working days from collection to routing: deliberation,
            listing and publicity (公示).
        claim_mode: how the needs that reached a claim channel in the period
            (personal claim, collective claim, linked department) are claimed
            (:func:`servicegov.claims.assign_claims`): by cadres of the linked
            departments or by the departments; ``None`` skips claiming.
        reviews: the ballots of the two reviews (一定双评) about the claimants.
            Without them, a simulated district (one with a preset and a seed)
            gets ballots from a seeded rater model (:func:`simulated_reviews`);
            any other district gets none, so its scores have no reviewed part.
        residence: where reviewers live (reviewer id → division code), for the
            residents' channel; by default the households of the needs live in
            their need's village and members where their record says.
        scoring_rule: the two-review rule (or its versions) that scores each
            commitment (:func:`servicegov.scoring.score`); ``None`` skips
            scoring and assessment.
        assessment: ``True`` assesses every target with the Xinzhou scheme
            (:func:`servicegov.assessment.xinzhou_scheme`); a mapping
            ``{Target: scheme or its versions}`` assesses only the targets it
            names, with those schemes; ``False`` skips the assessment.
        custom_indicators: values (0 to 100) of the schemes' custom indicators
            (policy projects, key projects, the three-needs survey …) by
            claimant id and indicator code.  A custom value not given is taken
            from the organisational review, the channel that judges those
            functions, or, without it, from completion.

    The one set (一定) of a claimant is built from the outcomes: every unit
    that holds or resolved a routed need, and every member or unit that
    claimed one, commits to those needs, each due on its due date.  Only items
    that fell due by the report date or were resolved are scored: an open need
    not yet due belongs to the next period.  Claimants are assessed by tier:
    district units as district departments, town units as town Party
    committees, village, Party-group and grid units as village Party
    organisations; members as village cadres when their home branch is in a
    village, and otherwise (cadres of departments who claim in person) as
    town cadres, who are rated by the villages they serve.

    Returns:
        A :class:`Report` with one outcome per need id.
    """
    if claim_mode is not None and type(claim_mode) is not ClaimMode:
        allowed = ", ".join(repr(m.value) for m in ClaimMode)
        raise InvalidValue.for_field("claim_mode", claim_mode, f"a ClaimMode: one of {allowed}, or None")
    schemes = _schemes(assessment)
    if type(listing_workdays) is not int or listing_workdays < 0:
        raise InvalidValue.for_field("listing_workdays", listing_workdays, "an integer >= 0")
    policy = (policy or default_policy(district.catalogue)).check(district.catalogue)
    day = as_of or district.as_of
    done_at = resolved or {}
    cal = district.calendar
    org = district.organisation
    cons = consolidate(district.needs)
    duplicate_of = cons.duplicate_of()
    outcomes: dict[str, Outcome] = {}
    load: dict[str, int] = {}
    # Counted by member and labelled once at the end: enum .value is slow in a hot loop.
    by_verdict: Counter[Verdict] = Counter()
    by_reason: Counter[Reason] = Counter()
    escalations: Counter[Why] = Counter()
    since: dict[str, dt.date] = {}
    routed_at: dict[str, dt.date] = {}
    rules = screening.at(day)
    ordered = sorted(cons.needs, key=lambda n: (n.collected, n.id))
    screenings = {
        n.id: screen(n, rules, as_of=day, catalogue=district.catalogue,
                     duplicate_of=duplicate_of.get(n.id))
        for n in ordered
    }
    # Most pressing first, so that capacity goes where the seeds want it (最急、最需、最盼).
    ordered.sort(key=lambda n: (-screenings[n.id].priority, n.collected, n.id))
    for need in ordered:
        s = screenings[need.id]
        by_verdict[s.verdict] += 1
        for r in s.reasons:
            by_reason[r] += 1
        if s.verdict is Verdict.REJECTED:
            outcomes[need.id] = Outcome(
                need_id=need.id, status=Status.REJECTED, stage=Stage.SCREENING, reasons=s.reasons
            )
            continue
        if s.verdict is Verdict.DELIBERATION:
            head = _village_head(district, need.village)
            outcomes[need.id] = Outcome(
                need_id=need.id, status=Status.OPEN, stage=Stage.DELIBERATION, tier=Tier.VILLAGE,
                unit=head, reasons=s.reasons,
            )
            continue
        routed_on = cal.add_workdays(need.collected, listing_workdays)
        routed_at[need.id] = routed_on
        if routed_on > day:
            outcomes[need.id] = Outcome(
                need_id=need.id, status=Status.OPEN, stage=Stage.LISTED, tier=Tier.VILLAGE,
                unit=_village_head(district, need.village),
            )
            continue
        first = route(need, org, policy, as_of=routed_on, calendar=cal, priority=s.priority,
                      load=load)
        if isinstance(first.result, Routed):
            load[first.result.unit] = load.get(first.result.unit, 0) + 1
        final, done = _follow(need, first, district, policy, service, done_at, day, s.priority,
                              load)
        for h in final.hops:
            escalations[h.why] += 1
        result = final.result
        whys = tuple(h.why for h in final.hops)
        if isinstance(result, Routed):
            since[need.id] = result.since
        if not isinstance(result, Routed):
            outcomes[need.id] = Outcome(
                need_id=need.id, status=Status.OPEN, stage=Stage.UNROUTABLE,
                escalations=len(final.hops), escalated_because=whys,
            )
        elif done is not None and done <= day:
            outcomes[need.id] = Outcome(
                need_id=need.id, status=Status.RESOLVED, stage=Stage.RESOLVED, tier=result.tier,
                unit=result.unit, channel=result.channel, due=result.due,
                escalations=len(final.hops), escalated_because=whys, resolved_on=done,
            )
        else:
            outcomes[need.id] = Outcome(
                need_id=need.id, status=Status.OPEN, stage=Stage.ROUTED, tier=result.tier,
                unit=result.unit, channel=result.channel, due=result.due,
                overdue=result.due < day, escalations=len(final.hops), escalated_because=whys,
            )
    by_need = {n.id: n for n in cons.needs}
    claiming = _claim(claim_mode, outcomes, by_need, since, screenings, org)
    distinct = list(outcomes.values())
    judged: dict[str, Any] = {}
    if scoring_rule is not None:
        judged = _judge(
            district, distinct, by_need, routed_at, day, reviews=reviews, residence=residence,
            rule=scoring_rule, schemes=schemes, custom=custom_indicators or {},
        )
    for old, into in cons.merged:
        outcomes[old] = attrs.evolve(outcomes[into], need_id=old, merged_into=into)
    return Report(
        district=district.name,
        preset=district.preset,
        seed=district.seed,
        as_of=day,
        outcomes={n.id: outcomes[n.id] for n in district.needs},
        needs=len(district.needs),
        service_list=by_verdict[Verdict.ACCEPTED],
        merged=len(cons.merged),
        duplicates=len(cons.duplicates),
        by_verdict=_by_value(by_verdict),
        by_reason=_by_value(by_reason),
        by_status=_by_value(Counter(o.status for o in distinct)),
        by_stage=_by_value(Counter(o.stage for o in distinct)),
        by_tier=_by_value(Counter(o.tier for o in distinct if o.tier is not None)),
        by_channel=_by_value(Counter(o.channel for o in distinct if o.channel is not None)),
        by_category=_count(by_need[o.need_id].category for o in distinct),
        by_kind=_by_value(Counter(by_need[o.need_id].kind for o in distinct)),
        escalations=_by_value(escalations),
        overdue=sum(o.overdue for o in distinct),
        by_closure=_by_value(Counter(c for o in distinct if (c := _closure(o)) is not None)),
        **claiming,
        **judged,
    )


_CLAIM_CHANNELS = frozenset({Channel.PERSONAL_CLAIM, Channel.COLLECTIVE_CLAIM,
                             Channel.LINKED_DEPARTMENT})


def _claim(
    mode: ClaimMode | None,
    outcomes: dict[str, Outcome],
    by_need: Mapping[str, Need],
    since: Mapping[str, dt.date],
    screenings: Mapping[str, Screening],
    org: Organisation,
) -> dict[str, Any]:
    """Claim the needs held in a claim channel; fill in their claimants (in *outcomes*)."""
    if mode is None:
        return {}
    # Every need that reached a claim channel in the period is claimed, resolved or
    # not: a claimant's capacity is what it can take on in one period, and its one
    # set (一定) must hold the needs it resolved as well as those still open.
    held = [by_need[nid] for nid, o in outcomes.items()
            if o.stage in (Stage.ROUTED, Stage.RESOLVED) and o.channel in _CLAIM_CHANNELS]
    schedule: dict[str, tuple[dt.date, dt.date]] = {}
    for n in held:
        due = outcomes[n.id].due
        assert due is not None
        schedule[n.id] = (since[n.id], max(due, since[n.id]))
    book = assign_claims(
        held, org, mode=mode, on=min((s for s, _ in schedule.values()), default=dt.date.min),
        priority={n.id: screenings[n.id].priority for n in held}, schedule=schedule,
    )
    for c in book.claims:
        if c.need_id is not None:
            outcomes[c.need_id] = attrs.evolve(outcomes[c.need_id], claimant=c.claimant)
    pool: dict[str, int] = {}
    for n in held:
        for who in eligible(n, org):
            pool[who.id] = who.capacity
    return {
        "claims_by_kind": book.by_kind(),
        "unclaimed": len(held) - len(book.claims),
        "claimed": len(book.claims),
        "claim_capacity": sum(pool.values()),
    }


def _closure(o: Outcome) -> Closure | None:
    """How a need that the pipeline closed was closed, as the lifecycle names it."""
    if o.status is Status.RESOLVED:
        return Closure.RESOLVED
    if o.status is Status.REJECTED:
        return Closure.DUPLICATE if Reason.DUPLICATE in o.reasons else Closure.REJECTED
    return None


def _by_value(counts: Mapping[Any, int]) -> dict[str, int]:
    return dict(sorted((k.value, v) for k, v in counts.items()))


def _count(values: object) -> dict[str, int]:
    return dict(sorted(Counter(values).items()))  # type: ignore[call-overload]


def _village_head(d: District, village: str) -> str | None:
    for u in d.organisation.units_in(village):
        if u.tier is Tier.VILLAGE:
            return u.id
    return None


# --------------------------------------------------------------------------- scoring and assessment

_ASSESSED_FROM = {
    Tier.DISTRICT: Target.DISTRICT_DEPARTMENT,
    Tier.TOWN: Target.TOWN_COMMITTEE,
    Tier.VILLAGE: Target.VILLAGE_ORGANISATION,
    Tier.PARTY_GROUP: Target.VILLAGE_ORGANISATION,
    Tier.GRID: Target.VILLAGE_ORGANISATION,
}
_VILLAGE_TIERS = frozenset({Tier.VILLAGE, Tier.PARTY_GROUP, Tier.GRID})
_SOURCE_CHANNEL = {Source.RESIDENTS: ReviewChannel.RESIDENTS,
                   Source.ORGANISATIONAL: ReviewChannel.ORGANISATIONAL}
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


def _target_of(claimant: str, org: Organisation) -> Target:
    if org.has_unit(claimant):
        return _ASSESSED_FROM[org.unit(claimant).tier]
    home = org.member(claimant, field="claimant").home_branch
    in_village = org.has_unit(home) and org.unit(home).tier in _VILLAGE_TIERS
    return Target.VILLAGE_CADRE if in_village else Target.TOWN_CADRE


def _area(villages: Iterable[str]) -> str:
    """The smallest division that contains every village."""
    codes = sorted(set(villages))
    area: str | None = codes[0]
    while area is not None and not all(divisions.contains(area, c) for c in codes):
        area = divisions.parent(area)
    assert area is not None  # every code is inside its province
    return area


def _commitments(
    distinct: Sequence[Outcome],
    by_need: Mapping[str, Need],
    routed_at: Mapping[str, dt.date],
    day: dt.date,
) -> dict[str, Commitment]:
    """The one set of every claimant: held or claimed needs that fell due or were resolved."""
    items: dict[str, list[CommitmentItem]] = defaultdict(list)
    villages: dict[str, set[str]] = defaultdict(set)
    first: dict[str, dt.date] = {}
    for o in distinct:
        if o.unit is None or o.due is None or not (o.status is Status.RESOLVED or o.overdue):
            continue
        who = o.claimant or o.unit
        items[who].append(CommitmentItem(ref=o.need_id, due=o.due))
        villages[who].add(by_need[o.need_id].village)
        fixed = min(routed_at.get(o.need_id, day), day)
        first[who] = min(first.get(who, fixed), fixed)
    if not items:
        return {}
    period = Period(min(first.values()), day)
    return {
        who: Commitment(
            id=f"C-{who}", claimant=who, period=period, fixed_on=first[who],
            items=sorted(items[who], key=lambda i: i.ref), area=_area(villages[who]),
        )
        for who in sorted(items)
    }


def _uniform(*parts: object) -> float:
    key = ":".join(map(str, parts)).encode()
    return (int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big") + 0.5) / 2**64


def _normal(*parts: object) -> float:
    return _NORMAL.inv_cdf(_uniform(*parts))


def _clip(v: float) -> float:
    return 100.0 if v > 100 else 0.0 if v < 0 else v


def _reviewers(claimant: str, villages: Iterable[str], org: Organisation) -> list[str]:
    """The units that review *claimant* for the organisation: its superiors, and the
    village Party organisations and town units of the villages it serves; never itself."""
    home = claimant if org.has_unit(claimant) else org.member(claimant).home_branch
    out: dict[str, None] = {}
    if org.has_unit(home):
        for u in org.chain(home):
            out[u.id] = None
    for v in sorted(set(villages)):
        for u in org.units_in(v):
            if u.tier is Tier.VILLAGE:
                out[u.id] = None
                break
        town = divisions.parent(v)
        for u in org.units_in(town) if town is not None else ():
            if u.tier is Tier.TOWN:
                out[u.id] = None
    out.pop(claimant, None)
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
    for c in commitments:
        who = c.claimant
        quality = 8.0 * _normal(seed, who, "quality")
        done = [i.ref in resolved for i in c.items]
        completion = sum(done) / len(done)
        # Residents: households of the committed needs, drawn at random by village (阳光测评).
        homes: dict[str, str] = {}
        fates: dict[str, list[bool]] = defaultdict(list)
        for item, ok in zip(c.items, done, strict=True):
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
        # The organisation: superiors and the villages and towns served, drawn at random.
        panel = sorted(_reviewers(who, (by_need[i.ref].village for i in c.items), org),
                       key=lambda r: _uniform(seed, who, r, "panel"))[:organisational]
        for r in sorted(panel):
            mark = 45.0 + 40.0 * completion + quality + 6.0 * _normal(seed, who, r, "organisation")
            out.append(Review(reviewer=r, reviewee=who, channel=ReviewChannel.ORGANISATIONAL, on=on,
                              score=round(_clip(mark), 1)))
    return out


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
    committed needs, drawn with :func:`servicegov.scoring.draw_evaluators`
    (阳光测评), rate 满意 / 基本满意 / 不满意 by cutting at 85 and 60 a feeling of
    86 points for a need resolved in time and 45 for one overdue, plus the
    quality and ``N(0, 12)`` noise.  Organisational review: up to
    *organisational* units among the claimant's superiors and the village
    Party organisations and town units of the villages it serves give a
    100-point score of ``55 + 40 × completion`` plus the quality and ``N(0, 6)``
    noise.  Nobody reviews themselves, and residents review only claimants
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


def _judge(
    district: District,
    distinct: Sequence[Outcome],
    by_need: Mapping[str, Need],
    routed_at: Mapping[str, dt.date],
    day: dt.date,
    *,
    reviews: Iterable[Review] | None,
    residence: Mapping[str, str] | None,
    rule: ScoringRule | Sequence[ScoringRule],
    schemes: Mapping[Target, tuple[AssessmentScheme, ...]],
    custom: Mapping[str, Mapping[str, float]],
) -> dict[str, Any]:
    """Commit, score and assess: the Report fields of the scoring stage."""
    versions = (rule,) if isinstance(rule, ScoringRule) else tuple(rule)
    for i, v in enumerate(versions):
        if not isinstance(v, ScoringRule):
            raise InvalidValue.for_field(f"scoring_rule[{i}]", v, "a ScoringRule")
    check_versions(versions, "scoring_rule")
    in_force = in_effect(versions, day, "scoring rule")
    org = district.organisation
    commitments = _commitments(distinct, by_need, routed_at, day)
    resolved = frozenset(o.need_id for o in distinct if o.status is Status.RESOLVED)
    home = _residence(district, residence)
    if reviews is not None:
        ballots = list(reviews)
        for i, b in enumerate(ballots):
            if not isinstance(b, Review):
                raise InvalidValue.for_field(f"reviews[{i}]", b, "a servicegov.scoring.Review")
    elif district.preset is not None and district.seed is not None:
        ballots = _simulated_reviews(org, commitments.values(), by_need, resolved, home,
                                     seed=district.seed, on=day, residents_per_village=5,
                                     organisational=5)
    else:
        ballots = []
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
    invalid = 0
    for who, c in commitments.items():
        mine = about.get(who, [])
        extra = [b for key in sorted({(b.reviewer, b.channel) for b in mine} & liners, key=str)
                 for b in liner_ballots[key] if b.reviewee != who]
        theirs = {b.reviewer: commitments[b.reviewer] for b in mine
                  if b.reviewer in commitments and b.reviewer != who}
        sc = scoring.score(
            c, [*mine, *extra], versions, as_of=day,
            fulfilment={i.ref: 1.0 for i in c.items if i.ref in resolved},
            residence=home, commitments=theirs.values(),
        )
        scores[who] = sc
        for b in mine:
            ballots_by_channel[b.channel.value] += 1
        invalid += len(sc.invalid)
    out: dict[str, Any] = {
        "commitments": commitments,
        "scores": scores,
        "ballots": dict(sorted(ballots_by_channel.items())),
        "invalid_ballots": invalid,
        "channel_agreement": _agreement(scores.values()),
    }
    out.update(_assess(org, scores, schemes, custom, day))
    return out


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
    """Assess the scored claimants by target with the scheme in effect."""
    by_target: dict[Target, list[Score]] = defaultdict(list)
    for who, sc in scores.items():
        by_target[_target_of(who, org)].append(sc)
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
        needed = {_SOURCE_CHANNEL[i.source] for i in scheme.indicators if i.source in _SOURCE_CHANNEL}
        ready = [sc for sc in by_target[target]
                 if all(sc.channel(ch).value is not None for ch in needed)]
        unassessed[target.value] = len(by_target[target]) - len(ready)
        if not ready:
            continue
        extra: dict[str, dict[str, float]] = {}
        for sc in ready:
            given = custom.get(sc.reviewee, {})
            fallback = sc.channel(ReviewChannel.ORGANISATIONAL).value
            extra[sc.reviewee] = {
                i.code: given[i.code] if i.code in given
                else fallback if fallback is not None
                else round(100 * sc.completion, 9)
                for i in scheme.indicators if i.source is Source.CUSTOM
            }
        a = assess(versions, indicator_values(scheme, ready, custom=extra), as_of=day)
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
