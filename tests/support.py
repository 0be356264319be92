"""Helpers shared by the test modules (fixtures live in ``conftest.py``)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any


def with_timeout(seconds: float, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
    """Run *fn* in a helper thread and give up after *seconds* instead of hanging CI."""
    helper = ThreadPoolExecutor(1)
    try:
        return helper.submit(fn, *args, **kwargs).result(timeout=seconds)
    finally:
        helper.shutdown(wait=False, cancel_futures=True)
