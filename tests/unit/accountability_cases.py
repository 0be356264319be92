"""The district, routing policies and checks shared by the tests of accountability in the flow."""

from __future__ import annotations

import datetime as dt

from servicegov import lifecycle, pipeline, simulation
from servicegov.calendar import WorkCalendar
from servicegov.district import District
from servicegov.needs import Need, NeedKind, Scope
from servicegov.org import Organisation, ProviderKind, Tier, Unit
from servicegov.pipeline import Stage, Status
from servicegov.routing import Competence, RoutingPolicy

SMALL = simulation.generate("small", seed=5)


VILLAGE = "420117101201"


TOWN = "420117101000"


DISTRICT = "420117000000"


def _org() -> Organisation:
    return Organisation(units=[
        Unit(id="D", name="区", tier=Tier.DISTRICT, division=DISTRICT, kind=ProviderKind.PARTY_ORGANISATION),
        Unit(id="D-dept", name="区直部门", tier=Tier.DISTRICT, division=DISTRICT, parent="D",
             kind=ProviderKind.GOVERNMENT_DEPARTMENT),
        Unit(id="T", name="街", tier=Tier.TOWN, division=TOWN, parent="D",
             kind=ProviderKind.PARTY_ORGANISATION),
        Unit(id="T-office", name="民政办", tier=Tier.TOWN, division=TOWN, parent="T",
             kind=ProviderKind.GOVERNMENT_DEPARTMENT),
        Unit(id="V", name="村党组织", tier=Tier.VILLAGE, division=VILLAGE, parent="T",
             kind=ProviderKind.PARTY_ORGANISATION),
    ], backstop="D")


def _district(*needs: Need, as_of: dt.date = dt.date(2025, 6, 30)) -> District:
    return District(name="test", division=DISTRICT, organisation=_org(), calendar=WorkCalendar(),
                    needs=needs, as_of=as_of)


def _need(nid: str = "N1", on: dt.date = dt.date(2025, 3, 3)) -> Need:
    return Need(id=nid, village=VILLAGE, kind=NeedKind.LIVELIHOOD, category="elderly-care",
                scope=Scope.INDIVIDUAL, households=("h1",), urgency=3, necessity=3, aspiration=3,
                collected=on)


# Every tier can do the work: a need stays where it is routed unless its deadline passes.
POLICY = RoutingPolicy(competence=tuple(
    Competence(tier=t, kind=k, categories=frozenset())
    for t in (Tier.VILLAGE, Tier.TOWN, Tier.DISTRICT)
    for k in (ProviderKind.PARTY_ORGANISATION, ProviderKind.GOVERNMENT_DEPARTMENT)
))


# Only the village can do the work, and nothing goes to the backstop.
VILLAGE_ONLY = RoutingPolicy(
    competence=(Competence(tier=Tier.VILLAGE, kind=ProviderKind.PARTY_ORGANISATION, categories=frozenset()),),
    use_backstop=False,
)


def agrees(r: pipeline.Report, nid: str) -> None:
    o = r.outcomes[nid]
    events = r.history(nid)
    record = lifecycle.replay(events)
    assert events == tuple(sorted(events, key=lambda e: e.on))
    assert record.is_open == (o.status is Status.OPEN)
    if o.status is Status.REJECTED:
        assert record.closure in (lifecycle.Closure.REJECTED, lifecycle.Closure.DUPLICATE)
    elif o.status is Status.RESOLVED:
        assert record.closure is lifecycle.Closure.RESOLVED
        assert record.closed_on == o.resolved_on
    if o.stage in (Stage.ROUTED, Stage.RESOLVED):
        assert record.current_unit == o.unit
        assert record.claimant == o.claimant
    if o.stage is Stage.ROUTED:
        assert record.due == o.due
    if o.stage is Stage.DELIBERATION:
        assert record.state is lifecycle.State.DELIBERATING
    if o.stage is Stage.LISTED:
        assert record.state is lifecycle.State.PUBLICISED
    assert record.escalation_count >= o.escalations


def distinct_breaches(r: pipeline.Report) -> dict[str, tuple[str, ...]]:
    """The report's breaches without the requests merged into common needs (the ledger's view)."""
    return {h: kept for h, ids in r.breaches.items()
            if (kept := tuple(n for n in ids if r.outcomes[n].merged_into is None))}


def drive(d: District, need: Need, done: dt.date | None, until: dt.date) -> tuple[lifecycle.Event, ...]:
    events: list[lifecycle.Event] = [lifecycle.Collected(need_id=need.id, on=need.collected)]
    day = need.collected
    while day <= until:
        if done == day and lifecycle.replay(events).state in (
                lifecycle.State.ROUTED, lifecycle.State.CLAIMED):
            events += [lifecycle.Started(need_id=need.id, on=day),
                       lifecycle.Resolved(need_id=need.id, on=day)]
        events += pipeline.advance(d, events, today=day, policy=POLICY)
        day += dt.timedelta(days=1)
    return tuple(events)
