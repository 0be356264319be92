"""Matching algorithms that assign needs to claimants: greedy, stable and optimal.

Every function here is generic: needs and claimants are any hashable ids (strings
in practice), so the same code serves cadres claiming hardship needs in Xinzhou,
members claiming catalogue projects in Zhifu and simulated districts.  Each need
takes at most one claimant; each claimant takes at most its capacity.

* :func:`greedy_assignment` -- most urgent need first, best-fitting free claimant
  next.  Simple, explainable, not stable and not optimal.
* :func:`stable_assignment` -- hospitals/residents with capacities (Roth, 1984):
  no need and claimant would both rather be matched to each other than keep what
  they got.  ``optimal="need"`` is best for every need among stable matchings,
  ``optimal="claimant"`` is best for every claimant.
* :func:`optimal_assignment` -- the maximum total weight (needs the ``optimal``
  extra: numpy and scipy).
* :func:`blocking_pairs` -- checks any matching for stability.

The three assignment functions return a plain ``dict`` from need id to claimant
id, in a deterministic order; unassigned needs are absent.

The claimants named in ``capacities`` are the roster: a claimant named anywhere
else (in a preference list, a candidate list, a weight) must be on it, or the
call raises :class:`~servicegov.errors.UnknownReference`.  A claimant on the
roster with capacity 0 takes nothing.

Examples:
    >>> from servicegov.assignment import stable_assignment
    >>> need_prefs = {"n1": ["a", "b"], "n2": ["b", "a"]}
    >>> claimant_prefs = {"a": ["n2", "n1"], "b": ["n1", "n2"]}
    >>> stable_assignment(need_prefs, claimant_prefs, {"a": 1, "b": 1})
    {'n1': 'a', 'n2': 'b'}
    >>> stable_assignment(need_prefs, claimant_prefs, {"a": 1, "b": 1}, optimal="claimant")
    {'n1': 'b', 'n2': 'a'}
"""

from __future__ import annotations

import heapq
import math
import numbers
import sys
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from itertools import pairwise, repeat
from operator import itemgetter, ne
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from servicegov._arguments import checked
from servicegov.errors import DuplicateId, InvalidValue, MissingExtra, UnknownReference

if TYPE_CHECKING:
    from types import ModuleType

__all__ = [
    "Optimal",
    "blocking_pairs",
    "greedy_assignment",
    "optimal_assignment",
    "stable_assignment",
]


def __dir__() -> list[str]:
    return __all__


N = TypeVar("N", bound=Hashable)
C = TypeVar("C", bound=Hashable)

#: The side a stable matching favours: ``"need"`` or ``"claimant"``.
Optimal = Literal["need", "claimant"]

# Components of the weighted graph are solved in batches of whole components,
# up to this many needs each: one scipy call per tiny component costs more in
# call overhead than the solve, and one call for many components grows faster
# than linearly.  Measured on 120 Xinzhou villages (400 needs each) and on
# 40,000 components of 3 needs: 256 to 512 are best on both; 64 is 45% slower on
# the tiny components, 2,048 is 40% to 100% slower on both.
_BATCH_ROWS = 256

_FLOAT_MAX = sys.float_info.max


# --------------------------------------------------------------------------- checks


def _capacities(capacities: Mapping[C, int]) -> dict[C, int]:
    out: dict[C, int] = {}
    for c, k in capacities.items():
        if isinstance(k, bool) or not isinstance(k, numbers.Integral) or k < 0:
            raise InvalidValue.for_field(f"capacities[{c!r}]", k, "an int >= 0")
        out[c] = int(k)
    return out


def _check_sequences(field: str, prefs: Mapping[Any, Any], what: str) -> None:
    """Every value must be an ordered sequence of ids (a string is a common slip)."""
    for t in set(map(type, prefs.values())):
        if issubclass(t, Sequence) and not issubclass(t, (str, bytes)):
            continue
        for key, value in prefs.items():
            if type(value) is t:
                raise InvalidValue.for_field(
                    f"{field}[{key!r}]", value, f"a sequence of {what} ids (a list or tuple)"
                )


def _check_unique(field: str, prefs: Mapping[Any, Sequence[Any]]) -> None:
    lists = prefs.values()
    if not any(map(ne, map(len, map(set, lists)), map(len, lists))):
        return
    for key, ids in prefs.items():
        seen: set[Any] = set()
        for i, x in enumerate(ids):
            if x in seen:
                raise DuplicateId.for_field(
                    f"{field}[{key!r}][{i}]", x, "listed only once in a preference list"
                )
            seen.add(x)


def _check_on_roster(field: str, lists: Mapping[Any, Iterable[Any]], roster: Collection[Any]) -> None:
    known = set(roster)
    if all(map(known.issuperset, lists.values())):
        return
    for key, ids in lists.items():
        for i, x in enumerate(ids):
            if x not in known:
                raise UnknownReference.for_field(
                    f"{field}[{key!r}][{i}]", x, "a claimant named in 'capacities'"
                )


def _check_prefs(
    need_prefs: Mapping[N, Sequence[C]],
    claimant_prefs: Mapping[C, Sequence[N]],
    capacities: Mapping[C, int],
) -> dict[C, int]:
    caps = _capacities(capacities)
    for c in claimant_prefs:
        if c not in caps:
            msg = (
                f"'capacities[{c!r}]' must be given for every claimant in 'claimant_prefs' "
                f"(got no entry for {c!r})"
            )
            raise UnknownReference(
                msg, field=f"capacities[{c!r}]", value=c, allowed="an entry for every claimant"
            )
    _check_sequences("need_prefs", need_prefs, "claimant")
    _check_sequences("claimant_prefs", claimant_prefs, "need")
    _check_on_roster("need_prefs", need_prefs, caps)
    return caps


def _sorted_if_possible(ids: Iterable[Any]) -> list[Any]:
    """Sort *ids* so results do not depend on dict order; keep the order if they do not sort."""
    ids = list(ids)
    try:
        return sorted(ids)
    except TypeError:
        return ids


# --------------------------------------------------------------------------- stable


@checked
def stable_assignment(
    need_prefs: Mapping[N, Sequence[C]],
    claimant_prefs: Mapping[C, Sequence[N]],
    capacities: Mapping[C, int],
    optimal: Optimal = "need",
) -> dict[N, C]:
    """Assign needs to claimants so that no need and claimant would rather pair up.

    This is the hospitals/residents problem with capacities: the needs are the
    residents (each takes at most one claimant) and the claimants the hospitals
    (each takes at most its capacity).  A pair is *acceptable* only if each side
    lists the other; an entry only one side lists is ignored, and so is a need in
    a claimant's list that is not a key of *need_prefs* (a claimant may rank a
    whole village's needs).  The result is *stable*: no acceptable pair (n, c)
    where n is unassigned or prefers c to its claimant, and c has room or prefers
    n to one of its needs.  Among all stable matchings:

    * ``optimal="need"`` (need-proposing deferred acceptance) gives every need
      the best claimant it can have in any stable matching -- fits when needs,
      or the office acting for them, choose: Xinzhou's district cadres claiming
      individual hardship needs through a publicised list.
    * ``optimal="claimant"`` (claimant-proposing, the hospital-oriented
      algorithm) gives every claimant the best set it can have -- fits voluntary
      claiming, where claimants pick: Zhifu's members claiming catalogue
      projects by their hobbies and skills.

    Both matchings are unique, so the result does not depend on the order of
    the mappings; it lists the assigned needs in the order of *need_prefs*.

    Args:
        need_prefs: for every need, the claimants it accepts, best first.
        claimant_prefs: for every claimant, the needs it accepts, best first.
            A claimant on the roster without an entry accepts no need.
        capacities: the roster: every claimant and the most needs it may take
            (an int >= 0).
        optimal: which side the matching favours, ``"need"`` or ``"claimant"``.

    Returns:
        ``{need: claimant}`` for the assigned needs.

    Raises:
        InvalidValue: a capacity is not an int >= 0, a preference list is not a
            sequence, or *optimal* is not ``"need"`` or ``"claimant"``.
        DuplicateId: a preference list names the same id twice.
        UnknownReference: a claimant in *claimant_prefs* or in a need's list has
            no entry in *capacities*.

    Examples:
        Gale and Shapley's (1962) example 2: three men and three women, each
        the first choice of someone who is their own last.  The men-optimal and
        the women-optimal stable matchings differ:

        >>> men = {"alpha": ["A", "B", "C"], "beta": ["B", "C", "A"], "gamma": ["C", "A", "B"]}
        >>> women = {"A": ["beta", "gamma", "alpha"], "B": ["gamma", "alpha", "beta"],
        ...          "C": ["alpha", "beta", "gamma"]}
        >>> one_each = {"A": 1, "B": 1, "C": 1}
        >>> stable_assignment(men, women, one_each)
        {'alpha': 'A', 'beta': 'B', 'gamma': 'C'}
        >>> stable_assignment(men, women, one_each, optimal="claimant")
        {'alpha': 'C', 'beta': 'A', 'gamma': 'B'}

        Every claimant needs a capacity:

        >>> stable_assignment(men, women, {"A": 1, "B": 1})
        Traceback (most recent call last):
            ...
        servicegov.errors.UnknownReference: 'capacities['C']' must be given for every
        claimant in 'claimant_prefs' (got no entry for 'C')
    """
    if optimal not in ("need", "claimant"):
        raise InvalidValue.for_field("optimal", optimal, "'need' or 'claimant'")
    caps = _check_prefs(need_prefs, claimant_prefs, capacities)
    if optimal == "need":
        return _need_proposing(need_prefs, claimant_prefs, caps)
    return _claimant_proposing(need_prefs, claimant_prefs, caps)


def _rank_tables(field: str, prefs: Mapping[Any, Sequence[Any]]) -> dict[Any, dict[Any, int]]:
    """``{owner: {listed: position}}``; a table shorter than its list means a duplicate."""
    tables = {key: dict(zip(ids, range(len(ids)), strict=True)) for key, ids in prefs.items()}
    if any(map(ne, map(len, tables.values()), map(len, prefs.values()))):
        _check_unique(field, prefs)
    return tables


def _need_proposing(
    need_prefs: Mapping[N, Sequence[C]],
    claimant_prefs: Mapping[C, Sequence[N]],
    caps: dict[C, int],
) -> dict[N, C]:
    _check_unique("need_prefs", need_prefs)
    ranks = _rank_tables("claimant_prefs", claimant_prefs)
    no_one: dict[Any, int] = {}
    # One lookup per proposal gives the claimant's ranking, held needs and capacity.
    state: dict[Any, tuple[dict[Any, int], list[int], int]] = {
        c: (ranks.get(c, no_one) if k else no_one, [], k) for c, k in caps.items()
    }
    needs = list(need_prefs)
    lists = list(need_prefs.values())
    count = len(needs)
    nxt = [0] * count
    free = list(range(count - 1, -1, -1))
    pop, push_free = free.pop, free.append
    heappush, heapreplace = heapq.heappush, heapq.heapreplace
    # A held need is the int -(rank * count + need): the heap top is the worst.
    while free:
        n = pop()
        need = needs[n]
        ids = lists[n]
        i = nxt[n]
        end = len(ids)
        while i < end:
            table, held, cap = state[ids[i]]
            i += 1
            r = table.get(need)
            if r is None:
                continue
            key = -(r * count + n)
            if len(held) < cap:
                heappush(held, key)
                break
            if key > held[0]:
                push_free(-heapreplace(held, key) % count)
                break
        nxt[n] = i
    assigned: list[Any] = [None] * count
    for c, (_, held, _) in state.items():
        for key in held:
            assigned[-key % count] = c
    return {need: c for need, c in zip(needs, assigned, strict=True) if c is not None}


def _claimant_proposing(
    need_prefs: Mapping[N, Sequence[C]],
    claimant_prefs: Mapping[C, Sequence[N]],
    caps: dict[C, int],
) -> dict[N, C]:
    _check_unique("need_prefs", need_prefs)
    _check_unique("claimant_prefs", claimant_prefs)
    claimants = list(claimant_prefs)
    lists = list(claimant_prefs.values())
    width = len(claimants)
    room = [caps[c] for c in claimants]
    nxt = [0] * width
    # holder[need] = rank * width + claimant: the smaller, the better for the need.
    holder: dict[Any, int] = {}
    # A need's list is short, so finding a claimant in it beats building a rank
    # table per need (measured: about 30% faster on the district benchmark).
    prefs_of = need_prefs.get
    free = [c for c in range(width - 1, -1, -1) if room[c] and lists[c]]
    while free:
        c = free.pop()
        claimant = claimants[c]
        ids = lists[c]
        i = nxt[c]
        end = len(ids)
        left = room[c]
        while left and i < end:
            need = ids[i]
            i += 1
            prefs = prefs_of(need)
            if prefs is None or claimant not in prefs:
                continue
            key = prefs.index(claimant) * width + c
            old = holder.get(need)
            if old is None:
                holder[need] = key
                left -= 1
            elif key < old:
                holder[need] = key
                left -= 1
                old %= width
                room[old] += 1
                if room[old] == 1:
                    free.append(old)
        room[c] = left
        nxt[c] = i
    return {need: claimants[holder[need] % width] for need in need_prefs if need in holder}


@checked
def blocking_pairs(
    matching: Mapping[N, C],
    need_prefs: Mapping[N, Sequence[C]],
    claimant_prefs: Mapping[C, Sequence[N]],
    capacities: Mapping[C, int],
) -> list[tuple[N, C]]:
    """List the pairs that would rather be matched to each other than keep *matching*.

    A pair (n, c) blocks when both list each other, n is unassigned or prefers c
    to its claimant, and c has room or prefers n to one of the needs it holds.
    A need matched to a claimant it does not accept prefers every claimant it
    accepts, and likewise for claimants.  A matching is stable when the list is
    empty.

    Args:
        matching: ``{need: claimant}``, for example a result of this module.
        need_prefs: as for :func:`stable_assignment`.
        claimant_prefs: as for :func:`stable_assignment`.
        capacities: as for :func:`stable_assignment`.

    Returns:
        The blocking pairs ``(need, claimant)``, in the order of *need_prefs* and
        then of each need's preferences.

    Raises:
        InvalidValue: as for :func:`stable_assignment`.
        DuplicateId: as for :func:`stable_assignment`.
        UnknownReference: as for :func:`stable_assignment`, or *matching* names a
            claimant without an entry in *capacities*.

    Examples:
        >>> need_prefs = {"n1": ["a", "b"], "n2": ["b", "a"]}
        >>> claimant_prefs = {"a": ["n2", "n1"], "b": ["n1", "n2"]}
        >>> caps = {"a": 1, "b": 1}
        >>> blocking_pairs({"n1": "a", "n2": "b"}, need_prefs, claimant_prefs, caps)
        []
        >>> blocking_pairs({"n1": "b", "n2": "a"}, need_prefs, claimant_prefs, caps)
        []
        >>> blocking_pairs({"n1": "a"}, need_prefs, claimant_prefs, caps)
        [('n2', 'b'), ('n2', 'a')]
    """
    caps = _check_prefs(need_prefs, claimant_prefs, capacities)
    _check_unique("need_prefs", need_prefs)
    ranks = _rank_tables("claimant_prefs", claimant_prefs)
    held: dict[C, list[N]] = {}
    for n, c in matching.items():
        if c not in caps:
            raise UnknownReference.for_field(f"matching[{n!r}]", c, "a claimant named in 'capacities'")
        held.setdefault(c, []).append(n)
    for c, ns in held.items():
        # An over-capacity matching is not a matching: no list of pairs could call it stable.
        if len(ns) > caps[c]:
            raise InvalidValue.for_field(
                "matching", f"{len(ns)} needs for {c!r}",
                f"at most capacities[{c!r}] = {caps[c]} needs per claimant",
            )
    unacceptable = math.inf
    worst: dict[C, float] = {
        c: max(ranks.get(c, {}).get(n, unacceptable) for n in ns) for c, ns in held.items()
    }
    out: list[tuple[N, C]] = []
    for n, ids in need_prefs.items():
        current = matching.get(n)
        for c in ids:
            if c == current:
                break
            r = ranks.get(c, {}).get(n)
            if r is None:
                continue
            holds = held.get(c)
            if (caps[c] > 0) if holds is None else (len(holds) < caps[c] or r < worst[c]):
                out.append((n, c))
    return out


# --------------------------------------------------------------------------- greedy


@checked
def greedy_assignment(
    candidates: Mapping[N, Sequence[C]],
    capacities: Mapping[C, int],
    *,
    priority: Mapping[N, float] | None = None,
) -> dict[N, C]:
    """Assign the most urgent needs first, each to its best-fitting claimant with room.

    Needs are taken by descending *priority*, ties by ascending need id (by
    their order in *candidates* if the ids cannot be sorted); each takes the
    first claimant in its candidate list that still has room.  This is the rule
    "most urgent, most needed, most hoped-for" (最急、最需、最盼) applied to
    claiming: easy to explain and to publicise, but a less urgent need may lose
    a claimant that a later, more flexible need could have left to it.

    Args:
        candidates: for every need, the claimants that may take it, best fit first.
        capacities: the roster: every claimant and the most needs it may take.
        priority: the urgency of every need in *candidates* (higher first);
            extra keys are ignored.  ``None`` treats all needs as equally urgent.

    Returns:
        ``{need: claimant}`` for the assigned needs, in the order they were assigned.

    Raises:
        InvalidValue: a capacity is not an int >= 0, a priority is not a real
            number or is NaN, or a candidate list is not a sequence.
        DuplicateId: a candidate list names a claimant twice.
        UnknownReference: a need has no priority, or a candidate has no entry
            in *capacities*.

    Examples:
        >>> candidates = {"n1": ["a", "b"], "n2": ["a"], "n3": ["a", "b"]}
        >>> greedy_assignment(candidates, {"a": 1, "b": 1}, priority={"n1": 1, "n2": 5, "n3": 1})
        {'n2': 'a', 'n1': 'b'}
        >>> greedy_assignment(candidates, {"a": 1, "b": 1})
        {'n1': 'a', 'n3': 'b'}
    """
    caps = _capacities(capacities)
    _check_sequences("candidates", candidates, "claimant")
    _check_unique("candidates", candidates)
    _check_on_roster("candidates", candidates, caps)
    order = _sorted_if_possible(candidates)
    if priority is not None:
        urgency: dict[N, float] = {}
        for n in order:
            if n not in priority:
                raise UnknownReference.for_field(
                    f"priority[{n!r}]", None, "given for every need in 'candidates'"
                )
            p = priority[n]
            if isinstance(p, bool) or not isinstance(p, numbers.Real) or math.isnan(p):
                raise InvalidValue.for_field(f"priority[{n!r}]", p, "a real number, not NaN")
            urgency[n] = -float(p)
        order.sort(key=urgency.__getitem__)
    room = dict(caps)
    out: dict[N, C] = {}
    for n in order:
        for c in candidates[n]:
            if room[c]:
                room[c] -= 1
                out[n] = c
                break
    return out


# --------------------------------------------------------------------------- optimal


def _import_optimal() -> tuple[ModuleType, Any]:
    try:
        import numpy
        from scipy.sparse import csgraph
    except ImportError as exc:
        package = (exc.name or "scipy").partition(".")[0]
        raise MissingExtra.for_extra("optimal", package) from exc
    return numpy, csgraph


@checked
def optimal_assignment(
    weights: Mapping[tuple[N, C], float],
    capacities: Mapping[C, int],
) -> dict[N, C]:
    """Assign needs to claimants for the largest total weight.

    Each need takes at most one claimant and each claimant at most its
    capacity; only the pairs in *weights* are allowed.  This is maximum *weight*,
    not maximum cardinality: a need stays unassigned rather than take a pair
    whose weight is zero or negative, since such a pair cannot raise the total.
    Fits when a planner weighs fit, distance and urgency and wants the best
    overall plan, not only one nobody wants to leave.

    The problem is solved exactly (up to floating-point rounding) as a linear
    assignment on each connected component of the need--claimant graph,
    with each claimant split into as many slots as it can use, by scipy's
    sparse LAPJVsp.  Components are found automatically, so a district whose
    villages do not share claimants costs about as much as its villages solved
    one by one.  One very large component (every need weighing claimants across
    the whole district) is much slower than the same pairs in many components.

    Ties are broken deterministically: the same input gives the same result,
    and when the ids sort (strings do) the result does not depend on the order
    of the mappings either.  The result lists the needs in that sorted order.

    Args:
        weights: ``{(need, claimant): weight}`` for every allowed pair; weights
            are finite real numbers.
        capacities: the roster: every claimant and the most needs it may take.

    Returns:
        ``{need: claimant}`` for the assigned needs.

    Raises:
        MissingExtra: numpy or scipy is not installed (``pip install 'servicegov[optimal]'``).
        InvalidValue: a key is not a ``(need, claimant)`` pair, a weight is not
            a finite real number, or a capacity is not an int >= 0.
        UnknownReference: a pair names a claimant without an entry in *capacities*.

    Examples:
        >>> w = {("n1", "a"): 5, ("n1", "b"): 4, ("n2", "a"): 4, ("n3", "b"): 1}
        >>> optimal_assignment(w, {"a": 1, "b": 1})
        {'n1': 'b', 'n2': 'a'}
        >>> optimal_assignment(w, {"a": 2, "b": 1})
        {'n1': 'a', 'n2': 'a', 'n3': 'b'}
        >>> optimal_assignment({("n1", "a"): -1.0}, {"a": 1})
        {}
    """
    np, csgraph = _import_optimal()
    caps = _capacities(capacities)
    keys = list(weights)
    _check_pairs(keys)
    values = _check_weights(np, weights, keys)
    if not keys:
        return {}

    roster = _sorted_if_possible(caps)
    column = dict(zip(roster, range(len(roster)), strict=True))
    needs = _sorted_if_possible(dict.fromkeys(map(itemgetter(0), keys)))
    row = dict(zip(needs, range(len(needs)), strict=True))
    try:
        claimant_of_edge = np.fromiter(
            map(column.__getitem__, map(itemgetter(1), keys)), dtype=np.intp, count=len(keys)
        )
    except KeyError:
        for key in keys:
            if key[1] not in column:
                raise UnknownReference.for_field(
                    f"weights[{key!r}]", key[1], "a pair whose claimant is named in 'capacities'"
                ) from None
        raise  # pragma: no cover - a KeyError always has its key in `keys`
    need_of_edge = np.fromiter(map(row.__getitem__, map(itemgetter(0), keys)), dtype=np.intp, count=len(keys))
    # A claimant can use no more slots than there are pairs, so a capacity
    # beyond that (even one too large for a machine integer) changes nothing.
    most = len(weights)
    cap = np.array([min(caps[c], most) for c in roster], dtype=np.intp)
    if values.max() > _FLOAT_MAX / 4:
        # The solver works with twice the weights; a power of two scales exactly.
        values = np.ldexp(values, -2)
    keep = (values > 0) & (cap[claimant_of_edge] > 0)
    pairs = _solve(np, csgraph, need_of_edge[keep], claimant_of_edge[keep], values[keep], cap, len(needs))
    return dict(zip(map(needs.__getitem__, pairs[0]), map(roster.__getitem__, pairs[1]), strict=True))


def _check_pairs(keys: list[Any]) -> None:
    if all(map(isinstance, keys, repeat(tuple))) and set(map(len, keys)) <= {2}:
        return
    for key in keys:
        if not isinstance(key, tuple) or len(key) != 2:
            raise InvalidValue.for_field("weights", key, "keyed by (need, claimant) pairs")


def _check_weights(np: Any, weights: Mapping[Any, float], keys: list[Any]) -> Any:
    for t in set(map(type, weights.values())):
        if issubclass(t, numbers.Real) and not issubclass(t, bool):
            continue
        for key in keys:
            if type(weights[key]) is t:
                raise InvalidValue.for_field(f"weights[{key!r}]", weights[key], "a real number")
    try:
        values = np.fromiter(weights.values(), dtype=np.float64, count=len(keys))
    except OverflowError:  # an int too large for a float
        values = None
    if values is None or not np.isfinite(values).all():
        for key in keys:
            w = weights[key]
            if not (-_FLOAT_MAX <= w <= _FLOAT_MAX):
                raise InvalidValue.for_field(f"weights[{key!r}]", w, "a finite number")
    return values


def _batch_cuts(component_ends: list[int], n_rows: int, limit: int) -> list[int]:
    """Cut rows ``0..n_rows`` into batches of whole components of at most *limit* rows.

    *component_ends* are the row numbers where one component ends and the next
    begins.  A component larger than *limit* makes a batch of its own.  Returns
    the cuts, from 0 to *n_rows*.
    """
    cuts = [0]
    previous = 0
    for end in [*component_ends, n_rows]:
        if end - cuts[-1] > limit and previous > cuts[-1]:
            cuts.append(previous)
        previous = end
    cuts.append(n_rows)
    return cuts


def _solve(
    np: Any,
    csgraph: Any,
    need_of_edge: Any,
    claimant_of_edge: Any,
    weight: Any,
    cap: Any,
    n_needs: int,
) -> tuple[list[int], list[int]]:
    """Solve every component; return (need codes, claimant codes) of the chosen pairs."""
    if not len(weight):
        return [], []
    from scipy.sparse import coo_array, csr_array

    n_claimants = len(cap)
    size = n_needs + n_claimants
    graph = coo_array(
        (np.ones(len(weight), dtype=np.int8), (need_of_edge, n_needs + claimant_of_edge)),
        shape=(size, size),
    )
    _, label = csgraph.connected_components(graph, directed=False)

    # Edges by (component, need, claimant): the rows and slot columns of one
    # component are then contiguous, and the order does not depend on the input's.
    order = np.lexsort((claimant_of_edge, need_of_edge, label[need_of_edge]))
    e_need = need_of_edge[order]
    e_claimant = claimant_of_edge[order]
    e_weight = weight[order]
    new_row = np.r_[True, e_need[1:] != e_need[:-1]]
    e_row = np.cumsum(new_row) - 1
    first_of_row = np.flatnonzero(new_row)
    row_need = e_need[first_of_row]
    row_label = label[row_need]

    # Each claimant becomes as many slot columns as it can use: its capacity,
    # or fewer when fewer needs weigh it.
    degree = np.bincount(e_claimant, minlength=n_claimants)
    used = np.flatnonzero(degree)
    used = used[np.argsort(label[n_needs + used], kind="stable")]
    used_label = label[n_needs + used]
    slots = np.minimum(cap[used], degree[used])
    slot_end = np.cumsum(slots)
    slot_start = slot_end - slots
    position = np.empty(n_claimants, dtype=np.intp)
    position[used] = np.arange(len(used))
    e_reps = slots[position[e_claimant]]
    e_first_slot = slot_start[position[e_claimant]]

    # Every row is matched exactly once (to a slot or to its own "unassigned"
    # column), so adding a constant to a row keeps the optimum.  Shifting by
    # twice the row's best weight makes every cost positive, as LAPJVsp needs,
    # and keeps each row's costs on the scale of its own weights.
    shift = 2.0 * np.maximum.reduceat(e_weight, first_of_row)
    e_cost = shift[e_row] - e_weight

    component_ends = np.flatnonzero(row_label[1:] != row_label[:-1]) + 1
    cuts = _batch_cuts(component_ends.tolist(), len(row_need), _BATCH_ROWS)

    chosen_need: list[Any] = []
    chosen_slot: list[Any] = []
    n_edges = len(e_need)
    for r0, r1 in pairwise(cuts):
        rows = r1 - r0
        e0 = int(first_of_row[r0])
        e1 = int(first_of_row[r1]) if r1 < len(first_of_row) else n_edges
        k0 = int(np.searchsorted(used_label, row_label[r0], "left"))
        k1 = int(np.searchsorted(used_label, row_label[r1 - 1], "right"))
        base = int(slot_start[k0])
        width = int(slot_end[k1 - 1]) - base

        reps = e_reps[e0:e1]
        n_pairs = int(reps.sum())
        offset = np.arange(n_pairs) - np.repeat(np.cumsum(reps) - reps, reps)
        pair_col = np.repeat(e_first_slot[e0:e1] - base, reps) + offset
        pair_row = np.repeat(e_row[e0:e1] - r0, reps)
        indptr = np.zeros(rows + 1, dtype=np.intp)
        np.cumsum(np.bincount(pair_row, minlength=rows) + 1, out=indptr[1:])
        own = indptr[1:] - 1
        is_pair = np.ones(n_pairs + rows, dtype=bool)
        is_pair[own] = False
        indices = np.empty(n_pairs + rows, dtype=np.intp)
        indices[is_pair] = pair_col
        indices[own] = np.arange(width, width + rows)
        data = np.empty(n_pairs + rows, dtype=np.float64)
        data[is_pair] = np.repeat(e_cost[e0:e1], reps)
        data[own] = shift[r0:r1]

        matrix = csr_array((data, indices, indptr), shape=(rows, width + rows))
        row, col = csgraph.min_weight_full_bipartite_matching(matrix)
        took = col < width
        chosen_need.append(row_need[r0 + row[took]])
        chosen_slot.append(col[took] + base)

    need = np.concatenate(chosen_need)
    claimant = np.repeat(used, slots)[np.concatenate(chosen_slot)]
    by_need = np.argsort(need, kind="stable")
    return need[by_need].tolist(), claimant[by_need].tolist()
