"""The examples in the README and in docs/ run as written.

Every fenced block (```python or ```pycon) that holds ``>>>`` prompts is run as a
doctest; the blocks of one file share their names, top to bottom, like a reader's
session.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FENCE = re.compile(r"^```(?:python|pycon|py)\s*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _blocks(text: str) -> str:
    return "\n\n".join(b for b in FENCE.findall(text) if ">>>" in b)


FILES = [
    p
    for p in sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
    if p.exists() and _blocks(p.read_text(encoding="utf-8"))
]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_examples_in_markdown_run(path: Path) -> None:
    source = _blocks(path.read_text(encoding="utf-8"))
    parser = doctest.DocTestParser()
    test = parser.get_doctest(source, {"__name__": "__docs__"}, path.name, str(path), 0)
    runner = doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    out: list[str] = []
    runner.run(test, out=out.append)

    assert 0 == runner.failures, "".join(out)
