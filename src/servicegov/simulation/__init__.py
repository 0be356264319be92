"""Simulation for researchers: preset districts, rater models and Monte Carlo.

Examples:
    >>> from servicegov import simulation
    >>> d = simulation.generate("small", seed=0)
    >>> d.name
    '新洲区·示范镇 (small)'
"""

from __future__ import annotations

from servicegov.simulation._montecarlo import MonteCarloResult, monte_carlo, replication_seeds
from servicegov.simulation._presets import PRESETS, Preset, generate

__all__ = [
    "PRESETS",
    "MonteCarloResult",
    "Preset",
    "generate",
    "monte_carlo",
    "replication_seeds",
]


def __dir__() -> list[str]:
    return __all__
