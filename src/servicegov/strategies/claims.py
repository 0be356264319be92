"""Strategies for :mod:`servicegov.claims`: claims, claim rules, wait lists, offers and claim books."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from servicegov import claims as claims_mod
from servicegov.needs import Catalogue
from servicegov.strategies._common import (
    _CLAIM_SHARE,
    _DATE,
    _ID,
    _SKILLS,
    _check_catalogue,
    _check_size,
    _check_strategy,
)

__all__ = ["claim_books", "claim_rules", "claims", "offers", "wait_entries", "wait_lists"]


def __dir__() -> list[str]:
    return __all__


_MEMBER_CLAIMS = (claims_mod.ClaimKind.PERSONAL, claims_mod.ClaimKind.VOLUNTARY)


@st.composite
def _claims(draw: st.DrawFn, ids: st.SearchStrategy[str], max_steps: int) -> claims_mod.Claim:
    kind = draw(st.sampled_from(claims_mod.ClaimKind))
    member = kind in _MEMBER_CLAIMS
    # Only a voluntary claim may be of a catalogue project rather than a need.
    project = draw(_ID) if kind is claims_mod.ClaimKind.VOLUNTARY and draw(st.booleans()) else None
    claimed_on = draw(_DATE)
    c = claims_mod.Claim(
        id=draw(ids),
        claimant=draw(_ID),
        claimant_kind=claims_mod.ClaimantKind.MEMBER if member else claims_mod.ClaimantKind.UNIT,
        need_id=None if project is not None else draw(_ID),
        project=project,
        kind=kind,
        claimed_on=claimed_on,
        due_on=claimed_on + dt.timedelta(days=draw(st.integers(0, 90))),
        through_branch=draw(st.none() | _ID) if member else None,
        share=draw(_CLAIM_SHARE),
    )
    # Then a few legal moves, each dated on or after the one before.
    on = claimed_on
    for _ in range(draw(st.integers(0, max_steps))):
        if not c.live:
            break
        on += dt.timedelta(days=draw(st.integers(0, 30)))
        step = draw(st.sampled_from(("start", "progress", "fulfil", "withdraw", "lapse")))
        if step == "start" and c.status is claims_mod.ClaimStatus.CLAIMED:
            c = claims_mod.begin(c, on=on)
        elif step in ("start", "progress"):
            # A share done at least as large as the last one reported, below 1.
            done = c.fulfilled + (1 - c.fulfilled) * draw(st.integers(1, 9)) / 10
            c = claims_mod.report_progress(c, done if done < 1 else c.fulfilled, on=on)
        elif step == "fulfil":
            c = claims_mod.fulfil(c, on=on)
        elif step == "withdraw":
            c = claims_mod.withdraw(c, on=on)
        else:
            c = claims_mod.lapse(c, on=on)
    return c


def claims(
    *, ids: st.SearchStrategy[str] | None = None, max_steps: int = 3
) -> st.SearchStrategy[claims_mod.Claim]:
    """Claims of a need, or for a voluntary claim sometimes of a catalogue project,
    by a member (personal and voluntary claims, perhaps through a branch) or a unit
    (collective and linked claims), due on or after the day they were claimed,
    with ids from *ids* (default: short ids), then moved on up to *max_steps*
    times by :func:`~servicegov.claims.begin`,
    :func:`~servicegov.claims.report_progress`, :func:`~servicegov.claims.fulfil`,
    :func:`~servicegov.claims.withdraw` or :func:`~servicegov.claims.lapse`, so
    the status, the share done and the history always agree.

    Shrinks towards a personal claim, claimed and due on 2000-01-01, never moved on.

    Raises:
        InvalidArgument: when *max_steps* is negative or *ids* is not a strategy.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(claims())
        ... def check(claim):
        ...     assert claim.history[0] == (claim.claimed_on, claims_mod.ClaimStatus.CLAIMED)
        ...     assert claim.history[-1][1] is claim.status
        >>> check()
    """
    _check_strategy("ids", ids)
    _check_size("max_steps", max_steps, "max_steps", None)
    return _claims(ids if ids is not None else _ID, max_steps)


def claim_rules(*, catalogue: Catalogue | None = None) -> st.SearchStrategy[claims_mod.ClaimRules]:
    """Claim rules: the skills a member needs for some categories of *catalogue*
    (default: the 16), one to three skills each, and whether common needs may
    have co-claimants.

    Shrinks towards no required skills and no co-claimants.

    Examples:
        >>> from servicegov.needs import DEFAULT_CATALOGUE
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(claim_rules())
        ... def check(rules):
        ...     assert all(code in DEFAULT_CATALOGUE and skills for code, skills in rules.required_skills)
        >>> check()
    """
    cat = _check_catalogue(catalogue)
    return st.builds(
        claims_mod.ClaimRules,
        required_skills=st.dictionaries(
            st.sampled_from(cat.codes),
            st.frozensets(st.sampled_from(_SKILLS), min_size=1, max_size=3),
            max_size=3,
        ),
        co_claimants=st.booleans(),
    )


def wait_entries() -> st.SearchStrategy[claims_mod.WaitEntry]:
    """Wait-list entries: a request (a need id, project code or claimant id) and the day it joined.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(wait_entries())
        ... def check(entry):
        ...     assert entry.request
        >>> check()
    """
    return st.builds(claims_mod.WaitEntry, request=_ID, joined=_DATE)


@st.composite
def _wait_lists(draw: st.DrawFn, max_size: int) -> claims_mod.WaitList:
    requests = draw(st.lists(_ID, max_size=max_size, unique=True))
    days = sorted(draw(st.lists(_DATE, min_size=len(requests), max_size=len(requests))))
    return claims_mod.WaitList(
        target=draw(_ID),
        entries=[claims_mod.WaitEntry(request=r, joined=d) for r, d in zip(requests, days, strict=True)],
    )


def wait_lists(*, max_size: int = 4) -> st.SearchStrategy[claims_mod.WaitList]:
    """Wait lists of a full claimant or project: up to *max_size* distinct requests,
    first in first out, so they joined in order.

    Shrinks towards an empty wait list.

    Raises:
        InvalidArgument: when *max_size* is negative.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(wait_lists())
        ... def check(w):
        ...     assert [e.joined for e in w.entries] == sorted(e.joined for e in w.entries)
        >>> check()
    """
    _check_size("max_size", max_size, "max_size", None)
    return _wait_lists(max_size)


def offers() -> st.SearchStrategy[claims_mod.Offer]:
    """Offers of a freed place: a target, the request offered it and the day.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(offers())
        ... def check(offer):
        ...     assert offer.target and offer.request
        >>> check()
    """
    return st.builds(claims_mod.Offer, target=_ID, request=_ID, on=_DATE)


@st.composite
def _claim_books(draw: st.DrawFn, max_size: int) -> claims_mod.ClaimBook:
    n = draw(st.integers(0, max_size))
    ids = draw(st.lists(_ID, min_size=n, max_size=n, unique=True))
    return claims_mod.ClaimBook(
        claims=[draw(_claims(st.just(i), 2)) for i in ids],
        wait_lists=draw(st.lists(wait_lists(max_size=3), max_size=2, unique_by=lambda w: w.target)),
        offers=draw(st.lists(offers(), max_size=2)),
    )


def claim_books(*, max_size: int = 6) -> st.SearchStrategy[claims_mod.ClaimBook]:
    """Claim books of up to *max_size* :func:`claims` with unique ids, wait lists
    of distinct targets, and offers.

    Shrinks towards the empty book.

    Raises:
        InvalidArgument: when *max_size* is negative.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(claim_books())
        ... def check(book):
        ...     assert len({c.id for c in book.claims}) == len(book.claims)
        >>> check()
    """
    _check_size("max_size", max_size, "max_size", None)
    return _claim_books(max_size)
