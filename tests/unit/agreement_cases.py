"""Rating data, levels, weights and the peer alpha shared by the tests of `servicegov.agreement`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import krippendorff
import numpy as np

Data = list[list[float | None]]
LevelName = Literal["nominal", "ordinal", "interval", "ratio"]
WeightName = Literal["linear", "quadratic"] | None
LEVELS: tuple[LevelName, ...] = ("nominal", "ordinal", "interval", "ratio")
WEIGHTS: tuple[WeightName, ...] = (None, "linear", "quadratic")


def peer_alpha(data: Sequence[Sequence[float | None]], level: LevelName) -> float:
    arr = np.array([[np.nan if v is None else v for v in row] for row in data], dtype=float)
    return float(krippendorff.alpha(reliability_data=arr, level_of_measurement=level))
