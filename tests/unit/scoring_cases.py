"""Commitments, ballots and helpers shared by the tests of `servicegov.scoring`."""

from __future__ import annotations

import datetime as dt

import pytest

from servicegov.calendar import Period
from servicegov.errors import InvalidValue
from servicegov.scoring import (
    Commitment,
    CommitmentItem,
    Review,
    ReviewChannel,
    Satisfaction,
    ScoringRule,
)

ORG, RES = ReviewChannel.ORGANISATIONAL, ReviewChannel.RESIDENTS
S, B, D = Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED, Satisfaction.DISSATISFIED
DAY = dt.date(2025, 12, 1)
END = dt.date(2025, 12, 31)
AREA = "420117101201"


def commitment(claimant: str = "m1", **kw: object) -> Commitment:
    items = [
        CommitmentItem(ref="N1", target=2, due=dt.date(2025, 6, 30)),
        CommitmentItem(ref="N2", target=4, due=dt.date(2025, 9, 30)),
    ]
    args: dict[str, object] = {
        "id": f"C-{claimant}",
        "claimant": claimant,
        "period": Period.year(2025),
        "fixed_on": dt.date(2025, 1, 10),
        "items": items,
    }
    args.update(kw)
    return Commitment(**args)  # type: ignore[arg-type]


def ballot(
    reviewer: str,
    channel: ReviewChannel = ORG,
    *,
    reviewee: str = "m1",
    value: float | Satisfaction = 80.0,
    on: dt.date = DAY,
    item: str | None = None,
) -> Review:
    if isinstance(value, Satisfaction):
        return Review(
            reviewer=reviewer, reviewee=reviewee, channel=channel, on=on, satisfaction=value, item=item
        )
    return Review(reviewer=reviewer, reviewee=reviewee, channel=channel, on=on, score=value, item=item)



YEAR = Period.year(2025)


def item(ref: str, due: dt.date, target: float = 1, **kw: object) -> CommitmentItem:
    return CommitmentItem(ref=ref, due=due, target=target, **kw)  # type: ignore[arg-type]



def four_items() -> Commitment:
    """Four promises; N4 falls due on 30 June."""
    return commitment(
        items=[
            item("N1", dt.date(2025, 9, 30)),
            item("N2", dt.date(2025, 9, 30)),
            item("N3", dt.date(2025, 9, 30)),
            item("N4", dt.date(2025, 6, 30), target=4),
        ]
    )



def rejects(message: str, call: object, *args: object, **kw: object) -> InvalidValue:
    """Call and expect an InvalidValue whose whole message is *message* (a regex)."""
    with pytest.raises(InvalidValue, match=f"^{message}$") as info:
        call(*args, **kw)  # type: ignore[operator]
    return info.value


def rule(**kw: object) -> ScoringRule:
    return ScoringRule(effective_from=DAY, **kw)  # type: ignore[arg-type]
