"""A testing kit for platforms: the library's promises as a state machine a platform's suite runs.

A platform keeps each need's lifecycle events, the claims and the ballots in its
own storage and asks servicegov what follows.  This module says what such a
platform must do and checks that it does:

* :class:`Platform` -- the calls a platform offers the kit: append and load a
  need's events, record and list claims and ballots, and its clock;
* :class:`InMemoryPlatform` -- the reference implementation, in dicts and lists;
* :func:`claim_refusal` and :func:`review_refusal` -- why the library's rules
  refuse a claim (capacity, one claimant per need) or a ballot (separation of
  duties, who may rate whom), or ``None``; a platform may call them itself;
* :class:`PlatformMachine` -- a Hypothesis ``RuleBasedStateMachine`` that files
  needs, lets days pass, claims, resolves and reviews through the platform, and
  after every step checks what the platform *stored*: every need's events replay,
  equal what was appended and what the batch call :func:`servicegov.pipeline.run`
  gives from the same facts; nobody is over capacity; no refused ballot was kept;
  every breach is charged to whoever held the need when its deadline passed;
* :func:`example_district` and :func:`example_policy` -- the small district the
  machine runs in unless told otherwise.

:class:`PlatformMachine` needs the ``hypothesis`` extra
(``pip install 'servicegov[hypothesis]'``); it is built the first time it is
asked for, so the rest of this module, and ``import servicegov.testing``, do
not load Hypothesis.  See ``docs/testing-kit.md`` for the rules, the invariants
and three platforms with planted bugs that the machine catches.

Examples:
    A platform's suite subclasses the machine and says how to make its platform:

    >>> from servicegov.testing import InMemoryPlatform, Platform, PlatformMachine
    >>> class ReferencePlatformMachine(PlatformMachine):
    ...     def make_platform(self) -> Platform:
    ...         return InMemoryPlatform(self.district().organisation)
    >>> TestReferencePlatform = ReferencePlatformMachine.TestCase

    The reference platform refuses what the library's rules refuse:

    >>> import datetime as dt
    >>> from servicegov.scoring import Review, ReviewChannel
    >>> p = InMemoryPlatform(example_district().organisation)
    >>> p.record_review(Review(reviewer="V1", reviewee="V1", channel=ReviewChannel.RESIDENTS,
    ...                        on=dt.date(2025, 3, 3), score=90))
    False
    >>> p.record_review(Review(reviewer="hh-1", reviewee="V1", channel=ReviewChannel.RESIDENTS,
    ...                        on=dt.date(2025, 3, 3), score=90)), len(p.reviews())
    (True, 1)
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from servicegov import ledger
from servicegov._arguments import checked
from servicegov.assessment import RATERS, rater_of, unit_of_analysis
from servicegov.calendar import Period, WorkCalendar
from servicegov.claims import Claim, ClaimRule, ClaimRuleViolation
from servicegov.district import District
from servicegov.errors import RuleViolation, UnknownReference
from servicegov.lifecycle import Event, NeedRecord, apply, replay
from servicegov.org import Member, Organisation, ProviderKind, Role, Tier, Unit
from servicegov.routing import Competence, RoutingPolicy
from servicegov.scoring import Commitment, CommitmentItem, Review, check_reviews

__all__ = [
    "InMemoryPlatform",
    "Platform",
    "PlatformMachine",
    "claim_refusal",
    "example_district",
    "example_policy",
    "review_refusal",
]


def __dir__() -> list[str]:
    return __all__


# -- the protocol --------------------------------------------------------------


@runtime_checkable
class Platform(Protocol):
    """What a platform offers the kit: its event log, its claims, its ballots and its clock.

    * ``append(event)`` stores one lifecycle event at the end of its need's history;
    * ``events(need_id)`` loads a need's stored events, oldest first (empty if none);
    * ``record_claim(claim)`` stores a new claim, or replaces the stored claim with
      the same id (a status change: started, fulfilled, lapsed); it returns
      whether the platform accepted it, and must refuse a new claim the library
      refuses (:func:`claim_refusal`);
    * ``claims()`` lists the stored claims, in their latest state;
    * ``record_review(review)`` stores a ballot and returns whether it accepted
      it; it must refuse a ballot the library refuses (:func:`review_refusal`);
    * ``reviews()`` lists the stored ballots;
    * ``today()`` and ``set_today(day)`` read and set the platform's date.

    A platform may also offer ``record(need_id) -> NeedRecord``; the machine
    then checks it against the replay of the stored events.

    Examples:
        >>> isinstance(InMemoryPlatform(example_district().organisation), Platform)
        True
        >>> isinstance(object(), Platform)
        False
    """

    def append(self, event: Event) -> None:
        """Store *event* at the end of its need's history."""

    def events(self, need_id: str) -> Sequence[Event]:
        """The stored events of *need_id*, oldest first."""
        ...

    def record_claim(self, claim: Claim) -> bool:
        """Store a new claim or a claim's new state; whether it was accepted."""
        ...

    def claims(self) -> Sequence[Claim]:
        """The stored claims."""
        ...

    def record_review(self, review: Review) -> bool:
        """Store a ballot; whether it was accepted."""
        ...

    def reviews(self) -> Sequence[Review]:
        """The stored ballots."""
        ...

    def today(self) -> dt.date:
        """The platform's date."""
        ...

    def set_today(self, day: dt.date) -> None:
        """Set the platform's date."""


# -- the library's rules, one call each ------------------------------------------------


@checked
def claim_refusal(claim: Claim, *, organisation: Organisation, claims: Iterable[Claim]) -> str | None:
    """Why the library refuses a new *claim* beside the stored *claims*, or ``None``.

    A live claim needs a claimant of the organisation, no other live claim of
    the same need (:attr:`~servicegov.claims.ClaimRule.ONE_CLAIMANT`) and room
    in the claimant's capacity (:attr:`~servicegov.claims.ClaimRule.CAPACITY`):
    a claimant never holds more live claims than its capacity.  A claim that is
    not live takes nothing.  Stored claims with the claim's own id are its
    earlier states and are not counted.

    Examples:
        >>> import datetime as dt
        >>> from servicegov.claims import ClaimKind, ClaimantKind
        >>> org = example_district().organisation
        >>> def c(i: int, need: str) -> Claim:
        ...     return Claim(id=f"c{i}", claimant="m1", claimant_kind=ClaimantKind.MEMBER,
        ...                  need_id=need, kind=ClaimKind.VOLUNTARY,
        ...                  claimed_on=dt.date(2025, 3, 3), due_on=dt.date(2025, 3, 20))
        >>> claim_refusal(c(1, "N1"), organisation=org, claims=[]) is None
        True
        >>> print(claim_refusal(c(2, "N2"), organisation=org, claims=[c(1, "N1")]))
        claimant 'm1' breaks rule 'capacity' (a claimant never goes over capacity):
        1 live claims of a capacity of 1
    """
    if not claim.live:
        return None
    who: Member | Unit
    if organisation.has_member(claim.claimant):
        who = organisation.member(claim.claimant)
    elif organisation.has_unit(claim.claimant):
        who = organisation.unit(claim.claimant)
    else:
        return f"claimant {claim.claimant!r} is not a member or unit of the organisation"
    others = [c for c in claims if c.live and c.id != claim.id]
    taken = next((c for c in others if c.need_id is not None and c.need_id == claim.need_id), None)
    if taken is not None:
        detail = f"need {claim.need_id!r} is claimed by {taken.claimant!r}"
        return str(ClaimRuleViolation(claim.claimant, ClaimRule.ONE_CLAIMANT, detail))
    load = sum(c.claimant == claim.claimant for c in others)
    if load >= who.capacity:
        detail = f"{load} live claims of a capacity of {who.capacity}"
        return str(ClaimRuleViolation(claim.claimant, ClaimRule.CAPACITY, detail))
    return None


def _commitments(
    histories: Iterable[Sequence[Event]], organisation: Organisation, as_of: dt.date
) -> list[Commitment]:
    """Every assessed holder's one set from stored histories, as the district flow fixes it.

    Each span with a deadline of its own joins the set of the unit of analysis
    of its holder; a span handed to a claimant in time is the claimant's, as in
    :func:`servicegov.pipeline.commitments`.  Items not yet due are counted too:
    a ballot cast during the year is about what the holder holds.
    """
    items: dict[str, dict[str, CommitmentItem]] = defaultdict(dict)
    first = as_of
    for events in histories:
        if not events:
            continue
        first = min(first, events[0].on)
        for s in ledger.spans(events, as_of=as_of):
            if s.due is None:
                continue
            if s.how is ledger.Left.CLAIMED and s.left is not None and s.left <= s.due:
                continue  # handed to a claimant in time: the claimant answers for it
            known = organisation.has_unit(s.holder) or organisation.has_member(s.holder)
            found = unit_of_analysis(s.holder, organisation) if known else None
            if found is not None:
                items[found[1]][s.need_id] = CommitmentItem(ref=s.need_id, due=s.due, joined=s.received)
    period = Period(start=dt.date(first.year, 1, 1), end=dt.date(as_of.year, 12, 31))
    return [
        Commitment(id=f"C-{who}", claimant=who, period=period, fixed_on=period.start,
                   items=list(mine.values()))
        for who, mine in sorted(items.items())
    ]


@checked
def review_refusal(
    review: Review,
    *,
    organisation: Organisation,
    histories: Iterable[Sequence[Event]] = (),
    as_of: dt.date | None = None,
) -> str | None:
    """Why the library refuses a ballot, or ``None``.

    The rules, in the order they are checked:

    * the reviewee is a unit of analysis of the organisation
      (:func:`servicegov.assessment.unit_of_analysis` names it as itself);
    * separation of duties (:func:`servicegov.scoring.check_reviews`): nobody
      reviews themselves, nor a one set they share an item with over overlapping
      days, the one sets being those the stored *histories* give as of *as_of*;
    * the ballot's rater class (:func:`servicegov.assessment.rater_of`) is one
      :data:`servicegov.assessment.RATERS` allows for the reviewee's target.

    Examples:
        >>> import datetime as dt
        >>> from servicegov.scoring import Review, ReviewChannel
        >>> org = example_district().organisation
        >>> def ballot(reviewer: str, reviewee: str, channel: ReviewChannel) -> str | None:
        ...     return review_refusal(Review(reviewer=reviewer, reviewee=reviewee, channel=channel,
        ...                                  on=dt.date(2025, 3, 3), score=90), organisation=org)
        >>> ballot("hh-1", "T", ReviewChannel.RESIDENTS) is None
        True
        >>> print(ballot("T", "T", ReviewChannel.RESIDENTS))
        reviewer 'T' may not review themselves (rule no-self-review, reviews[0])
        >>> print(ballot("V1", "T", ReviewChannel.ORGANISATIONAL))
        a rater of class 'village' may not rate a town Party committee (allowed: 'district', 'residents')
        >>> print(ballot("hh-1", "D", ReviewChannel.RESIDENTS))
        'D' is not assessed: the district Party committee assesses
    """
    reviewee = review.reviewee
    if not (organisation.has_unit(reviewee) or organisation.has_member(reviewee)):
        return f"{reviewee!r} is not a unit or member of the organisation"
    found = unit_of_analysis(reviewee, organisation)
    if found is None:
        return f"{reviewee!r} is not assessed: the district Party committee assesses"
    target, entity = found
    if entity != reviewee:
        return f"{reviewee!r} is assessed as part of {entity!r}: ballots are about {entity!r}"
    histories = [h for h in histories if h]
    day = as_of if as_of is not None else max((h[-1].on for h in histories), default=review.on)
    try:
        check_reviews([review], commitments=_commitments(histories, organisation, day))
    except RuleViolation as e:
        return str(e)
    rater = rater_of(review.reviewer, review.channel, organisation)
    allowed = RATERS[target]
    if rater not in allowed:
        who = "a reviewer outside the organisation" if rater is None else f"a rater of class {rater.value!r}"
        classes = ", ".join(repr(r.value) for r in allowed)
        return f"{who} may not rate a {target.en} (allowed: {classes})"
    return None


# -- the reference platform ------------------------------------------------------------


class InMemoryPlatform:
    """The reference :class:`Platform`: events, claims and ballots in dicts and lists.

    It refuses an event that does not fit its need's history (raising the
    lifecycle's own error, as :func:`servicegov.lifecycle.apply` does), a new
    claim :func:`claim_refusal` refuses and a ballot :func:`review_refusal`
    refuses, and keeps each need's record (:meth:`record`).

    Args:
        organisation: whose capacities and rater classes apply.
        today: the platform's date to start with.

    Examples:
        >>> import datetime as dt
        >>> from servicegov.lifecycle import Collected, Resolved
        >>> p = InMemoryPlatform(example_district().organisation, today=dt.date(2025, 3, 3))
        >>> p.append(Collected(need_id="N1", on=dt.date(2025, 3, 3)))
        >>> p.events("N1"), p.events("N2")
        ((Collected(need_id='N1', on=datetime.date(2025, 3, 3), actor=None),), ())
        >>> p.append(Resolved(need_id="N1", on=dt.date(2025, 3, 3)))
        Traceback (most recent call last):
            ...
        servicegov.errors.IllegalTransition: event 'resolved' is not allowed in state 'collected'
        of need 'N1' (allowed: 'screened', 'rejected', 'closed')
        >>> p.record("N1").state.value, p.today()
        ('collected', datetime.date(2025, 3, 3))
    """

    def __init__(self, organisation: Organisation, *, today: dt.date = dt.date(2025, 1, 1)) -> None:
        self.organisation = organisation
        self._events: dict[str, list[Event]] = {}
        self._records: dict[str, NeedRecord] = {}
        self._claims: dict[str, Claim] = {}
        self._reviews: list[Review] = []
        self._today = today

    @checked
    def append(self, event: Event) -> None:
        """Store *event*, after checking it fits its need's record."""
        record = self._records.get(event.need_id)
        self._records[event.need_id] = replay([event]) if record is None else apply(record, event)
        self._events.setdefault(event.need_id, []).append(event)

    @checked
    def events(self, need_id: str) -> tuple[Event, ...]:
        """The stored events of *need_id*, oldest first."""
        return tuple(self._events.get(need_id, ()))

    @checked
    def record(self, need_id: str) -> NeedRecord:
        """The record of *need_id*, kept as its events were appended.

        Raises:
            UnknownReference: (a ``KeyError``) for a need with no events.
        """
        try:
            return self._records[need_id]
        except KeyError:
            raise UnknownReference.for_field("need_id", need_id, "a need with stored events") from None

    @checked
    def record_claim(self, claim: Claim) -> bool:
        """Store a new claim unless :func:`claim_refusal` refuses it, or a stored claim's new state."""
        if claim.id not in self._claims and claim_refusal(
                claim, organisation=self.organisation, claims=self._claims.values()) is not None:
            return False
        self._claims[claim.id] = claim
        return True

    def claims(self) -> tuple[Claim, ...]:
        """The stored claims, in the order they were first recorded."""
        return tuple(self._claims.values())

    @checked
    def record_review(self, review: Review) -> bool:
        """Store a ballot unless :func:`review_refusal` refuses it."""
        why = review_refusal(review, organisation=self.organisation,
                             histories=self._events.values(), as_of=self._today)
        if why is not None:
            return False
        self._reviews.append(review)
        return True

    def reviews(self) -> tuple[Review, ...]:
        """The stored ballots, oldest first."""
        return tuple(self._reviews)

    def today(self) -> dt.date:
        """The platform's date."""
        return self._today

    @checked
    def set_today(self, day: dt.date) -> None:
        """Set the platform's date."""
        self._today = day


# -- the district the machine runs in ---------------------------------------------------------


@checked
def example_district(as_of: dt.date = dt.date(2025, 12, 31)) -> District:
    """A small district with no needs: the machine's default.

    The district Party committee ``D`` (the backstop) with one department
    ``DEPT`` linked to both villages, the town Party committee ``T`` and two
    village Party organisations ``V1`` and ``V2``; three cadres, ``m1`` at home
    in ``V1``, ``m2`` in ``T`` and ``m3`` in ``DEPT``, each of whom can hold one
    claim at a time.  Every tier can do every kind of work
    (:func:`example_policy`), so a need moves only when a deadline passes.

    Examples:
        >>> d = example_district()
        >>> [u.id for u in d.organisation.units], d.organisation.villages
        (['D', 'DEPT', 'T', 'V1', 'V2'], ('420117101201', '420117101202'))
        >>> [(m.id, m.capacity) for m in d.organisation.members], d.needs
        ([('m1', 1), ('m2', 1), ('m3', 1)], ())
    """
    party = ProviderKind.PARTY_ORGANISATION
    villages = ("420117101201", "420117101202")
    org = Organisation(
        units=[
            Unit(id="D", name="区委", tier=Tier.DISTRICT, division="420117000000", kind=party),
            Unit(id="DEPT", name="区民政局", tier=Tier.DISTRICT, division="420117000000", parent="D",
                 kind=party, linked_villages=villages),
            Unit(id="T", name="街道党工委", tier=Tier.TOWN, division="420117101000", parent="D", kind=party),
            Unit(id="V1", name="一村党组织", tier=Tier.VILLAGE, division=villages[0], parent="T", kind=party),
            Unit(id="V2", name="二村党组织", tier=Tier.VILLAGE, division=villages[1], parent="T", kind=party),
        ],
        members=[
            Member(id="m1", home_branch="V1", division=villages[0], role=Role.CADRE, capacity=1),
            Member(id="m2", home_branch="T", division="420117101000", role=Role.CADRE, capacity=1),
            Member(id="m3", home_branch="DEPT", division="420117000000", role=Role.CADRE, capacity=1),
        ],
        backstop="D",
    )
    return District(name="示例区", division="420117000000", organisation=org, calendar=WorkCalendar(),
                    needs=[], as_of=as_of)


@checked
def example_policy() -> RoutingPolicy:
    """Every tier, village to district, can do every kind of work: :func:`example_district`'s policy.

    Examples:
        >>> [c.tier.value for c in example_policy().competence]
        ['village', 'town', 'district']
    """
    return RoutingPolicy(competence=tuple(
        Competence(tier=t, kind=ProviderKind.PARTY_ORGANISATION, categories=frozenset())
        for t in (Tier.VILLAGE, Tier.TOWN, Tier.DISTRICT)
    ))


# -- the machine, built when first asked for ---------------------------------------------------


def _charges(events: Sequence[Event], as_of: dt.date) -> dict[str, set[str]]:
    """Who missed a deadline of *events*' need, walked apart from :mod:`servicegov.ledger`.

    The holder is the unit routed to, the unit passed up to, or the claimant;
    it is charged when it lets go after its own due date or still holds the
    need after it on *as_of*.  Each escalation because the deadline passed
    must come after the holder's due date, and charges that holder.
    """
    from servicegov.lifecycle import Claimed, Closed, Escalated, EscalationReason, Resolved, Routed

    out: dict[str, set[str]] = defaultdict(set)
    holder: str | None = None
    due: dt.date | None = None
    nid = events[0].need_id if events else ""

    def leave(on: dt.date) -> None:
        if holder is not None and due is not None and on > due:
            out[holder].add(nid)

    for e in events:
        if isinstance(e, Routed):
            leave(e.on)
            holder, due = e.unit, e.due
        elif isinstance(e, Escalated):
            if e.why is EscalationReason.DEADLINE_PASSED:
                late = due is not None and e.on > due
                assert late, (f"need {nid!r} was passed up from {e.from_unit!r} on {e.on} "
                              f"because its deadline passed, but {holder!r} was due {due}")
            leave(e.on)
            holder, due = e.to_unit, None
        elif isinstance(e, Claimed):
            leave(e.on)
            holder, due = e.claimant, e.due if e.due is not None else due
        elif isinstance(e, Resolved | Closed):
            leave(e.on)
            holder = None
    if holder is not None:
        leave(as_of)
    return out


def _without_lapsed_claims(events: Sequence[Event]) -> list[Event]:
    """*events* less each claim that lapsed (a ``Claimed`` followed by an escalation)."""
    from servicegov.lifecycle import Claimed, Escalated

    out: list[Event] = []
    for i, e in enumerate(events):
        if isinstance(e, Claimed) and any(isinstance(x, Escalated) for x in events[i + 1:]):
            continue
        out.append(e)
    return out


def _define_machine() -> type[Any]:
    import functools
    from collections.abc import Callable

    import attrs
    from hypothesis import strategies as st
    from hypothesis.stateful import (
        Bundle,
        MultipleResults,
        RuleBasedStateMachine,
        initialize,
        invariant,
        multiple,
        precondition,
        rule,
    )

    from servicegov import pipeline
    from servicegov.claims import ClaimantKind, ClaimKind, ClaimStatus, fulfil, lapse
    from servicegov.lifecycle import Claimed, Collected, Escalated, Resolved, Started, State
    from servicegov.needs import Need, Scope
    from servicegov.scoring import ReviewChannel

    def step(fn: Callable[..., Any]) -> Callable[..., Any]:
        # A failed step or check marks the run, so that teardown does not pile a
        # second failure of the same cause on top of the first.
        @functools.wraps(fn)
        def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return fn(self, *args, **kwargs)
            except BaseException:
                self.failed = True
                raise

        return guarded

    class PlatformMachine(RuleBasedStateMachine):
        """The library's promises as a state machine, run against a platform.

        Subclass it, override :meth:`make_platform` (and optionally
        :meth:`district`, :meth:`policy` and :meth:`first_day`), and run its
        ``TestCase`` under pytest or unittest.  Each run opens the platform on a
        day, then takes random steps, every one through the platform's calls:

        * ``file_need``: a need collected today: ``Collected``, then what
          :func:`servicegov.pipeline.advance` returns for the stored events;
        * ``advance_need``: ask ``advance`` again for one need (nothing new
          follows: the platform ran it at the end of the last day);
        * ``let_days_pass``: end the day (append what ``advance`` returns for
          every open need as of the day before the new date) and move 1-20 days on;
        * ``claim``: a member or unit claims a routed need, due when its holder
          is; past the claimant's capacity the platform must refuse;
        * ``resolve``: ``Started`` and ``Resolved`` today, then ``advance``
          closes the need; a claim of it is fulfilled;
        * ``review``: a ballot about an assessed unit or cadre, sometimes a
          self-review or from a rater class that may not rate it; what
          :func:`review_refusal` refuses the platform must refuse.

        After every step it checks the platform's storage (the invariants), and
        at the end of each run compares every need with the batch call.  A claim
        of a need that is passed up on lapses, and the machine records it so.

        Examples:
            >>> class ReferencePlatformMachine(PlatformMachine):
            ...     def make_platform(self) -> Platform:
            ...         return InMemoryPlatform(self.district().organisation)
            >>> from hypothesis.stateful import run_state_machine_as_test
            >>> from hypothesis import settings
            >>> run_state_machine_as_test(ReferencePlatformMachine,
            ...                           settings=settings(max_examples=2, stateful_step_count=5))
        """

        __qualname__ = "PlatformMachine"

        needs = Bundle("needs")

        def __init__(self) -> None:
            super().__init__()
            self._district = self.district()
            self._policy = self.policy()
            self._listing = self.listing_workdays()
            self.platform = self.make_platform()
            self.today = self.first_day()
            self.filed: dict[str, Need] = {}
            self.appended: dict[str, list[Event]] = {}
            self.records: dict[str, NeedRecord] = {}
            self.claims_made: dict[str, Claim] = {}
            self.live_claim: dict[str, str] = {}
            self.offered: dict[Review, str | None] = {}
            self.accepted: list[Review] = []
            self.failed = False
            self.breaches_checked: tuple[dt.date, tuple[int, ...]] | None = None

        # -- what a platform's suite overrides ---------------------------------

        def make_platform(self) -> Platform:
            """The platform under test, fresh for every run; override it."""
            raise NotImplementedError("override make_platform() to return the platform under test")

        def district(self) -> District:
            """The district the needs are filed in (needs of its own are not used)."""
            return example_district()

        def policy(self) -> RoutingPolicy | None:
            """The routing policy; ``None`` is the catalogue's default policy."""
            return example_policy()

        def first_day(self) -> dt.date:
            """The earliest day a run opens the platform on; it opens 0-60 days later."""
            return dt.date(2025, 3, 3)

        def listing_workdays(self) -> int:
            """Working days of listing and publicity before a need is routed.

            Three, not the district flow's ten, so that a short run reaches
            routing, claims and escalations; the batch call is given the same.
            """
            return 3

        # -- helpers --------------------------------------------------------------

        def _append(self, event: Event) -> None:
            self.platform.append(event)
            self.appended[event.need_id].append(event)
            record = self.records.get(event.need_id)
            self.records[event.need_id] = replay([event]) if record is None else apply(record, event)

        def _advance(self, nid: str, through: dt.date) -> tuple[Event, ...]:
            """Append what ``advance`` says follows *nid*'s stored events as of *through*."""
            stored = list(self.platform.events(nid))
            new = pipeline.advance(self._district, stored, today=max(through, self.filed[nid].collected),
                                   need=self.filed[nid], policy=self._policy,
                                   listing_workdays=self._listing)
            for e in new:
                self._append(e)
            claim_id = self.live_claim.get(nid)
            passed_up = next((e for e in new if isinstance(e, Escalated)), None)
            if claim_id is not None and passed_up is not None:
                self._update_claim(lapse(self.claims_made[claim_id], on=passed_up.on))
            return new

        def _update_claim(self, claim: Claim) -> None:
            assert self.platform.record_claim(claim), (
                f"the platform refused claim {claim.id!r} going {claim.status.value!r}")
            self.claims_made[claim.id] = claim
            assert claim.need_id is not None
            if not claim.live:
                self.live_claim.pop(claim.need_id, None)

        def _open(self) -> list[str]:
            return [nid for nid, r in self.records.items() if r.is_open]

        def _claimable(self) -> list[str]:
            return [nid for nid, r in self.records.items()
                    if r.state is State.ROUTED and r.due is not None and r.due >= self.today]

        # -- rules ------------------------------------------------------------------

        @initialize(target=needs, offset=st.integers(0, 60), first_needs=st.integers(0, 3),
                    days=st.integers(0, 20))
        @step
        def open_the_platform(self, offset: int, first_needs: int, days: int) -> MultipleResults[str]:
            # Hypothesis leaves some rules out of each run (swarm testing); filing the first
            # needs and letting days pass here lets every run reach routing and claims.
            self.today = self.first_day() + dt.timedelta(days=offset)
            self.platform.set_today(self.today)
            filed = [self._file(i, i, False, 3, 3, True) for i in range(first_needs)]
            self._pass(days)
            return multiple(*filed)

        @rule(target=needs, village=st.integers(0, 99), category=st.integers(0, 99),
              common=st.booleans(), urgency=st.integers(1, 5), necessity=st.integers(1, 5),
              allowed=st.sampled_from([True] * 7 + [False]), count=st.integers(1, 3))
        @step
        def file_needs(self, village: int, category: int, common: bool, urgency: int,
                       necessity: int, allowed: bool, count: int) -> MultipleResults[str]:
            return multiple(*(self._file(village + i, category + i, common, urgency, necessity, allowed)
                              for i in range(count)))

        def _file(self, village: int, category: int, common: bool, urgency: int, necessity: int,
                  allowed: bool) -> str:
            d = self._district
            nid = f"N{len(self.filed) + 1}"
            cat = d.catalogue.categories[category % len(d.catalogue.categories)]
            villages = d.organisation.villages
            need = Need(id=nid, village=villages[village % len(villages)], kind=cat.kind,
                        category=cat.code, scope=Scope.COMMON if common else Scope.INDIVIDUAL,
                        households=("hh-1", "hh-2") if common else ("hh-1",), urgency=urgency,
                        necessity=necessity, policy_allows=allowed, collected=self.today)
            self.filed[nid] = need
            self.appended[nid] = []
            self._append(Collected(need_id=nid, on=self.today))
            self._advance(nid, self.today)
            return nid

        @rule(nid=needs)
        @step
        def advance_need(self, nid: str) -> None:
            new = self._advance(nid, self.today - dt.timedelta(days=1))
            assert not new, f"advance found {[e.kind.value for e in new]} still to follow need {nid!r}"

        @rule(days=st.integers(1, 20))
        @step
        def let_days_pass(self, days: int) -> None:
            self._pass(days)

        def _pass(self, days: int) -> None:
            if not days:
                return
            new_day = self.today + dt.timedelta(days=days)
            for nid in self._open():
                self._advance(nid, new_day - dt.timedelta(days=1))
            self.today = new_day
            self.platform.set_today(new_day)

        @precondition(lambda self: bool(self._claimable()))
        @rule(data=st.data())
        @step
        def claim(self, data: st.DataObject) -> None:
            org = self._district.organisation
            nid = data.draw(st.sampled_from(self._claimable()), label="need")
            pool = [m.id for m in org.members] + [u.id for u in org.linked_to(self.filed[nid].village)]
            full = [x for x in pool if self._is_full(x)]
            # Now and then someone whose capacity is used up tries: the platform must refuse.
            if bool(full) and data.draw(st.booleans(), label="a claimant at capacity tries"):
                who = data.draw(st.sampled_from(full), label="claimant")
            else:
                who = data.draw(st.sampled_from(pool), label="claimant")
            if not self._try_claim(nid, who) or not self._is_full(who):
                return
            # Whoever has just used up their capacity tries once more: the platform must refuse.
            others = self._claimable()
            if others:
                self._try_claim(data.draw(st.sampled_from(others), label="another need"), who)

        def _is_full(self, who: str) -> bool:
            org = self._district.organisation
            live = sum(self.claims_made[c].claimant == who for c in self.live_claim.values())
            return live >= (org.member(who) if org.has_member(who) else org.unit(who)).capacity

        def _try_claim(self, nid: str, who: str) -> bool:
            """Offer the platform a claim of *nid* by *who*, due when its holder is; whether it took it."""
            org = self._district.organisation
            need, record = self.filed[nid], self.records[nid]
            member = org.has_member(who)
            kind = (ClaimKind.VOLUNTARY if member
                    else ClaimKind.COLLECTIVE if need.scope is Scope.COMMON else ClaimKind.LINKED)
            assert record.due is not None
            claim = Claim(id=f"claim-{len(self.claims_made) + 1}", claimant=who,
                          claimant_kind=ClaimantKind.MEMBER if member else ClaimantKind.UNIT,
                          need_id=nid, kind=kind, claimed_on=self.today, due_on=record.due)
            why = claim_refusal(claim, organisation=org, claims=self.claims_made.values())
            accepted = self.platform.record_claim(claim)
            assert not (accepted and why is not None), f"the platform accepted {claim.id} although {why}"
            if accepted:
                self.claims_made[claim.id] = claim
                self.live_claim[nid] = claim.id
                self._append(Claimed(need_id=nid, on=self.today, claimant=who, claim_kind=kind.value,
                                     due=record.due))
            return accepted

        @rule(nid=needs)
        @step
        def resolve(self, nid: str) -> None:
            if self.records[nid].state not in (State.ROUTED, State.CLAIMED):
                return
            self._append(Started(need_id=nid, on=self.today))
            self._append(Resolved(need_id=nid, on=self.today))
            self._advance(nid, self.today)
            claim_id = self.live_claim.get(nid)
            if claim_id is not None:
                self._update_claim(fulfil(self.claims_made[claim_id], on=self.today))

        @rule(reviewee=st.integers(0, 99), reviewer=st.integers(0, 99), self_review=st.booleans(),
              channel=st.sampled_from(ReviewChannel), score=st.integers(0, 100))
        @step
        def review(self, reviewee: int, reviewer: int, self_review: bool, channel: ReviewChannel,
                   score: int) -> None:
            org = self._district.organisation
            everyone = [u.id for u in org.units] + [m.id for m in org.members]
            assessed = [x for x in everyone if (unit_of_analysis(x, org) or (None, None))[1] == x]
            about = assessed[reviewee % len(assessed)]
            voters = [*everyone, "hh-1", "hh-2"]
            by = about if self_review else voters[reviewer % len(voters)]
            ballot = Review(reviewer=by, reviewee=about, channel=channel, on=self.today, score=score)
            why = review_refusal(ballot, organisation=org, histories=self.appended.values(),
                                 as_of=self.today)
            accepted = self.platform.record_review(ballot)
            assert not (accepted and why is not None), f"the platform accepted a ballot although {why}"
            self.offered.setdefault(ballot, why)
            if accepted:
                self.accepted.append(ballot)

        # -- invariants ---------------------------------------------------------------

        @invariant()
        @step
        def the_platforms_date_is_today(self) -> None:
            assert self.platform.today() == self.today, (self.platform.today(), self.today)

        @invariant()
        @step
        def every_need_has_one_record_of_what_was_appended(self) -> None:
            for nid, mine in self.appended.items():
                stored = list(self.platform.events(nid))
                assert stored == mine, (
                    f"need {nid!r}: the platform stored {[e.kind.value for e in stored]} "
                    f"but {[e.kind.value for e in mine]} were appended")
                assert [type(e) for e in stored].count(Collected) == 1
                assert all(e.need_id == nid for e in stored)
                # The machine applied each event as it was appended: the stored events,
                # equal to those, replay to this record.
                record = self.records[nid]
                reported = getattr(self.platform, "record", None)
                if callable(reported):
                    assert reported(nid) == record, f"need {nid!r}: the platform's record is not its replay"

        @invariant()
        @step
        def nobody_holds_more_live_claims_than_capacity(self) -> None:
            org = self._district.organisation
            stored = list(self.platform.claims())
            live = Counter(c.claimant for c in stored if c.live)
            for who, n in live.items():
                capacity = (org.member(who) if org.has_member(who) else org.unit(who)).capacity
                assert n <= capacity, f"{who!r} holds {n} live claims, over a capacity of {capacity}"
            per_need = Counter(c.need_id for c in stored if c.live)
            assert all(n == 1 for n in per_need.values()), f"needs with two live claims: {per_need}"
            by_id = {c.id: c for c in stored}
            for c in self.claims_made.values():
                assert c.id in by_id, f"claim {c.id!r} is not stored"
                assert by_id[c.id].status is c.status, f"claim {c.id!r} is not stored as {c.status.value!r}"

        @invariant()
        @step
        def no_ballot_the_library_refuses_is_kept(self) -> None:
            stored = list(self.platform.reviews())
            for b in stored:
                assert b in self.offered, f"a ballot nobody cast is stored: {b}"
                assert self.offered[b] is None, f"a refused ballot is stored: {self.offered[b]}"
            assert Counter(stored) == Counter(self.accepted), "the accepted ballots are not what is stored"

        @invariant()
        @step
        def every_breach_is_the_late_holders(self) -> None:
            histories = {nid: list(self.platform.events(nid)) for nid in self.appended}
            key = (self.today, tuple(len(h) for h in histories.values()))
            if key == self.breaches_checked:
                return  # nothing stored and no day passed since the last check
            self.breaches_checked = key
            charged = ledger.ledger(histories, as_of=self.today).breaches()
            walked: dict[str, set[str]] = defaultdict(set)
            for events in histories.values():
                for who, nids in _charges(events, self.today).items():
                    walked[who] |= nids
            assert charged == {k: tuple(sorted(v)) for k, v in sorted(walked.items())}, (charged, walked)

        def teardown(self) -> None:
            """Compare every need's stored events, brought to today, with the batch call."""
            if self.failed:
                return
            for nid, need in self.filed.items():
                stored = list(self.platform.events(nid))
                now = stored + list(pipeline.advance(self._district, stored, today=self.today,
                                                     need=need, policy=self._policy,
                                                     listing_workdays=self._listing))
                got = _without_lapsed_claims(now)
                resolved = {e.need_id: e.on for e in got if isinstance(e, Resolved)}
                # A claim passed up with its need today lapses at the end of the day.
                standing = {(e.claimant, e.on) for e in got if isinstance(e, Claimed)}
                kept = [c for c in self.platform.claims() if c.need_id == nid
                        and c.status is not ClaimStatus.LAPSED and (c.claimant, c.claimed_on) in standing]
                report = pipeline.run(attrs.evolve(self._district, needs=[need], as_of=self.today),
                                      policy=self._policy, resolved=resolved, claims=kept,
                                      listing_workdays=self._listing, scoring_rule=None)
                want = list(report.history(nid))
                assert got == want, (
                    f"need {nid!r}: stored {[(e.kind.value, str(e.on)) for e in got]}, "
                    f"the batch call gives {[(e.kind.value, str(e.on)) for e in want]}")

    return PlatformMachine


if TYPE_CHECKING:
    from hypothesis.stateful import RuleBasedStateMachine

    class PlatformMachine(RuleBasedStateMachine):
        """The library's promises as a state machine (built on first use; see the module)."""

        platform: Platform
        today: dt.date

        def make_platform(self) -> Platform:
            ...

        def district(self) -> District:
            ...

        def policy(self) -> RoutingPolicy | None:
            ...

        def first_day(self) -> dt.date:
            ...

        def listing_workdays(self) -> int:
            ...

else:

    def __getattr__(name: str) -> Any:
        if name == "PlatformMachine":
            machine = _define_machine()
            globals()[name] = machine
            return machine
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
