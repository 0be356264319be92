"""Shared fixtures, the ``property`` marker, and the Hypothesis profiles.

Profiles: ``ci`` (the default in CI), ``dev`` and ``fast``; choose one with
``SERVICEGOV_PROFILE=fast pytest``; ``mutmut`` is for mutation testing
(``SERVICEGOV_PROFILE=mutmut mutmut run``).

Every Hypothesis test is marked ``property`` wherever it sits, so
``pytest -m property`` runs the properties and ``-m "not property"`` the
examples.  The executors for the Monte Carlo tests (a process pool, a Dask
cluster) are started once per session with generous timeouts: several
suites may share a busy two-core machine.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# CI runs a fresh clone with no example database: derandomized, the same
# commit meets the same examples on every run, so a red build is reproducible
# and a green one stays green; the dev profile keeps searching anew.
settings.register_profile(
    "ci", max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        function = getattr(item, "function", None)
        if getattr(function, "is_hypothesis_test", False):
            item.add_marker(pytest.mark.property)


@pytest.fixture(scope="session")
def process_pool() -> Iterator[ProcessPoolExecutor]:
    """Two worker processes."""
    with ProcessPoolExecutor(2) as pool:
        yield pool


@pytest.fixture(scope="session")
def dask_cluster() -> Iterator[tuple[Any, Any]]:
    """A local Dask cluster of two single-threaded worker processes, and its client."""
    # Imported here, not skipped when missing: Dask is a test dependency and the
    # Dask tests are required in CI.  Typed as Any: distributed's own annotations are partial.
    distributed: Any = importlib.import_module("distributed")

    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster, timeout="120s") as client,
    ):
        client.wait_for_workers(2, timeout=180)
        yield cluster, client


@pytest.fixture(scope="session")
def dask_executor(dask_cluster: tuple[Any, Any]) -> Executor:
    """An executor on :func:`dask_cluster`."""
    executor: Executor = dask_cluster[1].get_executor()
    return executor
