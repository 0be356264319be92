"""One name per concept: renamed public names, their deprecation aliases, and clashes."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import warnings

import pytest

import servicegov
from servicegov.errors import StructureError

# (module, old name, new name): the old name resolves to the new object with a
# DeprecationWarning for one minor release (docs/serialization.md's policy).
RENAMED = [
    ("routing", "Why", "EscalationReason"),
    ("needs", "Channel", "CollectionChannel"),
    ("screening", "DEFAULT_POLICY", "DEFAULT_SCREENING_POLICY"),
    ("projects", "Stage", "ProjectStage"),
    ("projects", "Reason", "SelectionReason"),
    ("projects", "advance", "advance_stage"),
    ("lifecycle", "Status", "RecordStatus"),
    ("routing", "Routed", "RoutedTo"),
    ("claims", "start", "begin"),
    ("claims", "replace", "replace_claim"),
]

# (old module, name, new module): the name moved with its job; the old module
# still serves it, from the new one, with a DeprecationWarning.
MOVED = [
    *(
        ("claims", name, "claiming")
        for name in (
            "assign_claims", "catalogue_claims", "default_priority", "eligible",
            "preferences", "proximity", "weights",
        )
    ),
    *(("scoring", name, "surveys") for name in ("Draw", "Resident", "draw_evaluators", "verify_draw")),
]



def _public_modules(*, strategies: bool = True) -> list[str]:
    return sorted(
        m.name
        for m in pkgutil.iter_modules(servicegov.__path__)
        if not m.name.startswith("_") and m.name != "cli" and (strategies or m.name != "strategies")
    )


@pytest.mark.parametrize(("module", "old", "new"), RENAMED, ids=[f"{m}.{o}" for m, o, _ in RENAMED])
def test_an_old_name_is_the_new_object_with_a_deprecation_warning(module: str, old: str, new: str) -> None:
    mod = importlib.import_module(f"servicegov.{module}")
    with pytest.warns(
        DeprecationWarning,
        match=rf"servicegov\.{module}\.{old} is deprecated; use servicegov\.{module}\.{new}$",
    ):
        found = getattr(mod, old)
    assert found is getattr(mod, new)
    assert new in mod.__all__
    assert old not in mod.__all__
    assert old not in dir(mod)


@pytest.mark.parametrize(("module", "old", "new"), RENAMED, ids=[f"{m}.{o}" for m, o, _ in RENAMED])
def test_an_old_name_can_be_imported_from_its_module(module: str, old: str, new: str) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        namespace: dict[str, object] = {}
        exec(f"from servicegov.{module} import {old}", namespace)
    assert namespace[old] is getattr(importlib.import_module(f"servicegov.{module}"), new)
    assert [w.category for w in caught] == [DeprecationWarning]


@pytest.mark.parametrize(("module", "name", "to"), MOVED, ids=[f"{m}.{n}" for m, n, _ in MOVED])
def test_a_moved_name_is_the_object_of_its_new_module_with_a_deprecation_warning(
    module: str, name: str, to: str
) -> None:
    old, new = importlib.import_module(f"servicegov.{module}"), importlib.import_module(f"servicegov.{to}")
    with pytest.warns(
        DeprecationWarning, match=rf"servicegov\.{module}\.{name} has moved; use servicegov\.{to}\.{name}$"
    ):
        found = getattr(old, name)
    assert found is getattr(new, name)
    assert name in new.__all__
    assert name not in old.__all__
    assert name not in dir(old)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        namespace: dict[str, object] = {}
        exec(f"from servicegov.{module} import {name}", namespace)
    assert namespace[name] is found
    assert [w.category for w in caught] == [DeprecationWarning]


@pytest.mark.parametrize("module", _public_modules())
def test_a_name_a_module_does_not_have_is_still_an_attribute_error(module: str) -> None:
    mod = importlib.import_module(f"servicegov.{module}")
    with pytest.raises(AttributeError, match="no attribute 'NoSuchName'"):
        getattr(mod, "NoSuchName")  # noqa: B009


def test_no_public_name_means_two_things_beyond_those_still_to_be_renamed() -> None:
    # A strategy is named for what it draws (strategies.spans draws ledger spans),
    # as Hypothesis names its own: the strategies package is left out.
    bound: dict[str, dict[int, str]] = {}
    for module in _public_modules(strategies=False):
        mod = importlib.import_module(f"servicegov.{module}")
        for name in getattr(mod, "__all__", ()):
            obj = getattr(mod, name)
            if isinstance(obj, type(servicegov)):
                continue  # a submodule re-exported by its package
            bound.setdefault(name, {}).setdefault(id(obj), f"{module}.{name}")
    clashes = {name: sorted(objects.values()) for name, objects in bound.items() if len(objects) > 1}

    assert clashes == {}


def test_a_document_written_under_an_old_type_name_still_reads() -> None:
    # to_document names the type; a document stored before routing.Routed became
    # RoutedTo says "Routed", and must read back while the old name is importable.
    from servicegov import serialization
    from servicegov.org import Tier
    from servicegov.routing import RoutedTo, Unroutable, UnroutableReason

    routed = RoutedTo(unit="V1", tier=Tier.VILLAGE, due=dt.date(2025, 3, 5), since=dt.date(2025, 3, 1))
    doc = serialization.to_document(routed)
    assert doc["type"] == "RoutedTo"
    assert serialization.from_document({**doc, "type": "Routed"}, RoutedTo) == routed
    # The old name reads as the renamed type only: any other type is still refused.
    unroutable = serialization.to_document(Unroutable(reason=UnroutableReason.NO_UNIT))
    with pytest.raises(StructureError, match=r"type must be 'Unroutable' \(got 'Routed'\) @ \$\.type"):
        serialization.from_document({**unroutable, "type": "Routed"}, Unroutable)
    with pytest.raises(StructureError, match=r"type must be 'RoutedTo' \(got 'Route'\)"):
        serialization.from_document({**doc, "type": "Route"}, RoutedTo)
