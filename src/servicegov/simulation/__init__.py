"""Simulation for researchers: preset districts, rater models, experiments, metrics and Monte Carlo.

Examples:
    >>> from servicegov import simulation
    >>> d = simulation.generate("small", seed=0)
    >>> d.name
    '新洲区·示范镇 (small)'
"""

from __future__ import annotations

from servicegov.simulation._calibrate import FIGURES, Calibration, calibrate, service_list
from servicegov.simulation._district_experiments import DistrictYear, DistrictYearResult
from servicegov.simulation._experiments import (
    RandomVsSelfChosen,
    RandomVsSelfChosenResult,
    RankingStability,
    ResidentsWeight,
    ResidentsWeightResult,
    Sensitivity,
    Stability,
    Trimming,
    TrimmingResult,
    WeightSensitivity,
    World,
    with_residents_weight,
)
from servicegov.simulation._metrics import (
    RankInterval,
    grade_flip_rate,
    kendall_tau,
    rank_intervals,
    summarise_defined,
    top_k_overlap,
)
from servicegov.simulation._montecarlo import (
    MonteCarloResult,
    Summary,
    monte_carlo,
    replication_seeds,
    summarise,
)
from servicegov.simulation._panels import RandomShare, RandomShareResult
from servicegov.simulation._presets import PRESETS, Preset, generate
from servicegov.simulation._raters import (
    CentralTendency,
    Collusion,
    Halo,
    Leniency,
    Noise,
    NonResponse,
    RaterModel,
    Rating,
    Ratings,
    StrategicUnits,
    draw_true_scores,
    rated_values,
    to_satisfaction,
)
from servicegov.simulation._year import simulate_claims, simulate_year

__all__ = [
    "FIGURES",
    "PRESETS",
    "Calibration",
    "CentralTendency",
    "Collusion",
    "DistrictYear",
    "DistrictYearResult",
    "Halo",
    "Leniency",
    "MonteCarloResult",
    "Noise",
    "NonResponse",
    "Preset",
    "RandomShare",
    "RandomShareResult",
    "RandomVsSelfChosen",
    "RandomVsSelfChosenResult",
    "RankInterval",
    "RankingStability",
    "RaterModel",
    "Rating",
    "Ratings",
    "ResidentsWeight",
    "ResidentsWeightResult",
    "Sensitivity",
    "Stability",
    "StrategicUnits",
    "Summary",
    "Trimming",
    "TrimmingResult",
    "WeightSensitivity",
    "World",
    "calibrate",
    "draw_true_scores",
    "generate",
    "grade_flip_rate",
    "kendall_tau",
    "monte_carlo",
    "rank_intervals",
    "rated_values",
    "replication_seeds",
    "service_list",
    "simulate_claims",
    "simulate_year",
    "summarise",
    "summarise_defined",
    "to_satisfaction",
    "top_k_overlap",
    "with_residents_weight",
]


def __dir__() -> list[str]:
    return __all__
