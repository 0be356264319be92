"""Units, raters and true scores shared by the tests of the simulated raters of `servicegov.simulation`."""

from __future__ import annotations

import random
from typing import Any

from servicegov.simulation import (
    CentralTendency,
    Collusion,
    Halo,
    Leniency,
    Noise,
    NonResponse,
    Ratings,
    StrategicUnits,
    draw_true_scores,
)

UNITS = tuple(f"u{i}" for i in range(1, 9))
RATERS = tuple(f"r{i}" for i in range(1, 21))
TRUTH = draw_true_scores(UNITS, ("attitude", "style"), random.Random(5))


def cells(r: Ratings) -> list[float]:
    return [v for rating in r.ratings if rating.scores is not None for v in rating.scores]


ALL_EFFECTS: tuple[Any, ...] = (
    Noise(sd=15.0),
    Leniency(bias=4.0, spread=6.0),
    Halo(weight=0.4),
    CentralTendency(strength=0.2),
    NonResponse(probability=0.2),
    Collusion(raters={"r1", "r2"}, units={"u3"}),
    StrategicUnits(units={"u4"}, indicators={"style"}, inflation=0.5),
)
