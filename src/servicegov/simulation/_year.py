"""A simulated district year: simulated facts through the pipeline's own stages."""

from __future__ import annotations

import datetime as dt
import heapq
from collections import deque
from collections.abc import Mapping, Sequence

from servicegov import pipeline
from servicegov._arguments import checked
from servicegov._dated import in_effect
from servicegov.assessment import AssessmentScheme, Source, Target, unit_of_analysis
from servicegov.calendar import Period
from servicegov.claiming import _kind_for, eligible
from servicegov.claims import Claim, ClaimantKind, ClaimKind
from servicegov.district import District
from servicegov.errors import InvalidValue
from servicegov.needs import Need
from servicegov.org import ContactStatus, Member, Organisation, Role, Tier, Unit
from servicegov.pipeline import (
    FollowUp,
    Report,
    ServiceModel,
    SimulatedService,
    Stage,
    claiming,
    follow_up,
    intake,
)
from servicegov.scoring import DEFAULT_RULE, Commitment, ScoringRule

__all__ = ["simulate_claims", "simulate_year"]

_CLAIM_CHANNELS = frozenset(pipeline._CLAIM_CHANNELS)


@checked
def simulate_claims(follow: FollowUp) -> tuple[Claim, ...]:
    """Claims as capacity frees: a time-stepped claiming of the needs cadres and units take on.

    Two kinds of need are claimed: those that reached a claim channel (personal
    claim, collective claim, linked department), by the claimants
    :func:`servicegov.claiming.eligible` names; and those held by a village or a
    town, by the cadres at home there (村干部, 街镇党员干部, a town cadre
    stationed in a village, 驻村, for that village too), as personal claims.
    Needs arrive on the day they reached their holder, most pressing first on a
    day.  Each is claimed by the candidate with room and the fewest live claims;
    a claim ends, and frees its claimant's capacity, when the need is resolved
    or when it lapses unresolved on the day after its due date (the lapse is the
    claimant's breach).  A need that finds nobody with room waits, first come
    first served, for the first claimant to free up; one still waiting when
    its due date passes stays with its unit.  Nothing is claimed after the
    report date or after the need was resolved.

    Examples:
        >>> from servicegov import simulation
        >>> from servicegov.pipeline import SimulatedService, follow_up, intake
        >>> d = simulation.generate("small", seed=1)
        >>> f = follow_up(intake(d), service=SimulatedService(seed=1))
        >>> claims = simulate_claims(f)
        >>> len(claims) > 0, all(c.claimed_on <= d.as_of for c in claims)
        (True, True)
    """
    if not isinstance(follow, FollowUp):
        raise InvalidValue.for_field("follow", follow, "the FollowUp from servicegov.pipeline.follow_up()")
    taken = follow.intake
    org = taken.district.organisation
    day = taken.as_of
    trail = follow.trail
    by_need = {n.id: n for n in taken.consolidation.needs}
    _check_consistent(follow, by_need)
    arrivals: list[tuple[dt.date, float, str]] = []
    local: dict[str, list[Member | Unit]] = {}
    cadres = _local_cadres(org)
    for nid, o in follow.outcomes.items():
        if o.stage not in (Stage.ROUTED, Stage.RESOLVED) or o.unit is None:
            continue
        at = trail.legs[nid][-1].at
        if o.channel in _CLAIM_CHANNELS:
            arrivals.append((at.since, -taken.screenings[nid].priority, nid))
        elif o.tier in (Tier.VILLAGE, Tier.TOWN):
            # Cadres claim the needs their own village or town holds (党员干部认领).
            found = cadres.get(_family(o.unit, org))
            if found:
                local[nid] = list(found)
                arrivals.append((at.since, -taken.screenings[nid].priority, nid))
    arrivals.sort()
    load: dict[str, int] = {}
    releases: list[tuple[dt.date, str]] = []
    out: list[Claim] = []
    who_for: dict[str, list[Member | Unit]] = {}

    def candidates(nid: str) -> list[Member | Unit]:
        found = who_for.get(nid)
        if found is None:
            found = who_for[nid] = local.get(nid) or eligible(by_need[nid], org)
        return found

    def take(nid: str, on: dt.date, only: str | None = None) -> bool:
        at = trail.legs[nid][-1].at
        done = trail.resolved.get(nid)
        if on > day or on > at.due or (done is not None and on > done):
            return False
        best: Member | Unit | None = None
        for w in candidates(nid):
            if only is not None and w.id != only:
                continue
            held = load.get(w.id, 0)
            if held < w.capacity and (best is None or (held, w.id) < (load.get(best.id, 0), best.id)):
                best = w
        if best is None:
            return False
        need: Need = by_need[nid]
        kind, side = (ClaimKind.PERSONAL, ClaimantKind.MEMBER) if nid in local else _kind_for(need)
        out.append(Claim(
            id=f"S-{nid}", claimant=best.id, claimant_kind=side, need_id=nid, kind=kind,
            claimed_on=on, due_on=at.due,
            through_branch=best.home_branch if side is ClaimantKind.MEMBER else None,  # type: ignore[union-attr]
        ))
        load[best.id] = load.get(best.id, 0) + 1
        ends = done if done is not None else at.due + dt.timedelta(days=1)
        heapq.heappush(releases, (ends, best.id))
        return True

    # Waiting needs are queued by each candidate, so a release looks only at the
    # needs its claimant could take: linear in claims, not releases × waiting.
    waiting_for: dict[str, deque[str]] = {}
    settled: set[str] = set()
    i = 0
    while i < len(arrivals) or releases:
        arrival = arrivals[i][0] if i < len(arrivals) else None
        if releases and (arrival is None or releases[0][0] <= arrival):
            on, who = heapq.heappop(releases)
            load[who] -= 1
            queue = waiting_for.get(who)
            while queue:
                nid = queue[0]
                at = trail.legs[nid][-1].at
                done = trail.resolved.get(nid)
                if nid in settled or on > at.due or on > day or (done is not None and on > done):
                    queue.popleft()  # claimed meanwhile, or it no longer waits for a claimant
                    continue
                if not take(nid, on, only=who):
                    break  # its claimant is full again
                queue.popleft()
                settled.add(nid)
            continue
        assert arrival is not None
        nid = arrivals[i][2]
        i += 1
        if take(nid, arrival):
            settled.add(nid)
        else:
            for w in candidates(nid):
                waiting_for.setdefault(w.id, deque()).append(nid)
    return tuple(out)


def _check_consistent(follow: FollowUp, by_need: Mapping[str, Need]) -> None:
    # A FollowUp is a named tuple a caller can assemble by hand; the claiming
    # below reads its parts by need id, so one that does not hang together is
    # refused here with its need named, not met as a KeyError mid-way.
    trail, screenings = follow.trail, follow.intake.screenings
    org = follow.intake.district.organisation
    for nid, o in follow.outcomes.items():
        if o.stage not in (Stage.ROUTED, Stage.RESOLVED) or o.unit is None:
            continue
        if (nid not in by_need or nid not in screenings or not trail.legs.get(nid)
                or not org.has_unit(o.unit)):
            raise InvalidValue.for_field(
                f"follow.outcomes[{nid}]", o.stage.value,
                "an outcome of a need the intake screened and the trail routed to a unit of its organisation "
                "(pass the FollowUp that servicegov.pipeline.follow_up() returns)",
            )


@checked
@pipeline._gc_paused
def simulate_year(
    district: District,
    *,
    seed: int,
    service: ServiceModel | None = None,
    residents_per_village: int = 5,
    organisational: int = 5,
    scoring_rule: ScoringRule | Sequence[ScoringRule] = DEFAULT_RULE,
    period: Period | None = None,
    assessment: bool | Mapping[Target, AssessmentScheme | Sequence[AssessmentScheme]] = True,
    custom_indicators: Mapping[str, Mapping[str, float]] | None = None,
) -> Report:
    """Play a district's period through with simulated facts, stage by stage.

    Service times come from *service* (:class:`servicegov.pipeline.SimulatedService`
    with *seed* by default), claims from :func:`simulate_claims` (capacity frees
    on resolution), and the ballots of the two reviews from the seeded rater
    model of :func:`servicegov.pipeline.simulated_reviews`.  Each enters through
    the same stage function that takes recorded facts (:func:`servicegov.pipeline.follow_up`,
    :func:`~servicegov.pipeline.claiming`, :func:`~servicegov.pipeline.judging`),
    so the report has the same shape, histories and breaches as one of real data.
    The assessment schemes' custom indicators — the district Party committee's
    own findings, which no needs data shows — are simulated too: ``72 +
    quality + N(0, 8)`` points with the reviewers' hidden quality; given
    *custom_indicators* take their place.

    Args:
        district: the district, e.g. ``generate("xinzhou")``.
        seed: the seed of every simulated draw.
        service: how long tiers take; ``SimulatedService(seed=seed)`` by default.
        residents_per_village, organisational: the sizes of the review panels.
        scoring_rule, period: as :func:`servicegov.pipeline.judging`.
        assessment, custom_indicators: as :func:`servicegov.pipeline.assessing`.

    Examples:
        >>> from servicegov import simulation
        >>> d = simulation.generate("small", seed=4)
        >>> r = simulate_year(d, seed=4)
        >>> len(r.outcomes) == len(d.needs), sum(r.ballots.values()) > 0
        (True, True)
        >>> r == simulate_year(d, seed=4)
        True
    """
    if not isinstance(district, District):
        raise InvalidValue.for_field("district", district, "a servicegov.district.District")
    if type(seed) is not int:
        raise InvalidValue.for_field("seed", seed, "an integer")
    for name, value in (("residents_per_village", residents_per_village),
                        ("organisational", organisational)):
        if type(value) is not int or value < 1:
            raise InvalidValue.for_field(name, value, "an integer of at least 1")
    schemes = pipeline._schemes(assessment)  # checked before the year is played
    taken = intake(district)
    follow = follow_up(taken, service=service if service is not None else SimulatedService(seed=seed))
    claimed = claiming(follow, claims=simulate_claims(follow))
    within = pipeline._period(period, taken.as_of)
    fixed = pipeline._commitments(claimed, within)
    resolved = frozenset(nid for nid, o in claimed.outcomes.items()
                         if o.status is pipeline.Status.RESOLVED)
    by_need = {n.id: n for n in taken.consolidation.needs}
    ballots = pipeline._simulated_reviews(
        district.organisation, fixed[0].values(), by_need, resolved,
        pipeline._residence(district, None), seed=seed, on=taken.as_of,
        residents_per_village=residents_per_village, organisational=organisational,
    )
    judged = pipeline._judge(claimed, fixed, within, reviews=ballots, residence=None,
                             scoring_rule=scoring_rule)
    given = _simulated_indicators(district, fixed[0], schemes, seed=seed, on=taken.as_of)
    for who, values in (custom_indicators or {}).items():
        given[who] = {**given.get(who, {}), **values}
    assessed = (pipeline.assessing(judged, assessment=assessment, custom_indicators=given)
                if assessment is not False else {})
    return pipeline._report(claimed, judged, assessed)


def _simulated_indicators(
    district: District,
    sets: Mapping[str, Commitment],
    schemes: Mapping[Target, Sequence[AssessmentScheme]],
    *,
    seed: int,
    on: dt.date,
) -> dict[str, dict[str, float]]:
    """The district Party committee's own judgement of what the needs data cannot show.

    The schemes' custom indicators (policy projects landing in villages, work
    groups, key Party-building projects, cadres in villages, the three-needs
    survey) are the assessor's findings, not the needs data's.  In a simulated
    year each is ``72 + quality + N(0, 8)`` points, clipped to 0–100, where
    *quality* is the same hidden quality the simulated reviewers see.
    """
    org = district.organisation
    out: dict[str, dict[str, float]] = {}
    for who in sets:
        found = unit_of_analysis(who, org)
        if found is None or found[0] not in schemes:
            continue
        scheme = in_effect(tuple(schemes[found[0]]), on, "assessment scheme")
        codes = [i.code for i in scheme.indicators if i.source is Source.CUSTOM]
        if not codes:
            continue
        quality = 8.0 * pipeline._normal(seed, who, "quality")
        out[who] = {
            code: round(pipeline._clip(72.0 + quality + 8.0 * pipeline._normal(seed, who, code, "custom")), 1)
            for code in codes
        }
    return out


def _family(unit: str, org: Organisation) -> str:
    """The Party body at the head of *unit*'s village or town (its village Party
    organisation or town Party committee)."""
    found = unit_of_analysis(unit, org)
    return unit if found is None else found[1]


def _local_cadres(org: Organisation) -> dict[str, tuple[Member, ...]]:
    """In-contact cadres by the village or town Party body they are at home in; a
    town cadre stationed in a village (驻村) also answers for that village's needs."""
    out: dict[str, list[Member]] = {}
    for m in org.members:
        if m.role is not Role.CADRE or m.contact is not ContactStatus.IN_CONTACT:
            continue
        if not org.has_unit(m.home_branch) or org.unit(m.home_branch).tier is Tier.DISTRICT:
            continue
        out.setdefault(_family(m.home_branch, org), []).append(m)
        if org.unit(m.home_branch).tier is Tier.TOWN:
            for reg in m.registrations:
                if org.has_unit(reg.branch):
                    out.setdefault(_family(reg.branch, org), []).append(m)
    return {k: tuple(v) for k, v in out.items()}
