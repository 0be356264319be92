"""A fictional platform that keeps needs, claims and reviews in SQLite and asks servicegov to decide.

The platform ("Village Voice") owns the database, the forms and the clock;
servicegov owns the rules and does no I/O.  The platform:

1. takes form data (JSON) and builds needs with ``serialization.structure``,
   answering bad forms with the ``ServicegovError``'s message and field path;
2. screens every need (``screening.screen``) and routes the accepted ones
   (``routing.route``);
3. records each step as a ``servicegov.lifecycle`` event and replays the
   stored events to rebuild a need's record;
4. claims the routed needs (``claiming.assign_claims``), starts and fulfils the
   claims (``claims.begin``, ``claims.fulfil``);
5. fixes one claimant's commitment and scores it from the residents' and the
   organisation's reviews (``scoring.score``).

``VillageVoicePlatform`` shows the same storage through ``servicegov.testing.Platform``,
so that ``examples/test_fictional_platform.py`` can run servicegov's testing kit
(``servicegov.testing.PlatformMachine``) against it.

Every servicegov value is stored as a versioned JSON document
(``serialization.to_document`` / ``from_document``) in a thin repository layer
over the standard library's ``sqlite3``.

Run it with ``python examples/platform_sqlite.py [DATABASE]``; without an
argument the database lives in memory.  It prints a short report and returns
(from ``main``) a dictionary of the figures it printed.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from servicegov import District, serialization, simulation, testing
from servicegov.calendar import Period, WorkCalendar
from servicegov.claiming import assign_claims
from servicegov.claims import Claim, ClaimBook, ClaimKind, ClaimMode, begin, fulfil
from servicegov.errors import ServicegovError
from servicegov.lifecycle import (
    Claimed,
    Collected,
    Event,
    Listed,
    NeedRecord,
    Publicised,
    Resolved,
    Routed,
    Screened,
    Started,
    replay,
)
from servicegov.needs import Need
from servicegov.org import Organisation
from servicegov.routing import DEFAULT_POLICY, route
from servicegov.routing import RoutedTo as RoutedResult
from servicegov.scoring import (
    DEFAULT_RULE,
    Commitment,
    CommitmentItem,
    Review,
    ReviewChannel,
    Satisfaction,
    score,
)
from servicegov.screening import DEFAULT_RULES, Verdict, screen

T = TypeVar("T")

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (kind TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL,
                                      PRIMARY KEY (kind, id));
CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT, need_id TEXT NOT NULL,
                                   doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_by_need ON events (need_id, seq);
"""


class Repository:
    """The platform's thin storage layer: servicegov values in, servicegov values out.

    Every value is kept as a versioned JSON document, so a later release of
    servicegov refuses (rather than misreads) a document of another schema.
    """

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.db = connection
        self.db.executescript(SCHEMA)

    # -- documents: needs, claims, reviews, commitments, the organisation

    def put(self, kind: str, key: str, value: object) -> None:
        doc = json.dumps(serialization.to_document(value), ensure_ascii=False)
        self.db.execute("INSERT OR REPLACE INTO documents VALUES (?, ?, ?)", (kind, key, doc))

    def get(self, kind: str, key: str, cls: type[T]) -> T:
        row = self.db.execute("SELECT doc FROM documents WHERE kind = ? AND id = ?", (kind, key)).fetchone()
        if row is None:
            raise KeyError(f"{kind} {key!r} not stored")
        return serialization.from_document(json.loads(row[0]), cls)

    def all(self, kind: str, cls: type[T]) -> list[T]:
        rows = self.db.execute("SELECT doc FROM documents WHERE kind = ? ORDER BY id", (kind,))
        return [serialization.from_document(json.loads(doc), cls) for (doc,) in rows]

    # -- the audit trail: one row per lifecycle event

    def record(self, event: Event) -> None:
        """Append an event after checking it fits the need's record.

        ``lifecycle.replay`` raises ``IllegalTransition`` for an event that does not fit,
        so the stored trail is always one the rules allow.
        """
        replay([*self.events(event.need_id), event])
        doc = json.dumps(serialization.unstructure(event), ensure_ascii=False)
        self.db.execute("INSERT INTO events (need_id, doc) VALUES (?, ?)", (event.need_id, doc))

    def events(self, need_id: str) -> list[Event]:
        rows = self.db.execute("SELECT doc FROM events WHERE need_id = ? ORDER BY seq", (need_id,))
        return serialization.structure([json.loads(doc) for (doc,) in rows], list[Event])

    def need_record(self, need_id: str) -> NeedRecord:
        return replay(self.events(need_id))

    def need_ids_with_events(self) -> Iterator[str]:
        for (need_id,) in self.db.execute("SELECT DISTINCT need_id FROM events ORDER BY need_id"):
            yield need_id


class VillageVoicePlatform:
    """The platform seen through ``servicegov.testing.Platform``, for servicegov's testing kit.

    An adapter over the same ``Repository`` and tables the script uses: events go
    to the ``events`` table (``Repository.record`` refuses one that does not fit),
    claims and ballots to ``documents``.  Before storing a new claim or a ballot
    it asks servicegov's rules (``testing.claim_refusal``, ``testing.review_refusal``),
    as the platform must.  The clock is the platform's own: it lives in memory.
    """

    def __init__(self, repo: Repository, organisation: Organisation, *, today: dt.date) -> None:
        self.repo = repo
        self.organisation = organisation
        self._today = today

    def append(self, event: Event) -> None:
        self.repo.record(event)

    def events(self, need_id: str) -> list[Event]:
        return self.repo.events(need_id)

    def record(self, need_id: str) -> NeedRecord:
        return self.repo.need_record(need_id)

    def record_claim(self, claim: Claim) -> bool:
        stored = self.claims()
        if all(c.id != claim.id for c in stored) and testing.claim_refusal(
                claim, organisation=self.organisation, claims=stored) is not None:
            return False
        self.repo.put("claim", claim.id, claim)
        return True

    def claims(self) -> list[Claim]:
        return self.repo.all("claim", Claim)

    def record_review(self, review: Review) -> bool:
        histories = [self.repo.events(i) for i in self.repo.need_ids_with_events()]
        if testing.review_refusal(review, organisation=self.organisation, histories=histories,
                                  as_of=self._today) is not None:
            return False
        self.repo.put("review", f"{len(self.reviews()):08d}", review)
        return True

    def reviews(self) -> list[Review]:
        return self.repo.all("review", Review)

    def today(self) -> dt.date:
        return self._today

    def set_today(self, day: dt.date) -> None:
        self._today = day


# ---------------------------------------------------------------- the platform's use cases


def intake(repo: Repository, form: dict[str, Any]) -> tuple[Need | None, str | None]:
    """Build a need from form data and store it; a bad form gives the message and the field path."""
    try:
        need = serialization.structure(form, Need)
    except ServicegovError as e:
        return None, f"{e.field}: {e}"
    repo.put("need", need.id, need)
    repo.record(Collected(need_id=need.id, on=need.collected, actor="surveyor"))
    return need, None


def screen_and_route(
    repo: Repository, need: Need, org: Organisation, cal: WorkCalendar, *, screened: dt.date, routed: dt.date
) -> str:
    """Screen a stored need, publicise it and, once the objection window has closed, route it.

    Every step becomes an event; the platform's scheduler supplies the dates.
    """
    s = screen(need, DEFAULT_RULES, as_of=screened)
    repo.record(Screened(need_id=need.id, on=screened, verdict=s.verdict, reasons=s.reasons))
    if s.verdict is not Verdict.ACCEPTED:
        return str(s.verdict.value)
    repo.record(Listed(need_id=need.id, on=screened, category=need.category))
    repo.record(Publicised(need_id=need.id, on=screened))
    r = route(need, org, DEFAULT_POLICY, as_of=routed, calendar=cal, priority=s.priority)
    repo.put("route", need.id, r)
    if isinstance(r.result, RoutedResult):
        repo.record(
            Routed(need_id=need.id, on=routed, unit=r.result.unit, tier=r.result.tier, due=r.result.due)
        )
        return "routed"
    return "unroutable"


def claim_routed(repo: Repository, needs: Sequence[Need], org: Organisation, *, today: dt.date) -> ClaimBook:
    """Claim the routed needs greedily, store the claims and record a Claimed event for each."""
    routed = [n for n in needs if repo.need_record(n.id).state.value == "routed"]
    book = assign_claims(routed, org, mode=ClaimMode.GREEDY, on=today)
    for c in book.claims:
        repo.put("claim", c.id, c)
        assert c.need_id is not None
        repo.record(
            Claimed(need_id=c.need_id, on=today, claimant=c.claimant, claim_kind=c.kind.value, due=c.due_on)
        )
    return book


def work_on(repo: Repository, c: Claim, *, started: dt.date, done: dt.date) -> Claim:
    """The claimant starts and finishes the work; the claim and the need's record both move on."""
    need_id = c.need_id
    assert need_id is not None, "a claim of a need, not of a catalogue project"
    c = fulfil(begin(c, on=started), on=done)
    repo.put("claim", c.id, c)
    repo.record(Started(need_id=need_id, on=started))
    repo.record(Resolved(need_id=need_id, on=done))
    return c


# ---------------------------------------------------------------- the script


def forms_from_the_field(district: District, n: int) -> list[dict[str, Any]]:
    """Stand-in for the surveyors' web form: JSON for *n* generated needs, and three bad forms."""
    forms: list[dict[str, Any]] = [
        json.loads(json.dumps(serialization.unstructure(x))) for x in district.needs[:n]
    ]
    good = forms[0]
    forms.append(dict(good, id="BAD-1", kind="wish"))
    forms.append(dict(good, id="BAD-2", village="4201"))
    forms.append(dict(good, id="BAD-3", households=["hh-1", 7]))
    return forms


def main(argv: Sequence[str] = ()) -> dict[str, Any]:
    """Run the platform on an in-memory database (or the file named first in *argv*)."""
    path = argv[0] if argv else ":memory:"
    district = simulation.generate("small", seed=0)
    org, cal = district.organisation, district.calendar
    today = dt.date(2025, 4, 7)

    with sqlite3.connect(path) as db:
        repo = Repository(db)
        repo.put("organisation", "district", org)
        org = repo.get("organisation", "district", Organisation)  # the platform reads its own tables

        # 1. intake
        needs: list[Need] = []
        problems: list[str] = []
        for form in forms_from_the_field(district, 300):
            need, problem = intake(repo, form)
            if need is not None:
                needs.append(need)
            elif problem is not None:
                problems.append(problem)
        print(f"stored {len(needs)} needs; refused {len(problems)} forms:")
        for p in problems:
            print("  ", p)

        # 2. screening and routing
        outcomes = Counter(
            screen_and_route(repo, n, org, cal, screened=dt.date(2025, 4, 1), routed=today) for n in needs
        )
        print("screening and routing:", dict(sorted(outcomes.items())))

        # 3. claiming, then the work
        book = claim_routed(repo, needs, org, today=today)
        print("claims by kind:", book.by_kind())
        personal_first = sorted(book.claims, key=lambda c: c.kind is not ClaimKind.PERSONAL)
        finished = today + dt.timedelta(days=10)
        done = [work_on(repo, c, started=today, done=finished) for c in personal_first[:5]]

        # 4. one set, two reviews for the first claimant whose work is done
        first = done[0]
        assert first.need_id is not None
        commitment = Commitment(
            id=f"C-{first.claimant}",
            claimant=first.claimant,
            period=Period.year(2025),
            fixed_on=dt.date(2025, 1, 15),
            items=[CommitmentItem(ref=first.need_id, target=1, due=first.due_on)],
        )
        repo.put("commitment", commitment.id, commitment)
        day = dt.date(2025, 12, 10)
        ratings = [Satisfaction.SATISFIED] * 4 + [Satisfaction.BASICALLY_SATISFIED]
        ballots = [
            Review(
                reviewer=f"h{i}",
                reviewee=first.claimant,
                channel=ReviewChannel.RESIDENTS,
                on=day,
                satisfaction=r,
            )
            for i, r in enumerate(ratings)
        ] + [
            Review(
                reviewer=f"o{i}",
                reviewee=first.claimant,
                channel=ReviewChannel.ORGANISATIONAL,
                on=day,
                score=s,
            )
            for i, s in enumerate([80, 86, 90])
        ]
        for b in ballots:
            repo.put("review", f"{commitment.id}:{b.reviewer}", b)
        stored = repo.all("review", Review)
        result = score(
            repo.get("commitment", commitment.id, Commitment),
            stored,
            DEFAULT_RULE,
            as_of=dt.date(2025, 12, 31),
            fulfilment={first.need_id: 1},
        )
        print(f"score of {first.claimant}: completion {result.completion}, total {result.total}")

        # 5. the audit trail, rebuilt from the stored events
        states = Counter(repo.need_record(i).state.value for i in repo.need_ids_with_events())
        print("need records by state:", dict(sorted(states.items())))
        trail = [e.kind.value for e in repo.events(first.need_id)]
        print(f"audit trail of {first.need_id}:", " -> ".join(trail))
        stored_claims = repo.all("claim", Claim)

    return {
        "needs": len(needs),
        "problems": problems,
        "outcomes": dict(outcomes),
        "claims": len(stored_claims),
        "by_kind": book.by_kind(),
        "score": result.total,
        "states": dict(states),
        "trail": trail,
    }


if __name__ == "__main__":
    main(sys.argv[1:])
