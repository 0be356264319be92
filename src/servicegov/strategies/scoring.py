"""Strategies for :mod:`servicegov.scoring`: commitments, statements, reviews (who rates
whom included), rules, residents and scores.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from servicegov.assessment import RATERS, Rater, rater_of, unit_of_analysis
from servicegov.calendar import Period
from servicegov.org import Organisation
from servicegov.scoring import (
    BallotProblem,
    ChannelScore,
    Commitment,
    CommitmentItem,
    InvalidBallot,
    Review,
    ReviewChannel,
    Satisfaction,
    Score,
    ScoringRule,
    Statement,
    StatementKind,
    join,
    opening_window,
    revise,
    score,
)
from servicegov.strategies._common import _SC_DATES, _SC_DATES_MIN, _SC_IDS
from servicegov.strategies.calendar import periods

__all__ = [
    "channel_scores",
    "commitment_items",
    "commitments",
    "invalid_ballots",
    "reviews",
    "scores",
    "scoring_rules",
    "statements",
]


def __dir__() -> list[str]:
    return __all__


def commitment_items() -> st.SearchStrategy[CommitmentItem]:
    """Items with a positive target, fixed up front or joined on a date; shrinks towards
    a target of 1 fixed up front."""
    return st.builds(
        CommitmentItem,
        ref=_SC_IDS,
        due=_SC_DATES,
        target=st.integers(1, 50).map(float),
        standard=st.text(max_size=10),
        joined=st.none() | _SC_DATES,
    )


def _fixed_up_front() -> st.SearchStrategy[CommitmentItem]:
    return st.builds(
        CommitmentItem,
        ref=_SC_IDS,
        due=_SC_DATES,
        target=st.integers(1, 50).map(float),
        standard=st.text(max_size=10),
    )


def _fresh(draw: st.DrawFn, taken: set[str], min_size: int = 0) -> list[CommitmentItem]:
    # Refs already in the commitment are skipped, not filtered out by Hypothesis.
    more = draw(st.lists(_fixed_up_front(), min_size=min_size, max_size=4, unique_by=lambda i: i.ref))
    return [i for i in more if i.ref not in taken]


@st.composite
def _revised_items(draw: st.DrawFn, c: Commitment, on: dt.date) -> list[CommitmentItem]:
    # What fell due by *on* is kept, its target never lowered and its due date never put off;
    # the rest may be kept as is, changed or dropped.
    out: list[CommitmentItem] = []
    for item in c.items:
        if item.due <= on:
            out.append(
                attrs.evolve(
                    item,
                    target=item.target + draw(st.integers(0, 5)),
                    due=draw(st.just(item.due) | st.dates(min(item.due, _SC_DATES_MIN), item.due)),
                )
            )
        elif draw(st.booleans()):
            out.append(attrs.evolve(item, target=float(draw(st.integers(1, 50))), due=draw(_SC_DATES)))
    taken = {i.ref for i in out}
    return out + _fresh(draw, taken, min_size=0 if out or c.standing else 1)


@st.composite
def _commitments(draw: st.DrawFn, max_versions: int) -> Commitment:
    year = draw(st.integers(2020, 2030))
    period = Period.year(year)
    window_ends = opening_window(period, draw(st.integers(1, 3)))
    standing = draw(st.booleans())
    min_items = 0 if standing else 1
    items = draw(st.lists(_fixed_up_front(), min_size=min_items, max_size=4, unique_by=lambda i: i.ref))
    fixed = draw(st.dates(period.start, window_ends))
    c = Commitment(
        id=draw(_SC_IDS),
        claimant=draw(_SC_IDS),
        period=period,
        window_ends=window_ends,
        standing=standing,
        items=items,
        fixed_on=fixed,
        sharers=draw(st.frozensets(_SC_IDS, max_size=2)),
    )
    for version in range(draw(st.integers(0, max_versions - 1)) + 1):
        if standing and draw(st.booleans()):
            # Needs routed to the claimant join the current version under the standing promise.
            on = draw(st.dates(period.start, period.end))
            c = join(c, _fresh(draw, {i.ref for i in c.items}), on=on)
        if version == 0:
            continue
        fixed = draw(st.dates(fixed, period.end))
        c = revise(c, on=fixed, items=draw(_revised_items(c, fixed)))
    return c


def commitments(*, max_versions: int = 3) -> st.SearchStrategy[Commitment]:
    """Commitments of one to *max_versions* versions, with no served area.

    Version 1 is fixed in an opening window of one to three months; a standing
    commitment may have no items and may gain items that joined during the
    period (:func:`~servicegov.scoring.join`).  Revisions are made by
    :func:`~servicegov.scoring.revise`, within the period, some after the window,
    keeping every item that fell due with its target and due date no worse.
    Shrinks towards one version, fixed on 1 January, without the standing promise.
    """
    return _commitments(max_versions)


@st.composite
def _statements(draw: st.DrawFn) -> Statement:
    period = draw(periods(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31)))
    return Statement(
        claimant=draw(_SC_IDS),
        period=period,
        kind=draw(st.sampled_from(list(StatementKind))),
        on=draw(st.dates(period.start, period.end)),
        text=draw(st.sampled_from(["完成", "done", "述职"])) + draw(st.text(max_size=20)),
        refs=draw(st.lists(_SC_IDS, max_size=4)),
    )


def statements() -> st.SearchStrategy[Statement]:
    """A claimant's opening or closing statements (述职), made within their period.

    Shrinks towards an opening statement on the first day of a one-day period.
    """
    return _statements()


def _rating(min_score: float, max_score: float) -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        st.sampled_from(list(Satisfaction)).map(lambda s: {"satisfaction": s}),
        st.floats(min_score, max_score).map(lambda x: {"score": x}),
    )


@st.composite
def _org_reviews(
    draw: st.DrawFn,
    pairs: Sequence[tuple[str, tuple[Rater, ...]]],
    units_by_class: Mapping[Rater, Sequence[str]],
    rating: st.SearchStrategy[dict[str, Any]],
) -> Review:
    reviewee, classes = draw(st.sampled_from(pairs))
    rater = draw(st.sampled_from(classes))
    if rater is Rater.RESIDENTS:
        channel, reviewer = ReviewChannel.RESIDENTS, draw(_SC_IDS.map("hh-".__add__))
    else:
        units = [u for u in units_by_class[rater] if u != reviewee]
        channel, reviewer = ReviewChannel.ORGANISATIONAL, draw(st.sampled_from(units))
    return Review(reviewer=reviewer, reviewee=reviewee, channel=channel, on=draw(_SC_DATES), **draw(rating))


def _who_rates_whom(
    organisation: Organisation, rating: st.SearchStrategy[dict[str, Any]]
) -> st.SearchStrategy[Review] | None:
    by_class: dict[Rater, list[str]] = {r: [] for r in Rater}
    for unit in organisation.units:
        rater = rater_of(unit.id, ReviewChannel.ORGANISATIONAL, organisation)
        if rater is not None:
            by_class[rater].append(unit.id)
    pairs: list[tuple[str, tuple[Rater, ...]]] = []
    for holder in [u.id for u in organisation.units] + [m.id for m in organisation.members]:
        found = unit_of_analysis(holder, organisation)
        if found is None:
            continue
        classes = tuple(
            r for r in RATERS[found[0]] if r is Rater.RESIDENTS or any(u != holder for u in by_class[r])
        )
        if classes:
            pairs.append((holder, classes))
    if not pairs:
        return None
    return _org_reviews(pairs, by_class, rating)


def reviews(
    *,
    reviewees: st.SearchStrategy[str] | None = None,
    min_score: float = 0,
    max_score: float = 100,
    organisation: Organisation | None = None,
) -> st.SearchStrategy[Review]:
    """Ballots with either a satisfaction rating or a score in [*min_score*, *max_score*].

    Without *organisation*, the reviewer, the reviewee (from *reviewees* if
    given) and the channel are any.  With *organisation*, every ballot respects
    who rates whom (:data:`~servicegov.assessment.RATERS`), so that scoring
    never sets it aside as ``rater-not-allowed``: the reviewee is a unit or
    member of *organisation* that is assessed
    (:func:`~servicegov.assessment.unit_of_analysis` is not ``None``), and the
    reviewer is of a class allowed to rate its target
    (:func:`~servicegov.assessment.rater_of`): a household (``"hh-..."``) on the
    residents' channel, or another unit of the allowed tier on the
    organisational one.  Compose with a district's organisation::

        realistic_districts().flatmap(lambda d: st.lists(reviews(organisation=d.organisation)))

    Shrinks towards the organisation's first assessed unit rated by the first
    class allowed to, with a 满意 rating.

    Raises:
        InvalidArgument: when *organisation* is not an Organisation, is given
            with *reviewees*, or assesses no unit or member that any class
            present may rate.

    Examples:
        >>> from hypothesis import given, settings
        >>> from servicegov.assessment import RATERS, rater_of, unit_of_analysis
        >>> from servicegov.simulation import generate
        >>> org = generate("small", seed=0).organisation
        >>> @settings(max_examples=20, deadline=None)
        ... @given(reviews(organisation=org))
        ... def check(ballot):
        ...     target, _ = unit_of_analysis(ballot.reviewee, org)
        ...     assert rater_of(ballot.reviewer, ballot.channel, org) in RATERS[target]
        >>> check()
    """
    if organisation is not None:
        if not isinstance(organisation, Organisation):
            msg = f"organisation={organisation!r} must be a servicegov.org.Organisation or None"
            raise InvalidArgument(msg)
        if reviewees is not None:
            msg = "reviewees must not be given with organisation: the organisation says who is rated"
            raise InvalidArgument(msg)
        strategy = _who_rates_whom(organisation, _rating(min_score, max_score))
        if strategy is None:
            msg = "organisation assesses no unit or member that a class of rater it has may rate"
            raise InvalidArgument(msg)
        return strategy
    return st.builds(
        lambda reviewer, reviewee, channel, on, kw: Review(
            reviewer=reviewer, reviewee=reviewee, channel=channel, on=on, **kw
        ),
        _SC_IDS,
        reviewees if reviewees is not None else _SC_IDS,
        st.sampled_from(list(ReviewChannel)),
        _SC_DATES,
        _rating(min_score, max_score),
    )


@st.composite
def _scoring_rules(draw: st.DrawFn) -> ScoringRule:
    org = draw(st.integers(0, 50))
    others = draw(st.integers(0, 100 - 2 * org))
    res = 100 - org - others
    weights = {ReviewChannel.ORGANISATIONAL: org / 100, ReviewChannel.RESIDENTS: res / 100}
    if others:
        weights[ReviewChannel.ORGANISATION_DEPARTMENT] = others / 100
    # Integer hundredths sum to exactly 1 after division only within rounding; rescale to be safe.
    total = sum(weights.values())
    weights = {k: v / total for k, v in weights.items()}
    trim_above = draw(st.integers(2, 10))
    return ScoringRule(
        effective_from=draw(_SC_DATES),
        channel_weights=weights,
        completion_weight=draw(st.integers(0, 10)) / 10,
        basic_weight=draw(st.integers(0, 10)) / 10,
        trim_above=trim_above,
        trim=draw(st.integers(0, trim_above // 2)),
        quorum=draw(st.integers(1, 5)),
        straight_line_min=draw(st.none() | st.integers(2, 5)),
        veto_cap=float(draw(st.integers(0, 60))),
    )


def scoring_rules() -> st.SearchStrategy[ScoringRule]:
    """Rules whose residents' weight is at least the organisation's."""
    return _scoring_rules()


@st.composite
def _scores(draw: st.DrawFn) -> Score:
    c = draw(commitments(max_versions=1))
    rule = draw(scoring_rules())
    ballots = draw(
        st.lists(reviews(reviewees=st.just(c.claimant), min_score=-10, max_score=110), max_size=12)
    )
    ballots = [b for b in ballots if b.reviewer not in c.parties]
    done = {i.ref: draw(st.integers(0, 60)) for i in c.items}
    as_of = draw(st.dates(max(rule.effective_from, dt.date(2020, 1, 1)), dt.date(2031, 12, 31)))
    vetoes = draw(st.lists(st.sampled_from(["safety", "discipline"]), max_size=1, unique=True))
    return score(c, ballots, rule, as_of=as_of, fulfilment=done, vetoes=vetoes)


def scores() -> st.SearchStrategy[Score]:
    """Scores of generated commitments and ballots under a generated rule."""
    return _scores()


@st.composite
def _channel_scores(draw: st.DrawFn) -> ChannelScore:
    # Every generated rule weights at least one channel, so every score has one.
    return draw(st.sampled_from(draw(_scores()).channels))


def channel_scores() -> st.SearchStrategy[ChannelScore]:
    """The channel results of generated scores."""
    return _channel_scores()


def invalid_ballots() -> st.SearchStrategy[InvalidBallot]:
    """Ballots set aside, with any reason."""
    return st.builds(
        InvalidBallot,
        reviewer=_SC_IDS,
        reviewee=_SC_IDS,
        channel=st.sampled_from(list(ReviewChannel)),
        reason=st.sampled_from(list(BallotProblem)),
        detail=st.text(max_size=10),
    )
