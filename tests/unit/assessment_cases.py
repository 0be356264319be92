"""Schemes, indicators and rates shared by the tests of `servicegov.assessment`."""

from __future__ import annotations

import datetime as dt

from servicegov.assessment import Grade, Indicator, IndicatorSource, Source, hotline_12345_scheme
from servicegov.scoring import ChannelScore, ReviewChannel, Score

END = dt.date(2025, 12, 31)
HOTLINE = hotline_12345_scheme()


def rates(r: float, s: float, t: float) -> dict[str, float]:
    return {"response-rate": r, "resolution-rate": s, "satisfaction-rate": t}


def flat(totals: dict[str, float]) -> dict[str, dict[str, float]]:
    """Values that make each reviewee's total equal the number given."""
    return {k: rates(v, v, v) for k, v in totals.items()}


def _ind(code: str, weight: float, source: IndicatorSource = Source.CUSTOM) -> Indicator:
    return Indicator(code=code, zh=code, en=code, weight=weight, source=source)


_EX, _CO, _BC, _IN = Grade.EXCELLENT, Grade.COMPETENT, Grade.BASICALLY_COMPETENT, Grade.INCOMPETENT
DAY = dt.date(2025, 1, 1)


def _channel(channel: ReviewChannel, value: float | None) -> ChannelScore:
    met = value is not None
    return ChannelScore(channel=channel, weight=0.5, valid=5, invalid=0, value=value, quorum_met=met)


def _sc(
    who: str,
    completion: float,
    *,
    total: float | None = None,
    residents: float | None = None,
    organisational: float | None = None,
) -> Score:
    channels = [
        _channel(ReviewChannel.RESIDENTS, residents),
        _channel(ReviewChannel.ORGANISATIONAL, organisational),
    ]
    return Score(reviewee=who, commitment=f"C-{who}", version=1, rule_from=DAY, completion=completion,
                 channels=channels, total=total)
