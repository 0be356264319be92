"""Needs shared by the tests of `servicegov.pipeline`."""

from __future__ import annotations

from servicegov import simulation
from servicegov.needs import Need

SMALL = simulation.generate("small", seed=4)


def _need(i: int = 0) -> Need:
    return SMALL.needs[i]
