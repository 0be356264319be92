"""Prepare a scratch copy of a module for mutmut: move its decorators after the functions.

mutmut 3.8 mutates no function that carries a decorator (other than
``@staticmethod`` and ``@classmethod``), and every public function of
servicegov carries ``@checked`` (its argument checks), as do attrs validators
written as ``@field.validator`` methods.  In a *scratch copy only*, this
script rewrites

* ``@checked def f(...)`` as ``def f(...)`` followed by ``f = checked(f)``;
* ``@x.validator def m(...)`` in a class as ``def m(...)`` followed by ``m = x.validator(m)``;
* a stack such as ``@classmethod @checked def f`` as ``f = classmethod(checked(f))``,

which builds the same objects in the same order, so mutmut mutates them and
the tests see the same behaviour.  A decorator spread over several lines is
left as it is and named.

Usage (see docs/mutation-testing.md)::

    python benchmarks/mutation_undecorate.py src/servicegov/assessment.py
"""

from __future__ import annotations

import ast
import sys


def undecorate(source: str) -> tuple[str, list[str], list[str]]:
    """*source* with the decorators of every function that has ``checked`` or a
    ``.validator`` among them moved after it; the names moved, and those left."""
    lines = source.splitlines(keepends=True)
    edits: list[tuple[int, int, int, str]] = []
    left: list[str] = []

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.ClassDef):
                visit(node.body)
            if not isinstance(node, ast.FunctionDef) or not node.decorator_list:
                continue
            names = [ast.unparse(d) for d in node.decorator_list]
            if not any(n == "checked" or n.endswith(".validator") for n in names):
                continue
            first, last = node.decorator_list[0], node.decorator_list[-1]
            if last.end_lineno != node.lineno - 1 or node.end_lineno is None:
                left.append(node.name)  # a decorator over several lines, or a comment in between
                continue
            # Decorators apply from the innermost out: @a @b def f is f = a(b(f)).
            applied = node.name
            for n in reversed(names):
                applied = f"{n}({applied})"
            indent = " " * node.col_offset
            edits.append(
                (first.lineno - 1, last.end_lineno, node.end_lineno, f"{indent}{node.name} = {applied}\n")
            )

    visit(ast.parse(source).body)
    moved: list[str] = []
    for first, last, end, after in sorted(edits, reverse=True):
        lines.insert(end, after)
        del lines[first:last]
        moved.append(after.split(" = ", 1)[0].strip())
    return "".join(lines), sorted(moved), sorted(left)


def main(paths: list[str]) -> int:
    for path in paths:
        with open(path, encoding="utf-8") as f:
            source = f.read()
        new, moved, left = undecorate(source)
        with open(path, "w", encoding="utf-8") as f:
            f.write(new)
        print(f"{path}: {len(moved)} moved" + (f"; left decorated: {', '.join(left)}" if left else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
