"""What every command writes the same way: error lines, output paths, text tables, the JSON report.

The streaming JSON writer (:func:`write_report`) is here, as are the checks
that an output path can be written (:func:`output_problem`), made before any
work starts, and the layout of the bilingual text tables.
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

import attrs

from servicegov import pipeline, serialization

__all__ = ["display_width", "fail", "output_problem", "pad", "table", "write_json", "write_report"]


def fail(err: TextIO, message: str) -> int:
    """Write *message* as the command's one error line on *err*; returns the exit status 2.

    Examples:
        >>> import io
        >>> err = io.StringIO()
        >>> fail(err, "--json: an empty path"), err.getvalue()
        (2, 'servicegov: error: --json: an empty path\\n')
    """
    err.write(f"servicegov: error: {message}\n")
    return 2


def output_problem(path: str, option: str) -> str | None:
    """What stops the command writing *path*, in one line ending in the path, or ``None``.

    Checked before any work starts, so that a long run does not end in a path
    that cannot be written: the directory must exist and be writable, and the
    path must not be a directory (nor an existing file that cannot be overwritten).

    Examples:
        >>> output_problem("/no/such/directory/report.json", "--json")
        '--json: no such directory: /no/such/directory/report.json'
        >>> output_problem(".", "--json")
        '--json: a directory, not a file: .'
    """
    target = Path(path)
    parent = target.parent
    if not path:
        return f"{option}: an empty path"
    if target.is_dir():
        return f"{option}: a directory, not a file: {path}"
    if not parent.exists():
        return f"{option}: no such directory: {path}"
    if not parent.is_dir():
        return f"{option}: {str(parent)!r} is not a directory: {path}"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"{option}: permission denied (cannot write in its directory): {path}"
    if target.exists() and not os.access(target, os.W_OK):
        return f"{option}: permission denied (cannot overwrite the file): {path}"
    return None


# --------------------------------------------------------------------------- text tables


def display_width(text: str) -> int:
    """The display width of *text*: wide and full-width characters (Chinese) take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """*text* left-aligned in *width* display columns."""
    return text + " " * max(0, width - display_width(text))


def table(out: TextIO, title: str, rows: Sequence[tuple[str, int]], total: int | None = None) -> None:
    """A titled table of counts, names aligned by display width, with shares of *total* if given."""
    out.write(f"\n{title}\n")
    width = max((display_width(r[0]) for r in rows), default=10)
    for name, count in rows:
        share = f"  {100 * count / total:5.1f}%" if total else ""
        out.write(f"  {pad(name, width)}  {count:>9,}{share}\n")


# --------------------------------------------------------------------------- the JSON report


def _dumps(value: Any, depth: int) -> str:
    """*value* as JSON, laid out as ``json.dumps(..., indent=1)`` lays it out *depth* levels down."""
    text = json.dumps(value, ensure_ascii=False, indent=1)
    # JSON text holds no raw newline inside a string: every newline is layout.
    return text.replace("\n", "\n" + " " * depth) if depth else text


def _key(key: Any) -> str:
    """A mapping key as JSON writes it (a string, or a number or boolean turned into one)."""
    data = serialization.unstructure(key)
    return json.dumps({data: None}, ensure_ascii=False)[1 : -len(": null}")]


def write_report(report: pipeline.Report, out: TextIO) -> None:
    """Write *report* to *out* as the JSON document :func:`servicegov.serialization.to_document`
    makes of it, without building that document in memory.

    The wrapper ``{"schema", "type", "data"}`` is written here; every mapping
    and sequence of the report (outcomes, commitments, scores, reviews,
    assessments ...) is written entry by entry, each entry unstructured with
    :func:`servicegov.serialization.unstructure` and dumped on its own.  The
    text is the one ``json.dumps(to_document(report), ensure_ascii=False,
    indent=1)`` gives, and :func:`servicegov.serialization.from_document`
    reads it back.

    Examples:
        >>> import io, json
        >>> from servicegov import serialization, simulation
        >>> report = simulation.simulate_year(simulation.generate("small", seed=0), seed=0)
        >>> buffer = io.StringIO()
        >>> write_report(report, buffer)
        >>> json.loads(buffer.getvalue())["type"]
        'Report'
        >>> buffer.getvalue() == json.dumps(serialization.to_document(report), ensure_ascii=False, indent=1)
        True
    """
    w = out.write
    w("{\n")
    w(f' "schema": {_dumps(serialization.SCHEMA_VERSION, 0)},\n')
    w(f' "type": {_dumps(type(report).__name__, 0)},\n')
    w(' "data": ')
    # The fields the wire format keeps: a field marked ``wire: False`` (the trail) stays off.
    fields = [a for a in attrs.fields(type(report)) if a.metadata.get("wire") is not False]
    if not fields:
        w("{}")
    else:
        w("{")
        for i, field in enumerate(fields):
            w(f"{',' if i else ''}\n  {_dumps(field.name, 0)}: ")
            _write_value(getattr(report, field.name), w)
        w("\n }")
    w("\n}")


def _write_value(value: Any, w: Callable[[str], Any]) -> None:
    """One field of the report's data, two levels down: a mapping or a sequence entry by entry."""
    if isinstance(value, dict) and value:
        w("{")
        for j, (key, entry) in enumerate(value.items()):
            w(f"{',' if j else ''}\n   {_key(key)}: {_dumps(serialization.unstructure(entry), 3)}")
        w("\n  }")
    elif isinstance(value, (list, tuple)) and value:
        w("[")
        for j, entry in enumerate(value):
            w(f"{',' if j else ''}\n   {_dumps(serialization.unstructure(entry), 3)}")
        w("\n  ]")
    else:
        w(_dumps(serialization.unstructure(value), 2))


def write_json(report: pipeline.Report, path: str) -> None:
    """Stream *report* to the file at *path*; a failed write leaves no half-written file behind."""
    target = Path(path)
    try:
        with target.open("w", encoding="utf-8", newline="\n") as f:
            write_report(report, f)
    except BaseException:
        # No half-written report is left behind.
        target.unlink(missing_ok=True)
        raise
