"""Simulation for researchers: preset districts, rater models, experiments, metrics and Monte Carlo.

Examples:
    >>> from servicegov import simulation
    >>> d = simulation.generate("small", seed=0)
    >>> d.name
    '新洲区·示范镇 (small)'
"""

from __future__ import annotations

# The rater models, experiments and their results are importable from here but
# stay out of __all__ until they have Hypothesis strategies and a JSON shape:
# every attrs class in a public __all__ must have both (tests/unit/test_strategies.py).
from servicegov.simulation._experiments import RandomVsSelfChosen as RandomVsSelfChosen
from servicegov.simulation._experiments import RandomVsSelfChosenResult as RandomVsSelfChosenResult
from servicegov.simulation._experiments import RankingStability as RankingStability
from servicegov.simulation._experiments import ResidentsWeight as ResidentsWeight
from servicegov.simulation._experiments import ResidentsWeightResult as ResidentsWeightResult
from servicegov.simulation._experiments import Sensitivity as Sensitivity
from servicegov.simulation._experiments import Stability as Stability
from servicegov.simulation._experiments import Trimming as Trimming
from servicegov.simulation._experiments import TrimmingResult as TrimmingResult
from servicegov.simulation._experiments import WeightSensitivity as WeightSensitivity
from servicegov.simulation._experiments import World as World
from servicegov.simulation._experiments import with_residents_weight
from servicegov.simulation._metrics import RankInterval as RankInterval
from servicegov.simulation._metrics import (
    grade_flip_rate,
    kendall_tau,
    rank_intervals,
    top_k_overlap,
)
from servicegov.simulation._montecarlo import MonteCarloResult, monte_carlo, replication_seeds
from servicegov.simulation._presets import PRESETS, Preset, generate
from servicegov.simulation._raters import CentralTendency as CentralTendency
from servicegov.simulation._raters import Collusion as Collusion
from servicegov.simulation._raters import Halo as Halo
from servicegov.simulation._raters import Leniency as Leniency
from servicegov.simulation._raters import Noise as Noise
from servicegov.simulation._raters import NonResponse as NonResponse
from servicegov.simulation._raters import RaterModel as RaterModel
from servicegov.simulation._raters import Rating as Rating
from servicegov.simulation._raters import Ratings as Ratings
from servicegov.simulation._raters import StrategicUnits as StrategicUnits
from servicegov.simulation._raters import (
    draw_true_scores,
    rated_values,
    to_satisfaction,
)

__all__ = [
    "PRESETS",
    "MonteCarloResult",
    "Preset",
    "draw_true_scores",
    "generate",
    "grade_flip_rate",
    "kendall_tau",
    "monte_carlo",
    "rank_intervals",
    "rated_values",
    "replication_seeds",
    "to_satisfaction",
    "top_k_overlap",
    "with_residents_weight",
]


def __dir__() -> list[str]:
    return __all__
