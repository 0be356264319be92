"""The need and document shared by the strict-reading tests of `servicegov.serialization`."""

from __future__ import annotations

from servicegov import serialization, simulation

NEED = simulation.generate("small", seed=0).needs[0]
DOC = serialization.unstructure(NEED)
