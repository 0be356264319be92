"""Hypothesis profiles: ``ci`` (the default in CI), ``dev`` and ``fast``.

Choose one with ``SERVICEGOV_PROFILE=fast pytest``; ``mutmut`` is for mutation
testing (``SERVICEGOV_PROFILE=mutmut mutmut run``).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=40, deadline=None)
settings.register_profile("fast", max_examples=10, deadline=None)
# mutmut runs pytest several times in one process: fix the examples so every
# mutant meets the same ones, and allow the repeated executors.
settings.register_profile(
    "mutmut",
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.differing_executors, HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("SERVICEGOV_PROFILE", "ci" if os.environ.get("CI") else "dev"))
