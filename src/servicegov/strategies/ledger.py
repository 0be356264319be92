"""Strategies for :mod:`servicegov.ledger`: ledgers, spans and case mixes."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from servicegov import ledger
from servicegov import lifecycle as lc
from servicegov.org import Tier
from servicegov.strategies._common import _DATE, _ID, _check_size
from servicegov.strategies.pipeline import reports

__all__ = ["case_mixes", "ledgers", "spans"]


def __dir__() -> list[str]:
    return __all__


@st.composite
def _ledgers(draw: st.DrawFn, max_needs: int) -> ledger.Ledger:
    report = draw(reports(max_needs=max_needs))
    histories = [
        report.history(n)
        for n, o in report.outcomes.items()
        if o.merged_into is None and report.history(n)[0].on <= report.as_of
    ]
    return ledger.ledger(histories, as_of=report.as_of)


def ledgers(*, max_needs: int = 10) -> st.SearchStrategy[ledger.Ledger]:
    """Ledgers of the histories of a :func:`reports` report of up to *max_needs* needs,
    so every span comes from a history that replays.

    Shrinks towards the ledger of a district with no needs.

    Raises:
        InvalidArgument: when *max_needs* is negative.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(ledgers(max_needs=5))
        ... def check(book):
        ...     assert all(s.received <= (s.left or book.as_of) or s.is_open for s in book.spans)
        >>> check()
    """
    _check_size("max_needs", max_needs, "max_needs", None)
    return _ledgers(max_needs)


@st.composite
def _spans(draw: st.DrawFn) -> ledger.Span:
    received = draw(_DATE)
    left = draw(st.none() | st.integers(0, 60).map(lambda k: received + dt.timedelta(days=k)))
    how = (
        ledger.Left.OPEN
        if left is None
        else draw(st.sampled_from([h for h in ledger.Left if h is not ledger.Left.OPEN]))
    )
    return ledger.Span(
        need_id=draw(_ID),
        holder=draw(_ID),
        holder_kind=draw(st.sampled_from(list(ledger.HolderKind))),
        tier=draw(st.none() | st.sampled_from(list(Tier))),
        received=received,
        due=draw(st.none() | st.integers(0, 60).map(lambda k: received + dt.timedelta(days=k))),
        left=left,
        how=how,
        why=draw(st.sampled_from(list(lc.EscalationReason))) if how is ledger.Left.PASSED_UP else None,
    )


def spans() -> st.SearchStrategy[ledger.Span]:
    """Holding spans: open, or left on or after they were received, with a why
    exactly when passed up, and any due date.

    Shrinks towards an open span without a due date.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(spans())
        ... def check(s):
        ...     assert s.is_open == (s.left is None)
        >>> check()
    """
    return _spans()


@st.composite
def _case_mixes(draw: st.DrawFn) -> ledger.CaseMix:
    book = draw(ledgers(max_needs=8))
    strata = {s.need_id: draw(st.sampled_from(["a", "b"])) for s in book.spans}
    mixes = book.case_mix(strata)
    if not mixes:
        return ledger.CaseMix(spans=0, breaches=0, expected=0.0, ratio=None)
    return draw(st.sampled_from([mixes[k] for k in sorted(mixes)]))


def case_mixes() -> st.SearchStrategy[ledger.CaseMix]:
    """One holder's :meth:`~servicegov.ledger.Ledger.case_mix` in a :func:`ledgers`
    ledger whose needs fall in two strata at random.

    Shrinks towards the empty case mix.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(case_mixes())
        ... def check(mix):
        ...     assert mix.breaches <= mix.spans
        >>> check()
    """
    return _case_mixes()
