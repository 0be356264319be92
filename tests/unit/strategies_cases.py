"""The public modules and models shared by the tests of `servicegov.strategies` and the fuzzers."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from typing import Any

import attrs

import servicegov
from servicegov.simulation import generate

# Every public module: ``servicegov.<name>`` without a leading underscore, and the
# ``simulation`` package; not the command line, the strategies themselves or
# ``__main__``.  Modules without attrs classes simply contribute no model.
_NOT_MODELS = {"servicegov.cli", "servicegov.strategies", "servicegov.__main__"}


def public_module_names() -> tuple[str, ...]:
    """Every public servicegov module that may define public models."""
    return tuple(
        sorted(
            m.name
            for m in pkgutil.iter_modules(servicegov.__path__, "servicegov.")
            if not m.name.rsplit(".", 1)[-1].startswith("_") and m.name not in _NOT_MODELS
        )
    )


PUBLIC_MODULES = public_module_names()


def public_models(module_names: Iterable[str] = PUBLIC_MODULES) -> list[type]:
    """Every attrs class named in the ``__all__`` of the given modules."""
    out: list[type] = []
    for name in module_names:
        module = importlib.import_module(name)
        for attr in module.__all__:
            obj = getattr(module, attr)
            if isinstance(obj, type) and attrs.has(obj):
                out.append(obj)
    return out


MODELS = public_models()


def _model_id(model: type) -> str:
    # routing's result (RoutedTo) and lifecycle's event (Routed) are told apart by module.
    return f"{model.__module__.rsplit('.', 1)[-1].lstrip('_')}.{model.__name__}"


SMALL: dict[str, Any] = {"max_villages": 3, "max_needs": 15}

ORG = generate("small", seed=3).organisation
