"""Every name in a public ``__all__`` is documented.

A public module is ``servicegov.<name>`` with no leading underscore (the
``servicegov.simulation`` package included).  Every name in its ``__all__``

* is on a docs page: the module, or the module that defines the name, is the
  subject of an ``automodule`` directive on some page of docs/; and
* has its own docstring, if it is a class or a function; a constant (or a type
  alias) is documented instead by a ``#:`` comment above its assignment, or by
  being named in its module's docstring or on a docs page.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import itertools
import pkgutil
import re
import typing
from pathlib import Path
from types import ModuleType

import pytest

import servicegov

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
AUTOMODULE = re.compile(r"^\s*\.\.\s+automodule::\s*(\S+)", re.MULTILINE)

PUBLIC_MODULES = sorted(
    f"servicegov.{m.name}" for m in pkgutil.iter_modules(servicegov.__path__) if not m.name.startswith("_")
)


def _pages() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(DOCS.glob("*.md"))}


PAGES = _pages()
DOCUMENTED_MODULES = {m for text in PAGES.values() for m in AUTOMODULE.findall(text)}


def _own_docstring(obj: object) -> str | None:
    """The object's own docstring: a class's is not inherited from its bases."""
    if inspect.isclass(obj):
        doc = obj.__dict__.get("__doc__")
        return doc if isinstance(doc, str) else None
    doc = getattr(obj, "__doc__", None)
    return doc if isinstance(doc, str) else None


def _has_doc_comment_or_docstring(module: ModuleType, name: str) -> bool:
    """A ``#:`` comment above the assignment of *name*, or a string literal right after it."""
    try:
        source = inspect.getsource(module)
    except (OSError, TypeError):  # a package re-exporting the name: no assignment here
        return False
    if re.search(rf"^#:.*\n{re.escape(name)}\s*[:=]", source, re.MULTILINE):
        return True
    body = ast.parse(source).body
    for node, after in itertools.pairwise(body):
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            return (
                isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            )
    return False


def _is_documented_constant(modules: list[ModuleType], name: str) -> bool:
    pattern = re.compile(rf"(?<![\w.]){re.escape(name)}(?!\w)")
    for module in modules:
        if pattern.search(module.__doc__ or "") or _has_doc_comment_or_docstring(module, name):
            return True
    return any(pattern.search(text) for text in PAGES.values())


def _defining_modules(module: ModuleType, name: str) -> list[ModuleType]:
    """*module*, and the documented submodules of a package that hold the same object under *name*."""
    obj = getattr(module, name)
    subs = [
        importlib.import_module(m) for m in sorted(DOCUMENTED_MODULES) if m.startswith(module.__name__ + ".")
    ]
    return [module, *(sub for sub in subs if getattr(sub, name, None) is obj)]


def _names() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for modname in PUBLIC_MODULES:
        module = importlib.import_module(modname)
        out.extend((modname, name) for name in getattr(module, "__all__", ()))
    return out


NAMES = _names()


def test_the_public_modules_are_found() -> None:
    assert {"servicegov.needs", "servicegov.simulation", "servicegov.strategies"} <= set(PUBLIC_MODULES)
    assert not [m for m in PUBLIC_MODULES if m.rsplit(".", 1)[1].startswith("_")]
    assert len(NAMES) > 300


def test_the_docs_have_automodule_directives() -> None:
    assert "servicegov.needs" in DOCUMENTED_MODULES


def _is_type_alias(obj: object) -> bool:
    return typing.get_origin(obj) is not None


@pytest.mark.parametrize(("modname", "name"), NAMES, ids=[f"{m}.{n}" for m, n in NAMES])
def test_every_public_name_is_documented(modname: str, name: str) -> None:
    module = importlib.import_module(modname)
    obj = getattr(module, name)
    constant = _is_type_alias(obj) or not (inspect.isclass(obj) or callable(obj))
    if constant:
        homes = [m.__name__ for m in _defining_modules(module, name)]
    else:
        homes = [modname, getattr(obj, "__module__", modname)]

    assert set(homes) & DOCUMENTED_MODULES, (
        f"{modname}.{name}: none of {sorted(set(homes))} is the subject of an "
        "'.. automodule::' directive on any page of docs/"
    )
    if constant:
        assert _is_documented_constant(_defining_modules(module, name), name), (
            f"{modname}.{name} is a constant or type alias that neither a '#:' comment or docstring "
            "of its own, its module's docstring nor a docs page mentions"
        )
    else:
        assert (_own_docstring(obj) or "").strip(), f"{modname}.{name} has no docstring of its own"
