"""The scoring, assessment and projects strategies, kept under their first name
for older imports.

They now live in :mod:`servicegov.strategies`, which registers them; import them
from there.
"""

from __future__ import annotations

from servicegov.strategies import (
    assessment_results,
    assessment_schemes,
    assessments,
    bands,
    channel_scores,
    commitment_items,
    commitments,
    decisions,
    draws,
    fundings,
    indicators,
    invalid_ballots,
    panel_rules,
    project_scores,
    projects,
    register,
    residents,
    reviews,
    scores,
    scoring_rules,
    selections,
    stage_entries,
)

__all__ = [
    "assessment_results",
    "assessment_schemes",
    "assessments",
    "bands",
    "channel_scores",
    "commitment_items",
    "commitments",
    "decisions",
    "draws",
    "fundings",
    "indicators",
    "invalid_ballots",
    "panel_rules",
    "project_scores",
    "projects",
    "register",
    "residents",
    "reviews",
    "scores",
    "scoring_rules",
    "selections",
    "stage_entries",
]


def __dir__() -> list[str]:
    return __all__
