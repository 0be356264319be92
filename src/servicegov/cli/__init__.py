"""The command line: the only part of servicegov that prints, reads or writes files.

One module per command, each with its ``add_parser`` and ``run``:
:mod:`servicegov.cli.demo` (``python -m servicegov demo``, the whole pipeline on a
preset district) and :mod:`servicegov.cli.simulate` (``python -m servicegov
simulate``, a Monte Carlo experiment).  What they write the same way (error
lines, output paths checked before any work, the JSON report streamed entry by
entry by :func:`write_report`) is written in one place.

Examples:
    >>> import io
    >>> err = io.StringIO()
    >>> main(["demo", "--preset", "atlantis"], err=err)
    2
    >>> print(err.getvalue(), end="")
    servicegov: error: unknown preset 'atlantis' (choose from small, xinzhou, zhifu)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from servicegov import __version__
from servicegov.cli import demo, simulate
from servicegov.cli._output import fail, write_report
from servicegov.errors import ServicegovError

__all__ = ["main", "write_report"]

def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m servicegov",
        description="Grassroots public service: needs, routing, claiming, scoring.",
    )
    p.add_argument("--version", action="version", version=f"servicegov {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    demo.add_parser(sub)
    simulate.add_parser(sub)
    return p


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the command line; returns the exit status.

    A bad argument or bad input gives one clear line on stderr and status 2, never
    a traceback.

    Examples:
        >>> import io
        >>> err = io.StringIO()
        >>> main(["demo", "--json", "/no/such/directory/report.json"], err=err)
        2
        >>> print(err.getvalue(), end="")
        servicegov: error: --json: no such directory: /no/such/directory/report.json
    """
    out = out or sys.stdout
    err = err or sys.stderr
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        return int(args.func(args, out, err))
    except ServicegovError as exc:
        return fail(err, str(exc))
    except OSError as exc:
        return fail(err, f"{exc.strerror or exc}: {exc.filename or ''}")
