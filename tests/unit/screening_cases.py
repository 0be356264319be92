"""Villages shared by the tests of `servicegov.screening`."""

from __future__ import annotations

V1 = "420117101201"
V2 = "420117101202"
