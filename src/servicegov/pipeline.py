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
import hashlib
import math
from collections import Counter
from collections.abc import Mapping
from typing import Any, Protocol

import attrs

from servicegov._convert import to_tuple
from servicegov._enum import LabelledEnum
from servicegov.claims import ClaimMode, assign_claims, eligible
from servicegov.district import District
from servicegov.errors import InvalidValue
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
        key = f"{self.seed}:{need_id}:{tier.rank}:{attempt}:{salt}".encode()
        return (int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big") + 0.5) / 2**64

    def workdays(self, need: Need, tier: Tier, attempt: int) -> int | None:
        """Working days *tier* needs for *need* on its *attempt*-th try, or ``None``."""
        if self._uniform(need.id, tier, attempt, "fail") < self.failure_share:
            return None
        mean = dict(self.mean_workdays).get(tier, 10.0)
        return int(-mean * math.log(self._uniform(need.id, tier, attempt, "time")))


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
        claims_by_kind: claims made by the claiming stage, by kind.
        unclaimed: needs held in a claim channel that no claimant with room took.
        claimed, claim_capacity: claims made, and the capacity of every claimant
            that could take one of those needs; ``claimed / claim_capacity`` is
            the capacity use (:attr:`capacity_use`).
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
    claims_by_kind: dict[str, int] = attrs.field(factory=dict)
    unclaimed: int = 0
    claimed: int = 0
    claim_capacity: int = 0

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
        claim_mode: how needs held in a claim channel on the report date
            (personal claim, collective claim, linked department) are claimed
            (:func:`servicegov.claims.assign_claims`): by cadres of the linked
            departments or by the departments; ``None`` skips claiming.

    Returns:
        A :class:`Report` with one outcome per need id.
    """
    if claim_mode is not None and type(claim_mode) is not ClaimMode:
        allowed = ", ".join(repr(m.value) for m in ClaimMode)
        raise InvalidValue.for_field("claim_mode", claim_mode, f"a ClaimMode: one of {allowed}, or None")
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
    by_verdict: Counter[str] = Counter()
    by_reason: Counter[str] = Counter()
    escalations: Counter[str] = Counter()
    since: dict[str, dt.date] = {}
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
        by_verdict[s.verdict.value] += 1
        for r in s.reasons:
            by_reason[r.value] += 1
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
            escalations[h.why.value] += 1
        result = final.result
        whys = tuple(h.why for h in final.hops)
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
            since[need.id] = result.since
            outcomes[need.id] = Outcome(
                need_id=need.id, status=Status.OPEN, stage=Stage.ROUTED, tier=result.tier,
                unit=result.unit, channel=result.channel, due=result.due,
                overdue=result.due < day, escalations=len(final.hops), escalated_because=whys,
            )
    by_need = {n.id: n for n in cons.needs}
    claiming = _claim(claim_mode, outcomes, by_need, since, screenings, org)
    distinct = list(outcomes.values())
    for old, into in cons.merged:
        outcomes[old] = attrs.evolve(outcomes[into], need_id=old, merged_into=into)
    return Report(
        district=district.name,
        preset=district.preset,
        seed=district.seed,
        as_of=day,
        outcomes={n.id: outcomes[n.id] for n in district.needs},
        needs=len(district.needs),
        service_list=by_verdict[Verdict.ACCEPTED.value],
        merged=len(cons.merged),
        duplicates=len(cons.duplicates),
        by_verdict=dict(sorted(by_verdict.items())),
        by_reason=dict(sorted(by_reason.items())),
        by_status=_count(o.status.value for o in distinct),
        by_stage=_count(o.stage.value for o in distinct),
        by_tier=_count(o.tier.value for o in distinct if o.tier is not None),
        by_channel=_count(o.channel.value for o in distinct if o.channel is not None),
        by_category=_count(by_need[o.need_id].category for o in distinct),
        by_kind=_count(by_need[o.need_id].kind.value for o in distinct),
        escalations=dict(sorted(escalations.items())),
        overdue=sum(o.overdue for o in distinct),
        **claiming,
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
    # Only what is still held on the report date: a resolved need no longer
    # takes up a claimant's capacity.
    held = [by_need[nid] for nid, o in outcomes.items()
            if o.stage is Stage.ROUTED and o.channel in _CLAIM_CHANNELS]
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


def _count(values: object) -> dict[str, int]:
    return dict(sorted(Counter(values).items()))  # type: ignore[call-overload]


def _village_head(d: District, village: str) -> str | None:
    for u in d.organisation.units_in(village):
        if u.tier is Tier.VILLAGE:
            return u.id
    return None
