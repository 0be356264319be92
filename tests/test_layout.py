"""The layout rules of docs/layout.md that a machine can check."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
PACKAGE = SRC / "servicegov"
LIMIT = 1000


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _allowed_long_files() -> dict[str, str]:
    """The files docs/layout.md lets run over the limit, with the reason it gives."""
    page = (ROOT / "docs" / "layout.md").read_text(encoding="utf-8")
    section = page.split("## Files over 1,000 lines", 1)[1]
    rows = re.findall(r"^\| `(src/[^`]+)` \| [\d,]+ \| (.+) \|$", section, re.MULTILINE)
    return dict(rows)


def _imports_at_load(path: Path, module: str) -> set[str]:
    """The servicegov modules *module* imports when it is loaded (not in functions, not for type checking)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("servicegov"))
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
                    for _ in range(node.level - 1):
                        package = package.rsplit(".", 1)[0]
                    base = f"{package}.{base}" if base else package
                if base.startswith("servicegov"):
                    found.add(base)
                    found.update(f"{base}.{a.name}" for a in node.names)
            elif isinstance(node, (ast.If, ast.Try)):
                visit(node.body)
                visit(node.orelse)
                if isinstance(node, ast.Try):
                    for handler in node.handlers:
                        visit(handler.body)

    visit(tree.body)
    return found


def test_no_source_file_runs_over_the_limit_unless_the_layout_page_says_why() -> None:
    allowed = _allowed_long_files()
    long = {
        str(p.relative_to(ROOT)): n
        for p in sorted(PACKAGE.rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert set(long) <= set(allowed), f"over {LIMIT} lines with no reason on docs/layout.md: {long}"
    # A file that shrank below the limit leaves the table, so the reasons stay true.
    shrunk = set(allowed) - set(long)
    assert not shrunk, f"listed on docs/layout.md but under {LIMIT} lines: {shrunk}"
    assert all(len(reason.split()) >= 12 for reason in allowed.values())


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of *graph*, first to first, or None."""
    state: dict[str, int] = {}
    path: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if nxt not in state and (found := walk(nxt)) is not None:
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := walk(node)) is not None:
            return found
    return None


def _package_graph() -> dict[str, set[str]]:
    paths = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    # A package imports its own submodules to re-export them: that edge is no cycle.
    return {
        name: {
            m for m in _imports_at_load(path, name)
            if m in paths and m != name and not m.startswith(f"{name}.")
        }
        for name, path in paths.items()
    }


def test_the_package_imports_go_one_way() -> None:
    """No cycle among the modules servicegov loads at import time."""
    graph = _package_graph()
    assert graph["servicegov.claiming"] >= {"servicegov.claims", "servicegov.assignment"}
    assert _cycle(graph) is None


def test_the_cycle_check_finds_a_cycle_and_only_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None
    graph = _package_graph()
    # Importing claiming from claims at load time would close a loop.
    graph["servicegov.claims"] = graph["servicegov.claims"] | {"servicegov.claiming"}
    found = _cycle(graph)
    assert found is not None
    assert {"servicegov.claims", "servicegov.claiming"} <= set(found)
