"""Claiming a list (认领): who may claim a need, preferences and weights, and the drivers.

:mod:`servicegov.claims` holds one claim, the book of claims and the rules a
single claim must pass; this module claims whole lists with them.

* :func:`eligible` -- who may claim a need: the units linked to its village
  (联系村), or, for a special-hardship household's need, their in-contact
  cadres with the category's skills.
* :func:`default_priority`, :func:`proximity`, :func:`preferences` and
  :func:`weights` turn the domain into the inputs of
  :mod:`servicegov.assignment`.
* :func:`assign_claims` claims a whole list of needs in one of three
  :class:`~servicegov.claims.ClaimMode` s, within every claimant's capacity;
  :func:`catalogue_claims` runs Zhifu's voluntary catalogue claiming, members
  taking the projects that match their skills (爱好特长).

Examples:
    >>> import datetime as dt
    >>> from servicegov.claims import ClaimMode
    >>> from servicegov.simulation import generate
    >>> d = generate("small", seed=0)
    >>> common = [n for n in d.needs if n.scope.value == "common"]
    >>> book = assign_claims(common, d.organisation, mode=ClaimMode.GREEDY, on=dt.date(2025, 4, 1))
    >>> len(common), book.by_kind()
    (956, {'collective': 956})
    >>> by_id = {n.id: n for n in common}
    >>> all(c.claimant in {u.id for u in eligible(by_id[c.need_id], d.organisation)}
    ...     for c in book.claims)
    True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import attrs

from servicegov import assignment
from servicegov._arguments import checked
from servicegov._validators import arg_enum
from servicegov.claims import (
    Claim,
    ClaimantKind,
    ClaimBook,
    ClaimKind,
    ClaimMode,
    ClaimRules,
    _resolve,
)
from servicegov.errors import InvalidValue
from servicegov.needs import Catalogue, Group, Need, Scope, ServiceItem
from servicegov.org import ContactStatus, Member, Organisation, Role, Unit

__all__ = [
    "assign_claims",
    "catalogue_claims",
    "default_priority",
    "eligible",
    "preferences",
    "proximity",
    "weights",
]


def __dir__() -> list[str]:
    return __all__


# --------------------------------------------------------------------------- builders


@checked
def default_priority(need: Need) -> float:
    """The default priority of a need: (urgency + necessity + aspiration) / 15, in (0, 1].

    Examples:
        >>> import datetime as dt
        >>> from servicegov.needs import Need, NeedKind, Scope
        >>> n = Need(id="N1", village="420117101201", kind=NeedKind.LIVELIHOOD,
        ...          category="culture", scope=Scope.INDIVIDUAL, households=("h",),
        ...          urgency=5, necessity=4, aspiration=3, collected=dt.date(2025, 3, 3))
        >>> default_priority(n)
        0.8
    """
    return (need.urgency + need.necessity + need.aspiration) / 15


@checked
def proximity(need: Need, claimant: Member | Unit, organisation: Organisation) -> int:
    """How close a claimant is to a need's village: 3 same village, 2 linked, 1 same town, 0 else.

    A unit is *linked* when the village is one of its ``linked_villages``; a
    member when one of their branches is such a unit.  The town is the first 9
    digits of the division code.

    Examples:
        >>> import datetime as dt
        >>> from servicegov.needs import Need, NeedKind, Scope
        >>> from servicegov.org import Member, Organisation, Tier, Unit
        >>> org = Organisation(units=[Unit(id="D", name="区委", division="420117000000",
        ...                                tier=Tier.DISTRICT, linked_villages={"420117101201"})],
        ...                    backstop="D")
        >>> n = Need(id="N1", village="420117101201", kind=NeedKind.LIVELIHOOD,
        ...          category="culture", scope=Scope.INDIVIDUAL, households=("h",),
        ...          collected=dt.date(2025, 3, 3))
        >>> m = Member(id="m", home_branch="D", division="420117101202")
        >>> proximity(n, org.unit("D"), org), proximity(n, m, org)
        (2, 2)
        >>> proximity(n, attrs.evolve(m, home_branch="D", division="420117101201"), org)
        3
    """
    if claimant.division == need.village:
        return 3
    if isinstance(claimant, Unit):
        linked = need.village in claimant.linked_villages
    else:
        linked = any(
            organisation.has_unit(b) and need.village in organisation.unit(b).linked_villages
            for b in claimant.branches
        )
    if linked:
        return 2
    if claimant.division[:9] == need.village[:9]:
        return 1
    return 0


def _fit(need: Need, claimant: Member | Unit, rules: ClaimRules) -> float:
    """1 for a unit; for a member the share of the category's skills they have (1 if none)."""
    if isinstance(claimant, Unit):
        return 1.0
    required = rules.skills_for(need.category)
    if not required:
        return 1.0
    return len(required & claimant.skills) / len(required)


def _fresh_id(book: ClaimBook, wanted: str) -> str:
    """*wanted*, or with ``#2``, ``#3``... when an earlier (finished) claim has that id."""
    if wanted not in book._by_id:
        return wanted
    k = 2
    while f"{wanted}#{k}" in book._by_id:
        k += 1
    return f"{wanted}#{k}"


def _kind_for(need: Need) -> tuple[ClaimKind, ClaimantKind]:
    if need.scope is Scope.COMMON:
        return ClaimKind.COLLECTIVE, ClaimantKind.UNIT
    if Group.SPECIAL_HARDSHIP in need.groups:
        return ClaimKind.PERSONAL, ClaimantKind.MEMBER
    return ClaimKind.LINKED, ClaimantKind.UNIT


@checked
def eligible(
    need: Need, organisation: Organisation, rules: ClaimRules = ClaimRules()
) -> list[Member | Unit]:
    """Who may claim *need* in :func:`assign_claims`, in the organisation's order.

    The units linked to its village (联系村) for a common or an ordinary
    individual need; for an individual need of a special-hardship household,
    the in-contact cadres whose home branch is such a unit and who hold the
    category's required skills.

    Examples:
        >>> from servicegov.simulation import generate
        >>> d = generate("small", seed=0)
        >>> n = next(n for n in d.needs if n.scope.value == "common")
        >>> [u.id for u in eligible(n, d.organisation)]
        ['D-DEPT-01']
    """
    _kind, side = _kind_for(need)
    units = organisation.linked_to(need.village)
    if side is ClaimantKind.UNIT:
        return list(units)
    out: list[Member | Unit] = []
    required = rules.skills_for(need.category)
    for u in units:
        for m in organisation.members_of(u.id):
            if (m.home_branch == u.id and m.role is Role.CADRE
                    and m.contact is ContactStatus.IN_CONTACT and required <= m.skills):
                out.append(m)
    return out


def _pair_score(need: Need, who: Member | Unit, organisation: Organisation, rules: ClaimRules) -> float:
    return _fit(need, who, rules) + proximity(need, who, organisation) / 3


@checked
def preferences(
    needs: Iterable[Need],
    organisation: Organisation,
    *,
    priority: Mapping[str, float] | None = None,
    stated: Mapping[str, Sequence[str]] | None = None,
    rules: ClaimRules = ClaimRules(),
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Preference lists for :func:`servicegov.assignment.stable_assignment`.

    The eligible claimants of a need are decided by its kind (as in
    :func:`assign_claims`): units linked to its village for common and ordinary
    individual needs, in-contact cadres of those units holding the category's
    required skills for special-hardship individual needs.

    * A need ranks its claimants by ``fit + proximity / 3`` (descending), then id.
      ``fit`` is the share of the category's required skills the member has
      (1 for units and for categories without required skills); ``proximity``
      is :func:`proximity` (3 same village, 2 linked village, 1 same town, 0).
    * A claimant ranks the needs it stated first, in its stated order (*stated*:
      ``{claimant id: [need ids]}``), then the rest by priority (descending),
      proximity (descending) and id.

    Returns:
        ``(need_prefs, claimant_prefs)``; a pair is listed on both sides or neither.

    Examples:
        >>> from servicegov.simulation import generate
        >>> d = generate("small", seed=0)
        >>> needs = [n for n in d.needs if n.scope.value == "common"][:3]
        >>> need_prefs, claimant_prefs = preferences(needs, d.organisation)
        >>> need_prefs[needs[0].id]
        ['D-DEPT-01']
        >>> preferences(needs, d.organisation) == (need_prefs, claimant_prefs)
        True
    """
    pri = priority or {}
    stated = stated or {}
    need_prefs: dict[str, list[str]] = {}
    scored: dict[str, list[tuple[Any, ...]]] = {}
    for n in needs:
        cands = eligible(n, organisation, rules)
        ranked = sorted(
            (-_pair_score(n, c, organisation, rules), c.id, proximity(n, c, organisation))
             for c in cands
        )
        need_prefs[n.id] = [cid for _, cid, _ in ranked]
        p = pri.get(n.id, default_priority(n))
        for _, cid, prox in ranked:
            scored.setdefault(cid, []).append((-p, -prox, n.id))
    claimant_prefs: dict[str, list[str]] = {}
    for cid in sorted(scored):
        order = [t[2] for t in sorted(scored[cid])]
        first = [x for x in stated.get(cid, ()) if x in set(order)]
        chosen = set(first)
        claimant_prefs[cid] = [*first, *(x for x in order if x not in chosen)]
    return need_prefs, claimant_prefs


@checked
def weights(
    needs: Iterable[Need],
    organisation: Organisation,
    *,
    priority: Mapping[str, float] | None = None,
    stated: Mapping[str, Sequence[str]] | None = None,
    rules: ClaimRules = ClaimRules(),
) -> dict[tuple[str, str], float]:
    """Pair weights for :func:`servicegov.assignment.optimal_assignment`.

    ``w(n, c) = 1 + 2 * p(n) + fit(n, c) + proximity(n, c) / 3 + 0.5 * stated(c, n)``
    where ``p`` is the need's priority (*priority*, by default
    :func:`default_priority`), ``fit`` and ``proximity`` are as in
    :func:`preferences`, and ``stated`` is 1 when the claimant listed the need.
    Priority weighs most, so an urgent need is not left out for a better fit
    elsewhere; every weight is positive, so no acceptable pair is refused for
    its own sake.

    Examples:
        >>> from servicegov.simulation import generate
        >>> d = generate("small", seed=0)
        >>> n = next(n for n in d.needs if n.scope.value == "common")
        >>> w = weights([n], d.organisation, priority={n.id: 0.5})
        >>> w
        {('N000001', 'D-DEPT-01'): 3.6666666666666665}
    """
    pri = priority or {}
    stated_sets = {k: set(v) for k, v in (stated or {}).items()}
    out: dict[tuple[str, str], float] = {}
    for n in needs:
        p = pri.get(n.id, default_priority(n))
        for c in sorted(eligible(n, organisation, rules), key=lambda c: c.id):
            bonus = 0.5 if n.id in stated_sets.get(c.id, ()) else 0.0
            out[(n.id, c.id)] = 1 + 2 * p + _pair_score(n, c, organisation, rules) + bonus
    return out


@checked
def assign_claims(
    needs: Sequence[Need],
    organisation: Organisation,
    *,
    mode: ClaimMode,
    on: dt.date,
    due: dt.date | None = None,
    priority: Mapping[str, float] | None = None,
    optimal: Literal["need", "claimant"] = "need",
    stated: Mapping[str, Sequence[str]] | None = None,
    rules: ClaimRules = ClaimRules(),
    book: ClaimBook | None = None,
    schedule: Mapping[str, tuple[dt.date, dt.date]] | None = None,
) -> ClaimBook:
    """Claim a list of needs in one of the three modes, within every claimant's capacity.

    Kinds follow Xinzhou's rules: a special-hardship individual need is claimed
    personally by a cadre of a unit linked to its village (members whose home
    branch is that unit); a common need collectively by a linked unit; any
    other individual need by a linked unit (``LINKED``).  Capacity is the
    member's or unit's ``capacity`` less the live claims already in *book*.

    * ``GREEDY`` -- :func:`servicegov.assignment.greedy_assignment`: most
      urgent first, each to its best-ranked claimant with room.
    * ``STABLE`` -- :func:`servicegov.assignment.stable_assignment` on
      :func:`preferences`, ``optimal="need"`` or ``"claimant"``.
    * ``OPTIMAL`` -- :func:`servicegov.assignment.optimal_assignment` on
      :func:`weights` (needs the ``optimal`` extra).

    Args:
        needs: the needs to claim (already claimed needs in *book* are skipped).
        organisation: claimants come from here.
        mode: greedy, stable or optimal.
        on: the claim date; *due* defaults to 30 days later.
        priority: ``{need id: priority}``; :func:`default_priority` otherwise.
        optimal: the side a stable matching favours.
        stated: claimants' own stated preferences (see :func:`preferences`).
        rules: required skills.
        book: the claims so far (empty by default).
        schedule: ``{need id: (claimed on, due on)}`` overriding *on* and *due*
            for those needs (the pipeline claims each need when it was routed).

    Returns:
        *book* with one new claim per assigned need, ids ``"<need id>@<claimant>"``.

    Examples:
        >>> import datetime as dt
        >>> from servicegov.simulation import generate
        >>> d = generate("small", seed=0)
        >>> hard = [n for n in d.needs if n.scope.value == "individual"
        ...         and any(g.value == "special-hardship" for g in n.groups)]
        >>> books = {m: assign_claims(hard, d.organisation, mode=m, on=dt.date(2025, 4, 1))
        ...          for m in (ClaimMode.GREEDY, ClaimMode.STABLE)}
        >>> len(hard), {m.value: len(b.claims) for m, b in books.items()}
        (113, {'greedy': 113, 'stable': 113})
        >>> books[ClaimMode.GREEDY].by_kind()
        {'personal': 113}
    """
    arg_enum(ClaimMode, "mode", mode)
    base = book or ClaimBook()
    due_on = due or on + dt.timedelta(days=30)
    todo = [n for n in needs if not base.live_on(n.id)]
    by_id = {n.id: n for n in todo}
    need_prefs, claimant_prefs = preferences(todo, organisation, priority=priority, stated=stated,
                                             rules=rules)
    who: dict[str, Member | Unit] = {}
    for cid in claimant_prefs:
        who[cid] = _resolve(organisation, cid)
    caps = {cid: max(0, w.capacity - base.load(cid)) for cid, w in who.items()}
    pri = {n.id: (priority or {}).get(n.id, default_priority(n)) for n in todo}
    result: dict[str, str]
    if mode is ClaimMode.GREEDY:
        result = assignment.greedy_assignment(need_prefs, caps, priority=pri)
    elif mode is ClaimMode.STABLE:
        result = assignment.stable_assignment(need_prefs, claimant_prefs, caps, optimal=optimal)
    else:
        result = assignment.optimal_assignment(
            weights(todo, organisation, priority=priority, stated=stated, rules=rules), caps
        )
    new: list[Claim] = []
    for nid in sorted(result):
        cid = result[nid]
        kind, side = _kind_for(by_id[nid])
        w = who[cid]
        start_on, end_on = (schedule or {}).get(nid, (on, due_on))
        new.append(Claim(
            id=_fresh_id(base, f"{nid}@{cid}"), claimant=cid, claimant_kind=side, need_id=nid, kind=kind,
            claimed_on=start_on, due_on=end_on,
            through_branch=w.home_branch if isinstance(w, Member) else None,
        ))
    return attrs.evolve(base, claims=(*base.claims, *new))


# --------------------------------------------------------------------------- catalogue


def _matches(item: ServiceItem, m: Member, match: str) -> bool:
    if not item.skills:
        return True
    if match == "subset":
        return item.skills <= m.skills
    return bool(item.skills & m.skills)


@checked
def catalogue_claims(
    catalogue: Catalogue,
    organisation: Organisation,
    *,
    on: dt.date,
    due: dt.date | None = None,
    match: Literal["overlap", "subset"] = "overlap",
    stated: Mapping[str, Sequence[str]] | None = None,
    book: ClaimBook | None = None,
) -> ClaimBook:
    """Zhifu's voluntary catalogue claiming: members claim projects matching their skills.

    A member may claim a project of ``catalogue.items`` when they are in
    contact, the project's division is the division of one of their branches
    (home or activity: dual management lets a member serve where they live and
    where they work), and their skills match: ``"overlap"`` (the default) asks
    for at least one of the project's skills, ``"subset"`` for all of them; a
    project without skills matches anyone.  The claim goes through that branch
    (the home branch when both qualify).

    Projects take up to ``item.capacity`` members and members up to
    ``member.capacity`` projects: many-to-many.  It is solved as a draft, in
    rounds: in each round every member with room claims at most one more
    project, by the member-optimal stable matching
    (:func:`servicegov.assignment.stable_assignment` with the members on the
    proposing "need" side and projects as capacitated "claimants") of the
    projects' remaining places.  Each round is stable, no member gets the same
    project twice, and capacities hold; rounds run until nobody is placed.

    Members rank projects: stated ones first (*stated*: ``{member id: [codes]}``),
    then by the number of shared skills, then their home division first, then
    code.  Projects rank members by shared skills, then home-division members
    first, then id.

    Returns:
        *book* with ``VOLUNTARY`` project claims, ids ``"<code>@<member id>"``.

    Examples:
        >>> import datetime as dt
        >>> from servicegov.simulation import generate
        >>> d = generate("zhifu", seed=0)
        >>> book = catalogue_claims(d.catalogue, d.organisation, on=dt.date(2025, 4, 1))
        >>> len(book.claims) > 1000, book.by_kind().keys() == {"voluntary"}
        (True, True)
    """
    if match not in ("overlap", "subset"):
        raise InvalidValue.for_field("match", match, "'overlap' or 'subset'")
    base = book or ClaimBook()
    due_on = due or on + dt.timedelta(days=90)
    stated = stated or {}
    items_by_div: dict[str, list[ServiceItem]] = {}
    for it in catalogue.items:
        if it.division is not None:
            items_by_div.setdefault(it.division, []).append(it)
    items = {it.code: it for it in catalogue.items}
    # (member, code) -> branch the claim goes through
    through: dict[tuple[str, str], str] = {}
    member_rank: dict[str, list[str]] = {}
    project_score: dict[str, list[tuple[Any, ...]]] = {}
    members = {m.id: m for m in organisation.members if m.contact is ContactStatus.IN_CONTACT}
    held = {(c.claimant, c.project) for c in base.claims if c.live and c.project is not None}
    for m in members.values():
        scored: list[tuple[Any, ...]] = []
        branches = [m.home_branch, *sorted(m.branches - {m.home_branch})]
        for b in branches:
            if not organisation.has_unit(b):
                continue
            div = organisation.unit(b).division
            for it in items_by_div.get(div, ()):
                key = (m.id, it.code)
                if key in through or key in held or not _matches(it, m, match):
                    continue
                through[key] = b
                shared = len(it.skills & m.skills)
                home = div == m.division
                scored.append((-shared, not home, it.code))
                project_score.setdefault(it.code, []).append((-shared, not home, m.id))
        order = [t[2] for t in sorted(scored)]
        own = [c for c in stated.get(m.id, ()) if (m.id, c) in through]
        first = set(own)
        member_rank[m.id] = [*own, *(c for c in order if c not in first)]
    project_rank = {code: [t[2] for t in sorted(v)] for code, v in sorted(project_score.items())}
    room_m = {mid: max(0, members[mid].capacity - base.load(mid)) for mid in member_rank}
    room_p = {code: max(0, it.capacity - len(base.live_on(code))) for code, it in items.items()}
    got: set[tuple[str, str]] = set()
    new: list[Claim] = []
    while True:
        need_prefs = {
            mid: [c for c in ranks if room_p.get(c, 0) and (mid, c) not in got]
            for mid, ranks in member_rank.items() if room_m[mid]
        }
        need_prefs = {k: v for k, v in need_prefs.items() if v}
        if not need_prefs:
            break
        caps = {c: room_p[c] for c in project_rank if room_p.get(c, 0)}
        prefs_p = {c: project_rank[c] for c in caps}
        result = assignment.stable_assignment(need_prefs, prefs_p, caps, optimal="need")
        if not result:
            break
        for mid in sorted(result):
            code = result[mid]
            got.add((mid, code))
            room_m[mid] -= 1
            room_p[code] -= 1
            new.append(Claim(
                id=_fresh_id(base, f"{code}@{mid}"), claimant=mid, claimant_kind=ClaimantKind.MEMBER,
                project=code, kind=ClaimKind.VOLUNTARY, claimed_on=on, due_on=due_on,
                through_branch=through[(mid, code)],
            ))
    new.sort(key=lambda c: c.id)
    return attrs.evolve(base, claims=(*base.claims, *new))
