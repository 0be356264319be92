"""Registers servicegov's strategies with Hypothesis through its entry point.

Hypothesis loads this module at import time (unless ``HYPOTHESIS_NO_PLUGINS`` is
set), so ``st.from_type(Need)`` works with no setup.  servicegov itself never
imports this module.
"""

from __future__ import annotations


def _hypothesis_setup_hook() -> None:
    from servicegov import strategies

    strategies.register()
