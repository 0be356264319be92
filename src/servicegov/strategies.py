"""Hypothesis strategies for every public model (placeholder, filled in below)."""

from __future__ import annotations

__all__ = ["register"]


def register() -> None:
    """Register every model's strategy for ``st.from_type``."""
