"""The district flow's audit trail, kept as compact per-need columns.

A report of a whole district holds hundreds of thousands of needs; building
every lifecycle event up front would cost more than the run itself.  The
pipeline records, per need, only what its path was made of (the legs of its
route, the claim, the resolution date), and :class:`Trail` turns that into
lifecycle events, holding spans and breaches on demand.

The events a need gets, by its outcome:

* rejected at screening: ``Collected``, then ``Screened`` (rejected) — or, for
  an exact duplicate, ``Closed`` (duplicate);
* referred for deliberation: ``Collected``, ``Screened`` (deliberation);
* accepted: ``Collected``, ``Screened``, ``Listed`` and ``Publicised`` on the
  day of collection, the objection window lasting until the day before the
  need is routed; then, for each leg of its route, the hops that led there
  (a hop at routing time is a unit that received the need and referred it up
  the same day: ``Routed`` with that day as its due date, then ``Escalated``)
  and ``Routed`` to the unit that took it on with its due date; then
  ``Claimed``, and ``Started``, ``Resolved`` and ``Closed`` (resolved) on the
  day it was resolved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import NamedTuple

from servicegov.lifecycle import (
    Claimed,
    Closed,
    Closure,
    Collected,
    Escalated,
    Event,
    Listed,
    Publicised,
    Resolved,
    Screened,
    Started,
)
from servicegov.lifecycle import Routed as RoutedEvent
from servicegov.routing import Hop
from servicegov.routing import RoutedTo as RoutedResult
from servicegov.screening import Reason, Verdict


class Leg(NamedTuple):
    """One holder of a routed need: the hops that brought it there and the routing."""

    hops: tuple[Hop, ...]
    at: RoutedResult


class ClaimFact(NamedTuple):
    """Who claimed a need, how, when, and by when they promised it."""

    claimant: str
    kind: str
    on: dt.date
    due: dt.date


class Holding(NamedTuple):
    """One holder's own responsibility for one need (a span with a deadline)."""

    holder: str
    need_id: str
    received: dt.date
    due: dt.date
    left: dt.date | None
    resolved: bool

    def breached(self, as_of: dt.date) -> bool:
        """Whether the deadline passed while this holder held the need."""
        end = self.left if self.left is not None else as_of
        return end > self.due




class Trail:
    """Per-need columns of a district run, and what follows from them."""

    __slots__ = (
        "_breaches",
        "category",
        "claims",
        "collected",
        "legs",
        "loose",
        "merged",
        "passed",
        "resolved",
        "routed_on",
        "screening",
    )

    def __init__(self) -> None:
        self.collected: dict[str, dt.date] = {}
        self.category: dict[str, str] = {}
        # verdict and reasons of every screened need
        self.screening: dict[str, tuple[Verdict, tuple[Reason, ...]]] = {}
        self.routed_on: dict[str, dt.date] = {}
        self.legs: dict[str, tuple[Leg, ...]] = {}
        # hops of a need that no unit took in the end, after the legs of those that held it
        self.loose: dict[str, tuple[Hop, ...]] = {}
        # legs of the units that held such a need before it was passed up to nobody
        self.passed: dict[str, tuple[Leg, ...]] = {}
        self.claims: dict[str, ClaimFact] = {}
        self.resolved: dict[str, dt.date] = {}
        self.merged: dict[str, str] = {}
        self._breaches: dict[str, tuple[str, ...]] | None = None

    def knows(self, need_id: str) -> bool:
        return need_id in self.collected

    def with_claims(self, claims: Mapping[str, ClaimFact]) -> Trail:
        """A trail sharing this one's columns, with *claims* as its claims."""
        t = Trail()
        for name in ("collected", "category", "screening", "routed_on", "legs", "loose",
                     "passed", "resolved", "merged"):
            setattr(t, name, getattr(self, name))
        t.claims = dict(claims)
        return t

    def _held(self, need_id: str) -> tuple[Leg, ...]:
        """The legs of the units that held *need_id*, whether one holds it still or it went to nobody."""
        return self.legs.get(need_id) or self.passed.get(need_id, ())

    # -- events ---------------------------------------------------------------

    def events(self, need_id: str) -> tuple[Event, ...]:
        """The lifecycle events of *need_id*, oldest first (a merged request: its common need's)."""
        nid = self.merged.get(need_id, need_id)
        on = self.collected[nid]
        out: list[Event] = [Collected(need_id=nid, on=on)]
        verdict, reasons = self.screening[nid]
        if verdict is Verdict.REJECTED and Reason.DUPLICATE in reasons:
            out.append(Closed(need_id=nid, on=on, closure=Closure.DUPLICATE))
            return tuple(out)
        out.append(Screened(need_id=nid, on=on, verdict=verdict, reasons=reasons))
        if verdict is not Verdict.ACCEPTED:
            return tuple(out)
        routed_on = self.routed_on[nid]
        out.append(Listed(need_id=nid, on=on, category=self.category[nid]))
        out.append(Publicised(need_id=nid, on=on, objection_days=max(1, (routed_on - on).days)))
        holder: str | None = None
        legs = self._held(nid)
        for leg in legs:
            holder = leg_events(nid, leg.hops, holder, leg.at, out)
        if nid in self.loose or not legs:
            # No unit took it in the end: the hops after the last holder, and nothing more.
            leg_events(nid, self.loose.get(nid, ()), holder, None, out)
            return tuple(out)
        claim = self.claims.get(nid)
        if claim is not None:
            out.append(Claimed(need_id=nid, on=claim.on, claimant=claim.claimant,
                               claim_kind=claim.kind, due=claim.due))
        done = self.resolved.get(nid)
        if done is not None:
            out.append(Started(need_id=nid, on=done))
            out.append(Resolved(need_id=nid, on=done))
            out.append(Closed(need_id=nid, on=done, closure=Closure.RESOLVED))
        return tuple(out)

    # -- responsibility ------------------------------------------------------

    def holdings(self, need_id: str, as_of: dt.date) -> Iterator[Holding]:
        """The spans of *need_id* with a deadline of their own, oldest first.

        A unit that received the need and referred it up the same day, and a
        head that passed it on to one of its departments, held it without a
        deadline of their own and are left out.
        """
        loose = self.loose.get(need_id)
        legs = self._held(need_id)
        last = len(legs) - 1
        done = self.resolved.get(need_id)
        for i, leg in enumerate(legs):
            at = leg.at
            if i == last and loose:
                # Passed up, and no unit took it: the last holder held it until that day.
                yield Holding(at.unit, need_id, at.since, at.due, loose[0].on, False)
                continue
            if i < last:
                # It left this holder when it was escalated at the start of the next leg.
                left = legs[i + 1].hops[0].on if legs[i + 1].hops else legs[i + 1].at.since
                yield Holding(at.unit, need_id, at.since, at.due, left, False)
                continue
            claim = self.claims.get(need_id)
            if claim is None:
                yield Holding(at.unit, need_id, at.since, at.due, done, done is not None)
            elif claim.claimant == at.unit:
                # The unit claimed it itself (集体认领): one span, due when it promised.
                yield Holding(at.unit, need_id, at.since, claim.due, done, done is not None)
            else:
                yield Holding(at.unit, need_id, at.since, at.due, claim.on, False)
                yield Holding(claim.claimant, need_id, claim.on, claim.due, done, done is not None)

    def breaches(self, as_of: dt.date) -> dict[str, tuple[str, ...]]:
        """``{holder: need ids}``: each need whose deadline passed while that holder held it."""
        if self._breaches is None:
            found: dict[str, set[str]] = {}
            for nid in (*self.legs, *self.passed):
                for h in self.holdings(nid, as_of):
                    if h.breached(as_of):
                        found.setdefault(h.holder, set()).add(nid)
            # A request merged into a common need shares its history, and so its breaches.
            merged_into: dict[str, list[str]] = {}
            for old, into in self.merged.items():
                merged_into.setdefault(into, []).append(old)
            for needs in found.values():
                for nid in list(needs):
                    needs.update(merged_into.get(nid, ()))
            self._breaches = {k: tuple(sorted(v)) for k, v in sorted(found.items())}
        return self._breaches


def leg_events(
    nid: str, hops: tuple[Hop, ...], holder: str | None, at: RoutedResult | None, out: list[Event]
) -> str | None:
    """Append the events of one leg (its hops, then the routing to *at*); return the holder."""
    for h in hops:
        if holder != h.from_unit:
            # Received and referred up the same day: a deadline that cannot be missed.
            out.append(RoutedEvent(need_id=nid, on=h.on, unit=h.from_unit, tier=h.from_tier, due=h.on))
        # A backstop below the tier it relieves still takes the need upwards.
        up = h.to_tier if h.to_tier.rank >= h.from_tier.rank else h.from_tier
        out.append(Escalated(need_id=nid, on=h.on, from_unit=h.from_unit, to_unit=h.to_unit,
                             to_tier=up, why=h.why))
        holder = h.to_unit
    if at is not None:
        out.append(RoutedEvent(need_id=nid, on=at.since, unit=at.unit, tier=at.tier, due=at.due))
        holder = at.unit
    return holder
