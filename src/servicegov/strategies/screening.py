"""Strategies for :mod:`servicegov.screening`: rules, policies, screenings,
keyword tables, candidates and consolidations.
"""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from servicegov.divisions import Level
from servicegov.needs import DEFAULT_CATALOGUE, Catalogue, CollectionChannel, Group, Need, NeedKind, Scope
from servicegov.screening import (
    DEFAULT_RULES,
    Candidate,
    Consolidation,
    Eligibility,
    Emphasis,
    Finding,
    KeywordTable,
    Reason,
    Screening,
    ScreeningPolicy,
    ScreeningRules,
    consolidate,
    screen,
)
from servicegov.strategies._common import (
    _ID,
    _check_catalogue,
    _check_size,
    _dates,
    _floats,
    _ids,
    _texts,
    division_codes,
)
from servicegov.strategies.needs import _GOODS, _needs, needs

__all__ = [
    "candidates",
    "consolidations",
    "eligibilities",
    "emphases",
    "findings",
    "keyword_tables",
    "screening_policies",
    "screening_rules",
    "screenings",
]


def __dir__() -> list[str]:
    return __all__


_KEYWORD_ALPHABET = "路灯水电房医药学老人孩子打电话视频补贴培训就业垃圾调解文化看望"


def findings() -> st.SearchStrategy[Finding]:
    """Findings: a reason and its detail text.

    Shrinks towards an "unrealistic" finding with an empty detail.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(findings())
        ... def check(finding):
        ...     assert isinstance(finding.reason, Reason)
        >>> check()
    """
    return st.builds(Finding, reason=st.sampled_from(Reason), detail=_texts())


def emphases() -> st.SearchStrategy[Emphasis]:
    """Emphases: a kind of need and the groups it emphasises (possibly none).

    Shrinks towards development needs emphasising no group.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(emphases())
        ... def check(emphasis):
        ...     assert emphasis.groups <= set(Group)
        >>> check()
    """
    return st.builds(Emphasis, kind=st.sampled_from(NeedKind), groups=st.frozensets(st.sampled_from(Group)))


def eligibilities(*, catalogue: Catalogue | None = None) -> st.SearchStrategy[Eligibility]:
    """Eligibility rules: a category of *catalogue* (default: the 16) open to one or
    more groups.

    Shrinks towards the first category open to prosperity seekers.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(eligibilities())
        ... def check(eligibility):
        ...     assert eligibility.category in DEFAULT_CATALOGUE and eligibility.groups
        >>> check()
    """
    cat = _check_catalogue(catalogue)
    return st.builds(
        Eligibility,
        category=st.sampled_from(cat.codes),
        groups=st.frozensets(st.sampled_from(Group), min_size=1),
    )


@st.composite
def _screening_rules(draw: st.DrawFn, cat: Catalogue) -> ScreeningRules:
    weights = draw(st.tuples(_floats(0.0, 1.0), _floats(0.0, 1.0), _floats(0.0, 1.0)))
    if sum(weights) < 1e-3:
        # Near-zero weights would make the weighted mean meaningless; urgency alone decides.
        weights = (1.0, *weights[1:])
    max_ind = draw(_floats(0.0, 1e6))
    max_com = draw(_floats(0.0, 1e8))
    return ScreeningRules(
        effective_from=draw(_dates()),
        description=draw(_texts()),
        reference=draw(_texts()),
        weights=weights,
        emphasis=draw(st.lists(emphases(), max_size=3, unique_by=lambda e: e.kind)),
        emphasis_boost=draw(_floats(0.0, 5.0)),
        max_cost_individual=max_ind,
        max_cost_common=max_com,
        deliberation_cost_individual=draw(_floats(0.0, max_ind)),
        deliberation_cost_common=draw(_floats(0.0, max_com)),
        min_common_households=draw(st.integers(1, 10)),
        eligibility=draw(st.lists(eligibilities(catalogue=cat), max_size=3, unique_by=lambda e: e.category)),
    )


def screening_rules(*, catalogue: Catalogue | None = None) -> st.SearchStrategy[ScreeningRules]:
    """Screening rules: the default rules, or any weights (three non-negative
    numbers with a positive sum), one emphasis per kind at most, cost thresholds
    with each deliberation threshold at most its ceiling, and eligibility rules on
    distinct categories of *catalogue* (default: the 16).

    Shrinks towards :data:`~servicegov.screening.DEFAULT_RULES`.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(screening_rules())
        ... def check(rules):
        ...     assert rules.deliberation_cost_individual <= rules.max_cost_individual
        ...     assert sum(rules.weights) > 0
        >>> check()
    """
    cat = _check_catalogue(catalogue)
    return st.just(DEFAULT_RULES) | _screening_rules(cat)


def screening_policies(
    *, min_size: int = 1, max_size: int = 3, catalogue: Catalogue | None = None
) -> st.SearchStrategy[ScreeningPolicy]:
    """Policies of *min_size* to *max_size* versions of :func:`screening_rules`, each
    starting on a different day.

    Shrinks towards a policy of the default rules alone.

    Raises:
        InvalidArgument: when *min_size* is below 1 or the sizes are out of order.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(screening_policies(min_size=2))
        ... def check(policy):
        ...     assert len({v.effective_from for v in policy.versions}) >= 2
        >>> check()
    """
    _check_size("min_size", min_size, "max_size", max_size, floor=1)
    return st.lists(
        screening_rules(catalogue=catalogue),
        min_size=min_size,
        max_size=max_size,
        unique_by=lambda r: r.effective_from,
    ).map(lambda vs: ScreeningPolicy(versions=vs))


@st.composite
def _screenings(draw: st.DrawFn, rules: ScreeningRules | None) -> Screening:
    active = rules if rules is not None else draw(screening_rules())
    need = draw(needs())
    as_of = active.effective_from + dt.timedelta(days=draw(st.integers(0, 3650)))
    duplicate_of = draw(st.none() | _ids())
    return screen(need, active, as_of=as_of, duplicate_of=duplicate_of)


def screenings(*, rules: ScreeningRules | None = None) -> st.SearchStrategy[Screening]:
    """Screenings produced by :func:`~servicegov.screening.screen` on a generated need
    under *rules* (default: :func:`screening_rules`), sometimes as a duplicate, so
    the verdict always agrees with the findings and the priority with the rules.

    Shrinks towards the accepted screening of the simplest need.

    Examples:
        >>> from hypothesis import given, settings
        >>> from servicegov.screening import Verdict
        >>> @settings(max_examples=5, deadline=None)
        ... @given(screenings())
        ... def check(screening):
        ...     assert (screening.verdict is Verdict.ACCEPTED) == (not screening.findings)
        >>> check()
    """
    if rules is not None and not isinstance(rules, ScreeningRules):
        msg = f"rules={rules!r} must be servicegov.screening.ScreeningRules or None"
        raise InvalidArgument(msg)
    return _screenings(rules)


def _keywords(*, min_size: int = 0) -> st.SearchStrategy[list[str]]:
    return st.lists(
        st.text(_KEYWORD_ALPHABET, min_size=1, max_size=4), min_size=min_size, max_size=4, unique=True
    )


def keyword_tables(*, catalogue: Catalogue | None = None) -> st.SearchStrategy[KeywordTable]:
    """Keyword tables for distinct categories of *catalogue* (default: the 16), each
    with distinct non-empty Chinese keywords.

    Shrinks towards the empty table.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(keyword_tables())
        ... def check(table):
        ...     codes = [code for code, _ in table.entries]
        ...     assert len(set(codes)) == len(codes)
        >>> check()
    """
    cat = _check_catalogue(catalogue)
    return st.lists(
        st.tuples(st.sampled_from(cat.codes), _keywords().map(tuple)),
        max_size=len(cat.codes),
        unique_by=lambda e: e[0],
    ).map(lambda es: KeywordTable(entries=es))


def candidates(*, catalogue: Catalogue | None = None) -> st.SearchStrategy[Candidate]:
    """Candidates of :func:`~servicegov.screening.classify_text`: a category of
    *catalogue* (default: the 16), one to four distinct keywords found, and the
    score they give (the sum of their lengths).

    Shrinks towards the first category with one one-character keyword.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(candidates())
        ... def check(candidate):
        ...     assert candidate.score == sum(len(w) for w in candidate.matched)
        >>> check()
    """
    cat = _check_catalogue(catalogue)
    return st.builds(
        lambda code, words: Candidate(category=code, score=float(sum(len(w) for w in words)), matched=words),
        st.sampled_from(cat.codes),
        _keywords(min_size=1),
    )


_COMMON_FIRST = st.sampled_from((Scope.COMMON, Scope.INDIVIDUAL))


_TWO_GOODS: st.SearchStrategy[str | None] = st.sampled_from(_GOODS[:2])


@st.composite
def _consolidations(draw: st.DrawFn, max_size: int) -> Consolidation:
    # Few villages, categories and goods, so that merges and duplicates are common.
    villages = draw(st.lists(division_codes(level=Level.VILLAGE), min_size=1, max_size=2))
    cats = st.sampled_from(
        draw(st.lists(st.sampled_from(DEFAULT_CATALOGUE.categories), min_size=1, max_size=2, unique=True))
    )
    make = _needs(st.sampled_from(villages), cats, _ID, _COMMON_FIRST, _TWO_GOODS)
    n = draw(st.integers(0, max_size))
    ids = draw(st.lists(_ids(), min_size=n, max_size=n, unique=True))
    out: list[Need] = []
    for nid in ids:
        if out and draw(st.integers(0, 4)) == 0:
            # The same request registered again on another day through another channel.
            src = draw(st.sampled_from(out))
            out.append(
                attrs.evolve(
                    src, id=nid, collected=draw(_dates()), channel=draw(st.sampled_from(CollectionChannel))
                )
            )
        else:
            out.append(attrs.evolve(draw(make), id=nid))
    return consolidate(out)


def consolidations(*, max_size: int = 10) -> st.SearchStrategy[Consolidation]:
    """Consolidations produced by :func:`~servicegov.screening.consolidate` on up to
    *max_size* needs from one or two villages and categories, some of them exact
    duplicates, so that merged common needs and duplicates both occur.

    Shrinks towards the consolidation of no needs.

    Raises:
        InvalidArgument: when *max_size* is negative.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, deadline=None)
        ... @given(consolidations())
        ... def check(c):
        ...     ids = [i for n in c.needs for i in n.ids]
        ...     assert len(set(ids)) == len(ids)
        >>> check()
    """
    _check_size("max_size", max_size, "max_size", None)
    return _consolidations(max_size)
